"""Benchmark: how fast `handout` builds, and how big and hungry it is, each figure beside its target.

    python bench/run.py            # from the project folder, with the tool installed (pip install -e .)
    python bench/run.py --quick    # fewer runs (a few minutes), for a first look
    python bench/run.py --only warm,roster   # some figures only (help, cold, warm, full, roster, thumbnail, memory)

Figures are medians of several runs, wall-clock, with CPU time beside them: on a shared machine the
wall clock also counts time spent waiting for a core, and the load average is printed so a noisy run
can be told from a slow one. The yardstick is measured in the same run: the same English text set by
plain ReportLab platypus (bench/baseline.py: untagged, no clinic, same fonts and page size), and every
time is also given as a multiple of it, so two runs on a busy machine can be compared by their ratios.
Nothing here is a test; tests never time anything.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content.yaml"
FULL_SET = ["--locale", "all", "--edition", "all", "--paper", "all"]


def env() -> dict:
    """The environment of a user's shell: Python may keep compiled bytecode (as after `pip install`)."""
    out = dict(os.environ)
    out.pop("PYTHONDONTWRITEBYTECODE", None)
    return out


def command() -> list[str]:
    """What a user types: the `handout` script installed beside this Python, else `python -m handout`."""
    script = Path(sys.executable).parent / "handout"
    return [str(script)] if script.exists() else [sys.executable, "-m", "handout"]


def cli(*args: str) -> tuple[float, float]:
    """Run `handout ARGS`; return (wall seconds, CPU seconds of it and its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([*command(), *args], cwd=ROOT, env=env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"handout {' '.join(args)} failed:\n{result.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_pair(samples: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(median wall, median CPU, best wall): the best run shows what the code costs when no other process
    competes for the cores."""
    return (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples),
            min(s[0] for s in samples))


def cold_single(tmp: Path, runs: int) -> tuple[float, float, float]:
    """A new process builds the English standard A4 handout (the PDF is rebuilt: --force)."""
    out = tmp / "single"
    cli("build", str(CONTENT), "--out", str(out))  # bytecode and font caches, as after the first use
    return median_pair([cli("build", str(CONTENT), "--out", str(out), "--force") for _ in range(runs)])


def cold_baseline(runs: int) -> tuple[float, float, float]:
    """The floor under the cold build: a new process that renders the baseline (bench/baseline.py: Python,
    ReportLab platypus, the content file and fonts loaded the tool's way, one plain render) and writes nothing."""
    code = f"import sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); from baseline import make_renderer; " \
           f"make_renderer({str(CONTENT)!r})()"

    def once() -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env(), check=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    once()
    return median_pair([once() for _ in range(runs)])


def cold_help(runs: int) -> tuple[float, float, float]:
    """A new process prints `handout --help`."""
    cli("--help")
    return median_pair([cli("--help") for _ in range(runs)])


def warm_render(runs: int) -> dict:
    """One process renders the English standard A4 handout again and again (fonts, styles, parsed
    content already loaded), turn about with the plain-platypus baseline of the same text: medians per
    render of each (wall, CPU, best wall), pages and bytes of each."""
    code = f"""
import json, statistics, sys, time
sys.path.insert(0, {str(ROOT / 'bench')!r})
from baseline import make_renderer
from handout.build import render_handout
from handout.source.clinic import load_clinic
from handout.source.content import load_content
handout, clinic = load_content({str(CONTENT)!r}), load_clinic(None)
baseline = make_renderer({str(CONTENT)!r})
cases = {{"handout": lambda: render_handout(handout, clinic, "en", "a4"), "baseline": baseline}}
for _ in range(3):
    for case in cases.values():
        case()
times = {{name: ([], []) for name in cases}}
out = {{}}
for _ in range({runs}):
    for name, case in cases.items():
        w, c = time.perf_counter(), time.process_time()
        data, pages = case()
        times[name][1].append(time.process_time() - c); times[name][0].append(time.perf_counter() - w)
        out[name] = dict(pages=pages, bytes=len(data))
for name, (walls, cpus) in times.items():
    out[name].update(wall=statistics.median(walls), cpu=statistics.median(cpus), best=min(walls))
print(json.dumps(out))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env(), capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"warm render failed:\n{result.stderr}")
    return json.loads(result.stdout)


def roster_sites(tmp: Path, sites: int) -> Path:
    """A clinics list of `sites` sites, each with its own name, phone, e-mail, website and online URL
    (so its own QR code), one in ten with a logo: what a health system's roster looks like."""
    from PIL import Image

    logo = tmp / "logo.png"
    Image.new("RGB", (240, 80), (11, 61, 110)).save(logo)
    rows = ["id,name,department,phone,email,website,url,logo"]
    for n in range(sites):
        rows.append(f"site-{n:03d},Riverside Community Gut Clinic number {n} of the {n % 7 + 1}th district,"
                    f"Digestive health,020 7946 {n:04d},gut{n}@riverside.example,https://riverside.example/{n},"
                    f"https://riverside.example/{n}/ldn,{'logo.png' if n % 10 == 0 else ''}")
    path = tmp / "roster.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


ROSTER_LOCALES = "en,es,ar,zh_Hans"


def roster(tmp: Path, jobs: int, sites: int, runs: int) -> tuple:
    """`sites` sites x en, es, ar, zh_Hans x standard x A4, from the command line on `jobs` processes:
    (handouts, median wall, CPU, best wall)."""
    clinics = roster_sites(tmp, sites)
    out = tmp / "roster"
    args = ("build", str(CONTENT), "--clinics", str(clinics), "--locale", ROSTER_LOCALES, "--edition", "standard",
            "--paper", "a4", "--out", str(out), "--jobs", str(jobs))
    cli(*args)
    count = len(json.loads((out / "manifest.json").read_text())["files"])
    return count, *median_pair([cli(*args, "--force") for _ in range(runs)])


def first_thumbnail(runs: int) -> tuple[float, float, float, float]:
    """The front-desk page in a new server process (started, nothing built): the wait from the request
    for a handout (Spanish, standard, A4) to the end of its first page picture, then the same for a second
    language not built yet (Arabic), in the same server. (median first, best first, median second, best
    second), seconds. Driven by Flask's test client: the browser's own share is left out."""
    code = f"""
import json, tempfile, time
from handout.web.serve import create_app
with tempfile.TemporaryDirectory() as folder:
    client = create_app({str(CONTENT)!r}, folder=folder).test_client()
    out = []
    for locale in ("es", "ar"):
        query = f"locale={{locale}}&edition=standard&paper=a4&booklet=0"
        start = time.perf_counter()
        assert client.get("/preview?" + query).status_code == 200
        assert client.get("/page.png?page=1&" + query).status_code == 200
        out.append(time.perf_counter() - start)
print(json.dumps(out))
"""
    samples = []
    for _ in range(runs):
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env(), capture_output=True, text=True)
        if result.returncode:
            sys.exit(f"thumbnail run failed:\n{result.stderr}")
        samples.append(json.loads(result.stdout))
    first, second = [s[0] for s in samples], [s[1] for s in samples]
    return statistics.median(first), min(first), statistics.median(second), min(second)


def full_set(tmp: Path, jobs: int, runs: int) -> tuple:
    """Every language x edition x paper on `jobs` processes: (handouts, wall, CPU, best wall, and the same
    three for the no-change rebuild: the same command again with nothing to do)."""
    out = tmp / "full"
    cli("build", str(CONTENT), "--out", str(out), *FULL_SET, "--jobs", str(jobs))
    count = len(json.loads((out / "manifest.json").read_text())["files"])
    built = median_pair([cli("build", str(CONTENT), "--out", str(out), *FULL_SET, "--jobs", str(jobs), "--force")
                         for _ in range(runs)])
    unchanged = median_pair([cli("build", str(CONTENT), "--out", str(out), *FULL_SET) for _ in range(max(runs, 5))])
    return count, *built, *unchanged


def worker_memory(tmp: Path, jobs: int, sites: int = 0) -> int:
    """Peak resident memory (KB) of the busiest worker, as each worker reports it: over the full set, or
    (`sites`) over that many clinics, each with its own name and phone, in English and Chinese."""
    clinics = tmp / "sites.csv"
    clinics.write_text("id,name,phone\n" + "".join(f"site-{n},Clinic number {n} of the {n % 7}th district,"
                                                     f"0{n:04d} {n * 37 % 10000:04d}\n" for n in range(sites)))
    what = dict(clinics=str(clinics), locale="en,zh_Hans", edition="standard") if sites else \
        dict(locale="all", edition="all", paper="all")
    code = f"""
from handout.batch.plan import plan_batch, run_batch
plan = plan_batch({str(CONTENT)!r}, out={str(tmp / 'memory')!r}, force=True, **{what!r})
print(max(o.rss_kb for o in run_batch(plan.todo, {jobs})))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env(), capture_output=True, text=True,
                            check=True)
    return int(result.stdout)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() \
        else platform.processor()
    try:
        import _rl_accel  # noqa: F401
        accel = "with rl_accel"
    except ImportError:
        accel = "without rl_accel"
    import reportlab

    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, ReportLab {reportlab.Version} "
            f"{accel}, load average before: {os.getloadavg()[0]:.2f}")


def row(name: str, value: str, ratio: str, target: str, ok: bool) -> str:
    return f"| {name} | {value} | {ratio} | {target} | {'yes' if ok else 'MISSED'} |"


FIGURES = ("help", "cold", "warm", "full", "roster", "thumbnail", "memory")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="processes for the batch (default: all cores)")
    parser.add_argument("--sites", type=int, default=100, help="sites in the roster and memory runs (default: 100)")
    parser.add_argument("--only", default=",".join(FIGURES), help=f"figures to measure, of: {', '.join(FIGURES)}")
    args = parser.parse_args()
    only = set(args.only.split(","))
    runs = dict(cold=5, warm=10, batch=1, thumb=3) if args.quick else dict(cold=9, warm=30, batch=3, thumb=5)
    print(f"Machine: {machine()}")
    tmp = Path(tempfile.mkdtemp(prefix="handout-bench-"))
    got = {}
    try:
        # the baseline first: every ratio below is to it, measured in this run
        warm = warm_render(runs["warm"])
        got["warm"] = warm
        if "help" in only:
            got["help"] = cold_help(runs["cold"])
        if "cold" in only:
            got["cold"] = cold_single(tmp, runs["cold"])
            got["cold_baseline"] = cold_baseline(runs["cold"])
        if "full" in only:
            got["full"] = full_set(tmp, args.jobs, runs["batch"])
        if "roster" in only:
            got["roster"] = roster(tmp, args.jobs, args.sites, runs["batch"])
        if "thumbnail" in only:
            got["thumbnail"] = first_thumbnail(runs["thumb"])
        if "memory" in only:
            got["memory"] = worker_memory(tmp, args.jobs), worker_memory(tmp, args.jobs, sites=args.sites)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"Load average after: {os.getloadavg()[0]:.2f}\n")
    base = warm["baseline"]
    base_page = base["wall"] / base["pages"]
    hand = warm["handout"]
    print(f"Baseline (plain platypus, same English text, untagged, no clinic, A4): {base['wall'] * 1e3:.1f} ms "
          f"for {base['pages']} pages ({base_page * 1e3:.1f} ms a page, {1 / base['wall']:.0f} a second on one core; "
          f"{base['cpu'] * 1e3:.1f} ms CPU; best {base['best'] * 1e3:.1f} ms), {base['bytes'] / 1024:.1f} KB\n")

    def times(seconds: float) -> str:  # a time as a multiple of one baseline render
        return f"{seconds / base['wall']:.1f}x"

    print("| figure | median (CPU time; best run) | x baseline | target | met |")
    print("|---|---|---|---|---|")
    if "help" in got:
        wall, cpu, best = got["help"]
        print(row("`handout --help`, new process", f"{wall * 1e3:.0f} ms ({cpu * 1e3:.0f} ms CPU; best {best * 1e3:.0f} ms)",
                  times(wall), "<= 120 ms", wall <= 0.12))
    if "cold" in got:
        wall, cpu, best = got["cold"]
        print(row("cold single-handout CLI build (English, standard, A4)",
                  f"{wall * 1e3:.0f} ms ({cpu * 1e3:.0f} ms CPU; best {best * 1e3:.0f} ms)", times(wall), "<= 250 ms",
                  wall <= 0.25))
        floor, floor_cpu, floor_best = got["cold_baseline"]
        print(row("the baseline, cold: a new process renders the plain-platypus baseline (the floor under the "
                  "cold build)", f"{floor * 1e3:.0f} ms ({floor_cpu * 1e3:.0f} ms CPU; best {floor_best * 1e3:.0f} "
                  f"ms); the cold build is {wall / floor:.2f}x it", times(floor), "(none)", True))
    page = hand["wall"] / hand["pages"]
    print(row(f"warm render per handout (English, standard, A4, {hand['pages']} pages)",
              f"{hand['wall'] * 1e3:.1f} ms ({hand['cpu'] * 1e3:.1f} ms CPU; best {hand['best'] * 1e3:.1f} ms); "
              f"{page * 1e3:.1f} ms a page", f"{page / base_page:.2f}x a page", "<= 1.5x baseline a page",
              page / base_page <= 1.5))
    if "roster" in got:
        count, wall, cpu, best = got["roster"]
        print(row(f"roster batch, {args.jobs} processes ({args.sites} sites x {ROSTER_LOCALES} x standard x A4: "
                  f"{count} handouts)",
                  f"{count / wall:.1f} handouts/s ({wall:.1f} s; {cpu / count * 1e3:.0f} ms CPU each; "
                  f"best {count / best:.1f}/s)", f"{(wall / count) / base['wall']:.2f}x each",
                  ">= 100 handouts/s", count / wall >= 100))
    if "full" in got:
        count, batch, batch_cpu, batch_best, same, same_cpu, same_best = got["full"]
        print(row(f"batch throughput, {args.jobs} processes ({count} handouts: every language x edition x paper)",
                  f"{count / batch:.1f} handouts/s ({batch:.1f} s; {batch_cpu / count * 1e3:.0f} ms CPU each; "
                  f"best {count / batch_best:.1f}/s)", f"{(batch / count) / base['wall']:.2f}x each",
                  "(no target: bilingual and large print are 2-3x the pages)", True))
        print(row(f"no-change rebuild of the full set ({count} handouts)",
                  f"{same * 1e3:.0f} ms ({same_cpu * 1e3:.0f} ms CPU; best {same_best * 1e3:.0f} ms)", times(same),
                  "<= 1 s", same <= 1.0))
    if "thumbnail" in got:
        first, first_best, second, second_best = got["thumbnail"]
        print(row("first page picture on the front-desk page, new server (Spanish, standard, A4)",
                  f"{first * 1e3:.0f} ms (best {first_best * 1e3:.0f} ms)", times(first), "<= 300 ms", first <= 0.3))
        print(row("first page picture of a second language not built yet (Arabic)",
                  f"{second * 1e3:.0f} ms (best {second_best * 1e3:.0f} ms)", times(second), "<= 300 ms",
                  second <= 0.3))
    if "memory" in got:
        rss, rss_sites = got["memory"]
        print(row("peak RSS per worker (full set)", f"{rss / 1024:.0f} MB", "", "<= 150 MB", rss / 1024 <= 150))
        print(row(f"peak RSS per worker ({args.sites} clinics x English and Chinese: {2 * args.sites} handouts)",
                  f"{rss_sites / 1024:.0f} MB", "", "<= 150 MB", rss_sites / 1024 <= 150))
    print(row("PDF size (English, standard, A4)", f"{hand['bytes'] / 1024:.1f} KB ({hand['bytes']:,} bytes)",
              f"{hand['bytes'] / base['bytes']:.2f}x", "<= 40 KB", hand["bytes"] <= 40 * 1024))


if __name__ == "__main__":
    main()
