"""Every row of the bad-input table (docs/bad-input.md, cases in bad_inputs.py) as a test: the user sees
exactly the documented line, the exit status is 1 (2 for usage), there is no traceback, and nothing is
written or changed: a PDF from an earlier build is still there, byte for byte, and no temporary file is
left behind."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.bad_inputs import CASES, DOC, FAULTS, PDF, doc_tables, tables
from tests.conftest import FIXTURES, FailingFile, run_cli
from handout.cli import main


@pytest.fixture(scope="session")
def good_pdf(tmp_path_factory) -> bytes:
    """The bytes of a good English build of the hand-washing handout (the 'previous PDF')."""
    out = tmp_path_factory.mktemp("good")
    result = run_cli("build", str(FIXTURES / "handwashing.yaml"), "--out", str(out))
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip()).read_bytes()


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def inject(monkeypatch, fault: str) -> None:
    import handout.pdf.render as render
    import handout.tempfiles as tempfiles

    if fault == "EACCES":
        def refuse(*args, **kwargs):
            raise PermissionError(FAULTS["EACCES"], os.strerror(FAULTS["EACCES"]))
        monkeypatch.setattr(tempfiles, "create", refuse)
    elif fault == "ENOSPC":
        real_fdopen = os.fdopen
        monkeypatch.setattr(render.os, "fdopen", lambda fd, *a, **k: FailingFile(real_fdopen(fd, *a, **k), FAULTS["ENOSPC"]))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case, tmp_path, monkeypatch, good_pdf):
    case.setup(tmp_path)
    previous = tmp_path / PDF
    if ("--out", "out") == case.args[2:4] and not previous.parent.exists():
        previous.parent.mkdir()
        previous.write_bytes(good_pdf)
    before = snapshot(tmp_path)
    monkeypatch.chdir(tmp_path)
    if case.fault:
        inject(monkeypatch, case.fault)
    result = CliRunner().invoke(main, list(case.args), catch_exceptions=False)
    assert "Traceback" not in result.output
    assert result.exit_code == case.exit, result.output
    if case.exit == 0:
        assert result.stdout.splitlines()[-1] == case.shows
        assert not list(tmp_path.rglob("*.tmp"))
        return
    lines = result.stderr.splitlines()
    if case.exit == 2:  # Click's usage error: "Usage: ...", "Try ...", "", "Error: ..."
        assert lines[-1] == case.shows
    else:
        assert lines[0] == case.shows
        assert all(line.startswith("  ") for line in lines[1:]), result.stderr
        assert lines[1:2] == (["  " + case.detail] if case.detail else lines[1:2])
        assert result.stdout == ""
    assert snapshot(tmp_path) == before  # nothing written, nothing replaced, no temporary file


def test_an_output_name_too_long_for_the_disk(tmp_path, monkeypatch):
    """Not in the table (a 300-letter line would swamp it), but once a traceback (ENAMETOOLONG)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content.yaml").write_text((FIXTURES / "handwashing.yaml").read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["build", "content.yaml", "--out", "o" * 300], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {'o' * 300}: cannot create the output folder: the name is too long; "
                             "choose a shorter --out\n")


def test_every_case_is_in_the_document():
    assert doc_tables(DOC.read_text(encoding="utf-8")) == tables(), \
        "docs/bad-input.md is out of date: run `python tests/bad_inputs.py`"


def test_the_table_is_complete():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 40
    assert {c.group for c in CASES} == {"content", "catalog", "clinic", "review", "command", "output"}
    assert all(c.shows for c in CASES)
