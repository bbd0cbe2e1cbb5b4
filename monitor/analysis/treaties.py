"""The ICRMW beside the other tracked treaties: who has joined what, counted honestly (no Streamlit).

A tracked treaty that was never refreshed (no data/<ID>/meta.json) has no data: it is shown as
"Not loaded yet", never as "not ratified", and every count says how many treaties it covers
("1 of 2 core treaties loaded"). Inputs are the frames `monitor.store` loads; outputs are plain
frames and dicts over the 197 States that can join a treaty.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import pandas as pd

from contract.countries import UNIVERSE_KINDS, sort_key, universe
from contract.model import DECLARATION_COLUMNS
from contract.refresh_warnings import english
from contract.status import PARTY_STATUSES, SIGNED, WITHDRAWN
from contract.treaties import ICRMW
from i18n import N_
from i18n.words import CONSENT_VERBS
from monitor.analysis.freshness import header_warnings
from monitor.analysis.status import build_country_status, competence_states
from monitor.store.checked import TrackedTreaties

NOT_LOADED = N_("Not loaded yet")
YES, NO = N_("Yes"), N_("No")
NOT_PARTY = N_("Not party")
GROUPS = ("core", "complaints", "palermo", "migration")
GROUP_NAMES = {"core": N_("core human rights treaties"), "complaints": N_("complaints instruments"),
               "palermo": N_("Palermo protocols"), "migration": N_("refugee and statelessness treaties")}

@dataclass
class TreatySet:
    """The tracked treaties (data/treaties.csv) and the tables of those that were loaded."""

    registry: pd.DataFrame
    status: dict[str, pd.DataFrame] = field(default_factory=dict)  # loaded treaty id -> status.csv
    declarations: dict[str, pd.DataFrame] = field(default_factory=dict)
    as_of: dict[str, date] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)  # id -> why its files could not be used
    warnings: dict[str, list[dict]] = field(default_factory=dict)  # id -> what it was published with (codes)

    def ids(self, group: str | None = None) -> list[str]:
        """Tracked ids in registry order, optionally of one group."""
        rows = self.registry if group is None else self.registry[self.registry["group"] == group]
        return list(rows["id"])

    def loaded_ids(self, group: str | None = None) -> list[str]:
        """Tracked ids with data, in registry order."""
        return [t for t in self.ids(group) if t in self.status]

    def missing_ids(self, group: str | None = None) -> list[str]:
        """Tracked ids without usable data (never refreshed, or unreadable)."""
        return [t for t in self.ids(group) if t not in self.status]

    def info(self, treaty_id: str) -> dict[str, str]:
        """The registry row of a tracked treaty (KeyError if it is not tracked)."""
        return dict(self._rows[treaty_id])

    def short(self, treaty_id: str) -> str:
        """Short name (ICRMW, CPED, ...) of a tracked treaty."""
        return self._rows[treaty_id]["short_name"]

    @cached_property
    def _rows(self) -> dict[str, dict[str, str]]:
        return {row["id"]: row for row in self.registry.to_dict("records")}

    @cached_property
    def states(self) -> pd.DataFrame:
        """Every State × tracked treaty, long: see build_states."""
        return build_states(self)

    @cached_property
    def accepting(self) -> dict[str, set[str] | None]:
        """Per complaints procedure (by treaty id): the ISO3 codes accepting it, None when not loaded."""
        return {p["id"]: accepting_states(self, p) for p in complaint_procedures(self)}

    @cached_property
    def art77(self) -> dict[str, str]:
        """Per ISO3: see icrmw_individual (computed once per set of treaties, not per State shown)."""
        return icrmw_individual(self)


def build_treaty_set(tracked: TrackedTreaties) -> TreatySet:
    """The treaty set from the files the store loaded (monitor.store.checked.load_tracked)."""
    treaties = TreatySet(registry=tracked.registry, problems=dict(tracked.problems))
    for treaty_id, loaded in tracked.loaded.items():
        treaties.status[treaty_id] = loaded.status
        treaties.declarations[treaty_id] = loaded.declarations
        if loaded.as_of:
            treaties.as_of[treaty_id] = loaded.as_of
        if header_warnings(loaded.meta):
            treaties.warnings[treaty_id] = header_warnings(loaded.meta)
    return treaties


# --- Coverage ---------------------------------------------------------------------------------

def coverage(treaties: TreatySet, group: str) -> dict:
    """How many treaties of a group are loaded, and which are not: for every count's caption."""
    ids, loaded = treaties.ids(group), treaties.loaded_ids(group)
    missing = treaties.missing_ids(group)
    return {"group": group, "total": len(ids), "loaded": len(loaded), "loaded_ids": loaded,
            "missing_ids": missing, "missing_names": [treaties.short(t) for t in missing],
            "complete": not missing, "text": f"{len(loaded)} of {len(ids)} {GROUP_NAMES.get(group, group)} loaded"}


def data_text(treaties: TreatySet, treaty_id: str, say: Callable[[str], str] = str,
              warning: Callable[[dict], str] = english) -> str:
    """Why a treaty's data could not be read, 'Not loaded yet', or 'Loaded; warning: ...'. In English; a page
    passes its gettext as `say` and its wording of a stored warning as `warning`."""
    if treaty_id in treaties.problems:
        return say(N_("Could not be read: %(problem)s")) % {"problem": treaties.problems[treaty_id]}
    if treaty_id not in treaties.status:
        return say(NOT_LOADED)
    return "; ".join([say(N_("Loaded"))] + [say(N_("warning: %(warning)s")) % {"warning": warning(w)}
                                            for w in treaties.warnings.get(treaty_id, [])])


def build_treaty_list(treaties: TreatySet) -> pd.DataFrame:
    """Every tracked treaty: short name, title, group, whether loaded, its data's date, parties."""
    rows = []
    for treaty_id in treaties.ids():
        info = treaties.info(treaty_id)
        loaded = treaty_id in treaties.status
        parties = None
        if loaded:
            states = treaties.states[treaties.states["treaty"] == treaty_id]
            parties = int(states["party"].sum())
        rows.append({"id": treaty_id, "short_name": info["short_name"], "title": info["title"],
                     "group": info["group"], "loaded": loaded,
                     "data": data_text(treaties, treaty_id),
                     "as_of": treaties.as_of.get(treaty_id), "parties": parties})
    frame = pd.DataFrame(rows, columns=["id", "short_name", "title", "group", "loaded", "data", "as_of", "parties"])
    frame["parties"] = frame["parties"].astype("Int64")
    return frame


# --- Every State × every treaty ---------------------------------------------------------------

def cell_label(status: str, action: str, year: int | None, say: Callable[[str], str] = str) -> str:
    """A matrix cell: 'Ratified 1999', 'Acceded 2007', 'Signed 2004', 'Withdrawn', 'No action', 'Not loaded yet'.
    In English; a page passes its gettext as `say` (the year stays a number)."""
    when = f" {year}" if year else ""
    if status in PARTY_STATUSES:
        return say(CONSENT_VERBS.get(action, N_("Party"))) + when
    if status == SIGNED:
        return say(N_("Signed")) + when
    return say(status)  # No action, Withdrawn, Not loaded yet


def matrix_cells(treaties: TreatySet, say: Callable[[str], str] = str) -> pd.DataFrame:
    """Every State's cell under every tracked treaty, by ISO3 (rows) and short name (columns), worded by `say`."""
    states = treaties.states
    labels = states["label"].tolist()
    if say is not str:
        keys = list(zip(states["status"].tolist(), states["action"].tolist(), states["year"].tolist(), strict=True))
        words = {key: cell_label(key[0], key[1], None if pd.isna(key[2]) else int(key[2]), say) for key in set(keys)}
        labels = [words[key] for key in keys]
    return states.assign(label=labels).pivot(index="iso3", columns="short_name", values="label")


def build_states(treaties: TreatySet, codes: list[str] | None = None) -> pd.DataFrame:
    """One row per State (the 197, or those in `codes`) and tracked treaty.

    Columns: iso3, name, region, subregion, regional_group, treaty, short_name, group, loaded,
    status (a status category, or NOT_LOADED), party (True/False, None when not loaded), action
    (the consent action of a party, else the signature action), year (of that action), label.
    """
    frames, constants = [], {"treaty": [], "short_name": [], "group": [], "loaded": []}
    states = state_rows() if codes is None else state_rows().loc[lambda rows: rows["iso3"].isin(codes)]
    for treaty_id in treaties.ids():
        info = treaties.info(treaty_id)
        if treaty_id in treaties.status:
            table = build_country_status(treaties.status[treaty_id], codes=codes)
            table = table[table["kind"].isin(UNIVERSE_KINDS)]
            party = table["status"].isin(PARTY_STATUSES)
            parties = party.tolist()
            action = [c if p else s for c, s, p in zip(table["consent_action"].tolist(),
                                                       table["signature_action"].tolist(), parties, strict=True)]
            when = [c if p else s for c, s, p in zip(table["consent_date"].tolist(), table["signature_date"].tolist(),
                                                     parties, strict=True)]
            frame = pd.DataFrame({
                "iso3": table["iso3"], "status": table["status"], "party": party.astype(object),
                "action": action,
                # UNTC does not date withdrawals: a withdrawn action gets no year rather than a misleading one.
                "year": [d.year if d and s != WITHDRAWN else None
                         for d, s in zip(when, table["status"].tolist(), strict=True)],
            })
        else:
            frame = pd.DataFrame({"iso3": states["iso3"], "status": NOT_LOADED, "party": None, "action": "",
                                  "year": None})
        frames.append(frame)
        for column, value in zip(constants, (treaty_id, info["short_name"], info["group"],
                                             treaty_id in treaties.status), strict=True):
            constants[column] += [value] * len(frame)  # set once below: a column set per frame costs more
    states = states[["iso3", "name", "region", "subregion", "regional_group"]]
    long = pd.concat(frames, ignore_index=True).assign(**constants).merge(states, on="iso3", how="left")
    long["year"] = long["year"].astype("Int64")
    long["label"] = [cell_label(s, a, None if pd.isna(y) else int(y))
                     for s, a, y in zip(long["status"].tolist(), long["action"].tolist(), long["year"].tolist(),
                                        strict=True)]
    columns = ["iso3", "name", "region", "subregion", "regional_group", "treaty", "short_name", "group", "loaded",
               "status", "party", "action", "year", "label"]
    return long[columns]


def parties_of(treaties: TreatySet, treaty_id: str, states: pd.DataFrame | None = None) -> set[str] | None:
    """ISO3 codes of the parties to a treaty (among `states`, rows of build_states; default every State's),
    None when it is not loaded."""
    if treaty_id not in treaties.status:
        return None
    states = treaties.states if states is None else states
    rows = states[states["treaty"] == treaty_id]
    return set(rows.loc[rows["party"].astype(bool), "iso3"])


def state_rows() -> pd.DataFrame:
    """iso3, name, region, subregion, regional_group of the 197 States, sorted by name."""
    return universe().rename(columns={"display_name": "name"})[
        ["iso3", "name", "region", "subregion", "regional_group"]].reset_index(drop=True)


# --- Core treaties ----------------------------------------------------------------------------

def build_core_counts(treaties: TreatySet, states: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per State: how many loaded core treaties it is party to, which loaded ones it is not, which are unknown.

    `states` is build_states for some States (default every State's, treaties.states): one row each of those.
    Columns: iso3, name, region, subregion, regional_group, icrmw (its ICRMW status), core_ratified,
    core_loaded, core_total, ratified, missing, unknown (lists of short names), text.
    """
    states = treaties.states if states is None else states
    core = treaties.ids("core")
    loaded = treaties.loaded_ids("core")
    parties = {t: parties_of(treaties, t, states) for t in loaded}
    icrmw = states[states["treaty"] == ICRMW].set_index("iso3")["status"] \
        if ICRMW in treaties.ids() else pd.Series(dtype=object)
    rows, codes = [], set(states["iso3"])
    for state in state_rows().to_dict("records"):
        if state["iso3"] not in codes:
            continue
        ratified = [treaties.short(t) for t in loaded if state["iso3"] in parties[t]]
        missing = [treaties.short(t) for t in loaded if state["iso3"] not in parties[t]]
        unknown = [treaties.short(t) for t in core if t not in parties]
        rows.append({**state, "icrmw": icrmw.get(state["iso3"], NOT_LOADED),
                     "core_ratified": len(ratified), "core_loaded": len(loaded), "core_total": len(core),
                     "ratified": ratified, "missing": missing, "unknown": unknown,
                     "text": core_text(len(ratified), len(loaded), len(core))})
    return pd.DataFrame(rows)


def core_text(ratified: int, loaded: int, total: int) -> str:
    """'7 of 9 core treaties', or '1 of the 2 core treaties loaded' when some are not loaded yet."""
    if loaded == total:
        return f"{ratified} of {total} core treaties"
    return f"{ratified} of the {loaded} core treaties loaded"


def most_threshold(others_loaded: int) -> int:
    """'Most' of the other core treaties: more than half of those loaded (5 of 8 when all are loaded)."""
    return others_loaded // 2 + 1


def build_most_but_not_icrmw(treaties: TreatySet) -> pd.DataFrame:
    """States party to most of the other loaded core treaties but not to the ICRMW, most first.

    Empty when the ICRMW or every other core treaty is not loaded: unknown is not "not ratified".
    Columns: iso3, name, region, regional_group, icrmw, others_ratified, others_loaded, ratified, missing.
    """
    columns = ["iso3", "name", "region", "regional_group", "icrmw", "others_ratified", "others_loaded",
               "ratified", "missing"]
    others = [t for t in treaties.loaded_ids("core") if t != ICRMW]
    if ICRMW not in treaties.status or not others:
        return pd.DataFrame(columns=columns)
    counts = build_core_counts(treaties)
    icrmw_name = treaties.short(ICRMW)
    counts = counts[~counts["icrmw"].isin(PARTY_STATUSES)].copy()
    counts["ratified"] = [[n for n in r if n != icrmw_name] for r in counts["ratified"]]
    counts["missing"] = [[n for n in m if n != icrmw_name] for m in counts["missing"]]
    counts["others_ratified"] = counts["ratified"].map(len)
    counts["others_loaded"] = len(others)
    rows = counts[counts["others_ratified"] >= most_threshold(len(others))]
    rows = rows.sort_values(["others_ratified", "name"], ascending=[False, True],
                            key=lambda s: s.map(sort_key) if s.name == "name" else s)
    return rows[columns].reset_index(drop=True)


# --- The matrix -------------------------------------------------------------------------------

def core_count_column(treaties: TreatySet) -> str:
    """The header of the core count, naming its denominator: 'Core treaties ratified (of 9)'."""
    cov = coverage(treaties, "core")
    if cov["complete"]:
        return f"Core treaties ratified (of {cov['total']})"
    return f"Core treaties ratified (of {cov['loaded']} loaded)"


def build_matrix(treaties: TreatySet, regions: list[str] | None = None,
                 groups: list[str] | None = None) -> pd.DataFrame:
    """One row per State, sorted by name: country, the core count, one column per tracked treaty
    (short name) holding its cell label (the loaded treaties first, in registry order, so the
    columns with data come before the 'Not loaded yet' ones), the loaded core treaties it is not
    party to, region, UN regional group and ISO3."""
    counts = build_core_counts(treaties).set_index("iso3")
    wide = matrix_cells(treaties)
    states = state_rows()
    frame = pd.DataFrame({"Country": states["name"]})
    frame[core_count_column(treaties)] = counts.loc[states["iso3"], "core_ratified"].to_numpy()
    for treaty_id in treaties.loaded_ids() + treaties.missing_ids():
        short = treaties.short(treaty_id)
        frame[short] = wide.loc[states["iso3"], short].to_numpy()
    frame["Core treaties not ratified"] = [", ".join(m) for m in counts.loc[states["iso3"], "missing"]]
    frame["Region"], frame["UN regional group"] = states["region"], states["regional_group"]
    frame["ISO3"] = states["iso3"]
    if regions:
        frame = frame[frame["Region"].isin(regions)]
    if groups:
        frame = frame[frame["UN regional group"].isin(groups)]
    return frame.reset_index(drop=True)


# --- Individual complaints --------------------------------------------------------------------

def complaint_procedures(treaties: TreatySet) -> list[dict]:
    """The individual complaints procedures of the other tracked treaties.

    A complaints protocol is accepted by becoming party to it; a core treaty with an optional
    individual-complaints article (ICERD 14, CAT 22, CPED 31) by a declaration recognising the
    committee's competence. The ICRMW's own article 77 is kept apart: it is what we compare with.
    """
    procedures = []
    for treaty_id in treaties.ids():
        info = treaties.info(treaty_id)
        if treaty_id == ICRMW:
            continue
        if info["group"] == "complaints":
            procedures.append({"id": treaty_id, "kind": "protocol", "article": "", "label": info["short_name"],
                               "loaded": treaty_id in treaties.status})
        elif info["group"] == "core" and info["individual_article"]:
            procedures.append({"id": treaty_id, "kind": "declaration", "article": info["individual_article"],
                               "label": f"{info['short_name']} art. {info['individual_article']}",
                               "loaded": treaty_id in treaties.status})
    # Those with data first (a stable sort keeps registry order within each), so they are seen first.
    return sorted(procedures, key=lambda p: not p["loaded"])


def accepting_states(treaties: TreatySet, procedure: dict) -> set[str] | None:
    """ISO3 codes accepting one procedure; None when its treaty is not loaded."""
    if not procedure["loaded"]:
        return None
    if procedure["kind"] == "protocol":
        return parties_of(treaties, procedure["id"])
    declarations = treaties.declarations.get(procedure["id"], pd.DataFrame(columns=DECLARATION_COLUMNS))
    return set(competence_states(declarations, procedure["article"])["iso3"])


def icrmw_individual(treaties: TreatySet) -> dict[str, str]:
    """Per ISO3: 'Yes' (art. 77 declaration made), 'No', 'Not party', or NOT_LOADED."""
    codes = list(state_rows()["iso3"])
    if ICRMW not in treaties.status:
        return dict.fromkeys(codes, NOT_LOADED)
    article = treaties.info(ICRMW)["individual_article"]
    made = set(competence_states(treaties.declarations[ICRMW], article)["iso3"])
    parties = parties_of(treaties, ICRMW) or set()
    return {c: YES if c in made else (NO if c in parties else NOT_PARTY) for c in codes}


def build_complaints(treaties: TreatySet, only_gap: bool = False) -> pd.DataFrame:
    """Per State: which other complaints procedures it accepts ('Yes', 'No', 'Not loaded yet'), how many
    of the loaded ones, its ICRMW status and whether it made the art. 77 declaration.

    `only_gap` keeps the States that accept at least one procedure elsewhere but have made no
    art. 77 declaration. Sorted by procedures accepted (most first), then name.
    """
    procedures = complaint_procedures(treaties)
    accepting = {p["label"]: accepting_states(treaties, p) for p in procedures}
    loaded = sum(1 for p in procedures if p["loaded"])
    art77 = icrmw_individual(treaties)
    icrmw = treaties.states[treaties.states["treaty"] == ICRMW].set_index("iso3")["status"]
    rows = []
    for state in state_rows().to_dict("records"):
        cells = {label: NOT_LOADED if codes is None else (YES if state["iso3"] in codes else NO)
                 for label, codes in accepting.items()}
        accepted = sum(1 for v in cells.values() if v == YES)
        rows.append({"iso3": state["iso3"], "name": state["name"], "region": state["region"],
                     "regional_group": state["regional_group"], "accepted": accepted, "loaded": loaded,
                     "icrmw": icrmw.get(state["iso3"], NOT_LOADED), "art77": art77[state["iso3"]], **cells})
    frame = pd.DataFrame(rows, columns=["iso3", "name", "region", "regional_group", "accepted", "loaded", "icrmw",
                                        "art77", *accepting])
    if only_gap:
        frame = frame[(frame["accepted"] > 0) & frame["art77"].isin([NO, "Not party"])]
    frame = frame.sort_values(["accepted", "name"], ascending=[False, True],
                              key=lambda s: s.map(sort_key) if s.name == "name" else s)
    return frame.reset_index(drop=True)
