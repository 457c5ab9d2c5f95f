"""`handout site` without a browser: what the command writes, escaping, the same bytes every time,
incremental rebuilds, `handout verify` over the pages, and `site_url` leading each QR code to its page."""
from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from handout.batch.manifest import read_manifest
from handout.site.html import inline, reference
from handout.source.markup import plain
from tests.conftest import CONTENT, run_cli


class Parsed(HTMLParser):
    """The text and the tags of an HTML fragment, as a browser's parser reads them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.text, self.tags = [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    @property
    def plain(self) -> str:
        return "".join(self.text)


def write_clinic(folder: Path, **fields) -> Path:
    values = dict(name="Riverside Gut Clinic", phone="01234 567890", emergency_phone="999", **fields)
    path = folder / "clinic.yaml"
    path.write_text("".join(f"{key}: {value!r}\n".replace("'", '"') if '"' not in str(value) else
                            f"{key}: '{value}'\n" for key, value in values.items()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """The hand-washing handout (English and Spanish) as a site, PDFs included, for a clinic with a site_url."""
    import shutil

    from tests.bad_inputs import SPANISH
    from tests.conftest import FIXTURES

    root = tmp_path_factory.mktemp("small")
    shutil.copy(FIXTURES / "handwashing.yaml", root / "content.yaml")
    catalog = root / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(SPANISH, encoding="utf-8")
    clinic = write_clinic(root, site_url="https://leaflets.riverside.example/hands")
    result = run_cli("site", str(root / "content.yaml"), "--out", str(root / "site"), "--clinic", str(clinic),
                     "--today", "2026-12-01", "--jobs", "1")
    assert result.exit_code == 0, result.output
    return root, result


def test_one_command_writes_a_page_per_language_an_index_and_every_pdf(small_site):
    root, result = small_site
    site = root / "site"
    assert (site / "index.html").is_file() and (site / "site.css").is_file()
    assert (site / "en" / "index.html").is_file() and (site / "es" / "index.html").is_file()
    pdfs = sorted(p.name for p in site.glob("*.pdf"))
    assert pdfs == ["hand-washing_en_a4_large-print.pdf", "hand-washing_en_a4_standard.pdf",
                    "hand-washing_es-en_a4_bilingual.pdf", "hand-washing_es_a4_large-print.pdf",
                    "hand-washing_es_a4_standard.pdf"], pdfs
    spanish = (site / "es" / "index.html").read_text(encoding="utf-8")
    for pdf in ("hand-washing_es_a4_standard.pdf", "hand-washing_es_a4_large-print.pdf",
                "hand-washing_es-en_a4_bilingual.pdf"):
        assert f'href="../{pdf}"' in spanish
    assert "hand-washing_en_a4_standard.pdf" not in spanish  # each page links the PDFs of its own language
    assert f"{site / 'es' / 'index.html'}" in result.output


def test_each_qr_code_opens_the_page_in_its_language(small_site):
    root, _ = small_site
    for name, page in (("hand-washing_es_a4_standard.pdf", "es"), ("hand-washing_en_a4_large-print.pdf", "en")):
        png = root / f"{name}.png"
        subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile",
                        str(root / "site" / name), str(png.with_suffix(""))], check=True)
        scanned = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True)
        assert scanned.stdout.strip() == f"https://leaflets.riverside.example/hands/{page}/"


def test_the_printed_short_address_is_the_page_in_the_handouts_language(tmp_path):
    from handout.build import build_handout

    clinic = write_clinic(tmp_path, site_url="https://riverside.example/leaflets")
    built = build_handout(CONTENT, locale="ar", clinic=clinic, out=tmp_path)
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(built.path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "riverside.example/leaflets/ar" in "".join(text.split())


def test_without_site_url_the_qr_code_is_the_clinic_url(tmp_path):
    from handout.source.clinic import load_clinic

    clinic = load_clinic(write_clinic(tmp_path, url="https://riverside.example/ldn"))
    assert clinic.for_locale("ar").url == "https://riverside.example/ldn"
    with_site = load_clinic(write_clinic(tmp_path, url="https://riverside.example/ldn",
                                         site_url="https://riverside.example/leaflets/"))
    assert with_site.for_locale("zh_Hans").url == "https://riverside.example/leaflets/zh-Hans/"
    assert with_site.for_locale("zh_Hans").short_url == "riverside.example/leaflets/zh-Hans"


@pytest.mark.parametrize("value", ["riverside.example", "javascript:alert(1)", "https://a b.example"])
def test_a_bad_site_url_is_one_line_naming_the_clinic_file(tmp_path, value):
    clinic = write_clinic(tmp_path, site_url=value)
    result = run_cli("site", str(CONTENT), "--out", str(tmp_path / "site"), "--clinic", str(clinic), "--no-pdfs")
    assert result.exit_code == 1
    assert re.match(rf"Error: {re.escape(str(clinic))}:4: site_url must start with http:// or https://", result.output)
    assert not (tmp_path / "site").exists()


def test_the_same_inputs_give_the_same_bytes_and_unchanged_pages_are_not_rewritten(small_site, tmp_path):
    root, _ = small_site
    site = root / "site"
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in site.rglob("*") if p.suffix in (".html", ".css", ".woff2")}
    result = run_cli("site", str(root / "content.yaml"), "--out", str(site), "--clinic", str(root / "clinic.yaml"),
                     "--today", "2026-12-01", "--jobs", "1")
    assert result.exit_code == 0, result.output
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in site.rglob("*") if p.suffix in (".html", ".css", ".woff2")}
    assert any(p.suffix == ".woff2" for p in after)
    assert after == before  # same bytes, and not even written again
    assert f"{site / 'es' / 'index.html'} (unchanged)" in result.output
    # A second folder from the same inputs: byte for byte the same pages
    other = tmp_path / "other"
    import shutil

    shutil.copytree(site, other)
    (other / "es" / "index.html").unlink()
    result = run_cli("site", str(root / "content.yaml"), "--out", str(other), "--clinic", str(root / "clinic.yaml"),
                     "--today", "2026-12-01", "--no-pdfs")
    assert result.exit_code == 0, result.output
    assert (other / "es" / "index.html").read_bytes() == (site / "es" / "index.html").read_bytes()
    assert f"{other / 'es' / 'index.html'}\n" in result.output


def test_a_changed_translation_rewrites_only_its_page(small_site, tmp_path):
    import shutil

    root, _ = small_site
    project = tmp_path / "project"
    shutil.copytree(root, project)
    catalog = project / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    text = catalog.read_text(encoding="utf-8")
    assert 'msgstr "Mójese las manos."' in text
    catalog.write_text(text.replace('msgstr "Mójese las manos."', 'msgstr "Mójese bien las manos."'), encoding="utf-8")
    result = run_cli("site", str(project / "content.yaml"), "--out", str(project / "site"), "--clinic",
                     str(project / "clinic.yaml"), "--today", "2026-12-01", "--no-pdfs")
    assert result.exit_code == 0, result.output
    written = [line for line in result.output.splitlines() if line.endswith(".html")]
    assert written == [str(project / "site" / "es-en" / "index.html"), str(project / "site" / "es" / "index.html")], \
        result.output  # the Spanish page and the Spanish beside English
    assert "Mójese bien las manos." in (project / "site" / "es" / "index.html").read_text(encoding="utf-8")


def test_verify_covers_the_pages(small_site, tmp_path):
    import shutil

    root, _ = small_site
    site = tmp_path / "site"
    shutil.copytree(root / "site", site)
    assert run_cli("verify", str(site)).exit_code == 0
    manifest = read_manifest(site)
    assert {"index.html", "site.css", "en/index.html", "es/index.html"} <= set(manifest["site"])
    page = site / "es" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"<main", b"<main data-x", 1))
    (site / "fr").mkdir()
    (site / "fr" / "index.html").write_text("<p>?</p>", encoding="utf-8")
    (site / "en" / "index.html").unlink()
    result = run_cli("verify", str(site))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"{page}: differs from the manifest: the page changed after it was built; run `handout site` again" in lines
    assert f"{site / 'en' / 'index.html'}: missing (the manifest lists it); run `handout site` again" in lines
    assert any(line.startswith(f"{site / 'fr' / 'index.html'}: not in the manifest") for line in lines)


def test_clinic_values_and_catalog_text_are_escaped(tmp_path):
    clinic = write_clinic(tmp_path, department='<script>alert("x")</script> & <b>bold</b>',
                          address="مستشفى النهر <img src=x onerror=alert(1)>", feedback="tell@us.example",
                          crisis_line="Samaritans <i>", crisis_phone="116 123")
    out = tmp_path / "site"
    result = run_cli("site", str(CONTENT), "--out", str(out), "--clinic", str(clinic), "--no-pdfs",
                     "--locales", str(tmp_path / "no-catalogs"))
    assert result.exit_code == 0, result.output
    html = (out / "en" / "index.html").read_text(encoding="utf-8")
    parsed = Parsed(html)
    assert not [tag for tag, _ in parsed.tags if tag in ("script", "img", "b")]
    text = " ".join(parsed.plain.split())
    assert '<script>alert("x")</script> & <b>bold</b>' in text
    assert "Address: مستشفى النهر <img src=x onerror=alert(1)>" in text
    # the clinic's crisis line under the urgent-help callout, as in the PDF, its number one tap away
    assert "you can also call Samaritans <i> on 116 123." in text.replace("\u00a0", " ")
    assert ("a", {"href": "tel:116123"}) in parsed.tags


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=60, deadline=None)
@given(words=TEXT, value=TEXT)
def test_any_text_and_value_come_out_as_exactly_their_words(words, value):
    """Whatever a translation or clinic file holds: the page shows exactly the words the PDF prints (bold
    markers gone, placeholder filled) and no tag of its own."""
    from handout.source.markup import MarkupError

    template = words.replace("{", "{{").replace("}", "}}").replace("**", "") + " **{clinic_phone}** {dose}"
    values = {"clinic_phone": value, "dose": "4,5\u00a0mg"}
    try:
        expected = plain(template, values)
    except MarkupError:
        return
    parsed = Parsed(str(inline(template, values)))
    assert {tag for tag, _ in parsed.tags} <= {"strong", "bdi", "a"}
    assert parsed.plain.replace("\u00a0", " ") == expected.replace("\u00a0", " ")
    ref = Parsed(str(reference(words)))
    assert {tag for tag, _ in ref.tags} <= {"a"}


def test_references_link_their_doi_and_pubmed_id():
    parsed = Parsed(str(reference("Smith JP. Trial. Dig Dis Sci 2011. doi: 10.1007/s10620-011-1653-7. PMID 17222320")))
    hrefs = [attrs["href"] for tag, attrs in parsed.tags if tag == "a"]
    assert hrefs == ["https://doi.org/10.1007/s10620-011-1653-7", "https://pubmed.ncbi.nlm.nih.gov/17222320/"]


def test_the_front_desk_serves_the_site_from_its_folder(small_site):
    from handout.web.guard import SITE_CSP
    from handout.web.serve import create_app

    root, _ = small_site
    client = create_app(root / "content.yaml", root / "clinic.yaml", folder=root / "site").test_client()
    index = client.get("/site/")
    assert index.status_code == 200 and index.mimetype == "text/html"
    assert index.headers["Content-Security-Policy"] == SITE_CSP
    assert client.get("/site/es").status_code == 301
    assert client.get("/site/es").headers["Location"].endswith("/site/es/")
    spanish = client.get("/site/es/")
    assert spanish.status_code == 200 and '<html lang="es" dir="ltr">' in spanish.get_data(as_text=True)
    assert client.get("/site/site.css").mimetype == "text/css"
    pdf = client.get("/site/hand-washing_es_a4_standard.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    for name in ("manifest.json", "../content.yaml", "%2e%2e/clinic.yaml", "es/../../clinic.yaml", "fr/",
                 ".manifest.lock", "es/index.htm"):
        assert client.get(f"/site/{name}").status_code == 404, name
