"""The front-desk page (`handout serve`), used as staff use it: the real server on a free localhost port,
driven by a real headless Chromium (Debian's, through Playwright), and the PDFs it hands out read back."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import unicodedata
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.conftest import CONTENT, ROOT, flat, page_texts, run_cli
from handout.source.content import load_content
from handout.translate.catalog import po_path, read_catalog
from tests.layout.test_editions import chars

CHROMIUM = "/usr/bin/chromium"  # Debian's package (.ci/run installs it); Playwright downloads no browser
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
A4 = (595.28, 841.89)
WAIT = 120_000  # ms: a generous ceiling for a first build on a slow machine, not a timing check


@dataclass
class Server:
    url: str
    tmp: Path  # the server's TMPDIR: its only place to write
    log: list[str] = field(default_factory=list)


def _start(tmp: Path, *options: str):
    """`handout serve` on a free port, run in `tmp`; by default it builds only what is asked for."""
    env = {"TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
    options = options or ("--no-prepare",)
    process = subprocess.Popen([sys.executable, "-m", "handout", "serve", str(CONTENT), "--port", "0", *options],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp,
                               env={**os.environ, **env})
    log: list[str] = []
    ready = threading.Event()

    def read():
        for line in process.stdout:
            log.append(line.rstrip("\n"))
            if line.startswith("Serving"):
                ready.set()
        ready.set()  # the server stopped: do not wait for it

    threading.Thread(target=read, daemon=True).start()
    ready.wait(120)
    found = re.search(r"http://\S+/", log[0] if log else "")
    if not found:
        process.kill()
        pytest.fail("handout serve did not start:\n" + "\n".join(log))
    return process, Server(found.group(0), tmp, log)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process, running = _start(tmp_path_factory.mktemp("serve-tmp"))
    yield running
    process.terminate()
    process.wait(30)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Page:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1024, "height": 1366})
    yield context.new_page()
    context.close()


def get(url: str, method: str = "GET") -> tuple[int, bytes, str]:
    """(status, body, content type) of one request, errors included."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=WAIT / 1000) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers.get("Content-Type", "")


def wait_for_thumbnails(page: Page) -> int:
    """Wait until the preview shows every page as a loaded image; return how many pages."""
    heading = page.locator("#preview-heading")
    expect(heading).to_contain_text(re.compile(r"\d+ pages"), timeout=WAIT)
    pages = int(re.search(r"(\d+) pages", heading.inner_text()).group(1))
    images = page.get_by_role("img", name=re.compile(r"^Page \d+ of \d+$"))
    expect(images).to_have_count(pages)
    for image in images.all():
        expect(image).to_have_js_property("complete", True, timeout=WAIT)
        assert image.evaluate("img => img.naturalWidth") > 0, image.get_attribute("src")
    return pages


def catalog_headings(locale: str) -> list[str]:
    """The translated section headings that are pure text of the language (no Latin letters, digits or
    punctuation whose order a bidi extractor may legitimately change)."""
    handout = load_content(CONTENT)
    catalog = read_catalog(po_path(ROOT / "locales", locale))
    words = [catalog.get(s.title.source, context=s.title.context).string for s in handout.sections]
    return [w for w in words if w and all(c.isalpha() or c == " " for c in w) and not w.isascii()
            and not any("a" <= c.lower() <= "z" for c in w)]


def test_staff_print_arabic_large_print_on_a4(server, page, tmp_path):
    page.goto(server.url)
    page.get_by_role("searchbox", name=re.compile("Find a language")).fill("arab")
    arabic = page.get_by_role("radio", name="العربية Arabic")
    expect(arabic).to_be_visible()
    expect(page.get_by_role("radio", name=re.compile("German"))).to_be_hidden()
    expect(page.locator("#status-ar")).to_contain_text("Complete")
    expect(page.locator("#status-ar")).to_contain_text("not reviewed by a clinician")
    arabic.check()
    page.get_by_role("radio", name="Large print").check()
    page.get_by_role("radio", name="A4").check()

    expect(page.locator("#preview-heading")).to_contain_text("Large print, A4", timeout=WAIT)
    pages = wait_for_thumbnails(page)
    status, png, kind = get(server.url.rstrip("/") + page.get_by_role("img", name=f"Page 1 of {pages}")
                            .get_attribute("src"))
    assert (status, kind, png[:8]) == (200, "image/png", b"\x89PNG\r\n\x1a\n")

    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF").click()
    download = info.value
    assert download.suggested_filename == "ldn-ibs_ar_a4_large-print.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    pdf = pdfium.PdfDocument(str(path))
    assert len(pdf) == pages
    assert all(abs(w - A4[0]) < 0.5 and abs(h - A4[1]) < 0.5 for w, h in (p.get_size() for p in pdf))
    assert min(size for *_, size, _box, _page in chars(path)) >= 18  # large print, every character
    text = unicodedata.normalize("NFKC", flat(" ".join(page_texts(path))))
    headings = catalog_headings("ar")
    assert len(headings) >= 3 and all(h in text for h in headings), headings

    opener = page.get_by_role("link", name="Open for printing")
    assert opener.get_attribute("target") == "_blank"
    status, body, kind = get(server.url.rstrip("/") + opener.get_attribute("href"))
    assert (status, kind, body) == (200, "application/pdf", path.read_bytes())


def test_every_language_is_listed_in_its_own_name_and_direction(server, page):
    page.goto(server.url)
    names = page.locator("#language-list .own-name")
    shown = {item.get_attribute("lang"): (item.inner_text(), item.get_attribute("dir")) for item in names.all()}
    assert shown["ar"] == ("العربية", "rtl")
    assert shown["he"] == ("עברית", "rtl")
    assert shown["fa"] == ("فارسی", "rtl")
    assert shown["es"] == ("Español", "ltr")
    assert shown["zh-Hans"] == ("中文 (简体)", "ltr")
    assert {lang for lang, (_, direction) in shown.items() if direction == "rtl"} == {"ar", "fa", "he"}
    assert len(shown) == 1 + len(list((ROOT / "locales").glob("*/LC_MESSAGES/handout.po")))
    page.get_by_role("searchbox", name=re.compile("Find a language")).fill("עבר")  # Hebrew, typed in Hebrew
    expect(page.get_by_role("radio", name="עברית Hebrew")).to_be_visible()
    expect(page.locator("#language-count")).to_have_text("1 language")


def test_a_spanish_handout_with_the_keyboard_only(server, page, tmp_path):
    page.goto(server.url)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the pages")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("searchbox", name=re.compile("Find a language"))).to_be_focused()
    page.keyboard.type("espa")
    page.keyboard.press("Enter")  # picks the first match
    spanish = page.get_by_role("radio", name="Español Spanish")
    expect(spanish).to_be_focused()
    expect(spanish).to_be_checked()
    expect(page.get_by_role("radio", name="Standard")).to_be_checked()  # the default edition and paper
    expect(page.get_by_role("radio", name="A4")).to_be_checked()
    wait_for_thumbnails(page)
    for _ in range(4):  # edition, paper, booklet, then the first button
        page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Open for printing")).to_be_focused()
    page.keyboard.press("Tab")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name == "ldn-ibs_es_a4_standard.pdf"
    catalog = read_catalog(po_path(ROOT / "locales", "es"))
    title = load_content(CONTENT).meta.title
    assert catalog.get(title.source, context=title.context).string in flat(" ".join(page_texts(path)))


def test_the_page_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url)
    page.get_by_role("radio", name="English").check()
    page.get_by_role("radio", name="US Letter").check()
    page.get_by_role("button", name="Show the pages").click()
    expect(page.locator("#preview-heading")).to_contain_text("Standard, US Letter")
    assert wait_for_thumbnails(page) >= 4
    assert "paper=letter" in page.get_by_role("link", name="Download PDF").get_attribute("href")
    context.close()


def test_refusals_are_shown_with_the_reason(server, page):
    page.goto(server.url)
    page.get_by_role("radio", name="English").check()
    page.get_by_role("radio", name="Bilingual").check()
    expect(page.get_by_role("alert")).to_contain_text("the bilingual edition sets a language beside English",
                                                      timeout=WAIT)
    expect(page.get_by_role("link", name="Download PDF")).to_have_count(0)


def test_concurrent_requests_for_one_handout_build_it_once(server):
    query = "/pdf?locale=en&edition=large-print&paper=letter"
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda _: get(server.url.rstrip("/") + query), range(6)))
    assert {(status, kind) for status, _, kind in answers} == {(200, "application/pdf")}
    assert len({body for _, body, _ in answers}) == 1
    built = [line for line in server.log if line.startswith("built ldn-ibs_en_letter_large-print.pdf")]
    assert len(built) == 1, server.log


BAD_REQUESTS = [
    ("/pdf?locale=../../../../etc/passwd&edition=standard&paper=a4", 400),
    ("/pdf?locale=..%2F..%2F..%2Fetc%2Fpasswd&edition=standard&paper=a4", 400),
    ("/pdf?locale=ar&edition=..%2F..%2Fcontent.yaml&paper=a4", 400),
    ("/pdf?locale=ar/../../pyproject.toml&edition=standard&paper=a4", 400),
    ("/pdf?locale=xx&edition=standard&paper=a4", 400),
    ("/pdf?locale=ar&edition=huge&paper=a4", 400),
    ("/pdf?locale=ar&edition=standard&paper=a3", 400),
    ("/pdf?locale=ar&edition=standard", 400),
    ("/pdf?locale=ar&edition=standard&paper=a4&booklet=yes", 400),
    ("/preview?locale=%00&edition=standard&paper=a4", 400),
    ("/page.png?locale=ar&edition=standard&paper=a4&page=..%2F1", 400),
    ("/page.png?locale=ar&edition=standard&paper=a4&page=0", 400),
    ("/page.png?locale=ar&edition=standard&paper=a4&page=%D9%A1", 400),  # an Arabic-Indic digit one
    ("/?locale=ar&edition=standard&paper=/etc/passwd", 400),
    ("/static/../../pyproject.toml", 404),
    ("/static/..%2F..%2Fpyproject.toml", 404),
    ("/static/serve.css/../../cli.py", 404),
    ("/static/__init__.py", 404),
    ("/../../etc/passwd", 404),
    ("/etc/passwd", 404),
    ("/content.yaml", 404),
    ("/locales/ar/LC_MESSAGES/handout.po", 404),
    ("/handout/data/example-clinic.yaml", 404),
    ("/dist/ldn-ibs_en_a4_standard.pdf", 404),
]


def _snapshot(tmp: Path) -> dict[str, float]:
    """Every file the server could touch: its temporary folder and the project's content and catalogs."""
    files = [*tmp.rglob("*"), CONTENT, *(ROOT / "locales").rglob("*"), *(ROOT / "handout").rglob("*")]
    found = {}
    for p in files:
        if "__pycache__" in p.parts:
            continue
        try:
            found[str(p)] = p.stat().st_mtime_ns
        except FileNotFoundError:  # a build's temporary file, renamed into place between listing and stat
            pass
    return found


def _settled(tmp: Path) -> dict[str, float]:
    """The snapshot once the server has finished writing what earlier requests asked for (a handout an
    earlier test fetched is recorded in the manifest just after its bytes are served): two snapshots
    half a second apart that agree, within two minutes."""
    before = _snapshot(tmp)
    for _ in range(240):
        time.sleep(0.5)
        now = _snapshot(tmp)
        if now == before:
            break
        before = now
    return before


@pytest.mark.parametrize("path, status", BAD_REQUESTS)
def test_bad_requests_are_refused_and_touch_nothing(server, path, status):
    before, lines = _settled(server.tmp), len(server.log)
    code, body, kind = get(server.url.rstrip("/") + path)
    assert code == status, body
    assert kind.startswith("text/plain")
    assert b"root:" not in body and b"[project]" not in body
    assert _snapshot(server.tmp) == before
    assert not [line for line in server.log[lines:] if line.startswith(("built", "refused"))]


def test_only_get_is_allowed(server):
    assert get(server.url.rstrip("/") + "/pdf?locale=en&edition=standard&paper=a4", method="POST")[0] == 405


def test_a_page_the_handout_does_not_have_is_not_found(server):
    query = server.url.rstrip("/") + "/{}?locale=en&edition=standard&paper=a4"
    pages = len(pdfium.PdfDocument(get(query.format("pdf"))[1]))
    assert get(query.format("page.png") + f"&page={pages}")[0] == 200
    code, body, _ = get(query.format("page.png") + f"&page={pages + 1}")
    assert (code, body) == (404, f"404 Not Found: this handout has {pages} pages\n".encode())


def overdue_client(tmp_path: Path, policy: str):
    """The app (in-process) for a copy of the content whose review fell due on 2021-01-01, printed for a
    clinic with the given review_policy."""
    text = CONTENT.read_text(encoding="utf-8")
    for key, value in (("published", "2020-01-01"), ("last_reviewed", "2020-01-01"), ("next_review", "2021-01-01")):
        text = re.sub(rf"^  {key}: .*$", f"  {key}: {value}", text, count=1, flags=re.M)
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(f'name: "Riverside Gut Clinic"\nphone: "01234 567890"\nreview_policy: {policy}\n')
    from handout.web.serve import create_app

    return create_app(tmp_path / "content.yaml", clinic, folder=tmp_path / "builds").test_client()


def test_an_overdue_handout_is_refused_when_the_clinic_says_so(tmp_path):
    client = overdue_client(tmp_path, "refuse")
    page = client.get("/").get_data(as_text=True)
    assert "Review overdue:</strong> this handout was due for review on 2021-01-01" in page
    assert "This clinic does not print handouts past their review date" in page
    refused = client.get("/pdf?locale=en&edition=standard&paper=a4")
    assert refused.status_code == 409
    assert "was due for review on 2021-01-01" in refused.get_data(as_text=True)
    preview = client.get("/preview?locale=en&edition=standard&paper=a4")
    assert preview.status_code == 409 and "review_policy is &#39;refuse&#39;" in preview.get_data(as_text=True)


def test_an_overdue_handout_is_marked_when_the_clinic_says_so(tmp_path):
    client = overdue_client(tmp_path, "mark")
    preview = client.get("/preview?locale=en&edition=standard&paper=a4").get_data(as_text=True)
    assert "every page is marked &#39;review overdue&#39;" in preview
    path = tmp_path / "served.pdf"
    path.write_bytes(client.get("/pdf?locale=en&edition=standard&paper=a4").get_data())
    assert all("Review overdue" in flat(text) for text in page_texts(path))


def test_a_bad_clinic_file_stops_the_server_before_it_starts(tmp_path):
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text('name: "Riverside"\nphone: "01234 567890"\nreview_policy: sometimes\n')
    result = run_cli("serve", str(CONTENT), "--clinic", str(clinic), "--port", "0")
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {clinic}:3: review_policy must be one of warn, mark, refuse, "
                             "not 'sometimes'\n")
    assert result.stdout == ""


def test_a_port_in_use_is_one_clear_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", str(CONTENT), "--port", str(port))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: cannot listen on 127.0.0.1 port {port}: Address already in use; "
                             "choose another --port\n")
