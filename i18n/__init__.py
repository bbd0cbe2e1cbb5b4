"""Languages: gettext catalogs for words, CLDR (through Babel) for country names, numbers and dates.

A page or document takes one language code and asks for a translator::

    _ = translator(lang)
    _("Status under the Convention")

English is the source language: its text is the message id, so English needs no catalog. French and
Spanish catalogs live in i18n/locale/<lang>/LC_MESSAGES/messages.po and are managed with Babel
(`make translations`: extract, update; see README). They are compiled in memory from the .po at
first use, so a stale or missing .mo can never be served.
"""

from __future__ import annotations

import csv
import gettext
import io
from collections.abc import Callable, Iterable
from datetime import date
from functools import cache
from pathlib import Path

from contract.countries import REFERENCE_DIR

LANGUAGES = ("en", "fr", "es")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}
DOMAIN = "messages"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
TREATY_TITLES_CSV = REFERENCE_DIR / "treaty_titles.csv"
COUNTRY_NAMES_CSV = REFERENCE_DIR / "country_names.csv"
# English dates as the UN writes them (22 March 1999), not the US order of CLDR's plain "en".
CLDR_LOCALES = {"en": "en_GB", "fr": "fr", "es": "es"}


def N_(message: str) -> str:
    """Mark a fixed English text (a label kept in data) for the catalogs; translate it later with _()."""
    return message


def check_language(value: object) -> str | None:
    """The language code if `value` is one of LANGUAGES (case and spaces ignored), else None."""
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str):
        return None
    code = value.strip().lower()
    return code if code in LANGUAGES else None


def pick_language(value: object) -> str:
    """The language to use for `value` (e.g. a ?lang= parameter): English for anything unknown."""
    return check_language(value) or DEFAULT_LANGUAGE


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of a language, once per process (English: the identity)."""
    code = pick_language(lang)
    if code == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    # Babel's modules are imported only here, so an English page pays nothing for them.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path(code).open("rb") as handle:
        messages = read_po(handle, locale=code, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, messages, use_fuzzy=False)  # a fuzzy guess is not a reviewed translation
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def po_path(lang: str) -> Path:
    """Where a language's catalog lives."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def translator(lang: str) -> Callable[[str], str]:
    """gettext for a language ("en", "fr", "es"; anything else gives English)."""
    return catalog(pick_language(lang)).gettext


def context_translator(lang: str) -> Callable[[str, str], str]:
    """pgettext for a language: a word in a context where it is said otherwise ("UPR response", "Accepted")."""
    return catalog(pick_language(lang)).pgettext


def plural_translator(lang: str) -> Callable[[str, str, int], str]:
    """ngettext for a language: the singular, the plural and the count that picks one."""
    return catalog(pick_language(lang)).ngettext


# --- CLDR: numbers, dates, country names --------------------------------------------------------

def format_number(value: float | int, lang: str) -> str:
    """A number written the language's way: 1,234,567 / 1 234 567 / 1.234.567."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=CLDR_LOCALES[pick_language(lang)])


def format_day(day: date | None, lang: str, empty: str = "") -> str:
    """A date in words: 22 March 1999 / 22 mars 1999 / 22 de marzo de 1999 (`empty` when None)."""
    if day is None:
        return empty
    from babel.dates import format_date

    return format_date(day, format="long", locale=CLDR_LOCALES[pick_language(lang)])


@cache
def _iso2() -> dict[str, str]:
    """ISO 3166 alpha-3 -> alpha-2, from CLDR's territory aliases (only the unambiguous ones)."""
    from babel.core import get_global

    return {alpha3: targets[0] for alpha3, targets in get_global("territory_aliases").items()
            if len(alpha3) == 3 and alpha3.isalpha() and len(targets) == 1 and len(targets[0]) == 2}


@cache
def _name_overrides() -> dict[tuple[str, str], str]:
    """(iso3, lang) -> the UN's name where CLDR's everyday short name is not what the UN uses."""
    with COUNTRY_NAMES_CSV.open(encoding="utf-8", newline="") as handle:
        return {(row["iso3"], row["lang"]): row["name"] for row in csv.DictReader(handle)}


def country_name(iso3: str, lang: str, english: str) -> str:
    """A State's name in a language: `english` (the UN name the dashboard shows) for English;
    else the reviewed UN name where one is listed, else CLDR's, else `english`."""
    code = pick_language(lang)
    if code == DEFAULT_LANGUAGE:
        return english
    if (iso3, code) in _name_overrides():
        return _name_overrides()[(iso3, code)]
    from babel import Locale

    alpha2 = _iso2().get(iso3)
    return Locale.parse(CLDR_LOCALES[code]).territories.get(alpha2, english) if alpha2 else english


# --- Treaty titles ------------------------------------------------------------------------------

@cache
def _treaty_words(kind: str) -> dict[str, dict[str, str]]:
    """Treaty id -> {lang: its `kind` ("title" or "short") in that language}, from treaty_titles.csv."""
    with TREATY_TITLES_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: {lang: row[f"{kind}_{lang}"] for lang in LANGUAGES if lang != DEFAULT_LANGUAGE}
                for row in csv.DictReader(handle)}


def treaty_title(treaty_id: str, lang: str, english: str) -> str:
    """A treaty's official title in a language; `english` (the registry's title) for English or when
    no official title is recorded."""
    code = pick_language(lang)
    if code == DEFAULT_LANGUAGE:
        return english
    return _treaty_words("title").get(treaty_id, {}).get(code) or english


def treaty_short(treaty_id: str, lang: str, english: str) -> str:
    """A treaty's short name in a language: the registry's (`english`) when it is an abbreviation that
    every language writes alike (ICRMW, CEDAW), a translation when it is words (Refugee Protocol)."""
    code = pick_language(lang)
    if code == DEFAULT_LANGUAGE:
        return english
    return _treaty_words("short").get(treaty_id, {}).get(code) or english


def short_names(names: Iterable[str], lang: str) -> list[str]:
    """Short names as the analysis lists them (the registry's English ones), in a language."""
    ids = _ids_by_short_name()
    return [treaty_short(ids.get(name, ""), lang, name) for name in names]


@cache
def _ids_by_short_name() -> dict[str, str]:
    """The registry's short names -> treaty ids (the map's hovers ask for every State)."""
    from contract.treaties import treaty_rows

    return {row["short_name"]: row["id"] for row in treaty_rows()}
