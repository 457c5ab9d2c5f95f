"""Messages that send reception staff the right way: the nearest language there is, no duplicate catalogs,
Excel's semicolon CSV, and where to run the command."""
from __future__ import annotations

import pytest

from tests.conftest import CONTENT, ROOT, run_cli


@pytest.mark.parametrize("asked,nearest", [("es_ES", "es"), ("zh", "zh_Hans"), ("fr-CA", "fr")])
def test_a_language_without_its_own_catalog_names_the_nearest_one(tmp_path, asked, nearest):
    result = run_cli("build", str(CONTENT), "--locale", asked, "--out", str(tmp_path))
    assert result.exit_code == 1
    assert f"the nearest one here is '{nearest}': use --locale {nearest}" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_pt_br_written_with_a_hyphen_builds_brazilian_portuguese(tmp_path):
    result = run_cli("build", str(CONTENT), "--locale", "pt-BR", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("_pt_BR_a4_standard.pdf") or "_pt_BR_" in result.stdout


@pytest.mark.parametrize("code,message", [
    ("es_ES", "'es_ES' is the same language as the catalog 'es' already here; use that one (--locale es)"),
    ("zh", "'zh' is the same language as the catalog 'zh_Hans' already here; use that one (--locale zh_Hans)"),
    ("EN", "'en' is the language the handout is written in (en): it needs no translation"),
])
def test_init_refuses_the_source_language_and_a_second_catalog_of_one_language(shipped_project, code, message):
    result = run_cli("init", code, "--content", str(shipped_project / "content.yaml"))
    assert result.exit_code == 1
    assert message in result.stderr
    assert sorted(p.name for p in (shipped_project / "locales").iterdir()) == sorted(p.name for p in (ROOT / "locales").iterdir())


def test_init_still_makes_a_catalog_for_another_country(shipped_project):
    result = run_cli("init", "pt_PT", "--content", str(shipped_project / "content.yaml"))
    assert result.exit_code == 0, result.output
    assert (shipped_project / "locales" / "pt_PT" / "LC_MESSAGES" / "handout.po").is_file()


def test_a_clinics_list_exported_with_semicolons_is_read(tmp_path):
    roster = tmp_path / "clinics.csv"
    roster.write_text("id;name;phone\nnorth;North Clinic, Annex;0161 496 0000\n", encoding="utf-8")
    result = run_cli("build", str(CONTENT), "--clinics", str(roster), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "north").is_dir()


def test_run_from_another_folder_says_where_to_run_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("build")
    assert result.exit_code == 1
    assert result.stderr == ("Error: content.yaml: content file not found; run the command in the project folder "
                             "(the one holding content.yaml), or name the content file, e.g. `handout build "
                             "path/to/content.yaml`\n")


def test_the_overdue_warning_is_given_also_when_nothing_is_rebuilt(tmp_path):
    args = ("build", str(CONTENT), "--today", "2030-01-01", "--out", str(tmp_path))
    first = run_cli(*args)
    second = run_cli(*args)
    assert first.exit_code == second.exit_code == 0
    assert "(unchanged)" in second.stdout
    for result in (first, second):
        assert "Warning: this handout was due for review on" in result.stderr
