"""The default English handout, as a clinic builds it and a patient reads it."""
from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from tests.conftest import CONTENT, ROOT, flat, page_texts, run_cli
from handout.source.clinic import load_clinic
from handout.source.content import load_content
from handout.source.markup import plain

HANDOUT = load_content(CONTENT)
CLINIC = load_clinic(None)


def values():
    from handout.translate.localise import placeholder_values

    out = placeholder_values(HANDOUT, "en")
    out.update(CLINIC.placeholders())
    out["clinic_emergency_phone"] = out["clinic_emergency_phone"] or "your local emergency number"  # none set
    return out


@pytest.fixture(scope="module")
def pages(english_pdf) -> list[str]:
    return [flat(text) for text in page_texts(english_pdf)]


def test_output_name_and_page_size(english_pdf):
    assert english_pdf.name == "ldn-ibs_en_a4_standard.pdf"
    reader = pypdf.PdfReader(english_pdf)
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_fits_on_seven_a4_pages(pages):
    # 14 pt type on a 160 mm measure (styles.yaml): six pages of information (the package-leaflet sections,
    # withdrawal signs and the references' full titles took the sixth) and the diary's page
    assert 2 <= len(pages) <= 7


def test_section_headings_in_order(pages):
    text = " ".join(pages)
    positions = [text.find(plain(s.title.source, values())) for s in HANDOUT.sections]
    assert -1 not in positions, [s.id for s, p in zip(HANDOUT.sections, positions) if p == -1]
    assert positions == sorted(positions)
    assert [s.id for s in HANDOUT.sections][:10] == ["what-is-ldn", "how-it-might-work", "benefits", "how-to-take",
                                                   "side-effects", "who-should-not-take", "monitoring",
                                                   "when-to-get-help", "storing", "references"]


def test_every_paragraph_is_printed_in_reading_order(pages):
    """All body text, with placeholders filled, appears in the order of content.yaml."""
    from handout.source.model import Bullets, Callout, Paragraph, References, Steps

    # a paragraph that goes on on the next page reads on past the page's footer (furniture, not text)
    text = " ".join(re.sub(r"\s*Phone: [\d ]+ Page \d+ of \d+\s*$", "", page) for page in pages)
    cursor = 0
    for section in HANDOUT.sections:
        for block in section.blocks:
            items = [block.text] if isinstance(block, Paragraph) else \
                list(block.items) if isinstance(block, (Bullets, Steps, References)) else \
                [block.title, *block.items] if isinstance(block, Callout) else []
            for item in items:
                expected = flat(plain(item.source, values()))
                found = text.find(expected, cursor)
                assert found >= 0, f"missing or out of order: {expected[:60]!r}"
                cursor = found + len(expected)


def test_doses_are_formatted_from_data(pages):
    text = " ".join(pages)
    for dose in HANDOUT.doses.values():
        assert f"{dose.amount} mg" in text


def test_percentages_are_formatted_from_data(pages):
    text = " ".join(pages)
    assert HANDOUT.percents  # the side-effect table and the IBS pilot give percentages
    for percent in HANDOUT.percents.values():
        assert f"{percent.value}%" in text
    assert "Vivid dreams (37% on LDN, 13% on placebo) [13]." in text


def test_clinic_phone_in_text_and_on_every_page(pages):
    assert any("contact" in p.lower() and CLINIC.phone in p for p in pages)
    for page in pages:
        assert CLINIC.phone in page


def test_footer_on_every_page(pages):
    """One light line on every page: the clinic's phone and 'Page x of y' (the example clinic's name does
    not fit beside them at footer size). Version and dates are printed once, on the first page."""
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page
        assert f"Phone: {CLINIC.phone}" in page
    # English dates follow the paper: this A4 handout writes them as the UK does (README)
    review = f"Next review {HANDOUT.meta.next_review.day} {HANDOUT.meta.next_review:%B} {HANDOUT.meta.next_review.year}"
    assert "Version 1.0" in pages[0] and review in flat(pages[0])
    assert all("Version 1.0" not in page for page in pages[1:])


def test_footer_names_a_short_clinic_on_every_page(tmp_path):
    clinic = tmp_path / "short.yaml"
    clinic.write_text('name: "Riverside Gut Clinic"\nphone: "01234 567890"\n', encoding="utf-8")
    result = run_cli("build", str(CONTENT), "--clinic", str(clinic), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    for page in page_texts(Path(result.stdout.strip())):
        assert "Riverside Gut Clinic · Phone: 01234 567890" in flat(page)


def test_citations_resolve_to_references(pages):
    text = " ".join(pages)
    refs = next(b for s in HANDOUT.sections for b in s.blocks if type(b).__name__ == "References")
    cited = {int(n) for group in re.findall(r"\[([\d,\s–-]+)\]", text) for n in re.findall(r"\d+", group)}
    assert cited and max(cited) <= len(refs.items)
    for number, item in enumerate(refs.items, start=1):
        assert f"{number}. {flat(item.source)[:40]}" in text


def test_fonts_embedded_and_subset_no_base14(english_pdf):
    reader = pypdf.PdfReader(english_pdf)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            fonts[font["/BaseFont"]] = descriptor is not None and "/FontFile2" in descriptor.get_object()
    assert fonts and all(fonts.values()), fonts
    assert all(re.match(r"/[A-Z]{6}\+", name) for name in fonts)  # subset prefix
    assert not any(base in name for name in fonts for base in ("Helvetica", "Times", "Courier"))


def test_metadata_title_language_and_bookmarks(english_pdf):
    reader = pypdf.PdfReader(english_pdf)
    assert reader.metadata.title == plain(HANDOUT.meta.title.source, values())
    assert reader.metadata.author == CLINIC.name
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a pypdf BooleanObject)
    titles = [item.title for item in reader.outline]
    assert titles == [plain(s.title.source, values()) for s in HANDOUT.sections]


def test_rebuild_is_byte_identical(tmp_path, english_pdf):
    again = run_cli("build", str(CONTENT), "--out", str(tmp_path))
    assert Path(again.stdout.strip()).read_bytes() == english_pdf.read_bytes()


def test_creation_date_is_the_review_date_or_source_date_epoch(tmp_path, english_pdf, monkeypatch):
    assert pypdf.PdfReader(english_pdf).metadata.creation_date.date() == HANDOUT.meta.last_reviewed
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    result = run_cli("build", str(CONTENT), "--out", str(tmp_path))
    created = pypdf.PdfReader(Path(result.stdout.strip())).metadata.creation_date
    assert created.isoformat().startswith("2026-01-01T00:00:00")


def test_letter_paper(tmp_path):
    result = run_cli("build", str(CONTENT), "--paper", "letter", "--out", str(tmp_path))
    path = Path(result.stdout.strip())
    assert path.name == "ldn-ibs_en_letter_standard.pdf"
    reader = pypdf.PdfReader(path)
    assert (round(float(reader.pages[0].mediabox.width)), round(float(reader.pages[0].mediabox.height))) == (612, 792)
    assert len(reader.pages) <= 9  # Letter is shorter than A4 (seven A4 pages)


def test_clinic_file_with_logo(tmp_path):
    from PIL import Image

    Image.new("RGB", (120, 60), (0, 90, 156)).save(tmp_path / "logo.png")
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text('name: "Riverside Gut Clinic"\ndepartment: "Digestive health"\nphone: "01234 567890"\n'
                      'email: "gut@riverside.example"\nlogo: "logo.png"\npaper: letter\n')
    result = run_cli("build", str(CONTENT), "--clinic", str(clinic), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path.name == "ldn-ibs_en_letter_standard.pdf"
    pages = [flat(t) for t in page_texts(path)]
    assert all("01234 567890" in p and "Riverside Gut Clinic" in p for p in pages)
    reader = pypdf.PdfReader(path)
    images = [name for name, obj in reader.pages[0]["/Resources"].get("/XObject", {}).items()
              if obj.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 1


def test_default_build_from_the_project_folder(tmp_path, monkeypatch):
    """`handout build` with no arguments, as in the README."""
    monkeypatch.chdir(ROOT)
    out = tmp_path / "dist"
    result = run_cli("build", "--out", str(out))
    assert result.exit_code == 0
    assert result.stdout.strip() == str(out / "ldn-ibs_en_a4_standard.pdf")


def test_markup_in_content_is_printed_literally(tmp_path):
    """Raw ReportLab markup in content can neither read files nor write links."""
    source = (ROOT / "tests" / "fixtures" / "handwashing.yaml").read_text()
    evil = 'Clean <img src=\\"/etc/passwd\\"/> <a href=\\"javascript:alert(1)\\">x</a> R&D <font size=40>big</font>'
    content = tmp_path / "content.yaml"
    content.write_text(source.replace("Clean hands **stop germs** spreading [1].", evil + " [1]."))
    result = run_cli("build", str(content), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    text = flat(" ".join(page_texts(path)))
    assert evil.replace('\\"', '"') in text
    reader = pypdf.PdfReader(path)
    page = reader.pages[0]
    assert "/Annots" not in page
    assert "/XObject" not in page["/Resources"]
