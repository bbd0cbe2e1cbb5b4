"""The ICRMW beside the other treaties, on small hand-made tables (no Streamlit)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import REPO, STATES, require_bundled_data

from contract.countries import sort_key
from contract.model import DECLARATION_COLUMNS, STATUS_COLUMNS
from contract.status import NO_ACTION, PARTY_ACCESSION, PARTY_RATIFICATION, SIGNED, WITHDRAWN
from contract.treaties import COLUMNS as REGISTRY_COLUMNS
from contract.treaties import ICRMW, articles
from i18n import translator
from monitor.analysis.exports import matrix_download
from monitor.analysis.profile import build_country_profile, build_country_table, build_country_treaties
from monitor.analysis.status import build_country_status
from monitor.analysis.targets import (
    available_factors,
    build_target_factors,
    build_targets,
    build_targets_table,
    factor_coverage,
)
from monitor.analysis.treaties import (
    NO,
    NOT_LOADED,
    YES,
    TreatySet,
    build_complaints,
    build_core_counts,
    build_matrix,
    build_most_but_not_icrmw,
    build_treaty_list,
    build_treaty_set,
    cell_label,
    complaint_procedures,
    core_count_column,
    core_text,
    coverage,
    matrix_cells,
    most_threshold,
)
from monitor.store.checked import load_tracked
from monitor.store.layout import data_dir
from views.labels import build_core_map_frame, score_formula

# A small registry: two core treaties loaded beside the ICRMW, one (CAT) not loaded; one complaints
# protocol loaded; one Palermo protocol loaded and one not.
REGISTRY = pd.DataFrame([
    ("IV-13", "ICRMW", "Migrant Workers Convention", "core", "76", "77", "10"),
    ("IV-4", "ICCPR", "Civil and Political Rights", "core", "41", "", ""),
    ("IV-9", "CAT", "Convention against Torture", "core", "21", "22", "5"),
    ("IV-16", "CPED", "Enforced Disappearance", "core", "32", "31", ""),
    ("IV-5", "ICCPR-OP1", "First Optional Protocol", "complaints", "", "", ""),
    ("XVIII-12-a", "Trafficking Protocol", "Trafficking in persons", "palermo", "", "", ""),
    ("XVIII-12-b", "Smuggling Protocol", "Smuggling of migrants", "palermo", "", "", ""),
], columns=REGISTRY_COLUMNS)

COMPETENCE = articles(ICRMW)  # art. 76, art. 77 and its threshold of 10, from data/treaties.csv


def status_rows(*rows: tuple) -> pd.DataFrame:
    """(iso3, signature date or '', consent date or '', consent action, withdrawn) rows as a status table."""
    records = []
    for iso3, signed, consent, action, *withdrawn in rows:
        records.append({
            **dict.fromkeys(STATUS_COLUMNS, ""), "participant": iso3, "iso3": iso3,
            "signature_date": signed, "signature_action": "signature" if signed else "",
            "signature_withdrawn": "false" if signed else "",
            "consent_date": consent, "consent_action": action if consent else "",
            "consent_withdrawn": ("true" if withdrawn else "false") if consent else "", "footnotes": ""})
    return pd.DataFrame(records, columns=STATUS_COLUMNS, dtype=str)


def competence(*rows: tuple[str, str]) -> pd.DataFrame:
    """(iso3, article) competence declarations."""
    return pd.DataFrame([{"participant": iso3, "iso3": iso3, "section": "competence", "title": f"Article {art}",
                          "date": "", "articles": art, "text": ""} for iso3, art in rows],
                        columns=DECLARATION_COLUMNS, dtype=str)


NO_DECLARATIONS = pd.DataFrame(columns=DECLARATION_COLUMNS, dtype=str)


@pytest.fixture
def treaties() -> TreatySet:
    """MEX: ICRMW party with an art. 77 declaration. FRA, DEU: party to ICCPR and CPED, not the ICRMW.
    KEN: ICCPR only, Trafficking Protocol. ARG: signed the ICRMW, CPED with art. 31. URY: withdrew from ICCPR."""
    status = {
        "IV-13": status_rows(("MEX", "1991-05-22", "1999-03-08", "ratification"),
                             ("ARG", "2004-08-10", "", "")),
        "IV-4": status_rows(("FRA", "", "1980-11-04", "accession"), ("DEU", "1968-10-09", "1973-12-17", "ratification"),
                            ("KEN", "", "1972-05-01", "accession"), ("MEX", "", "1981-03-23", "accession"),
                            ("URY", "", "1970-04-01", "ratification", "withdrawn")),
        "IV-16": status_rows(("FRA", "2007-02-06", "2008-09-23", "ratification"),
                             ("DEU", "2007-09-26", "2009-09-24", "ratification"),
                             ("ARG", "2007-02-06", "2007-12-14", "ratification"),
                             ("MNE", "", "2011-09-20", "succession")),
        "IV-5": status_rows(("FRA", "", "1984-02-17", "accession")),
        "XVIII-12-a": status_rows(("KEN", "", "2005-01-05", "accession")),
    }
    declarations = {"IV-13": competence(("MEX", "77")), "IV-4": NO_DECLARATIONS,
                    "IV-16": competence(("ARG", "31"), ("ARG", "32")), "IV-5": NO_DECLARATIONS,
                    "XVIII-12-a": NO_DECLARATIONS}
    as_of = dict.fromkeys(status, date(2024, 1, 1))
    return TreatySet(registry=REGISTRY, status=status, declarations=declarations, as_of=as_of)


def by_iso(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("iso3")


# --- Coverage and the long table ---------------------------------------------------------------

def test_coverage_names_what_is_not_loaded(treaties) -> None:
    core = coverage(treaties, "core")
    assert (core["loaded"], core["total"], core["missing_names"]) == (3, 4, ["CAT"])
    assert core["text"] == "3 of 4 core human rights treaties loaded" and not core["complete"]
    palermo = coverage(treaties, "palermo")
    assert palermo["missing_ids"] == ["XVIII-12-b"]
    listed = build_treaty_list(treaties).set_index("id")
    assert listed.loc["IV-9", "data"] == NOT_LOADED and pd.isna(listed.loc["IV-9", "parties"])
    assert listed.loc["IV-4", "parties"] == 4  # the withdrawn accession does not count


def test_states_say_not_loaded_never_no_action(treaties) -> None:
    states = treaties.states
    assert len(states) == STATES * len(REGISTRY)  # every State, every treaty
    cat = states[states["treaty"] == "IV-9"]
    assert set(cat["status"]) == {NOT_LOADED} and cat["party"].isna().all() and not cat["loaded"].any()
    iccpr = by_iso(states[states["treaty"] == "IV-4"])
    assert iccpr.loc["FRA", "label"] == "Acceded 1980" and iccpr.loc["DEU", "label"] == "Ratified 1973"
    assert iccpr.loc["URY", "label"] == WITHDRAWN and pd.isna(iccpr.loc["URY", "year"])
    assert iccpr.loc["BRA", "label"] == NO_ACTION and iccpr.loc["BRA", "party"] is False
    assert by_iso(states[states["treaty"] == "IV-16"]).loc["MNE", "label"] == "Succeeded 2011"
    assert by_iso(states[states["treaty"] == "IV-13"]).loc["ARG", "label"] == "Signed 2004"
    assert "EUU" not in set(states["iso3"])  # only the 197 States


@pytest.mark.parametrize(("status", "action", "year", "expected"), [
    (PARTY_RATIFICATION, "acceptance", 2017, "Accepted 2017"),
    (PARTY_ACCESSION, "accession", 2007, "Acceded 2007"),
    (SIGNED, "signature", 2004, "Signed 2004"),
    (WITHDRAWN, "ratification", None, "Withdrawn"),
    (NOT_LOADED, "", None, "Not loaded yet"),
])
def test_cell_label(status, action, year, expected) -> None:
    assert cell_label(status, action, year) == expected


def test_matrix_cells_are_worded_from_the_facts(treaties) -> None:
    """The page words each cell from the status, action and year (never by reading the English back)."""
    from i18n import translator

    english, french = matrix_cells(treaties), matrix_cells(treaties, translator("fr"))
    assert english.loc["MNE", "CPED"] == "Succeeded 2011" and english.loc["ARG", "ICRMW"] == "Signed 2004"
    assert french.loc["ARG", "ICRMW"] == "Signature 2004"
    assert french.loc["BRA", "ICCPR"] == translator("fr")(NO_ACTION) != NO_ACTION
    assert english.shape == french.shape


# --- Core treaties -----------------------------------------------------------------------------

def test_core_counts_keep_unknown_apart(treaties) -> None:
    counts = by_iso(build_core_counts(treaties))
    france = counts.loc["FRA"]
    assert france["core_ratified"] == 2 and france["core_loaded"] == 3 and france["core_total"] == 4
    assert france["ratified"] == ["ICCPR", "CPED"] and france["missing"] == ["ICRMW"]
    assert france["unknown"] == ["CAT"]  # not loaded: neither ratified nor missing
    assert france["text"] == "2 of the 3 core treaties loaded"
    assert counts.loc["MEX", "ratified"] == ["ICRMW", "ICCPR"]
    assert counts.loc["URY", "core_ratified"] == 0  # withdrawn is not party
    assert core_text(8, 9, 9) == "8 of 9 core treaties"


@pytest.mark.parametrize(("others", "threshold"), [(8, 5), (1, 1), (2, 2), (3, 2), (7, 4)])
def test_most_threshold(others, threshold) -> None:
    assert most_threshold(others) == threshold


def test_most_but_not_icrmw(treaties) -> None:
    most = build_most_but_not_icrmw(treaties)
    # Two other core treaties loaded (ICCPR, CPED): "most" is both. MEX is party to the ICRMW.
    assert list(most["iso3"]) == ["FRA", "DEU"]  # the same count: by name
    row = by_iso(most).loc["FRA"]
    assert (row["others_ratified"], row["others_loaded"]) == (2, 2)
    assert row["ratified"] == ["ICCPR", "CPED"] and row["missing"] == []
    assert row["icrmw"] == NO_ACTION
    assert "ARG" not in set(most["iso3"])  # signed the ICRMW, party to CPED only: 1 of 2 is not most


def test_most_but_not_icrmw_sorted_by_count() -> None:
    registry = REGISTRY[REGISTRY["id"].isin(["IV-13", "IV-4", "IV-9", "IV-16"])]
    status = {"IV-13": status_rows(), "IV-4": status_rows(("FRA", "", "1980-11-04", "accession"),
                                                          ("KEN", "", "1972-05-01", "accession")),
              "IV-9": status_rows(("KEN", "", "1997-02-21", "accession")),
              "IV-16": status_rows(("KEN", "2007-02-06", "", "")),
              }
    declarations = dict.fromkeys(status, NO_DECLARATIONS)
    most = build_most_but_not_icrmw(TreatySet(registry, status, declarations))
    assert list(most["iso3"]) == ["KEN"]  # 2 of 3 others; France has 1 of 3, below "most" (2)


def test_most_needs_the_icrmw_and_another_core_treaty(treaties) -> None:
    without_icrmw = TreatySet(REGISTRY, {k: v for k, v in treaties.status.items() if k != "IV-13"},
                                      treaties.declarations)
    assert build_most_but_not_icrmw(without_icrmw).empty
    only_icrmw = TreatySet(REGISTRY, {"IV-13": treaties.status["IV-13"]},
                                   {"IV-13": treaties.declarations["IV-13"]})
    assert build_most_but_not_icrmw(only_icrmw).empty
    # Unknown is not "not ratified": with only the ICRMW loaded no State counts as missing a core treaty.
    counts = by_iso(build_core_counts(only_icrmw))
    assert counts.loc["FRA", "missing"] == ["ICRMW"] and counts.loc["FRA", "unknown"] == ["ICCPR", "CAT", "CPED"]


# --- The matrix --------------------------------------------------------------------------------

def test_matrix_columns_counts_and_filters(treaties) -> None:
    matrix = build_matrix(treaties)
    count = "Core treaties ratified (of 3 loaded)"
    assert core_count_column(treaties) == count
    loaded_first = ["ICRMW", "ICCPR", "CPED", "ICCPR-OP1", "Trafficking Protocol", "CAT", "Smuggling Protocol"]
    assert list(matrix.columns) == ["Country", count, *loaded_first, "Core treaties not ratified", "Region",
                                    "UN regional group", "ISO3"]
    assert len(matrix) == 197
    france = matrix.set_index("ISO3").loc["FRA"]
    assert france[count] == 2 and france["Core treaties not ratified"] == "ICRMW"
    assert france["CAT"] == "Not loaded yet" and france["ICCPR"] == "Acceded 1980"
    assert france["Smuggling Protocol"] == "Not loaded yet" and france["Trafficking Protocol"] == "No action"
    europe = build_matrix(treaties, regions=["Europe"])
    assert set(europe["Region"]) == {"Europe"} and "FRA" in set(europe["ISO3"])
    weog = build_matrix(treaties, groups=["Western European and others"])
    assert set(weog["UN regional group"]) == {"Western European and others"}


def test_matrix_download_is_formula_safe(treaties) -> None:
    matrix = build_matrix(treaties, regions=["Europe"])
    download = matrix_download(matrix, date(2018, 1, 15))
    assert download.file_name == "icrmw-treaty-matrix-2018-01-15.csv"
    assert download.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert rows[0] == list(matrix.columns) and len(rows) == len(matrix) + 1


# --- Complaints --------------------------------------------------------------------------------

def test_complaint_procedures_from_the_registry(treaties) -> None:
    procedures = {p["label"]: p for p in complaint_procedures(treaties)}
    assert list(procedures) == ["CPED art. 31", "ICCPR-OP1", "CAT art. 22"]  # loaded first; not the ICRMW's 77
    assert procedures["CAT art. 22"]["loaded"] is False and procedures["CPED art. 31"]["kind"] == "declaration"


def test_complaints_accepted_elsewhere_versus_article_77(treaties) -> None:
    table = by_iso(build_complaints(treaties))
    assert table.loc["FRA", "ICCPR-OP1"] == YES and table.loc["FRA", "CPED art. 31"] == NO
    assert table.loc["FRA", "CAT art. 22"] == NOT_LOADED
    assert (table.loc["FRA", "accepted"], table.loc["FRA", "loaded"]) == (1, 2)
    assert table.loc["ARG", "CPED art. 31"] == YES and table.loc["ARG", "art77"] == "Not party"
    assert table.loc["MEX", "art77"] == YES and table.loc["KEN", "art77"] == "Not party"
    gap = build_complaints(treaties, only_gap=True)
    assert set(gap["iso3"]) == {"FRA", "ARG"}  # MEX made its art. 77 declaration


# --- Lobbying-target factors -------------------------------------------------------------------

def test_target_factors_leave_unloaded_out(treaties) -> None:
    cover = factor_coverage(treaties)
    assert (cover["core"]["loaded"], cover["core"]["total"]) == (2, 3)  # ICCPR, CPED of ICCPR, CAT, CPED
    assert cover["palermo"]["available"] and cover["palermo"]["missing"] == ["Smuggling Protocol"]
    factors = build_target_factors(treaties)
    assert factors.loc["FRA", "core"] == 1.0 and factors.loc["FRA", "core_text"] == "2 of 2"
    assert factors.loc["FRA", "complaints"] == 0.5 and factors.loc["ARG", "complaints"] == 0.5
    assert factors.loc["KEN", "palermo"] == 1.0 and factors.loc["KEN", "palermo_text"] == "1 of 1"
    bare = TreatySet(REGISTRY, {"IV-13": treaties.status["IV-13"]}, {"IV-13": treaties.declarations["IV-13"]})
    unloaded = build_target_factors(bare)
    assert unloaded["palermo"].isna().all() and set(unloaded["palermo_text"]) == {NOT_LOADED}
    assert not factor_coverage(bare)["core"]["available"]


def test_treaty_factors_change_the_order(treaties) -> None:
    status, as_of = treaties.status["IV-13"], date(2024, 1, 1)
    factors = build_target_factors(treaties)
    off = {"signed": 0, "recent": 0, "peers": 0, "core": 0, "complaints": 0, "palermo": 0}
    core = build_targets(status, as_of, off | {"core": 1}, factors=factors)
    assert set(core["iso3"].iloc[:2]) == {"DEU", "FRA"} and core["score"].iloc[0] == 100
    palermo = build_targets(status, as_of, off | {"palermo": 1}, factors=factors)
    assert palermo["iso3"].iloc[0] == "KEN"
    complaints = build_targets(status, as_of, off | {"complaints": 1}, factors=factors)
    assert complaints["iso3"].iloc[0] in {"ARG", "FRA"} and complaints["score"].iloc[0] == 50
    shown = build_targets_table(palermo)
    columns = list(shown.columns)
    start = columns.index("Group peers already party") + 1
    assert columns[start:start + 3] == ["Other core treaties ratified", "Complaints accepted elsewhere",
                                        "Palermo protocols ratified"]
    kenya = shown.set_index("ISO3").loc["KEN"]
    spanish = build_targets_table(palermo, say=translator("es")).set_index("ISO3").loc["KEN"]
    assert (kenya["Palermo protocols ratified"], spanish["Palermo protocols ratified"]) == ("1 of 1", "1 de 1")


def test_unavailable_factor_is_left_out_not_zero(treaties) -> None:
    status, as_of = treaties.status["IV-13"], date(2024, 1, 1)
    bare = TreatySet(REGISTRY, {"IV-13": status}, {"IV-13": treaties.declarations["IV-13"]})
    factors = build_target_factors(bare)
    assert available_factors(factors) == ["signed", "recent", "peers"]
    plain = build_targets(status, as_of)
    heavy = build_targets(status, as_of, {"core": 5, "complaints": 5, "palermo": 5}, factors=factors)
    assert list(heavy["score"]) == list(plain["score"])  # their weights do not dilute the score
    assert heavy["palermo"].isna().all()
    assert "Palermo protocols ratified" not in build_targets_table(heavy).columns
    assert score_formula(["signed", "core"]) == \
        "score = 100 × (w_signed × signed + w_core × core) ÷ (w_signed + w_core)"


# --- One country and the map -------------------------------------------------------------------

def test_country_treaties(treaties) -> None:
    record = build_country_treaties(treaties, "FRA").set_index("Treaty")
    assert list(record.index) == list(REGISTRY["short_name"])
    assert record.loc["ICCPR", "Status"] == "Party (accession)" and record.loc["ICCPR", "Year"] == 1980
    assert record.loc["CAT", "Status"] == "Not loaded yet: run the refresh" and pd.isna(record.loc["CAT", "Year"])
    assert record.loc["ICCPR-OP1", "Complaints"] == "Yes (party to the protocol)"
    assert record.loc["CPED", "Complaints"] == "No art. 31 declaration"
    assert record.loc["ICRMW", "Status"] == NO_ACTION and record.loc["ICRMW", "Complaints"] == ""
    assert build_country_treaties(treaties, "MEX").set_index("Treaty").loc["ICRMW", "Complaints"] == \
        "Yes (art. 77 declaration)"
    with pytest.raises(KeyError):
        build_country_treaties(treaties, "XXX")


def test_country_csv_lists_the_treaties(treaties) -> None:
    status = treaties.status["IV-13"]
    profile = build_country_profile("FRA", build_country_status(status), NO_DECLARATIONS, None, COMPETENCE)
    flat = build_country_table(profile, build_country_treaties(treaties, "FRA"))
    rows = flat[flat["item"].str.startswith("Treaty: ")].set_index("item")["detail"]
    assert rows["Treaty: ICCPR"] == "Party (accession) (1980); data as of 2024-01-01"
    assert rows["Treaty: CAT"] == "Not loaded yet: run the refresh"


def test_core_map_frame(treaties) -> None:
    frame, categories = build_core_map_frame(treaties)
    assert categories == ["0 of 3", "1 of 3", "2 of 3", "3 of 3"]
    france = frame.set_index("iso3").loc["FRA"]
    assert france["status"] == "2 of 3"
    assert "Not party to: ICRMW" in france["hover"] and "Not loaded yet: 1 treaty" in france["hover"]
    assert len(frame) == STATES and "<script" not in "".join(frame["hover"])


@pytest.mark.parametrize(("lang", "of", "germany", "words"), [
    ("fr", "2 sur 3", "Allemagne", ("Principaux traités ratifiés : 2 sur 3", "Non partie à : ICRMW",
                                    "Pas encore chargé : 1 traité")),
    ("es", "2 de 3", "Alemania", ("Tratados fundamentales ratificados: 2 de 3", "No es parte en: ICRMW",
                                  "Aún no cargado: 1 tratado")),
])
def test_core_map_frame_in_the_readers_language(treaties, lang: str, of: str, germany: str,
                                                words: tuple[str, ...]) -> None:
    frame, categories = build_core_map_frame(treaties, lang)
    assert categories[2] == of
    row = frame.set_index("iso3").loc["DEU"]
    assert row["status"] == of and row["hover"].startswith(f"<b>{germany}</b>")
    for word in words:
        assert word in row["hover"], row["hover"]
    assert "Click for" not in row["hover"] and "Party to:" not in row["hover"]


def test_translated_matrix_is_in_the_readers_alphabetical_order(treaties) -> None:
    from views.compare import _shown_matrix

    table = build_matrix(treaties)
    names = list(_shown_matrix(table, treaties, "es")["Country"])
    assert names == sorted(names, key=sort_key)
    assert names.index("Alemania") < names.index("Austria") < names.index("Bélgica")


# --- Loading from a data directory -------------------------------------------------------------

def load_treaty_set(root: Path) -> TreatySet:
    """What the pages do: the store loads the files, the analysis builds from them."""
    return build_treaty_set(load_tracked(root))


def test_load_treaty_set_from_files(tmp_path: Path) -> None:
    root = data_dir()
    require_bundled_data(root)
    target = tmp_path / "data"
    for treaty_id in ("IV-13", "IV-16"):
        shutil.copytree(REPO / "data" / treaty_id, target / treaty_id)
    (target / "IV-4").mkdir()  # a folder without meta.json: never refreshed
    loaded = load_treaty_set(target)
    assert loaded.loaded_ids() == ["IV-13", "IV-16"] and not loaded.problems
    assert loaded.as_of["IV-16"] == date(2018, 1, 15)
    assert "IV-4" in loaded.missing_ids("core")

    (target / "IV-16" / "status.csv").write_text("participant,iso3\nMexico,MEX\n", encoding="utf-8")
    damaged = load_treaty_set(target)
    assert damaged.loaded_ids() == ["IV-13"] and "status.csv" in damaged.problems["IV-16"]
    assert build_matrix(damaged).set_index("ISO3").loc["FRA", "CPED"] == NOT_LOADED


V3_WARNING = {"code": "header_count_differs", "field": "signatories", "header": 23, "table": 22}


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_an_older_meta_json_with_an_english_sentence_still_loads(tmp_path: Path, lang: str) -> None:
    """meta.json files written before the codes hold the warning as an English sentence: read back as the code,
    so the pages still word it in the reader's language."""
    from views.labels import refresh_warning

    require_bundled_data(REPO / "data")
    target = tmp_path / "data"
    shutil.copytree(REPO / "data" / "V-3", target / "V-3", ignore=shutil.ignore_patterns("raw", "last-good"))
    meta = json.loads((target / "V-3" / "meta.json").read_text(encoding="utf-8"))
    meta["warnings"] = ["the table has 22 signatories, the header says 23", "a remark of a kind not known here"]
    (target / "V-3" / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    loaded = load_treaty_set(target)
    assert loaded.loaded_ids() == ["V-3"] and not loaded.problems
    assert loaded.warnings["V-3"] == [V3_WARNING, {"code": "unread", "text": "a remark of a kind not known here"}]
    shown = [refresh_warning(w, lang) for w in loaded.warnings["V-3"]]
    assert shown[0] == refresh_warning(V3_WARNING, lang) and "the header says" not in shown[0]
    assert shown[1] == "a remark of a kind not known here"  # shown as stored (as text, by the page)


def test_bundled_treaties_and_the_header_count_warning() -> None:
    root = REPO / "data"
    require_bundled_data(root)
    loaded = load_treaty_set(root)
    assert len(loaded.loaded_ids()) == 12 and not loaded.problems
    assert loaded.missing_ids() == ["IV-2", "IV-3", "IV-4", "IV-8", "IV-9", "IV-11", "IV-15", "V-2"]
    assert loaded.warnings == {"V-3": [V3_WARNING]}
    listed = build_treaty_list(loaded).set_index("id")
    assert listed.loc["V-3", "data"] == "Loaded; warning: the table has 22 signatories, the header says 23"
    assert listed.loc["V-5", "data"] == "Loaded" and listed.loc["V-2", "data"] == NOT_LOADED
    assert coverage(loaded, "migration")["text"] == "3 of 4 refugee and statelessness treaties loaded"
