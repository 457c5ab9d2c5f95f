"""Faults while the PDF is written: a build killed at any moment, two builds writing the same file at
once, and a disk that fills up. Each leaves either the previous complete PDF or the new complete PDF,
never a partial one; a killed build's temporary file is removed by the next build that succeeds.

The handout's output is deterministic, so "complete" is checked byte for byte against a good build.
"""
from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, FailingFile, run_cli

NAME = "hand-washing_en_a4_standard.pdf"
KILLS = int(os.environ.get("HANDOUT_KILLS", "10"))  # how many builds to kill (more for a long soak)


def start_build(folder: Path) -> subprocess.Popen:
    """`python -m handout build --force` in its own process, as a user or a script would run it (--force:
    write the PDF every time, even though its inputs did not change)."""
    return subprocess.Popen([sys.executable, "-m", "handout", "build", "content.yaml", "--out", "out", "--force"],
                            cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copy(FIXTURES / "handwashing.yaml", tmp_path / "content.yaml")
    return tmp_path


@pytest.fixture
def good(project) -> bytes:
    """The bytes every complete build writes (and the duration of one build, on `good.seconds`)."""
    started = time.monotonic()
    process = start_build(project)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode()
    pdf = project / "out" / NAME
    data = pdf.read_bytes()
    pdf.unlink()
    return Seconds(data, time.monotonic() - started)


class Seconds(bytes):
    def __new__(cls, data: bytes, seconds: float):
        obj = super().__new__(cls, data)
        obj.seconds = seconds
        return obj


def leftovers(folder: Path) -> list[str]:
    """Files in the output folder besides the PDF, the build's manifest and the manifest's lock file."""
    return sorted(p.name for p in folder.iterdir() if p.name not in (NAME, "manifest.json", ".manifest.lock"))


def verified(folder: Path) -> bool:
    """`handout verify`: every PDF the manifest lists is there with the bytes it records."""
    return run_cli("verify", str(folder)).exit_code == 0


@pytest.mark.parametrize("previous", [True, False], ids=["over-a-previous-pdf", "into-an-empty-folder"])
def test_a_killed_build_leaves_no_partial_pdf(project, good, previous):
    """SIGKILL after a random delay spread over a whole build (start-up, layout, writing), many times.
    After each kill the folder holds the previous complete PDF (or none, if there was none) and at most
    temporary files of killed builds; the next build that succeeds removes those."""
    out = project / "out"
    rng = random.Random(20261125)
    for _ in range(KILLS):
        if previous:
            out.mkdir(exist_ok=True)
            (out / NAME).write_bytes(good)
        else:
            for name in (NAME, "manifest.json"):
                if (out / name).exists():
                    (out / name).unlink()
        process = start_build(project)
        time.sleep(rng.uniform(0, good.seconds * 1.2))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        if (out / NAME).exists():
            assert (out / NAME).read_bytes() == good  # the old file or the new one, complete
        else:
            assert not previous
        if (out / "manifest.json").exists():  # the old manifest or the new one, and it matches the files
            assert verified(out)
        for name in leftovers(out) if out.exists() else []:  # only temporary files of killed builds, and
            if name != ".manifest.journal":  # the records of PDFs written before the manifest was
                assert name.startswith((f".{NAME}.", ".manifest.json.")) and name.endswith(".tmp"), name
    finished = start_build(project)
    _, err = finished.communicate(timeout=120)
    assert finished.returncode == 0, err.decode()
    assert (out / NAME).read_bytes() == good
    assert leftovers(out) == []
    assert verified(out)


def test_two_builds_writing_the_same_pdf_at_once(project, good):
    for _ in range(3):
        processes = [start_build(project) for _ in range(2)]
        for process in processes:
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err.decode()
        assert (project / "out" / NAME).read_bytes() == good
        assert leftovers(project / "out") == []
        assert verified(project / "out")


def test_a_running_build_keeps_its_temporary_file(project):
    """Tidying up never removes a temporary file whose build is still running (its process is alive)."""
    from handout.tempfiles import remove_stale

    out = project / "out"
    out.mkdir()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        alive = out / f".{NAME}.{sleeper.pid}.abc123.tmp"
        alive.write_bytes(b"%PDF-1.4 half")
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        stale = out / f".{NAME}.{dead.pid}.def456.tmp"
        stale.write_bytes(b"%PDF-1.4 half")
        other = out / "notes.tmp"  # not ours: never touched
        other.write_bytes(b"x")
        assert remove_stale(out) == [stale]
        assert alive.exists() and other.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


FAULT_POINTS = ["create", "write", "fsync", "replace"]


@pytest.mark.parametrize("point", FAULT_POINTS)
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT, errno.EIO])
def test_a_failed_write_keeps_the_previous_pdf(project, monkeypatch, point, code):
    """The disk fills up (or the quota, or the disk fails) at each step of the write: one clear line,
    exit 1, the previous PDF byte for byte, no temporary file."""
    import handout.pdf.render as render
    import handout.tempfiles as tempfiles

    first = run_cli("build", str(project / "content.yaml"), "--out", str(project / "out"))
    assert first.exit_code == 0
    pdf = project / "out" / NAME
    before = pdf.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    if point == "create":
        monkeypatch.setattr(tempfiles, "create", fail)
    elif point == "write":
        real = os.fdopen
        monkeypatch.setattr(render.os, "fdopen", lambda fd, *a, **k: FailingFile(real(fd, *a, **k), code))
    else:
        monkeypatch.setattr(render.os, point, fail)
    result = run_cli("build", str(project / "content.yaml"), "--out", str(project / "out"), "--force")
    assert result.exit_code == 1
    reason = {errno.ENOSPC: "the disk is full; free some space or choose another --out",
              errno.EDQUOT: "the disk quota is used up; free some space or choose another --out",
              errno.EIO: f"{os.strerror(errno.EIO)}; choose another --out"}[code]
    assert result.stderr == (f"Error: {pdf}: cannot write the PDF: {reason} "
                             "(the previous file, if any, is unchanged)\n")
    assert pdf.read_bytes() == before
    assert leftovers(pdf.parent) == []


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB filesystem (tmpfs) to fill for real, when this machine lets us mount one (root on Linux);
    otherwise None and the test injects ENOSPC where the disk would report it."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("mount"):
        yield None
        return
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        yield None
        return
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk(project, monkeypatch, small_disk):
    disk = small_disk or project / "disk"
    out = disk / "out"
    first = run_cli("build", str(project / "content.yaml"), "--out", str(out))
    assert first.exit_code == 0, first.output
    before = (out / NAME).read_bytes()
    filler = disk / "filler"
    if small_disk:  # fill the disk, then free less room than a PDF needs
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        finally:
            os.close(fd)
        os.truncate(filler, filler.stat().st_size - len(before) // 2)
    else:
        real = os.fdopen
        import handout.pdf.render as render
        monkeypatch.setattr(render.os, "fdopen", lambda fd, *a, **k: FailingFile(real(fd, *a, **k), errno.ENOSPC))
    result = run_cli("build", str(project / "content.yaml"), "--out", str(out), "--force")
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {out / NAME}: cannot write the PDF: the disk is full; free some space "
                             "or choose another --out (the previous file, if any, is unchanged)\n")
    assert (out / NAME).read_bytes() == before
    assert leftovers(out) == []
    if small_disk:
        filler.unlink()
        again = run_cli("build", str(project / "content.yaml"), "--out", str(out), "--force")
        assert again.exit_code == 0 and (out / NAME).read_bytes() == before
