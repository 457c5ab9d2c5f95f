"""Kept together: a side-effect card stays whole with its "what to do", and the line offering other
formats stays on the page of its QR code.

In the bilingual editions the cards of a table stood in one row beside their translations, and that row
split at the foot of a page: the card for thoughts of self-harm began on one page and its "get urgent help
now" went on the next (Arabic-English A4; Chinese-English Letter). The cards are read from content.yaml,
so the test follows the content as it changes."""
from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from handout.source import model as m
from handout.source.content import load_content
from handout.source.markup import plain
from tests.conftest import CONTENT, FIXTURES, ROOT, run_cli

HANDOUT = load_content(CONTENT)
CLINICS = {"realistic": FIXTURES / "realistic-clinic.yaml", "demanding": ROOT / "bench" / "clinics" / "demanding.yaml"}


def stretches(text: m.Text) -> list[list[str]]:
    """The English words of a text as printed, in stretches that no citation, number or placeholder
    interrupts (those print differently by language and clinic)."""
    shown = plain(re.sub(r"\{[a-z_]+\}", " ", text.source), {})
    out: list[list[str]] = [[]]
    for word in shown.split():
        if re.fullmatch(r"[A-Za-z][A-Za-z'’-]*[.,:;]?", word):
            out[-1].append(word)
        elif out[-1]:
            out.append([])
    return [stretch for stretch in out if len(stretch) >= 2]


def cards() -> list[tuple[str, str]]:
    """(the start of a card's side effect, the end of its "what to do") for every row of every table."""
    out = []
    for section in HANDOUT.sections:
        for block in section.blocks:
            if isinstance(block, m.Table) and len(block.columns) >= 3:
                for row in block.rows:
                    out.append((" ".join(stretches(row[1])[0][:4]), " ".join(stretches(row[-1])[-1][-3:])))
    return out


def halves(path: Path) -> list[list[str]]:
    """Each page's text, as two columns (left and right half), flattened: a bilingual page's columns."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        out = []
        for page in pdf:
            width, height = page.get_size()
            text = page.get_textpage()
            out.append([re.sub(r"\s+", " ", text.get_text_bounded(left=a, bottom=0, right=b, top=height))
                        for a, b in ((0, width / 2), (width / 2, width))])
        return out
    finally:
        pdf.close()


@pytest.mark.parametrize("clinic", CLINICS)
@pytest.mark.parametrize("locale, paper", [("ar", "a4"), ("zh_Hans", "letter"), ("he", "letter")])
def test_every_card_stays_whole_beside_its_translation(tmp_path, clinic, locale, paper):
    result = run_cli("build", str(CONTENT), "--clinic", str(CLINICS[clinic]), "--locale", locale, "--edition",
                     "bilingual", "--paper", paper, "--today", "2027-01-15", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    pages = halves(Path(result.stdout.strip()))
    assert cards()
    for start, end in cards():
        found = [n for n, page in enumerate(pages, 1) if any(start in column for column in page)]
        assert found, f"{start!r} is on no page"
        for number in found:
            assert any(end in column for column in pages[number - 1]), \
                f"page {number}: the card that starts {start!r} does not end on it with {end!r}"
