"""Editions for real waiting rooms: large print, bilingual, booklet, QR code, review-date policy."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from tests.conftest import CONTENT, flat, page_texts, run_cli
from handout.pdf.booklet import fold_order
from handout.source.content import load_content
from handout.source.markup import plain

HANDOUT = load_content(CONTENT)


def build(tmp_path: Path, *args: str) -> Path:
    result = run_cli("build", str(CONTENT), "--out", str(tmp_path), *args)
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip().splitlines()[-1])


def chars(path: Path):
    """Every drawn character with its font size and box: (page, char, size, (left, bottom, right, top))."""
    pdf = pdfium.PdfDocument(str(path))
    for number, page in enumerate(pdf, start=1):
        text = page.get_textpage()
        for i in range(text.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(text, i))
            if char.isspace() or not char.isprintable():
                continue
            yield number, char, pdfium_c.FPDFText_GetFontSize(text, i), text.get_charbox(i), page.get_size()


def test_large_print_is_all_18_point_or_more_and_inside_the_frame(tmp_path):
    path = build(tmp_path, "--edition", "large-print")
    assert path.name == "ldn-ibs_en_a4_large-print.pdf"
    sizes, outside = [], []
    margin = 12 * 72 / 25.4 - 1  # the large-print side margins (styles.yaml), less a point of tolerance
    for page, char, size, (left, bottom, right, top), (width, height) in chars(path):
        sizes.append(size)
        if left < margin or right > width - margin:
            outside.append((page, char, round(left), round(right)))
    assert min(sizes) >= 18
    assert not outside
    text = flat(" ".join(page_texts(path)))
    positions = [text.find(plain(s.title.source, {})) for s in HANDOUT.sections]
    assert -1 not in positions and positions == sorted(positions)  # same content, same order


def _heading_boxes(path: Path, heading: str) -> list[tuple[int, float]]:
    pdf = pdfium.PdfDocument(str(path))
    found = []
    for number, page in enumerate(pdf, start=1):
        text = page.get_textpage()
        searcher = text.search(heading, match_case=True)
        hit = searcher.get_next()
        if hit:
            index, _ = hit
            box = text.get_charbox(index)
            found.append((number, box[3], box[0]))
    return found


@pytest.mark.parametrize("locale", ["es", "ar"])
def test_bilingual_headings_sit_level_with_their_counterparts(tmp_path, locale):
    """Each English section heading has a heading-size line of the other language beside it, in the
    other column, at the same height on the same page."""
    path = build(tmp_path, "--locale", locale, "--edition", "bilingual")
    assert path.name == f"ldn-ibs_{locale}-en_a4_bilingual.pdf"
    heading_size = 15  # styles.yaml: standard heading fontSize
    lines: dict[int, list[tuple[float, float]]] = {}
    middle = 0.0
    for page, char, size, (left, bottom, right, top), (width, height) in chars(path):
        middle = width / 2
        if abs(size - heading_size) < 0.5:
            lines.setdefault(page, []).append((top, left))
    for section in HANDOUT.sections[:8]:
        found = _heading_boxes(path, plain(section.title.source, {}))
        assert found, section.id
        page, top, x = found[0]
        english_left = x < middle
        assert english_left == (locale == "ar")  # the right-to-left language takes the right column
        beside = [t for t, left in lines.get(page, []) if (left > middle) == english_left and abs(t - top) < 6]
        assert beside, (section.id, page, top)


def test_bilingual_right_to_left_language_is_on_the_right(tmp_path):
    path = build(tmp_path, "--locale", "ar", "--edition", "bilingual")
    pdf = pdfium.PdfDocument(str(path))
    text = pdf[0].get_textpage()
    width = pdf[0].get_width()
    arabic = [text.get_charbox(i)[0] for i in range(text.count_chars())
              if "\u0600" <= chr(pdfium_c.FPDFText_GetUnicode(text, i)) <= "\u06ff"
              or "\ufe70" <= chr(pdfium_c.FPDFText_GetUnicode(text, i)) <= "\ufefc"]
    hit = text.search("What is LDN?").get_next()
    assert hit
    assert text.get_charbox(hit[0])[0] < width / 2
    body = sorted(arabic)[len(arabic) // 2]
    assert body > width / 2


def test_bilingual_needs_two_languages(tmp_path):
    result = run_cli("build", str(CONTENT), "--edition", "bilingual", "--out", str(tmp_path))
    assert result.exit_code == 1
    assert "a bilingual edition needs two languages" in result.stderr


def test_booklet_is_imposed_in_fold_order(tmp_path):
    result = run_cli("build", str(CONTENT), "--booklet", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Print double-sided, flipping on the SHORT edge" in result.stderr
    path = Path(result.stdout.strip())
    assert path.name == "ldn-ibs_en_a4_standard_booklet.pdf"
    reader = pypdf.PdfReader(path)
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    pdf = pdfium.PdfDocument(str(path))
    halves = []
    for page in pdf:
        text = page.get_textpage()
        half = page.get_width() / 2
        numbers = []
        for left, right in ((0, half), (half, 2 * half)):
            words = flat(text.get_text_bounded(left=left, bottom=0, right=right, top=page.get_height()))
            match = re.search(r"Page (\d+) of (\d+)", words)
            numbers.append(int(match.group(1)) if match else None)
        halves.append(tuple(numbers))
    # the back cover (left half of the first side) has no footer, so no page number: it is the last page
    assert halves[0][0] is None
    total = max(n for pair in halves for n in pair if n) + 1
    halves[0] = (total, halves[0][1])
    assert len(halves) % 2 == 0 and len(halves) * 2 >= total
    assert halves == fold_order(total, back_cover=True)  # the blanks before the back cover
    # the back of the folded booklet (left half of the first side) is the contact page
    back = flat(pdf[0].get_textpage().get_text_bounded(left=0, bottom=0, right=pdf[0].get_width() / 2,
                                                       top=pdf[0].get_height()))
    assert "Your clinic" in back and "Ask us for this leaflet in other languages" in back


def test_fold_order_mirrors_for_right_to_left():
    assert fold_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert fold_order(8, rtl=True) == [(1, 8), (7, 2), (3, 6), (5, 4)]


def _clinic(tmp_path: Path, **extra: str) -> Path:
    lines = ['name: "Riverside Gut Clinic"', 'phone: "01234 567890"'] + [f'{k}: "{v}"' for k, v in extra.items()]
    path = tmp_path / "clinic.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_qr_code_decodes_to_the_clinic_url(tmp_path):
    url = "https://riverside.example/leaflets/ldn"
    path = build(tmp_path, "--clinic", str(_clinic(tmp_path, url=url)))
    image = pdfium.PdfDocument(str(path))[0].render(scale=3).to_pil()
    png = tmp_path / "page1.png"
    image.save(png)
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True).stdout.strip()
    assert decoded == url
    assert "riverside.example/leaflets/ldn" in flat(page_texts(path)[0])


def test_no_qr_code_without_a_url(tmp_path):
    path = build(tmp_path, "--clinic", str(_clinic(tmp_path)))
    assert "Scan the code" not in flat(" ".join(page_texts(path)))
    assert "/XObject" not in pypdf.PdfReader(path).pages[0]["/Resources"]


def test_review_policy_warn(tmp_path):
    clinic = _clinic(tmp_path, review_policy="warn")
    result = run_cli("build", str(CONTENT), "--clinic", str(clinic), "--today", "2027-11-28", "--out", str(tmp_path))
    assert result.exit_code == 0
    assert "Warning: this handout was due for review on 2027-11-25 (3 days ago)" in result.stderr
    assert "Review overdue" not in flat(" ".join(page_texts(Path(result.stdout.strip()))))


def test_review_policy_mark_bands_every_page(tmp_path):
    clinic = _clinic(tmp_path, review_policy="mark")
    path = build(tmp_path, "--clinic", str(clinic), "--today", "2027-12-01")
    for page in page_texts(path):
        assert "Review overdue: this leaflet was due to be checked by 25 November 2027." in flat(page)


def test_review_policy_refuse(tmp_path):
    clinic = _clinic(tmp_path, review_policy="refuse")
    result = run_cli("build", str(CONTENT), "--clinic", str(clinic), "--today", "2027-11-26",
                     "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr == ("Error: this handout was due for review on 2027-11-25 (1 days ago) and the clinic's "
                             "review_policy is 'refuse'; ask the content owner for a reviewed version "
                             "(or change review_policy)\n")
    assert not (tmp_path / "out").exists()


def test_review_date_is_judged_in_the_clinic_time_zone(tmp_path):
    from handout.source.review import clinic_today
    import datetime as dt

    assert isinstance(clinic_today("Pacific/Kiritimati"), dt.date)
    clinic = _clinic(tmp_path, review_policy="refuse", timezone="Mars/Olympus")
    result = run_cli("build", str(CONTENT), "--clinic", str(clinic), "--out", str(tmp_path))
    assert result.exit_code == 1
    assert "unknown time zone 'Mars/Olympus'" in result.stderr


def test_status_shows_days_until_review():
    result = run_cli("status", str(CONTENT), "--today", "2027-11-20")
    assert result.exit_code == 0
    assert "next review 2027-11-25 (in 5 days)" in result.stdout


def test_bilingual_booklet_with_a_long_language_builds(tmp_path):
    """On A5, a long table in two half-width columns is taller than a page: that block is set one
    language after the other instead of failing."""
    path = build(tmp_path, "--locale", "ru", "--edition", "bilingual", "--booklet")
    assert path.name == "ldn-ibs_ru-en_a4_bilingual_booklet.pdf"
    text = flat(" ".join(page_texts(path)))
    assert "Side effects" in text and "What is LDN?" in text
