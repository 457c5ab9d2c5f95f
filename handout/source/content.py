"""Load content.yaml and check it thoroughly, returning the `Handout` model.

Every problem is reported as `path:line: what is wrong; what to do`. Checks: the shape of the file (keys,
types, block types), dates, doses (CLDR units), percentages (0 to 100, never typed into the text), that
every placeholder has a value, that bold markers pair up, and that citations and references match.
"""
from __future__ import annotations

import dataclasses
import hashlib
import datetime as dt
import math
import re
from decimal import Decimal
from difflib import get_close_matches
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.units import UnknownUnitError, format_unit

from handout.errors import ContentError, HandoutError
from handout.source import model as m
from handout.source.markup import MarkupError, bold_count, citations, clean, placeholders
from handout.source.yamlfile import MAX_BYTES, LocDict, LocList, load_yaml

# Label keys the engine prints, with the placeholders each may use (besides clinic fields and doses).
LABELS: dict[str, set[str]] = {
    "page": {"page", "pages"},
    "version": {"version"},
    "published": {"date"},
    "next_review": {"date"},
    "contact_heading": set(),
    "phone": {"phone"},
    "address": {"address"},
    "email": {"email"},
    "website": {"website"},
    "feedback": {"feedback"},
    "other_formats": set(),
    "translation_of": {"language", "version"},
    "incomplete_translation": {"language"},
    "logo_alt": {"clinic_name"},
    "online": {"url"},
    "qr_alt": {"url"},
    "review_overdue": {"date"},
}
# Labels a content file may leave out (older content files, small test handouts): the English default is
# printed, in every language, until the content names the label and the catalogs translate it.
OPTIONAL_LABELS: dict[str, tuple[set[str], str]] = {
    "translation_unreviewed": (set(), "This translation has not yet been checked by a health professional."),
    # what {clinic_emergency_phone} prints when the clinic file sets no emergency_phone
    "emergency_number": (set(), "your local emergency number"),
    # the headings of a booklet's writing pages, where its last sheet would have had blank pages
    "questions": (set(), "Questions for your clinician"),
    "notes": (set(), "Notes"),
}
CLINIC_FIELDS = {"clinic_name", "clinic_department", "clinic_phone", "clinic_emergency_phone", "clinic_address",
                 "clinic_email", "clinic_website", "clinic_feedback", "clinic_crisis_line", "clinic_crisis_phone"}
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_DOSE_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")
META_KEYS = {"id", "version", "published", "last_reviewed", "next_review", "source_language", "title",
             "subtitle", "subject", "keywords", "key_facts"}


class _Reader:
    """Walks the YAML data with the file path at hand, so each check can name its line."""

    def __init__(self, path: str):
        self.path = path

    def fail(self, line: int, message: str):
        raise ContentError(message, path=self.path, line=line)

    def mapping(self, value, line: int, what: str, required: set[str], optional: set[str] = frozenset()) -> LocDict:
        if not isinstance(value, dict):
            self.fail(line, f"{what} must be a mapping of keys to values, not {_kind(value)}")
        for key in value:
            if key not in required and key not in optional:
                allowed = sorted(required | set(optional))
                close = get_close_matches(str(key), allowed, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"expected: {', '.join(allowed)}"
                self.fail(value.line_of(key), f"{what}: unknown key '{key}'; {hint}")
        for key in sorted(required):
            if key not in value:
                self.fail(value.line, f"{what}: missing key '{key}'")
        return value

    def sequence(self, value, line: int, what: str, allow_empty: bool = False) -> LocList:
        if not isinstance(value, list):
            self.fail(line, f"{what} must be a list (lines starting with '- '), not {_kind(value)}")
        if not value and not allow_empty:
            self.fail(line, f"{what} is empty; add at least one item")
        return value

    def text(self, value, line: int, what: str, context: str, allowed: set[str]) -> m.Text:
        if not isinstance(value, str):
            self.fail(line, f"{what} must be text, not {_kind(value)}; put it in double quotes")
        if not value.strip():
            self.fail(line, f"{what} is empty; write the text or remove the entry")
        try:
            names = placeholders(clean(value))  # checked as it will be drawn: control characters removed
            bold_count(clean(value))
        except MarkupError as exc:
            self.fail(line, f"{what}: {exc.message}")
        for name in names:
            if name not in allowed:
                close = get_close_matches(name, sorted(allowed), n=1)
                hint = f"did you mean {{{close[0]}}}?" if close else \
                    "add it under 'doses:' or use a clinic field such as {clinic_phone}"
                self.fail(line, f"{what}: placeholder {{{name}}} has no value; {hint}")
        return m.Text(source=value, context=context, where=what, line=line)

    def texts(self, value, line: int, what: str, context: str, allowed: set[str]) -> tuple[m.Text, ...]:
        items = self.sequence(value, line, what)
        return tuple(self.text(item, items.line_of(i), f"{what}, item {i + 1}", context, allowed)
                     for i, item in enumerate(items))

    def date(self, value, line: int, what: str) -> dt.date:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.fail(line, f"{what} must be a date written YYYY-MM-DD, not {value!r}")
        return value

    def widths(self, value, line: int, what: str, count: int) -> tuple[float, ...]:
        if value is None:
            return (1.0,) * count
        items = self.sequence(value, line, what)
        if len(items) != count or not all(_positive(w) for w in items):
            self.fail(line, f"{what} must list {count} positive numbers, one per column")
        return tuple(float(w) for w in items)


def _positive(value) -> bool:
    """A real, finite number above zero (YAML also reads .inf and .nan as numbers)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > 0


def _kind(value) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return {str: "text", bool: "true/false", int: "a number", float: "a number",
            type(None): "nothing"}.get(type(value), type(value).__name__)


# Parsed content by (path, SHA-256 of its bytes): a batch builds many handouts from one file, and each
# process parses it once. Keyed by the bytes, not the file's time stamp, so an edit is never missed.
_PARSED: dict[tuple[str, str], m.Handout] = {}


def load_content(path: Path | str) -> m.Handout:
    """Read and check a content file; return the Handout model or raise ContentError.

    The model is frozen, so the same object is returned while the file's bytes stay the same."""
    path = Path(path)
    shown = str(path)
    try:
        key = (shown, hashlib.sha256(path.read_bytes()).hexdigest()) if path.stat().st_size <= MAX_BYTES else None
    except OSError:
        key = None  # the checked read below reports it
    if key in _PARSED:
        return _PARSED[key]
    handout = _parse_content(path, shown)
    if key is not None:
        if len(_PARSED) > 8:  # a long-running process that edits its content keeps only recent versions
            _PARSED.clear()
        _PARSED[key] = handout
    return handout


def _parse_content(path: Path, shown: str) -> m.Handout:
    try:
        data = load_yaml(path, "content file")
    except HandoutError as exc:
        message = exc.message
        if shown == "content.yaml" and not path.exists() and not path.is_symlink():  # run in another folder
            message = ("content file not found; run the command in the project folder (the one holding "
                       "content.yaml), or name the content file, e.g. `handout build path/to/content.yaml`")
        raise ContentError(message, path=exc.path or shown, line=exc.line) from None
    r = _Reader(shown)
    if not isinstance(data, dict):
        r.fail(1, "the content file must be a mapping with keys handout, doses, labels and sections")
    r.mapping(data, 1, "content file", {"handout", "labels", "sections"}, {"doses", "percents"})
    doses = _load_doses(r, data.get("doses", LocDict()), data.line_of("doses"))
    percents = _load_percents(r, data.get("percents", LocDict()), data.line_of("percents"), set(doses))
    allowed = set(doses) | set(percents) | CLINIC_FIELDS
    meta = _load_meta(r, data["handout"], data.line_of("handout"), allowed)
    labels = _load_labels(r, data["labels"], data.line_of("labels"), allowed)
    sections = _load_sections(r, data["sections"], data.line_of("sections"), allowed)
    _check_citations(r, sections)
    _check_no_typed_percent(r, (meta, labels, sections))
    return m.Handout(meta=meta, doses=doses, labels=labels, sections=sections, path=shown,
                     language=meta.source_language, percents=percents)


def _load_meta(r: _Reader, raw, line: int, allowed: set[str]) -> m.Meta:
    optional = {"subtitle", "keywords", "key_facts"}
    d = r.mapping(raw, line, "handout", META_KEYS - optional, optional)
    ident = d["id"]
    if not isinstance(ident, str) or not _ID.match(ident):
        r.fail(d.line_of("id"), f"handout id {ident!r} must be lowercase letters, digits and '-', such as asthma-inhalers")
    version = d["version"]
    if not isinstance(version, str):
        r.fail(d.line_of("version"), f"handout version must be text: write version: \"{version}\" in quotes")
    dates = {key: r.date(d[key], d.line_of(key), f"handout {key}")
             for key in ("published", "last_reviewed", "next_review")}
    if dates["next_review"] <= dates["last_reviewed"]:
        r.fail(d.line_of("next_review"), "handout next_review must be after last_reviewed")
    if dates["last_reviewed"] < dates["published"]:
        r.fail(d.line_of("last_reviewed"), "handout last_reviewed cannot be before published")
    lang = d["source_language"]
    if not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]+)*", lang) or not _known(lang):
        r.fail(d.line_of("source_language"), f"source_language {lang!r} must be a language code such as en")

    def text(key):
        return r.text(d[key], d.line_of(key), f"handout {key}", "metadata", allowed)

    keywords = r.texts(d["keywords"], d.line_of("keywords"), "handout keywords", "metadata", allowed) \
        if "keywords" in d else ()
    key_facts = r.texts(d["key_facts"], d.line_of("key_facts"), "handout key_facts", "key-facts", allowed) \
        if "key_facts" in d else ()
    return m.Meta(id=ident, version=version, source_language=lang, title=text("title"),
                  subtitle=text("subtitle") if "subtitle" in d else None, subject=text("subject"),
                  keywords=keywords, key_facts=key_facts, **dates)


def _known(code: str) -> bool:
    """Babel has data for this language (the handout's dates and doses are formatted with it)."""
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _check_value_name(r: _Reader, where: int, name, kind: str, example: str, doses: set[str]) -> None:
    """A dose's or percentage's name: a {placeholder} name not taken by a clinic field or a dose."""
    if not isinstance(name, str) or not _DOSE_NAME.match(name):
        r.fail(where, f"{kind} name {name!r} must be lowercase letters, digits and '_' (e.g. {example})")
    if name in CLINIC_FIELDS or name in doses:
        taken = "a clinic field" if name in CLINIC_FIELDS else "a dose"
        r.fail(where, f"{kind} name '{name}' is taken by {taken}; choose another name")


def _load_doses(r: _Reader, raw, line: int) -> dict[str, m.Dose]:
    d = r.mapping(raw, line, "doses", set(), set(raw) if isinstance(raw, dict) else set())
    doses = {}
    for name, spec in d.items():
        where = d.line_of(name)
        _check_value_name(r, where, name, "dose", "start_low", set())
        spec = r.mapping(spec, where, f"dose '{name}'", {"amount", "unit"})
        amount = spec["amount"]
        if isinstance(amount, bool) or not isinstance(amount, (int, float)) or not math.isfinite(amount) \
                or amount < 0:
            r.fail(spec.line_of("amount"), f"dose '{name}': amount must be a number such as 4.5, not {amount!r}")
        unit = spec["unit"]
        try:
            format_unit(1, unit, locale="en")
        except (UnknownUnitError, TypeError, ValueError):
            r.fail(spec.line_of("unit"), f"dose '{name}': unknown unit {unit!r}; use a CLDR unit id "
                                         "such as mass-milligram")
        doses[name] = m.Dose(name=name, amount=Decimal(str(amount)), unit=unit, line=where)
    return doses


def _load_percents(r: _Reader, raw, line: int, doses: set[str]) -> dict[str, m.Percent]:
    """Percentages as data, like doses: each is formatted for the reader's language ("37%", "37 %")."""
    d = r.mapping(raw, line, "percents", set(), set(raw) if isinstance(raw, dict) else set())
    percents = {}
    for name, value in d.items():
        where = d.line_of(name)
        _check_value_name(r, where, name, "percent", "my_percent", doses)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or not 0 <= value <= 100:
            r.fail(where, f"percent '{name}' must be a number from 0 to 100 (37 for 37%), not {value!r}")
        percents[name] = m.Percent(name=name, value=Decimal(str(value)), line=where)
    return percents


_TYPED_PERCENT = re.compile(r"\d\s*%")


def _check_no_typed_percent(r: _Reader, parts) -> None:
    """A percentage typed into translatable text ("37%", "37 %"): translators would retype the number, and
    gettext tools read '37% on' as the %-format '% o'. Percentages are data, like doses. A '%' after
    anything but a number ("%PDF") is ordinary text."""
    for text in m.iter_texts(parts):
        if text.translatable and _TYPED_PERCENT.search(clean(text.source)):
            r.fail(text.line, f"{text.where}: a percentage typed into the text; put the number under "
                              "'percents:' (e.g. my_percent: 37) and write {my_percent} instead")


def _load_labels(r: _Reader, raw, line: int, allowed: set[str]) -> dict[str, m.Text]:
    d = r.mapping(raw, line, "labels", set(LABELS), set(OPTIONAL_LABELS))
    labels = {key: r.text(d[key], d.line_of(key), f"label '{key}'", "labels", allowed | LABELS[key])
              for key in LABELS}
    for key, (names, default) in OPTIONAL_LABELS.items():
        labels[key] = r.text(d[key], d.line_of(key), f"label '{key}'", "labels", allowed | names) if key in d \
            else m.Text(source=default, context="labels", where=f"label '{key}' (built-in English)", line=line,
                        translatable=False)
    return labels


def _load_sections(r: _Reader, raw, line: int, allowed: set[str]) -> tuple[m.Section, ...]:
    items = r.sequence(raw, line, "sections")
    sections, seen = [], {}
    for i, raw_section in enumerate(items):
        s = r.mapping(raw_section, items.line_of(i), f"section {i + 1}", {"id", "title", "blocks"},
                      {"new_page"})
        sid = s["id"]
        if not isinstance(sid, str) or not _ID.match(sid):
            r.fail(s.line_of("id"), f"section id {sid!r} must be lowercase letters, digits and '-'")
        if sid in seen:
            r.fail(s.line_of("id"), f"section id '{sid}' is used twice (first at line {seen[sid]})")
        seen[sid] = s.line_of("id")
        new_page = s.get("new_page", False)
        if not isinstance(new_page, bool):
            r.fail(s.line_of("new_page"), f"section '{sid}': new_page must be true or false")
        title = r.text(s["title"], s.line_of("title"), f"section '{sid}' title", sid, allowed)
        blocks_raw = r.sequence(s["blocks"], s.line_of("blocks"), f"section '{sid}' blocks")
        blocks = tuple(_load_block(r, b, blocks_raw.line_of(j), sid, j + 1, allowed)
                       for j, b in enumerate(blocks_raw))
        sections.append(m.Section(id=sid, title=title, blocks=blocks, new_page=new_page, line=s.line))
    return tuple(sections)


_BLOCK_KEYS = {
    "paragraph": ({"text"}, set()),
    "bullets": ({"items"}, set()),
    "steps": ({"items"}, set()),
    "callout": ({"kind", "title"}, {"text", "items", "crisis_line"}),
    "table": ({"columns", "rows"}, {"widths"}),
    "tracker": ({"days", "week_length", "day_label", "date_label", "columns"}, set()),
    "references": ({"items"}, set()),
}
CALLOUT_KINDS = ("warning", "important")


def _load_block(r: _Reader, raw, line: int, sid: str, number: int, allowed: set[str]) -> m.Block:
    where = f"section '{sid}', block {number}"
    if not isinstance(raw, dict) or "type" not in raw:
        r.fail(line, f"{where}: each block needs a 'type' (one of: {', '.join(_BLOCK_KEYS)})")
    kind = raw["type"]
    if not isinstance(kind, str) or kind not in _BLOCK_KEYS:
        close = get_close_matches(str(kind), list(_BLOCK_KEYS), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        r.fail(raw.line_of("type"), f"section '{sid}': unknown block type '{kind}' "
                                    f"({hint}expected one of: {', '.join(_BLOCK_KEYS)})")
    required, optional = _BLOCK_KEYS[kind]
    b = r.mapping(raw, line, f"{where} ({kind})", required | {"type"}, optional)
    where = f"section '{sid}', {kind} (block {number})"

    def text(key):
        return r.text(b[key], b.line_of(key), f"{where} {key.replace('_', ' ')}", sid, allowed)

    def texts(key):
        return r.texts(b[key], b.line_of(key), f"{where} {key}", sid, allowed)

    if kind == "paragraph":
        return m.Paragraph(text("text"))
    if kind in ("bullets", "steps"):
        return m.BLOCK_TYPES[kind](texts("items"))
    if kind == "references":  # cited works keep their own language: not sent to translators
        return m.References(tuple(dataclasses.replace(t, translatable=False) for t in texts("items")))
    if kind == "callout":
        if b["kind"] not in CALLOUT_KINDS:
            r.fail(b.line_of("kind"), f"{where}: kind must be one of {', '.join(CALLOUT_KINDS)}, not {b['kind']!r}")
        if ("text" in b) == ("items" in b):
            r.fail(b.line, f"{where}: give either 'text' or 'items'")
        items = (text("text"),) if "text" in b else texts("items")
        crisis = text("crisis_line") if "crisis_line" in b else None
        return m.Callout(kind=b["kind"], title=text("title"), items=items, crisis_line=crisis)
    if kind == "table":
        columns = texts("columns")
        rows_raw = r.sequence(b["rows"], b.line_of("rows"), f"{where} rows")
        rows = []
        for i, row in enumerate(rows_raw):
            cells = r.texts(row, rows_raw.line_of(i), f"{where} row {i + 1}", sid, allowed)
            if len(cells) != len(columns):
                r.fail(rows_raw.line_of(i), f"{where}: row {i + 1} has {len(cells)} cells but there are "
                                            f"{len(columns)} columns")
            rows.append(cells)
        widths = r.widths(b.get("widths"), b.line_of("widths"), f"{where} widths", len(columns))
        return m.Table(columns=columns, rows=tuple(rows), widths=widths)
    if kind == "tracker":
        for key, low, high in (("days", 1, 62), ("week_length", 1, 31)):
            value = b[key]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                r.fail(b.line_of(key), f"{where}: {key} must be a whole number from {low} to {high}")
        cols_raw = r.sequence(b["columns"], b.line_of("columns"), f"{where} columns")
        labels, widths = [], []
        for i, col in enumerate(cols_raw):
            c = r.mapping(col, cols_raw.line_of(i), f"{where} column {i + 1}", {"label"}, {"width"})
            labels.append(r.text(c["label"], c.line_of("label"), f"{where} column {i + 1}", sid, allowed))
            width = c.get("width", 1)
            if not _positive(width):
                r.fail(c.line_of("width"), f"{where} column {i + 1}: width must be a positive number")
            widths.append(float(width))
        return m.Tracker(days=b["days"], week_length=b["week_length"], day_label=text("day_label"),
                         date_label=text("date_label"), columns=tuple(labels), widths=tuple(widths))
    raise AssertionError(kind)  # pragma: no cover - _BLOCK_KEYS covers every kind


def _check_citations(r: _Reader, sections: tuple[m.Section, ...]) -> None:
    refs = [item for s in sections for b in s.blocks if isinstance(b, m.References) for item in b.items]
    ref_set = set(refs)
    cited: set[int] = set()
    for text in m.iter_texts(sections):
        if text in ref_set:
            continue
        for n in citations(text.source):
            if not 1 <= n <= len(refs):
                r.fail(text.line, f"{text.where}: citation [{n}] has no entry in the references "
                                  f"(there are {len(refs)})")
            cited.add(n)
    for n, ref in enumerate(refs, start=1):
        if n not in cited:
            r.fail(ref.line, f"reference {n} is never cited; cite it as [{n}] or remove it")
