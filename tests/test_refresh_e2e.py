"""End to end: refresh from saved documents into a temporary data directory."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pandas as pd
import pytest
from bundled_document import bundled_document
from conftest import CAPTURE_IV_13, PARTICIPANTS, PARTIES, REPO, SAMPLES

import scripts.build_bundle as build_bundle
from monitor.cli import main
from monitor.store import layout
from monitor.store.layout import loaded_treaties

CAPTURE = CAPTURE_IV_13


@pytest.fixture
def capture() -> bytes:
    """A realistic IV-13 document rebuilt from the bundled facts: runs anywhere, no ../shared needed."""
    return bundled_document("IV-13")


def later(data: bytes) -> bytes:
    """The 2018 capture with later events: Benin ratifies, Zimbabwe joins, Turkey is renamed."""
    data = data.replace(b"<Entry>Benin</Entry>\n                <Entry>15 Sep 2005</Entry>\n                <Entry />",
                        b"<Entry>Benin</Entry>\n                <Entry>15 Sep 2005</Entry>\n"
                        b"                <Entry>6 Jul 2018</Entry>")
    zimbabwe = (b"<Row><Entry>Zimbabwe</Entry><Entry>22 Nov 2024</Entry><Entry>22 Nov 2024</Entry></Row>\n"
                b"            </Rows>")
    data = data.replace(b"</Rows>", zimbabwe, 1)
    data = data.replace(b"<Entry>Turkey</Entry>", "<Entry>Türkiye</Entry>".encode("latin-1"))
    data = data.replace(b"<Signatories>39</Signatories>", b"<Signatories>40</Signatories>")
    return data.replace(b"<Parties>51</Parties>", b"<Parties>53</Parties>")


def refresh(data_dir: Path, source: Path, *extra: str) -> int:
    return main(["refresh", "IV-13", "--data-dir", str(data_dir), "--source-file", str(source), *extra])


def snapshot(folder: Path) -> dict[str, str]:
    """Every data file by its digest. Not the overview's kept facts (.cache/, not data): a dashboard that a test
    runs at the same time (`make test`'s workers) may write them, and a refresh never does."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and layout.CACHE_DIR not in p.relative_to(folder).parts}


def test_first_refresh_is_a_baseline_with_every_file(tmp_path, capture, capsys):
    source = tmp_path / "IV-13.xml"
    source.write_bytes(capture)
    assert refresh(tmp_path / "data", source) == 0
    assert "baseline" in capsys.readouterr().out
    folder = tmp_path / "data" / "IV-13"
    status = pd.read_csv(folder / "status.csv", dtype=str, keep_default_na=False)
    assert len(status) == PARTICIPANTS and (status["consent_date"] != "").sum() == PARTIES
    assert (folder / "status.csv").read_bytes().endswith(b"\n") and b"\r" not in (folder / "status.csv").read_bytes()
    meta = json.loads((folder / "meta.json").read_text())
    assert meta["sha256"] == hashlib.sha256(capture).hexdigest()
    assert (meta["signatories"], meta["parties"]) == (39, 51)
    assert len(list((folder / "raw").iterdir())) == 1
    changes = pd.read_csv(tmp_path / "data" / "changes.csv", dtype=str)
    assert changes.empty and list(changes.columns)[:2] == ["detected_at", "treaty"]
    assert b"<feed" in (tmp_path / "data" / "feed.atom").read_bytes()


def test_later_events_are_exactly_the_changes_and_a_rerun_changes_nothing(tmp_path, capture, capsys):
    data_dir, source = tmp_path / "data", tmp_path / "IV-13.xml"
    source.write_bytes(capture)
    assert refresh(data_dir, source) == 0
    source.write_bytes(later(capture))
    assert refresh(data_dir, source) == 0
    out = capsys.readouterr().out
    assert "IV-13: 4 changes:" in out and "Benin ratified (2018-07-06)" in out
    changes = pd.read_csv(data_dir / "changes.csv", dtype=str, keep_default_na=False)
    assert sorted(zip(changes["iso3"], changes["event"], changes["action_date"])) == [
        ("BEN", "ratified", "2018-07-06"), ("TUR", "renamed", ""),
        ("ZWE", "ratified", "2024-11-22"), ("ZWE", "signed", "2024-11-22")]
    assert changes.loc[changes["event"] == "renamed", "detail"].item() == "Turkey → Türkiye"
    feed = (data_dir / "feed.atom").read_text()
    assert feed.count("<entry>") == 4 and "Benin ratified (2018-07-06)" in feed
    meta = json.loads((data_dir / "IV-13" / "meta.json").read_text())
    assert len(list((data_dir / "IV-13" / "raw").iterdir())) == 2

    before = snapshot(data_dir)
    time.sleep(1.1)  # timestamps have one-second resolution
    assert refresh(data_dir, source) == 0
    assert "IV-13: no change" in capsys.readouterr().out
    after_meta = json.loads((data_dir / "IV-13" / "meta.json").read_text())
    assert after_meta["last_checked"] > meta["last_checked"]
    assert after_meta["last_changed"] == meta["last_changed"]
    changed = {k for k in before.keys() | snapshot(data_dir).keys() if before.get(k) != snapshot(data_dir).get(k)}
    assert changed == {"IV-13/meta.json", "refresh.log", "health.json"}


def test_formatting_only_changes_record_no_events(tmp_path, capture, capsys):
    data_dir, source = tmp_path / "data", tmp_path / "IV-13.xml"
    source.write_bytes(capture)
    assert refresh(data_dir, source) == 0
    reformatted = capture.replace(b"<Entry>23 Feb 2007</Entry>", b"<Entry> 23 Feb\t2007 </Entry>")
    reformatted = reformatted.replace(b"<Entry>Albania</Entry>", b"<Entry>Albania\xa0</Entry>")
    assert reformatted != capture
    source.write_bytes(reformatted)
    meta = json.loads((data_dir / "IV-13" / "meta.json").read_text())
    time.sleep(1.1)
    assert refresh(data_dir, source) == 0
    assert "IV-13: no change" in capsys.readouterr().out
    assert pd.read_csv(data_dir / "changes.csv").empty
    assert json.loads((data_dir / "IV-13" / "meta.json").read_text())["last_changed"] == meta["last_changed"]


def test_new_declaration_and_withdrawal_are_events(tmp_path, capture):
    data_dir, source = tmp_path / "data", tmp_path / "IV-13.xml"
    source.write_bytes(capture)
    assert refresh(data_dir, source) == 0
    edited = capture.replace(b"<Entry>10 Aug 2004</Entry>\n                <Entry>23 Feb 2007</Entry>",
                             b"<Entry>10 Aug 2004</Entry>\n                <Entry>[23 Feb 2007]</Entry>")
    edited = edited.replace(b"<Parties>51</Parties>", b"<Parties>50</Parties>")
    edited = edited.replace(b"</Declarations>",
                            b"<Declaration><Participant>Uganda</Participant>"
                            b"<text>&lt;right&gt;2 March 2020&lt;/right&gt;</text>"
                            b"<text type=\"title\">Declaration under article 77</text><text type=\"para\">Uganda "
                            b"recognizes the competence of the Committee under article 77.</text></Declaration>"
                            b"</Declarations>")
    source.write_bytes(edited)
    assert refresh(data_dir, source) == 0
    changes = pd.read_csv(data_dir / "changes.csv", dtype=str, keep_default_na=False)
    assert sorted(zip(changes["iso3"], changes["event"])) == [("ARG", "withdrawn"), ("UGA", "competence_added")]


def test_dry_run_writes_nothing(tmp_path, capture, capsys):
    source = tmp_path / "IV-13.xml"
    source.write_bytes(capture)
    assert refresh(tmp_path / "data", source, "--dry-run") == 0
    assert "dry run" in capsys.readouterr().out
    assert snapshot(tmp_path / "data") == {"refresh.log": snapshot(tmp_path / "data")["refresh.log"]}


def test_refresh_into_a_temporary_directory_leaves_the_repository_untouched(tmp_path, capture):
    before = snapshot(REPO / "data")
    source = tmp_path / "IV-13.xml"
    source.write_bytes(capture)
    assert refresh(tmp_path / "data", source) == 0
    assert snapshot(REPO / "data") == before


@pytest.mark.skipif(not CAPTURE.exists(), reason=f"real UNTC captures not at {SAMPLES} (clone without ../shared)")
def test_bundled_data_is_what_the_refresh_builds_from_the_captures(tmp_path):
    """data/ must be reproducible: facts only, built by our own refresh from the 2018 captures.

    One test for every bundled treaty (scripts/build_bundle.py lists them), so a clone without
    ../shared skips it once.
    """
    assert build_bundle.build(tmp_path / "data") == 0
    bundled = loaded_treaties(REPO / "data")
    assert bundled == sorted(build_bundle.SOURCES)
    for treaty in build_bundle.SOURCES:
        for name in ("status.csv", "declarations.csv"):
            assert (tmp_path / "data" / treaty / name).read_bytes() == (REPO / "data" / treaty / name).read_bytes(), \
                f"{treaty}/{name}: run `make bundle` and commit"
        meta = json.loads((REPO / "data" / treaty / "meta.json").read_text())
        rebuilt = json.loads((tmp_path / "data" / treaty / "meta.json").read_text())
        volatile = {"last_checked", "last_changed"}
        assert {k: v for k, v in meta.items() if k not in volatile} == \
            {k: v for k, v in rebuilt.items() if k not in volatile}, treaty
        assert meta["data_as_of"] == "2018-01-15" and meta["facts_only"] is True
        assert "15 January 2018" in meta["note"]
        declarations = pd.read_csv(REPO / "data" / treaty / "declarations.csv", dtype=str, keep_default_na=False)
        assert (declarations["text"] == "").all()  # UN wording is not redistributed
        assert not (REPO / "data" / treaty / "raw").exists()


def test_unknown_participant_fails_with_the_name(tmp_path, capture, capsys):
    source = tmp_path / "IV-13.xml"
    source.write_bytes(capture.replace(b"<Entry>Albania</Entry>", b"<Entry>Atlantis</Entry>"))
    assert refresh(tmp_path / "data", source) == 1
    err = capsys.readouterr().err
    assert "IV-13" in err and "'Atlantis'" in err and "countries.csv" in err
    assert not (tmp_path / "data" / "IV-13").exists()


def test_bad_usage_exits_2(tmp_path, capsys):
    assert main(["refresh", "IV-13/../../etc", "--data-dir", str(tmp_path)]) == 2
    assert main(["refresh", "IV-13", "IV-16", "--source-file", "x.xml", "--data-dir", str(tmp_path)]) == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["refresh", "--no-such-option"])
    assert exit_info.value.code == 2
