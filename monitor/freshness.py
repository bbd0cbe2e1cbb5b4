"""How fresh the data is, from meta.json and health.json (no pandas: the first page needs it early)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from monitor.errors import DataFileError

STALE_AFTER_DAYS = 7
BUNDLED_AS_OF = "2018-01-15"


def parse_as_of(text: str) -> date | None:
    """meta.json's data_as_of as a date (None when empty); DataFileError when malformed."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise DataFileError(f"meta.json holds a malformed date {text[:20]!r}", source="meta.json") from exc


def build_freshness(meta: Mapping | None, health: Mapping | None, treaty: str, today: date) -> dict:
    """How fresh the data is: as-of date, age, whether it is the bundled capture, last failure."""
    meta = meta or {}
    as_of = parse_as_of(str(meta.get("data_as_of", ""))[:10])
    bundled = (str(meta.get("data_as_of", "")) == BUNDLED_AS_OF
               or str(meta.get("note", "")).lower().startswith("bundled"))
    age = (today - as_of).days if as_of else None
    entry = dict((health or {}).get(treaty) or {})
    failed = entry.get("ok") is False
    return {
        "as_of": as_of, "age_days": age, "bundled": bundled,
        "stale": bundled or age is None or age > STALE_AFTER_DAYS,
        "last_checked": _timestamp(meta.get("last_checked")), "last_changed": _timestamp(meta.get("last_changed")),
        "source_url": str(meta.get("source_url", "")), "facts_only": bool(meta.get("facts_only")),
        "note": str(meta.get("note", "")),
        "warnings": header_warnings(meta),
        "failed": failed, "error": str(entry.get("error", "")) if failed else "",
        "last_attempt": _timestamp(entry.get("last_attempt")), "last_success": _timestamp(entry.get("last_success")),
    }


def header_warnings(meta: Mapping | None) -> list[str]:
    """What the refresh published with a warning (UNTC's header count off by a little), as text."""
    found = (meta or {}).get("warnings") or []
    return [str(w)[:300] for w in found] if isinstance(found, list) else []


def _timestamp(value: object) -> str:
    """A stored ISO timestamp as 'YYYY-MM-DD HH:MM UTC' ('' if absent or unreadable)."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)[:40]
    return moment.strftime("%Y-%m-%d %H:%M UTC")
