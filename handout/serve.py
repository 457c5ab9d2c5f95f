"""The front-desk web page (`handout serve`): pick a language, edition and paper, see the pages, print.

`create_app` reads the content, the clinic file and the translation catalogs once, at start-up, and offers
exactly those handouts. Every request parameter is checked against those lists before anything happens
(400 when it is not on them, 404 for a page a handout does not have), so no text from a request ever reaches
the file system: PDFs are built by `build.build_handout` into a private temporary folder under names the
build itself chooses, then kept in memory (see pdfcache.py). The page works without JavaScript (a plain form
that reloads); serve.js only filters the language list and updates the pages in place.
"""
from __future__ import annotations

import datetime as dt
import inspect
import io
import tempfile
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from flask import Flask, abort, render_template, request, send_file, url_for
from werkzeug.exceptions import HTTPException

from handout.build import EDITIONS, build_handout, choose_paper, complete_locales
from handout.clinic import PAPERS, load_clinic
from handout.content import load_content
from handout.localise import babel_locale
from handout.pdfcache import THUMBNAIL_WIDTH, HandoutCache, Key, Made
from handout.render import PAGE_SIZES
from handout.workflow import locale_status, locales_dir

EDITION_LABELS = {"standard": ("Standard", "Regular print, for most readers."),
                  "large-print": ("Large print", "18 pt text laid out afresh, for people with low vision."),
                  "bilingual": ("Bilingual", "The language side by side with English.")}
PAPER_LABELS = {"a4": "A4", "letter": "US Letter"}
# The booklet option appears as soon as build_handout accepts it (the lead engineer is adding it).
BOOKLET_SUPPORTED = "booklet" in inspect.signature(build_handout).parameters
STATIC_FILES = {"serve.css": "text/css; charset=utf-8", "serve.js": "text/javascript; charset=utf-8"}
THUMBNAIL_CSS_WIDTH = THUMBNAIL_WIDTH // 2
_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


@dataclass(frozen=True)
class Language:
    """One language on the picker, with what staff need to know before printing it."""

    code: str
    own_name: str  # in its own language and script: "العربية", "Español"
    english_name: str
    rtl: bool
    printable: bool
    translation: str  # "Original", "Complete" or "83% translated: cannot be printed yet"
    review: str  # the catalog's Review-Status, e.g. "not reviewed by a clinician"

    @property
    def bcp47(self) -> str:
        return self.code.replace("_", "-")


def _names(code: str) -> tuple[str, str, bool]:
    locale = babel_locale(code)
    own = locale.get_display_name(locale) or code
    return own[:1].upper() + own[1:], locale.get_display_name("en") or code, locale.character_order == "right-to-left"


def list_languages(content: Path | str, locales: Path | str | None) -> list[Language]:
    """The source language first, then every language with a catalog, in English alphabetical order."""
    handout = load_content(content)
    source = handout.meta.source_language
    printable, _ = complete_locales(content, locales)
    languages = [Language(source, *_names(source), printable=True, translation="Original",
                          review=f"reviewed {handout.meta.last_reviewed:%d %b %Y}")]
    for row in locale_status(content, locales):
        code = row.stats.locale
        ok = code in printable
        done = "Complete" if ok else f"{row.stats.percent:.0f}% translated: cannot be printed yet"
        languages.append(Language(code, *_names(code), printable=ok, translation=done, review=row.stats.review))
    return languages[:1] + sorted(languages[1:], key=lambda lang: lang.english_name)


def _search_text(language: Language) -> str:
    """What the search box matches: both names and the code, without accents or case."""
    text = f"{language.own_name} {language.english_name} {language.code}"
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def create_app(content: Path | str = "content.yaml", clinic: Path | str | None = None,
               locales: Path | str | None = None, folder: Path | str | None = None) -> Flask:
    """The web application for `content`, printed for `clinic`, with the catalogs in `locales`.

    `folder` is an empty private folder for builds in progress. Problems with the content, clinic or
    catalogs raise HandoutError here, before anything is served.
    """
    handout = load_content(content)
    clinic_data = load_clinic(clinic)
    locales = locales_dir(content, locales)
    languages = {lang.code: lang for lang in list_languages(content, locales)}
    default_paper = choose_paper(None, clinic_data, handout.meta.source_language)
    static = {name: resources.files("handout").joinpath("static", name).read_bytes() for name in STATIC_FILES}

    def builder(key: Key, out: Path):
        extra = {"booklet": True} if key.booklet else {}
        return build_handout(content, locale=key.locale, paper=key.paper, clinic=clinic, out=out, locales=locales,
                             edition=key.edition, **extra)

    cache = HandoutCache(builder, Path(folder) if folder else Path(tempfile.mkdtemp(prefix="handout-serve-")))
    app = Flask(__name__, static_folder=None)

    def parse_key() -> Key:
        args = request.args
        values = {}
        for name, allowed in (("locale", languages), ("edition", EDITIONS), ("paper", PAPERS)):
            value = args.get(name, "")
            if value not in allowed:
                abort(400, f"unknown {name} {value[:40]!r}; expected one of: {', '.join(sorted(allowed))}")
            values[name] = value
        booklet = args.get("booklet", "") in ("1", "on")
        if args.get("booklet", "") not in ("", "0", "1", "on"):
            abort(400, "booklet must be 0 or 1")
        if booklet and not BOOKLET_SUPPORTED:
            abort(400, "booklet printing is not available in this version")
        return Key(booklet=booklet, **values)

    def query(key: Key, **more) -> dict:
        return dict(locale=key.locale, edition=key.edition, paper=key.paper,
                    **({"booklet": "1"} if key.booklet else {}), **more)

    def preview(made: Made | None) -> dict:
        if made is None:
            return dict(made=None)
        key = made.key
        page_w, page_h = PAGE_SIZES[key.paper]
        return dict(made=made, language=languages.get(key.locale), edition=EDITION_LABELS.get(key.edition,
                    (key.edition, ""))[0], paper=PAPER_LABELS[key.paper], pdf_url=url_for("pdf", **query(key)),
                    download_url=url_for("pdf", **query(key, download="1")),
                    thumbnails=[url_for("thumbnail", **query(key, page=str(n))) for n in
                                range(1, made.built.pages + 1)] if made.built else [],
                    thumb_w=THUMBNAIL_CSS_WIDTH, thumb_h=round(THUMBNAIL_CSS_WIDTH * page_h / page_w))

    @app.get("/")
    def page():
        chosen = parse_key() if "locale" in request.args else None
        made = cache.get(chosen) if chosen else None
        return render_template(
            "serve.html", handout=handout, clinic=clinic_data, example_clinic=clinic is None,
            overdue=handout.meta.next_review < dt.date.today(), languages=list(languages.values()),
            search_text=_search_text, editions=[(e, *EDITION_LABELS.get(e, (e, ""))) for e in EDITIONS],
            papers=PAPER_LABELS, booklet_supported=BOOKLET_SUPPORTED,
            chosen=chosen or Key("", "standard", default_paper), **preview(made)), 409 if made and made.error else 200

    @app.get("/preview")
    def preview_fragment():
        made = cache.get(parse_key())
        return render_template("_preview.html", **preview(made)), 409 if made.error else 200

    @app.get("/pdf")
    def pdf():
        download = request.args.get("download", "") == "1"
        made = cache.get(parse_key())
        if made.error:
            abort(409, str(made.error))
        return send_file(io.BytesIO(made.pdf), mimetype="application/pdf", as_attachment=download,
                         download_name=made.filename, max_age=0)

    @app.get("/page.png")
    def thumbnail():
        key = parse_key()
        number = request.args.get("page", "")
        if not number.isascii() or not number.isdigit() or len(number) > 4:
            abort(400, "page must be a page number such as 1")
        made = cache.get(key)
        if made.error:
            abort(409, str(made.error))
        try:
            image = cache.thumbnail(key, int(number))
        except IndexError:
            abort(404, f"this handout has {made.built.pages} pages")
        return send_file(io.BytesIO(image), mimetype="image/png", max_age=0)

    @app.get("/static/<name>")
    def static_file(name: str):
        if name not in static:  # a fixed list read at start-up: the name never reaches the file system
            abort(404)
        return app.response_class(static[name], mimetype=STATIC_FILES[name].split(";")[0],
                                  headers={"Cache-Control": "no-cache"})

    @app.errorhandler(HTTPException)
    def plain_error(exc: HTTPException):
        return f"{exc.code} {exc.name}: {exc.description}\n", exc.code, {"Content-Type": "text/plain; charset=utf-8"}

    @app.after_request
    def headers(response):
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if response.mimetype == "text/html":
            response.headers["Content-Security-Policy"] = _CSP
        return response

    return app
