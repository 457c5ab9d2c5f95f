"""Where a warm render's time goes: the English standard A4 handout, profiled, beside the plain-platypus
baseline (bench/baseline.py) profiled the same way.

    python bench/profile_render.py [--runs 20] [--locale en] [--top 25]

cProfile's own time per function (built-ins charged to their callers) summed by stage of the pipeline,
then scaled to the median unprofiled wall time of a render measured just before, so the table reads in
real milliseconds. (cProfile slows Python code more than C code, so Python-heavy stages are somewhat
over-counted; the shares are a guide, the totals are measured.) Prints a Markdown table for
docs/performance.md, then the functions with most own time.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

# (stage, test on the file name and function name), first match wins
STAGES = [
    ("markup, localised text and flowables (handout: context, blocks, furniture, story, markup)",
     lambda f, n: "/handout/" in f and any(m in f for m in ("context.py", "blocks.py", "furniture.py", "story.py",
                                                            "markup.py", "localise.py", "build.py", "styles.py"))),
    ("right to left, Chinese and shaping (handout/layout/textflow.py, bidi, reshaper, HarfBuzz)",
     lambda f, n: "textflow.py" in f or "bidi" in f or "arabic_reshaper" in f or "uharfbuzz" in f),
    ("tagging: marked content, structure tree, XMP (handout/layout/tagging.py)",
     lambda f, n: "/handout/layout/tagging.py" in f),
    ("packing: object streams, cross-reference stream, Flate (handout/pdf/pdfwrite.py, zlib)",
     lambda f, n: "/handout/pdf/pdfwrite.py" in f or "zlib" in n or "compress" in n),
    ("fonts: glyph widths, subsetting, coverage (ReportLab ttfonts, pdfmetrics, rl_accel; "
     "handout/layout/fonts.py)",
     lambda f, n: any(m in f for m in ("ttfonts.py", "pdfmetrics.py", "rl_accel", "/handout/layout/fonts.py"))),
    ("ReportLab paragraphs: parse and line breaking (paragraph.py, paraparser.py)",
     lambda f, n: "paragraph.py" in f or "paraparser.py" in f),
    ("ReportLab tables: sizing, splitting, cell drawing (tables.py)", lambda f, n: "platypus/tables.py" in f),
    ("ReportLab page layout: frames, doc template, flowables", lambda f, n: "platypus/" in f),
    ("ReportLab canvas: text and graphics into content streams (pdfgen)", lambda f, n: "pdfgen/" in f),
    ("ReportLab PDF objects: formatting dictionaries, strings, names (pdfdoc.py)", lambda f, n: "pdfdoc.py" in f),
    ("ReportLab other (graphics: QR code; lib)", lambda f, n: "reportlab/" in f),
    ("Python and the rest", lambda f, n: True),
]


def stage_of(func) -> str:
    filename, _, name = func
    return next(stage for stage, test in STAGES if test(filename, name))


def by_stage(stats: pstats.Stats) -> dict[str, float]:
    """Own time per stage; a built-in's time is charged to its callers in proportion to their calls."""
    totals: dict[str, float] = {}
    for func, (_, _, own, _, callers) in stats.stats.items():
        if func[0] == "~" and callers:  # a built-in
            calls = sum(c[1] for c in callers.values()) or 1
            for caller, c in callers.items():
                totals[stage_of(caller)] = totals.get(stage_of(caller), 0) + own * c[1] / calls
        else:
            totals[stage_of(func)] = totals.get(stage_of(func), 0) + own
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--locale", default="en")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    from baseline import make_renderer

    from handout.build import render_handout, translation_for
    from handout.source.clinic import load_clinic
    from handout.source.content import load_content
    from handout.translate.catalog import locales_dir

    content = ROOT / "content.yaml"
    handout, clinic = load_content(content), load_clinic(None)
    translate = None
    if args.locale != handout.meta.source_language:
        translate, _ = translation_for(handout, locales_dir(content, None), args.locale, False)
    cases = {"handout": lambda: render_handout(handout, clinic, args.locale, "a4", translate=translate),
             "baseline": make_renderer(str(content))}
    walls: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(3):
        for case in cases.values():
            case()
    for _ in range(args.runs):
        for name, case in cases.items():
            start = time.perf_counter()
            case()
            walls[name].append(time.perf_counter() - start)
    tables, profiles = {}, {}
    for name, case in cases.items():
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.runs):
            case()
        profile.disable()
        stats = pstats.Stats(profile)
        profiles[name] = stats
        totals = by_stage(stats)
        scale = statistics.median(walls[name]) / sum(totals.values())
        tables[name] = {stage: seconds * scale for stage, seconds in totals.items()}
    print(f"Warm render, {args.locale} standard A4; medians of {args.runs} renders: handout "
          f"{statistics.median(walls['handout']) * 1e3:.1f} ms, baseline {statistics.median(walls['baseline']) * 1e3:.1f} ms\n")
    print("| stage | handout ms | share | baseline ms |")
    print("|---|---:|---:|---:|")
    total = sum(tables["handout"].values())
    for stage, _ in STAGES:
        ours, theirs = tables["handout"].get(stage, 0), tables["baseline"].get(stage, 0)
        if ours >= 5e-5 or theirs >= 5e-5:
            print(f"| {stage} | {ours * 1e3:.1f} | {ours / total:.0%} | {theirs * 1e3:.1f} |")
    print(f"| **total** | **{total * 1e3:.1f}** | 100% | **{sum(tables['baseline'].values()) * 1e3:.1f}** |\n")
    profiles["handout"].sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
