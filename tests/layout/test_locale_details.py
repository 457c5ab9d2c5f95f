"""Details a reader of one language notices: how English writes dates where the clinic is, a zero that
cannot be read as "Ø", full-width punctuation in Chinese, and room between a clinic's logo and a script
whose marks rise above its letters. Each read back from built PDFs (or the catalog a PDF is built from).
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont

from tests.conftest import CONTENT, FIXTURES, ROOT, run_cli

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
BRITISH = re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b")  # 25 November 2026
AMERICAN = re.compile(rf"\b(?:{MONTHS}) \d{{1,2}}, \d{{4}}\b")  # November 25, 2026


def build(folder: Path, *options: str, clinic: Path = FIXTURES / "realistic-clinic.yaml") -> Path:
    result = run_cli("build", str(CONTENT), "--clinic", str(clinic), "--today", "2027-01-15", "--out", str(folder),
                     "--jobs", "1", *options)
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip().splitlines()[-1])


def text_of(pdf: Path) -> str:
    document = pdfium.PdfDocument(str(pdf))
    return "\n".join(page.get_textpage().get_text_range() for page in document)


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("english")
    return {paper: build(folder / paper, "--locale", "en", "--paper", paper) for paper in ("a4", "letter")}


def test_english_dates_follow_the_paper(english):
    """A4 (the UK and the other A4 countries) writes '25 November 2026'; US Letter 'November 25, 2026'.
    Neither mixes in the other's form."""
    a4, letter = text_of(english["a4"]), text_of(english["letter"])
    assert BRITISH.search(a4) and not AMERICAN.search(a4), BRITISH.findall(a4) + AMERICAN.findall(a4)
    assert AMERICAN.search(letter) and not BRITISH.search(letter), BRITISH.findall(letter) + AMERICAN.findall(letter)


def zero_outlines(pdf: Path) -> dict[str, int]:
    """For each embedded font that draws the digit 0: the number of contours of its zero (an oval zero
    has two, the outside and the inside; a slashed or dotted zero more)."""
    out = {}
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for font in page.Resources.get("/Font", {}).values():
                descendants = font.get("/DescendantFonts")
                descriptor = (descendants[0] if descendants else font).get("/FontDescriptor")
                if descriptor is None or "/FontFile2" not in descriptor or "/ToUnicode" not in font:
                    continue
                cmap = font.ToUnicode.read_bytes().decode("latin-1")
                codes = [int(code, 16) for code in re.findall(r"<([0-9A-Fa-f]+)>\s*<0030>", cmap)]
                if not codes:
                    continue
                face = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))
                # the subset's own cmap (ReportLab writes a one-byte Macintosh table) maps the code to its glyph
                name = next(table.cmap[codes[0]] for table in face["cmap"].tables if codes[0] in table.cmap)
                out[str(descriptor.FontName)] = face["glyf"][name].numberOfContours
    return out


def test_no_slashed_zero_in_figures(english):
    """Every zero printed (phone, doses, dates) is an oval: Atkinson Hyperlegible's slashed zero read as
    'Ø' in '0.5 mg' and '2026'; its zero comes from Noto Sans."""
    found = zero_outlines(english["a4"])
    assert any("Atkinson" in name for name in found), f"no Atkinson font draws a zero: {found}"
    assert all(contours == 2 for contours in found.values()), found


CJK = r"[\u3400-\u9fff\u3000-\u303f\uff01-\uff60]"
HALF_WIDTH = re.compile(rf"(?<={CJK})[,.;:?!()]|[,.;:?!()](?={CJK})")


def test_chinese_punctuation_is_full_width():
    """Next to Chinese text, punctuation is full width (，。：；？！（）) in every Chinese catalog entry: a
    half-width comma or bracket beside Chinese characters looks broken. Citation numbers [8] are the
    same in every language and stay as they are."""
    with open(ROOT / "locales" / "zh_Hans" / "LC_MESSAGES" / "handout.po", "rb") as handle:
        catalog = read_po(handle)
    found = [(message.id, match.group(), message.string[max(0, match.start() - 6):match.end() + 6])
             for message in catalog if message.id and isinstance(message.string, str)
             for match in HALF_WIDTH.finditer(re.sub(r"\[[\d,\s\-–]+\]", "", message.string))]
    assert not found, found


def test_room_between_the_logo_and_a_script_whose_marks_rise(tmp_path):
    """The Hindi 'आपका क्लिनिक' under the clinic's logo: its vowel signs, which rise above the line,
    keep at least 1 mm from the picture."""
    from PIL import Image

    Image.new("RGB", (300, 100), (11, 61, 110)).save(tmp_path / "logo.png")
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text((FIXTURES / "realistic-clinic.yaml").read_text(encoding="utf-8") + 'logo: "logo.png"\n',
                      encoding="utf-8")
    pdf = build(tmp_path / "out", "--locale", "hi", clinic=clinic)
    page = pdfium.PdfDocument(str(pdf))[0]
    images = [obj.get_bounds() for obj in page.get_objects() if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE]
    assert images, "no logo on page 1"
    left, bottom, right, _ = max(images, key=lambda b: b[3])  # the logo: the highest picture
    textpage = page.get_textpage()
    tops = [box[3] for box in (textpage.get_charbox(i) for i in range(textpage.count_chars()))
            if box[3] <= bottom + 20 and box[1] < bottom and left - 1 <= box[0] <= right and box[2] - box[0] > 0.01]
    assert tops, "no text under the logo"
    assert bottom - max(tops) >= 72 / 25.4, f"the text under the logo comes within {bottom - max(tops):.2f} pt of it"
