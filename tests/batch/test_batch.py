"""Batch builds as a print room uses them: every language x edition x paper x clinic, rebuilt only when
an input changed, one failure never stopping the rest, and a manifest that proves which file is which."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tests.conftest import FIXTURES, flat, page_texts, run_cli
from tests.translate.test_translation_workflow import fill, po, pseudo, set_translation

POINTS = {"a4": (595, 842), "letter": (612, 792)}


@pytest.fixture
def project(tmp_path) -> Path:
    """The hand-washing handout with a complete Spanish catalog."""
    shutil.copy(FIXTURES / "handwashing.yaml", tmp_path / "content.yaml")
    assert run_cli("extract", str(tmp_path / "content.yaml")).exit_code == 0
    assert run_cli("init", "es", "--content", str(tmp_path / "content.yaml")).exit_code == 0
    fill(po(tmp_path, "es"), lambda m: "ES " + pseudo(m))
    return tmp_path


def build(project: Path, *args: str):
    return run_cli("build", str(project / "content.yaml"), "--out", str(project / "out"), *args)


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


def page_size(path: Path) -> tuple[int, int]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return tuple(round(v) for v in pdf[0].get_size())
    finally:
        pdf.close()


def manifest(project: Path) -> dict:
    return json.loads((project / "out" / "manifest.json").read_text(encoding="utf-8"))


def test_paper_all_builds_both_sizes_of_every_edition_with_names_that_say_so(project):
    result = build(project, "--locale", "en,es", "--paper", "all", "--edition", "large-print")
    assert result.exit_code == 0, result.output
    result = build(project, "--locale", "en,es", "--paper", "all")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (project / "out").glob("*.pdf"))
    assert names == sorted(f"hand-washing_{locale}_{paper}_{edition}.pdf" for locale in ("en", "es")
                           for paper in ("a4", "letter") for edition in ("standard", "large-print"))
    for name in names:
        paper = name.split("_")[2]
        assert page_size(project / "out" / name) == POINTS[paper], name
    # one plain line per file when the output is not a terminal: the PDF's path
    assert sorted(Path(line).name for line in lines(result.stdout)) == sorted(n for n in names if "standard" in n)


def test_unchanged_inputs_are_not_rebuilt_and_force_rebuilds(project):
    first = build(project, "--locale", "en,es")
    assert first.exit_code == 0, first.output
    out = project / "out"
    en, es = out / "hand-washing_en_a4_standard.pdf", out / "hand-washing_es_a4_standard.pdf"
    again = build(project, "--locale", "en,es")
    assert again.exit_code == 0, again.output
    assert lines(again.stdout) == [f"{en} (unchanged)", f"{es} (unchanged)"]
    # quiet on success, but the fixture is past its review date: whoever prints it is told, built now or not
    assert lines(again.stderr) == [w for w in lines(first.stderr) if w.startswith("Warning: this handout was due")][:1]
    assert len(lines(again.stderr)) == 1

    # a translation changes: only that language is built again, with the new words
    set_translation(po(project, "es"), "Wet your hands.", "Mójese las manos.")
    changed = build(project, "--locale", "en,es")
    assert lines(changed.stdout) == [f"{en} (unchanged)", str(es)]
    assert "Mójese las manos." in flat(" ".join(page_texts(es)))

    # an output that was altered after the build is replaced by a good one
    good = es.read_bytes()
    es.write_bytes(good[:-10])
    assert lines(build(project, "--locale", "en,es").stdout) == [f"{en} (unchanged)", str(es)]
    assert es.read_bytes() == good

    # a new option is a new input
    assert sorted(lines(build(project, "--locale", "en,es", "--allow-incomplete").stdout)) == [str(en), str(es)]

    forced = build(project, "--locale", "en,es", "--allow-incomplete", "--force")
    assert forced.exit_code == 0
    assert sorted(lines(forced.stdout)) == [str(en), str(es)]


def test_a_new_clinic_logo_rebuilds_that_clinics_handouts(project):
    logo = project / "logo.png"
    _png(logo, (0, 90, 160))
    clinic = project / "clinic.yaml"
    clinic.write_text('name: "Riverside"\nphone: "0123"\nlogo: "logo.png"\n', encoding="utf-8")
    assert build(project, "--clinic", str(clinic)).exit_code == 0
    pdf = project / "out" / "hand-washing_en_a4_standard.pdf"
    assert lines(build(project, "--clinic", str(clinic)).stdout) == [f"{pdf} (unchanged)"]
    _png(logo, (200, 30, 30))  # same file name, new picture
    assert lines(build(project, "--clinic", str(clinic)).stdout) == [str(pdf)]


def _png(path: Path, colour) -> None:
    from PIL import Image

    Image.new("RGB", (40, 20), colour).save(path)


def test_a_failed_job_does_not_stop_the_others(project):
    assert run_cli("init", "fr", "--content", str(project / "content.yaml")).exit_code == 0  # nothing translated
    result = build(project, "--locale", "en,fr,es", "--jobs", "2")
    assert result.exit_code == 1
    out = project / "out"
    assert sorted(p.name for p in out.glob("*.pdf")) == ["hand-washing_en_a4_standard.pdf",
                                                          "hand-washing_es_a4_standard.pdf"]
    assert sorted(lines(result.stdout)) == [str(out / "hand-washing_en_a4_standard.pdf"),
                                            str(out / "hand-washing_es_a4_standard.pdf")]
    fr = po(project, "fr")
    assert f"Error: {fr}: the 'fr' translation is incomplete" in result.stderr
    summary = lines(result.stderr[result.stderr.index("3 handouts:"):])
    assert summary[0].startswith("3 handouts: 2 built, 0 unchanged, 1 failed (")
    assert summary[1] == "Failed: 1 handout(s), 0 clinic row(s):"
    assert re.fullmatch(rf"  hand-washing_fr_a4_standard\.pdf: {re.escape(str(fr))}: the 'fr' translation is "
                        r"incomplete: (\d+) of \1 entries are missing, fuzzy or untranslated; translate them "
                        r"\(or build with --allow-incomplete to print those parts in English\)", summary[2])
    assert len(summary) == 3
    assert sorted(manifest(project)["files"]) == ["hand-washing_en_a4_standard.pdf",
                                                  "hand-washing_es_a4_standard.pdf"]
    # the failure is not recorded as built: the next run tries it again, and skips the rest
    again = build(project, "--locale", "en,fr,es")
    assert again.exit_code == 1
    assert "3 handouts: 0 built, 2 unchanged, 1 failed" in again.stderr


CSV = """id,name,phone,department,paper
riverside,Riverside Gut Clinic,01234 567890,Digestive health,a4
north,North Clinic,,,letter
"hill-top","Hill Top Surgery, Annex",0300 000,,letter
"""


def test_clinics_csv_one_set_per_site_and_a_bad_row_is_reported_with_its_row(project):
    clinics = project / "clinics.csv"
    clinics.write_text(CSV, encoding="utf-8")
    result = build(project, "--clinics", str(clinics), "--locale", "en,es")
    assert result.exit_code == 1
    assert f"Error: {clinics}:3: row 2 (north): phone is empty; every handout prints the clinic's phone" \
        in lines(result.stderr)
    out = project / "out"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf")) == [
        "hill-top/hand-washing_en_letter_standard.pdf", "hill-top/hand-washing_es_letter_standard.pdf",
        "riverside/hand-washing_en_a4_standard.pdf", "riverside/hand-washing_es_a4_standard.pdf"]
    text = flat(" ".join(page_texts(out / "hill-top" / "hand-washing_es_letter_standard.pdf")))
    assert "Hill Top Surgery, Annex" in text and "0300 000" in text
    assert "4 handouts: 4 built, 0 unchanged, 0 failed" in result.stderr  # the summary follows a bad row
    assert "Failed: 0 handout(s), 1 clinic row(s):" in result.stderr
    records = manifest(project)["files"]
    assert records["riverside/hand-washing_es_a4_standard.pdf"]["clinic"] == "riverside"
    assert records["riverside/hand-washing_es_a4_standard.pdf"]["clinic_name"] == "Riverside Gut Clinic"


def test_clinics_yaml_names_the_line_of_the_bad_field(project):
    clinics = project / "clinics.yaml"
    clinics.write_text('- id: riverside\n  name: "Riverside"\n  phone: "0123"\n'
                       '- id: riverside\n  name: "Copy"\n  phone: "0456"\n'
                       '- id: east\n  name: "East"\n  phone: "0789"\n  email: "not an address"\n'
                       '- id: west\n  name: "West"\n  phone: "0111"\n', encoding="utf-8")
    result = build(project, "--clinics", str(clinics))
    assert result.exit_code == 1
    errors = [line for line in lines(result.stderr) if line.startswith("Error:")]
    assert errors == [
        f"Error: {clinics}:4: row 2: id 'riverside' is used twice (first in row 1); every site needs its own id",
        f"Error: {clinics}:10: row 3 (east): email 'not an address' does not look like an address "
        "(name@example.org)"]
    assert sorted(p.parent.name for p in (project / "out").rglob("*.pdf")) == ["riverside", "west"]


def test_clinic_and_clinics_together_is_a_usage_error(project):
    result = build(project, "--clinic", "a.yaml", "--clinics", "b.csv")
    assert result.exit_code == 2
    assert "use --clinic (one clinic) or --clinics (a list of sites), not both" in result.stderr


def test_manifest_records_every_pdf_and_verify_catches_tampering(project):
    result = build(project, "--locale", "all", "--paper", "all")
    assert result.exit_code == 0, result.output
    out = project / "out"
    data = manifest(project)
    assert sorted(data["files"]) == sorted(f"hand-washing_{locale}_{paper}_standard.pdf"
                                           for locale in ("en", "es") for paper in ("a4", "letter"))
    record = data["files"]["hand-washing_es_letter_standard.pdf"]
    pdf = out / "hand-washing_es_letter_standard.pdf"
    import hashlib

    assert record["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert record["bytes"] == pdf.stat().st_size
    assert record["pages"] == len(page_texts(pdf))
    assert (record["locale"], record["edition"], record["paper"], record["clinic"]) == ("es", "standard",
                                                                                       "letter", None)
    assert record["content_id"] == "hand-washing" and record["content_version"] == "2.3"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d[+-]\d{4}", record["catalog_revision"])
    assert set(record["inputs"]) == {"content", "catalog", "clinic", "fonts", "tool", "options"}
    assert all(re.fullmatch(r"[0-9a-f]{64}", record["inputs"][key]) for key in record["inputs"])
    assert data["files"]["hand-washing_en_a4_standard.pdf"]["inputs"]["catalog"] is None

    ok = run_cli("verify", str(out))
    assert ok.exit_code == 0 and ok.stdout == ""
    assert "4 file(s) in the manifest, 0 problem(s)" in ok.stderr

    body = bytearray(pdf.read_bytes())
    body[len(body) // 2] ^= 0x01  # one bit, same size
    pdf.write_bytes(bytes(body))
    (out / "hand-washing_en_letter_standard.pdf").unlink()
    shutil.copy(out / "hand-washing_en_a4_standard.pdf", out / "extra.pdf")
    bad = run_cli("verify", str(out))
    assert bad.exit_code == 1
    assert lines(bad.stdout) == [
        f"{out / 'hand-washing_en_letter_standard.pdf'}: missing (the manifest lists it)",
        f"{pdf}: SHA-256 {hashlib.sha256(pdf.read_bytes()).hexdigest()[:16]}... differs from the manifest's "
        f"{record['sha256'][:16]}...: the file changed after it was built",
        f"{out / 'extra.pdf'}: not in the manifest: nobody can say which version it is; rebuild or remove it"]


def test_verify_without_a_manifest_is_one_clear_error(tmp_path):
    result = run_cli("verify", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {tmp_path / 'manifest.json'}: no manifest.json here; build into this "
                             f"folder with `handout build --out {tmp_path}` first\n")


def test_every_edition_and_paper_is_named_for_what_it_is(project):
    result = build(project, "--locale", "all", "--edition", "all", "--paper", "all")
    assert result.exit_code == 0, result.output
    expected = [f"hand-washing_{lang}_{paper}_{edition}.pdf" for lang in ("en", "es") for paper in ("a4", "letter")
                for edition in ("standard", "large-print")]
    expected += [f"hand-washing_es-en_{paper}_bilingual.pdf" for paper in ("a4", "letter")]  # never en beside en
    assert sorted(p.name for p in (project / "out").glob("*.pdf")) == sorted(expected)
    assert [Path(line).name for line in lines(result.stdout)] == [
        f"hand-washing_{name}.pdf" for name in (
            "en_a4_standard", "en_letter_standard", "en_a4_large-print", "en_letter_large-print",
            "es_a4_standard", "es_letter_standard", "es_a4_large-print", "es_letter_large-print",
            "es-en_a4_bilingual", "es-en_letter_bilingual")]  # the same order every run, whichever worker is first


@pytest.mark.parametrize("name,text,message", [
    ("sites.txt", "id,name,phone\n", ": a clinics list must be a .csv or .yaml file"),
    ("sites.csv", "name,phone\nA,1\n", ":1: the first row must name the columns, including id, name and phone"),
    ("sites.csv", "id,name,phone\n", ": the clinics list has no rows; add one row per site"),
    ("sites.yaml", "id: a\nname: b\n", ":1: a YAML clinics list must be a list with one '- id: ...' mapping per site"),
])
def test_an_unusable_clinics_list_is_one_line_and_builds_nothing(project, name, text, message):
    (project / name).write_text(text, encoding="utf-8")
    result = build(project, "--clinics", str(project / name))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {project / name}{message}\n"
    assert not (project / "out").exists()


def test_verify_reports_a_damaged_manifest_with_its_line(project):
    assert build(project).exit_code == 0
    (project / "out" / "manifest.json").write_text('{\n "format": 1,\n "files": {,\n}\n', encoding="utf-8")
    result = run_cli("verify", str(project / "out"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {project / 'out' / 'manifest.json'}:3: the manifest is not valid JSON")
    # a build does not trust it either: it rebuilds and writes a good one
    assert lines(build(project).stdout) == [str(project / "out" / "hand-washing_en_a4_standard.pdf")]
    assert run_cli("verify", str(project / "out")).exit_code == 0


def test_a_rebuilt_output_replaces_its_record_under_an_older_name(project):
    """An output listed under another name (an older naming, a renamed file) is recorded once, under the
    name it has now; the other outputs keep their records."""
    assert build(project, "--locale", "en,es").exit_code == 0
    data = manifest(project)
    data["files"]["old-name-for-spanish.pdf"] = data["files"].pop("hand-washing_es_a4_standard.pdf")
    (project / "out" / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    shutil.copy(project / "out" / "hand-washing_es_a4_standard.pdf", project / "out" / "old-name-for-spanish.pdf")
    result = build(project, "--locale", "en,es", "--force")
    assert result.exit_code == 0, result.output
    files = manifest(project)["files"]
    assert sorted(files) == ["hand-washing_en_a4_standard.pdf", "hand-washing_es_a4_standard.pdf"]
    assert files["hand-washing_es_a4_standard.pdf"]["locale"] == "es"
