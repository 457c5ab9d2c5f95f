"""The benchmark's yardstick: the same English handout set by plain ReportLab platypus, nothing of ours on top.

The words are the English handout's (placeholders filled with the dose values, no clinic: no title box,
no clinic footer, no QR code, no logo), in the same fonts, sizes and page size (A4, the handout's
margins); paragraphs, bulleted and numbered items (ReportLab's own bullets), tables of paragraphs and
the diary as a table of empty cells, one page break before the diary as in the handout. No tagging, no
right-to-left or shaping layer, no object streams: what ReportLab alone costs for this text, so a figure
of the tool can be given as a multiple of it. Run in the same process as the figure it is compared with.
"""
from __future__ import annotations

import io
import re

from reportlab.lib.pagesizes import A4
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from handout.build import language_setup
from handout.source import model as m
from handout.source.clinic import load_clinic
from handout.source.content import load_content
from handout.source.markup import runs, to_paragraph_markup

_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def story_of(handout: m.Handout):
    """(flowables maker, page size): the English handout's text as plain platypus flowables."""
    setup = language_setup(handout, load_clinic(None), "en", "standard")
    loc, styles = setup["loc"], setup["styles"]
    values = dict(loc.values)
    para = styles.para
    margins = styles.margins
    width = A4[0] - margins["left"] - margins["right"]

    def text(t: m.Text) -> str:
        return to_paragraph_markup(runs(t.text, values))

    def flowables() -> list:
        out = [Paragraph(text(loc.handout.meta.title), para["title"])]
        if loc.handout.meta.subtitle:
            out.append(Paragraph(text(loc.handout.meta.subtitle), para["subtitle"]))
        for section in loc.handout.sections:
            if section.new_page:
                out.append(PageBreak())
            out.append(Paragraph(text(section.title), para["heading"]))
            for block in section.blocks:
                if isinstance(block, m.Paragraph):
                    out.append(Paragraph(text(block.text), para["body"]))
                elif isinstance(block, (m.Bullets, m.Steps, m.References)):
                    for n, item in enumerate(block.items, 1):
                        bullet = "\u2022" if isinstance(block, m.Bullets) else f"{n}."
                        out.append(Paragraph(text(item), para["list_item"], bulletText=bullet))
                elif isinstance(block, m.Callout):
                    out.append(Paragraph(text(block.title), para["callout_title"]))
                    out.extend(Paragraph(text(item), para["body"]) for item in block.items)
                elif isinstance(block, m.Table):
                    rows = [[Paragraph(text(c), para["cell_header"]) for c in block.columns]]
                    rows += [[Paragraph(text(c), para["cell"]) for c in row] for row in block.rows]
                    table = Table(rows, colWidths=[w * width for w in _fractions(block.widths)], repeatRows=1)
                    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "grey"),
                                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
                    out.append(table)
                elif isinstance(block, m.Tracker):
                    head = [Paragraph(text(block.day_label), para["cell_header"]),
                            Paragraph(text(block.date_label), para["cell_header"])]
                    head += [Paragraph(text(c), para["cell_header"]) for c in block.columns]
                    rows = [head] + [[str(day), ""] + [""] * len(block.columns) for day in range(1, block.days + 1)]
                    weights = (styles.tracker["day_width"], styles.tracker["date_width"], *block.widths)
                    table = Table(rows, colWidths=[w * width for w in _fractions(weights)],
                                  repeatRows=1, rowHeights=[None] + [18] * block.days)
                    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "grey"),
                                               ("FONT", (0, 0), (-1, -1), styles.family.regular, 9)]))
                    out.append(table)
            out.append(Spacer(1, 4))
        return out

    return flowables, margins, styles


def _fractions(widths) -> list[float]:
    total = sum(widths)
    return [w / total for w in widths]


def make_renderer(content: str):
    """A function that renders the baseline and returns (PDF bytes, pages)."""
    flowables, margins, styles = story_of(load_content(content))

    def render() -> tuple[bytes, int]:
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=margins["left"], rightMargin=margins["right"],
                                topMargin=margins["top"], bottomMargin=margins["bottom"], invariant=1,
                                initialFontName=styles.family.regular)
        doc.build(flowables())
        return buffer.getvalue(), doc.page

    return render
