"""Whether a clinic's details can print in a combination (edition, paper, flat or booklet), known before any
layout, and what to change in the clinic file where they cannot.

The layout adapts to long clinic details (a footer line of its own for the phone, the clinic box under the
title, the back cover in the edition's smallest type), but some details do not fit a combination however it
adapts: a phone number, which never breaks, wider than a footer line of its own or than a column of text; a
piece of an email or web address (they break only after '@', '.', '/' and a query's '?', '&', '=') wider
than a line of the clinic box. `misfit` names the first such detail: the build refuses that one handout with
one line naming the clinic file, the key and what to change, and the front-desk page greys the combination
out with the same words. It blames the clinic's detail, never the content or a translation.
"""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from handout.errors import ClinicError
from handout.layout.styles import Styles
from handout.layout.textflow import ATOM, ATOM_BREAK
from handout.source.clinic import Clinic

EDITION_WORDS = {"standard": "standard handout", "large-print": "large-print handout",
                 "bilingual": "bilingual handout"}
PAPER_WORDS = {"a4": "A4", "letter": "US Letter"}


def combination(edition: str, paper: str, booklet: bool) -> str:
    """'the large-print booklet on A4', 'the standard handout on US Letter'."""
    words = EDITION_WORDS.get(edition, f"{edition} handout")
    if booklet:
        words = words.replace("handout", "booklet")
    return f"the {words} on {PAPER_WORDS.get(paper, paper)}"


def text_width(styles: Styles, page_width: float) -> float:
    """The width of a page's text: between the margins, no wider than the edition's measure."""
    width = page_width - styles.margins["left"] - styles.margins["right"]
    return min(width, styles.measure) if styles.measure else width


def misfit(clinic: Clinic, styles: Styles, page_width: float, bilingual: bool = False) -> tuple[str, str] | None:
    """(key, what is wrong and what to do) for the first clinic detail that cannot print on pages of
    `page_width` points set in `styles`, or None when every one can."""
    width = text_width(styles, page_width)
    phone = clinic.phone_unbroken
    footer, body = styles.para["footer"], styles.para["body"]
    room = [(width, footer, "a line of the page footer")]
    if bilingual:  # sentences that give the phone are set in two columns
        room.append(((width - styles.bilingual["gutter_mm"] * mm) / 2, body, "a line of a column of text"))
    else:
        room.append((width, body, "a line of text"))
    for space, style, where in room:
        drawn = stringWidth(phone, style.fontName, style.fontSize)
        if drawn > space:
            most = _fitting(phone, style, space)
            return "phone", (f"the phone number {clinic.phone!r} ({len(clinic.phone)} characters) is too long for "
                             f"{where}, where it must stay whole; shorten it to {most} characters or fewer, "
                             "for example by leaving out an extension or option, which reception can give on "
                             "the phone")
    clinic_style, box = styles.para["clinic"], width - 16  # the clinic box across the page, inside its padding
    for key, space, style in (("email", box, clinic_style), ("website", box, clinic_style),
                              ("url", width, clinic_style), ("feedback", width, body)):
        value = clinic.short_url if key == "url" else getattr(clinic, key)
        # an address breaks only after its marks; other words (a feedback line may be a sentence) wrap
        addresses = [word for word in value.split() if key != "feedback" or ATOM.fullmatch(word)]
        for piece in (piece for word in addresses for piece in ATOM_BREAK.split(word)):
            drawn = stringWidth(piece, style.fontName, style.fontSize)
            if drawn > space:
                most = _fitting(piece, style, space)
                return key, (f"the {key} address has a piece too long for a line, {piece!r} ({len(piece)} "
                             f"characters): an address breaks only after '@', '.' or '/', and cutting it "
                             f"elsewhere would send readers to a wrong address; use an address with no more "
                             f"than {most} characters between those marks")
    return None


def _fitting(text: str, style, space: float) -> int:
    """How many of the first characters of `text` fit in `space` points."""
    count = 0
    while count < len(text) and stringWidth(text[:count + 1], style.fontName, style.fontSize) <= space:
        count += 1
    return count


def refuse_misfit(clinic: Clinic, styles: Styles, page_width: float, edition: str, paper: str,
                  booklet: bool) -> None:
    """Raise ClinicError (one line: the clinic file, its line, the key, the combination, what to change)
    when a detail of `clinic` cannot print in this combination."""
    found = misfit(clinic, styles, page_width, edition == "bilingual")
    if found:
        key, why = found
        raise ClinicError(f"key {key}: cannot print {combination(edition, paper, booklet)}: {why}",
                          path=clinic.path, line=clinic.line_of(key))
