"""Build every offered combination (every complete language x edition x paper x flat/booklet) for one
clinic and count what builds: `python bench/all_combinations.py [CLINIC] [--jobs N]`.

Default clinic: bench/clinics/demanding.yaml (every field near the limits a clinic may use). Prints one
line per failure (the job and its one-line message), then `N of M built`. Exit 1 when any failed.
Builds into a temporary folder with --force, so each run measures the code as it is now.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clinic", nargs="?", default=str(ROOT / "bench" / "clinics" / "demanding.yaml"))
    parser.add_argument("--jobs", type=int, default=0, help="processes at once (default: one per core)")
    parser.add_argument("--locale", default="all")
    parser.add_argument("--edition", default="all")
    args = parser.parse_args()
    from handout.batch.plan import plan_batch, run_batch

    started = time.perf_counter()
    outcomes = []
    with tempfile.TemporaryDirectory() as out:
        for booklet in (False, True):
            plan = plan_batch(ROOT / "content.yaml", out=Path(out) / ("booklet" if booklet else "flat"),
                              locale=args.locale, edition=args.edition, paper="all", clinic=args.clinic,
                              force=True, booklet=booklet, today=None)
            outcomes += run_batch(plan.todo, args.jobs or None)
    failed = sorted((o for o in outcomes if not o.ok), key=lambda o: o.job.name)
    for outcome in failed:
        print(f"FAIL {outcome.job.name}: {outcome.error}")
    print(f"{len(outcomes) - len(failed)} of {len(outcomes)} built ({time.perf_counter() - started:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
