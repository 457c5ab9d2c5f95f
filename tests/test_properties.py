"""Property-based tests (hypothesis): any string at all, as content text or as a translation, either
builds a PDF that prints it (after the normalisation documented in docs/bad-input.md) or fails with one
clean error, and never leaves a traceback or a file behind.

The strings mix everything translators and copy-paste bring: controls, combining marks, bidi controls and
zero-width characters, odd spaces, emoji and other scripts, very long words, `<`, `&`, braces and `**`.
Profiles (tests/conftest.py): the default runs in seconds; HYPOTHESIS_PROFILE=thorough runs many more.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import yaml
from click.testing import CliRunner
from hypothesis import event, example, given, strategies as st

from tests.conftest import FIXTURES
from handout.cli import main
from fontTools import unicodedata as ucd

from handout.layout.fonts import char_scripts, fallback_family, family_chars, font_table

BEGIN, END = "ZZBEGINZZ", "ZZFINISHZZ"  # around the string, to find it in the extracted text
PHONE = "000\u00a00000\u00a00000"  # the example clinic's phone, as printed (it never breaks)
FORMAT = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2060\ufeff\u00ad\u061c"
SPACES = " \t\n\r\u00a0\u2000\u2003\u2009\u200a\u202f\u3000\u2028\u2029\u1680\u0085"
SPECIAL = "<>&{}*\\()%[]\"'`/;#=!?$^|~_-.,:@"
chars = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),  # ASCII
    st.characters(min_codepoint=0xA0, max_codepoint=0x24F),  # Latin-1 and Latin Extended
    st.characters(min_codepoint=0x300, max_codepoint=0x36F),  # combining marks
    st.characters(min_codepoint=0x370, max_codepoint=0x4FF),  # Greek and Cyrillic
    st.characters(categories=["Cc"]),  # control characters
    st.sampled_from(FORMAT + SPACES + SPECIAL),
    st.sampled_from("😀🧼👍🏽❤️中文한ก"),  # emoji (with a skin tone and a variation selector), other scripts
    st.characters(),  # anything at all
)
pieces = st.one_of(
    st.text(chars, max_size=30),
    st.text(st.characters(min_codepoint=0x61, max_codepoint=0x7A), min_size=60, max_size=160),  # long words
    st.sampled_from(["**", "**bold**", "{", "}", "{{", "}}", "{soap}", "{clinic_phone}", "{nope}", "{ }",
                     "<b>", "</para>", "<img src='/etc/passwd'/>", "&amp;", "&#60;", "R&D", "[1]", "\\", "%PDF"]),
)
strings = st.lists(pieces, min_size=1, max_size=6).map("".join)
_TOKEN = re.compile(r"(\*\*|\{\{|\}\}|\{[^{}]*\})")


def printed(text: str, values: dict[str, str]) -> str:
    """What the handout prints for `text`, as documented in docs/bad-input.md ("What is printed")."""
    text = re.sub(r"[\t\r\n]+", " ", text)
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", text)
    out = []
    for part in _TOKEN.split(text):
        if part == "**":
            continue
        out.append({"{{": "{", "}}": "}"}.get(part) or (values[part[1:-1]] if part[1:-1] in values else part))
    return "".join(out)


def problems(text: str, translation: bool) -> list[str]:
    """What must make the build refuse `text` (the whole content string, or the whole translation of
    "Wet your hands."), worked out independently of the code under test; [] means it must build."""
    found = []
    cleaned = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", re.sub(r"[\t\r\n]+", " ", text))
    parts = _TOKEN.split(cleaned)
    names = [p[1:-1] for p in parts if p.startswith("{") and p not in ("{{", "}}")]
    if any(n not in ("soap", "clinic_phone") for n in names) or translation and names:
        found.append("placeholder")
    if any("{" in p or "}" in p for p in parts if not _TOKEN.fullmatch(p)):
        found.append("lone brace")
    bolds = parts.count("**")
    if bolds % 2 or translation and bolds:
        found.append("bold markers")
    if not translation and any(int(n) != 1 for group in re.findall(r"\[(\d+(?:\s*[-–,]\s*\d+)*)\]", cleaned)
                               for n in re.findall(r"\d+", group)):
        found.append("citation")
    if not translation and re.search(r"\d\s*%", cleaned):  # a percentage is data (percents:), not text
        found.append("typed percentage")
    if translation:
        if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text):
            found.append("control character")
        if re.search(r"</?[A-Za-z!?]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);", text):
            found.append("markup")
        if any(c.isdigit() for c in text):  # any digit, superscripts too (² reads as 2)
            found.append("number")
        if len(text) > 5 * len("Wet your hands.") + 200:  # docs/translating.md: text pasted in by mistake
            found.append("far longer than the English")
    drawn = {ord(c) for c in printed(text, {"soap": "3 mL", "clinic_phone": PHONE})
             if unicodedata.category(c) not in ("Cf", "Zs", "Zl", "Zp") and c not in "\n\t"}
    if not drawable_in_latin_handout(drawn):
        found.append("character no font has")
    return found


LATIN = ("atkinson-hyperlegible", "noto-sans")


def other_script(code: int) -> bool:
    """A character of another script than Latin (not punctuation or a mark that Latin text shares), by
    Unicode's script property and script extensions (fontTools' data)."""
    script = ucd.script(chr(code))
    scripts = ucd.script_extension(chr(code)) if script in ("Zyyy", "Zinh") else {script}
    return not scripts & {"Latn", "Zyyy", "Zinh"}


def drawable_in_latin_handout(drawn: set[int]) -> bool:
    """Whether a Latin-script handout can draw every character (the rules of docs/fonts.md): one Latin
    family has every Latin and shared character, and each character of another script is in a font that
    the font data (data/fonts.yaml) gives that script, or, for a script it gives none, in that family."""
    foreign = {c for c in drawn if other_script(c)}
    best = next((f for f in LATIN if drawn - foreign <= family_chars(f)), None)
    if best is None:
        return False
    scripts = font_table()["scripts"]
    for c in foreign:
        configured = [name for name in char_scripts(chr(c)) if name in scripts]
        if not (c in family_chars(best) and not configured) and not fallback_family(chr(c)):
            return False
    return True


def needs_other_fonts(text: str) -> bool:
    """Whether some of `text` is drawn in another font than the page's (another script's)."""
    return any(other_script(ord(c)) for c in text if not c.isspace())


def comparable(text: str) -> str:
    """Leave out what line breaking and the font may change: spaces and invisible format characters
    (a soft hyphen is kept: it prints as "-" where a line breaks at it). Ligature characters (ﬀ, ﬁ) become
    their letters, as pypdfium2 extracts them."""
    text = "".join(unicodedata.normalize("NFKC", c) if 0xFB00 <= ord(c) <= 0xFB06 else c for c in text)
    return "".join(c for c in text if c == "\u00ad" or not c.isspace()
                   and unicodedata.category(c) not in ("Cf", "Zs", "Zl", "Zp"))


def assert_same_text(pdf_text: str, expected: str) -> None:
    """`pdf_text` is `expected`, where each soft hyphen of `expected` may print as "-" or not at all."""
    pdf_text = pdf_text.replace("\ufffe", "-").replace("\x02", "-")  # how pypdfium2 reports a hyphen it
    got, want = comparable(pdf_text).replace("\u00ad", ""), comparable(expected)  # takes for a soft one
    pattern = "".join("-?" if c == "\u00ad" else re.escape(c) for c in want)
    assert re.fullmatch(pattern, got, flags=re.S), (got, want)


def extracted(pdf: Path) -> str:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def between(text: str) -> str:
    start = text.index(BEGIN) + len(BEGIN)
    return text[start:text.rindex(END)]


def run(folder: Path, *args: str):
    runner = CliRunner()
    return runner.invoke(main, [*args, "--out", str(folder / "out")], catch_exceptions=False)


def assert_printed_or_one_clean_error(folder: Path, result, text: str, values: dict[str, str],
                                      error_file: str, expected: list[str]) -> None:
    assert "Traceback" not in result.output
    pdfs = list((folder / "out").glob("*.pdf")) if (folder / "out").exists() else []
    event("built" if result.exit_code == 0 else f"refused: {expected[0] if expected else 'unexpectedly'}")
    assert (result.exit_code == 0) == (not expected), (expected, result.output)
    if result.exit_code == 0:
        assert len(pdfs) == 1
        if needs_other_fonts(printed(text, values)):
            # Runs of other scripts are drawn in their own fonts, shaped, joined or in visual order
            # (their words are in the structure's ActualText, read by layout/test_fallback_fonts.py):
            # what must come back as written is every character drawn in the page's own font.
            # A paragraph shaped for such a run has its Latin ligatures (Noto Sans: ffi, fl) extracted as
            # private-use codes, and a right-to-left run's brackets mirrored: neither is a lost character.
            def counted(text: str) -> Counter:
                return Counter("()" if unicodedata.mirrored(c) else c for c in comparable(text)
                               if not other_script(ord(c)) and c not in "fijlt" and not 0xE000 <= ord(c) < 0xF900)
            got, want = counted(between(extracted(pdfs[0]))), counted(between(printed(text, values)))
            assert not want - got, (want - got, got)
        else:
            assert_same_text(between(extracted(pdfs[0])), between(printed(text, values)))
    else:
        assert result.exit_code == 1, result.output
        lines = result.stderr.splitlines()
        assert re.match(rf"Error: {re.escape(error_file)}(:\d+)?: \S", lines[0]), result.stderr
        assert all(re.match(rf"  {re.escape(error_file)}:\d+: error: \S", line) for line in lines[1:]), \
            result.stderr
        assert pdfs == []  # nothing written
        assert not list(folder.rglob("*.tmp"))


# Examples that once failed, kept as regression tests (hypothesis runs them first, every time).
@example("000000000000<{soap}**00**" + "a" * 60)  # a too-long word with a no-break space drew over itself
@example("}")  # a lone closing brace was printed instead of refused
@example("{\x1f{")  # checked with its control character, printed without it: "{{" is a literal brace
@example("000000\u00ad" + "a" * 60)  # a soft hyphen prints as "-" where the line breaks at it
@example("A\u00ad00000" + "a" * 68)  # ... which pypdfium2 may report as U+FFFE
@example("عيادة (النهر) 中文 नदी मार्ग")  # other scripts: drawn in their own fonts
@example("ـ")  # a sign several scripts share (the first named, Adlam, has no font): an internal error
@given(strings)
def test_any_content_string_prints_or_fails_cleanly(text):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = yaml.safe_load((FIXTURES / "handwashing.yaml").read_text(encoding="utf-8"))
        data["sections"][0]["blocks"][0]["text"] = f"{BEGIN} {text} {END} [1]"
        content = folder / "content.yaml"
        content.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000),
                           encoding="utf-8")
        result = run(folder, "build", str(content))
        assert_printed_or_one_clean_error(folder, result, f"{BEGIN} {text} {END} [1]",
                                          {"soap": "3\u00a0mL", "clinic_phone": PHONE}, str(content),
                                          problems(f"{BEGIN} {text} {END} [1]", translation=False))


@example("a\u2028b")  # U+2028 inside a msgstr made the PO linter report an unterminated string
@example("²")  # a superscript digit counts as a number
@example("<")  # "a < b" is not markup
@example("ﬀ")  # pypdfium2 extracts the ligature character as "ff"
@example("عيادة (النهر) 12 中文 नदी मार्ग")  # other scripts: drawn in their own fonts
@given(strings)
def test_any_translation_prints_or_fails_cleanly(text):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(FIXTURES / "handwashing.yaml", folder / "content.yaml")
        catalog = folder / "locales" / "es" / "LC_MESSAGES" / "handout.po"
        catalog.parent.mkdir(parents=True)
        translation = f"{BEGIN} {text} {END}"
        catalog.write_bytes(_with_translation("Wet your hands.", translation))
        result = run(folder, "build", str(folder / "content.yaml"), "--locale", "es")
        assert_printed_or_one_clean_error(folder, result, translation, {}, str(catalog),
                                          problems(translation, translation=True))


def _with_translation(msgid: str, msgstr: str) -> bytes:
    """The Spanish fixture catalog with one msgstr replaced, written by Babel as Poedit would."""
    import io

    from babel.messages.pofile import read_po, write_po

    catalog = read_po(io.BytesIO((FIXTURES / "handwashing-es.po").read_bytes()))
    catalog.get(msgid, context="steps").string = msgstr
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=79)
    return buffer.getvalue()
