"""What ships names no build machine: no absolute home or work path in any tracked file (content, catalogs,
docs, code), so a clinic's copy says nothing about where it was made and no link points into a stranger's
disk."""
from __future__ import annotations

import re
import subprocess

from tests.conftest import ROOT

MACHINE_PATH = re.compile(r"(?<![\w.])(?:/work/|/home/\w|/Users/\w|/root/|[A-Za-z]:\\Users\\)")


def shipped() -> list[str]:
    """Tracked files (git), or without a git checkout every file but caches, builds and environments."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    if listed.returncode == 0 and listed.stdout:
        return list(filter(None, listed.stdout.decode().split("\0")))
    skip = {".git", ".venv", "dist", "__pycache__", ".pytest_cache", ".hypothesis"}
    return [str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
            if p.is_file() and not skip & set(p.relative_to(ROOT).parts) and ".egg-info" not in str(p)]


def test_no_machine_path_in_any_shipped_file():
    found = []
    for name in shipped():
        if name == "tests/test_shipped_files.py":  # this file spells the pattern out
            continue
        path = ROOT / name
        if not path.is_file() or path.suffix in {".png", ".ttf", ".otf", ".pdf", ".mo"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if MACHINE_PATH.search(line):
                found.append(f"{name}:{number}: {line.strip()[:100]}")
    assert found == []
