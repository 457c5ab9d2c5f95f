"""Translation quality checks: one plain function per check, all run, every problem reported at once.

Each check takes the English source and the translation and returns messages; `check_entry` runs them
all. Errors stop a build (a mistyped dose must never reach a patient); warnings are printed.

`review_entry` runs the heuristic checks (negations, dropped numbers, text Babel reads as %-format) that
only `handout check` reports: they can be wrong, so a reviewer who has read the entry can silence one
with a translator comment `# handout: ignore-<check>` on it (Poedit keeps translator comments and drops
flags it does not know), or the flag `ignore-<check>` as Weblate's own checks are silenced.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from handout.source.invisible import is_blank, reordering_controls
from handout.source.markup import MarkupError, bold_count, citations, placeholders

_NUMBER = re.compile(r"\d+(?:[.,\u066b\u066c]\d+)*")
# A tag starts right after "<" ("a < b" is not one); an entity ends with ";".
_MARKUP = re.compile(r"</?[A-Za-z!?]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_CITATIONS = re.compile(r"\[\d+(?:\s*[-–,]\s*\d+)*\]")
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


def check_citations(source: str, translation: str) -> list[Problem]:
    want, got = set(citations(source)), set(citations(translation))
    if want == got:
        return []
    shown = lambda numbers: ", ".join(f"[{n}]" for n in sorted(numbers))  # noqa: E731
    parts = [f"missing {shown(want - got)}"] if want - got else []
    parts += [f"not in the English {shown(got - want)}"] if got - want else []
    return [Problem("error", f"citations differ from the English ({'; '.join(parts)}); keep the same "
                             "[numbers] with the same sentences")]


def check_invisible(source: str, translation: str) -> list[Problem]:
    """A translation made only of invisible characters would print nothing; direction controls that
    reorder text (embeddings, overrides, isolates) are removed when the handout is printed."""
    if translation and is_blank(translation) and not is_blank(source):
        return [Problem("error", "has only invisible characters (zero-width spaces or direction marks); "
                                 "type the translation again")]
    found = reordering_controls(translation)
    if found:
        return [Problem("warning", f"contains direction controls ({', '.join(found)}); they are left out "
                                   "when printing, as the tool keeps every number and address in its own "
                                   "direction: remove them")]
    return []


LONGER = 5  # a translation may be this many times the English, plus LONGER_BY characters
LONGER_BY = 200  # (the longest in the shipped catalogs: 4.1 times, 'off-label' explained in Arabic)


def check_length(source: str, translation: str) -> list[Problem]:
    """A translation many times longer than its English is text pasted in by mistake (or sent to harm): it
    would fill pages, and lay out for minutes, where the English takes a line."""
    if len(translation) > LONGER * len(source) + LONGER_BY:
        return [Problem("error", f"the translation is {len(translation):,} characters long, the English only "
                                 f"{len(source):,}; a translation is seldom more than twice as long: was other "
                                 "text pasted in? Keep only the translation of this entry")]
    return []


CHECKS = (check_length, check_placeholders, check_bold, check_numbers, check_citations, check_markup, check_untranslated,
          check_invisible)


def check_entry(source: str, translation: str) -> list[Problem]:
    """Run every check on one translated entry; each problem once (two checks that parse the same
    malformed placeholder report it once)."""
    problems: list[Problem] = []
    for check in CHECKS:
        problems.extend(check(source, translation))
    return list(dict.fromkeys(problems))


# -- review checks: heuristics, reported by `handout check` only -----------------------------------------
# Arabic and Hebrew write one and two of a thing with the noun's singular and dual forms (أسبوعين "two
# weeks"), so a 1 or 2 of the English may rightly have no digit in the translation.
_NUMBERS_AS_WORDS = {"ar": {"1", "2"}, "he": {"1", "2"}}


def review_numbers(source: str, translation: str, language: str | None) -> list[Problem]:
    uncited = lambda text: _CITATIONS.sub(" ", text)  # noqa: E731 - citations have their own check
    missing = Counter(numbers(uncited(source))) - Counter(numbers(uncited(translation)))
    for number in _NUMBERS_AS_WORDS.get(language or "", ()):
        missing.pop(number, None)
    if not missing:
        return []
    shown = ", ".join(dict.fromkeys(missing.elements()))
    return [Problem("warning", f"number {shown} of the English is not in the translation; write every number "
                               "of the English as digits (for a number written as a word on purpose, the translator "
                               "comment 'handout: ignore-numbers' silences this)")]


def review_negation(source: str, translation: str, language: str | None) -> list[Problem]:
    if language is None or language == "en" or language not in negation_words():
        return []
    want, got = negations(source, "en"), negations(translation, language)
    if got >= want:
        return []
    return [Problem("warning", f"the English has {want} negation(s) (not, no, never, without...) but the "
                               f"translation has {got} that the check can see; make sure no \"not\" was "
                               "dropped (once a reviewer has read it, the translator comment 'handout: ignore-negation' "
                               "silences this)")]


def review_percent_format(source: str, translation: str, language: str | None) -> list[Problem]:
    """Text that Babel's PO reader takes for a %-format placeholder ("37 % unter" reads as "% u"). In the
    English it is reported with Babel's own checkers (handout/translate/translation.py); here in the translation."""
    from babel.messages.catalog import PYTHON_FORMAT

    match = PYTHON_FORMAT.search(translation)
    if match is None or PYTHON_FORMAT.search(source) or match.group(0) == "%%":
        return []
    return [Problem("warning", f"Babel reads '{match.group(0)}' in this translation as a %-format placeholder; "
                               "write percentages as the English does, with its {placeholder} (the tool "
                               "formats it for your language, e.g. 37 % in German)")]


REVIEW_CHECKS = {"negation": review_negation, "numbers": review_numbers, "percent-format": review_percent_format}


_SILENCE = re.compile(r"handout:\s*((?:ignore-[a-z-]+[\s,]*)+)$")


def silenced(flags, comments) -> set[str]:
    """The review checks an entry silences: flags `ignore-<check>` and translator comments
    `handout: ignore-<check>` (several may share a line).

    >>> sorted(silenced({"python-brace-format", "ignore-numbers"}, ["handout: ignore-negation", "hello"]))
    ['ignore-negation', 'ignore-numbers']
    """
    names = {flag for flag in flags if flag.startswith("ignore-")}
    for comment in comments:
        match = _SILENCE.match(comment.strip())
        if match:
            names.update(re.findall(r"ignore-[a-z-]+", match.group(1)))
    return names


def review_entry(source: str, translation: str, locale: str | None = None,
                 silence: frozenset[str] | set[str] = frozenset()) -> list[Problem]:
    """The heuristic checks on one translated entry, except those silenced (see `silenced`)."""
    language = _language(locale)
    problems: list[Problem] = []
    for name, check in REVIEW_CHECKS.items():
        if f"ignore-{name}" not in silence:
            problems.extend(check(source, translation, language))
    return list(dict.fromkeys(problems))


# -- negations -------------------------------------------------------------------------------------------
_WORD_SPLIT = re.compile(r"[\s.,;:!?()\[\]{}\"«»“”„‘*/،؛؟।॥。，；：！？（）、—–]+")
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # Arabic short vowels, shadda and tatweel


@lru_cache(maxsize=1)
def negation_words() -> dict[str, dict]:
    """handout/data/negations.yaml: per language, the words that negate (see the file's header)."""
    import yaml

    data = yaml.safe_load((Path(__file__).parent.parent / "data" / "negations.yaml").read_text(encoding="utf-8"))
    return {language: {key: (value if key == "blind" else tuple(value)) for key, value in spec.items()}
            for language, spec in data.items()}


def _language(locale: str | None) -> str | None:
    """'pt_BR' -> 'pt', 'zh_Hans' -> 'zh'."""
    return str(locale).replace("-", "_").split("_")[0].lower() if locale else None


def negations(text: str, language: str) -> int:
    """How many negations `text` has in `language`, by the word lists of negations.yaml.

    >>> negations("Do not stop, and don't take it with no food.", "en")
    3
    >>> negations("Nehmen Sie keine Opioide und hören Sie nicht auf.", "de")
    2
    >>> negations("请不要突然停药，这非常重要。", "zh")
    1
    """
    spec = negation_words()[language]
    text = _MARKS.sub("", unicodedata.normalize("NFC", text)).lower()
    count = 0
    for char in spec.get("chars", ()):
        count += text.count(char)
    for word in spec.get("not_negation", ()):
        count -= sum(word.count(char) for char in spec.get("chars", ())) * text.count(word)
    words, stems = spec.get("words", ()), spec.get("stems", ())
    prefixes, suffixes = ("",) + spec.get("prefixes", ()), spec.get("suffixes", ())
    for token in _WORD_SPLIT.split(text):
        token = token.strip("'’-")
        if not token:
            continue
        head = re.split(r"['’]", token)[0]
        if any(token.endswith(s) or token.replace("’", "'").endswith(s) for s in suffixes):
            count += 1
        elif any(t.startswith(p) and t[len(p):] in words for p in prefixes for t in (token, head)):
            count += 1
        elif any(token.startswith(p + s) for p in prefixes for s in stems) and \
                token not in spec.get("not_negation", ()):
            count += 1
    return count
