"""The one exception family that reaches users.

Every expected failure (bad content, a broken catalog, an unwritable folder) raises a subclass of
`HandoutError` carrying where it came from, so the CLI can print one line, `path:line: message`, and
exit 1. Anything else is a bug and keeps its traceback.
"""
from __future__ import annotations


class HandoutError(Exception):
    """An expected problem with the user's input or environment.

    `path` and `line` (1-based) say where, when known; `message` says what is wrong and what to do.
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.details = details or []  # further lines, e.g. every missing entry of a catalog

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return where + self.message


class ContentError(HandoutError):
    """content.yaml is malformed or inconsistent."""


class ClinicError(HandoutError):
    """The clinic file or the logo it names is unusable."""


class CatalogError(HandoutError):
    """A translation catalog is broken, incomplete or fails a check."""


class FontError(HandoutError):
    """No font can draw some text."""


class OutputError(HandoutError):
    """The PDF cannot be written where asked."""


class ReviewError(HandoutError):
    """A clinician review record (locales/LOCALE/review.yaml) is unusable, or a sign-off is refused."""
