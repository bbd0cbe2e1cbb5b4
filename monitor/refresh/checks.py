"""Every refusal of a refresh and its threshold, in one place: what a parsed document must satisfy
before it may replace the published data."""

from __future__ import annotations

from datetime import date

import pandas as pd

from contract import refresh_warnings as warn
from contract.errors import ValidationFailed
from contract.model import TreatyStatus
from monitor.refresh.tables import unknown_organisations

MAX_DROP = 0.30  # a table this much shorter than last time looks like a layout change
# How far UNTC's own header count may be off before a table is refused rather than published with
# a warning: it miscounts by one now and then (V-3), while a truncated page is off by much more.
COUNT_TOLERANCE, COUNT_TOLERANCE_SHARE = 2, 0.05
# Before this, a date is garbage, not history (the oldest treaties UNTC tracks are of the 1900s).
EARLIEST_DATE = date(1850, 1, 1)


def count_problem(what: str, counted: int, header: int | None) -> tuple[str, bool]:
    """('', ok) when the table agrees with the header; else the message and whether it is small."""
    if header is None or counted == header:
        return "", True
    gap = abs(counted - header)
    small = gap <= COUNT_TOLERANCE and gap <= COUNT_TOLERANCE_SHARE * max(header, counted)
    return f"the table has {counted} {what}, the header says {header}", small


def check_status(status: TreatyStatus, treaty_id: str, today: date | None = None) -> list[dict]:
    """Raise ValidationFailed unless the document is consistent; return the warnings to publish with it, as
    codes with their numbers (contract.refresh_warnings words them).

    A header count off by a little (see COUNT_TOLERANCE) is a warning, more is a refusal.
    """
    today = today or date.today()
    problems, warnings = [], []
    if not status.participants:
        # No one has acted yet is possible (XIX-29) only if UNTC's header does not count anyone.
        if status.signatories_count or status.parties_count:
            problems.append("the participants table is empty")
        else:
            warnings.append(warn.empty_table())
    for what, counted, header in (("signatories", status.counted_signatories(), status.signatories_count),
                                  ("parties", status.counted_parties(), status.parties_count)):
        message, small = count_problem(what, counted, header)
        if message and small:
            warnings.append(warn.header_count_differs(what, header, counted))
        elif message:
            problems.append(message)
    names = [p.name for p in status.participants]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        problems.append(f"participants listed twice: {', '.join(dupes)}")
    for p in status.participants:
        for act in (p.signature, p.consent, p.provisional):
            if act and not (EARLIEST_DATE <= act.date <= today):
                problems.append(f"{p.name}: implausible date {act.date.isoformat()}")
            elif act and status.conclusion_date and act.date < status.conclusion_date:
                # UNTC's own slip (XIV-4: Finland signed "21 Apr 1971", the treaty is of 29 Oct 1971):
                # a real entry of the table, kept as UNTC lists it, not a reason to go blind on the treaty.
                warnings.append(warn.dated_before_conclusion(p.name, act.action, act.date.isoformat(),
                                                             status.conclusion_date.isoformat()))
    for name in unknown_organisations(status):
        warnings.append(warn.unknown_organisation(name))
    if problems:
        raise ValidationFailed("; ".join(problems), treaty=treaty_id)
    return warnings


def check_drop(treaty_id: str, previous: pd.DataFrame | None, new: pd.DataFrame, accept: bool) -> None:
    """Refuse a table much shorter than last time unless the user accepted it after review."""
    if previous is None or accept or len(previous) == 0:
        return
    if len(new) < len(previous) * (1 - MAX_DROP):
        raise ValidationFailed(f"the table shrank from {len(previous)} to {len(new)} participants "
                               "(suspected layout change)", treaty=treaty_id)
