"""The one-page country brief as PDF bytes (fpdf2): it picks the words in the reader's language and draws.

The facts come from monitor.analysis.brief (language-free); words from the i18n catalogs; names, numbers and
dates from CLDR. Every piece of text is drawn as plain text (fpdf2 cells, never its markdown or HTML
mode), so a name or title from a source cannot change the layout or smuggle in links. The font is
DejaVu Sans, bundled under static/fonts (its licence allows it), so accents and typographic
apostrophes render with no system package. Black and white: it prints and photocopies well.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF

from contract.status import PARTY_STATUSES, SIGNED
from contract.treaties import ICRMW
from i18n import (
    country_name,
    format_day,
    format_number,
    pick_language,
    plural_translator,
    short_names,
    translator,
    treaty_short,
    treaty_title,
)
from i18n.words import ACTION_WORDS
from monitor.analysis.brief import BriefFacts, Competence, TreatyLine
from monitor.store.layout import context_stamp, treaty_set_stamp
from views.brief_context import draw_context
from views.brief_data import brief_facts
from views.brief_fonts import FONT, add_fonts, before_output
from views.brief_map import draw_map
from views.brief_text import PlainLines, paragraph
from views.brief_words import REGIONAL_GROUPS, REGIONS, STATUS_WORDS
from views.freeze import paused_collector

MARGIN = 18.0
PAGE_WIDTH = 210.0
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
MAP_WIDTH = 62.0
BLACK, DARK, MID, LIGHT = (0, 0, 0), (60, 60, 60), (120, 120, 120), (205, 205, 205)


class Brief(PlainLines):
    """A4 portrait with the brief's running footer (texts broken into lines in one pass: views/brief_text.py)."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7)
        self.set_text_color(*MID)
        self.cell(TEXT_WIDTH / 2, 4, self.footer_text)
        self.cell(TEXT_WIDTH / 2, 4, f"{self.page_no()}/{{nb}}", align="R")


class Writer:
    """Draws the brief's parts on one FPDF, in one language."""

    def __init__(self, pdf: FPDF, lang: str) -> None:
        self.pdf, self.lang = pdf, lang
        self._: Callable[[str], str] = translator(lang)

    def day(self, value: date | None) -> str:
        """A date in words, or 'not recorded'."""
        return format_day(value, self.lang, empty=self._("not recorded"))

    LABEL_WIDTH = 70.0

    def text(self, value: str, size: float = 9.5, style: str = "", color=BLACK, height: float | None = None,
             width: float = 0, indent: float = 0) -> None:
        """A paragraph of plain text at the left margin (or `indent` mm right of it)."""
        pdf = self.pdf
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(*color)
        pdf.set_x(MARGIN + indent)
        paragraph(pdf, width or TEXT_WIDTH - indent, height or size * 0.5, value)

    def heading(self, value: str, keep: float = 18) -> None:
        """A section heading with a thin rule under it, on the same page as its first `keep` mm of text."""
        pdf = self.pdf
        if pdf.will_page_break(2.8 + 5 + 2.5 + keep):
            pdf.add_page()
        pdf.ln(2.8)
        self.text(value.upper(), size=9, style="B", height=5)
        pdf.set_draw_color(*BLACK)
        pdf.set_line_width(0.3)
        pdf.line(MARGIN, pdf.get_y() + 0.5, MARGIN + TEXT_WIDTH, pdf.get_y() + 0.5)
        pdf.ln(2)

    def rows(self, pairs: list[tuple[str, ...]], label_width: float = LABEL_WIDTH) -> None:
        """Label / value lines, the label in grey; a third item is a small grey note under the value."""
        pdf = self.pdf
        for label, value, *note in pairs:
            top = pdf.get_y()
            pdf.set_font(FONT, "", 9)
            pdf.set_text_color(*DARK)
            pdf.set_xy(MARGIN, top)
            paragraph(pdf, label_width - 2, 4.3, label)
            after_label = pdf.get_y()
            pdf.set_font(FONT, "B", 9)
            pdf.set_text_color(*BLACK)
            pdf.set_xy(MARGIN + label_width, top)
            paragraph(pdf, TEXT_WIDTH - label_width, 4.3, value)
            if note and note[0]:
                self.text(note[0], size=7, color=DARK, height=3.3, indent=label_width)
            pdf.set_y(max(pdf.get_y(), after_label) + 0.5)

    # --- The parts -------------------------------------------------------------------------------

    def header(self, facts: BriefFacts) -> None:
        """The running title, the State's name, region and group, and the map."""
        _, pdf = self._, self.pdf
        pdf.set_xy(MARGIN, MARGIN - 4)
        pdf.set_font(FONT, "B", 8)
        pdf.set_text_color(*DARK)
        pdf.cell(TEXT_WIDTH, 4, _("ICRMW ratification monitor · Country brief"))
        pdf.set_draw_color(*BLACK)
        pdf.set_line_width(0.8)
        pdf.line(MARGIN, MARGIN + 1, MARGIN + TEXT_WIDTH, MARGIN + 1)
        map_x = MARGIN + TEXT_WIDTH - MAP_WIDTH
        map_bottom = MARGIN + 4 + draw_map(pdf, facts.iso3, map_x, MARGIN + 4, MAP_WIDTH)
        left = TEXT_WIDTH - MAP_WIDTH - 6
        pdf.set_xy(MARGIN, MARGIN + 5)
        self.text(country_name(facts.iso3, self.lang, facts.name), size=20, style="B", height=9, width=left)
        region = _(REGIONS.get(facts.region, facts.region))
        if facts.subregion and facts.subregion != facts.region:
            region += f" ({_(REGIONS.get(facts.subregion, facts.subregion))})"
        lines = [_("Region: %(region)s") % {"region": region}] if facts.region else []
        if facts.regional_group:
            group = _(REGIONAL_GROUPS.get(facts.regional_group, facts.regional_group))
            lines.append(_("UN regional group: %(group)s") % {"group": group})
        kind = {"member": _("UN Member State"), "observer": _("Non-member observer State"),
                "other_state": _("State not a member of the United Nations")}.get(facts.kind, "")
        pdf.ln(1)
        self.text("\n".join([*lines, f"{kind} · ISO {facts.iso3}" if kind else f"ISO {facts.iso3}"]), size=9,
                  color=DARK, height=4.3, width=left)
        self.text(_("Data as of %(date)s") % {"date": format_day(facts.as_of, self.lang)}, size=9, color=DARK,
                  height=4.3, width=left)
        pdf.set_y(max(pdf.get_y(), map_bottom) + 2)

    def convention(self, facts: BriefFacts) -> None:
        """The State's status under the Convention, its dates and art. 76/77."""
        _ = self._
        self.heading(_("Status under the Convention"))
        self.text(treaty_title(ICRMW, self.lang, facts.title), size=8.5, color=DARK, height=4.2)
        self.pdf.ln(1.5)
        status = _(STATUS_WORDS.get(facts.status, facts.status))
        pairs = [(_("Status"), status)]
        if facts.signature_date:
            pairs.append((_(ACTION_WORDS.get(facts.signature_action, facts.signature_action)),
                          self.day(facts.signature_date)))
        if facts.consent_date:
            pairs.append((_(ACTION_WORDS.get(facts.consent_action, facts.consent_action)),
                          self.day(facts.consent_date)))
        if facts.in_force_date:
            pairs.append((_("In force for the State (art. 87)"), self.day(facts.in_force_date)))
        if facts.withdrawn:
            pairs.append((_("Withdrawn action"), _("an action was withdrawn (see the UN status page)")))
        pairs.append((_("Art. %(article)s: complaints from other States") % {"article": facts.interstate.article},
                      self.competence(facts.interstate)))
        pairs.append((_("Art. %(article)s: complaints from individuals") % {"article": facts.individual.article},
                      self.competence(facts.individual)))
        self.rows(pairs)
        if facts.individual_threshold is not None:
            self.procedure_note(facts)

    def procedure_note(self, facts: BriefFacts) -> None:
        """Whether the individual complaints procedure is open, and how many declarations it took or takes."""
        _ = self._
        self.pdf.ln(0.5)
        numbers = {"article": facts.individual.article,
                   "needed": format_number(facts.individual_threshold, self.lang),
                   "made": format_number(facts.individual_declarations, self.lang)}
        if facts.individual_declarations < facts.individual_threshold:
            note = _("The individual complaints procedure of article %(article)s starts once %(needed)s States "
                     "Parties have made the declaration; %(made)s have made it so far.")
        else:
            note = _("The individual complaints procedure of article %(article)s is open: %(made)s States Parties "
                     "have made the declaration (%(needed)s were needed).")
        self.text(note % numbers, size=8.5, color=DARK, height=4.2)

    def competence(self, comp: Competence) -> str:
        """Whether and when the State made a competence declaration."""
        _ = self._
        if not comp.recognised:
            return _("No declaration")
        if comp.date:
            return _("Declaration made on %(date)s") % {"date": self.day(comp.date)}
        return _("Declaration made")

    def peers(self, facts: BriefFacts) -> None:
        """How many States of its regional group, its region and the world are party."""
        _ = self._
        self.heading(_("Its region and regional group"))
        pairs = []
        if facts.group:
            pairs.append((_(REGIONAL_GROUPS.get(facts.group.name, facts.group.name)),
                          self.count(facts.group.parties, facts.group.members)))
        if facts.region_peers:
            pairs.append((_(REGIONS.get(facts.region_peers.name, facts.region_peers.name)),
                          self.count(facts.region_peers.parties, facts.region_peers.members)))
        pairs.append((_("Worldwide"), self.count(facts.parties, facts.universe)))
        self.rows(pairs)

    def count(self, parties: int, members: int) -> str:
        """'18 of 33 States are party', in the grammatical number that `parties` asks for."""
        ngettext = plural_translator(self.lang)
        return ngettext("%(parties)s of %(members)s State is party",
                        "%(parties)s of %(members)s States are party", parties) % {
            "parties": format_number(parties, self.lang), "members": format_number(members, self.lang)}

    def core_sentence(self, facts: BriefFacts) -> str:
        """'Party to N of the M core treaties loaded: all but this one.', naming those not loaded."""
        _, core = self._, facts.core
        numbers = {"n": format_number(len(core.ratified), self.lang), "m": format_number(core.loaded, self.lang)}
        if core.loaded == core.total:
            sentence = _("Party to %(n)s of the %(m)s core human rights treaties") % numbers
        else:
            sentence = _("Party to %(n)s of the %(m)s core treaties loaded") % numbers
        if core.all_but_this_one:
            sentence += _(": all but this one.")
        elif core.missing:
            sentence += _("; not party to: %(treaties)s.") % {"treaties": ", ".join(short_names(core.missing,
                                                                                             self.lang))}
        else:
            sentence += "."
        if core.unknown:
            sentence += " " + _("Not loaded yet in this copy of the data: %(treaties)s.") % {
                "treaties": ", ".join(short_names(core.unknown, self.lang))}
        return sentence

    def treaties(self, facts: BriefFacts) -> None:
        """Its record under the other tracked treaties."""
        _ = self._
        self.heading(_("Record under the other tracked treaties"))
        self.text(self.core_sentence(facts), size=9.5, height=4.8)
        loaded = [line for line in facts.treaties if line.status is not None]
        # The core ones not loaded are named in the sentence above already.
        missing = [treaty_short(line.treaty_id, self.lang, line.short_name) for line in facts.treaties
                   if line.status is None and line.short_name not in facts.core.unknown]
        if loaded:
            self.pdf.ln(1.5)
            self.treaty_table(loaded)
        if missing:
            self.pdf.ln(1)
            self.text(_("Other tracked treaties not loaded yet: %(treaties)s. Not loaded is not the same as "
                        "not ratified.") % {"treaties": ", ".join(missing)}, size=8, color=DARK, height=4)

    def treaty_status(self, line: TreatyLine) -> str:
        """The State's status under one other treaty: 'Party (ratification, 2008)'."""
        _ = self._
        if line.status in PARTY_STATUSES:
            word = _(ACTION_WORDS.get(line.action, line.action))
            return _("Party (%(action)s, %(year)s)") % {"action": word.lower(), "year": line.year} if line.year \
                else _(STATUS_WORDS[line.status])
        if line.status == SIGNED and line.year:
            return _("Signed in %(year)s, not ratified") % {"year": line.year}
        return _(STATUS_WORDS.get(line.status, line.status or ""))

    def treaty_table(self, lines: list[TreatyLine]) -> None:
        """The loaded treaties: short name, official title in the reader's language, status."""
        _, pdf = self._, self.pdf
        pdf.set_font(FONT, "", 8)
        pdf.set_text_color(*BLACK)
        pdf.set_draw_color(*LIGHT)
        pdf.set_line_width(0.2)
        with pdf.table(col_widths=(26, 104, 44), text_align="LEFT", line_height=3.9, padding=(0.8, 1.2),
                       borders_layout="HORIZONTAL_LINES", headings_style=_heading_style(),
                       first_row_as_headings=True) as table:
            head = table.row()
            for label in (_("Treaty"), _("Title"), _("Status")):
                head.cell(label)
            for line in lines:
                row = table.row()
                row.cell(treaty_short(line.treaty_id, self.lang, line.short_name))
                row.cell(treaty_title(line.treaty_id, self.lang, line.title))
                row.cell(self.treaty_status(line))

    def context(self, facts: BriefFacts) -> None:
        """Migration figures and the UPR record, or a marked place saying they are not loaded yet."""
        _, pdf = self._, self.pdf
        self.heading(_("Migration figures and UPR record"))
        if facts.context is None:
            top = pdf.get_y()
            pdf.set_y(top + 1.5)
            self.text(_("Not loaded yet: the migration figures (UN DESA, World Bank) and the State's record in the "
                        "Universal Periodic Review (UPR Info) are not in this copy of the data. They will appear "
                        "here once loaded."), size=8.5, color=DARK, height=4.2, width=TEXT_WIDTH - 6)
            pdf.set_draw_color(*MID)
            pdf.set_line_width(0.3)
            with pdf.local_context(dash_pattern={"dash": 1.2, "gap": 1.0}):
                pdf.rect(MARGIN - 1, top, TEXT_WIDTH + 2, pdf.get_y() - top + 1.5)
            pdf.set_y(pdf.get_y() + 2)
            return
        draw_context(self, facts.context)

    def change(self, facts: BriefFacts) -> None:
        """One line on what ratification (or the art. 77 declaration) would change."""
        _ = self._
        self.heading(_("What ratification would change"))
        if facts.status in PARTY_STATUSES and not facts.individual.recognised:
            line = _("The State is already bound by the Convention. By making the article 77 declaration it would "
                     "let migrant workers and their families bring individual complaints to the Committee on "
                     "Migrant Workers.")
        elif facts.status in PARTY_STATUSES:
            line = _("The State is already bound by the Convention and has made the article 77 declaration: "
                     "what matters now is implementation and reporting to the Committee on Migrant Workers.")
        else:
            line = _("Ratification would bind the State to protect the rights of all migrant workers and their "
                     "families, documented or not, and to report to the Committee on Migrant Workers on how it "
                     "does so.")
        self.text(line, size=9.5, height=4.8)

    def sources(self, facts: BriefFacts) -> None:
        """The data's date and every source with its address."""
        _, pdf = self._, self.pdf
        self.heading(_("Sources"))
        self.text(_("Treaty status as recorded by the UN Treaty Collection on %(date)s; each treaty's data is as of "
                    "its own date.") % {"date": format_day(facts.as_of, self.lang)}, size=8, color=DARK, height=4)
        pdf.ln(0.5)
        previous = None
        for source in facts.sources:
            # Sources that share a label (one per treaty) go under it, one address a line.
            if source.detail:
                if source.label != previous:
                    self.text(_(source.label) + ":", size=7.5, color=DARK, height=3.6)
                self.text(f"    {source.detail}: {source.address}", size=7, color=DARK, height=3.3)
            else:
                self.text(f"{_(source.label)}: {source.address}", size=7.5, color=DARK, height=3.6)
            previous = source.label


def _heading_style():
    from fpdf.fonts import FontFace

    return FontFace(family=FONT, emphasis="BOLD", size_pt=8, color=BLACK)


def build_brief_pdf(facts: BriefFacts, lang: str = "en") -> bytes:
    """The brief of one State as PDF bytes, in `lang` (en, fr, es; anything else gives English)."""
    lang = pick_language(lang)
    _ = translator(lang)
    pdf = Brief(format="A4", unit="mm")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=16)
    add_fonts(pdf)
    name = country_name(facts.iso3, lang, facts.name)
    pdf.set_title(_("Country brief: %(country)s") % {"country": name})
    pdf.set_lang(lang)
    pdf.set_creator("ICRMW ratification monitor")
    # The data's date, not the clock: the same data gives the same bytes.
    pdf.set_creation_date(datetime.combine(facts.as_of, time(), tzinfo=UTC))
    pdf.footer_text = _("%(country)s · ICRMW · data as of %(date)s") % {
        "country": name, "date": format_day(facts.as_of, lang)}
    pdf.add_page()
    writer = Writer(pdf, lang)
    writer.header(facts)
    writer.convention(facts)
    writer.peers(facts)
    writer.treaties(facts)
    writer.context(facts)
    writer.change(facts)
    writer.sources(facts)
    before_output(pdf)
    return bytes(pdf.output())


def brief_filename(iso3: str, lang: str) -> str:
    """The download's file name: icrmw-brief-MEX-fr.pdf."""
    return f"icrmw-brief-{iso3}-{pick_language(lang)}.pdf"


def brief_bytes(root: Path, iso3: str, lang: str = "en") -> bytes:
    """The brief of one State from the data directory (UnknownState: not a State; DataFileError: bad data)."""
    lang = pick_language(lang)
    return _brief_bytes(str(root), (treaty_set_stamp(root), context_stamp(root)), iso3, lang)


@lru_cache(maxsize=64)
def _brief_bytes(root: str, stamp: tuple, iso3: str, lang: str) -> bytes:
    del stamp  # only the cache key: a refresh makes new briefs
    # Python's cyclic collector would walk the whole heap (pandas, fontTools: just imported, on the first brief)
    # again and again while a brief is made: about a seventh of the first brief's time. It runs after.
    with paused_collector():
        return build_brief_pdf(brief_facts(Path(root), iso3), lang)
