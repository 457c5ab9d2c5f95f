"""Temporary files beside the file they will replace, named after the process that writes them.

Every output (a PDF, the folder's manifest) is written to `.NAME.PID.RANDOM.tmp` and then renamed over
NAME, so a reader never sees half a file. A process killed before the rename leaves its temporary file
behind; the process id in the name lets a later run tell a file whose writer is gone (remove it) from one
whose writer is still running (leave it).
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

_NAME = re.compile(r"\..+\.(\d+)\.[A-Za-z0-9_]+\.tmp")


def create(folder: Path, name: str) -> tuple[int, str]:
    """A new temporary file in `folder` for `name`: (open descriptor, path), as tempfile.mkstemp."""
    return tempfile.mkstemp(dir=folder, prefix=f".{name}.{os.getpid()}.", suffix=".tmp")


def write_atomic(target: Path, write) -> None:
    """Write a file in one step: `write(fh)` fills a temporary file beside `target` (binary mode), which is
    flushed to the disk and renamed over `target`. Raises OSError; on any failure the temporary file is
    removed and `target` is untouched. `write` may also be bytes."""
    fd, tmp = create(target.parent, target.name)
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(write, (bytes, bytearray)):
                fh.write(write)
            else:
                write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def remove_stale(folder: Path) -> list[Path]:
    """Delete the temporary files in `folder` whose process is gone (killed before it could finish);
    a run still going keeps its own. Returns what was removed. Never raises: tidying up is not worth
    failing the run that has just written its file."""
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _NAME.fullmatch(entry.name)
        if match and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1))):
            try:
                entry.unlink()
                removed.append(entry)
            except OSError:  # another run removed it first, or it is not ours to remove
                pass
    return removed
