"""The words the pages show that are not a page's own: weight labels and help texts, the score's
formula, and the hover texts of the plotly maps (plotly renders some HTML in a hover, so it is built
here, in the view layer, from the analysis's plain text).

Light at import (no pandas): the overview's first run names the statuses in the reader's language
through `status_name`; the table helpers import the analysis when they are called.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from contract import refresh_warnings as warnings
from i18n import N_, country_name, format_day, plural_translator, short_names, translator
from i18n.words import ACTION_WORDS
from views.brief_words import REGIONAL_GROUPS, REGIONS, STATUS_WORDS

if TYPE_CHECKING:
    import pandas as pd

    from monitor.analysis.treaties import TreatySet


def status_name(status: str, lang: str) -> str:
    """A status category as the reader sees it ("Party (ratification)" / "Partie (ratification)"); the
    stored and downloaded value stays the English one."""
    return translator(lang)(STATUS_WORDS.get(status, status))


def action_name(action: str, lang: str) -> str:
    """A treaty action (ratification, accession...) in the reader's language."""
    return translator(lang)(ACTION_WORDS.get(action, action.replace("_", " ").capitalize()))


def group_name(group: str, lang: str) -> str:
    """A UN regional group's name ("African States" / "Groupe des États d'Afrique"...)."""
    return translator(lang)(REGIONAL_GROUPS.get(group, group)) if group else ""


def region_name(region: str, lang: str) -> str:
    """A UN M49 region or subregion in the reader's language (its English name when not listed)."""
    return translator(lang)(REGIONS.get(region, region)) if region else ""


def refresh_warning(warning: object, lang: str) -> str:
    """A warning stored with a treaty's data (a code with its values, or an older file's English sentence)
    in the reader's language; a form not known here stays as stored. A participant's name in it is UNTC's
    text: the caller still shows it as text."""
    _ = translator(lang)
    found = warnings.from_stored(warning)
    if found["code"] == warnings.UNREAD:
        return found["text"]
    shown = warnings.values(found)
    if found["code"] == warnings.HEADER_COUNT_DIFFERS:
        shown["what"] = _(_COUNTED.get(str(shown["what"]), str(shown["what"])))
    if found["code"] == warnings.DATED_BEFORE_CONCLUSION:
        shown |= {"action": action_name(str(found.get("action", "")), lang).lower(),
                  "date": _stored_day(found.get("date"), lang),
                  "conclusion": _stored_day(found.get("conclusion"), lang)}
    try:
        return _(warnings.TEMPLATES[found["code"]]) % shown
    except (KeyError, TypeError, ValueError):  # a hand-edited meta.json: say what is known, never fail
        return warnings.english(found)


_COUNTED = {"signatories": N_("signatories"), "parties": N_("parties")}


def _stored_day(value: object, lang: str) -> str:
    """An ISO date from meta.json in words (as stored when it is not one)."""
    try:
        return _day(str(value), lang)
    except ValueError:
        return str(value)


@cache
def _day(iso: str, lang: str) -> str:
    """An ISO date in words, once per date and language (the map's 197 States share many dates)."""
    return format_day(date.fromisoformat(iso), lang)


def tooltip(row: list[str], lang: str) -> tuple[str, ...]:
    """A State's map tooltip lines in a language, from a row of monitor.analysis.overview.map_rows:
    its name, status, dates, and where a click leads."""
    _ = translator(lang)
    iso3, status, name, sig_action, sig_date, consent_action, consent_date, in_force = row
    lines = [country_name(iso3, lang, name), status_name(status, lang)]
    if sig_date:
        lines.append(_("{action} (signed): {date}").format(action=action_name(sig_action, lang),
                                                           date=_day(sig_date, lang)))
    if consent_date:
        lines.append(_("{action}: {date}").format(action=action_name(consent_action, lang),
                                                  date=_day(consent_date, lang)))
    if in_force:
        lines.append(_("In force for it: {date}").format(date=_day(in_force, lang)))
    lines.append(_("Click for the country profile"))
    return tuple(lines)


WEIGHT_LABELS = {
    "signed": N_("Has already signed"),
    "recent": N_("Signed recently"),
    "peers": N_("Peers already party"),
    "core": N_("Core treaties ratified"),
    "complaints": N_("Complaints accepted"),
    "palermo": N_("Palermo protocols ratified"),
    "emigration": N_("Emigrants abroad"),
    "remittances": N_("Remittances (share of GDP)"),
    "upr_accepted": N_("Accepted a UPR recommendation"),
    "upr_noted": N_("Noted a UPR recommendation"),
}
WEIGHT_HELP = {
    "signed": N_("1 for a State that signed the Convention, 0 for one that took no action."),
    "recent": N_("1 for a signature this year, falling to 0 for the longest wait among the signatories (0 without "
                 "a signature): 1 − years since signature ÷ the longest such wait. It measures how recent a "
                 "signature is, not how long a State has waited, because in the backtest a long wait predicted "
                 "joining less, not more."),
    "peers": N_("Share of the State's UN regional group that is already party."),
    "core": N_("Share of the other core human rights treaties (of those loaded) the State is party to."),
    "complaints": N_("Share of the individual complaints procedures under other treaties (of those loaded) the "
                     "State accepts: optional protocols joined, or declarations under ICERD art. 14, CAT art. 22, "
                     "CPED art. 31."),
    "palermo": N_("Share of the two Palermo protocols (trafficking, smuggling of migrants; of those loaded) the State "
               "is party to."),
    "emigration": N_("Emigrants as a share of the resident population (UN DESA, mid-2020), as a percentile among "
                     "all States: 1 for the highest share, 0 for the lowest. A country of origin."),
    "remittances": N_("Personal remittances received as a share of GDP (World Bank, latest complete year), as a "
                      "percentile among all States."),
    "upr_accepted": N_("1 if the State accepted at least one UPR recommendation (2008–2014) to join or consider "
                       "this Convention: a commitment it made."),
    "upr_noted": N_("1 if the State noted (did not accept) at least one such recommendation: it has been asked "
                    "before."),
}


def score_formula(factors: list[str] | tuple[str, ...] | None = None) -> str:
    """The score's formula over the factors in use (default: all six)."""
    from monitor.analysis.targets import DEFAULT_WEIGHTS

    factors = list(factors or DEFAULT_WEIGHTS)
    terms = " + ".join(f"w_{f} × {f}" for f in factors)
    weights = " + ".join(f"w_{f}" for f in factors)
    return f"score = 100 × ({terms}) ÷ ({weights})"


def hover_safe(text: object) -> str:
    """Text for a plotly hover label: plotly renders some HTML there, so no < or >."""
    return str(text).replace("<", "‹").replace(">", "›")


def build_map_frame(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Rows for views.maps.build_status_map: iso3, name, status, hover (safe for plotly). The hover is in
    ``lang`` (pass ``names={s: status_name(s, lang)}`` to the map for its legend); status stays English."""
    import pandas as pd

    from monitor.analysis.overview import map_rows

    # The one tooltip builder (the overview's SVG map uses it too), in every language, English included.
    rows = [(row[0], row[2], row[1], tooltip(row, lang)) for row in map_rows(table)]
    hovers = ["\n".join([f"<b>{hover_safe(lines[0])}</b>", *(hover_safe(x) for x in lines[1:])])
              for *_, lines in rows]
    return pd.DataFrame({"iso3": [r[0] for r in rows], "name": [r[1] for r in rows],
                         "status": [r[2] for r in rows], "hover": hovers})


def build_core_map_frame(treaties: TreatySet, lang: str = "en") -> tuple[pd.DataFrame, list[str]]:
    """Rows for views.maps.build_status_map (iso3, name, status, hover), the status being
    'N of M' core treaties ratified (M: those loaded), and the categories from 0 to M in order,
    all in the reader's language (treaty abbreviations stay as the UN writes them)."""
    import pandas as pd

    from monitor.analysis.treaties import build_core_counts, coverage

    _, ngettext = translator(lang), plural_translator(lang)
    counts = build_core_counts(treaties)
    loaded = coverage(treaties, "core")["loaded"]

    def of(count: int) -> str:
        return _("%(count)s of %(total)s") % {"count": count, "total": loaded}

    hovers = []
    for row in counts.to_dict("records"):
        lines = [f"<b>{hover_safe(country_name(row['iso3'], lang, row['name']))}</b>",
                 hover_safe(_("Core treaties ratified: %(count)s") % {"count": of(row["core_ratified"])})]
        if row["ratified"]:
            lines.append(hover_safe(_("Party to: %(treaties)s") % {"treaties": ", ".join(short_names(row["ratified"],
                                                                                                  lang))}))
        if row["missing"]:
            lines.append(hover_safe(_("Not party to: %(treaties)s") % {
                "treaties": ", ".join(short_names(row["missing"], lang))}))
        if row["unknown"]:
            lines.append(hover_safe(ngettext("Not loaded yet: %(count)s treaty", "Not loaded yet: %(count)s treaties",
                                             len(row["unknown"])) % {"count": len(row["unknown"])}))
        lines.append(hover_safe(_("Click for the country profile")))
        hovers.append("\n".join(lines))
    frame = pd.DataFrame({"iso3": counts["iso3"], "name": counts["name"],
                          "status": [of(n) for n in counts["core_ratified"]], "hover": hovers})
    return frame, [of(n) for n in range(loaded + 1)]
