"""Batch builds: every language x edition x paper x clinic, incremental and in parallel.

`plan_batch` lists every output with the SHA-256 of each of its inputs (content, catalog, clinic and logo,
fonts, tool, options) without importing ReportLab, and marks as up to date each output that the folder's
manifest says was built from the same inputs and that is still the file that was built. `run_batch`
builds the rest in a pool of processes (in this process when there is one job or one worker), reporting
each result through a callback; a failed job never stops the others. Each PDF is recorded in the folder's
manifest journal as soon as it is written (batch/manifest.py), so a kill loses only the PDFs in flight;
`record_batch` folds the journal into manifest.json at the end. Workers die with the process that started
them (kill -9 included) and write nothing once it is gone.

Each worker process keeps what it loaded (parsed content, checked catalogs, fonts, styles) for all the
jobs it runs; jobs go out language by language so a worker reuses them.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from handout import __version__
from handout.batch import manifest as mf
from handout.build import EDITIONS, choose_paper, locale_ready, output_name
from handout.errors import CatalogError, ClinicError, HandoutError
from handout.source.clinic import PAPERS, Clinic, load_clinic
from handout.source.content import load_content
from handout.translate.catalog import list_locales, locales_dir, normalise_locale, po_path


@dataclass(frozen=True)
class Job:
    """One PDF to build: everything a worker process needs, and the manifest record it starts from."""

    name: str  # path inside the output folder, e.g. "riverside/ldn-ibs_es_a4_standard.pdf"
    folder: str  # where build_handout writes it
    content: str
    locales: str
    clinic: Clinic
    site: str | None  # the clinic's id in a clinics list
    locale: str
    edition: str
    paper: str
    allow_incomplete: bool
    booklet: bool
    with_locale: str
    today: dt.date | None
    record: dict  # locale, edition, paper, clinic, content id and version, input hashes
    out: str = ""  # the batch's folder (holding manifest.json); "" records nothing
    overdue: str | None = None  # the review-date warning for whoever prints or hands it out, if overdue


@dataclass(frozen=True)
class Outcome:
    """What became of a job: the PDF written (path, pages, size, SHA-256), or the error."""

    job: Job
    ok: bool
    path: str = ""
    pages: int = 0
    size: int = 0
    sha256: str = ""
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # for the person printing (how to fold a booklet)
    error: str = ""
    details: tuple[str, ...] = ()
    catalog: dict = field(default_factory=dict)  # revision and review status of the catalog used
    seconds: float = 0.0
    rss_kb: int = 0  # peak resident memory of the process that built it
    name: str = ""  # the PDF's path inside the batch folder, as the manifest keys it
    record: dict = field(default_factory=dict)  # its manifest record


@dataclass
class Plan:
    """Every output asked for and which need building, with the folder's manifest as read."""

    out: Path
    jobs: list[Job]  # every output asked for
    todo: list[Job]  # those to build: new, changed inputs, changed or missing file, or --force
    skipped_locales: list[str]  # incomplete or broken translations left out of --locale all
    bad_sites: list[ClinicError]  # rows of the clinics list that cannot be used
    manifest: dict
    checked_catalogs: bool = False  # readiness of a catalog was worked out afresh (kept in the manifest)
    unprintable_locales: list[tuple[str, str]] = field(default_factory=list)  # (locale, why): no font for it

    @property
    def unchanged(self) -> list[Job]:
        todo = {job.name for job in self.todo}
        return [job for job in self.jobs if job.name not in todo]


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


@functools.lru_cache(maxsize=1)
def tool_digest() -> str:
    """The tool's version and the bytes of its code and data, plus ReportLab's version: a change to any
    of them can change a PDF."""
    import reportlab

    root = Path(__file__).resolve().parent.parent  # the whole handout package
    digest = hashlib.sha256(f"handout {__version__}; reportlab {reportlab.Version}".encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml", ".png")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def clinic_digest(clinic: Clinic) -> str:
    """Every field that is printed, and the logo's bytes (not its path: the same logo moved is the same)."""
    fields = {k: v for k, v in vars(clinic).items() if k not in ("path", "logo")}
    fields["logo"] = _logo_digest(clinic.logo) if clinic.logo else None
    return _sha(json.dumps(fields, sort_keys=True, ensure_ascii=False))


def _logo_digest(logo: Path) -> str:
    """The SHA-256 of a logo, read once per distinct file (a roster of thousands of sites shares one)."""
    info = logo.stat()
    return _file_sha(logo, info.st_size, info.st_mtime_ns, info.st_ino)


@functools.lru_cache(maxsize=64)
def _file_sha(path: Path, size: int, mtime_ns: int, inode: int) -> str:
    return _sha(path.read_bytes())


def _font_digest(locale: str) -> str:
    """The fonts' fingerprint; a language with no usable font gets none (its build says why)."""
    from handout.layout.fonts import fingerprint

    try:
        return fingerprint(locale)
    except HandoutError:
        return "no font"


def _locales_to_build(request: str, handout, folder: Path, catalogs: dict, content_sha: str,
                      manifest: dict) -> tuple[list[str], list[str], bool]:
    """The locales asked for: a code, a comma-separated list, or `all` (the source language and every
    complete, clean translation). Readiness is checked once per catalog version and kept in the manifest."""
    source = handout.meta.source_language
    if request != "all":
        codes = list(dict.fromkeys(normalise_locale(code.strip()) for code in request.split(",") if code.strip()))
        if not codes:  # an empty --locale would build nothing and say nothing
            raise CatalogError(f"--locale '{request}' names no language; give a code such as es, several such "
                               "as es,fr, or all")
        return codes, [], False
    ready, skipped, fresh = [source], [], False
    checked = manifest.setdefault("catalogs", {})
    stamp = _sha(content_sha + tool_digest())
    for locale in list_locales(folder):
        path = str(po_path(folder, locale))
        known = checked.get(path)
        if known and known.get("sha256") == catalogs.get(locale) and known.get("checked") == stamp:
            ok = known["ready"]
        else:
            ok = locale_ready(handout, folder, locale)
            checked[path] = {"sha256": catalogs.get(locale), "checked": stamp, "ready": ok}
            fresh = True
        (ready if ok else skipped).append(locale)
    return ready, skipped, fresh


def _catalog_shas(folder: Path, locales: list[str]) -> dict[str, str | None]:
    shas = {}
    for locale in locales:
        try:
            shas[locale] = _sha(po_path(folder, locale).read_bytes())
        except OSError:
            shas[locale] = None  # the build reports the missing catalog
    return shas


def plan_batch(content: Path | str = "content.yaml", out: Path | str = "dist", locale: str = "en",
               edition: str = "standard", paper: str | None = None, clinic: Path | str | None = None,
               clinics: Path | str | None = None, locales: Path | str | None = None,
               allow_incomplete: bool = False, force: bool = False, today: dt.date | None = None,
               booklet: bool = False, with_locale: str = "en") -> Plan:
    """Every output asked for, and which of them need building.

    `locale`: a code, codes separated by commas, or "all"; `edition`: one of EDITIONS or "all"; `paper`:
    a4, letter, "all", or None (the clinic's, else the locale's country); `clinics`: a clinics list (CSV or
    YAML), one set per site into `out/<id>/`, instead of the one `clinic` file. `today`, `booklet` and
    `with_locale` are build_handout's."""
    if edition != "all" and edition not in EDITIONS:
        raise HandoutError(f"unknown edition '{edition}' (expected one of: {', '.join(EDITIONS)}, all)")
    out = Path(out)
    handout = load_content(content)
    content_sha = _sha(Path(content).read_bytes())
    folder = locales_dir(content, locales)
    manifest = mf.read_manifest(out)
    catalogs = _catalog_shas(folder, list_locales(folder))
    targets, skipped, fresh = _locales_to_build(locale, handout, folder, catalogs, content_sha, manifest)
    unprintable = []
    if locale == "all":  # a language no font can print is listed, and never stops the others
        from handout.build import printable_problem

        problems = {code: printable_problem(code) for code in targets}
        unprintable = [(code, why) for code, why in problems.items() if why]
        targets = [code for code in targets if not problems[code]]
    with_locale = normalise_locale(with_locale)
    catalogs.update(_catalog_shas(folder, [c for c in (*targets, with_locale) if c not in catalogs]))
    catalogs[handout.meta.source_language] = None
    bad: list[ClinicError] = []
    if clinics:
        from handout.source.sites import read_sites

        good, bad = read_sites(clinics)
        sites = [(s.id, s.clinic) for s in good]
    else:
        sites = [(None, load_clinic(clinic))]
    shared = _Shared(handout=handout, out=out, catalogs=catalogs, with_locale=with_locale, booklet=booklet,
                     allow_incomplete=allow_incomplete, every=locale == "all" or edition == "all",
                     common={"content": content_sha, "tool": tool_digest()},
                     base=dict(content=str(content), locales=str(folder), allow_incomplete=allow_incomplete,
                               booklet=booklet, today=today, out=str(out)))
    fresh = _review_states(shared.reviews, handout, folder, [*targets, with_locale], catalogs, content_sha,
                           manifest) or fresh
    digests = [clinic_digest(site_clinic) for _, site_clinic in sites]  # a logo is read once, not per job
    jobs = []
    for code in targets:
        for (site, site_clinic), clinic_sha in zip(sites, digests):
            overdue = _review_overdue(handout, site_clinic, today)
            warning = _overdue_warning(handout, site_clinic, today)
            for kind in EDITIONS if edition == "all" else (edition,):
                for size in PAPERS if paper == "all" else (choose_paper(paper, site_clinic, code),):
                    job = _job(shared, code, kind, size, site, site_clinic, clinic_sha, overdue)
                    if job is not None:
                        jobs.append(dataclasses.replace(job, overdue=warning) if warning else job)
    # Found by what it is rather than by its name, so a change in naming alone does not rebuild twice.
    files = {_identity(r): (name, r) for name, r in manifest["files"].items() if isinstance(r, dict)}
    todo = jobs if force else [j for j in jobs if not mf.is_current(out, *files.get(_identity(j.record), (j.name, None)),
                                                                       j.record["inputs_key"])]
    return Plan(out=out, jobs=jobs, todo=todo, skipped_locales=skipped, bad_sites=bad, manifest=manifest,
                checked_catalogs=fresh, unprintable_locales=unprintable)


@dataclass(frozen=True)
class _Shared:
    """What every job of a plan shares."""

    handout: object
    out: Path
    catalogs: dict
    with_locale: str
    booklet: bool
    allow_incomplete: bool
    every: bool  # --locale all or --edition all: leave out a language beside itself
    common: dict  # input hashes of the whole plan (content, tool)
    base: dict  # Job fields of the whole plan
    reviews: dict = field(default_factory=dict)  # locale -> clinician review state (translate/signoff.py)


def _job(shared: _Shared, code: str, kind: str, size: str, site: str | None, clinic: Clinic, clinic_sha: str,
         overdue: bool) -> Job | None:
    """One output with its input hashes and the manifest record it starts from (None: nothing to build)."""
    pair = shared.with_locale if kind == "bilingual" else None
    if shared.every and pair == code:
        return None  # a language beside itself: nothing to read along with
    catalogs, handout = shared.catalogs, shared.handout
    options = {"locale": code, "edition": kind, "paper": size, "allow_incomplete": shared.allow_incomplete,
               "booklet": shared.booklet, "with": pair, "review_overdue": overdue,
               "translation_review": {c: shared.reviews.get(c) for c in (code, pair) if c}}
    inputs = dict(shared.common, clinic=clinic_sha, options=_sha(json.dumps(options, sort_keys=True)),
                  catalog=_sha(f"{catalogs.get(code)} {catalogs.get(pair)}") if pair else catalogs.get(code),
                  fonts=_sha(_font_digest(code) + (_font_digest(pair) if pair else "")))
    record = {"locale": code, "edition": kind, "paper": size, "booklet": shared.booklet, "with": pair,
              "clinic": site, "clinic_name": clinic.name, "content_id": handout.meta.id,
              "content_version": handout.meta.version, "inputs": inputs,
              "translation_review": options["translation_review"],
              "inputs_key": _sha(json.dumps(inputs, sort_keys=True))}
    name = output_name(handout, code, size, kind, shared.booklet, pair)
    return Job(name=f"{site}/{name}" if site else name, folder=str(shared.out / site if site else shared.out),
               clinic=clinic, site=site, locale=code, edition=kind, paper=size,
               with_locale=pair or shared.with_locale, record=record, **shared.base)


def _review_states(states: dict, handout, folder: Path, codes: list[str], catalogs: dict, content_sha: str,
                   manifest: dict) -> bool:
    """Fill `states` with each language's clinician review state: an input of its PDFs (signing removes the
    'not yet checked' line under a 'mark' policy, so the PDFs are built again) and part of each manifest
    record. None when the catalog or its record cannot be read: that language's build reports why. Worked
    out once per version of the catalog, record, content and tool, and kept in the manifest (reading every
    catalog would cost a rebuild of an unchanged set a second). Returns whether any was worked out afresh."""
    from handout.translate.signoff import SOURCE, language_review, record_path

    known, fresh = manifest.setdefault("reviews", {}), False
    for code in dict.fromkeys(codes):
        if code == handout.meta.source_language:
            states[code] = SOURCE
            continue
        try:
            record = _sha(record_path(folder, code).read_bytes())
        except OSError:
            record = None
        stamp = _sha(f"{catalogs.get(code)} {record} {content_sha} {tool_digest()}")
        path = str(record_path(folder, code))
        if isinstance(known.get(path), dict) and known[path].get("key") == stamp:
            states[code] = known[path].get("state")
            continue
        try:
            states[code] = language_review(handout, folder, code).state
        except HandoutError:
            states[code] = None
        known[path], fresh = {"key": stamp, "state": states[code]}, True
    return fresh


def _overdue_warning(handout, clinic: Clinic, today: dt.date | None) -> str | None:
    """The review-date warning of `clinic`'s copies (None when not overdue), whether built now or not."""
    from handout.source.review import ReviewState, clinic_today, overdue_warning

    return overdue_warning(ReviewState(next_review=handout.meta.next_review,
                                       today=clinic_today(clinic.timezone, today), policy=clinic.review_policy))


def _review_overdue(handout, clinic: Clinic, today: dt.date | None) -> bool:
    """Whether the handout is past its review under a policy that changes the output ('mark' bands every
    page, 'refuse' builds nothing): an input, so the day it falls due the PDFs are built again."""
    from handout.source.review import clinic_today

    return clinic.review_policy != "warn" and clinic_today(clinic.timezone, today) > handout.meta.next_review


_identity = mf.identity


def build_job(job: Job) -> Outcome:
    """Build one job (in a worker process or this one); every failure becomes an Outcome."""
    from handout.build import build_handout

    start = time.perf_counter()
    _stop_if_orphaned()
    try:
        built = build_handout(job.content, locale=job.locale, paper=job.paper, clinic=job.clinic,
                              out=job.folder, locales=job.locales, allow_incomplete=job.allow_incomplete,
                              edition=job.edition, today=job.today, booklet=job.booklet,
                              with_locale=job.with_locale)
        outcome = dict(ok=True, path=str(built.path), pages=built.pages, size=built.size,
                       sha256=mf.sha256_file(built.path), warnings=built.warnings, notes=built.notes,
                       catalog=_catalog_info(job))
        if job.out:
            name = Path(built.path).resolve().relative_to(Path(job.out).resolve()).as_posix()
            record = output_record(job.record, outcome)
            _stop_if_orphaned()
            mf.journal_outputs(job.out, {name: record})
            outcome.update(name=name, record=record)
    except HandoutError as exc:
        outcome = dict(ok=False, error=str(exc), details=tuple(exc.details))
    except Exception as exc:  # a bug: keep its traceback, and let the other jobs run
        outcome = dict(ok=False, error=f"internal error ({type(exc).__name__}: {exc}); this is a bug, please "
                                       "report it with the lines below",
                       details=tuple(traceback.format_exc().splitlines()))
    return Outcome(job=job, seconds=time.perf_counter() - start, rss_kb=_peak_rss_kb(), **outcome)


def output_record(record: dict, built: dict) -> dict:
    """The manifest record of a PDF built from a job's `record`: `built` has its sha256, pages, size,
    catalog (revision and review status), warnings and notes."""
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    catalog = built.get("catalog") or {}
    return dict(record, sha256=built["sha256"], pages=built["pages"], bytes=built["size"],
                catalog_revision=catalog.get("revision"), catalog_review=catalog.get("review"), built=stamp,
                tool=f"handout {__version__}", warnings=list(built.get("warnings", ())),
                notes=list(built.get("notes", ())))  # what the front desk shows beside a PDF it did not build


def _peak_rss_kb() -> int:
    try:
        import resource
    except ImportError:  # not on Unix
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _catalog_info(job: Job) -> dict:
    """The revision and review status of the catalog a job used (already read and cached by the build)."""
    from handout.translate.catalog import review_status
    from handout.translate.translation import audit_locale

    handout = load_content(job.content)
    if job.locale == handout.meta.source_language:
        return {}
    catalog = audit_locale(handout, Path(job.locales), job.locale).catalog
    return {"revision": dict(catalog.mime_headers).get("PO-Revision-Date", ""), "review": review_status(catalog)}


def build_jobs(jobs: list[Job]) -> list[Outcome]:
    """Build several jobs one after the other in this process (a worker's share: see `schedule`)."""
    return [build_job(job) for job in jobs]


def schedule(jobs: list[Job], workers: int) -> list[list[int]]:
    """The jobs (by index) in the groups a worker builds one after the other, so that its caches are hit.

    The outputs of one site go together (its QR code and logo are made once, and its clinic-value
    paragraphs laid out once per language), in the plan's order, so one language's editions and papers
    follow each other (its fonts, styles and the line breaks of its paragraphs, layout/layoutcache.py, are
    reused, also by the next site). A group holds at most an eighth of a worker's share, so the workers
    stay evenly loaded to the end and progress is reported as it goes."""
    most = max(1, -(-len(jobs) // (workers * 8)))
    by_site: dict[str | None, list[int]] = {}
    for n, job in enumerate(jobs):
        by_site.setdefault(job.site, []).append(n)
    return [indices[start:start + most] for indices in by_site.values() for start in range(0, len(indices), most)]


def cores() -> int:
    """The CPU cores this process may use (fewer than the machine's under a CPU affinity mask)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_PARENT: int | None = None  # in a worker: the process id of the batch that started it


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies, however it dies (prctl PR_SET_PDEATHSIG)."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # no prctl: the parent-pid check before each job and record remains
        pass


def _stop_if_orphaned() -> None:
    """In a worker whose batch is gone: stop at once, writing nothing (nobody would record it)."""
    if _PARENT is not None and os.getppid() != _PARENT:
        os._exit(1)


def _init_worker(parent: int) -> None:
    """Workers die with the batch that started them (kill -9 included), leave Ctrl-C to the main process
    (which stops the pool), and import the renderer once."""
    import signal

    global _PARENT
    _PARENT = parent
    if sys.platform.startswith("linux"):
        _die_with_parent()
    _stop_if_orphaned()  # the parent died before the request above was in force
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import handout.pdf.render  # noqa: F401


def run_batch(jobs: list[Job], workers: int | None = None,
              on_done: Callable[[Outcome], None] = lambda outcome: None, in_order: bool = True) -> list[Outcome]:
    """Build `jobs` with `workers` processes (default: one per core); call `on_done` for each, in the
    order of `jobs` (a log reads the same whichever worker finished first) or, if not `in_order`, as
    each finishes (a progress bar)."""
    workers = min(workers or cores(), len(jobs))
    outcomes = []
    if workers <= 1:
        for job in jobs:
            outcomes.append(build_job(job))
            on_done(outcomes[-1])
        return outcomes
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    # fork: workers start with this process's imports and caches; elsewhere, the platform's default.
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                               initargs=(os.getpid(),))
    try:
        futures = {pool.submit(build_jobs, [jobs[n] for n in chunk]): chunk for chunk in schedule(jobs, workers)}
        waiting: dict[int, Outcome] = {}
        for future in as_completed(futures):
            chunk = futures[future]
            try:
                results = future.result()
            except BrokenProcessPool:
                results = [Outcome(job=jobs[n], ok=False, error=(
                    f"{jobs[n].name}: the worker process building it stopped (out of memory?); "
                    "try again with fewer --jobs")) for n in chunk]
            for n, outcome in zip(chunk, results):
                waiting[n] = outcome
                while waiting and (not in_order or len(outcomes) in waiting):
                    outcome = waiting.pop(len(outcomes) if in_order else n)
                    outcomes.append(outcome)
                    on_done(outcome)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return outcomes


def record_batch(plan: Plan, outcomes: list[Outcome]) -> Path | None:
    """Fold what was built (already journalled by each job) into the folder's manifest.json, merged with
    what other runs recorded meanwhile, with the plan's catalog and review memos; None when nothing
    changed."""
    built = {o.name: o.record for o in outcomes if o.ok and o.name}
    if not built and not (plan.checked_catalogs and (plan.out / mf.NAME).exists()):
        return None
    memos = {table: plan.manifest[table] for table in ("catalogs", "reviews")
             if isinstance(plan.manifest.get(table), dict)}
    return mf.record_outputs(plan.out, built, memos)
