"""The map's geometry (views.geo): simplified borders that neighbours still share, terse path data."""

from __future__ import annotations

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
