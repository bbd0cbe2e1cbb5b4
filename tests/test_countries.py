"""Tests of the reviewed country reference table and its lookups."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from conftest import SAMPLES

from contract import countries
from contract.countries import (
    UN_MEMBERS,
    country_info,
    load_countries,
    lookup_iso3,
    normalise_name,
    universe,
)

XML_CAPTURES = ["mtdsg-IV-13.en.2018-01-15.xml", "mtdsg-IV-16.en.2018-01-15.xml"]
GROUPS = {"African", "Asia-Pacific", "Eastern European", "Latin American and Caribbean",
          "Western European and others"}
KINDS = {"member", "observer", "other_state", "organisation", "territory", "former"}
RENAMED = [
    ("Turkey", "Türkiye"),
    ("Czech Republic", "Czechia"),
    ("Swaziland", "Eswatini"),
    ("The former Yugoslav Republic of Macedonia", "North Macedonia"),
    ("Cape Verde", "Cabo Verde"),
    ("Netherlands", "Netherlands (Kingdom of the)"),
    ("St. Kitts and Nevis", "Saint Kitts and Nevis"),
    ("St. Lucia", "Saint Lucia"),
    ("St. Vincent and the Grenadines", "Saint Vincent and the Grenadines"),
    ("Côte d'Ivoire", "Côte d\u2019Ivoire"),
]
SUPERSCRIPT = re.compile(r"&lt;superscript&gt;.*?&lt;/superscript&gt;", re.DOTALL)
PARTICIPANT = re.compile(r"<Participant>(.*?)</Participant>", re.DOTALL)
FIRST_ENTRY = re.compile(r"<Row>\s*<Entry>(.*?)</Entry>", re.DOTALL)


def _samples() -> Path:
    """Return the shared captures folder, or skip the test when it is absent."""
    if not SAMPLES.is_dir():
        pytest.skip(f"real UNTC captures not found at {SAMPLES}")
    return SAMPLES


def _xml_names(path: Path) -> set[str]:
    """Participant names in an MTDSG XML capture: <Participant> and each row's first <Entry>."""
    text = path.read_bytes().decode("latin-1").replace("\x02", " ")
    text = SUPERSCRIPT.sub("", text)
    found = PARTICIPANT.findall(text) + FIRST_ENTRY.findall(text)
    return {name.strip() for name in found if name.strip()}


def _csv_names(path: Path) -> set[str]:
    """The Participant column of a zmjones treaty table."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["Participant"].strip() for row in csv.DictReader(fh)}


def test_columns_and_values() -> None:
    df = load_countries()
    assert list(df.columns) == countries.COLUMNS
    assert set(df["kind"]) <= KINDS
    assert set(df["regional_group"]) <= GROUPS | {""}
    assert df["iso3"].str.fullmatch(r"[A-Z]{3}").all()
    assert (df["name"].str.strip() == df["name"]).all() and (df["name"] != "").all()


def test_file_is_sorted_with_unix_newlines() -> None:
    raw = countries.COUNTRIES_CSV.read_bytes()
    assert b"\r" not in raw and raw.endswith(b"\n")
    df = load_countries()
    keys = list(zip(df["iso3"], df["name"], strict=True))
    assert keys == sorted(keys)


def test_counts_by_kind() -> None:
    df = load_countries()
    per_kind = df.drop_duplicates("iso3")["kind"].value_counts()
    assert per_kind["member"] == UN_MEMBERS == 193
    assert per_kind["observer"] == 2
    assert per_kind["other_state"] == 2
    assert set(df.loc[df["kind"] == "observer", "iso3"]) == {"VAT", "PSE"}
    assert set(df.loc[df["kind"] == "other_state", "iso3"]) == {"COK", "NIU"}
    organisations = set(df.loc[df["kind"] == "organisation", "iso3"])
    # The EU keeps its ISO-reserved EUU; other organisations take a user-assigned X code.
    assert "EUU" in organisations and all(c == "EUU" or c.startswith("X") for c in organisations)
    assert {"HKG", "MAC", "VGB", "CYM", "MSR", "TCA"} <= set(df.loc[df["kind"] == "territory", "iso3"])
    assert {"SCG", "YUG", "CSK", "DDR", "SUN"} <= set(df.loc[df["kind"] == "former", "iso3"])


def test_regional_group_sizes() -> None:
    members = universe().query("kind == 'member'")
    sizes = members["regional_group"].value_counts().to_dict()
    assert sizes == {"African": 54, "Asia-Pacific": 54, "Eastern European": 23,
                     "Latin American and Caribbean": 33, "Western European and others": 29}


def test_names_unique_after_normalising() -> None:
    keys = load_countries()["name"].map(normalise_name)
    assert not keys[keys.duplicated()].tolist()


def test_one_set_of_facts_per_iso3() -> None:
    df = load_countries()
    for column in countries.INFO_COLUMNS:
        per_iso3 = df.groupby("iso3")[column].nunique()
        assert not per_iso3[per_iso3 > 1].index.tolist(), column


def test_organisations_and_territories_are_never_states() -> None:
    codes = set(universe()["iso3"])
    assert not {"EUU", "XWH", "HKG", "VGB"} & codes
    assert country_info("HKG")["kind"] == "territory" and country_info("XWH")["kind"] == "organisation"
    assert lookup_iso3("Hong Kong") == "HKG" and lookup_iso3("United Kingdom") == "GBR"


def test_display_name_is_itself_a_name() -> None:
    df = load_countries()
    for iso3, display in zip(df["iso3"], df["display_name"], strict=True):
        assert lookup_iso3(display) == iso3


def test_universe() -> None:
    u = universe()
    assert len(u) == u["iso3"].nunique() == 197
    assert list(u.columns) == ["iso3", "display_name", "region", "subregion",
                               "regional_group", "kind"]
    assert set(u["kind"]) == {"member", "observer", "other_state"}
    assert (u["region"] != "").all() and (u["subregion"] != "").all()
    assert set(u["regional_group"]) == GROUPS
    assert u["display_name"].iloc[0] == "Afghanistan"


@pytest.mark.parametrize(("old", "new"), RENAMED)
def test_renamed_pairs_share_iso3(old: str, new: str) -> None:
    assert lookup_iso3(old) is not None
    assert lookup_iso3(old) == lookup_iso3(new)


def test_korea_and_other_traps() -> None:
    assert lookup_iso3("Republic of Korea") == "KOR"
    assert lookup_iso3("Democratic People's Republic of Korea") == "PRK"
    assert lookup_iso3("Namibia") == "NAM"
    assert lookup_iso3("Niger") == "NER" and lookup_iso3("Nigeria") == "NGA"
    assert lookup_iso3("Congo") == "COG"
    assert lookup_iso3("Democratic Republic of the Congo") == "COD"
    assert lookup_iso3("Guinea") == "GIN" and lookup_iso3("Guinea-Bissau") == "GNB"
    assert lookup_iso3("Dominica") == "DMA" and lookup_iso3("Dominican Republic") == "DOM"
    assert lookup_iso3("Sudan") == "SDN" and lookup_iso3("South Sudan") == "SSD"


def test_group_facts() -> None:
    assert country_info("TUR")["regional_group"] == "Western European and others"
    assert country_info("TUR")["display_name"] == "Türkiye"
    assert country_info("USA")["regional_group"] == "Western European and others"
    assert country_info("ISR")["regional_group"] == "Western European and others"
    assert country_info("KIR")["regional_group"] == "Asia-Pacific"
    assert country_info("CYP")["regional_group"] == "Asia-Pacific"
    assert country_info("VAT") == {"display_name": "Holy See", "region": "Europe",
                                   "subregion": "Southern Europe",
                                   "regional_group": "Western European and others",
                                   "kind": "observer"}
    assert country_info("PSE")["regional_group"] == "Asia-Pacific"
    assert country_info("EUU")["regional_group"] == ""
    assert country_info("EUU")["kind"] == "organisation"
    assert country_info("BRA")["subregion"] == "Latin America and the Caribbean"
    assert country_info("CAN")["subregion"] == "Northern America"


def test_country_info_unknown_raises() -> None:
    with pytest.raises(KeyError):
        country_info("XXX")


def test_country_info_returns_a_copy() -> None:
    country_info("FRA")["region"] = "Mars"
    assert country_info("FRA")["region"] == "Europe"


def test_normalise_name() -> None:
    assert normalise_name("  Côte\u00a0d\u2019Ivoire ") == normalise_name("côte d'ivoire")
    assert normalise_name("Sri\x02Lanka") == "sri lanka"
    assert normalise_name("Lao People\u2018s\tDemocratic  Republic") == (
        "lao people's democratic republic")


def test_lookup_is_exact_not_fuzzy() -> None:
    assert lookup_iso3("Bolivia (Plurinational State of)") == "BOL"
    assert lookup_iso3("bolivia (plurinational state of)") == "BOL"
    assert lookup_iso3("Cote d'Ivoire") is None
    assert lookup_iso3("Korea") is None
    assert lookup_iso3("") is None


def test_reference_dir_is_next_to_the_code() -> None:
    code_root = Path(countries.__file__).resolve().parent.parent
    assert countries.REFERENCE_DIR == code_root / "data" / "reference"
    assert (countries.REFERENCE_DIR / "README.md").is_file()


def test_every_participant_in_the_real_captures_maps() -> None:
    """One test (it needs ../shared): the XML captures, the zmjones tables and the wpdl list."""
    for filename in XML_CAPTURES:
        check_xml_participants_map(filename)
    check_zmjones_participants_map()
    check_wpdl_lists_every_member_once()


def check_xml_participants_map(filename: str) -> None:
    names = _xml_names(_samples() / filename)
    assert len(names) > 30
    assert sorted(n for n in names if lookup_iso3(n) is None) == []


def check_zmjones_participants_map() -> None:
    files = sorted(_samples().glob("zmjones-treaties-4-1*.csv"))
    assert files, "no zmjones-treaties-4-1*.csv captures"
    for path in files:
        names = _csv_names(path)
        assert len(names) > 30, path.name
        assert sorted(n for n in names if lookup_iso3(n) is None) == [], path.name


def check_wpdl_lists_every_member_once() -> None:
    path = _samples() / "wpdl-hr_status_icmw.2022-05-29.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == UN_MEMBERS
    assert "NA" in {row["iso2"] for row in rows}  # Namibia, not a missing value
