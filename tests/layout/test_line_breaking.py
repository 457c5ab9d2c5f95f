"""Scripts written without spaces between words (Thai, Lao, Khmer, Myanmar) break lines between the words
ICU's dictionaries find, never inside a word nor between a letter and its vowel signs."""
from __future__ import annotations

import unicodedata

import pytest
from reportlab.lib.styles import ParagraphStyle

from handout.layout.fonts import load_family
from handout.layout.textflow import Layout, SetParagraph, dictionary_breaks
from handout.source.markup import Run

TEXTS = {
    "noto-sans-thai": "ยาขนาดต่ำนี้อาจช่วยลดอาการปวดท้องได้และควรปรึกษาแพทย์ก่อนใช้ยาทุกครั้ง",
    "noto-sans-lao": "ຢານີ້ອາດຈະຊ່ວຍຫຼຸດອາການເຈັບທ້ອງແລະຄວນປຶກສາທ່ານໝໍກ່ອນ",
    "noto-sans-khmer": "ថ្នាំនេះអាចជួយកាត់បន្ថយការឈឺពោះហើយគួរពិគ្រោះជាមួយគ្រូពេទ្យ",
    "noto-sans-myanmar": "ဤဆေးသည်ဗိုက်နာခြင်းကိုလျှော့ချနိုင်သည်ဆရာဝန်နှင့်တိုင်ပင်ပါ",
}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_lines_break_between_dictionary_words(key):
    family = load_family(key)
    text = TEXTS[key] * 3
    style = ParagraphStyle("body", fontName=family.regular, fontSize=14, leading=19)
    para = SetParagraph([Run(text)], style, Layout(line_break="dictionary", shaping=True),
                        (family.regular, family.bold))
    para.wrap(150, 1000)
    lines = para.logical_lines()
    assert len(lines) > 4 and "".join(lines) == text
    starts, offset = set(dictionary_breaks(text)), 0
    for line in lines:
        assert offset in starts, (offset, line)
        assert unicodedata.category(line[0])[0] != "M"
        offset += len(line)


def test_a_word_wider_than_the_line_is_cut_between_clusters():
    family = load_family("noto-sans-khmer")
    word = "ព្រះរាជាណាចក្រកម្ពុជា" * 4  # no break opportunity fits in 40 points
    style = ParagraphStyle("body", fontName=family.regular, fontSize=14, leading=19)
    para = SetParagraph([Run(word)], style, Layout(line_break="dictionary", shaping=True),
                        (family.regular, family.bold))
    para.wrap(40, 1000)
    for line in para.logical_lines():
        assert unicodedata.category(line[0])[0] != "M" and line[0] != "\u17d2", para.logical_lines()
        assert line[-1] != "\u17d2"
