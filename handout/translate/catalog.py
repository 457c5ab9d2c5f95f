"""Translation catalogs: the gettext PO/POT files under locales/, read and written with Babel.

Layout (what pybabel and GNU msgfmt expect): `locales/handout.pot` and
`locales/<locale>/LC_MESSAGES/handout.po`. Every translatable Text of the content model becomes one entry
with msgctxt = the section id, an extracted comment saying where it appears and what to keep, and a
`content.yaml:LINE` reference. Fuzzy and empty entries are not translations (as GNU msgfmt treats them).
"""
from __future__ import annotations

import datetime as dt
import errno
import gettext
import io
import re
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from babel.core import get_locale_identifier
from babel.localedata import locale_identifiers

from handout import tempfiles
from handout.errors import CatalogError
from handout.source.markup import MarkupError, bold_count, placeholders
from handout.source.model import Handout, Text, iter_texts
from handout.translate.localise import placeholder_values

if TYPE_CHECKING:  # babel.messages is imported where catalogs are read or written: an English build needs none
    from babel.messages.catalog import Catalog, Message

DOMAIN = "handout"
MAX_CATALOG_BYTES = 5_000_000
_REVIEW = re.compile(r"^#\s*Review-Status:\s*(.*)$", re.M)
_TRANSLATOR = re.compile(r"^#\s*Translator:\s*(.*)$", re.M)


def locales_dir(content: Path | str, locales: Path | str | None) -> Path:
    """Where catalogs live: --locales, else `locales/` beside the content file (a relative path when the
    content's is, so messages name files as the user would type them)."""
    return Path(locales) if locales else Path(content).parent / "locales"


def pot_path(locales: Path) -> Path:
    return locales / f"{DOMAIN}.pot"


def po_path(locales: Path, locale: str) -> Path:
    return locales / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def list_locales(locales: Path) -> list[str]:
    """Locales that have a catalog, sorted."""
    if not locales.is_dir():
        return []
    return sorted(p.name for p in locales.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())


def nearest_locale(locale: str, available: list[str]) -> str | None:
    """The catalog in `available` nearest to `locale` (of the same language; the same script, written or
    likely, first, then the same country), or None: es_ES -> es, zh -> zh_Hans, zh_TW -> zh_Hant.

    >>> nearest_locale("es_ES", ["de", "es"]), nearest_locale("zh", ["zh_Hant", "zh_Hans"]), nearest_locale("fr", ["es"])
    ('es', 'zh_Hans', None)
    """
    from babel.core import get_global

    def parts(code: str) -> tuple[str, str | None, str | None]:
        try:
            parsed = Locale.parse(code.replace("-", "_"))
        except (UnknownLocaleError, ValueError, TypeError):
            return code.replace("-", "_").split("_")[0].lower(), None, None
        script = parsed.script
        if not script:
            likely = get_global("likely_subtags")
            key = f"{parsed.language}_{parsed.territory}" if parsed.territory else parsed.language
            guess = likely.get(key) or likely.get(parsed.language)
            script = Locale.parse(guess).script if guess else None
        return parsed.language, script, parsed.territory

    language, script, territory = parts(locale)
    scored = []
    for code in available:
        other = parts(code)
        if code != locale and other[0] == language and (other[1] == script or None in (other[1], script)):
            scored.append((-(2 * (other[1] == script) + (other[2] == territory)), len(code), code))
    return min(scored)[2] if scored else None


def same_language_as(locale: str, available: list[str]) -> str | None:
    """The catalog in `available` that is the same language, script and country as `locale` once each is
    completed with its likely script and country (es_ES is es, zh is zh_Hans), or None."""
    from babel.core import get_global

    likely = get_global("likely_subtags")

    def full(code: str) -> tuple:
        try:
            parsed = Locale.parse(code.replace("-", "_"))
        except (UnknownLocaleError, ValueError, TypeError):
            return (code,)
        guess = likely.get(parsed.language)
        guess = Locale.parse(guess) if guess else None
        return (parsed.language, parsed.script or (guess and guess.script),
                parsed.territory or (guess and guess.territory))

    mine = full(locale)
    return next((code for code in available if code != locale and full(code) == mine), None)


def normalise_locale(code: str) -> str:
    """Check a locale code against Babel's data; return its canonical form (pt-BR → pt_BR).

    Unknown codes raise CatalogError with close matches.
    """
    try:
        return get_locale_identifier((lambda l: (l.language, l.territory, l.script, l.variant))(
            Locale.parse(code.replace("-", "_"))))
    except (UnknownLocaleError, ValueError, TypeError):
        known = locale_identifiers()
        close = get_close_matches(code.replace("-", "_"), known, n=3, cutoff=0.6)
        hint = f"did you mean {', '.join(close)}?" if close else "use a code such as es, pt_BR or zh_Hans"
        raise CatalogError(f"unknown locale '{code}'; {hint}") from None


def _keep_note(text: Text, handout: Handout) -> str:
    notes = []
    try:
        names = placeholders(text.source)
        bolds = bold_count(text.source)
    except MarkupError:  # pragma: no cover - source/content.py already rejected malformed text
        names, bolds = [], 0
    if names:
        notes.append("keep " + ", ".join("{" + n + "}" for n in dict.fromkeys(names)) + " exactly as written")
    english = placeholder_values(handout, "en")
    shown = [f"{{{n}}} = {english[n]}".replace("\u00a0", " ") for n in dict.fromkeys(names) if n in english]
    if shown:  # doses carry their unit and percentages their % sign: translators must not add them
        notes.append("in English " + ", ".join(shown) + "; the tool writes the number with its unit or % sign "
                     "in your language's style, so do not type them")
    if bolds:
        notes.append(f"keep the {bolds // 2} pair(s) of ** bold markers around the matching words")
    if re.search(r"\[\d", text.source):
        notes.append("keep citation numbers such as [1] as they are")
    return "; ".join(notes)


def extract(handout: Handout) -> Catalog:
    """The POT template for `handout`: one entry per distinct (section, English text)."""
    from babel.messages.catalog import Catalog

    meta = handout.meta
    stamp = dt.datetime.combine(meta.last_reviewed, dt.time(), tzinfo=dt.timezone.utc)
    catalog = Catalog(project=f"{meta.id}", version=meta.version, creation_date=stamp, revision_date=stamp,
                      copyright_holder="", msgid_bugs_address=" ", charset="utf-8", fuzzy=False,
                      header_comment=f"# Translation template for the '{meta.id}' handout, version {meta.version}.\n"
                                     f"# Made by `handout extract` from {Path(handout.path).name}; do not edit.")
    source = Path(handout.path).name
    for text in iter_texts(handout):
        if not text.translatable:
            continue
        comments = [f"{text.where}"]
        note = _keep_note(text, handout)
        if note:
            comments.append(note)
        flags = ["python-brace-format"] if "{" in text.source else []
        existing = catalog.get(text.source, context=text.context)
        if existing is not None:
            existing.locations.append((source, text.line))
            for comment in comments:
                if comment not in existing.auto_comments:
                    existing.auto_comments.append(comment)
            continue
        catalog.add(text.source, context=text.context, locations=[(source, text.line)], auto_comments=comments,
                    flags=flags)
    return catalog


def _drop_percent_format(catalog: Catalog) -> Catalog:
    """Babel flags any msgid that merely looks like %-formatting ("37% on" reads as "% o") as
    python-format; GNU msgfmt and Poedit would then demand the same "%o" in every translation. The
    handout's only placeholders are {braces}, so that flag is always wrong here."""
    for message in catalog:
        message.flags.discard("python-format")
    for message in catalog.obsolete.values():
        message.flags.discard("python-format")
    return catalog


def _with_previous(data: bytes, catalog: Catalog) -> bytes:
    """Add each fuzzy entry's previous English as `#| msgid` lines, the way GNU gettext writes them.

    Babel's own include_previous wraps a long previous msgid as if it were prose (`#| msgid "" "Low-dose
    ... medicine` then `#| " "naltrexone`), which msgfmt rejects as a syntax error; so the lines are
    written here, one PO string per line, just before the entry's msgctxt."""
    from babel.messages.pofile import normalize

    charset = catalog.charset or "utf-8"
    for message in catalog:
        if not message.id or not message.previous_id:
            continue
        head = (f"msgctxt {normalize(message.context, width=79)}\n" if message.context is not None else "") + \
            f"msgid {normalize(message.id, width=79)}\n"
        previous = "".join(f"#| {line}\n" for line in f"msgid {normalize(message.previous_id[0], width=76)}"
                           .split("\n"))
        anchor = ("\n" + head).encode(charset)
        at = data.find(anchor)
        if at < 0:  # pragma: no cover - every entry Babel wrote has exactly this head
            continue
        data = data[:at + 1] + previous.encode(charset) + data[at + 1:]
    return data


def _read_previous(catalog: Catalog) -> Catalog:
    """Babel's reader keeps `#| msgid ...` lines as user comments ('| msgid ""'); turn them back into the
    entry's previous msgid, so that reading and writing a catalog keeps the old English as it was."""
    from babel.messages.pofile import denormalize

    for message in catalog:
        lines = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
        if not lines:
            continue
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        start = next((i for i, line in enumerate(lines) if line.startswith("msgid ")), None)
        if start is None:
            continue
        body = [lines[start][len("msgid "):]]
        body += [line for line in lines[start + 1:] if line.startswith('"')]
        try:
            message.previous_id = [denormalize("\n".join(body))]
        except Exception:  # a hand-damaged '#|' line: the old English is only a hint, drop it
            message.previous_id = []
    return catalog


# Babel's PO writer splits a long line into words with babel.messages.pofile.WORD_SEP, whose hyphenated-word
# branch is tried from every character of a run of letters and scans to its end: time grows with the square of
# the longest run without a space (a 100 KB msgstr of CJK text or one long "word" took 190 s to write, 400 KB
# over an hour). The same expression with a look-behind that fails at once inside a word splits every text the
# same way (tests/translate/test_catalog_size.py compares them) in time linear in its length.
_WORD_SEP = re.compile(r"(\s+|"  # any whitespace
                       r"[^\s\w]*(?<!\w)\w+[a-zA-Z]-(?=\w+[a-zA-Z])|"  # hyphenated words, from a word's start
                       r"(?<=[\w\!\"\'\&\.\,\?])-{2,}(?=\w))")  # em-dash


def serialise(catalog: Catalog, template: bool = False) -> bytes:
    from babel.messages import pofile

    _drop_percent_format(catalog)
    buffer = io.BytesIO()
    babel_word_sep, pofile.WORD_SEP = pofile.WORD_SEP, _WORD_SEP  # for write_po and _with_previous's normalize
    try:
        pofile.write_po(buffer, catalog, width=79, include_previous=False, sort_output=False, ignore_obsolete=False)
        data = _with_previous(buffer.getvalue(), catalog)
    finally:
        pofile.WORD_SEP = babel_word_sep
    if template:  # Babel stamps its own version; keep the POT byte-stable across Babel upgrades
        data = re.sub(rb'"Generated-By: Babel [^"]*"\n', b"", data)
    return data


def write_if_changed(path: Path, data: bytes) -> bool:
    """Atomically write `data` to `path` unless it already holds exactly that; return True if written.

    Raises CatalogError when the file or its folder cannot be written."""
    try:
        if path.is_file() and path.read_bytes() == data:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        tempfiles.write_atomic(path, data)
    except (FileExistsError, NotADirectoryError):
        raise CatalogError("cannot write this file: a file is in the way of one of its folders; move it aside",
                           path=str(path)) from None
    except IsADirectoryError:
        raise CatalogError("cannot write this file: a folder has its name; move the folder aside",
                           path=str(path)) from None
    except OSError as exc:
        reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror
        raise CatalogError(f"cannot write this file: {reason}", path=str(path)) from None
    return True


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Read a PO or POT file, turning every problem into a CatalogError with the file and line."""
    from babel.messages.pofile import PoFileError, read_po

    shown = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_CATALOG_BYTES:
            raise CatalogError(f"catalog is {size:,} bytes, over the limit of {MAX_CATALOG_BYTES:,}", path=shown)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError("catalog not found; run `handout init LOCALE` to create it", path=shown) from None
    except OSError as exc:
        raise CatalogError(f"cannot read the catalog: {exc.strerror}", path=shown) from None
    charset = re.search(rb"charset=([A-Za-z0-9_.:-]+)", raw[:4000])
    if charset and charset.group(1).lower().replace(b"-", b"") not in (b"utf8",):
        raise CatalogError(f"catalog declares charset {charset.group(1).decode()}; save it as UTF-8 and set "
                           "\"Content-Type: text/plain; charset=UTF-8\"", path=shown)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CatalogError("not valid UTF-8 text; save the catalog as UTF-8", path=shown, line=line) from None
    text = raw.decode("utf-8")
    if text.startswith("\ufeff"):
        raise CatalogError("the file starts with a byte-order mark (BOM), which gettext does not accept; save it "
                           "as UTF-8 without BOM (Poedit does)", path=shown, line=1)
    if text.count("\r") > 2 * text.count("\n"):
        raise CatalogError("the lines end with a carriage return only (old Mac line ends), so the file reads as "
                           "one line; save it with ordinary line ends (LF or CRLF)", path=shown, line=1)
    problem = lint_po(text)
    if problem:
        raise CatalogError(f"PO syntax error: {problem[1]}; open the file in Poedit or fix the line",
                           path=shown, line=problem[0])
    problem = duplicate_entry(text) or plural_forms_problem(text)
    if problem:
        raise CatalogError(problem[1], path=shown, line=problem[0])
    try:
        catalog = read_po(io.BytesIO(raw), locale=locale, abort_invalid=True, charset="utf-8")
        return _drop_percent_format(_read_previous(catalog))
    except PoFileError as exc:
        message = str(exc)
        match = re.search(r"on (\d+)", message)
        line = int(match.group(1)) + 1 if match else getattr(exc, "lineno", 0) + 1
        message = re.sub(r"\s*on \d+:?.*$", "", message).strip() or "PO syntax error"
        if "num_plurals" in message:  # Babel's words for an entry with too many msgstr[n]
            message = "an entry has more plural forms (msgstr[n]) than the Plural-Forms header allows"
        raise CatalogError(f"PO syntax error: {message}; open the file in Poedit or fix the line",
                           path=shown, line=line) from None
    except Exception as exc:  # Babel raises assorted errors for damaged files
        raise CatalogError(f"cannot parse the catalog ({exc}); open it in Poedit or fix it by hand",
                           path=shown) from None


_QUOTED = r'"(?:[^"\\]|\\(?:[\\"abfnrtv?\']|[0-7]{1,3}|x[0-9A-Fa-f]+))*"'
_PO_LINE = re.compile(rf'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?{_QUOTED}[ \t]*\Z')


def _lines(text: str) -> list[str]:
    """The lines of a PO file as gettext and Babel count them: split at line feeds only. (str.splitlines
    also splits at U+2028, U+0085 and form feeds, which a translation may legitimately contain.)"""
    return text.split("\n")


def lint_po(text: str) -> tuple[int, str] | None:
    r"""The first line that is not valid PO syntax, as (line, problem), or None.

    Babel's reader is lenient: it silently drops a character of an unterminated string and skips
    unknown lines, which would print a damaged translation. So every line is checked first.

    >>> lint_po('msgid "a"\nmsgstr "b')
    (2, 'unterminated or badly escaped string (every string needs a closing ")')
    """
    for number, line in enumerate(_lines(text), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not _PO_LINE.match(stripped):
            if re.match(r'(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]*"|"', stripped):
                return number, 'unterminated or badly escaped string (every string needs a closing ")'
            shown = "".join(c if c.isprintable() else "?" for c in stripped[:30])  # never raw control bytes
            return number, f"unexpected text '{shown}' (expected msgid, msgstr, a \"string\" or a # comment)"
    return None


_ENTRY_LINE = re.compile(r'(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+"(.*)"[ \t]*\Z')


def duplicate_entry(text: str) -> tuple[int, str] | None:
    r"""The first entry whose msgctxt and msgid repeat an earlier one, as (line, problem), or None.

    Babel keeps the last of two such entries without a word (GNU msgfmt refuses the file), so a
    translator's fix could silently lose to a stale copy further down. Call after `lint_po`.

    >>> duplicate_entry('msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n')
    (4, 'duplicate entry: msgid "a" is already at line 1; keep only one of them')
    """
    seen: dict[tuple, int] = {}
    context = ident = last = None
    start = 0
    for number, raw in enumerate(_lines(text), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):  # comments, including obsolete #~ entries
            continue
        match = _ENTRY_LINE.match(line)
        if match is None:  # a continuation "string" of the last keyword
            value = line.strip()[1:-1]
            context, ident = (context + value, ident) if last == "msgctxt" else \
                (context, ident + value) if last == "msgid" else (context, ident)
            continue
        keyword, value = match.groups()
        if keyword in ("msgctxt", "msgid") and (last is None or last.startswith("msgstr")):
            context, ident, start = None, None, number  # a new entry begins
        if keyword == "msgctxt":
            context = value
        elif keyword == "msgid":
            ident = value
        elif keyword.startswith("msgstr") and last is not None and not last.startswith("msgstr"):
            if ident and (context, ident) in seen:
                shown = ident if len(ident) <= 40 else ident[:37] + "..."
                where = f" (msgctxt \"{context}\")" if context is not None else ""
                return start, (f"duplicate entry: msgid \"{shown}\"{where} is already at line "
                               f"{seen[(context, ident)]}; keep only one of them")
            seen.setdefault((context, ident), start)
        last = keyword
    return None


def plural_forms_problem(text: str) -> tuple[int, str] | None:
    """(line, problem) when the Plural-Forms header is not a valid gettext rule, else None.

    Babel stores whatever it finds there; GNU msgfmt and every program that loads the compiled catalog
    reject it, so it is checked here (with the standard library's parser for gettext plural rules).
    """
    header = re.search(r'^msgid ""[ \t]*\nmsgstr((?:[ \t]*"(?:[^"\\]|\\.)*"[ \t]*\n?)+)', text, re.M)
    fields = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', header.group(1))) if header else ""
    names = [m.group(1) for m in re.finditer(r"(?:^|\\n)([A-Za-z-]+):", fields)]
    twice = next((name for name in names if names.count(name) > 1), None)
    if twice:  # GNU msgfmt refuses a header given twice; Babel silently keeps one of them
        line = next((n for n, text_line in enumerate(_lines(text), start=1)
                     if f'"{twice}:' in text_line), 1)
        return line, f"the {twice} header is given twice; keep only one of them"
    match = re.search(r"Plural-Forms:([^\\]*)", fields)
    if match is None:
        return None
    rule = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?\s*", match.group(1))
    try:
        if rule is None or not 1 <= int(rule.group(1)) <= 6:
            raise ValueError("expected nplurals=N; plural=RULE; with N from 1 to 6")
        plural = gettext.c2py(rule.group(2))
        for n in range(1000):  # as msgfmt does: every count gives a form that exists, and no division by 0
            if not 0 <= plural(n) < int(rule.group(1)):
                raise ValueError(f"for n={n} the rule gives form {plural(n)}, but there are only "
                                 f"{rule.group(1)}")
    except ZeroDivisionError:
        return _plural_line(text), ("the Plural-Forms header divides by zero (n%0 or n/0); copy the one "
                                    "`handout init` writes for this language, such as \"nplurals=2; plural=(n != 1);\"")
    except (ValueError, RecursionError) as exc:
        return _plural_line(text), (f"the Plural-Forms header is not valid ({exc}); copy the one `handout init` "
                                    "writes for this language, such as \"nplurals=2; plural=(n != 1);\"")
    return None


def _plural_line(text: str) -> int:
    return next((n for n, text_line in enumerate(_lines(text), start=1) if "Plural-Forms" in text_line), 1)


def entry_line(path: Path, message: Message) -> int:
    """1-based line of the entry's msgid in `path`."""
    return message.lineno or 1


def is_translated(message: Message) -> bool:
    return bool(message.id) and not message.fuzzy and bool(message.string) and \
        (not isinstance(message.string, tuple) or all(message.string))


def init_catalog(template: Catalog, locale: str, translator: str = "") -> Catalog:
    """A new, empty catalog for `locale` from the template (Language and Plural-Forms from Babel)."""
    from babel.messages.catalog import Catalog, Message

    catalog = Catalog(locale=locale, project=template.project, version=template.version,
                      creation_date=template.creation_date, revision_date=template.creation_date,
                      last_translator=translator or "FULL NAME <EMAIL@ADDRESS>",
                      language_team=f"{Locale.parse(locale).english_name} <LL@li.org>", fuzzy=False,
                      copyright_holder="", msgid_bugs_address="", charset="utf-8",
                      header_comment=(f"# {Locale.parse(locale).english_name} translation of the "
                                      f"'{template.project}' handout.\n"
                                      f"# Translator: {translator or 'FULL NAME <EMAIL@ADDRESS>'}\n"
                                      "# Review-Status: not reviewed"))
    for message in template:
        if message.id:
            catalog[message.id] = Message(message.id, "", locations=list(message.locations),
                                          flags=set(message.flags), auto_comments=list(message.auto_comments),
                                          context=message.context)
    return catalog


def lost_contexts(catalog: Catalog, contexts: dict[str, list[str]]) -> list[tuple[Message, list[str]]]:
    """(entry, the contexts its English has in the content or template) for every translated entry that has
    no msgctxt although its English is only found with one: what a round trip through XLIFF or CSV
    (translate-toolkit's po2xliff/xliff2po, po2csv/csv2po without a template) leaves. `contexts` maps each
    English text to its contexts."""
    lost = []
    for message in catalog:
        if message.id and message.context is None and is_translated(message):
            key = message.id if isinstance(message.id, str) else message.id[0]
            wanted = [c for c in contexts.get(key, ()) if c is not None]
            if wanted and None not in contexts.get(key, ()):
                lost.append((message, wanted))
    return lost


def restore_contexts(catalog: Catalog, template: Catalog) -> int:
    """Give back its msgctxt to every entry that lost it (see `lost_contexts`) where the template has its
    English under exactly one context and the catalog has no entry there yet: the same English, so the
    same translation, matched exactly (never fuzzily). Returns how many were restored."""
    contexts: dict[str, list[str]] = {}
    for message in template:
        if message.id:
            key = message.id if isinstance(message.id, str) else message.id[0]
            contexts.setdefault(key, []).append(message.context)
    restored = 0
    for message, wanted in lost_contexts(catalog, contexts):
        if len(wanted) != 1 or catalog.get(message.id, context=wanted[0]) is not None:
            continue
        del catalog[message.id]
        message.context = wanted[0]
        catalog[message.id] = message
        restored += 1
    return restored


def update_catalog(catalog: Catalog, template: Catalog) -> Catalog:
    """Merge a new template into a catalog: changed entries become fuzzy with the previous msgid kept,
    removed entries become obsolete (Babel's merge). Entries that lost their msgctxt get it back first
    (`restore_contexts`), so a catalog round-tripped through XLIFF or CSV is not all fuzzy."""
    restore_contexts(catalog, template)
    kept = {(m.context, m.id): m.previous_id for m in catalog if m.id and m.fuzzy and m.previous_id}
    catalog.update(template, no_fuzzy_matching=False, update_header_comment=False, keep_user_comments=True)
    for message in catalog:  # Babel drops the previous msgid of an entry that was already fuzzy
        if message.id and message.fuzzy and not message.previous_id and (message.context, message.id) in kept:
            message.previous_id = kept[(message.context, message.id)]
    catalog.version = template.version
    return catalog


def review_status(catalog: Catalog) -> str:
    match = _REVIEW.search(catalog.header_comment or "")
    return match.group(1).strip() if match else "not recorded"


def translator(catalog: Catalog) -> str:
    match = _TRANSLATOR.search(catalog.header_comment or "")
    return match.group(1).strip() if match else (catalog.last_translator or "")


@dataclass(frozen=True)
class Stats:
    locale: str
    language: str
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    review: str
    path: str

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 0.0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.translated == self.total


def stats(catalog: Catalog, locale: str, path: Path, template: Catalog | None = None) -> Stats:
    """Counts for `handout status`. With a template, entries it has and the catalog lacks count as
    untranslated (a catalog that `handout update` has not seen yet)."""
    translated = fuzzy = untranslated = 0
    for message in catalog:
        if not message.id:
            continue
        if template is not None and template.get(message.id, context=message.context) is None:
            continue  # stale: the template no longer has it; `update` will make it obsolete
        if is_translated(message):
            translated += 1
        elif message.fuzzy and message.string:
            fuzzy += 1
        else:
            untranslated += 1
    if template is not None:
        untranslated += sum(1 for m in template if m.id and catalog.get(m.id, context=m.context) is None)
    from handout.translate.localise import own_name

    return Stats(locale=locale, language=own_name(locale), translated=translated, fuzzy=fuzzy,
                 untranslated=untranslated, obsolete=len(catalog.obsolete), review=review_status(catalog),
                 path=str(path))
