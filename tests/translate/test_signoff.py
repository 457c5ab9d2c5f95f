"""Clinician review of translations (issue 16): sign-off records that expire by themselves, the review
proof, the translation_policy of a clinic, and the review commands, all as a user sees them."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import CONTENT, FIXTURES, ROOT, flat, page_texts, run_cli

CLINIC = """name: "Riverside Gut Clinic and Community Digestive Health Service"
phone: "020 7946 0123"
email: "gut@riverside.example"
website: "https://riverside.example"
translation_policy: {policy}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The hand-washing handout with its Spanish catalog, in a folder of its own."""
    shutil.copy(FIXTURES / "handwashing.yaml", tmp_path / "content.yaml")
    po = tmp_path / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    po.parent.mkdir(parents=True)
    shutil.copy(FIXTURES / "handwashing-es.po", po)
    return tmp_path


def cli(project: Path, *args: str):
    return run_cli(*args[:2], "--content", str(project / "content.yaml"), *args[2:])


def sign(project: Path, *extra: str):
    return cli(project, "review", "sign", "es", "--reviewer", "Dr Ana García, GP", "--competence", "native speaker of Spanish",
               "--date", "2026-12-01", *extra)


def review_json(project: Path) -> dict:
    result = cli(project, "review", "status", "--json")
    assert result.exit_code == 0, result.output
    return {row["locale"]: row for row in json.loads(result.stdout)}


def build(project: Path, policy: str, *extra: str):
    (project / "clinic.yaml").write_text(CLINIC.format(policy=policy), encoding="utf-8")
    return run_cli("build", str(project / "content.yaml"), "--locale", "es", "--clinic", str(project / "clinic.yaml"),
                   "--out", str(project / "out"), "--today", "2026-01-01", *extra)


def po_path(project: Path) -> Path:
    return project / "locales" / "es" / "LC_MESSAGES" / "handout.po"


# -- records that expire by themselves ---------------------------------------------------------------

def test_nothing_is_signed_off_until_someone_signs(project):
    row = review_json(project)["es"]
    assert (row["state"], row["entries"], row["reviewed"], row["never_reviewed"]) == ("never reviewed", 31, 0, 31)
    assert not (project / "locales" / "es" / "review.yaml").exists()


def test_signing_records_who_when_and_what_in_a_readable_file(project):
    result = sign(project, "--all")
    assert result.exit_code == 0, result.output
    record = project / "locales" / "es" / "review.yaml"
    assert result.stdout.strip() == (f"{record}: signed 31 entries; es is now reviewed (31 of 31 entries signed "
                                     "off; last signed 2026-12-01 by Dr Ana García, GP)")
    text = record.read_text(encoding="utf-8")
    assert "reviewer: Dr Ana García\n  role: GP\n  competence: native speaker of Spanish\n  date: 2026-12-01\n" \
           "  outcome: approved\n" in text
    assert "english: Wet your hands.\n    translation: Mójese las manos.\n    hash: " in text
    assert review_json(project)["es"]["state"] == "reviewed"


def test_a_signed_entry_whose_english_changes_is_unreviewed_again(project):
    assert sign(project, "--all").exit_code == 0
    content = project / "content.yaml"
    content.write_text(content.read_text().replace("Rub for 20 seconds [1].", "Rub for 30 seconds [1]."))
    po = po_path(project)  # the translator follows the English at once
    po.write_text(po.read_text().replace('msgid "Rub for 20 seconds [1]."\nmsgstr "Frote durante 20 segundos [1]."',
                                         'msgid "Rub for 30 seconds [1]."\nmsgstr "Frote durante 30 segundos [1]."'))
    row = review_json(project)["es"]
    assert (row["state"], row["reviewed"], row["changed_since_review"], row["never_reviewed"]) == \
        ("changed since review", 30, 1, 0)
    diff = cli(project, "review", "diff", "es")
    assert diff.exit_code == 0, diff.output
    assert diff.stdout.splitlines()[1:] == [
        "  - English:     Rub for 20 seconds [1].", "  + English:     Rub for 30 seconds [1].",
        "  - translation: Frote durante 20 segundos [1].", "  + translation: Frote durante 30 segundos [1]."]
    assert re.match(r"\d+\. steps \(.*\): changed since Dr Ana García, GP signed it on 2026-12-01", diff.stdout)
    assert diff.stderr == "es: 1 changed since review, 0 never reviewed, 30 reviewed\n"


def test_a_changed_translation_is_unreviewed_again(project):
    assert sign(project, "--all").exit_code == 0
    po = po_path(project)
    po.write_text(po.read_text().replace('msgstr "Mójese las manos."', 'msgstr "Moje sus manos."'))
    row = review_json(project)["es"]
    assert (row["state"], row["changed_since_review"]) == ("changed since review", 1)
    diff = cli(project, "review", "diff", "es").stdout.splitlines()
    assert diff[1:] == ["    English:     Wet your hands.", "  - translation: Mójese las manos.",
                        "  + translation: Moje sus manos."]
    number = cli(project, "review", "diff", "es").stdout.split(".")[0]
    # and the changed entry leads the next proof after the safety-critical entries, marked
    proof = cli(project, "review", "proof", "es", "--out", str(project / "proof.pdf"))
    assert proof.exit_code == 0, proof.output
    text = flat(" ".join(page_texts(project / "proof.pdf")))
    order = re.findall(r"Correct as printed \(entry (\d+)\)", text)
    from handout.proof import make_sheet

    sheet = make_sheet(project / "content.yaml", project / "locales", "es")
    safety = [str(e.number) for e in sheet.review.entries if sheet.safety(e)]
    assert safety and sorted(order[:len(safety)]) == sorted(safety)
    assert order[len(safety)] == number
    assert "CHANGED since Dr Ana García, GP signed it on 2026-12-01: check again" in text
    rest = text[text.index(f"Correct as printed (entry {order[len(safety) - 1]})"):]
    assert rest.index("CHANGED since") < rest.index("signed off by Dr Ana García, GP on 2026-12-01, unchanged since")


def test_part_signed_is_not_reviewed(project):
    result = sign(project, "--entries", "1-3,steps")
    assert result.exit_code == 0, result.output
    row = review_json(project)["es"]
    assert row["state"] == "partly reviewed" and 3 < row["reviewed"] < 31
    refused = build(project, "refuse")
    assert refused.exit_code == 1
    assert "partly reviewed (" in refused.stderr


def test_fuzzy_or_untranslated_entries_cannot_be_signed(project):
    po = po_path(project)
    po.write_text(po.read_text().replace('msgctxt "steps"\nmsgid "Wet your hands."',
                                         '#, fuzzy\nmsgctxt "steps"\nmsgid "Wet your hands."'))
    result = sign(project, "--all")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "Error: 1 of the chosen entries are fuzzy or not translated, and only a translation that will print can "
        "be signed; finish them (`handout check`), make a new proof, then sign")
    assert re.fullmatch(r"  \d+: steps: \"Wet your hands.\"", result.stderr.splitlines()[1])
    assert not (project / "locales" / "es" / "review.yaml").exists()


def test_sign_refuses_a_proof_made_before_the_text_changed(project):
    proof = cli(project, "review", "proof", "es", "--out", str(project / "p.pdf"))
    proof_id = re.search(r"Proof ID (\w+)", flat(page_texts(project / "p.pdf")[0])).group(1)
    po = po_path(project)
    po.write_text(po.read_text().replace('msgstr "Mójese las manos."', 'msgstr "Moje sus manos."'))
    result = sign(project, "--all", "--proof", proof_id)
    assert proof.exit_code == 0 and result.exit_code == 1
    assert result.stderr.startswith(f"Error: proof {proof_id} no longer matches the 'es' text")
    assert not (project / "locales" / "es" / "review.yaml").exists()


def test_a_review_cannot_be_dated_in_the_future(project):
    result = cli(project, "review", "sign", "es", "--reviewer", "Dr Ana García, GP", "--competence", "native speaker", "--all",
                 "--date", "2999-01-01")
    assert result.exit_code == 1
    assert result.stderr == "Error: --date 2999-01-01 is in the future; give the day the review took place\n"
    assert not (project / "locales" / "es" / "review.yaml").exists()


def test_reviewer_needs_a_name_and_a_role(project):
    result = cli(project, "review", "sign", "es", "--reviewer", "Ana", "--competence", "native speaker", "--all")
    assert result.exit_code == 1
    assert result.stderr == ("Error: --reviewer 'Ana' must give a name and a role separated by a comma, such as "
                             "\"Dr Ana García, GP\"\n")


# -- the three commands of docs/reviewing.md ---------------------------------------------------------

def test_proof_sign_status_from_the_command_line(project):
    proof = cli(project, "review", "proof", "es", "--out", str(project / "es-proof.pdf"))
    assert proof.exit_code == 0, proof.output
    proof_id = re.search(r"--proof (\w+)", flat(" ".join(page_texts(project / "es-proof.pdf")))).group(1)
    assert proof.stdout == (f"{project / 'es-proof.pdf'}: 31 entries (never reviewed (0 of 31 entries signed off)); "
                            f"proof ID {proof_id}\n")
    signed = cli(project, "review", "sign", "es", "--reviewer", "Dr Ana García, GP", "--competence", "native speaker", "--all",
                 "--proof", proof_id)
    assert signed.exit_code == 0, signed.output
    status = cli(project, "review", "status")
    assert status.exit_code == 0
    lines = status.stdout.splitlines()
    assert lines[0].split() == ["locale", "language", "state", "reviewed", "changed", "never", "last", "signed"]
    assert re.match(r"es\s+Español\s+reviewed\s+31\s+0\s+0\s+\d{4}-\d\d-\d\d Dr Ana García, GP$", lines[1])


def test_handout_status_shows_the_clinician_review_and_keeps_its_fields(project):
    table = run_cli("status", str(project / "content.yaml"))
    assert re.search(r"es\s+Español\s+31\s+0\s+0\s+0\s+100\s+never reviewed\s+ok", table.stdout)
    row = json.loads(run_cli("status", str(project / "content.yaml"), "--json").stdout)[0]
    # The catalog's own header, as before: a claim anyone can type. The record says what was signed.
    assert row["review"] == "reviewed by Luis Pérez, 2025-06-02"
    assert row["clinician_review"]["state"] == "never reviewed"
    assert row["clinician_review"]["entries"] == 31


def test_shipped_languages_are_honestly_never_reviewed():
    """No catalog that ships has a clinician's sign-off yet, and the status says so."""
    result = run_cli("review", "status", "--content", str(CONTENT), "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 14
    assert {r["state"] for r in rows} == {"never reviewed"} and all(r["reviewed"] == 0 for r in rows)
    assert not list((ROOT / "locales").glob("*/review.yaml"))


def test_the_source_language_has_no_proof():
    result = run_cli("review", "proof", "en", "--content", str(CONTENT))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: 'en' is the source language")


# -- the proof ---------------------------------------------------------------------------------------

def _squash(text: str) -> str:
    return re.sub(r"[\s\u00ad\ufffe\x02-]", "", text)


@pytest.mark.parametrize("locale", ["es", "zh_Hans"])
def test_the_proof_pdf_holds_every_entry(tmp_path, locale):
    from handout.source.content import load_content
    from handout.proof import make_sheet

    out = tmp_path / "proof.pdf"
    result = run_cli("review", "proof", locale, "--content", str(CONTENT), "--out", str(out))
    assert result.exit_code == 0, result.output
    text = " ".join(page_texts(out))
    squashed = _squash(text)
    sheet = make_sheet(CONTENT, ROOT / "locales", locale)
    assert len(sheet.entries) == 116 and len(load_content(CONTENT).sections) > 5
    from handout.source.markup import runs

    for entry in sheet.entries:
        assert f"Correct as printed (entry {entry.number})" in flat(text)
        printed = "".join(r.text for r in runs(entry.translation, sheet.values))
        assert _squash(printed) in squashed, (entry.number, printed)
        english = "".join(r.text for r in runs(entry.english, sheet.english_values))
        assert _squash(english) in squashed, (entry.number, english)
    assert "4,5 mg" in text if locale == "es" else "4.5 mg" in text  # doses as that language prints them
    assert "I have checked the" in flat(text) and "Signature" in text


def test_the_proof_uses_the_language_fonts(tmp_path):
    import pikepdf

    out = tmp_path / "ar.pdf"
    assert run_cli("review", "proof", "ar", "--content", str(CONTENT), "--out", str(out)).exit_code == 0
    with pikepdf.open(out) as pdf:
        fonts = {str(f.get("/BaseFont")) for page in pdf.pages for f in page.Resources.Font.values()}
    assert any("Arabic" in f for f in fonts) and all("Helvetica" not in f for f in fonts), fonts


def test_the_proof_html_is_bilingual_and_escaped(tmp_path):
    out = tmp_path / "ar.html"
    result = run_cli("review", "proof", "ar", "--content", str(CONTENT), "--html", "--out", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count('lang="ar" dir="rtl"') == 117  # the heading and every entry
    assert page.count('<div lang="en" dir="ltr">') == 116
    assert page.count('type="checkbox"') == 116 and "<textarea" in page
    assert "don&#39;t know if LDN helps IBS" in page and "<strong>We don&#39;t know if LDN helps IBS.</strong>" in page


def test_the_proof_html_escapes_translations(project):
    po = po_path(project)
    po.write_text(po.read_text().replace('msgstr "Mójese las manos."', 'msgstr "Mójese las manos < \\"bien\\" & más."'))
    out = project / "es.html"
    result = cli(project, "review", "proof", "es", "--html", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Mójese las manos &lt; &#34;bien&#34; &amp; más." in out.read_text(encoding="utf-8")


def test_a_catalog_with_errors_gets_no_proof(project):
    po = po_path(project)
    po.write_text(po.read_text().replace('msgstr "Mójese las manos."', 'msgstr "Mójese <script>x</script>"'))
    for extra in ((), ("--html",)):
        result = cli(project, "review", "proof", "es", "--out", str(project / "p"), *extra)
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: locales/es/LC_MESSAGES/handout.po: the 'es' translation has 1 "
                                        "error(s)".replace("locales", str(project / "locales"), 1))
        assert not (project / "p").exists()


# -- policy ------------------------------------------------------------------------------------------

def test_the_front_desk_warns_under_warn(tmp_path):
    preview = desk(tmp_path, "warn").get("/preview?locale=ar&edition=standard&paper=a4").get_data(as_text=True)
    assert "the &#39;ar&#39; translation has not been checked by a clinician: never reviewed" in preview
    assert "Every page says so" not in preview


def test_policy_warn_prints_a_warning_and_no_line(project):
    result = build(project, "warn")
    assert result.exit_code == 0, result.output
    assert "Warning: the 'es' translation has not been checked by a clinician: never reviewed (0 of 31 entries " \
           "signed off)" in result.stderr
    pages = page_texts(Path(result.stdout.strip()))
    assert not any("Aún no lo ha revisado" in page for page in pages)


def test_policy_mark_puts_the_line_on_every_page(tmp_path):
    (tmp_path / "clinic.yaml").write_text(CLINIC.format(policy="mark"), encoding="utf-8")
    result = run_cli("build", str(CONTENT), "--locale", "es", "--clinic", str(tmp_path / "clinic.yaml"),
                     "--out", str(tmp_path), "--edition", "large-print")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # the page says it
    pages = page_texts(Path(result.stdout.strip()))
    line = "Esta traducción todavía no ha sido revisada por un profesional de la salud."
    assert len(pages) > 5 and all(line in flat(p) for p in pages)


def test_policy_mark_is_the_default(project):
    result = run_cli("build", str(project / "content.yaml"), "--locale", "es", "--out", str(project / "out"))
    assert result.exit_code == 0, result.output
    assert all("Aún no lo ha revisado" in flat(p) for p in page_texts(Path(result.stdout.strip())))


def test_policy_refuse_builds_nothing(project):
    result = build(project, "refuse")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the 'es' translation is not fully checked by a clinician: never reviewed (0 of 31 entries signed off), "
        "and the clinic's translation_policy is 'refuse'; have it reviewed (`handout review proof es`, see "
        "docs/reviewing.md) or change translation_policy\n")
    assert not (project / "out").exists() or not list((project / "out").glob("*.pdf"))


def test_a_fully_signed_translation_prints_without_the_line_under_any_policy(project):
    assert sign(project, "--all").exit_code == 0
    for policy in ("mark", "refuse"):
        result = build(project, policy, "--force")
        assert result.exit_code == 0, result.output
        assert result.stderr == ""
        assert not any("Aún no lo ha revisado" in p for p in page_texts(Path(result.stdout.strip())))


def test_english_needs_no_sign_off(project):
    result = build(project, "refuse")
    english = run_cli("build", str(project / "content.yaml"), "--clinic", str(project / "clinic.yaml"),
                      "--out", str(project / "out"))
    assert result.exit_code == 1 and english.exit_code == 0, english.output


def test_bilingual_is_judged_for_the_translated_language(project):
    result = build(project, "refuse", "--edition", "bilingual")
    assert result.exit_code == 1 and "the 'es' translation is not fully checked" in result.stderr
    marked = build(project, "mark", "--edition", "bilingual")
    assert marked.exit_code == 0, marked.output
    pages = page_texts(Path(marked.stdout.strip()))
    assert all("Aún no lo ha revisado" in flat(p) for p in pages)
    assert not any("Not yet checked by a health professional" in p for p in pages)  # English is the source


def test_signing_rebuilds_what_the_mark_changes_and_the_manifest_records_it(project):
    first = build(project, "mark")
    manifest = json.loads((project / "out" / "manifest.json").read_text())
    (record,) = manifest["files"].values()
    assert record["translation_review"] == {"es": "never reviewed"}
    assert sign(project, "--all").exit_code == 0
    again = build(project, "mark")
    assert first.exit_code == again.exit_code == 0
    assert "(unchanged)" not in again.stdout  # built again: the line is gone
    (record,) = json.loads((project / "out" / "manifest.json").read_text())["files"].values()
    assert record["translation_review"] == {"es": "reviewed"}
    assert build(project, "mark").stdout.strip().endswith("(unchanged)")


# -- the front-desk page -----------------------------------------------------------------------------

def desk(tmp_path: Path, policy: str):
    (tmp_path / "clinic.yaml").write_text(CLINIC.format(policy=policy), encoding="utf-8")
    from handout.web.serve import create_app

    return create_app(CONTENT, tmp_path / "clinic.yaml", folder=tmp_path / "builds").test_client()


def test_the_front_desk_shows_the_review_state_and_refuses_under_refuse(tmp_path):
    client = desk(tmp_path, "refuse")
    page = client.get("/").get_data(as_text=True)
    assert "Review: not reviewed by a clinician (0 of 116 entries signed off)" in page
    assert "This clinic prints only translations that a clinician has fully checked" in page
    refused = client.get("/pdf?locale=es&edition=standard&paper=a4")
    assert refused.status_code == 409
    assert "translation_policy is 'refuse'" in refused.get_data(as_text=True)
    preview = client.get("/preview?locale=es&edition=standard&paper=a4")
    assert preview.status_code == 409 and "Cannot print Spanish" in preview.get_data(as_text=True)
    assert client.get("/pdf?locale=en&edition=standard&paper=a4").status_code == 200  # the original prints


def test_the_front_desk_warns_and_marks_under_mark(tmp_path):
    client = desk(tmp_path, "mark")
    preview = client.get("/preview?locale=hi&edition=standard&paper=a4").get_data(as_text=True)
    assert "This translation is <strong>not reviewed by a clinician (0 of 116 entries signed off)</strong>." \
           "\n  Every page says so." in preview
    path = tmp_path / "hi.pdf"
    path.write_bytes(client.get("/pdf?locale=hi&edition=standard&paper=a4").get_data())
    from handout.source.content import load_content

    assert len(page_texts(path)) >= 4
    assert load_content(CONTENT).labels["translation_unreviewed"].translatable


def test_each_site_of_a_clinics_list_has_its_own_policy(project):
    sites = project / "sites.csv"
    sites.write_text("id,name,phone,translation_policy\n"
                     "riverside,Riverside Gut Clinic,020 7946 0123,refuse\n"
                     "hilltop,\"Hill Top Surgery, Annex\",0161 496 0456,mark\n", encoding="utf-8")
    result = run_cli("build", str(project / "content.yaml"), "--locale", "es", "--clinics", str(sites),
                     "--out", str(project / "out"), "--today", "2026-01-01", "--jobs", "1")
    assert result.exit_code == 1
    assert "riverside/hand-washing_es_a4_standard.pdf: the 'es' translation is not fully checked" in result.stderr
    assert result.stdout.strip() == str(project / "out" / "hilltop" / "hand-washing_es_a4_standard.pdf")
    bad = project / "bad.csv"
    bad.write_text("id,name,phone,translation_policy\nx,Riverside,020 7946 0123,sometimes\n", encoding="utf-8")
    result = run_cli("build", str(project / "content.yaml"), "--clinics", str(bad), "--out", str(project / "o2"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}:2: row 1 (x): translation_policy must be one of warn, mark, "
                                    "refuse, not 'sometimes'")


def test_a_pair_of_translations_is_judged_for_each(project):
    """Spanish beside German: Spanish signed off, German not; refuse names German, mark prints the line."""
    from tests.translate.test_translation_workflow import fill

    assert run_cli("extract", str(project / "content.yaml")).exit_code == 0
    assert run_cli("init", "de", "--content", str(project / "content.yaml")).exit_code == 0
    fill(project / "locales" / "de" / "LC_MESSAGES" / "handout.po", lambda m: "DE " + m)
    both = build(project, "mark", "--edition", "bilingual", "--with", "de")
    assert both.exit_code == 0, both.output
    text = flat(page_texts(Path(both.stdout.strip()))[0])
    assert "Aún no lo ha revisado un profesional de la salud. DE Not yet checked by a health professional." in text
    assert sign(project, "--all").exit_code == 0
    refused = build(project, "refuse", "--edition", "bilingual", "--with", "de")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("Error: the 'de' translation is not fully checked by a clinician: never reviewed")
    marked = build(project, "mark", "--edition", "bilingual", "--with", "de")
    assert marked.exit_code == 0, marked.output
    pages = page_texts(Path(marked.stdout.strip()))
    german = "DE Not yet checked by a health professional."  # the line in the language that needs it
    assert all(german in flat(p) for p in pages) and not any("Aún no lo ha revisado" in p for p in pages)
    record = json.loads((project / "out" / "manifest.json").read_text())["files"]
    assert [r["translation_review"] for r in record.values()] == [{"es": "reviewed", "de": "never reviewed"}]


# -- a proof a clinician can sign (issue 24) ----------------------------------------------------------

def _proof_html(tmp_path: Path, locale: str, *extra: str) -> str:
    out = tmp_path / f"proof-{locale}.html"
    result = run_cli("review", "proof", locale, "--content", str(CONTENT), "--html", "--out", str(out), *extra)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _entries(page: str) -> list[str]:
    return re.findall(r'<section class="entry[^"]*".*?</section>', page, flags=re.S)


def test_the_proof_shows_every_number_a_reader_sees_and_citations_apart(tmp_path):
    page = _proof_html(tmp_path, "fr")
    dreams = next(e for e in _entries(page) if "Vivid dreams" in e)
    assert "Numbers and doses: 37% · 13% · 16% · 3% · 7 · 17 · citations [13] [12] [13]" in dreams
    assert "37\u00a0% · 13\u00a0% · 16\u00a0% · 3\u00a0% · 7 · 17 · [13] [12] [13]" in dreams  # the French as printed
    tired = next(e for e in _entries(page) if "Feeling sick, feeling tired" in e)
    assert "Numbers and doses: none · citations [10, 13]" in tired


def test_safety_critical_entries_come_first_and_are_marked(tmp_path):
    entries = _entries(_proof_html(tmp_path, "vi"))
    marked = ["SAFETY-CRITICAL (" in e.split("</header>")[0] for e in entries]
    assert marked[0] and marked.index(False) == marked.count(True)  # every marked one before the first other
    keyword = next(e for e in entries if "(metadata)" in e and "symptom diary" in e)
    label = next(e for e in entries if "(labels)" in e and "Page 1 of 4" in e)
    assert entries.index(keyword) >= marked.count(True) and entries.index(label) >= marked.count(True)
    never = next(e for e in entries if "Never take more opioid" in e)
    assert "SAFETY-CRITICAL (opioids, red flag, negation)" in never
    liver = next(e for e in entries if "signs of liver damage" in e)
    assert "SAFETY-CRITICAL (liver" in liver


def test_the_proof_fills_in_the_clinics_numbers(tmp_path):
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text('name: "Riverside"\nphone: "020 7946 0123"\nemergency_phone: "112"\n', encoding="utf-8")
    page = _proof_html(tmp_path, "de", "--clinic", str(clinic))
    urgent = next(e for e in _entries(page) if "Get urgent medical help now, call" in e)
    assert "call 112, if you have" in urgent and "wählen Sie 112" in urgent
    assert "Numbers and doses: 112" in urgent
    assert "000\u00a00000\u00a00000" not in page and "020\u00a07946\u00a00123" in page
    example = _proof_html(tmp_path, "de")
    assert "call your local emergency number, if you have" in example


def test_changes_needed_is_recorded_with_the_comments_and_approves_nothing(project):
    result = cli(project, "review", "sign", "es", "--reviewer", "Dr Ana García, GP", "--registration", "GMC 7654321",
                 "--competence", "native speaker of Spanish", "--outcome", "changes-needed", "--entries", "1-2",
                 "--comment", "1: 'lavado' is too formal", "--comment", "2: keep the number", "--date", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert "recorded changes needed on 2 entries; es is now changes needed (0 of 31 entries signed off" in result.stdout
    text = (project / "locales" / "es" / "review.yaml").read_text(encoding="utf-8")
    assert "  registration: GMC 7654321\n  competence: native speaker of Spanish\n  date: 2026-12-01\n" \
           "  outcome: changes needed\n  comments:\n  - '1: ''lavado'' is too formal'\n  - '2: keep the number'\n" in text
    row = review_json(project)["es"]
    assert (row["state"], row["reviewed"], row["changes_needed"]) == ("changes needed", 0, 2)
    proof = cli(project, "review", "proof", "es", "--html", "--out", str(project / "p.html"))
    assert proof.exit_code == 0
    assert "CHANGES NEEDED, said Dr Ana García, GP on 2026-12-01" in (project / "p.html").read_text(encoding="utf-8")
    # approving later, after the wording changed, clears it
    assert sign(project, "--all").exit_code == 0
    assert review_json(project)["es"]["state"] == "reviewed"


@pytest.mark.parametrize("extra, message", [
    (("--outcome", "changes-needed"), "Error: --outcome 'changes needed' needs at least one --comment saying what "
                                      "must change (such as --comment \"12: say 'syndrome de manque'\")"),
    (("--competence", ""), "Error: --competence is required: say how the reviewer knows the language (for example "
                           "\"native speaker\", \"C2 certificate\", \"trained and practised in Spanish\"); it is kept "
                           "with the sign-off"),
])
def test_a_sign_off_without_competence_or_comments_is_refused(project, extra, message):
    result = cli(project, "review", "sign", "es", "--reviewer", "Dr Ana García, GP", "--competence", "native",
                 "--all", *extra)
    assert result.exit_code == 1
    assert result.output.strip() == message
    assert not (project / "locales" / "es" / "review.yaml").exists()
