"""`handout check` fails whenever the build would refuse the catalog: both take their refusals from one audit
(translate/translation.py), and this test holds them together on catalogs broken the ways translators,
their tools and hostile senders break them (drawn with hypothesis): contexts dropped (an XLIFF or CSV round
trip), placeholders, bold markers, markup, numbers and citations changed, direction and control characters,
bad or repeated Plural-Forms headers, fuzzy and empty entries, repeated entries, broken quoting.

For every drawn catalog:
- when `handout build --allow-incomplete` refuses it, `check` exits 1 and names every line the build names;
- when the plain build refuses it and no entry was left empty or fuzzy (work known to be unfinished, which
  `check` reports as a warning, counting as many entries as the build), `check` exits 1;
- and when `check` passes, both builds print.

Cheap by default (a few dozen catalogs of the small hand-washing handout); HANDOUT_CHECK_EXAMPLES=500 searches
more.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.bad_inputs import SPANISH
from tests.conftest import FIXTURES, run_cli

EXAMPLES = int(os.environ.get("HANDOUT_CHECK_EXAMPLES", "12"))
HEAD, *ENTRIES = SPANISH.split("\n\n")  # the header, then one block per entry


def _msgstr(block: str, change) -> str:
    """The entry with its (one-line) msgstr changed by change(text)."""
    return re.sub(r'^msgstr "(.*)"$', lambda m: f'msgstr "{change(m.group(1))}"', block, count=1, flags=re.M)


# Each breakage takes an entry block and returns it broken (or unchanged where it does not apply).
ENTRY_BREAKAGES = {
    "context dropped": lambda b: re.sub(r'^msgctxt ".*"\n', "", b, flags=re.M),
    "placeholder dropped": lambda b: _msgstr(b, lambda t: re.sub(r"\{\w+\}", "", t, count=1)),
    "placeholder added": lambda b: _msgstr(b, lambda t: t + " {dose}"),
    "placeholder misspelt": lambda b: _msgstr(b, lambda t: re.sub(r"\{(\w+)\}", r"{\1s}", t, count=1)),
    "bold opened": lambda b: _msgstr(b, lambda t: "**" + t),
    "bold pair added": lambda b: _msgstr(b, lambda t: f"**{t}**"),
    "markup": lambda b: _msgstr(b, lambda t: t + ' <font color=\\"red\\">x</font>'),
    "entity": lambda b: _msgstr(b, lambda t: t + " &amp;"),
    "number": lambda b: _msgstr(b, lambda t: t + " 99"),
    "citation": lambda b: _msgstr(b, lambda t: t + " [2]"),
    "citation dropped": lambda b: _msgstr(b, lambda t: re.sub(r"\s*\[\d+\]", "", t)),
    "direction override": lambda b: _msgstr(b, lambda t: "\u202e" + t),
    "control character": lambda b: _msgstr(b, lambda t: t + "\\a"),
    "emptied": lambda b: _msgstr(b, lambda t: ""),
    "blank": lambda b: _msgstr(b, lambda t: "   "),
    "fuzzy": lambda b: b.replace("\nmsgctxt", "\n#, fuzzy\nmsgctxt", 1),
    "repeated": lambda b: b + "\n\n" + b,
    "quote lost": lambda b: b.rstrip('"'),
    "msgstr[1] added": lambda b: b + '\nmsgstr[1] "x"',
}
HEADER_BREAKAGES = {
    "no plural forms": lambda h: re.sub(r'"Plural-Forms:.*\n', "", h),
    "nplurals=0": lambda h: h.replace("nplurals=2; plural=(n != 1);", "nplurals=0; plural=0;"),
    "n%0": lambda h: h.replace("plural=(n != 1);", "plural=(n%0);"),
    "form out of range": lambda h: h.replace("plural=(n != 1);", "plural=(n > 1 ? 2 : 0);"),
    "plural forms twice": lambda h: h.replace('"Plural-Forms:', '"Plural-Forms: nplurals=1; plural=0;\\n"\n'
                                              '"Plural-Forms:', 1),
    "charset": lambda h: h.replace("charset=utf-8", "charset=ISO-8859-1"),
}

UNFINISHED = {"emptied", "fuzzy"}  # entries a translator knows are not done: the build refuses, check warns
breakages = st.lists(st.tuples(st.sampled_from(sorted(ENTRY_BREAKAGES)), st.integers(0, len(ENTRIES) - 1)),
                     min_size=1, max_size=3)
headers = st.lists(st.sampled_from(sorted(HEADER_BREAKAGES)), max_size=1)


def broken_catalog(entry_breakages, header_breakages) -> str:
    head, entries = HEAD, list(ENTRIES)
    for name, index in entry_breakages:
        entries[index] = ENTRY_BREAKAGES[name](entries[index])
    for name in header_breakages:
        head = HEADER_BREAKAGES[name](head)
    return "\n\n".join([head, *entries])


def named_lines(text: str) -> set[str]:
    """Every 'path:line' a command's output names."""
    return set(re.findall(r"(/\S+?\.po:\d+)", text))


# Every breakage at least once, each on an entry it applies to (index into ENTRIES)
@example([("context dropped", i) for i in range(len(ENTRIES))], [])  # the whole catalog round-tripped
@example([("context dropped", 0), ("emptied", 1)], [])
@example([("placeholder dropped", 5)], [])
@example([("placeholder added", 0)], [])
@example([("placeholder misspelt", 6)], [])
@example([("bold opened", 0)], [])
@example([("bold pair added", 2)], [])
@example([("markup", 3)], [])
@example([("entity", 3)], [])
@example([("number", 1)], [])
@example([("citation", 4)], [])
@example([("direction override", 7)], [])
@example([("control character", 8)], [])
@example([("blank", 9)], [])
@example([("fuzzy", 10), ("emptied", 11)], [])
@example([("repeated", 12)], [])
@example([("quote lost", 13)], [])
@example([("msgstr[1] added", 14)], [])
@example([("context dropped", 3)], ["n%0"])
@example([("emptied", 3)], ["nplurals=0"])
@example([("fuzzy", 3)], ["form out of range"])
@example([("fuzzy", 3)], ["plural forms twice"])
@example([("fuzzy", 3)], ["no plural forms"])
@example([("fuzzy", 3)], ["charset"])
@settings(max_examples=EXAMPLES)
@given(breakages, headers)
def test_check_fails_whenever_the_build_refuses(entry_breakages, header_breakages):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(FIXTURES / "handwashing.yaml", folder / "content.yaml")
        po = folder / "locales" / "es" / "LC_MESSAGES" / "handout.po"
        po.parent.mkdir(parents=True)
        po.write_text(broken_catalog(entry_breakages, header_breakages), encoding="utf-8")
        content = str(folder / "content.yaml")

        check = run_cli("check", content)
        lenient = run_cli("build", content, "--locale", "es", "--allow-incomplete", "--out", str(folder / "a"))
        strict = run_cli("build", content, "--locale", "es", "--out", str(folder / "b"))

        assert "Traceback" not in check.stderr + lenient.stderr + strict.stderr
        if lenient.exit_code != 0:  # refused whatever the options: errors, which check must report
            assert check.exit_code == 1, (lenient.stderr, check.stdout, check.stderr)
            assert named_lines(lenient.stderr) <= named_lines(check.stdout + check.stderr), \
                (lenient.stderr, check.stdout)
        if strict.exit_code != 0 and not UNFINISHED & {name for name, _ in entry_breakages}:
            # nothing was left for later (no empty or fuzzy entry), yet the build refuses: an error to check
            assert check.exit_code == 1, (strict.stderr, check.stdout, check.stderr)
        if strict.exit_code != 0:
            assert check.exit_code == 1 or re.search(r"warning: \d+ entries needed by the content are missing",
                                                     check.stdout), (strict.stderr, check.stdout)
            if lenient.exit_code == 0:  # refused only as incomplete: check counts as many entries
                build_count = re.search(r"incomplete: (\d+) of", strict.stderr).group(1)
                assert f"warning: {build_count} entries needed by the content are missing" in check.stdout
        if check.exit_code == 0:
            assert lenient.exit_code == 0, lenient.stderr
