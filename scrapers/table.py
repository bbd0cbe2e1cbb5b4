"""The participants table of an MTDSG document: each column's role from its header, each cell's action (pure)."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from contract.errors import LayoutChanged
from contract.model import APPLICATION, MARKERS, NON_BINDING_ACTIONS, Action, Participant
from scrapers.text import SUPERSCRIPT_RE, clean, date_of, split_footnotes

UNSEEN = object()  # a cell not parsed yet (None is an empty one)
CELL_RE = re.compile(r"^(\d{1,2})\s+([^\W\d_]+)\.?\s+(\d{4})(?:\s+([A-Za-z]{1,2}))?$")


# Words that name a kind of consent in a column header or one of its terms, most specific first.
ACTION_WORDS = [
    ("provisional application", "provisional_application"), ("provisional acceptance", "provisional_acceptance"),
    ("definitive signature", "definitive_signature"),
    ("participation", "participation"), ("formal confirmation", "formal_confirmation"),
    ("acceptance", "acceptance"), ("approval", "approval"), ("accession", "accession"),
    ("succession", "succession"), ("ratification", "ratification"),
]


def column_role(header: str) -> str:
    """Tell a column's role from its header text (orders and wordings differ per treaty).

    Roles: participant, signature, consent (binding: makes a party), provisional (a provisional
    application only, not counted as a party by UNTC) or other (notifications, extensions, ...).
    """
    text = clean(SUPERSCRIPT_RE.sub("", header)).lower()
    if text.startswith("participant"):
        return "participant"
    if text.startswith("signature"):
        return "signature"
    if text.startswith("notification"):  # "Notification under article 25", "... of non-provisional application"
        return "other"
    # "Provisional application by virtue of signature, adoption of the Agreement or accession thereto":
    # the first term says what the column is; later ones may name other acts in passing.
    if action_kind(header_terms(text)[0]) in NON_BINDING_ACTIONS:
        return "provisional"
    if text.startswith(APPLICATION):  # "Application" alone: see APPLICATION; "territorial application" is not it
        return "consent"
    if any(word in text for word, _ in ACTION_WORDS) or "consent to be bound" in text:
        return "consent"
    return "other"


def header_terms(header: str) -> list[str]:
    """The terms of a header, split at commas outside parentheses ("Accession(a), Succession(d)")."""
    return [t.strip() for t in re.split(r",(?![^()]*\))", clean(header))]


def action_kind(term: str) -> str:
    """The contract's consent kind a header term names ('Definitive signature of the Protocol')."""
    lowered = term.lower()
    if lowered.startswith(APPLICATION):
        return APPLICATION
    for word, kind in ACTION_WORDS:
        if word in lowered:
            return kind
    return "ratification"


@lru_cache(maxsize=512)  # a pure function of the header text, called for every cell
def unmarked_action(header: str) -> str:
    """The action a date without marker means: the first term in the header without '(x)'."""
    for term in header_terms(header):
        if term and not re.search(r"\(\s*[A-Za-z]{1,2}\s*\)$", term):
            return action_kind(term)
    return "ratification"


@lru_cache(maxsize=512)
def header_markers(header: str) -> dict[str, str]:
    """Markers a header defines itself, e.g. 'Simplified procedure(p)' or 'Consent to be bound(P)'."""
    found = {}
    for term in header_terms(header):
        match = re.search(r"^(.*?)\(\s*([A-Za-z]{1,2})\s*\)$", term)
        if match:
            found[match.group(2)] = action_kind(match.group(1))
    return found


@lru_cache(maxsize=512)  # a pure function of the header text, the same for every cell under it
def cell_markers(header: str) -> dict[str, str]:
    """What each marker means in a column: what MARKERS says; one UNTC does not use elsewhere means what the
    header says, and so does one the header makes provisional ("Provisional acceptance(A)"): provisional is
    never consent."""
    return MARKERS | {m: kind for m, kind in header_markers(header).items()
                      if m not in MARKERS or kind in NON_BINDING_ACTIONS}


def parse_cell(raw: str, role: str, header: str) -> Action | None:
    """Parse one table cell: a date, an optional marker, optional [brackets] for withdrawn."""
    match, withdrawn = CELL_RE.match(raw), False  # most cells are a plain date, with nothing to clean
    if match is None:
        text = clean(raw)
        if not text:
            return None
        withdrawn = text.startswith("[") and text.endswith("]")
        if withdrawn:
            text = text[1:-1].strip()
        match = CELL_RE.match(text)
    when = date_of(*match.group(1, 2, 3)) if match else None
    if when is None:
        raise LayoutChanged(f"cannot read the table cell {raw!r} under {clean(header)!r}")
    marker = match.group(4)
    known = cell_markers(header) if marker else MARKERS
    if marker and marker not in known:
        raise LayoutChanged(f"unknown action marker {marker!r} in cell {raw!r}")
    if role == "signature":
        action = "succession" if marker == "d" else (known[marker] if marker else "signature")
    elif role == "provisional":  # the column is provisional, whatever a marker in it says
        action = known[marker] if marker and known[marker] in NON_BINDING_ACTIONS else unmarked_action(header)
        action = action if action in NON_BINDING_ACTIONS else "provisional_application"
    else:
        action = known[marker] if marker else unmarked_action(header)
    return Action(when, action, withdrawn)


def table_cells(root: etree._Element) -> tuple[list[str], list[list[str]]]:
    """Header texts and row cells of the participants table.

    Some documents have no <Participants> table and carry it in <SpecialTables> instead, as
    TableHeader/Title and Row/Column (seen second-hand, in zmjones/untreaties' scraper).
    """
    headers = [entry.text or "" for entry in root.findall("Participants/Table/TGroup/Thead/Row/Entry")]
    if headers:
        rows = root.iterfind("Participants/Table/TGroup/Tbody//Row")
        # Iterating a row's children is twice as fast as findall() (a path compiled and run per row).
        return headers, [[entry.text or "" for entry in row if entry.tag == "Entry"] for row in rows]
    special = root.find("SpecialTables//TableHeader/..")
    if special is None:
        return [], []
    headers = [title.text or "" for title in special.find("TableHeader").findall("Title")]
    return headers, [[cell.text or "" for cell in row if cell.tag == "Column"] for row in special.iter("Row")]


def parse_participants(root: etree._Element) -> tuple[list[str], list[Participant]]:
    """Read the participants table, finding each column's role by its header."""
    headers, rows = table_cells(root)
    if not headers:
        raise LayoutChanged("the document has no participants table")
    if not rows:  # no one has acted yet (XIX-29, I-3): nothing to misread, whatever the columns
        return headers, []
    roles = [column_role(h) for h in headers]
    if roles.count("participant") != 1 or not {"consent", "provisional", "signature"} & set(roles):
        raise LayoutChanged(f"unrecognised table headers {[clean(h) for h in headers]}: the table records "
                            "no signature or consent to be bound (e.g. admissions to the UN, I-2), which this "
                            "monitor does not read")
    name_at = roles.index("participant")
    # The columns actions are read from, once per table: signature columns first, then consent ones, then
    # provisional ones; within each kind, a participant's first action wins (see better). A third of a table's
    # cells repeat one above in their column (a treaty's opening day, a deposit day shared by several States):
    # each column keeps what its distinct cells say, so each is parsed once per table.
    columns = [(i, role, headers[i], role == "signature", {}) for wanted in ("signature", "consent", "provisional")
               for i, role in enumerate(roles) if role == wanted]
    participants = []
    for cells in rows:
        if len(cells) != len(headers):
            raise LayoutChanged(f"a table row has {len(cells)} cells for {len(headers)} headers")
        name, notes = split_footnotes(cells[name_at])
        if not name:
            raise LayoutChanged("a table row has no participant name")
        signature = consent = provisional = None
        for i, role, header, signing, seen in columns:
            raw = cells[i]
            if not raw:  # most cells of a table are empty
                continue
            action = seen.get(raw, UNSEEN)
            if action is UNSEEN:
                action = seen[raw] = parse_cell(raw, role, header)
            if action is None:
                continue
            if signing:
                signature = better(signature, action)
            elif action.action in NON_BINDING_ACTIONS:
                provisional = better(provisional, action)
            else:
                consent = better(consent, action)
        participants.append(Participant(name, notes, signature, consent, provisional))
    return headers, participants


def better(first: Action | None, other: Action) -> Action:
    """Of a participant's actions of one kind, in column order: the first one not in brackets, else the first.

    Tables may split consent over several columns (the Protocol / the Convention as amended,
    participation / ratification); a State fills one of them, or denounced one in [brackets] and
    joined by the other, which then counts.
    """
    return other if first is None or (first.withdrawn and not other.withdrawn) else first
