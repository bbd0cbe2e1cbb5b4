"""Where each State stands on a treaty, as at a date: the per-country status table (art. 87), the
competence declarations (art. 76/77), the overview's numbers and the peers per group.

Inputs are the frames `monitor.store` loads (all cells strings); outputs are plain frames and
dataclasses. Dates inside frames are `datetime.date` objects (None when absent), so a frame prints,
sorts and exports the same way everywhere."""

from __future__ import annotations

from datetime import date

import pandas as pd

from contract.countries import UN_MEMBERS, UNIVERSE_KINDS, country_info, sort_key, universe
from contract.model import parse_date
from contract.status import (
    NO_ACTION,
    PARTY_ACCESSION,
    PARTY_RATIFICATION,
    PARTY_STATUSES,
    SIGNED,
    WITHDRAWN,
)
from contract.treaties import Articles
from monitor.analysis.dates import in_force_date
from monitor.analysis.numbers import OverviewNumbers
from monitor.store.checked import check_status_frame

# Consent after a signature (ratification and its equivalents) versus consent without one.
ACCESSION_LIKE = ("accession", "succession", "participation")


ADOPTED = date(1990, 12, 18)  # General Assembly resolution 45/158
ENTRY_INTO_FORCE = date(2003, 7, 1)  # art. 87(1), after the 20th instrument (14 March 2003)
INSTRUMENTS_FOR_ENTRY_INTO_FORCE = 20


def _category(signature: str, consent: str, sig_withdrawn: bool, con_withdrawn: bool) -> str:
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


def build_peer_counts(table: pd.DataFrame, column: str = "regional_group") -> pd.DataFrame:
    """Per UN regional group (or region: `column`) of the per-country table: `members`, the States in it,
    and `parties`, how many of them are party. States with no group are no one's peers: a blank is left
    out, so such a State has 0 peers (targets) and no peer line (brief, profile), never the other blanks."""
    rows = table[table["kind"].isin(UNIVERSE_KINDS) & (table[column] != "")]
    party = rows["status"].isin(PARTY_STATUSES)
    return pd.DataFrame({"members": rows.groupby(column).size(),
                         "parties": party.groupby(rows[column]).sum().astype(int)})


def build_country_status(status: pd.DataFrame, as_of: date | None = None, codes: list[str] | None = None
                         ) -> pd.DataFrame:
    """One row per State that can join (197) plus any other participant, status as at `as_of`.

    `codes` keeps only those States' rows (the same rows as in the whole table). Actions dated after `as_of`
    are ignored. UNTC does not date withdrawals, so a withdrawn action counts as withdrawn from its own date.
    Columns: iso3, name, region, subregion, regional_group, kind, un_member, participant, signature_date,
    signature_action, consent_date, consent_action, provisional_date, provisional_action, in_force_date,
    status, footnotes.
    """
    check_status_frame(status)
    twentieth = twentieth_deposit(status)
    everyone = universe()
    states = everyone if codes is None else everyone[everyone["iso3"].isin(codes)]
    listed = status if codes is None else status[status["iso3"].isin(codes)]
    by_iso = {row["iso3"]: row for row in listed.to_dict("records")}
    known = set(everyone["iso3"].tolist())  # once: a set built per code made this O(n^2) over Arrow strings
    extra = [code for code in by_iso if code not in known]
    rows = []
    for info in states.to_dict("records") + [_info_of(code) for code in sorted(extra)]:
        cells = by_iso.get(info["iso3"], {})
        sig_date, con_date = parse_date(cells.get("signature_date")), parse_date(cells.get("consent_date"))
        sig_action, con_action = cells.get("signature_action", ""), cells.get("consent_action", "")
        if as_of is not None and sig_date and sig_date > as_of:
            sig_date, sig_action = None, ""
        if as_of is not None and con_date and con_date > as_of:
            con_date, con_action = None, ""
        prov_date = parse_date(cells.get("provisional_date"))
        prov_date = None if as_of is not None and prov_date and prov_date > as_of else prov_date
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
            # A provisional application or acceptance: shown, never counted (not a party, as UNTC counts).
            "provisional_date": prov_date,
            "provisional_action": cells.get("provisional_action", "") if prov_date else "",
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


def build_overview_numbers(status: pd.DataFrame, declarations: pd.DataFrame, as_of: date, competence: Articles,
                           table: pd.DataFrame | None = None) -> OverviewNumbers:
    """Headline numbers as at `as_of` (actions and declarations dated later are left out).

    `table` is build_country_status(status, as_of) when the caller already has it (building it is the costly part).
    """
    table = build_country_status(status, as_of=as_of) if table is None else table
    counts = table["status"].value_counts()
    universe_rows = table[table["kind"].isin(UNIVERSE_KINDS)]
    parties = table[table["status"].isin(PARTY_STATUSES)]
    member_parties = int(parties["un_member"].sum())
    individual = competence_states(declarations, competence.individual, as_of)
    interstate = competence_states(declarations, competence.interstate, as_of)
    names = dict(zip(table["iso3"], table["name"], strict=True))
    return OverviewNumbers(
        as_of=as_of,
        parties=len(parties),
        parties_ratification=int(counts.get(PARTY_RATIFICATION, 0)),
        parties_accession=int(counts.get(PARTY_ACCESSION, 0)),
        parties_in_force=int(sum(1 for d in parties["in_force_date"] if d and d <= as_of)),
        signatories_not_ratified=int(counts.get(SIGNED, 0)),
        no_action=int((universe_rows["status"] == NO_ACTION).sum()),
        withdrawn=int(counts.get(WITHDRAWN, 0)),
        signatories_total=int(table["signature_date"].notna().sum()),
        universe=len(universe_rows),
        un_members=UN_MEMBERS,
        un_member_parties=member_parties,
        un_member_share=member_parties / UN_MEMBERS,
        individual_article=competence.individual,
        individual_declarations=len(individual),
        individual_threshold=competence.individual_threshold,
        individual_states=[names.get(c, c) for c in individual["iso3"]],
        interstate_article=competence.interstate,
        interstate_declarations=len(interstate),
        in_force=bool(parties["in_force_date"].map(lambda d: bool(d) and d <= as_of).any()),
    )
