"""The words a handout prints, and how many of them each PDF text extractor gives back as written.

"Printed words" are the words of a language's catalog entries (msgstr; the msgid where an entry is not
translated, as the build prints it) that the standard edition prints for the example clinic: not the
document's subject and keywords (file properties), the logo's and QR code's descriptions (read by screen
readers, never printed), the web address line (the example clinic has none), the overdue-review and
incomplete-translation notices (the handout is neither), the crisis line (the example clinic names none),
nor, in English, the notes about translations.
Their inline markup is removed: `**` and `{{`/`}}` become nothing and
a `{placeholder}` is a word break (it is filled with clinic data or numbers, not words of the catalog).
A word is a run of characters between spaces, with punctuation trimmed from both ends, that holds a letter.
Words are compared after Unicode NFC, so a precomposed letter and its decomposed spelling count alike.

A word is "found as written" when the extracted text, split the same way, holds it. A script written
without spaces between words (Chinese, Japanese, Thai...) has no word boundaries to split at, and its
lines break between any two characters: there each pair of neighbouring characters within a stretch of
letters (between punctuation marks) is a unit, found when it is in the extracted text with all spaces and
line breaks taken out. (A longer unit would count as lost a phrase that wraps inside a table cell, where
poppler reads the cells of a row line by line.) pdftotext marks each run of the other direction in a
right-to-left line with Unicode embedding controls (U+202A-U+202E); those count as word breaks.

Extractors: poppler (`pdftotext`, as Evince, Okular and most Linux tools read a PDF), PDFium (pypdfium2,
as Chrome and Edge read it), pdf.js (Firefox; node and the pdfjs-dist package in tests/pdfjs/) and,
where installed, mupdf (PyMuPDF; not a test dependency).
"""
from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
PDFJS = HERE / "pdfjs"
_EMBEDDINGS = re.compile("[\u202a-\u202e]")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
# Scripts written without spaces between words.
_UNSPACED = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR")


def strip_markup(text: str) -> str:
    text = text.replace("{{", "\x00").replace("}}", "\x01")
    text = _PLACEHOLDER.sub(" ", text).replace("**", "")
    return text.replace("\x00", "{").replace("\x01", "}")


def _edge(char: str) -> bool:
    return unicodedata.category(char)[0] in "PSZC"


def _unspaced(char: str) -> bool:
    name = unicodedata.name(char, "")
    return name.startswith(_UNSPACED) or name.startswith("FULLWIDTH")


def words_of(text: str) -> list[str]:
    """The words of `text` (see the module's description), in order, repeats kept."""
    text = unicodedata.normalize("NFC", text)
    out = []
    for token in text.split():
        start, end = 0, len(token)
        while start < end and _edge(token[start]):
            start += 1
        while end > start and _edge(token[end - 1]):
            end -= 1
        word = token[start:end]
        if not any(unicodedata.category(c)[0] == "L" for c in word):
            continue
        if any(_unspaced(c) for c in word):  # pairs of characters within runs of letters and digits
            for run in re.split(r"[\W_]+", word):
                if any(unicodedata.category(c)[0] == "L" for c in run):
                    out += [run[i:i + 2] for i in range(max(1, len(run) - 1))]
        else:
            out.append(word)
    return out


def catalog_strings(root: Path, locale: str) -> list[str]:
    """What the catalog of `locale` gives the build to print: each entry's translation, or its source."""
    from babel.messages.pofile import read_po

    if locale == "en":
        path = root / "locales" / "handout.pot"
    else:
        path = root / "locales" / locale / "LC_MESSAGES" / "handout.po"
    with path.open("rb") as fh:
        catalog = read_po(fh)
    out = []
    for message in catalog:
        if not message.id or not printed(message, locale):
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        translated = [s for s in strings if s] and not message.fuzzy and locale != "en"
        out += [s for s in strings if s] if translated else list(ids)
    return out


# Entries the standard handout for the example clinic does not print (see the module's description); a
# booklet's writing pages (questions, notes) are printed only in booklets.
_UNPRINTED = re.compile(r"^(handout (subject|keywords)\b|label '(logo_alt|qr_alt|online|review_overdue|"
                        r"incomplete_translation|questions|notes)'|section '[^']*', callout \(block \d+\) crisis line)")
_UNPRINTED_EN = re.compile(r"^label '(translation_of|translation_unreviewed)'")


def printed(message, locale: str) -> bool:
    notes = message.auto_comments
    if any(_UNPRINTED.match(note) for note in notes):
        return False
    return locale != "en" or not any(_UNPRINTED_EN.match(note) for note in notes)


def printed_words(root: Path, locale: str) -> list[str]:
    return [w for s in catalog_strings(root, locale) for w in words_of(strip_markup(s))]


def found(words: list[str], text: str) -> list[bool]:
    """For each word, whether `text` (an extractor's output) has it as written."""
    text = re.sub(r"-\r?\n", "-", text.replace("\x02", "").replace("\u00ad", ""))
    text = unicodedata.normalize("NFC", _EMBEDDINGS.sub(" ", text))
    have = set(words_of(text))
    packed = re.sub(r"\s+", "", text)
    return [w in have or (any(_unspaced(c) for c in w) and w in packed) for w in words]


def flat_text(text: str) -> str:
    """The extracted text with bidi embedding controls left out and runs of spaces and line breaks as one
    space, for phrase searches."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", _EMBEDDINGS.sub("", text))).strip()


def share(words: list[str], text: str) -> float:
    hits = found(words, text)
    return sum(hits) / len(hits) if hits else 1.0


# -- extractors ------------------------------------------------------------------------------------------
def poppler_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def pdfium_text(pdf: Path) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        texts = []
        for page in doc:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\f".join(texts)
    finally:
        doc.close()


def pdfjs_texts(pdfs: list[Path]) -> list[str]:
    """pdf.js's text of each PDF (one node process for all of them)."""
    result = subprocess.run(["node", str(PDFJS / "text.mjs"), *map(str, pdfs)], check=True, capture_output=True,
                            text=True, cwd=PDFJS)
    return json.loads(result.stdout)


def install_pdfjs() -> None:
    """Install pdf.js into tests/pdfjs/node_modules from the npm registry, once (npm ci: the locked version)."""
    if (PDFJS / "node_modules" / "pdfjs-dist" / "package.json").is_file():
        return
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PDFJS, check=True,
                   capture_output=True)
