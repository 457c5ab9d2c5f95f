"""The review proof: what a clinician reads, ticks and signs, as a PDF or a bilingual web page.

For every entry the handout prints: its number, its section, the English and the translation with the
doses, percentages and clinic details filled in exactly as they will print (each language's own number
format; `--clinic` for the clinic's own phone and emergency numbers), every number a reader sees in each side
for a quick comparison, the citations apart from them, a tick box and room for a comment. Safety-critical
entries come first and are marked with why (opioids, withdrawal, liver, pregnancy and breastfeeding, red
flags and low mood, doses, stopping, storage, every negation); within them and the rest, entries changed since the last sign-off come first
and say so (with the wording that was signed), then entries never reviewed, then those still signed off. A
signature block (with registration, language competence and an outcome: approved or changes needed) and the
`handout review sign` command close it.

The PDF uses the handout's own fonts and text flow for the translation (Arabic, Persian and Hebrew right to
left and joined, Devanagari shaped, Chinese with its own font and line breaking), so what the reviewer reads
is drawn the way the patient's copy is. ReportLab is imported only when a PDF is made.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from handout.source.clinic import load_clinic
from handout.source.content import load_content
from handout.source.markup import Run, placeholders, runs
from handout.source.model import Text
from handout.translate.catalog import locales_dir
from handout.translate.signoff import CHANGED, NEEDS, NEVER, REVIEWED, Entry, LanguageReview, proof_id, review_of

ORDER = {CHANGED: 0, NEEDS: 0, NEVER: 1, REVIEWED: 2}
_NUMBER = re.compile(r"\d+(?:[.,\u066b\u066c]\d+)*%?")
_CITATION = re.compile(r"\[[\d,\s\u2013-]+\]")
# What makes an entry safety-critical, read in its English (the words a clinician must see first).
SAFETY = (
    ("opioids", re.compile(r"opioid|codeine|morphine|tramadol|oxycodone|methadone|buprenorphine|loperamide", re.I)),
    ("withdrawal", re.compile(r"withdrawal", re.I)),
    ("liver", re.compile(r"liver|cirrhosis", re.I)),
    ("pregnancy", re.compile(r"pregnan|breastfeed|breast milk", re.I)),
    ("red flag", re.compile(r"urgent|emergency|harming|killing|warning signs|blood in|overdose|too much|feel low|"
                            r"low mood", re.I)),
    ("stopping", re.compile(r"\bstop\b|\bstopping\b", re.I)),
    ("storage", re.compile(r"reach of children|fridge", re.I)),
    ("dose", re.compile(r"(?<!low-)\bdoses?\b|once a day|at bedtime", re.I)),
)


def safety_reasons(english: str, doses=(), context: str = "") -> tuple[str, ...]:
    """Why an entry is safety-critical ('opioids', 'negation', ...), or () when it is not. The title,
    subject and keywords (metadata) never are; of the words on every page (labels) only a red flag is (what
    "call ..." prints when the clinic sets no emergency number)."""
    from handout.translate.qa import negations

    if context == "metadata":
        return ()
    reasons = [name for name, pattern in SAFETY if pattern.search(english)]
    if context == "labels":
        return tuple(r for r in reasons if r == "red flag")
    if "dose" not in reasons and any(name in doses for name in placeholders(english)):
        reasons.append("dose")
    if negations(english, "en"):
        reasons.append("negation")
    return tuple(reasons)


@dataclass(frozen=True)
class Sheet:
    """Everything a proof shows, in both formats."""

    review: LanguageReview
    handout: object
    language: str  # English name
    own_name: str
    bcp47: str
    rtl: bool
    values: dict  # placeholder -> value as printed in the translation
    english_values: dict
    sections: dict  # context -> English section title
    proof_id: str
    today: dt.date

    @property
    def entries(self) -> list[Entry]:
        """Safety-critical entries first; in each part, changed since review, never reviewed, reviewed."""
        return sorted(self.review.entries, key=lambda e: (not self.safety(e), ORDER[e.state], e.number))

    def safety(self, entry: Entry) -> tuple[str, ...]:
        return safety_reasons(entry.english, self.handout.doses, entry.context)

    def section(self, entry: Entry) -> str:
        return self.sections.get(entry.context, entry.context)

    def numbers(self, text: str, values: dict) -> str:
        """Every number a reader sees in `text`, as printed: doses, percentages and phone numbers from
        their placeholders, then the numbers written in the words ('4,5 mg · 37 % · 42'); citations are
        not among them (see `citations`)."""
        shown = (*self.handout.doses, *self.handout.percents, "clinic_phone", "clinic_emergency_phone")
        names = dict.fromkeys(n for n in placeholders(text) if n in shown)
        filled = [values[n] for n in names if re.search(r"\d", values.get(n, ""))]
        rest = _CITATION.sub(" ", re.sub(r"\{[^}]*\}", " ", text))
        return " · ".join(filled + _NUMBER.findall(rest))

    @staticmethod
    def citations(text: str) -> str:
        """The citations of `text` as written: '[3, 4] [8]'."""
        return " ".join(_CITATION.findall(text or ""))


def make_sheet(content, locales, locale: str, today: dt.date | None = None, clinic=None) -> Sheet:
    from babel import Locale

    from handout.translate.localise import localise, own_name

    from handout.build import translation_for

    review = review_of(content, locales, locale)
    handout = load_content(content)
    translation_for(handout, Path(locales), review.locale, allow_incomplete=True)  # a catalog with errors: no proof
    clinic = load_clinic(clinic)
    loc = localise(handout, review.locale, clinic)
    english = localise(handout, handout.meta.source_language, clinic)
    sections = {"metadata": "Title and document details", "labels": "Words on every page"}
    sections.update({s.id: s.title.source for s in handout.sections})
    babel = Locale.parse(review.locale)
    return Sheet(review=review, handout=handout, language=babel.get_display_name("en"), own_name=own_name(review.locale),
                 bcp47=review.locale.replace("_", "-"), rtl=babel.character_order == "right-to-left",
                 values=_with_labels(loc, clinic), english_values=_with_labels(english, clinic), sections=sections, proof_id=proof_id(review),
                 today=today or dt.date.today())


def _with_labels(loc, clinic) -> dict:
    """The placeholder values, plus examples for those only the page labels use (page 1 of 4, the next
    review date, the language's name, the clinic's contacts), each as that language prints it."""
    from babel.numbers import format_decimal

    def number(n):
        return format_decimal(n, locale=loc.locale)

    return dict(loc.values, page=number(1), pages=number(4), version=loc.handout.meta.version,
                date=loc.dates["next_review"], language=loc.language_name, url="clinic.example/ldn",
                phone=clinic.phone_unbroken, address=clinic.address, email=clinic.email, website=clinic.website,
                feedback=clinic.feedback)


def state_note(entry: Entry) -> str:
    if entry.state == NEEDS:
        return f"CHANGES NEEDED, said {entry.signoff.who} on {entry.signoff.date.isoformat()}: check the new wording"
    if entry.state == CHANGED:
        return (f"CHANGED since {entry.signoff.who} signed it on {entry.signoff.date.isoformat()}: check again")
    if entry.state == REVIEWED:
        return f"signed off by {entry.signoff.who} on {entry.signoff.date.isoformat()}, unchanged since"
    return "never reviewed"


def safety_note(reasons: tuple[str, ...]) -> str:
    return f"SAFETY-CRITICAL ({', '.join(reasons)})" if reasons else ""


def sign_command(sheet: Sheet) -> str:
    return (f'handout review sign {sheet.review.locale} --reviewer "NAME, ROLE" --registration "REGISTRATION" '
            f'--competence "HOW YOU KNOW THE LANGUAGE" --all --proof {sheet.proof_id}')


def changes_command(sheet: Sheet) -> str:
    return (f'handout review sign {sheet.review.locale} --reviewer "NAME, ROLE" --registration "REGISTRATION" '
            f'--competence "HOW YOU KNOW THE LANGUAGE" --outcome changes-needed --entries 12,15 '
            f'--comment "12: WHAT MUST CHANGE" --proof {sheet.proof_id}')


def default_name(sheet: Sheet, html: bool) -> Path:
    return Path("review") / f"{sheet.handout.meta.id}_{sheet.review.locale}_review-proof.{'html' if html else 'pdf'}"


def write_proof(content, locales, locale: str, out=None, html: bool = False,
                today: dt.date | None = None, clinic=None) -> tuple[Path, LanguageReview]:
    """Write the proof of `locale` (PDF, or HTML when `html`) to `out`; return the path and the review."""
    from handout.pdf.render import write_pdf

    sheet = make_sheet(content, locales_dir(content, locales), locale, today, clinic)
    target = Path(out) if out else default_name(sheet, html)
    data = proof_html(sheet).encode("utf-8") if html else proof_pdf(sheet, content, locales, clinic)
    write_pdf(data, target)  # atomic, with the same one-line errors as a handout
    return target, sheet.review


# -- HTML --------------------------------------------------------------------------------------------

def _html_runs(text: str, values: dict) -> str:
    from markupsafe import escape

    from handout.source.markup import clean

    return "".join(f"<strong>{escape(r.text)}</strong>" if r.bold else str(escape(r.text))
                   for r in runs(clean(text), values))


def proof_html(sheet: Sheet) -> str:
    """The bilingual review page: every value escaped, the translation marked with its language and
    direction. Works offline and prints; its tick boxes and comment fields are for the reviewer's own use."""
    from importlib import resources

    from jinja2 import Environment

    source = resources.files("handout").joinpath("data", "review-proof.html").read_text(encoding="utf-8")
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    rows = []
    for e in sheet.entries:
        rows.append(dict(
            entry=e, section=sheet.section(e), note=state_note(e), safety=safety_note(sheet.safety(e)),
            english_citations=sheet.citations(e.english), citations=sheet.citations(e.translation),
            english=_html_runs(e.english, sheet.english_values),
            translation=_html_runs(e.translation, sheet.values) if e.translation is not None else None,
            english_numbers=sheet.numbers(e.english, sheet.english_values),
            numbers=sheet.numbers(e.translation, sheet.values) if e.translation is not None else "",
            old_english=e.signed.english if e.state == CHANGED and e.signed.english != e.english else None,
            old_translation=e.signed.translation if e.state == CHANGED and e.signed.translation != e.translation
            else None))
    from markupsafe import Markup

    return env.from_string(source).render(sheet=sheet, rows=[dict(r, english=Markup(r["english"]), translation=(
        Markup(r["translation"]) if r["translation"] is not None else None)) for r in rows],
        review=sheet.review, command=sign_command(sheet), changes=changes_command(sheet))


# -- PDF ---------------------------------------------------------------------------------------------

def proof_pdf(sheet: Sheet, content, locales, clinic_file=None) -> bytes:
    """The proof as PDF bytes: A4, English beside the translation, drawn with the handout's fonts."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (BaseDocTemplate, Frame, KeepTogether, PageTemplate, Spacer, Table,
                                    TableStyle)

    from handout.build import language_setup, translation_for
    from handout.layout.context import Context

    handout = sheet.handout
    clinic = load_clinic(clinic_file)
    locale = sheet.review.locale
    translate, _ = translation_for(handout, locales_dir(content, locales), locale, allow_incomplete=True)
    page_w, page_h = A4
    margin = 15 * mm
    width = page_w - 2 * margin
    num_w, tick_w = 12 * mm, 22 * mm
    column = (width - num_w) / 2
    en = Context(width=column, **language_setup(handout, clinic, handout.meta.source_language, "bilingual"))
    tr = Context(width=column, **language_setup(handout, clinic, locale, "bilingual", translate))
    base = en.styles.para["cell"]

    def style(ctx, name, **kw):
        return ParagraphStyle(name, parent=ctx.styles.para["cell"], fontSize=kw.pop("size", 10.5),
                              leading=kw.pop("leading", 13.5), **kw)

    en_body, tr_body = style(en, "proof_en"), style(tr, "proof_tr")
    small = style(en, "proof_small", size=8.5, leading=11)
    tr_small = style(tr, "proof_tr_small", size=8.5, leading=11)
    head = style(en, "proof_head", size=9, leading=12, fontName=en.styles.family.bold)
    title = style(en, "proof_title", size=17, leading=21, fontName=en.styles.family.bold)
    colours = en.styles.colours

    def p_en(text, st=en_body, bold=False):
        return en.para_runs([Run(text, bold)], st, role=None)

    def p_tr(text, values, st=tr_body):
        return tr.para_runs(tr.runs(Text(source=text, context="", where="", line=0), values), st, role=None)

    def p_en_text(text, st=en_body):
        return en.para_runs(en.runs(Text(source=text, context="", where="", line=0), sheet.english_values),
                            st, role=None)

    story = [p_en(f"Translation review proof: {sheet.language} ({locale})", title),
             p_en(f"{handout.meta.id}, content version {handout.meta.version}. Proof ID {sheet.proof_id}, "
                  f"made {sheet.today.isoformat()}. Now: {sheet.review.summary()}.", en_body),
             Spacer(1, 4),
             p_en("For each entry: read the English and the translation below it as the patient will see them "
                  "(doses and clinic details filled in), compare the numbers, tick the box when the translation "
                  "is correct and safe, and write anything that is wrong in the comment space. Safety-critical "
                  "entries come first, marked SAFETY-CRITICAL with why; in each part, entries changed since the "
                  "last sign-off come first. Sign at the end: approved, or changes needed with your comments.",
                  en_body),
             Spacer(1, 8)]
    for e in sheet.entries:
        reasons = sheet.safety(e)
        loud = e.state in (CHANGED, NEEDS) or bool(reasons)
        mark = colours["warning"] if loud else colours["rule"]
        label = " · ".join(x for x in (safety_note(reasons), f"{sheet.section(e)} ({e.context})", e.where,
                                       state_note(e)) if x)
        top = [p_en(f"{e.number}", head), p_en(label, head if loud else small), ""]
        rows = [top,
                ["", p_en_text(e.english), p_tr(e.translation, sheet.values) if e.translation is not None
                 else p_en("(fuzzy or not translated: it will not print, and cannot be signed)", en_body, True)],
                ["", p_en("Numbers and doses: " + (sheet.numbers(e.english, sheet.english_values) or "none")
                          + (f" · citations {sheet.citations(e.english)}" if sheet.citations(e.english) else ""), small),
                 tr.para_runs([Run(" · ".join(x for x in (sheet.numbers(e.translation, sheet.values),
                                                           sheet.citations(e.translation)) if x))], tr_small, role=None)
                 if e.translation is not None and (sheet.numbers(e.translation, sheet.values)
                                                   or sheet.citations(e.translation)) else ""]]
        if e.state == CHANGED:
            if e.signed.english != e.english:
                rows.append(["", p_en("English as signed: " + e.signed.english, small), ""])
            if e.signed.translation != e.translation:
                rows.append(["", p_en("Translation as signed (right):", small),
                             tr.para_runs([Run(e.signed.translation)], tr_small, role=None)])
        rows.append(["", TickBox(f"Correct as printed (entry {e.number})", en.styles.family.regular),
                     p_en("Comment:", small)])
        rows.append(["", "", ""])
        table = Table(rows, colWidths=[num_w, column, column], rowHeights=[None] * (len(rows) - 1) + [26])
        last = len(rows) - 1
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), base.fontName, 9), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("SPAN", (1, 0), (2, 0)), ("BOX", (0, 0), (-1, -1), 1.2 if loud else 0.6, mark),
            ("LINEBELOW", (0, 0), (-1, 0), 0.4, colours["rule"]),
            ("BACKGROUND", (0, 0), (-1, 0), colours["warning_fill"] if loud else colours["header_fill"]),
            ("LINEBELOW", (2, last), (2, last), 0.4, colours["rule"]),
            ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        story += [KeepTogether([table]), Spacer(1, 6)]
    closing = [Spacer(1, 10), p_en("Sign-off", title),
               p_en(f"I have checked the {sheet.language} translation of the entries ticked above against the English, "
                    "with the doses and numbers as printed, and found them correct and safe for patients.", en_body),
               Spacer(1, 6)]
    lines = [[p_en(label, en_body), ""] for label in (
        "Name", "Role (profession)", "Registration (body and number)", "Language competence (how you know it)",
        "Outcome: approved / changes needed", "Entries checked", "Signature", "Date")]
    block = Table(lines, colWidths=[55 * mm, width - 55 * mm], rowHeights=[24] * len(lines))
    block.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), base.fontName, 9),
                               ("LINEBELOW", (1, 0), (1, -1), 0.6, colours["rule"]),
                               ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    closing += [block, Spacer(1, 10),
                p_en("To record it (whoever keeps the project's files types this, with the reviewer's name, role, "
                     "registration and language competence; --entries 1-12,15 instead of --all for some entries "
                     "only):", small),
                p_en(sign_command(sheet), small, True),
                p_en("Changes needed: the entries and a --comment for each thing to change (the comments are kept "
                     "in the record; those entries stay unreviewed until a new proof is signed):", small),
                p_en(changes_command(sheet), small, True)]
    story.append(KeepTogether(closing))  # the signature block on one page

    def furniture(canv, doc):
        canv.saveState()
        canv.setFont(en.styles.family.regular, 8)
        canv.setFillColor(colours["rule"])
        canv.drawString(margin, 9 * mm, f"Review proof {sheet.language} ({locale}) · {handout.meta.id} "
                                        f"{handout.meta.version} · proof ID {sheet.proof_id}")
        canv.drawRightString(page_w - margin, 9 * mm, f"page {doc.page}")
        canv.restoreState()

    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=A4, title=f"Review proof: {sheet.language} ({locale})",
                          author="handout", lang="en", invariant=1, initialFontName=en.styles.family.regular,
                          leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=margin)
    frame = Frame(margin, margin + 4 * mm, width, page_h - 2 * margin - 4 * mm, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("proof", [frame], onPage=furniture)])
    doc.build(story)
    return buffer.getvalue()


def TickBox(label: str, font: str):
    """A square to tick and its label (a drawn square: no font has to have a ballot-box glyph)."""
    from reportlab.platypus import Flowable

    class Box(Flowable):
        def wrap(self, aw, ah):
            self.width = aw
            return aw, 14

        def draw(self):
            c = self.canv
            c.setLineWidth(1)
            c.rect(0, 1, 11, 11)
            c.setFont(font, 9)
            c.drawString(16, 3, label)

    return Box()
