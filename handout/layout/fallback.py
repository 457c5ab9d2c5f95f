"""Text in another script than the handout's (an Arabic clinic name on an English page, a Chinese name in
the English column of a Chinese-English handout): each run of it is drawn in a font of its own script
(fonts.font_plan chooses them), shaped by HarfBuzz where that script needs it, and in its own direction.

ReportLab's paragraphs know neither right-to-left text nor Arabic joining, so a right-to-left run is
joined (arabic-reshaper) and put in visual order (the Unicode bidi algorithm) before ReportLab sees it, as
a run of its own; a run that needs shaping makes its paragraph shaped (ReportLab shapes word by word)."""
from __future__ import annotations

from handout.layout.fonts import Family
from handout.source.markup import LINE_BREAK, Run, to_paragraph_markup


def needs_fallback(parts: list[Run], family: Family) -> bool:
    """Whether any character of `parts` is drawn by a fallback family."""
    if not family.fallbacks:
        return False
    return any(family.fallback_for(c) for run in parts for c in run.text)


def pieces(text: str, family: Family) -> list[tuple[str, tuple | None]]:
    """`text` cut where the font changes: (piece, fallback entry, or None for the family itself). Spaces,
    digits and punctuation between two characters of the same other script stay with them, so that a
    name of several words is one piece, ordered and joined as a whole.

    An entry is (family, characters it draws, shaped, right to left): see fonts.Family.fallbacks."""
    entries = [family.fallback_for(c) for c in text]
    n, i = len(text), 0
    while i < n:
        if entries[i] is not None:
            i += 1
            continue
        j = i
        while j < n and entries[j] is None:
            j += 1
        if 0 < i and j < n and entries[i - 1] is entries[j] and \
                all(not c.isalpha() and ord(c) in entries[j][0].chars for c in text[i:j]):
            entries[i:j] = [entries[j]] * (j - i)
        i = j
    _brackets_with_their_run(text, entries)
    out: list[tuple[str, tuple | None]] = []
    for char, entry in zip(text, entries):
        if out and out[-1][1] is entry:
            out[-1] = (out[-1][0] + char, entry)
        else:
            out.append((char, entry))
    return out


def _brackets_with_their_run(text: str, entries: list) -> None:
    """A bracket that closes (or opens) one inside a run of another script belongs to that run: a
    right-to-left run is ordered as a whole, so both brackets of a pair must be in it."""
    import unicodedata

    n = len(text)
    for i in range(n):
        entry = entries[i]
        if entry is None or (i + 1 < n and entries[i + 1] is entry):
            continue
        start = i
        while start > 0 and entries[start - 1] is entry:
            start -= 1
        run = text[start:i + 1]
        depth = sum(1 for c in run if unicodedata.category(c) == "Ps") - \
            sum(1 for c in run if unicodedata.category(c) == "Pe")
        j = i + 1
        while depth > 0 and j < n and entries[j] is None and unicodedata.category(text[j]) == "Pe" and \
                ord(text[j]) in entry[0].chars:
            entries[j], depth, j = entry, depth - 1, j + 1
        k = start - 1
        while depth < 0 and k >= 0 and entries[k] is None and unicodedata.category(text[k]) == "Ps" and \
                ord(text[k]) in entry[0].chars:
            entries[k], depth, k = entry, depth + 1, k - 1


def visual(text: str) -> str:
    """A right-to-left run as it is drawn left to right: Arabic letters joined, then in visual order."""
    from bidi.algorithm import get_display

    from handout.layout.textflow import reshape

    return get_display(reshape(text), base_dir="R")


# Faces whose runs are joined and put in visual order before ReportLab sees them (right-to-left
# fallbacks): never shaped, also in a paragraph that is shaped for another run.
UNSHAPED: set[str] = set()


def fallback_markup(parts: list[Run], family: Family) -> tuple[str, bool]:
    """ReportLab paragraph markup for `parts`, each run of another script in its own font (and order);
    and whether the paragraph must be shaped (a run in a script that HarfBuzz shapes)."""
    markup, shaping = [], False
    for run in parts:
        for text, entry in pieces(run.text, family):
            if entry is None:
                markup.append(to_paragraph_markup([Run(text, run.bold)]))
                continue
            other, _, shaped, rtl = entry
            shaping = shaping or shaped
            if rtl:  # joined and ordered here: HarfBuzz must not order it a second time
                UNSHAPED.update((other.regular, other.bold))
                lines = text.split(LINE_BREAK)
                text = LINE_BREAK.join(visual(line) for line in lines)
            markup.append(f'<font name="{other.regular}">{to_paragraph_markup([Run(text, run.bold)])}</font>')
    if shaping:
        shape_words_font_by_font()
    return "".join(markup), shaping


def shape_words_font_by_font() -> None:
    """Make ReportLab shape a word whose pieces are in different fonts (a bracket in the page's font
    around a Devanagari name) piece by piece, each with its own font: it shapes a whole word with the font
    of its first piece, which draws the other pieces with glyphs of the wrong font. Words in one font are
    shaped exactly as before. Installed once, the first time a paragraph mixes scripts that need shaping."""
    from reportlab.platypus import paragraph

    original = paragraph.shapeFragWord
    if getattr(original, "font_by_font", False):
        return

    def shape(word, *args, **kwargs):
        pieces = word[1:]
        fonts = {f.fontName for f, _ in pieces if not hasattr(f, "cbDefn")}
        if fonts and fonts <= UNSHAPED:
            return word
        if len(fonts) <= 1 or not isinstance(word, list):
            return original(word, *args, **kwargs)
        from reportlab.pdfbase.pdfmetrics import stringWidth
        from reportlab.pdfbase.ttfonts import makeShapedFragWord

        groups: list[list] = []
        for frag, text in pieces:
            same = groups and not hasattr(frag, "cbDefn") and not hasattr(groups[-1][-1][0], "cbDefn") and \
                groups[-1][-1][0].fontName == frag.fontName
            if same:
                groups[-1].append((frag, text))
            else:
                groups.append([(frag, text)])
        total, out = 0.0, []
        for group in groups:
            if hasattr(group[0][0], "cbDefn"):
                out.extend(group)
                total += getattr(group[0][0], "width", 0)
                continue
            width = sum(stringWidth(text, f.fontName, f.fontSize) for f, text in group)
            if group[0][0].fontName in UNSHAPED:
                out.extend(group)
                total += width
                continue
            shaped = original(word.__class__([width, *group]), force=True)
            total += shaped[0]
            out.extend(shaped[1:])
        return makeShapedFragWord(word)([total, *out])

    shape.font_by_font = True
    paragraph.shapeFragWord = shape
