"""The English stays plain: reading age 9-11 (US grade 6-8), measured the way scripts/readability.py does."""
from __future__ import annotations

import runpy

import textstat

from tests.conftest import CONTENT, ROOT


def test_english_body_text_is_grade_8_or_below():
    body_text = runpy.run_path(str(ROOT / "scripts" / "readability.py"))["body_text"]
    text = body_text(CONTENT)
    assert textstat.flesch_kincaid_grade(text) <= 8
    assert textstat.smog_index(text) <= 10  # SMOG reads about 3 grades higher on the same text
    assert textstat.lexicon_count(text) / textstat.sentence_count(text) <= 15
