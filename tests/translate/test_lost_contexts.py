"""A catalog sent through XLIFF or CSV and back with translate-toolkit (po2xliff/xliff2po, po2csv/csv2po
without a template) comes back with every translation and no msgctxt. The build cannot use such entries;
`handout check` says so at every entry, in words a translator understands, and exits 1; `handout update`
gives each entry its context back by its exact English, and the catalog is whole again."""
from __future__ import annotations

import subprocess
import sys

import pytest

from handout.translate.catalog import read_catalog
from tests.bad_inputs import SPANISH
from tests.conftest import run_cli

ROUND_TRIPS = {
    "xliff": ("po2xliff", "xliff2po", "xlf"),
    "csv": ("po2csv", "csv2po", "csv"),
}


def round_trip(po, how: str) -> None:
    """Send the catalog out and back in with translate-toolkit's own commands, as a translator would."""
    out, back, suffix = ROUND_TRIPS[how]
    exported = po.with_suffix(f".{suffix}")
    for tool, source, target in ((out, po, exported), (back, exported, po)):
        subprocess.run([sys.executable, "-c", f"import sys; from translate.convert.{tool} import main; "
                        "sys.exit(main(sys.argv[1:]))", str(source), str(target)], check=True, capture_output=True)
    exported.unlink()


def entries(path):
    return {(m.context, m.id, m.string) for m in read_catalog(path) if m.id}


@pytest.mark.parametrize("how", ROUND_TRIPS)
def test_check_reports_every_entry_that_lost_its_context(repo, how):
    po = repo / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    original = entries(po)
    round_trip(po, how)
    assert "msgctxt" not in po.read_text(encoding="utf-8")
    lines = [n for n, line in enumerate(po.read_text(encoding="utf-8").splitlines(), 1)
             if line.startswith("msgid ")][1:]  # every entry's msgid line after the header's
    assert len(lines) == len(original) == 31

    result = run_cli("check", str(repo / "content.yaml"))
    assert result.exit_code == 1
    said = result.stdout.splitlines()
    assert [line.split(": error: ")[0] for line in said] == [f"{po}:{n}" for n in sorted(lines)]
    assert said[0].endswith('error: this entry has lost its context (msgctxt "metadata" in the template), as '
                            "happens after a round trip through XLIFF or CSV, so the build cannot use its "
                            "translation; run `handout update` to give the entries their context back, or export "
                            "again from the PO file with its contexts")
    assert result.stderr == "31 error(s), 0 warning(s)\n"

    status = run_cli("status", str(repo / "content.yaml"))
    assert status.exit_code == 0
    assert status.stderr == (f"{po}: 31 translated entries have lost their context (msgctxt), as after a round trip "
                             "through XLIFF or CSV, so they count as to do; run `handout update` to give it back\n")

    for extra in ((), ("--allow-incomplete",)):  # printing those parts in English would hide 31 translations
        build = run_cli("build", str(repo / "content.yaml"), "--locale", "es", "--out", str(repo / "out"), *extra)
        assert build.exit_code == 1
        assert build.stderr.startswith(f"Error: {po}: the 'es' translation has 31 error(s)")
        assert "lost its context" in build.stderr
    assert not (repo / "out").exists()


@pytest.mark.parametrize("how", ROUND_TRIPS)
def test_update_gives_the_contexts_back(repo, how):
    po = repo / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    original = entries(po)
    round_trip(po, how)
    assert run_cli("extract", str(repo / "content.yaml")).exit_code == 0
    result = run_cli("update", "--content", str(repo / "content.yaml"))
    assert result.exit_code == 0
    assert result.stdout == (f"{po}: 0 new, 0 changed (fuzzy, previous English kept), 0 obsolete; 31 entries given "
                             "back the context (msgctxt) they had lost, as after a round trip through XLIFF or CSV\n")
    assert entries(po) == original  # every translation where it was, none fuzzy
    assert run_cli("check", str(repo / "content.yaml")).exit_code == 0
    build = run_cli("build", str(repo / "content.yaml"), "--locale", "es", "--out", str(repo / "out"))
    assert build.exit_code == 0, build.stderr
    assert (repo / "out" / "hand-washing_es_a4_standard.pdf").is_file()


def test_an_english_text_in_two_sections_is_named_not_guessed(repo):
    """An entry without context whose English the content uses in two sections: `update` cannot know which
    translation belongs where, so it restores nothing and check names both contexts."""
    content = repo / "content.yaml"
    po = repo / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    text = content.read_text(encoding="utf-8")
    assert text.count('"Washing your hands"') == 1
    # the first section's title becomes the handout's title: one English text in two contexts
    content.write_text(text.replace('title: "Why wash?"', 'title: "Washing your hands"'), encoding="utf-8")
    catalog = SPANISH.replace('msgctxt "metadata"\nmsgid "Washing your hands"', 'msgid "Washing your hands"')
    po.write_text(catalog, encoding="utf-8")
    line = next(n for n, t in enumerate(catalog.splitlines(), 1) if t == 'msgid "Washing your hands"')
    result = run_cli("check", str(content))
    assert result.exit_code == 1
    lost = [s for s in result.stdout.splitlines() if "lost its context" in s]
    assert len(lost) == 1 and lost[0].startswith(f"{po}:{line}: error:")
    assert '(msgctxt "metadata" or "' in lost[0] and "add the right one above its msgid" in lost[0]
