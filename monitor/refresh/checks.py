"""Every refusal of a refresh and its threshold, in one place: what a parsed document must satisfy
before it may replace the published data."""

from __future__ import annotations

from datetime import date

import pandas as pd

from contract.errors import ValidationFailed
from contract.model import TreatyStatus

MAX_DROP = 0.30  # a table this much shorter than last time looks like a layout change
EARLIEST_ACTION = date(1945, 1, 1)  # no treaty action predates the UN when the document gives no date


def check_status(status: TreatyStatus, treaty_id: str, today: date | None = None) -> None:
    """Raise ValidationFailed unless the parsed document is internally consistent."""
    today = today or date.today()
    problems = []
    if not status.participants:
        problems.append("the participants table is empty")
    if status.signatories_count is not None and status.counted_signatories() != status.signatories_count:
        problems.append(f"the table has {status.counted_signatories()} signatories, "
                        f"the header says {status.signatories_count}")
    if status.parties_count is not None and status.counted_parties() != status.parties_count:
        problems.append(f"the table has {status.counted_parties()} parties, "
                        f"the header says {status.parties_count}")
    names = [p.name for p in status.participants]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        problems.append(f"participants listed twice: {', '.join(dupes)}")
    earliest = status.conclusion_date or EARLIEST_ACTION
    for p in status.participants:
        for act in (p.signature, p.consent):
            if act and not (earliest <= act.date <= today):
                problems.append(f"{p.name}: implausible date {act.date.isoformat()}")
    if problems:
        raise ValidationFailed("; ".join(problems), treaty=treaty_id)


def check_drop(treaty_id: str, previous: pd.DataFrame | None, new: pd.DataFrame, accept: bool) -> None:
    """Refuse a table much shorter than last time unless the user accepted it after review."""
    if previous is None or accept or len(previous) == 0:
        return
    if len(new) < len(previous) * (1 - MAX_DROP):
        raise ValidationFailed(f"the table shrank from {len(previous)} to {len(new)} participants "
                               "(suspected layout change)", treaty=treaty_id)
