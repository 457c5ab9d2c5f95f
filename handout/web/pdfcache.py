"""What the front desk keeps of a handout: a small record (`Made`), and its page pictures, bounded in bytes.

A handout is named by a `Key` (locale, edition, paper, booklet, and the day, since the review-date policy
can mark or refuse a handout from one day to the next) whose values the caller has already checked against
the known lists, so nothing a request says ever becomes a file name here. The PDFs themselves stay in the
server's folder (shelf.py). Page pictures are rendered by pdfium, one at a time in this process (pdfium is
process-global and not thread-safe; it releases the GIL while it draws, so requests go on being served),
and the most recently used are kept up to a number of bytes.
"""
from __future__ import annotations

import datetime as dt
import io
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from handout.build import Built
from handout.errors import HandoutError

THUMBNAIL_WIDTH = 440  # pixels: sharp at the page's 220 CSS pixels on a 2x tablet screen
_ENGINE = threading.Lock()  # one pdfium render at a time in this process


@dataclass(frozen=True)
class Key:
    """One printable handout, in values already checked against the server's known lists."""

    locale: str
    edition: str
    paper: str
    booklet: bool
    day: dt.date  # today where the clinic is: the review-date policy depends on it


@dataclass
class Made:
    """A built handout (`built`: its path in the folder, pages, warnings) or why it could not be built (`error`)."""

    key: Key
    built: Built | None = None
    error: HandoutError | None = None
    page_size: tuple[float, float] | None = None  # points, of the first page (booklet sheets are landscape)

    @property
    def filename(self) -> str:
        return self.built.path.name if self.built else ""


class PictureCache:
    """Page pictures (PNG) of built handouts, the most recently used kept up to `capacity` bytes."""

    def __init__(self, capacity: int = 64 * 1024 * 1024):
        self.capacity = capacity
        self.size = 0
        self._pictures: OrderedDict[tuple[Path, int, int], bytes] = OrderedDict()
        self._guard = threading.Lock()

    def picture(self, path: Path, page: int) -> bytes:
        """PNG of page `page` (1-based) of the PDF at `path` (IndexError when it has no such page; OSError
        when the file is gone)."""
        stamp = path.stat().st_mtime_ns  # a rebuilt file is a new picture
        key = (path, stamp, page)
        with self._guard:
            image = self._pictures.get(key)
            if image is not None:
                self._pictures.move_to_end(key)
                return image
        with _ENGINE:
            image = render_thumbnail(path, page)
        with self._guard:
            if key not in self._pictures:
                self._pictures[key] = image
                self.size += len(image)
            while self.size > self.capacity and self._pictures:
                self.size -= len(self._pictures.popitem(last=False)[1])
        return image

    def page_size(self, path: Path) -> tuple[float, float]:
        with _ENGINE:
            return page_size(path)


def page_size(pdf: bytes | Path) -> tuple[float, float]:
    """Width and height of the first page, in points."""
    document = pdfium.PdfDocument(pdf)
    try:
        return tuple(document.get_page_size(0))
    finally:
        document.close()


def render_thumbnail(pdf: bytes | Path, page: int, width: int = THUMBNAIL_WIDTH) -> bytes:
    """Page `page` (1-based) of a PDF as a PNG `width` pixels wide, rendered by pdfium."""
    buffer = io.BytesIO()
    document = pdfium.PdfDocument(pdf)
    try:
        if not 1 <= page <= len(document):
            raise IndexError(page)
        sheet = document[page - 1]
        # saved before the document closes: the image shares pdfium's bitmap memory
        sheet.render(scale=width / sheet.get_width()).to_pil().save(buffer, "PNG")
        sheet.close()
    finally:
        document.close()
    return buffer.getvalue()
