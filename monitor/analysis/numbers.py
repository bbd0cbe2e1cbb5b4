"""The overview's typed headline numbers: what `status` computes and the first page reads back.

Light (no pandas), and it imports nothing of the analysis: `status` builds the numbers and `overview`
keeps them, so both import this module and neither imports the other.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any


@dataclass(frozen=True)
class OverviewNumbers:
    """The headline numbers of a treaty as at a date (actions and declarations dated later left out)."""

    as_of: date
    parties: int
    parties_ratification: int
    parties_accession: int
    parties_in_force: int
    signatories_not_ratified: int
    no_action: int
    withdrawn: int
    signatories_total: int
    universe: int
    un_members: int
    un_member_parties: int
    un_member_share: float
    individual_article: str
    individual_declarations: int
    individual_threshold: int | None
    individual_states: list[str]
    interstate_article: str
    interstate_declarations: int
    in_force: bool

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the date as ISO text), in field order."""
        return {key: value.isoformat() if isinstance(value, date) else value for key, value in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OverviewNumbers:
        """The numbers back from `to_json`'s dict; KeyError or TypeError when a field is missing."""
        values = {f.name: data[f.name] for f in fields(cls)}
        return cls(**values | {"as_of": date.fromisoformat(values["as_of"])})
