"""Email and web addresses, phone numbers and Latin reference lines are atoms in every direction.

A demanding clinic (bench/clinics/demanding.yaml: an email of 93 characters, web addresses of 110-130
with paths and query strings) on US Letter, where the clinic box and the QR caption are narrow: on a
right-to-left page a wrapped address keeps each line's characters left to right and its lines read from
the address's start (a slash once jumped to the other end of a line: `/org/patients/...`), and a
reference's last line keeps its full stop after the year (it printed `.2025`). Read from the drawn glyphs
(left to right on each line, lines top to bottom) and from pdfium's text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from handout.source.clinic import load_clinic
from tests.conftest import CONTENT, ROOT, run_cli
from tests.layout.test_page_quality import glyph_lines, read_pages, tokens_on_line

CLINIC_FILE = ROOT / "bench" / "clinics" / "demanding.yaml"
CLINIC = load_clinic(CLINIC_FILE)
ADDRESSES = [CLINIC.email, CLINIC.website, CLINIC.short_url, CLINIC.feedback]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("addresses")
    result = run_cli("build", str(CONTENT), "--clinic", str(CLINIC_FILE), "--locale", "ar,fa,he,en", "--paper",
                     "letter", "--today", "2027-01-15", "--jobs", "1", "--out", str(out))
    assert result.exit_code == 0, result.output
    return {path.name.split("_")[1]: path for path in out.glob("*.pdf")}


def reads_in_order(lines: list[list[str]], address: str) -> bool:
    """Whether consecutive tokens, in reading order (lines top to bottom, each line's tokens as given),
    spell `address` from its start to its end (the last may carry a sentence's full stop)."""
    # tokens of another column on the same lines (a title beside the clinic box) are not read between: a
    # token counts when it is whole pieces of the address (it breaks only after @ . / ? & = and ')'), not
    # a word that happens to be inside one ("no" of "... lo que no sabemos" inside "n9q61noo")
    bounds = {0, len(address)} | {m.end() for m in re.finditer(r"[@./?&=)]", address)}

    def pieces(token: str) -> bool:
        return any(address.startswith(token, at) and at + len(token) in bounds for at in bounds)

    tokens = [token for line in lines for token in line
              if pieces(token) or any(address.startswith(token[k:]) for k in range(len(token) - 2))
              or pieces(token.rstrip(".,;:)"))]
    for i, token in enumerate(tokens):
        # the first piece may follow its label without a space the glyphs show ("Email:functional.")
        text = next((token[k:] for k in range(max(1, len(token) - 2)) if address.startswith(token[k:])), None)
        if text is None:
            continue
        j = i + 1
        while j < len(tokens) and address.startswith(text + tokens[j]):
            text += tokens[j]
            j += 1
        if text == address or (j < len(tokens) and (text + tokens[j]).rstrip(".,;:)") == address):
            return True
    return False


@pytest.mark.parametrize("locale", ["ar", "fa", "he", "en"])
def test_wrapped_addresses_read_from_their_start_line_by_line(pdfs, locale):
    pages = read_pages(pdfs[locale], False, locale != "en")
    drawn = [[token for token, _ in tokens_on_line(line)] for page in pages for _, line in glyph_lines(page.glyphs)]
    logical = [line.split() for page in pages for line in page.text.split("\n")]
    for address in ADDRESSES:
        assert reads_in_order(drawn, address), (address, [line for line in drawn if any(
            len(token) > 3 and token.strip(".") in address for token in line)])
        assert reads_in_order(logical, address), address


@pytest.mark.parametrize("locale", ["ar", "fa", "he"])
def test_latin_reference_lines_keep_their_punctuation(pdfs, locale):
    drawn = ["".join(g.char for g in line) for page in read_pages(pdfs[locale], False, True)
             for _, line in glyph_lines(page.glyphs)]
    moved = [line for line in drawn if re.fullmatch(r"[.,:;]\d{4}", line)]
    assert not moved, moved
    assert any(line.endswith("2025.") for line in drawn)  # reference 8: "... DailyMed 2025."
