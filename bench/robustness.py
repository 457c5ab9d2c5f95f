"""Builds under real use: concurrent runs into one folder, kill -9 of a parallel batch, bytes across histories.

    python bench/robustness.py [concurrency] [kill] [history]

concurrency: three `handout build` (es, fr, de; every edition) into one folder at once; prints the PDFs in the
    folder, the records the manifest kept, and whether `handout verify` passes.
kill: a parallel batch (every language and edition, two workers) killed with SIGKILL once its first PDFs are
    there; prints the workers still alive two seconds later, the PDFs written after the kill, and whether
    running the same command again leaves a folder that `handout verify` passes.
history: a parallel batch of every language and edition on an empty font cache against each language built
    alone afterwards (warm cache), and against the front-desk page: prints the languages whose bytes differ.
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
sys.path.insert(0, str(ROOT))
from tests.processes import alive_in_group  # noqa: E402
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
    left = alive_in_group(proc.pid)
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
    subprocess.run(HANDOUT + ["build", "--locale", "all", "--edition", "all", "--paper", "a4", "--out", str(batch)],
                   cwd=ROOT, env=env, capture_output=True, check=True)
    records = json.loads((batch / "manifest.json").read_text())["files"]
    standard = {r["locale"]: name for name, r in records.items() if r["edition"] == "standard"}
    differ = []
    for code, name in sorted(standard.items()):
        subprocess.run(HANDOUT + ["build", "--locale", code, "--paper", "a4", "--out", str(alone)], cwd=ROOT, env=env,
                       capture_output=True, check=True)
        if (alone / name).read_bytes() != (batch / name).read_bytes():
            differ.append(code)
    print(f"history: {len(differ)} of {len(standard)} standard A4 PDFs differ between a parallel batch of every "
          f"edition on an empty font cache and each built alone afterwards: {', '.join(differ) or 'none'}")
    page = subprocess.run([sys.executable, "-c", _PAGE, str(tmp / "page"), *sorted(standard)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True).stdout.split()
    differ = [code for code, pdf in zip(sorted(standard), page) if Path(pdf).read_bytes() !=
              (alone / standard[code]).read_bytes()]
    print(f"history: {len(differ)} of {len(standard)} differ between the front-desk page (one server, every "
          f"language in turn, bilingual first) and the command line: {', '.join(differ) or 'none'}")


_PAGE = """
import sys
from pathlib import Path
from handout.web.serve import create_app
folder = Path(sys.argv[1])
client = create_app("content.yaml", None, folder=folder / "builds").test_client()
for code in sys.argv[2:]:
    if code != "en":
        client.get(f"/pdf?locale={code}&edition=bilingual&paper=a4")
    data = client.get(f"/pdf?locale={code}&edition=standard&paper=a4").get_data()
    (folder / f"{code}.pdf").write_bytes(data)
    print(folder / f"{code}.pdf")
"""


if __name__ == "__main__":
    chosen = sys.argv[1:] or ["concurrency", "kill", "history"]
    with tempfile.TemporaryDirectory() as tmp:
        for name in chosen:
            globals()[name](Path(tmp))
