"""Every dashboard page runs on the bundled data without a browser (streamlit.testing.v1.AppTest)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import bundled_document
import pandas as pd
import pytest
from conftest import REPO, STATES, require_bundled_data

from contract.countries import sort_key, universe
from monitor.cli import main as cli_main
from monitor.store.layout import data_dir
from tests.apptest import CARD, DASHBOARD, PAGE, PAGES, AppTest, assert_clean, copy_data, metrics, open_page


@pytest.fixture(autouse=True)
def bundled_data(monkeypatch) -> None:
    """Run on the repo's data folder, which must hold the bundled 2018-01-15 capture."""
    monkeypatch.delenv("MONITOR_DATA_DIR", raising=False)
    require_bundled_data(data_dir())


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_sidebar(page: str) -> None:
    at = open_page(page)
    assert_clean(at)
    assert at.title, "every page has a title"
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    assert "Data as of 15 January 2018" in sidebar
    assert "treaties.un.org" in sidebar
    warnings = " ".join(w.value for w in at.sidebar.warning)
    assert "bundled capture" in warnings and "python -m monitor refresh" in warnings


OVERVIEW_METRICS = {"Parties": "51", "Signed, not ratified": "16", "No action": "130",
                    "Share of UN Member States": "26%", "Art. 77 declarations": "5 of 10",
                    "Art. 76 declarations": "3 of 10"}


def overview_content(at: AppTest) -> dict:
    """What a reader of the overview gets, element by element."""
    return {"metrics": metrics(at), "markdown": [m.value for m in at.markdown],
            "captions": [c.value for c in at.caption], "sidebar": [m.value for m in at.sidebar.markdown],
            "warnings": [w.value for w in at.sidebar.warning],
            "downloads": [b.label for b in at.get("download_button")]}


def test_overview_numbers_and_map(tmp_path: Path, monkeypatch) -> None:
    root = copy_data(tmp_path)
    monkeypatch.setenv("MONITOR_DATA_DIR", str(root))
    kept = root / ".cache" / "overview-IV-13.json"
    assert not kept.exists()
    at = open_page(PAGES[0])  # computes the facts from the tables, and keeps them
    assert_clean(at)
    assert metrics(at) == OVERVIEW_METRICS
    assert not at.get("plotly_chart"), "the overview's map is server-drawn SVG, not plotly"
    text = " ".join(m.value for m in at.markdown)
    for name in ("Ecuador", "El Salvador", "Guatemala", "Mexico", "Uruguay"):
        assert name in text
    [svg] = [m.value for m in at.markdown if '<svg class="icrmw-map"' in m.value]
    drawn = svg[:svg.index("</svg>")]  # the map itself; the phone's "near here" lists follow it
    assert drawn.count('<a href="country?country=') == STATES and 'href="country?country=MEX"' in drawn
    assert [b.label for b in at.get("download_button")] == ["Download the status of every State (CSV)"]
    assert kept.is_file()

    fast = open_page(PAGES[0])  # a new session of a new process would read the kept facts
    assert_clean(fast)
    assert overview_content(fast) == overview_content(at)


def test_overview_table_loads_when_opened() -> None:
    at = open_page(PAGES[0])
    assert not at.dataframe, "the table waits until the reader opens it"
    at.session_state["overview_table"] = True  # what opening the expander does
    at.run()
    assert_clean(at)
    table = at.dataframe[0].value
    assert len(table) == 197 and "Mexico" in set(table["name"])  # (the column labels are display config)


def test_overview_first_run_needs_no_pandas(tmp_path: Path) -> None:
    """With the facts kept, the overview's first run imports neither pandas nor numpy (the cold start's
    biggest cost); without them it loads the tables (so this test can tell the two apart)."""
    root = copy_data(tmp_path)
    script = f"""
import re
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({DASHBOARD!r}, default_timeout=60)
at.run()
assert not at.exception and not at.error, (at.exception, at.error)
[cards] = [m.value for m in at.markdown if 'class="icrmw-cards"' in m.value]
parties = re.search({CARD.pattern!r}, cards).group(2)  # the first card: the number of parties
print(sorted(m for m in ("pandas", "numpy", "pyarrow") if m in sys.modules), parties)
"""
    env = {k: v for k, v in os.environ.items()} | {"MONITOR_DATA_DIR": str(root)}

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                              timeout=120, cwd=REPO)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.strip().splitlines()[-1]

    assert run() == "['numpy', 'pandas', 'pyarrow'] 51"  # nothing kept yet: computed, then kept
    assert (root / ".cache" / "overview-IV-13.json").is_file()
    assert run() == "[] 51"


def test_trends_status_as_at_redraws_counts() -> None:
    at = open_page(PAGE["trends"])
    assert_clean(at)
    assert metrics(at)["Parties"] == "51"
    assert len(at.get("plotly_chart")) == 7  # 4 trend charts in view + 1 in the other tab + the map + migration
    from datetime import date
    at.slider(key="as_at").set_value(date(2003, 7, 1)).run()
    assert_clean(at)
    assert metrics(at)["Parties"] == "22"
    assert metrics(at)["Parties bound"] == "21"
    at.slider(key="as_at").set_value(date(1995, 1, 1)).run()
    assert_clean(at)
    assert any("not yet in force" in i.value for i in at.info)


def _target_names(at: AppTest) -> list[str]:
    return list(at.dataframe[0].value["Country"])


def test_targets_order_follows_weights() -> None:
    at = open_page(PAGE["targets"])
    assert_clean(at)
    assert metrics(at)["Signed, not ratified"] == "16"
    assert len(at.dataframe[0].value) == 146
    assert any("score = 100" in c.value for c in at.caption)
    for factor in ("core", "complaints", "palermo"):  # the bundled treaties' factors, left out here
        at.slider(key=f"w_{factor}").set_value(0.0)
    at.run()
    default = at.dataframe[0].value
    assert list(default["Status"].iloc[:16]) == ["Signed, not ratified"] * 16

    at.slider(key="w_signed").set_value(0.0)
    at.slider(key="w_recent").set_value(0.0)
    at.slider(key="w_core").set_value(0.0)
    at.slider(key="w_complaints").set_value(0.0)
    at.slider(key="w_peers").set_value(5.0).run()
    assert_clean(at)
    by_peers = at.dataframe[0].value
    assert by_peers["Status"].iloc[0] == "No action"
    assert by_peers["UN regional group"].iloc[0] == "Latin American and Caribbean"
    assert _target_names(at) != list(default["Country"])

    at.slider(key="w_peers").set_value(0.0)
    at.slider(key="w_recent").set_value(5.0).run()
    by_recent = at.dataframe[0].value
    waits = by_recent["Years waiting"].iloc[:15].tolist()  # the most recent signatory first
    assert waits == sorted(waits)
    assert "Guinea-Bissau" not in list(by_recent["Country"].iloc[:15])  # the longest wait scores 0


def test_targets_filters_and_sort() -> None:
    at = open_page(PAGE["targets"])
    at.radio(key="f_status").set_value("Signed, not ratified")
    at.multiselect(key="f_region").set_value(["Africa"]).run()
    assert_clean(at)
    table = at.dataframe[0].value
    assert set(table["Region"]) == {"Africa"} and len(table) == 10
    at.selectbox(key="sort").set_value("Country (A to Z)").run()
    names = list(at.dataframe[0].value["Country"])
    assert names == sorted(names, key=sort_key)
    at.radio(key="f_status").set_value("No action")
    at.multiselect(key="f_region").set_value([]).run()
    names = list(at.dataframe[0].value["Country"])
    assert names.index("Côte d'Ivoire") < names.index("Cuba")  # accents ignored when sorting
    assert [b.label for b in at.get("download_button")] == ["Download this list (CSV)"]


def test_country_page_opens_from_query_param() -> None:
    at = open_page(PAGE["country"], country="MEX")
    assert_clean(at)
    assert [h.value for h in at.header] == ["Mexico"]
    assert at.selectbox(key="country_picker").value == "MEX"
    shown = metrics(at)
    assert shown["Signed"] == "22 May 1991" and shown["Ratification"] == "8 March 1999"
    assert shown["In force for it"] == "1 July 2003"
    assert shown["Art. 77 declaration (individual complaints)"] == "Yes"
    assert "Download this country as CSV" in [b.label for b in at.get("download_button")]


def test_country_picker_updates_query_param() -> None:
    at = open_page(PAGE["country"], country="MEX")
    at.selectbox(key="country_picker").select("CIV").run()
    assert_clean(at)
    assert at.query_params["country"] == "CIV"
    assert [h.value for h in at.header] == ["Côte d'Ivoire"]
    assert metrics(at)["Signed"] == "—"


@pytest.mark.parametrize("bad", ["XYZ", "mexico", "<script>", "12"])
def test_country_page_unknown_code_is_friendly(bad: str) -> None:
    at = open_page(PAGE["country"], country=bad)
    assert_clean(at)
    assert any("could not find a country" in i.value for i in at.info)
    assert not at.header


def test_country_page_without_code_prompts() -> None:
    at = open_page(PAGE["country"])
    assert_clean(at)
    assert not at.info and not at.header
    assert at.selectbox(key="country_picker").value is None


def test_changes_page_shows_recent_actions_and_feed() -> None:
    at = open_page(PAGE["changes"])
    assert_clean(at)
    freshness = at.dataframe[0].value
    assert freshness["Data as of"].iloc[0] == "2018-01-15"
    assert any("No change recorded yet" in i.value for i in at.info)
    assert any("Most recent actions" in s.value for s in at.header)
    recent = at.dataframe[-1].value
    assert recent["Country"].iloc[0] == "Gambia"
    labels = [b.label for b in at.get("download_button")]
    assert "Download the change log (CSV)" in labels and "Download the Atom feed (feed.atom)" in labels


CHANGES = """detected_at,treaty,iso3,participant,event,action_date,detail
2024-01-02T06:00:00Z,IV-13,CIV,Côte d'Ivoire,acceded,2023-09-26,accession
2024-03-05T06:00:00Z,IV-13,TCD,Chad,ratified,2024-02-28,ratification
2024-03-05T06:00:00Z,IV-13,MEX,Mexico,footnotes_changed,,<b>notes</b> - → 5
"""


def test_changes_page_log_filters_and_failure(tmp_path: Path, monkeypatch) -> None:
    root = copy_data(tmp_path)
    (root / "changes.csv").write_text(CHANGES, encoding="utf-8")
    (root / "health.json").write_text(
        '{"IV-13": {"ok": false, "error": "UNTC may be down", "last_attempt": "2024-03-06T06:00:00Z", '
        '"last_success": "2024-03-05T06:00:00Z"}}', encoding="utf-8")
    monkeypatch.setenv("MONITOR_DATA_DIR", str(root))
    at = open_page(PAGE["changes"])
    assert not at.exception
    assert any("last attempt failed: UNTC may be down" in e.value for e in at.error)
    assert any("last refresh attempt" in w.value for w in at.sidebar.warning)
    log = at.dataframe[1].value
    assert list(log["ISO3"]) == ["MEX", "TCD", "CIV"]
    assert log["Detail"].iloc[0] == "<b>notes</b> - → 5"  # shown as data, not rendered
    at.multiselect(key="events").set_value(["acceded"]).run()
    assert list(at.dataframe[1].value["ISO3"]) == ["CIV"]
    assert any("Most recent actions" in s.value for s in at.header)  # the log is still short


def test_data_page_downloads() -> None:
    at = open_page(PAGE["data"])
    assert_clean(at)
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Status of every State (CSV)", "Declarations (CSV)", "Change log (CSV)"]
    text = " ".join(m.value for m in at.markdown)
    assert "193" in text and "197" in text


@pytest.mark.parametrize("page", PAGES)
def test_corrupt_status_file_shows_error_not_exception(page: str, tmp_path: Path, monkeypatch) -> None:
    root = copy_data(tmp_path)
    status = root / "IV-13" / "status.csv"
    status.write_bytes(status.read_bytes()[:25])  # truncated inside the header
    monkeypatch.setenv("MONITOR_DATA_DIR", str(root))
    at = open_page(page)
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "status.csv" in message and "python -m monitor refresh" in message


@pytest.mark.parametrize("damage", ["truncated_row", "missing", "bad_meta", "bad_declarations"])
def test_other_bad_data_shows_error(damage: str, tmp_path: Path, monkeypatch) -> None:
    root = copy_data(tmp_path)
    folder = root / "IV-13"
    if damage == "truncated_row":
        data = (folder / "status.csv").read_bytes()
        (folder / "status.csv").write_bytes(data[: data.index(b"2007-06") + 6])
        expected = "status.csv"
    elif damage == "missing":
        (folder / "status.csv").unlink()
        expected = "status.csv"
    elif damage == "bad_meta":
        (folder / "meta.json").write_text("{not json", encoding="utf-8")
        expected = "meta.json"
    else:
        (folder / "declarations.csv").write_text("participant,iso3\nMexico,MEX\n", encoding="utf-8")
        expected = "declarations.csv"
    monkeypatch.setenv("MONITOR_DATA_DIR", str(root))
    at = open_page(PAGES[0])
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert expected in message and "python -m monitor refresh" in message


@pytest.mark.parametrize("kept", [False, True], ids=["facts-computed", "facts-kept"])
def test_a_refresh_shows_up_without_restart(kept: bool, tmp_path: Path, monkeypatch) -> None:
    root = copy_data(tmp_path)
    monkeypatch.setenv("MONITOR_DATA_DIR", str(root))
    if kept:
        open_page(PAGES[0])  # keeps the overview's facts: the session below draws from them
        assert (root / ".cache" / "overview-IV-13.json").is_file()
    at = open_page(PAGES[0])
    assert metrics(at)["Parties"] == "51"
    status = root / "IV-13" / "status.csv"
    lines = status.read_text(encoding="utf-8").splitlines(keepends=True)
    status.write_text("".join(line for line in lines if not line.startswith("Mexico,")), encoding="utf-8")
    meta_path = root / "IV-13" / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.setdefault("files", {})["status.csv"] = hashlib.sha256(status.read_bytes()).hexdigest()
    meta_path.write_text(json.dumps(meta), encoding="utf-8")  # as a refresh would record it
    at.run()  # the same server session: the loader's cache key (mtime, size) changed
    assert_clean(at)
    assert metrics(at)["Parties"] == "50"


@pytest.mark.parametrize("kept", [False, True], ids=["facts-computed", "facts-kept"])
def test_damaged_table_falls_back_to_spare_copy(kept: bool, tmp_path: Path, monkeypatch) -> None:
    root = copy_data(tmp_path)
    if kept:  # the overview's facts were kept before the damage: they no longer match, so unused
        monkeypatch.setenv("MONITOR_DATA_DIR", str(root))
        open_page(PAGES[0])
    folder = root / "IV-13"
    spare = folder / "last-good"
    spare.mkdir(exist_ok=True)
    shutil.copy2(folder / "status.csv", spare / "status.csv")
    (folder / "status.csv").write_bytes((folder / "status.csv").read_bytes()[:300])  # damaged at rest
    monkeypatch.setenv("MONITOR_DATA_DIR", str(root))
    at = open_page(PAGES[0])
    assert_clean(at)
    assert metrics(at)["Parties"] == "51"
    assert any("spare copy" in w.value for w in at.warning)


# --- Beside the other treaties (/compare) ------------------------------------------------------

# The tracked treaties whose 2018 capture is header-only: not bundled.
NOT_LOADED_ON_BUNDLED = ["ICERD", "ICESCR", "ICCPR", "CEDAW", "CAT", "CRC", "CRPD", "Refugee Convention"]


def _bundled_parties(treaty: str) -> set[str]:
    """ISO3 codes of the parties in a bundled status.csv, read directly (not through the dashboard's code)."""
    frame = pd.read_csv(REPO / "data" / treaty / "status.csv", dtype=str, keep_default_na=False)
    return set(frame.loc[(frame["consent_date"] != "") & (frame["consent_withdrawn"] != "true"), "iso3"])


def test_compare_page_on_bundled_data() -> None:
    at = open_page(PAGE["compare"])
    assert_clean(at)
    notice = " ".join(i.value for i in at.info)
    for name in NOT_LOADED_ON_BUNDLED:
        assert name.replace("-", "\\-") in notice, name
    assert "ICRMW" not in notice and "CPED" not in notice  # loaded
    assert "python -m monitor refresh" in notice and "2 of 9 core human rights treaties loaded" in notice

    cped_not_icrmw = _bundled_parties("IV-16") - _bundled_parties("IV-13")
    assert len(cped_not_icrmw) == 35
    text = " ".join(m.value for m in at.markdown)
    assert f"**{len(cped_not_icrmw)} States** are party to the CPED, the only other core treaty loaded" in text
    most = at.dataframe[1].value
    assert len(most) == len(cped_not_icrmw) and set(most["Other core treaties ratified"]) == {"1 of 1"}
    assert set(most["ICRMW"]) <= {"Signed, not ratified", "No action", "Withdrawn"}

    matrix = at.dataframe[2].value
    assert len(matrix) == 197
    count = "Core treaties ratified (of 2 loaded)"
    assert list(matrix.columns)[:4] == ["Country", count, "ICRMW", "CPED"]  # the loaded treaties first
    mexico = matrix.set_index("ISO3").loc["MEX"]
    assert mexico["ICRMW"] == "Ratified 1999" and mexico["CPED"] == "Ratified 2008"
    assert mexico["ICCPR"] == "Not loaded yet" and mexico[count] == 2
    assert (matrix[count] == 2).sum() == len(_bundled_parties("IV-16") & _bundled_parties("IV-13"))

    declared_31 = pd.read_csv(REPO / "data" / "IV-16" / "declarations.csv", dtype=str, keep_default_na=False)
    declared_31 = set(declared_31.loc[(declared_31["section"] == "competence")
                                      & declared_31["articles"].str.split(";").map(lambda a: "31" in a), "iso3"])
    complaints = set().union(*(_bundled_parties(t) for t in ("IV-5", "IV-8-b", "IV-3-a", "IV-15-a", "IV-11-d")))
    states = set(universe()["iso3"])
    gap = at.dataframe[3].value
    assert len(gap) == len(((declared_31 | complaints) & states) - {"ECU", "SLV", "GTM", "MEX", "URY"}) == 145
    assert set(gap["Art. 77 declaration"]) <= {"No", "Not party"}
    assert list(gap.columns)[3:5] == ["Accepted elsewhere (of 6 loaded)", "CPED art. 31"]
    assert set(gap["ICCPR-OP1"]) == {"Yes", "No"}
    assert len(at.get("plotly_chart")) == 1
    assert [b.label for b in at.get("download_button")] == ["Download this table (CSV)"]


def test_compare_page_filters_and_complaints_toggle() -> None:
    at = open_page(PAGE["compare"])
    at.multiselect(key="c_region").set_value(["Africa"]).run()
    assert_clean(at)
    assert set(at.dataframe[2].value["Region"]) == {"Africa"}
    assert set(at.dataframe[1].value["Region"]) == {"Africa"}
    at.multiselect(key="c_region").set_value([])
    at.multiselect(key="c_group").set_value(["Western European and others"]).run()
    assert set(at.dataframe[2].value["UN regional group"]) == {"Western European and others"}
    at.multiselect(key="c_group").set_value([])
    at.toggle(key="gap_only").set_value(False).run()
    assert_clean(at)
    assert len(at.dataframe[3].value) == 197


def test_country_page_compares_treaties() -> None:
    at = open_page(PAGE["country"], country="MEX")
    assert_clean(at)
    record = at.dataframe[1].value.set_index("Treaty")
    assert len(record) == 20
    assert record.loc["Refugee Protocol", "Data as of"] == "2018-01-15"
    assert record.loc["Refugee Convention", "Status"] == "Not loaded yet: run the refresh"
    assert record.loc["ICRMW", "Status"] == "Party (ratification)" and record.loc["ICRMW", "Year"] == "1999"
    assert record.loc["CPED", "Status"] == "Party (ratification)" and record.loc["CPED", "Year"] == "2008"
    assert record.loc["ICCPR", "Year"] == "" and record.loc["ICCPR", "Data as of"] == ""
    assert record.loc["CPED", "Complaints"] == "No art. 31 declaration"
    assert record.loc["ICCPR", "Status"] == "Not loaded yet: run the refresh"
    text = " ".join(m.value for m in at.markdown)
    assert "party to 2 of the 2 core treaties loaded (ICRMW, CPED)" in text and "Not loaded yet: ICERD" in text
    assert any("8 of the 20 tracked treaties are not loaded yet" in c.value for c in at.caption)
    assert any("1954 Statelessness Convention: UNTC's page disagrees with itself: the table has 22 signatories"
               in c.value for c in at.caption)


def test_targets_treaty_factors_on_bundled_data() -> None:
    at = open_page(PAGE["targets"])
    assert_clean(at)
    assert not at.slider(key="w_palermo").proto.disabled
    assert at.slider(key="w_core").label == "Core treaties ratified (1 of 8 loaded)"
    formula = " ".join(c.value for c in at.caption)
    assert "w_core × core" in formula and "w_palermo × palermo" in formula
    table = at.dataframe[0].value
    assert {"Other core treaties ratified", "Palermo protocols ratified"} <= set(table.columns)


def test_targets_leave_out_a_factor_with_no_treaty_loaded(tmp_path: Path, monkeypatch) -> None:
    root = copy_data(tmp_path)
    for treaty in ("XVIII-12-a", "XVIII-12-b"):
        shutil.rmtree(root / treaty)
    monkeypatch.setenv("MONITOR_DATA_DIR", str(root))
    at = open_page(PAGE["targets"])
    assert_clean(at)
    palermo = at.slider(key="w_palermo")
    assert palermo.proto.disabled and palermo.value == 0.0 and "not loaded yet" in palermo.label
    assert any("Palermo protocols ratified** is left out" in i.value for i in at.info)
    formula = " ".join(c.value for c in at.caption)
    assert "w_core × core" in formula and "w_palermo" not in formula
    assert "Palermo protocols ratified" not in at.dataframe[0].value.columns


def untc_document(chapter: str, number: str, sub: str, title: str, conclusion: str,
                  rows: list[tuple[str, str, str]]) -> bytes:
    """A minimal MTDSG document: (participant, signature, consent) rows in UNTC's own cell format."""
    return bundled_document.untc_document(
        ["Participant", "Signature", "Ratification, Accession(a), Succession(d)"], [list(row) for row in rows],
        counts=(sum(1 for r in rows if r[1]), sum(1 for r in rows if r[2])), chapter=chapter, number=number, sub=sub,
        title=title, conclusion=conclusion, entry_into_force="1 January 2005, in accordance with article 1.",
        registration="1 January 2005, No. 1")


@pytest.fixture
def more_treaties(tmp_path: Path, monkeypatch) -> Path:
    """The ICRMW and CPED of the bundled data plus the ICCPR and the Trafficking Protocol (hand-made documents)."""
    root = copy_data(tmp_path)
    for folder in root.glob("*/meta.json"):
        if folder.parent.name not in ("IV-13", "IV-16"):
            shutil.rmtree(folder.parent)
    iccpr = tmp_path / "IV-4.xml"
    iccpr.write_bytes(untc_document("IV", "4", "", "International Covenant on Civil and Political Rights",
                                    "New York, 16 December 1966", [
                                        ("Brazil", "", "24 Jan 1992 a"), ("France", "", "4 Nov 1980 a"),
                                        ("Germany", "9 Oct 1968", "17 Dec 1973"),
                                        ("Japan", "30 May 1978", "21 Jun 1979"), ("Kenya", "", "1 May 1972 a")]))
    trafficking = tmp_path / "XVIII-12-a.xml"
    trafficking.write_bytes(untc_document("XVIII", "12", "a", "Protocol to Prevent Trafficking in Persons",
                                          "New York, 15 November 2000", [("Kenya", "", "5 Jan 2005 a")]))
    assert cli_main(["refresh", "IV-4", "--data-dir", str(root), "--source-file", str(iccpr)]) == 0
    assert cli_main(["refresh", "XVIII-12-a", "--data-dir", str(root), "--source-file", str(trafficking)]) == 0
    monkeypatch.setenv("MONITOR_DATA_DIR", str(root))
    return root


def _only(at: AppTest, factor: str) -> list[str]:
    for other in ("signed", "recent", "peers", "core", "complaints", "palermo"):
        if not at.slider(key=f"w_{other}").proto.disabled:
            at.slider(key=f"w_{other}").set_value(5.0 if other == factor else 0.0)
    at.run()
    assert_clean(at)
    return _target_names(at)


def test_targets_treaty_weights_change_the_order(more_treaties: Path) -> None:
    at = open_page(PAGE["targets"])
    assert_clean(at)
    assert not at.slider(key="w_palermo").proto.disabled
    assert at.slider(key="w_palermo").label == "Palermo protocols ratified (1 of 2 loaded)"
    assert at.slider(key="w_core").label == "Core treaties ratified (2 of 8 loaded)"
    default = _target_names(at)
    by_core = _only(at, "core")
    table = at.dataframe[0].value
    # Party to both loaded other core treaties (ICCPR, CPED), not to the ICRMW: first, by name.
    assert by_core[:3] == ["Brazil", "France", "Germany"]
    assert list(table["Other core treaties ratified"].iloc[:4]) == ["2 of 2"] * 4
    assert "w_palermo × palermo" in " ".join(c.value for c in at.caption)
    by_palermo = _only(at, "palermo")
    assert by_palermo[0] == "Kenya" and at.dataframe[0].value["Palermo protocols ratified"].iloc[0] == "1 of 1"
    assert len({tuple(default), tuple(by_core), tuple(by_palermo)}) == 3


def test_compare_page_with_more_treaties(more_treaties: Path) -> None:
    at = open_page(PAGE["compare"])
    assert_clean(at)
    notice = " ".join(i.value for i in at.info)
    core_line = next(line for line in notice.splitlines() if "core human rights treaties loaded" in line)
    assert "3 of 9" in core_line and "ICCPR," not in core_line and "ICERD" in core_line
    most = at.dataframe[1].value
    # Two other core treaties loaded (CPED, ICCPR): "most" is both.
    assert set(most["Country"]) >= {"Brazil", "France", "Germany", "Japan"}
    assert set(most["Other core treaties ratified"]) == {"2 of 2"}
    matrix = at.dataframe[2].value.set_index("ISO3")
    assert matrix.loc["KEN", "Trafficking Protocol"] == "Acceded 2005"
    assert matrix.loc["KEN", "Smuggling Protocol"] == "Not loaded yet"


def test_compare_page_with_a_damaged_treaty(tmp_path: Path, monkeypatch) -> None:
    root = copy_data(tmp_path)
    (root / "IV-16" / "status.csv").write_text("participant,iso3\nMexico,MEX\n", encoding="utf-8")
    monkeypatch.setenv("MONITOR_DATA_DIR", str(root))
    at = open_page(PAGE["compare"])
    assert_clean(at)  # the ICRMW pages still work; the damaged treaty is named, not fatal
    warning = " ".join(w.value for w in at.warning)
    assert "CPED" in warning and "status\\.csv is damaged" in warning and "python -m monitor refresh IV-16" in warning
    matrix = next(d.value for d in at.dataframe if "ISO3" in d.value.columns)
    assert matrix.set_index("ISO3").loc["MEX", "CPED"] == "Not loaded yet"
    assert any("needs the ICRMW and at least one other core treaty" in i.value for i in at.info)
