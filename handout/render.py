"""Render: flowables → PDF bytes, and the atomic write of those bytes to disk.

Page furniture is drawn after the whole document is laid out, so every page can say "Page x of y" in a
single layout pass. Output is deterministic (ReportLab's invariant mode; SOURCE_DATE_EPOCH is honoured):
the same input gives the same bytes.
"""
from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, LayoutError, PageTemplate

from handout import __version__
from handout.errors import HandoutError, OutputError
from handout.layout import Context, Footer, build_bilingual_story, build_story
from handout.tagging import MarkedContent, TaggedCanvas

# Page streams are compressed binary, not also ASCII85-encoded text (a quarter bigger, for no reader's sake).
rl_config.useA85 = 0

PAGE_SIZES = {"a4": A4, "letter": LETTER}  # what clinics print on
_SIZES = {**PAGE_SIZES, "a5": A5, "half-letter": (LETTER[1] / 2, LETTER[0])}  # booklet pages


class _Document(BaseDocTemplate):
    def afterFlowable(self, flowable):
        if getattr(flowable, "outline_key", None):
            self.canv.bookmarkPage(flowable.outline_key)
            self.canv.addOutlineEntry(flowable.outline_title, flowable.outline_key, level=0)


def _stamp(date) -> "TimeStamp":
    """The PDF's creation date: SOURCE_DATE_EPOCH when set (reproducible builds), else the content's
    last review date, so that the same content always gives the same bytes and an honest date."""
    import calendar
    import time

    from reportlab.lib.utils import TimeStamp

    stamp = TimeStamp(invariant=1)
    if not os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        stamp.t = calendar.timegm(date.timetuple())
        stamp.lt = time.gmtime(stamp.t)
        stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def _canvas_class(footer: Footer, tags: MarkedContent, info: dict):
    """A tagging canvas that keeps each page open until the total is known, then draws the footer on it."""

    class FurnishedCanvas(TaggedCanvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = _stamp(footer.ctx.loc.handout.meta.last_reviewed)
            self._pages: list[dict] = []
            self.tags, self.document_info = tags, info

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                footer.draw(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return FurnishedCanvas


def render_pdf(ctx_args: dict, paper: str, companion: dict | None = None) -> tuple[bytes, int]:
    """Lay out and render one handout; return the PDF bytes and its page count.

    `ctx_args` are the fields of layout.Context except `width` (which the paper decides). `companion`,
    for the bilingual edition, holds the same for the language set beside it.
    """
    page_w, page_h = _SIZES[paper]
    styles = ctx_args["styles"]
    margins = styles.margins
    width = page_w - margins["left"] - margins["right"]
    ctx = Context(width=width, **ctx_args)
    footer = Footer(ctx)
    bottom = margins["bottom"] + footer.height + styles.footer_gap
    top = margins["top"] + footer.band_height
    frame = Frame(margins["left"], bottom, width, page_h - top - bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    loc, clinic = ctx.loc, ctx.clinic
    meta = loc.handout.meta
    info = dict(title=ctx.plain(meta.title), author=clinic.name, subject=ctx.plain(meta.subject),
                keywords=", ".join(ctx.plain(k) for k in meta.keywords), producer=f"handout {__version__}")
    buffer = io.BytesIO()
    doc = _Document(
        buffer, pagesize=(page_w, page_h), pageTemplates=[PageTemplate("page", [frame])],
        title=info["title"], author=clinic.name, subject=info["subject"],
        keywords=[ctx.plain(k) for k in meta.keywords], creator=f"handout {__version__}",
        producer=info["producer"], lang=loc.bcp47(), displayDocTitle=1, invariant=1,
        initialFontName=styles.family.regular, initialFontSize=styles.para["body"].fontSize,
        leftMargin=margins["left"], rightMargin=margins["right"], topMargin=margins["top"],
        bottomMargin=bottom)
    ctx.structure.add(footer.structure())
    if companion is None:
        story = build_story(ctx)
    else:
        gutter = styles.bilingual["gutter_mm"] * mm
        column = (width - gutter) / 2
        story = build_bilingual_story(ctx, Context(width=column, **ctx_args),
                                      Context(width=column, **dict(companion, review=ctx.review)), gutter,
                                      frame._aH)
    canvasmaker = _canvas_class(footer, MarkedContent(ctx.structure), dict(info, lang=loc.bcp47()))
    try:
        doc.build(story, canvasmaker=canvasmaker)
    except LayoutError as exc:
        raise HandoutError(f"a block of the handout is too large to fit on a {paper} page ({str(exc)[:80]}...); "
                           "shorten it or split it into smaller blocks") from None
    return compact(buffer.getvalue()), doc.page


def compact(data: bytes) -> bytes:
    """The same PDF with its small objects packed into compressed object streams and a cross-reference
    stream (PDF 1.5, read by every current viewer and printer; ReportLab writes neither), by qpdf.

    A tagged handout has an object per paragraph, list item and table cell: uncompressed, with a 20-byte
    cross-reference entry each, they made the English handout 86 KB; packed, it is 35 KB. Deterministic:
    the same input gives the same bytes."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True)
    return out.getvalue()


def write_pdf(data: bytes, target: Path) -> None:
    """Write `data` to `target` atomically: a failed write never leaves a partial or damaged file."""
    folder = target.parent
    if target.is_dir():
        raise OutputError("the output path is a folder; give a file name or another folder", path=str(target))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError("cannot create the output folder: a file has that name; choose another --out",
                          path=str(folder)) from None
    except OSError as exc:
        raise OutputError(f"cannot create the output folder: {exc.strerror}; choose another --out",
                          path=str(folder)) from None
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        reason = "the disk is full" if exc.errno == 28 else exc.strerror
        raise OutputError(f"cannot write the PDF: {reason}; the previous file, if any, is unchanged",
                          path=str(target)) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
