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

__all__ = ["Context", "Footer", "build_story"]


def heading(ctx: Context, section: m.Section) -> Flowable:
    """A section heading that also becomes a PDF bookmark (render.py reads the outline attributes)."""
    flowable = ctx.para(section.title, "heading")
    flowable.outline_title = ctx.plain(section.title)
    flowable.outline_key = section.id
    return flowable


def build_story(ctx: Context) -> list[Flowable]:
    """All flowables of the handout in reading order."""
    handout = ctx.loc.handout
    story: list[Flowable] = title_block(ctx)
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
