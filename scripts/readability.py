"""Reading level of the English handout: Flesch-Kincaid grade, SMOG and sentence length (textstat 0.7.4,
which works offline; install with `pip install -e ".[test]"`). Run: `python scripts/readability.py`.

Measures the body text of every section except the references and the diary, with bold markers and
citations removed and placeholders filled as the reader sees them (the example clinic, which sets no
emergency number: "your local emergency number"). Paragraphs, list items and callout titles each end a
sentence (a full stop is added where the text has none). Table cells are not counted as sentences: a cell
is measured only for the sentences it writes itself (the words up to its last full stop); a fragment with no
full stop of its own ("Serious, rare", "How common", "Feeling sick, feeling tired") is left out, so labels
do not pass for short sentences. Other languages: no formula is used,
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
from handout.source.model import Table, iter_texts
from handout.translate.localise import placeholder_values


def body_text(content: Path) -> str:
    handout = load_content(content)
    values = placeholder_values(handout, "en")
    values.update(load_clinic(None).placeholders())
    values["clinic_emergency_phone"] = values["clinic_emergency_phone"] or handout.labels["emergency_number"].source

    def words(text) -> str:
        return re.sub(r"\s*\[[\d,\s–-]+\]", "", plain(text.source, values)).strip()

    sentences = []
    for section in handout.sections:
        if section.new_page or section.id == "references":
            continue
        for block in section.blocks:
            if isinstance(block, Table):
                cells = (words(cell) for row in block.rows for cell in row)
                sentences.extend(cell[:cell.rfind(".") + 1] for cell in cells if "." in cell)
                continue
            for text in iter_texts(block):
                said = words(text)
                sentences.append(said if said.endswith((".", "?", "!", ":")) else said + ".")
    return " ".join(s for s in sentences if s)


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
