"""The front desk's handouts on a shelf: a persistent folder shared with `handout build`, filled by a pool
of build processes, each handout built at most once at a time.

The folder is an ordinary build folder with its manifest (batch/manifest.py): the batch planner
(batch/plan.py) says which of the handouts the page offers are already there, built from the same inputs
and unchanged since, so a restarted server, a second server on the same folder, or a `handout build --out`
into it, serve what is there without building it again. The rest are built by a pool of processes (one per
core: ReportLab is pure Python and holds the GIL), fed from one queue in priority order: a request a
desk is waiting for first, then the background preparation in the order the server gave it. Each handout
has one future in this process, so requests arriving together for it wait for the one build; a worker reads
the manifest again just before building, so a handout that another process built meanwhile is not built
twice (a lock per output across processes). Each worker journals what it built in the manifest as it
lands (batch/manifest.py: locked and merged); the server folds the journal into manifest.json when it
stops.

Nothing is kept in memory but a small record per handout (its path, pages, warnings): the PDFs stay on
disk, and their page pictures are cached by pdfcache.PictureCache, bounded in bytes.
"""
from __future__ import annotations

import datetime as dt
import contextlib
import hashlib
import heapq
import itertools
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from handout.batch import manifest as mf
from handout.batch.plan import Job, Outcome, Plan, _die_with_parent, build_job, cores, plan_batch
from handout.build import Built
from handout.errors import HandoutError
from handout.web.pdfcache import Key, Made

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

IDLE = 60.0  # seconds without anything to build after which the build processes are let go
URGENT = 0  # the priority of a handout a desk is waiting for; preparation uses 1, 2, 3... in its order


BUILDING = ".building.lock"  # byte-range locks, one per output, held while a process builds it


def reuse_or_build(job: Job) -> tuple[Outcome, bool]:
    """In a worker: the handout as another process left it in the folder if it is current, else built now
    (the build journals it in the manifest). Returns the outcome and whether it was built here.

    While it checks and builds, the worker holds a lock on one byte of the folder's `.building.lock` (its
    offset from the output's name): another server's worker wanting the same output waits, then finds it
    current. (POSIX record locks: released by the kernel when the holder dies; separate from the manifest's
    own flock.)"""
    folder = Path(job.out or job.folder)
    with _building(folder, job.name):
        record = mf.read_manifest(folder)["files"].get(job.name)
        if isinstance(record, dict) and "warnings" in record and mf.is_current(folder, job.name, record,
                                                                               job.record["inputs_key"]):
            return _outcome_from(job, record), False
        return build_job(job), True


@contextlib.contextmanager
def _building(folder: Path, name: str):
    try:
        import fcntl
    except ImportError:  # not on Unix: the in-process futures still keep one build per server
        yield
        return
    offset = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "big")
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / BUILDING, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX, 1, offset)
        yield
    finally:
        os.close(fd)  # releases the lock


def _outcome_from(job: Job, record: dict) -> Outcome:
    return Outcome(job=job, ok=True, path=str(Path(job.folder) / job.name), pages=record.get("pages", 0),
                   size=record.get("bytes", 0), sha256=record.get("sha256", ""),
                   warnings=tuple(record.get("warnings", ())), notes=tuple(record.get("notes", ())))


def _init_worker() -> None:
    """Workers leave Ctrl+C and SIGTERM to the server, which stops them, and die with the forkserver that
    started them (which stops when the server is gone, however it went)."""
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        _die_with_parent()


class Shelf:
    """The handouts of one server (content x clinic x catalogs) in `out`, built by `workers` processes."""

    def __init__(self, content: Path | str, clinic: Path | str | None, locales: Path | str | None, out: Path,
                 source: str, workers: int | None = None):
        self.out = Path(out)
        self._plan_args = dict(content=content, out=self.out, clinic=clinic, locales=locales, with_locale=source)
        self._workers = max(1, workers or cores())
        self._plans: dict[tuple[dt.date, bool], dict[tuple, Job]] = {}
        self._planning = threading.Lock()
        self._known: dict = {}  # the catalogs' and reviews' checks the planner worked out, kept in the manifest
        self._current: set[str] = set()  # names the planner found current in the folder
        self._made: dict[Key, Future] = {}
        self._queue: list[tuple[int, int, Key, Job]] = []
        self._queued: dict[Key, int] = {}  # key -> best priority it is queued with
        self._order = itertools.count()
        self._running = 0
        self._spawned = False  # whether the pool has started workers
        self.idle = IDLE
        self._closed = False
        self._guard = threading.Condition()
        # forkserver: a clean process that has imported the renderer forks each worker (forking this one,
        # with its request threads, could copy a lock held by another thread)
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["handout.batch.plan", "handout.build", "handout.layout.story",
                                        "handout.pdf.render", "handout.translate.localise"])
        self._context = context
        self._pool = self._new_pool()
        self._dispatcher = threading.Thread(target=self._dispatch, name="handout-shelf", daemon=True)
        self._dispatcher.start()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self._workers, mp_context=self._context, initializer=_init_worker)

    # -- what is asked --------------------------------------------------------------------------------------

    def get(self, key: Key, timeout: float | None = None) -> Made:
        """The handout for `key`, built first if need be (ahead of the background preparation); raises
        TimeoutError when it is not ready within `timeout` seconds (it goes on being built)."""
        return self.want(key, URGENT).result(timeout)

    def prepare(self, keys: list[Key]) -> int:
        """Queue every handout of `keys` not already on the shelf, in that order, behind any urgent
        request; returns how many are to be built."""
        return sum(self._want(key, rank)[1] for rank, key in enumerate(keys, start=1))

    def pending(self) -> int:
        with self._guard:
            return sum(1 for future in self._made.values() if not future.done())

    def want(self, key: Key, priority: int) -> Future:
        """The future of `key`'s handout, queued with `priority` (a smaller number first) if need be."""
        return self._want(key, priority)[0]

    def _want(self, key: Key, priority: int) -> tuple[Future, bool]:
        """The future of `key`, and whether this call queued it for building."""
        with self._guard:
            future = self._made.get(key)
            if future is not None:
                if key in self._queued and priority < self._queued[key]:
                    self._push(key, priority, self._job_of_queued(key))
                return future, False
        job, record = self._job(key)  # planning reads files: outside the guard
        with self._guard:
            future = self._made.get(key)
            if future is not None:  # another request got here first
                return future, False
            future = self._made[key] = Future()
            if record is not None:
                future.set_result(self._made_from(key, _outcome_from(job, record)))
                return future, False
            self._push(key, priority, job)
            return future, True

    def forget(self, key: Key) -> None:
        """Drop what is known of `key` (its file went missing): the next request builds it again."""
        with self._guard:
            future = self._made.get(key)
            if future is not None and future.done():
                del self._made[key]
                if future.result().built:
                    self._current.discard(future.result().built.path.name)

    def close(self) -> None:
        """Stop building: queued handouts are dropped, builds under way are left to finish."""
        with self._guard:
            self._closed = True
            for *_, key, _job in self._queue:
                future = self._made.get(key)
                if future is not None and not future.done():
                    future.set_exception(HandoutError("the server is stopping"))
            self._queue.clear()
            self._guard.notify_all()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._fold()

    # -- planning ---------------------------------------------------------------------------------------------

    def _job(self, key: Key) -> tuple[Job, dict | None]:
        """The job that builds `key`, and its manifest record when the folder already has it current."""
        jobs = self._plan(key.day, key.booklet)
        job = jobs.get((key.locale, key.edition, key.paper))
        if job is None:  # not among the planner's 'all' (e.g. a language it leaves out): plan it alone
            plan = plan_batch(locale=key.locale, edition=key.edition, paper=key.paper, booklet=key.booklet,
                              today=key.day, **self._plan_args)
            self._remember(plan)
            if not plan.jobs:
                raise HandoutError(f"there is no {key.edition} handout in {key.locale} on {key.paper}")
            job = plan.jobs[0]
            return job, (None if plan.todo else self._current_record(job))
        return job, self._current_record(job) if job.name in self._current else None

    def _plan(self, day: dt.date, booklet: bool) -> dict[tuple, Job]:
        with self._planning:
            jobs = self._plans.get((day, booklet))
            if jobs is None:
                plan = plan_batch(locale="all", edition="all", paper="all", booklet=booklet, today=day,
                                  **self._plan_args)
                self._remember(plan)
                self._current.update(job.name for job in plan.unchanged)
                jobs = {(job.locale, job.edition, job.paper): job for job in plan.jobs}
                self._plans[(day, booklet)] = jobs
            return jobs

    def _remember(self, plan: Plan) -> None:
        for section in ("catalogs", "reviews"):
            self._known.setdefault(section, {}).update(plan.manifest.get(section, {}))

    def _current_record(self, job: Job) -> dict | None:
        record = mf.read_manifest(self.out)["files"].get(job.name)
        usable = isinstance(record, dict) and "warnings" in record and (self.out / job.name).is_file()
        return record if usable else None

    # -- building ---------------------------------------------------------------------------------------------

    def _push(self, key: Key, priority: int, job: Job) -> None:
        self._queued[key] = priority
        heapq.heappush(self._queue, (priority, next(self._order), key, job))
        self._guard.notify_all()

    def _job_of_queued(self, key: Key) -> Job:
        return next(job for *_, queued, job in self._queue if queued == key)

    def _dispatch(self) -> None:
        while True:
            with self._guard:
                while not self._closed and (self._running >= self._workers or not self._queue):
                    idle = self._running == 0 and not self._queue and self._spawned
                    if not self._guard.wait(self.idle if idle else None) and idle:
                        break  # nothing to build for a while
                if self._closed:
                    return
                if not self._queue or self._running >= self._workers:
                    # let the workers go, and their memory: the next build starts new ones from the forkserver
                    retired, self._pool, self._spawned = self._pool, self._new_pool(), False
                    job = None
                else:
                    priority, _, key, job = heapq.heappop(self._queue)
                    if self._queued.get(key) != priority:
                        continue  # an older entry of a key queued again more urgently (or already sent)
                    del self._queued[key]
                    self._running += 1
                    self._spawned = True
                    pool = self._pool
            if job is None:
                retired.shutdown(wait=False)
                log.info("idle: the build processes stop until they are needed")
                continue
            log.info("building %s", job.name)
            try:
                work = pool.submit(reuse_or_build, job)
            except (BrokenProcessPool, RuntimeError) as exc:
                work = Future()
                work.set_exception(exc)
            work.add_done_callback(lambda done, key=key, job=job, start=time.perf_counter():
                                   self._finished(key, job, done, start))

    def _finished(self, key: Key, job: Job, work: Future, start: float) -> None:
        try:
            outcome, built_here = work.result()
        except BrokenProcessPool:
            outcome, built_here = Outcome(job=job, ok=False, error=(
                "the process building this handout stopped (out of memory?); try again")), False
            with self._guard:
                if not self._closed and self._pool is not None:
                    self._pool.shutdown(wait=False, cancel_futures=False)
                    self._pool = self._new_pool()
        except Exception as exc:  # noqa: BLE001 - a stopping pool: the request is told, not crashed
            outcome, built_here = Outcome(job=job, ok=False, error=f"could not build this handout ({exc})"), False
        if outcome.ok and built_here:
            log.info("built %s: %d pages, %d KB in %.2f s", job.name, outcome.pages, outcome.size // 1024,
                     time.perf_counter() - start)
        elif outcome.ok:
            log.info("found %s built by another process", job.name)
        elif not outcome.ok:
            log.warning("refused %s %s %s: %s", key.locale, key.edition, key.paper, outcome.error)
        made = self._made_from(key, outcome)
        with self._guard:
            self._running -= 1
            future = self._made.get(key)
            if not outcome.ok and outcome.error.startswith("the process building"):
                self._made.pop(key, None)  # not a refusal: the next request tries again
            self._guard.notify_all()
        if future is not None and not future.done():
            future.set_result(made)

    def _fold(self) -> None:
        """Fold the records the workers journalled into manifest.json, with the planner's memos."""
        try:
            mf.record_outputs(self.out, {}, self._known)
        except HandoutError as exc:
            log.warning("%s", exc)

    def _made_from(self, key: Key, outcome: Outcome) -> Made:
        if not outcome.ok:
            return Made(key, error=HandoutError(outcome.error, details=list(outcome.details)))
        job = outcome.job
        built = Built(path=Path(outcome.path), locale=job.locale, paper=job.paper, pages=outcome.pages,
                      size=outcome.size, edition=job.edition, booklet=job.booklet, warnings=outcome.warnings,
                      notes=outcome.notes)
        return Made(key, built=built)
