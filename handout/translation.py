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

from babel.messages.catalog import Catalog

from handout.catalog import entry_line, is_translated, po_path, read_catalog
from handout.errors import CatalogError
from handout.localise import Translate
from handout.model import Handout, Text, iter_texts
from handout.qa import check_entry


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
    findings: list[Finding] = field(default_factory=list)
    missing: list[Text] = field(default_factory=list)

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
            return message.string, f"{shown}:{entry_line(self.path, message)}"

        return translate


def check_catalog(path: Path, catalog: Catalog) -> list[Finding]:
    """Run every QA check on every translated entry of a catalog."""
    findings = []
    for message in catalog:
        if not message.id or not is_translated(message):
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        target = message.string if isinstance(message.string, str) else message.string[0]
        for problem in check_entry(source, target):
            findings.append(Finding(str(path), entry_line(path, message), problem.severity, problem.message))
    for message, errors in catalog.check():
        for error in errors:
            findings.append(Finding(str(path), entry_line(path, message), "error", str(error)))
    return findings


# Audits by (content model, catalog path, SHA-256 of the catalog's bytes): each process of a batch reads
# and checks a catalog once, however many editions, papers and clinics it prints. The model is held in
# the value so its id() cannot be reused while the entry lives.
_AUDITS: dict[tuple[int, str, str], tuple[Handout, Audit]] = {}


def audit_locale(handout: Handout, locales: Path, locale: str) -> Audit:
    """Read the locale's catalog, check it and list the content entries it cannot supply.

    The Audit is shared while the catalog's bytes and the content model stay the same: do not change it."""
    path = po_path(locales, locale)
    if not path.is_file():
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
    audit = Audit(path=path, catalog=catalog, findings=check_catalog(path, catalog))
    index = {(m.context, m.id) for m in catalog if m.id and is_translated(m)}
    seen = set()
    for text in iter_texts(handout):
        key = (text.context, text.source)
        if text.translatable and key not in index and key not in seen:
            audit.missing.append(text)
        seen.add(key)
    return audit


def describe_missing(text: Text, words: int = 8) -> str:
    """'section-id: "First words of the English..."' for lists of what is missing."""
    first = text.source.split()
    snippet = " ".join(first[:words]) + (" ..." if len(first) > words else "")
    return f"{text.context}: \"{snippet}\" (content line {text.line})"
