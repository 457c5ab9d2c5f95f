"""Left-to-right runs that PDFium copies in order out of a right-to-left line: the order their glyphs are drawn in.

PDFium (Chrome, Edge, pypdfium2) reads a line's characters in the order they are drawn, then puts them into
reading order with a simplified bidi (core/fxcrt/fx_bidi.cpp, CPDF_TextPage::CloseTempLine): the line is
cut into runs of strong right-to-left letters, strong left-to-right letters, "weak" characters (digits and
their separators: + - . , / and the no-break spaces of a phone number) and neutral ones (brackets, spaces);
in a line with at least as many right-to-left runs as left-to-right ones the runs are taken from the last
drawn to the first, and a right-to-left or neutral run is reversed with its brackets mirrored. A
left-to-right run made of several such runs (`(01) 2345-6789`, `4.5 mg`), drawn as it is seen, then
copies out with its pieces swapped: `2345-6789(01)`, `mg 4.5`.

Here such a run's glyphs are drawn in the order that this reading turns back into the run's own: each glyph
at its own place, in one TJ (one text object, whose characters PDFium takes in the order drawn), so the
page does not change by a pixel. poppler (pdftotext) orders glyphs by their place and reads the run as
before; pdf.js reads the pieces in the order drawn, and got such a run wrong before as well (`7890-23456
)11(`): the layout reorders only runs that hold a number, as pdf.js reads runs of Latin words right as
drawn (textflow.SetParagraph). `stream_order`
simulates PDFium's reading, builds the order, and checks it by reading the line again: where the run
already reads right, or no order of its glyphs would, the run is drawn as it is seen.
"""
from __future__ import annotations

import functools
import unicodedata

_WEAK = frozenset({"EN", "AN", "NSM", "CS", "ES", "ET", "BN"})


@functools.lru_cache(maxsize=4096)
def _kind(char: str) -> str:
    """PDFium's class of `char`: L(eft), R(ight), W(eak: kept in place like L) or N(eutral)."""
    bidi = unicodedata.bidirectional(char)
    if bidi == "L":
        return "L"
    if bidi in ("R", "AL"):
        return "R"
    return "W" if bidi in _WEAK else "N"


def _mirror(char: str) -> str:
    from bidi.mirror import MIRRORED

    return MIRRORED.get(char, char)


def _runs(text: str) -> list[tuple[int, int, str]]:
    runs: list[tuple[int, int, str]] = []
    for i, char in enumerate(text):
        kind = _kind(char)
        if runs and runs[-1][2] == kind:
            runs[-1] = (runs[-1][0], i + 1, kind)
        else:
            runs.append((i, i + 1, kind))
    return runs


def _direction(text: str) -> str:
    runs = _runs(text)
    right = sum(kind == "R" for _, _, kind in runs)
    left = sum(kind == "L" for _, _, kind in runs)
    return "R" if right > left else "L"  # as many of each: read left to right (measured: pypdfium2 5.15)


def pdfium_reading(text: str, direction: str | None = None) -> tuple[list[tuple[int, str]], dict[int, str]]:
    """How PDFium reads the characters `text` drawn in this order: (index drawn, character read) in reading
    order, and the state ('L' or 'R') its reading was in before the run each index belongs to."""
    direction = direction or _direction(text)
    runs = _runs(text)
    if direction == "R":
        runs.reverse()
    state, out, before = direction, [], {}
    for start, end, kind in runs:
        for i in range(start, end):
            before[i] = state
        if kind == "R" or (kind == "N" and state == "R"):
            state = "R"
            out += [(i, _mirror(text[i])) for i in range(end - 1, start - 1, -1)]
        else:
            if kind == "L":
                state = "L"
            out += [(i, text[i]) for i in range(start, end)]
    return out, before


def stream_order(line: str, start: int, end: int, beside: str = "") -> tuple[int, ...] | None:
    """The order (indices into line[start:end]) to draw the glyphs of the left-to-right run line[start:end]
    of a right-to-left line (`line`: its characters as drawn, left to right) in, so that PDFium reads the
    run as it is written; None where it already does, or where no order would. `beside`: what is drawn
    further left on the same baseline, which PDFium reads as part of the line (a footer's page number)."""
    run = line[start:end]
    if len(run) < 2 or len(set(_kind(c) for c in run)) < 2:
        return None
    shift = len(beside) + 1 if beside else 0
    whole = f"{beside} {line}" if beside else line
    direction = _direction(whole)
    reading, before = pdfium_reading(whole, direction)
    inside = range(shift + start, shift + end)
    if "".join(c for i, c in reading if i in inside) == run:
        return None
    # the run's own pieces, each as it has to be drawn for the reading to give it back
    state = before[shift + end - 1] if direction == "R" else before[shift + start]
    parts: list[list[tuple[str, int]]] = []  # (character to be read, the glyph that would be its own)
    for a, b, kind in _runs(run):
        if kind == "R" or (kind == "N" and state == "R"):
            state = "R"
            parts.append([(_mirror(run[i]), i) for i in range(b - 1, a - 1, -1)])
        else:
            if kind == "L":
                state = "L"
            parts.append([(run[i], i) for i in range(a, b)])
    wanted = [item for part in (reversed(parts) if direction == "R" else parts) for item in part]
    # each glyph where it stands for the character wanted; a mirrored bracket takes its partner's glyph
    order: list[int | None] = [i if run[i] == char else None for char, i in wanted]
    spare = sorted(set(range(len(run))) - set(order))
    for k, (char, _) in enumerate(wanted):
        if order[k] is None:
            glyph = next((i for i in spare if run[i] == char), None)
            if glyph is None:  # unbalanced brackets: no order of these glyphs reads right
                return None
            spare.remove(glyph)
            order[k] = glyph
    drawn = whole[:shift + start] + "".join(run[i] for i in order) + whole[shift + end:]
    after, _ = pdfium_reading(drawn, direction)
    origin = list(range(shift + start)) + [shift + start + i for i in order] + \
        list(range(shift + end, len(whole)))
    read = [(origin[i], c) for i, c in after]
    if "".join(c for i, c in read if i in inside) != run or \
            [(i, c) for i, c in read if i not in inside] != [(i, c) for i, c in reading if i not in inside]:
        return None
    return tuple(order)


class Reordered(str):
    """Text drawn with its glyphs in `order` (see stream_order), each at its own place (glyphtext's text
    object writes it as one TJ)."""

    order: tuple[int, ...] = ()

    def __new__(cls, text: str, order: tuple[int, ...]):
        self = super().__new__(cls, text)
        self.order = order
        return self
