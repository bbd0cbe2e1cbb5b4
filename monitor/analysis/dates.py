"""Month arithmetic, art. 87's in-force rule, years between dates, and ISO3 codes from a query parameter."""

from __future__ import annotations

import calendar
import re
from datetime import date

from contract.countries import universe

ISO3_RE = re.compile(r"^[A-Za-z]{3}$")


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


def parse_country_code(value: object) -> str | None:
    """An ISO3 code from a query parameter if it names one of the 197 States, else None."""
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str) or not ISO3_RE.match(value.strip()):
        return None
    code = value.strip().upper()
    return code if code in set(universe()["iso3"]) else None
