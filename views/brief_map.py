"""The brief's small world map: views.geo's projection and shapes with one State in black, drawn by fpdf2."""

from __future__ import annotations

import copy
import threading
from functools import lru_cache

from fpdf import FPDF
from fpdf.drawing import GraphicsContext, Transform
from fpdf.svg import SVGObject

from views import geo


def _svg(body: str) -> bytes:
    """An SVG document of the map's size around `body` (views.geo's projection and shapes)."""
    width, height = geo.WIDTH, geo.frame().height
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}">{body}</svg>').encode()


@lru_cache(maxsize=1)
def land_svg() -> bytes:
    """Every State's shape in grey with white borders: the same under every brief's State."""
    land = "".join(geo.shapes().values())
    return _svg(f'<path d="{land}" fill="#cfcfcf" stroke="#ffffff" stroke-width="0.8"/>')


@lru_cache(maxsize=32)
def state_svg(iso3: str, ring: bool) -> bytes:
    """What goes over the land for one State: its shape in black, then the white that hides the land beyond the
    globe's outline (the far side of Russia and Fiji, drawn twice by views.geo: fpdf2 does not apply SVG clip
    paths), the outline, and for a small State a ring, so it can be found at this size."""
    paths, points, outline = geo.shapes(), geo.markers(), geo.outline()
    state = f'<path d="{paths[iso3]}" fill="#000000"/>' if iso3 in paths else ""
    marks = ""
    if iso3 in points and (ring or iso3 not in paths):
        x, y = points[iso3]
        marks = "" if iso3 in paths else f'<circle cx="{x}" cy="{y}" r="6" fill="#000000"/>'
        marks += f'<circle cx="{x}" cy="{y}" r="22" fill="none" stroke="#000000" stroke-width="3"/>'
    mask = f"M-600 -20H{geo.WIDTH + 600}V{geo.frame().height + 20}H-600Z{outline}"
    return _svg(f'{state}<path d="{mask}" fill="#ffffff" fill-rule="evenodd"/>'
                f'<path d="{outline}" fill="none" stroke="#8c8c8c" stroke-width="1.5"/>{marks}')


def map_svgs(iso3: str, ring: bool) -> tuple[bytes, bytes]:
    """The world with one State in black, as two SVG documents drawn one over the other: the land (converted
    once per process: it is most of the map) and what marks the State."""
    return land_svg(), state_svg(iso3, ring)


SMALL_EXTENT = 40  # viewBox units (of 1000 across): below this a State is a speck on a 6 cm map


def extent(path: str) -> int:
    """The widest side of the largest on-map piece of a views.geo path (its boxes, as the phone zones read them)."""
    boxes = geo.path_boxes(path, geo.frame())
    return max((max(right - left, bottom - top) for left, top, right, bottom in boxes), default=0)


def small_state(iso3: str) -> bool:
    """Whether the State needs a ring to be found on the small map (no shape, or a small one)."""
    shape = geo.shapes().get(iso3)
    return shape is None or extent(shape) < SMALL_EXTENT


class Replayed(GraphicsContext):
    """A drawing whose PDF operators fpdf2 works out once per placement, and gives again to the next document.

    fpdf2 turns a drawing into operators anew in every document it is drawn in: for the land, 4,000 segments, a
    fifth of a brief's cost, the same text each time. The operators depend on the drawing, its placement, the
    style it starts from and the names the document's resources give its graphics states: each is part of the
    key, and the graphics states are registered in each document again, in the same order (a document that
    named them otherwise gets the drawing worked out anew). A drawing that uses any other resource (a gradient,
    a soft mask) is worked out anew every time."""

    def __init__(self, drawing: GraphicsContext) -> None:
        super().__init__()
        self.drawing = drawing
        self.kept: dict[tuple, tuple[list, tuple]] = {}

    def render(self, resource_registry, style, last_item, initial_point, _push_stack=True):
        key = (_fingerprint(style), repr(last_item), repr(initial_point), _push_stack, repr(self.drawing.transform))
        kept = self.kept.get(key)
        if kept is not None:
            styles, rendered = kept
            if [resource_registry.register_graphics_style(used) for used, _ in styles] == [n for _, n in styles]:
                return rendered
        recorder = _Recorder(resource_registry)
        rendered = self.drawing.render(recorder, style, last_item, initial_point, _push_stack)
        if recorder.only_styles:
            self.kept[key] = (recorder.styles, rendered)
        return rendered


def _fingerprint(style) -> tuple:
    """Every attribute of an fpdf2 GraphicsStyle, as text."""
    return tuple(repr(getattr(style, name, None)) for name in type(style).__slots__)


class _Recorder:
    """A document's resource catalogue as a drawing sees it while fpdf2 renders it: the graphics states it
    registers are noted (with the names they got), and any other use of the catalogue is noticed."""

    def __init__(self, catalog) -> None:
        self.catalog, self.styles, self.only_styles = catalog, [], True

    def register_graphics_style(self, style):
        name = self.catalog.register_graphics_style(style)
        self.styles.append((copy.deepcopy(style), name))
        return name

    def __getattr__(self, name: str):
        self.only_styles = False
        return getattr(self.catalog, name)


@lru_cache(maxsize=5)
def _drawing(svg: bytes) -> tuple[SVGObject, Replayed]:
    """One of map_svgs as fpdf2 converts it to paths: the land once per process (converting the whole world again
    for each State was a tenth of a brief's cost), a State's marks once per State, not once per language (a
    publish draws a State's three briefs one after another); with the operators it renders to, kept."""
    converted = SVGObject(svg)
    return converted, Replayed(converted.base_group)


def warm() -> None:
    """Convert the land now (a publish, before its worker processes fork: each inherits it)."""
    _drawing(land_svg())


_PLACING = threading.Lock()  # placing a cached drawing sets its transform: one brief at a time


def draw_map(pdf: FPDF, iso3: str, x: float, y: float, width: float) -> float:
    """The small map at (x, y); returns its height. Drawn as `pdf.image(svg, x, y, width)` draws each of
    map_svgs (the same PDF operators), through fpdf2's documented SVGObject route, so that the converted
    drawings, and the operators they render to, are reused."""
    height = width * geo.frame().height / geo.WIDTH
    with _PLACING, pdf.rect_clip(x=x, y=y, w=width, h=height):
        for svg in map_svgs(iso3, small_state(iso3)):
            converted, replayed = _drawing(svg)
            _, _, paths = converted.transform_to_rect_viewport(scale=1, width=width, height=height,
                                                               ignore_svg_top_attrs=True)
            paths.transform = paths.transform @ Transform.translation(x, y)
            here = pdf.x, pdf.y
            pdf.set_xy(0, 0)
            pdf.draw_path(replayed, copy=False)  # drawn now: the next brief may move the cached drawing
            pdf.set_xy(*here)
    return height
