"""Fonts: which family draws a language, making its regular and bold faces usable, and coverage.

Families come from PyPI font packages (fontpkg). A variable font is instanced at its true regular (400) and
bold (700) weights with fontTools once, then cached on disk (the first build pays ~1-4 s, later ones
nothing). Before anything is drawn, every character is checked against the chosen font, because ReportLab
prints a missing glyph as an empty box without a word.
"""
from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from handout.errors import FontError

REGULAR, BOLD = 400, 700
# Characters the engine itself draws (bullets, separators), checked like content text.
ENGINE_CHARS = "•·–0123456789.,:;()[]"


@dataclass(frozen=True)
class Family:
    """A registered font family: ReportLab names for its faces and the characters both faces have."""

    key: str
    regular: str
    bold: str
    regular_path: Path
    bold_path: Path
    chars: frozenset[int]
    licence: str


@functools.lru_cache(maxsize=1)
def font_table() -> dict:
    with resources.files("handout").joinpath("data/fonts.yaml").open("r", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def script_of(locale: str) -> str:
    """The ISO 15924 script a locale is normally written in, from Babel's likely-subtags data.

    >>> script_of("ru"), script_of("en"), script_of("zh_Hans")
    ('Cyrl', 'Latn', 'Hans')
    """
    from babel.core import get_global, parse_locale

    language, territory, script, _ = parse_locale(locale.replace("-", "_"))[:4]
    if script:
        return script
    likely = get_global("likely_subtags")
    for key in (f"{language}_{territory}" if territory else language, language):
        if key in likely:
            return parse_locale(likely[key])[2] or "Latn"
    return "Latn"


def cache_dir() -> Path:
    base = os.environ.get("HANDOUT_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "handout")
    return Path(base) / "fonts"


def _instance(path: Path, weight: int) -> Path:
    """A static TTF of the variable font `path` at `weight`, made once and cached."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    target = cache_dir() / f"{path.stem.split('[')[0]}-{weight}-{digest}.ttf"
    if target.exists():
        return target
    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    font = TTFont(path)
    axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
    if "wght" in axes:
        axes["wght"] = weight
    static = instantiateVariableFont(font, axes, updateFontNames=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        static.save(fh)
    os.replace(tmp, target)
    return target


@functools.lru_cache(maxsize=None)
def load_family(key: str) -> Family:
    """Find, instance if needed, and register a family with ReportLab (once per process)."""
    import fontpkg
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    spec = font_table()["families"][key]
    try:
        regular = Path(fontpkg.path(spec["package"], weight=REGULAR))
        bold = Path(fontpkg.path(spec["package"], weight=BOLD))
    except Exception as exc:  # fontpkg raises its own errors when a package is missing
        raise FontError(f"font package for '{key}' is not installed ({exc}); "
                        f"reinstall the tool: pip install -e .") from None
    if regular == bold:  # one variable file serves every weight: make true static instances
        regular, bold = _instance(regular, REGULAR), _instance(bold, BOLD)
    names = (f"{key}-regular", f"{key}-bold")
    faces = [TTFont(names[0], str(regular)), TTFont(names[1], str(bold))]
    for face in faces:
        pdfmetrics.registerFont(face)
    pdfmetrics.registerFontFamily(key, normal=names[0], bold=names[1], italic=names[0], boldItalic=names[1])
    chars = frozenset(faces[0].face.charToGlyph) & frozenset(faces[1].face.charToGlyph)
    return Family(key=key, regular=names[0], bold=names[1], regular_path=regular, bold_path=bold,
                  chars=chars, licence=spec.get("licence", ""))


def choose_family(locale: str, strings: list[tuple[str, str]]) -> Family:
    """The first family for the locale's script that has every character of `strings`.

    `strings` are (text, origin) pairs; origin is "file:line" for messages. When no family covers the
    text, raise FontError for the first character missing from the preferred family.
    """
    script = script_of(locale)
    candidates = font_table()["scripts"].get(script)
    if not candidates:
        supported = ", ".join(sorted(font_table()["scripts"]))
        raise FontError(f"no font is configured for the {script} script of locale '{locale}' "
                        f"(supported scripts: {supported}); add one to handout/data/fonts.yaml")
    needed = set(ENGINE_CHARS)
    for text, _ in strings:
        needed.update(text)
    needed = {c for c in needed if not c.isspace()}
    for key in candidates:
        family = load_family(key)
        if all(ord(c) in family.chars for c in needed):
            return family
    family = load_family(candidates[0])
    for text, origin in strings:
        for char in text:
            if not char.isspace() and ord(char) not in family.chars:
                import unicodedata

                name = unicodedata.name(char, "unnamed character")
                raise FontError(f"character '{char}' (U+{ord(char):04X} {name}) is in no font for "
                                f"{script} text (tried: {', '.join(candidates)}); remove or replace it",
                                path=origin.rsplit(":", 1)[0] if ":" in origin else origin,
                                line=int(origin.rsplit(":", 1)[1]) if origin.rsplit(":", 1)[-1].isdigit() else None)
    raise FontError(f"no font covers the engine's own characters for {script}")  # pragma: no cover
