"""Fonts served with the site: the families the PDFs are printed in (data/fonts.yaml, layout/fonts.py), cut
down to the characters the pages show (fontTools), as WOFF2 files in DIR/fonts/, with DIR/fonts.css saying
which language is set in which (`:lang()`). So a page looks the same on every device, in Hindi or Arabic as
in English, and still asks for nothing from elsewhere; the system fonts of site.css remain the fallback.

Each file's name carries a hash of its source font and its characters: a page that shows the same
characters keeps the same font file (not made again: it is read back from the folder), and a browser never
keeps an old cut of a font that lacks a character a new page needs.
"""
from __future__ import annotations

import hashlib
import io
from html.parser import HTMLParser
from pathlib import Path

from handout.batch.manifest import sha256_file
from handout.layout.fonts import drawn_strings, family_files, font_plan

FOLDER = "fonts"
STYLESHEET = "fonts.css"
WEIGHTS = (400, 700)


class _Text(HTMLParser):
    """The characters of a page by the language they are in (`lang` of the nearest element that has one)."""

    VOID = {"meta", "link", "br", "img", "input", "hr", "area", "base", "col", "embed", "source", "track", "wbr"}

    def __init__(self, found: dict[str, list[str]]):
        super().__init__(convert_charrefs=True)
        self.found = found
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        self.stack.append(lang or (self.stack[-1] if self.stack else ""))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] and data.strip():
            self.found.setdefault(self.stack[-1], []).append(data)


def texts_by_language(pages: list[str]) -> dict[str, str]:
    """{BCP 47 tag: all the text of `pages` in that language}."""
    found: dict[str, list[str]] = {}
    for html in pages:
        parser = _Text(found)
        parser.feed(html)
        parser.close()
    return {lang: " ".join(parts) for lang, parts in found.items()}


def _face_name(key: str) -> str:
    return f"handout {key}"


def _subset(path: Path, chars: frozenset[int]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # the browser shapes with them: Arabic joining, Devanagari conjuncts
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]  # the licence and copyright stay with the font (SIL OFL)
    options.name_languages = ["*"]
    font = TTFont(str(path), recalcTimestamp=False, lazy=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(chars))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def site_fonts(pages: list[str], folder: Path, known: dict) -> tuple[dict[str, bytes], bytes]:
    """The font files and fonts.css for `pages` (their HTML). Each language's text is set in the family
    its PDF is printed in (font_plan), with the families of other scripts for what that one lacks (a clinic
    name in Arabic on an English page). `known`: the manifest's site table of the folder, whose font files
    are reused when their name (source and characters) matches."""
    cuts: dict[str, set[int]] = {}
    languages: dict[str, list[str]] = {}
    for lang, text in sorted(texts_by_language(pages).items()):
        locale = lang.replace("-", "_")
        key, codes, others = font_plan(locale, drawn_strings(locale, [(text, "site")]))
        cuts.setdefault(key, set()).update(codes)
        for other, chars in sorted(others.items()):
            cuts.setdefault(other, set()).update(chars)
        languages[lang] = [key, *sorted(others)]
    files: dict[str, bytes] = {}
    rules = []
    for key, chars in sorted(cuts.items()):
        chars = frozenset(chars | {0x20, 0xA0})
        paths = family_files(key, chars)
        for weight, path in zip(WEIGHTS, paths):
            name = hashlib.sha256(f"{sha256_file(path)} {sorted(chars)}".encode()).hexdigest()[:16]
            file = f"{FOLDER}/{key}-{weight}-{name}.woff2"
            data = None
            if isinstance(known.get(file), dict) and (folder / file).is_file():
                data = (folder / file).read_bytes()
                if hashlib.sha256(data).hexdigest() != known[file].get("sha256"):
                    data = None
            files[file] = data if data is not None else _subset(path, chars)
            rules.append(f'@font-face {{ font-family: "{_face_name(key)}"; src: url("{file}") format("woff2"); '
                         f"font-weight: {weight}; font-style: normal; font-display: swap; }}")
    for lang, keys in sorted(languages.items()):
        names = ", ".join(f'"{_face_name(key)}"' for key in keys)
        rules.append(f":lang({lang}) {{ font-family: {names}, sans-serif; }}")
    css = "/* Which language is set in which font (handout site: site/fonts.py). */\n" + "\n".join(rules) + "\n"
    return files, css.encode("utf-8")
