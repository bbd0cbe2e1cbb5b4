"""`python -m monitor check-source` against a local server laid out as UNTC, for each way first contact
fails: the name does not resolve, a proxy, TLS, 403, HTML where XML is expected, a timeout. Its advice is
the pages' own words (monitor.analysis.source_problems), and it writes nothing."""

from __future__ import annotations

import hashlib

import pytest
from conftest import REPO
from httpserver import MAINTENANCE_HTML, Step, closed_port
from untc_mirror import NEW_PARTIES, copy_of_data, document_path, serve_newer_capture

from contract.problems import Problem
from contract.treaties import ICRMW
from monitor.analysis.source_problems import EXPLANATIONS, in_words
from monitor.cli import main

FAILURES = {  # what the line says, per problem
    Problem.NAME: "cannot resolve the host name", Problem.PROXY: "the proxy failed or refused the connection",
    Problem.TLS: "TLS/SSL error", Problem.FORBIDDEN: "403 Forbidden", Problem.HTML: "HTML page instead of the XML",
    Problem.TIMEOUT: "no data within the 0.5 s read timeout",
}


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    monkeypatch.setenv("MONITOR_RETRY_BACKOFF", "0")
    monkeypatch.setenv("MONITOR_READ_TIMEOUT", "0.5")
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def check(capsys, base_url: str, *ids: str, data_dir=None) -> tuple[int, str]:
    extra = ["--data-dir", str(data_dir)] if data_dir else []
    code = main(["check-source", *ids, "--source-url", base_url, "--pause", "0", *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def assert_advice(out: str, problem: Problem) -> None:
    happened, to_try = in_words(problem)
    assert f"What happened: {happened}" in out and f"What to try: {to_try}" in out


def test_every_tracked_treaty_gets_one_line_and_the_counts_are_checked(capsys, http_server, tmp_path):
    serve_newer_capture(http_server)
    data_dir = copy_of_data(tmp_path / "data")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in data_dir.rglob("*") if p.is_file()}
    code, out = check(capsys, http_server.base_url, data_dir=data_dir)
    lines = [line for line in out.splitlines() if ": " in line and line.split(":")[0].count("-")]
    assert code == 1 and len([line for line in lines if not line.startswith(" ")]) == 20
    assert (f"{ICRMW}: reached; modified; format understood; counts agree with the header ({NEW_PARTIES} parties, "
            "40 signatories in the header)") in out
    assert "IV-2: reached; NO document at this address: UNTC answered 404 Not Found in both volumes" in out
    assert_advice(out, Problem.NOT_FOUND)
    assert "12 of 20 reached and understood." in out
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in data_dir.rglob("*") if p.is_file()}
    assert after == before  # nothing written


def test_not_modified_since_the_last_refresh(capsys, http_server, tmp_path):
    serve_newer_capture(http_server)
    data_dir = copy_of_data(tmp_path / "data")
    assert main(["refresh", ICRMW, "--data-dir", str(data_dir), "--source-url", http_server.base_url,
                 "--pause", "0"]) == 0
    code, out = check(capsys, http_server.base_url, ICRMW, data_dir=data_dir)
    assert code == 0 and f"{ICRMW}: reached; not modified since the last refresh (304)" in out
    assert "1 of 1 reached and understood." in out


def test_a_name_that_does_not_resolve(capsys):
    code, out = check(capsys, "http://untc.invalid", ICRMW, "IV-16")
    assert code == 1 and f"{ICRMW}: NOT reached: request failed after retries: {FAILURES[Problem.NAME]}" in out
    assert f"IV-16: not tried: {ICRMW} could not be reached" in out  # the rest would fail the same way
    assert_advice(out, Problem.NAME)


def test_a_proxy_that_fails(capsys, http_server, monkeypatch):
    serve_newer_capture(http_server)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{closed_port()}")
    code, out = check(capsys, http_server.base_url, ICRMW)
    assert code == 1 and FAILURES[Problem.PROXY] in out and not http_server.requests
    assert_advice(out, Problem.PROXY)


def test_tls_that_cannot_be_set_up(capsys, http_server):
    serve_newer_capture(http_server)  # plain HTTP, asked for HTTPS: the handshake fails
    code, out = check(capsys, http_server.base_url.replace("http://", "https://"), ICRMW)
    assert code == 1 and FAILURES[Problem.TLS] in out
    assert_advice(out, Problem.TLS)


def test_403_turned_away_as_a_robot(capsys, http_server):
    http_server.script(document_path(http_server, ICRMW), Step.html(b"<html>Access denied</html>", status=403))
    code, out = check(capsys, http_server.base_url, ICRMW)
    assert code == 1 and FAILURES[Problem.FORBIDDEN] in out
    assert_advice(out, Problem.FORBIDDEN)


def test_html_where_xml_was_expected(capsys, http_server):
    http_server.script(document_path(http_server, ICRMW), Step.html(b"<!DOCTYPE html><html><body>Moved</body></html>"))
    code, out = check(capsys, http_server.base_url, ICRMW)
    assert code == 1 and FAILURES[Problem.HTML] in out
    assert_advice(out, Problem.HTML)


def test_a_timeout(capsys, http_server):
    serve_newer_capture(http_server, delay=3)
    code, out = check(capsys, http_server.base_url, ICRMW)
    assert code == 1 and FAILURES[Problem.TIMEOUT] in out
    assert_advice(out, Problem.TIMEOUT)


def test_the_maintenance_page_and_a_refused_connection(capsys, http_server):
    http_server.script(document_path(http_server, ICRMW), Step.html(MAINTENANCE_HTML))
    code, out = check(capsys, http_server.base_url, ICRMW)
    assert code == 1 and "maintenance page" in out
    assert_advice(out, Problem.SERVER)
    code, out = check(capsys, f"http://127.0.0.1:{closed_port()}", ICRMW)
    assert code == 1 and "connection refused" in out
    assert_advice(out, Problem.REFUSED)


def test_every_problem_has_words():
    assert set(EXPLANATIONS) == set(Problem)
    assert all(e.happened.endswith(".") and e.to_try.endswith(".") for e in EXPLANATIONS.values())


def test_a_bad_id_is_a_usage_error(capsys):
    assert check(capsys, "http://127.0.0.1:9", "IV-13/../x")[0] == 2


def test_the_readme_says_what_the_command_prints():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for phrase in FAILURES.values():
        assert phrase.replace("0.5", "N") in readme, phrase
    for option in ("--source-url", "--data-dir", "--pause"):
        assert "check-source [ID ...]" in readme and option in readme
    assert "reached; not modified since the last refresh (304)" in readme
    assert "counts agree with the header" in readme and "not tried" in readme
