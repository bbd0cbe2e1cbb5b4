"""The brief's two fonts, read once per process and handed to each brief as a fresh copy.

fpdf2's `add_font` parses the whole TrueType file (tables, widths of every character) for each document:
about a quarter of a brief's cost, and a publish draws 591 briefs. A parsed font cannot simply be shared
between documents: `FPDF.output()` subsets the font's fontTools object in place, and records the characters
each document uses in the font's subset map. So each brief gets a shallow copy of a font parsed once, with
its own subset map and its own fontTools object, opened from the file's bytes kept in memory. The widths,
character map and descriptor are shared; fpdf2 only reads them.

Subsetting then costs most: fontTools reads the tables of all 6,000 glyphs to keep the hundred a brief uses.
A publish (`warm(common=True)`, before its workers fork) also cuts each font once down to the characters
briefs usually hold (Latin, punctuation, currency signs); a brief whose characters are all in that cut is
subset from it, in a quarter of the time, with the same result. A brief with any other character (a name in
another script, say) is subset from the whole font.

Then many briefs use the very same glyphs (the same language, names with the same letters): 591 briefs of a
publish use 290 sets of glyphs per font. fpdf2's subsetting and saving gives the same bytes for the same glyphs
of the same font, so each process keeps the font fpdf2 made for each set (`Subsets`), and a later brief with the
same glyphs is given it again: this was a third of a publish's cost. fpdf2 has no hook for it: its output module
gets a Subsetter that does this for the fonts opened here (`MemoFont`), and subsets every other font as before.

A new set of glyphs still costs its subset font, and most of that was compiling its glyphs again: fontTools
decompiles each glyph's outline and compiles it anew (its bounds recalculated) at every save. A simple glyph (an
outline, no components) compiles to the same bytes in every font, so each process keeps each one it met once
decompiled and compiled (`KeptGlyph`), and a subset font being saved is given those (`MemoFont.save`); glyphs
made of components are compiled in each font, as their components' numbers differ.

The bytes of each PDF are those `add_font` gives (tests/test_brief_shortcuts.py compares them, on the common cut and
off it, a font made anew and one given again); if fpdf2's font object ever changes shape, `add_fonts` falls back to
`add_font`, and if its output module stops subsetting through `fontTools.subset`, every brief's fonts are made anew.
"""

from __future__ import annotations

import copy
import io
import threading
from functools import cache
from pathlib import Path

import fpdf.output
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

FONT_DIR = Path(__file__).resolve().parents[1] / "static" / "fonts"
FONT = "DejaVu"
FILES = {"": FONT_DIR / "DejaVuSans.ttf", "B": FONT_DIR / "DejaVuSans-Bold.ttf"}
FRESH = ("i", "ttfont", "subset", "missing_glyphs", "biggest_size_pt", "_hbfont")  # what a document changes
COMMON = (range(0x20, 0x250), range(0x2000, 0x2070), range(0x20A0, 0x20D0))  # Latin, punctuation, currency
# The tables fpdf2's output() drops when it subsets (fpdf/output.py): the cut drops them too.
DROPPED = ("FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta", "sbix", "CBDT", "CBLC", "EBDT", "EBLC", "EBSC",
           "SVG ", "CPAL", "COLR")
_common_ready = False  # whether warm(common=True) has cut the fonts in this process


def key(style: str) -> str:
    """fpdf2's name for a font of the family in this style."""
    return f"{FONT.lower()}{style}"


@cache
def _parsed() -> dict[str, tuple[TTFFont, bytes]]:
    """Each style's font as fpdf2 parses it, with the file's bytes (once per process)."""
    pdf = FPDF()
    fonts = {}
    for style, path in FILES.items():
        pdf.add_font(FONT, style, path)
        fonts[style] = (pdf.fonts[key(style)], path.read_bytes())
    return fonts


@cache
def _common(style: str) -> tuple[bytes, frozenset[str]]:
    """The font of `style` cut down to the COMMON characters (glyph names, hinting and every table fpdf2
    keeps left as they are), and the names of the glyphs it holds."""
    font = TTFont(io.BytesIO(_parsed()[style][1]), recalcTimestamp=False)
    options = subset.Options(notdef_outline=True, recommended_glyphs=True, glyph_names=True, name_IDs=["*"],
                             name_languages=["*"], name_legacy=True, prune_unicode_ranges=False)
    options.drop_tables += list(DROPPED)
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=[code for block in COMMON for code in block])
    cutter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), frozenset(font.getGlyphOrder())


def warm(common: bool = False) -> None:
    """Parse the fonts now (a publish does, before its worker processes fork and inherit them); with
    `common`, cut them to the common characters as well (a third of a second, repaid after a few briefs)."""
    global _common_ready
    _parsed()
    if common:
        for style in FILES:
            _common(style)
        _common_ready = True


class MemoFont(TTFont):
    """A fontTools font over the bytes of one of the brief's fonts (`source` names which: a style, whole or cut),
    as fpdf2 opens a font file. When a document's output subsets it to glyphs whose font an earlier document
    already made (`Subsets`), it gives that font's bytes and glyph numbers instead of making them again."""

    def __init__(self, data: bytes, source: str) -> None:
        super().__init__(io.BytesIO(data), recalcTimestamp=False, lazy=True)
        self.source = source
        self.made: tuple[bytes, dict[str, int]] | None = None  # the subset font given again, when there is one
        self.to_keep: tuple | None = None  # the key to keep the subset font under, once saved

    def getGlyphID(self, glyphName: str) -> int:  # noqa: N802, N803 - fontTools' names
        return self.made[1][glyphName] if self.made else super().getGlyphID(glyphName)

    def save(self, file, reorderTables: bool = True) -> None:  # noqa: N803 - fontTools' name
        if self.made:
            file.write(self.made[0])
            return
        if self.to_keep is None:
            super().save(file, reorderTables)
            return
        if self.recalcBBoxes and self.isLoaded("glyf"):
            GLYPHS.share(self["glyf"])
        out = io.BytesIO()
        super().save(out, reorderTables)
        SUBSETS.keep(self.to_keep, (out.getvalue(), {name: i for i, name in enumerate(self.getGlyphOrder())}))
        file.write(out.getvalue())


class Subsets:
    """The subset fonts made in this process, by (font, glyphs, fpdf2's options): up to `limit` of them (a
    subset font of a brief is about 30 KB)."""

    def __init__(self, limit: int = 600) -> None:
        self.limit, self.fonts, self.lock = limit, {}, threading.Lock()

    def get(self, key: tuple) -> tuple[bytes, dict[str, int]] | None:
        return self.fonts.get(key)

    def keep(self, key: tuple, made: tuple[bytes, dict[str, int]]) -> None:
        with self.lock:
            if len(self.fonts) < self.limit:
                self.fonts[key] = made


SUBSETS = Subsets()


class KeptGlyph(Glyph):
    """A simple glyph shared by the subset fonts of a process: decompiled once, compiled once (fontTools compiles
    a simple glyph from its own outline alone, its bounds recalculated: the same bytes in every font)."""

    compiled: bytes | None = None

    def compile(self, glyfTable, recalcBBoxes=True, *, boundsDone=None, optimizeSize=True) -> bytes:  # noqa: N803 - fontTools' names
        if not recalcBBoxes or not optimizeSize:  # another way of compiling: as fontTools does, each time
            return super().compile(glyfTable, recalcBBoxes, boundsDone=boundsDone, optimizeSize=optimizeSize)
        if self.compiled is None:
            self.compiled = super().compile(glyfTable, True, boundsDone=boundsDone, optimizeSize=True)
        return self.compiled


class KeptGlyphs:
    """The simple glyphs met in this process, by their bytes in the font (up to `limit`: the two fonts hold about
    6,000 glyphs each)."""

    def __init__(self, limit: int = 20000) -> None:
        self.limit, self.glyphs, self.lock = limit, {}, threading.Lock()

    def share(self, glyf) -> None:
        """Give the glyf table of a font about to be saved the kept glyph for each of its simple glyphs still in
        their bytes (a glyph of components, or one already decompiled, is left as it is)."""
        for name, glyph in glyf.glyphs.items():
            data = getattr(glyph, "data", b"")
            if len(data) >= 2 and data[0] < 0x80:  # numberOfContours, a signed 16-bit number, is not negative
                glyf.glyphs[name] = self.kept(data, glyf)

    def kept(self, data: bytes, glyf) -> KeptGlyph:
        key = (bytes(data), glyf.extended)
        glyph = self.glyphs.get(key)
        if glyph is None:
            glyph = KeptGlyph(data)
            glyph.expand(glyf)
            glyph.compile(glyf)  # its bounds and bytes set before any other font (or thread) is given it
            with self.lock:
                if len(self.glyphs) < self.limit:
                    self.glyphs[key] = glyph
        return glyph


GLYPHS = KeptGlyphs()


class _Subsetter(subset.Subsetter):
    """fontTools' Subsetter, as fpdf2's output uses it, that gives a MemoFont the subset font made before for the
    same glyphs, or has it kept once made (asked by glyph names, as fpdf2 asks; by anything else, made anew)."""

    asked: frozenset[str] | None = None

    def populate(self, glyphs=(), gids=(), unicodes=(), text="") -> None:
        self.asked = None if gids or unicodes or text else frozenset(glyphs)
        super().populate(glyphs=glyphs, gids=gids, unicodes=unicodes, text=text)

    def subset(self, font) -> None:
        if not isinstance(font, MemoFont) or self.asked is None:
            super().subset(font)
            return
        key = (font.source, self.asked, repr(sorted(vars(self.options).items())))
        font.made = SUBSETS.get(key)
        if font.made is None:
            super().subset(font)
            font.to_keep = key


class _SubsetModule:
    """fontTools.subset as fpdf2's output module sees it, with `_Subsetter` for its Subsetter."""

    Subsetter = _Subsetter

    def __getattr__(self, name: str):
        return getattr(subset, name)


if getattr(fpdf.output, "ftsubset", None) is subset:
    fpdf.output.ftsubset = _SubsetModule()


def opened(data: bytes, source: str) -> TTFont:
    """A fontTools font over these bytes (the font `source`), as fpdf2 opens a font file."""
    return MemoFont(data, source)


def fresh_copy(font: TTFFont, data: bytes, index: int, style: str) -> TTFFont:
    """A copy of a parsed font that one document can use, and subset, on its own."""
    mine = copy.copy(font)
    mine.i = index
    mine.ttfont = opened(data, style)
    mine.subset = SubsetMap(mine)
    mine.missing_glyphs = []
    mine.biggest_size_pt = 0
    mine._hbfont = None
    return mine


def add_fonts(pdf: FPDF) -> None:
    """Make DejaVu Sans (regular and bold) available to `pdf`, as `pdf.add_font` would, at a fraction of
    its cost."""
    for style, (font, data) in _parsed().items():
        usable = isinstance(getattr(pdf, "fonts", None), dict) and all(hasattr(font, name) for name in FRESH)
        if usable and key(style) not in pdf.fonts and font.color_font is None:
            pdf.fonts[key(style)] = fresh_copy(font, data, len(pdf.fonts) + 1, style)
        else:
            pdf.add_font(FONT, style, FILES[style])


def before_output(pdf: FPDF) -> None:
    """Just before `pdf.output()`: have each font subset from its common cut when the document's characters
    are all in it (after `warm(common=True)`; otherwise nothing changes)."""
    if not _common_ready:
        return
    for style in FILES:
        font = pdf.fonts.get(key(style))
        data, names = _common(style)
        if isinstance(font, TTFFont) and font.ttffile == FILES[style] and \
                set(font.subset.get_all_glyph_names()) <= names:
            font.ttfont = opened(data, f"{style} common")
