"""The web edition on disk: `build_site` writes one page per language, an index page and the stylesheet
into a folder, beside the PDFs the batch builder puts there, and records every file in the folder's
manifest (table "site") so that `handout verify` checks the pages as it checks the PDFs.

Deterministic: the bytes of a page depend only on the content, the catalogs, the clinic, the PDFs in the
folder's manifest and the date the review policy is judged on (only when it marks an overdue handout).
Incremental: every page is made in memory (a few milliseconds); a file whose bytes did not change is not
written again, and the pages of a language no longer built are removed.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from handout import tempfiles
from handout.batch import manifest as mf
from handout.build import complete_locales, translation_for
from handout.errors import OutputError, ReviewError
from handout.source.clinic import Clinic, load_clinic
from handout.source.content import load_content
from handout.source.review import review_state
from handout.site.html import inline
from handout.site.pages import Pdf, page_model, path_of
from handout.site.words import words_for
from handout.translate.catalog import locales_dir
from handout.translate.localise import babel_locale, localise, own_name

STYLESHEET = "site.css"
FONT_STYLESHEET = "fonts.css"  # which language is set in which font (site/fonts.py)
TABLE = mf.SITE  # the manifest's table of the site's files
EDITION_ORDER = ("standard", "large-print", "bilingual")
PAPER_SIZES = {"a4": (210, 297), "letter": (216, 279)}  # mm, as printed on the link


@dataclass
class SiteResult:
    folder: Path
    written: list[str] = field(default_factory=list)  # paths inside the folder, written this time
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("handout.site", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return env


def _stylesheet() -> bytes:
    return resources.files("handout.site").joinpath("static", STYLESHEET).read_bytes()


def _pdfs(folder: Path, locale: str) -> list[Pdf]:
    """The PDFs of `locale` that the folder's manifest lists (single clinic, not booklets), in a fixed order."""
    found = []
    for name, record in mf.read_manifest(folder)["files"].items():
        if not isinstance(record, dict) or record.get("locale") != locale or record.get("booklet") \
                or record.get("clinic") is not None or "/" in name or not (folder / name).is_file():
            continue
        edition = record.get("edition")
        if edition not in EDITION_ORDER or record.get("paper") not in PAPER_SIZES:
            continue
        found.append(Pdf(href=f"../{name}", edition=edition, paper=record["paper"], size=int(record.get("bytes") or 0),
                         with_locale=record.get("with") if edition == "bilingual" else None))
    return sorted(found, key=lambda p: (EDITION_ORDER.index(p.edition), p.with_locale or "", p.paper))


def _pdf_links(pdfs: list[Pdf], locale: str, words: dict, words_lang: str) -> list[dict]:
    from babel.numbers import format_decimal
    from babel.units import format_unit

    loc = babel_locale(locale)
    links = []
    for pdf in pdfs:
        width, height = PAPER_SIZES[pdf.paper]
        size = format_unit(max(1, round(pdf.size / 1000)), "digital-kilobyte", length="short", locale=loc)
        paper = f"{format_decimal(width, locale=loc)} × {format_unit(height, 'length-millimeter', length='short', locale=loc)}"
        if pdf.edition == "bilingual":
            other = pdf.with_locale or "en"
            edition = dict(kind="bilingual", own=own_name(locale), other=own_name(other), other_lang=path_of(other),
                           other_dir="rtl" if babel_locale(other).character_order == "right-to-left" else "ltr")
        else:
            edition = dict(kind="words", text=words["standard" if pdf.edition == "standard" else "large_print"],
                           lang=None if words_lang == locale else path_of(words_lang))
        links.append(dict(href=pdf.href, edition=edition, paper=paper.replace(" ", "\u00a0"),
                          size=size.replace(" ", "\u00a0"), paper_code=pdf.paper))
    return links


def _languages(codes: list[str], here: str | None) -> list[dict]:
    return [dict(code=path_of(code), name=own_name(code), current=code == here,
                 dir="rtl" if babel_locale(code).character_order == "right-to-left" else "ltr",
                 href=("" if here is None else "../") + f"{path_of(code)}/index.html") for code in codes]


def _pair(code: str, other: str, up: str) -> dict:
    """The bilingual page of `code` beside `other` ("ar-en/index.html"), and the link to it."""
    return dict(href=f"{up}{path_of(code)}-{path_of(other)}/index.html", own=own_name(code), other=own_name(other),
                other_lang=path_of(other),
                other_dir="rtl" if babel_locale(other).character_order == "right-to-left" else "ltr")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render_site(content: Path | str = "content.yaml", out: Path | str = "site", clinic: Clinic | Path | str | None = None,
                locales: Path | str | None = None, today: dt.date | None = None) -> tuple[dict[str, bytes], SiteResult]:
    """Every file of the site as bytes, keyed by its path inside `out` (nothing written)."""
    out = Path(out)
    handout = load_content(content)
    clinic_data = clinic if isinstance(clinic, Clinic) else load_clinic(clinic)
    folder = locales_dir(content, locales)
    review = review_state(handout.meta.next_review, clinic_data.review_policy, clinic_data.timezone, today)
    ready, skipped = complete_locales(content, locales)
    result = SiteResult(folder=out)
    result.warnings += [f"skipping '{code}': its translation is incomplete or has errors (see `handout status` "
                        "and `handout check`)" for code in skipped]
    from handout.translate.signoff import judge

    models = []
    for code in ready:
        try:
            judged = judge(handout, folder, [code], clinic_data.translation_policy)
        except ReviewError as exc:
            result.warnings.append(f"skipping '{code}': {exc.message}")
            continue
        result.warnings += judged.warnings
        translate = None
        if code != handout.meta.source_language:
            translate, warnings = translation_for(handout, folder, code, allow_incomplete=False)
            result.warnings += warnings
        loc = localise(handout, code, clinic_data.for_locale(code), translate)
        models.append((code, loc, code in judged.marked_locales))
    codes = [code for code, _, _ in models]
    result.languages = codes
    env = _environment()
    by_code = {code: (loc, unreviewed) for code, loc, unreviewed in models}
    files: dict[str, bytes] = {STYLESHEET: _stylesheet()}
    for code, loc, unreviewed in models:
        words, words_lang = words_for(code)
        context = page_model(loc, clinic_data.for_locale(code), unreviewed=unreviewed, overdue=review.marked)
        context.update(words=words, words_lang=None if words_lang == code else path_of(words_lang),
                       languages=_languages(codes, code), stylesheets=[f"../{STYLESHEET}", f"../{FONT_STYLESHEET}"],
                       pdfs=_pdf_links(_pdfs(out, code), code, words, words_lang))
        source = handout.meta.source_language
        context["bilingual"] = _pair(code, source, "../") if code != source and source in by_code else None
        files[f"{path_of(code)}/index.html"] = env.get_template("page.html").render(**context).encode("utf-8")
        if code != source and source in by_code:  # the bilingual edition: beside the source language
            other = page_model(by_code[source][0], clinic_data.for_locale(code), unreviewed=False, overdue=False,
                               prefix=f"{path_of(source)}-")
            context.update(other=other, other_lang=path_of(source), other_dir=other["dir"], bilingual=None,
                           pair=_pair(code, source, "../"), current=code)
            context["languages"] = [dict(item, current=False) for item in context["languages"]]
            files[_pair(code, source, "")["href"]] = env.get_template("bilingual.html").render(**context).encode(
                "utf-8")
    from handout.site.fonts import site_fonts

    known = mf.read_manifest(out).get(TABLE)
    pages = [data.decode("utf-8") for name, data in sorted(files.items()) if name.endswith(".html")]
    fonts, css = site_fonts(pages, out, known if isinstance(known, dict) else {})
    files.update(fonts)
    files[FONT_STYLESHEET] = css
    titles = {code: inline(loc.handout.meta.title.text, loc.values) for code, loc, _ in models}
    source = handout.meta.source_language
    index = env.get_template("index.html").render(
        lang=path_of(source), dir="ltr", title=titles.get(source) or handout.meta.title.text, clinic=clinic_data.name,
        languages=[dict(item, title=titles[code]) for item, code in zip(_languages(codes, None), codes)],
        stylesheets=[STYLESHEET, FONT_STYLESHEET])
    files["index.html"] = index.encode("utf-8")
    return files, result


def write_site(files: dict[str, bytes], result: SiteResult) -> SiteResult:
    """Write `files` into the folder (only those whose bytes changed), remove the pages of the previous
    build that are no longer made, and record every file in the manifest's site table."""
    out = result.folder
    previous = mf.read_manifest(out).get(TABLE)
    previous = previous if isinstance(previous, dict) else {}
    try:
        for name, data in sorted(files.items()):
            target = out / name
            try:
                same = target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data
            except OSError:
                same = False
            if same:
                result.unchanged.append(name)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            tempfiles.write_atomic(target, data)
            result.written.append(name)
        for name in sorted(set(previous) - set(files)):
            target = out / name
            if target.is_file():
                target.unlink()
                result.removed.append(name)
                try:
                    target.parent.rmdir()  # the language's folder, when it is now empty
                except OSError:
                    pass
    except OSError as exc:
        raise OutputError(f"cannot write the site: {exc.strerror}; check the folder can be written and the "
                          "disk is not full", path=str(exc.filename or out)) from None

    def change(manifest: dict) -> None:
        manifest[TABLE] = {name: {"sha256": _digest(data), "bytes": len(data)} for name, data in sorted(files.items())}

    mf.update_manifest(out, change)
    return result


def build_site(content: Path | str = "content.yaml", out: Path | str = "site",
               clinic: Clinic | Path | str | None = None, locales: Path | str | None = None,
               today: dt.date | None = None) -> SiteResult:
    """Make the site's pages for every complete language and write them into `out` (see the module)."""
    files, result = render_site(content, out, clinic, locales, today)
    return write_site(files, result)


__all__ = ["SiteResult", "build_site", "render_site", "write_site"]
