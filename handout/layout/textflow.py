"""Paragraphs that ReportLab cannot set by itself: right-to-left text and Chinese line breaking.

`SetParagraph` breaks a paragraph's runs into lines in *logical* order (words for spaced scripts; between
characters for Chinese, never starting a line with closing punctuation or ending one with opening
punctuation), then, line by line, joins Arabic letters into their contextual forms (arabic-reshaper) and
puts right-to-left text into visual order with the Unicode bidi algorithm (python-bidi), so numbers,
doses, phone numbers and Latin words inside Arabic or Hebrew read correctly. Bold runs survive both steps.
Lines are right-aligned for right-to-left text, left-aligned otherwise.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from handout.layout.glyphtext import JOINERS, drawn_joiners
from handout.layout.layoutcache import Memo
from handout.source.markup import Run

# A roster sets each paragraph again for every site: its line breaks and drawn lines are remembered
# (only a paragraph that holds a clinic value differs from site to site, and so has its own key).
_BREAKS = Memo(3000)
_DRAWN = Memo(12000)

# Characters that may not start a line (closing punctuation) or end one (opening punctuation), after
# the Chinese and Japanese line-breaking rules (GB/T 15834, JIS X 4051) and Unicode UAX #14 classes CL/OP.
CANNOT_START = set("，。：；？！、）」』》〉】〕〗〙｝］”’…‥·・ー～%％,.:;?!)]}»›") | {"\u3000"}
CANNOT_END = set("（「『《〈【〔〖〘｛［“‘([{«‹")
# An email or web address: a word with '@' or '/', from 'www.', or a host with a query ('?' then '='). Each
# branch that could start anywhere in a word starts only at its beginning ((?<!\S)), and the query's '?' is the
# first one (atomic): the same matches as the plain expression r"\S*[@/]\S*|(?:www\.)\S+|\S+\.[A-Za-z]+\?\S*=\S*"
# (tests/layout/test_long_words.py compares them), but in time linear in a word's length, where the plain one
# took time growing with its square (a 25 KB word without spaces, as Chinese is written, took 22 s to lay out).
ATOM = re.compile(r"(?<!\S)\S*[@/]\S*|(?:www\.)\S+|(?<!\S)(?=(?>\S*?\S\.[A-Za-z]+\?)\S*=)\S+")
# An email address, a web address or a DOI: it may break only after '@', '.' or '/', or after the '?',
# '&', '=' of a query string and the ')' of a DOI such as 10.1016/S2665-9913(23)00278-3 (so that a long
# query or DOI is not cut between two letters); never at a hyphen, which a reader would take for its own.
ATOM_BREAK = re.compile(r"(?<=[@./?&=)])")
# Joiners and bidi controls: read by reshaping and the bidi algorithm, never drawn.
INVISIBLE = frozenset({"\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u2066", "\u2067", "\u2068",
                       "\u2069", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"})

# LRI, RLI, FSI (read as left to right, the direction of the addresses and numbers it holds) and PDI.
_ISOLATES_AS_EMBEDDINGS = str.maketrans("\u2066\u2067\u2068\u2069", "\u202a\u202b\u202a\u202c")
_OPENERS = frozenset("\u202a\u202b\u202d\u202e")  # LRE, RLE, LRO, RLO: each closed by a PDF (U+202C)


@dataclass(frozen=True)
class Layout:
    """How a language's paragraphs are set."""

    rtl: bool = False
    reshape: str | None = None  # "arabic"
    line_break: str | None = None  # "cjk", or "dictionary" (ICU's word dictionaries: Thai, Lao, Khmer, Myanmar)
    shaping: bool = False  # HarfBuzz shapes each piece (stacked marks, reordered vowels, conjuncts)


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


@functools.lru_cache(maxsize=1)
def _reshaper():
    import arabic_reshaper

    reshaper = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": True})
    reshaper.configuration = _Settings(reshaper.configuration)
    return reshaper


class _Settings:
    """arabic-reshaper's settings, read once: it asks configparser for six of them on every call, which
    was a third of setting an Arabic handout for the first time."""

    def __init__(self, section):
        self.key = section.parser.optionxform  # configparser's spelling of a key (lower case)
        self.values = {key: section.get(key) for key in section}
        self.booleans = {}
        for key in section:
            try:
                self.booleans[key] = section.getboolean(key)
            except ValueError:  # not a yes/no setting (the language)
                pass

    def get(self, key, fallback=None):
        return self.values.get(self.key(key), fallback)

    def getboolean(self, key, fallback=None):
        return self.booleans.get(self.key(key), fallback)


@functools.lru_cache(maxsize=4096)
def reshape(text: str) -> str:
    """Arabic letters in their joined (presentation) forms, as they will be drawn."""
    return _reshaper().reshape(text)


def _break_before(chars: list[str], i: int, cjk: bool) -> bool:
    """May a line break come before chars[i]?"""
    prev, cur = chars[i - 1], chars[i]
    if cur == " ":
        return False
    if prev == " ":
        return cur not in CANNOT_START
    if not cjk:
        return False
    if cur in CANNOT_START or prev in CANNOT_END:
        return False
    return _is_wide(prev) or _is_wide(cur)


class SetParagraph(Flowable):
    """A paragraph of bold and regular runs, broken and ordered by `Layout`, drawn line by line."""

    def __init__(self, runs: list[Run], style, layout: Layout, faces: tuple[str, str], base: str | None = "R",
                 family=None):
        super().__init__()
        self.style = style
        self.layout = layout
        self.base = base  # paragraph direction for the bidi algorithm: "R", "L", or None to detect
        # what is drawn further left on the same baseline (a footer's page number, in its drawn order):
        # PDFium reads it as part of this paragraph's line (readorder.py)
        self.beside = ""
        self.faces = faces  # regular, bold
        self.chars: list[str] = []
        self.bold: list[bool] = []
        for run in runs:
            text = "".join(" " if c in "\n\t" else c for c in run.text)
            self.chars.extend(text)
            self.bold.extend([run.bold] * len(text))
        # Runs of another script (fonts.Family.fallbacks): the font of each character, 0 for the paragraph's
        # own, k for the k-th fallback (layout/fallback.py). Pieces carry a code: bold + 2 * font.
        self.fallbacks = family.fallbacks if family is not None else ()
        self.font = [0] * len(self.chars)
        if self.fallbacks:
            from handout.layout.fallback import pieces

            index = {id(entry): k + 1 for k, entry in enumerate(self.fallbacks)}
            self.font = [index[id(entry)] if entry is not None else 0
                         for text, entry in pieces("".join(self.chars), family) for _ in text]
        self.lines: list[tuple[int, int]] = []
        self._key = None
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        self._width = 0

    # -- measuring -------------------------------------------------------------------------------
    def _segments(self, start: int, end: int) -> list[tuple[str, int]]:
        """(text, code) pieces of chars[start:end] in logical order, reshaped where the script needs it;
        code is bold + 2 * font (see _face)."""
        pieces: list[tuple[str, int]] = []
        bold, font = self.bold, self.font
        i = start
        while i < end:
            j = i
            while j < end and bold[j] == bold[i] and font[j] == font[i]:
                j += 1
            text = "".join(self.chars[i:j])
            if self.layout.reshape == "arabic" or font[i] and self.fallbacks[font[i] - 1][3]:
                text = reshape(text)
            pieces.append((text, bold[i] + 2 * font[i]))
            i = j
        return pieces

    def _face(self, code: int) -> str:
        """The face of a piece's code: the paragraph's own regular or bold, or a fallback family's."""
        font, bold = divmod(int(code), 2)
        if not font:
            return self.faces[bold]
        family = self.fallbacks[font - 1][0]
        return family.bold if bold else family.regular

    def _measure(self, code: int):
        """stringWidth, or the shaped width for a piece that HarfBuzz shapes."""
        font = int(code) // 2
        shaped = self.fallbacks[font - 1][2] if font else self.layout.shaping
        return shaped_width if shaped else stringWidth

    def _width_of(self, start: int, end: int) -> float:
        size = self.style.fontSize
        return sum(self._measure(code)(_visible(text, self._face(code)), self._face(code), size)
                   for text, code in self._segments(start, end))

    def key(self) -> tuple:
        """What the paragraph's lines depend on, apart from the width: text, bold runs, fonts, size, layout."""
        if self._key is None:
            self._key = ("".join(self.chars), bytes(self.bold), self.faces, self.style.fontSize, self.layout,
                         tuple(self.font), tuple((e[0].regular, e[0].bold) for e in self.fallbacks),
                         self.base)
        return self._key

    def _break(self, width: float) -> tuple[tuple[int, int], ...]:
        """Greedy line breaking in logical order; returns (start, end) index pairs, spaces trimmed."""
        return _BREAKS.get((self.key(), width), lambda: tuple(self._break_afresh(width)))

    def _break_afresh(self, width: float) -> list[tuple[int, int]]:
        chars, n = self.chars, len(self.chars)
        cjk = self.layout.line_break == "cjk"
        if self.layout.line_break == "dictionary":
            stops = [0] + [i for i in dictionary_breaks("".join(chars)) if 0 < i < n and chars[i] != " "] + [n]
        else:
            stops = [0] + [i for i in range(1, n) if _break_before(chars, i, cjk)] + [n]
        measure = self._measurer(stops)
        forced = self._forced()
        lines: list[tuple[int, int]] = []
        start = 0
        k = 1
        while start < n:
            while start < n and chars[start] == " ":
                start += 1
            if start >= n:
                break
            end = None
            while k < len(stops) and stops[k] <= start:
                k += 1
            j = k
            limit = next((f for f in forced if f > start), n)  # a line never runs past a forced break
            while j < len(stops):
                candidate = stops[j]
                if candidate > limit:
                    break
                trimmed = candidate
                while trimmed > start and chars[trimmed - 1] == " ":
                    trimmed -= 1
                if measure(start, trimmed) > width + 0.01:
                    break
                end = candidate
                j += 1
            if end is None:  # a single word wider than the line: split it between characters,
                end = start + 1  # after '@', '.' or '/' where it can (an email or web address)
                while end < limit and chars[end] != " " and self._width_of(start, end + 1) <= width:
                    end += 1
                # right to left, a line of an address that ends in '/' reads back (pdfium) with the
                # slash in front: there, break after '@' or '.' where one fits
                marks = ("@.?&=)", "/") if self.layout.rtl else ("@./?&=)",)
                for allowed in marks:
                    soft = [i for i in range(start + 1, end) if chars[i - 1] in allowed and chars[i] != " "]
                    if end < n and chars[end] != " " and soft:
                        end = soft[-1]
                        break
                end = _cluster_start(chars, start, end)
            trimmed = end
            while trimmed > start and chars[trimmed - 1] == " ":
                trimmed -= 1
            lines.append((start, trimmed))
            start = end
            k = j
        return lines

    def _forced(self) -> list[int]:
        """Where right-to-left text must start a new line: before and after an email or web address,
        which then stands on lines of its own, left to right. Inside a right-to-left line its dots, slashes
        and hyphens would let a reader's bidi algorithm (copy and paste, pdfium) shuffle its pieces."""
        if not self.layout.rtl:
            return []
        text = "".join(self.chars)
        out = []
        for match in ATOM.finditer(text):
            start, end = match.span()
            out += [start] if start > 0 else []
            out += [end + 1] if end < len(text) else []
        return out

    def _measurer(self, stops: list[int]):
        """width(start, end) for line breaking, by subtraction: the text is measured once, piece by piece
        (pieces end at break opportunities, at the edges of spaces and where bold starts or stops), instead
        of once for every candidate line. Arabic letters join only within a word, so a piece is reshaped
        as the whole line would reshape it. Other spans (inside an over-long word) are measured directly."""
        chars, bold = self.chars, self.bold
        edges = set(stops)
        edges.update(i for i in range(1, len(chars)) if bold[i] != bold[i - 1] or (chars[i] == " ") != (chars[i - 1] == " "))
        running, total, previous = {}, 0.0, None
        for edge in sorted(edges):
            if previous is not None:
                total += self._width_of(previous, edge)
            running[edge] = total
            previous = edge

        def measure(start: int, end: int) -> float:
            if start in running and end in running:
                return running[end] - running[start]
            return self._width_of(start, end)

        return measure

    # -- platypus protocol ------------------------------------------------------------------------
    def wrap(self, avail_width, avail_height):
        self._width = avail_width
        self.lines = self._break(avail_width)
        self.height = len(self.lines) * self.style.leading
        return avail_width, self.height

    def minWidth(self):
        return self.style.fontSize * 4

    def split(self, avail_width, avail_height):
        if self._width != avail_width or not self.lines:
            self.wrap(avail_width, avail_height)
        n = len(self.lines)
        fit = int((avail_height + 0.01) // self.style.leading)
        if fit >= n:  # asked to split although it fits (its space before did not): no split, rather than
            return []  # [self], which a table splitting inside its rows cannot take (IndexError)
        if n < 4 or fit < 2:  # keep short paragraphs whole; never leave one line behind
            return []
        fit = min(fit, n - 2)  # never carry a single line over
        first, rest = self._part(0, fit), self._part(fit, n)
        first.spaceAfter = 0
        rest.spaceBefore = 0
        return [first, rest]

    def _part(self, a: int, b: int) -> "SetParagraph":
        start, end = self.lines[a][0], self.lines[b - 1][1]
        part = SetParagraph([], self.style, self.layout, self.faces, self.base)
        opened = list(self._open_embeddings(start))  # still open where this part starts: carried over
        part.chars, part.bold = opened + self.chars[start:end], [False] * len(opened) + self.bold[start:end]
        part.fallbacks, part.font = self.fallbacks, [0] * len(opened) + self.font[start:end]
        if self.base is None:  # the whole paragraph's direction, not the part's
            part.base = first_strong("".join(self.chars)) or "R"
        part.keepWithNext = 0
        return part

    def visual_line(self, start: int, end: int, levels: list[int] | None = None) -> list[tuple[str, int]]:
        """The line's (text, code) pieces in drawing order (left to right); code: see _segments. `levels`,
        when given, gets the bidi embedding level of each character drawn (right-to-left lines)."""
        pieces = self._segments(start, end)
        if not self.layout.rtl:  # a right-to-left run of another script is put in its own order
            return [(_visible(_right_to_left(t) if c // 2 and self.fallbacks[c // 2 - 1][3] else t, self._face(c)), c)
                    for t, c in pieces]
        from bidi import algorithm as uba

        # python-bidi knows embeddings but not isolates (it stops on an assertion): the build removes
        # them from what people type (source/invisible.py); any left are read as the embeddings they resemble
        text = "".join(t for t, _ in pieces).translate(_ISOLATES_AS_EMBEDDINGS)
        # An embedding opened on an earlier line (an address or a clinic value that wraps) still holds on
        # this one: without it, a wrapped web address's last '/' went to the far end of its next line.
        opened = self._open_embeddings(start)
        text = opened + text
        pieces = [(opened, False), *pieces]
        flags = [b for t, b in pieces for _ in t]
        # The joiners U+200C and U+200D are not drawn, and the bidi algorithm drops them (rule X9): each
        # rides on the character before it and is put back beside it in drawing order, where glyphtext
        # gives it to a glyph's text, so copied Persian keeps its half-spaces (می‌دانیم).
        joiners = [""] * len(text)
        for i, char in enumerate(text):
            if char in JOINERS and i:
                joiners[i - 1] += char
        storage = uba.get_empty_storage()
        # the paragraph's direction, not the line's: a reference's last line "2025." has no letter, and
        # read right to left it printed ".2025"
        base = self.base or first_strong("".join(self.chars)) or "R"
        storage["base_level"] = 1 if base == "R" else 0
        storage["base_dir"] = base
        uba.get_embedding_levels(text, storage)
        for char, bold, joiner in zip(storage["chars"], flags, joiners):
            char["bold"], char["joiner"] = bold, joiner
        for step in (uba.explicit_embed_and_overrides, uba.resolve_weak_types, uba.resolve_neutral_types,
                     uba.resolve_implicit_levels, uba.reorder_resolved_levels, uba.apply_mirroring):
            step(storage, False)
        out: list[tuple[str, bool]] = []
        for char in storage["chars"]:
            if char["ch"] in INVISIBLE:
                continue
            drawn = char["ch"]
            joiner = "".join(j for j in char["joiner"] if j in drawn_joiners(self._face(char["bold"])))
            if joiner:  # after the character in its own direction: on its left when right to left
                drawn = joiner + drawn if char["level"] % 2 else drawn + joiner
            if levels is not None:
                levels += [char["level"]] * len(drawn)
            if out and out[-1][1] == char["bold"]:
                out[-1] = (out[-1][0] + drawn, char["bold"])
            else:
                out.append((drawn, char["bold"]))
        return out

    def _open_embeddings(self, start: int) -> str:
        """The embeddings and overrides opened before chars[start] and not yet closed, outermost first."""
        stack: list[str] = []
        for char in self.chars[:start]:
            char = char.translate(_ISOLATES_AS_EMBEDDINGS)
            if char in _OPENERS:
                stack.append(char)
            elif char == "\u202c" and stack:
                stack.pop()
        return "".join(stack)

    def logical_lines(self) -> list[str]:
        """The text of each line in logical order, as a reader or screen reader should get it."""
        return ["".join(self.chars[s:e]) for s, e in self.lines]

    def draw(self):
        canvas, style = self.canv, self.style
        size = style.fontSize
        y = self.height - size
        canvas.setFillColor(style.textColor)
        key = self.key()
        for start, end in self.lines:
            for face, x, text, shaping in _DRAWN.get((key, self._width, start, end, self.beside),
                                                     lambda: self._placed(start, end)):
                canvas.setFont(face, size)
                canvas.drawString(x, y, shaped(text, face, size) if shaping else text)
            y -= style.leading

    def _placed(self, start: int, end: int) -> tuple[tuple[str, float, str, bool], ...]:
        """(font, x, text, shaped) of each piece of the line chars[start:end], left to right."""
        size = self.style.fontSize
        levels: list[int] = []
        pieces = self.visual_line(start, end, levels)
        if not self.layout.rtl and end < len(self.chars) and self.chars[end] == " " and pieces:
            # keep the space the line broke at, after its last glyph, so that tools joining the
            # tagged text do not run two words together (see tagging.SpacedParagraph)
            pieces[-1] = (pieces[-1][0] + " ", pieces[-1][1])
        widths = [self._measure(c)(t, self._face(c), size) for t, c in pieces]
        x = self._width - sum(widths) if self.layout.rtl else 0
        placed = []
        for (text, code), w in zip(pieces, widths):
            placed.append((self._face(code), x, text, self._measure(code) is shaped_width))
            x += w
        if self.layout.rtl and levels and (self.base or first_strong("".join(self.chars)) or "R") == "R":
            return tuple(self._in_reading_order(placed, levels))
        return tuple(placed)

    def _in_reading_order(self, placed: list[tuple[str, float, str, bool]], levels: list[int]):
        """`placed` with each left-to-right run of a right-to-left line (a phone number, a dose) drawn in
        the order PDFium reads back as written (readorder.py); the page does not change."""
        from handout.layout.readorder import Reordered, stream_order

        line = "".join(text for _, _, text, _ in placed)
        if len(levels) != len(line):
            return placed
        out, at = [], 0
        for face, x, text, shaping in placed:
            begin, at = at, at + len(text)
            if shaping:
                out.append((face, x, text, shaping))
                continue
            cuts, i = [], begin
            while i < at:  # the piece's runs of left-to-right characters inside the right-to-left line
                j = i
                while j < at and levels[j] % 2 == 0 and levels[j] > 0:
                    j += 1
                # numbers only: pdf.js reads a run of Latin words right as it is drawn, and not in another order
                if j > i and any(c.isdigit() for c in line[i:j]):
                    order = stream_order(line, i, j, self.beside)
                    if order is not None:
                        cuts.append((i - begin, j - begin, order))
                i = max(j, i + 1)
            if not cuts:
                out.append((face, x, text, shaping))
                continue
            # one text object (one TJ) for the whole piece: each reader then takes the line as one
            whole, last = [], 0
            for a, b, order in cuts:
                whole += list(range(last, a)) + [a + i for i in order]
                last = b
            out.append((face, x, Reordered(text, tuple(whole + list(range(last, len(text))))), shaping))
        return out


@functools.lru_cache(maxsize=8192)
def shaped(text: str, face: str, size: float) -> str:
    """`text` as HarfBuzz shapes it in `face`: ReportLab's shaped string (glyphs and their offsets), which
    its canvas draws glyph by glyph. (canvas.drawString(shaping=True) would shape only with ReportLab's
    optional rlbidi installed: without it, it draws the characters unshaped.)"""
    from reportlab.pdfbase.ttfonts import shapeStr

    return shapeStr(text, face, size)


@functools.lru_cache(maxsize=8192)
def shaped_width(text: str, face: str, size: float) -> float:
    """The width of `text` as HarfBuzz shapes it in `face`, as `shaped` draws it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth as plain_width
    from reportlab.pdfbase.ttfonts import ShapedStr

    glyphs = shaped(text, face, size)
    if isinstance(glyphs, ShapedStr):
        return sum(g.x_advance for g in glyphs.__shapeData__) * size / 1000
    return plain_width(glyphs, face, size)


@functools.lru_cache(maxsize=2048)
def dictionary_breaks(text: str) -> tuple[int, ...]:
    """Where a line may break in `text`, by the Unicode line-breaking rules with ICU's word dictionaries
    for scripts written without spaces between words (Thai, Lao, Khmer, Myanmar): the offsets that start
    a new piece. ICU (icu4py) is imported only for a handout that needs it."""
    from icu4py.breakers import LineBreaker

    return tuple(start for start, _ in LineBreaker(text, "und").segments())


def _cluster_start(chars: list[str], start: int, end: int) -> int:
    """`end` moved back to the start of its letter's cluster, so that a word cut between characters never
    leaves a vowel sign, mark or subjoined letter without its base (Thai, Khmer, Indic scripts): before a
    combining mark or a joiner, or after a virama or Khmer coeng, is no place to cut. Never before start + 1."""
    while end - 1 > start and end < len(chars) and (
            unicodedata.category(chars[end])[0] == "M" or chars[end] in "\u200c\u200d"
            or unicodedata.combining(chars[end - 1]) == 9 or chars[end - 1] == "\u17d2"):
        end -= 1
    return end


def _right_to_left(text: str) -> str:
    """A right-to-left run (already joined) in visual order, inside a left-to-right line."""
    from bidi.algorithm import get_display

    return get_display(text, base_dir="R")


def first_strong(text: str) -> str | None:
    """"L" or "R" for the first strongly directional character of `text` (Unicode bidi rule P2)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "L"
        if kind in ("R", "AL"):
            return "R"
    return None


def isolate(value: str) -> str:
    """Embed an inserted value (a clinic name, phone number, address) in its own direction, so that
    inside right-to-left text its digits, brackets and punctuation stay with it."""
    direction = first_strong(value) or "L"
    return ("\u202a" if direction == "L" else "\u202b") + value + "\u202c"


def _visible(text: str, face: str) -> str:
    """`text` as drawn in the font `face`: without bidi controls, and without the joiners unless the font
    has them as empty zero-width glyphs (then they stay, for glyphtext to keep in the copied text)."""
    keep = drawn_joiners(face)
    return "".join(c for c in text if c not in INVISIBLE or c in keep)
