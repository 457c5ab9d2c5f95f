"""The translator's commands as library functions: extract, init, update and check.

`status`, which also checks that a font covers each translation, is `build.locale_status`: fonts belong
to the layout stage, which comes after translation.

Each returns data for the CLI to print; none prints or exits.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handout.errors import CatalogError, HandoutError
from handout.source.content import load_content
from handout.translate.catalog import (extract, init_catalog, list_locales, locales_dir, normalise_locale,
                                       same_language_as,
                                       po_path, pot_path, read_catalog, restore_contexts, serialise, update_catalog,
                                       write_if_changed)
from handout.translate.translation import Finding, audit_locale, check_catalog, review_catalog


def extract_pot(content: Path | str, locales: Path | str | None = None) -> tuple[Path, bool, int]:
    """Write the POT template for the content; return (path, whether it changed, entry count)."""
    handout = load_content(content)
    template = extract(handout)
    path = pot_path(locales_dir(content, locales))
    changed = write_if_changed(path, serialise(template, template=True))
    return path, changed, sum(1 for m in template if m.id)


def _template(content, locales) -> tuple:
    folder = locales_dir(content, locales)
    path = pot_path(folder)
    if not path.is_file():
        raise CatalogError("no template yet; run `handout extract` first", path=str(path))
    return folder, read_catalog(path)


def init_locale(locale: str, content: Path | str = "content.yaml", locales: Path | str | None = None,
                translator: str = "") -> Path:
    """Create the catalog for a new language from the template. Refuses to overwrite one."""
    locale = normalise_locale(locale)
    folder, template = _template(content, locales)
    path = po_path(folder, locale)
    if path.exists():
        raise CatalogError("this language already has a catalog; use `handout update` to refresh it",
                           path=str(path))
    try:
        source = load_content(content).meta.source_language
    except HandoutError:
        source = None  # the template was read; a content problem is reported by the commands that need it
    if source and (locale == source or same_language_as(locale, [source])):
        raise CatalogError(f"'{locale}' is the language the handout is written in ({source}): it needs no "
                           "translation; choose the language to translate into")
    twin = same_language_as(locale, list_locales(folder))
    if twin:
        raise CatalogError(f"'{locale}' is the same language as the catalog '{twin}' already here; use "
                           f"that one (--locale {twin}), or name a different country")
    write_if_changed(path, serialise(init_catalog(template, locale, translator)))
    return path


@dataclass(frozen=True)
class UpdateResult:
    locale: str
    path: Path
    new: int
    changed: int  # became fuzzy: the English changed
    obsolete: int
    written: bool
    restored: int = 0  # entries given back the msgctxt an XLIFF or CSV round trip took away


def update_locales(content: Path | str = "content.yaml", locales: Path | str | None = None) -> list[UpdateResult]:
    """Merge the template into every catalog."""
    folder, template = _template(content, locales)
    results = []
    for locale in list_locales(folder):
        path = po_path(folder, locale)
        catalog = read_catalog(path, locale=locale)
        restored = restore_contexts(catalog, template)
        before = {(m.context, m.id) for m in catalog if m.id}
        old_obsolete = len(catalog.obsolete)
        update_catalog(catalog, template)
        changed = sum(1 for m in catalog if m.id and m.fuzzy and m.previous_id and (m.context, m.id) not in before)
        new = sum(1 for m in catalog if m.id and (m.context, m.id) not in before and not m.previous_id)
        written = write_if_changed(path, serialise(catalog))
        results.append(UpdateResult(locale, path, new, changed, len(catalog.obsolete) - old_obsolete, written,
                                    restored))
    return results





def check_locales(content: Path | str = "content.yaml", locales: Path | str | None = None,
                  only: list[str] | None = None) -> list[Finding]:
    """Every QA problem in every catalog (or those in `only`), plus entries the content needs but lacks:
    what a build reports and the review checks only `check` runs, each finding once, by line."""
    handout = load_content(content)
    folder = locales_dir(content, locales)
    findings: list[Finding] = []
    for locale in dict.fromkeys([normalise_locale(code) for code in only] if only else list_locales(folder)):
        audit = audit_locale(handout, folder, locale)
        findings.extend(sorted(dict.fromkeys(audit.findings + audit.review), key=lambda f: f.line))
        missing = [text for text in audit.missing if text.source not in audit.lost]  # already errors
        if missing:
            findings.append(Finding(str(audit.path), 1, "warning",
                                    f"{len(missing)} entries needed by the content are missing, fuzzy "
                                    "or untranslated; the build refuses this language until they are done"))
    return findings


def check_file(path: Path) -> list[Finding]:
    """QA checks on one catalog file, without content (for translators' repositories)."""
    catalog = read_catalog(path)
    return sorted(dict.fromkeys(check_catalog(path, catalog) + review_catalog(path, catalog)), key=lambda f: f.line)
