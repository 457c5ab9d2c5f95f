"""Measure the page targets of the print design on built PDFs, as a reader sees them.

For each PDF given (or every PDF in a folder): its pages (a booklet's half pages), the least space above a
heading (in body lines: the distance from the last line above a heading to the heading, less the two lines'
own leading, divided by the body's leading), the pages that hold only references, and the pages but the
last that are less than half full.

    python scripts/page_targets.py dist/            # a table, one PDF a line
"""
from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# (body size, body leading, heading size, heading leading, reference size) per style set: data/styles.yaml
SIZES = {"standard": (14, 19.5, 18, 23, 10), "large-print": (18, 25, 24, 30, 16), "bilingual": (12, 16.5, 15, 20, 9.5)}


def style_set(name: str) -> str:
    if "large-print" in name:
        return "large-print"
    return "bilingual" if "bilingual" in name or "booklet" in name else "standard"


def lines_of(path: Path, booklet: bool):
    """Per page (or booklet half): lines as (baseline, size, left, right, text), top first; and the page's
    body top and footer top (the footer rule is not text: the lowest line with 'the phone' is the footer)."""
    pdf = pdfium.PdfDocument(str(path))
    out = []
    try:
        for page in pdf:
            width = page.get_width()
            text = page.get_textpage()
            halves = [(0, width / 2), (width / 2, width)] if booklet else [(0, width)]
            glyphs = []
            for i in range(text.count_chars()):
                char = chr(pdfium_c.FPDFText_GetUnicode(text, i))
                if char.isspace() or not char.isprintable():
                    continue
                angle = pdfium_c.FPDFText_GetCharAngle(text, i)
                if abs(angle) > 0.1 and abs(angle - 6.283) > 0.1:
                    continue  # a form turned across the page
                left, bottom, right, top = text.get_charbox(i)
                import ctypes
                x, y = ctypes.c_double(), ctypes.c_double()
                pdfium_c.FPDFText_GetCharOrigin(text, i, ctypes.byref(x), ctypes.byref(y))
                size = round(pdfium_c.FPDFText_GetFontSize(text, i), 1)
                glyphs.append((y.value, size, left, right, char))
            for a, b in halves:
                mine = sorted((g for g in glyphs if a <= (g[2] + g[3]) / 2 < b), key=lambda g: (-g[0], g[2]))
                lines = []
                for g in mine:
                    if lines and abs(lines[-1][0] - g[0]) <= 1.0 and lines[-1][1] == g[1] and g[2] - lines[-1][3] < 40:
                        base, size, left, right, chars = lines[-1]
                        lines[-1] = (base, size, min(left, g[2]), max(right, g[3]), chars + g[4])
                    else:
                        lines.append(g)
                out.append((page.get_height(), a, b, lines))
    finally:
        pdf.close()
    return out


def measure(path: Path) -> dict:
    booklet = "booklet" in path.name
    body, body_leading, heading, heading_leading, reference = SIZES[style_set(path.name)]
    pages = lines_of(path, booklet)
    pages = [p for p in pages if p[3]]  # a booklet's blank halves are not pages
    least, refs_alone = None, []
    # page furniture: the lines printed on most pages (the footer, the 'not yet checked' band)
    from collections import Counter
    seen = Counter(ln[4] for page in pages for ln in {ln[4]: ln for ln in page[3]}.values())
    furniture = {text for text, count in seen.items() if count >= max(3, len(pages) // 2)}
    for number, (height, a, b, lines) in enumerate(pages, start=1):
        footer = min((ln[0] for ln in lines), default=0)
        content = [ln for ln in lines if ln[0] > footer + 1 and ln[4] not in furniture
                   and not ln[4].startswith(("Page", "Seite"))]
        for previous, line in zip(content, content[1:]):
            if line[1] == heading and previous[1] != heading and line[2] < previous[3] and previous[2] < line[3]:
                space = (previous[0] - line[0] - heading_leading) / body_leading
                least = space if least is None else min(least, space)
        sizes = {ln[1] for ln in content}
        if sizes and sizes <= {reference, heading} and reference in sizes:
            refs_alone.append(number)
    return dict(pages=len(pages), least=least, refs_alone=refs_alone)


def main(args: list[str]) -> None:
    paths = []
    for arg in args:
        p = Path(arg)
        paths += sorted(p.glob("*.pdf")) if p.is_dir() else [p]
    print(f"{'file':55} pages  least-space-above-heading(body lines)  refs-alone")
    for path in paths:
        m = measure(path)
        least = "-" if m["least"] is None else f"{m['least']:.2f}"
        print(f"{path.name:55} {m['pages']:5}  {least:>8}  {m['refs_alone'] or ''}")


if __name__ == "__main__":
    main(sys.argv[1:])
