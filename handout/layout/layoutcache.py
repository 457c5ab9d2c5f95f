"""Lay out once, print for every clinic: line breaks of paragraphs remembered across the handouts a process builds.

A batch sets the same paragraphs again and again: every site of a roster has the same text in each language,
edition and paper, except the paragraphs that hold a clinic value. Breaking a paragraph into lines is the
largest single cost of a render (ReportLab's `breakLines`: a fifth of it), so the result is kept, keyed by
everything it depends on: the paragraph's markup (which holds any clinic value, so a paragraph with a
different clinic name is a different key and is broken afresh), its style object (font, size, leading,
language), the widths it is broken to, and the widths it was broken to before (ReportLab rewrites a
paragraph's fragments the first time it breaks it, so a second break starts from a different state). Page
breaks are not cached: each handout is paginated afresh from the paragraphs' heights, so a long clinic name
that pushes a paragraph to the next page still does so.

A hit hands the paragraph its own copies of what ReportLab may change later (the line list, the fragment
words a split takes apart), so no handout can alter another's. Bounded: the least recently used entries go
first, so a worker's memory does not grow with the roster.
"""
from __future__ import annotations

import copy
from collections import OrderedDict

CAPACITY = 3000  # paragraph breaks: some ten handouts' worth, a few tens of MB at most
_BROKEN: OrderedDict = OrderedDict()
stats = {"hits": 0, "misses": 0}


class Memo:
    """A bounded memo of a pure function's results (the least recently used go first): the line breaks and
    drawn lines of textflow's right-to-left and Chinese paragraphs, the subset font files of fonts.py. What
    is remembered is never changed by its users."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.known: OrderedDict = OrderedDict()
        _MEMOS.append(self)

    def get(self, key, compute):
        known = self.known.get(key)
        if known is not None:
            self.known.move_to_end(key)
            return known
        value = self.known[key] = compute()
        if len(self.known) > self.capacity:
            self.known.popitem(last=False)
        return value


_MEMOS: list[Memo] = []


def clear() -> None:
    """Forget every remembered break (the benchmark measures a render both ways)."""
    _BROKEN.clear()
    for memo in _MEMOS:
        memo.known.clear()
    stats.update(hits=0, misses=0)


def break_lines(paragraph, width, original):
    """`original(width)` (ReportLab's breakLines on `paragraph`), remembered when the paragraph carries a
    `_memo` key (set by context.paragraph for paragraphs made from markup and a style)."""
    memo = paragraph.__dict__.get("_memo")
    if memo is None:
        return original(width)
    widths = tuple(width) if isinstance(width, (list, tuple)) else (width,)
    key = (*memo, widths)
    paragraph._memo = (*memo, widths)  # the next break of this paragraph starts from this state
    known = _BROKEN.get(key)
    if known is not None:
        _BROKEN.move_to_end(key)
        stats["hits"] += 1
        result, frags, state = known
        if frags is not None:
            paragraph.frags = _copy_frags(frags)
        paragraph.__dict__.update(state)
        return _copy_lines(result)
    stats["misses"] += 1
    before = paragraph.frags
    result = original(width)
    state = {name: paragraph.__dict__[name] for name in ("_width_max", "_splitLongWordCount", "_hyphenations")
             if name in paragraph.__dict__}
    # one run of text (kind 0): ReportLab leaves the fragments as they were, nothing to hand back
    frags = None if result.kind == 0 and paragraph.frags is before else _copy_frags(paragraph.frags)
    _BROKEN[key] = (_copy_lines(result), frags, state)
    while len(_BROKEN) > CAPACITY:
        _BROKEN.popitem(last=False)
    return result


def _copy_frags(frags: list) -> list:
    # a processed fragment word (a list, sometimes of a subclass a split changes in place) gets its own
    # copy; plain fragments are cloned as ReportLab's own split does
    return [f[:] if type(f) is list else copy.copy(f) for f in frags]


def _copy_lines(para):
    lines = para.lines
    if para.kind == 1:
        lines = [copy.copy(line) for line in lines]
        for line in lines:
            line.words = list(line.words)
    else:
        lines = [(extra, list(words)) for extra, words in lines]
    return para.clone(lines=lines)
