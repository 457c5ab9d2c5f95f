"""A booklet's back cover holds all of a demanding clinic's contact details, on that one page.

With bench/clinics/demanding.yaml (a name of 120 characters, department, address, email and web address
of 93-130) the large-print booklet's contact box ran over two pages: it began on the page before the back
cover and ended on it. The back cover now has no footer (its box gives the phone), and where the box does
not fit in the edition's clinic type it is set in the edition's smallest (large print: 16 pt, never less),
the 'other formats' line left to page 1: in English and in a translation that carries the 'not yet checked'
band on every page."""
from __future__ import annotations

import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from handout.source.clinic import load_clinic
from tests.conftest import CONTENT, ROOT, run_cli
from tests.layout.test_addresses import reads_in_order
from tests.layout.test_page_quality import glyph_lines, nfkc, read_pages, tokens_on_line

CLINIC_FILE = ROOT / "bench" / "clinics" / "demanding.yaml"
CLINIC = load_clinic(CLINIC_FILE)


@pytest.mark.parametrize("locale, paper", [("en", "a4"), ("en", "letter"), ("de", "a4")])
def test_the_back_cover_holds_every_contact_detail(tmp_path, locale, paper):
    result = run_cli("build", str(CONTENT), "--clinic", str(CLINIC_FILE), "--edition", "large-print", "--booklet",
                     "--locale", locale, "--paper", paper, "--today", "2027-01-15", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    path = next(tmp_path.glob("*.pdf"))
    halves = read_pages(path, True, False)
    last = max(h.number for h in halves)
    back = next(h for h in halves if h.number == last)
    before = max((h for h in halves if h.number < last), key=lambda h: h.number)  # blanks are left out
    text = re.sub(r"\s+", " ", nfkc(back.text))
    for key in ("name", "department", "address"):
        value = getattr(CLINIC, key)
        assert all(word in text for word in value.split()), f"the back cover lacks the clinic's {key}"
    assert "(617) 555-0142 ext. 2210 opt 4" in text.replace("\u202f", " ").replace("\u00a0", " ")
    lines = [[token for token, _ in tokens_on_line(line)] for _, line in glyph_lines(back.glyphs)]
    for address in (CLINIC.email, CLINIC.website):
        assert reads_in_order(lines, address), f"the back cover lacks {address}"
    assert CLINIC.name.split(",")[0] not in re.sub(r"\s+", " ", before.text), \
        "the contact box begins on the page before the back cover"
    # the phone once, in the box: no footer under it (the page before has its footer)
    assert back.text.count("555-0142") == 1 and "555-0142" in before.text, "a footer on the back cover"
    # never type below the large-print minimum: 16 pt
    pdf = pdfium.PdfDocument(str(path))
    try:
        textpage = pdf[back.sheet - 1].get_textpage()
        sizes = {round(pdfium_c.FPDFText_GetFontSize(textpage, i), 1) for i in range(textpage.count_chars())
                 if back.left <= textpage.get_charbox(i)[0] < back.right
                 and not chr(pdfium_c.FPDFText_GetUnicode(textpage, i)).isspace()}
        textpage.close()
    finally:
        pdf.close()
    assert sizes and min(sizes) >= 16, f"type of {sorted(sizes)} pt on the back cover"
