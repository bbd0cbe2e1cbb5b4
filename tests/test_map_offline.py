"""The world map draws offline: the committed topojson, served by Streamlit, in Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import REPO

from contract.countries import universe
from tests.dashboard_server import TIMEOUT_S, foreign, run_dashboard, screenshot
from views.maps import CENTROIDS_CSV, MISSING_SHAPES, PLOTLY_CONFIG, load_centroids

TOPOJSON = REPO / "static" / "geo" / "world_110m.json"

# Screen centre of the first element matching `selector` whose d3 datum passes `test`
# (plotly keeps the drawn location in `__data__.loc`, a marker's in `__data__.lonlat`).
CENTRE_OF = """([selector, test]) => {
  const keep = new Function("d", "return " + test);
  const el = [...document.querySelectorAll(selector)].find((e) => e.__data__ && keep(e.__data__));
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return [r.x + r.width / 2, r.y + r.height / 2];
}"""

APP_SCRIPT = """\
import sys

sys.path.insert(0, {repo_root!r})

import pandas as pd
import streamlit as st

from views.maps import PLOTLY_CONFIG, build_status_map, load_centroids

STATUSES = ["Party (ratification)", "Signed only", "No action"]
COLORS = {{"Party (ratification)": "#1a9850", "Signed only": "#fdae61", "No action": "#d9d9d9"}}
iso3 = list(load_centroids().index)
frame = pd.DataFrame(
    {{
        "iso3": iso3,
        "name": iso3,
        "status": [STATUSES[i % 3] for i in range(len(iso3))],
        "hover": [f"{{code}}\\n{{STATUSES[i % 3]}}" for i, code in enumerate(iso3)],
    }}
)
st.set_page_config(page_title="Offline map", layout="wide")
st.title("Offline map")
event = st.plotly_chart(
    build_status_map(frame, COLORS, STATUSES),
    config=PLOTLY_CONFIG,
    on_select="rerun",
    selection_mode="points",
    key="map",
)
points = event.selection.points if event else []
st.text("selected: " + ",".join(str(p.get("customdata")) for p in points))
"""


def _topojson_country_ids() -> set[str]:
    topology = json.loads(TOPOJSON.read_text(encoding="utf-8"))
    return {g["id"] for g in topology["objects"]["countries"]["geometries"] if "id" in g}


def test_centroids_cover_every_state() -> None:
    states = set(pd.read_csv(CENTROIDS_CSV, keep_default_na=False)["iso3"])
    assert states == set(universe()["iso3"])
    assert len(states) == 197


def test_missing_shapes_match_committed_topojson() -> None:
    states = set(pd.read_csv(CENTROIDS_CSV, keep_default_na=False)["iso3"])
    assert states - _topojson_country_ids() == MISSING_SHAPES


def test_centroids_file_is_deterministic() -> None:
    text = CENTROIDS_CSV.read_bytes().decode("utf-8")
    assert "\r" not in text and text.endswith("\n")
    lines = text.splitlines()
    assert lines[0] == "iso3,lat,lon"
    codes = [line.split(",")[0] for line in lines[1:]]
    assert codes == sorted(set(codes))
    for line in lines[1:]:
        _, lat, lon = line.split(",")
        assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180
        assert len(lat.split(".")[1]) == 2 and len(lon.split(".")[1]) == 2


@pytest.mark.browser
def test_map_draws_offline_in_chromium(tmp_path: Path, browser) -> None:
    # Streamlit serves static/ from next to the *main script*, and reads
    # .streamlit/config.toml from the *working directory*: so the script lives in
    # tmp_path beside a symlink to the repo's static/, and the server runs in the repo.
    script = tmp_path / "map_app.py"
    script.write_text(APP_SCRIPT.format(repo_root=str(REPO)), encoding="utf-8")
    (tmp_path / "static").symlink_to(REPO / "static", target_is_directory=True)

    urls: list[str] = []
    failed: list[str] = []
    topojson_status: list[int] = []
    console_errors: list[str] = []
    clicked: list[str] = []

    with run_dashboard(tmp_path / "streamlit.log", script=str(script)) as base_url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(TIMEOUT_S * 1000)
        page.on("request", lambda req: urls.append(req.url))
        page.on("requestfailed", lambda req: failed.append(req.url))
        page.on("response",
                lambda resp: topojson_status.append(resp.status) if resp.url.endswith("/world_110m.json") else None)
        page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
        page.goto(base_url + "/", wait_until="domcontentloaded")
        page.wait_for_function("document.querySelectorAll('path.choroplethlocation').length >= 150")
        page.wait_for_load_state("networkidle")
        shapes = page.locator("path.choroplethlocation").count()
        markers = page.locator(".trace.scattergeo path.point").count()

        screenshot(page, "map_offline")
        print(f"shapes drawn: {shapes}, markers drawn: {markers}")

        # A click selects the State: customdata (iso3) reaches the script.
        tuv_lat, tuv_lon = load_centroids().loc["TUV", ["lat", "lon"]]
        for iso3, selector, test in [
            ("BRA", "path.choroplethlocation", "d.loc === 'BRA'"),
            ("TUV", ".trace.scattergeo path.point",
             f"Math.abs(d.lonlat[0] - {tuv_lon}) < 0.01 && Math.abs(d.lonlat[1] - {tuv_lat}) < 0.01"),
        ]:
            centre = page.evaluate(CENTRE_OF, [selector, test])
            assert centre, f"{iso3} not drawn"
            page.mouse.click(*centre)
            page.wait_for_function(f"document.body.innerText.includes('selected: {iso3}')")
            clicked.append(iso3)
        page.close()  # before its server stops (after a failure, the browser fixture closes it)

    assert shapes >= 150
    assert markers == len(MISSING_SHAPES)
    assert foreign(urls) == [], f"requests left the machine: {foreign(urls)}"
    assert topojson_status and set(topojson_status) == {200}, (
        f"topojson not served from {PLOTLY_CONFIG['topojsonURL']}: {topojson_status}"
    )
    assert failed == [], f"failed requests: {failed}; console errors: {console_errors}"
    assert clicked == ["BRA", "TUV"]
