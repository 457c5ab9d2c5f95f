"""Turned pages: flowables set across the page's length, for a form too wide for the page's width.

A large-print diary has eight columns of 18 pt headings: more than the width of an A5 booklet page (or, in
Arabic, of an A4 one) can hold without cutting a word, but the page's length can. `Turned` lays its
flowables out in a frame as wide as the page's body is tall, page after page, and draws each page's share
turned a quarter (the top of the text at the page's left edge: turn the page clockwise to read it), as
printed forms and wide tables in books are. The page's footer stays where it is on every other page.
"""
from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak


class Turned(Flowable):
    """`flowables` set on turned pages; it always fills what is left of the frame (start it on a new page)."""

    def __init__(self, flowables: list[Flowable]):
        super().__init__()
        self.flowables = flowables
        first = flowables[0] if flowables else None  # a heading's bookmark goes with the first page
        for name in ("outline_key", "outline_title"):
            if hasattr(first, name):
                setattr(self, name, getattr(first, name))

    def wrap(self, avail_width, avail_height):
        return avail_width, avail_height + 1  # never drawn whole: split() sets each page

    def split(self, avail_width, avail_height):
        canv = getattr(self, "canv", None)
        width, room = avail_height, avail_width  # the turned frame
        placed: list[tuple[Flowable, float, float]] = []  # each flowable, its top (from the frame's top), height
        y, rest = 0.0, list(self.flowables)
        while rest:
            flowable = rest.pop(0)
            if isinstance(flowable, PageBreak):
                if placed:
                    break
                continue
            before = flowable.getSpaceBefore() if placed else 0
            _, height = flowable.wrapOn(canv, width, room - y - before)
            if y + before + height <= room + 0.01:
                placed.append((flowable, y + before, height))
                y += before + height + flowable.getSpaceAfter()
                continue
            parts = flowable.splitOn(canv, width, room - y - before)
            if parts and not isinstance(parts[0], PageBreak):
                first = parts[0]
                _, height = first.wrapOn(canv, width, room - y - before)
                placed.append((first, y + before, height))
                rest[:0] = parts[1:]
            elif not placed:
                return []  # too big for a whole turned page: the document reports it
            else:
                rest.insert(0, flowable)
            break
        page = _TurnedPage(placed, width, room)
        for name in ("outline_key", "outline_title"):
            if hasattr(self, name):
                setattr(page, name, getattr(self, name))
        return [page, PageBreak(), Turned(rest)] if rest else [page]


class _TurnedPage(Flowable):
    """One page's share of a Turned: drawn a quarter turn anticlockwise across the whole frame."""

    def __init__(self, placed: list[tuple[Flowable, float, float]], width: float, height: float):
        super().__init__()
        self.placed, self.turned_width, self.turned_height = placed, width, height

    def wrap(self, avail_width, avail_height):
        return avail_width, avail_height

    def drawOn(self, canvas, x, y, _sW=0):
        canvas.saveState()
        # content (cx, cy) lands on the page at (x + H - cy, y + cx): its top along the frame's left edge
        canvas.translate(x + self.turned_height, y)
        canvas.rotate(90)
        for flowable, top, height in self.placed:
            flowable.drawOn(canvas, 0, self.turned_height - top - height)
        canvas.restoreState()
