"""The brief's fixed words: statuses, regions and UN regional groups, marked for the catalogs.

Each maps the analysis's English value to its English label; the drawing translates the label with _().
"""

from __future__ import annotations

from contract.status import NO_ACTION, PARTY_ACCESSION, PARTY_RATIFICATION, SIGNED, WITHDRAWN
from i18n import DEFAULT_LANGUAGE, N_, translator

STATUS_WORDS = {
    PARTY_RATIFICATION: N_("Party (ratification)"),
    PARTY_ACCESSION: N_("Party (accession or succession)"),
    SIGNED: N_("Signed, not ratified"),
    NO_ACTION: N_("No action"),
    WITHDRAWN: N_("Withdrawn"),
}
REGIONAL_GROUPS = {
    "African": N_("African States"), "Asia-Pacific": N_("Asia-Pacific States"),
    "Eastern European": N_("Eastern European States"),
    "Latin American and Caribbean": N_("Latin American and Caribbean States"),
    "Western European and others": N_("Western European and other States"),
}
REGIONS = {name: name for name in (
    N_("Africa"), N_("Americas"), N_("Asia"), N_("Europe"), N_("Oceania"), N_("Australia and New Zealand"),
    N_("Central Asia"), N_("Eastern Asia"), N_("Eastern Europe"), N_("Latin America and the Caribbean"),
    N_("Melanesia"), N_("Micronesia"), N_("Northern Africa"), N_("Northern America"), N_("Northern Europe"),
    N_("Polynesia"), N_("South-eastern Asia"), N_("Southern Asia"), N_("Southern Europe"), N_("Sub-Saharan Africa"),
    N_("Western Asia"), N_("Western Europe"))}


def fixed_label(value: object, lang: str) -> object:
    """A status, action, region or UN regional group from the data, in a language (English: as the data
    writes it, so the English pages and the CSVs agree); anything else is returned unchanged."""
    if lang == DEFAULT_LANGUAGE or not isinstance(value, str) or not value:
        return value
    return translator(lang)(REGIONAL_GROUPS.get(value, value))
