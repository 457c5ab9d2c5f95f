"""Page quality as a patient sees it, in every shipped language and edition, with a realistic clinic.

The built-in example clinic has the phone number 000 0000 0000 and a short address, so a number broken
across two lines, its digits drawn in the wrong order in a right-to-left line, or a word cut in half in a
narrow table cell ("Frecu|encia") went unnoticed. These tests build every language and edition with
tests/fixtures/realistic-clinic.yaml (a long name, a phone with distinct digits, a long email address and
website) and read the pages back: the phone whole on every page, no word cut without a hyphen, the symptom
diary in whole weeks under its own column headers with rows tall enough to write in, no near-empty page,
and a booklet whose back cover is the contact page.

Every PDF is built once per session (one `handout build --locale all` call per edition, two processes).
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
import pyphen
import pypdfium2.raw as pdfium_c
import pytest
import yaml
from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from handout.pdf.booklet import fold_order
from handout.source.clinic import load_clinic
from handout.source.content import load_content
from handout.source.model import Tracker, iter_texts
from handout.translate.localise import own_name, placeholder_values
from tests.conftest import CONTENT, FIXTURES, ROOT, run_cli

CLINIC_FILE = FIXTURES / "realistic-clinic.yaml"
CLINIC = load_clinic(CLINIC_FILE)
HANDOUT = load_content(CONTENT)
# After publication (2026-11-25) and before the next review (2027-11-25): no 'review overdue' band. The
# translations still print their 'not yet checked by a health professional' band, as shipped.
TODAY = "2027-01-15"
PHONE = "020 7946 0123"
PHONE_DIGITS = "02079460123"
MM = 72 / 25.4
TRANSLATIONS = sorted(p.name for p in (ROOT / "locales").iterdir() if (p / "LC_MESSAGES" / "handout.po").is_file())
LOCALES = ["en", *TRANSLATIONS]
BOOKLET_LOCALES = ["en", "ar", "zh_Hans", "hi"]
RTL = {"ar", "fa", "he"}
TOP_MARGIN_MM = {"standard": 13, "bilingual": 13, "large-print": 14}  # handout/data/styles.yaml


@dataclass(frozen=True)
class Key:
    locale: str
    edition: str  # standard | large-print | bilingual
    booklet: bool = False

    def __str__(self) -> str:
        name = f"{self.locale}-en" if self.edition == "bilingual" else self.locale
        return f"{name}/{self.edition}" + ("/booklet" if self.booklet else "")

    @property
    def file_name(self) -> str:
        locale = f"{self.locale}-en" if self.edition == "bilingual" else self.locale
        return f"ldn-ibs_{locale}_a4_{self.edition}" + ("_booklet" if self.booklet else "") + ".pdf"


KEYS = ([Key(locale, "standard") for locale in LOCALES]
        + [Key(locale, "large-print") for locale in LOCALES]
        + [Key(locale, "bilingual") for locale in TRANSLATIONS]
        + [Key(locale, edition, True) for edition in ("standard", "large-print") for locale in BOOKLET_LOCALES])
BOOKLETS = [k for k in KEYS if k.booklet]
CALLS = [  # one CLI call per edition: (options, the keys it makes)
    (["--locale", "all", "--edition", "standard"], [k for k in KEYS if k.edition == "standard" and not k.booklet]),
    (["--locale", "all", "--edition", "large-print"], [k for k in KEYS if k.edition == "large-print" and not k.booklet]),
    (["--locale", "all", "--edition", "bilingual", "--with", "en"], [k for k in KEYS if k.edition == "bilingual"]),
    (["--locale", ",".join(BOOKLET_LOCALES), "--booklet"], [k for k in BOOKLETS if k.edition == "standard"]),
    (["--locale", ",".join(BOOKLET_LOCALES), "--booklet", "--edition", "large-print"],
     [k for k in BOOKLETS if k.edition == "large-print"]),
]


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[Key, Path | str]:
    """Every PDF of KEYS, built once: Key -> path, or the CLI's output when that PDF was not made."""
    out: dict[Key, Path | str] = {}
    for options, keys in CALLS:
        folder = tmp_path_factory.mktemp("quality")
        result = run_cli("build", str(CONTENT), "--clinic", str(CLINIC_FILE), "--today", TODAY, "--jobs", "2",
                         "--out", str(folder), *options)
        for key in keys:
            path = folder / key.file_name
            out[key] = path if path.is_file() else f"exit {result.exit_code}: {result.output}"
    return out


def pdf_of(built, key: Key) -> Path:
    found = built[key]
    assert isinstance(found, Path), f"{key}: the PDF was not built: {found}"
    return found


# --- Reading the pages ---------------------------------------------------------------------------------------
#
# Two ways of reading a page. `get_text_range` (pypdfium2) gives the text in logical order: pdfium runs its
# own bidi reordering over right-to-left lines, so it shows what copy-paste gives, not where the glyphs are.
# pypdf's extract_text is no better for order: it reverses every right-to-left run together with the neutral
# characters (digits, spaces) inside it. So for the order in which a reader's eye meets the glyphs we use
# geometry: every glyph pdfium found on the page with its own box (`get_charbox`; zero-width characters are
# generated spaces and line breaks, not ink), grouped into lines by baseline and sorted left to right. That is
# the drawn order, whatever /ActualText or an extractor's bidi heuristics say.


@dataclass(frozen=True)
class Glyph:
    char: str
    left: float
    bottom: float
    right: float
    top: float
    baseline: float
    spaced: bool  # a space (or a generated line break) comes before it in pdfium's text


@dataclass(frozen=True)
class Half:
    """One page as the patient holds it: a whole PDF page, or one half of an imposed booklet sheet."""
    number: int  # handout page number, 1-based (the booklet's page order, not the sheet's)
    sheet: int  # PDF page, 1-based
    left: float
    right: float
    height: float
    glyphs: tuple[Glyph, ...]
    text: str  # logical text (pdfium), lines separated by "\n"

    def where(self, key: Key, path: Path) -> str:
        side = "" if not key.booklet else f" (sheet side {self.sheet}, {'left' if self.left == 0 else 'right'} half)"
        return f"{key} page {self.number}{side} [{path.name}]"


@lru_cache(maxsize=None)
def read_pages(path: Path, booklet: bool, rtl: bool) -> tuple[Half, ...]:
    """The pages of a PDF in reading order; a booklet's halves in the order of the folded booklet
    (handout/pdf/booklet.py: fold_order, mirrored for right-to-left), blank halves left out."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        sheets = []
        for page in pdf:
            width, height = page.get_size()
            textpage = page.get_textpage()
            glyphs, turned = _glyphs(textpage, width)
            halves = [(0.0, width)] if not booklet else [(0.0, width / 2), (width / 2, width)]
            texts = [textpage.get_text_bounded(left=a, bottom=0, right=b, top=height) for a, b in halves]
            per_half = [[g for g in glyphs if a <= (g.left + g.right) / 2 < b] for a, b in halves]
            for k, (a, b) in enumerate(halves):
                if any(a <= x < b for x in turned):  # a turned page (handout/layout/turned.py): read its form as
                    per_half[k], texts[k] = _read_turned(path, len(sheets), a, b, height, per_half[k],  # its
                                                         textpage)  # reader turns it
            sheets.append((width, height, per_half, halves, texts))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    if not booklet:
        return tuple(Half(n, n, 0.0, w, h, tuple(g[0]), _lines(t[0]))
                     for n, (w, h, g, _, t) in enumerate(sheets, start=1))
    order = fold_order(2 * len(sheets), rtl, back_cover=True)
    out = []
    for sheet, ((w, h, per_half, halves, texts), numbers) in enumerate(zip(sheets, order), start=1):
        for (a, b), inside, text, number in zip(halves, per_half, texts, numbers):
            inside = tuple(inside)
            if inside:
                out.append(Half(number, sheet, a, b, h, inside, _lines(text)))
    return tuple(sorted(out, key=lambda half: half.number))


TURNED = 10_000.0  # where the glyphs of a turned page's form are placed (see _read_turned)


def _origin(textpage, index: int) -> tuple[float, float]:
    import ctypes

    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
    return x.value, y.value


def _glyphs(textpage, width: float) -> tuple[list[Glyph], list[float]]:
    """Every glyph with a box, and where (x) the glyphs turned a quarter are (a form set across the page)."""
    glyphs, spaced, turned = [], True, []
    for i in range(textpage.count_chars()):
        left, bottom, right, top = textpage.get_charbox(i)
        char = chr(pdfium_c.FPDFText_GetUnicode(textpage, i))
        if abs(pdfium_c.FPDFText_GetCharAngle(textpage, i) - 3 * math.pi / 2) < 0.1:  # pdfium: clockwise
            turned.append((left + right) / 2)
            continue
        if char in "\x02\ufffe":  # pdfium's code for a hyphen that ends a line: the glyph drawn is a hyphen
            char = "-"
        if right - left <= 0.01 or char.isspace() or not char.isprintable():
            spaced = True
            continue
        glyphs.append(Glyph(char, left, bottom, right, top, _origin(textpage, i)[1], spaced))
        spaced = False
    return glyphs, turned


def _read_turned(path: Path, index: int, a: float, b: float, height: float, glyphs: list[Glyph], original):
    """A turned page (the stretch a..b of PDF page `index`) read as its reader turns it: a copy of the
    page with its drawing turned back a quarter (pypdf), read by pdfium like any page; the footer, which
    is not turned, from the page itself. The form's glyphs are placed far above the page (TURNED) so
    their lines never mix with the footer's; x stays x, for a booklet's halves."""
    import io

    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter()
    page = writer.add_page(PdfReader(str(path)).pages[index])
    page.add_transformation(Transformation((0, -1, 1, 0, 0, b)))  # (x, y) -> (y, b - x)
    page.mediabox.lower_left, page.mediabox.upper_right = (0, 0), (height, b - a)
    buffer = io.BytesIO()
    writer.write(buffer)
    # what is not turned: the footer, and the band across the top of a marked page
    footer = max((g.top for g in glyphs if g.top < height / 2), default=0.0) + 1
    band = min((g.bottom for g in glyphs if g.bottom > height / 2), default=height) - 1
    pdf = pdfium.PdfDocument(buffer.getvalue())
    try:
        textpage = pdf[0].get_textpage()
        form, _ = _glyphs(textpage, height)
        form = [Glyph(g.char, a + g.left, TURNED + g.bottom, a + g.right, TURNED + g.top, TURNED + g.baseline,
                      g.spaced) for g in form if footer < g.left and g.right < band and 0 <= g.bottom < b - a]
        form_text = textpage.get_text_bounded(left=footer, bottom=0, right=band, top=b - a)
        form_text = "\n".join(_stacked_numbers(line) for line in _lines(form_text).split("\n"))
    finally:
        pdf.close()
    furniture = [original.get_text_bounded(left=a, bottom=0, right=b, top=footer),
                 original.get_text_bounded(left=a, bottom=band, right=b, top=height)]
    return glyphs + form, "\n".join([furniture[1], form_text, furniture[0]])


def _stacked_numbers(line: str) -> str:
    """pdfium reads a column of one-digit numbers on a turned-back page as one vertical line ("1234567"):
    the day numbers 1 to 9 of the diary's rows. Such a line of consecutive numbers is read apart again."""
    if line.isdigit() and len(line) > 2:
        for first in range(1, 10):
            for last in range(first + 2, 30):
                if "".join(map(str, range(first, last + 1))) == line:
                    return " ".join(map(str, range(first, last + 1)))
    return line


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def glyph_lines(glyphs) -> list[tuple[float, list[Glyph]]]:
    """Glyphs grouped into lines by baseline (1.5 pt apart at most), each sorted left to right."""
    lines: list[tuple[float, list[Glyph]]] = []
    for glyph in sorted(glyphs, key=lambda g: -g.baseline):
        if lines and abs(lines[-1][0] - glyph.baseline) <= 1.5:
            lines[-1][1].append(glyph)
        else:
            lines.append((glyph.baseline, [glyph]))
    return [(y, sorted(line, key=lambda g: g.left)) for y, line in lines]


def tokens_on_line(line: list[Glyph]) -> list[tuple[str, list[Glyph]]]:
    """Words: runs of glyphs with no space between them in pdfium's text and no gap wider than half a
    glyph's height (so a table cell's words stay apart from the next cell's)."""
    out: list[tuple[str, list[Glyph]]] = []
    for glyph in line:
        last = out[-1][1][-1] if out else None
        if last and not (glyph.spaced and last.spaced) and \
                glyph.left - last.right <= 0.5 * max(glyph.top - glyph.bottom, last.top - last.bottom):
            out[-1] = (out[-1][0] + glyph.char, out[-1][1] + [glyph])
        else:
            out.append((glyph.char, [glyph]))
    return out


def footer_top(half: Half) -> float:
    """The top of the page footer: the lowest line that carries the clinic's phone digits (drawn order).
    When the phone is missing (another test says so), 25 mm above the bottom of the page."""
    found = [max(g.top for g in line) for y, line in glyph_lines(half.glyphs)
             if PHONE_DIGITS in "".join(g.char for g in line if g.char.isdigit())]
    return min(found) if found else 25 * MM


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("\u00a0", " ").replace("\u202f", " ")


# --- a. The phone number, whole, on every page ----------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS, ids=str)
def test_phone_number_whole_and_in_order_on_every_page(built, key):
    """Every page's footer prints the clinic's phone. The logical text holds '020 7946 0123' (a no-break
    space reads as a space), and the drawn glyphs, read left to right on one line, hold its digits as one
    run: not split over two lines, not reversed or shuffled by a right-to-left line."""
    path = pdf_of(built, key)
    problems = []
    for half in read_pages(path, key.booklet, key.locale in RTL):
        if PHONE not in re.sub(r"\s+", " ", nfkc(half.text)):
            problems.append(f"{half.where(key, path)}: '{PHONE}' is not in the page's text")
        drawn = ["".join(g.char for g in line if not g.char.isspace()) for _, line in glyph_lines(half.glyphs)]
        if not any(PHONE_DIGITS in nfkc(line) for line in drawn):
            near = [line for line in drawn if "7946" in line or "0123" in line or "020" in line]
            problems.append(f"{half.where(key, path)}: the digits {PHONE_DIGITS} are not drawn in order on one "
                            f"line; lines with parts of it: {near[:4]}")
    assert not problems, "\n".join(problems)


# --- b. No word cut in half -----------------------------------------------------------------------------------

EDGE = "()[]{}<>«»‹›\"'“”„‘’‚,;:.!?¿¡…·•–—|*،؛؟。，：；？！、）（「」『』《》〈〉【】٫٬"
ADDRESS_BREAKS = "@./?&=)"  # handout/layout/textflow.py: ATOM_BREAK
CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
DEVANAGARI = re.compile(r"[\u0900-\u097f]")
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u2066\u2067\u2068\u2069\u202a\u202b"
                                  "\u202c\u202d\u202e\ufeff\x02"))
CLOSING = "，。：；？！、）」』》〉】"


def strip_edges(word: str) -> str:
    return word.strip(EDGE)


def normal_word(word: str) -> str:
    """A word as compared: NFKC (Arabic presentation forms are letters again), no invisible controls
    (ZWNJ, bidi marks), no Arabic tatweel, without punctuation at its edges."""
    word = nfkc(word).translate(INVISIBLE).replace("\u0640", "")
    # combining marks left after NFKC (Arabic and Hebrew vowel signs, shadda): pdfium may put them
    # after a following full stop ("أولا.ً"); compared without them on both sides
    return strip_edges("".join(c for c in word if unicodedata.category(c) != "Mn"))


@dataclass(frozen=True)
class Vocabulary:
    words: frozenset[str]
    pieces: frozenset[str]  # the parts of source words between hyphens, and their runs of letters or digits
    addresses: tuple[str, ...]  # emails and URLs, which may break after '@', '.' or '/'

    def accepts(self, token: str, rtl: bool = False) -> bool:
        word = normal_word(token)
        if not word or word in self.words or not any(c.isalnum() for c in word):
            return True
        if self.address_piece(token):
            return True
        if not any(c.isalpha() for c in word):  # a number or a range not in the source ('0-1' of '0-10');
            # a page number 'x/y' (Vietnamese 'Trang {page}/{pages}'): each a number of the handout
            return bool(re.fullmatch(r"\d+/\d+", word)) and all(n in self.words for n in word.split("/"))
        if ADDRESS_LIKE.search(word):  # a piece of an email or URL breaks only where address_piece allows
            return False
        if "-" in word or "\u05be" in word:  # a compound: each part a part of a source word
            if all(part in self.pieces for part in re.split(r"[-\u05be]", word) if part):
                return True
        # Right to left: pdfium's bidi reordering of a token mixing letters and digits ("ל-42" comes out
        # as "ל42-") is not the source's order; each of its runs of letters or digits must be a source run.
        # On a line shared with left-to-right text (the bilingual edition's headings, side by side) pdfium
        # may give a word with a vowel mark in drawing order ("نَم" for "مَن"): read back, it is a word.
        return rtl and (all(run in self.pieces for run in RUNS.findall(word)) or normal_word(token[::-1]) in self.words)

    def address_piece(self, token: str) -> bool:
        """A piece of an email or URL that starts at its beginning or right after '@', '.' or '/', and
        ends at its end or with one of them."""
        raw = nfkc(token).strip("()[]<>«»\"'“”,;:!?")
        kept = nfkc(token).strip("([]<>«»\"'“”,;:!")  # a piece may end at a DOI's ')' or a query's '?'
        for piece in {raw, raw.rstrip("."), kept}:  # a full stop may end the sentence after an address
            for address in self.addresses:
                start = address.find(piece)
                while start != -1 and piece:
                    end = start + len(piece)
                    if (start == 0 or address[start - 1] in ADDRESS_BREAKS) and \
                            (end == len(address) or piece[-1] in ADDRESS_BREAKS):
                        return True
                    start = address.find(piece, start + 1)
        return False


RUNS = re.compile(r"\d+|[^\W\d_]+")
ADDRESS_LIKE = re.compile(r"[@/]|[^\W\d_]\.[^\W\d_]")


def words_of(text: str) -> set[str]:
    text = nfkc(text.replace("**", "")).translate(INVISIBLE)
    out = set()
    for raw in text.split():
        out.add(normal_word(raw))
        # a word glued to a citation or a bracket inside it ("ومنها[3]", "(LDN,"): its parts too
        out.update(normal_word(p) for p in re.split(r"[\[\]()«»]", raw) if p)
    return out


def fill(text: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), " "), text)


@lru_cache(maxsize=None)
def vocabulary(locale: str) -> Vocabulary:
    """Every word the handout may print in `locale` (and in English, for the bilingual edition and the
    references): the English content and the locale's catalog with placeholders filled (doses, percentages,
    clinic fields), the clinic's fields, dates, the language's own name and the numbers 0-100."""
    texts = []
    words: set[str] = set()
    for lang in {"en", locale}:
        values = placeholder_values(HANDOUT, lang)
        values.update(CLINIC.placeholders())
        values.update(url=CLINIC.short_url, language=own_name(lang), version=HANDOUT.meta.version)
        dates = [format_date(getattr(HANDOUT.meta, k), format="long", locale=lang)
                 for k in ("published", "last_reviewed", "next_review")]
        values["date"] = " ".join(dates)
        sources = [t.source for t in iter_texts(HANDOUT)]
        if lang != "en":
            with open(ROOT / "locales" / lang / "LC_MESSAGES" / "handout.po", "rb") as handle:
                catalog = read_po(handle)
            sources += [m.string for m in catalog if m.id and isinstance(m.string, str)]
        texts += [fill(s, values) for s in sources] + list(values.values()) + dates
        words.update(format_decimal(n, locale=lang) for n in range(0, 101))
    texts += [CLINIC.name, CLINIC.department, CLINIC.address, CLINIC.phone]
    for text in texts:
        words |= words_of(text)
    words.discard("")
    pieces = {part for word in words for part in re.split(r"[-\u05be]", word) if part}
    pieces |= {run for word in words for run in RUNS.findall(word)}
    addresses = tuple(a for a in (CLINIC.email, CLINIC.feedback, CLINIC.website, CLINIC.url, CLINIC.short_url) if a)
    return Vocabulary(frozenset(words), frozenset(pieces), addresses)


def checkable(token: str, locale: str) -> bool:
    """Chinese is written without spaces and shaped Devanagari extracts as glyph codes, not letters
    (tests/translate/test_shipped_translations.py): their words cannot be compared; their Latin words and
    numbers can."""
    if locale == "zh_Hans" and CJK.search(token):
        return False
    if locale == "hi" and DEVANAGARI.search(token):
        return False
    return True


def hyphenation_point(head: str, tail: str, locale: str) -> bool:
    """Whether the language's hyphenation dictionary (pyphen) allows the word head+tail to break there."""
    lang = pyphen.language_fallback(locale)
    if not lang:
        return False
    word = normal_word(head + tail)
    return len(normal_word(head)) in pyphen.Pyphen(lang=lang).positions(word)


def cut_words(text: str, vocab: Vocabulary, locale: str) -> list[str]:
    """Words of a page's text (lines joined where a line ends in a hyphen, as a real hyphenation prints
    one) that are not words of the source: halves of a word cut without a hyphen."""
    # pdfium reports a hyphen that ends a line as U+FFFE (and joins the lines); ReportLab's as "\x02"
    text = nfkc(text.replace("\ufffe", "-\n").replace("\x02", "-\n").replace("--\n", "-\n"))
    lines = [line.strip() for line in text.split("\n")]
    joined = []
    for line in lines:
        last = joined[-1].split()[-1] if joined and joined[-1].split() else ""
        # "Low-" / "dose" is "Low-dose"; but an address never breaks at a hyphen (a reader could not tell
        # whether the hyphen is part of it), so its pieces are judged apart
        if last.endswith("-") and last[:-1][-1:].isalnum() and not re.search(r"[@/]|\.\w", last) and line:
            # a compound keeps its hyphen ("Low-dose"); a word hyphenated at the line end (a dictionary's
            # break, printed with its hyphen: "Blä-" / "hung") is the word without it
            first = line.split()[0]
            hyphenated = not vocab.accepts(last + first, locale in RTL) and vocab.accepts(last[:-1] + first,
                                                                                         locale in RTL) \
                and hyphenation_point(last[:-1], first, locale)
            joined[-1] = (joined[-1][:-1] if hyphenated else joined[-1]) + line
        else:
            joined.append(line)
    tokens = " ".join(joined).translate(INVISIBLE).split()
    rtl = locale in RTL
    return [token for token in tokens if checkable(token, locale) and not vocab.accepts(token, rtl)]


def closing_punctuation_starts(text: str) -> list[str]:
    """Lines that start with closing punctuation (Chinese line breaking keeps it at the end of a line)."""
    return [line.strip()[:12] for line in text.split("\n") if line.strip()[:1] in CLOSING]


def test_cut_word_checker_rejects_a_cut_word_and_accepts_whole_ones():
    """The checker itself, on made-up page text: whole words pass, halves of a cut word do not."""
    vocab = vocabulary("es")
    whole = "Frecuencia de efectos secundarios: muy frecuentes. Llame al 020 7946 0123.\nPregunte antes a su médico [3, 4]. Página 2 de 7"
    assert cut_words(whole, vocab, "es") == []
    assert cut_words("Frecu\nencia de efectos", vocab, "es") == ["Frecu", "encia"]
    assert cut_words("muy fre-\ncuentes", vocab, "es") == []  # hyphenated where the dictionary allows, the
    # hyphen printed: a whole word
    assert cut_words("muy frecu-\nencia", vocab, "es") == ["frecu-encia"]  # a hyphen does not make a word
    assert cut_words("Llame al 00\n0 0000 000\n0", vocab, "es") == ["00", "0000", "000"]  # the '00|0 0000 000|0'
    assert cut_words("Llame al 020 7946 01\n23", vocab, "es") == ["01"]
    assert cut_words("Llame al 020 794\n6 0123", vocab, "es") == ["794"]  # ("6" is a number of the handout)
    assert cut_words("para el dolor. Low-\ndose naltrexone", vocab, "es") == []
    email = CLINIC.email
    assert cut_words(f"Correo: {email[:17]}\n{email[17:]}", vocab, "es") == []  # after '@'
    assert cut_words(f"Correo: {email[:6]}\n{email[6:]}", vocab, "es") == [email[:6], email[6:]]  # 'gastro' / '.rec...'
    assert cut_words(f"Correo: {email[:20]}\n{email[20:]}", vocab, "es") == [email[:20], email[20:]]
    assert cut_words("Correo: gastro.reception@stbartholomews-\nhealth.example.org", vocab, "es") == \
        ["gastro.reception@stbartholomews-", "health.example.org"]  # never at a hyphen
    assert cut_words("visite www.stb\nartholomews-health.example.org/le\naflets/ldn-ibs", vocab, "es") == \
        ["www.stb", "artholomews-health.example.org/le", "aflets/ldn-ibs"]
    assert cut_words("visite www.stbartholomews-health.example.org/\nleaflets/ldn-ibs para leer", vocab, "es") == []
    assert cut_words("الهاتف: 020 7946 0123", vocabulary("ar"), "ar") == []
    assert cut_words("الهاتف: 020 7946 01\n23", vocabulary("ar"), "ar") == ["01"]
    assert cut_words("腹痛 （0-1\n0）", vocabulary("zh_Hans"), "zh_Hans") == ["(0-1"]  # "0)" alone is a number
    assert cut_words("腹痛 （0-10）", vocabulary("zh_Hans"), "zh_Hans") == []
    assert closing_punctuation_starts("止痛药，\n用药。") == []
    assert closing_punctuation_starts("止痛药\n，用药。") == ["，用药。"]


@pytest.mark.parametrize("key", KEYS, ids=str)
def test_no_word_is_cut_without_a_hyphen(built, key):
    """Every word on a page is a word of the source (English content, the locale's catalog, the clinic's
    fields, formatted numbers and dates). A table cell too narrow for its word cuts it with no hyphen
    ("Frecu" / "encia"), a number broken over two lines leaves pieces that are not numbers of the source,
    and an email address or URL may break only after '@', '.' or '/'. Chinese: no line starts with closing
    punctuation (its words are not separated by spaces)."""
    path = pdf_of(built, key)
    vocab = vocabulary(key.locale)
    problems = []
    for half in read_pages(path, key.booklet, key.locale in RTL):
        for word in cut_words(half.text, vocab, key.locale):
            problems.append(f"{half.where(key, path)}: '{word}' is not a word of the handout")
        if key.locale == "zh_Hans":
            for line in closing_punctuation_starts(half.text):
                problems.append(f"{half.where(key, path)}: a line starts with closing punctuation: {line!r}")
    assert not problems, f"{len(problems)} cut word(s):\n" + "\n".join(problems[:60])


# --- c. The symptom diary in whole weeks, under its headers, with rows to write in ----------------------------

DIARY = next(b for s in HANDOUT.sections for b in s.blocks if isinstance(b, Tracker))
WHOLE = [set(range(a, b + 1)) for a, b in ((1, 7), (8, 14), (15, 21), (22, 28), (1, 14), (15, 28), (1, 28))]
ROW_MIN = {"standard": 7 * MM, "bilingual": 7 * MM, "large-print": 10 * MM}


def diary_days(half: Half) -> list[tuple[int, float]]:
    """The diary's day numbers on a page, with their baselines: the numbers 1-28 standing alone above the
    footer that line up in one column (same left edge, right edge or centre). Found by position, not by
    the 'Day' label, so it works in every script; a list's '1.' or a dose '0.5' is not a lone number."""
    floor = footer_top(half)
    numbers = []
    for baseline, line in glyph_lines(half.glyphs):
        for token, glyphs in tokens_on_line(line):
            if token.isdigit() and 1 <= int(token) <= DIARY.days and min(g.bottom for g in glyphs) > floor:
                numbers.append((int(token), baseline, glyphs[0].left, glyphs[-1].right))
    best: list = []
    for edge in (lambda n: n[2], lambda n: n[3], lambda n: (n[2] + n[3]) / 2):
        column: list = []
        for number in sorted(numbers, key=edge) + [None]:  # columns: edges within 3 pt of the previous
            if number is not None and column and edge(number) - edge(column[-1]) <= 3:
                column.append(number)
                continue
            # in the column, top to bottom, the longest run of consecutive days
            run: list = []
            for item in sorted(column, key=lambda n: -n[1]):
                run = run + [item] if run and item[0] == run[-1][0] + 1 else [item]
                if len(run) > len(best):
                    best = list(run)
            column = [number]
    if len(best) < 3:  # three consecutive lone numbers in a column: a diary, not stray numbers
        return []
    return [(n, y) for n, y, _, _ in best]


def diary_labels(locale: str) -> list[str]:
    """The diary's column headers as printed in `locale` (the diary is set once, in the patient's
    language, in the bilingual edition)."""
    labels = [DIARY.day_label, DIARY.date_label, *DIARY.columns]
    if locale == "en":
        return [t.source.replace("**", "") for t in labels]
    with open(ROOT / "locales" / locale / "LC_MESSAGES" / "handout.po", "rb") as handle:
        catalog = read_po(handle)
    out = []
    for text in labels:
        message = catalog.get(text.source, context=text.context)
        out.append((message.string if message and message.string else text.source).replace("**", ""))
    return out


def label_on_page(label: str, page_text: str, locale: str) -> bool:
    """Every word of the label is on the page (a header cell may wrap its label over lines). Chinese: every
    character; Hindi: the parts in Latin letters and digits ('(0-10)'): its letters extract as glyph codes."""
    page_text = page_text.replace("\ufffe", "-\n").replace("\x02", "-\n")
    text = re.sub(r"\s+", "", nfkc(page_text).translate(INVISIBLE))
    # a heading word hyphenated at a line end ("Bloat-" / "ing") is on the page too
    text += "\n" + re.sub(r"\s+", "", re.sub(r"-[ \t]*\r?\n", "", nfkc(page_text)).translate(INVISIBLE))
    words = label.split()
    if locale == "zh_Hans":
        words = list(re.sub(r"\s+", "", label))
    if locale == "hi":
        words = [w for w in words if not DEVANAGARI.search(w)]
    return all(re.sub(r"\s+", "", nfkc(w).translate(INVISIBLE)) in text for w in words)


@pytest.mark.parametrize("key", KEYS, ids=str)
def test_diary_is_in_whole_weeks_under_all_its_headers(built, key):
    """Each page that holds diary rows has all the diary's column headers (one grid, all columns
    together), its days are a whole week, fortnight or all 28 (never a week split over two pages), every
    day 1-28 is there, and the rows are tall enough to write in by hand: at least 7 mm apart (10 mm in
    large print), measured between the baselines of consecutive day numbers (a booklet's half pages are
    placed on the sheet at scale 1, handout/pdf/booklet.py, so points on the sheet are points on the page)."""
    path = pdf_of(built, key)
    labels = diary_labels(key.locale)
    problems, seen, headed = [], set(), set()
    # The one exception, a physical limit: a large-print booklet's half page (A5) cannot hold the eight
    # columns at 18 pt in most languages, not even turned across its length (their headings alone are
    # wider: handout/layout/blocks.py measures them). There the columns are shared over grids that each keep the
    # day column, so rows can be matched, and the grids together hold every column.
    shared = key.booklet and key.edition == "large-print"
    for half in read_pages(path, key.booklet, key.locale in RTL):
        days = diary_days(half)
        if not days:
            continue
        where = half.where(key, path)
        numbers = [n for n, _ in days]
        seen.update(numbers)
        missing = [label for label in labels if not label_on_page(label, half.text, key.locale)]
        headed.update(label for label in labels if label not in missing)
        if shared and missing and labels[0] not in missing:
            missing = []
        if missing:
            problems.append(f"{where}: diary rows {min(numbers)}-{max(numbers)} without the column header(s) {missing}")
        if set(numbers) not in WHOLE or len(numbers) != len(set(numbers)):
            problems.append(f"{where}: the diary days on this page are {numbers}, not a whole week or fortnight")
        for (a, ya), (b, yb) in zip(days, days[1:]):
            if ya - yb < ROW_MIN[key.edition] - 0.01:
                problems.append(f"{where}: diary rows {a} and {b} are {(ya - yb) / MM:.2f} mm apart, "
                                f"less than {ROW_MIN[key.edition] / MM:.0f} mm")
                break
    if seen != set(range(1, DIARY.days + 1)):
        problems.append(f"{key} [{path.name}]: diary days missing: {sorted(set(range(1, DIARY.days + 1)) - seen)}")
    if set(labels) - headed:
        problems.append(f"{key} [{path.name}]: diary columns on no page: {sorted(set(labels) - headed)}")
    assert not problems, "\n".join(problems)


def is_turned(path: Path, half: Half) -> bool:
    """Whether text on this page (half) is turned a quarter: a form set across the page."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        textpage = pdf[half.sheet - 1].get_textpage()
        for i in range(textpage.count_chars()):
            left, _, right, _ = textpage.get_charbox(i)
            if half.left <= (left + right) / 2 < half.right and \
                    abs(pdfium_c.FPDFText_GetCharAngle(textpage, i) - 3 * math.pi / 2) < 0.1:
                return True
        return False
    finally:
        pdf.close()


def horizontal_rules(path: Path, half: Half) -> list[float]:
    """The heights of the horizontal rules drawn across at least a third of a page (table grid lines, the
    footer's rule), from the drawn paths: what the reader sees as lines."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[half.sheet - 1]
        found = set()
        for obj in page.get_objects(max_depth=8):
            if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
                continue
            left, bottom, right, top = obj.get_bounds()
            if top - bottom < 3 and right - left > (half.right - half.left) / 3 and \
                    half.left - 1 <= left and right <= half.right + 1:
                found.add(round((top + bottom) / 2, 1))
        return sorted(found, reverse=True)
    finally:
        pdf.close()


STYLES = yaml.safe_load((ROOT / "handout" / "data" / "styles.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", [k for k in KEYS if not k.booklet], ids=str)
def test_diary_rows_are_equal_and_use_the_page(built, key):
    """The diary uses the page it is on: its day rows are all of one height, and below its last row there is
    less than one row's height of empty space before the footer (rows grow to fill the page), unless the
    rows are already as tall as the style lets them be (tracker.row_height_max_mm in styles.yaml, where there
    is one). Measured from the drawn PDF: the grid's rules around each day number, and the highest rule or
    glyph below the grid (the footer). A diary turned across the page (where its columns need the page's
    length; its rows then run across the page) is not measured here."""
    path = pdf_of(built, key)
    tallest = STYLES[key.edition].get("tracker", {}).get("row_height_max_mm")
    problems = []
    for half in read_pages(path, key.booklet, key.locale in RTL):
        days = diary_days(half)
        if not days or is_turned(path, half):
            continue
        where = half.where(key, path)
        rules = horizontal_rules(path, half)
        rows = []
        for day, baseline in days:
            above = [y for y in rules if y > baseline]
            below = [y for y in rules if y < baseline]
            if not above or not below:
                problems.append(f"{where}: day {day} is not between two rules of the grid")
                continue
            rows.append((day, min(above), max(below)))
        if not rows:
            continue
        heights = [top - bottom for _, top, bottom in rows]
        if max(heights) - min(heights) > 0.5:
            problems.append(f"{where}: the diary's rows are not of one height: "
                            f"{sorted({round(h / MM, 1) for h in heights})} mm")
        bottom = min(b for _, _, b in rows)
        under = [y for y in rules if y < bottom - 0.5] + [g.top for g in half.glyphs if g.top < bottom - 0.5]
        empty = bottom - max(under, default=0.0)
        row = max(heights)
        at_tallest = tallest is not None and row >= tallest * MM - 0.5
        if empty > row + 1 and not at_tallest:
            problems.append(f"{where}: {empty / MM:.1f} mm empty below the diary's last row, more than a row "
                            f"({row / MM:.1f} mm): the rows do not grow to fill the page")
    assert not problems, "\n".join(problems)


# --- d. No near-empty page ------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def dark_rows(path: Path, sheet: int, left: float, right: float) -> tuple[int, ...]:
    """For each pixel row of a page (or a booklet half) rendered at 72 dpi in grey, from the top: how
    many pixels are not white or a pale fill (grey level below 224: ink, and a thin rule anti-aliased)."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        image = pdf[sheet - 1].render(scale=1, grayscale=True).to_pil().convert("L")  # 1 px = 1 pt
    finally:
        pdf.close()
    image = image.crop((round(left), 0, round(right), image.height))
    return tuple(sum(image.crop((0, y, image.width, y + 1)).histogram()[:224]) for y in range(image.height))


@pytest.mark.parametrize("key", KEYS, ids=str)
def test_no_page_but_the_last_is_nearly_empty(built, key):
    """Every page but the last has at least a quarter of its body filled.

    Method (pixels): the page is rendered at 72 dpi in grey. The footer's rule is the lowest pixel row
    dark across more than three quarters of the page width (the diary grid's lines are higher up); the
    body runs from the top margin (styles.yaml) down to it. The fill is the distance from the top margin
    down to the lowest dark pixel above the rule (text, a table's rules, a picture), less the 3 mm gap
    the frame keeps above the footer, divided by the body's height. A booklet's halves are measured
    apart; its blank padding halves are left to the back-cover test."""
    path = pdf_of(built, key)
    halves = read_pages(path, key.booklet, key.locale in RTL)
    problems = []
    for half in halves[:-1]:
        rows = dark_rows(path, half.sheet, half.left, half.right)
        width = half.right - half.left
        rules = [y for y, dark in enumerate(rows) if dark > 0.75 * width]
        top = round(TOP_MARGIN_MM[key.edition] * MM)
        if not rules:
            problems.append(f"{half.where(key, path)}: no footer rule found")
            continue
        rule = rules[-1]
        while rule - 1 in rules:  # a rule a few pixels thick: its top
            rule -= 1
        ink = [y for y in range(top, rule - 1) if rows[y]]
        filled = ((ink[-1] - top) / (rule - 3 * MM - top)) if ink else 0.0
        if filled < 0.25:
            problems.append(f"{half.where(key, path)}: only {filled:.0%} of the page body is used")
    assert not problems, "\n".join(problems)


# --- e. A booklet's back cover is the contact page ------------------------------------------------------------


@pytest.mark.parametrize("key", BOOKLETS, ids=str)
def test_booklet_back_cover_is_the_contact_page(built, key):
    """Folded, the booklet's last page is its back cover: the half of the first sheet side opposite
    page 1 (fold_order: left half for left-to-right languages, right half for right-to-left). Whoever
    picks the booklet from a rack sees it, so it holds the clinic's phone and the 'other formats' line
    (in Hindi, whose letters extract as glyph codes, the phone only), not diary rows, and is not blank."""
    path = pdf_of(built, key)
    halves = read_pages(path, key.booklet, key.locale in RTL)
    pdf = pdfium.PdfDocument(str(path))
    total = 2 * len(pdf)
    pdf.close()
    back = next((h for h in halves if h.number == total), None)
    where = f"{key} back cover (page {total}, sheet side 1) [{path.name}]"
    assert back is not None, f"{where}: blank"
    problems = []
    text = re.sub(r"\s+", " ", nfkc(back.text))
    if PHONE not in text:
        problems.append(f"{where}: no clinic phone {PHONE}")
    formats = vocabulary_label("other_formats", key.locale)
    if key.locale != "hi" and re.sub(r"\s+", "", formats) not in re.sub(r"\s+", "", text.translate(INVISIBLE)):
        problems.append(f"{where}: no '{formats}' line")
    days = diary_days(back)
    if days:
        problems.append(f"{where}: holds diary rows {days[0][0]}-{days[-1][0]}")
    assert not problems, "\n".join(problems)


def vocabulary_label(name: str, locale: str) -> str:
    text = HANDOUT.labels[name]
    if locale != "en":
        with open(ROOT / "locales" / locale / "LC_MESSAGES" / "handout.po", "rb") as handle:
            message = read_po(handle).get(text.source, context=text.context)
        if message and message.string:
            return nfkc(message.string).translate(INVISIBLE)
    return nfkc(text.source)


# --- f. Room above every heading; references follow the text ------------------------------------------------


def _style_sizes(key: Key) -> tuple[float, float, float, float]:
    """(body leading, heading size, heading leading, reference size) of the style set `key` is drawn with
    (handout/data/styles.yaml: a booklet's half pages use the booklet set)."""
    from handout.layout.styles import _sheet, style_set

    sheet = _sheet()[style_set(key.edition, "a5" if key.booklet else "a4")]["paragraph"]

    def attr(name: str, field: str) -> float:
        style = sheet[name]
        while field not in style:
            style = sheet[style["parent"]]
        return float(style[field])
    return attr("body", "leading"), attr("heading", "fontSize"), attr("heading", "leading"), \
        attr("reference", "fontSize")


@lru_cache(maxsize=None)
def sized_lines(path: Path, sheet: int, left: float, right: float) -> tuple[tuple[float, float, float, float, str], ...]:
    """The lines of one page (or booklet half) as drawn, top first: (baseline, type size, left, right, text).
    Glyphs of one size on one baseline (within 1 pt) make a line; a gap wider than 40 pt starts another
    (the next column). Glyphs turned across the page (the diary set across it) are left out."""
    import ctypes

    pdf = pdfium.PdfDocument(str(path))
    try:
        textpage = pdf[sheet - 1].get_textpage()
        glyphs = []
        for i in range(textpage.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage, i))
            if char.isspace() or not char.isprintable():
                continue
            if abs(math.sin(pdfium_c.FPDFText_GetCharAngle(textpage, i))) > 0.1:
                continue
            x0, _, x1, _ = textpage.get_charbox(i)
            if x1 - x0 <= 0.01 or not left <= (x0 + x1) / 2 < right:
                continue
            x, y = ctypes.c_double(), ctypes.c_double()
            pdfium_c.FPDFText_GetCharOrigin(textpage, i, ctypes.byref(x), ctypes.byref(y))
            glyphs.append((y.value, round(pdfium_c.FPDFText_GetFontSize(textpage, i), 1), x0, x1, char))
    finally:
        pdf.close()
    lines: list[tuple[float, float, float, float, str]] = []
    for base, size, x0, x1, char in sorted(glyphs, key=lambda g: (-g[0], g[2])):
        if lines and abs(lines[-1][0] - base) <= 1 and lines[-1][1] == size and x0 - lines[-1][3] < 40:
            b, s, l, r, text = lines[-1]
            lines[-1] = (b, s, min(l, x0), max(r, x1), text + char)
        else:
            lines.append((base, size, x0, x1, char))
    return tuple(lines)


def content_lines(path: Path, halves) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's lines without the page furniture: the lines printed on most pages (the footer with the
    phone, the 'not yet checked by a health professional' band) and the page's lowest line (its number)."""
    from collections import Counter

    pages = [sized_lines(path, half.sheet, half.left, half.right) for half in halves]
    seen = Counter(text for lines in pages for text in {line[4] for line in lines})
    furniture = {text for text, count in seen.items() if count >= max(3, len(pages) // 2)}
    out = []
    for lines in pages:
        lowest = min((line[0] for line in lines), default=0.0)
        out.append([line for line in lines if line[4] not in furniture and line[0] > lowest + 1])
    return out


@pytest.mark.parametrize("key", KEYS, ids=str)
def test_a_body_line_of_space_above_every_heading(built, key):
    """Above every section heading there is at least one empty line of body text: from the baseline of
    the last line above it (in its column) to the heading's baseline is at least the body's leading plus
    the heading's own (1 pt allowed for rounding). A heading squeezed against the text before it (1.8 to
    3 pt in the bilingual editions and German large print, where a near-empty-page retry took the space
    away) reads as part of that text. A heading at the top of a page has nothing above it to measure."""
    path = pdf_of(built, key)
    halves = read_pages(path, key.booklet, key.locale in RTL)
    body_leading, heading, heading_leading, _ = _style_sizes(key)
    problems, seen = [], 0
    for half, lines in zip(halves, content_lines(path, halves)):
        for previous, line in zip(lines, lines[1:]):
            if line[1] != heading or previous[1] == heading:
                continue
            above = [ln for ln in lines if ln[0] > line[0] + 1 and ln[2] < line[3] and line[2] < ln[3]]
            if not above:
                continue
            seen += 1
            nearest = min(above, key=lambda ln: ln[0])
            space = nearest[0] - line[0] - heading_leading
            if space < body_leading - 1:
                problems.append(f"{half.where(key, path)}: {space:.1f} pt above the heading '{line[4][:30]}' "
                                f"(after '{nearest[4][-30:]}'), less than a body line ({body_leading:g} pt)")
    assert seen, f"{key}: no heading found at {heading:g} pt below other text"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("key", KEYS, ids=str)
def test_references_follow_the_text(built, key):
    """The references start on a page that has text above them: they follow the text in their smaller
    type (two columns where two fit) instead of starting a page of their own, as they did when the last
    section before the diary was moved to a new page (a page of references alone: en Letter p6, es-en p7,
    ar p5, hi p5, de large print p9)."""
    path = pdf_of(built, key)
    halves = read_pages(path, key.booklet, key.locale in RTL)
    _, heading, _, _ = _style_sizes(key)
    title = nfkc(vocabulary_section_title("references", key.locale)).replace(" ", "")
    found = []
    for half, lines in zip(halves, content_lines(path, halves)):
        for index, line in enumerate(lines):
            if line[1] == heading and nfkc(line[4]).replace(" ", "") in (title, title[::-1]):
                found.append((half, lines[:index]))
    assert found, f"{key}: the references' heading '{title}' not found at {heading:g} pt"
    for half, above in found:
        before = next((h for h in halves if h.number == half.number - 1), None)
        if before is not None and page_fill(path, before, key) >= 0.75:
            continue  # the text filled the page before (three quarters: room for no more than a heading)
        assert any(line[1] != heading for line in above), \
            f"{half.where(key, path)}: the references start a page of their own " \
            f"(the page before is {page_fill(path, before, key):.0%} full)"


def page_fill(path: Path, half: Half, key: Key) -> float:
    """How much of a page's body is used, measured as test_no_page_but_the_last_is_nearly_empty does."""
    rows = dark_rows(path, half.sheet, half.left, half.right)
    width = half.right - half.left
    rules = [y for y, dark in enumerate(rows) if dark > 0.75 * width]
    top = round(TOP_MARGIN_MM[key.edition] * MM)
    if not rules:
        return 0.0
    rule = rules[-1]
    while rule - 1 in rules:
        rule -= 1
    ink = [y for y in range(top, rule - 1) if rows[y]]
    return ((ink[-1] - top) / (rule - 3 * MM - top)) if ink else 0.0


def vocabulary_section_title(section_id: str, locale: str) -> str:
    section = next(s for s in HANDOUT.sections if s.id == section_id)
    text = section.title
    if locale != "en":
        with open(ROOT / "locales" / locale / "LC_MESSAGES" / "handout.po", "rb") as handle:
            message = read_po(handle).get(text.source, context=text.context)
        if message and message.string:
            return message.string
    return text.source


# --- g. A booklet: no blank pages, and the print settings in the file -----------------------------------------


@pytest.mark.parametrize("key", BOOKLETS, ids=str)
def test_booklet_has_no_blank_page_and_asks_for_its_print_settings(built, key):
    """A booklet's pages come in fours: where the text leaves some over, they are pages to write on
    ('Questions for your clinician', 'Notes', ruled), not blank pages facing each other before the back
    cover. The file asks the print dialog for double-sided printing flipped on the short edge, at 100%
    (/ViewerPreferences /Duplex /DuplexFlipShortEdge, /PrintScaling /None): what the tool tells staff."""
    import pypdf

    path = pdf_of(built, key)
    halves = read_pages(path, key.booklet, key.locale in RTL)
    reader = pypdf.PdfReader(path)
    sides = len(reader.pages)
    numbers = sorted(half.number for half in halves)
    assert numbers == list(range(1, 2 * sides + 1)), f"{key} [{path.name}]: blank pages: " \
        f"{sorted(set(range(1, 2 * sides + 1)) - set(numbers))}"
    preferences = reader.trailer["/Root"]["/ViewerPreferences"]
    assert preferences["/Duplex"] == "/DuplexFlipShortEdge" and preferences["/PrintScaling"] == "/None"
    questions = vocabulary_label("questions", key.locale)
    pages = [nfkc(half.text).translate(INVISIBLE) for half in halves]
    written = [n for n, text in enumerate(pages, 1) if re.sub(r"\s+", "", questions) in re.sub(r"\s+", "", text)]
    if written and key.locale != "hi":  # Hindi's letters extract as glyph codes
        assert written[0] < len(pages), f"{key}: the questions page is the back cover"
