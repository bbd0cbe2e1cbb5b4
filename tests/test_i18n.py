"""Languages: complete and current catalogs, CLDR names for every State, official treaty titles."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

import i18n
from contract.countries import universe
from contract.treaties import load_treaties
from tests.dashboard_server import REPO

TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT_LANGUAGE]


def read_catalog(path):
    with path.open("rb") as handle:
        return read_po(handle)


def sources() -> list[str]:
    """The folders and files `make translations` reads (the Makefile's I18N_SOURCES: one definition)."""
    for line in (REPO / "Makefile").read_text().splitlines():
        if line.startswith("I18N_SOURCES :="):
            return line.split(":=", 1)[1].split()
    raise AssertionError("the Makefile has no I18N_SOURCES line")


def extract(tmp_path):
    """What `make translations` extracts today, from the same babel.cfg and folders."""
    pot = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(REPO / "babel.cfg"), "-k", "N_",
                                "--no-location", "--omit-header", "-o", str(pot),
                                *(str(REPO / p) for p in sources())])
    return {m.id for m in read_catalog(pot) if m.id}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_has_a_reviewed_translation(lang):
    catalog = read_catalog(i18n.po_path(lang))
    untranslated = [m.id for m in catalog if m.id and (m.fuzzy or not all(
        m.string if isinstance(m.string, tuple) else (m.string,)))]
    assert not untranslated, f"{lang}: translate these in {i18n.po_path(lang)} (make translations): {untranslated}"


def test_catalogs_are_current(tmp_path):
    """A text added or changed in the code and not yet in the catalogs fails here: run `make translations`."""
    current = extract(tmp_path)
    template = {m.id for m in read_catalog(i18n.LOCALE_DIR / "messages.pot") if m.id}
    assert template == current, f"messages.pot is stale: run `make translations` ({current ^ template})"
    for lang in TRANSLATED:
        ids = {m.id for m in read_catalog(i18n.po_path(lang)) if m.id}
        assert ids == current, f"the {lang} catalog is stale: run `make translations` ({current ^ ids})"


def test_placeholders_survive_translation():
    for lang in TRANSLATED:
        for message in read_catalog(i18n.po_path(lang)):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            wanted = sorted(set(part.split(")s")[0] for part in ids[-1].split("%(")[1:]))
            for text in strings:
                got = sorted(set(part.split(")s")[0] for part in text.split("%(")[1:]))
                assert got == wanted, (lang, message.id, text)


def test_translator_falls_back_to_english():
    assert i18n.translator("fr")("Status under the Convention") == "Situation au regard de la Convention"
    assert i18n.translator("es")("Status under the Convention") == "Situación respecto de la Convención"
    for unknown in ("de", "", None, "../fr", "<b>", []):
        assert i18n.translator(unknown)("Status under the Convention") == "Status under the Convention"
    assert i18n.check_language(" FR ") == "fr" and i18n.check_language("fr-CA") is None
    assert i18n.pick_language("xx") == "en"


def test_plural_forms():
    ngettext = i18n.plural_translator("fr")
    assert ngettext("%(parties)s of %(members)s State is party", "%(parties)s of %(members)s States are party",
                    1) % {"parties": 1, "members": 30} == "1 État partie sur 30"
    assert ngettext("%(parties)s of %(members)s State is party", "%(parties)s of %(members)s States are party",
                    2) % {"parties": 2, "members": 30} == "2 États parties sur 30"


def test_numbers_and_dates_follow_each_language():
    assert [i18n.format_number(1234567, lang) for lang in i18n.LANGUAGES] == ["1,234,567", "1\u202f234\u202f567",
                                                                          "1.234.567"]
    assert [i18n.format_day(date(1999, 3, 8), lang) for lang in i18n.LANGUAGES] == [
        "8 March 1999", "8 mars 1999", "8 de marzo de 1999"]


def test_every_state_has_a_name_in_every_language():
    states = universe()
    for row in states.to_dict("records"):
        for lang in i18n.LANGUAGES:
            name = i18n.country_name(row["iso3"], lang, row["display_name"])
            assert name.strip(), (row["iso3"], lang)
        assert row["iso3"] in i18n._iso2(), f"{row['iso3']} has no ISO 3166 alpha-2 code in CLDR"
    assert [i18n.country_name("MEX", lang, "Mexico") for lang in i18n.LANGUAGES] == ["Mexico", "Mexique", "México"]
    assert i18n.country_name("CIV", "fr", "Côte d'Ivoire") == "Côte d’Ivoire"
    assert i18n.country_name("TUR", "fr", "Türkiye") == "Türkiye"
    assert i18n.country_name("PSE", "es", "State of Palestine") == "Estado de Palestina"


def test_reviewed_names_are_well_formed():
    with i18n.COUNTRY_NAMES_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    codes = set(universe()["iso3"])
    assert all(r["iso3"] in codes and r["lang"] in TRANSLATED and r["name"].strip() for r in rows)
    assert len({(r["iso3"], r["lang"]) for r in rows}) == len(rows)


def test_every_tracked_treaty_has_its_official_titles():
    ids = list(load_treaties()["id"])
    with i18n.TREATY_TITLES_CSV.open(encoding="utf-8", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert sorted(rows) == sorted(ids)
    for treaty_id in ids:
        for lang in TRANSLATED:
            assert rows[treaty_id][f"title_{lang}"].strip(), (treaty_id, lang)
    assert i18n.treaty_title("IV-13", "fr", "x") == ("Convention internationale sur la protection des droits de tous "
                                                     "les travailleurs migrants et des membres de leur famille")
    assert i18n.treaty_title("IV-13", "es", "x") == ("Convención internacional sobre la protección de los derechos "
                                                     "de todos los trabajadores migratorios y de sus familiares")
    assert i18n.treaty_title("IV-13", "en", "English title") == "English title"


def test_treaty_short_names() -> None:
    assert i18n.treaty_short("V-5", "fr", "Refugee Protocol") == "Protocole relatif aux réfugiés"
    assert i18n.treaty_short("V-5", "en", "Refugee Protocol") == "Refugee Protocol"
    assert i18n.treaty_short("IV-13", "es", "ICRMW") == "ICRMW"  # an abbreviation is written alike
    assert i18n.short_names(["Smuggling Protocol", "CAT", "unknown"], "es") == [
        "Protocolo contra el tráfico de migrantes", "CAT", "unknown"]


@pytest.mark.parametrize(("stored", "lang", "shown"), [
    ("the table has 22 signatories, the header says 23", "fr",
     "le tableau compte 22 signataires, l’en-tête en annonce 23"),
    ("the table has 22 signatories, the header says 23", "es",
     "el cuadro indica 22 signatarios, el encabezado indica 23"),
    ("the table has 40 parties, the header says 41", "en", "the table has 40 parties, the header says 41"),
    ("Finland: signature dated 1971-04-21, before the treaty's conclusion (1971-10-29)", "fr",
     "Finland : signature datée du 21 avril 1971, antérieure à la conclusion du traité (29 octobre 1971)"),
    ("the participants table is empty: no State has signed or joined yet", "es",
     "el cuadro de participantes está vacío: ningún Estado ha firmado ni se ha adherido todavía"),
    ("a warning of a kind not known here", "fr", "a warning of a kind not known here"),
    # What a refresh stores now: codes with their numbers.
    ({"code": "header_count_differs", "field": "signatories", "header": 23, "table": 22}, "fr",
     "le tableau compte 22 signataires, l’en-tête en annonce 23"),
    ({"code": "dated_before_conclusion", "participant": "Finland", "action": "signature", "date": "1971-04-21",
      "conclusion": "1971-10-29"}, "fr",
     "Finland : signature datée du 21 avril 1971, antérieure à la conclusion du traité (29 octobre 1971)"),
    ({"code": "empty_table"}, "es",
     "el cuadro de participantes está vacío: ningún Estado ha firmado ni se ha adherido todavía"),
    ({"code": "header_count_differs", "field": "parties"}, "fr", "header_count_differs"),  # numbers lost by hand
])
def test_refresh_warnings_in_the_readers_language(stored: str | dict, lang: str, shown: str) -> None:
    from views.labels import refresh_warning

    assert refresh_warning(stored, lang) == shown


@pytest.mark.parametrize(("lang", "accepted", "noted", "acceptance"), [
    ("en", "Accepted", "Noted", "Accepted"), ("fr", "Acceptée", "Prise en note", "Acceptation"),
    ("es", "Aceptada", "Se tomó nota", "Aceptación")])
def test_a_upr_response_is_not_a_treaty_acceptance(lang: str, accepted: str, noted: str, acceptance: str) -> None:
    from views.migration import response_name

    assert (response_name("accepted", lang), response_name("noted", lang)) == (accepted, noted)
    assert i18n.translator(lang)("Accepted") == acceptance  # the treaty action keeps its own word


def test_every_action_has_one_noun_and_one_matrix_verb_in_every_language() -> None:
    """i18n.words is the one definition of an action's words: the noun covers every action the contract
    knows (the brief's copy once lacked "application", which French pages then showed in English), the verb
    every consent; test_catalogs_are_current and the completeness test check each is translated."""
    from contract.model import CONSENT_ACTIONS, SIGNATURE_ACTIONS
    from i18n.words import ACTION_WORDS, CONSENT_VERBS

    assert set(ACTION_WORDS) == set(SIGNATURE_ACTIONS) | set(CONSENT_ACTIONS)
    assert set(CONSENT_VERBS) == set(CONSENT_ACTIONS)
    assert i18n.translator("es")(ACTION_WORDS["application"]) == "Aplicación"
