"""`handout check`'s review checks (negations, dropped numbers, citations, text Babel reads as %-format)
and findings said once: each on small catalogs, with the exact line a translator sees."""
from __future__ import annotations

import json

import pytest

from tests.bad_inputs import SPANISH, edit
from tests.conftest import run_cli
from handout.translate.workflow import check_file

ENGLISH = "Do not take it with alcohol [1]."
NEGATIONS = {  # locale: (the translation keeps the "not", the translation drops it)
    "ar": ("لا تتناوله مع الكحول [1].", "تناوله مع الكحول [1]."),
    "de": ("Nehmen Sie es nicht mit Alkohol ein [1].", "Nehmen Sie es mit Alkohol ein [1]."),
    "es": ("No lo tome con alcohol [1].", "Tómelo con alcohol [1]."),
    "fa": ("آن را با الکل نخورید [1].", "آن را با الکل بخورید [1]."),
    "fr": ("Ne le prenez pas avec de l'alcool [1].", "Prenez-le avec de l'alcool [1]."),
    "he": ("אל תיקחו אותו עם אלכוהול [1].", "קחו אותו עם אלכוהול [1]."),
    "hi": ("इसे शराब के साथ न लें [1]।", "इसे शराब के साथ लें [1]।"),
    "it": ("Non prenderlo con l'alcol [1].", "Prendilo con l'alcol [1]."),
    "pl": ("Nie przyjmuj go z alkoholem [1].", "Przyjmuj go z alkoholem [1]."),
    "pt_BR": ("Não tome com álcool [1].", "Tome com álcool [1]."),
    "ru": ("Не принимайте его с алкоголем [1].", "Принимайте его с алкоголем [1]."),
    "uk": ("Не приймайте його з алкоголем [1].", "Приймайте його з алкоголем [1]."),
    "vi": ("Không uống thuốc cùng rượu [1].", "Uống thuốc cùng rượu [1]."),
    "zh_Hans": ("不要与酒一起服用 [1]。", "与酒一起服用 [1]。"),
}
NEGATION_WARNING = ('warning: the English has 1 negation(s) (not, no, never, without...) but the translation '
                    'has 0 that the check can see; make sure no "not" was dropped (once a reviewer has read '
                    "it, the translator comment 'handout: ignore-negation' silences this)")


def catalog(locale: str, entries: list[tuple[str, str]], comments: dict[int, str] | None = None) -> str:
    """A small PO file: a header, then one entry per (msgid, msgstr); comments[i] adds a `#` line (`# text`
    or `#, flags`) to entry i. Entry i's msgid is on line 6 + 3 * i (+ 1 per comment line before it)."""
    text = (f'msgid ""\nmsgstr ""\n"Language: {locale}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    for number, (msgid, msgstr) in enumerate(entries):
        text += "\n" + (f"{comments[number]}\n" if comments and number in comments else "")
        text += f'msgid "{msgid}"\nmsgstr "{msgstr}"\n'
    return text


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


@pytest.mark.parametrize("locale", sorted(NEGATIONS))
def test_a_dropped_not_is_reported_in_every_language(locale, tmp_path):
    kept, dropped = NEGATIONS[locale]
    path = tmp_path / "handout.po"
    text = catalog(locale, [(ENGLISH, kept), (ENGLISH + " ", dropped)])
    path.write_text(text, encoding="utf-8")
    line = line_of(text, f'msgid "{ENGLISH} "')
    assert [str(f) for f in check_file(path)] == [f"{path}:{line}: {NEGATION_WARNING}"]


@pytest.mark.parametrize("comment", ["# handout: ignore-negation", "#, ignore-negation",
                                     "# handout: ignore-numbers, ignore-negation"])
def test_a_reviewer_silences_the_negation_check_on_one_entry(comment, tmp_path):
    """A translator comment (Poedit keeps those and drops flags it does not know) or Weblate's style of
    flag silences one review check on one entry; the next entry is still checked."""
    path = tmp_path / "handout.po"
    path.write_text(catalog("fr", [("Call us if it does not settle.", "Appelez-nous si cela dure."),
                                   ("Call us if it does not stop.", "Appelez-nous si cela continue.")],
                            comments={0: comment}), encoding="utf-8")
    assert [(f.line, f.severity) for f in check_file(path)] == [(10, "warning")]


def test_silencing_survives_handout_update(tmp_path):
    from handout.translate.catalog import read_catalog, serialise, update_catalog

    path = tmp_path / "handout.po"
    path.write_text(catalog("fr", [("Call us if it does not settle.", "Appelez-nous si cela dure.")],
                            comments={0: "# handout: ignore-negation"}), encoding="utf-8")
    template = read_catalog(path)
    path.write_bytes(serialise(update_catalog(read_catalog(path), template)))
    assert "# handout: ignore-negation\n" in path.read_text(encoding="utf-8")
    assert check_file(path) == []


def test_what_the_negation_lists_cannot_see(tmp_path):
    """Said in docs/translating.md: Persian negates most verbs with a glued-on ن, which the list sees only
    for the common verbs it names; a Chinese word that contains 非 or 无 without negating (非常 "very")
    is not counted."""
    path = tmp_path / "handout.po"
    path.write_text(catalog("fa", [("Do not go.", "نروید.")]) , encoding="utf-8")
    assert [f.message for f in check_file(path)] == [NEGATION_WARNING.removeprefix("warning: ")]
    path.write_text(catalog("zh_Hans", [("Do not stop.", "这非常重要。")]), encoding="utf-8")
    assert len(check_file(path)) == 1


def replace(repo, old: str, new: str):
    po = repo / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    po.write_text(edit(SPANISH, old, new), encoding="utf-8")
    return po


def check_json(repo) -> tuple[int, list[dict]]:
    result = run_cli("check", str(repo / "content.yaml"), "--json")
    return result.exit_code, json.loads(result.stdout)


def test_an_added_brace_placeholder_is_reported_once(repo):
    """Two checks (placeholders, bold) parse the markup; '{0}' used to be reported by both."""
    po = replace(repo, 'msgstr "Use {soap} de jabón."', 'msgstr "Use {soap} {0} de jabón."')
    line = line_of(SPANISH, 'msgid "Use {soap} of soap."')
    malformed = ("malformed placeholder '{0}': write {name} with letters, digits and '_' only, or {{ and }} "
                 "for a literal brace")
    code, findings = check_json(repo)
    assert code == 1
    assert findings == [
        dict(path=str(po), line=line, severity="error", message=malformed),
        dict(path=str(po), line=line, severity="error", message="number 0 is not in the English (none); numbers "
             "must match the source exactly (doses are filled in by the tool)")]
    text = run_cli("check", str(repo / "content.yaml"))
    assert text.stdout.count("malformed placeholder") == 1
    build = run_cli("build", str(repo / "content.yaml"), "--locale", "es", "--out", str(repo / "out"))
    assert build.exit_code == 1
    assert build.stderr.splitlines() == [
        f"Error: {po}: the 'es' translation has 2 error(s); fix them (`handout check` lists them too)",
        f"  {po}:{line}: error: {malformed}",
        f"  {po}:{line}: error: number 0 is not in the English (none); numbers must match the source exactly "
        "(doses are filled in by the tool)"]


def test_a_dropped_citation_is_an_error_in_check_and_build(repo):
    po = replace(repo, 'msgstr "Frote durante 20 segundos [1]."', 'msgstr "Frote durante 20 segundos."')
    line = line_of(SPANISH, 'msgid "Rub for 20 seconds [1]."')
    message = "citations differ from the English (missing [1]); keep the same [numbers] with the same sentences"
    assert check_json(repo) == (1, [dict(path=str(po), line=line, severity="error", message=message)])
    build = run_cli("build", str(repo / "content.yaml"), "--locale", "es", "--out", str(repo / "out"))
    assert build.exit_code == 1 and f"  {po}:{line}: error: {message}" in build.stderr.splitlines()


def test_a_number_written_as_a_word_is_a_warning_only_check_reports(repo):
    po = replace(repo, 'msgstr "Frote durante 20 segundos [1]."', 'msgstr "Frote durante veinte segundos [1]."')
    line = line_of(SPANISH, 'msgid "Rub for 20 seconds [1]."')
    assert check_json(repo) == (0, [dict(
        path=str(po), line=line, severity="warning",
        message="number 20 of the English is not in the translation; write every number of the English as "
                "digits (for a number written as a word on purpose, the translator comment 'handout: "
                "ignore-numbers' silences this)")])
    build = run_cli("build", str(repo / "content.yaml"), "--locale", "es", "--out", str(repo / "out"),
                    "--today", "2026-01-01")
    assert build.exit_code == 0 and build.stderr == ""  # a heuristic: for the reviewer, not the print run


def test_arabic_and_hebrew_write_one_and_two_as_singular_and_dual(tmp_path):
    path = tmp_path / "handout.po"
    path.write_text(catalog("ar", [("Every 1 or 2 weeks [9].", "كل أسبوع أو أسبوعين [9]."),
                                   ("For 7 to 10 days [8].", "لمدة 7 أيام [8].")]), encoding="utf-8")
    assert [(f.line, f.message.split(";")[0]) for f in check_file(path)] == [
        (9, "number 10 of the English is not in the translation")]


def test_a_dropped_not_in_the_spanish_catalog(repo):
    po = replace(repo, 'msgstr "Algunas partes aún no están en {language}."',
                 'msgstr "Algunas partes ya están en {language}."')
    line = line_of(SPANISH, 'msgid "Some parts are not yet in {language}."')
    assert check_json(repo) == (0, [dict(path=str(po), line=line, severity="warning",
                                         message=NEGATION_WARNING.removeprefix("warning: "))])


def test_text_babel_reads_as_percent_format_in_a_translation(repo):
    po = replace(repo, 'msgstr "Frote durante 20 segundos [1]."', 'msgstr "Frote durante 20 segundos (100 % unos) [1]."')
    code, findings = check_json(repo)
    assert code == 1  # 100 is not in the English: the number check
    assert dict(path=str(po), line=line_of(SPANISH, 'msgid "Rub for 20 seconds [1]."'), severity="warning",
                message="Babel reads '% u' in this translation as a %-format placeholder; write percentages as "
                        "the English does, with its {placeholder} (the tool formats it for your language, e.g. "
                        "37 % in German)") in findings


PERCENT_ENGLISH = "Vivid dreams (37% on LDN, 13% on placebo) [16]."


@pytest.mark.parametrize("locale,translation,babel", [
    ("de", "Lebhafte Träume (37\u00a0% unter LDN, 13\u00a0% unter Placebo) [16].",
     "incompatible format for placeholder 1: 'o' and 'u' are not compatible"),
    ("ar", "أحلام واضحة (37٪ مع LDN، و13٪ مع الدواء الوهمي) [16].", "placeholders are incompatible"),
])
def test_what_pybabel_compile_refuses_is_an_error_at_its_line(locale, translation, babel, tmp_path):
    """A catalog made from an older template (content.yaml now refuses a typed '%'): Babel's reader takes
    '37% on' for the %-format '% o' and its checkers refuse the translation. `handout check` says what
    `pybabel compile` says, at the same line, with the fix."""
    import subprocess
    import sys

    path = tmp_path / "handout.po"
    path.write_text(catalog(locale, [("Side effects", "x"), (PERCENT_ENGLISH, translation)]), encoding="utf-8")
    line = line_of(path.read_text(encoding="utf-8"), f'msgid "{PERCENT_ENGLISH}"')
    pybabel = subprocess.run([sys.executable, "-m", "babel.messages.frontend", "compile", "-i", str(path),
                              "-o", str(tmp_path / "handout.mo")], capture_output=True, text=True)
    assert f"{path}:{line}: {babel}" in pybabel.stderr
    assert [str(f) for f in check_file(path)] == [
        f"{path}:{line}: error: pybabel compile refuses this entry ({babel}): Babel reads '% o' in the English as "
        "%-format; the percentages belong in content.yaml as {placeholders} formatted for each language (see "
        "docs/translating.md); translations then keep the {placeholder}"]


def test_a_percent_format_the_translation_happens_to_match_is_a_warning(tmp_path):
    path = tmp_path / "handout.po"
    path.write_text(catalog("pl", [(PERCENT_ENGLISH, "Żywe sny (37% osób na LDN, 13% osób na placebo) [16].")]),
                    encoding="utf-8")
    assert [(f.line, f.severity, f.message.split(";")[0]) for f in check_file(path)] == [
        (6, "warning", "Babel reads '% o' in the English as %-format, so pybabel checks the % signs of this entry "
                       "against it")]
