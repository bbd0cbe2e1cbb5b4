"""The real refresh over every MTDSG document of the shared 2018 corpus, checked against UNTC's header.

The corpus holds real documents from every chapter (see ../shared/untc-samples/PROVENANCE.md,
section D); another half of the same capture is kept aside, so the parser must follow general
rules, never special cases. Skips (as one test) on a clone without ../shared.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from contract.model import BINDING_ACTIONS, NON_BINDING_ACTIONS
from monitor.cli import main
from monitor.refresh.checks import COUNT_TOLERANCE, COUNT_TOLERANCE_SHARE

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "untc-samples" / "corpus-2018"
DOCUMENTS = sorted(CORPUS.glob("*.en.xml")) if CORPUS.is_dir() else []
# Words a column header uses when it records a signature or a consent to be bound.
ACTION_WORDS = re.compile(rb"signature|ratification|accession|acceptance|approval|succession|participation|"
                          rb"provisional|consent|confirmation|>\s*application\s*<", re.I)
HEADER_COLUMNS = re.compile(rb"<Thead>(.*?)</Thead>|<TableHeader>(.*?)</TableHeader>", re.S)


def header_count(data: bytes, tag: str) -> int | None:
    """A count from UNTC's own header (<Status><Parties>), read without the parser under test."""
    match = re.search(rb"<%s>\s*(\d+)\s*</%s>" % (tag.encode(), tag.encode()), data)
    return int(match.group(1)) if match else None


def kind_of(data: bytes) -> str:
    """header-only (the capture stopped after the header), no-consent (the table records no
    signature or consent, e.g. admissions to the UN, I-2) or table."""
    if b"<Participants>" not in data and b"<TableHeader>" not in data:
        return "header-only"
    heads = b" ".join(a or b for a, b in HEADER_COLUMNS.findall(data))
    empty = b"<Row>" not in data.split(b"</Thead>")[-1] and b"<Column>" not in data
    return "table" if ACTION_WORDS.search(heads) or empty else "no-consent"


def refresh(path: Path, data_dir: Path) -> int:
    treaty_id = path.name.removesuffix(".en.xml")
    return main(["refresh", treaty_id, "--data-dir", str(data_dir), "--source-file", str(path),
                 "--captured", "2018-01-15", "--pause", "0"])


@pytest.mark.skipif(not DOCUMENTS, reason=f"the real UNTC corpus is not at {CORPUS} (a clone without ../shared)")
@pytest.mark.parametrize("path", DOCUMENTS or [None], ids=lambda p: p.name.removesuffix(".en.xml") if p else "none")
def test_refresh_agrees_with_untc_header(path: Path, tmp_path: Path, capsys) -> None:
    data = path.read_bytes()
    treaty_id = path.name.removesuffix(".en.xml")
    code = refresh(path, tmp_path)
    out, err = capsys.readouterr()
    kind = kind_of(data)
    if kind != "table":
        assert code == 1, out
        line = err.strip()
        assert line.startswith(f"FAILED {treaty_id}: ") and path.name in line
        cause = "no participants table" if kind == "header-only" else "no signature or consent"
        assert cause in line
        assert not (tmp_path / treaty_id).exists()
        return
    assert code == 0, err
    status = pd.read_csv(tmp_path / treaty_id / "status.csv", dtype=str, keep_default_na=False)
    meta = json.loads((tmp_path / treaty_id / "meta.json").read_text(encoding="utf-8"))
    counted = {
        "Signatories": int(((status["signature_date"] != "") & (status["signature_withdrawn"] != "true")).sum()),
        # The consent columns hold consent only: counting their dates gives the parties, with nothing to leave out.
        "Parties": int(((status["consent_date"] != "") & (status["consent_withdrawn"] != "true")).sum()),
    }
    assert not status["consent_action"].isin(NON_BINDING_ACTIONS).any()
    assert set(status["provisional_action"]) <= {"", *NON_BINDING_ACTIONS}
    for tag, found in counted.items():
        said = header_count(data, tag)
        if said is None or said == found:
            continue
        # A small disagreement publishes, with a warning saying both numbers; more is refused above.
        assert abs(said - found) <= COUNT_TOLERANCE and abs(said - found) <= COUNT_TOLERANCE_SHARE * said
        stored = {"code": "header_count_differs", "field": tag.lower(), "header": said, "table": found}
        assert stored in meta["warnings"]
        assert f"WARNING {treaty_id}: the table has {found} {tag.lower()}, the header says {said}" in err


@pytest.mark.skipif(not DOCUMENTS, reason="the real UNTC corpus is absent")
def test_v3_warning_and_provisional_application(tmp_path: Path, capsys) -> None:
    check_v3_publishes_with_its_warning(tmp_path / "v3")
    check_provisional_application_is_not_a_party(tmp_path / "xxi6a")
    check_application_to_an_agency_is_a_party(tmp_path / "iii218")


def check_v3_publishes_with_its_warning(tmp_path: Path) -> None:
    assert refresh(CORPUS / "V-3.en.xml", tmp_path) == 0
    meta = json.loads((tmp_path / "V-3" / "meta.json").read_text(encoding="utf-8"))
    assert meta["warnings"] == [{"code": "header_count_differs", "field": "signatories", "header": 23, "table": 22}]


def check_provisional_application_is_not_a_party(tmp_path: Path) -> None:
    # Columns: Signature | Provisional application ... | Notification of non-provisional application |
    # Simplified procedure(p), ..., Ratification, Consent to be bound(P). The header counts 150 parties.
    assert refresh(CORPUS / "XXI-6-a.en.xml", tmp_path) == 0
    status = pd.read_csv(tmp_path / "XXI-6-a" / "status.csv", dtype=str, keep_default_na=False)
    # Counting the rows with a consent date gives UNTC's number of parties (it gave 166 while a provisional
    # application sat in the consent columns); the provisional applications have their own columns.
    assert int((status["consent_date"] != "").sum()) == 150
    assert int((status["provisional_action"] == "provisional_application").sum()) > 0
    assert set(status["consent_action"]) - {""} <= set(BINDING_ACTIONS)


def check_application_to_an_agency_is_a_party(tmp_path: Path) -> None:
    # Columns: Participant | Application. UNTC's header counts the 16 applying States as parties.
    assert refresh(CORPUS / "III-2-18.en.xml", tmp_path) == 0
    status = pd.read_csv(tmp_path / "III-2-18" / "status.csv", dtype=str, keep_default_na=False)
    assert set(status["consent_action"]) == {"application"} and len(status) == 16
    meta = json.loads((tmp_path / "III-2-18" / "meta.json").read_text(encoding="utf-8"))
    assert meta["parties"] == 16 and not meta["warnings"]
