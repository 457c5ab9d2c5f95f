"""The manifest of a build folder (`DIR/manifest.json`): which version of the handout each patient got.

One record per PDF, keyed by its path inside the folder: the handout (content id and version), language,
edition, paper, clinic, the catalog's revision and review status, each language's clinician sign-off state
(translate/signoff.py), the SHA-256 of every input (content,
catalog, clinic with its logo, fonts, tool, options), and the PDF's own SHA-256, pages and bytes. A build
reads it to skip outputs whose inputs did not change and writes it back atomically (a crash leaves the
old manifest or the new one, never half of one); `verify_folder` re-hashes every file against it.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from handout import tempfiles
from handout.errors import HandoutError, OutputError

NAME = "manifest.json"
FORMAT = 1


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
        if strict:
            raise HandoutError(f"no {NAME} here; build into this folder with `handout build --out {folder}` "
                               "first", path=str(path)) from None
        return empty()
    except (OSError, UnicodeDecodeError) as exc:
        if strict:
            raise HandoutError(f"cannot read the manifest ({exc}); rebuild the folder", path=str(path)) from None
        return empty()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if strict:
            raise HandoutError(f"the manifest is not valid JSON ({exc.msg}); rebuild the folder with --force",
                               path=str(path), line=exc.lineno) from None
        return empty()
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("files"), dict):
        if strict:
            raise HandoutError(f"not a handout manifest (format {FORMAT}); rebuild the folder with --force",
                               path=str(path))
        return empty()
    data.setdefault("catalogs", {})
    return data


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
    tempfiles.remove_stale(folder)  # those of runs killed before they could finish
    return target


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
    """Re-hash every PDF the manifest lists; return (files checked, one line per problem).

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
    for path in sorted(folder.rglob("*.pdf")):
        name = path.relative_to(folder).as_posix()
        if name not in listed:
            problems.append(f"{path}: not in the manifest: nobody can say which version it is; rebuild or remove it")
    return len(manifest["files"]), problems
