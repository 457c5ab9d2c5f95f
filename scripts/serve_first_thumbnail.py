"""How long staff wait on the front-desk page: from the request for a handout to its first page thumbnail.

Starts `handout serve` on a free localhost port with an empty temporary folder, drives Debian's headless
Chromium as the tests do, and reports, from the page's own Resource Timing, the time from the start of the
preview request (which builds the PDF) to the end of the first thumbnail's response, and from the click.
Each handout is measured twice: built (its first request since the server started) and cached.
`--cold-fonts` also starts with an empty font cache, as on a clinic's first run. `--screenshot PATH` saves
the page with the Arabic large-print pages shown.

    python scripts/serve_first_thumbnail.py [--cold-fonts] [--screenshot docs/serve.png]
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
CASES = [("Arabic", "العربية Arabic", "Large print", "A4"), ("Spanish", "Español Spanish", "Standard", "A4"),
         ("Chinese", "中文 (简体) Chinese (Simplified)", "Standard", "US Letter")]


def start_server(env: dict) -> tuple[subprocess.Popen, str]:
    out = Path(env.get("TMPDIR") or tempfile.gettempdir()) / "printed"  # an empty folder: every handout built anew
    process = subprocess.Popen([sys.executable, "-m", "handout", "serve", str(ROOT / "content.yaml"), "--port", "0",
                                "--no-prepare", "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    line = process.stdout.readline()
    url = re.search(r"http://\S+/", line)
    if not url:
        process.kill()
        raise SystemExit(f"handout serve did not start: {line}{process.stdout.read()}")
    return process, url.group(0)


def measure(page, url: str, language: str, edition: str, paper: str) -> tuple[float, float, int]:
    """(ms from the preview request to the first thumbnail, ms from the click, pages)."""
    page.goto(url)
    page.get_by_role("radio", name=edition, exact=True).check()
    page.get_by_role("radio", name=paper, exact=True).check()
    page.wait_for_timeout(400)  # let the page settle without a language: nothing is requested
    clicked = page.evaluate("() => performance.now()")
    page.get_by_role("radio", name=language).check()
    first = page.get_by_role("img", name=re.compile(r"^Page 1 of \d+$"))
    expect(first).to_have_js_property("complete", True, timeout=300_000)
    timings = page.evaluate("""() => performance.getEntriesByType("resource").map(e => [e.name, e.startTime, e.responseEnd])""")
    start = next(s for name, s, _ in timings if "/preview?" in name)
    end = next(e for name, _, e in timings if "/page.png?" in name and re.search(r"[?&]page=1(&|$)", name))
    pages = int(re.search(r"of (\d+)", first.get_attribute("alt")).group(1))
    return end - start, end - clicked, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold-fonts", action="store_true", help="start with an empty font cache")
    parser.add_argument("--screenshot", type=Path, help="save a screenshot of the page with Arabic large print")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TMPDIR": tmp}
        if args.cold_fonts:
            env["XDG_CACHE_HOME"] = tmp
        started = time.perf_counter()
        process, url = start_server(env)
        print(f"server ready in {1000 * (time.perf_counter() - started):.0f} ms at {url}")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                for name, language, edition, paper in CASES:
                    for state in ("built", "cached"):
                        request, click, pages = measure(page, url, language, edition, paper)
                        print(f"{name:<8} {edition:<12} {paper:<10} {state:<7} {pages:>3} pages: "
                              f"request → first thumbnail {request:6.0f} ms (click → {click:6.0f} ms)")
                if args.screenshot:
                    page.set_viewport_size({"width": 1280, "height": 1000})
                    measure(page, url, *CASES[0][1:])
                    for image in page.get_by_role("img", name=re.compile(r"^Page \d+ of")).all()[:6]:
                        expect(image).to_have_js_property("complete", True)
                    page.evaluate("() => window.scrollTo(0, 0)")
                    page.screenshot(path=str(args.screenshot))
                    print(f"screenshot: {args.screenshot}")
                browser.close()
        finally:
            process.terminate()
            process.wait(30)


if __name__ == "__main__":
    main()
