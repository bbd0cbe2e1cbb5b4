"""Each State's files (its brief in each language, its pages, its CSV and its JSON), over a pool of processes.

A brief takes about a tenth of a second of fpdf2's drawing, and there are 197 x 3 of them: they are most
of a publish's cost (bench/publish.py measures it). The data is read, the fonts parsed and cut
(views/brief_fonts.py) and the map's land converted (views/brief_map.py) once, before the pool starts, so
each forked worker inherits them and only computes and draws. Each task is one State in its three
languages (its facts computed once). The bytes are the same whichever process makes them: fpdf2's
output depends only on the facts and the language (its creation date is the data's date).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from contract.errors import MonitorError
from contract.site import brief as brief_path
from contract.site import country_csv, country_json
from i18n import LANGUAGES
from publish import api, pages
from publish.inputs import SiteData
from views import brief_fonts, brief_map
from views.brief_data import brief_facts, load_every_state
from views.brief_pdf import build_brief_pdf

_SITE: SiteData | None = None  # the data of the publish under way, inherited by the forked workers


class StateFileError(MonitorError):
    """One State's file could not be made (data no check caught, or a bug); nothing was written."""

    hint = "Report it with this line if the data is not the cause"


def state_files(iso3: str) -> dict[str, bytes]:
    """One State's files by path in the site (StateFileError names the file that failed, in a worker too)."""
    site, path = _SITE, f"the files of {iso3}"
    try:
        facts = brief_facts(site.root, iso3, every_state=True)
        files = {}
        for lang in LANGUAGES:
            path = brief_path(iso3, lang)
            files[path] = build_brief_pdf(facts, lang)
        path = f"the pages of {iso3}"
        files.update(pages.country_page(facts, lang, site.as_of) for lang in LANGUAGES)
        path = country_csv(iso3)
        files[path] = site.country_csv(iso3, facts.context.figures if facts.context is not None else None)
        path = country_json(iso3)
        files[path] = api.country_json(facts)
    except MonitorError:
        raise  # says what failed already (a damaged data file, an unknown State)
    except Exception as exc:  # noqa: BLE001 - any other failure, named, instead of a bare traceback
        raise StateFileError(f"could not make {path} ({type(exc).__name__}: {exc})") from None
    return files


def workers() -> int:
    """As many processes as the machine has cores (at most 4)."""
    return max(1, min(4, os.cpu_count() or 1))


class StateFiles:
    """Every State's files, made in the background from the moment this is created: `collect()` waits and
    gives {path: bytes}; `cancel()` drops what has not started (the publish failed elsewhere)."""

    def __init__(self, site: SiteData, codes: list[str], processes: int | None = None) -> None:
        global _SITE
        _SITE = site
        load_every_state(site.root)  # read and computed once here: forked workers inherit it
        site.treaties.states, site.treaties.art77  # noqa: B018 - the CSVs' tables: once here, not once per worker
        brief_fonts.warm(common=True)  # the fonts too, parsed and cut to the common characters
        brief_map.warm()  # and the map's land, converted to paths
        self.codes = codes
        processes = workers() if processes is None else processes
        self.pool = None
        if processes > 1 and "fork" in multiprocessing.get_all_start_methods():
            self.pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"))
            self.futures = [self.pool.submit(state_files, code) for code in codes]

    def collect(self) -> dict[str, bytes]:
        """Wait for every State's files (made here, one State after another, without a pool)."""
        if self.pool is None:
            return {path: data for code in self.codes for path, data in state_files(code).items()}
        try:
            return {path: data for future in self.futures for path, data in future.result().items()}
        finally:
            self.pool.shutdown(cancel_futures=True)

    def cancel(self) -> None:
        """Stop (what runs finishes; nothing new starts)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
