"""The overview's world map as one inline SVG, drawn on the server (no plotly.js, no pandas).

Why: plotly's chart bundle (4.7 MB of JavaScript) alone makes a Streamlit page that shows one plotly
map load 1.7 times slower than a bare page (BENCHMARKS.md); the overview is the page everyone opens
first. The shapes, the small States' dots and the phone's zones come from views.geo.

Every State is a link to its profile (`country?country=ISO3`, relative, so it works under a base
URL path) with a <title> (the browser's tooltip: name, status, dates). The markup is made here and
only here, and every piece of text that goes into it passes `views.markup.text()`: names and dates
are shown as text, never as markup. tests/test_svgmap.py feeds it hostile names.

On a phone the map is about 360 px wide, so most States (and every small State's dot) are far below
a 24 px target. There the map is covered by "near here" zones (views.geo.zones): a tap on a zone
lists every State within reach of that spot as buttons under the map, and a tap on a button opens
the profile: two taps to any State. The zones are plain <details> elements (no JavaScript runs in
Streamlit's Markdown), shown only when the map is narrow or the pointer is a finger (CSS container
and media queries).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from views.geo import MARKER_RADIUS, WIDTH, Zone, frame, markers, outline, shapes, zones
from views.markup import text
from views.routes import COUNTRY, COUNTRY_PARAM

# Shared with the plotly maps (views/maps.py imports them from here: this module is the light one).
FALLBACK_COLOR = "#9e9e9e"  # a status without a colour of its own
LAND_COLOR = "#e6e6e6"  # land that is not one of the States
BORDER_COLOR = "#ffffff"
ISO3_RE = re.compile(r"[A-Z]{3}")
COLOR_RE = re.compile(r"#[0-9a-fA-F]{6}")
MAX_HEIGHT_PX = 520  # a wide screen does not get a map taller than this
NARROW_MAP_PX = 700  # below this width the map is for fingers: the zones cover it


@dataclass(frozen=True)
class MapRow:
    """One State on the map: its code, its status (a legend category) and its tooltip lines."""

    iso3: str
    status: str
    lines: tuple[str, ...]


# --- Markup -----------------------------------------------------------------------------------

STYLE = ("<style>"
         ".icrmw-map a path,.icrmw-map a circle{cursor:pointer}"
         ".icrmw-map a:hover path,.icrmw-map a:focus path{stroke:#222;stroke-width:1.2}"
         ".icrmw-map a:hover circle,.icrmw-map a:focus circle{stroke:#000;stroke-width:1.6}"
         ".icrmw-map a:focus{outline:none}"
         ".icrmw-legend{display:flex;flex-wrap:wrap;gap:4px 18px;margin:6px 0 0;font-size:0.9rem}"
         ".icrmw-legend span{display:inline-flex;align-items:center;gap:6px}"
         ".icrmw-legend i{display:inline-block;flex:none;width:14px;height:14px;border-radius:3px;"
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
         ".icrmw-near-list div{display:flex;flex-wrap:wrap;gap:6px}"
         # Each State's button has a thick left edge in the colour of its status (its style attribute).
         ".icrmw-near-list a{display:inline-flex;align-items:center;min-height:36px;padding:2px 12px;"
         "border:1px solid #767676;border-left-width:12px;border-radius:18px;color:#111;background:#fff;"
         "text-decoration:none}"
         ".icrmw-near-list a:focus-visible{outline:2px solid #111;outline-offset:1px}"
         ".icrmw-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}"
         "</style>")


def color(value: str | None, fallback: str) -> str:
    """A #rrggbb colour, or the fallback for anything else (colours go into attributes unescaped)."""
    return value if value and COLOR_RE.fullmatch(value) else fallback


# The dashboard's profile of a State; the static site passes its own pages.
PROFILE_HREF = COUNTRY.address() + f"?{COUNTRY_PARAM}=" + "{iso3}"


def state_link(row: MapRow, fill: str, shape: str | None, point: tuple[float, float] | None,
               href: str = PROFILE_HREF) -> str:
    """One State: a link to its profile (``href`` with its code) around its shape, or a circle where it has none."""
    tooltip = text("\n".join(row.lines))
    if shape is not None:
        drawn = f'<path d="{shape}" fill="{fill}"><title>{tooltip}</title></path>'
    elif point is not None:
        drawn = (f'<circle cx="{point[0]}" cy="{point[1]}" r="{MARKER_RADIUS}" fill="{fill}" stroke="#555555" '
                 f'stroke-width="0.8"><title>{tooltip}</title></circle>')
    else:
        return ""
    label = text(" — ".join(row.lines[:2]))
    return f'<a href="{href.format(iso3=row.iso3)}" target="_self" aria-label="{label}">{drawn}</a>'


def name(row: MapRow) -> str:
    """The State's name: the first tooltip line (its code if it has none)."""
    return row.lines[0] if row.lines else row.iso3


def zone_markup(zone: Zone, rows: dict[str, MapRow], fills: dict[str, str], near_here: str, hint: str,
                href: str = PROFILE_HREF) -> str:
    """One "near here" zone: a transparent button over its cell that opens its States as links.

    The links are as lean as they can be (no list items, no swatch elements, no labels): there are about
    400 of them, and the browser parses each before the first page is drawn. A link's status is its
    colour, as on the map; a screen reader hears it from the map's link or the table under the map.
    """
    listed = sorted((rows[code] for code in zone.codes if code in rows), key=lambda row: name(row).casefold())
    if not listed:
        return ""
    left, top, right, bottom = (round(v / WIDTH * 100, 2) for v in zone.box)
    place = f"left:{left}cqw;top:{top}cqw;width:{round(right - left, 2)}cqw;height:{round(bottom - top, 2)}cqw"
    names = ", ".join(name(row) for row in listed[:3]) + (f" +{len(listed) - 3}" if len(listed) > 3 else "")
    links = "".join(f'<a href="{href.format(iso3=row.iso3)}" target="_self" '
                    f'style="border-left-color:{fills[row.iso3]}">{text(name(row))}</a>' for row in listed)
    return (f'<details class="icrmw-near" name="icrmw-near"><summary style="{place}">'
            f'<span class="icrmw-sr">{text(f"{near_here}: {names}")}</span></summary>'
            f'<div class="icrmw-near-list"><p><strong>{text(near_here)} ({len(listed)})</strong> {text(hint)}</p>'
            f"<div>{links}</div></div></details>")


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
               names: dict[str, str] | None = None, href: str = PROFILE_HREF) -> str:
    """The map, its legend and their style as one HTML block (no newline in it, see `views.markup.text`).

    ``rows`` are the States to draw, each in the colour of its status (``fallback`` for a status
    without one); a code that is not three capital letters is skipped. Land that is not in
    ``rows`` is drawn plain. Small States go on top of the shapes, so they stay clickable.
    ``label`` names the map for screen readers (its <title>) and ``description`` says what it shows
    and where its text alternative is (its <desc>). Statuses appear in the legend in ``order``,
    then any others, each with its count. On a narrow map, the "near here" zones list the States
    under the heading ``near_here``, followed by ``hint``. ``names`` gives a status's name in the
    legend where it differs from the status itself (the reader's language). ``href`` is where a State
    leads, with ``{iso3}`` for its code (the dashboard's profile, or a page of the static site).
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
            links.append(state_link(row, fill, paths[row.iso3], None, href))
        else:
            circles.append(state_link(row, fill, None, points.get(row.iso3), href))
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
    near = "".join(zone_markup(zone, by_code, fills, near_here, hint, href) for zone in zones())
    return STYLE + '<div class="icrmw-map-wrap">' + svg + near + legend(
        ((s, counts[s]) for s in statuses), colors, fallback, names) + "</div>"


def overview_map(facts: dict, lang: str, href: str = PROFILE_HREF) -> str:
    """The overview's map from its facts' rows (monitor.analysis.overview.build_facts), in a language: the
    dashboard's first page and the static site's index pages draw the same."""
    from datetime import date

    from contract.status import STATUS_COLORS, STATUS_ORDER
    from i18n import format_day, translator
    from views.labels import status_name, tooltip

    _ = translator(lang)
    rows = [MapRow(row[0], row[1], tooltip(row, lang)) for row in facts["map"]]
    names = {status: status_name(status, lang) for status in STATUS_ORDER}
    return status_svg(rows, STATUS_COLORS, STATUS_ORDER,
                      label=_("World map: the status of each State on {date}").format(
                          date=format_day(date.fromisoformat(facts["as_of"]), lang)),
                      description=_("Each State is a link to its profile, coloured by its status; the key under "
                                    "the map names the colours. The table under the map, “The same as a table”, "
                                    "gives the same facts as text."),
                      near_here=_("States near here"),
                      hint=_("Tap one to open its profile; tap the map again to close this list."),
                      names=names, href=href)
