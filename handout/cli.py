"""The command line: parse arguments, call one library function, print the result.

Expected problems arrive as HandoutError and print as `Error: path:line: message` (plus one line per
detail) with exit status 1; usage mistakes exit 2 (Click's convention). Heavy modules are imported inside
each command so that `handout --help` stays fast.
"""
from __future__ import annotations

import json
import sys
import time

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
    from handout.startup import defer_patterns

    defer_patterns()  # the command's own process only, before a subcommand imports ReportLab or PyYAML


@main.command()
@CONTENT
@click.option("--locale", default="en", show_default=True,
              help="Language to build (en, es, pt_BR...), several separated by commas, or 'all' for every "
                   "complete translation.")
@click.option("--paper", type=click.Choice(["a4", "letter", "all"]), default=None,
              help="Paper size, or 'all' for both. Default: the clinic's, else the locale's country, else A4.")
@click.option("--clinic", "clinic", type=click.Path(dir_okay=False), default=None,
              help="Clinic file (YAML) with name, phone, logo... Default: a built-in example clinic.")
@click.option("--clinics", type=click.Path(dir_okay=False), default=None,
              help="Clinics list (CSV or YAML): one row per site with an id and the clinic file's fields; "
                   "builds one set per site into OUT/<id>/.")
@click.option("--out", default="dist", show_default=True, type=click.Path(),
              help="Folder to write the PDFs and manifest.json into.")
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
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Processes building at once. Default: one per CPU core.")
@click.option("--force", is_flag=True, help="Rebuild every PDF, also those whose inputs did not change.")
def build(content, locale, paper, clinic, clinics, out, edition, locales, allow_incomplete, today, booklet,
          with_locale, jobs, force) -> None:
    """Build handout PDFs from CONTENT (default: content.yaml) and print the path of each.

    A PDF whose inputs (content, translation, clinic and logo, fonts, tool version, options) did not
    change since it was built into OUT is not built again. OUT/manifest.json records every PDF with its
    input hashes and its SHA-256; `handout verify OUT` checks the files against it."""
    from handout.batch.plan import plan_batch, record_batch

    if clinic and clinics:
        raise click.UsageError("use --clinic (one clinic) or --clinics (a list of sites), not both")
    try:
        plan = plan_batch(content, out=out, locale=locale, edition=edition, paper=paper, clinic=clinic,
                          clinics=clinics, locales=locales, allow_incomplete=allow_incomplete, force=force,
                          today=today.date() if today else None, booklet=booklet, with_locale=with_locale)
    except HandoutError as exc:
        _fail(exc)
    for code in plan.skipped_locales:
        click.echo(f"Warning: skipping '{code}': its translation is incomplete or has errors "
                   f"(see `handout status` and `handout check`)", err=True)
    for code, why in plan.unprintable_locales:
        click.echo(f"Error: cannot print '{code}': {why}", err=True)
    for exc in plan.bad_sites:
        click.echo(f"Error: {exc}", err=True)
    from handout.batch.progress import run_with_progress

    started = time.perf_counter()
    outcomes, interrupted = run_with_progress(plan, jobs)
    try:
        record_batch(plan, outcomes)
    except HandoutError as exc:
        _fail(exc)
    failed = [o for o in outcomes if not o.ok]
    if interrupted:
        click.echo(f"Interrupted: {len(outcomes) - len(failed)} built and recorded; run the same command "
                   "again to build the rest", err=True)
        sys.exit(130)
    # Quiet on success in logs (the lines above say it all), and one job's error says it all too; a
    # terminal user gets the counts and rate.
    if plan.bad_sites or (len(plan.jobs) > 1 and (failed or sys.stdout.isatty())):
        _summary(plan, outcomes, time.perf_counter() - started)
    if failed or plan.bad_sites or plan.unprintable_locales:
        sys.exit(1)


def _summary(plan, outcomes, seconds: float) -> None:
    """The closing lines of a batch: counts, rate, and every failure again, one line each."""
    failed = [o for o in outcomes if not o.ok]
    built = len(outcomes) - len(failed)
    rate = f", {built / seconds:.1f} per second" if built and seconds > 0 else ""
    click.echo(f"{len(plan.jobs)} handouts: {built} built, {len(plan.jobs) - len(plan.todo)} unchanged, "
               f"{len(failed)} failed ({seconds:.1f} s{rate})", err=True)
    if failed or plan.bad_sites:
        click.echo(f"Failed: {len(failed)} handout(s), {len(plan.bad_sites)} clinic row(s):", err=True)
        for exc in plan.bad_sites:
            click.echo(f"  {exc}", err=True)
        for outcome in sorted(failed, key=lambda o: o.job.name):
            click.echo(f"  {outcome.job.name}: {outcome.error}", err=True)


@main.command()
@CONTENT
@click.option("--out", default="site", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write the website into: upload it as it is to any web host.")
@click.option("--clinic", "clinic", type=click.Path(dir_okay=False), default=None,
              help="Clinic file (YAML). Its site_url is where the folder will be published: every PDF's QR "
                   "code then opens the page in its language. Default: a built-in example clinic.")
@LOCALES
@click.option("--paper", type=click.Choice(["a4", "letter", "all"]), default=None,
              help="Paper of the PDFs linked from the pages. Default: the clinic's, else the language's country's.")
@click.option("--pdfs/--no-pdfs", default=True, show_default=True,
              help="Build the PDFs of every language and edition into the folder (only those whose inputs "
                   "changed); --no-pdfs links only to the PDFs already there.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Judge the review date as if today were YYYY-MM-DD (reproducible builds).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Processes building PDFs at once. Default: one per CPU core.")
def site(content, out, clinic, locales, paper, pdfs, today, jobs) -> None:
    """Write the web edition of the handout into OUT: one page per language, an index page, and the PDFs
    of every language beside them, with OUT/manifest.json (`handout verify OUT` checks it all).

    A page or PDF whose inputs did not change is not written again."""
    from handout.site.write import build_site

    day = today.date() if today else None
    failed = []
    try:
        if pdfs:
            from handout.batch.plan import plan_batch, record_batch
            from handout.batch.progress import run_with_progress

            plan = plan_batch(content, out=out, locale="all", edition="all", paper=paper, clinic=clinic,
                              locales=locales, today=day)
            for code, why in plan.unprintable_locales:
                click.echo(f"Warning: no PDF of '{code}': {why}", err=True)
            started = time.perf_counter()
            outcomes, interrupted = run_with_progress(plan, jobs)
            record_batch(plan, outcomes)
            if interrupted:
                click.echo("Interrupted: run the same command again to build the rest", err=True)
                sys.exit(130)
            failed = [o for o in outcomes if not o.ok]
            if failed or sys.stdout.isatty():
                _summary(plan, outcomes, time.perf_counter() - started)
        result = build_site(content, out, clinic, locales, day)
    except HandoutError as exc:
        _fail(exc)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for name in result.written:
        click.echo(f"{result.folder / name}")
    for name in result.unchanged:
        click.echo(f"{result.folder / name} (unchanged)")
    for name in result.removed:
        click.echo(f"{result.folder / name} (removed: its language is no longer built)")
    click.echo(f"{len(result.languages)} languages: open {result.folder / 'index.html'}, or upload the folder "
               "to your web host", err=True)
    if failed:
        sys.exit(1)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False))
def verify(folder) -> None:
    """Re-hash every PDF in FOLDER against FOLDER/manifest.json; exit 1 on any difference.

    Prints one line per file that is missing, changed, or not in the manifest."""
    from handout.batch.manifest import verify_folder

    try:
        count, problems = verify_folder(folder)
    except HandoutError as exc:
        _fail(exc)
    for problem in problems:
        click.echo(problem)
    click.echo(f"{count} file(s) in the manifest, {len(problems)} problem(s)", err=True)
    if problems:
        sys.exit(1)


@main.command()
@CONTENT
@LOCALES
def extract(content, locales) -> None:
    """Write the translation template (locales/handout.pot) from CONTENT."""
    from handout.translate.workflow import extract_pot

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
    from handout.translate.workflow import init_locale

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
    from handout.translate.workflow import update_locales

    try:
        results = update_locales(content, locales)
    except HandoutError as exc:
        _fail(exc)
    for r in results:
        click.echo(f"{r.path}: {r.new} new, {r.changed} changed (fuzzy, previous English kept), "
                   f"{r.obsolete} obsolete{'' if r.written else ' (unchanged)'}"
                   + (f"; {r.restored} entries given back the context (msgctxt) they had lost, as after a "
                      "round trip through XLIFF or CSV" if r.restored else ""))


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

    from handout.source.content import load_content
    from handout.build import locale_status

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
                                    clinician_review=r.signoff.as_dict(),
                                    content_version=meta.version, next_review=meta.next_review.isoformat(),
                                    next_review_in_days=days) for r in rows],
                              ensure_ascii=False, indent=2))
    else:
        click.echo(f"Content version {meta.version}: next review {meta.next_review.isoformat()} ({due})")
        header = ("locale", "language", "done", "fuzzy", "todo", "obsolete", "%", "review", "fonts")
        table = [header] + [(r.stats.locale, r.stats.language, str(r.stats.translated), str(r.stats.fuzzy),
                             str(r.stats.untranslated), str(r.stats.obsolete), f"{r.stats.percent:.0f}",
                             r.signoff.state, r.fonts) for r in rows]
        widths = [max(_cells(row[i]) for row in table) for i in range(len(header))]
        for row in table:
            click.echo("  ".join(cell + " " * (widths[i] - _cells(cell)) for i, cell in enumerate(row)).rstrip())
        for r in rows:
            if r.lost:
                click.echo(f"{r.stats.path}: {r.lost} translated entries have lost their context (msgctxt), as "
                           "after a round trip through XLIFF or CSV, so they count as to do; run `handout update` "
                           "to give it back", err=True)
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
    from handout.build import font_findings
    from handout.translate.workflow import check_locales

    try:
        findings = check_locales(content, locales, list(only) or None)
        findings += font_findings(content, locales, list(only) or None)
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
              help="Address to listen on. The default lets only this computer open the page; 0.0.0.0 lets "
                   "tablets on the clinic network in too.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port; the address is printed).")
@click.option("--clinic", "clinic", type=click.Path(dir_okay=False), default=None,
              help="Clinic file (YAML) printed on every handout. Default: a built-in example clinic.")
@LOCALES
@click.option("--out", default="dist", show_default=True, type=click.Path(file_okay=False),
              help="Folder the handouts are built into and served from, with its manifest (the same as "
                   "`handout build --out`): what is already there and current is not built again.")
@click.option("--prepare/--no-prepare", default=True, show_default=True,
              help="Build every handout the page offers in the background from the start.")
@click.option("--jobs", type=click.IntRange(1, 256), default=None,
              help="Processes that build handouts. Default: one per CPU core.")
@click.option("--threads", type=click.IntRange(1, 256), default=16, show_default=True,
              help="Requests answered at once.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Another name the page may be opened by (e.g. frontdesk.clinic.local); repeat for more.")
@click.option("--access-code", envvar="HANDOUT_ACCESS_CODE", default=None,
              help="A code staff type once per device before the page opens (at least 6 characters; "
                   "or set HANDOUT_ACCESS_CODE, which other users of the computer cannot see).")
@click.option("--client-timeout", type=click.FloatRange(0.1, 3600), default=30, show_default=True,
              help="Seconds after which a connection that sends or reads nothing is closed.")
def serve(content, host, port, clinic, locales, out, prepare, jobs, threads, allow_hosts, access_code,
          client_timeout) -> None:
    """Start the web page for front-desk staff: pick a language, see the pages, print.

    Open an address it prints in a browser; stop it with Ctrl+C.
    """
    import logging
    import signal

    from waitress.server import create_server

    from handout.web import guard
    from handout.web.serve import create_app, listen

    if access_code is not None and len(access_code) < guard.MIN_CODE:
        raise click.UsageError(f"--access-code must be at least {guard.MIN_CODE} characters long")
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logging.getLogger("handout").addHandler(handler)
    logging.getLogger("handout").setLevel(logging.INFO)
    logging.getLogger("waitress").setLevel(logging.ERROR)  # not its own start-up lines
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop as for Ctrl+C, stopping the builders
    try:
        listener = listen(host, port)
    except HandoutError as exc:
        _fail(exc)
    try:
        app = create_app(content, clinic=clinic, locales=locales, folder=out, workers=jobs, access_code=access_code,
                         hosts=guard.trusted_hosts(host, allow_hosts))
    except HandoutError as exc:
        listener.close()
        _fail(exc)
    desk = app.extensions["handout"]
    server = create_server(app, sockets=[listener], threads=threads, channel_timeout=client_timeout,
                           cleanup_interval=max(0.5, min(30.0, client_timeout / 2)), connection_limit=200,
                           ident="handout")
    bound = listener.getsockname()[1]
    if host in ("0.0.0.0", "::"):
        name, addresses = guard.this_computer()
        shown = ["127.0.0.1", name, *addresses]
    else:
        shown = [f"[{host}]" if ":" in host else host]
    click.echo(f"Serving the handout page at http://{shown[0]}:{bound}/ (press Ctrl+C to stop)")
    for other in shown[1:]:
        click.echo(f"  tablets on the clinic network: http://{other}:{bound}/")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Warning: listening on {host}: other computers on the network can open this page too"
                   + ("" if access_code else "; give --access-code to keep strangers out"), err=True)
    if prepare:
        count = desk.shelf.prepare(desk.offered())
        click.echo(f"Preparing {count} handouts in {out} in the background "
                   f"({len(desk.offered()) - count} already there)")
    try:
        server.run()  # returns by KeyboardInterrupt on Ctrl+C (and SIGTERM, turned into Ctrl+C above)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        desk.shelf.close()
    click.echo("Stopped.")


@main.group()
def review() -> None:
    """Clinician review of translations: print a proof, record a sign-off, see what is signed.

    A reviewer goes from a proof to a signed catalog in three commands (docs/reviewing.md):
    `handout review proof es`, then `handout review sign es --reviewer "NAME, ROLE" --all`,
    then `handout review status`."""


REVIEW_CONTENT = click.option("--content", default="content.yaml", show_default=True,
                              type=click.Path(dir_okay=False), help="The content file.")


@review.command("proof")
@click.argument("locale")
@REVIEW_CONTENT
@LOCALES
@click.option("--out", default=None, type=click.Path(dir_okay=False),
              help="File to write. Default: review/<id>_<locale>_review-proof.pdf (or .html).")
@click.option("--html", "as_html", is_flag=True, help="A bilingual web page instead of a PDF.")
@click.option("--clinic", default=None, type=click.Path(dir_okay=False),
              help="Fill in this clinic's phone and emergency numbers (default: the example clinic).")
def review_proof(locale, content, locales, out, as_html, clinic) -> None:
    """Write a review proof of LOCALE for a clinician: every entry's section, English, translation and
    numbers as they will print (citations apart), with a tick box and room for a comment; safety-critical
    entries first and marked, and in each part entries changed since the last sign-off first. Ends with a
    signature block."""
    from handout.proof import write_proof

    try:
        path, review_state = write_proof(content, locales, locale, out=out, html=as_html, clinic=clinic)
    except HandoutError as exc:
        _fail(exc)
    from handout.translate.signoff import proof_id

    click.echo(f"{path}: {len(review_state.entries)} entries ({review_state.summary()}); proof ID "
               f"{proof_id(review_state)}")


@review.command("sign")
@click.argument("locale")
@REVIEW_CONTENT
@LOCALES
@click.option("--reviewer", required=True, help='Name and role, e.g. "Dr Ana García, GP".')
@click.option("--all", "sign_all", is_flag=True, help="Sign every entry (the whole proof was checked).")
@click.option("--entries", default=None,
              help="Sign only these: numbers and ranges as on the proof, or section ids (1-12,15,side-effects).")
@click.option("--date", "date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The date of the review (YYYY-MM-DD). Default: today.")
@click.option("--proof", "proof_id", default=None,
              help="The proof ID printed on the proof: refuse if the text changed since that proof was made.")
@click.option("--competence", default="",
              help='How the reviewer knows the language, e.g. "native speaker" (required; kept with the sign-off).')
@click.option("--registration", default="", help='Professional body and number, e.g. "GMC 7654321".')
@click.option("--outcome", type=click.Choice(["approved", "changes-needed"]), default="approved", show_default=True,
              help="changes-needed records the --comment lines; those entries stay unreviewed.")
@click.option("--comment", "comments", multiple=True,
              help='What must change, e.g. "12: say syndrome de manque" (repeat for more).')
def review_sign(locale, content, locales, reviewer, sign_all, entries, date, proof_id, competence, registration,
                outcome, comments) -> None:
    """Record that a clinician checked LOCALE's translation (all of it, or some entries) as it is now,
    in locales/LOCALE/review.yaml, with their registration, language competence and outcome. Fuzzy or
    untranslated entries cannot be signed."""
    from handout.translate.signoff import sign_checked

    if sign_all == (entries is not None):
        raise click.UsageError("give either --all or --entries")
    try:
        path, count, after = sign_checked(content, locales, locale, reviewer, entries,
                                          date.date() if date else None, proof_id, competence=competence,
                                          registration=registration, outcome=outcome.replace("-", " "),
                                          comments=comments)
    except HandoutError as exc:
        _fail(exc)
    what = "signed" if outcome == "approved" else "recorded changes needed on"
    click.echo(f"{path}: {what} {count} entries; {locale} is now {after.summary()}")


@review.command("status")
@REVIEW_CONTENT
@LOCALES
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def review_status(content, locales, as_json) -> None:
    """Per language: entries reviewed, changed since review, never reviewed."""
    from handout.translate.signoff import review_table

    try:
        rows = review_table(content, locales)
    except HandoutError as exc:
        _fail(exc)
    if as_json:
        click.echo(json.dumps([dict(locale=code, language=name, **r.as_dict()) for code, name, r in rows],
                              ensure_ascii=False, indent=2))
        return
    header = ("locale", "language", "state", "reviewed", "changed", "never", "last signed")
    table = [header] + [(code, name, r.state, str(r.reviewed), str(r.changed), str(r.never),
                         f"{r.last.date.isoformat()} {r.last.who}" if r.last else "-") for code, name, r in rows]
    widths = [max(_cells(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        click.echo("  ".join(cell + " " * (widths[i] - _cells(cell)) for i, cell in enumerate(row)).rstrip())


@review.command("diff")
@click.argument("locale")
@REVIEW_CONTENT
@LOCALES
def review_diff(locale, content, locales) -> None:
    """What changed in LOCALE since it was signed off: the English and the translation, as signed
    (-) and as they are now (+)."""
    from handout.translate.signoff import review_of

    try:
        state = review_of(content, locales, locale)
    except HandoutError as exc:
        _fail(exc)
    from handout.translate.signoff import diff_lines

    lines = diff_lines(state)
    for line in lines:
        click.echo(line)
    if not state.record.signoffs:
        click.echo(f"{locale}: never signed off, so nothing has changed since; {len(state.entries)} entries "
                   f"await review (`handout review proof {locale}`)", err=True)
    else:
        click.echo(f"{locale}: {state.changed} changed since review, {state.never} never reviewed, "
                   f"{state.reviewed} reviewed", err=True)
