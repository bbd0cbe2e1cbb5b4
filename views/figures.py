"""Migration figures in words, the reader's way (light: Babel only): the profile and the brief share them."""

from __future__ import annotations

from i18n import N_, format_number, translator
from i18n.words import NO_DATA


def decimal(value: float, lang: str = "en") -> str:
    """A number with one decimal, written the language's way (2.6 / 2,6)."""
    from babel.numbers import format_decimal

    from i18n import CLDR_LOCALES, pick_language

    return format_decimal(round(value, 1), format="#,##0.0", locale=CLDR_LOCALES[pick_language(lang)])


def people(value: int | None, lang: str = "en") -> str:
    """A head count in words: '2.6 million', '487,564' (2,6 millions, 487 564), or 'no data'."""
    _ = translator(lang)
    if value is None:
        return _(NO_DATA)
    if value >= 1_000_000:
        return _("{number} million").format(number=decimal(value / 1e6, lang))
    return format_number(value, lang)


def dollars(value: int | None, lang: str = "en") -> str:
    """US$ in words: 'US$ 8.2 billion', 'US$ 26.2 million' (CLDR's short form elsewhere: 8,2 Md $US), or 'no data'."""
    if value is None:
        return translator(lang)(NO_DATA)
    if lang != "en":
        from babel.numbers import format_compact_currency

        from i18n import CLDR_LOCALES, pick_language

        # A metric's value has room for about 14 characters: the spelled-out words would be cut.
        return format_compact_currency(value, "USD", locale=CLDR_LOCALES[pick_language(lang)], fraction_digits=1)
    if value >= 1e9:
        return f"US$ {value / 1e9:.1f} billion"
    return f"US$ {value / 1e6:.1f} million"


def percent(value: float | None, words: str, lang: str = "en") -> str:
    """'8.9% of the population' (``words`` an N_-marked "{share} of …"), or '' where there is no data."""
    if value is None:
        return ""
    from babel import Locale
    from babel.numbers import format_percent

    from i18n import CLDR_LOCALES, pick_language

    locale = Locale.parse(CLDR_LOCALES[pick_language(lang)])
    # The language's own percent pattern (8.9% / 8,9 %), with one decimal.
    pattern = locale.percent_formats[None].pattern.replace("#,##0", "#,##0.0", 1)
    share = format_percent(value / 100, format=pattern, locale=locale)
    return translator(lang)(words).format(share=share)


OF_POPULATION = N_("{share} of the population")
OF_RESIDENTS = N_("{share} of the resident population")
OF_GDP = N_("{share} of GDP")
UPR_TITLE = N_("UPR recommendations on this Convention, 2008–2014")
