"""The shipped catalogs as other gettext tools read them: Babel's command line (`pybabel compile`, what a
translators' pipeline may run), GNU `msgfmt --check` and `msgunfmt`, and polib (the reader behind many
editors' scripts), compared entry by entry with Babel's own reading. 15 catalogs: the template and 14
languages."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po

from tests.conftest import ROOT
from handout.translate.catalog import is_translated, list_locales, po_path, pot_path, read_catalog, serialise

LOCALES = ROOT / "locales"
SHIPPED = list_locales(LOCALES)
CATALOGS = [pot_path(LOCALES)] + [po_path(LOCALES, locale) for locale in SHIPPED]
PYBABEL = [sys.executable, "-m", "babel.messages.frontend"]


def short(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_fifteen_catalogs():
    assert len(CATALOGS) == 15 and all(path.is_file() for path in CATALOGS)


def test_pybabel_compiles_every_catalog_with_statistics(tmp_path):
    """What a translators' pipeline runs: `pybabel compile -d locales -D handout --statistics`. Babel takes
    any msgid that looks like %-formatting ("37% on" reads as "% o") for a python-format string and
    refuses translations whose % signs differ."""
    shutil.copytree(LOCALES, tmp_path / "locales")
    result = subprocess.run(PYBABEL + ["compile", "-d", str(tmp_path / "locales"), "-D", "handout", "--statistics"],
                            capture_output=True, text=True)
    errors = [line.replace(str(tmp_path) + "/", "") for line in result.stderr.splitlines() if "error" in line]
    assert errors == [] and result.returncode == 0
    for locale in SHIPPED:
        assert re.search(rf"^(\d+) of \1 messages \(100%\) translated in .*/{locale}/LC_MESSAGES/handout\.po$",
                         result.stderr, re.M), locale
        assert (tmp_path / "locales" / locale / "LC_MESSAGES" / "handout.mo").stat().st_size > 1000


@pytest.mark.parametrize("path", CATALOGS, ids=short)
def test_msgfmt_check(path, tmp_path):
    """GNU msgfmt --check: syntax, header, format strings of flagged entries, plural forms."""
    result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "handout.mo"), str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # The template's header has placeholders by design (no language, no translator); nothing else warns.
    others = [line for line in result.stderr.splitlines()
              if not (path.suffix == ".pot" and "header field" in line)]
    assert others == []


def _translations(catalog) -> dict[tuple, str]:
    """(msgctxt, msgid) -> msgstr of every entry a compiled catalog keeps: translated, not fuzzy."""
    return {(m.context, m.id): m.string for m in catalog
            if m.id and m.string and not m.fuzzy}


@pytest.mark.parametrize("locale", SHIPPED)
def test_msgunfmt_round_trip(locale, tmp_path):
    """Compile with msgfmt, decompile with msgunfmt: the same entries, contexts and translations come back,
    and the header keeps its language and plural rule."""
    path = po_path(LOCALES, locale)
    compiled = tmp_path / "handout.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(path)], check=True, capture_output=True)
    back = subprocess.run(["msgunfmt", str(compiled)], check=True, capture_output=True).stdout
    original = read_po(path.open("rb"))
    returned = read_po(io.BytesIO(back))
    assert _translations(returned) == _translations(original)
    assert len(_translations(original)) > 80  # not vacuous (completeness: test_shipped_translations)
    assert str(returned.locale) == str(original.locale) == locale
    assert returned.plural_forms == original.plural_forms


def _babel_entries(catalog) -> list[dict]:
    def one(m, obsolete=False):
        previous = m.previous_id if isinstance(m.previous_id, str) else "".join(m.previous_id[:1])
        return dict(context=m.context, id=m.id, string=m.string, flags=set(m.flags),
                    extracted="\n".join(m.auto_comments), translator="\n".join(m.user_comments),
                    locations=[(f, int(n)) for f, n in m.locations], previous=previous or None,
                    obsolete=obsolete)
    return [one(m) for m in catalog if m.id] + [one(m, True) for m in catalog.obsolete.values()]


def _polib_entries(po) -> list[dict]:
    def one(e):
        return dict(context=e.msgctxt, id=e.msgid, string=e.msgstr, flags=set(e.flags), extracted=e.comment,
                    translator=e.tcomment, locations=[(f, int(n)) for f, n in e.occurrences],
                    previous=e.previous_msgid, obsolete=bool(e.obsolete))
    return [one(e) for e in po if not e.obsolete] + [one(e) for e in po.obsolete_entries()]


@pytest.mark.parametrize("path", CATALOGS, ids=short)
def test_polib_reads_what_babel_reads(path):
    """polib, a second independent reader, sees the same entries, contexts, flags and comments
    (translator, extracted, locations, previous msgid) as handout's reading with Babel, the same flags as
    Babel's bare reader (which adds python-format to any msgid that looks like %-formatting), and the
    same translated entries and language."""
    po = polib.pofile(str(path), wrapwidth=0)
    assert _polib_entries(po) == _babel_entries(read_catalog(path))
    bare = read_po(path.open("rb"))
    assert [e["flags"] for e in _polib_entries(po)] == [e["flags"] for e in _babel_entries(bare)]
    assert len(po) > 90
    if path.suffix == ".po":
        assert po.metadata["Language"] == str(bare.locale)
        assert {(e.msgctxt, e.msgid) for e in po.translated_entries()} == \
            {(m.context, m.id) for m in bare if m.id and is_translated(m)}


FEATURES = r'''# A translator's note on the file
msgid ""
msgstr ""
"Language: de\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=utf-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

# checked with the clinic
#. section 'why', paragraph
#: content.yaml:12 content.yaml:40
#, python-brace-format
msgctxt "why"
msgid "Call {clinic_phone} today."
msgstr "Rufen Sie heute {clinic_phone} an."

#. section 'steps'
#: content.yaml:47
#, fuzzy
#| msgid "Rub for 20 seconds."
msgctxt "steps"
msgid "Rub for 30 seconds."
msgstr "30 Sekunden lang reiben."

#~ msgctxt "old"
#~ msgid "Gone"
#~ msgstr "Weg"
'''


def test_the_comparison_sees_every_kind_of_comment(tmp_path):
    """The comparison above is not vacuous: on a catalog with a translator comment, two locations, a
    fuzzy entry with its previous msgid and an obsolete entry, polib and handout's reading (Babel's, plus
    the `#| msgid` lines Babel 2.19 reads as a translator comment) agree on each of them, also after
    handout writes the catalog back (as `handout update` does). Babel's bare reader does not."""
    path = tmp_path / "features.po"
    path.write_text(FEATURES, encoding="utf-8")
    entries = _polib_entries(polib.pofile(str(path), wrapwidth=0))
    assert entries == _babel_entries(read_catalog(path))
    assert _babel_entries(read_po(path.open("rb")))[1]["translator"] == '| msgid "Rub for 20 seconds."'
    assert entries[0]["translator"] == "checked with the clinic"
    assert entries[0]["locations"] == [("content.yaml", 12), ("content.yaml", 40)]
    assert entries[1]["previous"] == "Rub for 20 seconds." and entries[1]["flags"] == {"fuzzy"}
    assert entries[1]["translator"] == ""
    assert entries[2] == dict(context="old", id="Gone", string="Weg", flags=set(), extracted="", translator="",
                              locations=[], previous=None, obsolete=True)
    rewritten = tmp_path / "rewritten.po"
    rewritten.write_bytes(serialise(read_catalog(path)))
    assert '#| msgid "Rub for 20 seconds."' in rewritten.read_text(encoding="utf-8")
    assert _polib_entries(polib.pofile(str(rewritten), wrapwidth=0)) == entries
