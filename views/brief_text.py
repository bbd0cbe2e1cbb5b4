"""A paragraph of the brief: fpdf2's `multi_cell`, with a short cut for the text that fits on one line.

fpdf2 breaks lines one character at a time and measures the line so far again at each character, so a line
costs time in the square of its length; most of the brief's texts (labels, values, headings, sources) fit on
one line. Such a text is drawn with `cell` instead, after one measure of its width: the same PDF operators
as `multi_cell` writes for one line (tests/test_brief_shortcuts.py compares the bytes), without the line breaking.
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos

SLACK = 0.01  # mm: a text this close to the width goes through multi_cell, which decides exactly
BREAKS = ("\n", "\r", "\f", "\t", "\u00ad")  # what multi_cell may treat specially, even in a short text
NBSP = "\u00a0"  # multi_cell prints a no-break space as a space (PDF viewers ignore it for word spacing)


def fits_one_line(pdf: FPDF, width: float, value: str) -> bool:
    """Whether multi_cell would draw `value` as one line in a cell `width` mm wide (in the current font)."""
    if not value or any(mark in value for mark in BREAKS) or value.endswith(" "):
        return False
    return pdf.get_string_width(value) <= width - 2 * pdf.c_margin - SLACK


def paragraph(pdf: FPDF, width: float, height: float, value: str) -> None:
    """Left-aligned text in a cell `width` mm wide, lines `height` mm apart; then on to the next line, at the
    left margin (as `multi_cell(..., new_x=XPos.LMARGIN, new_y=YPos.NEXT)`)."""
    if fits_one_line(pdf, width, value):
        pdf.cell(width, height, value.replace(NBSP, " "), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        pdf.multi_cell(width, height, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
