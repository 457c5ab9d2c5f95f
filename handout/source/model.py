"""The handout as data: frozen dataclasses that remember where each piece came from.

`load_content` (source/content.py) builds this model from content.yaml; `localise` (translate/localise.py) returns a copy in
which every `Text` carries the words to print; `layout/story.py` turns it into flowables. Nothing here knows
about any topic, language or PDF.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Union


@dataclass(frozen=True)
class Text:
    """One translatable string.

    `source` is the English as written in content.yaml; `text` is what will be printed (the source, a
    translation, with placeholders still unfilled until layout). `context` is the gettext msgctxt,
    `where` tells a translator where it appears, `line` is its line in content.yaml.
    """

    source: str
    context: str
    where: str
    line: int
    text: str = ""
    language: str = "en"
    origin: str = ""  # file:line of the translation that supplied `text`, when there is one
    translatable: bool = True  # False for bibliographic references, printed as written in every language

    def __post_init__(self):
        if not self.text:
            object.__setattr__(self, "text", self.source)


@dataclass(frozen=True)
class Paragraph:
    text: Text


@dataclass(frozen=True)
class Bullets:
    items: tuple[Text, ...]


@dataclass(frozen=True)
class Steps:
    items: tuple[Text, ...]


@dataclass(frozen=True)
class Callout:
    kind: str  # "warning" | "important"
    title: Text
    items: tuple[Text, ...]
    # the last item where the clinic file names a crisis line ({clinic_crisis_line}, {clinic_crisis_phone});
    # left out where it does not
    crisis_line: Text | None = None


@dataclass(frozen=True)
class Table:
    columns: tuple[Text, ...]
    rows: tuple[tuple[Text, ...], ...]
    widths: tuple[float, ...]


@dataclass(frozen=True)
class Tracker:
    days: int
    week_length: int
    day_label: Text
    date_label: Text
    columns: tuple[Text, ...]
    widths: tuple[float, ...]


@dataclass(frozen=True)
class References:
    items: tuple[Text, ...]


Block = Union[Paragraph, Bullets, Steps, Callout, Table, Tracker, References]
BLOCK_TYPES = {
    "paragraph": Paragraph,
    "bullets": Bullets,
    "steps": Steps,
    "callout": Callout,
    "table": Table,
    "tracker": Tracker,
    "references": References,
}


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    blocks: tuple[Block, ...]
    new_page: bool
    line: int


@dataclass(frozen=True)
class Dose:
    name: str
    amount: Decimal
    unit: str  # a CLDR unit id such as "mass-milligram"
    line: int


@dataclass(frozen=True)
class Percent:
    """A percentage that text refers to as {name}: `value` 37 prints as "37%" in English, "37 %" in German."""
    name: str
    value: Decimal  # 0 to 100
    line: int


@dataclass(frozen=True)
class Meta:
    id: str
    version: str
    published: dt.date
    last_reviewed: dt.date
    next_review: dt.date
    source_language: str
    title: Text
    subtitle: Text | None
    subject: Text
    keywords: tuple[Text, ...]
    key_facts: tuple[Text, ...] = ()  # the few facts the front page's box gives before any text


@dataclass(frozen=True)
class Handout:
    meta: Meta
    doses: dict[str, Dose]
    labels: dict[str, Text]
    sections: tuple[Section, ...]
    path: str = "content.yaml"
    language: str = "en"
    missing: tuple[Text, ...] = field(default=())  # entries that fell back to English
    percents: dict[str, Percent] = field(default_factory=dict)


def map_texts(obj, fn: Callable[[Text], Text]):
    """Return a copy of `obj` (any model object, tuple or dict) with every Text replaced by fn(Text)."""
    if isinstance(obj, Text):
        return fn(obj)
    if isinstance(obj, tuple):
        return tuple(map_texts(item, fn) for item in obj)
    if isinstance(obj, dict):
        return {key: map_texts(value, fn) for key, value in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {f.name: map_texts(getattr(obj, f.name), fn) for f in dataclasses.fields(obj)
                   if f.name != "missing"}
        return dataclasses.replace(obj, **changes)
    return obj


_TEXTS: dict[int, tuple[object, tuple]] = {}


def all_texts(obj) -> tuple[Text, ...]:
    """Every Text in `obj` in reading order, as a tuple, remembered for the last few objects: the model is
    frozen, and a batch asks for the same handout's texts for every output it builds."""
    known = _TEXTS.get(id(obj))
    if known is None or known[0] is not obj:
        if len(_TEXTS) >= 32:
            _TEXTS.clear()
        known = _TEXTS[id(obj)] = (obj, tuple(iter_texts(obj)))
    return known[1]


def iter_texts(obj):
    """Yield every Text in `obj` in reading order."""
    if isinstance(obj, Text):
        yield obj
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            yield from iter_texts(item)
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from iter_texts(value)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if f.name != "missing":
                yield from iter_texts(getattr(obj, f.name))
