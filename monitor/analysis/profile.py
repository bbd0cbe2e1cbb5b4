"""One country's record: its status, dates, declarations and competence, as a profile and a table."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from contract.model import parse_date
from contract.status import PARTY_STATUSES
from contract.treaties import ICRMW, Articles
from i18n import N_
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


# A cell of the State's record under each treaty, from its facts: in English for the CSV; the page passes its
# gettext as `say` and gets the same words in the reader's language.
COMPLAINTS_WORDS = {"protocol": N_("Yes (party to the protocol)"), "declared": N_("Yes (art. {article} declaration)"),
                    "not_declared": N_("No art. {article} declaration")}
PARTY_WORDS = N_("Party ({action})")
NOT_LOADED_WORDS = N_("Not loaded yet: run the refresh")


def complaints_text(kind: str, article: str, say: Callable[[str], str] = str) -> str:
    """'Yes (art. 77 declaration)', 'No art. 31 declaration', 'Yes (party to the protocol)' or ''."""
    return say(COMPLAINTS_WORDS[kind]).format(article=article) if kind else ""


def status_text(status: str, action: str, loaded: bool, say: Callable[[str], str] = str) -> str:
    """'Party (accession)', a status category, or 'Not loaded yet: run the refresh'."""
    if not loaded:
        return say(NOT_LOADED_WORDS)
    if action and status in PARTY_STATUSES:
        return say(PARTY_WORDS).format(action=say(ACTION_WORDS.get(action, action)).lower())
    return say(status)


def _complaints(treaties: TreatySet, treaty_id: str, row: dict, procedures: dict, art77: str) -> tuple[str, str]:
    """(kind, article) of the State's acceptance of a treaty's complaints procedure ('' where none applies)."""
    article = treaties.info(treaty_id)["individual_article"]
    if treaty_id == ICRMW:
        return {YES: "declared", NO: "not_declared"}.get(art77, ""), article
    codes = treaties.accepting[treaty_id] if treaty_id in procedures else None
    if codes is None:
        return "", ""
    if procedures[treaty_id]["kind"] == "protocol":
        return ("protocol" if row["iso3"] in codes else ""), ""
    return ("declared" if row["iso3"] in codes else "not_declared" if row["party"] else ""), article


def build_country_treaties(treaties: TreatySet, iso3: str) -> pd.DataFrame:
    """One State's record under every tracked treaty: Treaty, Group, Status, Year, Complaints, Data as of, in
    English (the CSV), and their facts: status_code, action, loaded, complaints_kind, complaints_article.

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
        kind, article = _complaints(treaties, treaty_id, row, procedures, art77)
        action = row["action"] if row["loaded"] and row["party"] else ""
        out.append({"Treaty": info["short_name"], "Title": info["title"],
                    "Group": GROUP_NAMES.get(info["group"], info["group"]).capitalize(),
                    "Status": status_text(row["status"], action, row["loaded"]),
                    "Year": row["year"], "Complaints": complaints_text(kind, article),
                    "Data as of": treaties.as_of.get(treaty_id), "status_code": row["status"], "action": action,
                    "loaded": bool(row["loaded"]), "complaints_kind": kind, "complaints_article": article})
    frame = pd.DataFrame(out, columns=["Treaty", "Title", "Group", "Status", "Year", "Complaints", "Data as of",
                                       "status_code", "action", "loaded", "complaints_kind", "complaints_article"])
    frame["Year"] = frame["Year"].astype("Int64")
    return frame
