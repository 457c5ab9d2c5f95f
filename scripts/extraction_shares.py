"""How much of each language's printed words comes back as written from the common PDF text extractors.

    python scripts/extraction_shares.py [PDF_FOLDER] [--locale hi --locale ar ...]

Builds the standard A4 handout of every shipped language (or reads `ldn-ibs_<locale>_a4_standard.pdf`
from PDF_FOLDER when given), then prints, per language, the share of the catalog's printed words (see
tests/extraction.py) found in the text of poppler (pdftotext), PDFium (pypdfium2), pdf.js (node) and mupdf
(PyMuPDF, if installed: pip install pymupdf), and with --missing the words each one misses.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import extraction  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--locale", action="append")
    parser.add_argument("--missing", action="store_true")
    args = parser.parse_args()
    locales = args.locale or ["en"] + sorted(p.name for p in (ROOT / "locales").iterdir() if p.is_dir())
    folder = args.folder
    if folder is None:
        from handout.cli import main as cli

        folder = Path(tempfile.mkdtemp())
        for locale in locales:
            with contextlib.redirect_stdout(io.StringIO()):  # the paths the build prints
                try:
                    cli(["build", str(ROOT / "content.yaml"), "--locale", locale, "--out", str(folder),
                         "--today", "2026-12-07"], standalone_mode=False)
                except SystemExit:
                    pass
    pdfs = [folder / f"ldn-ibs_{locale}_a4_standard.pdf" for locale in locales]
    extraction.install_pdfjs()
    pdfjs = dict(zip(locales, extraction.pdfjs_texts(pdfs)))
    try:
        import pymupdf  # optional: a fourth extractor, measured here only (no test depends on it)

        def mupdf(pdf: Path) -> str:
            with pymupdf.open(str(pdf)) as doc:
                return "\f".join(page.get_text() for page in doc)
    except ImportError:
        mupdf = None
    print(f"{'locale':8} {'words':>6} {'poppler':>8} {'PDFium':>8} {'pdf.js':>8} {'mupdf':>8}")
    for locale, pdf in zip(locales, pdfs):
        words = extraction.printed_words(ROOT, locale)
        texts = {"poppler": extraction.poppler_text(pdf), "PDFium": extraction.pdfium_text(pdf),
                 "pdf.js": pdfjs[locale]}
        if mupdf:
            texts["mupdf"] = mupdf(pdf)
        shares = {name: extraction.share(words, text) for name, text in texts.items()}
        cells = " ".join(f"{shares[n]:8.1%}" if n in shares else f"{'-':>8}" for n in
                         ("poppler", "PDFium", "pdf.js", "mupdf"))
        print(f"{locale:8} {len(words):6d} {cells}")
        if args.missing:
            for name, text in texts.items():
                missed = [w for w, hit in zip(words, extraction.found(words, text)) if not hit]
                print(f"   {name}: {' '.join(dict.fromkeys(missed))[:400]}")


if __name__ == "__main__":
    main()
