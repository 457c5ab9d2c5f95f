"""A clinics list written carelessly or with hostile intent: ids that would break the build folder, and logos
that are not files, or that are shared by thousands of rows."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from handout.source import clinic as clinic_module
from handout.source.sites import read_sites
from tests.conftest import CONTENT, ROOT, run_cli


@pytest.mark.parametrize("ident", ["manifest.json", "MANIFEST.JSON", "x.pdf", "notes.PDF", "con", "NUL", "com1",
                                   "Lpt9", "aux.txt", "site."])
def test_an_id_the_build_folder_or_windows_needs_is_refused_with_its_row(tmp_path, ident):
    roster = tmp_path / "clinics.csv"
    roster.write_text(f"id,name,phone\nok,Good Clinic,0161 496 0000\n{ident},Bad Clinic,0161 496 0001\n",
                      encoding="utf-8")
    sites, errors = read_sites(roster)
    assert [s.id for s in sites] == ["ok"]
    assert [str(e) for e in errors] == [
        f"{roster}:3: row 2: id {ident!r} cannot name a site's folder (not manifest.json, a name ending in .pdf "
        "or '.', nor con, prn, aux, nul, com1-9 or lpt1-9); choose another id"]


@pytest.mark.parametrize("ident", ["console", "conference.2026", "com10", "pdf", "x.pdfs", "nul-clinic"])
def test_ids_that_only_look_like_reserved_names_are_kept(tmp_path, ident):
    roster = tmp_path / "clinics.csv"
    roster.write_text(f"id,name,phone\n{ident},Good Clinic,0161 496 0000\n", encoding="utf-8")
    sites, errors = read_sites(roster)
    assert [s.id for s in sites] == [ident] and errors == []


def test_ids_differing_only_in_case_are_one_folder_and_refused(tmp_path):
    roster = tmp_path / "clinics.csv"
    roster.write_text("id,name,phone\nNorth,A,0161 496 0000\nnorth,B,0161 496 0001\n", encoding="utf-8")
    sites, errors = read_sites(roster)
    assert [s.id for s in sites] == ["North"]
    assert "id 'north' is used twice (first in row 1)" in str(errors[0])


def test_a_logo_that_is_a_pipe_is_refused_at_once_not_waited_for(tmp_path):
    os.mkfifo(tmp_path / "logo.png")
    (tmp_path / "clinic.yaml").write_text('name: "Pipe Clinic"\nphone: "0161 496 0000"\nlogo: "logo.png"\n',
                                          encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "handout", "build", str(CONTENT), "--clinic",
                             str(tmp_path / "clinic.yaml"), "--out", str(tmp_path / "out")], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr == (f"Error: {tmp_path / 'clinic.yaml'}:3: logo logo.png: is not a regular file (a pipe or "
                             "a device?); save the logo as a PNG or JPEG file\n")
    assert not (tmp_path / "out").exists()


def test_a_logo_shared_by_every_row_of_a_roster_is_decoded_once(tmp_path, monkeypatch):
    Image.new("RGB", (40, 20), "navy").save(tmp_path / "shared-logo.png")
    rows = ["id,name,phone,logo"] + [f"s{n},Clinic {n},0161 496 {n:04d},shared-logo.png" for n in range(50)]
    (tmp_path / "clinics.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    opened = []
    real_open = Image.open
    monkeypatch.setattr(Image, "open", lambda *a, **k: opened.append(a[0]) or real_open(*a, **k))
    clinic_module._logo_problem.cache_clear()
    sites, errors = read_sites(tmp_path / "clinics.csv")
    assert len(sites) == 50 and errors == []
    assert len(opened) == 1
    # changed on disk: judged again
    Image.new("RGB", (41, 20), "navy").save(tmp_path / "shared-logo.png")
    read_sites(tmp_path / "clinics.csv")
    assert len(opened) == 2


def test_a_site_folder_named_like_a_pdf_does_not_fail_verify_forever(tmp_path):
    """Folders made before ids were checked: `verify` judges files, not a folder whose name ends in .pdf."""
    out = tmp_path / "out"
    (out / "x.pdf").mkdir(parents=True)
    result = run_cli("build", str(CONTENT), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert run_cli("verify", str(out)).exit_code == 0
