"""Clinic values and translations judged at the door: direction controls pasted with a phone number or
a name never reorder what prints, never crash a right-to-left build, and a value made only of invisible
characters is refused with one line naming the file and key (or the catalog line)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import CONTENT, ROOT, flat, page_texts, run_cli

RLO, LRI, RLI, PDI, ZWSP, ZWJ, BOM = "\u202e", "\u2066", "\u2067", "\u2069", "\u200b", "\u200d", "\ufeff"


def clinic_file(folder: Path, **fields: str) -> Path:
    fields = {"name": "Riverside Gut Clinic", "phone": "01234 567890", **fields}
    path = folder / "clinic.yaml"
    path.write_text("".join(f"{key}: {json.dumps(value)}\n" for key, value in fields.items()), encoding="utf-8")
    return path


def build(folder: Path, clinic: Path, locale: str, content: Path = CONTENT, *more: str):
    return run_cli("build", str(content), "--clinic", str(clinic), "--locale", locale,
                   "--out", str(folder / "out"), *more)


@pytest.mark.parametrize("locale", ["ar", "he", "fa"])
def test_an_override_pasted_into_the_phone_does_not_reverse_its_digits(tmp_path, locale):
    clinic = clinic_file(tmp_path, phone=f"01234 {RLO}567890")
    result = build(tmp_path, clinic, locale)
    assert result.exit_code == 0, result.output
    texts = page_texts(Path(result.stdout.strip()))
    assert "098765" not in "".join(texts)
    assert all("01234 567890" in flat(text) for text in texts), "the phone in every footer, in order"


@pytest.mark.parametrize("locale", ["ar", "he", "fa", "en"])
def test_isolates_around_a_word_of_the_name_print_the_name(tmp_path, locale):
    clinic = clinic_file(tmp_path, name=f"Riverside {RLI}Gut{PDI} Clinic", address=f"{LRI}1 River Road{PDI}, Riverside")
    result = build(tmp_path, clinic, locale)
    assert result.exit_code == 0, result.output
    text = flat(page_texts(Path(result.stdout.strip()))[0])
    assert "Riverside Gut Clinic" in text and "1 River Road, Riverside" in text


@pytest.mark.parametrize("key, value", [("phone", f"{ZWSP}{ZWJ}{BOM}"), ("name", f" {ZWSP} {RLO} "),
                                        ("email", f"{ZWSP}\u200e"), ("department", "\u2060\u3164")])
def test_a_value_of_only_invisible_characters_is_refused_in_one_line(tmp_path, key, value):
    clinic = clinic_file(tmp_path, **{key: value})
    result = build(tmp_path, clinic, "en")
    assert result.exit_code == 1
    number = 1 + ["name", "phone", *([key] if key not in ("name", "phone") else [])].index(key)
    assert result.stderr == (f"Error: {clinic}:{number}: {key} has only invisible characters (zero-width spaces or "
                             "direction marks, as come along when text is copied from a web page); type the "
                             f"{key} again\n")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))


def test_direction_controls_leave_addresses_and_stay_out_of_names(tmp_path):
    from handout.source.clinic import load_clinic

    clinic = load_clinic(clinic_file(tmp_path, phone=f"\u200f+44 (0)20 {RLO}7946 0958\u202c", email=f"gut{ZWSP}@river{RLI}.example",
                                     website=f"https://river.example/{BOM}ldn?lang=ar", name=f"{RLO}Riverside\u202c \u200fClinic"))
    assert clinic.phone == "+44 (0)20 7946 0958"
    assert clinic.email == "gut@river.example"
    assert clinic.website == "https://river.example/ldn?lang=ar"
    assert clinic.name == "Riverside \u200fClinic"  # a mark reorders nothing outside the value: kept


def test_a_clinics_list_row_is_judged_the_same_way(tmp_path):
    from handout.source.sites import read_sites

    path = tmp_path / "sites.csv"
    path.write_text(f"id,name,phone\nriver,Riverside,01234 {RLO}567890\nhill,Hill Top,{ZWSP}{ZWSP}\n", encoding="utf-8")
    sites, errors = read_sites(path)
    assert [s.clinic.phone for s in sites] == ["01234 567890"]
    assert [str(e) for e in errors] == [f"{path}:3: row 2 (hill): phone has only invisible characters (zero-width "
                                        "spaces or direction marks, as come along when text is copied from a web "
                                        "page); type the phone again"]


@pytest.fixture
def repo(tmp_path) -> Path:
    shutil.copy(CONTENT, tmp_path / "content.yaml")
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    return tmp_path


def edit_catalog(repo: Path, locale: str, old: str, new: str) -> tuple[Path, int]:
    po = repo / "locales" / locale / "LC_MESSAGES" / "handout.po"
    text = po.read_text(encoding="utf-8")
    assert old in text
    po.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = text[:text.index(old)].splitlines()
    msgid = next(n for n in range(len(before), 0, -1) if before[n - 1].startswith("msgid "))
    return po, msgid


def test_isolates_in_a_translation_are_reported_by_check_and_do_not_stop_the_build(repo):
    po, line = edit_catalog(repo, "ar", 'msgstr "الهاتف: {phone}"', f'msgstr "{RLI}الهاتف{PDI}: {{phone}}"')
    checked = run_cli("check", str(repo / "content.yaml"), "--json")
    assert checked.exit_code == 0, checked.output
    assert {"path": str(po), "line": line, "severity": "warning",
            "message": "contains direction controls (U+2067 RIGHT-TO-LEFT ISOLATE, U+2069 POP DIRECTIONAL ISOLATE); "
                       "they are left out when printing, as the tool keeps every number and address in its own "
                       "direction: remove them"} in json.loads(checked.stdout)
    result = build(repo, clinic_file(repo), "ar", repo / "content.yaml")
    assert result.exit_code == 0, result.output
    assert all("01234 567890" in flat(text) for text in page_texts(Path(result.stdout.strip())))


def test_a_translation_of_only_invisible_characters_is_refused_by_check_and_build(repo):
    po, line = edit_catalog(repo, "he", 'msgstr "טלפון: {phone}"', f'msgstr "{ZWSP}\u200f"')
    checked = run_cli("check", str(repo / "content.yaml"))
    assert checked.exit_code == 1
    assert (f"{po}:{line}: error: has only invisible characters (zero-width spaces or direction marks); type the "
            "translation again") in checked.stdout.splitlines()
    result = build(repo, clinic_file(repo), "he", repo / "content.yaml")
    assert result.exit_code == 1
    assert f"{po}:{line}: error: has only invisible characters" in result.stderr
    assert "Traceback" not in result.output
