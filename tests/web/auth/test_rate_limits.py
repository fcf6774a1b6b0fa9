"""Sign-in and registration limits (auth/rate_limits.py).

The shared test app turns the limits off (tests/conftest.py) so the many
sign-ins of other tests never trip them; these tests build their own app on
the same database with small limits and a fresh in-memory counter store.
"""

from __future__ import annotations

import pytest

from assessment import create_app
from assessment.extensions import db
from assessment.models import User
from tests.conftest import TEST_PASSWORD, Browser

PER_ACCOUNT = 3
PER_ADDRESS = 5
REGISTRATIONS = 4


def limited_app(app, **extra):
    overrides = {
        key: app.config[key]
        for key in (
            "TESTING",
            "SECRET_KEY",
            "SQLALCHEMY_DATABASE_URI",
            "SERVER_NAME",
            "MAIL_BACKEND",
            "MAIL_SERVER",
            "MAIL_PORT",
            "MAIL_TIMEOUT",
        )
    }
    overrides.update(
        {
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            "AUTH_FAILURES_PER_ACCOUNT": f"{PER_ACCOUNT} per hour",
            "AUTH_FAILURES_PER_ADDRESS": f"{PER_ADDRESS} per hour",
            "REGISTRATIONS_PER_ADDRESS": f"{REGISTRATIONS} per hour",
            **extra,
        }
    )
    return create_app(overrides)


@pytest.fixture
def limited(app):
    application = limited_app(app)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def browser_at(application, address: str) -> Browser:
    client = application.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return Browser(client)


def sign_in(browser: Browser, email: str, password: str):
    return browser.post("/login", {"email": email, "password": password}, page="/login")


def assert_friendly_429(response) -> None:
    assert response.status_code == 429
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    assert "Too many attempts" in text and "wait" in text
    assert "Traceback" not in text
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert int(response.headers["Retry-After"]) > 0


def test_repeated_wrong_passwords_lock_that_account_from_every_address(limited, make_user):
    make_user("clerk@example.gov")
    first = browser_at(limited, "198.51.100.1")
    for _ in range(PER_ACCOUNT):
        assert sign_in(first, "clerk@example.gov", "wrong password here").status_code == 422
    # Now even the right password waits, and moving to another address does not help.
    assert_friendly_429(sign_in(first, "clerk@example.gov", TEST_PASSWORD))
    elsewhere = browser_at(limited, "198.51.100.2")
    assert_friendly_429(sign_in(elsewhere, "Clerk@Example.gov ", TEST_PASSWORD))
    # Other accounts are not affected.
    make_user("mayor@example.gov")
    assert sign_in(elsewhere, "mayor@example.gov", TEST_PASSWORD).status_code == 302


def test_one_address_trying_many_accounts_is_stopped(limited, make_user):
    make_user("clerk@example.gov")
    guesser = browser_at(limited, "198.51.100.7")
    for number in range(PER_ADDRESS):
        assert sign_in(guesser, f"person{number}@example.gov", "guess guess guess").status_code == 422
    assert_friendly_429(sign_in(guesser, "clerk@example.gov", TEST_PASSWORD))
    # A colleague at another address signs in as usual.
    assert sign_in(browser_at(limited, "198.51.100.8"), "clerk@example.gov", TEST_PASSWORD).status_code == 302


def test_successful_sign_ins_never_count(limited, make_user):
    make_user("clerk@example.gov")
    office = browser_at(limited, "198.51.100.9")
    for _ in range(PER_ADDRESS + PER_ACCOUNT):
        assert sign_in(office, "clerk@example.gov", TEST_PASSWORD).status_code == 302
    # Reading the sign-in page is never limited either.
    for _ in range(PER_ADDRESS + 1):
        assert office.get("/login").status_code == 200


def test_registrations_are_limited_per_address(limited, mailbox):
    applicant = browser_at(limited, "198.51.100.20")
    password = "amber kettle orbit 58"
    for number in range(REGISTRATIONS):
        fresh = browser_at(limited, "198.51.100.20")
        response = fresh.post(
            "/register", {"email": f"new{number}@example.org", "password": password, "confirm": password}
        )
        assert response.status_code == 200
    assert_friendly_429(
        applicant.post("/register", {"email": "one-more@example.org", "password": password, "confirm": password})
    )
    with limited.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == REGISTRATIONS


def test_registration_failures_count_against_the_email(limited, make_user):
    for number in range(PER_ACCOUNT):
        # Each from its own address: only the per-account counter can stop them.
        prober = browser_at(limited, f"198.51.100.{30 + number}")
        response = prober.post(
            "/register", {"email": "taken@example.gov", "password": "password1", "confirm": "password1"}
        )
        assert response.status_code == 422
    assert_friendly_429(
        browser_at(limited, "198.51.100.99").post(
            "/register",
            {"email": "taken@example.gov", "password": "amber kettle orbit 58", "confirm": "amber kettle orbit 58"},
        )
    )


def test_a_forged_forwarded_for_header_does_not_give_a_fresh_address(limited, make_user):
    guesser = browser_at(limited, "198.51.100.50")
    for number in range(PER_ADDRESS):
        response = guesser.post(
            "/login",
            {"email": f"p{number}@example.gov", "password": "guess guess guess"},
            headers={"X-Forwarded-For": f"203.0.113.{number}"},
        )
        assert response.status_code == 422
    blocked = guesser.post(
        "/login",
        {"email": "p99@example.gov", "password": "guess guess guess"},
        headers={"X-Forwarded-For": "203.0.113.200"},
    )
    assert_friendly_429(blocked)


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(app, make_user):
    application = limited_app(app, TRUSTED_PROXY_COUNT=1)
    try:
        proxy = browser_at(application, "10.0.0.2")
        for number in range(PER_ADDRESS):
            response = proxy.post(
                "/login",
                {"email": f"p{number}@example.gov", "password": "guess guess guess"},
                headers={"X-Forwarded-For": "203.0.113.10"},
            )
            assert response.status_code == 422
        assert_friendly_429(
            proxy.post(
                "/login",
                {"email": "x@example.gov", "password": "guess guess guess"},
                headers={"X-Forwarded-For": "203.0.113.10"},
            )
        )
        # Another client behind the same proxy is counted on its own.
        other = proxy.post(
            "/login",
            {"email": "x@example.gov", "password": "guess guess guess"},
            headers={"X-Forwarded-For": "203.0.113.11"},
        )
        assert other.status_code == 422
    finally:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


def test_limits_are_on_by_default_and_use_the_configured_store(tmp_path):
    from assessment.config import build_config

    config = build_config(tmp_path, {"SECRET_KEY": "k" * 40})
    assert config["RATELIMIT_ENABLED"] is True
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"
    shared = build_config(tmp_path, {"SECRET_KEY": "k" * 40, "RATELIMIT_STORAGE_URI": "redis://cache.internal:6379"})
    assert shared["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379"


def test_a_browser_that_signed_in_before_is_not_locked_out_by_a_stranger(limited, make_user):
    # RT-13: a stranger fills the account's counter on purpose before a deadline.
    make_user("clerk@example.gov")
    own = browser_at(limited, "198.51.100.7")
    assert sign_in(own, "clerk@example.gov", TEST_PASSWORD).status_code == 302  # the official's own browser
    own.post("/logout", {}, page="/account")
    stranger = browser_at(limited, "203.0.113.9")
    for _ in range(PER_ACCOUNT):
        assert sign_in(stranger, "clerk@example.gov", "wrong password here").status_code == 422
    assert_friendly_429(sign_in(stranger, "clerk@example.gov", TEST_PASSWORD))  # no cookie: still held
    new_browser = browser_at(limited, "198.51.100.7")
    assert_friendly_429(sign_in(new_browser, "clerk@example.gov", TEST_PASSWORD))  # an unknown browser waits
    assert sign_in(own, "Clerk@Example.gov", TEST_PASSWORD).status_code == 302  # the known browser gets in
    # The cookie is signed and bound to the account: a copied value for another email, or a forged one, is nothing.
    forged = browser_at(limited, "198.51.100.8")
    forged.client.set_cookie("known_device", "not-a-signed-value", domain="localhost")
    assert_friendly_429(sign_in(forged, "clerk@example.gov", TEST_PASSWORD))


# ---------------------------------------------------------------- flood limits (issue 15 point 8)

FLOOD = {
    "START_LIMITS_PER_ACCOUNT": "2 per hour",
    "START_LIMITS_PER_ADDRESS": "3 per hour",
    "PLACE_LIMITS_PER_ACCOUNT": "1 per day",
    "PLACE_LIMITS_PER_ADDRESS": "2 per day",
    "PUBLISH_LIMITS_PER_ACCOUNT": "1 per day",
    "PUBLISH_LIMITS_PER_ADDRESS": "5 per day",
    "REPORT_LIMITS_PER_ACCOUNT": "5 per day",
    "REPORT_LIMITS_PER_ADDRESS": "2 per hour",
}


@pytest.fixture
def flooded(app):
    application = limited_app(app, **FLOOD)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def signed_in_at(application, address: str, email: str) -> Browser:
    browser = browser_at(application, address)
    assert sign_in(browser, email, TEST_PASSWORD).status_code == 302
    return browser


def start_at(browser: Browser, place_id: int, year: int):
    return browser.post(
        f"/assessments/start/{place_id}", {"year": str(year), "kind": "self"}, page=f"/jurisdictions/{place_id}"
    )


def assessments_of(application, email: str) -> list[int]:
    from assessment.models import Assessment

    with application.app_context():
        user = db.session.scalars(db.select(User).where(User.email == email)).one()
        return list(db.session.scalars(db.select(Assessment.id).where(Assessment.created_by_id == user.id)))


def assert_flood_429(response, words: str) -> None:
    assert_friendly_429(response)
    text = response.get_data(as_text=True)
    assert words in text and "Nothing you saved before is lost" in text


def test_starting_assessments_is_limited_per_account_and_per_address(flooded, make_user, places):
    make_user("flooder@example.org")
    make_user("second@example.org")
    flooder = signed_in_at(flooded, "198.51.100.60", "flooder@example.org")
    assert start_at(flooder, places["county"], 2026).status_code == 302
    assert start_at(flooder, places["city"], 2026).status_code == 302
    assert_flood_429(start_at(flooder, places["texas_county"], 2026), "started many assessments")
    # What was started before is still there and still opens.
    started = assessments_of(flooded, "flooder@example.org")
    assert len(started) == 2
    assert all(flooder.get(f"/assessments/{number}").status_code == 200 for number in started)
    # The same account from another address is still held (the account's counter) ...
    assert_flood_429(
        start_at(signed_in_at(flooded, "198.51.100.61", "flooder@example.org"), places["texas_county"], 2026),
        "started many assessments",
    )
    # ... and a second account at the first address gets only what is left of the address's three.
    second = signed_in_at(flooded, "198.51.100.60", "second@example.org")
    assert start_at(second, places["texas_county"], 2026).status_code == 302
    assert_flood_429(start_at(second, places["city_county"], 2026), "started many assessments")
    assert len(assessments_of(flooded, "second@example.org")) == 1


def test_a_refused_start_costs_nothing(flooded, make_user, places):
    make_user("careful@example.org")
    careful = signed_in_at(flooded, "198.51.100.62", "careful@example.org")
    for _ in range(3):
        assert start_at(careful, places["county"], 1990).status_code == 422  # not a year on offer
    assert start_at(careful, places["county"], 2026).status_code == 302


def test_adding_places_is_limited(flooded, make_user, places):
    make_user("adder@example.org")
    make_user("neighbour@example.org")
    adder = signed_in_at(flooded, "198.51.100.70", "adder@example.org")
    new_place = {"state": "WA", "kind": "town"}
    assert adder.post("/jurisdictions/new", {"name": "Кing County", **new_place}).status_code == 422  # not counted
    assert adder.post("/jurisdictions/new", {"name": "Skykomish", **new_place}).status_code == 302
    assert_flood_429(adder.post("/jurisdictions/new", {"name": "Index", **new_place}), "added many places")
    assert adder.get("/jurisdictions/new").status_code == 200  # reading the form is never limited
    neighbour = signed_in_at(flooded, "198.51.100.70", "neighbour@example.org")
    assert neighbour.post("/jurisdictions/new", {"name": "Gold Bar", **new_place}).status_code == 302
    assert_flood_429(neighbour.post("/jurisdictions/new", {"name": "Baring", **new_place}), "added many places")
    with flooded.app_context():
        from assessment.models import Jurisdiction

        added = db.session.scalars(db.select(Jurisdiction.name).where(Jurisdiction.source == "user")).all()
        assert sorted(added) == ["Gold Bar", "Skykomish"]


def test_publishing_is_limited(flooded, app, make_user, places):
    from assessment.models import Assessment
    from tests.web.public_helpers import make_assessment

    first = make_assessment(app, places["county"], email="publisher@example.gov", published=False)
    second = make_assessment(app, places["city"], email="publisher@example.gov", published=False)
    publisher = signed_in_at(flooded, "198.51.100.80", "publisher@example.gov")
    assert (
        publisher.post(
            f"/assessments/{first}/publish", {"checked": "y"}, page=f"/assessments/{first}/publish"
        ).status_code
        == 302
    )
    blocked = publisher.post(f"/assessments/{second}/publish", {"checked": "y"}, page=f"/assessments/{second}/publish")
    assert_flood_429(blocked, "published many times")
    with flooded.app_context():
        assert db.session.get(Assessment, first).published_at is not None
        assert db.session.get(Assessment, second).published_at is None
        assert db.session.get(Assessment, second).status == "submitted"  # its answers and submission stand


def test_named_limits_wrap_routes_added_by_other_areas(flooded):
    """report_limits and claim_limits are for the moderation pages: a route marked
    with one is limited per address for anonymous visitors, by the settings."""
    from assessment.auth.rate_limits import apply_flood_limits, limits_for, report_limits
    from assessment.extensions import csrf

    @report_limits
    def report_view():
        return "reported"

    flooded.add_url_rule("/test-report", "test_report", csrf.exempt(report_view), methods=["POST"])
    apply_flood_limits(flooded)
    apply_flood_limits(flooded)  # idempotent: not wrapped twice
    reader = flooded.test_client()
    reader.environ_base["REMOTE_ADDR"] = "198.51.100.90"
    assert [reader.post("/test-report").status_code for _ in range(2)] == [200, 200]
    held = reader.post("/test-report")
    assert_friendly_429(held)
    assert "Many reports were sent from here" in held.get_data(as_text=True)
    other = flooded.test_client()
    other.environ_base["REMOTE_ADDR"] = "198.51.100.91"
    assert other.post("/test-report").status_code == 200
    with pytest.raises(ValueError):
        limits_for("everything")


def test_flood_limits_have_defaults_in_the_configuration(tmp_path):
    from assessment.config import build_config

    config = build_config(tmp_path, {"SECRET_KEY": "k" * 40})
    assert config["START_LIMITS_PER_ACCOUNT"] == "20 per hour;100 per day"
    assert config["PLACE_LIMITS_PER_ACCOUNT"] == "5 per day"
    assert config["PUBLISH_LIMITS_PER_ACCOUNT"] == "10 per day"
    assert config["REPORT_LIMITS_PER_ADDRESS"].startswith("5 per hour")
    assert config["CLAIM_LIMITS_PER_ACCOUNT"] == "3 per day"
    assert (
        build_config(tmp_path, {"SECRET_KEY": "k" * 40, "PLACE_LIMITS_PER_ACCOUNT": "2 per day"})[
            "PLACE_LIMITS_PER_ACCOUNT"
        ]
        == "2 per day"
    )
