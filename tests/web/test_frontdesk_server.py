"""`handout serve` as a clinic runs it: the names it answers to, the access code, the security headers,
slow clients dropped, and its folder of handouts prepared in the background and kept across restarts."""
from __future__ import annotations

import http.client
import json
import re
import socket
import time
import urllib.parse
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import expect

from tests.conftest import CONTENT, run_cli
from tests.web.test_serve import WAIT, _start, browser, get, server  # noqa: F401 (fixtures)

CODE = "river-42-desk"
ENGLISH = ["ldn-ibs_en_{}_standard.pdf", "ldn-ibs_en_{}_large-print.pdf", "ldn-ibs_en_{}_standard_booklet.pdf",
           "ldn-ibs_en_{}_large-print_booklet.pdf"]


def request(url: str, path: str, method: str = "GET", headers: dict | None = None, body: str | None = None):
    """(status, headers, body) of one request with exactly these headers (Host included)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=WAIT / 1000)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """A server with an access code and one more name it answers to."""
    process, running = _start(tmp_path_factory.mktemp("guarded"), "--no-prepare", "--access-code", CODE,
                              "--allow-host", "frontdesk.clinic.example")
    yield running
    process.terminate()
    process.wait(30)


def stop(process) -> list[str]:
    process.terminate()
    assert process.wait(60) == 0


def wait_for(log: list[str], pattern: str, count: int) -> list[str]:
    """The log lines matching `pattern`, once there are `count` of them (a generous ceiling, not a timing)."""
    deadline = time.monotonic() + WAIT / 1000
    while time.monotonic() < deadline:
        lines = [line for line in log if re.match(pattern, line)]
        if len(lines) >= count:
            return lines
        time.sleep(0.2)
    pytest.fail(f"expected {count} lines like {pattern!r}:\n" + "\n".join(log))


def test_only_its_own_names_are_answered(guarded):
    port = urllib.parse.urlsplit(guarded.url).port
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example", "attacker.test:80"):
        status, headers, body = request(guarded.url, "/static/serve.css", headers={"Host": host})
        assert status == 400, host
        assert body.startswith(b"400 Bad Request: this server answers only to its own names"), body
        assert "--allow-host NAME" in body.decode()
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "frontdesk.clinic.example"):
        assert request(guarded.url, "/static/serve.css", headers={"Host": host})[0] == 200, host


def test_a_device_types_the_access_code_once(guarded, browser):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    page.goto(guarded.url)
    expect(page.get_by_role("heading", name="Print a patient handout")).to_be_visible()
    expect(page.get_by_role("radio", name="English")).to_have_count(0)  # nothing of the page before the code
    page.get_by_label("Access code").fill("river-42-dusk")
    page.get_by_role("button", name="Open the page").click()
    expect(page.get_by_role("alert")).to_have_text("That code is not right. Check it and type it again.")
    page.get_by_label("Access code").fill(CODE)
    page.get_by_role("button", name="Open the page").click()
    expect(page.get_by_role("radio", name="English")).to_be_visible()
    page.goto(guarded.url + "?locale=en&edition=standard&paper=a4")  # the cookie opens every later visit
    expect(page.locator("#preview-heading")).to_contain_text("Standard, A4", timeout=WAIT)
    cookie = next(c for c in context.cookies() if c["name"] == "handout-access")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert CODE not in cookie["value"]
    context.close()


@pytest.mark.parametrize("path", ["/", "/pdf?locale=en&edition=standard&paper=a4",
                                  "/page.png?locale=en&edition=standard&paper=a4&page=1", "/nothing"])
def test_without_the_code_nothing_is_handed_out(guarded, path):
    status, _, body = request(guarded.url, path)
    assert status == 401
    assert b"Access code" in body and b"%PDF" not in body and b"PNG" not in body
    status, _, body = request(guarded.url, path, headers={"Cookie": "handout-access=" + "0" * 64})
    assert status == 401


def test_a_wrong_code_is_refused_and_the_right_one_sets_a_cookie(guarded):
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    status, headers, body = request(guarded.url, "/unlock", "POST", form, "code=" + CODE.upper())
    assert status == 401 and b"That code is not right" in body and "Set-Cookie" not in headers
    status, headers, _ = request(guarded.url, "/unlock", "POST", form, "code=" + CODE)
    assert status == 303 and headers["Location"] == "/"
    cookie = headers["Set-Cookie"].split(";")[0]
    assert request(guarded.url, "/", headers={"Cookie": cookie})[0] == 200


def test_a_short_access_code_is_a_usage_error():
    result = run_cli("serve", str(CONTENT), "--port", "0", "--access-code", "1234")
    assert result.exit_code == 2
    assert "--access-code must be at least 6 characters long" in result.stderr


def test_every_response_carries_the_security_headers(guarded):
    cookie = {"Cookie": "handout-access=" + __import__("handout.web.guard", fromlist=["token"]).token(CODE)}
    for path, kind in (("/", "text/html"), ("/static/serve.css", "text/css"), ("/nothing", "text/plain"),
                       ("/pdf?locale=en&edition=standard&paper=letter", "application/pdf"),
                       ("/page.png?locale=en&edition=standard&paper=letter&page=1", "image/png"),
                       ("/pdf?locale=xx&edition=standard&paper=a4", "text/plain")):
        status, headers, _ = request(guarded.url, path, headers=cookie)
        assert headers["Content-Type"].startswith(kind), (path, status)
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "no-referrer", path
        assert headers["X-Frame-Options"] in ("DENY", "SAMEORIGIN"), path
        assert "frame-ancestors" in headers["Content-Security-Policy"], path
    assert "script-src 'self'" in request(guarded.url, "/", headers=cookie)[1]["Content-Security-Policy"]


def test_a_slow_client_is_dropped(tmp_path):
    process, running = _start(tmp_path, "--no-prepare", "--client-timeout", "1")
    try:
        parts = urllib.parse.urlsplit(running.url)
        with socket.create_connection((parts.hostname, parts.port)) as slow:
            slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and then nothing more
            slow.settimeout(WAIT / 1000)
            assert slow.recv(1024) == b""  # the server closed the connection
        assert get(running.url + "static/serve.css")[0] == 200  # and still answers others
    finally:
        stop(process)


def test_the_addresses_tablets_use_are_printed(tmp_path):
    process, running = _start(tmp_path, "--no-prepare", "--host", "0.0.0.0", "--access-code", CODE)
    try:
        wait_for(running.log, r"  tablets on the clinic network: http://", 1)
        lines = "\n".join(running.log)
        assert f"  tablets on the clinic network: http://{socket.gethostname()}:" in lines
        assert "give --access-code" not in lines
    finally:
        stop(process)


def test_handouts_are_prepared_in_order_and_a_restart_builds_nothing(tmp_path):
    """With no translations the page offers English only: 8 handouts, the clinic's paper first."""
    (tmp_path / "locales").mkdir()
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text('name: "Riverside Gut Clinic"\nphone: "01234 567890"\npaper: letter\n')
    out = tmp_path / "printed"
    options = ("--locales", str(tmp_path / "locales"), "--clinic", str(clinic), "--out", str(out), "--jobs", "2")
    process, running = _start(tmp_path, *options)
    try:
        built = wait_for(running.log, r"built ", 8)
        started = [line.split()[1] for line in running.log if line.startswith("building ")]
        expected = [name.format(paper) for paper in ("letter", "a4") for name in ENGLISH]
        assert started == expected  # the clinic's paper, flat then booklet, the standard edition first
        assert sorted(line.split()[1].rstrip(":") for line in built) == sorted(expected)
        assert any(line.startswith("Preparing 8 handouts in") for line in running.log)
    finally:
        stop(process)
    files = {path.name: path.stat().st_mtime_ns for path in out.glob("*.pdf")}
    assert sorted(files) == sorted(expected)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(expected)

    process, running = _start(tmp_path, *options)  # the same folder again
    try:
        wait_for(running.log, r"Preparing ", 1)
        assert any(line.startswith("Preparing 0 handouts in") and "(8 already there)" in line for line in running.log)
        status, body, kind = get(running.url + "pdf?locale=en&edition=large-print&paper=a4&booklet=1")
        assert (status, kind, body) == (200, "application/pdf", (out / expected[7]).read_bytes())
        assert get(running.url + "page.png?locale=en&edition=standard&paper=letter&page=2")[0] == 200
        assert not [line for line in running.log if line.startswith(("building", "built"))], running.log
    finally:
        stop(process)
    assert {path.name: path.stat().st_mtime_ns for path in out.glob("*.pdf")} == files

    result = run_cli("build", str(CONTENT), "--locales", str(tmp_path / "locales"), "--clinic", str(clinic),
                     "--out", str(out), "--locale", "en", "--edition", "all", "--paper", "all")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("(unchanged)") == 4  # the command line finds the server's handouts current


def test_page_pictures_are_kept_within_their_byte_budget(tmp_path):
    from handout.web.pdfcache import PictureCache

    result = run_cli("build", str(CONTENT), "--out", str(tmp_path), "--edition", "large-print")
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "ldn-ibs_en_a4_large-print.pdf"
    pages = len(pypdf.PdfReader(path).pages)  # 11 since the package-leaflet sections (issue 24)
    cache = PictureCache(capacity=150_000)
    pictures = [cache.picture(path, page) for page in range(1, pages + 1)]
    assert all(p.startswith(b"\x89PNG\r\n\x1a\n") for p in pictures)
    assert sum(map(len, pictures)) > 2 * cache.capacity  # more than fits...
    assert 0 < cache.size <= cache.capacity  # ...and only what fits is kept
    assert cache.picture(path, pages) == pictures[-1]
    with pytest.raises(IndexError):
        cache.picture(path, pages + 1)


def test_two_servers_on_one_folder_build_each_handout_once(tmp_path):
    (tmp_path / "locales").mkdir()
    options = ("--locales", str(tmp_path / "locales"), "--out", str(tmp_path / "printed"), "--jobs", "2")
    servers = []
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        servers.append(_start(tmp_path / name, *options))
    try:
        for _, server in servers:  # each server has prepared what it had to: built it, or found it built
            todo = int(wait_for(server.log, r"Preparing \d+ handouts", 1)[0].split()[1])
            wait_for(server.log, r"(built|found) ", todo)
    finally:
        for process, _ in servers:
            stop(process)
    logs = [line for _, server in servers for line in server.log]
    built = [line.split()[1].rstrip(":") for line in logs if line.startswith("built ")]
    assert len(built) == 8 and len(set(built)) == 8, logs
    assert sorted(path.name for path in (tmp_path / "printed").glob("*.pdf")) == sorted(built)


def test_on_a_phone_the_pages_are_one_tap_away(server, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server.url)
    page.get_by_role("radio", name="Español Spanish").check()
    jump = page.get_by_role("link", name=re.compile(r"^See the \d+ pages"))
    expect(jump).to_be_in_viewport(timeout=WAIT)  # without scrolling past the form
    first = page.get_by_role("img", name=re.compile(r"^Page 1 of \d+$"))
    expect(first).not_to_be_in_viewport()
    jump.click()
    expect(first).to_be_in_viewport()
    expect(jump).to_be_hidden()  # the pages are on the screen: the bar goes
    context.close()
    wide = browser.new_context(viewport={"width": 1280, "height": 900})
    page = wide.new_page()
    page.goto(server.url + "?locale=es&edition=standard&paper=a4")
    expect(page.get_by_role("img", name=re.compile(r"^Page 1 of \d+$"))).to_be_in_viewport()
    expect(page.get_by_role("link", name=re.compile(r"^See the"))).to_be_hidden()  # beside the form already
    wide.close()


def test_a_request_waits_for_its_build_no_longer_than_it_may(tmp_path):
    """A handout that takes longer to build than a request may wait: 503 with Retry-After, and the build
    goes on, so asking again gets it."""
    from handout.web.serve import create_app

    app = create_app(CONTENT, locales=tmp_path, folder=tmp_path / "printed", wait=0.001, workers=1)
    desk = app.extensions["handout"]
    try:
        client = app.test_client()
        answer = client.get("/pdf?locale=en&edition=large-print&paper=a4&booklet=1")
        assert answer.status_code == 503
        assert answer.headers["Retry-After"] == "2"
        assert answer.get_data(as_text=True) == ("503 Service Unavailable: this handout is still being prepared; "
                                                 "try again in a moment\n")
        desk.wait = WAIT / 1000
        again = client.get("/pdf?locale=en&edition=large-print&paper=a4&booklet=1")
        assert again.status_code == 200 and again.data.startswith(b"%PDF")
    finally:
        desk.shelf.close()
