"""Handouts made on demand for the web page: each PDF is built once and kept in memory with its thumbnails.

A handout is named by a `Key` (locale, edition, paper, booklet, and the day, since the review-date policy
can mark or refuse a handout from one day to the next) whose values the caller has already checked against
the known lists, so nothing a request says ever becomes a file name here. Requests for the same handout that
arrive together wait on that handout's own lock and the first one builds it; the others get the result,
including a refusal (a `HandoutError`), which is kept too so a refused handout is not rebuilt on every click.
The building itself and pdfium's rendering run one at a time under one process-wide lock, because
ReportLab's font registry, the on-disk font cache and pdfium are process-global and not thread-safe.
"""
from __future__ import annotations

import datetime as dt
import io
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pypdfium2 as pdfium

from handout.build import Built
from handout.errors import HandoutError

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

THUMBNAIL_WIDTH = 440  # pixels: sharp at the page's 220 CSS pixels on a 2x tablet screen
_ENGINE = threading.Lock()  # one ReportLab build or pdfium render at a time in this process


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
    """A built handout (`built`, `pdf`) or why it could not be built (`error`)."""

    key: Key
    built: Built | None = None
    pdf: bytes = b""
    error: HandoutError | None = None
    page_size: tuple[float, float] = (0.0, 0.0)  # points, of the first page (booklet sheets are landscape)
    thumbnails: dict[int, bytes] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return self.built.path.name if self.built else ""


Builder = Callable[[Key, Path], Built]


class HandoutCache:
    """Builds each handout once with `builder(key, folder)` and keeps the newest `capacity` in memory.

    `builder` writes the PDF into `folder` (a private temporary folder) and returns `Built`; the cache reads
    the bytes and removes the file at once.
    """

    def __init__(self, builder: Builder, folder: Path, capacity: int = 64):
        self._builder = builder
        self._folder = folder
        self._capacity = capacity
        self._made: OrderedDict[Key, Made] = OrderedDict()
        self._locks: dict[Key, threading.Lock] = {}
        self._guard = threading.Lock()  # protects _made and _locks themselves

    def get(self, key: Key) -> Made:
        """The handout for `key`, built now unless it already was (or is being built by another request)."""
        made = self._cached(key)
        if made is not None:
            return made
        with self._lock_for(key):
            made = self._cached(key)  # built by the request we waited for
            if made is None:
                made = self._build(key)
                with self._guard:
                    self._made[key] = made
                    while len(self._made) > self._capacity:
                        self._made.popitem(last=False)
            return made

    def thumbnail(self, key: Key, page: int) -> bytes:
        """PNG of page `page` (1-based) of a built handout; IndexError when it has no such page."""
        made = self.get(key)
        if made.built is None or not 1 <= page <= made.built.pages:
            raise IndexError(page)
        with self._lock_for(key):
            if page not in made.thumbnails:
                with _ENGINE:
                    made.thumbnails[page] = render_thumbnail(made.pdf, page)
            return made.thumbnails[page]

    def _cached(self, key: Key) -> Made | None:
        with self._guard:
            made = self._made.get(key)
            if made is not None:
                self._made.move_to_end(key)
            return made

    def _lock_for(self, key: Key) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())

    def _build(self, key: Key) -> Made:
        start = time.perf_counter()
        with _ENGINE:
            try:
                built = self._builder(key, self._folder)
            except HandoutError as exc:
                log.warning("refused %s %s %s: %s", key.locale, key.edition, key.paper, exc)
                return Made(key, error=exc)
            try:
                data = built.path.read_bytes()
            finally:
                built.path.unlink(missing_ok=True)
            size = page_size(data)
        made = Made(key, built=built, pdf=data, page_size=size)
        log.info("built %s: %d pages, %d KB in %.2f s", made.filename, built.pages, len(data) // 1024,
                 time.perf_counter() - start)
        return made


def page_size(pdf: bytes) -> tuple[float, float]:
    """Width and height of the first page, in points."""
    document = pdfium.PdfDocument(pdf)
    try:
        return tuple(document.get_page_size(0))
    finally:
        document.close()


def render_thumbnail(pdf: bytes, page: int, width: int = THUMBNAIL_WIDTH) -> bytes:
    """Page `page` (1-based) of a PDF as a PNG `width` pixels wide, rendered by pdfium."""
    buffer = io.BytesIO()
    document = pdfium.PdfDocument(pdf)
    try:
        sheet = document[page - 1]
        # saved before the document closes: the image shares pdfium's bitmap memory
        sheet.render(scale=width / sheet.get_width()).to_pil().save(buffer, "PNG")
        sheet.close()
    finally:
        document.close()
    return buffer.getvalue()
