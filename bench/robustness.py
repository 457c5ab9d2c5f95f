"""Builds under real use: concurrent runs into one folder, kill -9 of a parallel batch, bytes across histories.

    python bench/robustness.py [concurrency] [kill] [history]

concurrency: three `handout build` (es, fr, de; every edition) into one folder at once; prints the PDFs in the
    folder, the records the manifest kept, and whether `handout verify` passes.
kill: a parallel batch (every language and edition, two workers) killed with SIGKILL once its first PDFs are
    there; prints the workers still alive two seconds later, the PDFs written after the kill, and whether
    running the same command again leaves a folder that `handout verify` passes.
history: a full batch on an empty font cache against each language built alone afterwards (warm cache):
    prints the PDFs whose bytes differ.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HANDOUT = [sys.executable, "-m", "handout"]


def _run(args, **kw):
    return subprocess.run(HANDOUT + args, cwd=ROOT, capture_output=True, text=True, **kw)


def _verify(folder: Path) -> str:
    result = _run(["verify", str(folder)])
    return "passes" if result.returncode == 0 else f"fails ({len(result.stdout.splitlines())} problem(s))"


def concurrency(tmp: Path) -> None:
    out = tmp / "concurrent"
    procs = [subprocess.Popen(HANDOUT + ["build", "--locale", code, "--edition", "all", "--out", str(out), "-j", "1"],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for code in ("es", "fr", "de")]
    codes = [p.wait() for p in procs]
    pdfs = len(list(out.rglob("*.pdf")))
    records = len(json.loads((out / "manifest.json").read_text())["files"])
    print(f"concurrency: exit codes {codes}; {pdfs} PDFs, {records} records in the manifest; verify {_verify(out)}")


def _group(pgid: int) -> list[int]:
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                alive.append(int(entry.name))
    return alive


def kill(tmp: Path) -> None:
    out = tmp / "killed"
    args = ["build", "--locale", "all", "--edition", "all", "--out", str(out), "-j", "2"]
    proc = subprocess.Popen(HANDOUT + args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 300
    while len(list(out.rglob("*.pdf"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    at_kill = len(list(out.rglob("*.pdf")))
    time.sleep(2)
    left = _group(proc.pid)
    after = len(list(out.rglob("*.pdf")))
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    manifest = out / "manifest.json"
    records = len(json.loads(manifest.read_text())["files"]) if manifest.exists() else 0
    journal = out / ".manifest.journal"  # records journalled as PDFs land (after the fix)
    records += len(journal.read_bytes().splitlines()) if journal.exists() else 0
    print(f"kill: {len(left)} worker(s) alive 2 s after kill -9; {at_kill} PDFs at the kill, {after} two seconds "
          f"later; {records} records; verify {_verify(out)}")
    rerun = _run(args)
    print(f"kill: the same command again exits {rerun.returncode}; verify {_verify(out)}")


def history(tmp: Path) -> None:
    env = dict(os.environ, HANDOUT_CACHE=str(tmp / "cache"))
    batch, alone = tmp / "batch", tmp / "alone"
    subprocess.run(HANDOUT + ["build", "--locale", "all", "--out", str(batch), "-j", "1"], cwd=ROOT, env=env,
                   capture_output=True, check=True)
    differ, total = [], 0
    for pdf in sorted(batch.glob("*.pdf")):
        code = json.loads((batch / "manifest.json").read_text())["files"][pdf.name]["locale"]
        subprocess.run(HANDOUT + ["build", "--locale", code, "--out", str(alone / code)], cwd=ROOT, env=env,
                       capture_output=True, check=True)
        total += 1
        if (alone / code / pdf.name).read_bytes() != pdf.read_bytes():
            differ.append(code)
    print(f"history: {len(differ)} of {total} PDFs differ between a batch on an empty font cache and built alone "
          f"afterwards: {', '.join(differ) or 'none'}")


if __name__ == "__main__":
    chosen = sys.argv[1:] or ["concurrency", "kill", "history"]
    with tempfile.TemporaryDirectory() as tmp:
        for name in chosen:
            globals()[name](Path(tmp))
