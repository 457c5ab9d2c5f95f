"""What tagging costs: build time and file size of tagged handouts against the same handouts untagged.

Run: `python scripts/tagging_cost.py [--runs 9]`. Each case is built in this process (warm: fonts loaded,
one build thrown away first) `--runs` times with tagging and as many times with it switched off, turn
about, and the medians are printed with the sizes. "Untagged" keeps the same layout and only drops what layout/tagging.py
adds (marked content, artifacts, structure tree, XMP, line-end spaces), so the difference is tagging alone.
"""
from __future__ import annotations

import argparse
import statistics
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from handout.build import render_handout, translation_for
from handout.layout import tagging
from handout.source.clinic import load_clinic
from handout.source.content import load_content
from handout.translate.catalog import locales_dir

ROOT = Path(__file__).resolve().parent.parent
CASES = [("en", "standard"), ("en", "large-print"), ("ar", "standard"), ("hi", "standard"),
         ("zh_Hans", "standard"), ("ar", "bilingual")]


@contextmanager
def untagged():
    """Build as if layout/tagging.py were not there."""
    def draw_plain(self, canvas, x, y, _sW=0):
        self.content.drawOn(canvas, x, y, _sW)

    with mock.patch.object(tagging.Tagged, "drawOn", draw_plain), \
            mock.patch.object(tagging.MarkedContent, "begin_artifact", lambda *args, **kwargs: False), \
            mock.patch.object(tagging.TaggedCanvas, "save", Canvas.save), \
            mock.patch.object(tagging.TaggedCanvas, "_setAnnotations", Canvas._setAnnotations), \
            mock.patch.object(tagging.SpacedParagraph, "draw", Paragraph.draw):
        yield


def measure(build, runs: int) -> tuple[list[float], list[float], bytes, bytes]:
    """Times of tagged and untagged builds, interleaved so that a busy machine slows both alike."""
    tagged_times, plain_times = [], []
    tagged, _ = build()  # warm up: fonts, caches
    with untagged():
        plain, _ = build()
    for _ in range(runs):
        start = time.perf_counter()
        build()
        tagged_times.append(time.perf_counter() - start)
        with untagged():
            start = time.perf_counter()
            build()
            plain_times.append(time.perf_counter() - start)
    return tagged_times, plain_times, tagged, plain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    content = ROOT / "content.yaml"
    handout, clinic = load_content(content), load_clinic(None)
    print(f"{'case':<22} {'tagged ms':>10} {'untagged ms':>12} {'time +%':>8} {'tagged KB':>10} "
          f"{'untagged KB':>12} {'size +%':>8}")
    for locale, edition in CASES:
        translate = None
        if locale != "en":
            translate, _ = translation_for(handout, locales_dir(content, None), locale, False)
        extra = dict(with_locale="en") if edition == "bilingual" else {}

        def build():
            return render_handout(handout, clinic, locale, "a4", edition, translate, **extra)

        tagged_times, plain_times, tagged_pdf, plain_pdf = measure(build, args.runs)
        assert b"/StructTreeRoot" in tagged_pdf and b"/StructTreeRoot" not in plain_pdf
        tagged_s, plain_s = statistics.median(tagged_times), statistics.median(plain_times)
        tagged_size, plain_size = len(tagged_pdf), len(plain_pdf)
        print(f"{locale + ' ' + edition:<22} {tagged_s * 1000:>10.0f} {plain_s * 1000:>12.0f} "
              f"{100 * (tagged_s / plain_s - 1):>7.0f}% {tagged_size / 1024:>10.1f} {plain_size / 1024:>12.1f} "
              f"{100 * (tagged_size / plain_size - 1):>7.0f}%")


if __name__ == "__main__":
    main()
