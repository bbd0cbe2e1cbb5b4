"""The brief's one-pass line breaking (views/brief_text.py) gives fpdf2's own lines and bytes.

Many texts (long words, double and no-break spaces, a word wider than its cell, other scripts), in cells of
many widths, with and without padding, drawn by `PlainLines.multi_cell` and by fpdf2's `FPDF.multi_cell`: the
PDFs must be the same bytes, page breaks included. The whole brief, table included, is compared in
tests/test_brief_shortcuts.py."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from fpdf import FPDF
from fpdf.enums import MethodReturnValue

from views import brief_fonts
from views.brief_text import PlainLines, break_lines, plain_font

WORDS = ("Convention", "internationale", "sur", "la", "protection", "des", "droits", "de", "tous", "les",
         "travailleurs", "migrants", "et", "membres", "leur", "famille", "Côte\u00a0d’Ivoire", "Ёлка", "№",
         "1\u00a0234", "(ICRMW)", "—", "Supercalifragilisticexpialidocious", "a", "", "Ω", "https://treaties.un.org/Pages/View")


def texts(count: int) -> list[str]:
    chance = random.Random(77)
    return [" ".join(chance.choice(WORDS) for _ in range(chance.randint(1, 40))) for _ in range(count)]


def draw(kind: type[FPDF], calls: list[tuple], measure_first: bool = False) -> bytes:
    """The calls drawn one after the other; with `measure_first`, each is first measured with writing turned off,
    as fpdf2's table() measures its cells before drawing them (what it returned is printed too)."""
    pdf = kind(format="A4", unit="mm")
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))
    brief_fonts.add_fonts(pdf)
    pdf.add_page()
    for width, height, text, style, options in calls:
        pdf.set_font(brief_fonts.FONT, style, 7 + len(text) % 5)
        if measure_first:
            with pdf._disable_writing():
                measured = pdf.multi_cell(width, height, text, align="L", **options)
            pdf.cell(5, 3, repr(measured))
        result = pdf.multi_cell(width, height, text, align="L", **options)
        pdf.cell(5, 3, repr(result))  # what multi_cell returned, and where it left the position
        pdf.set_x(18 + len(text) % 7)
    return bytes(pdf.output())


@pytest.mark.parametrize("options", [
    {"new_x": "LMARGIN", "new_y": "NEXT"},
    {"new_x": "RIGHT", "new_y": "TOP", "max_line_height": 3.9, "padding": (0.8, 1.2), "markdown": False,
     "output": MethodReturnValue.PAGE_BREAK | MethodReturnValue.HEIGHT, "wrapmode": "WORD"},
    {"new_x": "LEFT", "new_y": "NEXT", "padding": (1, 0, 2, 1.5)},
], ids=["paragraph", "table-cell", "padded"])
def test_the_same_bytes_as_fpdf2(options):
    calls = [(width, 3 + index % 3, text, "B" if index % 4 == 0 else "", options)
             for index, (width, text) in enumerate(zip([12, 26, 44, 60, 104, 174, 0] * 40, texts(280), strict=False))]
    assert draw(PlainLines, calls) == draw(FPDF, calls)


@pytest.mark.parametrize("options", [
    {"new_x": "RIGHT", "new_y": "TOP", "max_line_height": 3.9, "padding": (0.8, 1.2), "markdown": False,
     "output": MethodReturnValue.PAGE_BREAK | MethodReturnValue.HEIGHT, "wrapmode": "WORD"},
    {"new_x": "LMARGIN", "new_y": "NEXT", "output": "HEIGHT"},
], ids=["table-cell", "paragraph"])
def test_measured_before_drawn_the_same_bytes_as_fpdf2(options, monkeypatch):
    """Texts measured with writing off (as fpdf2's table measures its cells), then drawn: the same heights, the
    same glyph numbers (picked in the same order while measuring) and bytes, page breaks included; and the lines
    of the texts broken here are not drawn while measuring (those left to fpdf2, such as a word wider than its
    cell, still are, by fpdf2)."""
    calls = [(width, 3 + index % 3, text, "B" if index % 4 == 0 else "", options)
             for index, (width, text) in enumerate(zip([12, 26, 44, 104, 0] * 30, texts(150), strict=False))]
    expected = draw(FPDF, calls, measure_first=True)
    seen = {"drawn while measuring": 0, "measured": 0}
    render, measure = PlainLines._render_styled_text_line, PlainLines._measure_line

    def drawn(self, *args, **kwargs):
        seen["drawn while measuring"] += self._measuring()
        return render(self, *args, **kwargs)

    def measured(self, *args, **kwargs):
        seen["measured"] += 1
        return measure(self, *args, **kwargs)

    monkeypatch.setattr(PlainLines, "_render_styled_text_line", drawn)
    monkeypatch.setattr(PlainLines, "_measure_line", measured)
    assert draw(PlainLines, calls, measure_first=True) == expected
    assert seen["measured"] > 4 * seen["drawn while measuring"], seen  # most lines only measured


def positions_while_measuring(kind: type[FPDF], new_x: str, new_y: str, padding: tuple) -> list[tuple]:
    """Where each text leaves the position when measured, several in one block with writing off (fpdf2 restores
    the position only when the block ends)."""
    pdf = kind(format="A4", unit="mm")
    brief_fonts.add_fonts(pdf)
    pdf.add_page()
    pdf.set_font(brief_fonts.FONT, "", 8)
    seen = []
    with pdf._disable_writing():
        for width, text in zip([26, 44, 104] * 4, texts(12), strict=False):
            pdf.multi_cell(width, 4, text, align="L", new_x=new_x, new_y=new_y, padding=padding)
            seen.append((round(pdf.x, 6), round(pdf.y, 6)))
    return seen


@pytest.mark.parametrize("padding", [0, (1, 0, 2, 1.5)], ids=["no-padding", "padded"])
@pytest.mark.parametrize(("new_x", "new_y"), [("LEFT", "NEXT"), ("RIGHT", "TOP"), ("START", "NEXT"),
                                              ("LMARGIN", "NEXT"), ("RMARGIN", "TMARGIN"), ("LEFT", "BMARGIN")])
def test_measuring_leaves_the_position_where_drawing_does(new_x, new_y, padding):
    assert positions_while_measuring(PlainLines, new_x, new_y, padding) == \
        positions_while_measuring(FPDF, new_x, new_y, padding)


def test_plain_texts_take_the_short_cut():
    """Most texts are broken here (the test above would pass trivially if all went to fpdf2)."""
    pdf = PlainLines(format="A4", unit="mm")
    brief_fonts.add_fonts(pdf)
    pdf.add_page()
    pdf.set_font(brief_fonts.FONT, "", 8)
    font = plain_font(pdf)
    assert font is not None
    broken = [break_lines(pdf, font, text, 40) for text in texts(100)]
    assert sum(lines is not None for lines in broken) > 80
    assert break_lines(pdf, font, "Supercalifragilisticexpialidocious", 1) is None  # a letter is wider: fpdf2 raises
