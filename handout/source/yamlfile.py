"""Safe YAML loading that remembers where every value came from.

Mappings load as `LocDict` and sequences as `LocList`; both know their own 1-based line and the line of
each key or item, so later stages can point errors at the exact line. Duplicate keys, which PyYAML would
silently keep the last of, are an error. Only plain data is constructed (SafeLoader): no Python objects.
Every failure, from a wrong byte to a nesting too deep for the parser, becomes one HandoutError line.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from handout.errors import HandoutError

MAX_BYTES = 2_000_000


class LocDict(dict):
    """A dict with `line` (where it starts) and `key_lines` (where each key is)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LocList(list):
    """A list with `line` (where it starts) and `item_lines` (where each item is)."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Loader(yaml.SafeLoader):
    pass


# libyaml's parser (when PyYAML was built with it) reads a file about five times faster than the pure
# Python one; the constructors, and so what may be built, are the same SafeConstructor's.
_FAST = getattr(yaml, "CSafeLoader", None)


class _FastLoader(_FAST or yaml.SafeLoader):
    pass


def safe_data(stream):
    """Plain data from YAML text or a stream (the tool's own data files): yaml.safe_load, with libyaml."""
    return yaml.load(stream, Loader=_FAST or yaml.SafeLoader)  # noqa: S506 - a SafeLoader


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LocDict:
    loader.flatten_mapping(node)
    result = LocDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            kind = "a list" if isinstance(key, list) else "a mapping" if isinstance(key, dict) else type(key).__name__
            raise HandoutError(f"a mapping key must be plain text, not {kind}; write it as a plain word",
                               line=key_node.start_mark.line + 1)
        if key in result:
            raise HandoutError(
                f"duplicate key '{key}' (first at line {result.key_lines[key]}); keep only one",
                line=key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LocList:
    result = LocList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp(loader, node: yaml.ScalarNode):
    """A date that looks right but is not on the calendar (2025-02-30) is an error with its line,
    where PyYAML would raise a bare ValueError."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise HandoutError(f"'{node.value}' is not a real date ({exc}); write an existing date as YYYY-MM-DD",
                           line=node.start_mark.line + 1) from None


for _cls in (_Loader, _FastLoader):
    _cls.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    _cls.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def load_yaml(path: Path, what: str = "file", max_bytes: int = MAX_BYTES):
    """Read `path` as YAML, raising HandoutError (with path and line) for anything unusable.

    `what` names the file for messages ("content file", "clinic file").
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise HandoutError(f"the {what} is {size:,} bytes, over the limit of {max_bytes:,}; "
                               "is this the right file?", path=str(path))
        raw = path.read_bytes()
    except FileNotFoundError:
        raise HandoutError(f"{what} not found; check the path", path=str(path)) from None
    except IsADirectoryError:
        raise HandoutError(f"expected a {what} but this is a folder", path=str(path)) from None
    except OSError as exc:
        raise HandoutError(f"cannot read the {what}: {exc.strerror}", path=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise HandoutError("not valid UTF-8 text; save the file as UTF-8", path=str(path), line=line) from None
    try:
        try:
            data = yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a SafeLoader
        except yaml.YAMLError:  # the pure Python parser words its errors better (it names the character)
            data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except HandoutError as exc:
        exc.path = str(path)
        raise
    except RecursionError:  # PyYAML's parser recurses once per level of nesting
        raise HandoutError("the YAML is nested too deeply to read (hundreds of levels of [ or - ); "
                           "is this the right file?", path=str(path)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids, such as a raw control character
        line = text[: exc.position].count("\n") + 1
        raise HandoutError(f"character U+{exc.character:04X} is not allowed in a YAML file; remove it "
                           "(control characters cannot be typed into the file)", path=str(path), line=line) from None
    except yaml.constructor.ConstructorError as exc:  # a tag such as !!python/object: never constructed
        tag = re.search(r"tag '([^']*)'", exc.problem or "")
        shown = tag.group(1).replace("tag:yaml.org,2002:", "!!") if tag else "this tag"
        mark = exc.problem_mark or exc.context_mark
        raise HandoutError(f"the YAML tag {shown} is not allowed (only text, numbers, dates, lists and "
                           "mappings are read); remove it", path=str(path),
                           line=mark.line + 1 if mark else None) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "\\t" in problem or "'\\t'" in problem or "tab" in problem:
            problem += " (YAML does not allow tabs for indentation; use spaces)"
        else:  # PyYAML notices a quote left open or a wrong indent only on a later line
            problem += "; check the quotes and indentation of this line and the lines above it"
        raise HandoutError(f"YAML syntax error: {problem}", path=str(path),
                           line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML's other errors carry a mark (above)
        raise HandoutError(f"YAML error: {' '.join(str(exc).split())}", path=str(path)) from None
    return data
