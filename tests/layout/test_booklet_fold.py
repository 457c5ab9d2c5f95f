"""Nothing printed across a booklet's fold or off its sheet.

A booklet prints two half pages on each side of a sheet; a grid wider than its half page runs over the
fold into the facing page, or off the sheet's edge, and is cut there. The bilingual booklets set their
symptom diary upright though it was laid out for turned pages (across the page's length): its day column
and its notes were cut off (de-en, ar-en, fa-en, zh_Hans-en, A4 and Letter). Read from the drawn glyphs.
"""
from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from tests.conftest import CONTENT, FIXTURES, run_cli

LOCALES = ["de", "ar", "fa", "zh_Hans", "es"]


@pytest.fixture(scope="module")
def booklets(tmp_path_factory):
    out = tmp_path_factory.mktemp("fold")
    result = run_cli("build", str(CONTENT), "--clinic", str(FIXTURES / "realistic-clinic.yaml"), "--locale",
                     ",".join(LOCALES), "--edition", "bilingual", "--paper", "all", "--booklet", "--jobs", "2",
                     "--today", "2027-01-15", "--out", str(out))
    assert result.exit_code == 0, result.output
    return sorted(out.glob("*_booklet.pdf"))


def crossing(path) -> list[str]:
    """'sheet N: text' for every glyph drawn across the fold (the sheet's middle) or its edges."""
    found = []
    pdf = pdfium.PdfDocument(str(path))
    for number, page in enumerate(pdf, 1):
        width = page.get_size()[0]
        text = page.get_textpage()
        cut = ""
        for k in range(text.count_chars()):
            left, _, right, _ = text.get_charbox(k)
            if right - left > 0.1 and (left < width / 2 - 0.5 < right or left < 0.5 or right > width - 0.5):
                cut += text.get_text_range(k, 1)
        if cut:
            found.append(f"sheet {number}: {cut!r}")
    return found


def test_every_bilingual_booklet_was_built(booklets):
    assert len(booklets) == 2 * len(LOCALES)


@pytest.mark.parametrize("index", range(2 * len(LOCALES)))
def test_nothing_is_printed_across_the_fold(booklets, index):
    path = booklets[index]
    assert crossing(path) == [], f"{path.name}: cut at the fold or the sheet's edge"
