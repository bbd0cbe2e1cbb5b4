"""How fresh the data is, from meta.json and health.json (no pandas: the first page needs it early)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from contract.model import parse_date
from contract.refresh_warnings import from_stored

STALE_AFTER_DAYS = 7
BUNDLED_AS_OF = "2018-01-15"


@dataclass(frozen=True)
class Freshness:
    """How fresh a treaty's data is, and how its last refresh attempt went (timestamps as shown)."""

    as_of: date | None
    age_days: int | None
    bundled: bool  # the capture shipped with the code, not a refresh
    stale: bool
    last_checked: str
    last_changed: str
    source_url: str
    facts_only: bool
    note: str
    failed: bool
    error: str
    last_attempt: str
    last_success: str
    warnings: list[dict] = field(default_factory=list)  # what the refresh published with (see header_warnings)


def build_freshness(meta: Mapping | None, health: Mapping | None, treaty: str, today: date) -> Freshness:
    """How fresh the data is: as-of date, age, whether it is the bundled capture, last failure."""
    meta = meta or {}
    as_of = parse_date(str(meta.get("data_as_of", ""))[:10], file="meta.json")
    bundled = (str(meta.get("data_as_of", "")) == BUNDLED_AS_OF
               or str(meta.get("note", "")).lower().startswith("bundled"))
    age = (today - as_of).days if as_of else None
    entry = dict((health or {}).get(treaty) or {})
    failed = entry.get("ok") is False
    return Freshness(
        as_of=as_of, age_days=age, bundled=bundled,
        stale=bundled or age is None or age > STALE_AFTER_DAYS,
        last_checked=_timestamp(meta.get("last_checked")), last_changed=_timestamp(meta.get("last_changed")),
        source_url=str(meta.get("source_url", "")), facts_only=bool(meta.get("facts_only")),
        note=str(meta.get("note", "")),
        failed=failed, error=str(entry.get("error", "")) if failed else "",
        last_attempt=_timestamp(entry.get("last_attempt")), last_success=_timestamp(entry.get("last_success")),
        warnings=header_warnings(meta),
    )


def header_warnings(meta: Mapping | None) -> list[dict]:
    """What the refresh published with a warning (UNTC's header count off by a little...), as codes with
    their values (contract.refresh_warnings; an older file's English sentences read back into codes)."""
    found = (meta or {}).get("warnings") or []
    return [from_stored(w) for w in found] if isinstance(found, list) else []


def _timestamp(value: object) -> str:
    """A stored ISO timestamp as 'YYYY-MM-DD HH:MM UTC' ('' if absent or unreadable)."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)[:40]
    return moment.strftime("%Y-%m-%d %H:%M UTC")
