"""Hostile text from UNTC stays inert in every file of the published site, and a refresh that changed the data
publishes the site (`python -m monitor refresh ... --publish DIR`, the refresh's hook).

The data: tests/fixtures/hostile.xml (see tests/test_hostile.py), whose texts carry scripts, HTML, Markdown and
spreadsheet formulas. Every HTML page, SVG, JSON, CSV and the Atom feed is read back as its kind of file."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.once_per_run import once_per_run

REPO = Path(__file__).resolve().parents[1]
HOSTILE = REPO / "tests" / "fixtures" / "hostile.xml"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What hostile.xml would inject if any of it were taken as markup: none may appear raw in a page or SVG.
RAW = re.compile(rb"<script|<img src=x|onerror=|javascript:", re.I)


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The refresh of hostile.xml with --publish, run once per run (not once per xdist worker, see
    tests/once_per_run.py); its exit code and output are kept beside the site for every worker to read."""
    root = once_per_run(tmp_path_factory, "hostile-site", refresh_and_publish)
    outcome = json.loads((root / "refresh.json").read_text(encoding="utf-8"))
    return root / "site", subprocess.CompletedProcess(**outcome)


def refresh_and_publish(root: Path) -> None:
    root.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("MONITOR_PUBLISH_DIR", "MONITOR_SITE_URL")}
    command = [sys.executable, "-m", "monitor", "refresh", "IV-13", "--data-dir", str(root / "data"),
               "--source-file", str(HOSTILE), "--publish", str(root / "site")]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=1800)
    outcome = {"args": command, "returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}
    (root / "refresh.json").write_text(json.dumps(outcome), encoding="utf-8")


def files(out: Path, suffix: str) -> list[Path]:
    return sorted(p for p in out.rglob(f"*{suffix}") if p.is_file())


def test_the_refresh_published_the_site(published):
    out, result = published
    assert result.returncode == 0, result.stderr
    assert f"published {out.resolve()}" in result.stdout or f"published {out}" in result.stdout
    assert (out / "index.html").is_file() and len(files(out, ".pdf")) == 197 * 3


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [value or "" for name, value in attrs if name in ("href", "src")]


def test_html_pages_hold_the_text_as_text(published):
    out, _ = published
    pages = files(out, ".html")
    assert pages
    for page in pages:
        body = page.read_bytes()
        assert not RAW.search(body), page
        parser = Elements()
        parser.feed(body.decode("utf-8"))
        assert "script" not in parser.tags and not any(u.lower().startswith("javascript") for u in parser.urls)


def test_svg_files_are_well_formed_and_inert(published):
    out, _ = published
    for svg in files(out, ".svg"):
        body = svg.read_bytes()
        ET.fromstring(body)  # well-formed XML: no text broke out of its element
        assert not RAW.search(body), svg


def test_json_files_parse_and_carry_no_markup(published):
    out, _ = published
    texts = []
    for path in files(out, ".json"):
        body = path.read_bytes()
        texts.append(json.loads(body))
        if "/api/" in path.as_posix():
            assert b"<" not in body and b">" not in body, path  # written as \\u003c, \\u003e
    assert any("HYPERLINK" in json.dumps(t) or "script" in json.dumps(t) for t in texts)  # the text is there


def test_csv_files_run_no_formula(published):
    out, _ = published
    seen = []
    for path in files(out, ".csv"):
        cells = [c for row in csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))) for c in row]
        seen += cells
        assert not [c for c in cells if c.startswith(FORMULA_STARTS)], path
    assert any("HYPERLINK" in c for c in seen)  # shown, neutralised


def test_the_feed_is_well_formed(published):
    out, _ = published
    body = (out / "feed.atom").read_bytes()
    if body:
        ET.fromstring(body)
        assert b"<script" not in body
