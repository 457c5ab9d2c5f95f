"""The front-desk web page (`handout serve`): pick a language, edition and paper, see the pages, print.

`FrontDesk` reads the content, the clinic file and the translation catalogs once, at start-up, and offers
exactly those handouts. Every request parameter is checked against those lists before anything happens
(400 when it is not on them, 404 for a page a handout does not have), so no text from a request ever reaches
the file system: PDFs are built by the batch builder into the server's folder under names the build itself
chooses (shelf.py), and served from there. Templates and static files are package data read at start-up.
The page works without JavaScript (a plain form that reloads); serve.js only filters the language list and
updates the pages in place.

Safety on a clinic network (guard.py): the Host header must name this server (a page on another site
cannot reach it through DNS rebinding), an optional access code keeps strangers out, and every response
carries security headers.
"""
from __future__ import annotations

import io
import os
import socket
import tempfile
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from babel.dates import format_date
from flask import Flask, abort, redirect, render_template, request, send_file, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException, SecurityError

from handout.build import EDITIONS, choose_paper, complete_locales, locale_status, unprintable_reason
from handout.errors import ClinicError, HandoutError
from handout.source.clinic import PAPERS, load_clinic
from handout.source.content import load_content
from handout.source.review import ReviewState, clinic_today, overdue_warning
from handout.translate.catalog import locales_dir
from handout.translate.localise import babel_locale, date_locale, own_name
from handout.web import guard
from handout.web.pdfcache import THUMBNAIL_WIDTH, Key, Made, PictureCache
from handout.web.shelf import Shelf

EDITION_LABELS = {"standard": ("Standard", "Regular print, for most readers."),
                  "large-print": ("Large print", "18 pt text laid out afresh, for people with low vision."),
                  "bilingual": ("Bilingual", "The language side by side with English.")}
PAPER_LABELS = {"a4": "A4", "letter": "US Letter"}
STATIC_FILES = {"serve.css": "text/css", "serve.js": "text/javascript"}
SITE_TYPES = {".html": "text/html", ".css": "text/css", ".woff2": "font/woff2", ".pdf": "application/pdf"}
FLAGS = ("", "0", "1")  # the values a yes/no parameter (booklet, download) may take
WAIT = 20.0  # seconds a request waits for its handout to be built before it is told to try again


@dataclass(frozen=True)
class Language:
    """One language on the picker, with what staff need to know before printing it."""

    code: str
    own_name: str  # in its own language and script: "العربية", "Español"
    english_name: str
    rtl: bool
    printable: bool
    translation: str  # "Original", "Complete" or "83% translated: cannot be printed yet"
    review: str  # what a clinician has signed off, e.g. "not reviewed by a clinician (0 of 98 entries signed off)"
    reviewed: bool = False  # the original, or a translation signed off entry by entry as it is now

    @property
    def bcp47(self) -> str:
        return self.code.replace("_", "-")

    @property
    def search_text(self) -> str:
        """What the search box matches: both names and the code, without accents or case."""
        text = f"{self.own_name} {self.english_name} {self.code}"
        return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def _names(code: str) -> tuple[str, str, bool]:
    locale = babel_locale(code)
    return own_name(code), locale.get_display_name("en") or code, locale.character_order == "right-to-left"


def list_languages(content: Path | str, locales: Path | str | None, paper: str = "a4") -> list[Language]:
    """The source language first, then every language with a catalog, in English alphabetical order.
    `paper`: the clinic's, whose country writes the dates ("25 Nov 2026" on A4, "Nov 25, 2026" on Letter)."""
    meta = load_content(content).meta
    printable, _ = complete_locales(content, locales)
    reviewed = format_date(meta.last_reviewed, "medium", locale=date_locale(meta.source_language, paper))
    languages = [Language(meta.source_language, *_names(meta.source_language), printable=True,
                          translation="Original", review=f"last reviewed {reviewed}", reviewed=True)]
    for row in locale_status(content, locales):
        code = row.stats.locale
        ok = code in printable
        done = "Complete" if ok else f"{row.stats.percent:.0f}% translated: cannot be printed yet"
        if not row.fonts.startswith("ok"):  # complete or not, no font here draws its writing system
            ok = False
            done = (f"cannot be printed on this computer: it has no font for {_script_words(code)}; "
                    "ask whoever looks after the handout tool to add one")
        languages.append(Language(code, *_names(code), printable=ok, translation=done,
                                  review=clinician_review(row.signoff), reviewed=row.signoff.complete))
    return languages[:1] + sorted(languages[1:], key=lambda lang: lang.english_name)


def _script_words(code: str) -> str:
    """'the Tibetan writing system', or 'some letters in this translation' when the script has a font but
    the translation uses characters it lacks."""
    from handout.build import printable_problem
    from handout.layout.fonts import script_name, script_of

    if printable_problem(code) is None:
        return "some letters in this translation"
    return f"the {script_name(script_of(code))} writing system"


def clinician_review(review) -> str:
    """A language's sign-off (signoff.LanguageReview) in words for front-desk staff."""
    from handout.translate.signoff import CHANGED, NEEDS, PARTLY, REVIEWED

    counts = f"{review.reviewed} of {len(review.entries)} entries signed off"
    if review.state == REVIEWED:
        return f"reviewed by a clinician ({review.last.who}, {review.last.date.isoformat()})"
    if review.state == NEEDS:
        return f"a clinician asked for changes ({counts})"
    if review.state == CHANGED:
        return f"changed since a clinician reviewed it ({counts})"
    if review.state == PARTLY:
        return f"only partly reviewed by a clinician ({counts})"
    return f"not reviewed by a clinician ({counts})"


class FrontDesk:
    """The handouts one server offers (content × clinic × catalogs, read at start-up) and their cache."""

    def __init__(self, content: Path | str, clinic: Path | str | None, locales: Path | str | None, folder: Path,
                 workers: int | None = None, pictures: int = 64 * 1024 * 1024, wait: float = WAIT):
        self.content, self.clinic_path, self.locales = content, clinic, locales_dir(content, locales)
        self.handout = load_content(content)
        self.clinic = load_clinic(clinic)
        self.source = self.handout.meta.source_language
        self.default_paper = choose_paper(None, self.clinic, self.source)
        self.languages = {lang.code: lang for lang in list_languages(content, self.locales, self.default_paper)}
        # combinations this clinic's details cannot print in (a phone too long for a footer line, an address
        # piece too long for a line): never built or offered, greyed out on the page with what to change
        self.unprintable = {(edition, paper, booklet): reason for edition in EDITIONS for paper in PAPERS
                            for booklet in (False, True)
                            if (reason := unprintable_reason(self.clinic, self.source, edition, paper, booklet))}
        self.folder = Path(folder)
        self.shelf = Shelf(content, clinic, self.locales, folder, self.source, workers)
        self.pictures = PictureCache(pictures)
        self.wait = wait

    def get(self, key: Key) -> Made:
        """The handout for `key`: from the folder, or built now (503 if that takes longer than `wait`)."""
        if key.edition == "bilingual" and key.locale == self.source:
            return Made(key, error=HandoutError(f"the bilingual edition sets a language beside "
                                                f"{self.languages[self.source].english_name}: choose another "
                                                "language, or another edition"))
        reason = self.unprintable.get((key.edition, key.paper, key.booklet))
        if reason:
            return Made(key, error=ClinicError(reason))
        try:
            return self.shelf.get(key, self.wait)
        except TimeoutError:
            abort(503, "this handout is still being prepared; try again in a moment")

    def offered(self) -> list[Key]:
        """Every handout the page offers, in the order to prepare them: the clinic's paper before the
        other, flat before booklet, then by edition (standard first), each in every printable language."""
        day = clinic_today(self.clinic.timezone)
        papers = sorted(PAPERS, key=lambda paper: paper != self.default_paper)
        return [Key(lang.code, edition, paper, booklet, day) for paper in papers for booklet in (False, True)
                for edition in EDITIONS for lang in self.languages.values()
                if lang.printable and not (edition == "bilingual" and lang.code == self.source)
                and (edition, paper, booklet) not in self.unprintable]

    def site_file(self, name: str) -> tuple[Path, str] | str:
        """The file of the web edition (`handout site --out` this server's folder) at `name`: (path, type),
        or the address to redirect to ("es" -> "es/"). Only files the folder's manifest lists are served (its
        pages and PDFs), so the name from the request never reaches the file system. 404 otherwise."""
        from handout.batch.manifest import SITE, read_manifest

        manifest = read_manifest(self.folder)
        pages = manifest.get(SITE) if isinstance(manifest.get(SITE), dict) else {}
        if not pages:
            abort(404, "this folder has no web edition; make one with `handout site --out FOLDER`")
        wanted = name + "index.html" if name == "" or name.endswith("/") else name
        if wanted in pages or (wanted.endswith(".pdf") and wanted in manifest["files"]):
            return self.folder / wanted, SITE_TYPES.get(Path(wanted).suffix, "application/octet-stream")
        if f"{name}/index.html" in pages:
            return f"{name}/"
        abort(404, "no such page in the web edition")

    def picture(self, key: Key, page: int) -> bytes:
        """PNG of a page of a built handout (IndexError: no such page)."""
        made = self.get(key)
        try:
            return self.pictures.picture(made.built.path, page)
        except FileNotFoundError:  # removed from the folder since: build it again
            self.shelf.forget(key)
            return self.pictures.picture(self.get(key).built.path, page)

    def review(self) -> ReviewState:
        """Where the handout stands against its review date, today, where the clinic is."""
        return ReviewState(self.handout.meta.next_review, clinic_today(self.clinic.timezone),
                           self.clinic.review_policy)

    def parse_key(self, args: MultiDict) -> Key:
        """The handout a request names, every value checked against the known lists (400 otherwise)."""
        values = {}
        for name, allowed in (("locale", self.languages), ("edition", EDITIONS), ("paper", PAPERS)):
            value = args.get(name, "")
            if value not in allowed:
                abort(400, f"unknown {name} {value[:40]!r}; expected one of: {', '.join(sorted(allowed))}")
            values[name] = value
        for name in ("booklet", "download"):
            if args.get(name, "") not in FLAGS:
                abort(400, f"{name} must be 0 or 1")
        return Key(booklet=args.get("booklet") == "1", day=clinic_today(self.clinic.timezone), **values)

    def preview(self, made: Made | None) -> dict:
        """What _preview.html shows for a built (or refused) handout."""
        if made is None:
            return dict(made=None)
        key = made.key
        query = dict(locale=key.locale, edition=key.edition, paper=key.paper)
        if key.booklet:
            query["booklet"] = "1"
        if made.page_size is None and made.built:
            made.page_size = self.pictures.page_size(made.built.path)
        width, height = made.page_size or (0, 0)
        pages = made.built.pages if made.built else 0
        return dict(made=made, language=self.languages[key.locale], policy=self.clinic.translation_policy, edition=EDITION_LABELS.get(key.edition,
                    (key.edition,))[0], paper=PAPER_LABELS[key.paper], pdf_url=url_for("pdf", **query),
                    download_url=url_for("pdf", download="1", **query),
                    thumbnails=[url_for("thumbnail", page=str(n), **query) for n in range(1, pages + 1)],
                    thumb_w=THUMBNAIL_WIDTH // 2, thumb_h=round(THUMBNAIL_WIDTH / 2 * height / width) if width else 0)

    def blocked(self, edition: str) -> tuple[list[str], bool]:
        """What of `edition` this clinic's details cannot print, one line each ('clinic.yaml:2: key phone:
        cannot print the large-print booklet on A4: ...'), and whether that is every paper and fold (the
        edition is then greyed out)."""
        lines = [reason for (e, _, _), reason in self.unprintable.items() if e == edition]
        return lines, len(lines) == 2 * len(PAPERS)

    def page(self, chosen: Key | None) -> dict:
        """What serve.html shows: the choices, the clinic, the review date and the chosen handout."""
        review = self.review()
        made = self.get(chosen) if chosen else None
        return dict(handout=self.handout, clinic=self.clinic, example_clinic=self.clinic_path is None,
                    review=review, overdue=overdue_warning(review), languages=list(self.languages.values()),
                    editions=[(e, *EDITION_LABELS.get(e, (e, "")), *self.blocked(e)) for e in EDITIONS],
                    papers=PAPER_LABELS,
                    chosen=chosen or Key("", "standard", self.default_paper, False, review.today),
                    **self.preview(made))


def create_app(content: Path | str = "content.yaml", clinic: Path | str | None = None,
               locales: Path | str | None = None, folder: Path | str | None = None, *,
               hosts: list[str] | None = None, access_code: str | None = None, workers: int | None = None,
               wait: float = WAIT) -> Flask:
    """The web application for `content`, printed for `clinic`, with the catalogs in `locales`.

    `folder` keeps the built handouts and their manifest (default: a new temporary folder); `hosts` are the
    names it answers to (default: localhost and 127.0.0.1); with `access_code`, a device must type it once;
    `workers` build processes (default: one per core). The FrontDesk is `app.extensions["handout"]`. Problems
    with the content, clinic or catalogs raise HandoutError here, before anything is served.
    """
    folder = Path(folder or tempfile.mkdtemp(prefix="handout-serve-")).absolute()
    desk = FrontDesk(content, clinic, locales, folder, workers=workers, wait=wait)
    static = {name: resources.files("handout.web").joinpath("static", name).read_bytes() for name in STATIC_FILES}
    app = Flask(__name__, static_folder=None)
    app.config["TRUSTED_HOSTS"] = hosts or list(guard.LOCAL_NAMES)
    app.extensions["handout"] = desk

    @app.before_request
    def access():
        if not access_code or request.endpoint in ("unlock", "static_file"):
            return None
        if isinstance(request.routing_exception, SecurityError):
            return None  # another server's name: refused as such (400), before any page
        if guard.cookie_matches(request.cookies.get(guard.COOKIE), access_code):
            return None
        return render_template("unlock.html", wrong=False), 401

    @app.post("/unlock")
    def unlock():
        if not access_code:
            abort(404)
        if not guard.code_matches(request.form.get("code", "")[:200], access_code):
            return render_template("unlock.html", wrong=True), 401
        response = redirect(url_for("page"), 303)
        response.set_cookie(guard.COOKIE, guard.token(access_code), max_age=400 * 24 * 3600, httponly=True,
                            samesite="Strict")
        return response

    @app.get("/")
    def page():
        chosen = desk.parse_key(request.args) if "locale" in request.args else None
        context = desk.page(chosen)
        return render_template("serve.html", **context), 409 if context["made"] and context["made"].error else 200

    @app.get("/preview")
    def preview():
        made = desk.get(desk.parse_key(request.args))
        return render_template("_preview.html", **desk.preview(made)), 409 if made.error else 200

    @app.get("/pdf")
    def pdf():
        made = desk.get(desk.parse_key(request.args))
        if made.error:
            abort(409, str(made.error))
        try:
            return send_file(made.built.path, mimetype="application/pdf", download_name=made.filename,
                             as_attachment=request.args.get("download") == "1", max_age=0)
        except FileNotFoundError:  # removed from the folder since it was built: build it again
            desk.shelf.forget(made.key)
            abort(503, "this handout is being prepared again; try again in a moment")

    @app.get("/page.png")
    def thumbnail():
        key = desk.parse_key(request.args)
        number = request.args.get("page", "")
        if not (number.isascii() and number.isdigit() and len(number) <= 4 and int(number) >= 1):
            abort(400, "page must be a page number such as 1")
        made = desk.get(key)
        if made.error:
            abort(409, str(made.error))
        try:
            image = desk.picture(key, int(number))
        except IndexError:
            abort(404, f"this handout has {made.built.pages} pages")
        return send_file(io.BytesIO(image), mimetype="image/png", max_age=0)

    @app.get("/site/", defaults={"name": ""})
    @app.get("/site/<path:name>")
    def site(name: str):
        found = desk.site_file(name)
        if isinstance(found, str):
            return redirect(url_for("site", name=found), 301)
        path, mimetype = found
        try:
            return send_file(path, mimetype=mimetype, max_age=0)
        except FileNotFoundError:
            abort(404, "this page was removed from the folder; run `handout site` again")

    @app.get("/static/<name>")
    def static_file(name: str):
        if name not in static:  # a fixed list read at start-up: the name never reaches the file system
            abort(404)
        return app.response_class(static[name], mimetype=STATIC_FILES[name], headers={"Cache-Control": "no-cache"})

    @app.errorhandler(HTTPException)
    def plain_error(exc: HTTPException):
        if isinstance(exc, SecurityError):  # a Host header naming another server
            exc.description = ("this server answers only to its own names and addresses; to open it by "
                               "another name, start it with --allow-host NAME")
        headers = {"Content-Type": "text/plain; charset=utf-8"}
        if exc.code == 503:
            headers["Retry-After"] = "2"
        return f"{exc.code} {exc.name}: {exc.description}\n", exc.code, headers

    @app.after_request
    def headers(response):
        guard.security_headers(response.headers, response.mimetype, site=request.endpoint == "site")
        return response

    return app


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on `host`:`port` (0: any free port), for the server to take over.

    Bound here rather than by Werkzeug, which prints its own message and exits when the port is taken.
    """
    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a restart may reuse the port at once
        listener.bind((host, port))
        listener.listen()
    except socket.gaierror as exc:
        listener.close()
        raise HandoutError(f"cannot listen on {host}: {exc.strerror}; give --host an address of this computer, "
                           "such as 127.0.0.1") from None
    except OSError as exc:
        listener.close()
        raise HandoutError(f"cannot listen on {host} port {port}: {os.strerror(exc.errno)}; "
                           "choose another --port") from None
    return listener
