"""The translator's workflow on a small handout: extract, init, update, status, check, build."""
from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from handout.translate.catalog import read_catalog
from tests.conftest import FIXTURES, flat, page_texts, run_cli


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the hand-washing handout with its template extracted."""
    shutil.copy(FIXTURES / "handwashing.yaml", tmp_path / "content.yaml")
    result = run_cli("extract", str(tmp_path / "content.yaml"))
    assert result.exit_code == 0, result.output
    return tmp_path


def po(project: Path, locale: str) -> Path:
    return project / "locales" / locale / "LC_MESSAGES" / "handout.po"


def fill(path: Path, translate) -> None:
    """Translate every entry of a catalog with `translate(msgid) -> msgstr`, as a translator would."""
    catalog = read_po(path.open("rb"))
    for message in catalog:
        if message.id:
            message.string = translate(message.id)
            message.flags.discard("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, catalog, include_previous=True)
    path.write_bytes(buffer.getvalue())


def set_translation(path: Path, msgid: str, msgstr: str) -> None:
    fill(path, lambda m, _old={}: msgstr if m == msgid else _current(path, m))


def _current(path: Path, msgid: str) -> str:
    for message in read_po(path.open("rb")):
        if message.id == msgid:
            return message.string
    raise KeyError(msgid)


def pseudo(msgid: str) -> str:
    """Replace every letter with 'x' but keep placeholders, bold markers and numbers."""
    return re.sub(r"(\{[a-z_]+\})|[^\W\d_]", lambda m: m.group(1) or "x", msgid)


def init(project: Path, locale: str) -> Path:
    result = run_cli("init", locale, "--content", str(project / "content.yaml"))
    assert result.exit_code == 0, result.output
    return po(project, locale)


def build(project: Path, *args: str):
    return run_cli("build", str(project / "content.yaml"), "--out", str(project / "out"), *args)


def test_extract_is_stable_and_described(project):
    pot = project / "locales" / "handout.pot"
    before = pot.read_bytes()
    again = run_cli("extract", str(project / "content.yaml"))
    assert again.stdout.strip().endswith("(unchanged)")
    assert pot.read_bytes() == before
    text = before.decode()
    line = next(i for i, t in enumerate((project / "content.yaml").read_text().splitlines(), 1) if "Use {soap}" in t)
    assert "#. section 'steps', steps (block 1) items, item 2\n#. keep {soap} exactly as written; in English " \
           "{soap} = 3 mL; the tool writes the\n#. number with its unit or % sign in your language's style, so do " \
           "not type them\n" \
           f'#: content.yaml:{line}\n#, python-brace-format\nmsgctxt "steps"\nmsgid "Use {{soap}} of soap."' in text
    assert "POT-Creation-Date: 2025-06-01 00:00+0000" in text  # from content, not the clock
    assert '"Example source, 2024."' not in text  # references are not sent to translators


def test_init_sets_language_and_plural_forms(project):
    path = init(project, "pl")
    text = path.read_text()
    assert '"Language: pl\\n"' in text
    assert "Plural-Forms: nplurals=3;" in text
    assert "# Review-Status: not reviewed" in text


def test_init_unknown_locale_suggests(project):
    result = run_cli("init", "pt_BX", "--content", str(project / "content.yaml"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown locale 'pt_BX'; did you mean ")
    assert "pt_BR" in result.stderr


def test_init_refuses_to_overwrite(project):
    init(project, "es")
    result = run_cli("init", "es", "--content", str(project / "content.yaml"))
    assert result.exit_code == 1
    assert "already has a catalog; use `handout update` to refresh it" in result.stderr


def test_pseudo_locale_every_visible_string_goes_through_the_catalog(project):
    """With every entry 'translated' to x's, no English word of the content is left on the page
    except those that are data: clinic details, references, dates and language names."""
    path = init(project, "fr")
    fill(path, pseudo)
    result = build(project, "--locale", "fr")
    assert result.exit_code == 0, result.output
    text = flat(" ".join(page_texts(Path(result.stdout.strip()))))
    words = set(re.findall(r"[A-Za-z]{3,}", text))
    allowed = set(re.findall(r"[A-Za-z]{3,}", "Example Clinic sample only not a real clinic Gastroenterology "
                                              "outpatients Example Street Town reception clinic example https "
                                              "Example source janvier juin Français")) | {"xxx"}
    english = set(re.findall(r"[A-Za-z]{3,}", (FIXTURES / "handwashing.yaml").read_text()))
    leaked = {w for w in words if w in english and w not in allowed and not set(w) <= {"x"}}
    assert not leaked
    assert "xxxxx xxxxx xxxx xxxxx xxxxxxxxx [1]." in text  # "Clean hands **stop germs** spreading [1]."


def test_changed_english_becomes_fuzzy_and_the_build_refuses(project):
    path = init(project, "es")
    fill(path, lambda m: "ES " + m)
    assert build(project, "--locale", "es").exit_code == 0
    content = project / "content.yaml"
    content.write_text(content.read_text().replace("Rub for 20 seconds [1].", "Rub for 30 seconds [1]."))
    # Before anyone runs extract/update, the old translation is no longer used:
    refused = build(project, "--locale", "es")
    assert refused.exit_code == 1
    assert "the 'es' translation is incomplete: 1 of 31 entries" in refused.stderr
    assert 'steps: "Rub for 30 seconds [1]."' in refused.stderr
    assert run_cli("extract", str(content)).exit_code == 0
    updated = run_cli("update", "--content", str(content))
    assert updated.stdout.strip() == f"{path}: 0 new, 1 changed (fuzzy, previous English kept), 0 obsolete"
    po_text = path.read_text()
    assert '#, fuzzy\n#| msgid "Rub for 20 seconds [1]."\nmsgctxt "steps"\n' \
           'msgid "Rub for 30 seconds [1]."\nmsgstr "ES Rub for 20 seconds [1]."' in po_text
    assert build(project, "--locale", "es").exit_code == 1  # fuzzy is not a translation
    status = json.loads(run_cli("status", str(content), "--json").stdout)
    assert status[0]["fuzzy"] == 1 and status[0]["complete"] is False


def test_allow_incomplete_falls_back_to_english_with_a_notice(project):
    path = init(project, "es")
    fill(path, lambda m: "" if m == "Wet your hands." else "ES " + m)
    result = build(project, "--locale", "es", "--allow-incomplete")
    assert result.exit_code == 0
    assert "1 of 31 entries are missing, fuzzy or untranslated; they are printed in English" in result.stderr
    text = flat(" ".join(page_texts(Path(result.stdout.strip()))))
    assert "ES Some parts are not yet in Español." in text
    assert "Wet your hands." in text and "ES Use 3 ml of soap." in text  # Spanish writes ml


QA_CASES = [
    ("Use {soap} of soap.", "Usa jabón.", "placeholders differ from the English (missing {soap})"),
    ("Clean hands **stop germs** spreading [1].", "Manos **limpias [1].", "unbalanced '**'"),
    ("Rub for 20 seconds [1].", "Frota 200 segundos [1].", "number 200 is not in the English (20, 1)"),
    ("Use {soap} of soap.", "Usa {soap} de <b>jabón</b>.", "contains markup (< tags or & entities)"),
    ("Use {soap} of soap.", "Usa {soap} de jab&oacute;n.", "contains markup (< tags or & entities)"),
]


@pytest.mark.parametrize("msgid,msgstr,message", QA_CASES)
def test_each_check_catches_its_defect(project, msgid, msgstr, message):
    path = init(project, "es")
    fill(path, lambda m: msgstr if m == msgid else "ES " + m)
    result = run_cli("check", str(project / "content.yaml"))
    assert result.exit_code == 1
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if text == f'msgid "{msgid}"')
    assert f"{path}:{line}: error: {message}" in result.stdout
    refused = build(project, "--locale", "es")
    assert refused.exit_code == 1 and message in refused.stderr


def test_decimal_comma_matches_decimal_point(tmp_path):
    from handout.translate.qa import check_numbers

    assert check_numbers("Take 4.5 mg", "Tome 4,5 mg") == []
    assert check_numbers("Take 4.5 mg", "Tome 45 mg")[0].message.startswith("number 45 is not in the English")


def test_identical_long_english_is_a_warning(project):
    path = init(project, "es")
    fill(path, lambda m: m if m.startswith("Call {clinic_phone}") else "ES " + m)
    result = run_cli("check", str(project / "content.yaml"))
    assert result.exit_code == 0
    assert "warning: identical to the English; is it translated?" in result.stdout


def test_status_table_json_and_strict(project):
    init(project, "es")
    done = init(project, "de")
    fill(done, lambda m: "DE " + m)
    table = run_cli("status", str(project / "content.yaml"))
    assert table.exit_code == 0
    assert re.search(r"de\s+Deutsch\s+31\s+0\s+0\s+0\s+100\s+never reviewed\s+ok", table.stdout)
    assert re.search(r"es\s+Español\s+0\s+0\s+31\s+0\s+0\s+never reviewed", table.stdout)
    assert run_cli("status", str(project / "content.yaml"), "--strict").exit_code == 1
    rows = json.loads(run_cli("status", str(project / "content.yaml"), "--json").stdout)
    assert [(r["locale"], r["percent"]) for r in rows] == [("de", 100.0), ("es", 0.0)]


def test_locale_all_builds_every_complete_language(project):
    init(project, "es")
    fill(init(project, "de"), lambda m: "DE " + m)
    result = build(project, "--locale", "all")
    assert result.exit_code == 0
    assert [Path(p).name for p in result.stdout.split()] == ["hand-washing_en_a4_standard.pdf", "hand-washing_de_a4_standard.pdf"]
    assert "Warning: skipping 'es'" in result.stderr


def test_paper_follows_the_locale_territory(project):
    fill(init(project, "es_MX"), lambda m: "MX " + m)
    result = build(project, "--locale", "es_MX")
    assert Path(result.stdout.strip()).name == "hand-washing_es_MX_letter_standard.pdf"


def test_catalogs_pass_msgfmt(project):
    fill(init(project, "pl"), pseudo)
    subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(po(project, "pl"))], check=True)


def test_broken_po_is_one_line_with_file_and_line(project):
    path = init(project, "es")
    text = path.read_text().splitlines()
    index = next(i for i, line in enumerate(text) if line.startswith("msgstr") and i > 20)
    text[index] = 'msgstr "unterminated'
    path.write_text("\n".join(text) + "\n")
    result = run_cli("check", str(project / "content.yaml"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_percentages_are_data_formatted_per_language(project):
    """A percentage is data like a dose: no '%' reaches a msgid or msgstr (Babel's PO reader would read
    '37% on' as the %-format '% o' and pybabel compile would refuse '37 % unter'), and each language
    writes the sign its own way: '37%' in English, '37 %' with a no-break space in German."""
    content = project / "content.yaml"
    content.write_text(content.read_text()
                       .replace("doses:\n", "percents:\n  germs: 37\n\ndoses:\n")
                       .replace("Rub for 20 seconds [1].", "Rub for 20 seconds ({germs} fewer germs) [1]."))
    assert run_cli("extract", str(content)).exit_code == 0
    template = (project / "locales" / "handout.pot").read_text()
    assert "%" not in template.split('msgid "Rub')[1].split("\n\n")[0]
    assert "{germs} = 37%; the tool writes the number with its unit or % sign" in flat(template.replace("#.", ""))
    path = init(project, "de")
    fill(path, lambda m: "DE 20 ({germs} weniger Keime) [1]." if m.startswith("Rub") else "DE " + m)
    assert run_cli("check", str(content)).exit_code == 0
    subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(path)], check=True)
    subprocess.run(["pybabel", "compile", "-d", str(project / "locales"), "-D", "handout"], check=True,
                   capture_output=True)
    english = flat(" ".join(page_texts(Path(build(project).stdout.strip()))))
    german = flat(" ".join(page_texts(Path(build(project, "--locale", "de").stdout.strip()))))
    assert "Rub for 20 seconds (37% fewer germs) [1]." in english
    assert "DE 20 (37\u00a0% weniger Keime) [1]." in german or "DE 20 (37 % weniger Keime) [1]." in german


def test_a_typed_percent_sign_is_refused(project):
    content = project / "content.yaml"
    content.write_text(content.read_text().replace("Rub for 20 seconds [1].", "Rub for 20 seconds (37% on) [1]."))
    result = run_cli("build", str(content), "--out", str(project / "out"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "a percentage typed into the text; put the number under " \
        "'percents:'" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_percent_sign_that_is_not_a_percentage_is_text(project):
    content = project / "content.yaml"
    content.write_text(content.read_text().replace("Rub for 20 seconds [1].", "Rub for 20 seconds (%PDF) [1]."))
    result = run_cli("build", str(content), "--out", str(project / "out"))
    assert result.exit_code == 0, result.output
    assert "Rub for 20 seconds (%PDF) [1]." in flat(" ".join(page_texts(Path(result.stdout.strip()))))


def test_a_long_changed_entry_keeps_its_previous_english_in_valid_po(project):
    """Babel wraps a long previous msgid as prose ('#| msgid "" "Rub ...'), which msgfmt rejects; the
    catalog must keep the old English as proper '#|' lines that msgfmt, Poedit and Babel all read."""
    old = "Rub for 20 seconds [1]."
    long_old = "Rub the backs of your hands, between your fingers and under your nails for 20 seconds [1]."
    long_new = long_old.replace("under your nails", "around your thumbs")
    content = project / "content.yaml"
    content.write_text(content.read_text().replace(old, long_old))
    assert run_cli("extract", str(content)).exit_code == 0
    path = init(project, "es")
    fill(path, lambda m: "ES " + m)
    content.write_text(content.read_text().replace(long_old, long_new))
    assert run_cli("extract", str(content)).exit_code == 0
    assert run_cli("update", "--content", str(content)).exit_code == 0
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)
    text = path.read_text()
    assert '#, fuzzy\n#| msgid ""\n#| "Rub the backs of your hands, between your fingers and under your' in text
    message = read_catalog(path).get(long_new, context="steps")
    assert message.fuzzy and message.previous_id == [long_old]
    before = path.read_bytes()
    again = run_cli("update", "--content", str(content))
    assert again.stdout.strip() == f"{path}: 0 new, 0 changed (fuzzy, previous English kept), 0 obsolete (unchanged)"
    assert path.read_bytes() == before  # reading and writing it back keeps the old English as it was
