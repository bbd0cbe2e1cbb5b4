"""The brief's short cuts give the very bytes of fpdf2's plain path: fonts parsed once per process and copied
(views/brief_fonts.py), the common cut of the fonts that a publish subsets from, the simple glyphs kept once
compiled, the map's land converted once
per process and its State once per State, their PDF operators worked out once per placement (views/brief_map.py),
one-line texts drawn without fpdf2's line
breaking and the other plain texts (the treaty table's cells too) broken into lines in one pass
(views/brief_text.py).

The plain path is what the brief did before them: `add_font` per document, fpdf2's own `multi_cell` for every
text (in its `table()` too), `image()` for the map. Each case draws the same facts both ways and compares the bytes."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from pypdf import PdfReader

import views.brief_pdf as brief_pdf
from monitor.analysis import brief
from views import brief_fonts, brief_map, geo
from views.brief_data import brief_facts

DATA = Path(__file__).resolve().parents[1] / "data"
ODD = ("Ёлка — مرحبا  Ω\u00a0Ω  Supercalifragilisticexpialidocious" * 3 + " trailing ",
       "    indented line\nwith a break\u00a0and\u00adsoft hyphen\tand a tab", "ÅŁŽ ẞ ₹ № ∞ ⅓")


def plain_fonts(pdf) -> None:
    for style, path in brief_fonts.FILES.items():
        pdf.add_font(brief_fonts.FONT, style, path)


def plain_text(pdf, width: float, height: float, value: str) -> None:
    pdf.multi_cell(width, height, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def plain_map(pdf, iso3: str, x: float, y: float, width: float) -> float:
    height = width * geo.frame().height / geo.WIDTH
    with pdf.rect_clip(x=x, y=y, w=width, h=height):
        for svg in brief_map.map_svgs(iso3, brief_map.small_state(iso3)):
            pdf.image(io.BytesIO(svg), x=x, y=y, w=width)
    return height


def plain(facts: brief.BriefFacts, lang: str, monkeypatch: pytest.MonkeyPatch) -> bytes:
    with monkeypatch.context() as patched:
        patched.setattr(brief_pdf, "add_fonts", plain_fonts)
        patched.setattr(brief_pdf, "before_output", lambda pdf: None)
        patched.setattr(brief_pdf, "paragraph", plain_text)
        patched.setattr(brief_pdf, "draw_map", plain_map)
        patched.setattr(brief_pdf.Brief, "multi_cell", FPDF.multi_cell)
        return brief_pdf.build_brief_pdf(facts, lang)


@pytest.fixture(params=[False, True], ids=["whole-fonts", "common-cut"])
def common(request, monkeypatch) -> bool:
    """Both ways a brief's fonts are subset: from the whole font (the dashboard), from the cut (a publish)."""
    if request.param:
        brief_fonts.warm(common=True)
    monkeypatch.setattr(brief_fonts, "_common_ready", request.param)
    return request.param


# Mexico as the dashboard draws it; as a publish draws them, Côte d’Ivoire (’ in its name) and Andorra (too small
# for a shape: a marker and a ring).
@pytest.mark.parametrize(("iso3", "common"), [("MEX", False), ("CIV", True), ("AND", True)],
                         indirect=["common"], ids=["MEX-whole-fonts", "CIV-common-cut", "AND-common-cut"])
def test_each_language_gives_the_plain_bytes(iso3, common, monkeypatch):
    facts = brief_facts(DATA, iso3)
    for lang in ("en", "fr", "es"):
        assert brief_pdf.build_brief_pdf(facts, lang) == plain(facts, lang, monkeypatch), (iso3, lang)


def test_odd_text_gives_the_plain_bytes(common, monkeypatch):
    """Other scripts (off the common cut), no-break and soft hyphens, tabs, breaks, a word wider than a line,
    leading and trailing spaces: what the short cuts must leave to fpdf2, or draw exactly as it would."""
    facts = brief_facts(DATA, "MEX")
    odd = replace(facts, name=ODD[0], title=ODD[1],
                  sources=tuple(brief.Source(text, text[:40], text) for text in ODD))
    for lang in ("en", "fr"):
        assert brief_pdf.build_brief_pdf(odd, lang) == plain(odd, lang, monkeypatch), lang


def test_fonts_given_again_to_a_brief_with_the_same_glyphs_give_the_plain_bytes(common, monkeypatch):
    """The first brief with a new set of glyphs has its subset fonts made and kept; the next with the same glyphs
    is given them again (views/brief_fonts.Subsets), and both are the plain path's bytes."""
    # Letters no other brief here uses (a set of glyphs not seen yet), others for each way of subsetting.
    odd = "Ŋ Ŧ" if common else "Ŧ Ŋ Ŀ"
    facts = brief_facts(DATA, "MEX")
    facts = replace(facts, title=f"{facts.title} {odd}", sources=(brief.Source(odd, odd, odd), *facts.sources))
    kept = len(brief_fonts.SUBSETS.fonts)
    first = brief_pdf.build_brief_pdf(facts, "es")
    made = len(brief_fonts.SUBSETS.fonts)
    assert made > kept
    again = brief_pdf.build_brief_pdf(facts, "es")
    assert len(brief_fonts.SUBSETS.fonts) == made  # given again: nothing new made
    assert first == again == plain(facts, "es", monkeypatch)


def test_a_new_set_of_glyphs_made_from_kept_glyphs_gives_the_plain_bytes(common, monkeypatch):
    """A brief with a set of glyphs not seen yet has its subset fonts made from the simple glyphs kept from earlier
    briefs (views/brief_fonts.KeptGlyphs: decompiled and compiled once per process), and still the plain bytes."""
    facts = brief_facts(DATA, "MEX")

    def with_text(text: str) -> brief.BriefFacts:  # a source named in letters no other brief here uses
        return replace(facts, sources=(brief.Source(text, text, text), *facts.sources))

    brief_pdf.build_brief_pdf(with_text("Ŵŷ"), "fr")  # its glyphs are kept
    kept = dict(brief_fonts.GLYPHS.glyphs)
    assert kept and all(glyph.compiled for glyph in kept.values())
    given = []
    share = brief_fonts.KeptGlyphs.share

    def counted(self, glyf):
        share(self, glyf)
        given.extend(glyph for glyph in glyf.glyphs.values() if any(glyph is k for k in kept.values()))

    monkeypatch.setattr(brief_fonts.KeptGlyphs, "share", counted)
    odd = with_text("Ŵŷ Ŝ" if common else "Ŵŷ Ŝŝ")  # a set of glyphs not seen yet
    made = brief_pdf.build_brief_pdf(odd, "fr")
    assert len(given) > 50  # most of its glyphs were given, not compiled again
    assert made == plain(odd, "fr", monkeypatch)


def test_a_font_copy_leaves_the_parsed_font_as_it_was():
    """Two briefs in a row in one process: the second still finds every glyph (a shared font would have been
    subset in place by the first's output)."""
    facts = brief_facts(DATA, "MEX")
    first = brief_pdf.build_brief_pdf(replace(facts, name="Ωmega"), "en")
    second = brief_pdf.build_brief_pdf(replace(facts, name="Ψ Ёлка"), "en")
    assert first != second and b"%PDF" in second[:8]
    font, _ = brief_fonts._parsed()[""]
    assert len(font.ttfont.getGlyphOrder()) > 5000  # still the whole font


def test_a_table_over_a_page_break_gives_the_plain_bytes(monkeypatch):
    """A treaty table that runs onto the next page (its rows kept whole, its header row repeated), every cell
    broken into lines in one pass, as fpdf2's own table draws it."""
    facts = brief_facts(DATA, "GBR")
    long = replace(facts, treaties=facts.treaties * 4)
    assert brief_pdf.build_brief_pdf(long, "fr") == plain(long, "fr", monkeypatch)
    assert len(PdfReader(io.BytesIO(brief_pdf.build_brief_pdf(long, "fr"))).pages) >= 3  # the table on two pages



def test_the_map_given_again_after_other_graphics_states_gives_the_plain_bytes(monkeypatch):
    """The map's operators are given again only where the document names their graphics states as before: after a
    document that named other states first, they are worked out anew, and each document has the plain bytes."""
    from datetime import UTC, datetime

    from fpdf.drawing import GraphicsContext

    _, land = brief_map._drawing(brief_map.land_svg())
    worked_out = []  # each time fpdf2 turns the land into operators
    render = GraphicsContext.render

    def counted(self, *args, **kwargs):
        if self is land.drawing:
            worked_out.append(1)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(GraphicsContext, "render", counted)

    def document(draw, opacity: bool) -> bytes:
        pdf = FPDF()
        pdf.set_creation_date(datetime(2018, 1, 15, tzinfo=UTC))
        pdf.add_page()
        if opacity:  # a graphics state of its own, named before the map's
            with pdf.local_context(fill_opacity=0.5):
                pdf.rect(10, 10, 20, 20, style="F")
        draw(pdf, "MEX", 20, 40, 60)
        return bytes(pdf.output())

    drawn = []
    for opacity in (False, True, True, False):
        before = len(worked_out)
        assert document(brief_map.draw_map, opacity) == document(plain_map, opacity), opacity
        drawn.append(len(worked_out) - before)
    # The names changed from the first document to the second and back to the fourth: worked out anew; the third
    # names them as the second did: given again.
    assert drawn[1:] == [1, 0, 1], drawn
