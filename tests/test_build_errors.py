"""Every bad input gets one line naming the file, the line or key, what is wrong and what to do;
exit 1 (2 for usage); no traceback; no PDF written or replaced."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_cli

GOOD = (FIXTURES / "handwashing.yaml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "content.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def build(tmp_path: Path, content: Path, *extra: str):
    return run_cli("build", str(content), "--out", str(tmp_path / "out"), *extra)


CASES = [
    # (name, replace this, with this, expected message after "content.yaml:LINE: ")
    ("unknown block type", "type: steps", "type: stepz",
     "section 'steps': unknown block type 'stepz' (did you mean 'steps'? expected one of: paragraph, "
     "bullets, steps, callout, table, tracker, references)"),
    ("placeholder without value", "Use {soap} of soap.", "Use {sope} of soap.",
     "section 'steps', steps (block 1) items, item 2: placeholder {sope} has no value; did you mean {soap}?"),
    ("unbalanced bold", "**stop germs** spreading", "**stop germs spreading",
     "section 'why', paragraph (block 1) text: unbalanced '**': bold markers must come in pairs, **like this**"),
    ("malformed placeholder", "Use {soap} of soap.", "Use {so ap} of soap.",
     "section 'steps', steps (block 1) items, item 2: malformed placeholder '{so ap}': write {name} with "
     "letters, digits and '_' only, or {{ and }} for a literal brace"),
    ("missing label", '  logo_alt: "{clinic_name} logo"\n', "",
     "labels: missing key 'logo_alt'"),
    ("unknown key", "    title: \"Why wash?\"", "    titel: \"Why wash?\"",
     "section 1: unknown key 'titel'; did you mean 'title'?"),
    ("wrong type", 'version: "2.3"', "version: 2.3",
     'handout version must be text: write version: "2.3" in quotes'),
    ("bad date", "published: 2025-01-10", "published: 10/01/2025",
     "handout published must be a date written YYYY-MM-DD, not '10/01/2025'"),
    ("citation out of range", "Rub for 20 seconds [1].", "Rub for 20 seconds [2].",
     "section 'steps', steps (block 1) items, item 3: citation [2] has no entry in the references (there are 1)"),
    ("unknown unit", "unit: volume-milliliter", "unit: millilitres",
     "dose 'soap': unknown unit 'millilitres'; use a CLDR unit id such as mass-milligram"),
    ("duplicate key", '  title: "Washing your hands"\n', '  title: "Washing your hands"\n  title: "Again"\n',
     "duplicate key 'title' (first at line 9); keep only one"),
    ("tab indentation", '  id: hand-washing', '\tid: hand-washing',
     "YAML syntax error: found character '\\t' that cannot start any token "
     "(YAML does not allow tabs for indentation; use spaces)"),
    ("duplicate section id", "  - id: sources", "  - id: why",
     "section id 'why' is used twice (first at line 36)"),
]


@pytest.mark.parametrize("name,old,new,message", CASES, ids=[c[0] for c in CASES])
def test_content_error_is_one_clear_line(tmp_path, name, old, new, message):
    assert old in GOOD
    content = write(tmp_path, GOOD.replace(old, new, 1))
    result = build(tmp_path, content)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: {content}:"), lines[0]
    assert lines[0].split(": ", 2)[2] == message
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_error_names_the_line(tmp_path):
    content = write(tmp_path, GOOD.replace("type: steps", "type: stepz"))
    line = next(i for i, text in enumerate(GOOD.splitlines(), 1) if "type: steps" in text)
    result = build(tmp_path, content)
    assert result.stderr.startswith(f"Error: {content}:{line}: ")


def test_missing_content_file(tmp_path):
    result = build(tmp_path, tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nope.yaml'}: content file not found; check the path\n"


def test_not_utf8(tmp_path):
    path = tmp_path / "content.yaml"
    path.write_bytes(GOOD.replace("Why wash?", "Why w\xe4sh?").encode("latin-1"))
    result = build(tmp_path, path)
    assert result.exit_code == 1
    assert "not valid UTF-8 text; save the file as UTF-8" in result.stderr


def test_yaml_tags_do_not_construct_objects(tmp_path):
    content = write(tmp_path, GOOD.replace('"Washing your hands"', "!!python/object/apply:os.system ['touch x']"))
    result = build(tmp_path, content)
    assert result.exit_code == 1
    assert "the YAML tag !!python/object/apply:os.system is not allowed" in result.stderr
    assert not (tmp_path / "x").exists()


def test_usage_error_exits_2(tmp_path):
    result = run_cli("build", "--paper", "a3")
    assert result.exit_code == 2
    assert "Invalid value for '--paper'" in result.stderr


def test_clinic_errors(tmp_path):
    content = write(tmp_path, GOOD)
    clinic = write(tmp_path, 'name: "Test"\nphone: 0123\n', "clinic.yaml")
    result = build(tmp_path, content, "--clinic", str(clinic))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {clinic}:2: phone must be text: put the number in double quotes "
                             "so leading zeros are kept\n")


def test_missing_logo(tmp_path):
    content = write(tmp_path, GOOD)
    clinic = write(tmp_path, 'name: "Test"\nphone: "0123"\nlogo: "logo.png"\n', "clinic.yaml")
    result = build(tmp_path, content, "--clinic", str(clinic))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {clinic}:3: logo logo.png: file not found; check the path "
                             "(it is relative to the clinic file)\n")


def test_logo_that_is_not_an_image(tmp_path):
    content = write(tmp_path, GOOD)
    (tmp_path / "logo.png").write_text("<svg/>")
    clinic = write(tmp_path, 'name: "Test"\nphone: "0123"\nlogo: "logo.png"\n', "clinic.yaml")
    result = build(tmp_path, content, "--clinic", str(clinic))
    assert result.exit_code == 1
    assert "logo logo.png: is not a PNG or JPEG image; save the logo as PNG or JPEG" in result.stderr


def test_unwritable_output_folder(tmp_path):
    content = write(tmp_path, GOOD)
    blocker = tmp_path / "out"
    blocker.write_text("a file, not a folder")
    result = build(tmp_path, content)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {blocker}: cannot create the output folder: a file has that name; "
                             "choose another --out\n")


def test_failed_build_keeps_the_previous_pdf(tmp_path):
    content = write(tmp_path, GOOD)
    first = build(tmp_path, content)
    assert first.exit_code == 0
    pdf = Path(first.stdout.strip())
    before = pdf.read_bytes()
    write(tmp_path, GOOD.replace("type: steps", "type: stepz"))
    second = build(tmp_path, content)
    assert second.exit_code == 1
    assert pdf.read_bytes() == before
    # no temporary files left (the manifest's lock file stays); the manifest still describes the PDF there
    assert sorted(p.name for p in pdf.parent.iterdir()) == sorted([pdf.name, "manifest.json", ".manifest.lock"])
    assert run_cli("verify", str(pdf.parent)).exit_code == 0
