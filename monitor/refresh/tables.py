"""Turn a parsed TreatyStatus into the public tables (status, declarations, notes)."""

from __future__ import annotations

import pandas as pd

from contract.countries import lookup_iso3, organisation_codes, reads_as_organisation
from contract.errors import UnknownParticipant
from contract.model import DECLARATION_COLUMNS, NOTE_COLUMNS, STATUS_COLUMNS, Action, TreatyStatus
from monitor.refresh.competence import mark_competence


def _cells(action: Action | None) -> tuple[str, str, str]:
    if action is None:
        return "", "", ""
    return action.date.isoformat(), action.action, "true" if action.withdrawn else "false"


def unknown_organisations(status: TreatyStatus) -> list[str]:
    """Participants the reference table does not know whose names read as organisations (published with
    a warning under a user-assigned code, never counted as States)."""
    names = {p.name for p in status.participants} | {s.participant for s in status.sections}
    return sorted(n for n in names if not lookup_iso3(n) and reads_as_organisation(n))


def resolve_iso3(names: list[str], treaty_id: str, organisations: list[str] = ()) -> dict[str, str]:
    """Map every participant name to ISO3; raise UnknownParticipant naming all unknown names.

    `organisations` are the document's unknown organisations (unknown_organisations): all of them, so
    both tables give each the same code."""
    found = {name: lookup_iso3(name) for name in names}
    unknown = sorted(name for name, iso3 in found.items() if not iso3 and name not in organisations)
    if unknown:
        raise UnknownParticipant(f"unknown participant name(s): {', '.join(map(repr, unknown))}",
                                 treaty=treaty_id)
    codes = organisation_codes(list(organisations))
    return {name: iso3 or codes[name] for name, iso3 in found.items()}


def build_status_table(status: TreatyStatus, treaty_id: str) -> pd.DataFrame:
    """One row per participant, sorted by ISO3, in the public column order."""
    codes = resolve_iso3([p.name for p in status.participants], treaty_id, unknown_organisations(status))
    rows = [(p.name, codes[p.name], *_cells(p.signature), *_cells(p.consent), *_cells(p.provisional),
             ";".join(p.footnotes))
            for p in status.participants]
    frame = pd.DataFrame(rows, columns=STATUS_COLUMNS, dtype=str)
    duplicated = frame[frame["iso3"].duplicated()]["participant"].tolist()
    if duplicated:
        raise UnknownParticipant(f"two rows map to one country: {duplicated}", treaty=treaty_id)
    return frame.sort_values("iso3", kind="stable").reset_index(drop=True)


def build_declarations_table(status: TreatyStatus, treaty_id: str, interstate: str = "",
                             individual: str = "", with_text: bool = True) -> pd.DataFrame:
    """One row per declaration section; competence recognitions get section 'competence'."""
    sections = mark_competence(status.sections, interstate, individual)
    codes = resolve_iso3(sorted({s.participant for s in sections}), treaty_id, unknown_organisations(status))
    rows = [(s.participant, codes[s.participant], s.section, s.title,
             s.date.isoformat() if s.date else "", ";".join(s.articles), s.text if with_text else "")
            for s in sections]
    frame = pd.DataFrame(rows, columns=DECLARATION_COLUMNS, dtype=str)
    # Sorted by country, then in document order within it (a stable sort keeps that order).
    return frame.sort_values("iso3", kind="stable").reset_index(drop=True)


def build_notes_table(status: TreatyStatus) -> pd.DataFrame:
    """End notes: index and text."""
    return pd.DataFrame(sorted(status.end_notes.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 0),
                        columns=NOTE_COLUMNS, dtype=str)
