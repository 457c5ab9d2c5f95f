"""Text that copies out as written: what each drawn glyph stands for, in the PDF's ToUnicode maps.

A PDF viewer gets a page's text back from its glyphs: each glyph's code is looked up in its font's
ToUnicode map. ReportLab maps a code to the one character the font's cmap gives the glyph, which is wrong
wherever glyphs and characters are not one to one:

* a **shaped run** (HarfBuzz: Devanagari and other Indic scripts) draws a vowel sign before the consonant
  it follows in the text, joins consonants into conjuncts and uses glyph variants that no character maps
  to (ReportLab gives those a private-use code, which every extractor drops): "इरिटेबल" came out "इरटेबल";
* **Arabic presentation forms** (the joined letter shapes arabic-reshaper draws) copied out as
  presentation-form code points, which no search for the word as written finds.

Here every glyph of a shaped run gets the text of its HarfBuzz cluster, in the order of the text (the
cluster's characters shared out over its glyphs, the last glyph taking what is left), under a code of its
own when that text is not the glyph's usual character (so one glyph can stand for different text in
different words, as Typst's krilla does); and a presentation form maps to its letters. The page does not
change: the same glyphs are drawn at the same places, only their codes and the ToUnicode map differ.

This is generic at the level of "a run of glyphs produced from this text": `copyable_word` takes any
word ReportLab shaped (its fragments before and after shaping), whatever the script. The ReportLab
internals this touches are here and in fonts.ShapingTTFont (which calls `add_to_unicode`).
"""
from __future__ import annotations

import functools
import unicodedata

# Codes this module gives (glyph, text) pairs: the Supplementary Private Use Area-A, which neither the
# fonts nor ReportLab (0xE000 and up) use.
FIRST_CODE = 0xF0000
# The text of a glyph beyond its cluster's characters: every code needs one (PDF/UA-1, 7.21.7), and a
# zero-width space adds nothing visible to copied text; pdf.js leaves it out, and the word's /ActualText
# span gives poppler, PDFium and mupdf the word without it.
BEYOND = "\u200b"
_REPORTLAB_PRIVATE = (0xE000, 0xF8FF)  # the codes ReportLab gives glyphs that no character maps to
# Presentation forms: Latin and Armenian ligatures, Hebrew, Arabic (A and B). They copy out as their letters.
_PRESENTATION = ((0xFB00, 0xFB4F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


# Joiners: drawn as the font's empty zero-width glyphs, their text given to the glyph after them.
JOINERS = frozenset({"\u200c", "\u200d"})


@functools.lru_cache(maxsize=256)
def drawn_joiners(font_name: str) -> frozenset[str]:
    """The joiners the font `font_name` draws as empty glyphs with no advance (none: leave them out)."""
    from reportlab.pdfbase import pdfmetrics

    face = getattr(pdfmetrics.getFont(font_name), "face", None)
    if face is None or not hasattr(face, "charToGlyph"):
        return frozenset()
    return frozenset(j for j in JOINERS if ord(j) in face.charToGlyph and not face.charWidths.get(ord(j)))


def with_joiners(face, text: str) -> str:
    """`text` (not shaped) as it is to be written: each joiner folded into the code of the glyph drawn after
    it, whose text then starts with the joiner. Extractors drop a glyph that copies out as a joiner alone
    (pdf.js) or as text ending in one, so the joiner goes first; a right-to-left line, reversed into
    reading order by the extractor, then has it after the letter before it, where it was written."""
    if not any(j in text for j in JOINERS) or not hasattr(face, "charToGlyph"):
        return text
    out, pending = [], ""
    for char in text:
        if char in JOINERS:
            pending += char
            continue
        if pending and ord(char) in face.charToGlyph and char != " ":
            char = chr(glyph_code(face, ord(char), pending + text_of(face, ord(char))))
        elif pending:
            out.append(pending)
        pending = ""
        out.append(char)
    return "".join(out) + pending


def _presentation(code: int) -> bool:
    return any(lo <= code <= hi for lo, hi in _PRESENTATION)


def _texts(face) -> dict[int, str]:
    """The text of each code this module gave the font face `face`."""
    return face.__dict__.setdefault("_copy_texts", {})


def glyph_code(face, code: int, text: str) -> int:
    """A code of `face` that draws the glyph ReportLab drew with `code` and copies out as `text`: `code`
    itself when it already does, else a code of its own for this glyph and text (few codes: ReportLab's
    font subsets hold 256, and a word drawn from two subsets comes out of PDFium with a space where the
    font changes). A code ReportLab made up for a glyph no character maps to is never given the text of
    the first word the process met it in: which words then needed a code of their own (and an
    /ActualText span) would depend on what the process built before, and so would the PDF's bytes. The
    number of a code of its own never reaches the PDF (ReportLab numbers the glyphs of each document in
    the order they are drawn), so numbering them in the order they are asked for is harmless."""
    have = text_of(face, code)
    if not text:  # a glyph beyond its cluster's characters (ई drawn as इ and a mark)
        text = BEYOND
    if have == text or unicodedata.normalize("NFC", have) == unicodedata.normalize("NFC", text):
        return code
    texts = _texts(face)
    gid = face.charToGlyph[code]
    codes = face.__dict__.setdefault("_copy_codes", {})
    new = codes.get((gid, text))
    if new is None:
        new = codes[(gid, text)] = FIRST_CODE + len(codes)
        face.charToGlyph[new] = gid
        face.charWidths[new] = face.charWidths[code]
        texts[new] = text
    return new


def carrier(face) -> int | None:
    """The code of an empty glyph with no advance (the font's zero-width space or joiner), or None."""
    if "_copy_carrier" not in face.__dict__:
        face._copy_carrier = next((c for c in (0x200B, 0x200D, 0x200C, 0x2060, 0xFEFF)
                                   if c in face.charToGlyph and not face.charWidths.get(c)), None)
    return face._copy_carrier


def text_of(face, code: int) -> str:
    """What the glyph drawn with `code` in `face` copies out as."""
    text = _texts(face).get(code)
    if text is not None:
        return text
    if _presentation(code):
        return _letters(code)
    return chr(code)


@functools.lru_cache(maxsize=None)
def _letters(code: int) -> str:
    """A presentation form's letters (NFKC), never the form itself. A ligature of right-to-left letters
    (lam-alef) is given in drawing order, right to left turned left to right, because extractors put a
    right-to-left line into reading order by reversing its characters, ligatures' included."""
    letters = unicodedata.normalize("NFKC", chr(code)).strip()
    if not letters or letters == chr(code):
        return chr(code)
    if len(letters) > 1 and unicodedata.bidirectional(letters[0]) in ("R", "AL"):
        letters = letters[::-1]
    return letters


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def to_unicode_cmap(name: str, face, subset: list[int]) -> str | None:
    """The ToUnicode CMap of one font subset (code i draws subset[i]), or None when ReportLab's own
    (each code to its character) is already right."""
    texts = [text_of(face, code) for code in subset]
    if all(text == chr(code) for text, code in zip(texts, subset)):
        return None
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
             f"<< /Registry ({name})", f"/Ordering ({name})", "/Supplement 0", ">> def", f"/CMapName /{name} def",
             "/CMapType 2 def", "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange"]
    entries = [f"<{i:02X}> <{_utf16(text)}>" for i, text in enumerate(texts) if text]
    for start in range(0, len(entries), 100):  # at most 100 mappings a block (PDF 1.7, 9.10.3)
        block = entries[start:start + 100]
        lines += [f"{len(block)} beginbfchar", *block, "endbfchar"]
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def add_to_unicode(doc, font, subsets: list[list[int]]) -> None:
    """After ReportLab's TTFont.addObjects: give each subset of `font` written to `doc` the ToUnicode map
    of `to_unicode_cmap` where ReportLab's differs."""
    from reportlab.pdfbase.ttfonts import SUBSETN

    face = font.face
    for n, subset in enumerate(subsets):
        name = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
        cmap = to_unicode_cmap(name, face, subset)
        stream = doc.idToObject.get("toUnicodeCMap:" + name)
        if cmap is not None and stream is not None:
            stream.content = cmap


def copyable_word(before, after):
    """A word ReportLab shaped (`after`, a ShapedFragWord: [width, (frag, ShapedStr)...]) drawn with the same
    glyphs but codes that copy out as the text it was shaped from (`before`: [width, (frag, str)...])."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import ShapedStr

    if after is before or not isinstance(after, list) or len(after) < 2:
        return after
    text = "".join(s for f, s in before[1:] if not hasattr(f, "cbDefn"))
    pieces = [(i, item) for i, item in enumerate(after) if i and isinstance(item[1], ShapedStr)
              and getattr(item[1], "__shapeData__", None)]
    glyphs = [(i, j, sd.cluster) for i, item in pieces for j, sd in enumerate(item[1].__shapeData__)]
    if not glyphs or any(c < 0 or c >= len(text) for _, _, c in glyphs):
        return after
    starts = sorted({c for _, _, c in glyphs})
    ends = dict(zip(starts, starts[1:] + [len(text)]))
    # Groups of neighbouring clusters with at least as many characters as glyphs: HarfBuzz may put a
    # vowel's first part in the consonant's cluster (Bengali কো: [ে-part, ক] and [া-part]), so a cluster
    # can have more glyphs than characters while its neighbour has fewer. A vowel drawn in parts also
    # counts its canonical parts (ো is ে and া). Only a group still short of characters at the word's end
    # leaves glyphs standing for nothing (BEYOND).
    groups: list[tuple[list[tuple[int, int]], str]] = []
    places: list[tuple[int, int]] = []
    first = None
    for n, (i, j, c) in enumerate(glyphs):
        first = c if first is None else first
        places.append((i, j))
        last_of_cluster = n + 1 == len(glyphs) or glyphs[n + 1][2] != c
        if not last_of_cluster:
            continue
        chars = text[first:ends[c]]
        if len(places) > len(chars):
            chars = unicodedata.normalize("NFD", chars)
        if len(places) <= len(chars) or n + 1 == len(glyphs):
            groups.append((places, chars))
            places, first = [], None
    advance = {(i, j): after[i][1].__shapeData__[j].x_advance for i, j, _ in glyphs}
    wanted: dict[tuple[int, int], str] = {}
    for where, chars in groups:
        # with too few characters, the glyphs without an advance (marks) go without, the last first: pdf.js
        # leaves out a glyph that stands for nothing, and a glyph with an advance would leave a gap
        spare = len(where) - len(chars)
        empty = set()
        for place in sorted(where, key=lambda p: (bool(advance[p]), -where.index(p))):
            if len(empty) >= spare:
                break
            empty.add(place)
        takers = [place for place in where if place not in empty]
        for place in empty:
            wanted[place] = ""
        for k, place in enumerate(takers):
            wanted[place] = chars[k:] if k == len(takers) - 1 else chars[k:k + 1]
    # A glyph must not copy out as text ending in a format character (a joiner): pdf.js leaves such a glyph
    # out, text and all. The joiner goes to the start of the next glyph's text.
    order = [(i, j) for i, j, _ in glyphs]
    for here, after_it in zip(order, order[1:]):
        text_here = wanted[here]
        cut = len(text_here)
        while cut and unicodedata.category(text_here[cut - 1]) == "Cf":
            cut -= 1
        if cut < len(text_here):  # a glyph that stood for the joiner alone then stands for nothing (BEYOND)
            wanted[here], wanted[after_it] = text_here[:cut], text_here[cut:] + wanted[after_it]
    for i, (frag, shaped) in pieces:
        face = getattr(pdfmetrics.getFont(frag.fontName), "face", None)
        if face is None or not hasattr(face, "charToGlyph"):
            continue
        chars, data = [], []
        for j, (char, sd) in enumerate(zip(shaped, shaped.__shapeData__)):
            for code, part, glyph in _spread(face, ord(char), wanted[(i, j)], sd.x_advance):
                chars.append(chr(glyph_code(face, code, part)))
                data.append(sd if glyph else sd._replace(x_advance=0, y_advance=0, x_offset=0, y_offset=0, width=0))
        # Every shaped piece is written in an /ActualText span, not only those whose glyphs are not their
        # characters one to one: PDFium and poppler also break a word at a mark HarfBuzz positioned (Bengali
        # "ওষুধ" came out "ওষু ধ", Sinhala "දිනපතා" as "ද නපතා") but copy a span's text whole.
        clusters = [sd.cluster for sd in shaped.__shapeData__]
        marked = _marked()
        data[0] = marked(*data[0])
        data[0].actual = text[min(clusters):max(ends[c] for c in clusters)]
        if not isinstance(data[-1], marked):
            data[-1] = marked(*data[-1])
        data[-1].span_end = True
        after[i] = (frag, ShapedStr("".join(chars), shapeData=data))
    return after


def _marked_class():
    from reportlab.pdfbase.ttfonts import ShapeData

    class Marked(ShapeData):
        """A glyph's shaping data that starts (`actual`: the text) or ends (`span_end`) an /ActualText span."""

        actual: str | None = None
        span_end: bool = False

    return Marked


@functools.lru_cache(maxsize=1)
def _marked():
    return _marked_class()


def _spread(face, code: int, text: str, advance) -> list[tuple[int, str, bool]]:
    """(code, text, is the glyph) for the glyph drawn with `code` that stands for `text`: the glyph alone,
    or, when it has an advance and its text holds a nonspacing mark, the glyph with the mark's part of the
    text on invisible zero-width glyphs beside it. pdf.js takes any glyph whose text holds a nonspacing
    mark for a zero-width diacritic, loses its advance and then puts a space or a line break after it."""
    marks = [unicodedata.category(c) == "Mn" for c in text]
    empty = carrier(face)
    if not advance or not any(marks) or all(marks) or empty is None:
        return [(code, text, True)]
    first = marks.index(False)
    last = first
    while last < len(text) and not marks[last]:
        last += 1
    out = [(empty, text[:first], False)] if first else []
    out.append((code, text[first:last], True))
    if last < len(text):
        out.append((empty, text[last:], False))
    return out


def actual_text_hex(text: str) -> str:
    return "<FEFF" + _utf16(text) + ">"


@functools.lru_cache(maxsize=1)
def text_object_class():
    """ReportLab's text object, but a shaped word whose glyphs are not its characters one to one is written
    inside `/Span <</ActualText (its text)>> BDC ... EMC`: poppler, PDFium and mupdf then copy the word
    from its text, whatever its glyphs map to (pdf.js reads only the ToUnicode maps)."""
    from reportlab.pdfbase.ttfonts import ShapedStr
    from reportlab.pdfgen.textobject import PDFTextObject

    class CopyableText(PDFTextObject):
        def _formatText(self, text):
            if getattr(text, "order", None):
                return self._reordered(text) or super()._formatText(str(text))
            data = getattr(text, "__shapeData__", None) if isinstance(text, ShapedStr) else None
            if not data or not any(getattr(sd, "actual", None) is not None for sd in data):
                return super()._formatText(text)
            # a space after a word goes into its span: PDFium drops a space drawn between two spans
            out, start, i, n = [], 0, 0, len(data)
            while i < n:
                actual = getattr(data[i], "actual", None)
                if actual is None:
                    i += 1
                    continue
                end = next((k for k in range(i, n) if getattr(data[k], "span_end", False)), n - 1)
                if end + 1 < n and text[end + 1] == " ":
                    end, actual = end + 1, actual + " "
                if i > start:
                    out.append(super()._formatText(text[start:i]))
                out += [f"/Span <</ActualText {actual_text_hex(actual)}>> BDC", super()._formatText(text[i:end + 1]),
                        "EMC"]
                start = i = end + 1
            if start < n:
                out.append(super()._formatText(text[start:]))
            return " ".join(out)

        def _reordered(self, text) -> str | None:
            """`text` (a readorder.Reordered) as one TJ: its glyphs in its order, each moved to its place."""
            from reportlab.lib.rl_accel import fp_str
            from reportlab.pdfbase import pdfmetrics

            font, canv = pdfmetrics.getFont(self._fontname), self._canvas
            if not font._dynamicFont:
                return None
            pieces = font.splitString(str(text), canv._doc)
            if len(pieces) != 1 or len(pieces[0][1]) != len(text):
                return None
            subset, codes = pieces[0]
            out = []
            if subset != self._curSubset:
                out.append(f"{font.getSubsetInternalName(subset, canv._doc)} {fp_str(self._fontsize)} Tf "
                           f"{fp_str(self._leading)} TL")
                self._curSubset = subset
            places = [0.0]
            for char in text:
                places.append(places[-1] + pdfmetrics.stringWidth(char, self._fontname, 1000))
            items, at, i = [], 0.0, 0
            order = text.order
            while i < len(order):
                j = i + 1
                while j < len(order) and order[j] == order[j - 1] + 1:
                    j += 1
                first, last = order[i], order[j - 1]
                if abs(places[first] - at) > 1e-6:
                    items.append(fp_str(at - places[first]))
                items.append(f"({canv._escape(codes[first:last + 1])})")
                at, i = places[last + 1], j
            out.append(f"[{' '.join(items)}] TJ")
            return " ".join(out)

    return CopyableText


@functools.lru_cache(maxsize=1)
def install() -> None:
    """Make ReportLab shape words through `copyable_word`: its shapeFragWord, which paragraphs call and
    shapeStr (canvas.drawString(shaping=True)) calls, in each module that holds a reference to it."""
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfgen import canvas
    from reportlab.platypus import paragraph

    shape = ttfonts.shapeFragWord

    def shape_copyable(word, *args, **kwargs):
        return copyable_word(word, shape(word, *args, **kwargs))

    for module in (ttfonts, paragraph, canvas):
        if getattr(module, "shapeFragWord", None) is shape:
            module.shapeFragWord = shape_copyable
