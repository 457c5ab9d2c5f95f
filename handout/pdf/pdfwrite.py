"""Packing: write ReportLab's objects straight into a PDF 1.5 file with object streams and a cross-reference
stream, in the same pass that formats them.

ReportLab writes every object as plain text with a 20-byte cross-reference line each; a tagged handout has an
object per paragraph, list item and table cell, so unpacked the English handout was 86 KB. It used to be
packed afterwards by qpdf (pikepdf): parse the whole file again, write it again, and import pikepdf (a third
of a second on a cold start). Here each object is formatted by ReportLab as before; streams (page content,
fonts, images, XMP metadata) are written as they are, every other object goes into a Flate-compressed object
stream, and the cross-reference stream (PNG-Up predicted, as qpdf writes it) ends the file. Deterministic:
the same objects give the same bytes.
"""
from __future__ import annotations

import re
import zlib

from reportlab.pdfbase.pdfdoc import PDFIndirectObject

from handout.layout.tagging import StructDict

_HEADER = b"%PDF-1.5\n%\223\214\213\236 ReportLab Generated PDF document (opensource)\n"
_PER_STREAM = 5000  # objects per object stream: one stream compresses best; readers handle thousands
_OBJ = re.compile(rb"\A\d+ \d+ obj\n")


def _body(formatted: bytes) -> bytes:
    """An indirect object's formatted text without its `n 0 obj` and `endobj` lines."""
    return formatted[_OBJ.match(formatted).end():-len(b"endobj\n")].rstrip(b"\n")


def packed(doc) -> bytes:
    """The PDF bytes of ReportLab document `doc`, as `doc.format()` would make them, but packed.

    Objects are formatted one by one in number order, as ReportLab does (formatting may add objects: a
    page's content stream is registered while its page is formatted)."""
    doc.encrypt.prepare(doc)
    if doc.encrypt.info():
        raise ValueError("packed(): encrypted documents are not supported")
    doc.Reference(doc.Catalog)
    doc.Reference(doc.info)
    numbers, objects = doc.numberToId, doc.idToObject
    out, offset = [_HEADER], len(_HEADER)
    where: dict[int, tuple[int, int, int]] = {}  # object number -> xref entry (type, field 2, field 3)
    small: list[tuple[int, bytes]] = []
    number = 0
    while number + 1 in numbers:
        number += 1
        obj = objects[numbers[number]]
        if type(obj) is StructDict:  # most of a tagged handout's objects: formatted directly, same bytes
            small.append((number, obj.format(doc).rstrip(b"\n")))
            continue
        formatted = PDFIndirectObject(numbers[number], obj).format(doc)
        body = _body(formatted)
        if body.endswith(b"endstream"):  # a stream: written as it is
            where[number] = (1, offset, 0)
            out.append(formatted)
            offset += len(formatted)
        else:
            small.append((number, body))
    if number != len(numbers):
        raise ValueError(f"object numbers are not contiguous: {number} of {len(numbers)}")
    next_number = number + 1
    for start in range(0, len(small), _PER_STREAM):
        chunk = small[start:start + _PER_STREAM]
        stream_number, next_number = next_number, next_number + 1
        index, bodies, position = [], [], 0
        for i, (n, body) in enumerate(chunk):
            index.append(b"%d %d" % (n, position))
            bodies.append(body)
            position += len(body) + 1
            where[n] = (2, stream_number, i)
        head = b" ".join(index) + b"\n"
        data = zlib.compress(head + b"\n".join(bodies) + b"\n", 9)
        obj = (b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
               % (stream_number, len(chunk), len(head), len(data)) + data + b"\nendstream\nendobj\n")
        where[stream_number] = (1, offset, 0)
        out.append(obj)
        offset += len(obj)
    xref_number = next_number
    where[xref_number] = (1, offset, 0)
    size = xref_number + 1
    width = max(1, (max(f2 for _, f2, _ in where.values()).bit_length() + 7) // 8)
    rows = [bytes([0]) + (0).to_bytes(width, "big") + (65535).to_bytes(2, "big")]
    rows += [bytes([kind]) + f2.to_bytes(width, "big") + f3.to_bytes(2, "big")
             for kind, f2, f3 in (where[n] for n in range(1, size))]
    data = zlib.compress(_up_predicted(rows), 9)
    ident = doc.ID()
    ident = ident[ident.index(b"["):ident.index(b"]") + 1]
    root, info = (doc.Reference(x).format(doc) for x in (doc.Catalog, doc.info))
    out.append(b"%d 0 obj\n<< /Type /XRef /Size %d /W [ 1 %d 2 ] /Root %s /Info %s /ID %s /Filter /FlateDecode "
               b"/DecodeParms << /Columns %d /Predictor 12 >> /Length %d >>\nstream\n"
               % (xref_number, size, width, root, info, ident, width + 3, len(data)) + data
               + b"\nendstream\nendobj\n")
    out.append(b"startxref\n%d\n%%%%EOF\n" % offset)
    return b"".join(out)


def _up_predicted(rows: list[bytes]) -> bytes:
    """Rows with the PNG 'Up' filter (type byte 2, then each byte minus the byte above it)."""
    previous = bytes(len(rows[0]))
    out = []
    for row in rows:
        out.append(b"\x02" + bytes((a - b) & 0xFF for a, b in zip(row, previous)))
        previous = row
    return b"".join(out)

