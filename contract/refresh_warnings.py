"""The warnings a refresh publishes with a treaty: stored in meta.json as codes with their numbers,
worded only at the edge (the refresh command's WARNING lines in English, each page in its reader's
language), e.g. {"code": "header_count_differs", "field": "signatories", "header": 23, "table": 22}.

Older meta.json files hold English sentences: `from_stored` reads those back into codes, so a data
directory written before the codes still loads and still shows in French and Spanish.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

EMPTY_TABLE = "empty_table"
HEADER_COUNT_DIFFERS = "header_count_differs"
DATED_BEFORE_CONCLUSION = "dated_before_conclusion"
UNKNOWN_ORGANISATION = "unknown_organisation"
UNREAD = "unread"  # a stored sentence of no known form: kept as it was written, shown as text
COUNTED_FIELDS = ("signatories", "parties")


def N_(message: str) -> str:
    """Mark an English template for the catalogs, as i18n.N_ does (this bottom layer may not import i18n)."""
    return message


# Each code's English template; the pages translate the same text (the names in %(...)s are filled by
# `values`). One definition: the refresh command, the pages and the reading of old files all use it.
TEMPLATES = {
    EMPTY_TABLE: N_("the participants table is empty: no State has signed or joined yet"),
    HEADER_COUNT_DIFFERS: N_("the table has %(counted)s %(what)s, the header says %(header)s"),
    DATED_BEFORE_CONCLUSION: N_("%(participant)s: %(action)s dated %(date)s, before the treaty's conclusion "
                                "(%(conclusion)s)"),
    UNKNOWN_ORGANISATION: N_("%(participant)s: an organisation not in the reference table, published but never "
                             "counted as a State"),
}
FIELDS = {EMPTY_TABLE: (), HEADER_COUNT_DIFFERS: ("field", "header", "table"), UNKNOWN_ORGANISATION: ("participant",),
          DATED_BEFORE_CONCLUSION: ("participant", "action", "date", "conclusion")}
# The sentences older refreshes stored, read back (only for files written before the codes).
_OLD_SENTENCES = (
    (EMPTY_TABLE, re.compile(re.escape(TEMPLATES[EMPTY_TABLE]))),
    (HEADER_COUNT_DIFFERS, re.compile(r"the table has (?P<table>\d+) (?P<field>signatories|parties), "
                                      r"the header says (?P<header>\d+)")),
    (DATED_BEFORE_CONCLUSION, re.compile(r"(?P<participant>.+): (?P<action>[a-z ]+) dated (?P<date>\d{4}-\d\d-\d\d), "
                                         r"before the treaty's conclusion \((?P<conclusion>\d{4}-\d\d-\d\d)\)")),
    (UNKNOWN_ORGANISATION, re.compile(r"(?P<participant>.+): an organisation not in the reference table, "
                                      r"published but never counted as a State")),
)
MAX_TEXT = 300  # a stored text is source-derived: cut to a line's length


def empty_table() -> dict[str, Any]:
    """UNTC lists no participant, and its header counts none (XIX-29)."""
    return {"code": EMPTY_TABLE}


def header_count_differs(field: str, header: int, table: int) -> dict[str, Any]:
    """The table counts `table` signatories or parties where UNTC's header says `header` (a small gap)."""
    return {"code": HEADER_COUNT_DIFFERS, "field": field, "header": header, "table": table}


def dated_before_conclusion(participant: str, action: str, date: str, conclusion: str) -> dict[str, Any]:
    """An action (a consent or signature code) dated before the treaty was concluded (UNTC's own slip)."""
    return {"code": DATED_BEFORE_CONCLUSION, "participant": participant, "action": action, "date": date,
            "conclusion": conclusion}


def unknown_organisation(participant: str) -> dict[str, Any]:
    """An organisation not in the reference table: published, never counted as a State."""
    return {"code": UNKNOWN_ORGANISATION, "participant": participant}


def from_stored(item: object) -> dict[str, Any]:
    """A warning as meta.json holds it (a code, or an older English sentence) as a code with its values.

    Never raises: a form not known here comes back as {"code": "unread", "text": ...}, shown as stored."""
    if isinstance(item, Mapping) and item.get("code") in TEMPLATES:
        if all(item.get(name) is not None for name in FIELDS[item["code"]]):
            return {str(key): value for key, value in item.items()}
        return {"code": UNREAD, "text": str(item["code"])}  # a hand-edited file: the code alone
    text = str(item.get("text", item) if isinstance(item, Mapping) else item)[:MAX_TEXT]
    for code, pattern in _OLD_SENTENCES:
        if found := pattern.fullmatch(text):
            values = found.groupdict()
            if code == DATED_BEFORE_CONCLUSION:
                values["action"] = values["action"].replace(" ", "_")
            for number in ("header", "table"):
                if number in values:
                    values[number] = int(values[number])
            return {"code": code, **values}
    return {"code": UNREAD, "text": text}


def values(warning: Mapping[str, Any]) -> dict[str, Any]:
    """The values a code's template names (the counts' own field names are the stored ones)."""
    if warning.get("code") == HEADER_COUNT_DIFFERS:
        return {"counted": warning.get("table"), "what": warning.get("field"), "header": warning.get("header")}
    return dict(warning)


def english(warning: object) -> str:
    """A stored warning as an English sentence (the refresh command's WARNING lines)."""
    found = from_stored(warning)
    if found["code"] == UNREAD:
        return found["text"]
    shown = values(found)
    if found["code"] == DATED_BEFORE_CONCLUSION:
        shown["action"] = str(shown["action"]).replace("_", " ")
    try:
        return TEMPLATES[found["code"]] % shown
    except (KeyError, TypeError, ValueError):
        return found["code"]
