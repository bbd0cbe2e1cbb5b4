"""The facts of a one-page country brief, gathered from the other analysis modules (no drawing, no words).

Everything here is language-free: statuses are the analysis categories, names are English, dates are
`date` objects. views/brief_pdf.py chooses the words in the reader's language and draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from contract.countries import UNIVERSE_KINDS
from contract.errors import DataFileError
from contract.ids import untc_status_page
from contract.status import PARTY_STATUSES
from contract.treaties import ICRMW, articles
from i18n import N_
from monitor.analysis.context import MigrationFacts, context_table, migration_facts
from monitor.analysis.status import build_country_status, build_peer_counts, competence_states
from monitor.analysis.treaties import TreatySet, build_core_counts, build_states, build_treaty_set
from monitor.store.checked import TrackedTreaties

M49_URL = "https://unstats.un.org/unsd/methodology/m49/"
REGIONAL_GROUPS_URL = "https://www.un.org/dgacm/en/content/regional-groups"
CLDR_URL = "https://cldr.unicode.org/"


class UnknownState(KeyError):
    """No State that can join a treaty has this code: the caller asked for something that does not exist."""


@dataclass(frozen=True)
class Competence:
    """A declaration recognising the Committee's competence under one article."""

    article: str
    recognised: bool
    date: date | None


@dataclass(frozen=True)
class TreatyLine:
    """The State's record under one tracked treaty (status None: the treaty's data is not loaded)."""

    treaty_id: str
    short_name: str
    title: str
    group: str
    status: str | None
    action: str
    year: int | None
    as_of: date | None


@dataclass(frozen=True)
class CoreRecord:
    """The core human rights treaties: those loaded, which the State is party to, which not, which unknown."""

    loaded: int
    total: int
    ratified: tuple[str, ...]
    missing: tuple[str, ...]
    unknown: tuple[str, ...]
    icrmw: str  # the short name of the Convention, to tell "all but this one"

    @property
    def all_but_this_one(self) -> bool:
        """Party to every other loaded core treaty, but not to the Convention."""
        return self.missing == (self.icrmw,) and len(self.ratified) > 0


@dataclass(frozen=True)
class Peers:
    """How many States of a region or UN regional group are party."""

    name: str
    parties: int
    members: int


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: a label (English, translated when drawn), a detail and its address."""

    label: str
    detail: str
    address: str


@dataclass(frozen=True)
class ContextFacts:
    """The State's migration figures and UPR record (the profile's own MigrationFacts: None is "no data",
    never 0), with the sources they come from."""

    figures: MigrationFacts
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class BriefFacts:
    """Everything the brief says about one State under the Convention."""

    iso3: str
    name: str
    kind: str
    region: str
    subregion: str
    regional_group: str
    status: str
    signature_date: date | None
    signature_action: str
    consent_date: date | None
    consent_action: str
    in_force_date: date | None
    withdrawn: bool
    interstate: Competence
    individual: Competence
    individual_declarations: int  # States that made the article 77 declaration, all told
    individual_threshold: int | None  # declarations needed before the procedure starts (art. 77(8))
    parties: int
    universe: int
    group: Peers | None
    region_peers: Peers | None
    core: CoreRecord
    treaties: tuple[TreatyLine, ...]
    as_of: date
    title: str
    sources: tuple[Source, ...]
    context: ContextFacts | None = None


def peer_counts(table: pd.DataFrame, column: str) -> dict[str, Peers]:
    """Per value of `column` (region or regional_group): States in it and how many are party."""
    counts = build_peer_counts(table, column)
    return {name: Peers(name, int(row["parties"]), int(row["members"])) for name, row in counts.iterrows()}


# The context's sources as the brief names them, by their key in context/meta.json, with the address used
# when meta.json gives none.
CONTEXT_SOURCES = (
    ("undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx", N_("UN DESA, International Migrant Stock 2020"),
     "https://www.un.org/development/desa/pd/content/international-migrant-stock"),
    ("abel-stock_totals_2020.csv", N_("UN DESA, International Migrant Stock 2020, tidy extract of origin totals"),
     "https://github.com/guyabel/stepladderChapter"),
    ("wb-remittances-received-percent-gdp.xls", N_("World Bank, World Development Indicators"),
     "https://data.worldbank.org/indicator/BX.TRF.PWKR.DT.GD.ZS"),
    ("upr-info-2008-2014", N_("UPR Info, Universal Periodic Review sessions 1–20 (2008–2014)"),
     "https://upr-info-database.org"),
)


def context_sources(meta: dict) -> tuple[Source, ...]:
    """The migration context's sources with the addresses its meta.json records."""
    listed = meta.get("sources") or {}
    return tuple(Source(label, "", str((listed.get(key) or {}).get("url") or fallback))
                 for key, label, fallback in CONTEXT_SOURCES)


@dataclass(frozen=True)
class ContextInputs:
    """What every brief of one version of the migration context shares: its tables, the per-State table the
    profile uses, and its sources (views.brief_data keeps them until the context is imported again)."""

    tables: dict
    table: pd.DataFrame
    sources: tuple[Source, ...]


def build_context_inputs(tables: dict, meta: dict) -> ContextInputs:
    """The migration context's shared inputs, from the tables and meta.json the store loaded."""
    return ContextInputs(tables, context_table(tables), context_sources(meta))


def context_facts(context: ContextInputs | None, iso3: str) -> ContextFacts | None:
    """The State's migration figures and UPR record, from the same analysis as its profile page.

    None when the context was never imported or cannot be read (the brief then says in its place that the
    figures are not in this copy of the data, and the rest of the brief still prints). A State a source does
    not cover has None figures there.
    """
    if context is None:
        return None
    return ContextFacts(figures=migration_facts(context.tables, iso3, context.table), sources=context.sources)


def treaty_lines(treaties: TreatySet, iso3: str, states: pd.DataFrame | None = None) -> tuple[TreatyLine, ...]:
    """The State's record under every tracked treaty but the Convention, in registry order (`states`: the
    rows of build_states holding the State's, default treaties.states)."""
    states = treaties.states if states is None else states
    rows = states[(states["iso3"] == iso3) & (states["treaty"] != ICRMW)]
    lines = []
    for row in rows.to_dict("records"):
        info = treaties.info(row["treaty"])
        lines.append(TreatyLine(
            treaty_id=row["treaty"], short_name=info["short_name"], title=info["title"], group=info["group"],
            status=row["status"] if row["loaded"] else None, action=row["action"] or "",
            year=None if pd.isna(row["year"]) else int(row["year"]), as_of=treaties.as_of.get(row["treaty"])))
    return tuple(lines)


def core_record(treaties: TreatySet, iso3: str, counts: pd.DataFrame) -> CoreRecord:
    """The State's count under the core treaties, as a small record (`counts`: core_counts holding the State)."""
    row = counts.loc[iso3]
    return CoreRecord(loaded=int(row["core_loaded"]), total=int(row["core_total"]), ratified=tuple(row["ratified"]),
                      missing=tuple(row["missing"]), unknown=tuple(row["unknown"]), icrmw=treaties.short(ICRMW))


@dataclass(frozen=True)
class SharedFacts:
    """What the brief of every State says alike for one version of the data: the count of parties, the peers of
    each group and region, the article 77 declarations, the data's date and its sources (a publish's 591 briefs,
    and the dashboard's briefs until a refresh, compute them once: views.brief_data keeps them)."""

    groups: dict[str, Peers]
    regions: dict[str, Peers]
    parties: int
    universe: int
    individual_declarations: int
    as_of: date
    sources: tuple[Source, ...]


def shared_facts(treaties: TreatySet, table: pd.DataFrame) -> SharedFacts:
    """The facts every State's brief shares (`table`: build_country_status of the Convention's status table)."""
    universe = table[table["kind"].isin(UNIVERSE_KINDS)]
    as_of = treaties.as_of.get(ICRMW)
    if as_of is None:
        raise DataFileError("meta.json has no data_as_of date", source=f"{ICRMW}/meta.json")
    sources = [Source(N_("UN Treaty Collection, status of treaties"), treaties.short(t), untc_status_page(t))
               for t in treaties.ids() if t in treaties.status]
    sources += [Source(N_("UN Statistics Division, M49 regions"), "", M49_URL),
                Source(N_("United Nations, regional groups of Member States"), "", REGIONAL_GROUPS_URL),
                Source(N_("Unicode CLDR, country names"), "", CLDR_URL)]
    return SharedFacts(
        groups=peer_counts(table, "regional_group"), regions=peer_counts(table, "region"),
        parties=int(universe["status"].isin(PARTY_STATUSES).sum()), universe=len(universe),
        individual_declarations=len(competence_states(treaties.declarations[ICRMW], articles(ICRMW).individual)),
        as_of=as_of, sources=tuple(sources))


def build_brief_facts(iso3: str, treaties: TreatySet, table: pd.DataFrame, context: ContextFacts | None = None,
                      counts: pd.DataFrame | None = None, shared: SharedFacts | None = None) -> BriefFacts:
    """The brief's facts for one State (UnknownState if it is not one of the States in `table`).

    `table` is build_country_status of the Convention's status table in `treaties`; `counts` the core counts
    of every State by iso3 (core_counts), when the caller keeps them for many briefs (a publish). Without
    them, the State's status under each treaty is computed for this State alone: the first brief after a start
    need not compute every State's. `shared`: shared_facts of the same data, when the caller keeps them.
    """
    rows = table[(table["iso3"] == iso3) & table["kind"].isin(UNIVERSE_KINDS)]
    if rows.empty:
        raise UnknownState(iso3)
    row = rows.iloc[0].to_dict()
    shared = shared_facts(treaties, table) if shared is None else shared
    numbers = articles(ICRMW)
    declarations = treaties.declarations[ICRMW]
    own = declarations[declarations["iso3"] == iso3]

    def competence(article: str) -> Competence:
        found = competence_states(own, article)
        return Competence(article, not found.empty, found["date"].iloc[0] if not found.empty else None)

    states = treaties.states if counts is not None else build_states(treaties, [iso3])
    counts = core_counts(treaties, states) if counts is None else counts
    return BriefFacts(
        iso3=iso3, name=row["name"], kind=row["kind"], region=row["region"], subregion=row["subregion"],
        regional_group=row["regional_group"], status=row["status"],
        signature_date=row["signature_date"], signature_action=row["signature_action"],
        consent_date=row["consent_date"], consent_action=row["consent_action"], in_force_date=row["in_force_date"],
        withdrawn=bool(row["withdrawn"]),
        interstate=competence(numbers.interstate), individual=competence(numbers.individual),
        individual_declarations=shared.individual_declarations, individual_threshold=numbers.individual_threshold,
        parties=shared.parties, universe=shared.universe,
        group=shared.groups.get(row["regional_group"]), region_peers=shared.regions.get(row["region"]),
        core=core_record(treaties, iso3, counts), treaties=treaty_lines(treaties, iso3, states), as_of=shared.as_of,
        title=treaties.info(ICRMW)["title"], sources=shared.sources + (context.sources if context is not None else ()),
        context=context)


# --- What every brief of one version of the data shares ------------------------------------------

def build_brief_inputs(tracked: TrackedTreaties, source: str) -> tuple[TreatySet, pd.DataFrame]:
    """The tracked treaties and the Convention's per-country table, from the files the store loaded (the same
    for every State: views.brief_data keeps them until a refresh). `source` names the Convention's folder in
    the error when its data cannot be used."""
    treaties = build_treaty_set(tracked)
    if ICRMW not in treaties.status:
        problem = treaties.problems.get(ICRMW, "it was never refreshed")
        raise DataFileError(f"the Convention's data cannot be used: {problem}", source=source)
    return treaties, build_country_status(treaties.status[ICRMW])


def core_counts(treaties: TreatySet, states: pd.DataFrame | None = None) -> pd.DataFrame:
    """The core counts by iso3 of the States in `states` (rows of build_states), by default of every State
    (their status under every treaty is then kept on `treaties`: a publish computes it once, before its worker
    processes fork)."""
    return build_core_counts(treaties, states).set_index("iso3")
