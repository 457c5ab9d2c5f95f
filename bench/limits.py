"""Input limits under hostile or careless input: a huge logo, one logo shared by a long roster, a huge msgstr.

    python bench/limits.py [logo] [roster] [msgstr]

logo: peak memory (ru_maxrss) of a build for a clinic whose logo has 25, then 4 megapixels.
roster: time to plan a batch of a 5,000-row clinics list whose rows share one 3.6 MB logo (nothing built).
msgstr: time for `handout check` of a catalog in which one entry's translation is 400 KB.
"""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _python(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True)


def logo(tmp: Path) -> None:
    from PIL import Image

    for side in (2000, 5000):
        path = tmp / f"logo{side}.png"
        Image.new("RGB", (side, side), "white").save(path, optimize=True)
        (tmp / "clinic.yaml").write_text(f'name: "Big Logo Clinic"\nphone: "0161 496 0000"\nlogo: "{path}"\n')
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        result = subprocess.run([sys.executable, "-m", "handout", "build", "--clinic", str(tmp / "clinic.yaml"),
                                 "--out", str(tmp / "out")], cwd=ROOT, capture_output=True, text=True)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        said = "built" if result.returncode == 0 else result.stderr.strip().splitlines()[-1]
        print(f"logo: {path.stat().st_size // 1024} KB PNG of {side * side / 1e6:g} megapixels: the build peaks at "
              f"{peak // 1024} MB{'' if peak > before else ' (or less: an earlier run peaked higher)'}; {said}")


def roster(tmp: Path) -> None:
    import random

    from PIL import Image

    rng = random.Random(1)
    path = tmp / "logo.png"
    Image.frombytes("RGB", (1100, 1100), bytes(rng.getrandbits(8) for _ in range(1100 * 1100 * 3))).save(path)
    rows = ["id,name,phone,logo"] + [f"s{n},Clinic {n},0161 496 {n % 10000:04d},{path}" for n in range(5000)]
    (tmp / "roster.csv").write_text("\n".join(rows) + "\n")
    result = _python("import sys, time\nfrom handout.batch.plan import plan_batch\nstart = time.perf_counter()\n"
                     "plan = plan_batch('content.yaml', out=sys.argv[2], clinics=sys.argv[1])\n"
                     "print(f'{time.perf_counter() - start:.1f}', len(plan.jobs))", str(tmp / "roster.csv"),
                     str(tmp / "out"))
    seconds, jobs = result.stdout.split()
    print(f"roster: {jobs} outputs of 5,000 rows sharing one {path.stat().st_size / 1e6:.1f} MB logo planned in "
          f"{seconds} s{result.stderr[-300:]}")


def msgstr(tmp: Path) -> None:
    project = tmp / "project"
    shutil.copytree(ROOT / "locales", project / "locales")
    shutil.copy(ROOT / "content.yaml", project / "content.yaml")
    po = project / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    text = po.read_text(encoding="utf-8")
    marker = 'msgstr "'
    first = text.index(marker, text.index("msgid", text.index("msgid") + 1))
    po.write_text(text[:first + len(marker)] + "palabra " * 50_000 + text[first + len(marker):], encoding="utf-8")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "handout", "check", "--locale", "es"], cwd=project, capture_output=True,
                            text=True, timeout=3600)
    print(f"msgstr: `handout check es` with a 400 KB translation: {time.perf_counter() - start:.1f} s, exit "
          f"{result.returncode}: {(result.stdout + result.stderr).strip().splitlines()[-1][:200]}")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        for name in sys.argv[1:] or ["logo", "roster", "msgstr"]:
            globals()[name](Path(tmp))
