"""Blocks: one small function per content block type (paragraph, lists, callout, table, diary).

Dispatched with `functools.singledispatch` on the model's block class; every function returns flowables.
Right-to-left languages get mirrored tables and lists (first column and markers on the right).
"""
from __future__ import annotations

import dataclasses
import functools
import re

from babel.numbers import format_decimal
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from handout import model as m
from handout.context import Context, make_table
from handout.markup import Run
from handout.tagging import Element, group, structured


@functools.singledispatch
def render_block(block, ctx: Context) -> list[Flowable]:
    raise TypeError(f"no layout for {type(block).__name__}")  # pragma: no cover


@render_block.register
def _(block: m.Paragraph, ctx: Context) -> list[Flowable]:
    return [ctx.para(block.text, "body")]


def _list(ctx: Context, items: list[Flowable], numbered: bool, start: int = 1) -> list[Flowable]:
    """A list as one two-column table per item: the marker sits on the reading side (right for Arabic)
    and a page can break between items. Tagged as one L > LI > Lbl + LBody, carried by the first table."""
    s = ctx.styles
    indent = s.lists["indent"]
    if numbered:  # room for the widest number ("10.") plus the usual gap
        label = f"{format_decimal(start + len(items) - 1, locale=ctx.loc.locale)}."
        indent = max(indent, stringWidth(label, s.family.bold, s.para["body"].fontSize) + s.lists["gap"])
    marker_style = s.para["list_item"].clone("marker", fontName=s.family.bold if numbered else s.family.regular)
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
             ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]  # items are spaced by their own spaceAfter
    tables, entries = [], []
    for number, item in enumerate(items, start=start):
        mark = f"{format_decimal(number, locale=ctx.loc.locale)}." if numbered else s.lists["bullet"]
        marker = ctx.para_runs([Run(mark)], marker_style, role="Lbl")
        entries.append(group("LI", marker, group("LBody", item)))
        # the item takes the width there is (a list inside a callout box has less)
        tables.append(make_table(ctx, [ctx.row([marker, item])], ctx.row([indent, "*"]), style))
    tables[-1].spaceAfter = s.para["body"].spaceAfter
    return [structured(tables[0], group("L", entries)), *tables[1:]]


@render_block.register
def _(block: m.Bullets, ctx: Context) -> list[Flowable]:
    return _list(ctx, [ctx.para(item, "list_item") for item in block.items], numbered=False)


@render_block.register
def _(block: m.Steps, ctx: Context) -> list[Flowable]:
    return _list(ctx, [ctx.para(item, "list_item") for item in block.items], numbered=True)


@render_block.register
def _(block: m.References, ctx: Context) -> list[Flowable]:
    items = [ctx.para_runs(ctx.runs(item), "reference", own_direction=True, lang=ctx.lang_of(item))
             for item in block.items]
    return _list(ctx, items, numbered=True)


def callout_box(ctx: Context, kind: str, content: list[Flowable]) -> Flowable:
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
    ])
    box.spaceBefore, box.spaceAfter = 2, s.callout["space"]
    return structured(box, group("Note", content))


@render_block.register
def _(block: m.Callout, ctx: Context) -> list[Flowable]:
    # Everything inside is laid out for the box's inner width, not the page's.
    full, ctx = ctx, dataclasses.replace(ctx, width=ctx.width - 2 * ctx.styles.callout["padding"]
                                         - ctx.styles.callout["rule_width"])
    style = ctx.styles.para["callout_title"]
    title = ctx.para_runs(ctx.runs(block.title),
                          style.clone("callout_title_" + block.kind, textColor=ctx.styles.colours[block.kind]))
    items = [ctx.para(item, "list_item") for item in block.items]
    body = items if len(items) == 1 else _list(ctx, items, numbered=False)
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
            ("BACKGROUND", (0, 0), (-1, 0), s.colours["header_fill"]),
            ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])
        box.spaceAfter = s.table["space"]
        out.append(structured(box, group("Div", lines)))
    return out


@render_block.register
def _(block: m.Table, ctx: Context) -> list[Flowable]:
    if ctx.styles.stacked_tables:
        return _stacked(block, ctx)
    # the narrowest column that still holds a letter or two between its paddings
    minimum = 2 * (ctx.styles.table["padding"] + 1) + 2 * ctx.styles.para["cell"].fontSize
    if minimum * len(block.columns) > ctx.width:
        ctx.fail(block.columns[0], f"the table has {len(block.columns)} columns but at most "
                                   f"{int(ctx.width // minimum)} fit across the page; split it into two tables")
    header = [ctx.para(cell, "cell_header") for cell in block.columns]
    rows = [[ctx.para(cell, "cell") for cell in row] for row in block.rows]
    table = make_table(ctx, [ctx.row(header), *map(ctx.row, rows)],
                       ctx.row(_widths(ctx.width, block.widths, minimum)), _grid_style(ctx), repeatRows=1)
    table.spaceBefore, table.spaceAfter = 2, ctx.styles.table["space"]
    return [structured(table, table_structure(header, rows))]


def table_structure(header: list, rows: list[list], row_headers: bool = False) -> Element:
    """Table > TR > TH (scope Column) | TD, cells in logical order (before mirroring). With
    `row_headers`, the first cell of each row is a TH for its row (the diary's day)."""
    body = [group("TR", [group("TH", cell, scope="Row") if row_headers and i == 0 else group("TD", cell)
                         for i, cell in enumerate(row)]) for row in rows]
    return group("Table", group("TR", [group("TH", cell, scope="Column") for cell in header]), body)


class FillingTable(Flowable):
    """A table whose rows grow (between two limits) to fill the space left on the page, so a
    printed diary gets the largest boxes that still fit on one sheet."""

    def __init__(self, make, rows: int, low: float, high: float):
        super().__init__()
        self.make, self.rows, self.low, self.high = make, rows, low, high
        self.table = make(low)

    def wrap(self, avail_width, avail_height):
        self.table = self.make(self.low)
        width, height = self.table.wrap(avail_width, avail_height)
        if height < avail_height:
            grow = min(self.high, self.low + (avail_height - height) / self.rows)
            self.table = self.make(grow)
            width, height = self.table.wrap(avail_width, avail_height)
        return width, height

    def split(self, avail_width, avail_height):
        return self.table.split(avail_width, avail_height)

    def draw(self):
        self.table.drawOn(self.canv, 0, 0)


@render_block.register
def _(block: m.Tracker, ctx: Context) -> list[Flowable]:
    """The symptom diary: one grid, or several side by side in time when its columns cannot all fit
    at this type size (large print); each grid keeps the day column so rows can be matched."""
    s, t = ctx.styles, ctx.styles.tracker
    bold, size = s.para["cell_header"].fontName, s.para["cell_header"].fontSize
    pad = 2 * (s.table["padding"] + 1) + 1

    def need(label, writing: float = 0) -> float:  # the longest word of the heading, or room to write
        text = ctx.plain(label)
        # Chinese may break between any two characters: only runs of other letters are "words".
        words = re.findall(r"[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+|\S", text) \
            if ctx.flow is not None and ctx.flow.line_break == "cjk" else text.split()
        words = words or [""]
        return max(max(stringWidth(w, bold, size) for w in words) + pad, writing)

    labels = [block.day_label, block.date_label, *block.columns]
    weights = [t["day_width"], t["date_width"], *block.widths]
    needs = [need(block.day_label), need(block.date_label, 2.5 * size)] + \
            [need(col, 2 * size) for col in block.columns]
    groups: list[list[int]] = [[0, 1]]
    for i in range(2, len(labels)):
        if sum(needs[j] for j in groups[-1]) + needs[i] > ctx.width and len(groups[-1]) > 2 - (len(groups) > 1):
            groups.append([0])
        groups[-1].append(i)
    out: list[Flowable] = []
    for columns in groups:
        widths = _widths(ctx.width, [weights[i] for i in columns])
        for _ in range(3):  # let narrow columns take what their heading needs from the widest
            for k, i in enumerate(columns):
                if widths[k] < needs[i]:
                    widest = max(range(len(columns)), key=lambda j: widths[j] - needs[columns[j]])
                    give = min(needs[i] - widths[k], widths[widest] - needs[columns[widest]])
                    widths[k] += give
                    widths[widest] -= give
        out.extend([PageBreak() if out else Spacer(1, 4), _diary_grid(ctx, block, [labels[i] for i in columns], widths)])
    return out


def _diary_grid(ctx: Context, block: m.Tracker, labels: list, widths: list[float]) -> Flowable:
    s, t = ctx.styles, ctx.styles.tracker
    header = [ctx.para(label, "cell_header") for label in labels]
    days = [[ctx.para_runs([Run(format_decimal(n, locale=ctx.loc.locale))], "cell")] + [""] * (len(labels) - 1)
            for n in range(1, block.days + 1)]
    structure = table_structure(header, days, row_headers=True)
    header, days = ctx.row(header), [ctx.row(day) for day in days]
    style = _grid_style(ctx) + [("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
                                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                                ("TOPPADDING", (0, 1), (-1, -1), 0),
                                ("BOTTOMPADDING", (0, 1), (-1, -1), 0)]
    for row in range(block.week_length, block.days, block.week_length):
        style.append(("LINEBELOW", (0, row), (-1, row), t["week_rule_width"], s.colours["week_rule"]))

    def make(row_height: float) -> Table:
        return make_table(ctx, [header, *days], ctx.row(widths), style,
                          rowHeights=[None] + [row_height] * block.days, repeatRows=1)

    return structured(FillingTable(make, block.days, t["row_height"], t["row_height_max"]), structure)
