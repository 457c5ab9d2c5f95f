"""Layout: turn a localised handout into the story of ReportLab flowables, in reading order.

The pieces live beside it: context.py (the Context every builder shares and the one way text becomes a
paragraph), blocks.py (one function per block type), furniture.py (title block, notices, footer).
"""
from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from handout import model as m
from handout.blocks import render_block
from handout.context import Context
from handout.furniture import Footer, closing, notices, title_block
from handout.tagging import group

__all__ = ["Context", "Footer", "build_story"]


def heading(ctx: Context, section: m.Section) -> Flowable:
    """A section heading that also becomes a PDF bookmark (render.py reads the outline attributes)."""
    flowable = ctx.para(section.title, "heading", role="H2")
    flowable.outline_title = ctx.plain(section.title)
    flowable.outline_key = section.id
    return flowable


def build_story(ctx: Context) -> list[Flowable]:
    """All flowables of the handout in reading order; their structure goes into `ctx.structure`
    (H1 title, notices, one Sect per section, the closing line)."""
    story: list[Flowable] = []

    def add(flowables: list[Flowable], structure=None) -> None:  # to the story and the document's structure
        story.extend(flowables)
        ctx.structure.add(structure or flowables)

    add(title_block(ctx) + notices(ctx))
    closing_done = False
    for section in ctx.loc.handout.sections:
        if section.new_page and not closing_done:
            add(closing(ctx))
            closing_done = True
        if section.new_page:
            story.append(PageBreak())
        else:  # never strand a heading at the foot of a page
            story.append(CondPageBreak(ctx.styles.para["heading"].leading + 3 * ctx.styles.para["body"].leading))
        part = [heading(ctx, section)]
        for block in section.blocks:
            part.extend(render_block(block, ctx))
        add(part, group("Sect", part))
    if not closing_done:
        add(closing(ctx))
    return story
