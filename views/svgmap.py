"""The overview's world map as one inline SVG, drawn on the server (no plotly.js, no pandas).

Why: plotly's chart bundle (4.7 MB of JavaScript) alone makes a Streamlit page that shows one plotly
map load 1.7 times slower than a bare page (BENCHMARKS.md); the overview is the page everyone opens
first. The shapes come from the same offline file as the plotly maps (static/geo/world_110m.json),
projected once per process (Natural Earth projection); the States without a shape in that file are
circles at their point in data/reference/centroids.csv, as on the plotly maps.

Every State is a link to its profile (`country?country=ISO3`, relative, so it works under a base
URL path) with a <title> (the browser's tooltip: name, status, dates). The markup is made here and
only here, and every piece of text that goes into it passes `views.markup.text()`: names and dates are shown as
text, never as markup. tests/test_svgmap.py feeds it hostile names.

On a phone the map is about 360 px wide, so most States (and every small State's dot) are far below
a 24 px target. There the map is covered by "near here" zones: a tap on a zone lists every State
within reach of that spot as buttons under the map, and a tap on a button opens the profile: two taps
to any State. The zones are plain <details> elements (no JavaScript runs in Streamlit's Markdown),
shown only when the map is narrow or the pointer is a finger (CSS container and media queries).
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from views.markup import text

ROOT = Path(__file__).resolve().parents[1]
TOPOJSON = ROOT / "static" / "geo" / "world_110m.json"
CENTROIDS_CSV = ROOT / "data" / "reference" / "centroids.csv"

WIDTH = 1000  # viewBox units across; shapes are rounded to whole units (about a pixel on a laptop)
SOUTH, NORTH = -58.0, 85.0  # latitudes shown: Antarctica cut, Tierra del Fuego kept (as on the plotly maps)
# Shared with the plotly maps (views/maps.py imports them from here: this module is the light one).
FALLBACK_COLOR = "#9e9e9e"  # a status without a colour of its own
LAND_COLOR = "#e6e6e6"  # land that is not one of the States
BORDER_COLOR = "#ffffff"
MARKER_RADIUS = 4.5
ISO3_RE = re.compile(r"[A-Z]{3}")
COLOR_RE = re.compile(r"#[0-9a-fA-F]{6}")
MAX_HEIGHT_PX = 520  # a wide screen does not get a map taller than this
# "Near here" zones: a grid of ZONE_COLUMNS x ZONE_ROWS cells, a crowded cell cut in four. The
# smallest cell is 71 x 73 units: 24 CSS px (WCAG 2.2's minimum target) on a map 340 px wide.
ZONE_COLUMNS, ZONE_ROWS = 7, 3
ZONE_CROWDED = 18  # a cell with more States than this is cut in four
ZONE_REACH = MARKER_RADIUS + 1  # a State within this many units of a cell is listed there (a dot's edge)
NARROW_MAP_PX = 700  # below this width the map is for fingers: the zones cover it


@dataclass(frozen=True)
class MapRow:
    """One State on the map: its code, its status (a legend category) and its tooltip lines."""

    iso3: str
    status: str
    lines: tuple[str, ...]


# --- Geometry ---------------------------------------------------------------------------------

def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """The Natural Earth projection (Šavrič, Jenny, Patterson and Jenny 2011), in radians of the globe."""
    lam, phi = math.radians(lon), math.radians(lat)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.870700 - 0.131979 * p2 + p4 * (-0.013791 + p4 * p2 * (0.003971 - 0.001529 * p2)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


@dataclass(frozen=True)
class Frame:
    """How projected coordinates become viewBox units: x grows east, y grows south."""

    scale: float
    left: float
    top: float
    height: int

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = natural_earth(lon, lat)
        return (x - self.left) * self.scale, (self.top - y) * self.scale


@cache
def frame() -> Frame:
    """The whole world from 180°W to 180°E (widest at the equator), SOUTH to NORTH."""
    left, _ = natural_earth(-180.0, 0.0)
    right, _ = natural_earth(180.0, 0.0)
    _, top = natural_earth(0.0, NORTH)
    _, bottom = natural_earth(0.0, SOUTH)
    scale = WIDTH / (right - left)
    return Frame(scale=scale, left=left, top=top, height=math.ceil((top - bottom) * scale))


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs as (lon, lat) points: quantized, delta-encoded positions made absolute."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A ring's (lon, lat) points, from its arc indexes (a negative index ~i is arc i reversed)."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)  # consecutive arcs share their joining point
    return points


def unwrap(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses the antimeridian (Fiji, Russia) made continuous, plus its copy one turn
    over, so each side of the map gets its part once the map is clipped to the globe's outline."""
    if all(abs(a[0] - b[0]) <= 180 for a, b in zip(points, points[1:])):
        return [points]
    offset, previous, whole = 0.0, points[0][0], []
    for lon, lat in points:
        if lon - previous > 180:
            offset -= 360
        elif previous - lon > 180:
            offset += 360
        previous = lon
        whole.append((lon + offset, lat))
    turn = -360 if max(lon for lon, _ in whole) > 180 else 360
    return [whole, [(lon + turn, lat) for lon, lat in whole]]


@cache
def outline() -> str:
    """The globe's outline between SOUTH and NORTH: what the shapes are clipped to."""
    where = frame()
    east = [where.point(180.0, lat) for lat in range(int(SOUTH), int(NORTH) + 1)]
    west = [where.point(-180.0, lat) for lat in range(int(NORTH), int(SOUTH) - 1, -1)]
    return "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in east + west) + "z"


def ring_path(points: list[tuple[float, float]], where: Frame) -> str:
    """An SVG subpath: an absolute move, then relative whole-unit steps (repeats dropped), closed."""
    cells = [(round(x), round(y)) for x, y in (where.point(lon, lat) for lon, lat in points)]
    parts = [f"M{cells[0][0]} {cells[0][1]}"]
    last = cells[0]
    for cell in cells[1:]:
        if cell != last:
            parts.append(f"l{cell[0] - last[0]} {cell[1] - last[1]}")
            last = cell
    return "".join(parts) + "z" if len(parts) > 2 else ""


def polygons(geometry: dict) -> Iterator[list[list[int]]]:
    """The polygons (lists of rings of arc indexes) of a Polygon or MultiPolygon geometry."""
    if geometry.get("type") == "Polygon":
        yield geometry["arcs"]
    elif geometry.get("type") == "MultiPolygon":
        yield from geometry["arcs"]


@cache
def shapes() -> dict[str, str]:
    """The path data of every country in the topojson, by its id (ISO 3166-1 alpha-3), once per process.

    Shapes without an ISO code (Kosovo, Northern Cyprus, Somaliland) come under "" as one path.
    Antarctica and anything entirely south of SOUTH is left out.
    """
    topology = json.loads(TOPOJSON.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    where = frame()
    paths: dict[str, list[str]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id") or ""
        for polygon in polygons(geometry):
            rings = [ring_points(ring, arcs) for ring in polygon]
            if not rings or max(lat for _, lat in rings[0]) < SOUTH:
                continue
            pieces = (ring_path(part, where) for ring in rings for part in unwrap(ring))
            paths.setdefault(code, []).extend(p for p in pieces if p)
    return {code: "".join(parts) for code, parts in paths.items() if parts}


@cache
def markers() -> dict[str, tuple[float, float]]:
    """Where each State's circle goes, in viewBox units (data/reference/centroids.csv)."""
    where = frame()
    with CENTROIDS_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["iso3"]: tuple(round(v, 1) for v in where.point(float(row["lon"]), float(row["lat"])))
                for row in csv.DictReader(handle)}


Box = tuple[float, float, float, float]  # left, top, right, bottom, in viewBox units


@dataclass(frozen=True)
class Zone:
    """A cell of the map (``box``) and the codes of the States within reach of it."""

    box: Box
    codes: tuple[str, ...]


def path_boxes(path: str, where: Frame) -> list[Box]:
    """The bounding box of each subpath of a shape's path data (as `ring_path` writes it), inside the map."""
    boxes = []
    for piece in re.findall(r"M[^M]+", path):
        numbers = [int(n) for n in re.findall(r"-?\d+", piece)]
        x, y = numbers[0], numbers[1]
        xs, ys = [x], [y]
        for dx, dy in zip(numbers[2::2], numbers[3::2]):
            x, y = x + dx, y + dy
            xs.append(x)
            ys.append(y)
        box = (max(min(xs), 0), max(min(ys), 0), min(max(xs), WIDTH), min(max(ys), where.height))
        if box[0] <= box[2] and box[1] <= box[3]:  # a copy of a ring that lies wholly off the map is dropped
            boxes.append(box)
    return boxes


@cache
def extents() -> dict[str, tuple[Box, ...]]:
    """Where each State is drawn: the boxes of its shape's pieces, or its dot's centre (a point)."""
    paths, points, where = shapes(), markers(), frame()
    found = {code: tuple(path_boxes(path, where)) for code, path in paths.items() if code}
    for code, (x, y) in points.items():
        if not found.get(code):
            found[code] = ((x, y, x, y),)
    return found


def near(box: Box, extent: tuple[Box, ...], reach: float = ZONE_REACH) -> bool:
    """Whether any piece of a State lies within ``reach`` units of the cell ``box``."""
    return any(left - reach < box[2] and right + reach > box[0] and top - reach < box[3] and bottom + reach > box[1]
               for left, top, right, bottom in extent)


@cache
def zones() -> tuple[Zone, ...]:
    """The "near here" cells that have a State within reach, once per process (they depend on the map only)."""
    where, places = frame(), extents()
    width, height = WIDTH / ZONE_COLUMNS, where.height / ZONE_ROWS
    found = []
    for column in range(ZONE_COLUMNS):
        for row in range(ZONE_ROWS):
            cell = (column * width, row * height, (column + 1) * width, (row + 1) * height)
            codes = tuple(code for code, extent in places.items() if near(cell, extent))
            if len(codes) > ZONE_CROWDED:
                half_w, half_h = width / 2, height / 2
                quarters = [(cell[0] + i * half_w, cell[1] + j * half_h, cell[0] + (i + 1) * half_w,
                             cell[1] + (j + 1) * half_h) for i in range(2) for j in range(2)]
                found += [Zone(q, tuple(c for c in codes if near(q, places[c]))) for q in quarters]
            else:
                found.append(Zone(cell, codes))
    return tuple(zone for zone in found if zone.codes)


# --- Markup -----------------------------------------------------------------------------------

STYLE = ("<style>"
         ".icrmw-map a path,.icrmw-map a circle{cursor:pointer}"
         ".icrmw-map a:hover path,.icrmw-map a:focus path{stroke:#222;stroke-width:1.2}"
         ".icrmw-map a:hover circle,.icrmw-map a:focus circle{stroke:#000;stroke-width:1.6}"
         ".icrmw-map a:focus{outline:none}"
         ".icrmw-legend{display:flex;flex-wrap:wrap;gap:4px 18px;margin:6px 0 0;font-size:0.9rem}"
         ".icrmw-legend span{display:inline-flex;align-items:center;gap:6px}"
         ".icrmw-legend i,.icrmw-near-list i{display:inline-block;flex:none;width:14px;height:14px;border-radius:3px;"
         "border:1px solid #767676}"
         # The zones are placed in container units: 1 viewBox unit is 0.1cqw of the map's width.
         ".icrmw-map-wrap{position:relative;container:icrmw-map/inline-size}"
         ".icrmw-near{display:none}"
         f"@container icrmw-map (max-width:{NARROW_MAP_PX}px){{.icrmw-near{{display:block}}}}"
         f"@media (pointer:coarse){{@container icrmw-map (max-width:{WIDTH * MAX_HEIGHT_PX // frame().height}px)"
         "{.icrmw-near{display:block}}}"
         ".icrmw-near>summary{position:absolute;display:block;list-style:none;cursor:pointer;z-index:1;"
         "-webkit-tap-highlight-color:transparent}"
         ".icrmw-near>summary::-webkit-details-marker{display:none}"
         ".icrmw-near>summary:focus-visible{outline:2px solid #111;outline-offset:-2px}"
         ".icrmw-near[open]>summary{outline:2px solid #111;outline-offset:-2px;background:rgba(17,17,17,.12)}"
         ".icrmw-near-list{margin:8px 0 4px;padding:8px;border:1px solid #767676;border-radius:8px}"
         ".icrmw-near-list p{margin:0 0 6px;font-size:0.9rem}"
         ".icrmw-near-list ul{display:flex;flex-wrap:wrap;gap:6px;margin:0;padding:0;list-style:none}"
         ".icrmw-near-list li{margin:0;padding:0}"
         ".icrmw-near-list a{display:inline-flex;align-items:center;gap:6px;min-height:36px;padding:2px 12px;"
         "border:1px solid #767676;border-radius:18px;color:#111;background:#fff;text-decoration:none}"
         ".icrmw-near-list a:focus-visible{outline:2px solid #111;outline-offset:1px}"
         ".icrmw-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}"
         "</style>")


def color(value: str | None, fallback: str) -> str:
    """A #rrggbb colour, or the fallback for anything else (colours go into attributes unescaped)."""
    return value if value and COLOR_RE.fullmatch(value) else fallback


def state_link(row: MapRow, fill: str, shape: str | None, point: tuple[float, float] | None) -> str:
    """One State: a link to its profile around its shape, or around a circle where it has none."""
    tooltip = text("\n".join(row.lines))
    if shape is not None:
        drawn = f'<path d="{shape}" fill="{fill}"><title>{tooltip}</title></path>'
    elif point is not None:
        drawn = (f'<circle cx="{point[0]}" cy="{point[1]}" r="{MARKER_RADIUS}" fill="{fill}" stroke="#555555" '
                 f'stroke-width="0.8"><title>{tooltip}</title></circle>')
    else:
        return ""
    label = text(" — ".join(row.lines[:2]))
    return f'<a href="country?country={row.iso3}" target="_self" aria-label="{label}">{drawn}</a>'


def name(row: MapRow) -> str:
    """The State's name: the first tooltip line (its code if it has none)."""
    return row.lines[0] if row.lines else row.iso3


def zone_markup(zone: Zone, rows: dict[str, MapRow], fills: dict[str, str], near_here: str, hint: str) -> str:
    """One "near here" zone: a transparent button over its cell that opens its States as a list of links."""
    listed = sorted((rows[code] for code in zone.codes if code in rows), key=lambda row: name(row).casefold())
    if not listed:
        return ""
    left, top, right, bottom = (round(v / WIDTH * 100, 2) for v in zone.box)
    place = f"left:{left}cqw;top:{top}cqw;width:{round(right - left, 2)}cqw;height:{round(bottom - top, 2)}cqw"
    names = ", ".join(name(row) for row in listed[:3]) + (f" +{len(listed) - 3}" if len(listed) > 3 else "")
    links = "".join(f'<li><a href="country?country={row.iso3}" target="_self" '
                    f'aria-label="{text(" — ".join(row.lines[:2]))}"><i style="background:{fills[row.iso3]}"></i>'
                    f"{text(name(row))}</a></li>" for row in listed)
    return (f'<details class="icrmw-near" name="icrmw-near"><summary style="{place}">'
            f'<span class="icrmw-sr">{text(f"{near_here}: {names}")}</span></summary>'
            f'<div class="icrmw-near-list"><p><strong>{text(near_here)} ({len(listed)})</strong> {text(hint)}</p>'
            f"<ul>{links}</ul></div></details>")


def legend(counts: Iterable[tuple[str, int]], colors: dict[str, str], fallback: str,
           names: dict[str, str] | None = None) -> str:
    """The colour key with the number of States of each status (each named as in ``names``, if given)."""
    names = names or {}
    items = "".join(f'<span><i style="background:{color(colors.get(status), fallback)}"></i>'
                    f"{text(names.get(status, status))} ({int(count)})</span>" for status, count in counts)
    return f'<div class="icrmw-legend">{items}</div>'


def status_svg(rows: Iterable[MapRow], colors: dict[str, str], order: list[str], label: str,
               fallback: str = FALLBACK_COLOR, description: str = "", near_here: str = "States near here",
               hint: str = "Tap one to open its profile; tap the map again to close this list.",
               names: dict[str, str] | None = None) -> str:
    """The map, its legend and their style as one HTML block (no newline in it, see `views.markup.text`).

    ``rows`` are the States to draw, each in the colour of its status (``fallback`` for a status
    without one); a code that is not three capital letters is skipped. Land that is not in
    ``rows`` is drawn plain. Small States go on top of the shapes, so they stay clickable.
    ``label`` names the map for screen readers (its <title>) and ``description`` says what it shows
    and where its text alternative is (its <desc>). Statuses appear in the legend in ``order``,
    then any others, each with its count. On a narrow map, the "near here" zones list the States
    under the heading ``near_here``, followed by ``hint``. ``names`` gives a status's name in the
    legend where it differs from the status itself (the reader's language).
    """
    paths, where, points = shapes(), frame(), markers()
    rows = [row for row in rows if ISO3_RE.fullmatch(row.iso3)]
    drawn = {row.iso3 for row in rows}
    land = "".join(paths[code] for code in paths if code not in drawn)
    counts: dict[str, int] = {}
    links, circles, fills = [], [], {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
        fill = fills[row.iso3] = color(colors.get(row.status), fallback)
        if row.iso3 in paths:
            links.append(state_link(row, fill, paths[row.iso3], None))
        else:
            circles.append(state_link(row, fill, None, points.get(row.iso3)))
    statuses = [s for s in order if s in counts] + [s for s in counts if s not in order]
    svg = (f'<svg class="icrmw-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {where.height}" '
           f'width="100%" style="display:block;max-height:{MAX_HEIGHT_PX}px" role="group" '
           f'aria-label="{text(label)}" aria-describedby="icrmw-map-desc">'
           f'<title>{text(label)}</title><desc id="icrmw-map-desc">{text(description or label)}</desc>'
           f'<defs><clipPath id="icrmw-globe"><path d="{outline()}"/></clipPath></defs>'
           f'<g stroke="{BORDER_COLOR}" stroke-width="0.5" stroke-linejoin="round" clip-path="url(#icrmw-globe)">'
           f'<path d="{land}" fill="{LAND_COLOR}"/>{"".join(links)}</g>'
           f'<g>{"".join(circles)}</g></svg>')
    by_code = {row.iso3: row for row in rows}
    near = "".join(zone_markup(zone, by_code, fills, near_here, hint) for zone in zones())
    return STYLE + '<div class="icrmw-map-wrap">' + svg + near + legend(
        ((s, counts[s]) for s in statuses), colors, fallback, names) + "</div>"
