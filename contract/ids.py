"""The treaty-id grammar (UNTC's mtdsg_no), its check, and the public status page of an id."""

from __future__ import annotations

import re

from contract.errors import InvalidTreatyId

# UNTC's mtdsg_no: a Roman chapter, a number, optional lower-case suffixes (IV-8-b, XXVII-7-d).
TREATY_ID_RE = re.compile(r"^(?P<chapter>[IVXL]{1,6})-(?P<number>[1-9][0-9]{0,2})(?:-[a-z]{1,2}){0,2}$")


def check_treaty_id(treaty_id: str) -> str:
    """Return the id if it is a valid UNTC mtdsg_no, else raise InvalidTreatyId."""
    if not isinstance(treaty_id, str) or not TREATY_ID_RE.match(treaty_id):
        raise InvalidTreatyId(f"{treaty_id!r} is not a valid UNTC treaty id")
    return treaty_id


def untc_status_page(treaty: str) -> str:
    """The human-readable UNTC status page of a treaty."""
    chapter = treaty.split("-")[0]
    roman = {"I": 1, "V": 5, "X": 10, "L": 50}
    number, previous = 0, 0
    for char in reversed(chapter):
        value = roman[char]
        number, previous = (number - value, previous) if value < previous else (number + value, value)
    return (f"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={treaty}"
            f"&chapter={number}&clang=_en")
