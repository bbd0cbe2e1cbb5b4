"""What changed between two versions of a treaty's tables, and the Atom feed of the change log."""

from __future__ import annotations

import hashlib
from xml.sax.saxutils import escape

import pandas as pd

from contract.model import CHANGE_COLUMNS, CONSENT_EVENTS

DECLARATION_KEY = ["iso3", "section", "title", "date", "articles"]


def _event(treaty: str, iso3: str, participant: str, event: str, action_date: str = "",
           detail: str = "") -> dict[str, str]:
    return {"treaty": treaty, "iso3": iso3, "participant": participant, "event": event,
            "action_date": action_date, "detail": detail}


def _action_events(treaty: str, old: dict, new: dict) -> list[dict[str, str]]:
    """Events for one participant's signature, consent and provisional cells (a provisional application
    or acceptance logs as applied_provisionally / accepted_provisionally, its removal as provisional_removed)."""
    events = []
    name, iso3 = new["participant"], new["iso3"]
    for column in ("signature", "consent", "provisional"):
        before = (old.get(f"{column}_date", ""), old.get(f"{column}_action", ""), old.get(f"{column}_withdrawn", ""))
        after = (new[f"{column}_date"], new[f"{column}_action"], new[f"{column}_withdrawn"])
        if before == after:
            continue
        date, action, withdrawn = after
        if not date:
            events.append(_event(treaty, iso3, name, f"{column}_removed", before[0], f"was {before[1]}"))
        elif withdrawn == "true" and before[2] != "true":
            events.append(_event(treaty, iso3, name, "withdrawn", date, f"{column}: {action}"))
        elif not before[0]:
            event = ("signed" if action == "signature" else "succeeded_to_signature") if column == "signature" \
                else CONSENT_EVENTS.get(action, action)
            events.append(_event(treaty, iso3, name, event, date, action))
        else:
            events.append(_event(treaty, iso3, name, "amended", date,
                                 f"{column} was {before[1]} {before[0]}, now {action} {date}"))
    return events


def diff_status(treaty: str, old: pd.DataFrame, new: pd.DataFrame) -> list[dict[str, str]]:
    """Events between two status tables, keyed by ISO3 so a rename is one 'renamed' event."""
    before = {row["iso3"]: row for row in old.to_dict("records")}
    events = []
    for row in new.to_dict("records"):
        previous = before.pop(row["iso3"], {})
        if previous and previous["participant"] != row["participant"]:
            events.append(_event(treaty, row["iso3"], row["participant"], "renamed", "",
                                 f"{previous['participant']} → {row['participant']}"))
        events += _action_events(treaty, previous, row)
        if previous and previous["footnotes"] != row["footnotes"]:
            events.append(_event(treaty, row["iso3"], row["participant"], "footnotes_changed", "",
                                 f"notes {previous['footnotes'] or '-'} → {row['footnotes'] or '-'}"))
    for iso3, row in sorted(before.items()):
        events.append(_event(treaty, iso3, row["participant"], "removed", "", "no longer listed"))
    return events


def diff_declarations(treaty: str, old: pd.DataFrame, new: pd.DataFrame) -> list[dict[str, str]]:
    """Added and removed declaration sections (compared on facts, not on wording)."""
    def keyed(frame: pd.DataFrame) -> dict[tuple, dict]:
        return {tuple(row[k] for k in DECLARATION_KEY): row for row in frame.to_dict("records")}

    old_keys, new_keys = keyed(old), keyed(new)
    events = []
    for key in sorted(new_keys.keys() - old_keys.keys()):
        row = new_keys[key]
        events.append(_event(treaty, row["iso3"], row["participant"], f"{row['section']}_added",
                             row["date"], _declaration_detail(row)))
    for key in sorted(old_keys.keys() - new_keys.keys()):
        row = old_keys[key]
        events.append(_event(treaty, row["iso3"], row["participant"], f"{row['section']}_removed",
                             row["date"], _declaration_detail(row)))
    return events


def _declaration_detail(row: dict) -> str:
    articles = f" (articles {row['articles'].replace(';', ', ')})" if row["articles"] else ""
    return f"{row['title']}{articles}"


def append_events(log: pd.DataFrame, events: list[dict[str, str]], detected_at: str) -> pd.DataFrame:
    """The change log with new events added, sorted oldest first, in the public column order."""
    if not events:
        return log
    new = pd.DataFrame([{"detected_at": detected_at, **e} for e in events], columns=CHANGE_COLUMNS)
    merged = pd.concat([log, new], ignore_index=True).astype(str)
    return merged.sort_values(["detected_at", "treaty", "iso3", "event"], kind="stable").reset_index(drop=True)


def event_id(row: dict) -> str:
    """A stable id for one change-log row (the same row always gets the same id)."""
    key = "|".join(str(row[c]) for c in CHANGE_COLUMNS)
    return "urn:sha1:" + hashlib.sha1(key.encode("utf-8")).hexdigest()


def event_text(row: dict) -> str:
    """What happened, for a person: 'Benin ratified (2018-07-06)'."""
    when = f" ({row['action_date']})" if row["action_date"] else ""
    detail = f": {row['detail']}" if row["detail"] and row["event"] not in CONSENT_EVENTS.values() else ""
    return f"{row['participant']} {row['event'].replace('_', ' ')}{when}{detail}"


def event_sentence(row: dict) -> str:
    """The same with its treaty: 'IV-13: Benin ratified (2018-07-06)'."""
    return f"{row['treaty']}: {event_text(row)}"


def build_atom_feed(log: pd.DataFrame, feed_url: str = "urn:icrmw-monitor:changes", limit: int = 200) -> bytes:
    """An Atom feed of the change log, newest first, one entry per event, stable entry ids."""
    rows = log.iloc[::-1].head(limit).to_dict("records")
    updated = rows[0]["detected_at"] if rows else "1970-01-01T00:00:00Z"
    parts = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom">',
             "  <title>UN treaty ratification changes (ICRMW monitor)</title>",
             f"  <id>{escape(feed_url)}</id>", f"  <updated>{escape(updated)}</updated>",
             "  <author><name>icrmw-monitor</name></author>"]
    for row in rows:
        parts += ["  <entry>", f"    <id>{event_id(row)}</id>",
                  f"    <title>{escape(event_sentence(row))}</title>",
                  f"    <updated>{escape(row['detected_at'])}</updated>",
                  f"    <summary>{escape(row['detail'] or row['event'])}</summary>", "  </entry>"]
    parts.append("</feed>")
    return ("\n".join(parts) + "\n").encode("utf-8")
