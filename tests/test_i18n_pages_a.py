"""The overview, the country profile and the sidebar in French and Spanish (AppTest), and the words
they are drawn with (status names, map tooltips, numbers) in each language."""

from __future__ import annotations

import re
from datetime import date

import pytest
from babel.messages.pofile import read_po

import i18n
from contract.status import STATUS_ORDER
from tests.apptest import PAGE, assert_clean, metrics, open_page
from views.labels import status_name

# What each language must show on the overview: the title, the headline labels, the map's heading.
OVERVIEW = {
    "fr": {"title": "Où en est la Convention ?", "header": "Situation de chaque État",
           "metrics": {"États parties": "51", "Signé, non ratifié": "16", "Aucune action": "130",
                       "Part des États Membres de l’ONU": "26\u00a0%",
                       "Déclarations au titre de l’art.\u00a077": "5 sur 10"},
           "intro": "Convention internationale sur la protection des droits de tous les travailleurs migrants "
                    "et des membres de leur famille",
           "date": "15 janvier 2018", "legend": "Partie (ratification)", "tooltip": "Mexique",
           "download": "Télécharger la situation de chaque État (CSV)"},
    "es": {"title": "¿En qué punto está la Convención?", "header": "Situación de cada Estado",
           "metrics": {"Estados partes": "51", "Firmado, no ratificado": "16", "Ninguna acción": "130",
                       "% de Miembros de la ONU": "26\u00a0%",
                       "Declaraciones del art.\u00a077": "5 de 10"},
           "intro": "Convención internacional sobre la protección de los derechos de todos los trabajadores "
                    "migratorios y de sus familiares",
           "date": "15 de enero de 2018", "legend": "Parte (ratificación)", "tooltip": "México",
           "download": "Descargar la situación de cada Estado (CSV)"},
}
# English headlines that must not be left on a translated page.
ENGLISH = ["Where does the Convention stand?", "Status of each State", "Parties", "Signed, not ratified",
           "Country profile", "Choose a country", "Beside the other treaties", "Complaints procedures",
           "Declarations, reservations and objections", "Footnotes", "One-page brief",
           "Data as of", "Download this country as CSV", "Click for the country profile", "Signed",
           "In force for it", "Download the brief (PDF)"]


def page_text(at) -> str:
    """Every text a reader sees on the page (markdown, headings, captions, labels, metrics, buttons)."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning")
             for e in getattr(at, kind)]
    parts += [f"{label} {value}" for label, value in metrics(at).items()]
    parts += [b.label for b in at.get("download_button")] + [s.label for s in at.selectbox]
    return "\n".join(str(p) for p in parts)


def english_left(text: str) -> list[str]:
    return [words for words in ENGLISH if re.search(rf"(?<![\w’']){re.escape(words)}(?![\w])", text)]


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_overview_in_each_language(lang: str) -> None:
    want = OVERVIEW[lang]
    at = open_page(PAGE["overview"], lang=lang)
    assert_clean(at)
    assert at.title[0].value == want["title"]
    assert at.header[0].value == want["header"]
    shown = metrics(at)
    for label, value in want["metrics"].items():
        assert shown.get(label) == value, (label, shown)
    text = page_text(at)
    assert want["intro"] in text and want["date"] in text
    assert want["legend"] in text and f"<title>{want['tooltip']}" in text  # the map's key and tooltips
    assert want["download"] in text
    assert not english_left(text), english_left(text)
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    assert want["date"] in sidebar and "Data as of" not in sidebar


def test_the_status_download_stays_english() -> None:
    """The CSV is a data contract: English columns and values in every language."""
    at = open_page(PAGE["overview"], lang="fr")
    button = at.get("download_button")[0]
    assert button.proto.label == OVERVIEW["fr"]["download"]
    from monitor.store import layout, snapshot

    facts = snapshot.load(layout.data_dir(), "IV-13")
    if facts is not None:
        header = facts["download"]["text"].splitlines()[0]
        assert "iso3" in header and "status" in header and "É" not in header
        assert "Party (ratification)" in facts["download"]["text"]


@pytest.mark.parametrize(("lang", "code", "name", "header_words", "ratified"), [
    ("fr", "MEX", "Mexique", ["Au regard des autres traités", "Procédures de communications (articles 76 et 77)",
                              "Déclarations, réserves et objections", "Migration", "Fiche d’une page"],
     "8 mars 1999"),
    ("es", "MEX", "México", ["Frente a los demás tratados", "Procedimientos de comunicaciones (artículos 76 y 77)",
                             "Declaraciones, reservas y objeciones", "Migración", "Ficha de una página"],
     "8 de marzo de 1999"),
    ("fr", "CIV", "Côte d’Ivoire", ["Au regard des autres traités"], None),
    ("es", "CIV", "Côte d’Ivoire", ["Frente a los demás tratados"], None),
])
def test_the_country_profile_in_each_language(lang, code, name, header_words, ratified) -> None:
    at = open_page(PAGE["country"], lang=lang, country=code)
    assert_clean(at)
    assert at.title[0].value == ("Fiche pays" if lang == "fr" else "Perfil de país")
    assert at.header[0].value == name
    subheaders = [s.value for s in at.subheader]
    for words in header_words:
        assert words in subheaders, (words, subheaders)
    text = page_text(at)
    assert not english_left(text), english_left(text)
    shown = metrics(at)
    if ratified:
        assert shown["Ratification" if lang == "fr" else "Ratificación"] == ratified
        label = ("Art.\u00a077 (communications individuelles)" if lang == "fr"
                 else "Art.\u00a077 (comunicaciones individuales)")
        assert shown[label] == ("Oui" if lang == "fr" else "Sí")
    # The regional group and region are named in the reader's language.
    assert ("Groupe régional de l’ONU" if lang == "fr" else "Grupo regional de las Naciones Unidas") in text
    # The treaty table shows official titles in the language.
    table = next(d.value for d in at.dataframe if "Complaints" in d.value.columns)
    titles = " ".join(table["Title"])
    assert ("Convention internationale" if lang == "fr" else "Convención Internacional") in titles or \
        ("Pacte international" if lang == "fr" else "Pacto Internacional") in titles


def test_the_country_picker_names_states_in_the_language() -> None:
    at = open_page(PAGE["country"], lang="fr", country="MEX")
    picker = at.selectbox(key="country_picker")
    assert "Mexique (MEX)" in picker.options and "Allemagne (DEU)" in picker.options
    at = open_page(PAGE["country"], lang="es", country="DEU")
    assert "Alemania (DEU)" in at.selectbox(key="country_picker").options
    assert "Mexico (MEX)" in open_page(PAGE["country"], country="MEX").selectbox(key="country_picker").options


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_sidebar_and_navigation_on_any_page(lang: str) -> None:
    at = open_page(PAGE["trends"], lang=lang)
    assert not at.exception
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    warnings = " ".join(w.value for w in at.sidebar.warning)
    if lang == "fr":
        assert "Données au 15 janvier 2018" in sidebar and "Collection des traités des Nations Unies" in sidebar
        assert "copie fournie avec l’application" in warnings
    else:
        assert "Datos al 15 de enero de 2018" in sidebar and "Colección de Tratados de las Naciones Unidas" in sidebar
        assert "copia incluida en la aplicación" in warnings
    assert "python -m monitor refresh" in warnings  # the command itself is never translated


@pytest.mark.parametrize("bad", ["xx", "de", "<i>fr</i>"])
def test_an_unknown_language_draws_my_pages_in_english(bad: str) -> None:
    at = open_page(PAGE["overview"], lang=bad)
    assert_clean(at)
    assert at.title[0].value == "Where does the Convention stand?"
    assert metrics(at)["Parties"] == "51"
    at = open_page(PAGE["country"], lang=bad, country="MEX")
    assert_clean(at)
    assert at.header[0].value == "Mexico" and at.subheader[0].value == "Actions"


def test_status_names_translate_but_stay_english_in_data() -> None:
    assert [status_name(s, "fr") for s in STATUS_ORDER] == [
        "Partie (ratification)", "Partie (adhésion ou succession)", "Signé, non ratifié", "Aucune action", "Retiré"]
    assert [status_name(s, "es") for s in STATUS_ORDER][:2] == ["Parte (ratificación)", "Parte (adhesión o sucesión)"]
    assert [status_name(s, "en") for s in STATUS_ORDER] == STATUS_ORDER
    assert status_name("Something new", "fr") == "Something new"  # an unknown category: shown as it is


def test_map_tooltips_are_written_in_the_language_and_escaped() -> None:
    from views.labels import tooltip
    from views.overview import map_markup

    row = ["MEX", "Party (ratification)", "Mexico", "signature", "1991-05-22", "ratification", "1999-03-08",
           "2003-07-01"]
    assert tooltip(row, "fr") == ("Mexique", "Partie (ratification)", "Signature (signée) : 22 mai 1991",
                                  "Ratification : 8 mars 1999", "En vigueur pour l’État : 1 juillet 2003",
                                  "Cliquer pour ouvrir la fiche pays")
    assert tooltip(row, "es")[0:2] == ("México", "Parte (ratificación)")
    hostile = ["MEX", "<b>x</b>", "<script>", "", "", "", "", ""]
    markup = map_markup({"map": [hostile], "as_of": "2018-01-15"}, "fr")
    assert "<script>" not in markup and "<b>x" not in markup and "États proches" in markup


def test_every_new_message_keeps_its_brace_placeholders() -> None:
    """A translation that loses or renames a {placeholder} would raise KeyError on the page."""
    for lang in ("fr", "es"):
        with i18n.po_path(lang).open("rb") as handle:
            for message in read_po(handle):
                if not message.id or isinstance(message.id, tuple):
                    continue
                wanted = sorted(set(re.findall(r"\{(\w+)\}", message.id)))
                assert sorted(set(re.findall(r"\{(\w+)\}", message.string))) == wanted, (lang, message.id)


def test_upr_responses_agree_in_number() -> None:
    from views.migration import response_count

    french, spanish = i18n.plural_translator("fr"), i18n.plural_translator("es")
    assert [response_count(french, "noted", n) for n in (1, 2)] == ["1 prise en note", "2 prises en note"]
    assert [response_count(spanish, "accepted", n) for n in (1, 3)] == ["1 aceptada", "3 aceptadas"]
    assert response_count(french, "<b>", 1) == "1 \\<b\\>"  # an unknown response: escaped, as it is


def test_numbers_in_the_migration_section_follow_the_language() -> None:
    from views.migration import OF_POPULATION, dollars, people, percent

    assert [people(2_634_000, lang) for lang in ("en", "fr", "es")] == ["2.6 million", "2,6 millions",
                                                                       "2,6 millones"]
    assert people(487_564, "fr") == "487\u202f564" and people(487_564, "en") == "487,564"
    assert dollars(8_200_000_000, "fr") == "8,2\u00a0Md\u00a0$US"  # CLDR's short form: a metric has little room
    assert dollars(8_200_000_000, "en") == "US$ 8.2 billion" and dollars(None, "es") == "sin datos"
    assert percent(8.94, OF_POPULATION, "fr") == "8,9\u00a0% de la population"
    assert percent(None, OF_POPULATION, "fr") == ""
    assert i18n.format_day(date(2003, 7, 1), "es") == "1 de julio de 2003"


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_translated_overview_first_run_needs_no_pandas(tmp_path, lang: str) -> None:
    """The kept facts hold no words, so a French or Spanish first visit is drawn from them too, without pandas."""
    import os
    import subprocess
    import sys

    from tests.apptest import DASHBOARD, REPO, copy_data

    root = copy_data(tmp_path)
    script = f"""
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({DASHBOARD!r}, default_timeout=60)
at.query_params["lang"] = {lang!r}
at.run()
assert not at.exception and not at.error, (at.exception, at.error)
print(sorted(m for m in ("pandas", "numpy", "pyarrow") if m in sys.modules), at.title[0].value)
"""
    env = dict(os.environ) | {"MONITOR_DATA_DIR": str(root)}

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                              timeout=120, cwd=REPO)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.strip().splitlines()[-1]

    title = OVERVIEW[lang]["title"]
    assert run() == f"['numpy', 'pandas', 'pyarrow'] {title}"  # nothing kept yet: computed, then kept
    assert run() == f"[] {title}"


def test_the_brief_follows_the_page_language_until_picked_alone() -> None:
    at = open_page(PAGE["country"], country="MEX")
    assert at.selectbox(key="brief_lang").value == "en"
    at.segmented_control(key="language").set_value("fr").run()
    assert_clean(at)
    assert at.title[0].value == "Fiche pays" and at.selectbox(key="brief_lang").value == "fr"
    at.selectbox(key="brief_lang").set_value("es").run()  # a Spanish brief from the French page
    assert at.selectbox(key="brief_lang").value == "es" and at.title[0].value == "Fiche pays"
    at.segmented_control(key="language").set_value("en").run()
    assert at.selectbox(key="brief_lang").value == "en" and at.title[0].value == "Country profile"


def test_the_plotly_maps_can_speak_the_language_too() -> None:
    """For the pages with plotly maps: French hovers and legend entries, English statuses underneath."""
    from contract.status import STATUS_COLORS
    from monitor.analysis.status import build_country_status
    from monitor.store import layout, tables
    from views.labels import build_map_frame
    from views.maps import build_status_map

    frame = build_map_frame(build_country_status(tables.load_status(layout.DEFAULT_DATA_DIR, "IV-13")), "fr")
    mexico = frame.set_index("iso3").loc["MEX"]
    assert mexico["status"] == "Party (ratification)" and "<b>Mexique</b>" in mexico["hover"]
    assert "Ratification : 8 mars 1999" in mexico["hover"]
    fig = build_status_map(frame, STATUS_COLORS, STATUS_ORDER, names={s: status_name(s, "fr") for s in STATUS_ORDER})
    assert "Partie (ratification)" in {trace.name for trace in fig.data}


def test_upr_recommendations_name_states_in_the_language() -> None:
    at = open_page(PAGE["country"], lang="fr", country="DEU")
    assert_clean(at)
    text = page_text(at)
    assert "Mexique (1 prise en note)" in text and "Recommandations reçues : **23**" in text
    listing = next(d.value for d in at.dataframe if "Recommending" in d.value.columns)
    assert "Mexique" in set(listing["Recommending"]) and set(listing["Response"]) <= {"Acceptée", "Prise en note"}
