"""Localise: put a language into the model, and format doses and dates for it with Babel.

`localise` takes the English model and a `translate(text) -> (words, origin) | None` function (from the
catalogs, or none for the source language) and returns a `Localised` handout: every Text carries the
words to print, and `values` holds the placeholder values formatted for the locale ("0.5 mg", "0,5 mg").
"""
from __future__ import annotations

import dataclasses
import functools
import re
from decimal import Decimal
from dataclasses import dataclass
from typing import Callable, Optional

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit

from handout.source.clinic import Clinic
from handout.source.model import Handout, Text, map_texts

Translate = Callable[[Text], Optional[tuple[str, str]]]


@dataclass(frozen=True)
class Localised:
    handout: Handout
    locale: str
    values: dict[str, str]  # placeholder name -> formatted value
    dates: dict[str, str]  # published / last_reviewed / next_review, formatted
    language_name: str  # the language's own name, e.g. "Español"
    rtl: bool

    def bcp47(self) -> str:
        return self.locale.replace("_", "-")

    def number(self, value: int) -> str:
        """A whole number as the language writes it (a list number, a diary day, a page number)."""
        return _number(value, self.locale)


@functools.lru_cache(maxsize=4096)
def _number(value: int, locale: str) -> str:
    return format_decimal(value, locale=babel_locale(locale))


@functools.lru_cache(maxsize=64)
def babel_locale(locale: str) -> Locale:
    """Babel's Locale for a code ("pt_BR" or "pt-BR"); parsed once (a diary formats a hundred numbers)."""
    return Locale.parse(locale.replace("-", "_"))


def own_name(locale: str) -> str:
    """The language's name in that language, capitalised for use on its own: "Español", "Русский"."""
    loc = babel_locale(locale)
    name = loc.get_display_name(loc) or locale
    return name[:1].upper() + name[1:]


def format_dose(amount, unit: str, locale: str) -> str:
    """A dose as the locale writes it, never broken across lines: `format_dose(Decimal("4.5"),
    "mass-milligram", "es")` is "4,5\u00a0mg"."""
    return re.sub(r"[ \u202f]", "\u00a0", format_unit(amount, unit, length="short", locale=babel_locale(locale)))


def format_percentage(value, locale: str) -> str:
    """A percentage as the locale writes it, never broken across lines: 37 is "37%" in English and
    "37\u00a0%" in German and French. Digits are Latin, as in doses (Babel's default numbering)."""
    text = format_percent(Decimal(value) / 100, locale=babel_locale(locale), decimal_quantization=False)
    return re.sub(r"[ \u202f]", "\u00a0", text)


def placeholder_values(handout: Handout, locale: str) -> dict[str, str]:
    """The content's own placeholder values (doses and percentages), formatted for `locale`."""
    values = {name: format_dose(d.amount, d.unit, locale) for name, d in handout.doses.items()}
    values.update({name: format_percentage(p.value, locale) for name, p in handout.percents.items()})
    return values


LETTER_PAGES = ("letter", "half-letter")


def date_locale(locale: str, page: str | None = None) -> Locale:
    """The locale dates are written in. English names no country, so its dates follow the paper the
    handout is printed on: US Letter means a US clinic ("November 25, 2026", en_US), A4 the UK and the
    other A4 countries ("25 November 2026", en_GB). Every other language has its own way already."""
    loc = babel_locale(locale)
    if loc.language == "en" and loc.territory is None and page:
        return babel_locale("en_US" if page in LETTER_PAGES else "en_GB")
    return loc


def localise(handout: Handout, locale: str, clinic: Clinic, translate: Translate | None = None,
             page: str | None = None) -> Localised:
    """Return the handout in `locale`; entries `translate` cannot supply stay English and are listed.
    `page`: the paper it is printed on (a4, letter, a5, half-letter), which sets English dates (date_locale)."""
    missing: list[Text] = []

    def apply(text: Text) -> Text:
        if translate is None or not text.translatable:
            return text
        found = translate(text)
        if found is None:
            missing.append(text)
            return text
        words, origin = found
        return dataclasses.replace(text, text=words, language=locale, origin=origin)

    translated = map_texts(handout, apply)
    translated = dataclasses.replace(translated, language=locale, missing=tuple(missing))
    values = placeholder_values(handout, locale)
    values.update(clinic.placeholders())
    if not values["clinic_emergency_phone"]:  # the clinic set no number: the words, in the reader's language
        values["clinic_emergency_phone"] = translated.labels["emergency_number"].text
    meta = handout.meta
    dates = {key: format_date(getattr(meta, key), format="long", locale=date_locale(locale, page))
             for key in ("published", "last_reviewed", "next_review")}
    return Localised(handout=translated, locale=locale, values=values, dates=dates, language_name=own_name(locale),
                     rtl=babel_locale(locale).character_order == "right-to-left")
