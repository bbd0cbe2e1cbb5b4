"""The overview's facts: what the first page is drawn from (its numbers are `numbers.OverviewNumbers`).

This module must stay light (no pandas at import): the first page reads kept facts back before
anything heavy is loaded. Building the facts imports the pandas modules when it is called.
"""

from __future__ import annotations

from contract.treaties import Articles


def build_facts(treaty: str, status, declarations, meta: dict, competence: Articles) -> dict:
    """The overview's facts from the loaded tables (numbers, the map's rows, the status CSV).

    The facts hold no words: each map row is the State's code, status category, English name, and its
    actions as codes and ISO dates, so the page writes the tooltips in the reader's language."""
    from contract.model import parse_date
    from monitor.analysis.exports import status_download
    from monitor.analysis.status import build_country_status, build_overview_numbers

    as_of = parse_date(str(meta.get("data_as_of", "")), file="meta.json")
    numbers = build_overview_numbers(status, declarations, as_of, competence)
    table = build_country_status(status)
    download = status_download(table, as_of)
    return {
        "treaty": treaty, "as_of": as_of.isoformat(), "numbers": numbers.to_json(),
        "map": map_rows(table),
        "download": {"file_name": download.file_name, "mime": download.mime, "text": download.data.decode("utf-8")},
    }


def map_rows(table) -> list[list[str]]:
    """[iso3, status, name, signature action, signature date, consent action, consent date, in force date]
    of each State that can join ('' where there is none), for the overview's map."""
    from contract.countries import UNIVERSE_KINDS

    def iso(value) -> str:
        return value.isoformat() if value else ""

    rows = table[table["kind"].isin(UNIVERSE_KINDS)]
    return [[str(r["iso3"]), str(r["status"]), str(r["name"]), str(r["signature_action"] or "") if r["signature_date"]
             else "", iso(r["signature_date"]), str(r["consent_action"] or "") if r["consent_date"] else "",
             iso(r["consent_date"]), iso(r["in_force_date"])] for r in rows.to_dict("records")]
