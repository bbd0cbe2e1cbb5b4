"""The data contract: parsed types, the public table columns, action names and validation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from monitor.errors import InvalidTreatyId, ValidationFailed

# UNTC's mtdsg_no: a Roman chapter (I-XXXIX), an optional sub-chapter letter (XI-A-16), a number
# with an optional letter (III-2-12b), then up to two parts of a number or lower-case letters
# (IV-8-b, XXVII-7-d). Only letters, digits and single dashes: no id can carry a path or a query.
TREATY_ID_RE = re.compile(r"^(?P<chapter>(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))-(?:[A-Z]-)?[1-9][0-9]{0,2}[a-z]?"
                          r"(?:-(?:[a-z]{1,2}|[1-9][0-9]{0,2}[a-z]?)){0,2}$")

STATUS_COLUMNS = [
    "participant", "iso3",
    "signature_date", "signature_action", "signature_withdrawn",
    "consent_date", "consent_action", "consent_withdrawn",
    "footnotes",
]
DECLARATION_COLUMNS = ["participant", "iso3", "section", "title", "date", "articles", "text"]
CHANGE_COLUMNS = ["detected_at", "treaty", "iso3", "participant", "event", "action_date", "detail"]

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
CONSENT_ACTIONS = ("ratification",) + tuple(v for v in MARKERS.values()
                                            if v != "confirmation_ad_referendum")
# Consent actions that do not make a party: UNTC's header counts leave them out (XXI-8: 41 parties,
# not the 42 with its one provisional application).
NON_BINDING_ACTIONS = ("provisional_application",)
# How far UNTC's own header count may be off before a table is refused rather than published with
# a warning: it miscounts by one now and then (V-3), while a truncated page is off by much more.
COUNT_TOLERANCE, COUNT_TOLERANCE_SHARE = 2, 0.05
# Before this, a date is garbage, not history (the oldest treaties UNTC tracks are of the 1900s).
EARLIEST_DATE = date(1850, 1, 1)

# The event a newly seen consent action is logged as in changes.csv.
CONSENT_EVENTS = {
    "ratification": "ratified", "accession": "acceded", "succession": "succeeded",
    "acceptance": "accepted", "approval": "approved", "formal_confirmation": "confirmed",
    "definitive_signature": "signed_definitively",
    "provisional_application": "applied_provisionally", "participation": "participated",
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
    consent: Action | None = None


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
        """Binding consent cells not in brackets, as UNTC counts."""
        return sum(1 for p in self.participants if p.consent and not p.consent.withdrawn
                   and p.consent.action not in NON_BINDING_ACTIONS)


def check_treaty_id(treaty_id: str) -> str:
    """Return the id if it is a valid UNTC mtdsg_no, else raise InvalidTreatyId."""
    if not isinstance(treaty_id, str) or not TREATY_ID_RE.match(treaty_id):
        raise InvalidTreatyId(f"{treaty_id!r} is not a valid UNTC treaty id")
    return treaty_id


def count_problem(what: str, counted: int, header: int | None) -> tuple[str, bool]:
    """('', ok) when the table agrees with the header; else the message and whether it is small."""
    if header is None or counted == header:
        return "", True
    gap = abs(counted - header)
    small = gap <= COUNT_TOLERANCE and gap <= COUNT_TOLERANCE_SHARE * max(header, counted)
    return f"the table has {counted} {what}, the header says {header}", small


def check_status(status: TreatyStatus, treaty_id: str, today: date | None = None) -> list[str]:
    """Raise ValidationFailed unless the document is consistent; return the warnings to publish with it.

    A header count off by a little (see COUNT_TOLERANCE) is a warning, more is a refusal.
    """
    today = today or date.today()
    problems, warnings = [], []
    if not status.participants:
        # No one has acted yet is possible (XIX-29) only if UNTC's header does not count anyone.
        if status.signatories_count or status.parties_count:
            problems.append("the participants table is empty")
        else:
            warnings.append("the participants table is empty: no State has signed or joined yet")
    for what, counted, header in (("signatories", status.counted_signatories(), status.signatories_count),
                                  ("parties", status.counted_parties(), status.parties_count)):
        message, small = count_problem(what, counted, header)
        if message:
            (warnings if small else problems).append(message)
    names = [p.name for p in status.participants]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        problems.append(f"participants listed twice: {', '.join(dupes)}")
    for p in status.participants:
        for act in (p.signature, p.consent):
            if act and not (EARLIEST_DATE <= act.date <= today):
                problems.append(f"{p.name}: implausible date {act.date.isoformat()}")
            elif act and status.conclusion_date and act.date < status.conclusion_date:
                # UNTC's own slip (XIV-4: Finland signed "21 Apr 1971", the treaty is of 29 Oct 1971):
                # a real entry of the table, kept as UNTC lists it, not a reason to go blind on the treaty.
                warnings.append(f"{p.name}: {act.action.replace('_', ' ')} dated {act.date.isoformat()}, before "
                                f"the treaty's conclusion ({status.conclusion_date.isoformat()})")
    if problems:
        raise ValidationFailed("; ".join(problems), treaty=treaty_id)
    return warnings


def untc_status_page(treaty: str = "IV-13") -> str:
    """The human-readable UNTC status page of a treaty."""
    chapter = treaty.split("-")[0]
    roman = {"I": 1, "V": 5, "X": 10, "L": 50}
    number, previous = 0, 0
    for char in reversed(chapter):
        value = roman[char]
        number, previous = (number - value, previous) if value < previous else (number + value, value)
    return (f"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={treaty}"
            f"&chapter={number}&clang=_en")


# --- Status categories (what the dashboard shows; monitor.analysis derives them) --------------------

PARTY_RATIFICATION = "Party (ratification)"
PARTY_ACCESSION = "Party (accession or succession)"
SIGNED = "Signed, not ratified"
NO_ACTION = "No action"
WITHDRAWN = "Withdrawn"
STATUS_ORDER = [PARTY_RATIFICATION, PARTY_ACCESSION, SIGNED, NO_ACTION, WITHDRAWN]
PARTY_STATUSES = (PARTY_RATIFICATION, PARTY_ACCESSION)

# Okabe-Ito colours (safe for the common colour-vision deficiencies); status is also always
# written in text, so colour is never the only carrier.
STATUS_COLORS = {
    PARTY_RATIFICATION: "#0072B2",  # blue
    PARTY_ACCESSION: "#56B4E9",  # sky blue
    SIGNED: "#E69F00",  # orange
    NO_ACTION: "#BDBDBD",  # grey (darker than the plain land of non-States)
    WITHDRAWN: "#CC79A7",  # reddish purple
}
