"""Page furniture: the title block with the clinic's box, the notices under it, the closing feedback
line, and the footer drawn on every page (clinic and phone, page x of y, version and review dates).
"""
from __future__ import annotations

import dataclasses
import functools

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, PageBreak, Spacer

from handout.errors import ClinicError
from handout.layout.blocks import _list, callout_box, closed_at_split
from handout.layout.context import Context, make_table, widest_piece
from handout.layout.styles import derived
from handout.layout.tagging import Element, Tagged, artifact, group, structured
from handout.source.clinic import Clinic
from handout.source.markup import Run


def title_block(ctx: Context, with_title: bool = True, tight: bool = False) -> list[Flowable]:
    """Title and subtitle beside a box with the clinic's name and contacts (and logo); in large print
    (or without the title, as in the bilingual edition), the box goes under the title at full width.
    `tight`: the box alone, in the edition's smallest type (a booklet's back cover that must hold it)."""
    meta, s = ctx.loc.handout.meta, ctx.styles
    clinic_key, name_key = ("clinic_tight", "clinic_name_tight") if tight else ("clinic", "clinic_name")
    left: list[Flowable] = []
    if with_title:
        left.append(ctx.para(meta.title, "title", role="H1"))
        if meta.subtitle:
            left.append(ctx.para(meta.subtitle, "subtitle"))
    clinic_width = ctx.width * s.title_block["clinic_width"] if with_title else 0
    clinic_style = s.para["clinic"]
    if clinic_width and widest_piece(_clinic_texts(ctx), clinic_style.fontName, clinic_style.fontSize) \
            > clinic_width - 12:
        clinic_width = 0  # a word or address piece too wide for the box beside the title: box under it
    inner = clinic_width - 12 if clinic_width else ctx.width - 16  # the box's text width, inside its padding
    right: list[Flowable] = []
    clinic = ctx.clinic
    if clinic.logo:
        alt = ctx.plain(ctx.label("logo_alt"), {"clinic_name": clinic.name})
        right.append(figure(logo(clinic, s.title_block["logo_height_mm"] * mm), alt))
    right.append(ctx.para(ctx.label("contact_heading"), name_key, width=inner))
    right.append(ctx.para_runs([Run(clinic.name)], clinic_key, own_direction=True, width=inner))
    if clinic.department:
        right.append(ctx.para_runs([Run(clinic.department)], clinic_key, own_direction=True, width=inner))
    for key in ("phone", "address", "email", "website"):
        value = getattr(clinic, key)
        if value:
            if key == "phone":
                value = clinic.phone_unbroken
            right.append(ctx.para(ctx.label(key), clinic_key, {key: value}, width=inner))
    if not clinic_width:
        # one row per line, so that a box too tall for what is left of the page (a long name and web
        # address in large print on a booklet's A5 page) goes on on the next page, closed and opened again
        boxed = make_table(ctx, [[item] for item in right], [ctx.width], [
            ("BOX", (0, 0), (-1, -1), 1, s.colours["rule"]),
            ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, 0), 4 if tight else 6), ("BOTTOMPADDING", (0, -1), (-1, -1), 4 if tight else 8),
            *closed_at_split(1, s.colours["rule"])])
        boxed.spaceBefore, boxed.spaceAfter = (0, 0) if tight else (6, 6)
        return [*left, structured(boxed, group("Div", right))]
    title, box = (1, 0) if ctx.rtl else (0, 1)
    table = make_table(ctx, [ctx.row([left, right])], ctx.row([ctx.width - clinic_width, clinic_width]), [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (title, 0), (title, 0), 0 if not ctx.rtl else 10),
        ("RIGHTPADDING", (title, 0), (title, 0), 0 if ctx.rtl else 10),
        ("BOX", (box, 0), (box, 0), 1, s.colours["rule"]),
        ("LEFTPADDING", (box, 0), (box, 0), 6),
        ("RIGHTPADDING", (box, 0), (box, 0), 6),
        ("TOPPADDING", (box, 0), (box, 0), 4),
        ("BOTTOMPADDING", (box, 0), (box, 0), 6),
    ])
    return [structured(table, *left, group("Div", right))]  # a layout table: its parts in reading order


def cover(ctx: Context, with_title: bool = True) -> list[Flowable]:
    """The front page's head: the title and subtitle across the page, then the box of key facts (what LDN
    is, what is not known, the one thing never to do) with who to call and the phone in large type. The
    clinic's full details go to the end of the text (a booklet's back cover). Content without key facts
    keeps the title beside the clinic box."""
    meta = ctx.loc.handout.meta
    if not meta.key_facts:
        return title_block(ctx, with_title=with_title)
    out: list[Flowable] = []
    if with_title:
        out.append(ctx.para(meta.title, "title", role="H1"))
        if meta.subtitle:
            out.append(ctx.para(meta.subtitle, "subtitle"))
    return [*out, key_facts_box(ctx)]


def key_facts(ctx: Context) -> list[Flowable]:
    """The key facts as a list, for a box as wide as `ctx`."""
    items = [ctx.para(fact, "key_fact") for fact in ctx.loc.handout.meta.key_facts]
    return items if len(items) == 1 else _list(ctx, items, numbered=False)


def call_line(ctx: Context) -> list[Flowable]:
    """Who to call: the clinic's logo, 'Your clinic' and its name, the phone in large type (smaller only
    where a long phone would not fit across the box at that size: the number never breaks), then its
    address, email and web address in one smaller paragraph: the compact strip of the clinic's details."""
    clinic, s = ctx.clinic, ctx.styles
    out: list[Flowable] = []
    if clinic.logo:
        alt = ctx.plain(ctx.label("logo_alt"), {"clinic_name": clinic.name})
        picture = logo(clinic, s.title_block["logo_height_mm"] * mm)
        # in the box's cell the picture's own space after is not kept: room for the marks that rise above
        # a line (Devanagari's vowel sign in "आपका क्लिनिक") as a spacer of the same height
        out += [figure(picture, alt), Spacer(1, picture.spaceAfter)]
    phone = ctx.runs(ctx.label("phone"), {"phone": clinic.phone_unbroken})
    style = s.para["key_phone"]
    text = "".join(r.text for r in phone)
    size = style.fontSize
    while size > s.para["body"].fontSize and stringWidth(text, style.fontName, size) > ctx.width:
        size -= 1
    if size != style.fontSize:
        style = derived(style, f"key_phone_{size}", fontSize=size, leading=size * style.leading / style.fontSize)
    name = [Run(r.text, True) for r in ctx.runs(ctx.label("contact_heading"))] + [Run(": "), ctx.value(clinic.name)]
    if clinic.department:
        name += [Run(", "), ctx.value(clinic.department)]
    who, number = ctx.para_runs(name, "key_fact"), ctx.para_runs(phone, style)
    pair = make_table(ctx, [[who], [number]], [ctx.width], [  # one piece: the number never apart from whose
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
    out.append(structured(pair, who, number))
    details: list[Run] = []
    for key in ("address", "email", "website"):
        value = getattr(clinic, key)
        if value:
            details += [Run(" · ")] * bool(details) + ctx.runs(ctx.label(key), {key: value})
    if details:
        out.append(ctx.para_runs(details, "clinic"))
    return out


def key_facts_box(ctx: Context, facts: bool = True, call: bool = True) -> Flowable:
    """The front page's tinted box: the key facts, then who to call. A heavy rule on the reading side and a
    frame, so it stands out in a black-and-white copy too."""
    inner = dataclasses.replace(ctx, width=ctx.width - 2 * ctx.styles.callout["padding"]
                                - ctx.styles.callout["rule_width"])
    content = [*(key_facts(inner) if facts else []), *(call_line(inner) if call else [])]
    box = callout_box(ctx, "important", content, role="Div")  # not a section's callout: a group of its own
    return box.content  # not kept whole: where it does not fit under the title, it goes on on the next page


def _clinic_texts(ctx: Context) -> list[str]:
    clinic = ctx.clinic
    return [clinic.name, clinic.department or "", clinic.phone_unbroken, clinic.address or "", clinic.email or "",
            clinic.website or ""]  # the phone too: it never breaks, and broke in a box too narrow for it


def logo(clinic: Clinic, height: float) -> Image:
    from reportlab.lib.utils import ImageReader

    reader = ImageReader(str(clinic.logo))
    w, h = reader.getSize()
    image = Image(str(clinic.logo), width=height * w / h, height=height, hAlign="LEFT")
    # room under it: the marks some scripts draw above their letters (Devanagari's vowel sign in
    # "आपका क्लिनिक", "your clinic") rise above the line's height and touched the picture
    image.spaceAfter = 0.2 * height
    return image


def notices(ctx: Context) -> list[Flowable]:
    """Lines under the title: translation notice, incomplete-translation warning, other formats (with
    the QR code to the online version beside it, when the clinic has one)."""
    out: list[Flowable] = []
    loc = ctx.loc
    extra = {"language": loc.language_name, "version": loc.handout.meta.version}
    if loc.locale != loc.handout.meta.source_language:
        out.append(ctx.para(ctx.label("translation_of"), "body", extra))
    if loc.handout.missing:
        out.append(callout_box(ctx, "warning", [ctx.para(ctx.label("incomplete_translation"), "callout_title",
                                                         extra)]))
    return [*out, *formats_line(ctx), dates_line(ctx)]


def formats_line(ctx: Context) -> list[Flowable]:
    """'Ask us for this leaflet in other languages or in large print', with the QR code to the online
    version and its short address beside it when the clinic has one."""
    formats = ctx.para(ctx.label("other_formats"), "notice")
    if not ctx.clinic.url:
        return [formats]
    # Beside it, the way to the online version: a QR code and its short address.
    size, gap = ctx.styles.qr["size_mm"] * mm, 6
    code = figure(QrCode(ctx.clinic.url, size), ctx.plain(ctx.label("qr_alt"), {"url": ctx.clinic.short_url}))
    rest = ctx.width - size - 2 * gap
    clinic_style = ctx.styles.para["clinic"]
    # the caption's own words count too: a long word of the language ("Відскануйте") beside the code
    caption = ctx.plain(ctx.label("online"), {"url": ""})
    widest = widest_piece([ctx.clinic.short_url, caption], clinic_style.fontName, clinic_style.fontSize)
    notice = ctx.styles.para["notice"]
    crowded = widest_piece([ctx.plain(ctx.label("other_formats"))], notice.fontName, notice.fontSize) > rest * 0.55
    if widest > rest:  # a piece of the address too wide even beside the code: the address under the code,
        online = ctx.para(ctx.label("online"), "clinic", {"url": ctx.clinic.short_url})  # across the page
        formats.keepWithNext = code.keepWithNext = 1  # the three kept on one page
        return [formats, code, online]
    if widest > rest * 0.45 or crowded:
        online = ctx.para(ctx.label("online"), "clinic", {"url": ctx.clinic.short_url}, width=rest)  # the code
        row = make_table(ctx, [ctx.row([code, online])], ctx.row([size + 2 * gap, rest]), [  # and address go
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),  # under the line, side by side
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
        row.spaceBefore, row.spaceAfter = 2, 2
        formats.keepWithNext = 1  # the line that offers other formats stays on the page of its QR code
        return [formats, structured(row, code, online)]
    online = ctx.para(ctx.label("online"), "clinic", {"url": ctx.clinic.short_url}, width=rest * 0.45)
    row = make_table(ctx, [ctx.row([formats, code, online])], ctx.row([rest * 0.55, size + 2 * gap, rest * 0.45]), [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("ALIGN", (1, 0), (1, 0), "CENTER")])
    row.spaceBefore, row.spaceAfter = 2, 2
    return [structured(row, formats, code, online)]  # a layout table: its parts in reading order


def back_cover(ctx: Context) -> list[Flowable]:
    """A booklet's last page, the outside back of the folded leaflet: the clinic's contact details,
    the other formats and the online version, version and dates, all on that one page (where they do
    not all fit, as in large print, the QR code is left to page 1, which has it too, then the dates and the
    other formats; where even the box alone does not fit, it is set in the edition's smallest type)."""
    box, formats = title_block(ctx, with_title=False), ctx.para(ctx.label("other_formats"), "notice")
    tight = title_block(ctx, with_title=False, tight=True)
    choices = [[*box, *formats_line(ctx), dates_line(ctx)], [*box, formats, dates_line(ctx)], [*box, formats],
               [*tight, formats], tight]  # then the box in the edition's smallest type
    room = ctx.back_height or ctx.frame_height
    for choice in choices:  # the most that fits on the page (page 1 has the QR code and the dates too)
        if not room or _height(choice, ctx.width) <= room:
            return choice
    return choices[-1]


def _height(flowables: list[Flowable], width: float) -> float:
    return sum(f.wrap(width, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


def dates_line(ctx: Context) -> Flowable:
    """Version, publication and next review dates: once, on the first page (and on a booklet's back
    cover), not in every page's footer. A handout past its review date says so on every page instead
    (the 'review overdue' band, under the clinic's review policy)."""
    meta, loc = ctx.loc.handout.meta, ctx.loc
    parts = [ctx.runs(ctx.label("version"), {"version": meta.version}),
             ctx.runs(ctx.label("published"), {"date": loc.dates["published"]}),
             ctx.runs(ctx.label("next_review"), {"date": loc.dates["next_review"]})]
    runs = [*parts[0], Run(" · "), *parts[1], Run(" · "), *parts[2]]
    return ctx.para_runs(runs, "dates")


def writing_pages(ctx: Context, other: Context | None = None) -> list[Flowable]:
    """A booklet's pages before its back cover that would otherwise be blank (the pages are a multiple of
    four): 'Questions for your clinician', then 'Notes', each a heading (in both languages in the
    bilingual edition) over ruled lines to write on, as far down as the page goes."""
    out: list[Flowable] = []
    for number in range(ctx.writing_pages):
        key = "questions" if number == 0 else "notes"
        out += [PageBreak(), ctx.para(ctx.label(key), "heading", role="H2")]
        if other is not None:
            out.append(other.para_runs(other.runs(other.label(key)), "subtitle", lang=other.loc.bcp47()))
        out.append(RuledLines(ctx.styles.tracker["row_height_mm"] * mm * 1.3, ctx.styles.colours["grid"]))
    return out


class RuledLines(Flowable):
    """Lines to write on, `gap` apart, across the width and down to the foot of the frame: decoration (an
    artifact), not content."""

    def __init__(self, gap: float, colour):
        super().__init__()
        self.gap, self.colour = gap, colour

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, max(avail_height - 1, self.gap)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        return []

    def draw(self):
        with artifact(self.canv, "Layout"):
            self.canv.saveState()
            self.canv.setStrokeColor(self.colour)
            self.canv.setLineWidth(0.75)
            y = self.height - self.gap
            while y >= 0:
                self.canv.line(0, y, self.width, y)
                y -= self.gap
            self.canv.restoreState()


def closing(ctx: Context) -> list[Flowable]:
    """After the last text section: how to give feedback."""
    if not ctx.clinic.feedback:
        return []
    return [Spacer(1, 4), ctx.para(ctx.label("feedback"), "body", {"feedback": ctx.clinic.feedback})]


def figure(content: Flowable, alt_text: str) -> Flowable:
    """A picture (logo, QR code) with the words that describe it to someone who cannot see it: a Figure
    with /Alt in the tagged PDF."""
    return Tagged(content, Element("Figure", alt=alt_text))


@functools.lru_cache(maxsize=64)
def _qr_path(url: str, size: float):
    """The dark modules of the QR code for a URL, as ReportLab's QR widget lays them out (its own encoder,
    error correction M, a quiet zone of four modules), scaled to `size` points and made into one path of
    rectangles. Made once per process and URL: the encoder tries every mask pattern each time it runs, and
    drawing the widget's two hundred shapes one by one cost more than the rest of the page furniture."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.pdfgen.pathobject import PDFPathObject

    widget = QrCodeWidget(url, barLevel="M")
    widget.barBorder = 4  # the quiet zone scanners need
    shapes = widget.draw()
    x0, y0, x1, y1 = shapes.getBounds()
    sx, sy = size / (x1 - x0), size / (y1 - y0)
    path = PDFPathObject()
    for shape in shapes.contents:
        if shape.fillColor is not None:
            path.rect((shape.x - x0) * sx, (shape.y - y0) * sy, shape.width * sx, shape.height * sy)
    return path, widget.barFillColor


class QrCode(Flowable):
    """A QR code of `size` points square, drawn as one filled path."""

    def __init__(self, url: str, size: float):
        super().__init__()
        self.url, self.width, self.height = url, size, size

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        path, colour = _qr_path(self.url, self.width)
        self.canv.setFillColor(colour)
        self.canv.drawPath(path, stroke=0, fill=1)


def _unbroken(paragraph: Flowable, phone: str) -> bool:
    """Whether a wrapped footer paragraph has the phone number whole on one of its lines."""
    digits = "".join(c for c in phone if c.isdigit())
    return any(digits in "".join(c for c in line if c.isdigit()) for line in _lines_of(paragraph))


def _lines_of(paragraph: Flowable) -> list[str]:
    """The text of each line of a wrapped ReportLab paragraph, or of a SetParagraph."""
    if hasattr(paragraph, "logical_lines"):
        return paragraph.logical_lines()
    blPara = getattr(paragraph, "blPara", None)
    if blPara is None:
        return []
    out = []
    for line in blPara.lines:
        if hasattr(line, "words"):  # a line of fragments
            out.append("".join(getattr(w, "text", "") for w in line.words))
        else:  # (width, [words])
            out.append(" ".join(line[1]))
    return out


class Footer:
    """Page furniture drawn on every page: clinic and phone, page x of y, version and review dates."""

    def __init__(self, ctx: Context, companion: Context | None = None):
        self.ctx = ctx
        self.companion = companion  # the other language of a bilingual edition (its own 'not yet checked' line)
        phone = ctx.runs(ctx.label("phone"), {"phone": ctx.clinic.phone_unbroken})
        # The clinic's name, when it fits on the line beside the phone and the page number; the phone always.
        self.lines = ([ctx.value(ctx.clinic.name), Run(" · "), *phone], phone)
        self.height = self._layout(99, 99, draw=None)

    def check_fits(self, body_height: float) -> None:
        """Refuse a footer that cannot print on every page without breaking the phone number: the number
        (with or without its label) must fit across the page, and the footer in a quarter of the page
        (ReportLab would fail with a traceback). The page number goes on a line of its own where it does
        not fit beside the phone, so no translation of 'Page x of y' is refused for its length alone."""
        s, ctx = self.ctx.styles, self.ctx
        style = s.para["footer"]
        number = ctx.clinic.phone_unbroken
        if stringWidth(number, style.fontName, style.fontSize) > ctx.width:
            raise ClinicError(f"the phone number {ctx.clinic.phone!r} is too long to print on one line in the "
                              f"footer of this edition ({ctx.width / mm:.0f} mm at {style.fontSize:g} pt); "
                              "shorten the phone in the clinic file (leave out an extension or option, "
                              "which the reception can give on the phone)", path=ctx.clinic.path)
        page_style = s.para["footer_page"]
        page_width = stringWidth("".join(r.text for r in self._page_runs(999, 999)), page_style.fontName,
                                 page_style.fontSize)
        if page_width > ctx.width:
            ctx.fail(ctx.label("page"), "too long for the page footer; shorten it to a few words")
        if self.height > body_height / 4:
            ctx.fail(ctx.label("phone"), "too long for the page footer, which must fit in a few lines on every "
                                         "page; shorten it")

    def _page_runs(self, page: int, pages: int) -> list[Run]:
        number = self.ctx.loc.number
        return self.ctx.runs(self.ctx.label("page"), {"page": number(page), "pages": number(pages)})

    def _layout(self, page: int, pages: int, draw) -> float:
        """Lay the footer out for one page, one line where it fits: the clinic's name and phone (the name
        left out when it would take a second line), and 'Page x of y' at the other end. Where even the
        phone does not fit beside the page number, the phone takes the whole width, on a line of its own
        (its label on a line above it if need be: the number itself never breaks), and the page number
        goes under it, at the far end. Draw it when `draw` is (canvas, x, y). Returns its height."""
        s, width = self.ctx.styles, self.ctx.width
        page_runs = self._page_runs(page, pages)
        style = s.para["footer_page"]
        pw = min(stringWidth("".join(r.text for r in page_runs), style.fontName, style.fontSize) + 8, width)
        page_para = self.ctx.para_runs(page_runs, style, role=None)
        _, ph = page_para.wrap(pw, 1000)
        stacked = False
        for runs in self.lines:
            left = self.ctx.para_runs(runs, s.para["footer"], role=None)
            _, lh = left.wrap(max(width - pw - 12, 1), 1000)
            if lh <= ph + 0.01 and _unbroken(left, self.ctx.clinic.phone_unbroken):
                break
        else:  # the phone on a line of its own, across the page; the page number under it
            left = self.ctx.para_runs(self.lines[-1], s.para["footer"], role=None)
            _, lh = left.wrap(width, 1000)
            stacked = True
        top = lh + ph + 2 if stacked else max(lh, ph)
        if draw is not None:
            canv, x, y = draw
            rule_y = y + top + 3
            canv.saveState()
            canv.setStrokeColor(s.colours["rule"])
            canv.setLineWidth(0.75)
            canv.line(x, rule_y, x + width, rule_y)
            canv.restoreState()
            if stacked:
                left.drawOn(canv, x, y + top - lh)
                page_para.drawOn(canv, x if self.ctx.rtl else x + width - pw, y)
            elif self.ctx.rtl:  # mirrored: clinic on the right, page number on the left
                if hasattr(left, "beside") and hasattr(page_para, "lines"):  # PDFium reads both as one line
                    left.beside = "".join(t for s, e in page_para.lines for t, _ in page_para.visual_line(s, e))
                left.drawOn(canv, x + pw + 12, y + top - lh)
                page_para.drawOn(canv, x, y + top - ph)
            else:
                left.drawOn(canv, x, y + top - lh)
                page_para.drawOn(canv, x + width - pw, y + top - ph)
        return top + 3

    @functools.cached_property
    def bands(self) -> list[Flowable]:
        """The band's words ('review overdue', 'not yet checked by a health professional'), each language
        that needs them in its own words: tagged where first drawn (page 1), so a screen reader hears them
        once; on later pages the same flowables draw as artifacts (see tagging.Tagged)."""
        ctx, side, out = self.ctx, self.companion, []
        words = []
        if ctx.review is not None and ctx.review.marked:
            words += ctx.runs(ctx.label("review_overdue"), {"date": ctx.loc.dates["next_review"]})
        if ctx.unreviewed:
            words += [Run(" ")] * bool(words) + ctx.runs(ctx.label("translation_unreviewed"))
        if words:
            out.append(ctx.para_runs([Run(r.text, True) for r in words], "footer"))
        if side is not None and side.unreviewed:
            words = side.runs(side.label("translation_unreviewed"))
            out.append(side.para_runs([Run(r.text, True) for r in words], "footer", lang=side.loc.bcp47()))
        return out

    @property
    def marked(self) -> bool:
        """Whether every page carries the band: review overdue under 'mark', or an unreviewed translation."""
        return (self.ctx.review is not None and self.ctx.review.marked) or self.ctx.unreviewed or \
            (self.companion is not None and self.companion.unreviewed)

    def _band(self):
        heights = [band.wrap(self.ctx.width - 12, 1000)[1] for band in self.bands]
        return list(zip(self.bands, heights)), sum(heights) + 2 * (len(heights) - 1)

    def structure(self) -> list[Flowable]:
        """What of the page furniture is content, for the head of the document's structure."""
        return list(self.bands) if self.marked else []

    @property
    def band_height(self) -> float:
        """Room the 'review overdue' band takes at the top of each page (0 when not marked)."""
        if not self.marked:
            return 0
        return self._band()[1] + 10

    def draw_overdue_band(self, canv) -> None:
        """A band across the top of the page: 'review overdue', in words (never colour alone)."""
        s = self.ctx.styles
        bands, h = self._band()
        x, top = s.margins["left"], canv._pagesize[1] - s.margins["top"]
        with artifact(canv, "Pagination", "Header"):
            canv.saveState()
            canv.setFillColor(s.colours["warning_fill"])
            canv.setStrokeColor(s.colours["warning"])
            canv.setLineWidth(1.5)
            canv.rect(x, top - h - 6, self.ctx.width, h + 6, fill=1, stroke=1)
            canv.restoreState()
        y = top - 3
        for band, height in bands:
            y -= height
            band.drawOn(canv, x + 6, y)
            y -= 2

    def draw(self, canv, page: int, pages: int, back: bool = False) -> None:
        """Draw the furniture of one page as pagination artifacts (the same on every page, so a screen
        reader does not read it again and again), but for the first 'review overdue' band. A booklet's
        back cover (`back`) has no footer: its clinic box gives the phone."""
        if self.marked:
            self.draw_overdue_band(canv)
        if back:  # a booklet's back cover: its box has the phone
            return
        with artifact(canv, "Pagination", "Footer"):
            self._layout(page, pages, draw=(canv, self.ctx.styles.margins["left"], self.ctx.styles.margins["bottom"]))
