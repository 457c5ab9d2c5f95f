"""Render: flowables → PDF bytes, and the atomic write of those bytes to disk.

Page furniture is drawn after the whole document is laid out, so every page can say "Page x of y" in a
single layout pass. Output is deterministic (ReportLab's invariant mode; SOURCE_DATE_EPOCH is honoured):
the same input gives the same bytes.
"""
from __future__ import annotations

import dataclasses
import errno
import io
import os
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, LayoutError, PageTemplate

from handout import __version__, tempfiles
from handout.errors import ContentError, OutputError
from handout.layout.story import Context, Footer, build_bilingual_story, build_story
from handout.layout.styles import Styles
from handout.layout.tagging import MarkedContent, TaggedCanvas
from handout.pdf.pdfwrite import packed

# Page streams are compressed binary, not also ASCII85-encoded text (a quarter bigger, for no reader's sake).
rl_config.useA85 = 0

PAGE_SIZES = {"a4": A4, "letter": LETTER}  # what clinics print on
BOOKLET_PAGES = {"a5": A5, "half-letter": (LETTER[1] / 2, LETTER[0])}  # a booklet's half-size pages
_SIZES = {**PAGE_SIZES, **BOOKLET_PAGES}


class _Document(BaseDocTemplate):
    section: str | None = None  # id of the last section heading laid out, for error messages

    def handle_pageBegin(self):
        super().handle_pageBegin()
        self.canv.back_cover = self.pageTemplate.id == "back"  # kept with the page's state (FurnishedCanvas)

    def handle_pageEnd(self):
        frame = self.frame  # how much of the page's body the text reaches down to
        self.__dict__.setdefault("fills", []).append((frame._y2 - frame._y) / frame._height)
        super().handle_pageEnd()

    def afterFlowable(self, flowable):
        if getattr(flowable, "outline_key", None):
            self.section = flowable.outline_key
            self.canv.bookmarkPage(flowable.outline_key)
            self.canv.addOutlineEntry(flowable.outline_title, flowable.outline_key, level=0)


def _stamp(date):
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
                footer.draw(self, self._pageNumber, total, getattr(self, "back_cover", False))
                super().showPage()
            doc = self._doc
            doc.format = lambda: packed(doc)  # object streams written directly, not packed in a second pass
            super().save()

    return FurnishedCanvas


# How much of a page's body a page must fill, but for the last: a page that holds only the last lines of
# a section before the diary's page looks like the end of the leaflet, and wastes paper.
MIN_FILL = 0.5  # no page but the last under half full
NEARLY_EMPTY = 0.3  # never: a quarter (a measure of the ink, in the tests, reads a little less than the frame)
_TIGHT: dict[tuple[int, float], Styles] = {}


def tightened(styles: Styles, factor: float) -> Styles:
    """`styles` with the space around paragraphs, lists, tables and callouts times `factor` (type size
    and leading unchanged). The space above a heading is never taken: it is what shows where a new
    topic starts (a heading squeezed against the text before it reads as part of it)."""
    key = (id(styles), factor)
    if key not in _TIGHT:
        para = {name: style.clone(name, spaceBefore=style.spaceBefore * factor, spaceAfter=style.spaceAfter * factor)
                for name, style in styles.para.items()}
        heading = styles.para["heading"]  # what the text above it gives up, the heading takes back
        taken = max(styles.para[name].spaceAfter for name in ("body", "list_item", "dates")) * (1 - factor)
        para["heading"] = heading.clone("heading", spaceBefore=heading.spaceBefore + taken,
                                        spaceAfter=heading.spaceAfter)
        _TIGHT[key] = dataclasses.replace(styles, para=para,
                                          table=dict(styles.table, space=styles.table["space"] * factor),
                                          callout=dict(styles.callout, space=styles.callout["space"] * factor))
    return _TIGHT[key]


def render_pdf(ctx_args: dict, paper: str, companion: dict | None = None) -> tuple[bytes, int]:
    """Lay out and render one handout; return the PDF bytes and its page count.

    `ctx_args` are the fields of layout.Context except `width` (which the paper decides). `companion`,
    for the bilingual edition, holds the same for the language set beside it.

    A page other than the last that ends up less than half full (the last lines of a section before
    the diary starts its page) is pulled back: the handout is laid out again with less space between
    its paragraphs (never above a heading), then with less again; failing that, the last section before the
    diary (unless it is the references) starts a page of its own, so that it is not split into a few
    stray lines. The first layout without such a page is kept, else the one with the fewest pages, then
    the fewest pages under half full.
    """
    best = None
    for factor, own_page in ((1.0, False), (0.6, False), (0.3, False), (1.0, True)):
        args = dict(ctx_args, styles=tightened(ctx_args["styles"], factor), last_on_own_page=own_page)
        other = dict(companion, styles=tightened(companion["styles"], factor)) if companion else None
        data, pages, fills = _render(args, paper, other)
        low = sum(fill < MIN_FILL for fill in fills[:-1])
        key = (sum(fill < NEARLY_EMPTY for fill in fills[:-1]), pages, low)
        if best is None or key < best[0]:
            best = (key, data, pages, args, other)
        if not low:
            break
    blanks = -best[2] % 4
    if paper in BOOKLET_PAGES and blanks:  # a booklet's pages come in fours: the blanks become pages to write on
        data, pages, _ = _render(dict(best[3], writing_pages=blanks), paper, best[4])
        if pages == best[2] + blanks:
            return data, pages
    # nothing helped fully: the fewest nearly empty pages, then the fewest pages, then the fewest under half full
    return best[1], best[2]


def _render(ctx_args: dict, paper: str, companion: dict | None) -> tuple[bytes, int, list[float]]:
    page_w, page_h = _SIZES[paper]
    styles = ctx_args["styles"]
    spare = page_w - styles.margins["left"] - styles.margins["right"] - styles.measure
    if styles.measure and spare > 0:  # lines no longer than the measure: the rest goes to the margins
        styles = dataclasses.replace(styles, margins=dict(styles.margins, left=styles.margins["left"] + spare / 2,
                                                          right=styles.margins["right"] + spare / 2))
        ctx_args = dict(ctx_args, styles=styles)
    margins = styles.margins
    width = page_w - margins["left"] - margins["right"]
    ctx = Context(width=width, back_cover=paper in BOOKLET_PAGES, **ctx_args)
    footer = Footer(ctx, Context(width=width, **companion) if companion else None)
    footer.check_fits(page_h - margins["top"] - margins["bottom"])
    bottom = margins["bottom"] + footer.height + styles.footer_gap
    top = margins["top"] + footer.band_height
    frame = Frame(margins["left"], bottom, width, page_h - top - bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    ctx.frame_height = frame._aH
    templates = [PageTemplate("page", [frame])]
    if ctx.back_cover:  # the back cover holds the clinic's box, phone and all: no footer under it
        back = Frame(margins["left"], margins["bottom"], width, page_h - top - margins["bottom"],
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="back")
        templates.append(PageTemplate("back", [back]))
        ctx.back_height = back._aH
    loc, clinic = ctx.loc, ctx.clinic
    meta = loc.handout.meta
    info = dict(title=ctx.plain(meta.title), author=clinic.name, subject=ctx.plain(meta.subject),
                keywords=", ".join(ctx.plain(k) for k in meta.keywords), producer=f"handout {__version__}")
    buffer = io.BytesIO()
    doc = _Document(
        buffer, pagesize=(page_w, page_h), pageTemplates=templates,
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
    except LayoutError:
        raise _too_tall(ctx, doc.section) from None
    return buffer.getvalue(), doc.page, doc.__dict__.get("fills", [])


def _too_tall(ctx: Context, section_id: str | None) -> ContentError:
    """The error for a block taller than a page (a flowable ReportLab cannot split): the section it is in."""
    handout = ctx.loc.handout
    language = "" if ctx.loc.locale == handout.meta.source_language else f" in the '{ctx.loc.locale}' text"
    section = next((s for s in handout.sections if s.id == section_id), None)
    if section is None:
        return ContentError(f"the title block (title, subtitle and clinic box){language} is too tall for one "
                            "page; shorten the title or subtitle", path=handout.path, line=handout.meta.title.line)
    return ContentError(f"section '{section.id}': a block{language} is too tall to fit on one page (a table "
                        "row, a callout paragraph or the diary); shorten its text or split it into smaller pieces",
                        path=handout.path, line=section.line)


_REASONS = {errno.ENOSPC: ("the disk is full", "free some space or choose another --out"),
            errno.EDQUOT: ("the disk quota is used up", "free some space or choose another --out"),
            errno.EROFS: ("the disk is read-only", "choose another --out"),
            errno.EACCES: ("permission denied", "choose a folder you can write to with --out"),
            errno.EPERM: ("permission denied", "choose a folder you can write to with --out"),
            errno.ENAMETOOLONG: ("the name is too long", "choose a shorter --out")}


def _reason(exc: OSError) -> str:
    """'what went wrong; what to do' for an OSError while writing."""
    what, todo = _REASONS.get(exc.errno, (exc.strerror or type(exc).__name__, "choose another --out"))
    return f"{what}; {todo}"


def write_pdf(data: bytes, target: Path) -> None:
    """Write `data` to `target` atomically: a failed, killed or concurrent write never leaves a partial
    or damaged file.

    The bytes go to a temporary file beside the target (`.NAME.PID.RANDOM.tmp`), are flushed to the disk,
    then renamed over the target in one step: a reader, a second build writing the same file, or a crash at
    any moment sees the old complete file or the new complete one. A build killed before the rename leaves
    its temporary file behind; the next successful build into the same folder removes it.
    """
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError("cannot create the output folder: a file has that name; choose another --out",
                          path=str(folder)) from None
    except NotADirectoryError:
        raise OutputError("cannot create the output folder: a file is in its path; choose another --out",
                          path=str(folder)) from None
    except OSError as exc:
        raise OutputError(f"cannot create the output folder: {_reason(exc)}", path=str(folder)) from None
    try:
        if target.is_dir():
            raise OutputError("the output path is a folder; give a file name or another folder", path=str(target))
        tempfiles.write_atomic(target, data)
    except OSError as exc:
        raise OutputError(f"cannot write the PDF: {_reason(exc)} (the previous file, if any, is unchanged)",
                          path=str(target)) from None
    tempfiles.remove_stale(folder)
