"""Translation quality checks: one plain function per check, all run, every problem reported at once.

Each check takes the English source and the translation and returns messages; `check_entry` runs them
all. Errors stop a build (a mistyped dose must never reach a patient); warnings are printed.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from handout.markup import MarkupError, bold_count, placeholders

_NUMBER = re.compile(r"\d+(?:[.,\u066b\u066c]\d+)*")
# A tag starts right after "<" ("a < b" is not one); an entity ends with ";".
_MARKUP = re.compile(r"</?[A-Za-z!?]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LONG_SOURCE = 25  # characters: shorter strings ("IBS", "Version {version}") may rightly stay the same


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" | "warning"
    message: str


def _ascii_digits(text: str) -> str:
    """Any script's decimal digits as ASCII: '٤٫٥' → '4٫5'."""
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and unicodedata.digit(c, None) is not None else c
                   for c in text)


def numbers(text: str) -> list[str]:
    """Numbers in `text`, normalised so that 4.5, 4,5 and ٤٫٥ compare equal.

    >>> numbers("Take 4,5 mg or 0.5 mg for 12 weeks [3, 4]")
    ['4.5', '0.5', '12', '3', '4']
    """
    found = []
    for match in _NUMBER.findall(_ascii_digits(text)):
        # "3, 4" in a citation is two numbers; "4,5" is one decimal. A separator followed by a space
        # never reaches here (the regex needs a digit straight after it).
        found.append(re.sub(r"[,\u066b\u066c]", ".", match))
    return found


def check_placeholders(source: str, translation: str) -> list[Problem]:
    try:
        want, got = Counter(placeholders(source)), Counter(placeholders(translation))
    except MarkupError as exc:
        return [Problem("error", exc.message)]
    if want == got:
        return []
    missing = sorted((want - got).elements())
    extra = sorted((got - want).elements())
    parts = []
    if missing:
        parts.append("missing " + ", ".join("{" + n + "}" for n in missing))
    if extra:
        parts.append("unknown " + ", ".join("{" + n + "}" for n in extra))
    return [Problem("error", f"placeholders differ from the English ({'; '.join(parts)}); copy them exactly, "
                             "they are filled in by the tool")]


def check_bold(source: str, translation: str) -> list[Problem]:
    try:
        want, got = bold_count(source), bold_count(translation)
    except MarkupError as exc:
        return [Problem("error", exc.message)]
    if want != got:
        return [Problem("error", f"the English has {want // 2} bold part(s) (**...**) but the translation has "
                                 f"{got // 2 if got % 2 == 0 else str(got) + ' marker(s)'}; mark the same words bold")]
    return []


def check_numbers(source: str, translation: str) -> list[Problem]:
    allowed = set(numbers(source))
    wrong = [n for n in numbers(translation) if n not in allowed]
    if wrong:
        shown = ", ".join(dict.fromkeys(wrong))
        return [Problem("error", f"number {shown} is not in the English ({', '.join(dict.fromkeys(numbers(source))) or 'none'}); "
                                 "numbers must match the source exactly (doses are filled in by the tool)")]
    return []


def check_markup(source: str, translation: str) -> list[Problem]:
    if _MARKUP.search(translation) and not _MARKUP.search(source):
        return [Problem("error", "contains markup (< tags or & entities); write plain text, "
                                 "use **...** for bold")]
    if _CONTROL.search(translation):
        return [Problem("error", "contains control characters; retype the text")]
    return []


def check_untranslated(source: str, translation: str) -> list[Problem]:
    if len(source) >= LONG_SOURCE and translation.strip() == source.strip() and re.search(r"[A-Za-z]{4}", source):
        return [Problem("warning", "identical to the English; is it translated?")]
    return []


CHECKS = (check_placeholders, check_bold, check_numbers, check_markup, check_untranslated)


def check_entry(source: str, translation: str) -> list[Problem]:
    """Run every check on one translated entry."""
    problems: list[Problem] = []
    for check in CHECKS:
        problems.extend(check(source, translation))
    return problems
