"""The words the pages show that are not a page's own: weight labels and help texts, the score's
formula, and the hover texts of the plotly maps (plotly renders some HTML in a hover, so it is built
here, in the view layer, from the analysis's plain text)."""

from __future__ import annotations

import pandas as pd

from monitor.analysis.status import build_map_lines
from monitor.analysis.targets import DEFAULT_WEIGHTS
from monitor.analysis.treaties import TreatySet, build_core_counts, coverage

WEIGHT_LABELS = {
    "signed": "Has already signed",
    "waiting": "Years waiting",
    "peers": "Peers already party",
    "core": "Core treaties ratified",
    "complaints": "Complaints accepted",
    "palermo": "Palermo protocols ratified",
}
WEIGHT_HELP = {
    "signed": "1 for a State that signed the Convention, 0 for one that took no action.",
    "waiting": "Years since signature ÷ the longest such wait (0 without a signature).",
    "peers": "Share of the State's UN regional group that is already party.",
    "core": "Share of the other core human rights treaties (of those loaded) the State is party to.",
    "complaints": "Share of the individual complaints procedures under other treaties (of those loaded) the State "
                  "accepts: optional protocols joined, or declarations under ICERD art. 14, CAT art. 22, CPED art. 31.",
    "palermo": "Share of the two Palermo protocols (trafficking, smuggling of migrants; of those loaded) the State "
               "is party to.",
}


def score_formula(factors: list[str] | tuple[str, ...] | None = None) -> str:
    """The score's formula over the factors in use (default: all six)."""
    factors = list(factors or DEFAULT_WEIGHTS)
    terms = " + ".join(f"w_{f} × {f}" for f in factors)
    weights = " + ".join(f"w_{f}" for f in factors)
    return f"score = 100 × ({terms}) ÷ ({weights})"


def hover_safe(text: object) -> str:
    """Text for a plotly hover label: plotly renders some HTML there, so no < or >."""
    return str(text).replace("<", "‹").replace(">", "›")


def build_map_frame(table: pd.DataFrame) -> pd.DataFrame:
    """Rows for views.maps.build_status_map: iso3, name, status, hover (safe for plotly)."""
    rows = build_map_lines(table)
    hovers = ["\n".join([f"<b>{hover_safe(lines[0])}</b>", *(hover_safe(x) for x in lines[1:])])
              for *_, lines in rows]
    return pd.DataFrame({"iso3": [r[0] for r in rows], "name": [r[1] for r in rows],
                         "status": [r[2] for r in rows], "hover": hovers})


def build_core_map_frame(treaties: TreatySet) -> tuple[pd.DataFrame, list[str]]:
    """Rows for views.maps.build_status_map (iso3, name, status, hover), the status being
    'N of M' core treaties ratified (M: those loaded), and the categories from 0 to M in order."""
    counts = build_core_counts(treaties)
    loaded = coverage(treaties, "core")["loaded"]
    categories = [f"{n} of {loaded}" for n in range(loaded + 1)]
    hovers = []
    for row in counts.to_dict("records"):
        lines = [f"<b>{hover_safe(row['name'])}</b>",
                 hover_safe(f"Core treaties ratified: {row['text']}")]
        if row["ratified"]:
            lines.append(hover_safe("Party to: " + ", ".join(row["ratified"])))
        if row["missing"]:
            lines.append(hover_safe("Not party to: " + ", ".join(row["missing"])))
        if row["unknown"]:
            lines.append(hover_safe(f"Not loaded yet: {len(row['unknown'])} treaties"))
        lines.append("Click for the country profile")
        hovers.append("\n".join(lines))
    frame = pd.DataFrame({"iso3": counts["iso3"], "name": counts["name"],
                          "status": [f"{n} of {loaded}" for n in counts["core_ratified"]], "hover": hovers})
    return frame, categories
