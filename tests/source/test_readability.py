"""The English stays plain: reading age 9-11 (US grade 6-8), measured the way scripts/readability.py does."""
from __future__ import annotations

import runpy

import textstat

from tests.conftest import CONTENT, ROOT


def test_english_body_text_is_grade_6_or_below():
    # table cells count only for the sentences they write (scripts/readability.py says how it counts)
    body_text = runpy.run_path(str(ROOT / "scripts" / "readability.py"))["body_text"]
    text = body_text(CONTENT)
    assert textstat.flesch_kincaid_grade(text) <= 6
    assert textstat.smog_index(text) <= 10  # SMOG reads about 3 grades higher on the same text
    assert textstat.lexicon_count(text) / textstat.sentence_count(text) <= 15


def test_table_cells_are_not_counted_as_sentences():
    body_text = runpy.run_path(str(ROOT / "scripts" / "readability.py"))["body_text"]
    text = body_text(CONTENT)
    assert "Serious, rare." not in text and "How common." not in text and "Feeling sick, feeling tired." not in text
    assert "Liver damage. On a much higher dose (300\u00a0mg), liver tests rose in 1 in 5." in text  # a cell's own sentences
