"""The bad-input table: every kind of bad input and exactly what the user sees (docs/bad-input.md).

Each `Case` sets up a small project (the hand-washing handout, its Spanish catalog, a clinic file, an
output folder) with one thing wrong, names the command to run, and states the one line the user sees and
the exit status. tests/test_bad_input.py runs every case; `python tests/bad_inputs.py` rewrites the tables
in docs/bad-input.md from this list, and a test fails when the document and the list differ.
"""
from __future__ import annotations

import errno
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DOC = Path(__file__).resolve().parent.parent / "docs" / "bad-input.md"
CONTENT = (FIXTURES / "handwashing.yaml").read_text(encoding="utf-8")
SPANISH = (FIXTURES / "handwashing-es.po").read_text(encoding="utf-8")
PDF = "out/hand-washing_en_a4_standard.pdf"  # what a good English build writes (kept when a build fails)
BUILD = ("build", "content.yaml", "--out", "out")
BUILD_ES = BUILD + ("--locale", "es")
BUILD_CLINIC = BUILD + ("--clinic", "clinic.yaml")
POT = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'  # an empty template
CLINIC = 'name: "Riverside Gut Clinic"\nphone: "01234 567890"\n'


@dataclass(frozen=True)
class Case:
    id: str
    group: str  # content | catalog | clinic | review | command | output
    input: str  # what is wrong, in the user's words
    setup: Callable[[Path], None]
    args: tuple[str, ...]
    shows: str  # the line the user sees: stderr's "Error: ..." line (stdout's line when it succeeds)
    exit: int = 1
    detail: str = ""  # the first indented line under the error, when the error lists several problems
    fault: str = ""  # an OS error injected while the PDF is written: "EACCES" or "ENOSPC"


def project(content: str | bytes = CONTENT, po: str | bytes | None = None, clinic: str | bytes | None = None,
            files: dict[str, bytes] | None = None) -> Callable[[Path], None]:
    """A setup that writes content.yaml, and optionally the Spanish catalog, clinic.yaml and other files."""

    def setup(folder: Path) -> None:
        _write(folder / "content.yaml", content)
        if po is not None:
            _write(folder / "locales" / "es" / "LC_MESSAGES" / "handout.po", po)
        if clinic is not None:
            _write(folder / "clinic.yaml", clinic)
        for name, data in (files or {}).items():
            _write(folder / name, data)

    return setup


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def content(old: str, new: str) -> Callable[[Path], None]:
    return project(edit(CONTENT, old, new))


def po(old: str, new: str) -> Callable[[Path], None]:
    return project(po=edit(SPANISH, old, new))


def translate(msgid: str, msgstr: str) -> Callable[[Path], None]:
    """The Spanish catalog with one translation replaced (its msgstr line found by the msgid)."""
    lines = SPANISH.splitlines(keepends=True)
    index = lines.index(f'msgid "{msgid}"\n') + 1
    assert lines[index].startswith("msgstr ")
    lines[index] = f'msgstr "{msgstr}"\n'
    return project(po="".join(lines))


def clinic(text: str, files: dict[str, bytes] | None = None) -> Callable[[Path], None]:
    return project(clinic=text, files=files)


def png(width: int, height: int, idat: bytes | None = None) -> bytes:
    """A PNG of `width` x `height` red pixels; `idat` replaces its (compressed) pixel data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height)) if idat is None else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", idat if idat is not None else zlib.compress(rows)) + chunk(b"IEND", b""))


def nested(depth: int) -> str:
    return CONTENT + "extra: " + "[" * depth + "]" * depth + "\n"


def alias_bomb() -> str:
    """'Billion laughs': nine levels of nine aliases, which would expand to 9^9 strings if copied."""
    levels = ['&a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"&a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 9)]
    return edit(CONTENT, '  keywords: ["hand washing", "infection"]', "  keywords: [" + ", ".join(levels) + "]")


def huge(text: str, size: int, comment: str = "#") -> str:
    return text + comment + " " + "x" * size + "\n"


CASES: list[Case] = []


def case(*args, **kwargs) -> None:
    CASES.append(Case(*args, **kwargs))


# -- content.yaml ------------------------------------------------------------------------------------
case("content-missing", "content", "the content file does not exist", project(),
     ("build", "nope.yaml", "--out", "out"),
     "Error: nope.yaml: content file not found; check the path")
case("content-is-folder", "content", "the content path is a folder", project(files={"docs/x": b""}),
     ("build", "docs", "--out", "out"),
     "Error: Invalid value for '[CONTENT]': File 'docs' is a directory.", exit=2)
case("content-latin1", "content", "saved as Latin-1 instead of UTF-8",
     project(CONTENT.replace("Why wash?", "Why wäsh?").encode("latin-1")), BUILD,
     "Error: content.yaml:37: not valid UTF-8 text; save the file as UTF-8")
case("content-utf16", "content", "saved as UTF-16 (\"Unicode\" in some Windows editors)",
     project(CONTENT.encode("utf-16")), BUILD,
     "Error: content.yaml:1: not valid UTF-8 text; save the file as UTF-8")
case("content-too-big", "content", "over 2 MB (the wrong file, or pasted by mistake)",
     project(huge(CONTENT, 2_000_000)), BUILD,
     "Error: content.yaml: the content file is 2,001,684 bytes, over the limit of 2,000,000; is this the right file?")
case("content-yaml-syntax", "content", "a quote left open", content('"Why wash?"', '"Why wash?'), BUILD,
     "Error: content.yaml:40: YAML syntax error: expected <block end>, but found '<scalar>'; check the quotes and indentation of this line and the lines above it")
case("content-tab", "content", "a tab used for indentation", content("  id: hand-washing", "\tid: hand-washing"),
     BUILD,
     "Error: content.yaml:3: YAML syntax error: found character '\\t' that cannot start any token (YAML does not allow tabs for indentation; use spaces)")
case("content-control-character", "content", "a raw control character (BEL) pasted into the file",
     content("Why wash?", "Why\x07 wash?"), BUILD,
     "Error: content.yaml:37: character U+0007 is not allowed in a YAML file; remove it (control characters cannot be typed into the file)")
case("content-deep-nesting", "content", "brackets nested a thousand deep", project(nested(1000)), BUILD,
     "Error: content.yaml: the YAML is nested too deeply to read (hundreds of levels of [ or - ); is this the right file?")
case("content-python-tag", "content", "a YAML tag that would run Python (`!!python/object/apply:os.system`)",
     content('"Washing your hands"', "!!python/object/apply:os.system ['touch hacked']"), BUILD,
     "Error: content.yaml:9: the YAML tag !!python/object/apply:os.system is not allowed (only text, numbers, dates, lists and mappings are read); remove it")
case("content-alias-bomb", "content", "\"billion laughs\": aliases that would expand to 9^9 strings",
     project(alias_bomb()), BUILD,
     "Error: content.yaml:11: handout keywords, item 1 must be text, not a list; put it in double quotes")
case("content-empty", "content", "an empty file", project(""), BUILD,
     "Error: content.yaml:1: the content file must be a mapping with keys handout, doses, labels and sections")
case("content-list", "content", "a list where the top-level mapping belongs", project("- handout\n- sections\n"),
     BUILD,
     "Error: content.yaml:1: the content file must be a mapping with keys handout, doses, labels and sections")
case("content-duplicate-key", "content", "the same key twice in one mapping",
     content('  title: "Washing your hands"\n', '  title: "Washing your hands"\n  title: "Again"\n'), BUILD,
     "Error: content.yaml:10: duplicate key 'title' (first at line 9); keep only one")
case("content-unknown-key", "content", "a misspelt key", content('    title: "Why wash?"', '    titel: "Why wash?"'),
     BUILD,
     "Error: content.yaml:37: section 1: unknown key 'titel'; did you mean 'title'?")
case("content-missing-key", "content", "a required label left out", content('  logo_alt: "{clinic_name} logo"\n', ""),
     BUILD,
     "Error: content.yaml:17: labels: missing key 'logo_alt'")
case("content-wrong-type", "content", "a number where text belongs (version: 2.3)",
     content('version: "2.3"', "version: 2.3"), BUILD,
     'Error: content.yaml:4: handout version must be text: write version: "2.3" in quotes')
case("content-bad-id", "content", "a handout id with capitals and spaces", content("  id: hand-washing", "  id: Hand Washing"),
     BUILD,
     "Error: content.yaml:3: handout id 'Hand Washing' must be lowercase letters, digits and '-', such as asthma-inhalers")
case("content-bad-date", "content", "a date in another format", content("published: 2025-01-10", "published: 10/01/2025"),
     BUILD,
     "Error: content.yaml:5: handout published must be a date written YYYY-MM-DD, not '10/01/2025'")
case("content-impossible-date", "content", "a date that does not exist",
     content("published: 2025-01-10", "published: 2025-02-30"), BUILD,
     "Error: content.yaml:5: '2025-02-30' is not a real date (day is out of range for month); write an existing date as YYYY-MM-DD")
case("content-review-order", "content", "next review before the last review",
     content("next_review: 2026-06-01", "next_review: 2025-05-01"), BUILD,
     "Error: content.yaml:7: handout next_review must be after last_reviewed")
case("content-unknown-language", "content", "an unknown source language",
     content("source_language: en", "source_language: xx"), BUILD,
     "Error: content.yaml:8: source_language 'xx' must be a language code such as en")
case("content-unknown-block", "content", "an unknown block type", content("type: steps", "type: stepz"), BUILD,
     "Error: content.yaml:44: section 'steps': unknown block type 'stepz' (did you mean 'steps'? expected one of: paragraph, bullets, steps, callout, table, tracker, references)")
case("content-block-without-type", "content", "a block with no type",
     content("      - type: paragraph\n        text:", "      - text:"), BUILD,
     "Error: content.yaml:39: section 'why', block 1: each block needs a 'type' (one of: paragraph, bullets, steps, callout, table, tracker, references)")
case("content-empty-text", "content", "an empty string", content('"Wet your hands."', '"  "'), BUILD,
     "Error: content.yaml:46: section 'steps', steps (block 1) items, item 1 is empty; write the text or remove the entry")
case("content-unbalanced-bold", "content", "a bold marker without its pair",
     content("**stop germs** spreading", "**stop germs spreading"), BUILD,
     "Error: content.yaml:40: section 'why', paragraph (block 1) text: unbalanced '**': bold markers must come in pairs, **like this**")
case("content-malformed-placeholder", "content", "a placeholder with a space in it",
     content("Use {soap} of soap.", "Use {so ap} of soap."), BUILD,
     "Error: content.yaml:47: section 'steps', steps (block 1) items, item 2: malformed placeholder '{so ap}': write {name} with letters, digits and '_' only, or {{ and }} for a literal brace")
case("content-unknown-placeholder", "content", "a placeholder that has no value",
     content("Use {soap} of soap.", "Use {sope} of soap."), BUILD,
     "Error: content.yaml:47: section 'steps', steps (block 1) items, item 2: placeholder {sope} has no value; did you mean {soap}?")
case("content-citation", "content", "a citation with no reference",
     content("Rub for 20 seconds [1].", "Rub for 20 seconds [2]."), BUILD,
     "Error: content.yaml:48: section 'steps', steps (block 1) items, item 3: citation [2] has no entry in the references (there are 1)")
case("content-uncited-reference", "content", "a reference nobody cites",
     content('          - "Example source, 2024."', '          - "Example source, 2024."\n          - "Another, 2025."'),
     BUILD,
     "Error: content.yaml:59: reference 2 is never cited; cite it as [2] or remove it")
case("content-unknown-unit", "content", "a dose unit that is not a CLDR unit",
     content("unit: volume-milliliter", "unit: millilitres"), BUILD,
     "Error: content.yaml:14: dose 'soap': unknown unit 'millilitres'; use a CLDR unit id such as mass-milligram")
case("content-dose-not-a-number", "content", "a dose of .nan (YAML's not-a-number)",
     content("amount: 3,", "amount: .nan,"), BUILD,
     "Error: content.yaml:14: dose 'soap': amount must be a number such as 4.5, not nan")
case("content-negative-dose", "content", "a negative dose", content("amount: 3,", "amount: -3,"), BUILD,
     "Error: content.yaml:14: dose 'soap': amount must be a number such as 4.5, not -3")
case("content-percent-out-of-range", "content", "a percentage over 100",
     content("doses:\n", "percents:\n  germs_left: 137\n\ndoses:\n"), BUILD,
     "Error: content.yaml:14: percent 'germs_left' must be a number from 0 to 100 (37 for 37%), not 137")
case("content-percent-not-a-number", "content", "a percentage written with its sign (`germs_left: 37%`)",
     content("doses:\n", "percents:\n  germs_left: 37%\n\ndoses:\n"), BUILD,
     "Error: content.yaml:14: percent 'germs_left' must be a number from 0 to 100 (37 for 37%), not '37%'")
case("content-percent-name-taken", "content", "a percentage with the same name as a dose",
     content("doses:\n", "percents:\n  soap: 20\n\ndoses:\n"), BUILD,
     "Error: content.yaml:14: percent name 'soap' is taken by a dose; choose another name")
case("content-typed-percent", "content", "a percentage typed into the text (`99% of germs`)",
     content("Rub for 20 seconds [1].", "Rub for 20 seconds: it removes 99% of germs [1]."), BUILD,
     "Error: content.yaml:48: section 'steps', steps (block 1) items, item 3: a percentage typed into the text; put the number under 'percents:' (e.g. my_percent: 37) and write {my_percent} instead")
case("content-duplicate-section", "content", "two sections with one id", content("  - id: sources", "  - id: why"),
     BUILD,
     "Error: content.yaml:53: section id 'why' is used twice (first at line 36)")
case("content-row-cells", "content", "a table row with a cell missing",
     content("      - type: references", "      - {type: table, columns: [Step, Time], rows: [[Rub]]}\n"
                                          "      - type: references"), BUILD,
     "Error: content.yaml:56: section 'sources', table (block 1): row 1 has 1 cells but there are 2 columns")
case("content-too-many-columns", "content", "a table too wide for the page (20 columns)",
     content("      - type: references", "      - {type: table, columns: [" + ", ".join("abcdefghijklmnopqrst")
             + "], rows: [[" + ", ".join("abcdefghijklmnopqrst") + "]]}\n      - type: references"), BUILD,
     "Error: content.yaml:56: section 'sources', table (block 1) columns, item 1: the table has 20 columns but at most 12 fit across the page; split it into two tables")
case("content-diary-days", "content", "a diary of 100 days",
     content("      - type: references", "      - {type: tracker, days: 100, week_length: 7, day_label: Day, "
                                          "date_label: Date, columns: [{label: Pain}]}\n      - type: references"),
     BUILD,
     "Error: content.yaml:56: section 'sources', tracker (block 1): days must be a whole number from 1 to 62")
case("content-unsupported-character", "content", "a character no font has (an emoji)",
     content("Why wash?", "Why wash? 🧼"), BUILD,
     "Error: content.yaml:37: character '🧼' (U+1F9FC BAR OF SOAP) is not in the font atkinson-hyperlegible (nor in noto-sans for Latn text); remove or replace it")
case("content-too-tall", "content", "one list item longer than a page (a callout that long goes on inside its box)",
     content("Rub for 20 seconds [1].", "Soap. " * 1500 + "[1]"), BUILD,
     "Error: content.yaml:41: section 'steps': a block is too tall to fit on one page (a table row, a callout paragraph or the diary); shorten its text or split it into smaller pieces")
case("content-long-footer", "content", "a footer label of a whole paragraph",
     content('phone: "Call {phone}"', 'phone: "' + "Call " * 300 + '{phone}"'), BUILD,
     "Error: content.yaml:22: label 'phone': too long for the page footer, which must fit in a few lines on every page; shorten it")
case("content-markup-is-text", "content", "ReportLab markup (`<img src=\"/etc/passwd\"/>`) in a paragraph",
     content("Clean hands", 'Clean <img src=\\"/etc/passwd\\"/> hands'), BUILD, PDF, exit=0)

# -- translation catalogs (PO files) -----------------------------------------------------------------
case("po-missing", "catalog", "a language with no catalog yet", project(), BUILD + ("--locale", "de"),
     "Error: locales/de/LC_MESSAGES/handout.po: no translation for 'de'; create it with `handout init de`")
case("po-unknown-locale", "catalog", "a locale code that does not exist", project(),
     BUILD + ("--locale", "xx_YY"),
     "Error: unknown locale 'xx_YY'; use a code such as es, pt_BR or zh_Hans")
case("po-syntax", "catalog", "a string left open", po('msgstr "Mójese las manos."', 'msgstr "Mójese las manos.'),
     BUILD_ES,
     'Error: locales/es/LC_MESSAGES/handout.po:199: PO syntax error: unterminated or badly escaped string (every string needs a closing "); open the file in Poedit or fix the line')
case("po-unknown-line", "catalog", "a line that is not PO", po('msgstr "Fuentes"', 'msgstr "Fuentes"\nmsgfoo "x"'),
     BUILD_ES,
     'Error: locales/es/LC_MESSAGES/handout.po:235: PO syntax error: unexpected text \'msgfoo "x"\' (expected msgid, msgstr, a "string" or a # comment); open the file in Poedit or fix the line')
case("po-binary", "catalog", "a binary file saved as the catalog", project(po=b"\x00\x01\x02\x03 not a catalog\n"),
     BUILD_ES,
     'Error: locales/es/LC_MESSAGES/handout.po:1: PO syntax error: unexpected text \'???? not a catalog\' (expected msgid, msgstr, a "string" or a # comment); open the file in Poedit or fix the line')
case("po-charset", "catalog", "a catalog that declares another charset", po("charset=utf-8", "charset=ISO-8859-1"),
     BUILD_ES,
     'Error: locales/es/LC_MESSAGES/handout.po: catalog declares charset ISO-8859-1; save it as UTF-8 and set "Content-Type: text/plain; charset=UTF-8"')
case("po-not-utf8", "catalog", "bytes that are not UTF-8",
     project(po=SPANISH.encode("utf-8").replace("Mójese".encode(), "Mójese".encode("latin-1"))), BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po:199: not valid UTF-8 text; save the catalog as UTF-8")
case("po-too-big", "catalog", "a catalog over 5 MB", project(po=huge(SPANISH, 5_000_000)), BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po: catalog is 5,005,831 bytes, over the limit of 5,000,000")
case("po-duplicate", "catalog", "the same msgid twice (Babel would keep the last silently)",
     project(po=SPANISH + '\nmsgctxt "why"\nmsgid "Why wash?"\nmsgstr "¿Para qué?"\n'), BUILD_ES,
     'Error: locales/es/LC_MESSAGES/handout.po:243: duplicate entry: msgid "Why wash?" (msgctxt "why") is already at line 177; keep only one of them')
case("po-plural-forms", "catalog", "a broken Plural-Forms header",
     po("nplurals=2; plural=(n != 1);", "nplurals=2; plural=(n != ;"), BUILD_ES,
     'Error: locales/es/LC_MESSAGES/handout.po:14: the Plural-Forms header is not valid (unexpected end of plural form); copy the one `handout init` writes for this language, such as "nplurals=2; plural=(n != 1);"')
case("po-plural-count", "catalog", "more plural forms than the header allows",
     project(po=SPANISH + '\nmsgid "day"\nmsgid_plural "days"\nmsgstr[0] "día"\nmsgstr[1] "días"\n'
                          'msgstr[2] "días"\n'), BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po:243: PO syntax error: an entry has more plural forms (msgstr[n]) than the Plural-Forms header allows; open the file in Poedit or fix the line")
case("po-missing-msgstr", "catalog", "a msgid with no msgstr", project(po=SPANISH + '\nmsgid "lonely"\n'), BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po:243: PO syntax error: missing msgstr for msgid 'lonely'; open the file in Poedit or fix the line")
case("po-placeholder-missing", "catalog", "a placeholder left out", translate("Use {soap} of soap.", "Use jabón."),
     BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po: the 'es' translation has 1 error(s); fix them (`handout check` lists them too)",
     detail="locales/es/LC_MESSAGES/handout.po:206: error: placeholders differ from the English (missing {soap}); copy them exactly, they are filled in by the tool")
case("po-placeholder-extra", "catalog", "a placeholder the English lacks",
     translate("Wet your hands.", "Mójese las {manos}."), BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po: the 'es' translation has 1 error(s); fix them (`handout check` lists them too)",
     detail="locales/es/LC_MESSAGES/handout.po:198: error: placeholders differ from the English (unknown {manos}); copy them exactly, they are filled in by the tool")
case("po-placeholder-translated", "catalog", "a placeholder translated ({jabón} for {soap})",
     translate("Use {soap} of soap.", "Use {jabón} de jabón."), BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po: the 'es' translation has 1 error(s); fix them (`handout check` lists them too)",
     detail="locales/es/LC_MESSAGES/handout.po:206: error: malformed placeholder '{jabón}': write {name} with letters, digits and '_' only, or {{ and }} for a literal brace")
case("po-placeholder-malformed", "catalog", "a placeholder without its closing brace",
     translate("Use {soap} of soap.", "Use {soap de jabón."), BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po: the 'es' translation has 1 error(s); fix them (`handout check` lists them too)",
     detail="locales/es/LC_MESSAGES/handout.po:206: error: malformed placeholder '{': write {name} with letters, digits and '_' only, or {{ and }} for a literal brace")
case("po-markup", "catalog", "HTML tags in a translation", translate("Wet your hands.", "Mójese las <b>manos</b>."),
     BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po: the 'es' translation has 1 error(s); fix them (`handout check` lists them too)",
     detail="locales/es/LC_MESSAGES/handout.po:198: error: contains markup (< tags or & entities); write plain text, use **...** for bold")
case("po-entity", "catalog", "an HTML entity in a translation", translate("Wet your hands.", "M&oacute;jese las manos."),
     BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po: the 'es' translation has 1 error(s); fix them (`handout check` lists them too)",
     detail="locales/es/LC_MESSAGES/handout.po:198: error: contains markup (< tags or & entities); write plain text, use **...** for bold")
case("po-control-character", "catalog", "a raw control character in a translation",
     translate("Wet your hands.", "Mójese\x1b las manos."), BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po: the 'es' translation has 1 error(s); fix them (`handout check` lists them too)",
     detail="locales/es/LC_MESSAGES/handout.po:198: error: contains control characters; retype the text")
case("po-only-invisible", "catalog", "a translation of only zero-width characters (it would print nothing)",
     translate("Wet your hands.", "\u200b\u200f"), BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po: the 'es' translation has 1 error(s); fix them (`handout check` lists them too)",
     detail="locales/es/LC_MESSAGES/handout.po:198: error: has only invisible characters (zero-width spaces or direction marks); type the translation again")
case("po-number", "catalog", "a number changed", translate("Rub for 20 seconds [1].", "Frote durante 200 segundos [1]."),
     BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po: the 'es' translation has 1 error(s); fix them (`handout check` lists them too)",
     detail="locales/es/LC_MESSAGES/handout.po:213: error: number 200 is not in the English (20, 1); numbers must match the source exactly (doses are filled in by the tool)")
case("po-citation", "catalog", "a citation left out", translate("Rub for 20 seconds [1].", "Frote durante 20 segundos."),
     BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po: the 'es' translation has 1 error(s); fix them (`handout check` lists them too)",
     detail="locales/es/LC_MESSAGES/handout.po:213: error: citations differ from the English (missing [1]); keep the same [numbers] with the same sentences")
case("po-dropped-not", "catalog", "a \"not\" dropped (`handout check` warns)",
     translate("Some parts are not yet in {language}.", "Algunas partes ya están en {language}."), ("check",),
     'locales/es/LC_MESSAGES/handout.po:140: warning: the English has 1 negation(s) (not, no, never, without...) but the translation has 0 that the check can see; make sure no "not" was dropped (once a reviewer has read it, the translator comment \'handout: ignore-negation\' silences this)',
     exit=0)
case("po-number-as-word", "catalog", "a number written as a word (`handout check` warns)",
     translate("Rub for 20 seconds [1].", "Frote durante veinte segundos [1]."), ("check",),
     "locales/es/LC_MESSAGES/handout.po:213: warning: number 20 of the English is not in the translation; write every number of the English as digits (for a number written as a word on purpose, the translator comment 'handout: ignore-numbers' silences this)",
     exit=0)
case("po-bold", "catalog", "bold markers lost", translate("Clean hands **stop germs** spreading [1].",
                                                          "Las manos limpias frenan los gérmenes [1]."), BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po: the 'es' translation has 1 error(s); fix them (`handout check` lists them too)",
     detail="locales/es/LC_MESSAGES/handout.po:186: error: the English has 1 bold part(s) (**...**) but the translation has 0; mark the same words bold")
case("po-fuzzy", "catalog", "an entry still marked fuzzy", po('msgctxt "steps"\nmsgid "Wet your hands."',
                                                             '#, fuzzy\nmsgctxt "steps"\nmsgid "Wet your hands."'),
     BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po: the 'es' translation is incomplete: 1 of 31 entries are missing, fuzzy or untranslated; translate them (or build with --allow-incomplete to print those parts in English)",
     detail='steps: "Wet your hands." (content line 46)')
case("po-lost-context", "catalog", "an entry's msgctxt lost (an XLIFF or CSV round trip)",
     po('msgctxt "steps"\nmsgid "Wet your hands."', 'msgid "Wet your hands."'), BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po: the 'es' translation has 1 error(s); fix them (`handout check` lists them too)",
     detail='locales/es/LC_MESSAGES/handout.po:197: error: this entry has lost its context (msgctxt "steps" in the template), as happens after a round trip through XLIFF or CSV, so the build cannot use its translation; run `handout update` to give the entries their context back, or export again from the PO file with its contexts')
case("po-too-long", "catalog", "text pasted into a translation, many times its English",
     translate("Wet your hands.", "Mójese las manos. " * 30), BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po: the 'es' translation has 1 error(s); fix them (`handout check` lists them too)",
     detail="locales/es/LC_MESSAGES/handout.po:198: error: the translation is 540 characters long, the English only 15; a translation is seldom more than twice as long: was other text pasted in? Keep only the translation of this entry")
case("po-unsupported-character", "catalog", "a character no installed font has (Tibetan in Spanish)",
     translate("Wet your hands.", "Mójese las manos ཀ."), BUILD_ES,
     "Error: locales/es/LC_MESSAGES/handout.po:198: character 'ཀ' (U+0F40 TIBETAN LETTER KA) is not in the font atkinson-hyperlegible (nor in noto-sans for Latn text); remove or replace it")
case("po-init-without-template", "catalog", "`handout init` before `handout extract`", project(),
     ("init", "es"),
     "Error: locales/handout.pot: no template yet; run `handout extract` first")
case("po-init-twice", "catalog", "`handout init` for a language that has a catalog",
     project(po=SPANISH, files={"locales/handout.pot": POT}), ("init", "es"),
     "Error: locales/es/LC_MESSAGES/handout.po: this language already has a catalog; use `handout update` to refresh it")
case("po-folder-blocked", "catalog", "a file where the new catalog's folder belongs",
     project(files={"locales/handout.pot": POT, "locales/pt/LC_MESSAGES": b"a file"}), ("init", "pt"),
     "Error: locales/pt/LC_MESSAGES/handout.po: cannot write this file: a file is in the way of one of its folders; move it aside")

# -- clinic files and logos --------------------------------------------------------------------------
case("clinic-missing", "clinic", "the clinic file does not exist", project(), BUILD_CLINIC,
     "Error: clinic.yaml: clinic file not found; check the path")
case("clinic-yaml-syntax", "clinic", "a quote left open", clinic('name: "Riverside\nphone: "01234 567890"\n'),
     BUILD_CLINIC,
     "Error: clinic.yaml:2: YAML syntax error: expected <block end>, but found '<scalar>'; check the quotes and indentation of this line and the lines above it")
case("clinic-empty", "clinic", "an empty clinic file", clinic(""), BUILD_CLINIC,
     "Error: clinic.yaml: the clinic file must be a mapping such as 'name: ...' and 'phone: ...'")
case("clinic-too-big", "clinic", "a clinic file over 200 KB", clinic(huge(CLINIC, 200_000)), BUILD_CLINIC,
     "Error: clinic.yaml: the clinic file is 200,054 bytes, over the limit of 200,000; is this the right file?")
case("clinic-missing-phone", "clinic", "no phone", clinic('name: "Riverside Gut Clinic"\n'), BUILD_CLINIC,
     "Error: clinic.yaml:1: missing key 'phone'; every handout prints the clinic's phone")
case("clinic-phone-number", "clinic", "a phone number without quotes (its leading zero would be lost)",
     clinic('name: "Riverside Gut Clinic"\nphone: 0123456\n'), BUILD_CLINIC,
     "Error: clinic.yaml:2: phone must be text: put the number in double quotes so leading zeros are kept")
case("clinic-unknown-key", "clinic", "a key the tool does not know", clinic(CLINIC + 'fax: "01234 567891"\n'),
     BUILD_CLINIC,
     "Error: clinic.yaml:3: unknown key 'fax' (expected: address, crisis_line, crisis_phone, department, email, emergency_phone, feedback, logo, name, paper, phone, review_policy, site_url, timezone, translation_policy, url, website)")
case("clinic-crisis-line-without-phone", "clinic", "a crisis line's name without its number",
     clinic(CLINIC + 'crisis_line: "Samaritans"\n'), BUILD_CLINIC,
     "Error: clinic.yaml:3: crisis_line needs crisis_phone as well: the handout prints the crisis line's name and its number together (give both, or neither)")
case("clinic-too-long", "clinic", "a name of 400 characters", clinic(f'name: "{"R" * 400}"\nphone: "01234 567890"\n'),
     BUILD_CLINIC,
     "Error: clinic.yaml:1: name is 400 characters long; the limit is 300")
case("clinic-javascript-link", "clinic", "a website that is a `javascript:` link",
     clinic(CLINIC + 'website: "javascript:alert(1)"\n'), BUILD_CLINIC,
     "Error: clinic.yaml:3: website must start with http:// or https:// and contain no spaces")
case("clinic-email", "clinic", "an e-mail address without @", clinic(CLINIC + 'email: "gut.riverside.example"\n'),
     BUILD_CLINIC,
     "Error: clinic.yaml:3: email 'gut.riverside.example' does not look like an address (name@example.org)")
case("clinic-invisible-phone", "clinic", "a phone of only zero-width characters, pasted from a web page",
     clinic('name: "Riverside Gut Clinic"\nphone: "\u200b\u200e\u2060"\n'), BUILD_CLINIC,
     "Error: clinic.yaml:2: phone has only invisible characters (zero-width spaces or direction marks, as come along when text is copied from a web page); type the phone again")
case("clinic-phone-too-long-for-a-footer", "clinic",
     "a phone of 50 characters, too long for a footer line of the large-print booklet (it never breaks)",
     clinic('name: "Riverside Gut Clinic"\nphone: "+44 (0)20 7946 0958 extension 22104, then option 4"\n'),
     BUILD_CLINIC + ("--edition", "large-print", "--booklet"),
     "Error: clinic.yaml:2: key phone: cannot print the large-print booklet on A4: the phone number '+44 (0)20 7946 0958 extension 22104, then option 4' (50 characters) is too long for a line of the page footer, where it must stay whole; shorten it to 40 characters or fewer, for example by leaving out an extension or option, which reception can give on the phone")
case("clinic-address-piece-too-long", "clinic",
     "a web address with 57 characters between two dots, too long for a line of the large-print booklet",
     clinic(CLINIC + 'website: "https://riverside-community-gastroenterology-and-hepatology-unit.example/ldn"\n'),
     BUILD_CLINIC + ("--edition", "large-print", "--booklet"),
     "Error: clinic.yaml:3: key website: cannot print the large-print booklet on A4: the website address has a piece too long for a line, 'riverside-community-gastroenterology-and-hepatology-unit.' (57 characters): an address breaks only after '@', '.' or '/', and cutting it elsewhere would send readers to a wrong address; use an address with no more than 39 characters between those marks")
case("clinic-paper", "clinic", "an unknown paper size", clinic(CLINIC + "paper: a3\n"), BUILD_CLINIC,
     "Error: clinic.yaml:3: paper must be one of a4, letter, not 'a3'")
case("clinic-timezone", "clinic", "a time zone that does not exist", clinic(CLINIC + 'timezone: "Europe/Lndon"\n'),
     BUILD_CLINIC,
     "Error: clinic.yaml:3: unknown time zone 'Europe/Lndon'; use a name such as Europe/London or America/New_York")
case("clinic-review-policy", "clinic", "an unknown review policy", clinic(CLINIC + "review_policy: ignore\n"),
     BUILD_CLINIC, "Error: clinic.yaml:3: review_policy must be one of warn, mark, refuse, not 'ignore'")
case("clinic-unsupported-character", "clinic", "a character no font has",
     clinic('name: "Riverside Gut Clinic 🏥"\nphone: "01234 567890"\n'), BUILD_CLINIC,
     "Error: clinic.yaml: character '🏥' (U+1F3E5 HOSPITAL) is not in the font atkinson-hyperlegible (nor in noto-sans for Latn text); remove or replace it")
case("clinic-markup-is-text", "clinic", "ReportLab markup in the clinic name",
     clinic('name: "<font size=40>Riverside</font>"\nphone: "01234 567890"\n'), BUILD_CLINIC, PDF, exit=0)
case("logo-missing", "clinic", "a logo file that does not exist", clinic(CLINIC + 'logo: "logo.png"\n'),
     BUILD_CLINIC,
     "Error: clinic.yaml:3: logo logo.png: file not found; check the path (it is relative to the clinic file)")
case("logo-folder", "clinic", "a logo path that is a folder", clinic(CLINIC + 'logo: "images"\n', {"images/a": b""}),
     BUILD_CLINIC,
     "Error: clinic.yaml:3: logo images: is a folder, not an image file")
case("logo-not-an-image", "clinic", "a logo that is not PNG or JPEG (an SVG named .png)",
     clinic(CLINIC + 'logo: "logo.png"\n', {"logo.png": b"<svg xmlns='http://www.w3.org/2000/svg'/>"}),
     BUILD_CLINIC,
     "Error: clinic.yaml:3: logo logo.png: is not a PNG or JPEG image; save the logo as PNG or JPEG")
case("logo-damaged", "clinic", "a PNG whose pixel data is damaged",
     clinic(CLINIC + 'logo: "logo.png"\n', {"logo.png": png(20, 10, idat=b"damaged")}), BUILD_CLINIC,
     "Error: clinic.yaml:3: logo logo.png: cannot be read as an image: the file is damaged or incomplete (OSError); export it again as PNG or JPEG")
case("logo-too-many-bytes", "clinic", "a logo over 5 MB",
     clinic(CLINIC + 'logo: "logo.png"\n', {"logo.png": png(20, 10) + b"\x00" * 5_000_000}), BUILD_CLINIC,
     "Error: clinic.yaml:3: logo logo.png: is 5,000,078 bytes; the limit is 5,000,000: use a smaller PNG or JPEG")
case("logo-too-many-pixels", "clinic", "a logo of 6000 x 6000 pixels",
     clinic(CLINIC + 'logo: "logo.png"\n', {"logo.png": png(6000, 6000, idat=zlib.compress(b"\x00" * 1000))}),
     BUILD_CLINIC,
     "Error: clinic.yaml:3: logo logo.png: is 6000x6000 pixels; the limit is 4,000,000 pixels")
case("logo-decompression-bomb", "clinic", "a 500-byte PNG that claims 30000 x 30000 pixels",
     clinic(CLINIC + 'logo: "logo.png"\n', {"logo.png": png(30000, 30000, idat=zlib.compress(b"\x00" * 1000))}),
     BUILD_CLINIC,
     "Error: clinic.yaml:3: logo logo.png: is 900,000,000 pixels; the limit is 4,000,000 pixels")

# -- clinician review records (locales/LOCALE/review.yaml) ------------------------------------------
def _record(translation: str = "Mójese las manos.", digest: str | None = None, **changes: str) -> str:
    """A one-entry review record of the Spanish catalog, as `handout review sign` writes it."""
    from handout.translate.signoff import entry_hash

    fields = dict(reviewer="Dr Ana García", role="GP", date="2026-12-01", locale="es", format="1")
    fields.update(changes)
    digest = digest or entry_hash("steps", "Wet your hands.", "Mójese las manos.")
    return (f"format: {fields['format']}\nlocale: {fields['locale']}\nsignoffs:\n- reviewer: {fields['reviewer']}\n"
            f"  role: {fields['role']}\n  date: {fields['date']}\n  entries:\n  - context: steps\n"
            f"    english: Wet your hands.\n    translation: {translation}\n    hash: {digest}\n")


def record(text: str) -> Callable[[Path], None]:
    return project(po=SPANISH, files={"locales/es/review.yaml": text})


STATUS = ("review", "status")
case("review-yaml-syntax", "review", "a quote left open",
     record(_record().replace("reviewer: Dr Ana García", 'reviewer: "Dr Ana García')), STATUS,
     "Error: locales/es/review.yaml:12: YAML syntax error: found unexpected end of stream; check the quotes and indentation of this line and the lines above it")
case("review-not-a-record", "review", "a list instead of a record", record("- Dr Ana García\n"), STATUS, "Error: locales/es/review.yaml:1: the review record must be a mapping of keys to values; fix it, or restore the file from version control and sign again")
case("review-unknown-key", "review", "a misspelt key", record(_record().replace("  role: GP", "  rôle: GP")),
     STATUS, "Error: locales/es/review.yaml:5: sign-off 1: unknown key 'rôle' (expected: comments, competence, date, entries, outcome, registration, reviewer, role); fix it, or restore the file from version control and sign again")
case("review-wrong-locale", "review", "the record of another language", record(_record(locale="de")), STATUS, "Error: locales/es/review.yaml:2: locale 'de' does not match the catalog's folder 'es'; fix it, or restore the file from version control and sign again")
case("review-bad-date", "review", "a date in another format", record(_record(date="01/12/2026")), STATUS, "Error: locales/es/review.yaml:6: sign-off 1: date must be a date written YYYY-MM-DD, not '01/12/2026'; fix it, or restore the file from version control and sign again")
case("review-impossible-date", "review", "a date that does not exist", record(_record(date="2026-02-30")),
     STATUS, "Error: locales/es/review.yaml:6: '2026-02-30' is not a real date (day is out of range for month); write an existing date as YYYY-MM-DD")
case("review-hash-not-hex", "review", "a hash that is not SHA-256 hex", record(_record(digest="not-a-hash")),
     STATUS, "Error: locales/es/review.yaml:11: sign-off 1, entry 1: hash must be 64 lowercase hexadecimal characters (SHA-256), not 'not-a-hash'; fix it, or restore the file from version control and sign again")
case("review-edited", "review", "a signed translation edited by hand (its hash no longer matches)",
     record(_record(translation="Moje sus manos.")), BUILD_ES, "Error: locales/es/review.yaml:11: sign-off 1, entry 1: hash does not match the context, English and translation signed with it (the record was edited by hand); fix it, or restore the file from version control and sign again")
case("review-entries", "review", "`review sign --entries` with a number not on the proof", project(po=SPANISH),
     ("review", "sign", "es", "--reviewer", "Dr Ana García, GP", "--competence", "native speaker", "--entries", "99"), "Error: --entries: '99' is not a number or range of entries from 1 to 31 (the numbers on the proof)")
case("review-all-or-entries", "review", "`review sign` with neither --all nor --entries", project(po=SPANISH),
     ("review", "sign", "es", "--reviewer", "Dr Ana García, GP"), "Error: give either --all or --entries", exit=2)
case("review-no-competence", "review", "`review sign` without saying how the reviewer knows the language",
     project(po=SPANISH), ("review", "sign", "es", "--reviewer", "Dr Ana García, GP", "--all"), "Error: --competence is required: say how the reviewer knows the language (for example \"native speaker\", \"C2 certificate\", \"trained and practised in Spanish\"); it is kept with the sign-off")
case("review-changes-no-comment", "review", "`review sign --outcome changes-needed` without a comment",
     project(po=SPANISH), ("review", "sign", "es", "--reviewer", "Dr Ana García, GP", "--competence", "native speaker", "--all", "--outcome", "changes-needed"), "Error: --outcome 'changes needed' needs at least one --comment saying what must change (such as --comment \"12: say 'syndrome de manque'\")")
case("review-policy", "clinic", "an unknown translation policy", clinic(CLINIC + "translation_policy: never\n"),
     BUILD_CLINIC, "Error: clinic.yaml:3: translation_policy must be one of warn, mark, refuse, not 'never'")

# -- command line ------------------------------------------------------------------------------------
case("cli-paper", "command", "an unknown paper size", project(), BUILD + ("--paper", "a3"),
     "Error: Invalid value for '--paper': 'a3' is not one of 'a4', 'letter', 'all'.", exit=2)
case("cli-edition", "command", "an unknown edition", project(), BUILD + ("--edition", "poster"),
     "Error: Invalid value for '--edition': 'poster' is not one of 'standard', 'large-print', 'bilingual', 'all'.", exit=2)
case("cli-option", "command", "a misspelt option", project(), BUILD + ("--lcoale", "es"),
     "Error: No such option '--lcoale'. (Did you mean one of: '--locale', '--locales'?)", exit=2)
case("cli-command", "command", "an unknown command", project(), ("biuld",),
     "Error: No such command 'biuld'. Did you mean 'build'?", exit=2)
case("cli-extra-argument", "command", "two content files", project(), BUILD + ("more.yaml",),
     "Error: Got unexpected extra argument (more.yaml)", exit=2)
case("cli-clinic-folder", "command", "a folder given as the clinic file", project(files={"clinics/a": b""}),
     BUILD + ("--clinic", "clinics"),
     "Error: Invalid value for '--clinic': File 'clinics' is a directory.", exit=2)
case("cli-locales-file", "command", "a file given as the catalogs folder", project(),
     BUILD_ES + ("--locales", "content.yaml"),
     "Error: Invalid value for '--locales': Directory 'content.yaml' is a file.", exit=2)
case("cli-today", "command", "a --today that is not a date", project(), BUILD + ("--today", "2025-13-01"),
     "Error: Invalid value for '--today': '2025-13-01' does not match the format '%Y-%m-%d'.", exit=2)
case("cli-bilingual-same", "command", "a bilingual edition of one language", project(po=SPANISH),
     BUILD_ES + ("--edition", "bilingual", "--with", "es"),
     "Error: a bilingual edition needs two languages: --locale es and --with es are the same; choose another --with")
case("cli-empty-locale", "command", "an empty locale", project(), BUILD + ("--locale", ""),
     "Error: --locale '' names no language; give a code such as es, several such as es,fr, or all")
case("cli-locale-path", "command", "a path as the locale (`../../etc`)", project(), BUILD + ("--locale", "../../etc"),
     "Error: unknown locale '../../etc'; use a code such as es, pt_BR or zh_Hans")
case("cli-check-locale", "command", "`handout check` for an unknown locale", project(),
     ("check", "--locale", "../x"),
     "Error: unknown locale '../x'; use a code such as es, pt_BR or zh_Hans")

# -- output folder -----------------------------------------------------------------------------------
case("out-created", "output", "an output folder that does not exist yet (it is created)", project(),
     ("build", "content.yaml", "--out", "new/folder"), "new/folder/hand-washing_en_a4_standard.pdf", exit=0)
case("out-is-file", "output", "--out names a file", project(files={"out.pdf": b"x"}),
     ("build", "content.yaml", "--out", "out.pdf"),
     "Error: out.pdf: cannot create the output folder: a file has that name; choose another --out")
case("out-under-file", "output", "--out is inside a file", project(files={"out.pdf": b"x"}),
     ("build", "content.yaml", "--out", "out.pdf/sub"),
     "Error: out.pdf/sub: cannot create the output folder: a file is in its path; choose another --out")
case("out-pdf-is-folder", "output", "a folder has the PDF's name", project(files={PDF + "/x": b""}), BUILD,
     "Error: out/hand-washing_en_a4_standard.pdf: the output path is a folder; give a file name or another folder")
case("out-read-only", "output", "a folder the user may not write to", project(), BUILD,
     "Error: out/hand-washing_en_a4_standard.pdf: cannot write the PDF: permission denied; choose a folder you can write to with --out (the previous file, if any, is unchanged)", fault="EACCES")
case("out-disk-full", "output", "the disk fills up while the PDF is written", project(), BUILD,
     "Error: out/hand-washing_en_a4_standard.pdf: cannot write the PDF: the disk is full; free some space or choose another --out (the previous file, if any, is unchanged)", fault="ENOSPC")

FAULTS = {"EACCES": errno.EACCES, "ENOSPC": errno.ENOSPC}
GROUPS = {"content": "content.yaml", "catalog": "Translation catalogs (PO files)", "clinic": "Clinic files and logos",
          "review": "Clinician review records (review.yaml)", "command": "Command-line arguments",
          "output": "The output folder"}


def _code(text: str) -> str:
    """`text` as a Markdown code span that survives inside a table cell."""
    text = text.replace("|", "\\|")
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def row(c: Case) -> str:
    shown = _code(c.shows) + (f"<br>{_code('  ' + c.detail)}" if c.detail else "")
    return f"| `{c.id}` | {c.input} | {shown} | {c.exit} |"


def tables() -> str:
    """The Markdown tables of every case, by group, as docs/bad-input.md holds them."""
    out = []
    for group, title in GROUPS.items():
        out += [f"### {title}", "", "| case | input | what you see | exit |", "|---|---|---|---|"]
        out += [row(c) for c in CASES if c.group == group]
        out.append("")
    return "\n".join(out).rstrip("\n")


START, END = "<!-- cases: generated by `python tests/bad_inputs.py` -->", "<!-- end of cases -->"


def doc_tables(text: str) -> str:
    return text.split(START, 1)[1].split(END, 1)[0].strip("\n")


if __name__ == "__main__":  # rewrite the tables in docs/bad-input.md from CASES
    head, rest = DOC.read_text(encoding="utf-8").split(START, 1)
    DOC.write_text(head + START + "\n" + tables() + "\n" + END + rest.split(END, 1)[1], encoding="utf-8")
    sys.exit(0)
