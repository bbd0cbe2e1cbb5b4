"""The map's geometry (views.geo): simplified borders that neighbours still share, terse path data."""

from __future__ import annotations

import json
import re

from views import geo


def test_simplify_drops_points_on_a_straight_line_and_keeps_corners() -> None:
    line = [(0.0, 0.0), (1.0, 0.05), (2.0, 0.0), (2.0, 1.0), (2.05, 2.0), (2.0, 3.0)]
    assert geo.simplify(line, 0.2) == [(0.0, 0.0), (2.0, 0.0), (2.0, 3.0)]
    assert geo.simplify(line, 0.01) == line  # every point is further than that from its chord
    assert geo.simplify(line[:2], 5) == line[:2]


def steps(path: str) -> list[tuple[int, int]]:
    """The absolute points of one subpath, read back from its terse form."""
    numbers = [int(n) for n in re.findall(r"-?\d+", path)]
    x, y, points = numbers[0], numbers[1], [(numbers[0], numbers[1])]
    for dx, dy in zip(numbers[2::2], numbers[3::2]):
        x, y = x + dx, y + dy
        points.append((x, y))
    return points


def test_path_data_is_terse_and_reads_back_to_its_points() -> None:
    where = geo.Frame(scale=100.0, left=0.0, top=0.0, height=100)
    lonlat = [(0.0, 0.0), (20.0, 0.0), (20.0, -20.0), (0.0, -20.0)]
    path = geo.ring_path(lonlat, where)
    assert re.fullmatch(r"M-?\d+ -?\d+l[-\d ]+z", path) and " -" not in path  # one l, no space before a minus
    assert steps(path) == [tuple(round(v) for v in where.point(lon, lat)) for lon, lat in lonlat]


def test_neighbours_still_share_their_border() -> None:
    """Borders are simplified once, as the topology's shared arcs: a point of Mexico's border with
    the United States is a point of the United States' shape too."""
    shapes = geo.shapes()
    mexico = {point for piece in re.findall(r"M[^M]+", shapes["MEX"]) for point in steps(piece)}
    usa = {point for piece in re.findall(r"M[^M]+", shapes["USA"]) for point in steps(piece)}
    assert len(mexico & usa) >= 5
    assert sum(map(len, shapes.values())) < 30_000  # about half the unsimplified, verbose path data


def test_the_kept_drawing_is_the_one_the_sources_give() -> None:
    """static/geo/world_drawn.json spares the first page the drawing; it must be what drawing now gives."""
    kept = json.loads(geo.DRAWN_JSON.read_text(encoding="utf-8"))
    assert kept == geo.drawing(), "the map's drawing is out of date: run `python -m views.geo`"


def forget() -> None:
    """Empty geo's per-process caches, so the next call reads the drawing file again."""
    for cached in (geo.kept_drawing, geo.shapes, geo.extents, geo.zones):
        cached.cache_clear()


def test_a_drawing_from_other_sources_is_not_used(tmp_path, monkeypatch) -> None:
    stale = json.loads(geo.DRAWN_JSON.read_text(encoding="utf-8"))
    stale["inputs"] = "0" * 64  # as after an edit of the topojson, the centroids or a setting
    stale["shapes"]["MEX"] = "M0 0l1 0 0 1z"
    monkeypatch.setattr(geo, "DRAWN_JSON", tmp_path / "world_drawn.json")
    geo.DRAWN_JSON.write_text(json.dumps(stale), encoding="utf-8")
    forget()
    try:
        assert geo.kept_drawing() is None
        assert geo.shapes() == geo.draw_shapes() and geo.shapes()["MEX"] != "M0 0l1 0 0 1z"
        assert [[list(z.box), list(z.codes)] for z in geo.zones()] == stale["zones"]  # drawn again: the same
    finally:
        forget()  # the next test reads the real drawing again
