"""Catalog processing linear in the size of an entry: Babel's PO writer splits long lines into words with a
regular expression whose time grows with the square of the longest run of letters without a space (a 100 KB
msgstr of Chinese text, or of one long word, took 190 s to write with `handout update`). catalog.py writes
with an expression that splits every text the same way in linear time; bench/limits.py measures the times.
"""
from __future__ import annotations

from babel.messages import pofile
from hypothesis import example, given
from hypothesis import strategies as st

from handout.translate.catalog import _WORD_SEP, read_catalog
from tests.conftest import run_cli

# letters of several scripts, digits, the hyphens and punctuation the expression looks at, spaces and line ends
TEXT = st.text(alphabet=st.sampled_from(list("abZé中ع٤5_-—.,!\"'&* \n")), max_size=40)


@example("well-known co-operative")
@example("a.bc-de x,yz-ab \"q-rs")  # a hyphenated word after punctuation that follows a letter
@example("a--b ‘x’--y .--z")
@example("non-" + "x" * 100 + "-y")
@given(TEXT)
def test_the_linear_split_is_babels(text):
    assert _WORD_SEP.split(text) == pofile.WORD_SEP.split(text)


def test_update_keeps_a_long_entry_without_spaces_whole(repo):
    """A msgstr of 10,000 characters without a space (as Chinese or Japanese is written) is written back by
    `handout update` as it was read, and Babel's own expression is back in place afterwards."""
    po = repo / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    long = "洗手" * 5_000
    text = po.read_text(encoding="utf-8").replace('msgstr "Quiénes somos"', f'msgstr "Quiénes somos{long}"')
    po.write_text(text, encoding="utf-8")
    assert run_cli("extract", str(repo / "content.yaml")).exit_code == 0
    babel = pofile.WORD_SEP
    result = run_cli("update", "--content", str(repo / "content.yaml"))
    assert result.exit_code == 0, result.stderr
    assert pofile.WORD_SEP is babel
    entry = read_catalog(po).get("Who we are", context="labels")
    assert entry.string == "Quiénes somos" + long


def test_a_translation_pasted_many_times_over_is_refused_by_check_and_build(repo):
    """400 KB pasted into one entry: check names the entry and both lengths, the build refuses at the same
    line (before laying out hundreds of pages), and no PDF is written."""
    po = repo / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    text = po.read_text(encoding="utf-8")
    pasted = "lávese las manos " * 23_530  # 400,010 characters
    po.write_text(text.replace('msgstr "Quiénes somos"', f'msgstr "Quiénes somos {pasted}"'), encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t == 'msgid "Who we are"')
    said = (f"{po}:{line}: error: the translation is {len('Quiénes somos ' + pasted):,} characters long, the "
            "English only 10; a translation is seldom more than twice as long: was other text pasted in? Keep "
            "only the translation of this entry")
    check = run_cli("check", str(repo / "content.yaml"))
    assert check.exit_code == 1 and said in check.stdout.splitlines()
    build = run_cli("build", str(repo / "content.yaml"), "--locale", "es", "--allow-incomplete",
                    "--out", str(repo / "out"))
    assert build.exit_code == 1 and f"  {said}" in build.stderr.splitlines()
    assert not (repo / "out").exists()
