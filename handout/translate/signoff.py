"""Clinician sign-off of translations: who checked which wording, and whether it still holds.

Each language keeps a record beside its catalog, `locales/<locale>/review.yaml`: a list of sign-offs, each
with the reviewer's name and role, their registration (the professional body and number, when they have one),
a statement of how they know the language, the outcome (approved, or changes needed with the reviewer's
comments), the date, and every entry they signed as its section (msgctxt), its
English (msgid), its translation (msgstr) and a SHA-256 hash of those three. An entry counts as reviewed
only while the hash of its *current* section, English and translation equals the hash in the latest
sign-off that covers it, and that sign-off approved it: change the English or the translation and it is
unreviewed again, with nothing to remember to do. An entry whose latest sign-off said "changes needed" stays
unreviewed (state "changes needed") until its wording changes and a new proof is approved. The signed texts are kept too, so `handout review diff` can print what changed.

The record is YAML rather than PO comments because Poedit and Weblate rewrite, reorder or drop comments
when they save a catalog, and a sign-off must survive the translator's tools; a separate file also keeps
the clinician's record apart from the translator's work in version control (its own diff, its own history).

`language_review` gives every entry's state; `judge` applies a clinic's `translation_policy` (warn, mark or
refuse) to the languages of one build; `sign` appends a sign-off. Nothing here prints or exits.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from handout.errors import HandoutError, ReviewError
from handout.source.model import Handout, all_texts

RECORD = "review.yaml"
FORMAT = 1
POLICIES = ("warn", "mark", "refuse")
DEFAULT_POLICY = "mark"
MAX_BYTES = 5_000_000
REVIEWED, CHANGED, NEVER = "reviewed", "changed since review", "never reviewed"
PARTLY = "partly reviewed"
NEEDS = "changes needed"  # the reviewer asked for changes: the entry as it stands is not approved
APPROVED = "approved"
OUTCOMES = (APPROVED, NEEDS)
SOURCE = "source"  # the English is the source text: reviewed by its authors, never by this record
_HEX = re.compile(r"[0-9a-f]{64}\Z")


def entry_hash(context: str, english: str, translation: str) -> str:
    """SHA-256 (hex) of an entry's section, English and translation, unambiguously joined."""
    return hashlib.sha256(json.dumps([context, english, translation], ensure_ascii=False).encode()).hexdigest()


def record_path(locales: Path, locale: str) -> Path:
    return Path(locales) / locale / RECORD


@dataclass(frozen=True)
class Signed:
    """One entry as a reviewer signed it."""

    context: str
    english: str
    translation: str
    hash: str
    line: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return (self.context, self.english)


@dataclass(frozen=True)
class Signoff:
    reviewer: str
    role: str
    date: dt.date
    entries: tuple[Signed, ...]
    line: int = 0
    outcome: str = APPROVED  # or NEEDS: the entries are recorded with the comments, not approved
    comments: tuple[str, ...] = ()
    registration: str = ""  # professional body and number, e.g. "GMC 7654321"
    competence: str = ""  # how the reviewer knows the language, in their own words

    @property
    def who(self) -> str:
        return f"{self.reviewer}, {self.role}"


@dataclass(frozen=True)
class Record:
    path: Path
    locale: str
    signoffs: tuple[Signoff, ...] = ()

    def latest(self) -> dict[tuple[str, str], tuple[Signed, Signoff]]:
        """Each signed entry's most recent signing (by (context, English)), with its sign-off."""
        out: dict = {}
        for signoff in sorted(self.signoffs, key=lambda s: s.date):  # stable: equal dates keep file order
            for signed in signoff.entries:
                out[signed.key] = (signed, signoff)
        return out

    def by_context(self) -> dict[str, list[tuple[Signed, Signoff]]]:
        """The latest signing of every entry ever signed, by section (to find an entry whose English changed)."""
        out: dict = {}
        for signed, signoff in self.latest().values():
            out.setdefault(signed.context, []).append((signed, signoff))
        return out


@dataclass(frozen=True)
class Entry:
    """One entry of the content in one language, with its review state."""

    number: int  # 1-based, in the order the handout prints them (as on the proof)
    context: str
    english: str
    where: str  # where it appears, as the catalog's comment says
    line: int  # its line in content.yaml
    translation: str | None  # None: missing, fuzzy or empty (cannot be signed)
    state: str  # REVIEWED, CHANGED or NEVER
    signed: Signed | None = None  # the latest signing of this entry (or of its section's old English)
    signoff: Signoff | None = None

    @property
    def hash(self) -> str | None:
        return None if self.translation is None else entry_hash(self.context, self.english, self.translation)


@dataclass(frozen=True)
class LanguageReview:
    locale: str
    entries: tuple[Entry, ...]
    record: Record
    removed: tuple[tuple[Signed, Signoff], ...] = field(default=())  # signed entries no longer in the content

    def count(self, state: str) -> int:
        return sum(1 for e in self.entries if e.state == state)

    @property
    def needs_changes(self) -> int:
        return self.count(NEEDS)

    @property
    def reviewed(self) -> int:
        return self.count(REVIEWED)

    @property
    def changed(self) -> int:
        return self.count(CHANGED)

    @property
    def never(self) -> int:
        return self.count(NEVER)

    @property
    def complete(self) -> bool:
        """Every entry the handout prints is signed off as it is now."""
        return bool(self.entries) and self.reviewed == len(self.entries)

    @property
    def state(self) -> str:
        if self.complete:
            return REVIEWED
        if self.needs_changes:
            return NEEDS
        if self.changed:
            return CHANGED
        return PARTLY if self.reviewed else NEVER

    @property
    def last(self) -> Signoff | None:
        return max(self.record.signoffs, key=lambda s: s.date, default=None)

    def summary(self) -> str:
        """'never reviewed (0 of 98 entries signed off)' and the like, for warnings and the web page."""
        last = f"; last signed {self.last.date.isoformat()} by {self.last.who}" if self.last else ""
        return f"{self.state} ({self.reviewed} of {len(self.entries)} entries signed off{last})"

    def as_dict(self) -> dict:
        last = self.last
        return dict(state=self.state, entries=len(self.entries), reviewed=self.reviewed,
                    changed_since_review=self.changed, never_reviewed=self.never, changes_needed=self.needs_changes,
                    last_signed=last.date.isoformat() if last else None,
                    reviewers=sorted({s.who for s in self.record.signoffs}), record=str(self.record.path))


# -- reading and checking a record -------------------------------------------------------------------

def read_record(path: Path, locale: str) -> Record:
    """The record at `path` (an empty one when there is none yet); every problem is one ReviewError line."""
    from handout.source.yamlfile import load_yaml

    path = Path(path)
    if not path.exists():
        return Record(path=path, locale=locale)
    shown = str(path)
    try:
        data = load_yaml(path, "review record", max_bytes=MAX_BYTES)
    except HandoutError as exc:
        raise ReviewError(exc.message, path=shown, line=exc.line) from None

    def fail(line, message):
        raise ReviewError(f"{message}; fix it, or restore the file from version control and sign again",
                          path=shown, line=line)

    def mapping(value, line, what, required, optional=()):
        if not isinstance(value, dict):
            fail(line, f"{what} must be a mapping of keys to values")
        for key in value:
            if key not in required and key not in optional:
                fail(value.line_of(key), f"{what}: unknown key '{key}' (expected: "
                                         f"{', '.join(sorted({*required, *optional}))})")
        for key in required:
            if key not in value:
                fail(value.line, f"{what}: missing key '{key}'")
        return value

    def text(value, line, what, empty_ok=False):
        if not isinstance(value, str):
            fail(line, f"{what} must be text in double quotes, not {type(value).__name__}")
        if not empty_ok and not value.strip():
            fail(line, f"{what} is empty")
        return value

    top = mapping(data, 1, "the review record", ("format", "locale", "signoffs"))
    if top["format"] != FORMAT:
        fail(top.line_of("format"), f"format must be {FORMAT}, not {top['format']!r}")
    if top["locale"] != locale:
        fail(top.line_of("locale"), f"locale '{top['locale']}' does not match the catalog's folder '{locale}'")
    items = top["signoffs"]
    if not isinstance(items, list):
        fail(top.line_of("signoffs"), "signoffs must be a list (lines starting with '- ')")
    signoffs = []
    for i, raw in enumerate(items):
        where = f"sign-off {i + 1}"
        s = mapping(raw, items.line_of(i), where, ("reviewer", "role", "date", "entries"),
                    ("outcome", "comments", "registration", "competence"))
        reviewer = text(s["reviewer"], s.line_of("reviewer"), f"{where}: reviewer")
        role = text(s["role"], s.line_of("role"), f"{where}: role")
        outcome = s.get("outcome", APPROVED)
        if outcome not in OUTCOMES:
            fail(s.line_of("outcome"), f"{where}: outcome must be one of {', '.join(OUTCOMES)}, not {outcome!r}")
        registration = text(s.get("registration", ""), s.line_of("registration"), f"{where}: registration", True)
        competence = text(s.get("competence", ""), s.line_of("competence"), f"{where}: competence", True)
        notes = s.get("comments", [])
        if not isinstance(notes, list):
            fail(s.line_of("comments"), f"{where}: comments must be a list (lines starting with '- ')")
        comments = tuple(text(c, notes.line_of(k), f"{where}: comment {k + 1}") for k, c in enumerate(notes))
        date = s["date"]
        if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
            fail(s.line_of("date"), f"{where}: date must be a date written YYYY-MM-DD, not {date!r}")
        rows = s["entries"]
        if not isinstance(rows, list) or not rows:
            fail(s.line_of("entries"), f"{where}: entries must be a non-empty list of signed entries")
        entries = []
        for j, row in enumerate(rows):
            what = f"{where}, entry {j + 1}"
            e = mapping(row, rows.line_of(j), what, ("context", "english", "translation", "hash"))
            values = [text(e[k], e.line_of(k), f"{what}: {k}") for k in ("context", "english", "translation")]
            digest = e["hash"]
            if not isinstance(digest, str) or not _HEX.match(digest):
                fail(e.line_of("hash"), f"{what}: hash must be 64 lowercase hexadecimal characters (SHA-256), "
                                        f"not {str(digest)[:20]!r}")
            if digest != entry_hash(*values):
                fail(e.line_of("hash"), f"{what}: hash does not match the context, English and translation "
                                        "signed with it (the record was edited by hand)")
            entries.append(Signed(*values, hash=digest, line=e.line_of("hash")))
        signoffs.append(Signoff(reviewer=reviewer.strip(), role=role.strip(), date=date, entries=tuple(entries),
                                line=items.line_of(i), outcome=outcome, comments=comments,
                                registration=registration.strip(), competence=competence.strip()))
    return Record(path=path, locale=locale, signoffs=tuple(signoffs))


# -- the state of every entry ------------------------------------------------------------------------

def content_entries(handout: Handout) -> list:
    """The content's translatable Texts, one per (context, English), in the order the handout prints them."""
    seen, out = set(), []
    for text in all_texts(handout):
        key = (text.context, text.source)
        if text.translatable and key not in seen:
            seen.add(key)
            out.append(text)
    return out


def language_review(handout: Handout, locales: Path | str, locale: str) -> LanguageReview:
    """Every entry of `locale` with its review state. Raises CatalogError / ReviewError for broken files."""
    from handout.translate.catalog import is_translated
    from handout.translate.translation import audit_locale

    locales = Path(locales)
    catalog = audit_locale(handout, locales, locale).catalog
    record = read_record(record_path(locales, locale), locale)
    current = {(m.context, m.id): m.string for m in catalog if m.id and is_translated(m)
               and isinstance(m.string, str)}
    latest, by_context = record.latest(), record.by_context()
    texts = content_entries(handout)
    keys = {(t.context, t.source) for t in texts}
    entries, used = [], set()
    for number, text in enumerate(texts, 1):
        key = (text.context, text.source)
        translation = current.get(key)
        signed, signoff = latest.get(key, (None, None))
        if signed is None:  # its English changed: the section's old English that is no longer in the content
            old = [(s, o) for s, o in by_context.get(text.context, []) if s.key not in keys and s.key not in used]
            if old:
                signed, signoff = _closest(text.source, old)
        if signed is not None:
            used.add(signed.key)
        if signed is None:
            state = NEVER
        elif translation is not None and signed.key == key and \
                signed.hash == entry_hash(text.context, text.source, translation):
            state = REVIEWED if signoff.outcome == APPROVED else NEEDS
        else:
            state = CHANGED
        entries.append(Entry(number=number, context=text.context, english=text.source, where=text.where,
                             line=text.line, translation=translation, state=state, signed=signed, signoff=signoff))
    removed = tuple(v for k, v in latest.items() if k not in keys and k not in used)
    return LanguageReview(locale=locale, entries=tuple(entries), record=record, removed=removed)


def _closest(english: str, candidates: list):
    from difflib import SequenceMatcher

    return max(candidates, key=lambda c: SequenceMatcher(None, english, c[0].english).ratio())


# -- policy ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Judgement:
    """What a clinic's translation_policy makes of the languages of one build."""

    marked_locales: tuple[str, ...]  # say "not yet checked by a health professional" in these, on every page
    warnings: tuple[str, ...]
    states: dict  # locale -> state (SOURCE for the source language)

    @property
    def marked(self) -> bool:
        return bool(self.marked_locales)


def judge(handout: Handout, locales: Path | str, languages: list[str], policy: str) -> Judgement:
    """Apply `policy` to each translated language of a build (both of a bilingual pair). A language counts
    as reviewed only when every entry is signed off as it is now; the source language always does.
    Raises ReviewError under 'refuse'."""
    states, warnings, marked = {}, [], []
    for locale in languages:
        if locale == handout.meta.source_language:
            states[locale] = SOURCE
            continue
        review = language_review(handout, locales, locale)
        states[locale] = review.state
        if review.complete:
            continue
        if policy == "refuse":
            raise ReviewError(f"the '{locale}' translation is not fully checked by a clinician: "
                              f"{review.summary()}, and the clinic's translation_policy is 'refuse'; have it "
                              f"reviewed (`handout review proof {locale}`, see docs/reviewing.md) or change "
                              "translation_policy")
        if policy == "mark":
            marked.append(locale)
        if policy == "warn":  # under 'mark' the page itself says it, to the patient and to whoever prints it
            warnings.append(f"the '{locale}' translation has not been checked by a clinician: {review.summary()}")
    return Judgement(marked_locales=tuple(marked), warnings=tuple(warnings), states=states)


# -- signing -----------------------------------------------------------------------------------------

def parse_reviewer(value: str) -> tuple[str, str]:
    """'Dr Ana García, GP' -> ('Dr Ana García', 'GP'): the role is after the last comma."""
    name, comma, role = " ".join(value.split()).rpartition(",")
    if not comma or not name.strip() or not role.strip():
        raise ReviewError(f"--reviewer {value!r} must give a name and a role separated by a comma, such as "
                          "\"Dr Ana García, GP\"")
    if any(not c.isprintable() for c in value) or len(value) > 200:
        raise ReviewError("--reviewer must be a name and role of at most 200 printable characters")
    return name.strip(), role.strip()


def select(review: LanguageReview, spec: str | None) -> list[Entry]:
    """The entries a sign-off covers: all of them (`spec` None), or numbers and ranges as on the proof
    ("1-12,15") and section ids ("side-effects")."""
    if spec is None:
        return list(review.entries)
    chosen: dict[int, Entry] = {}
    by_number = {e.number: e for e in review.entries}
    sections = {e.context for e in review.entries}
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        match = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if match:
            low, high = int(match.group(1)), int(match.group(2) or match.group(1))
            if low > high or low not in by_number or high not in by_number:
                raise ReviewError(f"--entries: '{part}' is not a number or range of entries from 1 to "
                                  f"{len(review.entries)} (the numbers on the proof)")
            chosen.update((n, by_number[n]) for n in range(low, high + 1))
        elif part in sections:
            chosen.update((e.number, e) for e in review.entries if e.context == part)
        else:
            raise ReviewError(f"--entries: '{part}' is neither an entry number (as on the proof) nor a section "
                              f"id ({', '.join(sorted(sections))})")
    if not chosen:
        raise ReviewError("--entries names no entry; give numbers as on the proof, such as 1-12,15")
    return [chosen[n] for n in sorted(chosen)]


def _statement(value: str, option: str, limit: int) -> str:
    value = " ".join((value or "").split())
    if any(not c.isprintable() for c in value) or len(value) > limit:
        raise ReviewError(f"{option} must be at most {limit} printable characters")
    return value


def sign(handout: Handout, locales: Path | str, locale: str, reviewer: str, spec: str | None = None,
         date: dt.date | None = None, *, competence: str = "", registration: str = "", outcome: str = APPROVED,
         comments: tuple[str, ...] = ()) -> tuple[Path, int, LanguageReview]:
    """Record that `reviewer` ("NAME, ROLE") checked the chosen entries as they are now; return the
    record's path, how many entries were signed, and the language's review afterwards. `competence` (how the
    reviewer knows the language) is required; `registration` (professional body and number) is kept when
    given; `outcome` is APPROVED, or NEEDS with at least one of the reviewer's `comments`.

    Refuses (ReviewError) when a chosen entry is fuzzy or untranslated: only what will print can be signed."""
    from handout.translate.catalog import write_if_changed

    name, role = parse_reviewer(reviewer)
    competence = _statement(competence, "--competence", 500)
    registration = _statement(registration, "--registration", 200)
    comments = tuple(c for c in (_statement(c, "--comment", 1000) for c in comments) if c)
    if not competence:
        raise ReviewError("--competence is required: say how the reviewer knows the language (for example "
                          "\"native speaker\", \"C2 certificate\", \"trained and practised in Spanish\"); it is "
                          "kept with the sign-off")
    if outcome not in OUTCOMES:
        raise ReviewError(f"--outcome must be one of {', '.join(OUTCOMES)}, not {outcome!r}")
    if outcome == NEEDS and not comments:
        raise ReviewError("--outcome 'changes needed' needs at least one --comment saying what must change "
                          "(such as --comment \"12: say 'syndrome de manque'\")")
    if date is not None and date > dt.date.today():
        raise ReviewError(f"--date {date.isoformat()} is in the future; give the day the review took place")
    review = language_review(handout, locales, locale)
    chosen = select(review, spec)
    unusable = [e for e in chosen if e.translation is None]
    if unusable:
        raise ReviewError(f"{len(unusable)} of the chosen entries are fuzzy or not translated, and only a "
                          "translation that will print can be signed; finish them (`handout check`), make a "
                          "new proof, then sign", details=[f"{e.number}: {e.context}: \"{_snippet(e.english)}\"" for e in unusable])
    signoff = Signoff(reviewer=name, role=role, date=date or dt.date.today(),
                      entries=tuple(Signed(e.context, e.english, e.translation, e.hash) for e in chosen),
                      outcome=outcome, comments=comments, registration=registration, competence=competence)
    record = Record(path=review.record.path, locale=locale, signoffs=(*review.record.signoffs, signoff))
    write_if_changed(record.path, dump_record(record, handout).encode("utf-8"))
    return record.path, len(chosen), language_review(handout, locales, locale)


def _snippet(text: str, words: int = 8) -> str:
    first = text.split()
    return " ".join(first[:words]) + (" ..." if len(first) > words else "")


def dump_record(record: Record, handout: Handout) -> str:
    """The record as YAML: a comment saying what it is, then format, locale and every sign-off."""
    import yaml

    from handout.translate.localise import babel_locale

    def signoff(s: Signoff) -> dict:
        out = {"reviewer": s.reviewer, "role": s.role}
        out.update({k: v for k, v in (("registration", s.registration), ("competence", s.competence)) if v})
        out.update(date=s.date, outcome=s.outcome)
        if s.comments:
            out["comments"] = list(s.comments)
        out["entries"] = [{"context": e.context, "english": e.english, "translation": e.translation, "hash": e.hash}
                          for e in s.entries]
        return out

    data = {"format": FORMAT, "locale": record.locale, "signoffs": [signoff(s) for s in record.signoffs]}
    name = babel_locale(record.locale).get_display_name("en")
    head = (f"# Clinician review of the {name} ({record.locale}) translation of the '{handout.meta.id}' handout.\n"
            "# Written by `handout review sign` (see docs/reviewing.md); do not edit by hand. Each entry's hash\n"
            "# covers its section, English and translation: change any of them and the entry is unreviewed again.\n")
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000,
                                 default_flow_style=False)  # one line per text: a changed word, a changed line


# -- what changed ------------------------------------------------------------------------------------

def diff_lines(review: LanguageReview) -> list[str]:
    """What changed since each entry was last signed: old and new English and translation."""
    out = []
    for e in review.entries:
        if e.state != CHANGED:
            continue
        s, o = e.signed, e.signoff
        out.append(f"{e.number}. {e.context} ({e.where}): changed since {o.who} signed it on {o.date.isoformat()}")
        if s.english != e.english:
            out += [f"  - English:     {s.english}", f"  + English:     {e.english}"]
        else:
            out.append(f"    English:     {e.english}")
        now = e.translation if e.translation is not None else "(fuzzy or not translated: will not print)"
        if s.translation != e.translation:
            out += [f"  - translation: {s.translation}", f"  + translation: {now}"]
        else:
            out.append(f"    translation: {now} (unchanged; the English changed)")
    for s, o in review.removed:
        out.append(f"-. {s.context}: no longer in the content (signed by {o.who} on {o.date.isoformat()})")
        out.append(f"  - English:     {s.english}")
    return out


# -- for the command line ----------------------------------------------------------------------------

def review_of(content, locales, locale: str) -> LanguageReview:
    """The review of one language of a content file (the locale checked and made canonical)."""
    from handout.translate.catalog import normalise_locale
    from handout.source.content import load_content
    from handout.translate.catalog import locales_dir

    handout = load_content(content)
    locale = normalise_locale(locale)
    if locale == handout.meta.source_language:
        raise ReviewError(f"'{locale}' is the source language: its text is the content itself, reviewed by its "
                          "authors (content.yaml's last_reviewed); choose a translation")
    return language_review(handout, locales_dir(content, locales), locale)


def review_table(content, locales) -> list[tuple[str, str, LanguageReview]]:
    """(locale, its own name, review) for every language that has a catalog."""
    from handout.translate.catalog import list_locales
    from handout.source.content import load_content
    from handout.translate.localise import own_name
    from handout.translate.catalog import locales_dir

    handout = load_content(content)
    folder = locales_dir(content, locales)
    return [(code, own_name(code), language_review(handout, folder, code)) for code in list_locales(folder)]


def proof_id(review: LanguageReview) -> str:
    """A short fingerprint of every entry's section, English and translation: printed on the proof, so
    `sign --proof ID` can refuse when the text changed after the reviewer's copy was made."""
    data = json.dumps([(e.context, e.english, e.translation) for e in review.entries], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:12]


def sign_checked(content, locales, locale: str, reviewer: str, spec: str | None, date: dt.date | None = None,
                 proof: str | None = None, **statement) -> tuple[Path, int, LanguageReview]:
    """`sign` for the command line: the locale checked, and the proof ID when one is given."""
    from handout.source.content import load_content
    from handout.translate.catalog import locales_dir

    review = review_of(content, locales, locale)
    if proof is not None and proof.strip().lower() != proof_id(review):
        raise ReviewError(f"proof {proof} no longer matches the '{review.locale}' text (the English or the "
                          f"translation changed since it was made; the current proof is {proof_id(review)}); "
                          f"make a new proof (`handout review proof {review.locale}`) and have it checked")
    return sign(load_content(content), locales_dir(content, locales), review.locale, reviewer, spec, date,
                **statement)
