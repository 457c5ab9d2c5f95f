"""Lay out once, print for every clinic: a process building many sites reuses what does not depend on the
clinic (parsed markup and line breaks, layout/context.py and layoutcache.py; right-to-left and Chinese lines,
textflow.py; QR codes per address, furniture.py; derived styles). A site must still get exactly the handout
a build of it alone gives, byte for byte, whatever was built before it in the same process, and a long
clinic name that moves the page breaks must move them."""
from __future__ import annotations

import subprocess
import sys

import yaml

from tests.conftest import CONTENT, ROOT, page_texts, run_cli

LOCALES = "en,ar,zh_Hans"  # ReportLab paragraphs, right-to-left lines, Chinese lines
SITES = {
    "short": dict(name="Gut Clinic", phone="0161 496 0000", email="gut@clinic.example",
                  url="https://clinic.example/ldn"),
    "long": dict(name="St Bartholomew's Community Gastroenterology, Nutrition and Functional Gut Disorders "
                      "Service for the Riverside, Northgate and Eastbrook Districts",
                 department="Functional Gut Disorders Clinic, Outpatients Level 2, East Wing",
                 phone="020 7946 0123", address="Unit 4, Riverside Health Centre, 112 Long Lane, London SE1 4PQ",
                 email="gastro.reception.and.appointments@stbartholomews-health.example.org",
                 website="https://www.stbartholomews-health.example.org",
                 url="https://www.stbartholomews-health.example.org/leaflets/ldn-ibs/2026"),
    "again": dict(name="Gut Clinic", phone="0161 496 0999", email="gut@clinic.example",
                  url="https://clinic.example/ldn"),
}


def test_every_site_of_a_batch_gets_the_bytes_a_build_of_it_alone_gives(tmp_path):
    clinics = tmp_path / "clinics.yaml"
    clinics.write_text(yaml.safe_dump([dict(id=site, **fields) for site, fields in SITES.items()]),
                       encoding="utf-8")
    result = run_cli("build", str(CONTENT), "--clinics", str(clinics), "--locale", LOCALES, "--jobs", "1",
                     "--today", "2026-12-07", "--out", str(tmp_path / "batch"))
    assert result.exit_code == 0, result.output
    pages = {}
    for site, fields in SITES.items():
        clinic = tmp_path / f"{site}.yaml"
        clinic.write_text(yaml.safe_dump(fields), encoding="utf-8")
        alone = tmp_path / "alone" / site
        done = subprocess.run([sys.executable, "-m", "handout", "build", str(CONTENT), "--clinic", str(clinic),
                               "--locale", LOCALES, "--today", "2026-12-07", "--out", str(alone)],
                              cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        built = sorted(p.name for p in alone.glob("*.pdf"))
        assert len(built) == 3
        for name in built:
            assert (tmp_path / "batch" / site / name).read_bytes() == (alone / name).read_bytes(), (site, name)
            pages[site, name] = page_texts(alone / name)
    for name in {name for _, name in pages}:
        short, long = pages["short", name], pages["long", name]
        assert "Gut Clinic" in short[0] and "0161 496 0000" in short[-1].replace("\u202f", " ")
        # the long name's clinic box and footer take more room: the pages break at other places
        assert [len(p) for p in short] != [len(p) for p in long], name
