"""A build folder survives real use: several builds into it at once, and a batch killed at any moment.

Real processes (the command as staff run it), bounded in time: every wait below has a deadline.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handout.batch import manifest as mf
from tests.conftest import FIXTURES, run_cli
from tests.processes import alive_in_group
from tests.translate.test_translation_workflow import fill, po, pseudo

HANDOUT = [sys.executable, "-m", "handout"]


@pytest.fixture
def project(tmp_path) -> Path:
    """The hand-washing handout with complete Spanish, French and German catalogs, and a roster of sites."""
    shutil.copy(FIXTURES / "handwashing.yaml", tmp_path / "content.yaml")
    assert run_cli("extract", str(tmp_path / "content.yaml")).exit_code == 0
    for code in ("es", "fr", "de"):
        assert run_cli("init", code, "--content", str(tmp_path / "content.yaml")).exit_code == 0
        fill(po(tmp_path, code), lambda m, code=code: f"{code.upper()} " + pseudo(m))
    rows = ["id,name,phone"] + [f"site{n:02d},Clinic {n},0161 496 {n:04d}" for n in range(40)]
    (tmp_path / "clinics.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return tmp_path


def command(project: Path, *args: str) -> list[str]:
    return [*HANDOUT, "build", str(project / "content.yaml"), "--out", str(project / "out"), *args]


def verify(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*HANDOUT, "verify", str(folder)], capture_output=True, text=True, timeout=120)


def pdfs(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.pdf")}


def test_three_builds_into_one_folder_at_once_keep_every_record(project):
    runs = [subprocess.Popen(command(project, "--locale", code, "--edition", "all", "--jobs", "1"), cwd=project,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for code in ("es", "fr", "de")]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    out = project / "out"
    records = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert len(pdfs(out)) == 9  # three languages, three editions
    assert set(records) == pdfs(out)
    assert {r["locale"] for r in records.values()} == {"es", "fr", "de"}
    result = verify(out)
    assert result.returncode == 0, result.stdout
    assert not (out / mf.JOURNAL).exists()  # folded into manifest.json


def _record_many(args) -> None:
    folder, worker = args
    for n in range(15):
        name = f"w{worker}-{n}.pdf"
        (Path(folder) / name).write_bytes(b"%PDF-1.4 x")
        record = {"locale": f"l{worker}", "paper": str(n)}
        if n % 3:
            mf.journal_outputs(folder, {name: record})
        else:
            mf.record_outputs(folder, {name: record})


def test_writers_racing_on_one_manifest_lose_no_record(tmp_path):
    with multiprocessing.get_context("fork").Pool(6) as pool:
        pool.map(_record_many, [(str(tmp_path), w) for w in range(6)], chunksize=1)
    mf.record_outputs(tmp_path, {})
    assert len(mf.read_manifest(tmp_path)["files"]) == 90


def test_a_journal_line_cut_short_by_a_kill_is_skipped_and_the_rest_kept(tmp_path):
    for name in ("a.pdf", "b.pdf"):
        (tmp_path / name).write_bytes(b"%PDF")
    mf.journal_outputs(tmp_path, {"a.pdf": {"locale": "es"}})
    with open(tmp_path / mf.JOURNAL, "ab") as fh:
        fh.write(b'{"files": {"b.pdf": {"loc')
    assert set(mf.read_manifest(tmp_path)["files"]) == {"a.pdf"}
    mf.record_outputs(tmp_path, {"b.pdf": {"locale": "fr"}})
    assert set(json.loads((tmp_path / mf.NAME).read_text())["files"]) == {"a.pdf", "b.pdf"}


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_kill_9_of_a_parallel_batch_takes_its_workers_and_a_rerun_leaves_a_folder_that_verifies(project):
    out = project / "out"
    args = command(project, "--clinics", str(project / "clinics.csv"), "--locale", "es,fr", "--jobs", "2")
    batch = subprocess.Popen(args, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    try:
        assert _wait_for(lambda: len(pdfs(out)) >= 4, 240), "the batch wrote no PDF"
        assert len(alive_in_group(batch.pid)) >= 3  # the batch and its two workers
        os.kill(batch.pid, signal.SIGKILL)
        batch.wait(timeout=30)
        assert _wait_for(lambda: not alive_in_group(batch.pid), 10), "workers outlived the batch"
        written = pdfs(out)
        time.sleep(1)
        assert pdfs(out) == written  # nothing written after the kill
        assert len(written) < 80  # it was killed part way
        recorded = set(mf.read_manifest(out)["files"])
        assert len(recorded) >= len(written) - 2  # recorded as they landed: at most those in flight lost
    finally:
        for pid in alive_in_group(batch.pid):
            os.kill(pid, signal.SIGKILL)
    again = subprocess.run(args, cwd=project, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert len(pdfs(out)) == 80
    result = verify(out)
    assert result.returncode == 0, result.stdout
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]  # temporary files of the killed run
