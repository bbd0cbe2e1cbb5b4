"""Opt-in check against the real UN Treaty Collection: `pytest -m live --run-live tests/test_live.py`.

Skipped by default (pyproject deselects `live`; conftest skips it without --run-live), so the suite
never depends on the network. Run it before a release or when a scheduled refresh starts failing.
"""

from __future__ import annotations

import pytest

from monitor.refresh.checks import check_status
from monitor.refresh.tables import build_status_table
from scrapers.parse import parse_status
from scrapers.untc import DEFAULT_BASE_URL, Fetcher, make_session

pytestmark = pytest.mark.live


def test_iv13_fetches_and_parses_from_the_real_untc():
    fetcher = Fetcher(base_url=DEFAULT_BASE_URL, pause=2.0, timeout=(15, 60),
                      session=make_session(retries=2, backoff=2.0, max_wait=60))
    result = fetcher.fetch_status("IV-13")
    assert result.content and not result.not_modified
    assert result.url.startswith(DEFAULT_BASE_URL + "/doc/Publication/MTDSG/")
    status = parse_status(result.content)
    check_status(status, "IV-13")  # header counts agree with the table, dates plausible
    assert "Migrant Workers" in status.title
    assert status.parties_count >= 59 and status.signatories_count >= 39  # never fewer than in 2023-24
    table = build_status_table(status, "IV-13")  # every participant name is in countries.csv
    assert {"MEX", "PHL", "SEN"} <= set(table["iso3"])

    if result.etag or result.last_modified:  # UNTC's server may or may not send validators
        again = fetcher.fetch_status("IV-13", result.etag, result.last_modified)
        assert again.not_modified or again.content == result.content


def test_check_source_reaches_and_reads_every_tracked_treaty(tmp_path):
    """`python -m monitor check-source`'s own code against the real site: every tracked treaty reached and read."""
    from contract.treaties import tracked_ids
    from monitor.check_source import RETRIES, check_all

    fetcher = Fetcher(base_url=DEFAULT_BASE_URL, pause=2.0, session=make_session(retries=RETRIES))
    checks = check_all(tracked_ids(), fetcher, tmp_path)  # an empty folder: no conditional request
    assert all(c.ok for c in checks), "\n".join(c.line for c in checks if not c.ok)
