"""Input limits under hostile or careless input: a huge logo, one logo shared by a long roster, a huge msgstr.

    python bench/limits.py [logo] [roster] [msgstr]

logo: peak memory (ru_maxrss) of a build for a clinic whose logo has 25, then 4 megapixels.
roster: time to plan a batch of a 5,000-row clinics list whose rows share one 3.6 MB logo (nothing built).
msgstr: time for check, update, status, build and the review proof of a catalog in which one entry's translation
    grew by 100, 200 and 400 KB of words, one word, bold pairs, markup, placeholders, Arabic or Chinese text,
    with the ratios that show whether time grows linearly (x2, x4) or with the square (x4, x16).
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


def _python(code: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True)


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


SHAPES = {  # 1,000 characters of each kind of text a huge msgstr may be made of
    "words": "palabra " * 125,
    "one word": "a" * 1000,
    "bold pairs": "**negrita** y " * 71 + "ab",
    "markup": "<font name=x>&amp; " * 52 + "abc",
    "placeholders": "{clinic_phone} " * 66 + "abcd",
    "Arabic": "مرحبا بالعالم " * 71 + "ab",
    "Chinese": "中文字符測試" * 166 + "中文字符",
}
COMMANDS = {
    "check": ["check", "--locale", "es"],
    "update": ["update"],
    "status": ["status"],
    "build": ["build", "--locale", "es", "--allow-incomplete", "--out", "out"],
    "proof": ["review", "proof", "es", "--out", "proof.pdf"],
}


def _huge_msgstr_project(tmp: Path, shape: str, kilobytes: int) -> Path:
    """The shipped project with `kilobytes` KB of `shape` added to one paragraph's Spanish translation."""
    import re

    project = tmp / f"msgstr-{kilobytes}"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(ROOT / "locales", project / "locales")
    shutil.copy(ROOT / "content.yaml", project / "content.yaml")
    po = project / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    text = po.read_text(encoding="utf-8")
    entry = next(m for m in re.compile(r'\nmsgstr ""\n((?:".*"\n)+)').finditer(text, text.index("msgctxt"))
                 if len(m.group(1)) > 200)  # a paragraph's translation
    body = (SHAPES[shape] * kilobytes).replace('"', '\\"')
    po.write_text(text[:entry.end(1)] + f'" {body}"\n' + text[entry.end(1):], encoding="utf-8")
    _python("from handout.translate.workflow import extract_pot; extract_pot('content.yaml')", cwd=project)
    return project


def msgstr(tmp: Path) -> None:
    """Each command on a catalog whose one entry grew by 1, 100, 200 and 400 KB of each shape of text: the
    times, and those of 200 and 400 KB over that of 100 KB (time linear in size gives at most x2 and x4, a
    square x4 and x16)."""
    sizes = (1, 100, 200, 400)
    for shape in SHAPES:
        for name, args in COMMANDS.items():
            times = {}
            for size in sizes:
                project = _huge_msgstr_project(tmp, shape, size)
                start = time.perf_counter()
                result = subprocess.run([sys.executable, "-m", "handout", *args], cwd=project, capture_output=True,
                                        text=True, timeout=3600)
                times[size] = time.perf_counter() - start
            said = (result.stdout + result.stderr).strip().splitlines()
            print(f"msgstr {shape:12} {name:6} " + "  ".join(f"{size} KB {times[size]:5.1f} s" for size in sizes[1:])
                  + f"  (1 KB {times[1]:.1f} s; 200 and 400 KB take x{times[200] / times[100]:.1f} and "
                    f"x{times[400] / times[100]:.1f} the time of 100 KB: linear or better up to x2 and x4); "
                    f"exit {result.returncode}: {said[-1][:90] if said else ''}", flush=True)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        for name in sys.argv[1:] or ["logo", "roster", "msgstr"]:
            globals()[name](Path(tmp))
