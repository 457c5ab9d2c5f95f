"""The whole pipeline in one place: content → localised model → layout → PDF on disk.

`build_handout` is what the CLI's `build` command calls; `render_handout` stops before the disk, for
tests and for callers that want the bytes.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from handout.errors import CatalogError, HandoutError
from handout.layout.fonts import choose_family, covering_family, drawn_strings, fonts_installed, script_for
from handout.source.clinic import PAPERS, Clinic, load_clinic
from handout.source.content import load_content
from handout.source.markup import clean
from handout.source.model import Handout, all_texts
from handout.source.review import ReviewState, overdue_warning, review_state
from handout.source.yamlfile import safe_data
from handout.translate.catalog import (Stats, extract, list_locales, locales_dir, normalise_locale, po_path,
                                       lost_contexts, read_catalog, stats)
from handout.translate.localise import Localised, babel_locale, localise
from handout.translate.translation import audit_locale, describe_missing

# ReportLab (render, styles, textflow) is imported inside the functions that draw: planning a batch,
# naming outputs and checking catalogs never pay its ~150 ms import.


EDITIONS = ("standard", "large-print", "bilingual")


@dataclass(frozen=True)
class Built:
    path: Path
    locale: str
    paper: str
    pages: int
    size: int
    edition: str = "standard"
    booklet: bool = False
    warnings: tuple[str, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())  # information for the person printing (booklet folding)
    translation_review: dict = field(default_factory=dict)  # locale -> clinician review state (translate/signoff.py)


def output_name(handout: Handout, locale: str, paper: str, edition: str = "standard", booklet: bool = False,
                with_locale: str | None = None) -> str:
    """`<id>_<locale>_<paper>_<edition>[_booklet].pdf`; a bilingual edition names both languages (ar-en)."""
    languages = f"{locale}-{with_locale}" if edition == "bilingual" else locale
    return f"{handout.meta.id}_{languages}_{paper}_{edition}{'_booklet' if booklet else ''}.pdf"


@functools.lru_cache(maxsize=1)
def _letter_territories() -> frozenset[str]:
    with resources.files("handout").joinpath("data/paper.yaml").open("r", encoding="utf-8") as fh:
        return frozenset(safe_data(fh)["letter"])


def choose_paper(requested: str | None, clinic: Clinic, locale: str) -> str:
    """--paper, else the clinic's paper, else the locale's territory (Letter for US, CA, MX...), else A4."""
    if requested or clinic.paper:
        paper = requested or clinic.paper
        if paper not in PAPERS:
            raise HandoutError(f"unknown paper size '{paper}' (expected one of: {', '.join(PAPERS)})")
        return paper
    territory = babel_locale(locale).territory
    return "letter" if territory in _letter_territories() else "a4"


def _strings(loc: Localised, clinic: Clinic) -> list[tuple[str, str]]:
    """Every string that will be drawn, with where it came from, for the font coverage check. Control
    characters are left out: markup.clean removes them before anything is drawn."""
    handout = loc.handout
    out = [(clean(t.text), t.origin or f"{handout.path}:{t.line}") for t in all_texts(handout)]
    out += [(value, clinic.path) for value in clinic.placeholders().values()]
    out += [(value, handout.path) for value in (*loc.values.values(), *loc.dates.values(), loc.language_name)]
    return out


def language_setup(handout: Handout, clinic: Clinic, locale: str, edition: str, translate=None,
                   page: str = "a4") -> dict:
    """Everything one language needs for layout: the localised text, its font styles and text flow.
    `page`: the paper each page is laid out on (a5 and half-letter for a booklet)."""
    from handout.layout.styles import load_styles, style_set
    from handout.layout.textflow import Layout

    loc = localise(handout, locale, clinic, translate, page)
    script = script_for(locale)
    flow = None
    if loc.rtl or script.reshape or script.line_break:
        flow = Layout(rtl=loc.rtl, reshape=script.reshape, line_break=script.line_break,
                      shaping=script.shaping)
    family = choose_family(locale, drawn_strings(locale, _strings(loc, clinic)))
    styles = load_styles(style_set(edition, page), family, loc.rtl, script.shaping, script.leading)
    return dict(loc=loc, clinic=clinic.for_locale(locale), styles=styles, flow=flow)


def unprintable_reason(clinic: Clinic, locale: str, edition: str, paper: str, booklet: bool) -> str | None:
    """Why `clinic`'s details cannot print in this combination (the clinic file, the key, what to change:
    pdf/fit.py), or None when they can. Known without laying anything out."""
    from handout.errors import ClinicError
    from handout.layout.styles import load_styles, style_set
    from handout.pdf.fit import refuse_misfit
    from handout.pdf.render import PAGE_SIZES

    page = {"a4": "a5", "letter": "half-letter"}[paper] if booklet else paper
    from handout.pdf.render import BOOKLET_PAGES

    size = (BOOKLET_PAGES if booklet else PAGE_SIZES)[page]
    styles = load_styles(style_set(edition, page), choose_family(locale, []))
    try:
        refuse_misfit(clinic, styles, size[0], edition, paper, booklet)
    except ClinicError as exc:
        return str(exc)
    return None


def render_handout(handout: Handout, clinic: Clinic, locale: str = "en", paper: str = "a4",
                   edition: str = "standard", translate=None, review: ReviewState | None = None,
                   with_locale: str | None = None, with_translate=None, unreviewed: bool = False,
                   with_unreviewed: bool = False) -> tuple[bytes, int]:
    """Localise, lay out and render one handout; return (PDF bytes, page count).

    `review`: the handout's standing against its review date (a 'mark' policy draws a band on every page).
    `with_locale` (bilingual edition): the second language, set beside the first, with its translate.
    `unreviewed`, `with_unreviewed`: say on every page, in that language, that its translation has not been
    checked by a health professional.
    """
    from handout.pdf.render import render_pdf

    main = language_setup(handout, clinic, locale, edition, translate, paper)
    companion = None
    if edition == "bilingual":
        companion = dict(language_setup(handout, clinic, with_locale, edition, with_translate, paper),
                         unreviewed=with_unreviewed)
    return render_pdf(dict(main, review=review, unreviewed=unreviewed), paper, companion)


def translation_for(handout: Handout, locales: Path, locale: str, allow_incomplete: bool):
    """The translate function for a locale, after its checks; raises when the catalog may not be used.

    Returns (translate, warnings).
    """
    audit = audit_locale(handout, locales, locale)
    if audit.errors:
        raise CatalogError(f"the '{locale}' translation has {len(audit.errors)} error(s); fix them "
                           "(`handout check` lists them too)", path=str(audit.path),
                           details=[str(f) for f in audit.errors])
    total = len({(t.context, t.source) for t in all_texts(handout) if t.translatable})
    warnings = [str(f) for f in audit.findings if f.severity == "warning"]
    if audit.missing:
        summary = f"{len(audit.missing)} of {total} entries are missing, fuzzy or untranslated"
        if not allow_incomplete:
            raise CatalogError(f"the '{locale}' translation is incomplete: {summary}; translate them "
                               "(or build with --allow-incomplete to print those parts in English)",
                               path=str(audit.path), details=[describe_missing(t) for t in audit.missing])
        warnings.append(f"{audit.path}: {summary}; they are printed in English and the handout says so")
    return audit.translate(), warnings


def build_handout(content: Path | str = "content.yaml", locale: str = "en", paper: str | None = None,
                  clinic: Clinic | Path | str | None = None, out: Path | str = "dist",
                  locales: Path | str | None = None,
                  allow_incomplete: bool = False, edition: str = "standard", today: dt.date | None = None,
                  booklet: bool = False, with_locale: str = "en") -> Built:
    """Build one handout PDF into `out` and return what was written.

    `edition` is one of EDITIONS: "standard", "large-print" (18 pt, its own layout) or "bilingual".
    `today` fixes the date the review policy is judged on (default: today in the clinic's time zone).
    `booklet`: half-size pages imposed two-up in fold order on `paper` sheets.
    `with_locale`: the language set beside `locale` in the bilingual edition (default English).
    `clinic` is a clinic file, an already checked Clinic, or None for the built-in example.
    """
    from handout.pdf.render import write_pdf

    if edition not in EDITIONS:
        raise HandoutError(f"unknown edition '{edition}' (expected one of: {', '.join(EDITIONS)})")
    handout = load_content(content)
    clinic_data = clinic if isinstance(clinic, Clinic) else load_clinic(clinic)
    locale = normalise_locale(locale)
    review = review_state(handout.meta.next_review, clinic_data.review_policy, clinic_data.timezone, today)
    translate, warnings = None, []
    if locale != handout.meta.source_language:
        translate, warnings = translation_for(handout, locales_dir(content, locales), locale, allow_incomplete)
    with_translate = None
    if edition == "bilingual":
        with_locale = normalise_locale(with_locale)
        if with_locale == locale:
            raise HandoutError(f"a bilingual edition needs two languages: --locale {locale} and --with "
                               f"{with_locale} are the same; choose another --with")
        if with_locale != handout.meta.source_language:
            with_translate, more = translation_for(handout, locales_dir(content, locales), with_locale,
                                                   allow_incomplete)
            warnings += more
    if overdue_warning(review):
        warnings.append(overdue_warning(review))
    from handout.translate.signoff import judge

    languages = [locale, with_locale] if edition == "bilingual" else [locale]
    judged = judge(handout, locales_dir(content, locales), languages, clinic_data.translation_policy)
    warnings += judged.warnings
    paper = choose_paper(paper, clinic_data, locale)
    page = {"a4": "a5", "letter": "half-letter"}[paper] if booklet else paper
    reason = unprintable_reason(clinic_data, locale, edition, paper, booklet)
    if reason:  # a clinic detail that no layout of this combination can hold: say which, build nothing
        from handout.errors import ClinicError

        raise ClinicError(reason)
    data, pages = render_handout(handout, clinic_data, locale, page, edition=edition, translate=translate,
                                 review=review, with_locale=with_locale, with_translate=with_translate,
                                 unreviewed=locale in judged.marked_locales,
                                 with_unreviewed=with_locale in judged.marked_locales and edition == "bilingual")
    notes = []
    if booklet:
        from handout.pdf.booklet import impose, instructions

        data, pages, blanks = impose(data, paper, rtl=babel_locale(locale).character_order == "right-to-left")
        notes.append(instructions(pages, blanks))
    target = Path(out) / output_name(handout, locale, paper, edition, booklet, with_locale)
    write_pdf(data, target)
    return Built(path=target, locale=locale, paper=paper, pages=pages, size=len(data), edition=edition,
                 booklet=booklet, warnings=tuple(warnings), notes=tuple(notes), translation_review=judged.states)


def locale_ready(handout: Handout, folder: Path, locale: str) -> bool:
    """Whether `locale`'s catalog is complete and has no errors, so that a build would accept it."""
    try:
        audit = audit_locale(handout, folder, locale)
    except HandoutError:
        return False
    return not (audit.missing or audit.errors)


def complete_locales(content: Path | str, locales: Path | str | None) -> tuple[list[str], list[str]]:
    """(source language + every locale whose catalog is complete and clean, the others)."""
    handout = load_content(content)
    folder = locales_dir(content, locales)
    ready, skipped = [handout.meta.source_language], []
    for locale in list_locales(folder):
        (ready if locale_ready(handout, folder, locale) else skipped).append(locale)
    return ready, skipped


def font_findings(content: Path | str = "content.yaml", locales: Path | str | None = None,
                  only: list[str] | None = None) -> list:
    """For `handout check`: each language that cannot be printed for want of a font (no font configured
    for its script, its font package not installed, or a character no font of its script has), as an
    error on its catalog, saying which script and what to do."""
    from handout.translate.translation import Finding

    handout = load_content(content)
    folder = locales_dir(content, locales)
    found = []
    for locale in dict.fromkeys([normalise_locale(code) for code in only] if only else list_locales(folder)):
        path = po_path(folder, locale)
        try:
            catalog = read_catalog(path, locale=locale)
        except HandoutError:
            continue  # check_locales reports an unreadable catalog
        strings = [(m.string, f"{path}:{(m.lineno or 0) + 1}") for m in catalog if m.id and m.string
                   and isinstance(m.string, str)]
        strings += [(t.text, f"{handout.path}:{t.line}") for t in all_texts(handout) if not t.translatable]
        try:
            fonts_installed(locale)
            covering_family(locale, drawn_strings(locale, strings))
        except HandoutError as exc:
            found.append(Finding(exc.path or str(path), exc.line or 1, "error",
                                 f"'{locale}' cannot be printed: {exc.message}"))
    return found


def printable_problem(locale: str) -> str | None:
    """Why no handout in `locale` can be printed on this installation (its script has no font, or the
    font's package is missing), or None."""
    try:
        fonts_installed(locale)
    except HandoutError as exc:
        return exc.message
    return None


@dataclass(frozen=True)
class LocaleStatus:
    stats: Stats
    fonts: str  # "ok (family)" or the coverage problem
    signoff: object = field(default=None)  # signoff.LanguageReview: what a clinician has signed off
    lost: int = 0  # translated entries that lost their msgctxt (an XLIFF or CSV round trip): not usable


def locale_status(content: Path | str = "content.yaml", locales: Path | str | None = None) -> list[LocaleStatus]:
    """Per-locale counts against the current content, review status and font coverage."""
    handout = load_content(content)
    folder = locales_dir(content, locales)
    template = extract(handout)
    contexts: dict[str, list[str]] = {}
    for message in template:
        if message.id:
            contexts.setdefault(message.id, []).append(message.context)
    result = []
    for locale in list_locales(folder):
        path = po_path(folder, locale)
        catalog = read_catalog(path, locale=locale)
        counted = stats(catalog, locale, path, template)
        strings = [(m.string, f"{path}:{(m.lineno or 0) + 1}") for m in catalog if m.id and m.string
                   and isinstance(m.string, str)]
        try:
            fonts_installed(locale)
            fonts = f"ok ({covering_family(locale, drawn_strings(locale, strings))[0]})"
        except HandoutError as exc:
            fonts = f"missing: {exc.message}"
        from handout.translate.signoff import language_review

        lost = len(lost_contexts(catalog, contexts))
        result.append(LocaleStatus(counted, fonts, language_review(handout, folder, locale), lost))
    return result
