"""Blocks: one small function per content block type (paragraph, lists, callout, table, diary).

Dispatched with `functools.singledispatch` on the model's block class; every function returns flowables.
Right-to-left languages get mirrored tables and lists (first column and markers on the right).
"""
from __future__ import annotations

import dataclasses
import functools
import re

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from handout.layout.context import Context, make_table, widest_piece
from handout.layout.styles import derived
from handout.layout.tagging import Element, group, structured
from handout.layout.textflow import CANNOT_END, CANNOT_START
from handout.source import model as m
from handout.source.markup import LINE_BREAK, Run


@functools.singledispatch
def render_block(block, ctx: Context) -> list[Flowable]:
    raise TypeError(f"no layout for {type(block).__name__}")  # pragma: no cover


@render_block.register
def _(block: m.Paragraph, ctx: Context) -> list[Flowable]:
    return [ctx.para(block.text, "body")]


class ListItem(Flowable):
    """One item of a list: its marker (bullet or number) in a column `indent` wide on the reading side (the
    right for right-to-left languages) and its text beside it, both from the top. It draws what a one-row
    table without padding would draw, without a table's machinery (a handout has fifty items, and tables
    were a tenth of a render). Like such a table it is not split: an item moves to the next page whole."""

    def __init__(self, marker: Flowable, body: Flowable, indent: float, rtl: bool):
        super().__init__()
        self.marker, self.body, self.indent, self.rtl = marker, body, indent, rtl
        self._wrapped = None

    def wrap(self, avail_width, avail_height):
        if self._wrapped != avail_width:
            canvas = getattr(self, "canv", None)
            self._marker_h = self.marker.wrapOn(canvas, self.indent, avail_height)[1]
            self._body_h = self.body.wrapOn(canvas, avail_width - self.indent, avail_height)[1]
            self._wrapped = avail_width
        self.width, self.height = avail_width, max(self._marker_h, self._body_h)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        return []

    def minWidth(self):
        return self.indent + self.body.minWidth()

    def identity(self, maxLen=None):
        return f"list item {self.body.identity(maxLen)}"

    def draw(self):
        # left to right, as a table draws its cells: the marker first, then the text (the text first in
        # right-to-left lists, whose marker is on the right); text extraction follows this order
        marker = (self.marker, self.width - self.indent if self.rtl else 0, self.height - self._marker_h)
        body = (self.body, 0 if self.rtl else self.indent, self.height - self._body_h)
        for flowable, x, y in ((body, marker) if self.rtl else (marker, body)):
            flowable.drawOn(self.canv, x, y)


def _indent(ctx: Context, numbered: bool, count: int, start: int = 1) -> float:
    """How far a list's items stand in from its markers: room for the widest number ("10.") and a gap."""
    s = ctx.styles
    indent = s.lists["indent"]
    if numbered:
        label = f"{ctx.loc.number(start + count - 1)}."
        indent = max(indent, stringWidth(label, s.family.bold, s.para["body"].fontSize) + s.lists["gap"])
    return indent


def _list(ctx: Context, items: list[Flowable], numbered: bool, start: int = 1) -> list[Flowable]:
    """A list as one ListItem per item: a page can break between items. Tagged as one L > LI > Lbl + LBody,
    carried by the first item."""
    s = ctx.styles
    indent = _indent(ctx, numbered, len(items), start)
    marker_style = derived(s.para["list_item"], "marker", fontName=s.family.bold if numbered else s.family.regular)
    rows, entries = [], []
    for number, item in enumerate(items, start=start):
        mark = f"{ctx.loc.number(number)}." if numbered else s.lists["bullet"]
        marker = ctx.para_runs([Run(mark)], marker_style, role="Lbl")
        entries.append(group("LI", marker, group("LBody", item)))
        # the item takes the width there is (a list inside a callout box has less)
        rows.append(ListItem(marker, item, indent, ctx.rtl))
    rows[-1].spaceAfter = s.para["body"].spaceAfter
    if len(rows) > 1:  # never a lone short item at the foot or the head of a page: the first two and
        # the last two stay together, when they are short enough to move to the next page as a pair
        # without leaving most of a page empty
        body = s.para["body"]
        short = 6 * body.leading

        def height(row) -> float:
            return row.wrap(ctx.width, 10_000)[1]

        if height(rows[0]) + height(rows[1]) <= short:
            rows[0].keepWithNext = 1
        if height(rows[-2]) + height(rows[-1]) <= short:
            rows[-2].keepWithNext = 1
    return [structured(rows[0], group("L", entries)), *rows[1:]]


@render_block.register
def _(block: m.Bullets, ctx: Context) -> list[Flowable]:
    width = ctx.width - _indent(ctx, False, len(block.items))  # the width an item's addresses break for
    return _list(ctx, [ctx.para(item, "list_item", width=width) for item in block.items], numbered=False)


@render_block.register
def _(block: m.Steps, ctx: Context) -> list[Flowable]:
    width = ctx.width - _indent(ctx, True, len(block.items))
    return _list(ctx, [ctx.para(item, "list_item", width=width) for item in block.items], numbered=True)


@render_block.register
def _(block: m.References, ctx: Context) -> list[Flowable]:
    # Smaller type, and two columns where two fit (references are printed as written, in Latin letters;
    # large print keeps one column of its minimum size).
    # (a right-to-left edition keeps one column: its reader would start at the right-hand column of Latin
    # text that reads from the left)
    columns = 1 if ctx.rtl else int(ctx.styles.references.get("columns", 1))
    gap = ctx.styles.references.get("gap_mm", 6) * mm
    full, column = ctx, ctx
    if columns > 1:
        column = dataclasses.replace(ctx, width=(ctx.width - gap * (columns - 1)) / columns)
    # a DOI that fits the page's width but not the item's was cut between two digits (large-print booklets)
    width = column.width - _indent(column, True, len(block.items))
    items = [column.para_runs(column.runs(item), "reference", own_direction=True, lang=column.lang_of(item),
                              width=width)
             for item in block.items]
    rows = _list(column, items, numbered=True)
    if columns == 1:
        return rows
    flowable = Columns(rows, columns, gap, full.rtl)
    flowable.struct = rows[0].struct
    return [flowable]


class Columns(Flowable):
    """Whole flowables (list items) set in `count` balanced columns, read column by column (the first
    column on the right in a right-to-left edition). Where they do not all fit on what is left of the
    page, the columns are filled to the foot of the page and the rest goes on, in columns, on the next:
    never a page of a few references alone when they can follow the text."""

    def __init__(self, items: list[Flowable], count: int, gap: float, rtl: bool):
        super().__init__()
        self.items, self.count, self.gap, self.rtl = items, count, gap, rtl
        self.spaceAfter = items[-1].getSpaceAfter() if items else 0

    def _heights(self, column_width: float) -> list[float]:
        canvas = getattr(self, "canv", None)
        return [item.wrapOn(canvas, column_width, 10_000)[1] + item.getSpaceAfter() for item in self.items]

    def _fill(self, heights: list[float], limit: float) -> list[list[int]]:
        """Items in order into columns no taller than `limit` (the last may hold what is left over)."""
        cols, used = [[]], 0.0
        for i, h in enumerate(heights):
            if cols[-1] and used + h > limit + 0.01 and len(cols) < self.count:
                cols.append([])
                used = 0.0
            cols[-1].append(i)
            used += h
        return cols

    def _layout(self, avail_width: float):
        column_width = (avail_width - self.gap * (self.count - 1)) / self.count
        heights = self._heights(column_width)
        low, high = max(heights, default=0), sum(heights)
        for _ in range(30):  # the lowest column height that holds every item (balanced columns)
            middle = (low + high) / 2
            if len(self._fill(heights, middle)) <= self.count and \
                    all(sum(heights[i] for i in col) <= middle + 0.01 for col in self._fill(heights, middle)):
                high = middle
            else:
                low = middle
        return column_width, heights, high

    def wrap(self, avail_width, avail_height):
        self._column_width, self._item_heights, height = self._layout(avail_width)
        self._cols = self._fill(self._item_heights, height)
        self.width = avail_width
        self.height = max((sum(self._item_heights[i] for i in col) for col in self._cols), default=0) - \
            self.spaceAfter
        return self.width, self.height

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        if self.height <= avail_height:
            return [self]
        heights = self._item_heights
        col, used, taken = 0, 0.0, 0
        for i, h in enumerate(heights):  # columns filled to the foot of the page, items in order
            if used + h - self.items[i].getSpaceAfter() > avail_height + 0.01:
                col, used = col + 1, 0.0
                if col == self.count or h - self.items[i].getSpaceAfter() > avail_height + 0.01:
                    break
            used += h
            taken = i + 1
        frame = getattr(self, "_frame", None)
        if frame is not None and 0 < taken < len(heights):
            # never a few lines alone on the next page: what goes on holds at least a third of a page
            # (fewer items here, as long as this page stays more than half full)
            third, half = frame._height / 3, frame._height / 2
            while taken > 1 and sum(heights[taken:]) / self.count < third and \
                    sum(heights[:taken - 1]) / self.count > avail_height - half:
                taken -= 1
        if taken == 0:
            return []
        first = Columns(self.items[:taken], self.count, self.gap, self.rtl)
        first.struct = getattr(self, "struct", None)
        rest = Columns(self.items[taken:], self.count, self.gap, self.rtl)
        return [first, rest]

    def draw(self):
        step = self._column_width + self.gap
        for n, col in enumerate(self._cols):
            x = self.width - self._column_width - n * step if self.rtl else n * step
            y = self.height
            for i in col:
                item = self.items[i]
                y -= item.height
                item.drawOn(self.canv, x, y)
                y -= item.getSpaceAfter()


def callout_box(ctx: Context, kind: str, content: list[Flowable], role: str = "Note") -> Flowable:
    """A boxed message with a heavy rule on the reading side, tagged as a Note. One row per paragraph,
    so a long callout can continue on the next page instead of leaving a gap."""
    s = ctx.styles
    pad, rule = s.callout["padding"], s.callout["rule_width"]
    box = make_table(ctx, [[item] for item in content], [ctx.width], [
        ("BACKGROUND", (0, 0), (-1, -1), s.colours[f"{kind}_fill"]),
        ("LINEAFTER" if ctx.rtl else "LINEBEFORE", (0, 0), (0, -1), rule, s.colours[kind]),
        ("BOX", (0, 0), (-1, -1), 0.75, s.colours[kind]),
        ("LEFTPADDING", (0, 0), (-1, -1), pad + (0 if ctx.rtl else rule)),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad + (rule if ctx.rtl else 0)),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), pad),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad - 2),
        *closed_at_split(0.75, s.colours[kind]),
    ], splitInRow=int(_taller_than_a_page(ctx, content)))
    box.spaceBefore, box.spaceAfter = 2, s.callout["space"]
    return Whole(structured(box, group(role, content)))


def closed_at_split(width: float, colour) -> list[tuple]:
    """Table style commands that close a box where a page ends inside it and open it again on the next
    page (ReportLab's BOX draws only the outer edges of the whole table)."""
    return [("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), width, colour),
            ("LINEABOVE", (0, "splitfirst"), (-1, "splitfirst"), width, colour)]


_MOSTLY_EMPTY = 0.75  # a page with less than a quarter of its body used is not left behind for a Whole


class Whole(Flowable):
    """A flowable (a callout, a side-effect card) kept on one page when it fits on one: where it does not
    fit below what a page already holds, it starts the next page instead of splitting. Unlike ReportLab's
    KeepTogether, a heading's keepWithNext can hold on to it. It stands for the same structure elements."""

    def __init__(self, content: Flowable):
        super().__init__()
        self.content = content
        if getattr(content, "struct", None) is not None:  # a layout table (a bilingual pair) has none
            self.struct = content.struct

    def wrap(self, avail_width, avail_height):
        self.width, self.height = self.content.wrapOn(getattr(self, "canv", None), avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        frame = getattr(self, "_frame", None)
        if frame is not None and not frame._atTop and self.height <= frame._height \
                and avail_height < _MOSTLY_EMPTY * frame._height:
            return []  # fits on a page of its own: go to the next one whole
        # Split here when the page above holds only a little (the heading kept with it, the last lines of a
        # paragraph): moving on would leave this page nearly empty, a heading alone at its top.
        parts = self.content.splitOn(getattr(self, "canv", None), avail_width, avail_height)
        return parts if len(parts) != 1 else []  # one part is no split (a table cell needs two)

    def getSpaceBefore(self):
        return self.content.getSpaceBefore()

    def getSpaceAfter(self):
        return self.content.getSpaceAfter()

    def drawOn(self, canvas, x, y, _sW=0):
        self.content.drawOn(canvas, x, y, _sW)


def _taller_than_a_page(ctx: Context, content: list[Flowable]) -> bool:
    """Whether a paragraph of a callout is taller than a page, so that it must go on inside the box on
    the next page (only then: ReportLab splitting inside rows of nested tables, as in the bilingual
    edition's pairs, can run on without end)."""
    inner = ctx.width - 2 * ctx.styles.callout["padding"] - ctx.styles.callout["rule_width"]
    return bool(ctx.frame_height) and any(f.wrap(inner, 10_000)[1] > ctx.frame_height * 0.8 for f in content)


@render_block.register
def _(block: m.Callout, ctx: Context) -> list[Flowable]:
    # Everything inside is laid out for the box's inner width, not the page's.
    full, ctx = ctx, dataclasses.replace(ctx, width=ctx.width - 2 * ctx.styles.callout["padding"]
                                         - ctx.styles.callout["rule_width"])
    style = ctx.styles.para["callout_title"]
    title = ctx.para_runs(ctx.runs(block.title),
                          derived(style, "callout_title_" + block.kind, textColor=ctx.styles.colours[block.kind]))
    items = [ctx.para(item, "list_item") for item in block.items]
    body = items if len(items) == 1 else _list(ctx, items, numbered=False)
    if block.crisis_line and ctx.clinic.crisis_line:  # the clinic's crisis line, under the list
        body.append(ctx.para(block.crisis_line, "list_item"))
    return [callout_box(full, block.kind, [title, *body])]


def _grid_style(ctx: Context) -> list[tuple]:
    s = ctx.styles
    pad = s.table["padding"]
    return [
        ("GRID", (0, 0), (-1, -1), s.table["grid_width"], s.colours["grid"]),
        ("BACKGROUND", (0, 0), (-1, 0), s.colours["header_fill"]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad + 1),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad + 1),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 1),
    ]


def _widths(total: float, weights, minimum: float = 0.0) -> list[float]:
    """`total` shared out by `weights`, no column narrower than `minimum` (the rest share what is left)."""
    widths = [w * total / sum(weights) for w in weights]
    for _ in range(len(widths)):  # each pass fixes at least one more column at the minimum
        narrow = [w <= minimum for w in widths]
        if not any(w < minimum for w in widths) or all(narrow):
            break
        wide = sum(w for w, n in zip(widths, narrow) if not n)
        rest = total - minimum * sum(narrow)
        widths = [minimum if n else w * rest / wide for w, n in zip(widths, narrow)]
    return widths


def _stacked(block: m.Table, ctx: Context) -> list[Flowable]:
    """A table as labelled blocks, one per row ("How common: rare"): large print cannot fit
    18 pt words into narrow columns without splitting them."""
    s = ctx.styles
    out: list[Flowable] = []
    for row in block.rows:
        lines = []
        for column, cell in zip(block.columns, row):
            label = [Run(r.text, True) for r in ctx.runs(column)]
            lines.append(ctx.para_runs([*label, Run(": "), *ctx.runs(cell)], "cell", lang=ctx.lang_of(cell)))
        box = make_table(ctx, [[line] for line in lines], [ctx.width], [
            ("BOX", (0, 0), (-1, -1), s.table["grid_width"], s.colours["grid"]),
            *closed_at_split(s.table["grid_width"], s.colours["grid"]),
            ("BACKGROUND", (0, 0), (-1, 0), s.colours["header_fill"]),
            ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])
        box.spaceAfter = s.table["space"]
        out.append(Whole(structured(box, group("Div", lines))))
    return out


@render_block.register
def _(block: m.Table, ctx: Context) -> list[Flowable]:
    if ctx.styles.stacked_tables:
        return _stacked(block, ctx)
    # the narrowest column that still holds a letter or two between its paddings
    pad = 2 * (ctx.styles.table["padding"] + 1)
    minimum = pad + 2 * ctx.styles.para["cell"].fontSize
    if minimum * len(block.columns) > ctx.width:
        ctx.fail(block.columns[0], f"the table has {len(block.columns)} columns but at most "
                                   f"{int(ctx.width // minimum)} fit across the page; split it into two tables")
    widths = _widths(ctx.width, block.widths, minimum)
    # A column too narrow for its longest word (or phone number) would cut it: set the rows as labelled
    # blocks instead, as large print does.
    for k, width in enumerate(widths):
        cells = [(block.columns[k], "cell_header")] + [(row[k], "cell") for row in block.rows]
        if max(longest_word(ctx, text, style) for text, style in cells) + pad > width:
            return _stacked(block, ctx)
    header = [ctx.para(cell, "cell_header", width=w - pad) for cell, w in zip(block.columns, widths)]
    rows = [[ctx.para(cell, "cell", width=w - pad) for cell, w in zip(row, widths)] for row in block.rows]
    table = make_table(ctx, [ctx.row(header), *map(ctx.row, rows)], ctx.row(widths), _grid_style(ctx), repeatRows=1)
    table.spaceBefore, table.spaceAfter = 2, ctx.styles.table["space"]
    return [structured(table, table_structure(header, rows))]


# Chinese breaks between any two characters, but never before closing punctuation or after opening
# punctuation (textflow's line-breaking rules): those travel with their neighbour.
_CJK_PIECES = re.compile(f"[{re.escape(''.join(sorted(CANNOT_END)))}]*"
                         r"(?:[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+|\S)"
                         f"[{re.escape(''.join(sorted(CANNOT_START)))}]*")


def longest_word(ctx: Context, text: m.Text, style) -> float:
    """The width, in `style`, of the widest piece of `text` a line should not break inside: a word (a
    phone number, kept together by its no-break spaces, is one); an email or web address up to its first
    '@', '.' or '/', where it may break. Chinese may break between any two characters, but a short phrase
    (a diary heading such as 第几天, "day") reads badly one character a line, so it is kept whole."""
    st = ctx.styles.para[style] if isinstance(style, str) else style

    def width(piece: str) -> float:
        return stringWidth(piece, st.fontName, st.fontSize)

    text = ctx.plain(text)
    if ctx.flow is not None and ctx.flow.line_break == "cjk":
        return max(width(p) if width(p) <= 4.5 * st.fontSize else max(map(width, _CJK_PIECES.findall(p)))
                   for p in text.split() or [""])
    return widest_piece([text], st.fontName, st.fontSize)


def table_structure(header: list, rows: list[list], row_headers: bool = False) -> Element:
    """Table > TR > TH (scope Column) | TD, cells in logical order (before mirroring). With
    `row_headers`, the first cell of each row is a TH for its row (the diary's day)."""
    body = [group("TR", [group("TH", cell, scope="Row") if row_headers and i == 0 else group("TD", cell)
                         for i, cell in enumerate(row)]) for row in rows]
    return group("Table", group("TR", [group("TH", cell, scope="Column") for cell in header]), body)


class Diary(Flowable):
    """The diary's days from `first` on, set in blocks of whole weeks that each fit one page with every
    column: all the days left if they fit, else a fortnight, else a week. Each block starts a page of
    its own after the first (which follows the diary's heading and instructions); its rows grow, between
    the two limits, to fill the page, so a printed diary gets the largest boxes that fit."""

    def __init__(self, make, header: list, days: list, week: int, low: float, high: float, first: int = 0):
        super().__init__()
        self.make, self.header, self.days, self.week = make, header, days, week
        self.low, self.high, self.first = low, high, first
        self.count = len(days) - first  # days in the block being laid out
        self.table = None

    def _sizes(self) -> list[int]:
        """Block sizes that may start at this day: more than a week only from a fortnight's start, so
        that a page holds days 1-28, 1-14, 15-28 or one week."""
        left = len(self.days) - self.first
        if self.first % (2 * self.week):
            return [self.week] if left >= self.week else [left]
        return [n for n in (left, 2 * self.week, self.week) if n <= left]

    def wrap(self, avail_width, avail_height):
        head = self.make(self.header, [], [], 0)
        head_height = head.wrap(avail_width, avail_height)[1]
        for n in self._sizes():  # the largest block of whole weeks that fits
            if head_height + n * self.low <= avail_height + 0.01:
                self.count = n
                row = min(self.high, (avail_height - head_height) / n)
                self.table = self.make(self.header, self.days[self.first:self.first + n], self.days, row)
                width, height = self.table.wrap(avail_width, avail_height)
                # more days to come: ask to be split, so they go on the next page
                return width, height if n == len(self.days) - self.first else avail_height + 1
        self.count = 0
        return avail_width, head_height + self.week * self.low

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        if not self.count:
            return []  # not even a week fits below what is on this page: start on the next one
        rest = Diary(self.make, self.header, self.days, self.week, self.low, self.high, self.first + self.count)
        return [self.table, PageBreak(), rest]

    def draw(self):
        self.table.drawOn(self.canv, 0, 0)


@render_block.register
def _(block: m.Tracker, ctx: Context) -> list[Flowable]:
    """The symptom diary: one grid with every column, in blocks of whole weeks a page (see Diary).

    Each column is at least as wide as the longest word of its heading (and room to write). Where the
    headings are too wide for the line (large print in German or French), the longest heading words are
    hyphenated, with a real dictionary (pyphen) and a printed hyphen, until they fit. Failing that (a
    script with no hyphenation, such as Arabic), the columns are shared over two grids, each keeping
    the day column so rows can be matched."""
    s, t = ctx.styles, ctx.styles.tracker
    size = s.para["diary_header"].fontSize
    pad = 2 * _DIARY_PADDING + 1
    labels = [block.day_label, block.date_label, *block.columns]
    writing = [0, 2.5 * size] + [2 * size] * len(block.columns)  # room to write a date, a score, a word
    needs = [max(longest_word(ctx, label, "diary_header") + pad, room) for label, room in zip(labels, writing)]
    cell = s.para["cell"]  # the day column holds the days' numbers too
    needs[0] = max(needs[0], stringWidth(ctx.loc.number(block.days), cell.fontName,
                                         cell.fontSize) + pad + 2)
    styles = [s.para["diary_header"]] * len(labels)
    hyphenate = _hyphenation(ctx) if sum(needs) > ctx.width else None  # (pyphen loads only when needed)
    if hyphenate:
        hyphenated = derived(s.para["diary_header"], "diary_header_hyphenated", hyphenationLang=hyphenate)
        shorter = [max(_hyphenated_word(ctx, label, hyphenated, hyphenate) + pad, room)
                   for label, room in zip(labels, writing)]
        for i in sorted(range(len(labels)), key=lambda i: shorter[i] - needs[i]):  # biggest saving first
            if sum(needs) <= ctx.width:
                break
            needs[i], styles[i] = shorter[i], hyphenated
    if sum(needs) > ctx.width:  # still too wide (a script without hyphenation): headings in the regular
        plain = derived(s.para["diary_header"], "diary_header_regular", fontName=s.family.regular)  # face
        regular = [max(longest_word(ctx, label, plain) + pad, room, need if i == 0 else 0)
                   for i, (label, room, need) in enumerate(zip(labels, writing, needs))]
        if sum(regular) <= ctx.width:
            needs, styles = regular, [plain] * len(labels)
    weights = [t["day_width"], t["date_width"], *block.widths]
    turn = sum(needs) > ctx.width and sum(needs) <= ctx.frame_height
    if turn:  # set across the page's length instead (turned.py): every column together still
        out = _diary_grids(ctx, block, labels, styles, needs, weights, ctx.frame_height)
        grid = out[-1]
        grid.wrap(ctx.frame_height, ctx.width)
        if grid.count:  # a week fits across the page's width (a taller footer leaves less of it)
            out[-1].turn = True  # layout.build_story sets the diary's whole section on turned pages
            return out
    out = _diary_grids(ctx, block, labels, styles, needs, weights, ctx.width)
    out[-1].turn = False
    return out


def _diary_grids(ctx: Context, block: m.Tracker, labels: list, styles: list, needs: list[float],
                 weights: list[float], line: float) -> list[Flowable]:
    """The diary's grids for a line of `line` points: all columns in one grid where they fit, else
    shared over grids that each keep the day column."""
    groups: list[list[int]] = [[0, 1]]
    for i in range(2, len(labels)):
        if sum(needs[j] for j in groups[-1]) + needs[i] > line and len(groups[-1]) > 2 - (len(groups) > 1):
            groups.append([0])
        groups[-1].append(i)
    out: list[Flowable] = []
    for columns in groups:
        # each column what its heading needs, and the rest of the line shared out by the columns' weights
        spare = max(0.0, line - sum(needs[i] for i in columns))
        share = sum(weights[i] for i in columns)
        widths = [needs[i] + spare * weights[i] / share for i in columns]
        out.extend([PageBreak() if out else Spacer(1, 4),
                    _diary_grid(ctx, block, [labels[i] for i in columns], [styles[i] for i in columns], widths)])
    return out


def _hyphenation(ctx: Context) -> str | None:
    """The pyphen dictionary for the handout's language, if there is one (none for right-to-left scripts
    and Chinese, which are set by textflow.SetParagraph)."""
    if ctx.flow is not None:
        return None
    import pyphen

    return pyphen.language_fallback(ctx.loc.locale)


def _best_break(word: str, style, lang: str) -> tuple[float, str]:
    """`word` hyphenated once, at the dictionary's point that best halves it (the head with its printed
    hyphen, then a forced line break), and the width of its wider half; the word itself when that is not
    narrower. As ReportLab does, only words of letters are hyphenated, less the punctuation at their ends."""
    import pyphen

    def width(piece: str) -> float:
        return stringWidth(piece, style.fontName, style.fontSize)

    best = (width(word), word)
    core = word.strip("'\"([{]\")}?!.,;:")
    if core.isalpha():
        lead, trail = word[:word.index(core)], word[word.index(core) + len(core):]
        for head, tail in pyphen.Pyphen(lang=lang).iterate(core):
            best = min(best, (max(width(lead + head + "-"), width(tail + trail)),
                              f"{lead}{head}-{LINE_BREAK}{tail}{trail}"))
    return best


def _hyphenated_word(ctx: Context, text: m.Text, style, lang: str) -> float:
    """The width of the widest piece of `text` when its words may be hyphenated once (see _best_break)."""
    return max(_best_break(word, style, lang)[0] for word in ctx.plain(text).split() or [""])


_DIARY_PADDING = 2.5  # points each side of a diary heading: its eight columns share the line


def _hyphenated_runs(ctx: Context, label: m.Text, style, width: float) -> list[Run]:
    """The heading's runs with each word wider than `width` broken once, at the dictionary's point that
    best halves it, its hyphen printed (a forced line break after it): set here rather than left to
    ReportLab, which splits a word too long for an empty line between any two letters before it tries
    its hyphenation."""
    def fit(word: str) -> str:
        if stringWidth(word, style.fontName, style.fontSize) <= width:
            return word
        return _best_break(word, style, style.hyphenationLang)[1]

    return [Run(" ".join(fit(word) for word in run.text.split(" ")), run.bold) for run in ctx.runs(label)]


def _diary_grid(ctx: Context, block: m.Tracker, labels: list, styles: list, widths: list[float]) -> Flowable:
    s, t = ctx.styles, ctx.styles.tracker
    header = []
    for label, style, w in zip(labels, styles, widths):
        inner = w - 2 * _DIARY_PADDING
        runs = _hyphenated_runs(ctx, label, style, inner) if getattr(style, "hyphenationLang", "") else \
            ctx.runs(label)
        header.append(ctx.para_runs(runs, style, lang=ctx.lang_of(label), width=inner))
    days = [[ctx.para_runs([Run(ctx.loc.number(n))], "cell")] + [""] * (len(labels) - 1)
            for n in range(1, block.days + 1)]
    structure = table_structure(header, days, row_headers=True)
    header, days = ctx.row(header), [ctx.row(day) for day in days]

    def make(header: list, rows: list, all_rows: list, row_height: float) -> Table:
        style = _grid_style(ctx) + [("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
                                    ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                                    ("TOPPADDING", (0, 1), (-1, -1), 0),
                                    ("BOTTOMPADDING", (0, 1), (-1, -1), 0),
                                    ("LEFTPADDING", (0, 0), (-1, -1), _DIARY_PADDING),
                                    ("RIGHTPADDING", (0, 0), (-1, -1), _DIARY_PADDING)]
        first = all_rows.index(rows[0]) if rows else 0
        for row in range(1, len(rows)):  # a heavier rule between weeks
            if (first + row) % block.week_length == 0:
                style.append(("LINEBELOW", (0, row), (-1, row), t["week_rule_width"], s.colours["week_rule"]))
        return make_table(ctx, [header, *rows], ctx.row(widths), style,
                          rowHeights=[None] + [row_height] * len(rows))

    return structured(Diary(make, header, days, block.week_length, t["row_height_mm"] * mm,
                            t["row_height_max_mm"] * mm), structure)
