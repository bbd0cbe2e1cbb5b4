"""The static site's writer and parts, without a whole publish: all or nothing, only what changed, the same
bytes as the dashboard, the command line. (tests/test_publish_site.py publishes the bundled data and checks the
whole site in a browser; tests/test_publish_hostile.py publishes hostile data through the refresh's hook.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from publish import api, embed
from publish.inputs import load_site_data
from publish.site import fingerprint, other_files, publish_after_refresh, publish_site
from publish.states import state_files
from publish.write import MANIFEST, PublishError, old_dir, staging_dir, write_site

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file with its inode, modification time and bytes."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
            for p in folder.rglob("*") if p.is_file()}


def test_a_republish_writes_only_what_changed(tmp_path):
    out = tmp_path / "site"
    first = write_site(out, {"a.html": b"A", "b/b.json": b"B", "c.csv": b"C"}, "v1")
    assert sorted(first.written) == ["a.html", "b/b.json", "c.csv"]
    before = snapshot(out)
    again = write_site(out, {"a.html": b"A", "b/b.json": b"B", "c.csv": b"C"}, "v1")
    assert again.written == [] and again.removed == []
    assert snapshot(out) == before  # not one file touched, the manifest included
    changed = write_site(out, {"a.html": b"A", "b/b.json": b"B2", "d.svg": b"D"}, "v2")
    assert changed.written == ["b/b.json", "d.svg"] and changed.removed == ["c.csv"]
    after = snapshot(out)
    assert after["a.html"] == before["a.html"]  # same inode and time: not rewritten
    assert after["b/b.json"][2] == b"B2" and "c.csv" not in after
    assert not staging_dir(out.resolve()).exists() and not old_dir(out.resolve()).exists()


def test_a_failure_halfway_leaves_the_previous_site_whole(tmp_path):
    out = tmp_path / "site"
    write_site(out, {"index.html": b"old", "data/x.csv": b"x"}, "v1")
    before = snapshot(out)
    # "data/x.csv/inner" cannot be staged once "data/x.csv" is a file: the failure comes after some files are staged.
    broken = {"index.html": b"new", "data/x.csv": b"y", "data/x.csv/inner": b"z"}
    with pytest.raises(OSError):
        write_site(out, broken, "v2")
    assert snapshot(out) == before
    assert not staging_dir(out.resolve()).exists()


def test_a_crash_between_the_two_renames_is_finished_by_the_next_publish(tmp_path):
    out = tmp_path / "site"
    write_site(out, {"index.html": b"old"}, "v1")
    # As if the machine died after OUT was moved aside and before the staged site took its place.
    staged = staging_dir(out)
    shutil.copytree(out, staged)
    (staged / "index.html").write_bytes(b"new")
    os.replace(out, old_dir(out))
    write_site(out, {"index.html": b"new"}, "v2")
    assert (out / "index.html").read_bytes() == b"new" and not old_dir(out).exists() and not staged.exists()


def test_a_folder_of_other_files_is_refused_not_emptied(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(PublishError, match="not published here"):
        write_site(tmp_path, {"index.html": b"x"}, "v1")
    assert (tmp_path / "notes.txt").read_text() == "mine" and not (tmp_path / MANIFEST).exists()


def test_damaged_data_fails_before_anything_is_written(tmp_path):
    out, data = tmp_path / "site", tmp_path / "data"
    write_site(out, {"index.html": b"the previous site"}, "v1")
    shutil.copytree(DATA, data)
    (data / "IV-13" / "meta.json").write_text("{not json")
    before = snapshot(out)
    result = subprocess.run([sys.executable, "-m", "monitor", "publish", str(out), "--data-dir", str(data)],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr.startswith(f"FAILED publish {out}: ") and "meta.json" in result.stderr
    assert "python -m monitor refresh" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(out) == before


@pytest.mark.parametrize("processes", [1, 2])
def test_a_brief_that_cannot_be_drawn_fails_naming_its_file(tmp_path, monkeypatch, processes):
    """A failure while drawing (one brief made to fail, in the publishing process or in a forked worker) names
    the file and the cause, and writes nothing; the CLI turns it into its FAILED line (MonitorError)."""
    import publish.states as states

    def failing(facts, lang):
        if (facts.iso3, lang) == ("AFG", "fr"):
            raise ValueError("no room for the text")
        return b"%PDF"  # the other briefs are not what this test is about

    monkeypatch.setattr(states, "build_brief_pdf", failing)
    out = tmp_path / "site"
    with pytest.raises(states.StateFileError, match=r"could not make briefs/AFG\.fr\.pdf \(ValueError: no room"):
        publish_site(DATA, out, "", processes)
    assert not out.exists()


def test_no_folder_set_means_no_publishing(monkeypatch):
    monkeypatch.delenv("MONITOR_PUBLISH_DIR", raising=False)
    assert publish_after_refresh(DATA) is None


@pytest.fixture(scope="module")
def site():
    return load_site_data(DATA)


def test_the_parts_are_deterministic_and_the_dashboards_bytes(site):
    from views.brief_pdf import brief_bytes

    first, second = other_files(site, "https://example.org/icrmw/"), other_files(site, "https://example.org/icrmw/")
    assert first == second
    mex = state_files_of(site, "MEX")
    assert mex == state_files_of(site, "MEX")
    assert mex["briefs/MEX.fr.pdf"] == brief_bytes(DATA, "MEX", "fr")  # /brief/MEX.pdf?lang=fr
    assert mex["countries/MEX.csv"] == site.country_csv("MEX")
    assert mex["countries/MEX.csv"].startswith(b"\xef\xbb\xbfcountry,iso3,item,date,detail\nMexico,MEX,Status")
    assert fingerprint(DATA, "") == fingerprint(DATA, "")


def state_files_of(site, iso3: str) -> dict[str, bytes]:
    import publish.states as states

    states._SITE = site
    return state_files(iso3)


def test_the_api_says_what_the_readme_promises(site):
    import json

    status = json.loads(api.status_json(site))
    assert (status["as_of"], status["parties"], status["signatories"]) == ("2018-01-15", 51, 39)
    assert len(status["states"]) == 197 and [s["iso3"] for s in status["states"]] == sorted(
        s["iso3"] for s in status["states"])
    mexico = next(s for s in status["states"] if s["iso3"] == "MEX")
    assert mexico["consent_date"] == "1999-03-08" and mexico["names"]["es"] == "México"


def test_the_badge_reads_the_count_and_date_in_each_language(site):
    badges = embed.badges(site.numbers.parties, site.as_of)
    assert "ICRMW&#58; 51 States parties · 15 January 2018" in badges["embed/count.svg"].decode()
    assert "51 États parties · 15 janvier 2018" in badges["embed/count.fr.svg"].decode()
    assert "51 Estados partes · 15 de enero de 2018" in badges["embed/count.es.svg"].decode()


def test_an_unchanged_republish_builds_nothing(tmp_path):
    """With the folder current for these inputs (same fingerprint, every file intact), nothing is built."""
    out = tmp_path / "site"
    write_site(out, {"index.html": b"x"}, fingerprint(DATA, ""))
    assert publish_site(DATA, out, "").written is None
    (out / "index.html").write_bytes(b"edited by hand")  # a damaged file is not "current"
    from publish.write import is_current

    assert not is_current(out, fingerprint(DATA, ""))


def test_two_publishes_into_one_folder_do_not_mix(tmp_path):
    from publish.write import publish_lock

    out = tmp_path / "site"
    with publish_lock(out):
        with pytest.raises(PublishError, match="another publish"):
            publish_site(DATA, out, "")
    assert not out.exists()


def test_the_publish_folder_comes_from_the_option_or_the_environment(monkeypatch, tmp_path):
    from publish.site import publish_dir

    monkeypatch.setenv("MONITOR_PUBLISH_DIR", str(tmp_path / "from-env"))
    assert publish_dir() == tmp_path / "from-env"
    assert publish_dir(tmp_path / "option") == tmp_path / "option"
    monkeypatch.setenv("MONITOR_PUBLISH_DIR", "")
    assert publish_dir() is None


def test_publish_needs_the_full_command_line(tmp_path, capsys):
    """monitor.cli alone (no entry point handing it the hook) says so rather than silently not publishing."""
    from monitor.cli import main

    code = main(["refresh", "IV-13", "--data-dir", str(tmp_path / "data"), "--source-file",
                 str(REPO / "tests" / "fixtures" / "hostile.xml"), "--publish", str(tmp_path / "site")])
    assert code == 1 and "--publish needs the full command line" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
