"""Translations for a build and for `handout check`: catalog entries matched to the current content,
checked, and turned into the `translate` function that localise() uses.

An entry is used only when its msgctxt and msgid match the English in content.yaml *now*, and it is
neither fuzzy nor empty. So when the English changes, the old translation stops printing at once, even
before anyone runs `extract` and `update`.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from handout.errors import CatalogError
from handout.source.invisible import for_text
from handout.source.model import Handout, Text, iter_texts
from handout.translate.catalog import entry_line, is_translated, lost_contexts, po_path, read_catalog
from handout.translate.localise import Translate
from handout.translate.qa import check_entry, review_entry, silenced

if TYPE_CHECKING:  # read and written by catalog.py
    from babel.messages.catalog import Catalog


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass
class Audit:
    """What a catalog offers for the current content."""

    path: Path
    catalog: Catalog
    findings: list[Finding] = field(default_factory=list)  # what a build reports (errors stop it)
    missing: list[Text] = field(default_factory=list)
    review: list[Finding] = field(default_factory=list)  # what only `handout check` reports
    lost: set[str] = field(default_factory=set)  # English of translated entries that lost their msgctxt

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def translate(self) -> Translate:
        index = {(m.context, m.id): m for m in self.catalog if m.id and is_translated(m)}
        shown = str(self.path)

        def translate(text: Text):
            message = index.get((text.context, text.source))
            if message is None:
                return None
            # embeddings, overrides and isolates removed: the layout keeps each value in its own direction
            words = message.string
            words = for_text(words) if isinstance(words, str) else tuple(map(for_text, words))
            return words, f"{shown}:{entry_line(self.path, message)}"

        return translate


def _translated(catalog: Catalog):
    """(message, English, translation) for every translated entry (a plural's first form)."""
    for message in catalog:
        if message.id and is_translated(message):
            source = message.id if isinstance(message.id, str) else message.id[0]
            target = message.string if isinstance(message.string, str) else message.string[0]
            yield message, source, target


def check_catalog(path: Path, catalog: Catalog) -> list[Finding]:
    """Run every QA check on every translated entry of a catalog."""
    findings = []
    for message, source, target in _translated(catalog):
        for problem in check_entry(source, target):
            findings.append(Finding(str(path), entry_line(path, message), problem.severity, problem.message))
    for message, errors in catalog.check():
        for error in errors:
            findings.append(Finding(str(path), entry_line(path, message), "error", str(error)))
    return list(dict.fromkeys(findings))


def review_catalog(path: Path, catalog: Catalog) -> list[Finding]:
    """The checks only `handout check` runs: the heuristics of qa.review_entry, and Babel's own catalog
    checkers on the entries as Babel's PO reader flags them, i.e. what `pybabel compile` would say."""
    locale = str(catalog.locale) if catalog.locale else None
    findings = []
    for message, source, target in _translated(catalog):
        for problem in review_entry(source, target, locale, silenced(message.flags, message.user_comments)):
            findings.append(Finding(str(path), entry_line(path, message), problem.severity, problem.message))
    findings.extend(babel_findings(path, catalog))
    return sorted(dict.fromkeys(findings), key=lambda f: f.line)


def babel_findings(path: Path, catalog: Catalog) -> list[Finding]:
    """Babel's checkers (babel.messages.checkers, through Catalog.check) with the python-format flag set
    where Babel's reader sets it: on any msgid that merely looks like %-formatting ("37% on" reads as
    "% o"). read_catalog drops that flag, so the build never trips on it; pybabel compile does."""
    flagged = [m for m in catalog if m.id and m.python_format and "python-format" not in m.flags]
    if not flagged:
        return []
    already = {(id(m), str(e)) for m, errors in catalog.check() for e in errors}
    for message in flagged:
        message.flags.add("python-format")
    try:
        checked = list(catalog.check())
    finally:
        for message in flagged:
            message.flags.discard("python-format")
    findings = []
    failing = set()
    for message, errors in checked:
        for error in errors:
            if (id(message), str(error)) in already:
                continue
            failing.add(id(message))
            findings.append(Finding(str(path), entry_line(path, message), "error",
                                    f"pybabel compile refuses this entry ({error}): Babel reads "
                                    f"{_format_text(message)} in the English as %-format; {PERCENT_FIX}"))
    for message in flagged:
        if id(message) not in failing and is_translated(message):
            findings.append(Finding(str(path), entry_line(path, message), "warning",
                                    f"Babel reads {_format_text(message)} in the English as %-format, so pybabel "
                                    f"checks the % signs of this entry against it; {PERCENT_FIX}"))
    return findings


PERCENT_FIX = ("the percentages belong in content.yaml as {placeholders} formatted for each language "
               "(see docs/translating.md); translations then keep the {placeholder}")


def _format_text(message) -> str:
    from babel.messages.catalog import PYTHON_FORMAT

    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    found = [m.group(0) for text in ids for m in PYTHON_FORMAT.finditer(text)]
    return ", ".join(f"'{text}'" for text in dict.fromkeys(found))


# Audits by (content model, catalog path, SHA-256 of the catalog's bytes): each process of a batch reads
# and checks a catalog once, however many editions, papers and clinics it prints. The model is held in
# the value so its id() cannot be reused while the entry lives.
_AUDITS: dict[tuple[int, str, str], tuple[Handout, Audit]] = {}


def audit_locale(handout: Handout, locales: Path, locale: str) -> Audit:
    """Read the locale's catalog, check it and list the content entries it cannot supply.

    The Audit is shared while the catalog's bytes and the content model stay the same: do not change it."""
    path = po_path(locales, locale)
    if not path.is_file():
        from handout.translate.catalog import list_locales, nearest_locale

        near = nearest_locale(locale, list_locales(locales))
        if near:
            raise CatalogError(f"no translation for '{locale}'; the nearest one here is '{near}': use --locale "
                               f"{near} (or create '{locale}' with `handout init {locale}`)", path=str(path))
        raise CatalogError(f"no translation for '{locale}'; create it with `handout init {locale}`",
                           path=str(path))
    try:
        key = (id(handout), str(path), hashlib.sha256(path.read_bytes()).hexdigest())
    except OSError:
        key = None  # read_catalog reports it
    if key in _AUDITS and _AUDITS[key][0] is handout:
        return _AUDITS[key][1]
    audit = _audit(handout, path, locale)
    if key is not None:
        if len(_AUDITS) > 64:
            _AUDITS.clear()
        _AUDITS[key] = (handout, audit)
    return audit


def _audit(handout: Handout, path: Path, locale: str) -> Audit:
    catalog = read_catalog(path, locale=locale)
    audit = Audit(path=path, catalog=catalog, findings=check_catalog(path, catalog),
                  review=review_catalog(path, catalog))
    lost = context_findings(path, catalog, handout)
    audit.findings.extend(lost)
    audit.lost = {m.id for m, _ in lost_contexts(catalog, _contexts(handout))}
    index = {(m.context, m.id) for m in catalog if m.id and is_translated(m)}
    seen = set()
    for text in iter_texts(handout):
        key = (text.context, text.source)
        if text.translatable and key not in index and key not in seen:
            audit.missing.append(text)
        seen.add(key)
    return audit


def _contexts(handout: Handout) -> dict[str, list[str]]:
    """Each translatable English text of the content and the contexts (section ids) it has."""
    contexts: dict[str, list[str]] = {}
    for text in iter_texts(handout):
        if text.translatable and text.context not in contexts.setdefault(text.source, []):
            contexts[text.source].append(text.context)
    return contexts


def context_findings(path: Path, catalog: Catalog, handout: Handout) -> list[Finding]:
    """An error for every translated entry the build cannot use because it has lost its msgctxt (see
    catalog.lost_contexts): its translation would silently never print."""
    findings = []
    for message, wanted in lost_contexts(catalog, _contexts(handout)):
        where = " or ".join(f'"{c}"' for c in wanted)
        fix = ("run `handout update` to give the entries their context back" if len(wanted) == 1 else
               "this English is in several places, so add the right one above its msgid (a line msgctxt "
               f"{where.split(' or ')[0]}) in Poedit or a text editor")
        findings.append(Finding(str(path), entry_line(path, message), "error",
                                f"this entry has lost its context (msgctxt {where} in the template), as happens "
                                f"after a round trip through XLIFF or CSV, so the build cannot use its "
                                f"translation; {fix}, or export again from the PO file with its contexts"))
    return findings


def describe_missing(text: Text, words: int = 8) -> str:
    """'section-id: "First words of the English..."' for lists of what is missing."""
    first = text.source.split()
    snippet = " ".join(first[:words]) + (" ..." if len(first) > words else "")
    return f"{text.context}: \"{snippet}\" (content line {text.line})"
