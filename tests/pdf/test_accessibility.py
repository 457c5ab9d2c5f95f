"""The tagged PDF a screen reader gets: structure, reading order, alt text, artifacts, metadata.

Read back with pypdf (the structure tree and the marked content on each page) and with poppler's
`pdfinfo`; veraPDF's verdict on every shipped language is in test_verapdf.py.
"""
from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import CONTENT, ROOT, flat, run_cli
from handout.source.clinic import load_clinic
from handout.source.content import load_content
from handout.source.markup import plain
from handout.translate.catalog import po_path, read_catalog
from tests.pdfstructure import PAINTING, Mark, TaggedPdf

HANDOUT = load_content(CONTENT)
CLINIC = load_clinic(None)


def build(out: Path, *args: str) -> Path:
    result = run_cli("build", str(CONTENT), "--out", str(out), *args)
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip().splitlines()[-1])


def english_values() -> dict[str, str]:
    from handout.translate.localise import placeholder_values

    out = placeholder_values(HANDOUT, "en")
    out.update(CLINIC.placeholders())
    out["clinic_emergency_phone"] = out["clinic_emergency_phone"] or HANDOUT.labels["emergency_number"].source
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """One PDF per case the structure must handle: English standard and large print, a clinic with
    logo, web address and overdue review, Arabic, Hindi, and the Arabic-English bilingual edition."""
    out = tmp_path_factory.mktemp("tagged")
    logo = out / "logo.png"
    Image.new("RGB", (120, 60), (11, 61, 110)).save(logo)
    clinic = out / "clinic.yaml"
    clinic.write_text('name: "Riverside Gut Clinic"\nphone: "01234 567890"\nlogo: "logo.png"\n'
                      'url: "https://riverside.example/ldn"\nreview_policy: "mark"\n')
    return {
        "en": build(out, "--locale", "en"),
        "en-large": build(out, "--locale", "en", "--edition", "large-print"),
        "clinic": build(out / "clinic", "--clinic", str(clinic), "--today", "2027-12-01"),
        "ar": build(out, "--locale", "ar"),
        "hi": build(out, "--locale", "hi"),
        "ar-en": build(out, "--locale", "ar", "--edition", "bilingual"),
    }


def catalog_text(locale: str, source: str) -> str:
    """The translation of `source` in a shipped catalog, placeholders filled with English values."""
    catalog = read_catalog(po_path(ROOT / "locales", locale))
    return next(m.string for m in catalog if m.id == source and m.string)


def test_catalog_declares_a_tagged_pdf_ua_document(built):
    pdf = TaggedPdf(built["en"])
    catalog = pdf.catalog
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a PDF boolean
    assert catalog["/Lang"] == "en"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert pdf.document.role == "Document"
    assert "/RoleMap" not in catalog["/StructTreeRoot"]  # standard roles only
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    title = plain(HANDOUT.meta.title.source, {})
    assert f'<rdf:li xml:lang="x-default">{title}</rdf:li>' in xmp
    assert "<dc:language><rdf:Bag><rdf:li>en</rdf:li></rdf:Bag></dc:language>" in xmp
    info = subprocess.run(["pdfinfo", str(built["en"])], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)


@pytest.mark.parametrize("case", ["en", "en-large", "clinic", "ar", "hi", "ar-en"])
def test_everything_drawn_is_tagged_content_or_an_artifact(built, case):
    pdf = TaggedPdf(built[case])
    owners = pdf.parent_tree()
    elements = {id(node.props): node for node in pdf.document.walk()}
    seen = set()
    for number, page in enumerate(pdf.reader.pages):
        painted = 0
        for operator, _, stack in pdf.content(number):
            if operator in PAINTING:
                painted += 1
                assert stack, f"page {number + 1}: {operator!r} outside any marked content"
            if operator == b"BDC" and stack[-1][1] is not None:
                assert len(stack) == 1, f"page {number + 1}: marked content nested in {stack[:-1]}"
                role, mcid = stack[-1]
                owner = owners[int(page["/StructParents"])][mcid]
                assert owner["/S"] == role  # the ParentTree names the element that holds this MCID
                assert Mark(number, mcid) in elements[id(owner)].kids
                seen.add(Mark(number, mcid))
        assert painted
    assert seen == {mark for node in pdf.document.walk() for mark in node.kids if isinstance(mark, Mark)}


def test_headings_are_the_title_then_one_h2_per_section_in_order(built):
    pdf = TaggedPdf(built["en"])
    headings = [node for node in pdf.document.walk() if re.fullmatch(r"H\d?", node.role)]
    assert [h.role for h in headings] == ["H1"] + ["H2"] * len(HANDOUT.sections)
    assert flat(pdf.text(headings[0])) == plain(HANDOUT.meta.title.source, {})
    titles = [plain(s.title.source, english_values()) for s in HANDOUT.sections]
    assert [flat(pdf.text(h)) for h in headings[1:]] == titles
    sections = pdf.document.find("Sect")
    assert [s.kids[0].role for s in sections] == ["H2"] * len(HANDOUT.sections)


def test_the_side_effects_table_has_column_headers(built):
    pdf = TaggedPdf(built["en"])
    block = next(b for s in HANDOUT.sections for b in s.blocks if type(b).__name__ == "Table")
    table = next(t for t in pdf.document.find("Table") if len(t.kids) == len(block.rows) + 1)
    header, *rows = table.kids
    assert [c.role for c in header.kids] == ["TH"] * len(block.columns)
    assert all(c.get("/A")["/Scope"] == "/Column" for c in header.kids)
    assert [flat(pdf.text(c)) for c in header.kids] == [plain(c.source, {}) for c in block.columns]
    for row, cells in zip(rows, block.rows):
        assert [c.role for c in row.kids] == ["TD"] * len(cells)
        assert flat(pdf.text(row.kids[0])) == plain(cells[0].source, english_values())


def test_the_diary_is_a_real_table_with_a_header_per_column_and_day(built):
    tracker = next(b for s in HANDOUT.sections for b in s.blocks if type(b).__name__ == "Tracker")
    pdf = TaggedPdf(built["en"])
    diary = pdf.document.find("Table")[-1]
    header, *days = diary.kids
    assert len(header.kids) == 2 + len(tracker.columns)
    assert [c.role for c in header.kids] == ["TH"] * len(header.kids)
    assert len(days) == tracker.days
    for number, day in enumerate(days, 1):
        assert day.kids[0].role == "TH" and day.kids[0].get("/A")["/Scope"] == "/Row"
        assert flat(pdf.text(day.kids[0])) == str(number)
        assert [c.role for c in day.kids[1:]] == ["TD"] * (len(header.kids) - 1)  # boxes to write in


def test_a_header_row_repeated_on_the_next_page_is_read_once(built):
    """Large print splits the diary over pages and repeats its header row there as an artifact."""
    pdf = TaggedPdf(built["en-large"])
    diary = pdf.document.find("Table")[-1]
    header = diary.kids[0]
    pages = {mark.page for row in diary.kids for mark in row.marks()}
    assert len(pages) > 1  # the grid does continue on another page
    for cell in header.kids:
        assert len(cell.marks()) == 1


def test_lists_are_labelled_items(built):
    pdf = TaggedPdf(built["en"])
    steps = next(b for s in HANDOUT.sections for b in s.blocks if type(b).__name__ == "Steps")
    lists = pdf.document.find("L")
    numbered = next(lst for lst in lists if flat(pdf.text(lst.kids[0].kids[0])) == "1.")
    assert len(numbered.kids) == len(steps.items)
    for number, item in enumerate(numbered.kids, 1):
        assert [k.role for k in item.kids] == ["Lbl", "LBody"]
        assert flat(pdf.text(item.kids[0])) == f"{number}."
        assert item.kids[1].kids[0].role == "P"


def test_callouts_are_notes_with_their_title_and_items(built):
    pdf = TaggedPdf(built["en"])
    callouts = [b for s in HANDOUT.sections for b in s.blocks if type(b).__name__ == "Callout"]
    notes = pdf.document.find("Note")
    assert len(notes) == len(callouts)
    ids = [str(n.get("/ID")) for n in notes]
    assert len(set(ids)) == len(ids)  # PDF/UA: every Note has a unique ID
    for note, callout in zip(notes, callouts):
        assert flat(pdf.text(note.kids[0])) == plain(callout.title.source, english_values())
        if len(callout.items) > 1:
            assert note.kids[1].role == "L" and len(note.kids[1].kids) == len(callout.items)


def test_logo_and_qr_code_are_figures_with_alt_text(built):
    pdf = TaggedPdf(built["clinic"])
    figures = pdf.document.find("Figure")
    alts = [str(f.get("/Alt")) for f in figures]
    assert alts[0] == plain(HANDOUT.labels["logo_alt"].source, {"clinic_name": "Riverside Gut Clinic"})
    assert "riverside.example/ldn" in alts[1]
    assert all(f.marks() for f in figures)


def test_overdue_review_band_is_read_once_and_page_furniture_never(built):
    pdf = TaggedPdf(built["clinic"])
    first = pdf.document.kids[0]
    assert first.role == "P" and flat(pdf.text(first)).startswith("Review overdue")
    assert len(first.marks()) == 1 and len(pdf.reader.pages) > 1  # drawn on every page, tagged on one
    text = " ".join(flat(pdf.text(node)) for node in pdf.document.kids)
    assert "Page 1 of" not in text and "Riverside Gut Clinic · Phone" not in text


def test_right_to_left_text_carries_its_words_in_reading_order(built):
    """Arabic is drawn in visual order with joined letter forms; the structure gives the words."""
    pdf = TaggedPdf(built["ar"])
    assert pdf.catalog["/Lang"] == "ar"
    h1 = pdf.document.find("H1")[0]
    assert str(h1.get("/ActualText")) == plain(catalog_text("ar", HANDOUT.meta.title.source), {})
    paragraphs = [n for n in pdf.document.walk() if n.role == "P"]
    assert all(n.get("/ActualText") for n in paragraphs)
    for text in (str(n.get("/ActualText")) for n in paragraphs):
        assert not any("\ufb50" <= c <= "\ufeff" for c in text)  # no presentation forms: real letters
        assert unicodedata.bidirectional(text.strip()[0]) in ("R", "AL", "EN", "AN", "ON", "L")


def test_references_in_a_translation_are_marked_as_english(built):
    pdf = TaggedPdf(built["ar"])
    references = pdf.document.find("L")[-1]
    assert all(item.kids[1].kids[0].get("/Lang") == "en" for item in references.kids)


def test_shaped_hindi_carries_its_words(built):
    pdf = TaggedPdf(built["hi"])
    h1 = pdf.document.find("H1")[0]
    assert str(h1.get("/ActualText")) == plain(catalog_text("hi", HANDOUT.meta.title.source), {})


def test_bilingual_edition_reads_each_language_straight_through(built):
    pdf = TaggedPdf(built["ar-en"])
    assert pdf.catalog["/Lang"] == "ar"
    band, arabic, english = pdf.document.kids  # the unreviewed translation's line, read once, then each part
    assert band.role == "P" and band.get("/Lang") is None and len(band.marks()) == 1
    assert (arabic.role, english.role) == ("Part", "Part")
    assert arabic.get("/Lang") is None and english.get("/Lang") == "en"
    assert [n.role for n in english.walk()][:2] == ["Part", "H1"]
    assert flat(pdf.text(english.find("H1")[0])) == plain(HANDOUT.meta.title.source, {})
    english_sections = [flat(pdf.text(s.kids[0])) for s in english.find("Sect")]
    shared = {"references", "symptom-diary"}
    assert english_sections == [plain(s.title.source, english_values()) for s in HANDOUT.sections
                                if s.id not in shared and not s.new_page]


def test_pdfinfo_prints_the_handout_in_reading_order(built):
    """poppler's view of the tags: every paragraph of content.yaml, in order, words kept apart."""
    from handout.source.model import Bullets, Callout, Paragraph, References, Steps

    text = flat(subprocess.run(["pdfinfo", "-struct-text", str(built["en"])], capture_output=True, text=True,
                               check=True).stdout)
    # tag lines between texts, and the join of one element's two pieces (a paragraph split over two pages)
    text = flat(re.sub(r'" (?:[A-Z][A-Za-z0-9]* (?:\(block\) |\(inline\) )?)*"', " ", text))
    cursor = 0
    for section in HANDOUT.sections:
        for block in [section.title] + list(section.blocks):
            if isinstance(block, Paragraph):
                strings = [block.text]
            elif isinstance(block, (Bullets, Steps, References)):
                strings = list(block.items)
            elif isinstance(block, Callout):
                strings = [block.title, *block.items]
            elif hasattr(block, "source"):
                strings = [block]
            else:
                continue
            for item in strings:
                words = flat(plain(item.source, english_values()))
                found = text.find(words, cursor)
                assert found >= 0, (words, text[cursor:cursor + 300])
                cursor = found + len(words)
    assert "Page 1 of 4" not in text
