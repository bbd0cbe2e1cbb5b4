"""Write data/datapackage.json: the published tables as a Frictionless data package.

    python scripts/datapackage.py [DATA_DIR]     (make bundle runs it too)

One resource per published table: every bundled treaty's status.csv and declarations.csv, the
change log, the tracked treaties and the reference tables. Field names and order come from the
data contract (contract.model, contract.treaties), so the package cannot drift from the files; a test validates it
with the `frictionless` library.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# After the path is set: this script runs from anywhere.
from contract.model import (  # noqa: E402
    BINDING_ACTIONS,
    CHANGE_COLUMNS,
    DECLARATION_COLUMNS,
    NON_BINDING_ACTIONS,
    SIGNATURE_ACTIONS,
    STATUS_COLUMNS,
)
from contract.treaties import COLUMNS as TREATY_COLUMNS  # noqa: E402
from monitor.analysis.treaties import GROUPS  # noqa: E402
from monitor.store import layout  # noqa: E402
from monitor.store.context import TABLES as CONTEXT_TABLES  # noqa: E402

UNTC = {"title": "United Nations Treaty Collection, Multilateral Treaties Deposited with the Secretary-General "
                 "(MTDSG), status pages and their XML documents",
        "path": "https://treaties.un.org/Pages/ParticipationStatus.aspx"}
FACTS = {"name": "other-pd", "path": "https://opendefinition.org/licenses/other-pd/",
         "title": "Facts only (names, dates, kinds of treaty actions, declaration headings), no UN wording; "
                  "the UN's own terms of use apply to its site: https://www.un.org/en/about-us/terms-of-use"}
M49 = {"title": "UN Statistics Division, Standard country or area codes for statistical use (M49)",
       "path": "https://unstats.un.org/unsd/methodology/m49/"}
NATURAL_EARTH = {"title": "Natural Earth (public domain), as packaged in static/geo", "path": "https://www.naturalearthdata.com/"}
BOOLEAN = {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]}
FIELDS = {
    "participant": {"type": "string", "description": "The name as UNTC writes it", "constraints": {"required": True}},
    "iso3": {"type": "string", "description": "ISO 3166-1 alpha-3, EUU for the EU, X.. for other organisations "
                                              "(data/reference/README.md)",
             "constraints": {"required": True, "pattern": "[A-Z]{3}"}},
    "signature_date": {"type": "date"},
    "signature_action": {"type": "string", "constraints": {"enum": list(SIGNATURE_ACTIONS)}},
    "signature_withdrawn": BOOLEAN | {"description": "UNTC shows the date in [brackets]: withdrawn, not counted"},
    "consent_date": {"type": "date", "description": "Consent to be bound only (it makes a party): the rows with "
                                                    "a consent_date not withdrawn are UNTC's parties"},
    "consent_action": {"type": "string", "constraints": {"enum": list(BINDING_ACTIONS)}},
    "consent_withdrawn": BOOLEAN | {"description": "UNTC shows the date in [brackets]: denounced, not counted"},
    "provisional_date": {"type": "date", "description": "A provisional application or acceptance: no consent to be "
                                                        "bound, never counted as a party"},
    "provisional_action": {"type": "string", "constraints": {"enum": list(NON_BINDING_ACTIONS)}},
    "provisional_withdrawn": BOOLEAN | {"description": "UNTC shows the date in [brackets]: ended, not counted"},
    "footnotes": {"type": "string", "description": "UNTC end-note numbers, ';'-separated"},
    "section": {"type": "string", "constraints": {"enum": [
        "declaration", "reservation", "objection", "notification", "communication", "territorial_application",
        "competence"]}},
    "title": {"type": "string"},
    "date": {"type": "date", "description": "Empty when made on ratification or accession"},
    "articles": {"type": "string", "description": "Article numbers, ';'-separated"},
    "text": {"type": "string", "description": "Empty in the bundled data (UN wording is not redistributed)"},
    "detected_at": {"type": "datetime", "description": "When the refresh saw the change (UTC)"},
    "treaty": {"type": "string", "description": "UNTC treaty id (mtdsg_no)"},
    "event": {"type": "string"},
    "action_date": {"type": "date"},
    "detail": {"type": "string"},
}
CLDR = {"title": "Unicode CLDR (through Babel), checked against the UN's names", "path": "https://cldr.unicode.org/"}
REFERENCE_TABLES = {  # name: (title, columns, primary key, sources); read by the importer, the brief and the pages
    "m49": ("UN M49 codes of UN DESA's countries and areas, with ISO3", ["m49", "iso3", "name"], ["m49"], [M49]),
    "context_names": ("Names the migration-context sources use, to ISO3", ["name", "iso3"], ["name"], [M49]),
    "country_names": ("The UN's French and Spanish names where CLDR's differ", ["iso3", "lang", "name"],
                      ["iso3", "lang"], [UNTC, CLDR]),
    "treaty_titles": ("The UN's official French and Spanish treaty titles, and the short names the pages use in "
                      "those languages where the English one is words, not an abbreviation",
                      ["id", "title_fr", "title_es", "short_fr", "short_es"], ["id"], [UNTC]),
}
CONTEXT_LICENSES = [  # UN DESA's data, the World Bank's; UPR recommendations are kept as facts only
    {"name": "CC-BY-3.0-IGO", "path": "https://creativecommons.org/licenses/by/3.0/igo/"},
    {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}, FACTS]
CONTEXT_TITLES = {"stock": "Migrant stock per country or area, mid-2020 (immigrants, emigrants, population)",
                  "remittances": "Personal remittances received, newest complete year (US$ and % of GDP)",
                  "upr": "UPR recommendations on the Migrant Workers Convention, sessions 1-20 (2008-2014)",
                  "reviewed": "States reviewed in UPR sessions 1-20, and when"}
CONTEXT_KEYS = {"stock": ["iso3"], "remittances": ["iso3"], "reviewed": ["iso3"]}
CONTEXT_FIELDS = {c: {"type": "integer"} for c in ("m49", "year", "immigrants", "emigrants", "population", "usd",
                                                  "provisional_year", "provisional_usd", "session")} | {
    "pct_gdp": {"type": "number"}, "iso3": {"type": "string", "constraints": {"pattern": "[A-Z]{3}"}},
    "response": {"type": "string", "constraints": {"enum": ["accepted", "noted"]}}}
TREATY_FIELDS = {"group": {"type": "string", "constraints": {"enum": list(GROUPS)}},
                 **{c: {"type": "integer"}
                    for c in ("interstate_article", "individual_article", "individual_threshold")}}


def schema(columns: list[str], key: list[str] | None = None) -> dict:
    """A Table Schema for the contract's columns; empty cells mean 'no value'."""
    described = {"fields": [{"name": c, **FIELDS.get(c, {"type": "string"})} for c in columns],
                 "missingValues": [""]}
    return described | ({"primaryKey": key} if key else {})


def csv_resource(name: str, path: str, title: str, table_schema: dict, sources: list[dict],
                 licenses: list[dict] | None = None) -> dict:
    """One tabular resource: a UTF-8 CSV with a header row."""
    return {"name": name, "path": path, "title": title, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "schema": table_schema, "sources": sources,
            "licenses": licenses or [FACTS]}


def resources(data_dir: Path) -> list[dict]:
    """Every published table in the data directory."""
    found = []
    for treaty in layout.loaded_treaties(data_dir):
        meta_file = layout.treaty_dir(data_dir, treaty) / layout.META_FILE
        title = json.loads(meta_file.read_text(encoding="utf-8")).get("title", treaty)
        slug = treaty.lower()
        found.append(csv_resource(f"{slug}-status", f"{treaty}/status.csv", f"{title}: status per participant",
                                  schema(STATUS_COLUMNS, ["iso3"]), [UNTC]))
        found.append(csv_resource(f"{slug}-declarations", f"{treaty}/declarations.csv",
                                  f"{title}: declarations, reservations, objections (headings and dates)",
                                  schema(DECLARATION_COLUMNS), [UNTC]))
    found.extend(context_resources(data_dir))
    found.append(csv_resource("changes", "changes.csv", "Change log of every treaty", schema(CHANGE_COLUMNS), [UNTC]))
    found.append(csv_resource("treaties", "treaties.csv", "The tracked treaties", {
        "fields": [{"name": c, **TREATY_FIELDS.get(c, {"type": "string"})} for c in TREATY_COLUMNS],
        "missingValues": [""], "primaryKey": ["id"]}, [UNTC]))
    found.append(csv_resource("countries", "reference/countries.csv",
                              "Participant names to ISO3, display name, UN region and regional group, kind", {
                                  "fields": [{"name": c, "type": "string"} for c in
                                             ("name", "iso3", "display_name", "region", "subregion",
                                              "regional_group", "kind")],
                                  "missingValues": [], "primaryKey": ["name"]},
                              [M49, UNTC, {"title": "ISO 3166-1", "path": "https://www.iso.org/iso-3166-country-codes.html"}]))
    found.append(csv_resource("centroids", "reference/centroids.csv", "A point inside each State, for the maps", {
        "fields": [{"name": "iso3", "type": "string"}, {"name": "lat", "type": "number"},
                   {"name": "lon", "type": "number"}], "primaryKey": ["iso3"]}, [NATURAL_EARTH]))
    found.extend(csv_resource(f"reference-{name.replace('_', '-')}", f"reference/{name}.csv", title, {
        "fields": [{"name": c, "type": "string"} for c in columns], "missingValues": [], "primaryKey": key}, sources)
        for name, (title, columns, key, sources) in REFERENCE_TABLES.items())
    return found


def context_resources(data_dir: Path) -> list[dict]:
    """The migration context's tables, with the sources and licences their meta.json records."""
    meta_file = layout.context_dir(data_dir) / layout.META_FILE
    if not meta_file.is_file():
        return []
    sources = [{"title": f"{s['publisher']}: {s['title']} ({s['vintage']}; licence {s['licence']})", "path": s["url"]}
               for s in json.loads(meta_file.read_text(encoding="utf-8"))["sources"].values()]
    found = []
    for name, (file_name, columns) in CONTEXT_TABLES.items():
        fields = [{"name": c, **CONTEXT_FIELDS.get(c, {"type": "string"})} for c in columns]
        found.append(csv_resource(f"context-{name}", layout.context_relative(file_name), CONTEXT_TITLES[name],
                                  {"fields": fields, "missingValues": [""]}
                                  | ({"primaryKey": CONTEXT_KEYS[name]} if name in CONTEXT_KEYS else {}), sources,
                                  CONTEXT_LICENSES))
    return found


def package(data_dir: Path) -> dict:
    """The data package descriptor."""
    return {
        "name": "icrmw-ratification-monitor",
        "title": "ICRMW ratification monitor: UN treaty status data",
        "description": "The status of the Migrant Workers Convention (ICRMW, UNTC IV-13) and related treaties as "
                       "published by the UN Treaty Collection, one table per treaty, with a change log. See README.md, "
                       "section 'The data', for the meaning of every column. feed.atom (not a table) is the change "
                       "log as an Atom feed.",
        "profile": "tabular-data-package",
        "licenses": [FACTS],
        "sources": [UNTC],
        "resources": resources(data_dir),
    }


def write(data_dir: Path) -> Path:
    """Write data_dir/datapackage.json (sorted keys, UTF-8, newline at the end) and return its path."""
    target = data_dir / "datapackage.json"
    target.write_text(json.dumps(package(data_dir), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "data"))
