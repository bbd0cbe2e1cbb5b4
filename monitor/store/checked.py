"""A treaty's published files loaded and checked for the pages: one definition of what a reader
refuses (a missing meta.json, a malformed date, a status row that is not well formed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from contract.errors import DataFileError
from contract.model import BINDING_ACTIONS, NON_BINDING_ACTIONS, SIGNATURE_ACTIONS, parse_date
from contract.treaties import load_treaties
from monitor.store import layout
from monitor.store import tables as store


@dataclass
class LoadedTreaty:
    """One treaty's meta.json and tables, checked; `warnings` says when a spare copy stood in."""

    meta: dict
    as_of: date | None
    status: pd.DataFrame
    declarations: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


def check_status_frame(status: pd.DataFrame) -> None:
    """Raise DataFileError naming status.csv if a row is not a well-formed status row."""
    bad_codes = status[~status["iso3"].str.fullmatch(r"[A-Z]{3}")]
    if not bad_codes.empty:
        raise DataFileError(f"status.csv has a row without a valid ISO3 code "
                            f"(participant {str(bad_codes.iloc[0]['participant'])[:40]!r})", source="status.csv")
    if status["iso3"].duplicated().any():
        raise DataFileError("status.csv lists a country twice", source="status.csv")
    # The provisional columns are checked where present: a table from before them is upgraded on loading.
    kinds = [("signature", SIGNATURE_ACTIONS), ("consent", BINDING_ACTIONS), ("provisional", NON_BINDING_ACTIONS)]
    kinds = [(column, allowed) for column, allowed in kinds if f"{column}_action" in status.columns]
    for column, allowed in kinds:
        unknown = sorted(set(status[f"{column}_action"]) - set(allowed) - {""})
        if unknown:
            raise DataFileError(f"status.csv has an unknown {column}_action {unknown[0][:30]!r}", source="status.csv")
    for column, _ in kinds:
        # As lists: iterating Arrow-backed columns value by value is several times slower.
        for when, action in zip(status[f"{column}_date"].tolist(), status[f"{column}_action"].tolist(), strict=True):
            parse_date(when)
            if bool(when) != bool(action):
                raise DataFileError(f"status.csv has a {column} date without an action (or the reverse)",
                                    source="status.csv")


def load_treaty(root: Path, treaty: str, *, require_as_of: bool = True) -> LoadedTreaty:
    """meta.json, status.csv and declarations.csv of a treaty, each checked; DataFileError names the file.

    A damaged table falls back to the spare copy the refresh keeps, with a warning.
    """
    meta = layout.load_meta(root, treaty)
    if meta is None:
        raise DataFileError("meta.json is missing (this treaty was never refreshed)",
                            source=str(layout.file_path(root, treaty, layout.META_FILE)))
    as_of = parse_date(str(meta.get("data_as_of", "")), file="meta.json")
    if as_of is None and require_as_of:
        raise DataFileError("meta.json has no data_as_of date", source="meta.json")
    status, status_warning = store.load_with_fallback(root, treaty, store.load_status)
    declarations, decl_warning = store.load_with_fallback(root, treaty, store.load_declarations)
    check_status_frame(status)
    for when in declarations["date"]:
        parse_date(when, file="declarations.csv")
    return LoadedTreaty(meta, as_of, status, declarations, [w for w in (status_warning, decl_warning) if w])


@dataclass
class TrackedTreaties:
    """The tracked treaties (data/treaties.csv) and the files of each one that was refreshed, checked."""

    registry: pd.DataFrame
    loaded: dict[str, LoadedTreaty] = field(default_factory=dict)  # id -> its files, in registry order
    problems: dict[str, str] = field(default_factory=dict)  # id -> why its files could not be used


def load_tracked(root: Path) -> TrackedTreaties:
    """Every tracked treaty that was refreshed; a damaged one is listed in `problems`, not raised."""
    tracked = TrackedTreaties(registry=load_treaties())
    refreshed = set(layout.loaded_treaties(root))
    for treaty_id in tracked.registry["id"]:
        if treaty_id not in refreshed:
            continue
        try:
            tracked.loaded[treaty_id] = load_treaty(root, treaty_id, require_as_of=False)
        except DataFileError as exc:
            tracked.problems[treaty_id] = f"{exc.cause} ({exc.source or treaty_id})"
    return tracked
