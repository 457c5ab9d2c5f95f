"""The site's own few words (skip link, language list, PDF heading, edition names) per language, from
handout/data/site-words.yaml; a language not listed there gets the English words, marked as English."""
from __future__ import annotations

import functools
from importlib import resources

from handout.source.yamlfile import safe_data

KEYS = ("skip", "languages", "pdfs", "standard", "large_print")


@functools.lru_cache(maxsize=1)
def _table() -> dict:
    with resources.files("handout").joinpath("data/site-words.yaml").open("r", encoding="utf-8") as fh:
        return safe_data(fh)


def words_for(locale: str) -> tuple[dict[str, str], str]:
    """(the words, the locale they are in): the locale's own, else its language's (pt for pt_PT), else English."""
    table = _table()
    for code in (locale, locale.split("_")[0]):
        if code in table:
            return {key: str(table[code][key]) for key in KEYS}, code
    return {key: str(table["en"][key]) for key in KEYS}, "en"
