"""The command line: parse arguments, call one library function, print the result.

Expected problems arrive as HandoutError and print as `Error: path:line: message` (plus one line per
detail) with exit status 1; usage mistakes exit 2 (Click's convention). Heavy modules are imported inside
each command so that `handout --help` stays fast.
"""
from __future__ import annotations

import json
import sys

import click

from handout import __version__
from handout.errors import HandoutError

CONTENT = click.argument("content", default="content.yaml", type=click.Path(dir_okay=False))
LOCALES = click.option("--locales", default=None, type=click.Path(file_okay=False),
                       help="Folder of translation catalogs. Default: locales/ beside the content file.")


def _cells(text: str) -> int:
    """Terminal columns `text` takes: wide (Chinese) characters take two, combining marks none."""
    import unicodedata

    return sum(0 if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Cf") else
               2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _fail(exc: HandoutError) -> None:
    click.echo(f"Error: {exc}", err=True)
    for detail in exc.details:
        click.echo(f"  {detail}", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handout")
def main() -> None:
    """Make printable, translated patient handouts (PDF) from content.yaml and translation catalogs."""


@main.command()
@CONTENT
@click.option("--locale", default="en", show_default=True,
              help="Language to build (en, es, pt_BR...), or 'all' for every complete translation.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default=None,
              help="Paper size. Default: the clinic's, else the locale's country, else A4.")
@click.option("--clinic", "clinic", type=click.Path(dir_okay=False), default=None,
              help="Clinic file (YAML) with name, phone, logo... Default: a built-in example clinic.")
@click.option("--out", default="dist", show_default=True, type=click.Path(),
              help="Folder to write the PDF into.")
@click.option("--edition", default="standard", show_default=True,
              type=click.Choice(["standard", "large-print", "bilingual", "all"]),
              help="standard; large-print (18 pt, its own layout); bilingual (beside English); or all.")
@LOCALES
@click.option("--allow-incomplete", is_flag=True,
              help="Build a translation with missing entries; those parts print in English, with a notice.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Judge the review date as if today were YYYY-MM-DD (reproducible builds).")
@click.option("--booklet", is_flag=True, help="A folded booklet: half-size pages two to a sheet, in fold order.")
@click.option("--with", "with_locale", default="en", show_default=True,
              help="The language set beside LOCALE in the bilingual edition.")
def build(content, locale, paper, clinic, out, edition, locales, allow_incomplete, today, booklet,
          with_locale) -> None:
    """Build the handout PDF from CONTENT (default: content.yaml) and print the path written."""
    from handout.build import EDITIONS, build_handout, complete_locales

    try:
        if locale == "all":
            targets, skipped = complete_locales(content, locales)
            for code in skipped:
                click.echo(f"Warning: skipping '{code}': its translation is incomplete or has errors "
                           f"(see `handout status` and `handout check`)", err=True)
        else:
            targets = [locale]
        for code in targets:
            for kind in EDITIONS if edition == "all" else (edition,):
                if edition == "all" and kind == "bilingual" and code == with_locale:
                    continue  # English beside English: nothing to read along with
                built = build_handout(content, locale=code, paper=paper, clinic=clinic, out=out, locales=locales,
                                      allow_incomplete=allow_incomplete, edition=kind,
                                      today=today.date() if today else None, booklet=booklet,
                                      with_locale=with_locale)
                for warning in built.warnings:
                    click.echo(f"Warning: {warning}", err=True)
                for note in built.notes:
                    click.echo(note, err=True)
                click.echo(str(built.path))
    except HandoutError as exc:
        _fail(exc)


@main.command()
@CONTENT
@LOCALES
def extract(content, locales) -> None:
    """Write the translation template (locales/handout.pot) from CONTENT."""
    from handout.workflow import extract_pot

    try:
        path, changed, count = extract_pot(content, locales)
    except HandoutError as exc:
        _fail(exc)
    click.echo(f"{path}: {count} entries{'' if changed else ' (unchanged)'}")


@main.command()
@click.argument("locale")
@click.option("--content", default="content.yaml", show_default=True, type=click.Path(dir_okay=False))
@LOCALES
@click.option("--translator", default="", help='Your name and e-mail, e.g. "Ana García <ana@example.org>".')
def init(locale, content, locales, translator) -> None:
    """Start a translation into LOCALE (e.g. es, pt_BR, zh_Hans) from the template."""
    from handout.workflow import init_locale

    try:
        path = init_locale(locale, content, locales, translator)
    except HandoutError as exc:
        _fail(exc)
    click.echo(f"{path}: created; open it in Poedit or upload it to Weblate")


@main.command()
@click.option("--content", default="content.yaml", show_default=True, type=click.Path(dir_okay=False))
@LOCALES
def update(content, locales) -> None:
    """Merge the template into every translation: changed English becomes fuzzy (needs review)."""
    from handout.workflow import update_locales

    try:
        results = update_locales(content, locales)
    except HandoutError as exc:
        _fail(exc)
    for r in results:
        click.echo(f"{r.path}: {r.new} new, {r.changed} changed (fuzzy, previous English kept), "
                   f"{r.obsolete} obsolete{'' if r.written else ' (unchanged)'}")


@main.command()
@CONTENT
@LOCALES
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option("--strict", is_flag=True, help="Exit 1 when any translation is incomplete.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Count the days to the next review from YYYY-MM-DD instead of today.")
def status(content, locales, as_json, strict, today) -> None:
    """Show how complete each translation is, its review status and font coverage, and the days
    left until the content's next review."""
    import datetime as dt

    from handout.content import load_content
    from handout.workflow import locale_status

    try:
        rows = locale_status(content, locales)
        meta = load_content(content).meta
    except HandoutError as exc:
        _fail(exc)
    days = (meta.next_review - (today.date() if today else dt.date.today())).days
    due = f"in {days} days" if days >= 0 else f"OVERDUE by {-days} days"
    if as_json:
        click.echo(json.dumps([dict(locale=r.stats.locale, language=r.stats.language,
                                    translated=r.stats.translated, fuzzy=r.stats.fuzzy,
                                    untranslated=r.stats.untranslated, obsolete=r.stats.obsolete,
                                    percent=round(r.stats.percent, 1), complete=r.stats.complete,
                                    review=r.stats.review, fonts=r.fonts,
                                    content_version=meta.version, next_review=meta.next_review.isoformat(),
                                    next_review_in_days=days) for r in rows],
                              ensure_ascii=False, indent=2))
    else:
        click.echo(f"Content version {meta.version}: next review {meta.next_review.isoformat()} ({due})")
        header = ("locale", "language", "done", "fuzzy", "todo", "obsolete", "%", "review", "fonts")
        table = [header] + [(r.stats.locale, r.stats.language, str(r.stats.translated), str(r.stats.fuzzy),
                             str(r.stats.untranslated), str(r.stats.obsolete), f"{r.stats.percent:.0f}",
                             r.stats.review, r.fonts) for r in rows]
        widths = [max(_cells(row[i]) for row in table) for i in range(len(header))]
        for row in table:
            click.echo("  ".join(cell + " " * (widths[i] - _cells(cell)) for i, cell in enumerate(row)).rstrip())
    if strict and any(not r.stats.complete for r in rows):
        sys.exit(1)


@main.command()
@CONTENT
@LOCALES
@click.option("--locale", "only", multiple=True, help="Check only this locale (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def check(content, locales, only, as_json) -> None:
    """Run every translation check on every catalog; exit 1 if any error.

    Each problem prints as `path:line: error|warning: message`. With --json, stdout is always a JSON list
    of {path, line, severity, message}, even when a file cannot be read at all (exit 1 then too).
    """
    from handout.workflow import check_locales

    try:
        findings = check_locales(content, locales, list(only) or None)
    except HandoutError as exc:
        if as_json:  # a gate that parses stdout still gets JSON naming the problem
            click.echo(json.dumps([dict(path=exc.path or "", line=exc.line or 0, severity="error",
                                        message=exc.message)], ensure_ascii=False, indent=2))
        _fail(exc)
    if as_json:
        click.echo(json.dumps([f.__dict__ for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            click.echo(str(finding))
        errors = sum(1 for f in findings if f.severity == "error")
        click.echo(f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)
    if any(f.severity == "error" for f in findings):
        sys.exit(1)


@main.command()
@CONTENT
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default lets only this computer open the page.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port; the address is printed).")
@click.option("--clinic", "clinic", type=click.Path(dir_okay=False), default=None,
              help="Clinic file (YAML) printed on every handout. Default: a built-in example clinic.")
@LOCALES
def serve(content, host, port, clinic, locales) -> None:
    """Start the web page for front-desk staff: pick a language, see the pages, print.

    Open the address it prints in a browser; stop it with Ctrl+C.
    """
    import logging
    import signal
    import tempfile

    from werkzeug.serving import make_server

    from handout.serve import create_app, listen

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    logging.getLogger("handout").addHandler(handler)
    logging.getLogger("handout").setLevel(logging.INFO)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop as for Ctrl+C, removing the temp folder
    with tempfile.TemporaryDirectory(prefix="handout-serve-") as folder:
        try:
            app = create_app(content, clinic=clinic, locales=locales, folder=folder)
            listener = listen(host, port)
        except HandoutError as exc:
            _fail(exc)
        server = make_server(host, port, app, threaded=True, fd=listener.fileno())
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else f"[{host}]" if ":" in host else host
        click.echo(f"Serving the handout page at http://{shown}:{server.port}/ (press Ctrl+C to stop)")
        if host not in ("127.0.0.1", "localhost", "::1"):
            click.echo(f"Warning: listening on {host}: other computers on the network can open this page too",
                       err=True)
        try:
            server.serve_forever()  # Werkzeug returns from it on Ctrl+C (and SIGTERM, turned into Ctrl+C above)
        finally:
            server.server_close()
            listener.close()
        click.echo("Stopped.")
