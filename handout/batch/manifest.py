"""The manifest of a build folder (`DIR/manifest.json`): which version of the handout each patient got.

One record per PDF, keyed by its path inside the folder: the handout (content id and version), language,
edition, paper, clinic, the catalog's revision and review status, each language's clinician sign-off state
(translate/signoff.py), the SHA-256 of every input (content,
catalog, clinic with its logo, fonts, tool, options), and the PDF's own SHA-256, pages and bytes. A build
reads it to skip outputs whose inputs did not change; `verify_folder` re-hashes every file against it.

Several writers share one folder (two `handout build` at once, the front-desk server building in the
background): every change goes through `update_manifest`, which holds an exclusive lock on
`DIR/.manifest.lock` (fcntl.flock), reads the manifest as it is on disk now, applies the change and writes
it back atomically (a crash leaves the old manifest or the new one, never half of one). So no writer loses
another's records. `record_outputs(folder, {name: record})` is the one call for "these PDFs were built":
it also drops the records of the same outputs under older names.

A batch's workers record each PDF as it lands with `journal_outputs`: one line appended, under the same
lock, to `DIR/.manifest.journal` (rewriting a manifest of thousands of records per PDF would make a roster
quadratic). `read_manifest` applies the journal after manifest.json, and `record_outputs` folds it in and
removes it, so a batch killed at any moment loses at most the PDFs in flight, and running it again
builds just those and leaves a folder that `verify_folder` passes.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Callable, Iterator

from handout import tempfiles
from handout.errors import HandoutError, OutputError

NAME = "manifest.json"
LOCK = ".manifest.lock"
JOURNAL = ".manifest.journal"
FORMAT = 1
# What makes two records the same output (under whatever file name it was built).
IDENTITY = ("clinic", "locale", "edition", "paper", "booklet", "with")
# The web edition's files (`handout site`, site/write.py): path -> {"sha256", "bytes"}, checked by verify too.
SITE = "site"
SITE_SUFFIXES = (".html", ".css", ".woff", ".woff2")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def empty() -> dict:
    return {"format": FORMAT, "files": {}, "catalogs": {}}


def read_manifest(folder: Path | str, strict: bool = False) -> dict:
    """The manifest of `folder`, or an empty one when there is none.

    A damaged manifest is an error when `strict` (verify); a build just starts afresh and rewrites it."""
    path = Path(folder) / NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if (Path(folder) / JOURNAL).exists():  # a first batch killed before it could write the manifest
            return _apply_journal(folder, empty())
        if strict:
            raise HandoutError(f"no {NAME} here; build into this folder with `handout build --out {folder}` "
                               "first", path=str(path)) from None
        return _apply_journal(folder, empty())
    except (OSError, UnicodeDecodeError) as exc:
        if strict:
            raise HandoutError(f"cannot read the manifest ({exc}); rebuild the folder", path=str(path)) from None
        return _apply_journal(folder, empty())
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if strict:
            raise HandoutError(f"the manifest is not valid JSON ({exc.msg}); rebuild the folder with --force",
                               path=str(path), line=exc.lineno) from None
        return _apply_journal(folder, empty())
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("files"), dict):
        if strict:
            raise HandoutError(f"not a handout manifest (format {FORMAT}); rebuild the folder with --force",
                               path=str(path))
        return _apply_journal(folder, empty())
    data.setdefault("catalogs", {})
    return _apply_journal(folder, data)


def _merge_files(files: dict, records: dict[str, dict], index: dict | None = None) -> None:
    """Add `records` to `files`, dropping a record of the same output under another (older) name. `index`
    (identity -> name, of `files`) is kept up to date when given, so merging many batches stays linear."""
    if index is None:
        index = {identity(r): n for n, r in files.items() if isinstance(r, dict)}
    for name, record in records.items():
        if not isinstance(record, dict):
            continue
        old = index.get(identity(record))
        if old is not None and old != name:
            files.pop(old, None)
        files[name] = record
        index[identity(record)] = name


def _apply_journal(folder: Path | str, manifest: dict) -> dict:
    """The manifest with the records journalled since it was written applied, oldest first. A line cut
    short by a kill is skipped: its PDF is simply built again."""
    try:
        lines = (Path(folder) / JOURNAL).read_bytes().splitlines()
    except OSError:
        return manifest
    files = manifest["files"]
    index = {identity(r): n for n, r in files.items() if isinstance(r, dict)}
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("files"), dict):
            _merge_files(files, entry["files"], index)
    return manifest


def write_manifest(folder: Path | str, manifest: dict) -> Path:
    """Write the manifest atomically; records of files no longer in the folder are dropped."""
    folder = Path(folder)
    files = {name: record for name, record in sorted(manifest["files"].items()) if (folder / name).is_file()}
    data = dict(manifest, format=FORMAT, files=files)
    target = folder / NAME
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tempfiles.write_atomic(target, text.encode("utf-8"))  # named after this process: see tempfiles
    except OSError as exc:
        raise OutputError(f"cannot write the manifest: {exc.strerror}; the previous one, if any, is unchanged",
                          path=str(target)) from None
    for place in {folder, *((folder / name).parent for name in files)}:  # the site folders too
        tempfiles.remove_stale(place)  # those of runs killed before they could finish
    return target


def identity(record: dict) -> tuple:
    """The output a record describes (site, language, edition, paper, booklet, second language)."""
    return tuple(record.get(key) for key in IDENTITY)


@contextlib.contextmanager
def locked(folder: Path | str) -> Iterator[None]:
    """Hold the folder's manifest lock (exclusive; waits for another writer to finish). Unix: fcntl.flock,
    released by the kernel when the holder dies, so a killed build never leaves the folder locked."""
    folder = Path(folder)
    path = folder / LOCK
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"cannot open the manifest's lock file: {exc.strerror}; check the folder can be "
                          "written", path=str(path)) from None
    try:
        try:
            import fcntl
        except ImportError:  # not on Unix: one writer at a time is then the user's care
            fcntl = None
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def update_manifest(folder: Path | str, change: Callable[[dict], None]) -> Path:
    """Under the folder's lock: read the manifest as it is on disk now, let `change` edit it in place, and
    write it back. Every writer goes through here, so concurrent builds merge instead of overwriting."""
    with locked(folder):
        manifest = read_manifest(folder)  # with the journal applied
        change(manifest)
        target = write_manifest(folder, manifest)
        try:
            os.unlink(Path(folder) / JOURNAL)  # folded in
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise OutputError(f"cannot remove the manifest's journal: {exc.strerror}",
                              path=str(Path(folder) / JOURNAL)) from None
        return target


def journal_outputs(folder: Path | str, records: dict[str, dict]) -> None:
    """Record built PDFs cheaply (as `record_outputs`, whatever the size of the manifest): one line appended
    to the folder's journal under the lock. `read_manifest` sees them at once; the next `record_outputs`
    (the end of the batch, or the next run) folds them into manifest.json."""
    line = json.dumps({"files": records}, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
    path = Path(folder) / JOURNAL
    with locked(folder):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)
        except OSError as exc:
            raise OutputError(f"cannot record the PDF in the manifest's journal: {exc.strerror}",
                              path=str(path)) from None


def record_outputs(folder: Path | str, records: dict[str, dict], extra: dict[str, dict] | None = None) -> Path:
    """Record built PDFs: `records` maps each PDF's path inside `folder` (POSIX, e.g. "site/x_es_a4.pdf")
    to its record (identity fields, "inputs", "inputs_key", "sha256", "pages", "bytes"...). A record of the
    same output under another name is dropped. `extra` merges into the manifest's other tables (the
    "catalogs" and "reviews" memos of a plan). Safe to call from several processes at once."""
    def change(manifest: dict) -> None:
        _merge_files(manifest["files"], records)
        for table, entries in (extra or {}).items():
            if not isinstance(manifest.get(table), dict):
                manifest[table] = {}
            manifest[table].update(entries)

    return update_manifest(folder, change)


def record_output(folder: Path | str, name: str, record: dict) -> Path:
    """Record one built PDF (see `record_outputs`)."""
    return record_outputs(folder, {name: record})


def is_current(folder: Path, name: str, record: dict | None, inputs_key: str) -> bool:
    """Whether the PDF `name` was built from these inputs and is still the file that was built."""
    if not record or record.get("inputs_key") != inputs_key:
        return False
    path = folder / name
    try:
        return path.stat().st_size == record.get("bytes") and sha256_file(path) == record.get("sha256")
    except OSError:
        return False


def verify_folder(folder: Path | str) -> tuple[int, list[str]]:
    """Re-hash every PDF (and page of a web edition) the manifest lists; return (files checked, one line per
    problem).

    Problems: a listed file that is missing or whose SHA-256 or size differs, and a PDF in the folder that
    the manifest does not list (nobody can say which version it is)."""
    folder = Path(folder)
    manifest = read_manifest(folder, strict=True)
    problems = []
    for name, record in sorted(manifest["files"].items()):
        path = folder / name
        if not path.is_file():
            problems.append(f"{path}: missing (the manifest lists it)")
            continue
        actual = sha256_file(path)
        if actual != record.get("sha256"):
            problems.append(f"{path}: SHA-256 {actual[:16]}... differs from the manifest's "
                            f"{str(record.get('sha256'))[:16]}...: the file changed after it was built")
        elif path.stat().st_size != record.get("bytes"):
            problems.append(f"{path}: {path.stat().st_size} bytes, the manifest says {record.get('bytes')}")
    listed = set(manifest["files"])
    for path in sorted(p for p in folder.rglob("*.pdf") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name not in listed:
            problems.append(f"{path}: not in the manifest: nobody can say which version it is; rebuild or remove it")
    pages = manifest.get(SITE)
    pages = pages if isinstance(pages, dict) else {}
    for name, record in sorted(pages.items()):
        path = folder / name
        if not path.is_file():
            problems.append(f"{path}: missing (the manifest lists it); run `handout site` again")
        elif not isinstance(record, dict) or sha256_file(path) != record.get("sha256"):
            problems.append(f"{path}: differs from the manifest: the page changed after it was built; "
                            "run `handout site` again")
    if pages:
        for path in sorted(p for p in folder.rglob("*") if p.suffix in SITE_SUFFIXES and p.is_file()):
            if path.relative_to(folder).as_posix() not in pages:
                problems.append(f"{path}: not in the manifest: nobody can say which version it is; "
                                "rebuild or remove it")
    return len(manifest["files"]) + len(pages), problems
