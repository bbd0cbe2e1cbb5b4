"""The frame of every static page: one small style sheet, the language links, a footer. No JavaScript.

Every piece of text that goes into a page passes `views.markup.text()` (the dashboard's one escaper),
and every link is relative, so the site works from any folder of any static host (GitHub Pages puts a
project's site under /<repository>/).
"""

from __future__ import annotations

import posixpath
from datetime import date

from contract.ids import untc_status_page
from contract.site import index_page as index_path
from contract.treaties import ICRMW
from i18n import LANGUAGE_NAMES, LANGUAGES, format_day, translator
from views.markup import text

STYLE = (
    "*,*::before,*::after{box-sizing:border-box}"
    "html{-webkit-text-size-adjust:100%}"
    "body{margin:0;font:1rem/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;color:#1a1a1a;"
    "background:#fff}"
    "header,main,footer{max-width:62rem;margin:0 auto;padding:0 1rem}"
    "header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem 1rem;"
    "padding-top:.75rem;padding-bottom:.75rem;border-bottom:1px solid #d0d0d0}"
    "header .site{font-weight:600;color:#1a1a1a;text-decoration:none}"
    "nav ul{display:flex;flex-wrap:wrap;gap:.25rem .75rem;margin:0;padding:0;list-style:none}"
    "nav a{display:inline-block;min-height:24px;padding:.1rem .25rem}"
    "nav a[aria-current]{font-weight:600;color:#1a1a1a}"
    "a{color:#0a4fb3}a:focus-visible{outline:2px solid #111;outline-offset:2px}"
    "h1{font-size:1.9rem;line-height:1.2;margin:1.25rem 0 .75rem}"
    "h2{font-size:1.35rem;margin:2rem 0 .5rem}"
    ".note{color:#4a4a4a;font-size:.95rem}"
    ".links li{margin:.35rem 0}"
    ".scroll{overflow-x:auto;max-width:100%}"
    "table{border-collapse:collapse;width:100%;font-size:.95rem}"
    "th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e0e0e0;vertical-align:top}"
    "th{background:#f4f4f4}"
    "dl{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.35rem 1rem;margin:0}"
    "dt{font-weight:600}dd{margin:0}"
    "pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f4f4f4;padding:.75rem;border-radius:.4rem;"
    "font-size:.85rem}"
    ".preview{border:1px solid #d0d0d0;border-radius:.4rem;padding:.75rem;margin:.5rem 0}"
    ".preview img,.preview iframe{max-width:100%;border:0}"
    "footer{margin-top:2.5rem;padding-top:1rem;padding-bottom:2rem;border-top:1px solid #d0d0d0;color:#4a4a4a;"
    "font-size:.9rem}"
    "@media (max-width:640px){h1{font-size:1.5rem}dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}}"
)


def rel(here: str, there: str) -> str:
    """The relative link from the page at ``here`` to the file at ``there`` (both paths in the site)."""
    return posixpath.relpath(there, posixpath.dirname(here) or ".")


def link(here: str, there: str, label: str, extra: str = "") -> str:
    """An <a> to a file of the site, its label escaped."""
    return f'<a href="{text(rel(here, there))}"{extra}>{text(label)}</a>'


def language_links(here: str, lang: str, paths: dict[str, str]) -> str:
    """The same page in each language, the current one marked."""
    _ = translator(lang)
    current = ' aria-current="page"'
    items = "".join(
        f'<li><a href="{text(rel(here, paths[other]))}" lang="{other}" hreflang="{other}"'
        f'{current if other == lang else ""}>{text(LANGUAGE_NAMES[other])}</a></li>' for other in LANGUAGES)
    label = _("Language")
    return f'<nav aria-label="{text(label)}"><ul>{items}</ul></nav>'


def footer(here: str, lang: str, as_of: date) -> str:
    """Where the data comes from, how old it is, and what this site is."""
    _ = translator(lang)
    source = _("Source: UN Treaty Collection, treaty {treaty}, status as of {date}").format(
        treaty=ICRMW, date=format_day(as_of, lang))
    about = _("These pages are published from the ICRMW ratification monitor after each refresh of the data. "
              "Their addresses do not change: link to them, forward the files.")
    untc, page_name = text(untc_status_page(ICRMW)), text(_("UN Treaty Collection status page"))
    line = _("{label}: {value}").format(label=text(source), value=f'<a href="{untc}">{page_name}</a>')
    return (f"<footer><p>{line}.</p>"
            f"<p>{text(about)}</p></footer>")


def page(here: str, lang: str, title: str, body: str, paths: dict[str, str], as_of: date) -> bytes:
    """A whole page: ``body`` is markup made by this package (every text in it already escaped)."""
    _ = translator(lang)
    home = link(here, index_path(lang), _("ICRMW ratification monitor"), ' class="site"')
    return ("<!DOCTYPE html>\n"
            f'<html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{text(title)}</title><style>{STYLE}</style></head>"
            f"<body><header>{home}{language_links(here, lang, paths)}</header>"
            f"<main>{body}</main>{footer(here, lang, as_of)}</body></html>\n").encode()
