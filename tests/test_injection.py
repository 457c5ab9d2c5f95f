"""Injection-proof: no content, translation or clinic value can make the PDF read a local file, embed an
image, carry a link or script, change fonts, sizes or colours, or add PDF operators.

ReportLab's paragraph markup would do all of that (`<img src>`, `<a href>`, `<font size>`, `<link>`), and a
string that reaches a content stream unescaped could close a `( ) Tj` and write its own operators. So each
test builds the same handout twice, once with attack strings in every kind of text and once with harmless
text of the same length, looks inside both PDFs with pypdf, and requires that the attack changed nothing
but the characters printed: the strings must come out literally, as text.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest
import yaml
from pypdf import PdfReader
from pypdf.generic import ContentStream

from tests.bad_inputs import png
from tests.conftest import FIXTURES, page_texts, run_cli
from handout.source.content import load_content
from handout.translate.catalog import extract, init_catalog, po_path, serialise

# PDF names of links, scripts, annotations, actions and attachments: none may appear anywhere in the file
ACTIONS = {"/URI", "/JavaScript", "/JS", "/Launch", "/GoToR", "/GoToE", "/Annots", "/OpenAction", "/AA",
           "/SubmitForm", "/ImportData", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/Movie", "/Sound"}
# Content-stream operators a handout may use: text, paths, colours, graphics state, marked content (the
# tagged-PDF structure). Not inline images (BI), shadings (sh) or anything else; XObjects (Do) only as many
# times as without the attack.
ALLOWED = {b"BT", b"ET", b"Tf", b"Td", b"TD", b"Tm", b"T*", b"Tj", b"TJ", b"'", b'"', b"Tw", b"Tc", b"TL", b"Tz",
           b"Ts", b"Tr", b"q", b"Q", b"cm", b"re", b"m", b"l", b"c", b"v", b"y", b"h", b"S", b"s", b"f", b"F",
           b"f*", b"B", b"B*", b"b", b"b*", b"n", b"W", b"W*", b"w", b"J", b"j", b"M", b"d", b"i", b"rg", b"RG",
           b"g", b"G", b"k", b"K", b"cs", b"CS", b"sc", b"SC", b"scn", b"SCN", b"gs", b"Do", b"BDC", b"BMC", b"EMC"}
SECRET = "TOPSECRET-7f3a9c"  # written into a local file that an attack tries to pull into the PDF


def attacks(folder: Path) -> list[str]:
    """Strings that would be markup, links, images or PDF operators if they were not escaped."""
    secret_png = folder / "secret.png"
    secret_png.write_bytes(png(40, 40))
    (folder / "secret.txt").write_text(SECRET)
    return [
        f'<img src="{secret_png}" width="200" height="200"/>',
        f'<img src="{folder / "secret.txt"}"/> <img src="file://{secret_png}"/>',
        '<a href="javascript:app.alert(1)">click</a> <a href="file:///etc/passwd">here</a>',
        '<link href="https://evil.example/">link</link> <a name="x"/>',
        '<font size="60" name="Courier" color="red">BIG</font> <span fontSize="40">big</span>',
        '<para fontSize="30" textColor="#ff0000"> <b>bold</b> <i>it</i> <u>under</u> <br/> <seq/>',
        "%PDF-1.4 ) Tj ET BT /F1 99 Tf 9 9 Td (owned) Tj 1 0 0 rg",
        r"\) Tj \\ ( ( ) ) \( \\\\ \\) endstream endobj",
        "&lt;b&gt; &amp; &#60;img&#62; R&D &nbsp; <![CDATA[x]]> <!-- comment --> <?xml ?>",
    ]


def harmless(text: str) -> str:
    return re.sub(r"\S", "x", text)


def write_content(folder: Path, strings: list[str]) -> Path:
    """The hand-washing handout with `strings` in a paragraph, a list, a callout, a table, a reference and
    a label; the first string also in the title and a clinic-free label."""
    data = yaml.safe_load((FIXTURES / "handwashing.yaml").read_text(encoding="utf-8"))
    joined = " ".join(strings)
    data["handout"]["title"] = strings[0]
    data["labels"]["other_formats"] = strings[-1]
    why = data["sections"][0]["blocks"]
    why[0]["text"] += " " + joined
    why.append({"type": "bullets", "items": list(strings)})
    why.append({"type": "callout", "kind": "warning", "title": strings[2], "text": joined})
    why.append({"type": "table", "columns": ["Attack", "Again"], "rows": [[s, s] for s in strings]})
    data["sections"][-1]["blocks"][0]["items"][0] += " " + strings[3]
    path = folder / "content.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    return path


def write_clinic(folder: Path, strings: list[str]) -> Path:
    (folder / "logo.png").write_bytes(png(20, 10))
    clinic = {"name": strings[4][:300], "department": strings[0][:300], "phone": strings[6][:300],
              "address": strings[7][:300], "feedback": strings[8][:300], "logo": "logo.png"}
    path = folder / "clinic.yaml"
    path.write_text(yaml.safe_dump(clinic, allow_unicode=True, width=10_000), encoding="utf-8")
    return path


def write_catalog(content: Path, locale: str, translate) -> None:
    """A complete catalog for `locale`, every entry `translate(msgid)`."""
    template = extract(load_content(content))
    catalog = init_catalog(template, locale)
    for message in catalog:
        if message.id:
            message.string = translate(message.id)
    path = po_path(content.parent / "locales", locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(serialise(catalog))


def build(folder: Path, *args: str) -> Path:
    result = run_cli("build", str(folder / "content.yaml"), "--clinic", str(folder / "clinic.yaml"),
                     "--out", str(folder / "out"), *args)
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip())


def _names(obj, found: set[str]) -> set[str]:
    """The keys and name values of a dictionary or array, and of those held directly inside it."""
    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        for key, value in obj.items():
            found.add(str(key))
            if not getattr(value, "is_indirect", True):
                _names(value, found)
    elif isinstance(obj, pikepdf.Array):
        for value in obj:
            if not getattr(value, "is_indirect", True):
                _names(value, found)
    elif isinstance(obj, pikepdf.Name):
        found.add(str(obj))
    return found


def inside(path: Path) -> dict:
    """What a PDF holds besides its text: every image and every name in any object (object streams
    unpacked, so a link or script cannot hide in one), the bytes of every stream, and per page the
    fonts, sizes, colours and operators its content uses."""
    images, names, data = set(), set(), b""
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                if obj.get("/Subtype") == "/Image":
                    images.add((int(obj.Width), int(obj.Height)))
                try:
                    data += obj.read_bytes()
                except pikepdf.PdfError:  # an image filter pikepdf does not decode: its raw bytes then
                    data += obj.read_raw_bytes()
            if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream, pikepdf.Array)):
                _names(obj, names)
    reader = PdfReader(path)
    fonts, sizes, colours, operators, draws = set(), set(), set(), set(), 0
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            operators.add(operator)
            draws += operator == b"Do"
            if operator == b"Tf":
                sizes.add(float(operands[1]))
            elif operator in (b"rg", b"RG", b"g", b"G"):
                colours.add(tuple(round(float(x), 3) for x in operands))
    return dict(images=images, fonts=fonts, sizes=sizes, colours=colours, operators=operators, draws=draws,
                actions=names & ACTIONS, secret=SECRET.encode() in path.read_bytes() + data,
                pages=len(reader.pages))


def assert_nothing_but_text(attacked: Path, baseline: Path, strings: list[str]) -> None:
    got, want = inside(attacked), inside(baseline)
    assert got["images"] == want["images"] == {(20, 10)}  # the clinic's logo, nothing else
    assert got["actions"] == want["actions"] == set()  # no links, scripts or annotations at all
    assert not got["secret"]
    assert got["fonts"] <= want["fonts"]
    assert got["sizes"] <= want["sizes"]
    assert got["colours"] <= want["colours"]
    assert got["operators"] <= ALLOWED and want["operators"] <= ALLOWED
    assert got["draws"] == want["draws"]  # the logo, drawn once
    text = re.sub(r"\s", "", " ".join(page_texts(attacked)))
    for string in strings:  # every attack is printed, character for character (long words may wrap)
        assert re.sub(r"\s", "", string) in text


@pytest.mark.parametrize("edition", ["standard", "large-print"])
def test_content_and_clinic_values_are_only_text(tmp_path, edition):
    attack_dir, base_dir = tmp_path / "attack", tmp_path / "base"
    attack_dir.mkdir(), base_dir.mkdir()
    strings = attacks(attack_dir)
    write_content(attack_dir, strings), write_clinic(attack_dir, strings)
    safe = [harmless(s) for s in strings]
    write_content(base_dir, safe), write_clinic(base_dir, safe)
    assert_nothing_but_text(build(attack_dir, "--edition", edition), build(base_dir, "--edition", edition),
                            strings)


@pytest.mark.parametrize("locale", ["es", "ar"])
def test_translations_are_only_text(tmp_path, locale):
    """Translations carrying the attacks (the English carries them too, so the markup check lets them
    through: this is the escaping itself at work). Arabic goes through the right-to-left line setter,
    which draws with the canvas instead of ReportLab paragraphs."""
    attack_dir, base_dir = tmp_path / "attack", tmp_path / "base"
    attack_dir.mkdir(), base_dir.mkdir()
    strings = attacks(attack_dir)
    prefix = {"es": "ES", "ar": "عربي"}[locale]
    for folder, texts in ((attack_dir, strings), (base_dir, [harmless(s) for s in strings])):
        content = write_content(folder, texts)
        write_clinic(folder, texts)
        write_catalog(content, locale, lambda msgid: f"{prefix} {msgid}")
    check = run_cli("check", str(attack_dir / "content.yaml"))
    assert check.exit_code == 0, check.output
    attacked = build(attack_dir, "--locale", locale)
    assert_nothing_but_text(attacked, build(base_dir, "--locale", locale),
                            strings if locale == "es" else [])
    if locale == "ar":  # right to left: every word of every attack is printed (the bidi algorithm orders
        words = set(re.findall(r"[A-Za-z0-9]+", " ".join(page_texts(attacked))))  # the punctuation around them)
        assert set(re.findall(r"[A-Za-z0-9]+", " ".join(strings))) <= words


def test_a_translation_that_adds_markup_is_refused(tmp_path):
    """When the English has no markup, a translation that brings some is an error before anything is
    drawn (the QA check), and the build names the entry."""
    shutil.copy(FIXTURES / "handwashing.yaml", tmp_path / "content.yaml")
    write_catalog(tmp_path / "content.yaml", "es",
                  lambda m: '<img src="/etc/passwd"/>' if m == "Wet your hands." else f"ES {m}")
    result = run_cli("build", str(tmp_path / "content.yaml"), "--locale", "es", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "error: contains markup (< tags or & entities)" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("locale", ["en", "es"])
def test_markup_inside_bold_text_is_only_text(tmp_path, locale):
    """`**...**` makes a run bold, and what is inside it is text like any other: every attack set bold in the
    content (and so in its translation), and clinic values (a name, an address) filled into bold text, come out
    literally. (Without the escaping of bold runs, `<font size="60">` inside `**` set 60 pt type.)"""
    attack_dir, base_dir = tmp_path / "attack", tmp_path / "base"
    attack_dir.mkdir(), base_dir.mkdir()
    strings = attacks(attack_dir)
    for folder, texts in ((attack_dir, strings), (base_dir, [harmless(s) for s in strings])):
        data = yaml.safe_load((FIXTURES / "handwashing.yaml").read_text(encoding="utf-8"))
        bold = " ".join(f"**{text}**" for text in texts)
        data["sections"][0]["blocks"][0]["text"] += f" {bold} **Ask {{clinic_name}} at {{clinic_address}}.**"
        data["sections"][0]["blocks"].append({"type": "bullets", "items": [f"**{text}** and more" for text in texts]})
        content = folder / "content.yaml"
        content.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
        write_clinic(folder, texts)
        if locale != "en":
            write_catalog(content, locale, lambda msgid: f"ES {msgid}")
    attacked = build(attack_dir, "--locale", locale)
    assert_nothing_but_text(attacked, build(base_dir, "--locale", locale), strings)
