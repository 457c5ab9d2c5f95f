"""Invisible characters in text from people: direction controls and zero-width characters, judged at the door.

Text pasted from web pages and word processors brings characters nobody sees: direction controls
(U+061C, U+200E/U+200F, U+202A-U+202E, U+2066-U+2069) and zero-width ones (U+200B, U+2060, U+FEFF...).
A right-to-left override inside a phone number prints its digits backwards in an Arabic handout
(`01234 098765` for `01234 567890`), and python-bidi, which sets right-to-left lines, cannot read
direction isolates at all. So:

- a phone number, email or web address (an *address*: one left-to-right string a reader types) keeps no
  invisible formatting character at all (`for_address`);
- free text (a clinic's name, a translation) keeps the marks (LRM, RLM, ALM) and the joiners a script
  needs (ZWJ, ZWNJ in Persian), but loses embeddings, overrides and isolates (`for_text`): the layout
  puts every inserted value in its own direction (textflow.isolate), so nothing in it can reorder the
  text around it;
- a value that is empty once its invisible characters are gone is refused by the caller (`is_blank`).
"""
from __future__ import annotations

import re
import unicodedata

DIRECTION_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Embeddings, overrides and isolates: these reorder the text after them; marks do not.
_REORDERING = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Characters that take no room on a page although they are not format characters (category Cf):
# Hangul fillers, the combining grapheme joiner, variation selectors, the Braille blank.
_BLANK_EXTRA = frozenset("\u115f\u1160\u3164\uffa0\u034f\u2800") | frozenset(map(chr, range(0xfe00, 0xfe10)))


def for_address(text: str) -> str:
    """A phone number, email or web address without any invisible formatting character.

    >>> for_address("01234 \\u202e567890\\u200b")
    '01234 567890'
    """
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def for_text(text: str) -> str:
    """Free text without embeddings, overrides and isolates (marks and joiners stay).

    >>> for_text("Riverside \\u2067Gut\\u2069 Clinic\\u200f")
    'Riverside Gut Clinic\\u200f'
    """
    return _REORDERING.sub("", text)


def reordering_controls(text: str) -> list[str]:
    """The embeddings, overrides and isolates in `text`, named: ['U+2067 RIGHT-TO-LEFT ISOLATE']."""
    return [f"U+{ord(c):04X} {unicodedata.name(c)}" for c in dict.fromkeys(_REORDERING.findall(text))]


def is_blank(text: str) -> bool:
    """True when nothing of `text` would show on a page: only spaces and invisible characters.

    >>> is_blank("\\u200b\\u200d \\ufeff"), is_blank("\\u200bA")
    (True, False)
    """
    return all(c.isspace() or unicodedata.category(c) in ("Cf", "Cc", "Zs", "Zl", "Zp") or c in _BLANK_EXTRA
               for c in text)
