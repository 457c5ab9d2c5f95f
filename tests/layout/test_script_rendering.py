"""Every script a patient reads: right-to-left Arabic and Hebrew, shaped Hindi and the other Indic and
Southeast Asian scripts, Chinese line breaking, and no empty boxes ever. Shaping and ordering are checked against an independent engine: Pillow's raqm
layout (HarfBuzz + FriBidi) draws the reference line, and our PDF must look like it."""
from __future__ import annotations

import io
import re
import shutil
import unicodedata
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, features
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from tests.conftest import FIXTURES, ROOT, flat, page_texts, run_cli
from handout.layout.fonts import load_family
from handout.layout.textflow import CANNOT_END, CANNOT_START, Layout, SetParagraph
from handout.source.markup import Run

SAMPLES = {
    # locale: (font family, text, Pillow direction, layout)
    "ar": ("noto-sans-arabic", "لا تتناول هذا الدواء مع مسكنات الألم الأفيونية", "rtl",
           Layout(rtl=True, reshape="arabic")),
    "he": ("heebo", "אל תיקחו את התרופה עם משככי כאבים אופיואידים", "rtl", Layout(rtl=True)),
    "hi": ("noto-sans-devanagari", "क्या आप दर्द निवारक दवाइयाँ लेते हैं? स्वास्थ्य", "ltr", None),
    # The scripts added with their fonts from data/fonts.yaml: conjuncts, reordered vowel signs, stacked marks.
    "bn": ("noto-sans-bengali", "ওষুধ ডাক্তার ব্যথা প্রতিদিন পানি স্বাস্থ্য", "ltr", None),
    "pa": ("noto-sans-gurmukhi", "ਦਵਾਈ ਡਾਕਟਰ ਦਰਦ ਹਰ ਰੋਜ਼ ਪਾਣੀ ਸਿਹਤ", "ltr", None),
    "gu": ("noto-sans-gujarati", "દવા ડૉક્ટર દુખાવો દરરોજ પાણી સ્વાસ્થ્ય", "ltr", None),
    "ta": ("noto-sans-tamil", "மருந்து மருத்துவர் வலி தினமும் தண்ணீர்", "ltr", None),
    "te": ("noto-sans-telugu", "మందు వైద్యుడు నొప్పి ప్రతిరోజు నీరు", "ltr", None),
    "kn": ("noto-sans-kannada", "ಔಷಧ ವೈದ್ಯರು ನೋವು ಪ್ರತಿದಿನ ನೀರು", "ltr", None),
    "ml": ("noto-sans-malayalam", "മരുന്ന് ഡോക്ടർ വേദന ദിവസവും വെള്ളം", "ltr", None),
    "si": ("noto-sans-sinhala", "ඖෂධ වෛද්‍යවරයා වේදනාව දිනපතා ජලය", "ltr", None),
    "th": ("noto-sans-thai", "ยาขนาดต่ำนี้อาจช่วยลดอาการปวดท้องได้", "ltr",
           Layout(shaping=True, line_break="dictionary")),
    "lo": ("noto-sans-lao", "ຢານີ້ອາດຈະຊ່ວຍຫຼຸດອາການເຈັບທ້ອງ", "ltr", Layout(shaping=True, line_break="dictionary")),
    "km": ("noto-sans-khmer", "ថ្នាំនេះអាចជួយកាត់បន្ថយការឈឺពោះ", "ltr", Layout(shaping=True, line_break="dictionary")),
    "my": ("noto-sans-myanmar", "ဤဆေးသည်ဗိုက်နာခြင်းကိုလျှော့ချနိုင်သည်", "ltr",
           Layout(shaping=True, line_break="dictionary")),
    "am": ("noto-sans-ethiopic", "መድኃኒት ሐኪም ህመም በየቀኑ ውሃ", "ltr", None),
    "hy": ("noto-sans-armenian", "դեղ բժիշկ ցավ ամեն օր ջուր", "ltr", None),
}
SIZE = 24


def render_ours(family, text: str, layout) -> Image.Image:
    """One line drawn by the handout engine, rasterised by PDFium."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(900, 60))
    style = ParagraphStyle("t", fontName=family.regular, fontSize=SIZE, leading=SIZE * 1.3,
                           shaping=0 if layout else 1)
    flowable = SetParagraph([Run(text)], style, layout, (family.regular, family.bold)) if layout \
        else Paragraph(text, style)
    flowable.wrapOn(canvas, 880, 60)
    flowable.drawOn(canvas, 10, 15)
    canvas.save()
    page = pdfium.PdfDocument(buffer.getvalue())[0]
    return page.render(scale=2).to_pil().convert("L")


def render_reference(family, text: str, direction: str, language: str) -> Image.Image:
    font = ImageFont.truetype(str(family.regular_path), SIZE * 2, layout_engine=ImageFont.Layout.RAQM)
    image = Image.new("L", (1800, 120), 255)
    ImageDraw.Draw(image).text((20, 20), text, font=font, fill=0, direction=direction, language=language)
    return image


def ink(image: Image.Image, shape=(600, 60)) -> np.ndarray:
    """The inked area, cropped, scaled to a common size and slightly blurred, as a boolean mask."""
    inverted = ImageChops.invert(image)
    box = inverted.getbbox()
    crop = inverted.crop(box).resize(shape, Image.BILINEAR).filter(ImageFilter.MaxFilter(5))
    return np.asarray(crop) > 60


def overlap(a: np.ndarray, b: np.ndarray) -> float:
    return float((a & b).sum() / (a | b).sum())


@pytest.mark.parametrize("locale", sorted(SAMPLES))
def test_line_matches_an_independent_shaping_engine(locale):
    assert features.check("raqm")
    key, text, direction, layout = SAMPLES[locale]
    family = load_family(key)
    # ReportLab shapes without a language: Noto Sans Malayalam then gives the reformed spelling (a visible
    # chandrakkala where the traditional one, asked for with language "ml", joins a conjunct). Both are
    # correct Malayalam; the reference is shaped the same way so that it checks how glyphs are drawn.
    reference = ink(render_reference(family, text, direction, None if locale == "ml" else locale))
    ours = overlap(ink(render_ours(family, text, layout)), reference)
    # The same words drawn wrongly must score clearly worse: letters reversed, or not shaped at all.
    wrong_order = overlap(ink(render_reference(family, text[::-1], "ltr", locale)), reference)
    unshaped = overlap(ink(render_reference(family, " ".join(text), direction, locale)), reference)
    assert ours > 0.75, (ours, wrong_order, unshaped)
    assert ours > max(wrong_order, unshaped) + 0.15, (ours, wrong_order, unshaped)


def native(word: str):
    """A stand-in translation: every English word becomes `word`; placeholders, bold markers and
    numbers stay, so the catalog passes its checks."""
    return lambda msgid: re.sub(r"(\{[a-z_]+\})|[^\W\d_]+", lambda m: m.group(1) or word, msgid)


def _project(tmp_path: Path, locale: str, translate) -> Path:
    shutil.copy(FIXTURES / "handwashing.yaml", tmp_path / "content.yaml")
    assert run_cli("extract", str(tmp_path / "content.yaml")).exit_code == 0
    assert run_cli("init", locale, "--content", str(tmp_path / "content.yaml")).exit_code == 0
    from tests.translate.test_translation_workflow import fill, po

    fill(po(tmp_path, locale), translate)
    return po(tmp_path, locale)


HEBREW_LONG = ("ידיים נקיות עוצרות את התפשטות החיידקים בבית בעבודה ובבית הספר ובכל מקום שאתם הולכים אליו "
               "בכל יום ולכן חשוב מאוד לשטוף אותן היטב לפני האוכל ואחרי השירותים")


def test_multiline_hebrew_paragraph_reads_in_logical_order(tmp_path):
    words = {"Clean hands **stop germs** spreading [1].": "**" + HEBREW_LONG + "** [1].",
             "Wet your hands.": "הרטיבו את הידיים."}
    _project(tmp_path, "he", lambda m: words.get(m) or native("עברית")(m))
    result = run_cli("build", str(tmp_path / "content.yaml"), "--locale", "he", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = flat(" ".join(page_texts(Path(result.stdout.strip()))))
    assert HEBREW_LONG in text  # two lines, in order, words in order
    assert "הרטיבו את הידיים." in text


def test_arabic_extracts_as_the_catalog_text(tmp_path):
    sentence = "اليدان النظيفتان توقفان انتشار الجراثيم بين الناس في البيت والعمل والمدرسة وفي كل مكان"
    _project(tmp_path, "ar", lambda m: f"**{sentence}** [1]." if m.startswith("Clean") else native("عربي")(m))
    result = run_cli("build", str(tmp_path / "content.yaml"), "--locale", "ar", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = unicodedata.normalize("NFKC", flat(" ".join(page_texts(Path(result.stdout.strip())))))
    assert sentence in text


def test_a_character_no_font_has_is_an_error_naming_it(tmp_path):
    path = _project(tmp_path, "es", lambda m: "Manos **limpias** 😀 [1]." if m.startswith("Clean") else "ES " + m)
    result = run_cli("build", str(tmp_path / "content.yaml"), "--locale", "es", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1)
                if text.startswith('msgid "Clean hands'))
    assert result.stderr == (f"Error: {path}:{line}: character '😀' (U+1F600 GRINNING FACE) is not in the font "
                             "atkinson-hyperlegible (nor in noto-sans for Latn text); remove or replace it\n")
    assert not (tmp_path / "out").exists()


CHINESE = ("如果您正在服用阿片类止痛药（例如吗啡、羟考酮、曲马多或可待因），请不要服用低剂量纳曲酮。"
           "纳曲酮可能导致突然的阿片类戒断反应，这种反应可能很严重！请在开始前告诉您的医生：“您服用的所有药物”；"
           "包括您自己购买的药物、草药和补充剂。我们不知道它是否有帮助？有些人说疼痛减轻了，")


def test_chinese_lines_never_start_with_closing_punctuation(tmp_path):
    family = load_family("noto-sans-sc", frozenset(map(ord, CHINESE)))
    style = ParagraphStyle("zh", fontName=family.regular, fontSize=12, leading=16)
    paragraph = SetParagraph([Run(CHINESE)], style, Layout(line_break="cjk"), (family.regular, family.bold))
    checked = 0
    for width in range(60, 420, 3):
        paragraph.wrap(width, 10_000)
        lines = [CHINESE[s:e] for s, e in paragraph.lines]
        assert "".join(lines) == CHINESE
        for line in lines[1:]:
            assert line[0] not in CANNOT_START, (width, line)
        for line in lines[:-1]:
            assert line[-1] not in CANNOT_END, (width, line)
        checked += len(lines)
    assert checked > 1000


def test_new_locale_in_a_supported_script_needs_no_code_change(tmp_path):
    """Urdu (Arabic script) and Bulgarian (Cyrillic) were never configured by name."""
    for locale, word in (("ur", "ہاتھ"), ("bg", "Измийте")):
        _project(tmp_path, locale, native(word))
        result = run_cli("build", str(tmp_path / "content.yaml"), "--locale", locale, "--out", str(tmp_path))
        assert result.exit_code == 0, result.output
        text = unicodedata.normalize("NFKC", flat(" ".join(page_texts(Path(result.stdout.strip())))))
        assert word in text


def test_two_chinese_font_cuts_in_one_process_do_not_alias(tmp_path):
    """A Chinese font is cut down to the characters used; ReportLab merges fonts that share a PostScript
    name, so each cut must carry its own, or one handout would print with another's glyphs."""
    load_family("noto-sans-sc", frozenset(map(ord, "只有这几个字")))
    result = run_cli("build", str(ROOT / "content.yaml"), "--locale", "zh_Hans", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = flat(" ".join(page_texts(Path(result.stdout.strip()))))
    assert "LDN" in text and "纳曲酮" in text
