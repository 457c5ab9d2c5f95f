"""Benchmark: how fast `handout` builds, and how big and hungry it is, each figure beside its target.

    python bench/run.py            # from the project folder, with the tool installed (pip install -e .)
    python bench/run.py --quick    # fewer runs (about a minute), for a first look

Figures are medians of several runs, wall-clock, with CPU time beside them: on a shared machine the
wall clock also counts time spent waiting for a core, and the load average is printed so a noisy run
can be told from a slow one. Nothing here is a test; tests never time anything.
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


def cli(*args: str) -> tuple[float, float]:
    """Run `python -m handout ARGS`; return (wall seconds, CPU seconds of it and its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "handout", *args], cwd=ROOT, env=env(),
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


def warm_render(runs: int) -> tuple[float, float, float, int, int]:
    """One process renders the English standard A4 handout again and again (fonts, styles, parsed
    content already loaded): (median wall, median CPU, best wall, pages, bytes) per render."""
    code = f"""
import json, statistics, time
from handout.build import render_handout
from handout.clinic import load_clinic
from handout.content import load_content
handout, clinic = load_content({str(CONTENT)!r}), load_clinic(None)
for _ in range(3):
    render_handout(handout, clinic, "en", "a4")
walls, cpus = [], []
for _ in range({runs}):
    w, c = time.perf_counter(), time.process_time()
    data, pages = render_handout(handout, clinic, "en", "a4")
    cpus.append(time.process_time() - c); walls.append(time.perf_counter() - w)
print(json.dumps([statistics.median(walls), statistics.median(cpus), min(walls), pages, len(data)]))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env(), capture_output=True, text=True,
                            check=True)
    return tuple(json.loads(result.stdout))


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
from handout.batch import plan_batch, run_batch
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


def row(name: str, value: str, target: str, ok: bool) -> str:
    return f"| {name} | {value} | {target} | {'yes' if ok else 'MISSED'} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="processes for the batch (default: all cores)")
    parser.add_argument("--sites", type=int, default=100, help="clinics in the memory run (default: 100)")
    args = parser.parse_args()
    runs = dict(cold=3, warm=10, batch=1) if args.quick else dict(cold=7, warm=30, batch=3)
    print(f"Machine: {machine()}")
    tmp = Path(tempfile.mkdtemp(prefix="handout-bench-"))
    try:
        cold, cold_cpu, cold_best = cold_single(tmp, runs["cold"])
        warm, warm_cpu, warm_best, pages, size = warm_render(runs["warm"])
        count, batch, batch_cpu, batch_best, same, same_cpu, same_best = full_set(tmp, args.jobs, runs["batch"])
        rss = worker_memory(tmp, args.jobs)
        rss_sites = worker_memory(tmp, args.jobs, sites=args.sites)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"Load average after: {os.getloadavg()[0]:.2f}\n")
    print("| figure | median (CPU time; best run) | target | met |")
    print("|---|---|---|---|")
    print(row("cold single-handout CLI build (English, standard, A4)",
              f"{cold * 1e3:.0f} ms ({cold_cpu * 1e3:.0f} ms CPU; best {cold_best * 1e3:.0f} ms)", "<= 300 ms",
              cold <= 0.3))
    print(row(f"warm render per handout (English, standard, A4, {pages} pages)",
              f"{warm * 1e3:.1f} ms ({warm_cpu * 1e3:.1f} ms CPU; best {warm_best * 1e3:.1f} ms)", "<= 25 ms",
              warm <= 0.025))
    print(row(f"batch throughput, {args.jobs} processes ({count} handouts: every language x edition x paper)",
              f"{count / batch:.1f} handouts/s ({batch:.1f} s; {batch_cpu / count * 1e3:.0f} ms CPU each; "
              f"best {count / batch_best:.1f}/s)",
              ">= 100 handouts/s", count / batch >= 100))
    print(row(f"no-change rebuild of the full set ({count} handouts)",
              f"{same * 1e3:.0f} ms ({same_cpu * 1e3:.0f} ms CPU; best {same_best * 1e3:.0f} ms)", "<= 1 s",
              same <= 1.0))
    print(row("peak RSS per worker (full set)", f"{rss / 1024:.0f} MB", "<= 150 MB", rss / 1024 <= 150))
    print(row(f"peak RSS per worker ({args.sites} clinics x English and Chinese: {2 * args.sites} handouts)",
              f"{rss_sites / 1024:.0f} MB", "<= 150 MB", rss_sites / 1024 <= 150))
    print(row("PDF size (English, standard, A4)", f"{size / 1024:.1f} KB ({size:,} bytes)", "<= 40 KB",
              size <= 40 * 1024))


if __name__ == "__main__":
    main()
