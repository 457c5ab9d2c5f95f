"""Reading level of the English handout: Flesch-Kincaid grade, SMOG and sentence length (textstat 0.7.4,
which works offline; install with `pip install -e ".[test]"`). Run: `python scripts/readability.py`.

Measures the body text of every section except the references and the diary, with bold markers and
citations removed and placeholders filled as the reader sees them. Other languages: no formula is used,
because an English formula does not measure Polish or Arabic.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import textstat

from handout.source.clinic import load_clinic
from handout.source.content import load_content
from handout.source.markup import plain
from handout.source.model import iter_texts
from handout.translate.localise import placeholder_values


def body_text(content: Path) -> str:
    handout = load_content(content)
    values = placeholder_values(handout, "en")
    values.update(load_clinic(None).placeholders())
    sentences = []
    for section in handout.sections:
        if section.new_page or section.id == "references":
            continue
        for text in iter_texts(section.blocks):
            words = re.sub(r"\s*\[[\d,\s–-]+\]", "", plain(text.source, values)).strip()
            sentences.append(words if words.endswith((".", "?", "!", ":")) else words + ".")
    return " ".join(sentences)


def main() -> None:
    content = Path(sys.argv[1] if len(sys.argv) > 1 else "content.yaml")
    text = body_text(content)
    words = textstat.lexicon_count(text)
    count = textstat.sentence_count(text)
    print(f"words {words}, sentences {count}, mean sentence length {words / count:.1f} words")
    print(f"Flesch-Kincaid grade {textstat.flesch_kincaid_grade(text):.1f} (target <= 8)")
    print(f"SMOG {textstat.smog_index(text):.1f}")
    print(f"Flesch reading ease {textstat.flesch_reading_ease(text):.1f}")


if __name__ == "__main__":
    main()
