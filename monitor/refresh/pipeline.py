"""One refresh: fetch or read each treaty, validate, diff, and publish all files or none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import pandas as pd

from contract.errors import DataFileError, MonitorError
from contract.ids import check_treaty_id
from contract.model import DECLARATION_COLUMNS, NOTE_COLUMNS, STATUS_COLUMNS
from contract.problems import UNREACHABLE
from contract.refresh_warnings import english
from contract.treaties import treaty_info
from monitor.refresh.changes import append_events, build_atom_feed, diff_declarations, diff_status, event_text
from monitor.refresh.checks import check_drop, check_status
from monitor.refresh.tables import build_declarations_table, build_notes_table, build_status_table
from monitor.store import layout
from monitor.store import tables as store
from scrapers.parse import parse_status
from scrapers.untc import DEFAULT_BASE_URL, Fetcher, FetchResult, document_url


@dataclass
class Options:
    """How a refresh runs (the CLI's options)."""

    data_dir: Path
    source_url: str | None = None
    source_file: Path | None = None
    dry_run: bool = False
    accept_drop: bool = False
    facts_only: bool = False  # omit UN wording (declaration and note texts, raw XML): the bundled data
    pause: float = 2.0
    note: str = ""  # a remark stored in meta.json, e.g. which capture the bundled data is
    captured: str = ""  # ISO date a --source-file was captured; the data's "as of" date
    stop_when_unreachable: bool = False  # the background refresher: once UNTC cannot be reached, try no more


class RefreshState(StrEnum):
    """How one treaty's refresh ended (written as its value in refresh.log)."""

    BASELINE = "baseline"  # first refresh: the tables are recorded, no change events
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    FAILED = "failed"  # the old files were kept


@dataclass
class Outcome:
    """What happened to one treaty."""

    treaty: str
    state: RefreshState
    events: list[dict] = field(default_factory=list)
    error: MonitorError | None = None
    warnings: list[dict] = field(default_factory=list)  # codes (contract.refresh_warnings), as meta.json keeps them

    def summary(self) -> str:
        """One line for the command's output, like a commit message."""
        if self.error:
            return f"FAILED {self.error}"
        if self.state is RefreshState.BASELINE:
            return f"{self.treaty}: first refresh, baseline recorded (no change events)"
        if not self.events:
            return f"{self.treaty}: no change"
        parts = [event_text(e) for e in self.events]
        shown = "; ".join(parts[:10]) + (f"; and {len(parts) - 10} more" if len(parts) > 10 else "")
        return f"{self.treaty}: {len(parts)} change{'s' if len(parts) != 1 else ''}: {shown}"

    def warning_lines(self) -> list[str]:
        """One line per warning the treaty was published with (e.g. a header count off by one)."""
        return [f"WARNING {self.treaty}: {english(w)}" for w in self.warnings]


def obtain(treaty_id: str, meta: dict | None, options: Options, fetcher: Fetcher) -> FetchResult:
    """The document's bytes from --source-file or UNTC (conditional on the last fetch)."""
    if options.source_file:
        try:
            data = Path(options.source_file).read_bytes()
        except OSError as exc:
            raise DataFileError(f"cannot read the source file ({exc.strerror})",
                                source=str(options.source_file), hint="Check the --source-file path.") from exc
        return FetchResult(str(options.source_file), data)
    meta = meta or {}
    return fetcher.fetch_status(treaty_id, meta.get("etag"), meta.get("last_modified"))


def load_previous(root: Path, treaty_id: str) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The tables of the last good refresh, or None before the first one."""
    if not (layout.treaty_dir(root, treaty_id) / layout.STATUS_FILE).exists():
        return None
    try:
        status, _ = store.load_with_fallback(root, treaty_id, store.load_status)
        declarations, _ = store.load_with_fallback(root, treaty_id, store.load_declarations)
    except DataFileError:
        return None  # damaged beyond its spare copy: rebuild from the source, as a new baseline
    return status, declarations


def load_previous_meta(root: Path, treaty_id: str) -> dict | None:
    """meta.json of the last refresh (or its spare copy); None if absent or damaged beyond repair."""
    try:
        meta, _ = store.load_with_fallback(root, treaty_id, layout.load_meta)
    except DataFileError:
        return None
    return meta


def build_meta(treaty_id: str, status, fetched: FetchResult, digest: str, meta: dict | None,
               checked_at: str, changed: bool, options: Options) -> dict:
    """meta.json for this refresh."""
    meta = meta or {}
    return {
        "treaty": treaty_id, "title": status.title,
        "source_url": document_url(treaty_id, options.source_url or DEFAULT_BASE_URL),
        "fetched_from": Path(fetched.url).name if options.source_file else fetched.url,
        "data_as_of": options.captured or checked_at[:10],
        "signatories": status.signatories_count, "parties": status.parties_count,
        "conclusion": status.conclusion, "entry_into_force": status.entry_into_force,
        "registration": status.registration, "sha256": digest,
        "etag": fetched.etag or "", "last_modified": fetched.last_modified or "",
        "last_checked": checked_at,
        "last_changed": checked_at if changed or not meta.get("last_changed") else meta["last_changed"],
        "note": kept_note(meta, options),
        "facts_only": options.facts_only,
    }


def kept_note(meta: dict | None, options: Options) -> str:
    """The remark for meta.json: the one given, else the last one, except a saved capture's remark (such as
    "Bundled: ... Run the refresh") once the data comes from the live source."""
    previous = str((meta or {}).get("note", ""))
    if options.note:
        return options.note
    return "" if not options.source_file and previous.lower().startswith(("bundled", "capture")) else previous


def refresh_treaty(treaty_id: str, options: Options, fetcher: Fetcher, log: pd.DataFrame,
                   checked_at: str) -> tuple[Outcome, store.Transaction, pd.DataFrame]:
    """Refresh one treaty into a staged transaction; raise MonitorError on any failure."""
    root = options.data_dir
    tx = store.Transaction(root)
    meta = load_previous_meta(root, treaty_id)
    if meta and not store.status_in_current_layout(root, treaty_id):
        # A status.csv from before the provisional columns: fetch and parse anew, so it is written in the
        # current layout even if UNTC's document has not changed (the values stay the same: no event).
        meta = {k: v for k, v in meta.items() if k not in ("sha256", "etag", "last_modified")}
    source = options.source_file or document_url(treaty_id, fetcher.base_url)
    try:
        fetched = obtain(treaty_id, meta, options, fetcher)
        digest = store.sha256(fetched.content) if fetched.content is not None else ""
        if meta and (fetched.not_modified or digest == meta.get("sha256")):
            unchanged = {"last_checked": checked_at, "data_as_of": options.captured or checked_at[:10],
                         "note": kept_note(meta, options)}
            # Keep the validators of this fetch (a 304 may omit them) for the next conditional GET.
            unchanged |= {k: v for k, v in (("etag", fetched.etag), ("last_modified", fetched.last_modified)) if v}
            tx.write(f"{treaty_id}/{layout.META_FILE}", layout.json_bytes(meta | unchanged))
            return Outcome(treaty_id, RefreshState.UNCHANGED), tx, log
        source = fetched.url
        status = parse_status(fetched.content)
        warnings = check_status(status, treaty_id)
        info = treaty_info(treaty_id)
        status_table = build_status_table(status, treaty_id)
        declarations = build_declarations_table(status, treaty_id, info["interstate_article"],
                                                info["individual_article"], not options.facts_only)
        previous = load_previous(root, treaty_id)
        check_drop(treaty_id, previous[0] if previous else None, status_table, options.accept_drop)
    except MonitorError as exc:
        raise exc.with_context(treaty=treaty_id, source=str(source)) from None
    events = []
    if previous is not None:
        events = diff_status(treaty_id, previous[0], status_table) + \
            diff_declarations(treaty_id, previous[1], declarations)
    changed = previous is None or bool(events) or not _same(previous, status_table, declarations)
    folder = treaty_id
    tables = {layout.STATUS_FILE: store.frame_to_csv(status_table, STATUS_COLUMNS),
              layout.DECLARATIONS_FILE: store.frame_to_csv(declarations, DECLARATION_COLUMNS)}
    new_meta = build_meta(treaty_id, status, fetched, digest, meta, checked_at, changed, options)
    new_meta["warnings"] = warnings
    new_meta["files"] = {name: store.sha256(data) for name, data in tables.items()}
    tables[layout.META_FILE] = layout.json_bytes(new_meta)
    for name, data in tables.items():
        tx.write(f"{folder}/{name}", data)
        if not options.facts_only:  # a spare copy the dashboard falls back on if a file is damaged at rest
            tx.write(f"{folder}/{layout.LAST_GOOD}/{name}", data)
    if not options.facts_only:
        tx.write(f"{folder}/{layout.NOTES_FILE}", store.frame_to_csv(build_notes_table(status), NOTE_COLUMNS))
        tx.write(f"{folder}/{layout.RAW_DIR}/{checked_at[:10]}-{digest[:12]}.xml", fetched.content)
    log = append_events(log, events, checked_at)
    state = RefreshState.BASELINE if previous is None else RefreshState.CHANGED
    return Outcome(treaty_id, state, events, warnings=warnings), tx, log


def _same(previous: tuple[pd.DataFrame, pd.DataFrame], status_table: pd.DataFrame,
          declarations: pd.DataFrame) -> bool:
    """True when the values are the same as last time (formatting-only source changes)."""
    return (store.frame_to_csv(previous[0], STATUS_COLUMNS) == store.frame_to_csv(status_table, STATUS_COLUMNS)
            and store.frame_to_csv(previous[1], DECLARATION_COLUMNS)
            == store.frame_to_csv(declarations, DECLARATION_COLUMNS))


Progress = Callable[[int, int, "Outcome | None"], None]  # (treaties done, treaties in all, the last outcome)


def run_refresh(treaty_ids: list[str], options: Options, fetcher: Fetcher | None = None,
                on_progress: Progress | None = None) -> list[Outcome]:
    """Refresh each treaty in turn under the data directory's lock; a failure keeps that treaty's old files."""
    with store.refresh_lock(options.data_dir) as log_file:
        return run_locked(treaty_ids, options, log_file, fetcher, on_progress)


def run_locked(treaty_ids: list[str], options: Options, log_file, fetcher: Fetcher | None = None,
               on_progress: Progress | None = None) -> list[Outcome]:
    """The refresh itself, by a caller that holds the lock (`log_file` is refresh.log, opened by the lock)."""
    fetcher = fetcher or Fetcher(options.source_url, pause=options.pause)
    root = options.data_dir
    outcomes: list[Outcome] = []
    log = store.load_changes(root)
    health = _load_health(root)
    try:
        for treaty_id in treaty_ids:
            if on_progress:
                on_progress(len(outcomes), len(treaty_ids), outcomes[-1] if outcomes else None)
            checked_at = layout.now_utc()
            outcome, log = _refresh_one(treaty_id, options, fetcher, log, checked_at)
            outcomes.append(outcome)
            _record_attempt(options, log_file, health, outcome, checked_at)
            if options.stop_when_unreachable and unreachable(outcome):
                break  # the next treaties would only wait out the same retries; the caller backs off
        if on_progress:
            on_progress(len(outcomes), len(treaty_ids), outcomes[-1] if outcomes else None)
    finally:  # one health write per run, also when a run is interrupted
        if outcomes and not options.dry_run:
            tx = store.Transaction(root)
            tx.write(layout.HEALTH_FILE, layout.json_bytes(health))
            tx.commit()
    return outcomes


def unreachable(outcome: Outcome) -> bool:
    """Whether the treaty failed because UNTC could not be reached at all (not a refusal of its document)."""
    return outcome.error is not None and outcome.error.problem in UNREACHABLE


def _refresh_one(treaty_id: str, options: Options, fetcher: Fetcher, log: pd.DataFrame,
                 checked_at: str) -> tuple[Outcome, pd.DataFrame]:
    """Refresh and publish one treaty; return its outcome and the (possibly longer) change log."""
    root = options.data_dir
    try:
        check_treaty_id(treaty_id)
        outcome, tx, new_log = refresh_treaty(treaty_id, options, fetcher, log, checked_at)
    except MonitorError as exc:
        return Outcome(treaty_id, RefreshState.FAILED, error=exc.with_context(treaty=treaty_id)), log
    if new_log is not log or not (root / layout.CHANGES_FILE).exists():
        tx.write(layout.CHANGES_FILE, store.frame_to_csv(new_log, list(new_log.columns)))
        tx.write(layout.FEED_FILE, build_atom_feed(new_log))
    if not options.dry_run:
        tx.commit()
    return outcome, new_log


def _load_health(root: Path) -> dict:
    """health.json, or a fresh one if it is missing or damaged (it is rebuilt as treaties are checked)."""
    try:
        return layout.load_health(root)
    except DataFileError:
        return {}


def _record_attempt(options: Options, log_file, health: dict, outcome: Outcome, checked_at: str) -> None:
    """Append to refresh.log and note the attempt in health (the only files a failure may touch)."""
    if options.dry_run:
        return
    log_file.write(f"{checked_at}\t{outcome.treaty}\t{outcome.state}\t{' '.join(outcome.summary().split())}\n")
    log_file.flush()
    entry = {"last_attempt": checked_at, "ok": outcome.error is None,
             "error": str(outcome.error) if outcome.error else ""}
    if outcome.error is None:
        entry["last_success"] = checked_at
    elif health.get(outcome.treaty, {}).get("last_success"):
        entry["last_success"] = health[outcome.treaty]["last_success"]
    health[outcome.treaty] = entry
