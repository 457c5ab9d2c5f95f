"""Text that copies out as written: the words of every shipped language, read back from its standard A4
handout by the text extractors of the common PDF viewers.

poppler (pdftotext: Evince, Okular, most Linux tools), PDFium (pypdfium2: Chrome, Edge) and pdf.js
(node's pdfjs-dist: Firefox) must each give back at least 98% of the catalog's printed words as written
(tests/extraction.py says what counts as a printed word and as found). One PDF per language, each
extracted once by each extractor. scripts/extraction_shares.py prints the shares, mupdf's too.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests import extraction
from tests.conftest import CONTENT, ROOT, run_cli

SHIPPED = ["en"] + sorted(p.name for p in (ROOT / "locales").iterdir() if p.is_dir())
EXTRACTORS = ("poppler", "PDFium", "pdf.js")
LEAST = 0.98
# poppler puts a right-to-left line into reading order treating spaces and hyphens as left-to-right, so a
# Hebrew prefix joined by a hyphen to a number or a Latin word ("ל-42", "ב-IBS") comes out split and
# turned round ("ל 42-") whatever the PDF holds; about 3% of the Hebrew catalog's words are such.
EXCEPTIONS = {("he", "poppler"): 0.97}


@pytest.fixture(scope="session")
def standard_pdfs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("extraction")
    result = run_cli("build", str(CONTENT), "--locale", "all", "--out", str(out), "--today", "2026-12-07")
    assert result.exit_code == 0, result.output
    pdfs = {locale: out / f"ldn-ibs_{locale}_a4_standard.pdf" for locale in SHIPPED}
    missing = [str(p) for p in pdfs.values() if not p.is_file()]
    assert not missing, f"not built: {missing}\n{result.output}"
    return pdfs


@pytest.fixture(scope="session")
def texts(standard_pdfs) -> dict[tuple[str, str], str]:
    """(locale, extractor) -> the extracted text of that language's standard handout."""
    extraction.install_pdfjs()
    pdfjs = extraction.pdfjs_texts(list(standard_pdfs.values()))
    out = {}
    for (locale, pdf), firefox in zip(standard_pdfs.items(), pdfjs):
        out[(locale, "poppler")] = extraction.poppler_text(pdf)
        out[(locale, "PDFium")] = extraction.pdfium_text(pdf)
        out[(locale, "pdf.js")] = firefox
    return out


@pytest.mark.parametrize("locale", SHIPPED)
def test_printed_words_copy_out_as_written(texts, locale):
    words = extraction.printed_words(ROOT, locale)
    assert len(words) > 200, f"{locale}: only {len(words)} printed words found in its catalog"
    report = []
    for extractor in EXTRACTORS:
        hits = extraction.found(words, texts[(locale, extractor)])
        share = sum(hits) / len(hits)
        if share < EXCEPTIONS.get((locale, extractor), LEAST):
            missed = " ".join(dict.fromkeys(w for w, hit in zip(words, hits) if not hit))
            report.append(f"{extractor}: {share:.1%} of {len(words)} words; missed: {missed[:600]}")
    assert not report, f"{locale}:\n" + "\n".join(report)


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_the_title_of_the_hindi_and_arabic_handouts_copies_out_whole(texts, extractor):
    """The issue's own example: "इरिटेबल बाउल सिंड्रोम" came out "इरटेबल बाउल सडोम" in every viewer, and
    Arabic as presentation forms (U+FE70-U+FEFF), which no search for the word finds."""
    hindi = extraction.flat_text(texts[("hi", extractor)])
    assert "इरिटेबल बाउल सिंड्रोम" in hindi
    arabic = texts[("ar", extractor)]
    assert "القولون" in extraction.flat_text(arabic)
    assert not [c for c in arabic if 0xFB50 <= ord(c) <= 0xFEFF and c != "\ufeff"], "presentation forms copied"


def test_a_word_the_extractors_lose_counts_as_missing():
    words = extraction.words_of(extraction.strip_markup("**इरिटेबल** बाउल {name} सिंड्रोम, 关于低剂量"))
    assert words == ["इरिटेबल", "बाउल", "सिंड्रोम", "关于", "于低", "低剂", "剂量"]
    assert extraction.found(words, "इरटेबल बाउल सडोम 关于低剂\n量") == [False, True, False, True, True, True, True]
