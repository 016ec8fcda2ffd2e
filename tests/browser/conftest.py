"""Real-browser tests: Debian's Chromium driven by Playwright against the app served on
loopback from the test database.

Playwright's own browser download is never used. Where Chromium is missing these tests skip
with a message saying so, except in CI (the CI variable set), where a missing browser fails:
`make setup` installs it there.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PHONE = {"width": 360, "height": 740}
SCREENSHOTS = Path(os.environ.get("BROWSER_SCREENSHOTS", "browser-failures"))


def _missing_browser() -> str | None:
    if CHROMIUM is None:
        return "Debian's chromium package is not installed (make setup installs it as root)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (requirements-dev.txt)"
    return None


@pytest.fixture(scope="session")
def browser():
    problem = _missing_browser()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"BROWSER TESTS CANNOT RUN IN CI: {problem}")
        pytest.skip(f"BROWSER TESTS SKIPPED: {problem}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


class Gate:
    """Counts the requests that reach the server, so a test can prove the browser was
    offline (served by its service worker) and not quietly online."""

    def __init__(self, app):
        self.app = app
        self.requests = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            self.requests += 1
        return self.app(environ, start_response)


@pytest.fixture
def live_server(app):
    """The app on a free loopback port, in a thread, for the duration of one test."""
    gate = Gate(app.wsgi_app)
    app.wsgi_app = gate
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gate.url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield gate
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.wsgi_app = gate.app


@pytest.fixture
def phone(browser, request):
    """A fresh 360×740 touch context in Vietnamese; a screenshot is kept when a test fails."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  locale="vi-VN", service_workers="allow")  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def open_page(browser, request):
    """Opens a page in a fresh context: ``open_page(**context_options)`` (Vietnamese unless
    told). Every context is closed after the test; when it fails, a screenshot of each page
    is kept next to the ``phone`` fixture's."""
    contexts = []

    def open_(**options):
        context = browser.new_context(**{"locale": "vi-VN", **options})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10000)
        return page

    yield open_
    report = getattr(request.node, "rep_call", None)
    for n, context in enumerate(contexts, start=1):
        if report is not None and report.failed:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            for m, page in enumerate(context.pages, start=1):
                if page.is_closed():
                    continue
                name = f"{request.node.name}-context{n}-page{m}.png"
                page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
        context.close()


@pytest.fixture
def csrf(app, monkeypatch):
    """CSRF protection on, as in production: the journeys' forms must carry their tokens."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
