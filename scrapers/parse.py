"""Pure parsing of UNTC MTDSG XML documents: bytes in, TreatyStatus out. No I/O here."""

from __future__ import annotations

import codecs
import re
from datetime import date

from lxml import etree

from contract.errors import LayoutChanged
from contract.model import Section, TreatyStatus
from scrapers.table import parse_participants
from scrapers.text import SUPERSCRIPT_RE, clean, parse_date, split_footnotes

RIGHT_RE = re.compile(r"<right>(.*?)</right>", re.I | re.S)
# A paragraph that is only a short italic phrase is a sub-heading on the page ("<i>Reservation:</i>",
# "<i>Article 31</i>"): UNTC writes many headings that way instead of as type="title".
ITALIC_HEADING_RE = re.compile(r"^\s*<i>\s*([^<>]{1,80}?)\s*</i>\s*:?\s*$", re.I)
# Control bytes other than tab/LF/CR are illegal in XML. In the ASCII-compatible encodings UNTC declares
# (ISO-8859-1, UTF-8), each is one byte that no other character's bytes contain.
CONTROL_BYTES = bytes(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D))
OTHER_BYTES = bytes(c for c in range(0x100) if c not in CONTROL_BYTES)
# A bare '&' that starts no entity: the same corruption as above, of U+2026 (…).
BARE_AMP_RE = re.compile(rb"&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]{0,31};)")
ENCODING_RE = re.compile(rb"^\s*<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']")
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


def repair_document(data: bytes) -> bytes:
    """Undo UNTC's encoding damage in the bytes, so a strict XML parser accepts them.

    Works on the bytes, with character references for what it puts back, so the parser decodes the
    document once, by its own declaration (decoding, repairing and encoding again took as long as the parse).
    """
    match = ENCODING_RE.match(data)
    encoding = match.group(1).decode("ascii") if match else "utf-8"
    try:
        # Every byte is valid ISO-8859-1, UNTC's usual encoding: only another one needs checking.
        if codecs.lookup(encoding).name != "iso8859-1":
            data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as exc:
        raise LayoutChanged(f"the document is not valid {encoding} text ({exc})") from exc
    # UNTC wrote characters outside Latin-1 as one byte, the low byte of the code point:
    # 0x1C is U+201C “, 0x13 is U+2013 –, 0x02 is U+2002 (a space). All lie in U+2000-U+201F.
    for byte in set(data.translate(None, OTHER_BYTES)):  # the control bytes the document holds (often none)
        data = data.replace(bytes((byte,)), b"&#x%X;" % (0x2000 + byte))
    return BARE_AMP_RE.sub(b"&#x2026;", data) if b"&" in data else data


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
        markup = "<" in raw  # a plain paragraph (most of them) needs no pattern searched through it
        right = RIGHT_RE.search(raw) if markup else None
        if right:  # a later declaration's date, right-aligned on the page
            close()
            kind, title, paras = default, "", []
            current_date = parse_date(clean(right.group(1)))
        elif node.get("type") == "title" or (markup and ITALIC_HEADING_RE.match(raw)):
            heading = clean(raw).rstrip(":").strip()
            if paras:
                close()
                title, paras = heading, []
            else:  # consecutive headings ("Declarations:" then "Article 8 (2):") form one title
                title = f"{title}: {heading}" if title else heading
            if container in ("Declarations", "DeclarationsUnderArticle"):
                kind = section_kind(heading, kind if title != heading else default)
        elif paragraph := clean(raw):
            paras.append(paragraph)
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
        participant = element.find("Participant")
        if participant is None:
            continue  # the container's own <Title> and <Header>
        # An empty <Participant/> continues the row above (a second territory, a later declaration).
        name = split_footnotes(participant.text or "")[0] or previous
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
            notes[index] = "\n".join(filter(None, (clean(t.text) for t in note.findall("text"))))
    return notes


# The header fields read, as paths below <Header><ExternalData>.
HEADER_PATHS = ("Titlesect", "Subtitlesect", "Numsect", "Subnumsect", "Conclusion", "EIF/Labeltext",
                "Registration/Labeltext", "Status/Signatories", "Status/Parties")


def header_fields(external: etree._Element) -> dict[str, str]:
    """The text of each of HEADER_PATHS (absent: not in the dict), as findtext(path) gives it, read in one
    walk over the header's children (a path search per field cost more than the rest of the header)."""
    leaves: dict[str, list[str]] = {}
    for path in HEADER_PATHS:
        parent, _, leaf = path.partition("/")
        leaves.setdefault(parent, []).append(leaf)
    fields: dict[str, str] = {}
    for child in external:
        for leaf in leaves.get(child.tag, ()) if isinstance(child.tag, str) else ():
            path = f"{child.tag}/{leaf}" if leaf else child.tag
            value = child.findtext(leaf) if leaf else (child.text or "")
            if path not in fields and value is not None:  # the first one found, as findtext takes
                fields[path] = value
    return fields


def header_text(fields: dict[str, str], *paths: str) -> str:
    """The first non-empty of some header fields (see header_fields), without its footnote marks.

    Protocols (IV-3-a, XVIII-12-b) have Subtitlesect instead of Titlesect; IV-8's Conclusion
    ends in a footnote mark ("18 December 1979<superscript>1</superscript>").
    """
    for path in paths:
        text = fields.get(path, "")
        text = clean(SUPERSCRIPT_RE.sub("", text) if "<" in text else text)
        if text:
            return text
    return ""


def header_int(fields: dict[str, str], path: str) -> int | None:
    """An integer from the header, None when absent."""
    text = clean(fields.get(path))
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
    if not data or data.isspace():  # (strip() would copy the whole document to say so)
        raise LayoutChanged("the document is empty")
    head = data[:2048].lower()
    if b"<html" in head or b"<!doctype html" in head:
        raise LayoutChanged("got an HTML page instead of the XML document")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(repair_document(data), parser)
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
    fields = header_fields(external)
    headers, participants = parse_participants(treaty)
    sections = [s for container in CONTAINERS for s in parse_container(treaty, container)]
    conclusion = header_text(fields, "Conclusion")
    eif = header_text(fields, "EIF/Labeltext")
    number = "-".join(filter(None, (header_text(fields, "Numsect"), header_text(fields, "Subnumsect"))))
    return TreatyStatus(
        title=header_text(fields, "Titlesect", "Subtitlesect"),
        chapter=clean(treaty.findtext("Header/Chapter/Header")).replace("CHAPTER", "").strip(),
        number=number,
        conclusion=conclusion,
        conclusion_date=first_date(conclusion),
        entry_into_force=eif,
        entry_into_force_date=leading_date(eif),
        registration=header_text(fields, "Registration/Labeltext"),
        signatories_count=header_int(fields, "Status/Signatories"),
        parties_count=header_int(fields, "Status/Parties"),
        headers=[clean(SUPERSCRIPT_RE.sub("", h)) for h in headers],
        participants=participants,
        sections=sections,
        end_notes=parse_end_notes(treaty),
    )
