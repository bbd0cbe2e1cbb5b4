"""api/v1: the status, each State, the change log as JSON, each with its JSON Schema; the CSV tables.

v1 is a promise (README, "The static site"): a field may be added, none is renamed, removed or given
another meaning; anything incompatible goes to a v2 beside it. Every JSON file is sorted and
indented the same way, so the same data gives the same bytes, and <, > and & are written as \\u
escapes, so no text from a source can close a <script> block if a page inlines the file.
"""

from __future__ import annotations

import json
from datetime import date

from contract.model import CHANGE_COLUMNS
from contract.site import API, CHANGES_JSON, STATUS_JSON, country_csv
from contract.site import brief as brief_path
from contract.site import country_page as country_path
from contract.treaties import ICRMW
from i18n import LANGUAGES, country_name
from monitor.analysis.brief import BriefFacts, Competence

VERSION = API.removeprefix("api/")
SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE = {"type": ["string", "null"], "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
TEXT = {"type": "string"}
ISO3 = {"type": "string", "pattern": "^[A-Z]{3}$"}
NAMES = {"type": "object", "required": list(LANGUAGES), "additionalProperties": TEXT,
         "properties": {lang: TEXT for lang in LANGUAGES}}
STATE = {"type": "object", "required": ["iso3", "name", "names", "status", "signature_date", "signature_action",
                                        "consent_date", "consent_action", "in_force_date"],
         "properties": {"iso3": ISO3, "name": TEXT, "names": NAMES, "status": TEXT, "signature_date": DATE,
                        "signature_action": TEXT, "consent_date": DATE, "consent_action": TEXT,
                        "in_force_date": DATE}}
COMPETENCE = {"type": "object", "required": ["article", "recognised", "date"],
              "properties": {"article": TEXT, "recognised": {"type": "boolean"}, "date": DATE}}


def json_bytes(value: object) -> bytes:
    """Stable JSON: sorted keys, two-space indent, UTF-8, a newline at the end, no raw <, > or &."""
    dumped = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    return (dumped.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n").encode()


def iso(value: date | None) -> str | None:
    """A date as ISO text, null when there is none."""
    return value.isoformat() if value else None


def names(iso3: str, english: str) -> dict[str, str]:
    """The State's name in each language (CLDR, with the UN's names where they differ)."""
    return {lang: country_name(iso3, lang, english) for lang in LANGUAGES}


def status_json(site) -> bytes:
    """api/v1/status.json: the headline numbers and every State that can join, sorted by ISO3."""
    numbers = site.numbers
    states = [{"iso3": iso3, "name": name, "names": names(iso3, name), "status": status,
               "signature_date": sig_date or None, "signature_action": sig_action,
               "consent_date": consent_date or None, "consent_action": consent_action,
               "in_force_date": in_force or None}
              for iso3, status, name, sig_action, sig_date, consent_action, consent_date, in_force
              in sorted(site.facts["map"])]
    return json_bytes({
        "api_version": VERSION, "treaty": ICRMW, "title": site.meta.get("title", ""), "as_of": site.as_of.isoformat(),
        "source_url": site.meta.get("source_url", ""), "parties": numbers.parties,
        "signatories": numbers.signatories_total, "signed_not_ratified": numbers.signatories_not_ratified,
        "no_action": numbers.no_action, "states_that_can_join": numbers.universe,
        "individual_complaints_declarations": numbers.individual_declarations,
        "interstate_complaints_declarations": numbers.interstate_declarations, "states": states})


def competence(comp: Competence) -> dict:
    """An art. 76/77 declaration: made or not, and when."""
    return {"article": comp.article, "recognised": comp.recognised, "date": iso(comp.date)}


def country_json(facts: BriefFacts) -> bytes:
    """api/v1/countries/<ISO3>.json: one State's record, with the addresses of its files in the site."""
    iso3 = facts.iso3
    return json_bytes({
        "api_version": VERSION, "treaty": ICRMW, "as_of": facts.as_of.isoformat(), "iso3": iso3,
        "name": facts.name, "names": names(iso3, facts.name), "kind": facts.kind, "region": facts.region,
        "subregion": facts.subregion, "regional_group": facts.regional_group, "status": facts.status,
        "signature_date": iso(facts.signature_date), "signature_action": facts.signature_action,
        "consent_date": iso(facts.consent_date), "consent_action": facts.consent_action,
        "in_force_date": iso(facts.in_force_date), "withdrawn": facts.withdrawn,
        "interstate_complaints": competence(facts.interstate), "individual_complaints": competence(facts.individual),
        "other_treaties": [{"treaty": line.treaty_id, "short_name": line.short_name, "status": line.status,
                            "action": line.action, "year": line.year, "as_of": iso(line.as_of)}
                           for line in facts.treaties],
        "files": {"csv": country_csv(iso3),
                  "briefs": {lang: brief_path(iso3, lang) for lang in LANGUAGES},
                  "pages": {lang: country_path(iso3, lang) for lang in LANGUAGES}}})


def changes_json(site) -> bytes:
    """api/v1/changes.json: the change log of every treaty, newest first (the stored columns)."""
    rows = site.changes.reindex(columns=CHANGE_COLUMNS).fillna("").astype(str).to_dict("records")
    rows = sorted(reversed(rows), key=lambda row: row["detected_at"], reverse=True)  # stable: newest first
    return json_bytes({"api_version": VERSION, "as_of": site.as_of.isoformat(), "changes": rows})


def schema(name: str, title: str, required: list[str], properties: dict) -> dict:
    """A JSON Schema (draft 2020-12) for one kind of file; additional fields are allowed (v1 may grow)."""
    return {"$schema": SCHEMA_DRAFT, "$id": f"{name}.schema.json", "title": title, "type": "object",
            "required": required, "properties": properties}


COUNT = {"type": "integer", "minimum": 0}
SCHEMAS = {
    "status": schema("status", "ICRMW status: headline numbers and every State that can join",
                     ["api_version", "treaty", "as_of", "parties", "signatories", "states"],
                     {"api_version": {"const": VERSION}, "treaty": TEXT, "title": TEXT,
                      "as_of": DATE | {"type": "string"}, "source_url": TEXT, "parties": COUNT, "signatories": COUNT,
                      "signed_not_ratified": COUNT, "no_action": COUNT, "states_that_can_join": COUNT,
                      "individual_complaints_declarations": COUNT, "interstate_complaints_declarations": COUNT,
                      "states": {"type": "array", "items": STATE}}),
    "country": schema("country", "One State's record under the ICRMW, and its files",
                      ["api_version", "iso3", "name", "names", "status", "as_of", "files"],
                      STATE["properties"] | {
                          "api_version": {"const": VERSION}, "treaty": TEXT, "as_of": DATE | {"type": "string"},
                          "kind": TEXT, "region": TEXT, "subregion": TEXT, "regional_group": TEXT,
                          "withdrawn": {"type": "boolean"}, "interstate_complaints": COMPETENCE,
                          "individual_complaints": COMPETENCE,
                          "other_treaties": {"type": "array", "items": {
                              "type": "object", "required": ["treaty", "status"],
                              "properties": {"treaty": TEXT, "short_name": TEXT,
                                             "status": {"type": ["string", "null"]}, "action": TEXT,
                                             "year": {"type": ["integer", "null"]}, "as_of": DATE}}},
                          "files": {"type": "object", "required": ["csv", "briefs", "pages"]}}),
    "changes": schema("changes", "The change log of every tracked treaty, newest first",
                      ["api_version", "as_of", "changes"],
                      {"api_version": {"const": VERSION}, "as_of": DATE | {"type": "string"},
                       "changes": {"type": "array", "items": {
                           "type": "object", "required": list(CHANGE_COLUMNS),
                           "properties": {column: TEXT for column in CHANGE_COLUMNS}}}}),
}


def schema_files() -> dict[str, bytes]:
    """api/v1/schema/<name>.schema.json for each kind of JSON file."""
    return {f"{API}/schema/{name}.schema.json": json_bytes(value) for name, value in SCHEMAS.items()}


def schema_for(path: str) -> str | None:
    """Which schema a JSON file of the API follows (None: not an API answer)."""
    if path == STATUS_JSON:
        return "status"
    if path == CHANGES_JSON:
        return "changes"
    if path.startswith(f"{API}/countries/") and path.endswith(".json"):
        return "country"
    return None
