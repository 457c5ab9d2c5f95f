"""A PDF's bytes depend only on its inputs: not on what the process built before, not on whether the font
cache was empty (nor on which of a batch's workers filled it), not on whether the command line or the
front-desk page built it. One language per font and script (Latin in Atkinson Hyperlegible and in Noto
Sans, Cyrillic, Arabic, Hebrew, Devanagari, Chinese).

Found before: a first parallel batch gave other Chinese bytes than a build alone afterwards (each worker
made its own cut of the font, stamped with the time), and the page gave other Hindi bytes (the private-use
codes of shaped conjuncts were numbered in the order the process first met them).
"""
from __future__ import annotations

import os
import time
import subprocess
import sys
from pathlib import Path

import pytest

from handout.web.serve import create_app
from tests.conftest import CONTENT, ROOT

SCRIPTS = ["en", "vi", "ru", "ar", "he", "hi", "zh_Hans"]
HANDOUT = [sys.executable, "-m", "handout"]


def build(out: Path, cache: Path, *args: str) -> None:
    result = subprocess.run([*HANDOUT, "build", str(CONTENT), "--paper", "a4", "--out", str(out),
                             *args], cwd=ROOT, env=dict(os.environ, HANDOUT_CACHE=str(cache)),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> Path:
    """`batch/`: each language, two workers, on an empty font cache; `alone/LL/`: each language built by a
    process of its own afterwards, the cache now warm."""
    root = tmp_path_factory.mktemp("histories")
    cache = root / "cache"
    build(root / "batch", cache, "--locale", ",".join(SCRIPTS), "--jobs", "2")
    for code in SCRIPTS:
        build(root / "alone" / code, cache, "--locale", code)
    return root


def standard(folder: Path, code: str) -> bytes:
    return (folder / f"ldn-ibs_{code}_a4_standard.pdf").read_bytes()


def test_a_first_parallel_batch_gives_the_bytes_of_each_language_built_alone(builds):
    differ = [code for code in SCRIPTS if standard(builds / "batch", code) != standard(builds / "alone" / code, code)]
    assert differ == []


def test_two_empty_font_caches_give_the_same_bytes(builds, tmp_path):
    """Vietnamese: Noto Sans is a variable font, instanced and then unhinted into the cache."""
    build(tmp_path / "out", tmp_path / "cache", "--locale", "vi")
    assert standard(tmp_path / "out", "vi") == standard(builds / "alone" / "vi", "vi")


def test_the_front_desk_page_gives_the_bytes_of_the_command_line(builds, tmp_path):
    """One server builds every language in turn, Hindi's and Arabic's bilingual editions first (shaped and
    joined letters met in another order); this process has also built whatever the tests before it built."""
    client = create_app(CONTENT, None, folder=tmp_path / "builds").test_client()
    differ = []
    for code in SCRIPTS:
        if code in ("hi", "ar"):
            assert client.get(f"/pdf?locale={code}&edition=bilingual&paper=a4").status_code == 200
        answer = client.get(f"/pdf?locale={code}&edition=standard&paper=a4")
        assert answer.status_code == 200
        if answer.get_data() != standard(builds / "alone" / code, code):
            differ.append(code)
    assert differ == []


def _face_files(key: str) -> list[bytes]:
    """The font files a build of family `key` embeds, made afresh in the current cache."""
    from handout.layout import fonts

    spec = fonts.font_table()["families"][key]
    regular, bold = fonts._source_files(key)
    made = []
    for path, weight in ((regular, fonts.REGULAR), (bold, fonts.BOLD)):
        if regular == bold:
            path = fonts._static(key, path, weight, None)
        if spec.get("merge"):
            path = fonts._merged(key, path, weight, spec["merge"])
        made.append(fonts._unhinted(key, path).read_bytes())
    return made


@pytest.mark.parametrize("key", ["atkinson-hyperlegible", "noto-sans-armenian"], ids=["static", "merged"])
def test_font_files_made_in_two_empty_caches_a_second_apart_are_the_same(key, tmp_path, monkeypatch):
    """A static face unhinted, and a variable one instanced and merged with Noto Sans's Latin (a variable
    face instanced alone is checked by the Vietnamese build above)."""
    made = []
    for n in range(2):
        monkeypatch.setenv("HANDOUT_CACHE", str(tmp_path / str(n)))
        made.append(_face_files(key))
        time.sleep(1.1)  # font time stamps count seconds
    assert made[0] == made[1]
