"""What `import handout` does to the importing program: nothing beyond its own modules.

The `handout` command defers compiling three regular expressions ReportLab and PyYAML compile at import
(handout/startup.py). A program that uses the library must not find stand-ins in its `re` cache: they are
not `re.Pattern` objects.
"""
from __future__ import annotations

import copy
import re
import subprocess
import sys

from handout.startup import _PATTERNS, DeferredPattern


def test_importing_the_library_leaves_re_alone():
    program = (
        "import re, handout, handout.build\n"
        "from reportlab.platypus import paragraph\n"
        "odd = [k for k, v in re._cache.items() if not isinstance(v, re.Pattern)]\n"
        "print(len(odd))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


def test_the_command_defers_its_patterns_and_they_behave_as_compiled():
    program = (
        "import re, sys\n"
        "from click.testing import CliRunner\n"
        "from handout.cli import main\n"
        "CliRunner().invoke(main, ['status', '--help'])\n"
        "from handout.startup import DeferredPattern\n"
        "print(sum(isinstance(v, DeferredPattern) for v in re._cache.values()))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 1


def test_a_stand_in_copies_as_its_compiled_pattern():
    pattern, flags = _PATTERNS[1]
    standin = DeferredPattern(pattern, flags)
    for copied in (copy.copy(standin), copy.deepcopy(standin)):
        assert isinstance(copied, re.Pattern)
        assert copied.split("a中b") == standin.split("a中b") == ["a", "中", "b"]
