"""The country brief: its words in each language, its facts, its size and speed, and its address."""

from __future__ import annotations

import io
import shutil
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from contract.treaties import tracked_ids
from monitor.analysis import brief
from tests.dashboard_server import REPO
from views.brief_data import brief_facts
from views.brief_pdf import brief_bytes, build_brief_pdf

DATA = REPO / "data"


def text_of(pdf: bytes) -> str:
    """The PDF's text, lines joined with spaces (a sentence may wrap anywhere)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["Mexico", "Ratification 8 March 1999", "Art. 77: complaints from individuals",
            "Declaration made on 15 September 2008", "Party to 2 of the 2 core treaties loaded.",
            "International Convention on the Protection of the Rights of All Migrant Workers",
            "18 of 33 States are party"]),
    ("fr", ["Mexique", "Ratification 8 mars 1999", "Art. 77 : communications émanant de particuliers",
            "Déclaration faite le 15 septembre 2008",
            "Partie à 2 des 2 principaux traités dont les données sont chargées.",
            "Convention internationale sur la protection des droits de tous les travailleurs migrants et des "
            "membres de leur famille", "18 États parties sur 33"]),
    ("es", ["México", "Ratificación 8 de marzo de 1999", "Art. 77: comunicaciones de particulares",
            "Declaración formulada el 15 de septiembre de 2008",
            "Parte en 2 de los 2 tratados fundamentales cuyos datos están cargados.",
            "Convención internacional sobre la protección de los derechos de todos los trabajadores migratorios "
            "y de sus familiares", "18 de 33 Estados son partes"]),
])
def test_mexico_in_each_language(lang, expected):
    pdf = brief_bytes(DATA, "MEX", lang)
    text = text_of(pdf)
    for wanted in expected:
        assert wanted in text, f"{wanted!r} missing from the {lang} brief:\n{text}"
    assert 1 <= pages(pdf) <= 2


@pytest.mark.parametrize(("iso3", "lang", "name"), [
    ("CIV", "en", "Côte d'Ivoire"), ("CIV", "fr", "Côte d’Ivoire"), ("CIV", "es", "Côte d’Ivoire"),
    ("TUR", "en", "Türkiye"), ("TUR", "fr", "Türkiye"), ("TUR", "es", "Türkiye"),
    ("STP", "fr", "Sao Tomé-et-Principe"), ("STP", "es", "Santo Tomé y Príncipe"),
    ("PSE", "fr", "État de Palestine"), ("VAT", "es", "Santa Sede"), ("TUV", "en", "Tuvalu"),
])
def test_accented_names_render(iso3, lang, name):
    pdf = brief_bytes(DATA, iso3, lang)
    assert name in text_of(pdf)
    assert 1 <= pages(pdf) <= 2


def test_all_but_this_one_and_naming_what_is_not_loaded():
    # France: party to the CPED (the other core treaty in the bundled data), not to the ICRMW.
    text = text_of(brief_bytes(DATA, "FRA", "en"))
    assert "Party to 1 of the 2 core treaties loaded: all but this one." in text
    assert "Not loaded yet in this copy of the data: ICERD, ICESCR, ICCPR, CEDAW, CAT, CRC, CRPD." in text
    assert "Ratification would bind the State" in text
    assert "tous, sauf la présente Convention." in text_of(brief_bytes(DATA, "FRA", "fr"))


@pytest.mark.parametrize(("lang", "refugee_protocol"), [("en", "Refugee Protocol"),
                                                        ("fr", "Protocole relatif aux réfugiés"),
                                                        ("es", "Protocolo sobre los Refugiados")])
def test_treaty_short_names_in_the_readers_language(lang: str, refugee_protocol: str) -> None:
    text = " ".join(text_of(brief_bytes(DATA, "DEU", lang)).split())
    assert refugee_protocol in text and "CPED" in text  # words translated, abbreviations as the UN writes them


@pytest.fixture(scope="module")
def every_treaty(tmp_path_factory) -> Path:
    """A data folder where every tracked treaty is loaded (the CPED's tables stand in for the others)."""
    root = tmp_path_factory.mktemp("data")
    shutil.copytree(DATA / "IV-13", root / "IV-13")
    for treaty_id in tracked_ids():
        if treaty_id != "IV-13":
            shutil.copytree(DATA / "IV-16", root / treaty_id)
    return root


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_every_treaty_loaded_still_fits_two_pages(every_treaty, lang):
    pdf = brief_bytes(every_treaty, "FRA", lang)
    assert pages(pdf) <= 2
    text = text_of(pdf)
    if lang == "en":
        assert "Party to 8 of the 9 core human rights treaties: all but this one." in text
        assert "Smuggling Protocol" in text and "treaties not loaded yet" not in text


def test_hostile_text_stays_plain_text():
    hostile = "**Bold** <b>x</b> [link](https://evil.example) =cmd| ${x} \\(y\\) %(n)s"
    facts = brief_facts(DATA, "MEX")
    facts = replace(facts, name=hostile, title=hostile,
                    sources=(brief.Source(hostile, hostile, "javascript:alert(1)"),))
    pdf = build_brief_pdf(facts, "en")
    text = text_of(pdf)
    assert hostile in text
    assert b"/URI" not in pdf and b"/JavaScript" not in pdf and b"/Annots" not in pdf


def test_the_same_data_gives_the_same_bytes():
    facts = brief_facts(DATA, "MEX")
    assert build_brief_pdf(facts, "es") == build_brief_pdf(facts, "es")


def test_unknown_state_is_refused():
    with pytest.raises(brief.UnknownState):
        brief_facts(DATA, "ZZZ")
    with pytest.raises(brief.UnknownState):
        brief_facts(DATA, "EUU")  # an organisation, not a State
    with pytest.raises(brief.UnknownState):
        brief_facts(DATA, "ZZZ", every_state=True)


@pytest.mark.parametrize("iso3", ["MEX", "CIV", "AND", "USA", "PHL", "VAT", "PSE", "SSD", "NZL", "BTN"])
def test_one_states_facts_are_those_computed_for_every_state(iso3):
    """A brief alone computes only its State's status under each treaty; a publish computes every State's once:
    the same facts either way."""
    assert brief_facts(DATA, iso3) == brief_facts(DATA, iso3, every_state=True)


# --- The address, served by the real app -------------------------------------------------------

def fetch(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def test_brief_route(server: str):
    for lang, name in (("", "Mexico"), ("?lang=en", "Mexico"), ("?lang=fr", "Mexique"), ("?lang=es", "México")):
        status, headers, body = fetch(f"{server}/brief/MEX.pdf{lang}")
        assert status == 200 and headers["content-type"] == "application/pdf"
        suffix = lang.removeprefix("?lang=") or "en"
        assert headers["content-disposition"] == f'inline; filename="icrmw-brief-MEX-{suffix}.pdf"'
        assert name in text_of(body) and "1999" in text_of(body)
    assert "Türkiye" in text_of(fetch(f"{server}/brief/TUR.pdf?lang=fr")[2])
    assert "Côte d'Ivoire" in text_of(fetch(f"{server}/brief/CIV.pdf")[2])
    refused = ["/brief/ZZZ.pdf", "/brief/EUU.pdf", "/brief/MEX.pdf?lang=de", "/brief/MEX.pdf?lang=%3Cb%3Efr",
               "/brief/MEX", "/brief/MEXICO.pdf", "/brief/", "/brief/%3Cscript%3E.pdf",
               "/brief/MEX.pdf/extra", "/brief/..%2F..%2Fapp.py", "/brief/../app.py", "/brief/%2e%2e/app.py"]
    for path in refused:
        status, headers, body = fetch(server + path)
        # The server itself turns away encoded slashes and dot segments (400) before any route.
        assert status in (400, 404), (path, status)
        assert not headers.get("content-type", "").startswith(("text/html", "application/pdf")), path
        assert b"<" not in body and b"script" not in body.lower(), (path, body)
        assert len(body) < 300


def call_route(path: str, query: str = "") -> tuple[int, str, bytes]:
    """The brief route called directly, as Starlette would for GET /brief/<path>?<query>: in a thread of its own,
    whose event loop is its own (the session's browser keeps Playwright's loop in this one)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from starlette.requests import Request

    from views.brief_route import brief as route

    scope = {"type": "http", "method": "GET", "path": f"/brief/{path}", "query_string": query.encode(),
             "headers": [], "path_params": {"rest": path}}
    with ThreadPoolExecutor(1) as thread:
        response = thread.submit(asyncio.run, route(Request(scope))).result()
    return response.status_code, response.media_type, response.body


def test_route_without_usable_data_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("MONITOR_DATA_DIR", str(tmp_path))
    status, kind, body = call_route("MEX.pdf")
    assert (status, kind) == (503, "text/plain") and b"python -m monitor refresh" in body


def test_route_hides_a_bug_behind_a_plain_500(monkeypatch, caplog):
    import views.brief_pdf

    def broken(*args):
        raise RuntimeError("<b>secret</b>")

    monkeypatch.setattr(views.brief_pdf, "brief_bytes", broken)
    status, kind, body = call_route("MEX.pdf", "lang=es")
    assert (status, kind) == (500, "text/plain") and b"secret" not in body
    assert "secret" in caplog.text  # the server log keeps the details


def test_context_figures_take_the_place_of_the_notice():
    facts = brief_facts(DATA, "MEX")
    assert facts.context is not None and facts.context.figures.emigrants is not None
    text = text_of(build_brief_pdf(facts, "fr"))
    assert "les données migratoires (DAES" not in text and "https://upr-info-database.org" in text
    assert "Not loaded yet: the migration figures" in text_of(build_brief_pdf(replace(facts, context=None), "en"))


def test_article_77_note_follows_the_count():
    facts = brief_facts(DATA, "MEX")
    assert "starts once 10 States Parties have made the declaration; 5 have made it so far." in text_of(
        build_brief_pdf(facts, "en"))
    opened = text_of(build_brief_pdf(replace(facts, individual_declarations=12), "es"))
    assert "artículo 77 está en vigor: 12 Estados partes han formulado la declaración" in opened
