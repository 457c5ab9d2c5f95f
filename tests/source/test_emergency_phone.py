"""The clinic's emergency number: every "get urgent help now" says how, with the number the clinic sets
(emergency_phone: 999, 911, 112) or, where none is set, "your local emergency number" in the reader's language."""
from __future__ import annotations

from pathlib import Path

from handout.source.sites import read_sites
from tests.conftest import CONTENT, flat, page_texts, run_cli


def _clinic(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "clinic.yaml"
    path.write_text(f'name: "Riverside Gut Clinic"\nphone: "01234 567890"\n{extra}', encoding="utf-8")
    return path


def _build(tmp_path: Path, *args: str) -> str:
    result = run_cli("build", str(CONTENT), "--out", str(tmp_path / "out"), *args)
    assert result.exit_code == 0, result.output
    return flat(" ".join(page_texts(Path(result.stdout.strip().splitlines()[-1]))))


def test_the_clinics_emergency_number_is_printed_with_every_urgent_red_flag(tmp_path):
    text = _build(tmp_path, "--clinic", str(_clinic(tmp_path, 'emergency_phone: "999"\n')))
    assert "Get urgent medical help now, call 999, if you have:" in text
    assert "Get urgent medical help now: call 999." in text
    assert "Thoughts of harming or killing yourself: get urgent help now: call 999. Low mood: call your " \
           "clinic on 01234 567890." in text
    assert "your local emergency number" not in text


def test_without_an_emergency_number_the_reader_is_told_to_call_the_local_one(tmp_path):
    english = _build(tmp_path, "--clinic", str(_clinic(tmp_path)))
    assert "Get urgent medical help now, call your local emergency number, if you have:" in english
    german = _build(tmp_path, "--clinic", str(_clinic(tmp_path)), "--locale", "de")
    assert "wählen Sie Ihre örtliche Notrufnummer" in german
    assert "your local emergency number" not in german


def test_an_emergency_number_without_quotes_is_refused_like_the_phone(tmp_path):
    result = run_cli("build", str(CONTENT), "--clinic", str(_clinic(tmp_path, "emergency_phone: 999\n")),
                     "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: {tmp_path / 'clinic.yaml'}:3: emergency_phone must be text: put the "
                                     "number in double quotes so leading zeros are kept")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_roster_row_can_set_its_emergency_number(tmp_path):
    sites = tmp_path / "sites.csv"
    sites.write_text("id,name,phone,emergency_phone\nnorth,North Clinic,0300 000 000,112\n"
                     "south,South Clinic,0300 000 001,\n", encoding="utf-8")
    good, bad = read_sites(sites)
    assert not bad
    assert [s.clinic.emergency_phone for s in good] == ["112", ""]


def test_the_front_desk_page_says_which_emergency_number_is_printed(tmp_path):
    from handout.web.serve import create_app

    with_number = create_app(CONTENT, _clinic(tmp_path, 'emergency_phone: "911"\n'),
                             folder=tmp_path / "a").test_client().get("/").get_data(as_text=True)
    assert "Emergency number printed in the handout: <strong>911</strong>" in with_number
    without = create_app(CONTENT, _clinic(tmp_path), folder=tmp_path / "b").test_client().get("/").get_data(as_text=True)
    assert "none set, so it says “your local emergency number”" in without
