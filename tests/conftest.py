"""Shared helpers: build PDFs the way a user does and read back what a reader would see."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from handout.cli import main

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_cli(*args: str, cwd: Path | None = None):
    """Run `handout ARGS` in-process; returns Click's Result (exit_code, stdout, stderr)."""
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), catch_exceptions=False)
    with runner.isolated_filesystem(temp_dir=cwd):
        return runner.invoke(main, list(args), catch_exceptions=False)


def page_texts(path: Path) -> list[str]:
    """The text of each page in reading order, as pypdfium2 extracts it (line breaks as spaces)."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for page in pdf:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        pdf.close()


def flat(text: str) -> str:
    """Fold line breaks, soft hyphens at line ends and runs of spaces, for phrase searches."""
    text = re.sub(r"-\r?\n", "-", text)
    return re.sub(r"\s+", " ", text.replace("\x02", "")).strip()


@pytest.fixture(scope="session")
def english_pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("english")
    result = run_cli("build", str(CONTENT), "--out", str(out))
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip())


# Hypothesis profiles (tests/test_properties.py): "quick" by default, so the suite stays fast;
# HYPOTHESIS_PROFILE=thorough for a long search before a release. No example database is kept
# (database=None): runs start fresh and nothing is written into the repository. "quick" draws the same
# examples every run (derandomize), so a run of the suite says the same thing twice and a red CI names a
# change, not a dice roll; HYPOTHESIS_PROFILE=explore draws new ones each run to search for new cases.
settings.register_profile("quick", max_examples=120, deadline=None, database=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", max_examples=120, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=3000, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


class FailingFile:
    """A file whose writes stop half-way with an OS error (a full disk: errno.ENOSPC)."""

    def __init__(self, real, code):
        self.real, self.code = real, code

    def write(self, data):
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise OSError(self.code, os.strerror(self.code))

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()


@pytest.fixture
def shipped_project(tmp_path):
    """A project folder: the shipped content with every shipped catalog."""
    import shutil

    shutil.copy(CONTENT, tmp_path / "content.yaml")
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    return tmp_path


@pytest.fixture
def repo(tmp_path):
    """A project folder: the hand-washing fixture content with its Spanish catalog."""
    import shutil

    from tests.bad_inputs import SPANISH  # bad_inputs imports this module

    shutil.copy(FIXTURES / "handwashing.yaml", tmp_path / "content.yaml")
    catalog = tmp_path / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(SPANISH, encoding="utf-8")
    return tmp_path
