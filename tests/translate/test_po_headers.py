"""PO headers checked as GNU msgfmt checks them: the Plural-Forms rule evaluated, each header once."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run_cli


def set_plural(folder: Path, rule: str) -> Path:
    po = folder / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    po.write_text(re.sub(r'"Plural-Forms: [^"]*"', f'"Plural-Forms: {rule}\\\\n"', po.read_text(encoding="utf-8"),
                         count=1), encoding="utf-8")
    return po


@pytest.mark.parametrize("rule,message", [
    ("nplurals=2; plural=n%0;", "the Plural-Forms header divides by zero (n%0 or n/0)"),
    ("nplurals=999999999; plural=(n != 1);", "expected nplurals=N; plural=RULE; with N from 1 to 6"),
    ("nplurals=2; plural=n;", "for n=2 the rule gives form 2, but there are only 2"),
])
def test_check_refuses_a_plural_rule_msgfmt_refuses(shipped_project, rule, message):
    po = set_plural(shipped_project, rule)
    result = run_cli("check", str(shipped_project / "content.yaml"), "--locale", "es")
    assert result.exit_code == 1
    assert f"{po}:13:" in result.output and message in result.output


def test_update_does_not_keep_an_absurd_plural_count(shipped_project):
    po = set_plural(shipped_project, "nplurals=999999999; plural=(n != 1);")
    before = po.read_bytes()
    result = run_cli("update", "--content", str(shipped_project / "content.yaml"))
    assert result.exit_code == 1
    assert "Plural-Forms header is not valid" in result.stderr
    assert po.read_bytes() == before


def test_a_header_given_twice_is_refused(shipped_project):
    po = shipped_project / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    text = po.read_text(encoding="utf-8")
    line = text[text.index('"Plural-Forms:'):text.index("\n", text.index('"Plural-Forms:')) + 1]
    po.write_text(text.replace(line, line + line, 1), encoding="utf-8")
    result = run_cli("check", str(shipped_project / "content.yaml"), "--locale", "es")
    assert result.exit_code == 1
    assert "the Plural-Forms header is given twice; keep only one of them" in result.output


def test_the_shipped_plural_rules_pass(shipped_project):
    assert run_cli("check", str(shipped_project / "content.yaml")).exit_code == 0


@pytest.mark.parametrize("change,message", [
    (lambda raw: b"\xef\xbb\xbf" + raw, ":1: the file starts with a byte-order mark (BOM)"),
    (lambda raw: raw.replace(b"\n", b"\r"), ":1: the lines end with a carriage return only"),
])
def test_a_bom_or_cr_only_line_ends_get_a_message_that_says_so(shipped_project, change, message):
    po = shipped_project / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    po.write_bytes(change(po.read_bytes()))
    result = run_cli("check", str(shipped_project / "content.yaml"), "--locale", "es")
    assert result.exit_code == 1
    assert f"{po}{message}" in result.output


def test_crlf_line_ends_are_still_read(shipped_project):
    po = shipped_project / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    po.write_bytes(po.read_bytes().replace(b"\n", b"\r\n"))
    assert run_cli("check", str(shipped_project / "content.yaml"), "--locale", "es").exit_code == 0
