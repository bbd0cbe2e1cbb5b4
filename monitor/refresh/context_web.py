"""The migration context's sources fetched from their publishers, for `python -m monitor context --from-web`.

Each source is saved under the name the import reads (the names of ../shared/context/PROVENANCE.md)
in a temporary folder, then the folder is imported like a saved one: the same checks, the same
all-or-nothing publishing. A download that fails stops everything before any check, naming the
address; nothing is changed.

The addresses are the publishers' own where they serve the file (UN DESA, the World Bank), and the
copies PROVENANCE.md names, at their commits, for the two that only exist as copies (the tidy extract
with emigrants, and the UPR Info export of sessions 1-20). `--url NAME=URL` replaces one of them.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path

import requests

from contract.errors import SourceUnavailable
from monitor.refresh.context import DESA_TIDY, DESA_WORKBOOK, UPR_DIR, WB_GDP, WB_GDP_CODE, WB_USD, WB_USD_CODE
from scrapers.untc import make_session

_WB = "https://api.worldbank.org/v2/en/indicator/{code}?downloadformat=excel"
_UPR = ("https://raw.githubusercontent.com/rochelleterman/uprs/986898e98047b8828c47a515b24e161910b88134/"
        "v.2/Data/CSVs/{part}.csv")
LIVE_URLS = {
    DESA_WORKBOOK: "https://www.un.org/development/desa/pd/sites/www.un.org.development.desa.pd/files/"
                   "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
    DESA_TIDY: "https://raw.githubusercontent.com/guyabel/stepladderChapter/"
               "9cfc3f98ac0ce5beb441a488a675040237a39147/data/stock_totals_2020.csv",
    WB_USD: _WB.format(code=WB_USD_CODE),
    WB_GDP: _WB.format(code=WB_GDP_CODE),
    **{f"{UPR_DIR}/sessions-{part}.csv": _UPR.format(part=part) for part in ("1-5", "6-9", "10-13", "14-17", "17-20")},
}
WORLD_BANK_FILES = (WB_USD, WB_GDP)
TIMEOUT = (15.0, 120.0)  # connect, read: the DESA workbook is half a megabyte from a slow server
WEB_HINT = "Nothing was changed. Check the address (or the network) and run the import again."


def parse_url_options(values: list[str]) -> dict[str, str]:
    """`NAME=URL` options as a mapping, refusing a name the import does not read (ValueError)."""
    urls = {}
    for value in values:
        name, sep, url = value.partition("=")
        if not sep or not url.startswith(("http://", "https://")):
            raise ValueError(f"--url {value!r}: give NAME=URL with an http(s) address")
        if name not in LIVE_URLS:
            raise ValueError(f"--url {value!r}: {name!r} is none of the sources ({', '.join(LIVE_URLS)})")
        urls[name] = url
    return urls


def world_bank_excel(data: bytes, url: str) -> bytes:
    """The indicator's workbook: the World Bank serves a zip holding it (API_*.xls) beside two metadata files."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if n.startswith("API_") and n.endswith((".xls", ".xlsx"))]
        if not names:  # an .xlsx is a zip too: keep it whole
            return data
        if len(names) > 1:
            raise SourceUnavailable(f"the download holds several indicator workbooks {names}", source=url,
                                    hint=WEB_HINT)
        return archive.read(names[0])


def fetch(session: requests.Session, url: str) -> bytes:
    """One GET of a whole file, with an error naming the address and the cause."""
    try:
        response = session.get(url, timeout=TIMEOUT, headers={"Accept": "*/*"})
    except requests.RequestException as exc:
        raise SourceUnavailable(f"could not download the file ({type(exc).__name__})", source=url,
                                hint=WEB_HINT) from None
    if response.status_code != 200:
        raise SourceUnavailable(f"the server answered HTTP {response.status_code}", source=url, hint=WEB_HINT)
    if not response.content:
        raise SourceUnavailable("the server sent an empty file", source=url, hint=WEB_HINT)
    return response.content


def download_sources(folder: Path, urls: Mapping[str, str], pause: float = 2.0) -> None:
    """Save every source into `folder` under the name the import reads, pausing between requests."""
    session = make_session()
    for index, (name, url) in enumerate(urls.items()):
        if index and pause:
            time.sleep(pause)  # other people's servers
        data = fetch(session, url)
        if name in WORLD_BANK_FILES:
            data = world_bank_excel(data, url)
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
