"""Several treaties in one refresh against the local test server, one on Volume II."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from conftest import FIXTURES
from httpserver import Step

from monitor.cli import main

PATHS = {
    "IV-13": "/doc/Publication/MTDSG/Volume%20I/Chapter%20IV/IV-13.en.xml",
    "XVIII-12-b": "/doc/Publication/MTDSG/Volume%20I/Chapter%20XVIII/XVIII-12-b.en.xml",
    "XXVII-99-d": "/doc/Publication/MTDSG/Volume%20II/Chapter%20XXVII/XXVII-99-d.en.xml",
}


def refresh(server, data_dir: Path, *ids: str) -> int:
    return main(["refresh", *ids, "--source-url", server.base_url, "--data-dir", str(data_dir), "--pause", "0.2"])


def test_three_treaties_one_at_a_time_with_conditional_requests(http_server, capture_iv13, tmp_path, capsys):
    documents = {"IV-13": capture_iv13, "XVIII-12-b": (FIXTURES / "protocol-header.xml").read_bytes(),
                 "XXVII-99-d": (FIXTURES / "special-table.xml").read_bytes()}
    for treaty, body in documents.items():
        http_server.script(PATHS[treaty], Step(body=body, etag=f'"{treaty}-v1"'))
    data_dir = tmp_path / "data"

    assert refresh(http_server, data_dir, *documents) == 0
    out = capsys.readouterr().out
    assert out.count("first refresh, baseline recorded") == 3
    for treaty in documents:
        meta = json.loads((data_dir / treaty / "meta.json").read_text())
        assert meta["etag"] == f'"{treaty}-v1"' and meta["source_url"].endswith(PATHS[treaty])
    eu = pd.read_csv(data_dir / "XXVII-99-d" / "status.csv", dtype=str, keep_default_na=False)
    assert list(eu["iso3"]) == ["EUU", "RWA"] and list(eu["consent_action"]) == ["approval", "ratification"]
    # Politely: one request at a time, at least the pause apart, Volume II asked directly for chapter XXVII.
    times = [r.at for r in http_server.requests]
    assert [r.path for r in http_server.requests] == [PATHS[t] for t in documents]
    assert all(later - earlier >= 0.2 for earlier, later in zip(times, times[1:]))

    assert refresh(http_server, data_dir, *documents) == 0
    assert capsys.readouterr().out.count("no change") == 3
    second = http_server.requests[3:]
    assert [r.headers.get("If-None-Match") for r in second] == [f'"{t}-v1"' for t in documents]
