"""Pure parsing of UNTC MTDSG XML documents: bytes in, TreatyStatus out. No I/O here."""

from __future__ import annotations

import html
import re
from datetime import date
from functools import lru_cache

from lxml import etree

from monitor.errors import LayoutChanged
from monitor.model import MARKERS, Action, Participant, Section, TreatyStatus

MONTHS = {
    # English (3-letter in tables, full in declarations) and French (UNTC's .fr.xml edition).
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "janv": 1, "févr": 2, "fevr": 2, "mars": 3, "avr": 4, "mai": 5, "juin": 6, "juil": 7,
    "août": 8, "aout": 8, "déc": 12, "janvier": 1, "février": 2, "avril": 4, "juillet": 7,
    "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
}
DATE_RE = re.compile(r"^(\d{1,2})\s+([^\W\d_]+)\.?\s+(\d{4})$")
CELL_RE = re.compile(r"^(\d{1,2}\s+[^\W\d_]+\.?\s+\d{4})(?:\s+([A-Za-z]{1,2}))?$")
SUPERSCRIPT_RE = re.compile(r"<superscript>\s*([^<]*?)\s*</superscript>", re.I)
# UNTC's own pseudo-HTML; any other tag-like text is kept as text, so hostile markup stays visible.
TAG_RE = re.compile(r"</?(?:i|b|u|em|strong|a|superscript|subscript|sup|sub|right|center|br|p|span)"
                    r"(?:\s[^<>]{0,400})?/?>", re.I)
RIGHT_RE = re.compile(r"<right>(.*?)</right>", re.I | re.S)
# A paragraph that is only a short italic phrase is a sub-heading on the page ("<i>Reservation:</i>",
# "<i>Article 31</i>"): UNTC writes many headings that way instead of as type="title".
ITALIC_HEADING_RE = re.compile(r"^\s*<i>\s*([^<>]{1,80}?)\s*</i>\s*:?\s*$", re.I)
# Control bytes other than tab/LF/CR are illegal in XML.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A bare '&' that starts no entity: the same corruption as above, of U+2026 (…).
BARE_AMP_RE = re.compile(r"&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]{0,31};)")
ENCODING_RE = re.compile(rb"^\s*<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']")
XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
ARTICLE_RE = re.compile(r"\barticles?\s+((?:\d{1,3}(?:\s*\(\d+\))?(?:\s*,\s*|\s+and\s+|\s+et\s+)?)+)", re.I)
KIND_WORDS = [  # first match wins, so the more specific words come first
    ("objection", "objection"), ("reservation", "reservation"), ("réserve", "reservation"),
    ("notification", "notification"), ("communication", "communication"),
    ("declaration", "declaration"), ("déclaration", "declaration"),
]
CONTAINERS = {
    "Declarations": "declaration", "Objections": "objection",
    "DeclarationsUnderArticle": "declaration", "TerritorialApplications": "territorial_application",
    "Notifications": "notification",
}


def decode_document(data: bytes) -> str:
    """Decode the bytes and undo UNTC's encoding damage so a strict XML parser accepts them."""
    match = ENCODING_RE.match(data)
    encoding = match.group(1).decode("ascii") if match else "utf-8"
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as exc:
        raise LayoutChanged(f"the document is not valid {encoding} text ({exc})") from exc
    # UNTC wrote characters outside Latin-1 as one byte, the low byte of the code point:
    # 0x1C is U+201C “, 0x13 is U+2013 –, 0x02 is U+2002 (a space). All lie in U+2000-U+201F.
    text = CONTROL_RE.sub(lambda m: chr(0x2000 + ord(m.group())), text)
    text = BARE_AMP_RE.sub("\u2026", text)
    return XML_DECL_RE.sub("", text, count=1)


def clean(text: str | None) -> str:
    """Unescape pseudo-HTML, drop its tags and fold every kind of whitespace to one blank."""
    if not text:
        return ""
    text = html.unescape(TAG_RE.sub(" ", text.replace("\u2002", " ")))
    return " ".join(text.split())


def split_footnotes(raw: str) -> tuple[str, tuple[str, ...]]:
    """Split 'China<superscript>5,6,7</superscript>' (or page text 'Belarus7') into name and notes."""
    notes: list[str] = []
    for group in SUPERSCRIPT_RE.findall(raw or ""):
        notes += [n for n in re.split(r"[,\s]+", group) if n]
    name = clean(SUPERSCRIPT_RE.sub("", raw or ""))
    glued = re.search(r"(?<=[^\d\s,])(\d{1,3}(?:,\d{1,3})*)$", name)  # no State's name ends in a digit
    if glued:
        notes += glued.group(1).split(",")
        name = name[: glued.start()].strip()
    return name, tuple(notes)


def parse_date(text: str) -> date | None:
    """Parse '5 Jun 2007', '12 January 2018' or '5 juin 2007'; None if it is not such a date."""
    match = DATE_RE.match(" ".join((text or "").split()))
    if not match:
        return None
    day, month_name, year = match.groups()
    month = MONTHS.get(month_name.lower()) or MONTHS.get(month_name.lower()[:3])
    if not month:
        return None
    try:
        return date(int(year), month, int(day))
    except ValueError:
        return None


# Words that name a kind of consent in a column header or one of its terms, most specific first.
ACTION_WORDS = [
    ("provisional application", "provisional_application"), ("definitive signature", "definitive_signature"),
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
    if "provisional application" in header_terms(text)[0]:
        return "provisional"
    if any(word in text for word, _ in ACTION_WORDS) or "consent to be bound" in text:
        return "consent"
    return "other"


def header_terms(header: str) -> list[str]:
    """The terms of a header, split at commas outside parentheses ("Accession(a), Succession(d)")."""
    return [t.strip() for t in re.split(r",(?![^()]*\))", clean(header))]


def action_kind(term: str) -> str:
    """The contract's consent kind a header term names ('Definitive signature of the Protocol')."""
    lowered = term.lower()
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


def parse_cell(raw: str, role: str, header: str) -> Action | None:
    """Parse one table cell: a date, an optional marker, optional [brackets] for withdrawn."""
    text = clean(raw)
    if not text:
        return None
    withdrawn = text.startswith("[") and text.endswith("]")
    if withdrawn:
        text = text[1:-1].strip()
    match = CELL_RE.match(text)
    when = parse_date(match.group(1)) if match else None
    if when is None:
        raise LayoutChanged(f"cannot read the table cell {raw!r} under {clean(header)!r}")
    marker = match.group(2)
    # A marker means what MARKERS says; one UNTC does not use elsewhere means what its header says.
    known = MARKERS if not marker or marker in MARKERS else header_markers(header)
    if marker and marker not in known:
        raise LayoutChanged(f"unknown action marker {marker!r} in cell {raw!r}")
    if role == "signature":
        action = "succession" if marker == "d" else (known[marker] if marker else "signature")
    elif role == "provisional":
        action = "provisional_application"
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
        return headers, [[entry.text or "" for entry in row.findall("Entry")] for row in rows]
    special = root.find("SpecialTables//TableHeader/..")
    if special is None:
        return [], []
    headers = [title.text or "" for title in special.find("TableHeader").findall("Title")]
    return headers, [[cell.text or "" for cell in row.findall("Column")] for row in special.iter("Row")]


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
                            "no signature or consent to be bound (e.g. an application to an agency or an "
                            "admission), which this monitor does not read")
    name_at = roles.index("participant")
    participants = []
    for cells in rows:
        if len(cells) != len(headers):
            raise LayoutChanged(f"a table row has {len(cells)} cells for {len(headers)} headers")
        name, notes = split_footnotes(cells[name_at])
        if not name:
            raise LayoutChanged("a table row has no participant name")
        signature = first_action(cells, headers, roles, ("signature",))
        consent = first_action(cells, headers, roles, ("consent", "provisional"))
        participants.append(Participant(name, notes, signature, consent))
    return headers, participants


def first_action(cells: list[str], headers: list[str], roles: list[str], wanted: tuple[str, ...]) -> Action | None:
    """The participant's action from the first filled column of the wanted roles, in that order.

    Tables may split consent over several columns (the Protocol / the Convention as amended,
    participation / ratification); a State fills one of them, or denounced one in [brackets] and
    joined by the other, which then counts. A provisional application counts only where the State
    has no binding consent.
    """
    found = [action for role in wanted for i, column_role_ in enumerate(roles) if column_role_ == role
             for action in [parse_cell(cells[i], role, headers[i])] if action]
    return next((a for a in found if not a.withdrawn), found[0] if found else None)


def section_kind(title: str, default: str) -> str:
    """Name a section by the first kind word in its title, else the container's default."""
    lowered = title.lower()
    for word, kind in KIND_WORDS:
        if word in lowered:
            return kind
    return default


def articles_in(text: str) -> tuple[str, ...]:
    """Article numbers named in a text ('articles 76 and 77' gives 76, 77)."""
    found: list[str] = []
    for group in ARTICLE_RE.findall(text):
        for number in re.findall(r"(\d{1,3})(?!\))", re.sub(r"\(\d+\)", "", group)):
            if number not in found:
                found.append(number)
    return tuple(found)


def parse_sections(element: etree._Element, container: str, name: str = "") -> list[Section]:
    """Split one <Declaration>-like element into titled sections with their dates."""
    name = name or split_footnotes(element.findtext("Participant") or "")[0]
    default = CONTAINERS.get(container, "declaration")
    sections: list[Section] = []
    current_date: date | None = None
    kind, title, paras = default, "", []

    def close() -> None:
        if title or paras:
            body = "\n".join(paras)
            sections.append(Section(name, kind, title, current_date, articles_in(title), body, container))

    for node in element.findall("text"):
        raw = node.text or ""
        right = RIGHT_RE.search(raw)
        if right:  # a later declaration's date, right-aligned on the page
            close()
            kind, title, paras = default, "", []
            current_date = parse_date(clean(right.group(1)))
        elif node.get("type") == "title" or ITALIC_HEADING_RE.match(raw):
            heading = clean(raw).rstrip(":").strip()
            if paras:
                close()
                title, paras = heading, []
            else:  # consecutive headings ("Declarations:" then "Article 8 (2):") form one title
                title = f"{title}: {heading}" if title else heading
            if container in ("Declarations", "DeclarationsUnderArticle"):
                kind = section_kind(heading, kind if title != heading else default)
        elif clean(raw):
            paras.append(clean(raw))
    close()
    return sections


def parse_fields(element: etree._Element, container: str, name: str = "") -> list[Section]:
    """One row of a table-like container: a participant, a date and text fields, no <text> paragraphs.

    IV-5's territorial application is <Application> with <Participant>, <DateNotification> and
    <Territories>; the field names are not relied on: a field that is a date is the date.
    """
    name = name or split_footnotes(element.findtext("Participant") or "")[0]
    when, texts = None, []
    for field in element:
        value = clean(field.text)
        if field.tag == "Participant" or not value:
            continue
        day = parse_date(value) if when is None else None
        if day:
            when = day
        else:
            texts.append(value)
    if when is None and not texts:
        return []  # IV-5's Guyana: an entry with only a participant name (its text is in an end note)
    kind = CONTAINERS.get(container, "declaration")
    return [Section(name, kind, kind.replace("_", " ").capitalize(), when, (), "\n".join(texts), container)]


def parse_container(treaty: etree._Element, container: str) -> list[Section]:
    """Every participant's sections in one container (Declarations, TerritorialApplications, ...)."""
    sections = []
    previous = ""
    for element in treaty.iterfind(f"{container}/*"):
        if element.find("Participant") is None:
            continue  # the container's own <Title> and <Header>
        # An empty <Participant/> continues the row above (a second territory, a later declaration).
        name = split_footnotes(element.findtext("Participant") or "")[0] or previous
        if not name:
            raise LayoutChanged(f"the first entry of <{container}> has no participant name")
        previous = name
        if element.find("text") is not None:
            sections += parse_sections(element, container, name)
        else:
            sections += parse_fields(element, container, name)
    return sections


def parse_end_notes(root: etree._Element) -> dict[str, str]:
    """Map each end-note number to its text."""
    notes = {}
    for note in root.iterfind("EndNotes/Note"):
        index = clean(note.findtext("index"))
        if index:
            notes[index] = "\n".join(clean(t.text) for t in note.findall("text") if clean(t.text))
    return notes


def header_text(external: etree._Element, *paths: str) -> str:
    """The first non-empty of some header fields, without its footnote marks.

    Protocols (IV-3-a, XVIII-12-b) have Subtitlesect instead of Titlesect; IV-8's Conclusion
    ends in a footnote mark ("18 December 1979<superscript>1</superscript>").
    """
    for path in paths:
        text = clean(SUPERSCRIPT_RE.sub("", external.findtext(path) or ""))
        if text:
            return text
    return ""


def header_int(external: etree._Element, path: str) -> int | None:
    """An integer from the header, None when absent."""
    text = clean(external.findtext(path))
    return int(text) if text.isdigit() else None


def leading_date(text: str) -> date | None:
    """The date a header text starts with ('1 July 2003, in accordance with ...')."""
    match = re.match(r"^(\d{1,2}\s+[^\W\d_]+\s+\d{4})", text)
    return parse_date(match.group(1)) if match else None


def first_date(text: str) -> date | None:
    """The first date anywhere in a text: the place may have commas ('Lake Success, New York, 4 May 1949')."""
    for match in re.finditer(r"\b\d{1,2}\s+[^\W\d_]+\s+\d{4}\b", text):
        found = parse_date(match.group())
        if found:
            return found
    return None


def parse_xml_root(data: bytes) -> etree._Element:
    """Parse the repaired document safely (no network, no entities, no DTD)."""
    if not data or not data.strip():
        raise LayoutChanged("the document is empty")
    head = data[:2048].lower()
    if b"<html" in head or b"<!doctype html" in head:
        raise LayoutChanged("got an HTML page instead of the XML document")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(decode_document(data).encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise LayoutChanged(f"the XML is broken or truncated ({exc})") from exc
    if root.tag != "Document" or root.find("Treaty") is None:
        raise LayoutChanged(f"the XML root is <{root.tag}>, not a UNTC <Document><Treaty>")
    return root.find("Treaty")


def parse_status(data: bytes) -> TreatyStatus:
    """Parse one MTDSG XML document into a TreatyStatus; raise LayoutChanged if it is not one."""
    treaty = parse_xml_root(data)
    external = treaty.find("Header/ExternalData")
    if external is None:
        raise LayoutChanged("the document has no header (Header/ExternalData)")
    headers, participants = parse_participants(treaty)
    sections = [s for container in CONTAINERS for s in parse_container(treaty, container)]
    conclusion = header_text(external, "Conclusion")
    eif = header_text(external, "EIF/Labeltext")
    number = "-".join(filter(None, (header_text(external, "Numsect"), header_text(external, "Subnumsect"))))
    return TreatyStatus(
        title=header_text(external, "Titlesect", "Subtitlesect"),
        chapter=clean(treaty.findtext("Header/Chapter/Header")).replace("CHAPTER", "").strip(),
        number=number,
        conclusion=conclusion,
        conclusion_date=first_date(conclusion),
        entry_into_force=eif,
        entry_into_force_date=leading_date(eif),
        registration=header_text(external, "Registration/Labeltext"),
        signatories_count=header_int(external, "Status/Signatories"),
        parties_count=header_int(external, "Status/Parties"),
        headers=[clean(SUPERSCRIPT_RE.sub("", h)) for h in headers],
        participants=participants,
        sections=sections,
        end_notes=parse_end_notes(treaty),
    )
