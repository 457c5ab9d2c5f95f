"""Pages: one localised handout (translate/localise.py) as what a page template shows.

`page_model` walks the same model the PDF is laid out from, in the same order (title, clinic box,
notices, sections and their blocks, the closing feedback line), and turns every Text into escaped HTML
(site/html.py) with its placeholders filled exactly as the PDF fills them. Blocks become plain dicts the
template reads: paragraphs, bulleted and numbered lists, callouts, tables (with header cells), the diary
and the references. Nothing here knows about ReportLab or page layout.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from handout.errors import CatalogError, ContentError
from handout.source import model as m
from handout.source.clinic import Clinic
from handout.source.markup import MarkupError, clean
from handout.site.html import inline, reference, tel
from handout.translate.localise import Localised


@dataclass(frozen=True)
class Pdf:
    """A PDF of the handout in the folder, linked from the page of its language."""

    href: str  # relative to the page
    edition: str
    paper: str
    size: int
    with_locale: str | None = None


@dataclass
class Page:
    """One language's page: where it goes and everything the template shows."""

    locale: str
    path: str  # inside the site folder, e.g. "es/index.html"
    context: dict = field(default_factory=dict)


def path_of(locale: str) -> str:
    """The folder of a language's page: its BCP 47 tag ("pt-BR", "zh-Hans"), as in `lang`."""
    return locale.replace("_", "-")


def _fail(text: m.Text, handout: m.Handout, message: str):
    if text.origin:
        path, _, line = text.origin.rpartition(":")
        raise CatalogError(f"{text.where}: {message}", path=path, line=int(line))
    raise ContentError(f"{text.where}: {message}", path=handout.path, line=text.line)


class Writer:
    """Turns the Texts of one localised handout into HTML, with the language marked where it differs."""

    def __init__(self, loc: Localised, clinic: Clinic):
        self.loc, self.clinic = loc, clinic
        self.lang = loc.bcp47()

    def html(self, text: m.Text, extra: dict[str, str] | None = None) -> Markup:
        values = dict(self.loc.values, **(extra or {}))
        try:
            return inline(text.text, values)
        except MarkupError as exc:
            _fail(text, self.loc.handout, exc.message)

    def lang_of(self, text: m.Text) -> str | None:
        """The BCP 47 language of `text` when it is not the page's (an entry left in English)."""
        lang = text.language.replace("_", "-")
        return None if lang == self.lang else lang

    def attrs(self, text: m.Text) -> Markup:
        """` lang="en" dir="ltr"` for a text in another language than the page's, else nothing."""
        lang = self.lang_of(text)
        if lang is None:
            return Markup("")
        from handout.translate.localise import babel_locale

        rtl = babel_locale(lang).character_order == "right-to-left"
        return Markup(f' lang="{escape(lang)}" dir="{"rtl" if rtl else "ltr"}"')

    def item(self, text: m.Text) -> dict:
        return dict(html=self.html(text), attrs=self.attrs(text))


def _block(block, w: Writer, section: m.Section, number: int, prefix: str = "") -> dict:
    anchor = f"{prefix}{section.id}-{number}"
    if isinstance(block, m.Paragraph):
        return dict(kind="paragraph", **w.item(block.text))
    if isinstance(block, (m.Bullets, m.Steps)):
        return dict(kind="steps" if isinstance(block, m.Steps) else "bullets",
                    items=[w.item(t) for t in block.items])
    if isinstance(block, m.Callout):
        crisis = getattr(block, "crisis_line", None)  # the clinic's crisis line, under the list, as in the PDF
        return dict(kind="callout", level=block.kind, id=anchor, title=w.item(block.title),
                    items=[w.item(t) for t in block.items],
                    crisis=w.item(crisis) if crisis and w.clinic.crisis_line else None)
    if isinstance(block, m.Table):
        return dict(kind="table", id=anchor, caption=w.item(section.title),
                    columns=[w.item(t) for t in block.columns],
                    rows=[[w.item(t) for t in row] for row in block.rows])
    if isinstance(block, m.Tracker):
        columns = [block.day_label, block.date_label, *block.columns]
        return dict(kind="tracker", id=anchor, caption=w.item(section.title), columns=[w.item(t) for t in columns],
                    days=[w.loc.number(day) for day in range(1, block.days + 1)], blanks=len(columns) - 1,
                    week_length=block.week_length)
    if isinstance(block, m.References):
        items = [dict(html=reference(t.text), attrs=w.attrs(t)) for t in block.items]
        common = {str(item["attrs"]) for item in items}
        if len(common) == 1:  # all in one other language (references stay English): the list is in it, so
            attrs = items[0]["attrs"] if items else Markup("")  # its numbers stand on that language's side
            return dict(kind="references", attrs=attrs, items=[dict(item, attrs=Markup("")) for item in items])
        return dict(kind="references", attrs=Markup(""), items=items)
    raise TypeError(f"no web form for {type(block).__name__}")


def clinic_box(w: Writer, clinic: Clinic) -> dict:
    """The clinic's name and contacts, as in the PDF's box: each value in its own direction."""
    labels = w.loc.handout.labels
    lines = []
    for key in ("phone", "address", "email", "website"):
        value = getattr(clinic, key)
        if not value:
            continue
        shown = clinic.phone_unbroken if key == "phone" else value
        html = w.html(labels[key], {key: shown})
        link = {"phone": tel(value), "email": f"mailto:{value}", "website": value}.get(key)
        lines.append(dict(key=key, html=html, href=link, value=shown))
    return dict(heading=w.item(labels["contact_heading"]), name=clean(clinic.name),
                department=clean(clinic.department), lines=lines)


def page_model(loc: Localised, clinic: Clinic, *, unreviewed: bool, overdue: bool, prefix: str = "") -> dict:
    """What the page template shows for one language (see the module's docstring). `prefix` starts every
    id the page makes (the second language of a bilingual page)."""
    w = Writer(loc, clinic)
    handout, labels, meta = loc.handout, loc.handout.labels, loc.handout.meta
    extra = {"language": loc.language_name, "version": meta.version}
    bands = []
    if overdue:
        bands.append(w.html(labels["review_overdue"], {"date": loc.dates["next_review"]}))
    if unreviewed:
        bands.append(w.html(labels["translation_unreviewed"]))
    notices = []
    if loc.locale != meta.source_language:
        notices.append(dict(kind="notice", html=w.html(labels["translation_of"], extra)))
    incomplete = w.html(labels["incomplete_translation"], extra) if handout.missing else None
    sections, closing_done, closing = [], False, None
    if clinic.feedback:
        closing = w.html(labels["feedback"], {"feedback": clinic.feedback})
    for section in handout.sections:
        if section.new_page and not closing_done:
            sections.append(dict(kind="closing", html=closing))
            closing_done = True
        sections.append(dict(kind="section", id=section.id, title=w.item(section.title),
                             shared=section.new_page or all(isinstance(b, m.References) for b in section.blocks),
                             blocks=[_block(b, w, section, n, prefix) for n, b in enumerate(section.blocks, 1)]))
    if not closing_done:
        sections.append(dict(kind="closing", html=closing))
    dates = Markup(" · ").join([w.html(labels["version"], {"version": meta.version}),
                                w.html(labels["published"], {"date": loc.dates["published"]}),
                                w.html(labels["next_review"], {"date": loc.dates["next_review"]})])
    return dict(lang=w.lang, dir="rtl" if loc.rtl else "ltr", title=w.item(meta.title),
                plain_title=clean(w.html(meta.title).striptags()),
                subtitle=w.item(meta.subtitle) if meta.subtitle else None, bands=bands, notices=notices,
                incomplete=incomplete, other_formats=w.html(labels["other_formats"]),
                dates=dates, clinic=clinic_box(w, clinic), sections=sections, language_name=loc.language_name)
