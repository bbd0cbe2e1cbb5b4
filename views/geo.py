"""The world map's geometry, shared by the overview's SVG map (views.svgmap) and the brief's map.

The shapes come from the same offline file as the plotly maps (static/geo/world_110m.json),
projected once per process (Natural Earth projection) into a viewBox WIDTH units across, and
simplified: a point within SIMPLIFY_DEGREES of the line through its neighbours on a border is left
out (border by border, so two neighbours keep the same border). The States without a shape in that
file are circles at their point in data/reference/centroids.csv, as on the plotly maps.

On a phone the map is about 360 px wide, so most States (and every small State's dot) are far below
a 24 px target. `zones()` cuts the map into "near here" cells, each listing every State within
reach of it; views.svgmap turns them into buttons over the map.

Light: no pandas, no Streamlit.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOPOJSON = ROOT / "static" / "geo" / "world_110m.json"
CENTROIDS_CSV = ROOT / "data" / "reference" / "centroids.csv"
# The shapes and zones drawn from those two files, kept so the first page need not draw them (about
# 40 ms of its server run): `python -m views.geo` writes it again; tests/test_geo.py checks it is current.
DRAWN_JSON = TOPOJSON.with_name("world_drawn.json")

WIDTH = 1000  # viewBox units across; shapes are rounded to whole units (about a pixel on a laptop)
SOUTH, NORTH = -58.0, 85.0  # latitudes shown: Antarctica cut, Tierra del Fuego kept (as on the plotly maps)
# A fifth of a degree is about half a viewBox unit at the equator: invisible on the map, and a
# quarter of the path data (which every first page sends to the browser) goes.
SIMPLIFY_DEGREES = 0.2
MARKER_RADIUS = 4.5
# "Near here" zones: a grid of ZONE_COLUMNS x ZONE_ROWS cells, a crowded cell cut in four. The
# smallest cell is 71 x 73 units: 24 CSS px (WCAG 2.2's minimum target) on a map 340 px wide.
ZONE_COLUMNS, ZONE_ROWS = 7, 3
ZONE_CROWDED = 18  # a cell with more States than this is cut in four
ZONE_REACH = MARKER_RADIUS + 1  # a State within this many units of a cell is listed there (a dot's edge)


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
    """An SVG subpath: an absolute move, then relative whole-unit steps (repeats dropped), closed.

    Written as tersely as SVG allows: one `l` for all the steps, and no space before a minus sign.
    """
    cells = [(round(x), round(y)) for x, y in (where.point(lon, lat) for lon, lat in points)]
    steps, last = [], cells[0]
    for cell in cells[1:]:
        if cell != last:
            steps.append(f"{cell[0] - last[0]} {cell[1] - last[1]}".replace(" -", "-"))
            last = cell
    if len(steps) < 2:
        return ""
    body = steps[0] + "".join(step if step[0] == "-" else " " + step for step in steps[1:])
    return f"M{cells[0][0]} {cells[0][1]}l{body}z"


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """The points that keep the line within `tolerance` of where it was (Douglas-Peucker), ends kept."""
    if len(points) < 3:
        return points
    keep = {0, len(points) - 1}
    spans = [(0, len(points) - 1)]
    while spans:
        first, last = spans.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        farthest, index = tolerance, None
        for i in range(first + 1, last):
            x, y = points[i]
            gap = abs(dy * (x - x1) - dx * (y - y1)) / length if length else math.hypot(x - x1, y - y1)
            if gap > farthest:
                farthest, index = gap, i
        if index is not None:
            keep.add(index)
            spans += [(first, index), (index, last)]
    return [points[i] for i in sorted(keep)]


def polygons(geometry: dict) -> Iterator[list[list[int]]]:
    """The polygons (lists of rings of arc indexes) of a Polygon or MultiPolygon geometry."""
    if geometry.get("type") == "Polygon":
        yield geometry["arcs"]
    elif geometry.get("type") == "MultiPolygon":
        yield from geometry["arcs"]


@cache
def shapes() -> dict[str, str]:
    """The path data of every country, by its id (ISO 3166-1 alpha-3), once per process: as kept in
    DRAWN_JSON when it was drawn from the current sources, else drawn now (`draw_shapes`)."""
    kept = kept_drawing()
    return kept["shapes"] if kept else draw_shapes()


def draw_shapes() -> dict[str, str]:
    """The path data of every country in the topojson, by its id (ISO 3166-1 alpha-3).

    Shapes without an ISO code (Kosovo, Northern Cyprus, Somaliland) come under "" as one path.
    Antarctica and anything entirely south of SOUTH is left out.
    """
    topology = json.loads(TOPOJSON.read_text(encoding="utf-8"))
    arcs = [simplify(arc, SIMPLIFY_DEGREES) for arc in decode_arcs(topology)]  # shared borders stay shared
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
    """Where each State is drawn, once per process (`place_extents` of the shapes and dots)."""
    return place_extents(shapes(), markers())


def place_extents(paths: dict[str, str], points: dict[str, tuple[float, float]]) -> dict[str, tuple[Box, ...]]:
    """Where each State is drawn: the boxes of its shape's pieces, or its dot's centre (a point)."""
    where = frame()
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
    """The "near here" cells, once per process: as kept in DRAWN_JSON, else placed now (`place_zones`)."""
    kept = kept_drawing()
    if kept:
        return tuple(Zone(tuple(box), tuple(codes)) for box, codes in kept["zones"])
    return place_zones(extents())


def place_zones(places: dict[str, tuple[Box, ...]]) -> tuple[Zone, ...]:
    """The "near here" cells that have a State within reach of them (they depend on the map only)."""
    where = frame()
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


# --- The drawing kept beside the sources ------------------------------------------------------

def inputs_digest() -> str:
    """What the drawing is made from: the two source files and the settings above (sha256)."""
    digest = hashlib.sha256()
    for source in (TOPOJSON, CENTROIDS_CSV):
        digest.update(source.read_bytes())
    settings = (WIDTH, SOUTH, NORTH, SIMPLIFY_DEGREES, MARKER_RADIUS, ZONE_COLUMNS, ZONE_ROWS, ZONE_CROWDED, ZONE_REACH)
    digest.update(repr(settings).encode())
    return digest.hexdigest()


@cache
def kept_drawing() -> dict | None:
    """DRAWN_JSON when it was drawn from the current sources and settings, else None (then the map is
    drawn at the first page, a few tens of milliseconds; tests/test_geo.py fails until it is redrawn)."""
    try:
        kept = json.loads(DRAWN_JSON.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return kept if isinstance(kept, dict) and kept.get("inputs") == inputs_digest() else None


def drawing() -> dict:
    """The shapes and zones drawn afresh from the sources, as DRAWN_JSON keeps them."""
    paths = draw_shapes()
    return {"inputs": inputs_digest(), "shapes": paths,
            "zones": [[list(zone.box), list(zone.codes)] for zone in place_zones(place_extents(paths, markers()))]}


if __name__ == "__main__":
    DRAWN_JSON.write_text(json.dumps(drawing(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {DRAWN_JSON.relative_to(ROOT)}")
