"""A clinic may add a crisis line (content brief, Additions): printed in the urgent-help box, under "thoughts of
harming or killing yourself", only when the clinic file names one (crisis_line and crisis_phone)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import extraction
from tests.conftest import CONTENT, run_cli
from tests.layout.test_page_quality import glyph_lines, read_pages

CLINIC = 'name: "Riverside Gut Clinic"\nphone: "01234 567890"\nemergency_phone: "999"\n'
CRISIS = 'crisis_line: "Samaritans"\ncrisis_phone: "116 123"\n'
SENTENCE = {"en": "If you have thoughts of harming or killing yourself, you can also call Samaritans on 116 123.",
            "ar": "يمكنك أيضًا الاتصال بخدمة Samaritans على الرقم"}  # poppler moves the comma before it


def _build(folder: Path, clinic: str, locale: str = "en") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "clinic.yaml").write_text(clinic, encoding="utf-8")
    result = run_cli("build", str(CONTENT), "--clinic", str(folder / "clinic.yaml"), "--locale", locale,
                     "--today", "2027-01-15", "--out", str(folder / "out"))
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip().splitlines()[0])


def _texts(pdf: Path) -> dict[str, str]:
    return {name: extraction.flat_text(text.replace("\u202f", " ").replace("\u00a0", " "))
            for name, text in (("PDFium", extraction.pdfium_text(pdf)), ("poppler", extraction.poppler_text(pdf)))}


def test_the_crisis_line_is_printed_under_thoughts_of_self_harm_when_set(tmp_path):
    for name, text in _texts(_build(tmp_path, CLINIC + CRISIS)).items():
        urgent = text.index("Get urgent medical help now, call 999, if you have:")
        harm = text.index("thoughts of harming or killing yourself [8]", urgent)
        assert text.index(SENTENCE["en"], harm) < text.index("Signs of opioid withdrawal:", harm), name


def test_nothing_is_printed_without_a_crisis_line(tmp_path):
    for name, text in _texts(_build(tmp_path, CLINIC)).items():
        assert "you can also call" not in text and "Samaritans" not in text, name
        harm = text.index("thoughts of harming or killing yourself [8]")
        assert "call" not in text[harm:text.index("Signs of opioid withdrawal:", harm)], name


@pytest.mark.parametrize("clinic", ["crisis_line: \"Samaritans\"\n", "crisis_phone: \"116 123\"\n"])
def test_a_crisis_line_needs_its_name_and_its_number(tmp_path, clinic):
    (tmp_path / "clinic.yaml").write_text(CLINIC + clinic, encoding="utf-8")
    result = run_cli("build", str(CONTENT), "--clinic", str(tmp_path / "clinic.yaml"), "--out", str(tmp_path))
    assert result.exit_code == 1
    assert re.fullmatch(rf"Error: {re.escape(str(tmp_path / 'clinic.yaml'))}:4: crisis_(line|phone) needs "
                        r"crisis_(phone|line) as well: .*\(give both, or neither\)\n", result.stderr), result.stderr


def test_the_crisis_line_reads_in_order_on_a_right_to_left_page(tmp_path):
    pdf = _build(tmp_path, CLINIC + CRISIS, "ar")
    for name, text in _texts(pdf).items():
        at = text.index(SENTENCE["ar"])
        assert "116 123" in text[at:at + len(SENTENCE["ar"]) + 12], (name, text[at:at + 120])
    # the drawn glyphs: the name's letters and the number's digits each in order, left to right
    lines = ["".join(g.char for g in line if not g.char.isspace()) for page in read_pages(pdf, False, True)
             for _, line in glyph_lines(page.glyphs)]
    assert any("Samaritans" in line for line in lines) and any("116123" in line for line in lines)


def test_the_front_desk_shows_the_crisis_line_it_prints(tmp_path):
    from handout.web.serve import create_app

    for clinic, shown in ((CLINIC + CRISIS, "<strong>Samaritans, 116 123</strong>"),
                          (CLINIC, "none (add <code>crisis_line</code> and <code>crisis_phone</code>")):
        (tmp_path / "clinic.yaml").write_text(clinic, encoding="utf-8")
        page = create_app(CONTENT, tmp_path / "clinic.yaml", folder=tmp_path / "builds").test_client().get("/")
        text = page.get_data(as_text=True)
        assert "Crisis line printed beside “thoughts of harming or killing yourself”: " + shown in text
