"""Real pages in Debian's headless Chromium, driven by Playwright.

The app is served by a real WSGI server in a thread on 127.0.0.1 (port 0),
over the same database as the rest of the suite; Chromium starts with the
flags that keep it off the network, so nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from assessment import create_app
from assessment.extensions import db
from tests.web.mail_helpers import mail_settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

pytestmark = pytest.mark.e2e
# How long one browser step (a click, a page load, a screenshot) may take. Under
# `pytest -n 2` Chromium shares the cores with another worker's tests, and a
# full-page screenshot once took longer than 15 s on a busy machine.
STEP_TIMEOUT_MS = 30_000
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS", "") not in ("", "0")


def closing_every_response(wsgi_app):
    """The app with each response read whole and closed before it is sent.

    werkzeug's development server closes a response only after reading what is left of
    the request from the socket; when Chromium drops a connection first (leaving a page
    while its stylesheet is still on the way), that read raises and a static file's
    response is never closed. Its open file then warns (ResourceWarning) in whichever
    test runs next, and warnings are errors. The pages are small: reading them whole
    changes nothing the browser sees."""

    def application(environ, start_response):
        response = wsgi_app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()

    return application


@pytest.fixture(scope="session")
def live_server(app, smtp_server):
    """The app, served for real. Shares the test database with `app` (whose
    fixture built the schema) but has no SERVER_NAME, so links carry the port."""
    served = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": app.config["SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "PASSWORD_HASH_METHOD": app.config["PASSWORD_HASH_METHOD"],
            **mail_settings(smtp_server[0]),
        }
    )
    server = make_server("127.0.0.1", 0, closing_every_response(served), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with served.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}; run `make test`, which installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Journey:
    """A browser tab with a place to keep screenshots of the key steps."""

    def __init__(self, page, name: str, base_url: str):
        self.page = page
        self.base_url = base_url
        self.folder = ARTIFACTS / name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.step = 0

    def go(self, path: str):
        return self.page.goto(self.base_url + path)

    def shot(self, label: str) -> Path | None:
        """A full-page screenshot of this step, for people to look at; only with
        E2E_SCREENSHOTS=1 (make screenshots), since no test reads them back and
        they were a fifth of the journeys' time. A failed journey's last page is
        kept whatever the setting (the `journey` fixture)."""
        self.step += 1
        if not SCREENSHOTS:
            return None
        path = self.folder / f"{self.step:02d}-{re.sub(r'[^a-z0-9]+', '-', label.lower())}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def journey(request, chromium, live_server, app):
    context = chromium.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
    journey = Journey(page, name, live_server)
    yield journey
    report = getattr(request.node, "call_report", None)
    if report is not None and report.failed:
        # The page the journey failed on, always: test-artifacts/e2e/<test>/failed.png.
        page.screenshot(path=str(journey.folder / "failed.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps the test's own report on the item, for the `journey` fixture's teardown."""
    report = yield
    if report.when == "call":
        item.call_report = report
    return report


def sign_in(journey: Journey, email: str, password: str | None = None) -> None:
    from tests.conftest import TEST_PASSWORD

    journey.go("/login")
    journey.page.get_by_label("Email").fill(email)
    journey.page.get_by_label("Password").fill(password or TEST_PASSWORD)
    journey.page.get_by_role("button", name="Sign in").click()
    journey.page.get_by_text("You are signed in.").wait_for()


def new_journey(chromium, live_server, name: str, **context_args) -> Journey:
    context = chromium.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True, **context_args)
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    return Journey(page, name, live_server)
