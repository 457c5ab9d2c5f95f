"""The translations that ship: complete, clean, and printed in their own scripts."""
from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import CONTENT, ROOT, flat, page_texts, run_cli
from handout.source.markup import plain
from handout.translate.catalog import list_locales, po_path, read_catalog

LOCALES = list_locales(ROOT / "locales")
SHIPPED = ["ar", "de", "es", "fa", "fr", "he", "hi", "it", "pl", "pt_BR", "ru", "uk", "vi", "zh_Hans"]


def test_all_fourteen_translations_ship():
    assert LOCALES == SHIPPED


@pytest.mark.parametrize("locale", SHIPPED)
def test_catalog_passes_msgfmt(locale):
    subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(po_path(ROOT / "locales", locale))],
                   check=True)


def test_every_translation_is_complete_and_checked():
    status = run_cli("status", str(CONTENT), "--strict")
    assert status.exit_code == 0, status.output
    check = run_cli("check", str(CONTENT))
    assert check.exit_code == 0, check.output
    assert check.stdout == ""  # not even a warning


def test_every_catalog_states_its_review_status():
    for locale in SHIPPED:
        catalog = read_catalog(po_path(ROOT / "locales", locale))
        assert re.search(r"^# Review-Status: .+", catalog.header_comment, re.M), locale


@pytest.fixture(scope="module")
def all_languages(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("all")
    result = run_cli("build", str(CONTENT), "--locale", "all", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return [Path(p) for p in result.stdout.split()]


def test_locale_all_builds_fifteen_languages(all_languages):
    assert sorted(p.name for p in all_languages) == sorted(
        f"ldn-ibs_{code}_a4_standard.pdf" for code in ["en", *SHIPPED])


def _translation(locale: str, msgid: str, context: str) -> str:
    catalog = read_catalog(po_path(ROOT / "locales", locale))
    return catalog.get(msgid, context=context).string


def test_spanish_headings_and_decimal_comma_doses(all_languages):
    path = next(p for p in all_languages if "_es_" in p.name)
    text = flat(" ".join(page_texts(path)))
    for msgid, context in (("What is LDN?", "what-is-ldn"), ("Side effects", "side-effects"),
                           ("When to get help", "when-to-get-help")):
        assert plain(_translation("es", msgid, context), {}) in text
    assert "4,5 mg" in text and "0,5 mg" in text and "4.5 mg" not in text
    assert "Español" in text  # the handout names its language in that language


@pytest.mark.parametrize("locale", ["ar", "fa", "he", "hi", "ru", "uk", "zh_Hans", "vi", "pl"])
def test_headings_print_in_their_own_script(all_languages, locale):
    path = next(p for p in all_languages if f"_{locale}_" in p.name)
    text = unicodedata.normalize("NFKC", flat(" ".join(page_texts(path))))
    heading = plain(_translation(locale, "When to get help", "when-to-get-help"), {})
    if locale == "hi":  # shaped Devanagari extracts as glyphs, not letters: check the PDF has the fonts instead
        import pypdf

        fonts = {str(f.get_object()["/BaseFont"]) for page in pypdf.PdfReader(path).pages
                 for f in page["/Resources"]["/Font"].values()}
        assert any("NotoSansDevanagari" in f for f in fonts)
    else:
        assert unicodedata.normalize("NFKC", heading) in text, heading
