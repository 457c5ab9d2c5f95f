"""Layout: turn a localised handout into the story of ReportLab flowables, in reading order.

The pieces live beside it: context.py (the Context every builder shares and the one way text becomes a
paragraph), blocks.py (one function per block type), furniture.py (title block, notices, footer).
"""
from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, NextPageTemplate, PageBreak, Spacer

from handout.layout.blocks import Columns, Whole, render_block
from handout.layout.context import Context
from handout.layout.furniture import Footer, back_cover, closing, cover, key_facts_box, notices, \
    title_block, writing_pages
from handout.layout.tagging import Element, group
from handout.layout.turned import Turned
from handout.source import model as m

__all__ = ["Context", "Footer", "build_bilingual_story", "build_story"]


def heading(ctx: Context, section: m.Section) -> Flowable:
    """A section heading that also becomes a PDF bookmark (pdf/render.py reads the outline attributes)."""
    flowable = ctx.para(section.title, "heading", role="H2")
    flowable.outline_title = ctx.plain(section.title)
    flowable.outline_key = section.id
    return flowable


def references_only(section: m.Section) -> bool:
    return bool(section.blocks) and all(isinstance(b, m.References) for b in section.blocks)


def section_break(ctx: Context, section: m.Section, following: m.Section | None) -> Flowable:
    """What goes before a section: a new page where the content asks for one (the diary), or where the
    layout puts the last section before the diary on a page of its own (pdf/render.py); else a new page
    only if the heading and its first lines would not fit, so no heading is stranded at the foot of a page."""
    last = not section.new_page and (following is None or following.new_page)
    if section.new_page or (last and ctx.last_on_own_page and not references_only(section)):
        return PageBreak()  # (references follow the text: their columns go on on the next page)
    return CondPageBreak(ctx.styles.para["heading"].leading + 3 * ctx.styles.para["body"].leading)


def build_story(ctx: Context) -> list[Flowable]:
    """All flowables of the handout in reading order; their structure goes into `ctx.structure`
    (H1 title, notices, one Sect per section, the closing line)."""
    story: list[Flowable] = []

    def add(flowables: list[Flowable], structure=None) -> None:  # to the story and the document's structure
        story.extend(flowables)
        ctx.structure.add(structure or flowables)

    add(cover(ctx) + notices(ctx))
    closing_done = False
    sections = ctx.loc.handout.sections
    for section, following in zip(sections, [*sections[1:], None]):
        # the feedback line ends the text, before the references (which follow it) or the diary: after the
        # references it could be left alone on a page of its own
        if (section.new_page or references_only(section)) and not closing_done:
            add(closing(ctx))
            closing_done = True
        story.append(section_break(ctx, section, following))
        part = [heading(ctx, section)]
        # The break before the heading keeps it with the first lines of a paragraph; a block whose start
        # is kept together (a callout, a table, a list's first two items, a paragraph leading into a
        # list) must also be held on to, or the heading is left behind.
        blocks = section.blocks
        plain_start = bool(blocks) and isinstance(blocks[0], m.Paragraph) and not (
            len(blocks) > 1 and isinstance(blocks[1], (m.Bullets, m.Steps)))
        part[0].keepWithNext = int(bool(blocks) and not plain_start)
        for block, following in zip(section.blocks, [*section.blocks[1:], None]):
            flowables = render_block(block, ctx)
            if isinstance(block, m.Paragraph) and isinstance(following, (m.Bullets, m.Steps)):
                flowables[-1].keepWithNext = 1  # "before you start, tell them if:" stays with its list
            part.extend(flowables)
        if len(part) > 1 and isinstance(part[1], Columns):
            # references in columns need no holding: the break before the heading leaves room for their
            # first lines, and their columns go on on the next page (held, they all moved on together)
            part[0].keepWithNext = 0
        if any(getattr(f, "turn", False) for f in part):  # too wide for the page: across its length
            story.append(Turned(part))
            ctx.structure.add(group("Sect", part))
        else:
            add(part, group("Sect", part))
    if not closing_done:
        add(closing(ctx))
    if ctx.writing_pages:
        add(writing_pages(ctx))
    if ctx.back_cover:
        story += [NextPageTemplate("back")] * bool(ctx.back_height) + [PageBreak()]
        add(back_cover(ctx))
    return story


def build_bilingual_story(full: Context, main: Context, other: Context, gutter: float,
                          page_height: float) -> list[Flowable]:
    """The handout in two languages side by side, block by block: each block starts level with its
    counterpart, and a right-to-left language takes the right-hand column. The clinic box, notices,
    references and diary are set once, in the patient's language (`main`), across the page. A pair
    too tall for one page (a long table on small paper) is set one language after the other instead.

    The tagged structure reads each language straight through: one Part in the patient's language (with
    everything set once), then one Part in the other language, with its /Lang."""
    import dataclasses

    from handout.layout.context import make_table

    wide_other = dataclasses.replace(other, width=full.width)

    handout = main.loc.handout
    rtl_first = other.rtl and not main.rtl  # the right-to-left language goes on the right
    ours, theirs = Element("Part"), Element("Part", lang=other.loc.bcp47())
    full.structure.add(ours, theirs)

    def pair(a: list[Flowable], b: list[Flowable]) -> Flowable:  # a layout table: the caller tags a and b
        left, right = (b, a) if rtl_first or main.rtl else (a, b)
        if main.rtl and other.rtl:
            left, right = b, a
        row = make_table(full, [[left, right]], [main.width, main.width], [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), gutter)], splitInRow=1)
        row._argW = [main.width + gutter, main.width]
        return row

    def titles(ctx: Context) -> list[Flowable]:
        out = [ctx.para(ctx.loc.handout.meta.title, "title", role="H1")]
        if ctx.loc.handout.meta.subtitle:
            out.append(ctx.para(ctx.loc.handout.meta.subtitle, "subtitle"))
        return out

    def once(flowables: list[Flowable], structure=None) -> list[Flowable]:  # across the page, our language
        ours.add(structure or flowables)
        return flowables

    mine, yours = titles(main), titles(other)
    ours.add(mine)
    theirs.add(yours)
    story: list[Flowable] = [pair(mine, yours)]
    if handout.meta.key_facts:  # the key facts in both languages, side by side
        facts, twin_facts = key_facts_box(main, call=False), key_facts_box(other, call=False)
        ours.add(facts)
        theirs.add(twin_facts)
        story.append(pair([facts], [twin_facts]))
        story.extend(once([key_facts_box(full, facts=False)] + notices(full)))
    else:
        story.extend(once(title_block(full, with_title=False) + notices(full)))
    closing_done = False
    sections = handout.sections
    for section, twin, following in zip(sections, other.loc.handout.sections, [*sections[1:], None]):
        shared = section.new_page or all(type(b).__name__ == "References" for b in section.blocks)
        if shared and not closing_done:  # the feedback line ends the text, before the references
            story.extend(once(closing(full)))
            closing_done = True
        story.append(section_break(full, section, following))
        if shared:  # one language across the page: references are not translated, the diary is a form
            if not section.new_page:  # after a pair of columns, whose last paragraph's space a cell drops
                story.append(Spacer(1, full.styles.para["body"].spaceAfter))
            part = [heading(full, section)]
            part[0].keepWithNext = 1  # with the references' first item (in columns: see above), or the diary
            for block in section.blocks:
                part.extend(render_block(block, full))
            if len(part) > 1 and isinstance(part[1], Columns):
                part[0].keepWithNext = 0
            if any(getattr(f, "turn", False) for f in part):  # too wide for the page: across its length,
                story.append(Turned(part))  # as in one language (it was set upright, wider than the page)
                ours.add(group("Sect", part))
                continue
            story.extend(once(part, group("Sect", part)))
            continue
        head, twin_head = heading(main, section), heading(other, twin)
        sect, twin_sect = group("Sect", head), group("Sect", twin_head)
        ours.add(sect)
        theirs.add(twin_sect)
        story.append(pair([head], [twin_head]))
        # the pair of headings held with the first pair of blocks only where that pair is kept whole (a
        # callout, a table): a pair of paragraphs or lists splits between its lines or items, and held, it
        # went to the next page whole and left half a page empty (the break before the headings leaves
        # room for their first lines)
        blocks = section.blocks
        story[-1].keepWithNext = int(bool(blocks) and isinstance(blocks[0], (m.Callout, m.Table)))
        # the heading's space above it (a table cell drops its first paragraph's space, and the cell above
        # its last paragraph's space below)
        story[-1].spaceBefore = head.getSpaceBefore() + main.styles.para["body"].spaceAfter
        for block, counterpart in zip(section.blocks, twin.blocks):
            mine, yours = render_block(block, main), render_block(counterpart, other)
            row = pair(mine, yours)
            if row.wrap(full.width, page_height)[1] > 0.9 * page_height:
                mine, yours = render_block(block, full), render_block(counterpart, wide_other)
                story.extend(mine + yours)
            elif len(mine) == len(yours) and any(isinstance(f, Whole) for f in mine + yours):
                # cards and callouts side by side, pair by pair, each pair kept on one page: in one row
                # a card began at the foot of a page and its "what to do" went on the next
                story.extend(Whole(pair([a], [b])) if isinstance(a, Whole) or isinstance(b, Whole) else pair([a], [b])
                             for a, b in zip(mine, yours))
            else:
                story.append(row)
            sect.add(mine)
            twin_sect.add(yours)
    if not closing_done:
        story.extend(once(closing(full)))
    if full.writing_pages:
        story.extend(once(writing_pages(full, dataclasses.replace(other, width=full.width))))
    if full.back_cover:
        story += [NextPageTemplate("back")] * bool(full.back_height) + [PageBreak()]
        story.extend(once(back_cover(full)))
    return story
