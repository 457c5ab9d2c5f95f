"""Every writing script the tool ships fonts for builds from a new catalog, with no code change: as a
translator would do it, `handout init LL`, every entry filled in (here with words of that script around the
English's placeholders, bold markers, citations and numbers), `handout check`, `handout build`.

Each PDF must embed the script's own font (pdffonts), give back every sample word as written to pdftotext
and PDFium, shaped scripts included (layout/glyphtext.py), and draw no glyph from a font that lacks it: the
tool checks every character against the font before drawing, so a tofu would have stopped the build."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from tests import extraction
from tests.conftest import CONTENT, run_cli

# language -> (script, font family embedded, sample words of that script). Words are separated by spaces
# where the script uses them; Thai, Lao, Khmer and Myanmar (and Chinese, Japanese) run them together.
SAMPLES = {
    "vi": ("Latn", "NotoSans", "thuốc bác sĩ đau bụng ngày uống nhiều nước"),
    "bg": ("Cyrl", "NotoSans", "лекарство лекар болка всеки ден вода"),
    "el": ("Grek", "NotoSans", "φάρμακο γιατρός πόνος κάθε ημέρα νερό"),
    "hy": ("Armn", "NotoSansArmenian", "դեղ բժիշկ ցավ ամեն օր ջուր"),
    "ka": ("Geor", "NotoSansGeorgian", "წამალი ექიმი ტკივილი ყოველ დღე წყალი"),
    "ur": ("Arab", "NotoSansArabic", "دوا ڈاکٹر درد ہر دن پانی"),
    "ps": ("Arab", "NotoSansArabic", "درمل ډاکټر درد هره ورځ اوبه"),
    "ckb": ("Arab", "NotoSansArabic", "دەرمان دکتۆر ئازار هەموو ڕۆژێک ئاو"),
    "he": ("Hebr", "Heebo", "תרופה רופא כאב כל יום מים"),
    "mr": ("Deva", "NotoSansDevanagari", "औषध डॉक्टर वेदना दररोज पाणी"),
    "bn": ("Beng", "NotoSansBengali", "ওষুধ ডাক্তার ব্যথা প্রতিদিন পানি"),
    "pa": ("Guru", "NotoSansGurmukhi", "ਦਵਾਈ ਡਾਕਟਰ ਦਰਦ ਹਰ ਰੋਜ਼ ਪਾਣੀ"),
    "gu": ("Gujr", "NotoSansGujarati", "દવા ડૉક્ટર દુખાવો દરરોજ પાણી"),
    "or": ("Orya", "NotoSansOriya", "ଔଷଧ ଡାକ୍ତର ଯନ୍ତ୍ରଣା ପ୍ରତିଦିନ ପାଣି"),
    "ta": ("Taml", "NotoSansTamil", "மருந்து மருத்துவர் வலி தினமும் தண்ணீர்"),
    "te": ("Telu", "NotoSansTelugu", "మందు వైద్యుడు నొప్పి ప్రతిరోజు నీరు"),
    "kn": ("Knda", "NotoSansKannada", "ಔಷಧ ವೈದ್ಯರು ನೋವು ಪ್ರತಿದಿನ ನೀರು"),
    "ml": ("Mlym", "NotoSansMalayalam", "മരുന്ന് ഡോക്ടർ വേദന ദിവസവും വെള്ളം"),
    "si": ("Sinh", "NotoSansSinhala", "ඖෂධ වෛද්‍යවරයා වේදනාව දිනපතා ජලය"),
    "th": ("Thai", "NotoSansThai", "ยาขนาดต่ำนี้อาจช่วยลดอาการปวดท้องได้"),
    "lo": ("Laoo", "NotoSansLao", "ຢານີ້ອາດຈະຊ່ວຍຫຼຸດອາການເຈັບທ້ອງ"),
    "km": ("Khmr", "NotoSansKhmer", "ថ្នាំនេះអាចជួយកាត់បន្ថយការឈឺពោះ"),
    "my": ("Mymr", "NotoSansMyanmar", "ဤဆေးသည်ဗိုက်နာခြင်းကိုလျှော့ချနိုင်သည်"),
    "am": ("Ethi", "NotoSansEthiopic", "መድኃኒት ሐኪም ህመም በየቀኑ ውሃ"),
    "ti": ("Ethi", "NotoSansEthiopic", "መድሃኒት ሓኪም ቃንዛ መዓልቲ ማይ"),
    "zh_Hans": ("Hans", "NotoSansSC", "低剂量药物可能有助于缓解腹痛"),
    "zh_Hant": ("Hant", "NotoSansTC", "低劑量藥物可能有助於緩解腹痛"),
    "ja": ("Jpan", "NotoSansJP", "低用量の薬は腹痛をやわらげるかもしれません"),
    "ko": ("Kore", "NotoSansKR", "저용량 약은 복통 완화에 도움이 될 수 있습니다"),
}
# What must survive from the English: {placeholders}, **bold** markers, [citations], numbers.
_KEEP = re.compile(r"\{[^}]*\}|\*\*|\[[^\]]*\]|\d+(?:[.,]\d+)*")


def fill(english: str, words: list[str], spaced: bool) -> str:
    """A translation of `english`: its placeholders, bold markers, citations and numbers kept in place,
    every stretch of words between them replaced by as many sample words."""
    out, last, k = [], 0, 0
    for match in [*_KEEP.finditer(english), None]:
        gap = english[last:match.start() if match else len(english)]
        count = len(re.findall(r"[A-Za-z]+", gap))
        if count:
            chosen = [words[(k + i) % len(words)] for i in range(count)]
            k += count
            lead = " " if gap[:1].isspace() else ""
            trail = " " if gap[-1:].isspace() else ""
            out.append(lead + (" " if spaced else "").join(chosen) + trail)
        else:
            out.append(gap)
        if match:
            out.append(match.group(0))
            last = match.end()
    return "".join(out)


def sample_words(sample: str) -> list[str]:
    """The words of a sample: between spaces, or as ICU's dictionaries find them (never a vowel sign cut
    from its letter) in scripts written without spaces."""
    if " " in sample:
        return sample.split()
    from handout.layout.textflow import dictionary_breaks

    stops = [*dictionary_breaks(sample), len(sample)]
    return [sample[a:b] for a, b in zip(stops, stops[1:])]


def fill_catalog(path: Path, sample: str) -> None:
    spaced = " " in sample
    words = sample_words(sample)
    with path.open("rb") as fh:
        catalog = read_po(fh)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(fill(message.id[-1], words, spaced) for _ in range(catalog.num_plurals))
        else:
            message.string = fill(message.id, words, spaced)
        message.flags.discard("fuzzy")
    with path.open("wb") as fh:
        write_po(fh, catalog, width=0)


def test_fill_keeps_what_checks_compare():
    assert fill("Take {dose} mg **daily** [3]", ["a", "b"], True) == "a {dose} b **a** [3]"


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_new_language_builds_in_its_script(language, tmp_path):
    _, font, sample = SAMPLES[language]
    shutil.copy(CONTENT, tmp_path / "content.yaml")
    (tmp_path / "locales").mkdir()
    shutil.copy(CONTENT.parent / "locales" / "handout.pot", tmp_path / "locales")
    content = str(tmp_path / "content.yaml")
    started = run_cli("init", language, "--content", content)
    assert started.exit_code == 0, started.output
    fill_catalog(tmp_path / "locales" / language / "LC_MESSAGES" / "handout.po", sample)
    checked = run_cli("check", content, "--locale", language)
    assert checked.exit_code == 0, checked.output
    built = run_cli("build", content, "--locale", language, "--out", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    pdf = Path(built.stdout.split()[0])
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert any(font in row.split()[0] for row in rows), fonts
    assert all(row.split()[-5] == "yes" for row in rows), fonts  # every font embedded
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "reception@clinic.example" in text
    # every word comes back as written (logical order, every vowel sign), whatever the line breaks did
    for extractor, extracted in (("pdftotext", text), ("PDFium", extraction.pdfium_text(pdf))):
        spaced, joined = re.sub(r"\s+", " ", extracted), re.sub(r"\s+", "", extracted)
        missing = [word for word in sample_words(sample) if word not in spaced and word not in joined]
        assert not missing, (extractor, missing, extracted[:1500])
