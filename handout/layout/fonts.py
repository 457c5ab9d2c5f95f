"""Fonts: which family draws a language, making its regular and bold faces usable, and coverage.

Families come from PyPI font packages (data/fonts.yaml). A variable font is instanced at its true regular
(400) and bold (700) weights with fontTools once, then cached on disk (the first build pays a few seconds,
later ones nothing); a very large font (Chinese) is first cut down to the characters the handout uses.
Before anything is drawn, every character is checked against the chosen font, because ReportLab prints a
missing glyph as an empty box without a word.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from handout import tempfiles
from handout.errors import FontError
from handout.source.yamlfile import safe_data

REGULAR, BOLD = 400, 700
# Characters the engine itself draws (bullets, separators, list numbers), checked like content text.
ENGINE_CHARS = "•·0123456789.,:;()[]"
# Always kept in a cut of a very large font: the engine's characters, spaces, and printable ASCII and
# Latin-1, so clinics whose names, addresses and phones are in Latin letters share one cut per handout
# instead of paying for a new one each (~8 s and ~170 MB of fontTools for Chinese).
_ALWAYS_IN_CUTS = frozenset(map(ord, ENGINE_CHARS + " \u00a0\u3000")) | frozenset(range(0x20, 0x7F)) | \
    frozenset(range(0xA1, 0x100))
# Invisible format characters (joiners, bidi marks) are never drawn, so never need a glyph.
_INVISIBLE = {"Cf", "Zs", "Zl", "Zp"}


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
    # Families for text in other scripts (an Arabic clinic name on an English page): (family, the
    # characters it draws, whether HarfBuzz shapes it, whether it is written right to left).
    fallbacks: tuple[tuple["Family", frozenset[int], bool, bool], ...] = ()

    def fallback_for(self, char: str):
        """The fallback entry that draws `char`, or None when this family draws it itself."""
        code = ord(char)
        for entry in self.fallbacks:  # first: Noto Sans has some Devanagari, but not to draw it unshaped
            if code in entry[1]:
                return entry
        return None


@dataclass(frozen=True)
class Script:
    """How a writing system is set: its font families, in order of preference, and layout options."""

    code: str
    families: tuple[str, ...]
    reshape: str | None = None  # "arabic": join letters into their contextual forms before drawing
    shaping: bool = False  # HarfBuzz shaping (Indic conjuncts and vowel signs)
    line_break: str | None = None  # "cjk": break between any characters, with punctuation rules
    leading: float = 1.0  # line spacing times the style's: scripts with tall stacks of marks need more


@functools.lru_cache(maxsize=1)
def font_table() -> dict:
    """data/fonts.yaml, with the user's own fonts file laid over it (see user_fonts_file)."""
    with resources.files("handout").joinpath("data/fonts.yaml").open("r", encoding="utf-8") as fh:
        table = safe_data(fh)
    user = user_fonts_file()
    if user is not None and user.is_file():
        table = _with_user_fonts(table, user)
    return table


def user_fonts_file() -> Path | None:
    """Where a user names fonts of their own, without editing the installed tool: the file that
    $HANDOUT_FONTS names, else fonts.yaml in the user's configuration folder (~/.config/handout)."""
    named = os.environ.get("HANDOUT_FONTS")
    if named:
        return Path(named).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(Path.home(), ".config")
    return Path(base) / "handout" / "fonts.yaml"


def _with_user_fonts(table: dict, path: Path) -> dict:
    """`table` with the families and scripts of the user's fonts file added (theirs win). A family there
    names a font file (`file:`, and `bold:` for a separate bold file), relative to the fonts file."""
    try:
        with path.open("r", encoding="utf-8") as fh:
            user = safe_data(fh) or {}
    except OSError as exc:
        raise FontError(f"cannot read the fonts file: {exc.strerror}", path=str(path)) from None
    if not isinstance(user, dict) or not set(user) <= {"families", "scripts", "aliases"}:
        raise FontError("a fonts file has the keys families: and scripts: (see docs/fonts.md)", path=str(path))
    families = dict(table["families"])
    for key, spec in (user.get("families") or {}).items():
        if not isinstance(spec, dict) or not (spec.get("file") or spec.get("fontpkg") or spec.get("module")):
            raise FontError(f"family '{key}' needs file: the path of a .ttf or .otf font file", path=str(path))
        spec = dict(spec)
        for face in ("file", "bold"):
            if spec.get(face) and not spec.get("module"):
                spec[face] = str((path.parent / Path(str(spec[face])).expanduser()).resolve())
        families[str(key)] = spec
    scripts = dict(table["scripts"])
    for code, spec in (user.get("scripts") or {}).items():
        if not isinstance(spec, dict) or not spec.get("families") or \
                any(f not in families for f in spec["families"]):
            raise FontError(f"script '{code}' needs families: a list of families defined in a fonts file",
                            path=str(path))
        scripts[str(code)] = spec
    return dict(table, families=families, scripts=scripts,
                aliases=dict(table.get("aliases") or {}, **(user.get("aliases") or {})))


def script_of(locale: str) -> str:
    """The ISO 15924 script a locale is normally written in, from Babel's likely-subtags data.

    >>> script_of("ru"), script_of("en"), script_of("zh_Hans"), script_of("fa")
    ('Cyrl', 'Latn', 'Hans', 'Arab')
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


def script_for(locale: str) -> Script:
    """The layout rules and families for a locale's script; FontError when none is configured."""
    code = script_of(locale)
    spec = font_table()["scripts"].get(code)
    if not spec:
        raise FontError(f"no font is configured for the {script_name(code)} script ({code}) of locale "
                        f"'{locale}'; name a font file for {code} in your own fonts file ({user_fonts_file()}, "
                        "or the file $HANDOUT_FONTS names): see docs/fonts.md")
    return Script(code=code, families=tuple(spec["families"]), reshape=spec.get("reshape"),
                  shaping=bool(spec.get("shaping")), line_break=spec.get("line_break"),
                  leading=float(spec.get("leading", 1.0)))


def script_name(code: str) -> str:
    """The English name of an ISO 15924 script code, from Babel's data ('Beng' -> 'Bangla')."""
    from babel import Locale

    return Locale("en").scripts.get(code, code)


def fonts_installed(locale: str) -> None:
    """Raise FontError when no font is configured for the locale's script or its font package is missing:
    what stops a language whatever its text (checked before a batch plans it, and by `handout check`)."""
    table = font_table()["families"]
    for key in script_for(locale).families:
        _source_files(key)
        if table[key].get("merge"):
            _source_files(table[key]["merge"])


def cache_dir() -> Path:
    base = os.environ.get("HANDOUT_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "handout")
    return Path(base) / "fonts"


def _save_atomic(target: Path, write) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tempfiles.write_atomic(target, write)


@functools.lru_cache(maxsize=None)
def _source_files(key: str) -> tuple[Path, Path]:
    """The regular and bold files of a family as installed (the same file for a variable font)."""
    spec = font_table()["families"][key]
    if "fontpkg" not in spec and "module" not in spec:  # a user's own font file
        paths = Path(spec["file"]), Path(spec.get("bold") or spec["file"])
        for path in paths:
            if not path.is_file():
                raise FontError(f"the font file of family '{key}' does not exist: {path}; correct the path "
                                f"in your fonts file ({user_fonts_file()})")
        return paths
    try:
        if "fontpkg" in spec:
            return _fontpkg_files(key, spec["fontpkg"])
        path = Path(str(resources.files(spec["module"]).joinpath(spec["file"])))
        if not path.is_file():
            raise FileNotFoundError(path)
        return path, path
    except Exception as exc:  # fontpkg and importlib raise assorted errors for a missing package
        raise FontError(f"the font package for '{key}' ({package_of(key)}) is not installed "
                        f"({type(exc).__name__}); install it: pip install {package_of(key)}") from None


def package_of(key: str) -> str:
    """The PyPI package a family comes from (for messages), or its file for a user's own font."""
    spec = font_table()["families"][key]
    if "fontpkg" in spec:
        return f"fontpkg-{spec['fontpkg']}"
    if "module" in spec:
        return spec["module"].replace("_", "-")
    return str(spec.get("file"))


@functools.lru_cache(maxsize=None)
def _digest(path: Path) -> str:
    stat = path.stat()
    return hashlib.sha256(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]


def _fontpkg_files(key: str, family: str) -> tuple[Path, Path]:
    """fontpkg's regular and bold files of `family`, remembered on disk: asking fontpkg means importing
    importlib.metadata and scanning every installed package (~80 ms), on every start. The answer is
    reused while both files and their folder are as they were (an upgrade changes the folder)."""
    memo = cache_dir() / f"{key}-files.json"
    try:
        known = json.loads(memo.read_text())
        paths = tuple(Path(p) for p in known["files"])
        if all(p.is_file() for p in paths) and known["folder"] == [str(os.stat(p.parent).st_mtime_ns) for p in paths]:
            return paths
    except (OSError, ValueError, KeyError, TypeError):
        pass
    import fontpkg

    paths = Path(fontpkg.path(family, weight=REGULAR)), Path(fontpkg.path(family, weight=BOLD))
    record = {"files": [str(p) for p in paths], "folder": [str(os.stat(p.parent).st_mtime_ns) for p in paths]}
    try:
        _save_atomic(memo, lambda fh: fh.write(json.dumps(record).encode()))
    except OSError:
        pass  # a read-only cache only costs time
    return paths


@functools.lru_cache(maxsize=None)
def fingerprint(locale: str) -> str:
    """A digest of what decides the fonts of `locale`: its script's entry in fonts.yaml, the entries of its
    families and their installed files (path, size, time stamp), so upgrading a font package changes it."""
    script = script_for(locale)
    table = font_table()
    parts = [json.dumps(table["scripts"][script.code], sort_keys=True)]
    keys = list(script.families)
    keys += [table["families"][key]["merge"] for key in script.families if table["families"][key].get("merge")]
    for key in keys:
        parts.append(json.dumps(table["families"][key], sort_keys=True))
        parts.extend(_digest(path) for path in dict.fromkeys(_source_files(key)))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@functools.lru_cache(maxsize=None)
def family_chars(key: str) -> frozenset[int]:
    """Characters a family can draw (in both weights), read once and cached on disk for big fonts."""
    regular, bold = _source_files(key)
    target = cache_dir() / f"{key}-{_digest(regular)}-cmap.json"
    if target.exists():
        return frozenset(json.loads(target.read_text()))
    from fontTools.ttLib import TTFont

    chars = set(TTFont(regular, lazy=True).getBestCmap())
    if bold != regular:
        chars &= set(TTFont(bold, lazy=True).getBestCmap())
    merge = font_table()["families"][key].get("merge")
    if merge:
        chars |= family_chars(merge) & _MERGED_IN
    _save_atomic(target, lambda fh: fh.write(json.dumps(sorted(chars)).encode()))
    return frozenset(chars)


# What `merge:` takes from the other family: printable ASCII, Latin-1, Latin Extended-A (names and
# addresses in most Latin-script languages), general punctuation and currency signs.
_MERGED_IN = frozenset(range(0x20, 0x7F)) | frozenset(range(0xA0, 0x250)) | frozenset(range(0x2000, 0x20D0))


def _merged(key: str, path: Path, weight: int, other: str) -> Path:
    """`path` (a static face of family `key`) with the Latin letters, digits and punctuation of family
    `other` at `weight` added, cached: Noto publishes its script fonts without Latin, and a handout in any
    script prints Latin clinic names, doses and references. The shaping rules of both are kept."""
    regular, bold = _source_files(other)
    source = regular if weight == REGULAR else bold
    tag = hashlib.sha256(f"{_digest(path)}:{_digest(source)}".encode()).hexdigest()[:16]
    target = cache_dir() / f"{key}-{weight}-{tag}-merged-v3.ttf"
    if target.exists():
        return target
    from fontTools.merge import Merger

    latin = _static(other, source, weight, family_chars(other) & _MERGED_IN)
    # The script font's own Latin punctuation and digits give way to the Latin font's, so that Latin
    # text (addresses, references) is drawn in one design; its script letters and marks are untouched.
    from fontTools.ttLib import TTFont

    import io

    own = TTFont(path, recalcTimestamp=False)
    for table in own["cmap"].tables:
        table.cmap = {code: glyph for code, glyph in table.cmap.items()
                      if code not in _MERGED_IN or code in (0x20, 0xA0)}
    trimmed = io.BytesIO()  # in memory: a file shared in the cache would race with another worker's
    own.save(trimmed)
    trimmed.seek(0)
    merged = Merger().merge([trimmed, str(latin)])
    merged.recalcTimestamp = False  # the font's own time stamps, not the merge's (see _unhinted)
    merged["head"].created, merged["head"].modified = own["head"].created, own["head"].modified
    _save_atomic(target, merged.save)
    return target


def _static(key: str, path: Path, weight: int, chars: frozenset[int] | None) -> Path:
    """A static TTF of the variable font `path` at `weight` (cut to `chars` if given), cached."""
    tag = _digest(path)
    subset_tag = ""
    if chars is not None:
        subset_tag = hashlib.sha256(",".join(map(str, sorted(chars))).encode()).hexdigest()[:12]
        tag += "-" + subset_tag
    target = cache_dir() / f"{key}-{weight}-{tag}-v3.ttf"
    if target.exists():
        return target
    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    font = TTFont(path, recalcTimestamp=False)  # see _unhinted
    if chars is not None:
        from fontTools import subset

        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(chars))
        subsetter.subset(font)
    if "fvar" in font:
        axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
        if "wght" in axes:
            axes["wght"] = weight
        font = instantiateVariableFont(font, axes, updateFontNames=True)
    if subset_tag:  # ReportLab treats fonts with one PostScript name as one font: give each cut its own
        names = font["name"]
        postscript = names.getDebugName(6) or key
        for record in names.names:
            if record.nameID == 6:
                record.string = f"{postscript}-{subset_tag}"[:63]
    _save_atomic(target, font.save)
    return target


# Kept in a subset font's name table: family, style, unique id, full name, version, PostScript name,
# copyright (0) and the licence (13, 14). The rest (designer, vendor, sample text...) only adds bytes.
_NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 13, 14)


def _plain_zero(font, donor_key: str, weight: int) -> None:
    """Give `font` the zero of family `donor_key` at `weight`, scaled to the font's own zero and centred in
    its width: Atkinson Hyperlegible's slashed zero reads as "Ø" in doses and dates ("0.5 mg", "2026"),
    and it has no unslashed alternate. Its tabular zero (zero.tf) gets the same outline."""
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont

    donor_regular, donor_bold = _source_files(donor_key)
    donor_path = donor_bold if weight >= BOLD else donor_regular
    if donor_regular == donor_bold:  # a variable font: its instance at this weight
        donor_path = _static(donor_key, donor_path, weight, frozenset({0x30}))
    donor = TTFont(donor_path, recalcTimestamp=False)
    name = donor.getBestCmap()[0x30]
    shape = donor["glyf"][name]
    glyf, hmtx = font["glyf"], font["hmtx"]
    for own in ("zero", "zero.tf"):
        if own not in glyf.glyphs:
            continue
        old = glyf[own]
        scale = (old.yMax - old.yMin) / (shape.yMax - shape.yMin)
        advance = hmtx[own][0]
        dx = (advance - (shape.xMax - shape.xMin) * scale) / 2 - shape.xMin * scale
        dy = old.yMin - shape.yMin * scale
        pen = TTGlyphPen(None)
        donor.getGlyphSet()[name].draw(TransformPen(pen, (scale, 0, 0, scale, dx, dy)))
        glyph = pen.glyph()
        glyph.recalcBounds(glyf)
        glyf[own] = glyph
        hmtx[own] = (advance, glyph.xMin)


def _unhinted(key: str, path: Path, weight: int = 400) -> Path:
    """`path` without TrueType hinting and with a short name table, cached on disk.

    Hints (glyph programs, fpgm, prep, cvt) steer screen rasterisers at small pixel sizes; printers and
    PDF viewers at reading sizes do without them, and they were about a third of each embedded subset
    (the English handout: 41 KB with them, see bench/run.py for the size now).

    The file keeps the font's own time stamps (head.created and head.modified, which ReportLab embeds):
    fontTools would stamp the time the cache was filled, so a PDF's bytes depended on when and by which
    process the cache was made (a first batch's two workers each made their own)."""
    zero = font_table()["families"].get(key, {}).get("zero_from")
    target = cache_dir() / f"{key}-{path.stem}-{_digest(path)}-unhinted-v2{'z' + zero.replace('-', '') if zero else ''}.ttf"
    if target.exists():
        return target
    from fontTools.ttLib import TTFont

    font = TTFont(path, recalcTimestamp=False)
    for tag in ("fpgm", "prep", "cvt ", "cvar", "hdmx", "VDMX", "LTSH", "DSIG"):
        if tag in font:
            del font[tag]
    if "glyf" in font:
        glyf = font["glyf"]
        for name in font.getGlyphOrder():
            glyf[name].removeHinting()
        maxp = font["maxp"]
        for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                      "maxStackElements", "maxSizeOfInstructions"):
            setattr(maxp, field, 1 if field == "maxZones" else 0)
    if zero:
        _plain_zero(font, zero, weight)
    names = font["name"]
    names.names = [n for n in names.names if n.nameID in _NAME_IDS and n.platformID == 3] or names.names
    _save_atomic(target, font.save)
    return target


def _narrow_no_break_space(face) -> None:
    """Let a font without U+202F NARROW NO-BREAK SPACE draw it with its no-break space. Right-to-left text
    separates the groups of a phone number with it: it keeps them together, and text extraction's bidi
    algorithm (pdfium, screen readers) reads it as a number separator, so the number comes out in its
    order, where a space between digit groups would let it read the groups backwards."""
    if 0x202F not in face.charToGlyph and 0xA0 in face.charToGlyph:
        face.charToGlyph[0x202F] = face.charToGlyph[0xA0]
        face.charWidths[0x202F] = face.charWidths[0xA0]


@functools.lru_cache(maxsize=None)
def family_files(key: str, chars: frozenset[int] | None = None) -> tuple[Path, Path]:
    """The regular and bold font files a family is drawn with: static instances of a variable font, cut to
    `chars` for families marked `subset: true`, with the Latin of `merge`, unhinted (cached on disk). The
    PDF registers them (load_family); the web edition serves cuts of them (site/fonts.py)."""
    spec = font_table()["families"][key]
    regular, bold = _source_files(key)
    subset_to = None
    if spec.get("subset") and chars:  # spaces are not "drawn" but still need their glyphs and widths
        subset_to = frozenset(chars) | _ALWAYS_IN_CUTS
    if regular == bold or subset_to is not None:  # one variable file: make true static instances
        regular, bold = _static(key, regular, REGULAR, subset_to), _static(key, bold, BOLD, subset_to)
    if spec.get("merge"):
        regular, bold = _merged(key, regular, REGULAR, spec["merge"]), _merged(key, bold, BOLD, spec["merge"])
    return _unhinted(key, regular, REGULAR), _unhinted(key, bold, BOLD)


def load_family(key: str, chars: frozenset[int] | None = None) -> Family:
    """Make a family's faces and register them with ReportLab (once per process and character set).

    `chars` matters only for families marked `subset: true`: the faces then hold just those characters.
    """
    from reportlab.pdfbase import pdfmetrics

    spec = font_table()["families"][key]
    regular, bold = family_files(key, chars)
    suffix = "" if not (spec.get("subset") and chars) else "-" + regular.stem.split("-")[-5]  # the cut's tag (_static)
    names = (f"{key}{suffix}-regular", f"{key}{suffix}-bold")
    faces = [_shaping_ttfont()(names[0], str(regular)), _shaping_ttfont()(names[1], str(bold))]
    for face in faces:
        _narrow_no_break_space(face.face)
        pdfmetrics.registerFont(face)
    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[0],
                                  boldItalic=names[1])
    covered = frozenset(faces[0].face.charToGlyph) & frozenset(faces[1].face.charToGlyph)
    return Family(key=key, regular=names[0], bold=names[1], regular_path=regular, bold_path=bold,
                  chars=covered, licence=spec.get("licence", ""))


@functools.lru_cache(maxsize=8192)  # every paragraph of every handout goes through here
def drawable(text: str, chars: frozenset[int], keep: frozenset[str] = frozenset()) -> str:
    """`text` as a font with `chars` can draw it: invisible format characters it lacks (bidi marks, joiners,
    zero-width spaces) are left out and spaces it lacks become ordinary spaces, where ReportLab would
    otherwise print an empty box. Everything else was checked by `covering_family` before layout. `keep`
    names characters to leave in for a later step (the bidi controls that textflow reads, then hides).

    >>> drawable("a\u200bb\u2003c", frozenset(map(ord, "abc ")))
    'ab c'
    """
    if all(ord(c) in chars for c in text):
        return text
    out = []
    for c in text:
        if ord(c) not in chars and c not in keep and unicodedata.category(c) in _INVISIBLE:
            c = "" if unicodedata.category(c) == "Cf" else " "
        out.append(c)
    return "".join(out)


def private_codes(face) -> dict[int, int]:
    """A private-use code for every glyph of `face` that no character maps to (those only shaping reaches),
    in glyph order from U+E000, skipping codes the font itself maps: a function of the font alone."""
    mapped = set(face.glyphToChar)
    free = (code for code in range(0xE000, 0xF900) if code not in face.charToGlyph)
    return dict(zip((gid for gid in range(face.numGlyphs) if gid not in mapped), free))


@functools.lru_cache(maxsize=1)
def _shaping_ttfont():
    """ReportLab's TTFont, with two changes for glyphs that only shaping reaches (a Devanagari conjunct: no
    Unicode value, so ReportLab gives it a private-use code, which the PDF's text and ToUnicode map carry):

    - the code is the glyph's own (`private_codes`), where ReportLab hands out the next free code in the
      order the process first shaped them, so a PDF's bytes depended on what the process built before (a
      bilingual edition, another handout on the front-desk page);
    - its width comes from the font, not from wherever HarfBuzz first positioned it. ReportLab stored that
      positioned advance as the glyph's width, so the PDF's /Widths disagreed with the embedded font
      (PDF/UA-1 rule 7.21.5-1); the positioning itself is still written as the shaped text's adjustments,
      so nothing moves on the page."""
    from reportlab.pdfbase.ttfonts import ShapedStr, TTFont, TTFontFace

    from handout.layout import glyphtext

    glyphtext.install()

    class ShapingTTFont(TTFont):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if type(self.face) is TTFontFace:
                self.face.__class__ = _remembering_face()

        def hbFont(self, fontSize=10):
            font = super().hbFont(fontSize)
            self.hbAddPrivate = lambda name, gid, advance: self._add_private(font, gid)
            return font

        def splitString(self, text, doc, encoding="utf-8"):  # joiners kept in the copied text (glyphtext)
            if not isinstance(text, ShapedStr):
                text = glyphtext.with_joiners(self.face, text)
            return super().splitString(text, doc, encoding)

        def addObjects(self, doc):  # ToUnicode maps that give each glyph its text (glyphtext)
            state = self.state.get(doc)
            subsets = [list(subset) for subset in state.subsets] if state else []
            super().addObjects(doc)
            glyphtext.add_to_unicode(doc, self, subsets)

        def _add_private(self, font, gid: int) -> int:
            face = self.face
            codes = self.__dict__.get("_private_codes")
            if codes is None:
                codes = self._private_codes = private_codes(face)
            code = codes.get(gid)
            if code is None:
                raise FontError(f"the font {self.fontName} has more glyphs without a character than the "
                                "private-use area can number; choose another font in data/fonts.yaml")
            if face.charToGlyph.get(code) != gid:
                face.charToGlyph[code] = gid
                face.glyphToChar.setdefault(gid, []).append(code)
                face.charWidths[code] = self.pdfScale(font.get_glyph_h_advance(gid))
            return code

    return ShapingTTFont


@functools.lru_cache(maxsize=1)
def _remembering_face():
    """ReportLab's font face, but the subset font file it embeds in each PDF is made and compressed once per
    set of glyphs and remembered: a batch embeds the same cuts again and again (every site of a roster uses
    the same glyphs of a language, unless its clinic name brings new ones), and making and compressing
    them was a tenth of a Chinese handout. The file's bytes are what ReportLab would write."""
    import zlib

    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import TTFontFace

    from handout.layout.layoutcache import Memo

    class RememberedFlate:
        """ReportLab's Flate stream filter (the same bytes), remembering the last files it compressed."""

        pdfname = pdfdoc.PDFZCompress.pdfname
        known = Memo(128)

        def encode(self, data: bytes) -> bytes:
            return self.known.get(data, lambda: zlib.compress(data))

        def decode(self, encoded: bytes) -> bytes:
            return zlib.decompress(encoded)

    flate = RememberedFlate()

    class RememberingFace(TTFontFace):
        def makeSubset(self, subset):
            cuts = self.__dict__.get("_cuts")
            if cuts is None:
                cuts = self._cuts = Memo(64)
            return cuts.get(tuple(subset), lambda: super(RememberingFace, self).makeSubset(subset))

        def addSubsetObjects(self, doc, fontname, subset):
            descriptor = super().addSubsetObjects(doc, fontname, subset)
            stream = doc.idToObject.get(f"fontFile:{self.filename}({fontname})")
            if stream is not None and stream.filters == [pdfdoc.PDFZCompress]:
                stream.filters = [flate]
            return descriptor

    return RememberingFace


@functools.lru_cache(maxsize=8192)  # the same strings come back for every edition, paper and clinic
def drawn_chars(text: str) -> frozenset[str]:
    """The characters of `text` that need a glyph (not spaces, joiners or bidi marks)."""
    return frozenset(c for c in set(text) if unicodedata.category(c) not in _INVISIBLE and c not in "\n\t")


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in text)


def drawn_strings(locale: str, strings: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The strings as they will be drawn: Arabic letters joined into their contextual forms too (in any
    handout: an Arabic clinic name on an English page is joined as well)."""
    every = bool(script_for(locale).reshape)
    joined = [(text, origin) for text, origin in strings if every or _has_arabic(text)]
    if joined:
        from handout.layout.textflow import reshape  # imported here: it brings in ReportLab

        return strings + [(reshape(text), origin) for text, origin in joined]
    return strings


@functools.lru_cache(maxsize=4096)
def char_scripts(char: str) -> tuple[str, ...]:
    """The fonts.yaml scripts whose fonts may draw `char`, in order: its Unicode script (fontTools' data),
    or for a sign several scripts share, each of them (the Arabic comma: Arabic, Syriac...), through
    `aliases:` (Han characters: Chinese, then Japanese and Korean; kana: Japanese; Hangul: Korean)."""
    from fontTools import unicodedata as ucd

    codes = [ucd.script(char)]
    if codes[0] in ("Zyyy", "Zinh"):  # punctuation or a mark used by some scripts only (the Arabic comma)
        codes = sorted(ucd.script_extension(char) - {"Zyyy", "Zinh"}) or codes
    aliases = font_table().get("aliases") or {}
    out: list[str] = []
    for code in codes:
        alias = aliases.get(code, code)
        out.extend(a for a in (alias if isinstance(alias, list) else [alias]) if a not in out)
    return tuple(out)


def _likely_shared(code: int) -> bool:
    """Latin letters, combining marks, punctuation and symbols: characters that are never another script's
    text (a quick test, so that an English handout never looks up Unicode's script data)."""
    return code < 0x370 or 0x1E00 <= code < 0x1F00 or 0x2000 <= code < 0x2C00 or 0xFB00 <= code < 0xFB07


def _foreign(codes: frozenset[int], own: str) -> frozenset[int]:
    """The characters of `codes` that belong to another script than `own` (and than Latin and the signs
    all scripts share)."""
    if all(_likely_shared(code) for code in codes):
        return frozenset()
    return frozenset(c for c in codes if not _likely_shared(c) and not {own, "Latn"} & set(char_scripts(chr(c))))


def _belongs(key: str, code: int) -> bool:
    """Whether family `key` is one of the fonts fonts.yaml gives the script of `code`: a font that happens
    to have a few letters of another script (Noto Sans has Devanagari) does not draw them unshaped."""
    scripts = font_table()["scripts"]
    configured = [name for name in char_scripts(chr(code)) if name in scripts]
    if not configured:  # a script with no font of its own here: whichever font has it draws it
        return True
    return any(key in scripts[name]["families"] for name in configured)


def fallback_family(char: str) -> str | None:
    """The first family of `char`'s own script that has it (None: no font of the tool draws it)."""
    for code in char_scripts(char):
        spec = font_table()["scripts"].get(code)
        for key in (spec or {}).get("families", ()):
            if ord(char) in family_chars(key):
                return key
    return None


def covering_family(locale: str, strings: list[tuple[str, str]]) -> tuple[str, frozenset[int]]:
    """The key of the family that draws the locale's text, and the characters it draws; nothing is
    loaded. Raises FontError naming the first character no font has (see font_plan)."""
    key, codes, _ = font_plan(locale, strings)
    return key, codes


def font_plan(locale: str, strings: list[tuple[str, str]],
              fallback: bool = True) -> tuple[str, frozenset[int], dict[str, frozenset[int]]]:
    """(the family for the locale's script, the characters it draws, {fallback family: characters}).

    The family is the first of the locale's script that has every character of `strings`. Characters
    of another script that it lacks (an Arabic or Chinese clinic name on an English page) are drawn by a
    family of their own script (fallbacks). Raises FontError naming the first character that no font has,
    or a character of the locale's own script that the chosen family lacks.

    `strings` are (text, origin) pairs, as drawn (after any reshaping); origin is "file:line".
    `fallback`: False to ask for one family that draws everything (no fallbacks).
    """
    script = script_for(locale)
    needed: set[str] = set(ENGINE_CHARS)
    for text, _ in strings:
        needed |= drawn_chars(text)
    codes = frozenset(map(ord, needed))
    foreign = _foreign(codes, script.code)
    plain = codes - foreign
    have = {key: family_chars(key) for key in script.families}
    for key in script.families:
        if codes <= have[key] and all(_belongs(key, code) for code in foreign):
            return key, codes, {}
    # The first family that draws the handout's own script, shared signs and (on a Latin page) all its
    # Latin text; text of other scripts, and Latin text on a page in another script, may come from the
    # fonts of their own scripts.
    own = frozenset(c for c in plain if script.code in char_scripts(chr(c)))
    best = next((key for key in script.families if plain <= have[key]), None)
    if best is None and fallback:
        best = next((key for key in script.families if own <= have[key]), None)
    if best is None:
        best = max(script.families, key=lambda k: len(codes & have[k]))  # report against the closest font
    fallbacks: dict[str, set[int]] = {}
    for code in sorted(codes):
        if code in have[best] and (code not in foreign or _belongs(best, code)):
            continue
        char = chr(code)
        other = None if script.code in char_scripts(char) else fallback_family(char)
        if other is None or not fallback:
            break
        fallbacks.setdefault(other, set()).add(code)
    else:
        drawn = frozenset(codes - frozenset().union(*fallbacks.values()))
        return best, drawn, {key: frozenset(chars) for key, chars in fallbacks.items()}
    for text, origin in strings:
        for char in text:
            if char not in needed or ord(char) in have[best] or \
                    any(ord(char) in chars for chars in fallbacks.values()):
                continue
            path, _, line = origin.rpartition(":")
            where = dict(path=path if line.isdigit() else origin, line=int(line) if line.isdigit() else None)
            others = [k for k in script.families if ord(char) in have[k]]
            if others:  # each character has a font, but no one font has them all
                raise FontError(f"character {show_char(char)} is only in the font {others[0]}, and other "
                                f"characters only in {best}; no one font draws all of this {script.code} "
                                "text: replace one of them", **where)
            rest = [k for k in script.families if k != best]
            raise FontError(f"character {show_char(char)} is not in the font {best} (nor in "
                            f"{', '.join(rest) or 'any other font'} for {script.code} text); remove or replace it",
                            **where)
    missing = "".join(sorted(c for c in needed if ord(c) not in have[best]))
    raise FontError(f"the font {best} lacks characters the engine draws: {missing}")


def show_char(char: str) -> str:
    """A character for a message: quoted when it prints, always with its code point and name, so
    that an invisible or control character never reaches the terminal raw.

    >>> show_char("é"), show_char("\\x07")
    ("'é' (U+00E9 LATIN SMALL LETTER E WITH ACUTE)", 'U+0007 (a control or format character)')
    """
    category = unicodedata.category(char)
    name = unicodedata.name(char, "")
    if category[0] in "LNPS":
        return f"'{char}' (U+{ord(char):04X} {name or 'unnamed character'})"
    kind = {"C": "a control or format character", "Z": "a space or separator", "M": "a combining mark"}[category[0]]
    return f"U+{ord(char):04X} ({name or kind})"


def choose_family(locale: str, strings: list[tuple[str, str]], fallback: bool = True) -> Family:
    """The family that will draw `strings` in `locale`, loaded and registered, with the fallback families
    for characters of other scripts (see font_plan)."""
    import dataclasses

    key, codes, others = font_plan(locale, strings, fallback)
    family = _load(key, codes)
    if not others:
        return family
    entries = []
    for other, chars in others.items():
        loaded = _load(other, chars)
        sample = chr(min(chars))
        scripts = font_table()["scripts"]
        spec = next((scripts[name] for name in char_scripts(sample)
                     if name in scripts and other in scripts[name]["families"]), {})
        rtl = unicodedata.bidirectional(sample) in ("R", "AL")
        entries.append((loaded, chars & loaded.chars, bool(spec.get("shaping")), rtl))
    return dataclasses.replace(family, fallbacks=tuple(entries))


def _load(key: str, codes: frozenset[int]) -> Family:
    return load_family(key, codes if font_table()["families"][key].get("subset") else None)
