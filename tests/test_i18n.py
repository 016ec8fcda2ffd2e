"""Languages: a complete English catalogue, choosing the language, and formats per language."""

import re
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import flask_babel
import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.pofile import read_po

from tests.factories import make_unit, make_user

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "app" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]")
EN = {"Accept-Language": "en-US,en;q=0.9"}
VI = {"Accept-Language": "vi-VN,vi;q=0.9"}


def read_catalog(path: Path):
    with path.open("rb") as f:
        return read_po(f)


@pytest.fixture(scope="module")
def template():
    return read_catalog(TRANSLATIONS / "messages.pot")


@pytest.fixture(scope="module")
def english():
    return read_catalog(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po")


def ids_of(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def strings_of(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def language_nav(html: str) -> str:
    match = re.search(r'<nav class="language-nav"[^>]*>(.*?)</nav>', html, re.S)
    assert match, "the page has no language navigation"
    return match.group(1)


# The catalogue ------------------------------------------------------------------------------


def test_every_message_has_an_english_translation(template, english):
    wanted = [m for m in template if m.id]
    assert len(wanted) > 100
    assert not english.fuzzy
    problems = []
    for message in wanted:
        translated = english.get(message.id)
        if translated is None:
            problems.append(f"not in en/messages.po: {message.id!r}")
            continue
        strings = strings_of(translated)
        if "fuzzy" in translated.flags:
            problems.append(f"fuzzy: {message.id!r}")
        if isinstance(message.id, tuple) and len(strings) != english.num_plurals:
            problems.append(
                f"{len(strings)} plural forms, want {english.num_plurals}: {message.id!r}"
            )
        if not all(s.strip() for s in strings):
            problems.append(f"empty msgstr: {message.id!r}")
            continue
        for string in strings:
            if placeholders(string) != placeholders(ids_of(message)[0]):
                problems.append(f"placeholders differ: {message.id!r} -> {string!r}")
    assert problems == []


def test_english_catalogue_has_nothing_stale(template, english):
    current = {m.id for m in template if m.id}
    assert [m.id for m in english if m.id and m.id not in current] == []
    assert list(english.obsolete) == []


def test_vietnamese_msgids_are_nfc(template):
    not_nfc = [
        text
        for m in template
        if m.id
        for text in ids_of(m)
        if not unicodedata.is_normalized("NFC", text)
    ]
    assert not_nfc == []


def test_every_wrapped_string_is_in_the_template(template):
    """Templates in _macros/ and templates using {% do %} were silently skipped by a plain
    `pybabel extract` (Babel ignores `_`-directories; Jinja needs jinja2.ext.do to parse);
    their strings must still reach the catalogue."""
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
    known = {text for m in template if m.id for text in ids_of(m)}
    found = {}
    sources = [("python", p, {}) for p in (ROOT / "app").rglob("*.py")]
    sources += [
        ("jinja2", p, {"extensions": "jinja2.ext.do", "silent": "false"})
        for p in (ROOT / "app" / "templates").rglob("*.html")
    ]
    for method, path, options in sources:
        with path.open("rb") as f:
            for _line, message, _comments, _context in extract(
                method, f, keywords, options=options
            ):
                for text in message if isinstance(message, tuple) else (message,):
                    if text:
                        found.setdefault(text, path.relative_to(ROOT).as_posix())
    assert {text: where for text, where in found.items() if text not in known} == {}


# Choosing the language ----------------------------------------------------------------------


def test_login_page_is_vietnamese_by_default(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert '<h1 class="heading-l">Đăng nhập</h1>' in html
    assert "<title>Đăng nhập – Sở KH&amp;CN Quảng Ngãi</title>" in html


def test_login_page_follows_an_english_browser(client):
    html = client.get("/login", headers=EN).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert '<h1 class="heading-l">Sign in</h1>' in html
    assert "<title>Sign in – Quảng Ngãi DOST</title>" in html
    assert "Quảng Ngãi Department of Science and Technology" in html
    assert '<label class="label" for="email">Email address</label>' in html
    assert "Đăng nhập" not in html


def test_unsupported_browser_language_falls_back_to_vietnamese(client):
    html = client.get("/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert '<h1 class="heading-l">Đăng nhập</h1>' in html


def test_chosen_language_wins_over_the_browser(client):
    response = client.get("/language/en?next=/login", headers=VI)
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    html = client.get("/login", headers=VI).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert '<h1 class="heading-l">Sign in</h1>' in html


def test_unknown_language_keeps_the_current_one(client):
    client.get("/language/en")
    response = client.get("/language/xx?next=/login", headers=VI)
    assert response.headers["Location"] == "/login"
    html = client.get("/login", headers=VI).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Sign in" in html


def test_unknown_language_without_a_choice_stays_vietnamese(client):
    client.get("/language/xx?next=/login")
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="vi">' in html


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_language_switch_does_not_follow_other_sites(client, target):
    response = client.get("/language/en", query_string={"next": target})
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert not location.scheme
    assert not location.netloc
    assert location.path.startswith("/")
    assert "evil" not in response.headers["Location"]


def test_language_links_name_their_language(client):
    nav = language_nav(client.get("/login").get_data(as_text=True))
    assert '<span aria-current="true" lang="vi">Tiếng Việt</span>' in nav
    links = re.findall(r"<a ([^>]*)>([^<]*)</a>", nav)
    assert [name for _attrs, name in links] == ["English"]
    attrs = links[0][0]
    assert 'hreflang="en"' in attrs
    assert 'lang="en"' in attrs
    assert "aria-current" not in attrs
    href = urlsplit(re.search(r'href="([^"]*)"', attrs).group(1).replace("&amp;", "&"))
    assert href.path == "/language/en"
    assert parse_qs(href.query)["next"][0].startswith("/login")


def test_language_link_brings_the_person_back_in_english(client):
    nav = language_nav(client.get("/login").get_data(as_text=True))
    href = re.search(r'<a href="([^"]*)"', nav).group(1).replace("&amp;", "&")
    response = client.get(href)
    assert urlsplit(response.headers["Location"]).path == "/login"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    nav = language_nav(html)
    assert '<span aria-current="true" lang="en">English</span>' in nav
    assert re.search(r'<a [^>]*hreflang="vi"[^>]*>Tiếng Việt</a>', nav)
    assert '<h1 class="heading-l">Sign in</h1>' in html


# Translated pages ---------------------------------------------------------------------------


def test_not_found_page_in_vietnamese(client):
    response = client.get("/no-such-page")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert '<h1 class="heading-l">Không tìm thấy trang</h1>' in html
    assert "Mã lỗi: 404" in html


def test_not_found_page_in_english(client):
    response = client.get("/no-such-page", headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert '<html lang="en">' in html
    assert "<title>Page not found – Quảng Ngãi DOST</title>" in html
    assert '<h1 class="heading-l">Page not found</h1>' in html
    assert "Check the web address is correct" in html
    assert "Go to the home page" in html
    assert "Error code: 404" in html
    assert "Không tìm thấy trang" not in html


def test_error_summary_is_translated(client):
    html = client.post("/login", data={"email": "", "password": ""}, headers=EN).get_data(
        as_text=True
    )
    assert "<title>Error: Sign in – Quảng Ngãi DOST</title>" in html
    assert (
        '<h2 id="error-summary-title" class="error-summary__title">There is a problem</h2>' in html
    )
    assert '<a href="#email">Enter an email address</a>' in html
    assert '<a href="#password">Enter your password</a>' in html
    assert '<span class="visually-hidden">Error:</span> Enter an email address' in html


def test_error_summary_in_vietnamese(client):
    html = client.post("/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "<title>Lỗi: Đăng nhập – Sở KH&amp;CN Quảng Ngãi</title>" in html
    assert '<h2 id="error-summary-title" class="error-summary__title">Có lỗi cần sửa</h2>' in html
    assert '<a href="#email">Nhập địa chỉ thư điện tử</a>' in html


def test_plural_forms_are_used_in_english(client, login, db):
    admin = make_user("admin")
    make_unit()
    db.session.commit()
    login(admin)
    html = client.get("/admin/units", headers=EN).get_data(as_text=True)
    assert '<h2 class="heading-m">1 unit</h2>' in html
    make_unit()
    db.session.commit()
    html = client.get("/admin/units", headers=EN).get_data(as_text=True)
    assert '<h2 class="heading-m">2 units</h2>' in html
    assert '<th scope="col">Code</th>' in html
    assert "Back to administration" in html


# Formats ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("vi", "1.234.567,5"), ("en-US,en;q=0.9", "1,234,567.5"), ("fr", "1.234.567,5")],
)
def test_numbers_are_written_as_the_language_writes_them(app, accept, expected):
    with app.test_request_context(headers={"Accept-Language": accept}):
        flask_babel.refresh()
        assert app.jinja_env.filters["number"](1234567.5, 1) == expected
        assert app.jinja_env.filters["number"](None) == "–"
