"""`handout check` as a gate in a translators' repository (CI): exit 0 when every catalog is clean (warnings
allowed), 1 on any error or unreadable file, 2 on a usage mistake; `--json` always prints a JSON list of
{path, line, severity, message} on stdout, even when a file cannot be read at all."""
from __future__ import annotations

import json

import pytest

from tests.bad_inputs import SPANISH, edit
from tests.conftest import run_cli


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def check(repo, *args):
    return run_cli("check", str(repo / "content.yaml"), *args)


def test_clean_catalogs_pass(repo):
    result = check(repo, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_a_warning_passes_and_is_reported(repo):
    po = repo / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    po.write_text(edit(SPANISH, 'msgstr "Llame al {clinic_phone} si se le irrita la piel."',
                       'msgstr "Call {clinic_phone} if your skin gets sore."'), encoding="utf-8")
    result = check(repo, "--json")
    assert result.exit_code == 0
    line = line_of(SPANISH, 'msgid "Call {clinic_phone}')
    assert json.loads(result.stdout) == [{"path": str(po), "line": line, "severity": "warning",
                                          "message": "identical to the English; is it translated?"}]


def test_an_error_fails_the_gate(repo):
    po = repo / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    po.write_text(edit(SPANISH, 'msgstr "Use {soap} de jabón."', 'msgstr "Use jabón."'), encoding="utf-8")
    result = check(repo, "--json")
    assert result.exit_code == 1
    line = line_of(SPANISH, 'msgid "Use {soap} of soap."')
    assert json.loads(result.stdout) == [{
        "path": str(po), "line": line, "severity": "error",
        "message": "placeholders differ from the English (missing {soap}); copy them exactly, they are filled in "
                   "by the tool"}]
    plain = check(repo)
    assert plain.exit_code == 1
    assert plain.stdout == (f"{po}:{line}: error: placeholders differ from the English (missing {{soap}}); copy them "
                            "exactly, they are filled in by the tool\n")
    assert plain.stderr == "1 error(s), 0 warning(s)\n"


def test_an_unreadable_catalog_is_still_json(repo):
    po = repo / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    po.write_text(edit(SPANISH, 'msgstr "Fuentes"', 'msgstr "Fuentes'), encoding="utf-8")
    result = check(repo, "--json")
    assert result.exit_code == 1
    line = line_of(SPANISH, 'msgstr "Fuentes"')
    assert json.loads(result.stdout) == [{
        "path": str(po), "line": line, "severity": "error",
        "message": 'PO syntax error: unterminated or badly escaped string (every string needs a closing "); '
                   "open the file in Poedit or fix the line"}]
    assert result.stderr.startswith(f"Error: {po}:{line}: PO syntax error")


def test_a_usage_mistake_exits_2(repo):
    assert check(repo, "--jsn").exit_code == 2
