"""The static site's pages: an index per language, a small page per State and language, the embed page.

The index shows what the dashboard's overview shows (the same headline cards, sentence and SVG map,
from views.markup and views.svgmap), with each State linked to its page here rather than to the
dashboard. A State's page says where it stands, in the brief's words, and links its files.
"""

from __future__ import annotations

from datetime import date

from contract.site import (
    CHANGES_JSON,
    DATA_PACKAGE,
    FEED,
    STATUS_CSV,
    STATUS_JSON,
    TARGETS_CSV,
    country_csv,
    country_json,
)
from contract.site import brief as brief_path
from contract.site import country_page as country_path
from contract.site import embed_page as embed_path
from contract.site import index_page as index_path
from contract.treaties import ICRMW
from i18n import LANGUAGE_NAMES, LANGUAGES, N_, country_name, format_day, translator, treaty_title
from i18n.words import ACTION_WORDS
from monitor.analysis.brief import BriefFacts, Competence
from publish.embed import badge_file, map_file, map_height
from publish.html import link, page, rel
from views.brief_words import STATUS_WORDS
from views.geo import WIDTH
from views.labels import action_name, status_name
from views.markup import headline, summary_sentence, text
from views.svgmap import overview_map

ENGLISH_TITLE = ("International Convention on the Protection of the Rights of All Migrant Workers and Members of "
                 "Their Families")
FILES = {  # the site's permanent files that every index page links (path, label); the labels are translated
    STATUS_CSV: N_("The status of every State (CSV)"),
    TARGETS_CSV: N_("The lobbying targets, ranked by the default score (CSV)"),
    STATUS_JSON: N_("The status of every State (JSON, for programs)"),
    CHANGES_JSON: N_("The change log (JSON)"),
    FEED: N_("The change feed (Atom): subscribe to be told of every change"),
    DATA_PACKAGE: N_("The data package: every table with its schema"),
}
EMBED_LABEL = N_("Put the map or the count on your own website")
FILES_HEADING = N_("Files to download, forward and link to")
PLACEHOLDER = "https://YOUR-SITE.example/"  # in the snippets when the site's address is not configured


def strong(value: object) -> str:
    """A number that stands out in a sentence."""
    return f"<strong>{text(value)}</strong>"


def day(value: date | None, lang: str) -> str:
    """A date the language's way, or a dash."""
    return format_day(value, lang) if value else "–"


def index_page(site, lang: str) -> tuple[str, bytes]:
    """The index page of a language: headline numbers, the map linked to every State's page, links to all."""
    _ = translator(lang)
    here, numbers = index_path(lang), site.numbers
    title = treaty_title(ICRMW, lang, ENGLISH_TITLE)
    intro = _("The {title} (ICRMW, 1990), as recorded by the UN on {date}.").format(
        title=strong(title), date=strong(format_day(site.as_of, lang)))
    sentence = summary_sentence(numbers, site.facts["map"], lang, strong=strong, escape=text)
    caption = _("Each State is a link to its page, with its files. On a phone, tap the map: the States near that "
                "spot appear under it as links. Small States are shown as dots.")
    files = "".join(f"<li>{link(here, path, _(label))}</li>" for path, label in FILES.items())
    files += f"<li>{link(here, embed_path(lang), _(EMBED_LABEL))}</li>"
    question, status_heading = _("Where does the Convention stand?"), _("Status of each State")
    files_heading = _(FILES_HEADING)
    body = (f"<h1>{text(question)}</h1><p>{intro}</p>{headline(numbers, lang)}"
            f"<p>{sentence}</p><h2>{text(status_heading)}</h2><p class=\"note\">{text(caption)}</p>"
            f"{overview_map(site.facts, lang, href=rel(here, country_path('{iso3}', lang)))}"
            f"<h2>{text(files_heading)}</h2><ul class=\"links\">{files}</ul>"
            f"{state_table(site, lang, here)}")
    return here, page(here, lang, question + " · ICRMW", body, language_paths(None),
                      site.as_of)


def state_table(site, lang: str, here: str) -> str:
    """Every State with its status and dates, each linked to its page: the map's text alternative."""
    _ = translator(lang)
    rows = []
    for row in sorted(site.facts["map"], key=lambda r: country_name(r[0], lang, r[2]).casefold()):
        iso3, status, name, _sig_action, signed, _consent_action, consented, in_force = row
        dates = "".join(f"<td>{text(day(date.fromisoformat(v), lang) if v else '')}</td>"
                        for v in (signed, consented, in_force))
        rows.append(f"<tr><th scope=\"row\">{link(here, country_path(iso3, lang), country_name(iso3, lang, name))}"
                    f"</th><td>{text(status_name(status, lang))}</td>{dates}</tr>")
    heads = "".join(f'<th scope="col">{text(h)}</th>'
                    for h in (_("Country"), _("Status"), _("Signed"), _("Ratified / acceded"), _("In force for it")))
    heading = _("The same as a table (every State, its status and dates)")
    return (f"<h2 id=\"states\">{text(heading)}</h2><div class=\"scroll\" role=\"region\" tabindex=\"0\" "
            f"aria-labelledby=\"states\"><table><thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody>"
            "</table></div>")


def language_paths(iso3: str | None) -> dict[str, str]:
    """The same page (an index, or a State's page) in each language."""
    return {lang: country_path(iso3, lang) if iso3 else index_path(lang) for lang in LANGUAGES}


def competence(comp: Competence, lang: str) -> str:
    """Whether and when the State made a competence declaration (the brief's words)."""
    _ = translator(lang)
    if not comp.recognised:
        return _("No declaration")
    if comp.date:
        return _("Declaration made on %(date)s") % {"date": format_day(comp.date, lang)}
    return _("Declaration made")


def record(facts: BriefFacts, lang: str) -> list[tuple[str, str]]:
    """The State's record under the Convention as (label, value) pairs, as the brief lists it."""
    _ = translator(lang)
    pairs = [(_("Status"), _(STATUS_WORDS.get(facts.status, facts.status)))]
    if facts.signature_date:
        pairs.append((action_name(facts.signature_action, lang), day(facts.signature_date, lang)))
    if facts.consent_date:
        pairs.append((_(ACTION_WORDS.get(facts.consent_action, facts.consent_action)), day(facts.consent_date, lang)))
    if facts.in_force_date:
        pairs.append((_("In force for the State (art. 87)"), day(facts.in_force_date, lang)))
    pairs.append((_("Art. %(article)s: complaints from other States") % {"article": facts.interstate.article},
                  competence(facts.interstate, lang)))
    pairs.append((_("Art. %(article)s: complaints from individuals") % {"article": facts.individual.article},
                  competence(facts.individual, lang)))
    return pairs


def country_page(facts: BriefFacts, lang: str, as_of: date) -> tuple[str, bytes]:
    """One State's page in a language: its record and its files (CSV, the brief in each language, JSON)."""
    _ = translator(lang)
    here, iso3 = country_path(facts.iso3, lang), facts.iso3
    name = country_name(iso3, lang, facts.name)
    rows = "".join(f"<dt>{text(label)}</dt><dd>{text(value)}</dd>" for label, value in record(facts, lang))
    brief = _("One-page brief (PDF): {language}")
    briefs = "".join("<li>" + link(here, brief_path(iso3, other), brief.format(language=LANGUAGE_NAMES[other]),
                                   f' hreflang="{other}"') + "</li>" for other in LANGUAGES)
    csv_label, json_label = _("Download this country as CSV"), _("This State in JSON, for programs")
    files = (f"<li>{link(here, country_csv(iso3), csv_label)}</li>{briefs}"
             f"<li>{link(here, country_json(iso3), json_label)}</li>")
    data_as_of = _("Data as of %(date)s") % {"date": format_day(as_of, lang)}
    files_heading, every_state = _(FILES_HEADING), _("Every State")
    body = (f"<h1>{text(name)}</h1><p>{text(data_as_of)}</p>"
            f"<dl>{rows}</dl><h2>{text(files_heading)}</h2>"
            f"<ul class=\"links\">{files}</ul>"
            f"<p>{link(here, index_path(lang) + '#states', every_state)}</p>")
    return here, page(here, lang, f"{name} · ICRMW", body, language_paths(iso3), as_of)


def snippet_block(here: str, heading: str, preview: str, snippet: str) -> str:
    """One thing to embed: its heading, how it looks here, and the code to copy."""
    return f"<h2>{text(heading)}</h2><div class=\"preview\">{preview}</div><pre><code>{text(snippet)}</code></pre>"


def embed_page(site, lang: str, base: str) -> tuple[str, bytes]:
    """The embed page: the map and the count badge, previewed, each with the snippet to copy."""
    _ = translator(lang)
    here = embed_path(lang)
    badge, world = badge_file(lang), map_file(lang)
    ratio = f"{WIDTH}/{map_height(len({row[1] for row in site.facts['map']}))}"
    badge_alt = _("ICRMW: the number of States parties today")
    map_title = _("ICRMW: the status of each State, world map")
    badge_code = (f'<a href="{base}{index_path(lang)}"><img src="{base}{badge}" alt="{badge_alt}" height="20"></a>')
    map_code = (f'<iframe src="{base}{world}" title="{map_title}" loading="lazy" '
                f'style="width:100%;aspect-ratio:{ratio};border:0"></iframe>')
    map_img = f'<a href="{base}{index_path(lang)}"><img src="{base}{world}" alt="{map_title}" style="width:100%"></a>'
    intro = _("Copy a snippet into your page (any site that accepts HTML). The picture is served by this site and "
              "changes by itself when the data changes; nothing else is loaded, and no visitor is tracked.")
    replace = _("Replace {placeholder} with the address where this site is published.").format(placeholder=base)
    where = "" if PLACEHOLDER not in base else f'<p class="note">{text(replace)}</p>'

    heading = _(EMBED_LABEL)
    body = (f"<h1>{text(heading)}</h1><p>{text(intro)}</p>{where}"
            + snippet_block(here, _("The count of States parties"),
                            f'<img src="{text(rel(here, badge))}" alt="{text(badge_alt)}" height="20">', badge_code)
            + snippet_block(here, _("The world map, in a frame (each State links to its page)"),
                            f'<iframe src="{text(rel(here, world))}" title="{text(map_title)}" '
                            f'style="width:100%;aspect-ratio:{ratio};border:0"></iframe>', map_code)
            + snippet_block(here, _("The world map, as a picture"),
                            f'<img src="{text(rel(here, world))}" alt="{text(map_title)}" style="width:100%">',
                            map_img))
    return here, page(here, lang, _(EMBED_LABEL) + " · ICRMW", body,
                      {other: embed_path(other) for other in LANGUAGES}, site.as_of)
