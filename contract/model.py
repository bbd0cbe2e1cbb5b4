"""The data model: parsed types, the public table columns, action markers, consent events, stored dates."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from contract.errors import DataFileError

STATUS_COLUMNS = [
    "participant", "iso3",
    "signature_date", "signature_action", "signature_withdrawn",
    "consent_date", "consent_action", "consent_withdrawn",
    "provisional_date", "provisional_action", "provisional_withdrawn",
    "footnotes",
]
# Added in 2026 (before, a provisional action sat in the consent columns): a status.csv written earlier lacks
# them, and the store reads it in the new layout (monitor/store/tables.py, upgrade_status).
PROVISIONAL_COLUMNS = ["provisional_date", "provisional_action", "provisional_withdrawn"]
DECLARATION_COLUMNS = ["participant", "iso3", "section", "title", "date", "articles", "text"]
CHANGE_COLUMNS = ["detected_at", "treaty", "iso3", "participant", "event", "action_date", "detail"]
NOTE_COLUMNS = ["index", "text"]

# Action markers after a date. Case matters: `a` accession, `A` acceptance, `AA` approval.
MARKERS = {
    "a": "accession",
    "A": "acceptance",
    "AA": "approval",
    "d": "succession",
    "c": "formal_confirmation",
    "s": "definitive_signature",
    "n": "provisional_application",
    "P": "participation",
    "C": "confirmation_ad_referendum",
}
SIGNATURE_ACTIONS = ("signature", "succession")
# A column headed "Application" (III-2-*): a State party to a convention undertakes to apply it to one
# more body (a specialised agency). UNTC counts those States as the annex's parties; no marker names it.
APPLICATION = "application"
CONSENT_ACTIONS = ("ratification",) + tuple(v for v in MARKERS.values() if v != "confirmation_ad_referendum") + (
    APPLICATION, "provisional_acceptance")
# Consent actions that do not make a party: UNTC's header counts leave them out (XXI-8: 41 parties,
# not the 42 with its one provisional application).
# A provisional acceptance (commodity agreements, chapter XIX) is no consent either; a definitive one is.
NON_BINDING_ACTIONS = ("provisional_application", "provisional_acceptance")
# What the consent columns may hold: consent only (a provisional action has its own columns).
BINDING_ACTIONS = tuple(a for a in CONSENT_ACTIONS if a not in NON_BINDING_ACTIONS)

# The event a newly seen consent action is logged as in changes.csv.
CONSENT_EVENTS = {
    "ratification": "ratified", "accession": "acceded", "succession": "succeeded",
    "acceptance": "accepted", "approval": "approved", "formal_confirmation": "confirmed",
    "definitive_signature": "signed_definitively",
    "provisional_application": "applied_provisionally", "provisional_acceptance": "accepted_provisionally",
    "participation": "participated",
    APPLICATION: "applied",
}


@dataclass(frozen=True)
class Action:
    """One dated cell of the participants table."""

    date: date
    action: str
    withdrawn: bool = False  # square brackets: withdrawn or denounced, not counted


@dataclass(frozen=True)
class Participant:
    """One row of the participants table, name as UNTC writes it, footnotes split off."""

    name: str
    footnotes: tuple[str, ...] = ()
    signature: Action | None = None
    consent: Action | None = None  # binding consent only: it makes a party
    provisional: Action | None = None  # a provisional application or acceptance: no party


@dataclass(frozen=True)
class Section:
    """One titled part of a declaration, reservation, objection or notification."""

    participant: str
    section: str  # declaration, reservation, objection, competence, ...
    title: str
    date: date | None
    articles: tuple[str, ...]
    text: str
    container: str = "declarations"  # which part of the document it came from


@dataclass
class TreatyStatus:
    """Everything the parser reads from one MTDSG document."""

    title: str
    chapter: str
    number: str
    conclusion: str
    conclusion_date: date | None
    entry_into_force: str
    entry_into_force_date: date | None
    registration: str
    signatories_count: int | None
    parties_count: int | None
    headers: list[str]
    participants: list[Participant]
    sections: list[Section] = field(default_factory=list)
    end_notes: dict[str, str] = field(default_factory=dict)

    def counted_signatories(self) -> int:
        """Signature cells not in brackets (succession to signature included), as UNTC counts."""
        return sum(1 for p in self.participants if p.signature and not p.signature.withdrawn)

    def counted_parties(self) -> int:
        """Consent cells not in brackets, as UNTC counts (a provisional action is never among them)."""
        return sum(1 for p in self.participants if p.consent and not p.consent.withdrawn)


def parse_date(text: str | None, *, file: str = "status.csv") -> date | None:
    """An ISO date from a stored cell, None when empty; DataFileError when malformed."""
    if text is None or text == "" or (isinstance(text, float) and math.isnan(text)):
        return None
    try:
        return date.fromisoformat(str(text))
    except ValueError as exc:
        raise DataFileError(f"{file} holds a malformed date {str(text)[:20]!r}", source=file) from exc
