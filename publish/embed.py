"""What a campaign page embeds: the world map with its key, and a badge with the count, as SVG files.

Both are standalone SVG documents (no script, no font or image to fetch, no outside address), so an
<img> or <iframe> on another site draws them from this site alone and they stay current as the site
is republished. The map's shapes are the overview's (views.geo); every text passes views.markup.text.
"""

from __future__ import annotations

from contract.status import STATUS_COLORS, STATUS_ORDER
from contract.treaties import ICRMW
from i18n import LANGUAGES, country_name, format_day, plural_translator, translator
from views.geo import MARKER_RADIUS, WIDTH, frame, markers, outline, shapes
from views.labels import status_name
from views.markup import text
from views.svgmap import BORDER_COLOR, FALLBACK_COLOR, LAND_COLOR, color

KEY_ROW = 34  # viewBox units per line of the key
FONT = "font-family=\"'DejaVu Sans',Verdana,Geneva,sans-serif\""
BADGE_HEIGHT = 20
CHAR_WIDTH = 6.6  # about the width of a character of 11 px DejaVu Sans/Verdana: the badge's text fits its box


def badge_file(lang: str) -> str:
    """embed/count.svg in English, embed/count.fr.svg and embed/count.es.svg in the others."""
    return "embed/count.svg" if lang == "en" else f"embed/count.{lang}.svg"


def map_file(lang: str) -> str:
    """embed/map.svg in English, embed/map.fr.svg and embed/map.es.svg in the others."""
    return "embed/map.svg" if lang == "en" else f"embed/map.{lang}.svg"


def map_height(rows: int) -> int:
    """The map's height in viewBox units (WIDTH across) with a key of so many statuses."""
    return frame().height + 16 + KEY_ROW * ((rows + 1) // 2) + 30


def count_words(parties: int, as_of, lang: str) -> tuple[str, str]:
    """("ICRMW", "51 States parties · 15 January 2018") in a language."""
    ngettext = plural_translator(lang)
    value = ngettext("{count} State party · {date}", "{count} States parties · {date}", parties)
    return "ICRMW", value.format(count=parties, date=format_day(as_of, lang))


def count_badge(parties: int, as_of, lang: str) -> bytes:
    """The count as a small two-part badge; its <title> reads the whole sentence."""
    _ = translator(lang)
    label, value = count_words(parties, as_of, lang)
    sentence = _("{label}: {value}").format(label=label, value=value)
    left = round(len(label) * CHAR_WIDTH + 12)
    right = round(len(value) * CHAR_WIDTH + 12)
    width = left + right
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{BADGE_HEIGHT}" '
            f'viewBox="0 0 {width} {BADGE_HEIGHT}" role="img" aria-label="{text(sentence)}">'
            f"<title>{text(sentence)}</title>"
            f'<rect width="{left}" height="{BADGE_HEIGHT}" rx="3" fill="#333333"/>'
            f'<rect x="{left}" width="{right}" height="{BADGE_HEIGHT}" rx="3" fill="#0a4fb3"/>'
            f'<rect x="{left}" width="4" height="{BADGE_HEIGHT}" fill="#0a4fb3"/>'
            f'<g fill="#ffffff" {FONT} font-size="11" text-anchor="middle">'
            f'<text x="{left / 2}" y="14" textLength="{left - 12}" lengthAdjust="spacingAndGlyphs">{text(label)}</text>'
            f'<text x="{left + right / 2}" y="14" textLength="{right - 12}" lengthAdjust="spacingAndGlyphs">'
            f"{text(value)}</text></g></svg>\n").encode()


def badges(parties: int, as_of) -> dict[str, bytes]:
    """The badge in every language, by its path in the site."""
    return {badge_file(lang): count_badge(parties, as_of, lang) for lang in LANGUAGES}


def state_shape(iso3: str, fill: str, tip: str, paths: dict[str, str], points: dict) -> str:
    """One State, linked to its page of the site (the top window: the map may sit in a frame)."""
    if iso3 in paths:
        drawn = f'<path d="{paths[iso3]}" fill="{fill}"><title>{text(tip)}</title></path>'
    elif iso3 in points:
        x, y = points[iso3]
        drawn = (f'<circle cx="{x}" cy="{y}" r="{MARKER_RADIUS}" fill="{fill}" stroke="#555555" stroke-width="0.8">'
                 f"<title>{text(tip)}</title></circle>")
    else:
        return ""
    return f'<a href="../countries/{iso3}.html" target="_top" aria-label="{text(tip)}">{drawn}</a>'


def map_svg(map_rows: list[list[str]], as_of, lang: str = "en") -> bytes:
    """The world map of the status with its key and source line, as one SVG document."""
    _ = translator(lang)
    paths, where, points = shapes(), frame(), markers()
    rows = [row for row in map_rows if row[0] in paths or row[0] in points]
    drawn = {row[0] for row in rows}
    land = "".join(path for code, path in paths.items() if code not in drawn)
    counts = {status: sum(1 for row in rows if row[1] == status) for status in STATUS_ORDER}
    fills = {row[0]: color(STATUS_COLORS.get(row[1]), FALLBACK_COLOR) for row in rows}
    tips = {row[0]: f"{country_name(row[0], lang, row[2])} — {status_name(row[1], lang)}" for row in rows}
    shaped = "".join(state_shape(row[0], fills[row[0]], tips[row[0]], paths, {}) for row in rows if row[0] in paths)
    dots = "".join(state_shape(row[0], fills[row[0]], tips[row[0]], {}, points) for row in rows
                   if row[0] not in paths)
    shown = [status for status in STATUS_ORDER if counts[status]]
    per_row = 2
    key_top = where.height + 16
    height = map_height(len(shown))
    key = "".join(
        f'<rect x="{20 + (i % per_row) * 490}" y="{key_top + (i // per_row) * KEY_ROW}" width="20" height="20" rx="3" '
        f'fill="{color(STATUS_COLORS.get(status), FALLBACK_COLOR)}" stroke="#767676"/>'
        f'<text x="{50 + (i % per_row) * 490}" y="{key_top + (i // per_row) * KEY_ROW + 16}">'
        f"{text(status_name(status, lang))} ({counts[status]})</text>" for i, status in enumerate(shown))
    title = _("World map: the status of each State on {date}").format(date=format_day(as_of, lang))
    source = _("Source: UN Treaty Collection, treaty {treaty}, status as of {date}").format(
        treaty=ICRMW, date=format_day(as_of, lang))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-label="{text(title)}"><title>{text(title)}</title>'
            f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>'
            f'<defs><clipPath id="globe"><path d="{outline()}"/></clipPath></defs>'
            f'<g stroke="{BORDER_COLOR}" stroke-width="0.5" stroke-linejoin="round" clip-path="url(#globe)">'
            f'<path d="{land}" fill="{LAND_COLOR}"/>{shaped}</g><g>{dots}</g>'
            f'<g {FONT} font-size="18" fill="#1a1a1a">{key}'
            f'<text x="20" y="{height - 10}" font-size="15" fill="#4a4a4a">{text(source)}</text></g></svg>\n'
            ).encode()
