"""UNTC's text conventions: its pseudo-HTML, footnote marks glued to names, and its dates (pure)."""

from __future__ import annotations

import html
import re
from datetime import date

MONTHS = {
    # English (3-letter in tables, full in declarations) and French (UNTC's .fr.xml edition).
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "janv": 1, "févr": 2, "fevr": 2, "mars": 3, "avr": 4, "mai": 5, "juin": 6, "juil": 7,
    "août": 8, "aout": 8, "déc": 12, "janvier": 1, "février": 2, "avril": 4, "juillet": 7,
    "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
}
DATE_RE = re.compile(r"^(\d{1,2})\s+([^\W\d_]+)\.?\s+(\d{4})$")
SUPERSCRIPT_RE = re.compile(r"<superscript>\s*([^<]*?)\s*</superscript>", re.I)
# UNTC's own pseudo-HTML; any other tag-like text is kept as text, so hostile markup stays visible.
NOTE_SEPARATOR_RE = re.compile(r"[,\s]+")
GLUED_NOTES_RE = re.compile(r"(?<=[^\d\s,])(\d{1,3}(?:,\d{1,3})*)$")
TAG_RE = re.compile(r"</?(?:i|b|u|em|strong|a|superscript|subscript|sup|sub|right|center|br|p|span)"
                    r"(?:\s[^<>]{0,400})?/?>", re.I)


def clean(text: str | None) -> str:
    """Unescape pseudo-HTML, drop its tags and fold every kind of whitespace to one blank."""
    if not text:
        return ""
    # Most texts (every date cell, most names) hold no markup, no entity and no U+2002: only fold the
    # whitespace (str.split folds U+2002 too, but the tags' regex must see it as a blank first).
    if "<" in text or "&" in text:
        text = html.unescape(TAG_RE.sub(" ", text.replace("\u2002", " ")))
    return " ".join(text.split())


def split_footnotes(raw: str) -> tuple[str, tuple[str, ...]]:
    """Split 'China<superscript>5,6,7</superscript>' (or page text 'Belarus7') into name and notes."""
    raw = raw or ""
    if "<" not in raw and "&" not in raw:  # most names: no markup (so nothing to clean but blanks) ...
        name = " ".join(raw.split())
        if not name[-1:].isdigit():  # ... and no number glued on
            return name, ()
    notes: list[str] = []
    if "<" in raw:  # only markup can hold a superscript
        for group in SUPERSCRIPT_RE.findall(raw):
            notes += [n for n in NOTE_SEPARATOR_RE.split(group) if n]
        raw = SUPERSCRIPT_RE.sub("", raw)
    name = clean(raw)
    glued = GLUED_NOTES_RE.search(name) if name[-1:].isdigit() else None  # no State's name ends in a digit
    if glued:
        notes += glued.group(1).split(",")
        name = name[: glued.start()].strip()
    return name, tuple(notes)


def parse_date(text: str) -> date | None:
    """Parse '5 Jun 2007', '12 January 2018' or '5 juin 2007'; None if it is not such a date."""
    match = DATE_RE.match(" ".join((text or "").split()))
    return date_of(*match.groups()) if match else None


def date_of(day: str, month_name: str, year: str) -> date | None:
    """The date of a day, a month's name (or its abbreviation) and a year, as UNTC writes them; None if none."""
    lowered = month_name.lower()
    month = MONTHS.get(lowered) or MONTHS.get(lowered[:3])
    if not month:
        return None
    try:
        return date(int(year), month, int(day))
    except ValueError:
        return None
