"""The treaty-id grammar (UNTC's mtdsg_no), its check, and the public status page of an id."""

from __future__ import annotations

import re

from contract.errors import InvalidTreatyId

# UNTC's mtdsg_no: a Roman chapter (I-XXXIX), an optional sub-chapter letter (XI-A-16), a number
# with an optional letter (III-2-12b), then up to two parts of a number or lower-case letters
# (IV-8-b, XXVII-7-d). Only letters, digits and single dashes: no id can carry a path or a query.
TREATY_ID_RE = re.compile(r"^(?P<chapter>(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))-(?:[A-Z]-)?[1-9][0-9]{0,2}[a-z]?"
                          r"(?:-(?:[a-z]{1,2}|[1-9][0-9]{0,2}[a-z]?)){0,2}$")


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
