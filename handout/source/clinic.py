"""The clinic a handout is printed for: its name, contacts, logo and preferences.

`load_clinic(None)` gives the built-in example clinic, which is clearly marked as an example so a new user
can try the tool at once. A clinic file is YAML; `logo` is a PNG or JPEG path relative to that file.
"""
from __future__ import annotations

import functools
import re
import stat
import warnings
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from handout.errors import ClinicError, HandoutError
from handout.source.invisible import for_address, for_text, is_blank
from handout.source.markup import clean
from handout.source.review import POLICIES
from handout.source.yamlfile import load_yaml

PAPERS = ("a4", "letter")
MAX_LOGO_BYTES = 5_000_000
MAX_LOGO_PIXELS = 4_000_000  # 2000 x 2000: a logo prints at most 25 mm high (300 px at 300 dpi)
_TEXT_FIELDS = ("name", "department", "phone", "emergency_phone", "crisis_line", "crisis_phone", "address", "email",
                "website", "feedback", "url", "site_url")
_PHONES = ("phone", "emergency_phone", "crisis_phone")  # kept as text (leading zeros) and never broken across lines
_REQUIRED = ("name", "phone")
# One left-to-right string a reader types or dials: no invisible character of any kind belongs in it
# (invisible.py); the other fields are free text.
_ADDRESSES = ("phone", "emergency_phone", "crisis_phone", "email", "website", "url", "site_url")


@dataclass(frozen=True)
class Clinic:
    name: str
    phone: str
    department: str = ""
    # the number readers are told to call for urgent help (999, 911, 112); empty: "your local emergency number"
    emergency_phone: str = ""
    # a crisis line the clinic names beside "thoughts of harming or killing yourself" (both or neither):
    # its name ("Samaritans") and number ("116 123")
    crisis_line: str = ""
    crisis_phone: str = ""
    address: str = ""
    email: str = ""
    website: str = ""
    feedback: str = ""
    url: str = ""
    # where `handout site` is published (https://clinic.example/leaflets): each handout's QR code then opens
    # the page in its own language, site_url/<language>/ (site/pages.py path_of), instead of `url`
    site_url: str = ""
    logo: Path | None = None
    paper: str | None = None
    review_policy: str = "warn"  # warn | mark | refuse: what to do with a handout past its review date
    timezone: str = "UTC"  # the clinic's IANA time zone: the review date is compared in it
    # warn | mark | refuse: what to do with a translation a clinician has not fully signed off (translate/signoff.py)
    translation_policy: str = "mark"
    path: str = "(built-in example clinic)"
    # (key, line) of each text field in the clinic file or roster, for messages about a value
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)

    def line_of(self, key: str) -> int | None:
        return dict(self.lines).get(key)

    def placeholders(self) -> dict[str, str]:
        """Values for the {clinic_*} placeholders that content text may use. A phone number never
        breaks across lines (its spaces become no-break spaces)."""
        values = {f"clinic_{key}": getattr(self, key) for key in _TEXT_FIELDS if key not in ("url", "site_url")}
        values["clinic_phone"] = self.phone_unbroken
        values["clinic_emergency_phone"] = self.emergency_phone.replace(" ", "\u00a0")
        values["clinic_crisis_phone"] = self.crisis_phone.replace(" ", "\u00a0")
        return values

    def for_locale(self, locale: str) -> "Clinic":
        """The clinic as printed on a handout in `locale`: with a `site_url`, the online version (QR code and
        short address) is the web edition's page in that language."""
        if not self.site_url:
            return self
        import dataclasses

        return dataclasses.replace(self, url=f"{self.site_url.rstrip('/')}/{locale.replace('_', '-')}/")

    @property
    def short_url(self) -> str:
        """The online address as printed beside the QR code: without https:// or a trailing slash."""
        return re.sub(r"^https?://", "", self.url).rstrip("/")

    @property
    def phone_unbroken(self) -> str:
        return self.phone.replace(" ", "\u00a0")


def example_clinic_path() -> Path:
    return Path(str(resources.files("handout") / "data" / "example-clinic.yaml"))


def load_clinic(path: Path | str | None) -> Clinic:
    """Read a clinic file (or the built-in example when `path` is None) and check it."""
    if path is None:
        clinic = _read(example_clinic_path(), "(built-in example clinic)")
        return clinic
    return _read(Path(path), str(path))


def _read(path: Path, shown: str) -> Clinic:
    try:
        data = load_yaml(path, "clinic file", max_bytes=200_000)
    except HandoutError as exc:
        raise ClinicError(exc.message, path=shown, line=exc.line) from None
    if not isinstance(data, dict):
        raise ClinicError("the clinic file must be a mapping such as 'name: ...' and 'phone: ...'", path=shown)
    return clinic_from_mapping(data, path.parent, shown, data.line_of, first_line=1)


def clinic_from_mapping(data: dict, folder: Path, shown: str, line_of: Callable[[str], int | None],
                        first_line: int | None = None, extra: tuple[str, ...] = ()) -> Clinic:
    """Check one clinic's fields (as read from a clinic file, or one row of a clinics list) and return
    the Clinic. `folder` is where a relative logo path starts; `line_of(key)` gives the line to report;
    `extra` names keys the caller reads itself (a row's `id`). An empty value counts as absent for the
    optional settings (a CSV cell left blank). Raises ClinicError."""
    def fail(key, message):
        raise ClinicError(message, path=shown, line=line_of(key))

    allowed = set(_TEXT_FIELDS) | {"logo", "paper", "review_policy", "timezone", "translation_policy"}
    for key in data:
        if key not in allowed and key not in extra:
            fail(key, f"unknown key '{key}' (expected: {', '.join(sorted(allowed | set(extra)))})")
    for key in _REQUIRED:
        if key not in data:
            raise ClinicError(f"missing key '{key}'; every handout prints the clinic's {key}",
                              path=shown, line=first_line)
    values = {}
    for key in _TEXT_FIELDS:
        value = data.get(key, "")
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key in _PHONES:
            fail(key, f"{key} must be text: put the number in double quotes so leading zeros are kept")
        if not isinstance(value, str):
            fail(key, f"{key} must be text, not {type(value).__name__}; put it in double quotes")
        if len(value) > 300:
            fail(key, f"{key} is {len(value)} characters long; the limit is 300")
        values[key] = _tidy(key, value)
        if value.strip() and is_blank(values[key]):
            fail(key, f"{key} has only invisible characters (zero-width spaces or direction marks, as "
                      f"come along when text is copied from a web page); type the {key} again")
    for key in _REQUIRED:
        if not values[key]:
            fail(key, f"{key} is empty; every handout prints the clinic's {key}")
    for given, needed in (("crisis_line", "crisis_phone"), ("crisis_phone", "crisis_line")):
        if values[given] and not values[needed]:
            fail(given, f"{given} needs {needed} as well: the handout prints the crisis line's name and its "
                        f"number together (give both, or neither)")
    for key in ("url", "website", "site_url"):
        if values[key] and not re.match(r"https?://[^\s<>\"]+\Z", values[key]):
            fail(key, f"{key} must start with http:// or https:// and contain no spaces")
    if values["email"] and not re.match(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+\Z", values["email"]):
        fail("email", f"email {values['email']!r} does not look like an address (name@example.org)")
    paper = data.get("paper") or None
    if paper is not None and paper not in PAPERS:
        fail("paper", f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    policy = data.get("review_policy") or "warn"
    if policy not in POLICIES:
        fail("review_policy", f"review_policy must be one of {', '.join(POLICIES)}, not {policy!r}")
    translation = data.get("translation_policy") or "mark"
    if translation not in POLICIES:
        fail("translation_policy", f"translation_policy must be one of {', '.join(POLICIES)}, not {translation!r}")
    timezone = data.get("timezone") or "UTC"
    try:
        ZoneInfo(str(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        fail("timezone", f"unknown time zone {timezone!r}; use a name such as Europe/London or America/New_York")
    logo = None
    if data.get("logo"):
        if not isinstance(data["logo"], str):
            fail("logo", "logo must be a file path in quotes")
        logo = (folder / data["logo"]).resolve()
        _check_logo(logo, shown, line_of("logo"))
    lines = tuple((key, line) for key in _TEXT_FIELDS if values[key] and (line := line_of(key)) is not None)
    return Clinic(logo=logo, paper=paper, review_policy=policy, translation_policy=translation,
                  timezone=str(timezone), path=shown, lines=lines, **values)


def _tidy(key: str, value: str) -> str:
    """A clinic value as it will print: no control characters, no runs of spaces, and no direction
    controls (in a phone, email or web address no invisible character at all; a feedback line that is an
    email or web address counts as one)."""
    value = " ".join(clean(value).split())
    if key in _ADDRESSES or (key == "feedback" and re.fullmatch(r"\S*[@/]\S*", for_address(value))):
        return " ".join(for_address(value).split())
    return " ".join(for_text(value).split())


def _check_logo(logo: Path, shown: str, line: int) -> None:
    """The logo must be a real PNG or JPEG of sane size: never trust the file name. Only a regular file is
    opened (a FIFO or a device would hang the build or never end), and each distinct file is judged once
    (a roster of thousands of sites shares one logo)."""
    try:
        info = logo.stat()
    except FileNotFoundError:
        problem = "file not found; check the path (it is relative to the clinic file)"
    except OSError as exc:
        problem = f"cannot be read: {exc.strerror}"
    else:
        if stat.S_ISDIR(info.st_mode):
            problem = "is a folder, not an image file"
        elif not stat.S_ISREG(info.st_mode):
            problem = "is not a regular file (a pipe or a device?); save the logo as a PNG or JPEG file"
        else:
            problem = _logo_problem(logo, info.st_size, info.st_mtime_ns, info.st_ino)
    if problem:
        raise ClinicError(f"logo {logo.name}: {problem}", path=shown, line=line)


@functools.lru_cache(maxsize=64)
def _logo_problem(logo: Path, size: int, mtime_ns: int, inode: int) -> str | None:
    """What is wrong with the regular file `logo` as a logo, or None; remembered while the file is
    unchanged (size, time stamp, inode)."""
    try:
        _judge_logo(logo, size)
    except _LogoProblem as exc:
        return str(exc)
    return None


class _LogoProblem(Exception):
    pass


def _judge_logo(logo: Path, size: int) -> None:
    def fail(message):
        raise _LogoProblem(message)

    try:
        with logo.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        fail(f"cannot be read: {exc.strerror}")
    if size > MAX_LOGO_BYTES:
        fail(f"is {size:,} bytes; the limit is {MAX_LOGO_BYTES:,}: use a smaller PNG or JPEG")
    if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
        fail("is not a PNG or JPEG image; save the logo as PNG or JPEG")
    from PIL import Image  # imported here: only builds with a logo pay for it

    try:
        with warnings.catch_warnings():  # Pillow warns on stderr about big images: the limit below says it
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(logo) as image:
                width, height = image.size
                if width * height > MAX_LOGO_PIXELS:
                    fail(f"is {width}x{height} pixels; the limit is {MAX_LOGO_PIXELS:,} pixels")
                image.load()  # decode every pixel now: damaged data must fail here, not halfway through the PDF
    except _LogoProblem:
        raise
    except Image.DecompressionBombError as exc:  # so large that Pillow refuses even to read its size
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{int(pixels.group(1)):,} pixels" if pixels else "too many pixels"
        fail(f"is {size}; the limit is {MAX_LOGO_PIXELS:,} pixels")
    except Exception as exc:  # Pillow raises many types for broken files
        fail(f"cannot be read as an image: the file is damaged or incomplete ({type(exc).__name__}); "
             "export it again as PNG or JPEG")
