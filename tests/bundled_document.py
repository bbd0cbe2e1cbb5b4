"""A realistic UNTC MTDSG document rebuilt from the bundled facts (data/<ID>/), for tests that need
a document but not a particular capture: they then run on a clone without ../shared.

The layout follows UNTC's (see ../shared/UNTC-FORMAT.md): ISO-8859-1, the header with its counts,
one <Row> per participant in alphabetical order with UNTC's indentation, dates such as
"5 Jun 2007 a", [brackets] for withdrawn actions, footnotes as escaped <superscript>, and the
declarations with their titles and dates. Declaration wording is not bundled: a short neutral
sentence stands in for it (one that recognises the committee's competence where the facts say so).
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd

from contract.model import MARKERS

DATA = Path(__file__).resolve().parents[1] / "data"
CONSENT_MARKERS = {action: marker for marker, action in MARKERS.items()}
CONSENT_HEADER = {"accession": "Accession(a)", "succession": "Succession(d)", "acceptance": "Acceptance(A)",
                  "approval": "Approval(AA)", "formal_confirmation": "Formal confirmation(c)",
                  "definitive_signature": "Definitive signature(s)", "participation": "Participation(P)"}
ROW_INDENT = " " * 14


def untc_date(iso: str) -> str:
    """'2007-06-05' as UNTC writes it: '5 Jun 2007'."""
    day = date.fromisoformat(iso)
    return f"{day.day} {day.strftime('%b')} {day.year}"


def cell(when: str, marker: str, withdrawn: str) -> str:
    """One table cell's text, '' when empty."""
    if not when:
        return ""
    text = untc_date(when) + (f" {marker}" if marker else "")
    return "[" + text + "]" if withdrawn == "true" else text


def entry(text: str) -> str:
    """A table cell as UNTC writes it: <Entry /> when empty."""
    return f"<Entry>{text}</Entry>" if text else "<Entry />"


def untc_document(headers: list[str], rows: list[list[str]], *, counts: tuple[int | None, int | None] = (None, None),
                  chapter: str = "V", number: str = "", sub: str = "", title: str = "Test",
                  conclusion: str = "New York, 1 January 1990", entry_into_force: str = "", registration: str = "",
                  extra: str = "") -> bytes:
    """An MTDSG document in UNTC's layout (ISO-8859-1, its indentation): the header with UNTC's counts
    (signatories, parties; None leaves one out), the participants table (`headers`, then each row's cells as
    XML text, '' for an empty cell), then `extra` (declarations, territorial applications...).

    The one builder of the tests' documents: hand-made ones of a few rows and the bundled treaties rebuilt."""
    status = "".join(f"          <{tag}>{n}</{tag}>\n"
                     for tag, n in zip(("Signatories", "Parties"), counts, strict=True) if n is not None)
    header = (f"    <Header>\n      <Chapter>\n        <Header>CHAPTER {chapter}</Header>\n      </Chapter>\n"
              f"      <ExternalData>\n        <Numsect>{escape(number)}</Numsect>\n"
              + (f"        <Subnumsect>{escape(sub)}</Subnumsect>\n" if sub else "")
              + f"        <Titlesect>{escape(title)}</Titlesect>\n"
              f"        <Conclusion>{escape(conclusion)}</Conclusion>\n"
              f"        <EIF>\n          <Labeltext>{escape(entry_into_force)}</Labeltext>\n"
              f"        </EIF>\n        <Registration>\n"
              f"          <Labeltext>{escape(registration)}</Labeltext>\n"
              f"        </Registration>\n        <Status>\n{status}        </Status>\n"
              "      </ExternalData>\n    </Header>\n")
    head = "".join(f"              <Entry colname=\"{i}\">{text}</Entry>\n" for i, text in enumerate(headers, 1))
    body = "".join(f"{ROW_INDENT}<Row>\n" + "".join(f"{ROW_INDENT}  {entry(c)}\n" for c in row)
                   + f"{ROW_INDENT}</Row>\n" for row in rows)
    table = ("    <Participants>\n      <Table colsep=\"0\" frame=\"none\" rowsep=\"0\">\n"
             f"        <TGroup cols=\"{len(headers)}\">\n          <Thead>\n            <Row rowsep=\"0\">\n{head}"
             "            </Row>\n          </Thead>\n          <Tbody>\n            <Rows>\n"
             + body + "            </Rows>\n          </Tbody>\n        </TGroup>\n      </Table>\n"
             "    </Participants>\n")
    text = ("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<Document>\n  <Treaty>\n" + header + table + extra
            + "  </Treaty>\n</Document>\n")
    return text.encode("iso-8859-1", "xmlcharrefreplace")


def name_with_notes(name: str, footnotes: str) -> str:
    """A participant name with its end-note numbers, escaped as UNTC does."""
    notes = footnotes.replace(";", ",")
    return escape(name) + (f"&lt;superscript&gt;{notes}&lt;/superscript&gt;" if notes else "")


def participants(status: pd.DataFrame) -> tuple[list[str], list[list[str]]]:
    """The participants table's headers (Participant | Signature | consent, headed by the actions it uses) and
    rows, in UNTC's alphabetical order."""
    used = [CONSENT_HEADER[a] for a in CONSENT_HEADER if a in set(status["consent_action"])]
    headers = ["Participant", "Signature, Succession to signature(d)", ", ".join(["Ratification", *used])]
    rows = []
    for row in status.sort_values("participant", kind="stable").to_dict("records"):
        signature_marker = "d" if row["signature_action"] == "succession" else ""
        action = row["consent_action"]
        consent_marker = "" if action == "ratification" else CONSENT_MARKERS.get(action, "")
        rows.append([name_with_notes(row["participant"], row["footnotes"]),
                     cell(row["signature_date"], signature_marker, row["signature_withdrawn"]),
                     cell(row["consent_date"], consent_marker, row["consent_withdrawn"])])
    return headers, rows


def section_text(row: dict) -> str:
    """A neutral stand-in for the UN's wording, which is not bundled."""
    if row["section"] == "competence":
        articles = " and ".join(row["articles"].split(";"))
        return f"The State recognizes the competence of the Committee under article {articles}."
    return f"Text of the {row['section'].replace('_', ' ')} (not bundled)."


# Where each section kind sits in the document: (container, element).
CONTAINERS = {"objection": ("Objections", "Objection"), "notification": ("Notifications", "Notification"),
              "territorial_application": ("TerritorialApplications", "Application")}


def declarations_xml(declarations: pd.DataFrame) -> str:
    """The declaration-like containers, one element per participant, each section a date, a title and a paragraph."""
    containers = declarations["section"].map(lambda s: CONTAINERS.get(s, ("Declarations", "Declaration")))
    parts = []
    for (container, element), rows in declarations.groupby(containers, sort=True):
        parts.append(f"    <{container}>\n")
        for participant, own in rows.groupby("participant", sort=True):
            parts.append(f"      <{element}>\n        <Participant>{escape(participant)}</Participant>\n")
            for row in own.to_dict("records"):
                if row["date"]:
                    right = f"&lt;right&gt;{untc_date(row['date'])}&lt;/right&gt;"
                    parts.append(f"        <text type=\"para\">{right}</text>\n")
                parts.append(f"        <text type=\"title\">{escape(row['title'] or 'Declaration')}:</text>\n")
                parts.append(f"        <text type=\"para\">{escape(section_text(row))}</text>\n")
            parts.append(f"      </{element}>\n")
        parts.append(f"    </{container}>\n")
    return "".join(parts)


@cache
def bundled_document(treaty: str = "IV-13") -> bytes:
    """The MTDSG XML of a bundled treaty, rebuilt from data/<treaty>/ (ISO-8859-1, like UNTC's)."""
    folder = DATA / treaty
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    status = pd.read_csv(folder / "status.csv", dtype=str, keep_default_na=False)
    declarations = pd.read_csv(folder / "declarations.csv", dtype=str, keep_default_na=False)
    chapter, number = treaty.split("-", 1)
    headers, rows = participants(status)
    return untc_document(headers, rows, counts=(meta.get("signatories"), meta.get("parties")), chapter=chapter,
                         number=number, title=meta["title"], conclusion=meta.get("conclusion", ""),
                         entry_into_force=meta.get("entry_into_force", ""), registration=meta.get("registration", ""),
                         extra=declarations_xml(declarations) + "    <EndNotes />\n")
