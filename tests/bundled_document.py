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
    """One table cell, <Entry /> when empty."""
    if not when:
        return "<Entry />"
    text = untc_date(when) + (f" {marker}" if marker else "")
    return f"<Entry>{'[' + text + ']' if withdrawn == 'true' else text}</Entry>"


def name_with_notes(name: str, footnotes: str) -> str:
    """A participant name with its end-note numbers, escaped as UNTC does."""
    notes = footnotes.replace(";", ",")
    return escape(name) + (f"&lt;superscript&gt;{notes}&lt;/superscript&gt;" if notes else "")


def participants_xml(status: pd.DataFrame) -> str:
    """The <Participants> table: Participant | Signature | consent, headed by the actions it uses."""
    used = [CONSENT_HEADER[a] for a in CONSENT_HEADER if a in set(status["consent_action"])]
    consent_header = ", ".join(["Ratification", *used])
    rows = []
    for row in status.sort_values("participant", kind="stable").to_dict("records"):
        signature_marker = "d" if row["signature_action"] == "succession" else ""
        action = row["consent_action"]
        consent_marker = "" if action == "ratification" else CONSENT_MARKERS.get(action, "")
        cells = [f"<Entry>{name_with_notes(row['participant'], row['footnotes'])}</Entry>",
                 cell(row["signature_date"], signature_marker, row["signature_withdrawn"]),
                 cell(row["consent_date"], consent_marker, row["consent_withdrawn"])]
        rows.append(f"{ROW_INDENT}<Row>\n" + "".join(f"{ROW_INDENT}  {c}\n" for c in cells) + f"{ROW_INDENT}</Row>\n")
    return ("    <Participants>\n      <Table colsep=\"0\" frame=\"none\" rowsep=\"0\">\n        <TGroup cols=\"3\">\n"
            "          <Thead>\n            <Row rowsep=\"0\">\n"
            "              <Entry colname=\"1\">Participant</Entry>\n"
            "              <Entry colname=\"2\">Signature, Succession to signature(d)</Entry>\n"
            f"              <Entry colname=\"3\">{consent_header}</Entry>\n"
            "            </Row>\n          </Thead>\n          <Tbody>\n            <Rows>\n"
            + "".join(rows) + "            </Rows>\n          </Tbody>\n        </TGroup>\n      </Table>\n"
            "    </Participants>\n")


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


def header_xml(meta: dict, treaty: str) -> str:
    """<Header> with the title, conclusion, entry into force, registration and UNTC's counts."""
    chapter, number = treaty.split("-", 1)
    status = "".join(f"          <{tag}>{meta[key]}</{tag}>\n" for tag, key in
                     (("Signatories", "signatories"), ("Parties", "parties")) if meta.get(key) is not None)
    return (f"    <Header>\n      <Chapter>\n        <Header>CHAPTER {chapter}</Header>\n      </Chapter>\n"
            f"      <ExternalData>\n        <Numsect>{escape(number)}</Numsect>\n"
            f"        <Titlesect>{escape(meta['title'])}</Titlesect>\n"
            f"        <Conclusion>{escape(meta.get('conclusion', ''))}</Conclusion>\n"
            f"        <EIF>\n          <Labeltext>{escape(meta.get('entry_into_force', ''))}</Labeltext>\n"
            f"        </EIF>\n        <Registration>\n"
            f"          <Labeltext>{escape(meta.get('registration', ''))}</Labeltext>\n"
            f"        </Registration>\n        <Status>\n{status}        </Status>\n"
            "      </ExternalData>\n    </Header>\n")


@cache
def bundled_document(treaty: str = "IV-13") -> bytes:
    """The MTDSG XML of a bundled treaty, rebuilt from data/<treaty>/ (ISO-8859-1, like UNTC's)."""
    folder = DATA / treaty
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    status = pd.read_csv(folder / "status.csv", dtype=str, keep_default_na=False)
    declarations = pd.read_csv(folder / "declarations.csv", dtype=str, keep_default_na=False)
    text = ("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<Document>\n  <Treaty>\n"
            + header_xml(meta, treaty) + participants_xml(status) + declarations_xml(declarations)
            + "    <EndNotes />\n  </Treaty>\n</Document>\n")
    return text.encode("iso-8859-1", "xmlcharrefreplace")
