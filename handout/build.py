"""The whole pipeline in one place: content → localised model → layout → PDF on disk.

`build_handout` is what the CLI's `build` command calls; `render_handout` stops before the disk, for
tests and for callers that want the bytes.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handout.clinic import Clinic, load_clinic
from handout.content import load_content
from handout.errors import HandoutError
from handout.fonts import choose_family
from handout.localise import Localised, localise
from handout.model import Handout, iter_texts
from handout.render import PAGE_SIZES, render_pdf, write_pdf
from handout.styles import load_styles


@dataclass(frozen=True)
class Built:
    path: Path
    locale: str
    paper: str
    pages: int
    size: int


def output_name(handout: Handout, locale: str, paper: str) -> str:
    return f"{handout.meta.id}_{locale}_{paper}.pdf"


def choose_paper(requested: str | None, clinic: Clinic) -> str:
    paper = requested or clinic.paper or "a4"
    if paper not in PAGE_SIZES:
        raise HandoutError(f"unknown paper size '{paper}' (expected one of: {', '.join(PAGE_SIZES)})")
    return paper


def _strings(loc: Localised, clinic: Clinic) -> list[tuple[str, str]]:
    """Every string that will be drawn, with where it came from, for the font coverage check."""
    handout = loc.handout
    out = [(t.text, t.origin or f"{handout.path}:{t.line}") for t in iter_texts(handout)]
    out += [(value, clinic.path) for value in clinic.placeholders().values()]
    out += [(value, handout.path) for value in (*loc.values.values(), *loc.dates.values(), loc.language_name)]
    return out


def render_handout(handout: Handout, clinic: Clinic, locale: str = "en", paper: str = "a4",
                   edition: str = "standard", translate=None) -> tuple[bytes, int]:
    """Localise, lay out and render one handout; return (PDF bytes, page count)."""
    loc = localise(handout, locale, clinic, translate)
    family = choose_family(locale, _strings(loc, clinic))
    styles = load_styles(edition, family, loc.rtl)
    return render_pdf(dict(loc=loc, clinic=clinic, styles=styles), paper)


def build_handout(content: Path | str = "content.yaml", locale: str = "en", paper: str | None = None,
                  clinic: Path | str | None = None, out: Path | str = "dist") -> Built:
    """Build one handout PDF into `out` and return what was written."""
    handout = load_content(content)
    clinic_data = load_clinic(clinic)
    paper = choose_paper(paper, clinic_data)
    data, pages = render_handout(handout, clinic_data, locale, paper)
    target = Path(out) / output_name(handout, locale, paper)
    write_pdf(data, target)
    return Built(path=target, locale=locale, paper=paper, pages=pages, size=len(data))
