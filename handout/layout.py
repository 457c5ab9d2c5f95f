"""Layout: turn a localised handout into ReportLab flowables and page furniture.

One small function per block type (`functools.singledispatch`), all text passing through
`markup.runs` so that nothing from the content file or a catalog is ever read as ReportLab markup.
The page furniture (clinic, page x of y, version and review dates) is drawn on every page by `Footer`.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from babel.numbers import format_decimal
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (CondPageBreak, Flowable, Image, KeepTogether, ListFlowable, ListItem, PageBreak, Paragraph,
                                Spacer, Table, TableStyle)

from handout import model as m
from handout.clinic import Clinic
from handout.errors import CatalogError, ContentError
from handout.localise import Localised
from handout.markup import MarkupError, Run, keep_citations_together, runs, to_paragraph_markup
from handout.styles import Styles
from handout.textflow import Layout, SetParagraph, isolate


@dataclass
class Context:
    """What every block builder needs: the localised handout, its clinic, styles and the frame width."""

    loc: Localised
    clinic: Clinic
    styles: Styles
    width: float
    flow: Layout | None = None  # set for scripts ReportLab cannot set itself (right to left, Chinese)

    @property
    def rtl(self) -> bool:
        return self.loc.rtl

    def runs(self, text: m.Text, extra: dict[str, str] | None = None) -> list[Run]:
        values = dict(self.loc.values, **(extra or {}))
        if self.rtl:
            values = {key: isolate(value) for key, value in values.items()}
        try:
            return [Run(keep_citations_together(r.text), r.bold) for r in runs(text.text, values)]
        except MarkupError as exc:
            if text.origin:
                path, _, line = text.origin.rpartition(":")
                raise CatalogError(f"{text.where}: {exc.message}", path=path, line=int(line)) from None
            raise ContentError(f"{text.where}: {exc.message}", path=self.loc.handout.path, line=text.line) from None

    def plain(self, text: m.Text, extra: dict[str, str] | None = None) -> str:
        return "".join(r.text for r in self.runs(text, extra))

    def para(self, text: m.Text, style: str, extra: dict[str, str] | None = None) -> Flowable:
        return self.para_runs(self.runs(text, extra), style)

    def para_runs(self, parts: list[Run], style: str | ParagraphStyle, own_direction: bool = False) -> Flowable:
        """A paragraph of runs: ReportLab's own, or a SetParagraph where the script needs one.

        `own_direction`: the text is not in the handout's language (a clinic name, a reference), so the
        bidi algorithm takes its direction from its first letter rather than from the language."""
        st = self.styles.para[style] if isinstance(style, str) else style
        if self.flow is None:
            return Paragraph(to_paragraph_markup(parts), st)
        base = None if own_direction else ("R" if self.rtl else "L")
        return SetParagraph(parts, st, self.flow, (st.fontName, self.styles.family.bold), base)

    def value(self, value: str) -> Run:
        """A clinic value as a run, kept in its own direction inside right-to-left text."""
        return Run(isolate(value) if self.rtl else value)

    def row(self, cells: list) -> list:
        """Table cells in drawing order: right to left languages put the first column on the right."""
        return list(reversed(cells)) if self.rtl else list(cells)

    def label(self, key: str, **extra: str) -> m.Text:
        return self.loc.handout.labels[key]


def heading(ctx: Context, section: m.Section) -> Flowable:
    """A section heading that also becomes a PDF bookmark (render.py reads the outline attributes)."""
    flowable = ctx.para(section.title, "heading")
    flowable.outline_title = ctx.plain(section.title)
    flowable.outline_key = section.id
    return flowable


def build_story(ctx: Context) -> list[Flowable]:
    """All flowables of the handout in reading order."""
    handout = ctx.loc.handout
    story: list[Flowable] = [title_block(ctx)]
    story.extend(notices(ctx))
    closing_done = False
    for section in handout.sections:
        if section.new_page and not closing_done:
            story.extend(closing(ctx))
            closing_done = True
        if section.new_page:
            story.append(PageBreak())
        else:  # never strand a heading at the foot of a page
            story.append(CondPageBreak(ctx.styles.para["heading"].leading + 3 * ctx.styles.para["body"].leading))
        story.append(heading(ctx, section))
        for block in section.blocks:
            story.extend(render_block(block, ctx))
    if not closing_done:
        story.extend(closing(ctx))
    return story


def title_block(ctx: Context) -> Flowable:
    """Title and subtitle beside a box with the clinic's name and contacts (and logo)."""
    meta, s = ctx.loc.handout.meta, ctx.styles
    left: list[Flowable] = [ctx.para(meta.title, "title")]
    if meta.subtitle:
        left.append(ctx.para(meta.subtitle, "subtitle"))
    right: list[Flowable] = []
    clinic = ctx.clinic
    if clinic.logo:
        right.append(logo(clinic, s.title_block["logo_height_mm"] * mm))
    right.append(ctx.para(ctx.label("contact_heading"), "clinic_name"))
    right.append(ctx.para_runs([Run(clinic.name)], "clinic", own_direction=True))
    if clinic.department:
        right.append(ctx.para_runs([Run(clinic.department)], "clinic", own_direction=True))
    for key in ("phone", "address", "email", "website"):
        value = getattr(clinic, key)
        if value:
            if key == "phone":
                value = clinic.phone_unbroken
            right.append(ctx.para(ctx.label(key), "clinic", {key: value}))
    clinic_width = ctx.width * s.title_block["clinic_width"]
    title, box = (1, 0) if ctx.rtl else (0, 1)
    return make_table(ctx, [ctx.row([left, right])], ctx.row([ctx.width - clinic_width, clinic_width]), [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (title, 0), (title, 0), 0 if not ctx.rtl else 10),
        ("RIGHTPADDING", (title, 0), (title, 0), 0 if ctx.rtl else 10),
        ("BOX", (box, 0), (box, 0), 1, s.colours["rule"]),
        ("LEFTPADDING", (box, 0), (box, 0), 6),
        ("RIGHTPADDING", (box, 0), (box, 0), 6),
        ("TOPPADDING", (box, 0), (box, 0), 4),
        ("BOTTOMPADDING", (box, 0), (box, 0), 6),
    ])


def logo(clinic: Clinic, height: float) -> Image:
    from reportlab.lib.utils import ImageReader

    reader = ImageReader(str(clinic.logo))
    w, h = reader.getSize()
    image = Image(str(clinic.logo), width=height * w / h, height=height, hAlign="LEFT")
    return image


def notices(ctx: Context) -> list[Flowable]:
    """Lines under the title: translation notice, incomplete-translation warning, other formats."""
    out: list[Flowable] = []
    loc = ctx.loc
    extra = {"language": loc.language_name, "version": loc.handout.meta.version}
    if loc.locale != loc.handout.meta.source_language:
        out.append(ctx.para(ctx.label("translation_of"), "body", extra))
    if loc.handout.missing:
        out.append(callout_box(ctx, "warning", [ctx.para(ctx.label("incomplete_translation"), "callout_title",
                                                         extra)]))
    out.append(ctx.para(ctx.label("other_formats"), "notice"))
    return out


def closing(ctx: Context) -> list[Flowable]:
    """After the last text section: how to give feedback."""
    if not ctx.clinic.feedback:
        return []
    return [Spacer(1, 4), ctx.para(ctx.label("feedback"), "body", {"feedback": ctx.clinic.feedback})]


@functools.singledispatch
def render_block(block, ctx: Context) -> list[Flowable]:
    raise TypeError(f"no layout for {type(block).__name__}")  # pragma: no cover


@render_block.register
def _(block: m.Paragraph, ctx: Context) -> list[Flowable]:
    return [ctx.para(block.text, "body")]


def _list(ctx: Context, items: list[Flowable], numbered: bool, start: int = 1) -> ListFlowable:
    s = ctx.styles
    options = dict(bulletType="1", bulletFormat="%s.", start=start) if numbered else \
        dict(bulletType="bullet", start=s.lists["bullet"])
    indent = s.lists["indent"]
    if numbered:  # room for the widest number ("10.") plus the usual gap
        label = f"{format_decimal(start + len(items) - 1, locale=ctx.loc.locale)}."
        indent = max(indent, stringWidth(label, s.family.bold, s.para["body"].fontSize) + s.lists["gap"])
    if ctx.flow is not None:
        return _marker_table(ctx, items, numbered, start, indent)
    return ListFlowable([ListItem(item) for item in items], leftIndent=indent,
                        bulletFontName=s.family.bold if numbered else s.family.regular,
                        bulletFontSize=s.para["body"].fontSize, bulletColor=s.para["body"].textColor,
                        spaceAfter=s.para["body"].spaceAfter, **options)


def _marker_table(ctx: Context, items: list[Flowable], numbered: bool, start: int, indent: float) -> Flowable:
    """A list as a two-column table, so the markers sit on the reading side (right for Arabic)."""
    s = ctx.styles
    marker_style = s.para["list_item"].clone("marker", fontName=s.family.bold if numbered else s.family.regular)
    rows = []
    for number, item in enumerate(items, start=start):
        mark = f"{format_decimal(number, locale=ctx.loc.locale)}." if numbered else s.lists["bullet"]
        rows.append(ctx.row([ctx.para_runs([Run(mark)], marker_style), item]))
    marker = len(rows[0]) - 1 if ctx.rtl else 0
    table = make_table(ctx, rows, ctx.row([indent, ctx.width - indent]), [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING" if ctx.rtl else "LEFTPADDING", (marker, 0), (marker, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), s.lists["item_space"]),
    ])
    table.spaceAfter = s.para["body"].spaceAfter
    return table


@render_block.register
def _(block: m.Bullets, ctx: Context) -> list[Flowable]:
    return [_list(ctx, [ctx.para(item, "list_item") for item in block.items], numbered=False)]


@render_block.register
def _(block: m.Steps, ctx: Context) -> list[Flowable]:
    return [_list(ctx, [ctx.para(item, "list_item") for item in block.items], numbered=True)]


@render_block.register
def _(block: m.References, ctx: Context) -> list[Flowable]:
    items = [ctx.para_runs(ctx.runs(item), "reference", own_direction=True) for item in block.items]
    return [_list(ctx, items, numbered=True)]


def callout_box(ctx: Context, kind: str, content: list[Flowable]) -> Flowable:
    """A boxed message with a heavy rule on the reading side. One row per paragraph, so a long
    callout can continue on the next page instead of leaving a gap."""
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
    return box


@render_block.register
def _(block: m.Callout, ctx: Context) -> list[Flowable]:
    style = ctx.styles.para["callout_title"]
    title = ctx.para_runs(ctx.runs(block.title),
                          style.clone("callout_title_" + block.kind, textColor=ctx.styles.colours[block.kind]))
    items = [ctx.para(item, "list_item") for item in block.items]
    body = items if len(items) == 1 else [_list(ctx, [item], numbered=False) for item in items]
    return [callout_box(ctx, block.kind, [title, *body])]


def make_table(ctx: Context, data, col_widths, commands, **kwargs) -> Table:
    """A Table whose own text state uses the language's font (ReportLab's default is Helvetica,
    which would put an unembedded base-14 font in the PDF)."""
    body = ctx.styles.para["body"]
    table = Table(data, colWidths=col_widths, **kwargs)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), body.fontName, body.fontSize, body.leading),
                               *commands]))
    return table


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


def _widths(total: float, weights) -> list[float]:
    scale = total / sum(weights)
    return [w * scale for w in weights]


@render_block.register
def _(block: m.Table, ctx: Context) -> list[Flowable]:
    header = ctx.row([ctx.para(cell, "cell_header") for cell in block.columns])
    rows = [ctx.row([ctx.para(cell, "cell") for cell in row]) for row in block.rows]
    table = make_table(ctx, [header, *rows], ctx.row(_widths(ctx.width, block.widths)), _grid_style(ctx),
                       repeatRows=1)
    table.spaceBefore, table.spaceAfter = 2, ctx.styles.table["space"]
    return [table]


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
    s = ctx.styles
    t = s.tracker
    header = ctx.row([ctx.para(block.day_label, "cell_header"), ctx.para(block.date_label, "cell_header"),
                      *(ctx.para(col, "cell_header") for col in block.columns)])
    days = [ctx.row([ctx.para_runs([Run(format_decimal(n, locale=ctx.loc.locale))], "cell")]
                    + [""] * (len(header) - 1)) for n in range(1, block.days + 1)]
    widths = _widths(ctx.width, (t["day_width"], t["date_width"], *block.widths))
    # The day and date columns are narrow: never so narrow that their heading's longest word breaks.
    bold, size = s.para["cell_header"].fontName, s.para["cell_header"].fontSize
    pad = 2 * (s.table["padding"] + 1) + 1
    for i, label in enumerate((block.day_label, block.date_label)):
        need = max(stringWidth(word, bold, size) for word in ctx.plain(label).split() or [""]) + pad
        if widths[i] < need:
            widths[-1] -= need - widths[i]  # the notes column gives way
            widths[i] = need
    widths = ctx.row(widths)
    style = _grid_style(ctx) + [("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
                                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                                ("TOPPADDING", (0, 1), (-1, -1), 0),
                                ("BOTTOMPADDING", (0, 1), (-1, -1), 0)]
    for row in range(block.week_length, block.days, block.week_length):
        style.append(("LINEBELOW", (0, row), (-1, row), t["week_rule_width"], s.colours["week_rule"]))

    def make(row_height: float) -> Table:
        return make_table(ctx, [header, *days], widths, style, rowHeights=[None] + [row_height] * block.days,
                          repeatRows=1)

    return [Spacer(1, 4), FillingTable(make, block.days, t["row_height"], t["row_height_max"])]


class Footer:
    """Page furniture drawn on every page: clinic and phone, page x of y, version and review dates."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        loc = ctx.loc
        meta = loc.handout.meta
        self.left = [ctx.value(ctx.clinic.name), Run(" · "),
                     *ctx.runs(ctx.label("phone"), {"phone": ctx.clinic.phone_unbroken})]
        parts = [ctx.plain(ctx.label("version"), {"version": meta.version}),
                 ctx.plain(ctx.label("published"), {"date": loc.dates["published"]}),
                 ctx.plain(ctx.label("next_review"), {"date": loc.dates["next_review"]})]
        self.dates = [Run(" · ".join(parts))]
        self.height = self._layout(99, 99, draw=None)

    def _page_runs(self, page: int, pages: int) -> list[Run]:
        number = functools.partial(format_decimal, locale=self.ctx.loc.locale)
        return self.ctx.runs(self.ctx.label("page"), {"page": number(page), "pages": number(pages)})

    def _layout(self, page: int, pages: int, draw) -> float:
        """Lay the footer out for one page; draw it when `draw` is (canvas, x, y). Returns its height."""
        s, width = self.ctx.styles, self.ctx.width
        page_runs = self._page_runs(page, pages)
        style = s.para["footer_page"]
        pw = stringWidth("".join(r.text for r in page_runs), style.fontName, style.fontSize) + 8
        page_para = self.ctx.para_runs(page_runs, style)
        _, ph = page_para.wrap(pw, 1000)
        left = self.ctx.para_runs(self.left, s.para["footer"])
        _, lh = left.wrap(width - pw - 12, 1000)
        dates = self.ctx.para_runs(self.dates, s.para["footer"])
        _, dh = dates.wrap(width, 1000)
        top = max(lh, ph)
        if draw is not None:
            canv, x, y = draw
            rule_y = y + top + dh + 3
            canv.saveState()
            canv.setStrokeColor(s.colours["rule"])
            canv.setLineWidth(0.75)
            canv.line(x, rule_y, x + width, rule_y)
            canv.restoreState()
            if self.ctx.rtl:  # mirrored: clinic on the right, page number on the left
                left.drawOn(canv, x + pw + 12, y + dh + top - lh)
                page_para.drawOn(canv, x, y + dh + top - ph)
            else:
                left.drawOn(canv, x, y + dh + top - lh)
                page_para.drawOn(canv, x + width - pw, y + dh + top - ph)
            dates.drawOn(canv, x, y)
        return top + dh + 3

    def draw(self, canv, page: int, pages: int) -> None:
        self._layout(page, pages, draw=(canv, self.ctx.styles.margins["left"], self.ctx.styles.margins["bottom"]))
