"""Booklet: impose half-size pages two-up in fold order, for leaflet racks that hold folded A5.

The handout is laid out on half-size pages (A5 for A4 paper, half-Letter for Letter), padded with blank
pages to a multiple of 4 (before its last page, the contact page, which stays the back cover), and
placed two to a landscape sheet side so that the printed stack, folded in
half, reads in order. Right-to-left languages bind on the right, so each sheet side is mirrored.
Imposition uses pypdf: no PDF objects are written by hand.
"""
from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, A5, LETTER

HALF = {"a4": A5, "letter": (LETTER[1] / 2, LETTER[0])}  # portrait half sheets
SHEET = {"a4": (A4[1], A4[0]), "letter": (LETTER[1], LETTER[0])}  # landscape sheets


def fold_order(pages: int, rtl: bool = False, back_cover: bool = False) -> list[tuple[int | None, int | None]]:
    """For each sheet side in printing order, the (left, right) page numbers (1-based; None = blank).
    With `back_cover`, the last page stays the outside back of the folded booklet and the blanks go
    before it.

    >>> fold_order(4)
    [(4, 1), (2, 3)]
    >>> fold_order(5)
    [(None, 1), (2, None), (None, 3), (4, 5)]
    >>> fold_order(5, back_cover=True)
    [(5, 1), (2, None), (None, 3), (4, None)]
    """
    total = -(-pages // 4) * 4

    def number(n: int) -> int | None:
        if back_cover and n == total:
            return pages
        return n if n < pages or (n == pages and not back_cover) else None
    sides = []
    for i in range(total // 4):
        front = (number(total - 2 * i), number(2 * i + 1))
        back = (number(2 * i + 2), number(total - 2 * i - 1))
        sides += [front, back]
    return [(right, left) for left, right in sides] if rtl else sides


def impose(pdf: bytes, paper: str, rtl: bool = False) -> tuple[bytes, int, int]:
    """Two-up booklet imposition of `pdf` (half-size pages) on `paper` sheets.

    Returns (PDF bytes, sheet sides, blank pages added).
    """
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import NameObject

    source = PdfReader(io.BytesIO(pdf))
    pages = len(source.pages)
    width, height = SHEET[paper]
    half = width / 2
    writer = PdfWriter()
    order = fold_order(pages, rtl, back_cover=True)
    for left, right in order:
        side = writer.add_blank_page(width, height)
        for number, x in ((left, 0), (right, half)):
            if number is not None:
                side.merge_transformed_page(source.pages[number - 1], Transformation().translate(x, 0))
    writer.add_metadata({key: value for key, value in (source.metadata or {}).items()})
    # the print dialog's settings asked for by the file itself: double-sided, flipped on the short edge,
    # at 100% (a 'fit to page' scaling would shrink the pages off their fold)
    preferences = writer.create_viewer_preferences()
    preferences.duplex = NameObject("/DuplexFlipShortEdge")
    preferences.print_scaling = NameObject("/None")
    preferences.display_doctitle = True
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(order), len(order) * 2 - pages


def instructions(sides: int, blanks: int) -> str:
    sheets = sides // 2
    return (f"Booklet: {sheets} sheet(s). Print double-sided, flipping on the SHORT edge, at 100% (no "
            f"'fit to page'; the PDF asks the print dialog for both); fold the stack in half and staple on the "
            f"fold. {blanks} blank page(s) were added so the pages fold in order.")
