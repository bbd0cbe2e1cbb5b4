"""The brief's texts: fpdf2's `multi_cell`, with its line breaking done in one pass for plain text.

fpdf2 breaks lines one character at a time and measures the whole line so far again at each character, so a
line costs time in the square of its length, and its `table()` lays every cell out twice. The brief's texts
are plain: one font, left-aligned, no markdown, no soft hyphens or line breaks of their own. For those,
`PlainLines.multi_cell` finds the very same lines with one running sum of the font's character widths (the
same integers fpdf2 adds, in the same order, compared with the same tolerance), then draws each line as
fpdf2's `multi_cell` does. Anything else (another alignment, markdown, a text shaper, fallback fonts, a border
or fill, a page-number alias, a word wider than the cell...) goes to fpdf2 itself.

A text that fits on one line is drawn with `cell` after one measure of its width (`paragraph`). And where fpdf2
only measures (its `table()` first lays every cell out with writing turned off, to learn the rows' heights), the
lines are not drawn at all: only what drawing them would leave behind is done (the glyphs picked, in order, for
they number the font's subset; the page break; the position). The short cuts give the bytes of fpdf2's plain
path: tests/test_brief_shortcuts.py and tests/test_brief_text.py compare them.
"""

from __future__ import annotations

import types

from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, WrapMode, XPos, YPos
from fpdf.fonts import TTFFont
from fpdf.line_break import BREAKING_SPACE_SYMBOLS_STR, Fragment, TextLine
from fpdf.util import FloatTolerance, Padding

SLACK = 0.01  # mm: a text this close to the width goes through multi_cell, which decides exactly
BREAKS = ("\n", "\r", "\f", "\t", "\u00ad")  # what multi_cell may treat specially, even in a short text
NBSP = "\u00a0"  # multi_cell prints a no-break space as a space (PDF viewers ignore it for word spacing)
PLAIN_OUTPUT = MethodReturnValue.PAGE_BREAK | MethodReturnValue.HEIGHT  # what the brief and fpdf2's table ask
DRAWING = ("new_x", "new_y", "max_line_height", "padding", "link", "output")  # multi_cell options drawn here
AS_PLAIN = {"markdown": False, "dry_run": False, "split_only": False, "center": False, "ln": "DEPRECATED"}
ALLOWED = {*DRAWING, *AS_PLAIN, "wrapmode", "print_sh"}  # print_sh: no soft hyphen is in a plain text
# Where a line leaves the position without its drawn width (all but END, WCONT and CENTER), and how far down.
MEASURED_X = (XPos.LEFT, XPos.RIGHT, XPos.START, XPos.LMARGIN, XPos.RMARGIN)


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


def plain_font(pdf: FPDF) -> TTFFont | None:
    """The current font when fpdf2 would measure a text with its plain width table, else None."""
    font = pdf.current_font
    if not isinstance(font, TTFFont) or font.is_symbol or font.color_font is not None or pdf.text_shaping \
            or pdf._fallback_font_ids or pdf.char_spacing or pdf.font_stretching != 100:
        return None
    return font


def break_lines(pdf: FPDF, font: TTFFont, text: str, room: float) -> list[str] | None:
    """The lines fpdf2's word wrapping makes of `text` (no line breaks or soft hyphens in it) in `room` mm,
    or None when one character alone is wider than that (fpdf2 then raises; let it).

    Like fpdf2: a line ends before the character that would overflow it; a breaking space there is dropped;
    otherwise the line is cut at its last breaking space (dropped), or, with none, at that character. A
    no-break space counts with its own width before it is added and as a space after (it is printed as one).
    """
    widths, size, k = font.cw, pdf.font_size_pt, pdf.k
    space = widths[ord(" ")]
    lines, start, total, last_space, index = [], 0, 0, -1, 0
    while index < len(text):
        char = text[index]
        own = widths[ord(char)]
        if FloatTolerance.greater_than(total * size * 0.001 / k + own * size * 0.001 / k, room):
            if char in BREAKING_SPACE_SYMBOLS_STR:
                lines.append(text[start:index])
                index += 1
            elif last_space >= 0:
                lines.append(text[start:last_space])
                index = last_space + 1
            elif index > start:
                lines.append(text[start:index])
            else:
                return None
            start, total, last_space = index, 0, -1
            continue
        if char in BREAKING_SPACE_SYMBOLS_STR:
            last_space = index
        total += space if char == NBSP else own
        index += 1
    if total * size * 0.001 / k:  # fpdf2 drops a last line of no width
        lines.append(text[start:])
    return [line.replace(NBSP, " ") for line in lines]


class PlainLines(FPDF):
    """An FPDF whose `multi_cell` breaks plain left-aligned text into lines in one pass (same lines, same bytes)."""

    def multi_cell(self, w, h=None, text="", border=0, align=Align.J, fill=False, *more, **options):  # noqa: ANN001, ANN201, PLR0913 - fpdf2's own signature
        plain = not more and not border and not fill and Align.coerce(align) == Align.L and set(options) <= ALLOWED \
            and all(options.get(name, value) == value for name, value in AS_PLAIN.items()) \
            and WrapMode.coerce(options.get("wrapmode", WrapMode.WORD)) == WrapMode.WORD \
            and not MethodReturnValue.coerce(options.get("output", "PAGE_BREAK")) & ~PLAIN_OUTPUT
        font = plain_font(self) if plain and self.page and text and isinstance(text, str) else None
        lines = self._plain_lines(font, w, text, Padding.new(options.get("padding", 0))) if font else None
        if lines is None:
            return super().multi_cell(w, h, text, border, align, fill, *more, **options)
        return self._draw_lines(lines, w, h, **{name: options[name] for name in DRAWING if name in options})

    def _plain_lines(self, font: TTFFont, w: float, text: str, padding: Padding) -> list[str] | None:
        text = self.normalize_text(text)
        if any(mark in text for mark in BREAKS) or (self.str_alias_nb_pages and self.str_alias_nb_pages in text):
            return None
        room = (self.w - self.r_margin - self.x if w == 0 else w) - padding.right - padding.left
        for side in (padding.left, padding.right):
            if not side:
                room -= float(self.c_margin)  # one side after the other, as fpdf2 subtracts them
        lines = break_lines(self, font, text, room)
        return lines if lines and all(lines) else None  # an empty line: fpdf2 draws it its own way

    def _draw_lines(self, lines: list[str], w: float, h: float | None, new_x=XPos.RIGHT, new_y=YPos.NEXT,  # noqa: ANN001, PLR0913
                    max_line_height: float | None = None, padding=0, link=None, output="PAGE_BREAK") -> object:
        """Draw the lines as fpdf2's multi_cell draws them (no border, no fill), and return what it returns."""
        padding, new_x, new_y = Padding.new(padding), XPos.coerce(new_x), YPos.coerce(new_y)
        h = self.font_size if h is None else h
        w = (self.w - self.r_margin - self.x if w == 0 else w) - padding.right - padding.left
        prev_y = self.y
        self.x += padding.left
        self.y += padding.top
        line_height = h if max_line_height is None or len(lines) == 1 else min(h, max_line_height)
        state, broke, total = self._get_current_graphics_state(), False, 0.0
        measuring = self._measuring() and new_x in MEASURED_X
        indent = 0.0 if padding.left else float(self.c_margin)  # where fpdf2 starts a line's text in its cell
        for number, line in enumerate(lines):
            if self._perform_page_break_if_need_be(h + padding.bottom):
                broke = True
                self.y += padding.top
            last = number == len(lines) - 1
            line_x, line_y = (new_x, new_y) if last else (XPos.LEFT, YPos.NEXT)
            if measuring:
                self._measure_line(line, w, line_height, line_x, line_y, indent)
            else:
                fragment = Fragment(line, state, self.k)
                self._render_styled_text_line(
                    TextLine([fragment], text_width=fragment.get_width(), number_of_spaces=line.count(" "),
                             align=Align.L, height=self.font_size, max_width=w),
                    h=line_height, new_x=line_x, new_y=line_y, border=0, fill=False, link=link,
                    padding=Padding(0, padding.right, 0, padding.left))
            total += line_height  # added line by line, as fpdf2 does (the same float)
        if total < h:
            if new_y == YPos.NEXT:
                self.y += h - total
            total = h
        if broke and new_y == YPos.TOP:
            prev_y = self.y
        if new_y == YPos.TOP:
            self.y = prev_y
        elif new_y == YPos.NEXT:
            self.y += padding.bottom
        if new_x == XPos.RIGHT:
            self.x += padding.right
        elif new_x == XPos.LEFT:
            self.x -= padding.left
        output = MethodReturnValue.coerce(output)
        values = ((broke,) if output & MethodReturnValue.PAGE_BREAK else ()) + \
            ((total + padding.top + padding.bottom,) if output & MethodReturnValue.HEIGHT else ())
        return values[0] if len(values) == 1 else values

    def _measuring(self) -> bool:
        """Whether fpdf2 only measures now: its `_disable_writing` (a table's first pass) swaps the document's
        `_out` method for a function that drops what it is given."""
        return not isinstance(self._out, types.MethodType) and not self._record_text_quad_points

    def _measure_line(self, line: str, w: float, h: float, new_x: XPos, new_y: YPos, indent: float) -> None:  # noqa: PLR0913
        """What `_render_styled_text_line` leaves behind for a plain line when nothing is written: the glyphs
        picked in the order of the text (the font's subset numbers them in the order they are first picked), the
        page break before the line, the height of the last line and the position after it (`indent`: where the
        text starts in the cell, for XPos.START)."""
        pick = self.current_font.subset.pick
        for char in line:
            pick(ord(char))
        self._perform_page_break_if_need_be(h)
        self._lasth = h or self.font_size
        if new_x == XPos.RIGHT:
            self.x += w
        elif new_x == XPos.START:
            self.x += indent
        elif new_x == XPos.LMARGIN:
            self.x = self.l_margin
        elif new_x == XPos.RMARGIN:
            self.x = self.w - self.r_margin
        if new_y == YPos.NEXT:
            self.y += h
        elif new_y == YPos.TMARGIN:
            self.y = self.t_margin
        elif new_y == YPos.BMARGIN:
            self.y = self.h - self.b_margin
