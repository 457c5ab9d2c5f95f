"""A language no installed font can print (here Tibetan: no font for its script ships with the tool) never
stops the others: `handout check` names it and what to do, `handout build --locale all` builds the rest,
lists it and exits 1, the front-desk page does not offer it and says why; and a user's own fonts file
(HANDOUT_FONTS) points the tool at a font file without editing the installed tool."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CONTENT, run_cli
from tests.layout.test_scripts import fill_catalog

TIBETAN = "སྨན་ ནད་ ཉིན་ཞག་ ཆུ་"


@pytest.fixture
def with_tibetan(tmp_path) -> Path:
    """content.yaml with two complete translations: French (shipped) and a new Tibetan one."""
    shutil.copy(CONTENT, tmp_path / "content.yaml")
    (tmp_path / "locales").mkdir()
    shutil.copy(CONTENT.parent / "locales" / "handout.pot", tmp_path / "locales")
    shutil.copytree(CONTENT.parent / "locales" / "fr", tmp_path / "locales" / "fr")
    started = run_cli("init", "bo", "--content", str(tmp_path / "content.yaml"))
    assert started.exit_code == 0, started.output
    fill_catalog(tmp_path / "locales" / "bo" / "LC_MESSAGES" / "handout.po", TIBETAN)
    return tmp_path / "content.yaml"


def test_check_names_the_script_and_the_fonts_file(with_tibetan):
    result = run_cli("check", str(with_tibetan), "--locale", "bo")
    assert result.exit_code == 1
    assert "'bo' cannot be printed: no font is configured for the Tibetan script (Tibt)" in result.stdout
    assert "HANDOUT_FONTS" in result.stdout and "docs/fonts.md" in result.stdout


def test_build_all_builds_every_other_language_and_lists_it(with_tibetan, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", str(with_tibetan), "--locale", "all", "--out", str(out))
    assert result.exit_code == 1
    assert sorted(p.name for p in out.glob("*.pdf")) == ["ldn-ibs_en_a4_standard.pdf", "ldn-ibs_fr_a4_standard.pdf"]
    assert "Error: cannot print 'bo': no font is configured for the Tibetan script" in result.stderr


def test_the_front_desk_does_not_offer_it_and_says_why(with_tibetan, tmp_path):
    from handout.web.serve import create_app

    app = create_app(with_tibetan, folder=tmp_path / "cache")
    html = app.test_client().get("/").get_data(as_text=True)
    row = html[html.index('id="locale-bo"') - 300:html.index('id="status-bo"') + 400]
    assert 'class="unavailable"' in row and " disabled" in row
    assert "cannot be printed on this computer: it has no font for the Tibetan writing system" in row
    french = html[html.index('id="locale-fr"'):html.index('id="status-fr"') + 200]
    assert "disabled" not in french


def test_a_users_fonts_file_adds_a_font_without_editing_the_tool(tmp_path):
    """Point the Latin script at another font file (Noto Sans Thai, which has Latin letters too): the
    English handout is then printed in it."""
    import justmytype_intl_sea

    font = Path(justmytype_intl_sea.__file__).parent / "fonts/ofl/notosansthai/NotoSansThai[wdth,wght].ttf"
    fonts = tmp_path / "my-fonts.yaml"
    fonts.write_text(f"families:\n  mine:\n    file: '{font}'\nscripts:\n  Latn: {{families: [mine]}}\n")
    env = {**os.environ, "HANDOUT_FONTS": str(fonts), "HANDOUT_CACHE": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "handout", "build", str(CONTENT), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    listed = subprocess.run(["pdffonts", done.stdout.split()[0]], capture_output=True, text=True).stdout
    assert "NotoSansThai" in listed and "Atkinson" not in listed
    fonts.write_text("families:\n  mine:\n    file: missing.ttf\nscripts:\n  Latn: {families: [mine]}\n")
    done = subprocess.run([sys.executable, "-m", "handout", "build", str(CONTENT), "--out", str(tmp_path / "out2")],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 1
    assert f"the font file of family 'mine' does not exist: {tmp_path / 'missing.ttf'}" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out2").exists()
