"""Inline text: the tiny markup translators keep, turned safely into ReportLab paragraph markup.

Source and translated strings may contain only three kinds of structure:
`**bold**`, `{placeholder}` (with `{{` and `}}` for literal braces) and ordinary characters. Everything
else, `<`, `&`, quotes, is text and is escaped before ReportLab's paragraph parser sees it, because that
parser would otherwise read local files (`<img>`), write links (`<a>`) or change fonts (`<font>`).
C0 and C1 control characters are removed (they would print as boxes); tabs and newlines become spaces.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape as _html_escape

from handout.errors import HandoutError

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[\t\r\n\u2028\u2029]+")
_TOKEN = re.compile(r"(\*\*|\{\{|\}\}|\{[^{}]*\}|\{|\})")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_CITATION = re.compile(r"\[(\d+(?:\s*[-–,]\s*\d+)*)\]")


class MarkupError(HandoutError):
    """A string's inline markup is malformed; the caller adds the file and line."""


@dataclass(frozen=True)
class Run:
    """A stretch of text printed in one weight."""

    text: str
    bold: bool = False


def clean(text: str) -> str:
    """Remove control characters and fold tabs and line breaks into spaces.

    >>> clean("a\\tb\\x00c\\nd")
    'a bc d'
    """
    return _CONTROLS.sub("", _SPACES.sub(" ", text))


def tokens(text: str) -> list[tuple[str, str]]:
    """Split `text` into ("text", s), ("bold", "**") and ("placeholder", name) tokens.

    >>> tokens("Take **{dose}** {{x}}")
    [('text', 'Take '), ('bold', '**'), ('placeholder', 'dose'), ('bold', '**'), ('text', ' '), ('text', '{'), ('text', 'x'), ('text', '}')]
    """
    out: list[tuple[str, str]] = []
    for part in _TOKEN.split(text):
        if not part:
            continue
        if part == "**":
            out.append(("bold", part))
        elif part == "{{":
            out.append(("text", "{"))
        elif part == "}}":
            out.append(("text", "}"))
        elif part.startswith("{") or part == "}":  # a lone "}" is as malformed as a lone "{"
            name = part[1:-1].strip()
            if part in ("{", "}") or not _NAME.match(name):
                shown = part if len(part) < 30 else part[:27] + "..."
                raise MarkupError(f"malformed placeholder '{shown}': write {{name}} with letters, "
                                  "digits and '_' only, or {{ and }} for a literal brace")
            out.append(("placeholder", name))
        else:
            out.append(("text", part))
    if sum(1 for kind, _ in out if kind == "bold") % 2:
        raise MarkupError("unbalanced '**': bold markers must come in pairs, **like this**")
    return out


def placeholders(text: str) -> list[str]:
    """The placeholder names in `text`, in order."""
    return [value for kind, value in tokens(text) if kind == "placeholder"]


def bold_count(text: str) -> int:
    """How many `**` markers `text` has."""
    return sum(1 for kind, _ in tokens(text) if kind == "bold")


def citations(text: str) -> list[int]:
    """The citation numbers in `text`: "[2, 5-7]" gives [2, 5, 6, 7].

    >>> citations("LDN [1] helps [2, 4-5].")
    [1, 2, 4, 5]
    """
    found: list[int] = []
    for group in _CITATION.findall(text):
        for part in re.split(r"\s*,\s*", group):
            bounds = [int(n) for n in re.split(r"\s*[-–]\s*", part)]
            if len(bounds) == 2 and bounds[0] < bounds[1] <= bounds[0] + 50:
                found.extend(range(bounds[0], bounds[1] + 1))
            else:
                found.extend(bounds)
    return found


def keep_citations_together(text: str, rtl: bool = False) -> str:
    """No line break inside a citation such as "[3, 4]": its spaces become no-break spaces. In
    right-to-left text the citation is also embedded right to left, so a Latin word before it
    ("IBS [3, 4]") cannot pull its brackets and numbers out of order.

    >>> keep_citations_together("helps [3, 4] a lot")
    'helps [3,\xa04] a lot'
    """
    def fix(match):
        cite = match.group(0).replace(" ", "\u00a0")
        return f"\u202b{cite}\u202c" if rtl else cite
    return _CITATION.sub(fix, text)


def runs(text: str, values: dict[str, str]) -> list[Run]:
    """Fill placeholders from `values` and split `text` into bold and regular runs.

    Raises MarkupError naming a placeholder with no value. Values are inserted as plain text: markup
    characters in them are never interpreted.
    """
    result: list[Run] = []
    bold = False
    for kind, value in tokens(clean(text)):
        if kind == "bold":
            bold = not bold
            continue
        if kind == "placeholder":
            if value not in values:
                known = ", ".join(sorted(values)) or "none"
                raise MarkupError(f"placeholder {{{value}}} has no value (known: {known})")
            value = clean(values[value])
        if result and result[-1].bold == bold:
            result[-1] = Run(result[-1].text + value, bold)
        elif value:
            result.append(Run(value, bold))
    return result


def plain(text: str, values: dict[str, str]) -> str:
    """The text as a reader sees it: placeholders filled, no bold markers."""
    return "".join(run.text for run in runs(text, values))


def escape(text: str) -> str:
    """&, < and > as entities: what xml.sax.saxutils.escape does, without importing urllib, http and
    email (~25 ms on every start)."""
    return _html_escape(text, quote=False)


LINE_BREAK = "\u2028"  # set by layout only (clean() folds any in the text into a space): a forced line break


def to_paragraph_markup(parts: list[Run]) -> str:
    """ReportLab paragraph markup for `parts`: every character escaped, bold as <b>, a LINE_BREAK as <br/>."""
    return "".join(f"<b>{escape(r.text)}</b>" if r.bold else escape(r.text) for r in parts).replace(LINE_BREAK, "<br/>")
