"""The whole static site as {path: bytes}, and its publication into a folder.

`publish_site` is what `python -m monitor publish` runs; `publish_after_refresh` is the one hook a
refresh calls when it changed the data (the CLI's refresh does; a refresher inside the dashboard's
server can call it the same way). The site depends only on the data directory's files, the code and
the site's address: when their fingerprint is the one the folder was published from and every file is
intact, there is nothing to build (an unchanged re-publish takes well under a second).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from contract import REPO_DIR
from contract.site import (
    CHANGES_JSON,
    DATA_PACKAGE,
    FEED,
    PUBLISH_DIR_ENV,
    STATUS_CSV,
    STATUS_JSON,
    TARGETS_CSV,
    site_url,
)
from i18n import LANGUAGES
from monitor.store import layout
from publish import api, embed, pages
from publish.inputs import SiteData, load_site_data
from publish.states import StateFiles
from publish.write import Written, is_current, publish_lock, write_site

FORMAT = 1  # bump when the site's layout changes in a way the code digest would not show
CODE = (("contract", "**/*.py"), ("i18n", "**/*.py"), ("i18n/locale", "**/*.po"), ("monitor", "**/*.py"),
        ("views", "**/*.py"), ("publish", "**/*.py"), ("scripts", "datapackage.py"), ("data/reference", "*.csv"),
        ("data", "treaties.csv"), ("static/fonts", "*"), ("static/geo", "*.json"))


@dataclass(frozen=True)
class Published:
    """What a publish did: the folder, and the files written and removed (none when nothing changed)."""

    out: Path
    written: Written | None  # None: the folder already held the site of these inputs

    def summary(self) -> str:
        """One line for the terminal or the log."""
        if self.written is None:
            return f"published {self.out}: no change (the site is up to date)"
        return self.written.summary(self.out)


@cache
def code_digest() -> str:
    """What draws the site: the code, the catalogs, the reference tables, the fonts and the map's shapes."""
    digest = hashlib.sha256()
    for folder, pattern in CODE:
        for path in sorted((REPO_DIR / folder).glob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(REPO_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def fingerprint(root: Path, site_url: str) -> str:
    """A digest of everything the site is made from (a missing file counts as missing)."""
    digest = hashlib.sha256(f"{FORMAT}\0{code_digest()}\0{site_url}\0".encode())
    for name, path in layout.site_inputs(root):
        try:
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            digest.update(name.encode() + b"\0missing\0")
    return digest.hexdigest()


def data_package(root: Path) -> dict[str, bytes]:
    """data/datapackage.json (scripts/datapackage.py's descriptor) and every table it names, byte for byte."""
    import scripts.datapackage as datapackage

    descriptor = datapackage.package(root)
    files = {DATA_PACKAGE: (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode()}
    for resource in descriptor["resources"]:
        files[f"data/{resource['path']}"] = formula_safe(layout.package_file(root, resource["path"]).read_bytes())
    return files


def formula_safe(table: bytes) -> bytes:
    """A stored CSV as published: byte for byte, unless a cell would run as a formula in a spreadsheet (text
    from a source, such as a declaration's title): then every cell is neutralised as in the downloads."""
    import csv
    import io

    from monitor.analysis.exports import FORMULA_STARTS, neutralise

    rows = list(csv.reader(io.StringIO(table.decode("utf-8"), newline="")))
    if not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row):
        return table
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows([[neutralise(cell) for cell in row] for row in rows])
    return out.getvalue().encode()


def build_site(root: Path, url: str = "", processes: int | None = None) -> dict[str, bytes]:
    """Every file of the site by its path; raises (DataFileError, ...) before anything is written."""
    site = load_site_data(root)
    codes = sorted(site.states()["iso3"])
    states = StateFiles(site, codes, processes)
    try:
        files = other_files(site, url or pages.PLACEHOLDER)
    except BaseException:
        states.cancel()
        raise
    return files | states.collect()


def other_files(site: SiteData, base: str) -> dict[str, bytes]:
    """Everything but each State's files: the index and embed pages, the API's lists, the embeds, the feed and
    the data package."""
    files: dict[str, bytes] = {}
    for lang in LANGUAGES:
        files.update([pages.index_page(site, lang), pages.embed_page(site, lang, base)])
    files[STATUS_JSON] = api.status_json(site)
    files[CHANGES_JSON] = api.changes_json(site)
    files[STATUS_CSV] = site.facts["download"]["text"].encode()
    files[TARGETS_CSV] = site.targets_csv()
    files.update(api.schema_files())
    files.update(embed.badges(site.numbers.parties, site.as_of))
    files.update({embed.map_file(lang): embed.map_svg(site.facts["map"], site.as_of, lang) for lang in LANGUAGES})
    files[FEED] = site.feed or b""
    files.update(data_package(site.root))
    return files


def publish_site(root: Path, out: Path, url: str | None = None, processes: int | None = None) -> Published:
    """Publish the site of the data directory ``root`` into ``out``: all or nothing, only what changed."""
    address = site_url(url)
    with publish_lock(out):
        inputs = fingerprint(root, address)
        if is_current(out, inputs):
            return Published(out, None)
        return Published(out, write_site(out, build_site(root, address, processes), inputs))


def publish_dir(value: str | os.PathLike | None = None) -> Path | None:
    """The folder a refresh republishes into: the option, else MONITOR_PUBLISH_DIR, else None (no publishing)."""
    chosen = value if value is not None else os.environ.get(PUBLISH_DIR_ENV) or None
    return Path(chosen) if chosen else None


def publish_after_refresh(root: Path, folder: str | os.PathLike | None = None) -> Published | None:
    """The refresh's hook: republish when a publish folder is set (option or MONITOR_PUBLISH_DIR), else None.

    Call it at the end of a refresh that changed the data (the CLI does; so can a background refresher).
    Errors propagate: the caller reports them (the data is already safely refreshed either way). It forks
    worker processes for the briefs: from a multi-threaded server, call it in a child process (as the
    refresher's own child), not in a thread of the server.
    """
    out = publish_dir(folder)
    return None if out is None else publish_site(root, out)
