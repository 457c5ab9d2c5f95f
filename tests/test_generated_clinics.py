"""Generated clinics: any reasonable clinic file prints right in every language, edition, paper and fold.

Hypothesis draws clinic files as clinics write them: names, departments and addresses of any length up to
the limits a clinic may use (name 120 characters, the others 150), phone numbers as 16 countries write them
(up to 30 characters, with extensions), emails, web addresses with paths and query strings, with and
without a logo, with direction controls and zero-width characters pasted in. For each clinic and one
(language, edition, paper, booklet) of a spread it builds the handout and checks what a reader sees: the
command exits 0, or 1 with one line naming the clinic file; the phone whole and in order on every page,
read from the drawn glyphs; the email and web address in order, from their start, line by line; no word
cut; every side-effect card whole with its "what to do"; never a traceback.

A few examples in every test run; thousands on demand:

    HANDOUT_CLINIC_EXAMPLES=2000 pytest tests/test_generated_clinics.py

Every failure found becomes an @example below, run first every time.
"""
from __future__ import annotations

import io
import json
import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from handout.layout.textflow import ATOM
from handout.source.content import load_content
from handout.source.model import iter_texts
from tests.conftest import CONTENT, run_cli
from tests.layout.test_addresses import reads_in_order
from tests.layout.test_kept_together import cards, halves
from tests.layout.test_page_quality import (RUNS, Vocabulary, cut_words, glyph_lines, nfkc, read_pages,
                                            tokens_on_line, vocabulary, words_of)

EXAMPLES = int(os.environ.get("HANDOUT_CLINIC_EXAMPLES", "6"))
TODAY = "2027-01-15"
RTL = {"ar", "fa", "he"}
# A spread of what the tool offers: every script's way of setting lines, every edition, both papers, folded.
COMBINATIONS = [
    ("en", "standard", "a4", False), ("en", "large-print", "letter", True), ("ar", "standard", "letter", False),
    ("ar", "large-print", "letter", True), ("fa", "bilingual", "a4", False), ("he", "standard", "a4", True),
    ("zh_Hans", "bilingual", "letter", False), ("hi", "large-print", "a4", False), ("ru", "standard", "letter", True),
    ("de", "large-print", "a4", True), ("uk", "large-print", "letter", True), ("vi", "bilingual", "a4", False),
    ("es", "standard", "a4", False), ("pt_BR", "large-print", "letter", False), ("fr", "bilingual", "letter", False),
    ("he", "large-print", "letter", True), ("ar", "bilingual", "a4", False), ("pl", "standard", "letter", False),
]

PASTED = ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c", "\u202a",
          "\u202b", "\u202c", "\u200b", "\u2060", "\ufeff"]
WORDS = ["Riverside", "Community", "Gastroenterology", "Digestive", "Health", "Centre", "Center", "Clinic",
         "Hospital", "Regional", "Functional", "Bowel", "Disorders", "Nutrition", "Outpatients", "Service",
         "Saint", "Mary's", "Santé", "Müller", "Łódź", "São", "Paulo", "Jürgen", "García", "Level", "Building",
         "and", "of", "the", "for", "Department", "Division", "Unit", "Suite", "Floor", "Road", "Street",
         "Avenue", "Boulevard", "Campus", "NHS", "Trust", "(East)", "Wing", "C", "2", "14B", "1450,", "Boston,",
         "London", "SE1", "4PQ", "02215-5400", "Integrated", "Motility", "Neurogastroenterology"]
# How people write phone numbers (each 'd' a digit), in 16 countries.
PHONES = ["ddd dddd dddd", "+44 (0)dd dddd dddd", "(ddd) ddd-dddd ext. dddd", "ddd-ddd-dddd", "+1 ddd ddd dddd",
          "+49 dd ddddddd", "0dd dddddddd", "dd dd dd dd dd", "+33 d dd dd dd dd", "ddd ddd ddd",
          "+39 dd dddd dddd", "(dd) ddddd-dddd", "+55 dd ddddd-dddd", "+91 ddddd ddddd", "0d-dddd-dddd",
          "(0d) dddd dddd", "+61 d dddd dddd", "0d-ddd-dddd", "+972 d-ddd-dddd", "+966 dd ddd dddd",
          "+7 ddd ddd-dd-dd", "0dd-dddd dddd", "+86 dd dddd dddd", "dd dddd dddd", "+52 dd dddd dddd",
          "ddddd dddddd", "+353 d ddd dddd", "(ddd) ddd-dddd x ddd"]
LABEL = st.sampled_from(["", "", "", " ext. 22", " opt 4", " (24 h)"])


def _pasted(text: str, draw) -> str:
    """`text` with some invisible characters pasted in at random places."""
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(PASTED)) + text[at:]
    return text


@st.composite
def phrases(draw, limit: int, minimum: int = 1) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=minimum, max_size=30))
    text = " ".join(words)[:limit].strip()
    return text or "Clinic"


@st.composite
def phones(draw) -> str:
    pattern = draw(st.sampled_from(PHONES))
    digits = iter(draw(st.lists(st.sampled_from("0123456789"), min_size=30, max_size=30)))
    phone = "".join(next(digits) if c == "d" else c for c in pattern) + draw(LABEL)
    return phone[:30].strip()


LABELS = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789"), min_size=1, max_size=24)


@st.composite
def domains(draw) -> str:
    parts = draw(st.lists(LABELS, min_size=1, max_size=4))
    return "-".join(parts) + draw(st.sampled_from([".example", ".example.org", ".nhs.example", ".example.co.uk"]))


@st.composite
def emails(draw) -> str:
    local = ".".join(draw(st.lists(LABELS, min_size=1, max_size=4)))
    return f"{local}@{draw(domains())}"[:150]


@st.composite
def websites(draw) -> str:
    path = "/".join(draw(st.lists(LABELS, max_size=6)))
    query = "&".join(f"{k}={v}" for k, v in draw(st.lists(st.tuples(LABELS, LABELS), max_size=3)))
    url = f"https://{draw(st.sampled_from(['', 'www.']))}{draw(domains())}" + (f"/{path}" if path else "")
    return (url + (f"?{query}" if query else ""))[:150].rstrip("?&=")


@st.composite
def clinics(draw) -> dict:
    clinic = {"name": draw(phrases(120)), "phone": draw(phones())}
    for key, strategy in (("department", phrases(150)), ("address", phrases(150)), ("email", emails()),
                          ("website", websites()), ("url", websites()), ("feedback", emails())):
        if draw(st.booleans()):
            clinic[key] = draw(strategy)
    for key in ("name", "phone", "department", "address", "email", "website"):
        if key in clinic and draw(st.integers(0, 4)) == 0:
            clinic[key] = _pasted(clinic[key], draw)
    clinic["logo"] = draw(st.booleans())
    return clinic


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 120), (30, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def _plain(value: str) -> str:
    """A clinic value as the tool prints it: without the invisible characters pasted in."""
    from handout.source.invisible import for_address

    return " ".join(for_address(value).split())


def check(clinic: dict, combination: tuple[str, str, str, bool]) -> None:
    locale, edition, paper, booklet = combination
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        fields = dict(clinic)
        if fields.pop("logo"):
            (folder / "logo.png").write_bytes(_png())
            fields["logo"] = "logo.png"
        path = folder / "clinic.yaml"
        path.write_text("".join(f"{k}: {json.dumps(v)}\n" for k, v in fields.items()), encoding="utf-8")
        args = ["build", str(CONTENT), "--clinic", str(path), "--locale", locale, "--edition", edition,
                "--paper", paper, "--today", TODAY, "--out", str(folder / "out")]
        result = run_cli(*args, *(["--booklet"] if booklet else []))
        assert "Traceback" not in result.output
        if result.exit_code != 0:
            assert result.exit_code == 1, result.output
            lines = result.stderr.splitlines()
            assert len(lines) == 1 and re.match(rf"Error: {re.escape(str(path))}(:\d+)?: \S", lines[0]), result.stderr
            return
        pdf = Path(result.stdout.strip().splitlines()[0])
        check_pdf(pdf, clinic, locale, edition, booklet)


def check_pdf(pdf: Path, clinic: dict, locale: str, edition: str, booklet: bool) -> None:
    rtl = locale in RTL
    pages = read_pages(pdf, booklet, rtl)
    phone = _plain(clinic["phone"])
    digits = "".join(c for c in phone if c.isdigit())
    vocab = _vocabulary(locale, clinic)
    for page in pages:
        drawn = ["".join(g.char for g in line if not g.char.isspace()) for _, line in glyph_lines(page.glyphs)]
        assert any(digits in "".join(c for c in nfkc(line) if c.isdigit()) for line in drawn), \
            f"page {page.number}: the phone's digits {digits} are not drawn in order on one line"
        cut = [w for w in cut_words(page.text, vocab, locale) if not _neighbour_cells(w, vocab, rtl)]
        assert not cut, f"page {page.number}: cut words {cut[:5]}"
    lines = [[token for token, _ in tokens_on_line(line)] for page in pages for _, line in glyph_lines(page.glyphs)]
    text = [line.split() for page in pages for line in page.text.split("\n")]
    for key in ("email", "website"):
        if key in clinic:
            address = _plain(clinic[key])
            assert reads_in_order(lines, address), f"the {key} {address} is not drawn in order"
            assert reads_in_order(text, address), f"the {key} {address} does not read in order"
    if not booklet:
        # a bilingual page read column by column; a grid table's cells interleave line by line in a
        # page's text, so there each word of the card's end must be on the page
        columns = halves(pdf) if edition == "bilingual" else [[p.text.replace("\n", " ")] for p in pages]
        for start, end in cards():
            for number, page in enumerate(columns, 1):
                if any(start in column for column in page):
                    assert any(end in column for column in page) or edition != "bilingual" and all(
                        word in page[0].split() for word in end.split()), \
                        f"page {number}: the card that starts {start!r} does not end on it"


def _neighbour_cells(token: str, vocab: Vocabulary, rtl: bool) -> bool:
    """A diary heading hyphenated at its line's end ("Da-" / "tum") that pdfium joins to the heading of
    the next cell with no space ("Da-tumSchmerz"): two words of the handout, not a cut word."""
    cuts = [i for i in range(1, len(token)) if token[i - 1].islower() and token[i].isupper()]
    parts = [token[a:b] for a, b in zip([0, *cuts], [*cuts, len(token)])]
    return len(parts) > 1 and all(vocab.accepts(part, rtl) or vocab.accepts(part.replace("-", ""), rtl)
                                  for part in parts)


def _vocabulary(locale: str, clinic: dict) -> Vocabulary:
    """The words the handout may print, with this clinic's instead of the page-quality tests' clinic."""
    base = vocabulary(locale)
    words = set(base.words)
    for key in ("name", "department", "address", "phone"):
        if key in clinic:
            words |= words_of(_plain(clinic[key]))
    pieces = set(base.pieces) | {part for word in words for part in re.split(r"[-\u05be]", word) if part}
    pieces |= {run for word in words for run in RUNS.findall(word)}
    url = _plain(clinic.get("url", ""))
    short = re.sub(r"^https?://", "", url).rstrip("/")
    addresses = tuple(_plain(clinic[k]) for k in ("email", "feedback", "website") if k in clinic) + \
        tuple(a for a in (url, short) if a) + _CONTENT_ADDRESSES
    return Vocabulary(frozenset(words), frozenset(pieces), addresses)


# The content's own addresses (DOIs of the references), which break where the clinic's do.
_CONTENT_ADDRESSES = tuple(dict.fromkeys(match.group(0).rstrip(".,;") for text in iter_texts(load_content(CONTENT))
                                         for match in ATOM.finditer(text.source)))


DEMANDING = {"name": "Massachusetts Regional Center for Functional Gastrointestinal and Motility Disorders, "
                     "Integrated Outpatient Services", "phone": "(617) 555-0142 ext. 2210 opt 4",
             "website": "https://www.massachusetts-regional-gi-center.example.org/patients/education/digestive-"
                        "health/clinics/functional?lang=en&ref=leaflet", "logo": False}


@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=EXAMPLES <= 20,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@example(dict(DEMANDING), ("ar", "large-print", "letter", True))
@example(dict(DEMANDING, phone="01234 \u202e567890"), ("fa", "standard", "letter", False))
# found by this test, kept as regression cases:
@example({"name": "4PQ Center", "phone": "+1 \ufeff078 66\u202e\u20687 3048", "email": "0@0-0.example.co.uk",
          "website": "https://www.eal-w.nhs.example/x1agh3bnq3r/obs/99qncf37mxrqs2di/awlia8ubm/4ms2cx1n3yarc/0?3=5gaa",
          "logo": True}, ("en", "standard", "a4", False))  # the box beside the title shares lines with the title
@example({"name": "Department Hospital", "phone": "08 59 13 29 28", "department": "Riverside Community",
          "logo": False}, ("de", "large-print", "a4", True))  # pdfium joins neighbouring diary headings
@example({"name": "Riverside", "phone": "000 0000 0000", "logo": False}, ("en", "standard", "a4", False))
@example({"name": "4PQ Łódź", "phone": "207 6919 9625", "department": "Riverside Health", "logo": False},
         ("uk", "large-print", "letter", True))  # a DOI cut between two letters
@example({"name": "Riverside", "phone": "000 0000 0000", "logo": False,
          "url": "https://0-0-0-00.example?0=0&qludb4sawv3uza8gdyr=dda4sq68nfrgkeqandla"},
         ("en", "standard", "a4", False))  # an address with a query but no path was cut between two letters
@example({"name": "Building", "phone": "000 0000 0000", "department": "Building", "logo": True,
          "email": "n.sf@m2k-o-r58-5axphcuhv2g.example.org",
          "url": "https://www.en2tydf82a-vhzv5belp-7tlw2.example.co.uk/r35"},
         ("uk", "large-print", "letter", True))  # a long piece of the address beside the QR code was cut
@example({"name": "Riverside", "phone": "000 0000 0000", "logo": False},
         ("en", "large-print", "letter", True))  # a DOI fitting the page but not its list item was cut
@example({"name": "4PQ Riverside 02215-5400 Riverside Riverside Riverside São", "phone": "000 0000 0000 opt 4",
          "address": "Community", "website": "https://www.zdjpcbh.nhs.\u200eexample/3b\u202ae/5tz2lea",
          "url": "https://www.t-8mlve.example?text=e4", "logo": True},
         ("uk", "large-print", "letter", True))  # a long word of the QR caption beside a short address was cut
@example({"name": "Riverside", "phone": "(00) 00000-0000", "logo": False},
         ("ar", "standard", "a4", False))  # pdfium read the area code after the number on right-to-left lines
@example({"name": "Wing Motility Müller Disorders 14B Paulo Paulo", "phone": "+44 (0)00 0000 0000 ext. 22",
          "department": "(East) Suite 02215-5400 Riverside Riverside",
          "email": "p6x7inlk2t1w@tb-4dmnq-c-0ygl3cq4o.example",
          "url": "https://p-i-wm-0.example/ajjwub/sx1c2/9cg2qmqouy/27p/0q78f/d2?qr74=1e100&gh2ea10x=ufhrj8qf851l80myar0"
                 "epvw5&qr74=1e100", "logo": False},
         ("he", "large-print", "letter", True))  # pdfium read a line with as many left-to-right runs as right-to-left
@example({"name": "Trust García Riverside Saint 2", "phone": "+52 00 0000 0000 ext. 22",
          "url": "https://0yg-t4-7ueuxzw78s72ysi-2j.example.co.uk/c4/xd/c57i/ndme01/ebkqa3yf7/v7d?cu=4t8cmhsd559il7"
                 "08xrdfmmx", "logo": True},
         ("ru", "standard", "letter", True))  # the phone broke in a clinic box beside the title too narrow for it
@example({"name": "Riverside", "phone": "+61 0 0000 0000 ext. 22", "address": "Riverside",
          "website": "https://t-fwtc.example.co.uk/3joe8bn/sqb/uivs/61/uzipg9o7r5d1/c?s7c=mje&6lblv5=n9q61noo",
          "url": "https://i3ac7b-sf-0.example/go834t1udqrhjdtvokprvhey?6yhnq4q=cjmm5im6", "logo": False},
         ("es", "standard", "a4", False))  # a word of the title beside the box ("no") read as part of the address
@example({"name": "Riverside", "phone": "000 0000 0000", "email": "0@0-0-0-000000000000ru00yz.example",
          "logo": False}, ("en", "standard", "a4", False))  # an address whose first line is "0@"
@given(clinics(), st.sampled_from(COMBINATIONS))
def test_any_reasonable_clinic_prints_right(clinic, combination):
    check(clinic, combination)
