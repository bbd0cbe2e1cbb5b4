"""A local server on 127.0.0.1 laid out as UNTC is, serving a NEWER capture than the bundled one.

Every tracked treaty's document sits at its UNTC address (Volume I or II, chapter, `<ID>.en.xml`). The
bundled treaties are rebuilt from data/ (tests/bundled_document.py); the ICRMW's has one more party and
signatory than the bundled capture (Zimbabwe signs and ratifies on 22 November 2024, 52 parties, 40
signatories). The treaties that are not bundled answer 404 in both volumes, as an unknown document does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bundled_document import DATA, bundled_document
from httpserver import ScriptedServer, Step

import scripts.build_bundle as build_bundle
from contract.treaties import ICRMW, tracked_ids
from scrapers.untc import document_url

SAMPLES = DATA.parent.parent / "shared" / "untc-samples"  # the real captures the bundle was built from, if present

NEW_PARTIES = 52  # the bundled 51, and Zimbabwe
NEW_SIGNATORIES = 40
NEW_PARTY = "Zimbabwe"
ZIMBABWE_ROW = (b"              <Row>\n                <Entry>Zimbabwe</Entry>\n"
                b"                <Entry>22 Nov 2024</Entry>\n                <Entry>22 Nov 2024</Entry>\n"
                b"              </Row>\n            </Rows>")


def newer_icrmw() -> bytes:
    """The ICRMW rebuilt from the bundled facts, with Zimbabwe's signature and ratification of 2024."""
    data = bundled_document(ICRMW).replace(b"            </Rows>", ZIMBABWE_ROW, 1)
    data = data.replace(b"<Signatories>39</Signatories>", f"<Signatories>{NEW_SIGNATORIES}</Signatories>".encode())
    return data.replace(b"<Parties>51</Parties>", f"<Parties>{NEW_PARTIES}</Parties>".encode())


def bundled_ids() -> list[str]:
    """The tracked treaties that data/ ships."""
    return [t for t in tracked_ids() if (DATA / t / "meta.json").is_file()]


def document_path(server: ScriptedServer, treaty_id: str) -> str:
    """The path of a treaty's document on the mirror (its UNTC path)."""
    return document_url(treaty_id, server.base_url)[len(server.base_url):]


def same_as_bundled(treaty_id: str) -> bytes:
    """The document the bundle was built from (unchanged bytes), or one rebuilt from the facts without ../shared."""
    capture = SAMPLES / build_bundle.SOURCES[treaty_id] if treaty_id in build_bundle.SOURCES else None
    return capture.read_bytes() if capture and capture.is_file() else bundled_document(treaty_id)


def serve_newer_capture(server: ScriptedServer, *, delay: float = 0.0) -> ScriptedServer:
    """Script the mirror: the newer ICRMW, the other bundled treaties as bundled (each after `delay` s)."""
    for treaty_id in bundled_ids():
        body = newer_icrmw() if treaty_id == ICRMW else same_as_bundled(treaty_id)
        server.script(document_path(server, treaty_id), Step(body=body, delay=delay, etag=f'"{treaty_id}-v2"'))
    return server


def icrmw_requests(server: ScriptedServer) -> int:
    """How many requests reached the ICRMW's document."""
    return len(server.requests_to(document_path(server, ICRMW)))


def copy_of_data(target: Path) -> Path:
    """A temporary copy of the repository's data/ (never the repository's own folder)."""
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("refresh.log", "health.json", "refresher.json",
                                                                 ".cache", "*.tmp", "raw", "last-good", "notes.csv"))
    return target
