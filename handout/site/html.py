"""Inline text as HTML: the handout's tiny markup (`**bold**`, `{placeholder}`) turned into escaped HTML.

Every character of a string (catalog, content or clinic file) is escaped; the only tags are the ones made
here: `<strong>` for bold, `<bdi>` around an inserted value (a phone number, a dose, a clinic name keeps
its own direction inside right-to-left text, as `isolate` does in the PDF), `<a href="tel:...">` for a
phone number a reader can tap, and links to the DOIs and PubMed ids of a reference.
"""
from __future__ import annotations

import re

from markupsafe import Markup, escape

from handout.source.markup import clean, tokens

PHONES = ("clinic_phone", "clinic_emergency_phone", "clinic_crisis_phone")  # placeholders whose values are numbers to call
_CITATION = re.compile(r"\[(\d+(?:\s*[-–,]\s*\d+)*)\]")
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+[^\s\"<>.,;])")
_PMID = re.compile(r"\bPMID:? (\d{1,9})\b")


def tel(number: str) -> str | None:
    """The `tel:` address of a phone number as printed ("020 7946 0123" -> "tel:02079460123"), or None
    when the value is not a number (the words "your local emergency number")."""
    digits = re.sub(r"[\s\u00a0\u202f().\-/]", "", number)
    if not re.fullmatch(r"\+?\d{2,20}", digits):
        return None
    return f"tel:{digits}"


def _citations(text: str) -> str:
    """No line break inside a citation such as "[3, 4]" (as in the PDF)."""
    return _CITATION.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)


def inline(text: str, values: dict[str, str]) -> Markup:
    """`text` with its placeholders filled from `values` and bold as <strong>, every character escaped.
    Raises MarkupError (from tokens) for malformed markup or a placeholder with no value."""
    from handout.source.markup import MarkupError

    out: list[str] = []
    bold = False
    for kind, value in tokens(clean(text)):
        if kind == "bold":
            out.append("</strong>" if bold else "<strong>")
            bold = not bold
        elif kind == "placeholder":
            if value not in values:
                known = ", ".join(sorted(values)) or "none"
                raise MarkupError(f"placeholder {{{value}}} has no value (known: {known})")
            shown = clean(values[value])
            number = tel(shown) if value in PHONES else None
            piece = str(escape(shown))
            if number:
                piece = f'<a href="{escape(number)}">{piece}</a>'
            out.append(f"<bdi>{piece}</bdi>")
        else:
            out.append(str(escape(_citations(value))))
    return Markup("".join(out))


def reference(text: str) -> Markup:
    """A bibliographic reference, escaped, with its DOI and PubMed id as links."""
    html = str(escape(clean(text)))

    def doi(match):
        return f'<a href="https://doi.org/{match.group(1)}">{match.group(1)}</a>'

    def pmid(match):
        return f'PMID <a href="https://pubmed.ncbi.nlm.nih.gov/{match.group(1)}/">{match.group(1)}</a>'

    html = _DOI.sub(doi, html)
    html = _PMID.sub(pmid, html)
    return Markup(html)
