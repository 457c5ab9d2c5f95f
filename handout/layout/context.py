"""The layout context: what every builder of flowables needs, and the one way text becomes a paragraph.

`Context.para` sends every string through `markup.runs` (placeholders filled, bold markers, escaping), so
nothing from the content file, a catalog or a clinic file is ever read as ReportLab markup; scripts that
ReportLab cannot set get a `textflow.SetParagraph` instead of a ReportLab `Paragraph`.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import NoReturn

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from handout.errors import CatalogError, ContentError
from handout.layout.fallback import fallback_markup, needs_fallback
from handout.layout.fonts import drawable
from handout.layout.styles import Styles, derived
from handout.layout.tagging import Element, SpacedParagraph, Tagged, table_artifacts
from handout.layout.textflow import ATOM, ATOM_BREAK, INVISIBLE, Layout, SetParagraph, isolate
from handout.source import model as m
from handout.source.clinic import Clinic
from handout.source.markup import LINE_BREAK, MarkupError, Run, keep_citations_together, runs, to_paragraph_markup
from handout.source.review import ReviewState
from handout.translate.localise import Localised

# Bidi embeddings and isolates wrapped around inserted values: layout aids, not words. (Joiners stay: a
# Persian zero-width non-joiner is part of how a word is written.)
_EMBEDDINGS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


# ReportLab's parse of a paragraph's markup (its "frags"), by markup and style: a batch sets the same
# text with the same style again and again (both papers; English beside every language), and the parse
# is an eighth of a render. Each paragraph gets its own copies of the fragments, which ReportLab may
# change while it sets them. Cleared when it grows large, so memory does not grow with the batch.
_PARSED: dict[tuple[str, int], tuple[ParagraphStyle, str, list]] = {}


def _rtl_values(values: dict[str, str]) -> dict[str, str]:
    """Values inserted into right-to-left text: each kept in its own direction, and its digit groups held
    by narrow no-break spaces, which read in order (see fonts.py)."""
    return {key: isolate(value.replace("\u00a0", "\u202f")) for key, value in values.items()}


def paragraph(kind: type[Paragraph], markup: str, style: ParagraphStyle) -> Paragraph:
    """kind(markup, style) for a Paragraph class, parsing each markup once per process and style."""
    key = (markup, id(style))
    known = _PARSED.get(key)
    if known is not None and known[0] is style:
        made = kind(known[1], style, frags=[frag.clone() for frag in known[2]])
        made._memo = (kind, markup, style)  # its line breaks may be remembered (layoutcache.py)
        return made
    made = kind(markup, style)
    if made.style is style and not made.bulletText:  # nothing in the markup changed the style
        if len(_PARSED) > 20_000:
            _PARSED.clear()
        _PARSED[key] = (style, made.text, [frag.clone() for frag in made.frags])
        made._memo = (kind, markup, style)
    return made


@dataclass
class Context:
    """What every block builder needs: the localised handout, its clinic, styles and the frame width."""

    loc: Localised
    clinic: Clinic
    styles: Styles
    width: float
    flow: Layout | None = None  # set for scripts ReportLab cannot set itself (right to left, Chinese)
    review: ReviewState | None = None  # where the handout stands against its review date
    unreviewed: bool = False  # mark every page: a translation not fully signed off by a clinician (translate/signoff)
    structure: Element = field(default_factory=lambda: Element("Document"))  # the PDF's logical structure
    last_on_own_page: bool = False  # the last section before the diary starts a page (pdf/render.py)
    writing_pages: int = 0  # a booklet's pages for the reader's questions and notes, before its back cover
    back_cover: bool = False  # a booklet: end with the contact page, the back of the folded leaflet
    frame_height: float = 0  # the height of a page's body (set by pdf/render.py once the footer is known)
    back_height: float = 0  # a booklet's back cover: its body's height, with no footer (its box has the phone)

    @property
    def rtl(self) -> bool:
        return self.loc.rtl

    def runs(self, text: m.Text, extra: dict[str, str] | None = None) -> list[Run]:
        values = self._values
        if extra:
            values = dict(values, **(_rtl_values(extra) if self.rtl else extra))
        try:
            return [Run(keep_citations_together(r.text, self.rtl), r.bold) for r in runs(text.text, values)]
        except MarkupError as exc:
            problem = exc.message
        self.fail(text, problem)

    @functools.cached_property
    def _values(self) -> dict[str, str]:
        """The placeholder values as they are inserted into text (made once per handout)."""
        return _rtl_values(self.loc.values) if self.rtl else self.loc.values

    def fail(self, text: m.Text, message: str) -> NoReturn:
        """Raise `message` about `text` where it was written: its translation's line, else its content line."""
        if text.origin:
            path, _, line = text.origin.rpartition(":")
            raise CatalogError(f"{text.where}: {message}", path=path, line=int(line))
        raise ContentError(f"{text.where}: {message}", path=self.loc.handout.path, line=text.line)

    def plain(self, text: m.Text, extra: dict[str, str] | None = None) -> str:
        return "".join(r.text for r in self.runs(text, extra))

    def para(self, text: m.Text, style: str, extra: dict[str, str] | None = None,
             role: str | None = "P", width: float | None = None) -> Flowable:
        return self.para_runs(self.runs(text, extra), style, role=role, lang=self.lang_of(text), width=width)

    def lang_of(self, text: m.Text) -> str | None:
        """The BCP 47 language of `text` when it is not the handout's (an untranslated reference)."""
        lang = text.language.replace("_", "-")
        return None if lang == self.loc.bcp47() else lang

    def para_runs(self, parts: list[Run], style: str | ParagraphStyle, own_direction: bool = False,
                  role: str | None = "P", lang: str | None = None, width: float | None = None) -> Flowable:
        """A paragraph of runs: ReportLab's own, or a SetParagraph where the script needs one.

        `own_direction`: the text is not in the handout's language (a clinic name, a reference), so the
        bidi algorithm takes its direction from its first letter rather than from the language.
        `role`: its structure element in the tagged PDF (P, H1, Lbl...), or None for page furniture;
        `lang`: the language of the text when it is not the handout's; `width`: the width it is set in,
        when narrower than the context's (a table cell, the clinic box)."""
        st = self.styles.para[style] if isinstance(style, str) else style
        keep = INVISIBLE if self.flow is not None else frozenset()  # SetParagraph reads, then hides them
        parts = [Run(drawable(r.text, self.styles.family.chars, keep), r.bold) for r in parts]
        mixed = False
        if self.flow is None:
            parts = break_atoms(parts, st, self.styles.family, self.width if width is None else width)
            mixed = needs_fallback(parts, self.styles.family)
            if mixed:  # text in another script: its runs in their own fonts (layout/fallback.py)
                markup, shaping = fallback_markup(parts, self.styles.family)
                if shaping and not st.shaping:
                    st = derived(st, f"{st.name}-shaped", shaping=1)
                flowable = paragraph(SpacedParagraph, markup, st)
            else:
                flowable = paragraph(SpacedParagraph, to_paragraph_markup(parts), st)
        else:
            base = None if own_direction else ("R" if self.rtl else "L")
            mixed = needs_fallback(parts, self.styles.family)
            flowable = SetParagraph(parts, st, self.flow, (st.fontName, self.styles.family.bold), base,
                                    family=self.styles.family if mixed else None)
        if role is None:
            return flowable
        # Glyphs that are not the logical text (visual order, joined or shaped forms): the element
        # carries the words as /ActualText for screen readers and copy-paste.
        reordered = mixed or (self.flow is not None and (self.flow.rtl or self.flow.reshape))
        actual = "".join(r.text for r in parts).translate(_EMBEDDINGS) if reordered or st.shaping else None
        return Tagged(flowable, Element(role, actual_text=actual, lang=lang))

    def value(self, value: str) -> Run:
        """A clinic value as a run, kept in its own direction inside right-to-left text."""
        return Run(isolate(value) if self.rtl else value)

    def row(self, cells: list) -> list:
        """Table cells in drawing order: right to left languages put the first column on the right."""
        return list(reversed(cells)) if self.rtl else list(cells)

    def label(self, key: str, **extra: str) -> m.Text:
        return self.loc.handout.labels[key]


_SPACES = re.compile(r"[ \t\n]+")  # where a line may break: not a no-break space inside a phone number


def widest_piece(texts: list[str], font: str, size: float) -> float:
    """The width of the widest piece of `texts` that no line may break inside: a word (a phone number,
    kept together by its no-break spaces, is one), or the stretch of an email or web address between two
    of the places it may break ('@', '.', '/')."""
    pieces = [piece for text in texts for word in _SPACES.split(text) if word
              for piece in (ATOM_BREAK.split(word) if ATOM.fullmatch(word) else [word])]
    return max((stringWidth(p, font, size) for p in pieces if p), default=0.0)


def break_atoms(parts: list[Run], style: ParagraphStyle, family, width: float) -> list[Run]:
    """Email and web addresses wider than the line they are set in, broken into pieces that each fit,
    after '@', '.' or '/' (a LINE SEPARATOR between them, which markup turns into a line break): ReportLab
    would otherwise cut them between any two letters. Addresses that fit are left whole."""
    out = []
    for run in parts:
        face = family.bold if run.bold else family.regular
        if not ATOM.search(run.text):
            out.append(run)
            continue

        def split(match, face=face):
            atom = match.group(0)
            if stringWidth(atom, face, style.fontSize) <= width:
                return atom
            pieces, line = [], ""
            for piece in ATOM_BREAK.split(atom):
                if line and stringWidth(line + piece, face, style.fontSize) > width:
                    pieces.append(line)
                    line = ""
                line += piece
            return LINE_BREAK.join([*pieces, line])

        out.append(Run(ATOM.sub(split, run.text), run.bold))
    return out


def make_table(ctx: Context, data, col_widths, commands, **kwargs) -> Table:
    """A Table whose own text state uses the language's font (ReportLab's default is Helvetica,
    which would put an unembedded base-14 font in the PDF), and whose rules and backgrounds are
    artifacts in the tagged PDF (its cells tag themselves)."""
    body = ctx.styles.para["body"]
    table = Table(data, colWidths=col_widths, renderCB=table_artifacts, **kwargs)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), body.fontName, body.fontSize, body.leading),
                               *commands]))
    return table
