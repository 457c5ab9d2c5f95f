"""A phone number on a right-to-left page copies out in order in PDFium (Chrome, Edge), as in poppler.

PDFium put the area code of `(11) 23456-7890` after the number on every Arabic, Persian and Hebrew page
(`23456-7890(11)`: its simplified bidi swaps the pieces of a left-to-right run), though the glyphs were
drawn right. The layout now draws such a run's glyphs in the order PDFium reads back as written, each at its
own place (layout/readorder.py): the pages are the same to the pixel."""
from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from handout.layout import textflow
from handout.layout.readorder import pdfium_reading, stream_order
from tests import extraction
from tests.conftest import CONTENT, run_cli

PHONE = "(11) 23456-7890"
CLINIC = f'name: "Riverside"\nphone: "{PHONE}"\nemergency_phone: "112"\n'


def _build(folder: Path, locale: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "clinic.yaml").write_text(CLINIC, encoding="utf-8")
    result = run_cli("build", str(CONTENT), "--clinic", str(folder / "clinic.yaml"), "--locale", locale,
                     "--today", "2027-01-15", "--out", str(folder / "out"))
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip().splitlines()[0])


@pytest.mark.parametrize("locale", ["ar", "he"])
def test_the_phone_copies_out_in_order_from_pdfium_and_poppler(tmp_path, locale):
    pdf = _build(tmp_path, locale)
    for name, text in (("PDFium", extraction.pdfium_text(pdf)), ("poppler", extraction.poppler_text(pdf))):
        text = extraction.flat_text(text.replace("\u202f", " "))
        assert text.count(PHONE) >= 8, f"{name}: the phone whole in {text.count(PHONE)} places"
        assert not re.search(r"23456-7890 ?[()]11[()]", text), f"{name}: the area code after the number"


def test_the_pages_do_not_change(tmp_path, monkeypatch):
    reordered = _build(tmp_path / "reordered", "ar")
    monkeypatch.setattr(textflow.SetParagraph, "_in_reading_order", lambda self, placed, levels: placed)
    textflow._DRAWN.known.clear()
    as_seen = _build(tmp_path / "as-seen", "ar")
    textflow._DRAWN.known.clear()
    assert reordered.read_bytes() != as_seen.read_bytes()
    a, b = pdfium.PdfDocument(str(reordered)), pdfium.PdfDocument(str(as_seen))
    assert len(a) == len(b)
    for n in range(len(a)):
        pixels = [pdf[n].render(scale=1.5).to_pil().tobytes() for pdf in (a, b)]
        assert pixels[0] == pixels[1], f"page {n + 1} changed"


def test_the_order_reads_back_as_written():
    """The simulation of PDFium's reading: the run drawn in stream_order's order reads as written."""
    label = "\ufe94\ufee7\ufe8e\ufeb4\ufecf"  # an Arabic word as drawn
    for run in ["(11)\u202f23456-7890", "+44\u202f(0)20\u202f7946\u202f0958", "4.5\u202fmg", "(617)\u202f555-0142"
                "\u202fext.\u202f2210"]:
        line = f"{label} {run} :{label}"
        start = len(label) + 1
        order = stream_order(line, start, start + len(run))
        assert order is not None and sorted(order) == list(range(len(run)))
        drawn = line[:start] + "".join(run[i] for i in order) + line[start + len(run):]
        read = "".join(c for _, c in pdfium_reading(drawn)[0])
        assert run in read, (run, read)
        assert run not in "".join(c for _, c in pdfium_reading(line)[0])  # as seen, it read wrong
    assert stream_order(f"{label} 0(1 :{label}", len(label) + 1, len(label) + 4) is None  # no order reads right
