"""Styles as data: read an edition's styles from data/styles.yaml and make ReportLab styles from them.

Paragraph styles name their face as `font: regular|bold`; the face is resolved against the font family
chosen for the language, so one style sheet serves every script. Built once per (edition, family).
"""
from __future__ import annotations

import dataclasses

import functools
from dataclasses import dataclass
from importlib import resources

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from handout.errors import HandoutError
from handout.layout.fonts import Family
from handout.source.yamlfile import safe_data


@dataclass(frozen=True)
class Styles:
    """Everything layout needs to know about looks: paragraph styles, colours and measures."""

    para: dict[str, ParagraphStyle]
    colours: dict[str, colors.Color]
    margins: dict[str, float]  # points
    footer_gap: float
    lists: dict
    callout: dict
    table: dict
    tracker: dict
    title_block: dict
    family: Family
    stacked_tables: bool = False  # set tables as labelled blocks (large print)
    references: dict = dataclasses.field(default_factory=dict)  # columns, gap_mm
    qr: dict = None
    bilingual: dict = None
    measure: float = 0  # the longest line of body text, points (0: the whole width between the margins)


def _merge(base: dict, override: dict) -> dict:
    """`override` laid over `base`, key by key (mappings merge; anything else replaces)."""
    out = dict(base)
    for key, value in override.items():
        out[key] = _merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return out


@functools.lru_cache(maxsize=1)
def _sheet() -> dict:
    with resources.files("handout").joinpath("data/styles.yaml").open("r", encoding="utf-8") as fh:
        raw = safe_data(fh)
    sheet = {}
    for name, spec in raw.items():
        parent = spec.get("inherits")
        sheet[name] = _merge(sheet[parent], {k: v for k, v in spec.items() if k != "inherits"}) if parent else spec
    return sheet


def style_sets() -> list[str]:
    """Names of the style sets in data/styles.yaml (standard, large-print, bilingual, booklet)."""
    return list(_sheet())


def style_set(edition: str, page: str = "a4") -> str:
    """The style set an edition is drawn with on `page`: large print keeps its own at every size; two
    languages side by side, and the booklet's half-size pages, use 12 pt type on their narrower lines."""
    if edition in ("large-print", "bilingual"):
        return edition
    return "booklet" if page in ("a5", "half-letter") else "standard"


@functools.lru_cache(maxsize=None)
def load_styles(edition: str, family: Family, rtl: bool = False, shaping: bool = False,
                leading: float = 1.0) -> Styles:
    """The styles of `edition` drawn with `family`; `rtl` right-aligns text, `shaping` asks ReportLab to
    shape text with HarfBuzz (Indic scripts); `leading` multiplies every line spacing (the script's own
    factor in data/fonts.yaml: Myanmar's marks stack higher and lower than Latin letters)."""
    sheet = _sheet()
    if edition not in sheet:
        raise HandoutError(f"unknown edition '{edition}' (expected one of: {', '.join(sheet)})")
    spec = sheet[edition]
    palette = {name: colors.HexColor(value) for name, value in spec["colours"].items()}
    para: dict[str, ParagraphStyle] = {}
    for name, attrs in spec["paragraph"].items():
        attrs = dict(attrs)
        parent = para[attrs.pop("parent")] if "parent" in attrs else None
        face = attrs.pop("font", None)
        if face:
            attrs["fontName"] = family.bold if face == "bold" else family.regular
        if leading != 1.0 and "leading" in attrs:
            attrs["leading"] = round(attrs["leading"] * leading, 2)
        if "textColor" in attrs:
            attrs["textColor"] = palette[attrs["textColor"]]
        if parent is None:
            attrs.setdefault("alignment", TA_RIGHT if rtl else TA_LEFT)
            attrs.setdefault("bulletFontName", family.regular)
            if shaping:
                attrs["shaping"] = 1
        para[name] = ParagraphStyle(name, parent=parent, **attrs)
    margins = {side: value * mm for side, value in spec["page"]["margins_mm"].items()}
    return Styles(para=para, colours=palette, margins=margins, footer_gap=spec["page"]["footer_gap_mm"] * mm,
                  lists=spec["lists"], callout=spec["callout"], table=spec["table"], tracker=spec["tracker"],
                  title_block=spec["title_block"], family=family, stacked_tables=spec.get("tables") == "stacked",
                  qr=spec["qr"], bilingual=spec.get("bilingual", {"gutter_mm": 6}),
                  measure=spec["page"].get("measure_mm", 0) * mm, references=spec.get("references", {}))


_DERIVED: dict[tuple, tuple[ParagraphStyle, ParagraphStyle]] = {}


def derived(style: ParagraphStyle, name: str, **changes) -> ParagraphStyle:
    """`style.clone(name, **changes)`, made once per style and changes: a paragraph's parse and line breaks
    are remembered by its style (layout/context.py, layoutcache.py), so a style made afresh for every list
    or callout would never find them."""
    key = (id(style), name, tuple(sorted(changes.items())))
    known = _DERIVED.get(key)
    if known is None or known[0] is not style:
        if len(_DERIVED) > 2000:
            _DERIVED.clear()
        known = _DERIVED[key] = (style, style.clone(name, **changes))
    return known[1]
