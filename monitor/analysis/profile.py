"""One country's record: its status, dates, declarations and competence, as a profile and a table."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from contract.model import parse_date
from contract.treaties import ICRMW, Articles
from i18n.words import ACTION_WORDS
from monitor.analysis.status import competence_states
from monitor.analysis.treaties import (
    GROUP_NAMES,
    NO,
    NOT_LOADED,
    YES,
    TreatySet,
    complaint_procedures,
)


def build_country_profile(iso3: str, table: pd.DataFrame, declarations: pd.DataFrame,
                          notes: Mapping[str, str] | None, competence: Articles) -> dict:
    """Everything the country page shows about one State (KeyError if it is not in the table)."""
    rows = table[table["iso3"] == iso3]
    if rows.empty:
        raise KeyError(iso3)
    row = rows.iloc[0].to_dict()
    actions = []
    for column in ("signature", "consent"):
        when, action = row[f"{column}_date"], row[f"{column}_action"]
        if when:
            label = ACTION_WORDS.get(action, action)
            if column == "signature" and action == "succession":
                label = "Succession to signature"
            actions.append({"Date": when, "Action": label,
                            "Counted": "No (withdrawn)" if row["withdrawn"] else "Yes"})
    if row["in_force_date"]:
        actions.append({"Date": row["in_force_date"], "Action": "Convention in force for this State (art. 87)",
                        "Counted": ""})
    notes = notes or {}
    footnotes = [{"Note": n, "Text": notes.get(n, "")} for n in str(row["footnotes"]).split(";") if n]
    decl = declarations[declarations["iso3"] == iso3]
    decl_rows = [{"Type": str(d["section"]).replace("competence", "recognition of competence").capitalize(),
                  "Title": d["title"], "Date": parse_date(d["date"], file="declarations.csv"),
                  "Articles": str(d["articles"]).replace(";", ", "), "Text": d["text"]}
                 for d in decl.to_dict("records")]
    art76 = competence_states(declarations[declarations["iso3"] == iso3], competence.interstate)
    art77 = competence_states(declarations[declarations["iso3"] == iso3], competence.individual)
    return {
        "iso3": iso3, "name": row["name"], "participant": row["participant"], "region": row["region"],
        "subregion": row["subregion"], "regional_group": row["regional_group"], "kind": row["kind"],
        "status": row["status"], "signature_date": row["signature_date"], "consent_date": row["consent_date"],
        "consent_action": row["consent_action"], "in_force_date": row["in_force_date"],
        "actions": pd.DataFrame(actions, columns=["Date", "Action", "Counted"]),
        "footnotes": pd.DataFrame(footnotes, columns=["Note", "Text"]),
        "declarations": pd.DataFrame(decl_rows, columns=["Type", "Title", "Date", "Articles", "Text"]),
        "interstate": {"article": competence.interstate, "recognised": not art76.empty,
                       "date": art76["date"].iloc[0] if not art76.empty else None},
        "individual": {"article": competence.individual, "recognised": not art77.empty,
                       "date": art77["date"].iloc[0] if not art77.empty else None},
    }


def build_country_table(profile: dict, treaties: pd.DataFrame | None = None) -> pd.DataFrame:
    """One country's record as a flat table (item, date, detail): the country CSV download.

    `treaties` (build_country_treaties below) adds one row per tracked treaty.
    """
    name = profile["name"]
    rows = [{"country": name, "iso3": profile["iso3"], "item": "Status", "date": "", "detail": profile["status"]}]
    for action in profile["actions"].to_dict("records"):
        rows.append({"country": name, "iso3": profile["iso3"], "item": action["Action"],
                     "date": action["Date"], "detail": "withdrawn" if action["Counted"].startswith("No") else ""})
    for key in ("interstate", "individual"):
        comp = profile[key]
        rows.append({"country": name, "iso3": profile["iso3"],
                     "item": f"Art. {comp['article']} declaration (committee competence)",
                     "date": comp["date"] or "", "detail": "recognised" if comp["recognised"] else "not recognised"})
    for note in profile["footnotes"].to_dict("records"):
        rows.append({"country": name, "iso3": profile["iso3"], "item": f"Footnote {note['Note']}", "date": "",
                     "detail": note["Text"]})
    for decl in profile["declarations"].to_dict("records"):
        articles = f" (articles {decl['Articles']})" if decl["Articles"] else ""
        detail = f"{decl['Title']}{articles}" + (f": {decl['Text']}" if decl["Text"] else "")
        rows.append({"country": name, "iso3": profile["iso3"], "item": decl["Type"], "date": decl["Date"] or "",
                     "detail": detail})
    for treaty in ([] if treaties is None else treaties.to_dict("records")):
        year = "" if pd.isna(treaty["Year"]) else f" ({treaty['Year']})"
        complaints = f"; complaints: {treaty['Complaints']}" if treaty["Complaints"] else ""
        as_of = f"; data as of {treaty['Data as of'].isoformat()}" if treaty["Data as of"] else ""
        rows.append({"country": name, "iso3": profile["iso3"], "item": f"Treaty: {treaty['Treaty']}", "date": "",
                     "detail": f"{treaty['Status']}{year}{complaints}{as_of}"})
    return pd.DataFrame(rows, columns=["country", "iso3", "item", "date", "detail"])


def build_country_treaties(treaties: TreatySet, iso3: str) -> pd.DataFrame:
    """One State's record under every tracked treaty: Treaty, Group, Status, Year, Complaints, Data as of.

    `Complaints` says whether it accepts that treaty's individual complaints procedure (a protocol
    joined, or a competence declaration); blank where the treaty has none.
    """
    rows = treaties.states[treaties.states["iso3"] == iso3]
    if rows.empty:
        raise KeyError(iso3)
    procedures = {p["id"]: p for p in complaint_procedures(treaties)}
    art77 = treaties.art77.get(iso3, NOT_LOADED)
    out = []
    for row in rows.to_dict("records"):
        treaty_id = row["treaty"]
        info = treaties.info(treaty_id)
        complaints = ""
        if treaty_id == ICRMW:
            complaints = {YES: "Yes (art. 77 declaration)", NO: "No art. 77 declaration"}.get(art77, "")
        elif treaty_id in procedures:
            codes = treaties.accepting[treaty_id]
            if codes is not None:
                if procedures[treaty_id]["kind"] == "protocol":
                    complaints = "Yes (party to the protocol)" if iso3 in codes else ""
                else:
                    complaints = (f"Yes (art. {info['individual_article']} declaration)" if iso3 in codes
                                  else f"No art. {info['individual_article']} declaration"
                                  if row["party"] else "")
        status = row["status"]
        if row["loaded"] and row["party"]:
            status = f"Party ({ACTION_WORDS.get(row['action'], row['action']).lower()})"
        out.append({"Treaty": info["short_name"], "Title": info["title"],
                    "Group": GROUP_NAMES.get(info["group"], info["group"]).capitalize(),
                    "Status": status if row["loaded"] else f"{NOT_LOADED}: run the refresh",
                    "Year": row["year"], "Complaints": complaints,
                    "Data as of": treaties.as_of.get(treaty_id)})
    frame = pd.DataFrame(out, columns=["Treaty", "Title", "Group", "Status", "Year", "Complaints", "Data as of"])
    frame["Year"] = frame["Year"].astype("Int64")
    return frame
