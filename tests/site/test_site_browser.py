"""The web edition in a real browser (Playwright driving Debian's Chromium, as the front-desk tests do):
every language renders with its own lang and dir, axe-core finds no WCAG 2.2 AA violation, right-to-left
pages are mirrored, the words are the catalog's, every link inside the site resolves, nothing is fetched
from elsewhere, a phone 320 px wide never scrolls sideways, and the keyboard reaches the leaflet first.

axe-core is installed into tests/axe/node_modules from the npm registry on first use (`npm ci`: the locked
version in tests/axe/package-lock.json)."""
from __future__ import annotations

import re
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from handout.build import complete_locales, translation_for
from handout.site.pages import path_of
from handout.source.clinic import load_clinic
from handout.source.content import load_content
from handout.source.markup import plain
from handout.source.model import all_texts
from handout.translate.catalog import locales_dir
from handout.translate.localise import localise
from tests.conftest import CONTENT, FIXTURES, run_cli
from tests.web.test_serve import browser  # noqa: F401 - the front-desk tests' Chromium, a fixture

AXE = Path(__file__).resolve().parent.parent / "axe"
LANGUAGES, _ = complete_locales(CONTENT, None)


def install_axe() -> Path:
    script = AXE / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=AXE, check=True,
                       capture_output=True)
    return script


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The shipped handout's site for a realistic clinic, with the English and Arabic standard PDFs."""
    out = tmp_path_factory.mktemp("site")
    clinic = tmp_path_factory.mktemp("clinic") / "clinic.yaml"
    clinic.write_text((FIXTURES / "realistic-clinic.yaml").read_text(encoding="utf-8")
                      + 'emergency_phone: "999"\nsite_url: "https://leaflets.example.org/ldn"\n', encoding="utf-8")
    result = run_cli("build", str(CONTENT), "--out", str(out), "--locale", "en,ar", "--clinic", str(clinic),
                     "--jobs", "2")
    assert result.exit_code == 0, result.output
    result = run_cli("site", str(CONTENT), "--out", str(out), "--clinic", str(clinic), "--no-pdfs")
    assert result.exit_code == 0, result.output
    out.joinpath(".clinic").write_text(str(clinic), encoding="utf-8")
    return out


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.outside = []  # requests for anything but the site's own files

    def watch(route):
        if not route.request.url.startswith("file://"):
            page.outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", watch)
    yield page
    context.close()


def url(site: Path, locale: str | None = None) -> str:
    return (site / (f"{path_of(locale)}/index.html" if locale else "index.html")).as_uri()


def expected_texts(locale: str, clinic_path: str, shared: bool = True) -> list[str]:
    """The section titles and block texts of `locale` as the PDF prints them, in reading order (without
    the sections a bilingual edition sets once, in the patient's language, unless `shared`: the diary, and
    the references, which are not translated)."""
    handout = load_content(CONTENT)
    translate = None
    if locale != handout.meta.source_language:
        translate, _ = translation_for(handout, locales_dir(CONTENT, None), locale, False)
    clinic = load_clinic(clinic_path).for_locale(locale)
    loc = localise(handout, locale, clinic, translate)
    texts = [loc.handout.meta.title, *(loc.handout.meta.subtitle,)]
    for section in loc.handout.sections:
        if shared or not (section.new_page or all(type(b).__name__ == "References" for b in section.blocks)):
            unsaid = {id(b.crisis_line) for b in section.blocks if getattr(b, "crisis_line", None)
                      and not clinic.crisis_line}  # printed only for a clinic that names a crisis line
            texts += [t for t in all_texts(section) if id(t) not in unsaid]
    return [" ".join(plain(t.text, loc.values).split()) for t in texts]


@pytest.mark.parametrize("locale", LANGUAGES)
def test_every_language_renders_the_catalogs_words_accessibly_and_reflows(site, page, locale):
    """The catalog's words in reading order, lang and dir, its font loaded, no axe violation, and at 320 px
    wide no sideways scrolling."""
    page.goto(url(site, locale))
    lang, direction = page.evaluate("[document.documentElement.lang, document.documentElement.dir]")
    assert lang == path_of(locale)
    rtl = locale in ("ar", "fa", "he")
    assert direction == ("rtl" if rtl else "ltr")
    text = " ".join(page.locator("main").text_content().split())
    position = 0
    for expected in expected_texts(locale, (site / ".clinic").read_text()):
        found = text.find(expected, position)
        assert found >= 0, f"{locale}: not on the page (after character {position}): {expected!r}"
        position = found + len(expected)
    assert page.locator("h1").count() == 1
    page.wait_for_load_state("networkidle")  # the fonts served with the site, in the language's own family
    family = page.evaluate("getComputedStyle(document.querySelector('main p')).fontFamily").split(",")[0]
    assert family.startswith('"handout '), family
    assert page.evaluate(f"document.fonts.check('16px ' + {family!r}, document.querySelector('main p').textContent)")
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert family.strip('"') in [name.strip('"') for name in loaded]
    if locale != "en":  # the notice the PDF carries, in the language's own words
        notice = load_content(CONTENT)  # the shipped translations are not signed off: every page says so
        words = translation_for(notice, locales_dir(CONTENT, None), locale, False)[0](
            notice.labels["translation_unreviewed"])[0]
        assert page.locator(".band").text_content().strip() == words
    violations = axe_violations(page)  # WCAG 2.2 AA and best practice
    assert violations == [], f"{locale}:\n" + "\n".join(violations)
    page.set_viewport_size({"width": 320, "height": 640})  # a small phone, or 400% zoom on a laptop
    width, scrolled = page.evaluate("[document.documentElement.clientWidth, document.documentElement.scrollWidth]")
    assert scrolled <= width, f"{locale}: the page is {scrolled} px wide on a {width} px screen"
    body = page.evaluate("getComputedStyle(document.querySelector('main p')).fontSize")
    assert float(body.rstrip("px")) >= 16
    assert page.outside == []


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(install_axe()))
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa',
        'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}, resultTypes: ['violations']})""")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
            for v in result["violations"]]


def test_axe_finds_no_violations_on_the_index(site, page):
    page.goto(url(site))
    assert axe_violations(page) == []
    assert page.outside == []


@pytest.mark.parametrize("locale", ["ar", "fa", "he"])
def test_right_to_left_pages_are_mirrored(site, page, locale):
    page.goto(url(site, locale))
    main = page.locator("main").bounding_box()
    heading = page.locator("h1").bounding_box()
    assert abs((heading["x"] + heading["width"]) - (main["x"] + main["width"])) < 2  # the title starts at the right
    callout = page.locator(".callout").first
    widths = callout.evaluate("e => [getComputedStyle(e).borderRightWidth, getComputedStyle(e).borderLeftWidth]")
    assert widths == ["6px", "1px"]  # the heavy rule on the reading side, as in the PDF
    first, second = (page.locator(".languages li").nth(n).bounding_box() for n in (0, 1))
    assert first["x"] > second["x"]  # the language list runs right to left
    item = page.locator("main ul li").first.bounding_box()
    assert item["x"] + item["width"] <= main["x"] + main["width"] - 10  # list indented from the right
    english = page.locator("ol.references")
    assert english.get_attribute("lang") == "en" and english.get_attribute("dir") == "ltr"


def test_every_link_inside_the_site_resolves(site, page):
    pages = sorted(site.rglob("index.html"))
    assert len(pages) == 1 + len(LANGUAGES) + len(LANGUAGES) - 1  # index, each language, each beside English
    checked = 0
    for file in pages:
        page.goto(file.as_uri())
        hrefs = page.eval_on_selector_all("a[href], link[href]", "els => els.map(e => e.href)")
        for href in hrefs:
            parts = urllib.parse.urlsplit(href)
            if parts.scheme in ("tel", "mailto", "https", "http"):
                assert parts.scheme != "http" or False, href
                continue
            target = Path(urllib.parse.unquote(parts.path))
            assert parts.scheme == "file" and target.is_file(), f"{file}: {href}"
            assert site in target.parents
            if parts.fragment:
                assert page.locator(f"[id='{parts.fragment}']").count() == 1, f"{file}: {href}"
            checked += 1
    assert checked > 15 * 17
    fonts = re.findall(r'url\("([^"]+)"\)', (site / "fonts.css").read_text(encoding="utf-8"))
    assert len(fonts) >= 2 * 6 and all((site / font).is_file() for font in fonts)
    arabic = (site / "ar" / "index.html").read_text(encoding="utf-8")
    assert 'href="../ldn-ibs_ar_a4_standard.pdf"' in arabic


@pytest.mark.parametrize("locale", ["ar", "zh_Hans"])
def test_the_bilingual_page_sets_each_block_beside_its_english(site, page, locale):
    page.goto(url(site, locale))
    page.locator(".bilingual-link a").click()
    assert page.url == (site / f"{path_of(locale)}-en" / "index.html").as_uri()
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        path_of(locale), "rtl" if locale == "ar" else "ltr"]
    clinic = (site / ".clinic").read_text()
    english = " ".join(" ".join(e.text_content().split()) for e in page.locator('main [lang="en"]').all())
    ours = " ".join(page.locator("main").text_content().split())
    for text in expected_texts("en", clinic, shared=False):  # the English beside every block
        assert text in english, text
    for text in expected_texts(locale, clinic):
        assert text in ours, text
    english_column = page.locator('main .column[lang="en"]').first
    assert english_column.get_attribute("dir") == "ltr"
    ours_box, english_box = (page.locator("main .column").nth(n).bounding_box() for n in (0, 1))
    if locale == "ar":  # the right-to-left language on the right, as in the bilingual PDF
        assert ours_box["x"] > english_box["x"]
    else:
        assert ours_box["x"] < english_box["x"]
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_the_keyboard_reaches_the_leaflet_first_and_focus_is_visible(site, page):
    page.goto(url(site, "es"))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Ir al folleto"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    box = page.evaluate("(() => { const r = document.activeElement.getBoundingClientRect(); return r.top })()")
    assert box >= 0  # shown on the screen when it has focus
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#leaflet"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
