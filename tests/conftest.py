"""Shared fixtures: one app per test session on SQLite (a file) or on the
PostgreSQL named by TEST_DATABASE_URL; every test starts from empty tables.

Under pytest-xdist (`-n 2`) each worker is its own session: its own SQLite
file, its own PostgreSQL database (tests/parallel.py) and its own instance
folder, so workers never see each other's rows, mail or cached files."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import event, exists, literal, select, text, union_all
from sqlalchemy.engine import Engine
from werkzeug.datastructures import MultiDict
from werkzeug.security import generate_password_hash

from assessment import create_app
from assessment.extensions import db
from assessment.models import Jurisdiction, User
from assessment.models._common import utcnow
from assessment.models.jurisdictions import search_key
from tests.parallel import drop_worker_database, private_instance_folder, worker_database_url
from tests.web.mail_helpers import mail_settings, start_smtp_server

TEST_PASSWORD = "quiet harbor lantern 42"
# The tests' apps hash passwords cheaply (PASSWORD_HASH_METHOD): their accounts need no
# protection, and scrypt on every registration and sign-in was a twentieth of the suite's
# time. tests/web/auth/test_accounts.py checks that the app's own setting is scrypt.
TEST_PASSWORD_HASH = "pbkdf2:sha256:1000"
CSRF_PATTERN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def database_url(tmp_dir) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return worker_database_url(url).replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{tmp_dir / 'test.sqlite3'}"


def pytest_collection_modifyitems(config, items):
    """Every test that uses the suite's database (the `app` fixture, directly
    or through another fixture) is marked `database`: make test-postgres runs
    those again on PostgreSQL, and not the rest, which never open a database.
    A module whose tests need the app only for its templates and content says
    so with the `no_database` marker. Every test under tests/e2e/ is marked
    `e2e`, whether or not its module says so."""
    e2e_folder = Path(__file__).resolve().parent / "e2e"
    for item in items:
        if item.path.is_relative_to(e2e_folder):
            item.add_marker(pytest.mark.e2e)
        if "app" in getattr(item, "fixturenames", ()) and item.get_closest_marker("no_database") is None:
            item.add_marker(pytest.mark.database)


def reset_schema() -> None:
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
    db.create_all()
    if db.engine.dialect.name == "postgresql":
        from assessment.jobs.schema import install_engine_schema

        install_engine_schema(db.engine)  # the PDF job queue's tables (a migration installs them in production)


@pytest.fixture(scope="session", autouse=True)
def _instance_folder(tmp_path_factory):
    """Every app the tests start, in this process or in a subprocess, keeps its
    secret key, mail files and county-map cache in this worker's own folder,
    never in the checkout's instance/ (shared by the workers and the developer)."""
    with private_instance_folder(tmp_path_factory.mktemp("instance")):
        yield


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """The Spanish message catalog compiled from its .po (the .mo is built, not
    committed), so `pytest` alone works on a clean clone. create_app() does the
    same; this covers tests that never build an app."""
    from assessment.i18n import compile_catalogs

    compile_catalogs()


@pytest.fixture(scope="session")
def smtp_server():
    """A real SMTP server on 127.0.0.1 for the whole run; the apps send to it."""
    controller, mailbox = start_smtp_server()
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server):
    """What the app mailed during this test (tests/web/mail_helpers.py: Mailbox)."""
    smtp_server[1].clear()
    yield smtp_server[1]
    smtp_server[1].clear()


@pytest.fixture(scope="session")
def app(tmp_path_factory, smtp_server):
    tmp_dir = tmp_path_factory.mktemp("db")
    application = create_app(
        {
            **mail_settings(smtp_server[0]),
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": database_url(tmp_dir),
            "SERVER_NAME": "localhost",
            # Sign-in limits are tested with their own app (tests/web/auth/test_rate_limits.py);
            # here they would trip over the many sign-ins of the other tests.
            "RATELIMIT_ENABLED": False,
            "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH,
        }
    )
    with application.app_context():
        reset_schema()
        _session_engines.add(db.engine)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
    drop_worker_database(application.config["SQLALCHEMY_DATABASE_URI"])


# Every engine a test's apps connected with (another_app(), create_app() in a
# test): closed after the test, but for the session app's own. Left to the
# garbage collector, a PostgreSQL connection warns (ResourceWarning) in
# whichever test runs then, and warnings are errors.
_engines_used: set[Engine] = set()
_session_engines: set[Engine] = set()


@event.listens_for(Engine, "engine_connect")
def _note_engine(connection) -> None:
    _engines_used.add(connection.engine)


@pytest.fixture(autouse=True)
def _close_other_engines():
    yield
    while _engines_used:
        engine = _engines_used.pop()
        if engine not in _session_engines:
            engine.dispose()


@pytest.fixture(autouse=True)
def _clean_tables(request):
    yield
    if "app" not in request.fixturenames:
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            # One statement finds the tables the test wrote to (a few of the twenty, mostly),
            # and only those are emptied, children first.
            filled = set(conn.execute(_filled_tables()).scalars())
            for table in reversed(db.metadata.sorted_tables):
                if table.name in filled:
                    conn.execute(table.delete())
        if db.engine.dialect.name == "postgresql":
            from assessment.jobs.schema import empty_engine_tables

            empty_engine_tables(db.engine)


@cache
def _filled_tables():
    """A statement: the names of the app's tables that hold a row."""
    return union_all(
        *(select(literal(table.name)).where(exists().select_from(table)) for table in db.metadata.sorted_tables)
    )


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_from(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


class Browser:
    """A test client that reads the CSRF token from a page before posting, as a browser would."""

    def __init__(self, client):
        self.client = client

    def get(self, url, **kwargs):
        return self.client.get(url, **kwargs)

    def token(self, page_url: str) -> str:
        response = self.client.get(page_url)
        return csrf_from(response.get_data(as_text=True))

    def post(self, url, data=None, page=None, follow_redirects=False, **kwargs):
        data = dict(data or {}) if not isinstance(data, list) else data
        token = self.token(page or url)
        if isinstance(data, list):
            data = MultiDict([("csrf_token", token), *data])
        else:
            data.setdefault("csrf_token", token)
        return self.client.post(url, data=data, follow_redirects=follow_redirects, **kwargs)

    def login(self, email: str, password: str = TEST_PASSWORD):
        response = self.post("/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response


@pytest.fixture
def browser(client):
    return Browser(client)


def make_user_row(email: str, password: str = TEST_PASSWORD, **fields) -> User:
    """An account, its address confirmed unless email_confirmed_at=None is given."""
    fields.setdefault("email_confirmed_at", utcnow())
    user = User(email=email, password_hash=generate_password_hash(password, method=TEST_PASSWORD_HASH), **fields)
    db.session.add(user)
    db.session.commit()
    return user


@pytest.fixture
def make_user(app):
    def factory(email: str = "official@example.gov", password: str = TEST_PASSWORD, **fields) -> int:
        with app.app_context():
            return make_user_row(email, password, **fields).id

    return factory


@pytest.fixture
def signed_in(app, make_user):
    """A factory: a new account, signed in through the real login page."""

    def factory(email: str, **fields) -> Browser:
        make_user(email, **fields)
        browser = Browser(app.test_client())
        browser.login(email)
        return browser

    return factory


@pytest.fixture
def official(signed_in, places) -> Browser:
    """An official of the `places` jurisdictions, signed in."""
    return signed_in("official@example.gov")


def another_app(app, **settings):
    """A second app on the test app's database, with settings of its own, as a
    second server would be (routes can also still be added to it)."""
    shared = {
        key: app.config[key]
        for key in (
            "SECRET_KEY",
            "SQLALCHEMY_DATABASE_URI",
            "SERVER_NAME",
            "MAIL_BACKEND",
            "MAIL_SERVER",
            "MAIL_PORT",
            "MAIL_TIMEOUT",
            "PASSWORD_HASH_METHOD",
        )
    }
    return create_app(shared | {"TESTING": True, "RATELIMIT_ENABLED": False, **settings})


def add_jurisdiction(name: str, state: str, kind: str, population=None, fips=None) -> int:
    row = Jurisdiction(
        name=name,
        state=state,
        kind=kind,
        population=population,
        fips=fips,
        source="census" if fips else "geonames",
        search_text=search_key(
            name, state, {"TX": "Texas", "WA": "Washington", "IL": "Illinois", "CA": "California"}.get(state, "")
        ),
    )
    db.session.add(row)
    db.session.commit()
    return row.id


@pytest.fixture
def places(app):
    """A few jurisdictions: a county, a city and a consolidated city-county."""
    with app.app_context():
        return {
            "county": add_jurisdiction("King County", "WA", "county", fips="53033"),
            "city": add_jurisdiction("Seattle", "WA", "city", population=737015),
            "texas_county": add_jurisdiction("Harris County", "TX", "county", fips="48201"),
            "city_county": add_jurisdiction("San Francisco", "CA", "city_county", population=873965),
        }
