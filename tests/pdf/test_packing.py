"""The PDF's file structure: small objects packed into compressed object streams, written by the tool itself.

What a reader or printer sees: the file opens without repair in two independent PDF libraries (qpdf via
pikepdf, pypdf), every object a page refers to resolves, the cross-reference is a stream, and no
dictionary is left outside an object stream (so the structure tree costs a fraction of the bytes).
"""
from __future__ import annotations

import re
import warnings

import pikepdf
from pypdf import PdfReader

from tests.conftest import CONTENT, page_texts, run_cli


def test_the_english_handout_is_packed_into_object_streams(english_pdf):
    data = english_pdf.read_bytes()
    assert data.startswith(b"%PDF-1.5\n")
    assert b"\nxref\n" not in data and b"trailer" not in data  # a cross-reference stream, no table
    top_level = re.findall(rb"\n(\d+) 0 obj\n(.*?)endobj\n", data, re.S)
    plain = [number for number, body in top_level if not body.rstrip().endswith(b"endstream")]
    assert top_level and not plain, f"objects outside the object streams: {plain}"
    with pikepdf.open(english_pdf) as pdf:
        assert len(pdf.pages) == 7
        assert str(pdf.Root.StructTreeRoot.Type) == "/StructTreeRoot"
        assert str(pdf.Root.Lang) == "en"
        objects = len(pdf.objects)
    assert objects > len(top_level) * 10  # hundreds of objects, a handful of top-level ones
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pypdf warns when it has to repair a file
        reader = PdfReader(english_pdf, strict=True)
        assert len(reader.pages) == 7
        assert reader.metadata.title.startswith("Low-dose naltrexone (LDN)")


def test_packed_pdfs_are_byte_identical_when_rebuilt(tmp_path):
    for folder in ("one", "two"):
        result = run_cli("build", str(CONTENT), "--locale", "ar", "--out", str(tmp_path / folder))
        assert result.exit_code == 0, result.output
    one, two = (tmp_path / f / "ldn-ibs_ar_a4_standard.pdf" for f in ("one", "two"))
    assert one.read_bytes() == two.read_bytes()
    assert len(page_texts(one)) >= 4
