"""A combination a clinic's details truly cannot print in is not offered, and staff are told what to change.

A phone number of 50 characters (`+44 (0)20 7946 0958 extension 22104, then option 4`) is too wide for a
footer line of its own on the large-print booklet's pages (and for a column of the bilingual edition, where
it printed broken: `(617) 5` / `55-0142`); a web address with a piece of 57 characters between its dots and
slashes cannot be set on a line of the large-print booklet without cutting it between two letters (a wrong
address). `handout build` says so in one line per combination (the clinic file, line and key, the
combination, what to change), exits 1 and builds the rest; the front-desk page greys the combination out
with the same words and never builds it. No message blames the content or a translation."""
from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import CONTENT, run_cli

LONG_PHONE = "+44 (0)20 7946 0958 extension 22104, then option 4"
LONG_PIECE = "https://riverside-community-gastroenterology-and-hepatology-unit.example/ldn"


def _clinic(folder: Path, **values) -> Path:
    fields = {"name": "Riverside Gut Clinic", "phone": "01234 567890", **values}
    path = folder / "clinic.yaml"
    path.write_text("".join(f'{key}: "{value}"\n' for key, value in fields.items()), encoding="utf-8")
    return path


def _blames_the_clinic(line: str) -> None:
    assert not re.search(r"content\.yaml|translation|catalog|label|\.po\b", line), line


def test_build_names_each_combination_and_the_key_and_builds_the_rest(tmp_path):
    clinic = _clinic(tmp_path, phone=LONG_PHONE)
    result = run_cli("build", str(CONTENT), "--clinic", str(clinic), "--locale", "en,fr", "--edition", "all",
                     "--paper", "a4", "--booklet", "--today", "2027-01-15", "--out", str(tmp_path / "out"),
                     "--jobs", "1")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    built = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert built == ["ldn-ibs_en_a4_standard_booklet.pdf", "ldn-ibs_fr_a4_standard_booklet.pdf"]
    errors = sorted(line for line in result.stderr.splitlines() if line.startswith("Error: "))
    assert len(errors) == 3, result.stderr  # large print in both languages, French beside English
    for line, words in zip(errors, ["the bilingual booklet on A4"] + ["the large-print booklet on A4"] * 2):
        assert line.startswith(f"Error: {clinic}:2: key phone: cannot print {words}: the phone number "), line
        most = int(re.search(r"shorten it to (\d+) characters or fewer", line).group(1))
        assert 20 < most < len(LONG_PHONE)
        _blames_the_clinic(line)
    # the flat large-print handout has room for it, on A4 and Letter
    result = run_cli("build", str(CONTENT), "--clinic", str(clinic), "--edition", "large-print", "--paper", "all",
                     "--today", "2027-01-15", "--out", str(tmp_path / "flat"))
    assert result.exit_code == 0, result.output


def test_the_number_given_fits(tmp_path):
    clinic = _clinic(tmp_path, phone=LONG_PHONE)
    result = run_cli("build", str(CONTENT), "--clinic", str(clinic), "--edition", "large-print", "--booklet",
                     "--today", "2027-01-15", "--out", str(tmp_path / "out"))
    most = int(re.search(r"shorten it to (\d+) characters", result.stderr).group(1))
    clinic = _clinic(tmp_path, phone=LONG_PHONE[:most].strip())
    result = run_cli("build", str(CONTENT), "--clinic", str(clinic), "--edition", "large-print", "--booklet",
                     "--today", "2027-01-15", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output


def test_an_address_piece_too_long_for_a_line_is_refused_not_cut(tmp_path):
    clinic = _clinic(tmp_path, website=LONG_PIECE)
    result = run_cli("build", str(CONTENT), "--clinic", str(clinic), "--edition", "large-print", "--booklet",
                     "--today", "2027-01-15", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert line.startswith(f"Error: {clinic}:3: key website: cannot print the large-print booklet on A4: "), line
    assert "'riverside-community-gastroenterology-and-hepatology-unit.' (57 characters)" in line
    _blames_the_clinic(line)
    assert not list((tmp_path / "out").glob("*.pdf"))
    result = run_cli("build", str(CONTENT), "--clinic", str(clinic), "--today", "2027-01-15", "--out",
                     str(tmp_path / "standard"))
    assert result.exit_code == 0, result.output  # 12 pt on A4 holds it


def test_the_front_desk_greys_out_what_cannot_print_and_says_why(tmp_path):
    from handout.web.serve import create_app

    # 58 characters: too long for a column of the bilingual edition, and for the booklets' footer lines
    clinic = _clinic(tmp_path, phone="+44 (0)20 7946 0958 extension 22104, then option 4, then 2")
    app = create_app(CONTENT, clinic, folder=tmp_path / "builds")
    desk, client = app.extensions["handout"], app.test_client()
    page = client.get("/").get_data(as_text=True)
    def edition(name):
        return re.search(rf'<div class="choice( unavailable)?">\s*<input type="radio" name="edition" '
                         rf'id="edition-{name}"[^>]*>', page)

    bilingual, standard, large = edition("bilingual"), edition("standard"), edition("large-print")
    assert bilingual.group(1) and "disabled" in bilingual.group(0)  # no paper or fold holds it: greyed out
    for other in (standard, large):
        assert not other.group(1) and "disabled" not in other.group(0)
    assert "Cannot print with this clinic's details: " + f"{clinic}:2: key phone: cannot print the standard booklet " \
        "on US Letter: the phone number" in page
    assert "key phone: cannot print the large-print booklet on A4: the phone number" in page
    assert all((key.edition, key.paper, key.booklet) not in desk.unprintable for key in desk.offered())
    assert not any(key.edition == "bilingual" for key in desk.offered())
    assert any(key.edition == "large-print" and not key.booklet for key in desk.offered())
    refused = client.get("/preview?locale=en&edition=large-print&paper=letter&booklet=1")
    assert refused.status_code == 409
    text = refused.get_data(as_text=True)
    assert "key phone: cannot print the large-print booklet on US Letter" in text
    _blames_the_clinic(re.sub(r"<[^>]+>", " ", text).split("Cannot print", 1)[-1])
    assert not list((tmp_path / "builds").rglob("*large-print*.pdf"))
