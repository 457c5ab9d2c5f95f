"""What the `handout` command does first (and only the command: a program that imports the library keeps
its own `re` cache untouched): put off compiling the regular expressions that ReportLab and
PyYAML compile when they are imported but that a build never uses.

Importing ReportLab's paragraph module compiled a web-address pattern (about 35 ms, a tenth of a cold
`handout build`) that ReportLab uses only to split long addresses when a style sets `uriWasteReduce`,
which no style here does; its CJK word splitter and PyYAML's pure-Python reader (the tool reads YAML with
libyaml) compile two more. Python's `re` looks a pattern up in its cache before compiling it, so each of
these is put in the cache as a stand-in that compiles the real pattern the first time it is used and
then behaves exactly as the compiled pattern does. Nothing else changes: if a library changes its
pattern, or a Python version its cache, the stand-in is simply never asked for and the pattern is
compiled at import as before.

(ReportLab also imports HarfBuzz and Pillow as it loads, about 25 ms, which an English build without a
logo never uses. The standard library's LazyLoader cannot defer them: the import system reads the module's
`__spec__`, which loads it.)
"""
from __future__ import annotations

import re

_PATTERNS = (
    # reportlab/platypus/paragraph.py: uri_pat
    ('(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|([a-z¡-\uffff0-9](?:[a-z¡-\uffff0-9-]{0,61}[a-z¡-\uffff0-9])?(?:\\.(?!-)[a-z¡-\uffff0-9-]{1,63}(?<!-))*\\.(?!-)(?:[a-z¡-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?|localhost))(?::\\d{2,5})?(?:[/?#][^\\s]*)?\\Z',
     int(re.IGNORECASE)),
    # reportlab/lib/textsplit.py: rx
    ("([\u2e80-\uffff])", int(re.UNICODE)),
    # yaml/reader.py: Reader.NON_PRINTABLE
    ("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]", 0),
)


class DeferredPattern:
    """A compiled regular expression, compiled when first used."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int):
        self.pattern, self.flags, self._compiled = pattern, flags, None

    def __getattr__(self, name: str):
        if name in DeferredPattern.__slots__:  # a copy made without __init__: no recursion, a plain error
            raise AttributeError(name)
        if self._compiled is None:
            # the same expression behind an empty group: a different text, so not this stand-in again
            self._compiled = re.compile("(?:)" + self.pattern, self.flags)
        return getattr(self._compiled, name)

    def __copy__(self):  # a copy is the compiled pattern itself, as copying a compiled pattern gives
        return self.compiled()

    def __deepcopy__(self, memo):
        return self.compiled()

    def compiled(self) -> re.Pattern:
        """The real compiled pattern (compiling it now if needed)."""
        self.match  # noqa: B018 - compiles on first use
        return self._compiled


def defer_patterns() -> None:
    """Put the stand-ins for the patterns above in `re`'s cache (unless a pattern is there already)."""
    cache = getattr(re, "_cache", None)
    if isinstance(cache, dict):
        for pattern, flags in _PATTERNS:
            cache.setdefault((str, pattern, flags), DeferredPattern(pattern, flags))
