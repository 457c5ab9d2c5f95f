"""Text in another script than the handout's (issue: "character 'ع' (U+0639) is not in the font
atkinson-hyperlegible"): a clinic's Arabic name, Chinese department and Devanagari address on an English
page, and a Chinese name in the English column of the Chinese-English handout, are drawn in fonts of their
own scripts, joined, shaped and in their own direction, and the page's own text keeps its font."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from hypothesis import given, settings, strategies as st

from tests.conftest import CONTENT, flat, run_cli
from tests.pdfstructure import TaggedPdf

NAME = "عيادة النهر للجهاز الهضمي"
CLINIC = f"""name: "{NAME}"
department: "消化内科 Digestive health"
phone: "01234 567890"
address: "1 River Road, Riverside — नदी मार्ग"
"""


def fonts_of(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout


def test_other_scripts_on_an_english_page(tmp_path):
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(CLINIC, encoding="utf-8")
    result = run_cli("build", str(CONTENT), "--clinic", str(clinic), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    pdf = Path(result.stdout.split()[0])
    fonts = fonts_of(pdf)
    for font in ("AtkinsonHyperlegible-Regular", "NotoSansArabic", "NotoSansSC", "NotoSansDevanagari"):
        assert font in fonts, fonts
    assert "NotoSans-" not in fonts  # the English text keeps Atkinson Hyperlegible
    text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "消化内科 Digestive health" in text
    # the Arabic name is drawn joined and right to left; its paragraph gives the words as written
    tagged = TaggedPdf(pdf)
    actual = [str(n.get("/ActualText")) for n in tagged.document.walk() if n.get("/ActualText")]
    assert any(NAME in flat(a) for a in actual), actual
    assert any("नदी मार्ग" in a for a in actual), actual


def test_a_chinese_name_in_the_english_column(tmp_path):
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text('name: "河畔消化诊所"\nphone: "01234 567890"\n', encoding="utf-8")
    result = run_cli("build", str(CONTENT), "--locale", "zh_Hans", "--edition", "bilingual", "--clinic",
                     str(clinic), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    fonts = fonts_of(Path(result.stdout.split()[0]))
    assert "NotoSansSC" in fonts and "AtkinsonHyperlegible" in fonts, fonts


def test_other_scripts_in_handouts_the_tool_sets_itself(tmp_path):
    """A Chinese name on an Arabic page, an Arabic one on a Chinese, Thai or Japanese page."""
    for locale, name, font in (("ar", "河畔消化诊所", "NotoSansSC"), ("zh_Hans", NAME, "NotoSansArabic"),
                               ("fa", "नदी मार्ग (क्लिनिक)", "NotoSansDevanagari")):
        clinic = tmp_path / f"{locale}.yaml"
        clinic.write_text(f'name: "{name}"\nphone: "01234 567890"\n', encoding="utf-8")
        result = run_cli("build", str(CONTENT), "--locale", locale, "--clinic", str(clinic),
                         "--out", str(tmp_path / "out"))
        assert result.exit_code == 0, result.output
        pdf = Path(result.stdout.split()[0])
        assert font in fonts_of(pdf), fonts_of(pdf)
        actual = [str(n.get("/ActualText")) for n in TaggedPdf(pdf).document.walk() if n.get("/ActualText")]
        assert any(name in a for a in actual), (name, actual[:5])


def test_a_character_no_font_has_is_still_named(tmp_path):
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text('name: "ཀ Clinic"\nphone: "01234 567890"\n', encoding="utf-8")
    result = run_cli("build", str(CONTENT), "--locale", "ar", "--clinic", str(clinic), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "character 'ཀ' (U+0F40 TIBETAN LETTER KA) is not in the font noto-sans-arabic" in result.stderr
    assert not list((tmp_path / "out").glob("*.pdf"))


# A clinic's name from any mix of the scripts the tool has fonts for, on a page in any of them: it prints,
# and each script's words are drawn from a font of that script. (Each example is a whole build: a few by
# default, more with HANDOUT_SCRIPT_EXAMPLES=200.)
def _words() -> dict[str, tuple[str, str]]:
    from handout.layout.textflow import dictionary_breaks
    from tests.layout.test_scripts import SAMPLES

    out = {}
    for language, (script, font, sample) in SAMPLES.items():
        if " " in sample:
            word = max(sample.split(), key=len)
        else:
            stops = [*dictionary_breaks(sample), len(sample)]
            word = max((sample[a:b] for a, b in zip(stops, stops[1:])), key=len)
        out[language] = (word, font)
    return out


WORDS = _words()


@settings(max_examples=int(os.environ.get("HANDOUT_SCRIPT_EXAMPLES", "5")), deadline=None)
@given(languages=st.lists(st.sampled_from(sorted(WORDS)), min_size=1, max_size=3, unique=True),
       locale=st.sampled_from(["en", "ar", "zh_Hans", "hi", "ru"]))
def test_a_clinic_name_in_any_scripts_prints_in_their_fonts(languages, locale):
    import tempfile

    name = " ".join(WORDS[language][0] for language in languages) + " Clinic"
    with tempfile.TemporaryDirectory() as tmp:
        clinic = Path(tmp) / "clinic.yaml"
        clinic.write_text(f'name: "{name}"\nphone: "01234 567890"\n', encoding="utf-8")
        result = run_cli("build", str(CONTENT), "--locale", locale, "--clinic", str(clinic), "--out",
                         str(Path(tmp) / "out"))
        assert result.exit_code == 0, (name, result.output)
        fonts = fonts_of(Path(result.stdout.split()[0]))
    for language in languages:
        font = WORDS[language][1]
        if font == "NotoSans":  # Latin, Cyrillic and Greek: the page's own Latin font may have them
            continue
        if font in ("NotoSansTC", "NotoSansJP"):  # Han characters: the first CJK font that has them
            assert any(f in fonts for f in ("NotoSansSC", "NotoSansTC", "NotoSansJP")), (language, name, fonts)
        else:
            assert font in fonts, (language, name, fonts)
