"""Every number and table the dashboard shows, computed from the stored tables (no Streamlit here).

Inputs are the frames `monitor.store` loads (all cells strings); outputs are plain frames and
dicts. Dates inside frames are `datetime.date` objects (None when absent), so a frame prints,
sorts and exports the same way everywhere.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Mapping
from datetime import date

import pandas as pd

from monitor.countries import UN_MEMBERS, country_info, universe
from monitor.errors import DataFileError
from monitor.freshness import BUNDLED_AS_OF, STALE_AFTER_DAYS, build_freshness  # noqa: F401 - part of this API
from monitor.model import (  # noqa: F401 - the status categories are part of this API
    CONSENT_ACTIONS,
    NO_ACTION,
    NON_BINDING_ACTIONS,
    PARTY_ACCESSION,
    PARTY_RATIFICATION,
    PARTY_STATUSES,
    SIGNATURE_ACTIONS,
    SIGNED,
    STATUS_COLORS,
    STATUS_ORDER,
    WITHDRAWN,
    untc_status_page,
)

# Consent after a signature (ratification and its equivalents) versus consent without one.
ACCESSION_LIKE = ("accession", "succession", "participation")

ACTION_LABELS = {
    "signature": "Signature",
    "ratification": "Ratification",
    "accession": "Accession",
    "succession": "Succession",
    "acceptance": "Acceptance",
    "approval": "Approval",
    "formal_confirmation": "Formal confirmation",
    "definitive_signature": "Definitive signature",
    "provisional_application": "Provisional application",
    "participation": "Participation",
}

# --- ICRMW facts -------------------------------------------------------------------------------

ADOPTED = date(1990, 12, 18)  # General Assembly resolution 45/158
ENTRY_INTO_FORCE = date(2003, 7, 1)  # art. 87(1), after the 20th instrument (14 March 2003)
INSTRUMENTS_FOR_ENTRY_INTO_FORCE = 20

ISO3_RE = re.compile(r"^[A-Za-z]{3}$")


# --- Small helpers -----------------------------------------------------------------------------

def parse_date(text: str | None, *, file: str = "status.csv") -> date | None:
    """An ISO date from a stored cell, None when empty; DataFileError when malformed."""
    if text is None or text == "" or (isinstance(text, float) and pd.isna(text)):
        return None
    try:
        return date.fromisoformat(str(text))
    except ValueError as exc:
        raise DataFileError(f"{file} holds a malformed date {str(text)[:20]!r}", source=file) from exc


def add_months(day: date, months: int) -> date:
    """The same day `months` later (clamped to the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_of_next_month(day: date) -> date:
    """The first day of the month after `day`."""
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def in_force_date(deposit: date, twentieth_deposit: date | None) -> date | None:
    """Art. 87: in force on the first day of the month after three months from the later of the
    State's own deposit and the 20th instrument's deposit (so the first 20 share 1 July 2003)."""
    if twentieth_deposit is None:
        return None
    return first_of_next_month(add_months(max(deposit, twentieth_deposit), 3))


def years_between(start: date, end: date) -> float:
    """Years from start to end, one decimal."""
    return round((end - start).days / 365.25, 1)


def hover_safe(text: object) -> str:
    """Text for a plotly hover label: plotly renders some HTML there, so no < or >."""
    return str(text).replace("<", "‹").replace(">", "›")


def parse_country_code(value: object) -> str | None:
    """An ISO3 code from a query parameter if it names one of the 197 States, else None."""
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str) or not ISO3_RE.match(value.strip()):
        return None
    code = value.strip().upper()
    return code if code in set(universe()["iso3"]) else None


# --- The per-country status table -------------------------------------------------------------

def check_status_frame(status: pd.DataFrame) -> None:
    """Raise DataFileError naming status.csv if a row is not a well-formed status row."""
    bad_codes = status[~status["iso3"].str.fullmatch(r"[A-Z]{3}")]
    if not bad_codes.empty:
        raise DataFileError(f"status.csv has a row without a valid ISO3 code "
                            f"(participant {str(bad_codes.iloc[0]['participant'])[:40]!r})", source="status.csv")
    if status["iso3"].duplicated().any():
        raise DataFileError("status.csv lists a country twice", source="status.csv")
    for column, allowed in (("signature_action", SIGNATURE_ACTIONS), ("consent_action", CONSENT_ACTIONS)):
        unknown = sorted(set(status[column]) - set(allowed) - {""})
        if unknown:
            raise DataFileError(f"status.csv has an unknown {column} {unknown[0][:30]!r}", source="status.csv")
    for column in ("signature", "consent"):
        for when, action in zip(status[f"{column}_date"], status[f"{column}_action"], strict=True):
            parse_date(when)
            if bool(when) != bool(action):
                raise DataFileError(f"status.csv has a {column} date without an action (or the reverse)",
                                    source="status.csv")


def _category(signature: str, consent: str, sig_withdrawn: bool, con_withdrawn: bool) -> str:
    if consent in NON_BINDING_ACTIONS:  # applies it provisionally: not (yet) a party, as UNTC counts
        consent, con_withdrawn = "", False
    if consent and not con_withdrawn:
        return PARTY_ACCESSION if consent in ACCESSION_LIKE else PARTY_RATIFICATION
    if signature and not sig_withdrawn:
        return SIGNED
    if consent or signature:
        return WITHDRAWN
    return NO_ACTION


def twentieth_deposit(status: pd.DataFrame) -> date | None:
    """Date of the instrument that brought the count of deposits to 20 (art. 87(1)), if any."""
    # A later-withdrawn instrument still counted towards entry into force when it was deposited.
    dates = sorted(parse_date(d) for d in status["consent_date"] if d)
    return dates[INSTRUMENTS_FOR_ENTRY_INTO_FORCE - 1] if len(dates) >= INSTRUMENTS_FOR_ENTRY_INTO_FORCE else None


def build_country_status(status: pd.DataFrame, as_of: date | None = None) -> pd.DataFrame:
    """One row per State that can join (197) plus any other participant, status as at `as_of`.

    Actions dated after `as_of` are ignored. UNTC does not date withdrawals, so a withdrawn
    action counts as withdrawn from its own date. Columns: iso3, name, region, subregion,
    regional_group, kind, un_member, participant, signature_date, signature_action,
    consent_date, consent_action, in_force_date, status, footnotes.
    """
    check_status_frame(status)
    twentieth = twentieth_deposit(status)
    states = universe()
    by_iso = {row["iso3"]: row for row in status.to_dict("records")}
    extra = [code for code in by_iso if code not in set(states["iso3"])]
    rows = []
    for info in states.to_dict("records") + [_info_of(code) for code in sorted(extra)]:
        cells = by_iso.get(info["iso3"], {})
        sig_date, con_date = parse_date(cells.get("signature_date")), parse_date(cells.get("consent_date"))
        sig_action, con_action = cells.get("signature_action", ""), cells.get("consent_action", "")
        if as_of is not None and sig_date and sig_date > as_of:
            sig_date, sig_action = None, ""
        if as_of is not None and con_date and con_date > as_of:
            con_date, con_action = None, ""
        sig_withdrawn = bool(sig_date) and cells.get("signature_withdrawn") == "true"
        con_withdrawn = bool(con_date) and cells.get("consent_withdrawn") == "true"
        category = _category(sig_action, con_action, sig_withdrawn, con_withdrawn)
        # Deposited but not yet in force at as_of: the (future) date is still given.
        in_force = in_force_date(con_date, twentieth) if con_date and not con_withdrawn else None
        rows.append({
            "iso3": info["iso3"], "name": info["display_name"], "region": info["region"],
            "subregion": info["subregion"], "regional_group": info["regional_group"], "kind": info["kind"],
            "un_member": info["kind"] == "member", "participant": cells.get("participant", ""),
            "signature_date": sig_date, "signature_action": sig_action,
            "consent_date": con_date, "consent_action": con_action,
            "in_force_date": in_force, "status": category,
            "withdrawn": sig_withdrawn or con_withdrawn,
            "footnotes": cells.get("footnotes", ""),
        })
    frame = pd.DataFrame(rows)
    return frame.sort_values("name", key=lambda s: s.map(sort_key), ignore_index=True)


def build_status_at(status: pd.DataFrame, when: date) -> pd.DataFrame:
    """The per-country status table as it stood on `when` (actions later than that ignored)."""
    return build_country_status(status, as_of=when)


def _info_of(iso3: str) -> dict[str, str]:
    try:
        return {"iso3": iso3, **country_info(iso3)}
    except KeyError:
        return {"iso3": iso3, "display_name": iso3, "region": "", "subregion": "", "regional_group": "",
                "kind": "unknown"}


def sort_key(text: str) -> str:
    """Sort key that ignores accents and case (Côte as Cote, Türkiye as Turkiye)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


# --- Declarations and competence (art. 76 / 77) -------------------------------------------------

def competence_states(declarations: pd.DataFrame, article: str, as_of: date | None = None) -> pd.DataFrame:
    """States whose declaration recognises the committee's competence under `article`: iso3, date."""
    if not article:
        return pd.DataFrame(columns=["iso3", "date"])
    mentions = pd.Series([article in str(a).split(";") for a in declarations["articles"]], index=declarations.index,
                         dtype=bool)
    rows = declarations[(declarations["section"] == "competence") & mentions]
    found = []
    for iso3, when in zip(rows["iso3"], rows["date"], strict=True):
        day = parse_date(when, file="declarations.csv")
        if as_of is None or day is None or day <= as_of:
            found.append({"iso3": iso3, "date": day})
    frame = pd.DataFrame(found, columns=["iso3", "date"])
    return frame.drop_duplicates("iso3", keep="first").reset_index(drop=True)


# --- Overview ---------------------------------------------------------------------------------

def build_overview_numbers(status: pd.DataFrame, declarations: pd.DataFrame, as_of: date,
                           individual_article: str = "77", individual_threshold: int = 10,
                           interstate_article: str = "76", table: pd.DataFrame | None = None) -> dict:
    """Headline numbers as at `as_of` (actions and declarations dated later are left out).

    `table` is build_country_status(status, as_of) when the caller already has it (it costs ~18 ms).
    """
    table = build_country_status(status, as_of=as_of) if table is None else table
    counts = table["status"].value_counts()
    universe_rows = table[table["kind"].isin(["member", "observer", "other_state"])]
    parties = table[table["status"].isin(PARTY_STATUSES)]
    member_parties = int(parties["un_member"].sum())
    art77 = competence_states(declarations, individual_article, as_of)
    art76 = competence_states(declarations, interstate_article, as_of)
    names = dict(zip(table["iso3"], table["name"], strict=True))
    return {
        "as_of": as_of,
        "parties": len(parties),
        "parties_ratification": int(counts.get(PARTY_RATIFICATION, 0)),
        "parties_accession": int(counts.get(PARTY_ACCESSION, 0)),
        "parties_in_force": int(sum(1 for d in parties["in_force_date"] if d and d <= as_of)),
        "signatories_not_ratified": int(counts.get(SIGNED, 0)),
        "no_action": int((universe_rows["status"] == NO_ACTION).sum()),
        "withdrawn": int(counts.get(WITHDRAWN, 0)),
        "signatories_total": int(table["signature_date"].notna().sum()),
        "universe": len(universe_rows),
        "un_members": UN_MEMBERS,
        "un_member_parties": member_parties,
        "un_member_share": member_parties / UN_MEMBERS,
        "individual_article": individual_article,
        "individual_declarations": len(art77),
        "individual_threshold": individual_threshold,
        "individual_states": [names.get(c, c) for c in art77["iso3"]],
        "interstate_article": interstate_article,
        "interstate_declarations": len(art76),
        "in_force": bool(parties["in_force_date"].map(lambda d: bool(d) and d <= as_of).any()),
    }


def build_map_lines(table: pd.DataFrame) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(iso3, name, status, plain-text tooltip lines) of each State that can join, for a map."""
    rows = table[table["kind"].isin(["member", "observer", "other_state"])]
    result = []
    for row in rows.to_dict("records"):
        lines = [str(row["name"]), str(row["status"])]
        if row["signature_date"]:
            lines.append(f"{ACTION_LABELS.get(row['signature_action'], row['signature_action'])}"
                         f" (signed): {row['signature_date'].isoformat()}")
        if row["consent_date"]:
            lines.append(f"{ACTION_LABELS.get(row['consent_action'], row['consent_action'])}:"
                         f" {row['consent_date'].isoformat()}")
        if row["in_force_date"]:
            lines.append(f"In force for it: {row['in_force_date'].isoformat()}")
        lines.append("Click for the country profile")
        result.append((row["iso3"], row["name"], row["status"], tuple(lines)))
    return result


def build_map_frame(table: pd.DataFrame) -> pd.DataFrame:
    """Rows for views.maps.build_status_map: iso3, name, status, hover (safe for plotly)."""
    rows = build_map_lines(table)
    hovers = ["\n".join([f"<b>{hover_safe(lines[0])}</b>", *(hover_safe(x) for x in lines[1:])])
              for *_, lines in rows]
    return pd.DataFrame({"iso3": [r[0] for r in rows], "name": [r[1] for r in rows],
                         "status": [r[2] for r in rows], "hover": hovers})


def build_status_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Number of the 197 States in each status category (all categories, in order)."""
    rows = table[table["kind"].isin(["member", "observer", "other_state"])]
    counts = rows["status"].value_counts()
    return pd.DataFrame({"Status": STATUS_ORDER, "States": [int(counts.get(s, 0)) for s in STATUS_ORDER]})


# --- Trends -----------------------------------------------------------------------------------

def build_actions(status: pd.DataFrame) -> pd.DataFrame:
    """Every dated action, one row each: iso3, name, region, regional_group, date, year, action, kind."""
    table = build_country_status(status)
    rows = []
    for row in table.to_dict("records"):
        for column in ("signature", "consent"):
            when = row[f"{column}_date"]
            if when:
                action = row[f"{column}_action"]
                label = ACTION_LABELS.get(action, action)
                if column == "signature" and action == "succession":
                    label = "Succession to signature"
                rows.append({"iso3": row["iso3"], "name": row["name"], "region": row["region"],
                             "regional_group": row["regional_group"], "date": when, "year": when.year,
                             "action": label, "kind": column})
    frame = pd.DataFrame(rows, columns=["iso3", "name", "region", "regional_group", "date", "year", "action",
                                        "kind"])
    return frame.sort_values(["date", "name"], ignore_index=True)


def build_cumulative_parties(status: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """A step series: date and number of parties (deposits counted, withdrawn ones left out)."""
    table = build_country_status(status, as_of=as_of)
    parties = table[table["status"].isin(PARTY_STATUSES)]
    dates = sorted(parties["consent_date"])
    points = [{"date": ADOPTED, "parties": 0}]
    for index, when in enumerate(dates, start=1):
        points.append({"date": when, "parties": index})
    points.append({"date": as_of, "parties": len(dates)})
    frame = pd.DataFrame(points)
    # One point per date (several deposits can share a day): keep the day's last count.
    return frame.drop_duplicates("date", keep="last").reset_index(drop=True)


def build_actions_per_year(status: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Count of actions by year and type, with zero years filled in (year, action, count)."""
    actions = build_actions(status)
    actions = actions[actions["date"] <= as_of]
    years = range(ADOPTED.year, as_of.year + 1)
    types = list(dict.fromkeys(actions["action"])) or ["Signature"]
    grid = pd.MultiIndex.from_product([years, types], names=["year", "action"])
    counts = actions.groupby(["year", "action"]).size().reindex(grid, fill_value=0)
    return counts.rename("count").reset_index()


def build_cumulative_by(status: pd.DataFrame, column: str, as_of: date) -> pd.DataFrame:
    """A step series per value of `column` (region or regional_group): date, group, parties.

    Every group starts at 0 on the adoption date, gets a point on each deposit date of one of its
    States, and ends on `as_of`, so a step chart (line_shape "hv") is exact to the day.
    """
    table = build_country_status(status, as_of=as_of)
    parties = table[table["status"].isin(PARTY_STATUSES)]
    groups = sorted(set(table.loc[table["kind"].isin(["member", "observer", "other_state"]), column]) - {""})
    rows = []
    for group in groups:
        dates = sorted(parties.loc[parties[column] == group, "consent_date"])
        rows.append({"date": ADOPTED, column: group, "parties": 0})
        rows += [{"date": when, column: group, "parties": index} for index, when in enumerate(dates, start=1)]
        rows.append({"date": as_of, column: group, "parties": len(dates)})
    frame = pd.DataFrame(rows, columns=["date", column, "parties"])
    return frame.drop_duplicates(["date", column], keep="last").reset_index(drop=True)


def build_signature_to_ratification(status: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """States that signed and later ratified: name, dates and years between, longest first."""
    table = build_country_status(status, as_of=as_of)
    rows = table[(table["signature_action"] == "signature") & table["consent_date"].notna()
                 & table["status"].isin(PARTY_STATUSES)]
    frame = pd.DataFrame({
        "iso3": rows["iso3"], "name": rows["name"], "region": rows["region"],
        "signature_date": rows["signature_date"], "consent_date": rows["consent_date"],
        "years": [years_between(s, c) for s, c in zip(rows["signature_date"], rows["consent_date"], strict=True)],
    })
    return frame.sort_values(["years", "name"], ascending=[False, True], ignore_index=True)


# --- Lobbying targets -------------------------------------------------------------------------

DEFAULT_WEIGHTS = {"signed": 3.0, "waiting": 1.0, "peers": 2.0, "core": 1.0, "complaints": 1.0, "palermo": 1.0}
# Factors computed from the other tracked treaties (monitor.compare.build_target_factors): each is
# available only when at least one of its treaties is loaded; otherwise it is left out of the score.
TREATY_FACTORS = ("core", "complaints", "palermo")
WEIGHT_LABELS = {
    "signed": "Has already signed",
    "waiting": "Years waiting",
    "peers": "Peers already party",
    "core": "Core treaties ratified",
    "complaints": "Complaints accepted",
    "palermo": "Palermo protocols ratified",
}
WEIGHT_HELP = {
    "signed": "1 for a State that signed the Convention, 0 for one that took no action.",
    "waiting": "Years since signature ÷ the longest such wait (0 without a signature).",
    "peers": "Share of the State's UN regional group that is already party.",
    "core": "Share of the other core human rights treaties (of those loaded) the State is party to.",
    "complaints": "Share of the individual complaints procedures under other treaties (of those loaded) the State "
                  "accepts: optional protocols joined, or declarations under ICERD art. 14, CAT art. 22, CPED art. 31.",
    "palermo": "Share of the two Palermo protocols (trafficking, smuggling of migrants; of those loaded) the State "
               "is party to.",
}


def score_formula(factors: list[str] | tuple[str, ...] | None = None) -> str:
    """The score's formula over the factors in use (default: all six)."""
    factors = list(factors or DEFAULT_WEIGHTS)
    terms = " + ".join(f"w_{f} × {f}" for f in factors)
    weights = " + ".join(f"w_{f}" for f in factors)
    return f"score = 100 × ({terms}) ÷ ({weights})"


SCORE_FORMULA = score_formula(["signed", "waiting", "peers"])


def build_peer_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Per UN regional group: States in the group and how many are party."""
    rows = table[table["kind"].isin(["member", "observer", "other_state"])]
    grouped = rows.groupby("regional_group")
    return pd.DataFrame({"members": grouped.size(),
                         "parties": grouped["status"].apply(lambda s: int(s.isin(PARTY_STATUSES).sum()))})


def available_factors(factors: pd.DataFrame | None) -> list[str]:
    """The factors a score can use: the three ICRMW ones, plus each treaty factor with data."""
    extra = [f for f in TREATY_FACTORS
             if factors is not None and f in factors.columns and factors[f].notna().any()]
    return ["signed", "waiting", "peers", *extra]


def build_targets(status: pd.DataFrame, as_of: date, weights: Mapping[str, float] | None = None,
                  regions: list[str] | None = None, groups: list[str] | None = None,
                  statuses: list[str] | None = None, factors: pd.DataFrame | None = None,
                  table: pd.DataFrame | None = None) -> pd.DataFrame:
    """States not yet party (signed or no action), ranked by the weighted priority score.

    Factors, each from 0 to 1: `signed` is 1 for a signatory; `waiting` is the years since
    signature divided by the longest such wait (0 without a signature); `peers` is the share of
    the State's UN regional group that is already party. `factors` (indexed by iso3, from
    monitor.compare.build_target_factors) adds `core`, `complaints` and `palermo`; one that is
    missing or all NaN (its treaties not loaded) is left out of the score and its weight ignored,
    rather than counted as 0. Weights of 0 switch a factor off; if all are 0 every score is 0.
    Filters apply after scoring, so a score does not depend on them. `table` is
    build_country_status(status, as_of) when the caller already has it.
    """
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    table = build_country_status(status, as_of=as_of) if table is None else table
    peers = build_peer_counts(table)
    targets = table[table["status"].isin([SIGNED, NO_ACTION])
                    & table["kind"].isin(["member", "observer", "other_state"])].copy()
    days = [(as_of - d).days if d and s == SIGNED else None
            for d, s in zip(targets["signature_date"], targets["status"], strict=True)]
    targets["years_waiting"] = [round(n / 365.25, 1) if n is not None else None for n in days]
    longest = max((n for n in days if n is not None), default=0) or 1
    targets["signed"] = (targets["status"] == SIGNED).astype(float)
    targets["waiting"] = [(n or 0) / longest for n in days]
    targets["peer_parties"] = targets["regional_group"].map(peers["parties"]).fillna(0).astype(int)
    targets["peer_members"] = targets["regional_group"].map(peers["members"]).fillna(0).astype(int)
    targets["peers"] = targets["peer_parties"] / targets["peer_members"].where(targets["peer_members"] > 0, 1)
    used = available_factors(factors)
    for factor in TREATY_FACTORS:
        if factor in used:
            targets[factor] = targets["iso3"].map(factors[factor]).fillna(0.0).astype(float)
            targets[f"{factor}_text"] = targets["iso3"].map(factors[f"{factor}_text"]).fillna("")
        else:
            targets[factor], targets[f"{factor}_text"] = float("nan"), ""
    total = sum(max(float(weights[k]), 0.0) for k in used)
    raw = sum(max(float(weights[k]), 0.0) * targets[k] for k in used)
    targets["score"] = (100 * raw / total).round(1) if total else 0.0
    targets = targets.sort_values(["score", "name"], ascending=[False, True], key=_score_or_name_key)
    targets["rank"] = range(1, len(targets) + 1)
    if regions:
        targets = targets[targets["region"].isin(regions)]
    if groups:
        targets = targets[targets["regional_group"].isin(groups)]
    if statuses:
        targets = targets[targets["status"].isin(statuses)]
    columns = ["rank", "iso3", "name", "status", "region", "regional_group", "signature_date", "years_waiting",
               "peer_parties", "peer_members", "signed", "waiting", "peers", *TREATY_FACTORS,
               *(f"{f}_text" for f in TREATY_FACTORS), "score"]
    return targets[columns].reset_index(drop=True)


def _score_or_name_key(series: pd.Series) -> pd.Series:
    return series.map(sort_key) if series.name == "name" else series


TARGET_COLUMNS = {
    "rank": "Rank", "name": "Country", "score": "Priority score", "status": "Status",
    "years_waiting": "Years waiting", "peers_text": "Group peers already party",
    "regional_group": "UN regional group", "signature_date": "Signed on", "region": "Region", "iso3": "ISO3",
}


TREATY_FACTOR_COLUMNS = {"core": "Other core treaties ratified", "complaints": "Complaints accepted elsewhere",
                         "palermo": "Palermo protocols ratified"}


def build_targets_table(targets: pd.DataFrame, factors: list[str] | None = None) -> pd.DataFrame:
    """The targets as shown and downloaded: readable column names, peers as 'N of M (P%)'.

    Each treaty factor in `factors` (default: those with data in `targets`) adds its 'N of M'
    column (M: its treaties loaded); one without data is left out rather than shown as zeros.
    """
    shown = targets.copy()
    shown["peers_text"] = [f"{p} of {m} ({round(100 * p / m) if m else 0}%)"
                           for p, m in zip(shown["peer_parties"], shown["peer_members"], strict=True)]
    if factors is None:
        factors = [f for f in TREATY_FACTORS if f in shown.columns and shown[f].notna().any()]
    extra = {f"{f}_text": TREATY_FACTOR_COLUMNS[f] for f in TREATY_FACTORS if f in factors}
    # Next to the other factors, so what moves the score is in view without scrolling sideways.
    columns = list(TARGET_COLUMNS)
    columns[columns.index("peers_text") + 1:columns.index("peers_text") + 1] = list(extra)
    return shown[columns].rename(columns=TARGET_COLUMNS | extra)


# --- Country profile --------------------------------------------------------------------------

def build_country_profile(iso3: str, table: pd.DataFrame, declarations: pd.DataFrame,
                          notes: Mapping[str, str] | None = None, interstate_article: str = "76",
                          individual_article: str = "77") -> dict:
    """Everything the country page shows about one State (KeyError if it is not in the table)."""
    rows = table[table["iso3"] == iso3]
    if rows.empty:
        raise KeyError(iso3)
    row = rows.iloc[0].to_dict()
    actions = []
    for column in ("signature", "consent"):
        when, action = row[f"{column}_date"], row[f"{column}_action"]
        if when:
            label = ACTION_LABELS.get(action, action)
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
    art76 = competence_states(declarations[declarations["iso3"] == iso3], interstate_article)
    art77 = competence_states(declarations[declarations["iso3"] == iso3], individual_article)
    return {
        "iso3": iso3, "name": row["name"], "participant": row["participant"], "region": row["region"],
        "subregion": row["subregion"], "regional_group": row["regional_group"], "kind": row["kind"],
        "status": row["status"], "signature_date": row["signature_date"], "consent_date": row["consent_date"],
        "consent_action": row["consent_action"], "in_force_date": row["in_force_date"],
        "actions": pd.DataFrame(actions, columns=["Date", "Action", "Counted"]),
        "footnotes": pd.DataFrame(footnotes, columns=["Note", "Text"]),
        "declarations": pd.DataFrame(decl_rows, columns=["Type", "Title", "Date", "Articles", "Text"]),
        "interstate": {"article": interstate_article, "recognised": not art76.empty,
                       "date": art76["date"].iloc[0] if not art76.empty else None},
        "individual": {"article": individual_article, "recognised": not art77.empty,
                       "date": art77["date"].iloc[0] if not art77.empty else None},
    }


def build_country_table(profile: dict, treaties: pd.DataFrame | None = None) -> pd.DataFrame:
    """One country's record as a flat table (item, date, detail): the country CSV download.

    `treaties` (monitor.compare.build_country_treaties) adds one row per tracked treaty.
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


# --- Changes ----------------------------------------------------------------------------------

def build_change_log(changes: pd.DataFrame, events: list[str] | None = None, start: date | None = None,
                     end: date | None = None) -> pd.DataFrame:
    """The change log newest first, optionally only some event types and detection dates."""
    log = changes.copy()
    log["detected_on"] = [parse_date(str(d)[:10], file="changes.csv") for d in log["detected_at"]]
    if events:
        log = log[log["event"].isin(events)]
    if start:
        log = log[pd.Series([d is not None and d >= start for d in log["detected_on"]], index=log.index, dtype=bool)]
    if end:
        log = log[pd.Series([d is not None and d <= end for d in log["detected_on"]], index=log.index, dtype=bool)]
    log = log.iloc[::-1].sort_values("detected_at", ascending=False, kind="stable")
    log["event"] = log["event"].str.replace("_", " ")
    return log.drop(columns=["detected_on"]).reset_index(drop=True)


def build_recent_actions(status: pd.DataFrame, limit: int = 10) -> pd.DataFrame:
    """The most recent actions by their own dates (from the status table), newest first."""
    actions = build_actions(status)
    recent = actions.sort_values(["date", "name"], ascending=[False, True]).head(limit)
    return recent[["date", "name", "iso3", "action"]].rename(
        columns={"date": "Date", "name": "Country", "iso3": "ISO3", "action": "Action"}).reset_index(drop=True)


# --- Freshness --------------------------------------------------------------------------------

