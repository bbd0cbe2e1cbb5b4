"""The reviewed country reference table (data/reference/countries.csv) and name lookups."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from contract import REPO_DIR

if TYPE_CHECKING:
    import pandas as pd

REFERENCE_DIR = REPO_DIR / "data" / "reference"
COUNTRIES_CSV = REFERENCE_DIR / "countries.csv"

COLUMNS = ["name", "iso3", "display_name", "region", "subregion", "regional_group", "kind"]
INFO_COLUMNS = ["display_name", "region", "subregion", "regional_group", "kind"]
UNIVERSE_KINDS = ("member", "observer", "other_state")
UN_MEMBERS = 193

# Apostrophe-like characters UNTC or a scraper may write (’ ‘ ʼ ′ ` ´, raw bytes 0x18/0x19).
_APOSTROPHES = re.compile("[\u2019\u2018\u02bc\u2032`\u00b4\x18\x19]")
# \s covers NBSP, tabs and other Unicode spaces; 0x02 is UNTC's mangled special space.
_SPACES = re.compile(r"[\s\x02]+")


def normalise_name(name: str) -> str:
    """Return the lookup key of a name: one apostrophe form, folded whitespace, case-folded."""
    key = _APOSTROPHES.sub("'", name)
    key = _SPACES.sub(" ", key).strip()
    return key.casefold()


@lru_cache(maxsize=1)
def load_countries() -> pd.DataFrame:
    """Read the reference table once (cached: do not modify it); every cell is a string."""
    import pandas as pd  # here, not at the top: the light first page imports UNIVERSE_KINDS

    return pd.read_csv(COUNTRIES_CSV, keep_default_na=False, dtype=str, encoding="utf-8")


@lru_cache(maxsize=1)
def _name_index() -> dict[str, str]:
    """Map each normalised name to its iso3."""
    df = load_countries()
    return {normalise_name(n): iso3 for n, iso3 in zip(df["name"], df["iso3"], strict=True)}


@lru_cache(maxsize=1)
def _info_index() -> dict[str, dict[str, str]]:
    """Map each iso3 to its display name, region, subregion, regional group and kind."""
    df = load_countries().drop_duplicates("iso3").set_index("iso3")
    return {iso3: dict(row) for iso3, row in df[INFO_COLUMNS].iterrows()}


def lookup_iso3(name: str) -> str | None:
    """Return the iso3 of a UNTC participant name (exact after normalising), None if unknown."""
    return _name_index().get(normalise_name(name))


# Words that make an unknown participant's name read as an intergovernmental organisation (a closed list:
# anything else unknown may be a State's new name, which must stop the refresh, never be dropped).
_ORGANISATION_WORDS = re.compile(
    r"\b(organi[sz]ation|community|union|council|agency|bank|fund|commission|secretariat|court|office|"
    r"institute|programme|authority|association|centre)\b", re.I)
# ISO 3166 leaves QMA-QZZ to its users: an organisation the reference table does not know yet gets one.
_USER_CODES = [f"Q{a}{b}" for a in "MNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]


def reads_as_organisation(name: str) -> bool:
    """True when a name reads as an intergovernmental organisation's (e.g. 'Andean Community')."""
    return bool(_ORGANISATION_WORDS.search(normalise_name(name)))


def organisation_codes(names: list[str]) -> dict[str, str]:
    """A stable user-assigned code (QMA-QZZ) for each unknown organisation name, distinct within the list.

    Derived from the name, so the same organisation keeps its code from one refresh to the next."""
    import hashlib

    codes: dict[str, str] = {}
    for name in sorted(set(names), key=normalise_name):
        start = int(hashlib.sha256(normalise_name(name).encode()).hexdigest(), 16) % len(_USER_CODES)
        slot = next(i for i in range(start, start + len(_USER_CODES))
                    if _USER_CODES[i % len(_USER_CODES)] not in codes.values())
        codes[name] = _USER_CODES[slot % len(_USER_CODES)]
    return codes


def country_info(iso3: str) -> dict[str, str]:
    """Return the display_name, region, subregion, regional_group and kind of an iso3 (KeyError)."""
    return dict(_info_index()[iso3])


def universe() -> pd.DataFrame:
    """Return one row per State that can join a treaty (193 members, 2 observers, 2 others).

    A copy of a frame built once per process: every treaty's table starts from it, and the caller
    may change its copy."""
    return _universe().copy()


@lru_cache(maxsize=1)
def _universe() -> pd.DataFrame:
    df = load_countries()
    df = df[df["kind"].isin(UNIVERSE_KINDS)].drop_duplicates("iso3")
    cols = ["iso3", *INFO_COLUMNS]
    return df[cols].sort_values("display_name", key=lambda s: s.map(sort_key), ignore_index=True)


def sort_key(text: str) -> str:
    """Sort key that ignores accents and case, so Türkiye sorts as Turkiye and Côte as Cote."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
