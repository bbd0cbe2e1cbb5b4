"""The overview's server-drawn SVG map: well-formed, every State linked, hostile text inert."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET

from contract.status import STATUS_COLORS, STATUS_ORDER
from monitor.analysis.overview import map_rows
from monitor.analysis.status import build_country_status
from monitor.store import layout
from monitor.store import tables as store
from views import geo, svgmap
from views.labels import tooltip
from views.svgmap import MapRow, status_svg

SVG_NS = "{http://www.w3.org/2000/svg}"
HOSTILE = ("<script>window.__pwned=1</script>", '"><img src=x onerror=alert(1)>', "**bold** [link](javascript:x)",
           ":smile: :material/home: $x$", "two\n\nparagraphs", "&amp; &#60;")


def parse(markup: str) -> ET.Element:
    """The <svg> element of the markup, parsed as XML (fails on anything malformed)."""
    return ET.fromstring(markup[markup.index("<svg"):markup.index("</svg>") + len("</svg>")])


def bundled_rows() -> list[MapRow]:
    table = build_country_status(store.load_status(layout.DEFAULT_DATA_DIR, "IV-13"))
    return [MapRow(row[0], row[1], tooltip(row, "en")) for row in map_rows(table)]


def test_every_state_is_a_link_with_its_tooltip() -> None:
    rows = bundled_rows()
    markup = status_svg(rows, STATUS_COLORS, STATUS_ORDER, label="World map")
    svg = parse(markup)
    links = svg.findall(f".//{SVG_NS}a")
    assert len(links) == len(rows) == 197
    by_code = {link.get("href").removeprefix("country?country="): link for link in links}
    assert set(by_code) == {row.iso3 for row in rows}
    mexico = next(row for row in rows if row.iso3 == "MEX")
    assert by_code["MEX"].find(f".//{SVG_NS}title").text == "\n".join(mexico.lines)
    assert by_code["MEX"].find(f"{SVG_NS}path").get("fill") == STATUS_COLORS[mexico.status]
    circles = {code for code, link in by_code.items() if link.find(f"{SVG_NS}circle") is not None}
    with geo.CENTROIDS_CSV.open(encoding="utf-8") as handle:
        states = {row["iso3"] for row in csv.DictReader(handle)}
    assert circles == states - set(geo.shapes())  # the small States without a shape: dots
    assert len(circles) == 31
    assert "\n" not in markup  # a blank line would end Streamlit's HTML block


def test_legend_counts_each_status() -> None:
    markup = status_svg(bundled_rows(), STATUS_COLORS, STATUS_ORDER, label="map")
    legend = re.sub(r"<[^>]+>", " ", markup[markup.index('<div class="icrmw-legend">'):])
    assert " ".join(legend.split()) == ("Party (ratification) (23) Party (accession or succession) (28) "
                                        "Signed, not ratified (16) No action (130)")


def test_hostile_text_stays_text() -> None:
    rows = [MapRow("MEX", "<b>Party</b>", HOSTILE), MapRow("FRA", HOSTILE[1], ("France",)),
            MapRow('"><x', "No action", ("bad code",)), MapRow("mlt", "No action", ("lower case",))]
    markup = status_svg(rows, {"<b>Party</b>": 'red" onload="alert(1)'}, [], label=HOSTILE[0])
    svg = parse(markup)
    assert "<script" not in markup and "<img" not in markup and "<b>" not in markup  # no element but ours
    assert 'onload="' not in markup
    links = svg.findall(f".//{SVG_NS}a")
    assert [a.get("href") for a in links] == ["country?country=MEX", "country?country=FRA"]  # bad codes skipped
    assert links[0].find(f".//{SVG_NS}title").text == "\n".join(HOSTILE)  # shown exactly, as text
    assert links[0].find(f"{SVG_NS}path").get("fill") == svgmap.FALLBACK_COLOR  # not #rrggbb: refused
    assert svg.get("aria-label") == HOSTILE[0]
    assert ":smile:" not in markup and "\n" not in markup


def test_antimeridian_shapes_do_not_streak_across_the_map() -> None:
    """Russia and Fiji cross 180°: no piece of a shape may span most of the map (it did before the fix)."""
    widest = {}
    for code, path in geo.shapes().items():
        for piece in re.findall(r"M[^M]+", path):
            numbers = [int(n) for n in re.findall(r"-?\d+", piece)]
            x, xs = numbers[0], [numbers[0]]
            for dx in numbers[2::2]:
                x += dx
                xs.append(x)
            widest[code] = max(widest.get(code, 0), max(xs) - min(xs))
    assert widest["RUS"] < 0.5 * geo.WIDTH and widest["FJI"] < 0.1 * geo.WIDTH
    assert max(widest.values()) < 0.5 * geo.WIDTH
    assert "ATA" not in geo.shapes()  # Antarctica is cut, as on the plotly maps


def test_projection_and_placement() -> None:
    assert geo.natural_earth(0, 0) == (0.0, 0.0)
    east, north = geo.natural_earth(180, 60)
    west, south = geo.natural_earth(-180, -60)
    assert (east, north) == (-west, -south)
    frame = geo.frame()
    assert 0 < frame.point(-180, 0)[0] + 0.5 and frame.point(180, 0)[0] <= geo.WIDTH + 0.5
    # Brazil lies south-west of Japan, Norway north of South Africa.
    points = geo.markers()
    assert points["BRA"][0] < points["JPN"][0] and points["BRA"][1] > points["JPN"][1]
    assert points["NOR"][1] < points["ZAF"][1]


def test_every_state_is_listed_where_a_finger_lands_on_it() -> None:
    """A tap on any part of a State (a shape's piece, a dot's disc) lands in a zone that lists it, and each
    zone is at least 24 CSS px wide and high on a map 340 px wide (smaller than any phone's)."""
    zones, places, height = geo.zones(), geo.extents(), geo.frame().height
    with geo.CENTROIDS_CSV.open(encoding="utf-8") as handle:
        states = {row["iso3"] for row in csv.DictReader(handle)}
    assert states <= set(places)
    for code in states:
        for left, top, right, bottom in places[code]:
            reach = geo.MARKER_RADIUS if left == right else 0
            corners = ((left - reach, top), (right + reach, bottom), ((left + right) / 2, (top + bottom) / 2))
            for x, y in ((min(max(x, 0), geo.WIDTH), min(max(y, 0), height)) for x, y in corners):  # on the map
                under = [z for z in zones if z.box[0] <= x <= z.box[2] and z.box[1] <= y <= z.box[3]]
                assert under and all(code in z.codes for z in under), (code, x, y)
    px_per_unit = 340 / geo.WIDTH
    assert min(min(z.box[2] - z.box[0], z.box[3] - z.box[1]) for z in zones) * px_per_unit >= 24


def test_phone_zones_in_the_markup() -> None:
    rows = bundled_rows()
    markup = status_svg(rows, STATUS_COLORS, STATUS_ORDER, label="World map",
                        description="Each State is a link.", near_here="States near here")
    svg = parse(markup)
    assert svg.find(f"{SVG_NS}title").text == "World map"
    assert svg.find(f"{SVG_NS}desc").text == "Each State is a link." and svg.get("aria-describedby") == "icrmw-map-desc"
    zones = ET.fromstring(markup[markup.index("<div class=\"icrmw-map-wrap\">"):]
                          .replace(markup[markup.index("<svg"):markup.index("</svg>") + 6], ""))
    details = zones.findall("details")
    assert len(details) == len(geo.zones())
    malta = next(d for d in details if d.find(".//a[@href='country?country=MLT']") is not None)
    assert malta.get("name") == "icrmw-near" and "cqw" in malta.find("summary").get("style")
    assert malta.find("summary/span").text.startswith("States near here: ")
    listed = {a.get("href") for d in details for a in d.iter("a")}
    assert len(listed) == 197  # every State, in some zone
    assert "\n" not in markup
