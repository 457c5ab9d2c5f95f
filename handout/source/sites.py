"""The clinics list of a batch build (`handout build --clinics FILE`): one row per site.

A CSV file (a header row, then one row per site) or a YAML list of mappings. Each row has the fields of a
clinic file (clinic.py: name, phone, emergency_phone, department, address, email, website, feedback, logo, url, paper,
review_policy, translation_policy, timezone)
plus an `id` that names the site's output folder. Every row is checked by the same function as a clinic
file, so one bad row is reported with its row number and line while the other sites still build.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from handout.errors import ClinicError, HandoutError
from handout.source.clinic import Clinic, clinic_from_mapping
from handout.source.yamlfile import load_yaml

MAX_BYTES = 5_000_000
_EXTRA = "\0extra"  # a CSV row with more cells than the header
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")
# Names a site's folder must not take: the build folder's own files (manifest.json; a folder named like a
# PDF, which `handout verify` would take for one), and names Windows reserves for devices (con, nul,
# com1..., with any extension) or cannot end a folder name with ('.'), should the folder be copied there.
_RESERVED = re.compile(r"manifest\.json|.*\.pdf|(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?|.*\.", re.IGNORECASE)


@dataclass(frozen=True)
class Site:
    id: str
    clinic: Clinic
    row: int  # 1-based, not counting a CSV header
    line: int


def read_sites(path: Path | str) -> tuple[list[Site], list[ClinicError]]:
    """The good sites and one ClinicError per bad row. Raises ClinicError when the file as a whole is
    unusable (missing, not CSV or YAML, no `id` column, no rows)."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        rows = _yaml_rows(path)
    elif path.suffix.lower() == ".csv":
        rows = _csv_rows(path)
    else:
        raise ClinicError("a clinics list must be a .csv or .yaml file", path=str(path))
    if not rows:
        raise ClinicError("the clinics list has no rows; add one row per site", path=str(path))
    sites, errors, seen = [], [], {}
    for number, (data, line, line_of) in enumerate(rows, 1):
        try:
            sites.append(_site(path, number, data, line, line_of, seen))
        except ClinicError as exc:
            errors.append(exc)
    return sites, errors


def _site(path: Path, number: int, data, line: int, line_of, seen: dict[str, int]) -> Site:
    shown = str(path)

    def fail(message: str, key: str = "id"):
        raise ClinicError(f"row {number}: {message}", path=shown, line=line_of(key) if data else line)

    if not isinstance(data, dict):
        fail("each row must be a mapping of clinic fields (id, name, phone, ...)")
    if _EXTRA in data:
        fail(f"{data[_EXTRA]} more cell(s) than the header has columns; put cells that contain commas in "
             "double quotes")
    ident = data.get("id")
    if ident is None or ident == "":
        fail("missing id; give every site an id (letters, digits, '-', '_'), it names the site's folder")
    ident = str(ident).strip()
    if not _ID.match(ident):
        fail(f"id {ident!r} may use only letters, digits, '.', '-' and '_' (at most 64, not starting "
             "with '.' or '-'): it names the site's folder")
    if _RESERVED.fullmatch(ident):
        fail(f"id {ident!r} cannot name a site's folder (not manifest.json, a name ending in .pdf or '.', "
             "nor con, prn, aux, nul, com1-9 or lpt1-9); choose another id")
    if ident.lower() in seen:
        fail(f"id {ident!r} is used twice (first in row {seen[ident.lower()]}); every site needs its own id")
    try:
        clinic = clinic_from_mapping(data, path.parent, shown, line_of, first_line=line, extra=("id",))
    except ClinicError as exc:
        raise ClinicError(f"row {number} ({ident}): {exc.message}", path=shown, line=exc.line or line) from None
    seen[ident.lower()] = number
    return Site(id=ident, clinic=clinic, row=number, line=line)


def _yaml_rows(path: Path) -> list[tuple]:
    try:
        data = load_yaml(path, "clinics list", max_bytes=MAX_BYTES)
    except HandoutError as exc:
        raise ClinicError(exc.message, path=str(path), line=exc.line) from None
    if not isinstance(data, list):
        raise ClinicError("a YAML clinics list must be a list with one '- id: ...' mapping per site",
                          path=str(path), line=1)
    return [(item, data.line_of(i), item.line_of if isinstance(item, dict) else (lambda key, n=data.line_of(i): n))
            for i, item in enumerate(data)]


def _csv_rows(path: Path) -> list[tuple]:
    shown = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ClinicError(f"the clinics list is over {MAX_BYTES:,} bytes; split it", path=shown)
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ClinicError("clinics list not found; check the path", path=shown) from None
    except UnicodeDecodeError:
        raise ClinicError("not valid UTF-8 text; save the CSV as UTF-8", path=shown) from None
    except OSError as exc:
        raise ClinicError(f"cannot read the clinics list: {exc.strerror}", path=shown) from None
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey=_EXTRA, restval="", delimiter=_separator(text))
    try:
        header = reader.fieldnames or []
        if "id" not in header:
            raise ClinicError("the first row must name the columns, including id, name and phone",
                              path=shown, line=1)
        rows, start = [], reader.line_num + 1
        for record in reader:
            line = start
            start = reader.line_num + 1
            if not any((v or "").strip() for k, v in record.items() if k != _EXTRA):
                continue  # blank line
            data = {k: (v or "").strip() for k, v in record.items() if k and k != _EXTRA}
            if record.get(_EXTRA):
                data[_EXTRA] = len(record[_EXTRA])
            rows.append((data, line, lambda key, n=line: n))
    except csv.Error as exc:
        raise ClinicError(f"CSV error: {exc}", path=shown, line=reader.line_num) from None
    return rows


def _separator(text: str) -> str:
    """The CSV's separator, judged from its header row: a comma, or the semicolon (Excel's export where the
    comma is the decimal sign, much of Europe) or a tab."""
    header = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        return ","
