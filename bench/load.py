"""Load benchmark of the front-desk page: several reception desks at once against `handout serve`.

    python bench/load.py                       # 5, 20 and 50 desks, 30 s each, after a one-minute start
    python bench/load.py --desks 20 --seconds 20 --warm 60
    python bench/load.py --first-picture       # also: the first picture of a handout not yet built, idle
                                               # (a new server with --no-prepare, 5 s after it started)

It starts `handout serve` on 127.0.0.1 (a free port, a fresh output folder), waits `--warm` seconds (the
server is "started and given one minute"), then each desk loops until the time is up: it picks one of the
handouts the page offers at random (every printable language x edition x paper x booklet) and asks for
its PDF, its preview or the picture of one of its first pages, one request at a time, each with a 30 s
timeout. It prints per run the requests, errors (a status other than 200, or no answer within 30 s),
p50, p95 and slowest, the server's peak memory (its resident set, and with its build workers), the load
average before and after, and how many handouts were in the folder when the run began. Traffic goes only to 127.0.0.1; every loop is bounded by the clock.
Nothing here is a test; tests never time anything.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content.yaml"
TIMEOUT = 30.0


def offered(content: Path, clinic: str | None) -> list[dict]:
    """Every handout the page offers, as the query parameters that name it."""
    from handout.build import EDITIONS
    from handout.source.clinic import PAPERS
    from handout.web.serve import list_languages
    from handout.translate.catalog import locales_dir

    languages = list_languages(content, locales_dir(content, None))
    source = languages[0].code
    return [dict(locale=lang.code, edition=edition, paper=paper, **({"booklet": "1"} if booklet else {}))
            for lang in languages if lang.printable for edition in EDITIONS for paper in PAPERS
            for booklet in (False, True) if not (edition == "bilingual" and lang.code == source)]


def tree_rss_kb(pid: int) -> tuple[int, int]:
    """Resident memory (KB) of a process, and of it with all its descendants."""
    def rss(p: int) -> int:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int(Path(entry, "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss(p)
        todo.extend(children.get(p, []))
    return rss(pid), total


def start_server(args: argparse.Namespace, out: Path, *more: str) -> tuple[subprocess.Popen, str]:
    command = [sys.executable, "-m", "handout", "serve", str(CONTENT), "--port", "0", *args.server_args]
    if args.out_option:
        command += ["--out", str(out), *more]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "TMPDIR": str(out.parent)})
    lines: list[str] = []
    found = threading.Event()
    url: list[str] = []

    def read():
        for line in process.stdout:
            lines.append(line)
            match = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
            if match and not url:
                url.append(match.group(1))
                found.set()
        found.set()

    threading.Thread(target=read, daemon=True).start()
    found.wait(120)
    if not url:
        process.kill()
        sys.exit("the server did not start:\n" + "".join(lines))
    return process, url[0]


def fetch(url: str) -> tuple[int, float]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:  # a timeout or a dropped connection
        status = 0
    return status, time.perf_counter() - start


def desk(base: str, handouts: list[dict], until: float, seed: int, results: list) -> None:
    rng = random.Random(seed)
    while time.monotonic() < until:
        query = "&".join(f"{k}={v}" for k, v in rng.choice(handouts).items())
        kind = rng.choice(("pdf", "preview", "page.png"))
        url = f"{base}{kind}?{query}" + (f"&page={rng.choice((1, 2))}" if kind == "page.png" else "")
        results.append((kind, *fetch(url)))


def run(base: str, pid: int, handouts: list[dict], desks: int, seconds: float, out: Path) -> dict:
    results: list = []
    ready = len(list(out.glob("*.pdf")))
    until = time.monotonic() + seconds
    load_before = open("/proc/loadavg").read().split()[0]
    peak = [0, 0]
    threads = [threading.Thread(target=desk, args=(base, handouts, until, n, results)) for n in range(desks)]
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):
        own, tree = tree_rss_kb(pid)
        peak = [max(peak[0], own), max(peak[1], tree)]
        time.sleep(0.5)
    times = sorted(t for _, _, t in results)
    errors = sum(1 for _, status, _ in results if status != 200)
    kinds = {}
    for _, status, _ in results:
        if status != 200:
            kinds[status] = kinds.get(status, 0) + 1
    return dict(desks=desks, requests=len(results), errors=errors, ready=ready,
                statuses=", ".join(f"{n}x {'timeout' if s == 0 else s}" for s, n in sorted(kinds.items())),
                p50=statistics.median(times) if times else 0,
                p95=times[int(0.95 * (len(times) - 1))] if times else 0, slowest=times[-1] if times else 0,
                over5=sum(1 for t in times if t > 5), rss_mb=peak[0] / 1024, tree_mb=peak[1] / 1024,
                load=f"{load_before} -> {open('/proc/loadavg').read().split()[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--desks", default="5,20,50", help="desk counts, one run each (default 5,20,50)")
    parser.add_argument("--seconds", type=float, default=30, help="length of each run")
    parser.add_argument("--warm", type=float, default=60, help="seconds between start and the first run")
    parser.add_argument("--first-picture", action="store_true",
                        help="also time the first picture of a handout not yet built, on an idle server")
    parser.add_argument("--idle", type=float, default=0,
                        help="after the runs, wait this long and measure the server's memory again")
    parser.add_argument("--no-out", dest="out_option", action="store_false",
                        help="the server has no --out option (a version before the persistent folder)")
    parser.add_argument("server_args", nargs="*", help="more options for handout serve (after --)")
    args = parser.parse_args()
    handouts = offered(CONTENT, None)
    print(f"{len(handouts)} offered handouts; {os.cpu_count()} cores; load {open('/proc/loadavg').read().strip()}")
    with tempfile.TemporaryDirectory(prefix="handout-load-") as tmp:
        process, base = start_server(args, Path(tmp) / "out")
        try:
            time.sleep(args.warm)
            print("desks built requests errors  p50 s  p95 s  slowest s  >5s  server MB  with workers MB  load"
                  "  (errors by status)")
            for desks in (int(d) for d in args.desks.split(",")):
                r = run(base, process.pid, handouts, desks, args.seconds, Path(tmp) / "out")
                print(f"{r['desks']:5d} {r['ready']:5d} {r['requests']:8d} {r['errors']:6d} {r['p50']:6.2f} "
                      f"{r['p95']:6.2f} {r['slowest']:10.2f} {r['over5']:4d} {r['rss_mb']:10.0f} "
                      f"{r['tree_mb']:15.0f}  {r['load']}  {r['statuses']}", flush=True)
            if args.idle:
                time.sleep(args.idle)
                own, tree = tree_rss_kb(process.pid)
                print(f"after {args.idle:.0f} s idle: server {own / 1024:.0f} MB, with its build processes "
                      f"{tree / 1024:.0f} MB")
        finally:
            process.terminate()
            process.wait(60)
    if args.first_picture:
        with tempfile.TemporaryDirectory(prefix="handout-load-") as tmp:
            process, base = start_server(args, Path(tmp) / "out", "--no-prepare")
            try:
                time.sleep(5)  # idle: nothing asked yet, nothing built
                times = []
                for locale, edition in (("es", "standard"), ("ar", "standard"), ("de", "large-print")):
                    query = f"locale={locale}&edition={edition}&paper=a4&page=1"
                    status, seconds = fetch(f"{base}page.png?{query}")
                    times.append(f"{locale} {seconds * 1000:.0f} ms ({status})")
                print("first picture, idle:", "; ".join(times), "; load", open("/proc/loadavg").read().split()[0])
            finally:
                process.terminate()
                process.wait(60)


if __name__ == "__main__":
    main()
