"""Which language a request gets, the switch on every page, and what stays
English: the browser's Accept-Language, else English; an explicit choice
(a cookie) wins and survives sign-in; the API, CSV and JSON stay English
unless ?lang= asks."""

from __future__ import annotations

import pytest

from assessment.extensions import db
from assessment.models import User
from tests.conftest import TEST_PASSWORD, Browser
from tests.web.spanish_helpers import english_leftovers, spanish_browser, visible_text

SPANISH = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}
ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}


def test_the_browser_language_chooses_spanish(client):
    page = client.get("/", headers=SPANISH)
    html = page.get_data(as_text=True)
    assert '<html lang="es">' in html
    assert "¿Qué tan bien protege e incluye su ciudad o condado a los residentes inmigrantes?" in html
    assert page.headers["Content-Language"] == "es"
    assert "Accept-Language" in page.headers["Vary"] and "Cookie" in page.headers["Vary"]
    assert not english_leftovers(html)


@pytest.mark.parametrize("header", [None, "en-US,en;q=0.9", "fr-FR,fr;q=0.9", "de, en;q=0.2, es;q=0.1"])
def test_english_otherwise(client, header):
    html = client.get("/", headers={"Accept-Language": header} if header else {}).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "How well does your city or county protect and include immigrant residents?" in html


def test_every_page_offers_the_other_language_as_a_labelled_button(client):
    for url in ("/", "/directory", "/login", "/methodology", "/nowhere"):
        english = client.get(url, headers=ENGLISH).get_data(as_text=True)
        assert 'name="lang" value="es" class="link-button" lang="es">Español</button>' in english, url
        spanish = client.get(url, headers=SPANISH).get_data(as_text=True)
        assert 'name="lang" value="en" class="link-button" lang="en">English</button>' in spanish, url
        assert f'name="next" value="{url}"' in spanish, url


def test_the_switch_is_remembered_and_wins_over_the_browser(app, client):
    browser = Browser(client)
    response = browser.post("/language", {"lang": "es", "next": "/directory?state=WA"}, page="/")
    assert response.status_code == 303 and response.headers["Location"].endswith("/directory?state=WA")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("lang="))
    assert "lang=es" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=" in cookie
    for _ in range(2):
        assert '<html lang="es">' in client.get("/directory", headers=ENGLISH).get_data(as_text=True)
    browser.post("/language", {"lang": "en", "next": "/"}, page="/")
    assert '<html lang="en">' in client.get("/", headers=SPANISH).get_data(as_text=True)


def test_the_choice_survives_signing_in_and_out(app, client, make_user):
    make_user("official@example.gov")
    browser = spanish_browser(Browser(client))
    signed_in = browser.post(
        "/login", {"email": "official@example.gov", "password": TEST_PASSWORD}, follow_redirects=True
    ).get_data(as_text=True)
    assert '<html lang="es">' in signed_in and "Inició sesión." in signed_in and "Cerrar sesión" in signed_in
    assert "Mis evaluaciones" in client.get("/assessments").get_data(as_text=True)
    signed_out = browser.post("/logout", {}, page="/", follow_redirects=True).get_data(as_text=True)
    assert "Cerró sesión." in signed_out and '<html lang="es">' in signed_out


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", ""]
)
def test_the_switch_only_returns_to_this_site(client, target):
    response = Browser(client).post("/language", {"lang": "es", "next": target}, page="/")
    assert response.status_code == 303
    assert response.headers["Location"] in ("/", "http://localhost/")


def test_the_switch_needs_its_token_and_a_known_language(client):
    refused = client.post("/language", data={"lang": "es", "next": "/"})
    assert refused.status_code == 400 and "lang=" not in " ".join(refused.headers.getlist("Set-Cookie"))
    assert Browser(client).post("/language", {"lang": "fr", "next": "/"}, page="/").status_code == 400
    assert client.get("/language").status_code == 405


def test_messages_errors_and_form_problems_are_in_spanish(client, make_user):
    assert "No se encontró la página" in client.get("/nowhere", headers=SPANISH).get_data(as_text=True)
    expired = client.post("/login", data={"email": "x@example.gov"}, headers=SPANISH).get_data(as_text=True)
    assert "Su formulario había vencido" in expired
    browser = spanish_browser(Browser(client))
    empty = browser.post("/login", {"email": "", "password": ""}).get_data(as_text=True)
    assert "Hay 2 problemas" in empty and "Escriba su dirección de correo electrónico." in empty
    assert not english_leftovers(empty)
    weak = browser.post(
        "/register", {"email": "new@example.gov", "password": "password", "confirm": "password"}
    ).get_data(as_text=True)
    assert "Esta contraseña es demasiado común" in weak
    too_long = browser.post(
        "/register", {"email": "a" * 250 + "@example.gov", "password": "x", "confirm": "y"}
    ).get_data(as_text=True)
    # WTForms' own messages come in Spanish too.
    assert "Las dos contraseñas no son iguales." in too_long and "caracteres" in too_long
    made = browser.post(
        "/register",
        {"email": "nueva@example.gov", "password": "quiet harbor lantern 42", "confirm": "quiet harbor lantern 42"},
    )
    taken = spanish_browser(Browser(client.application.test_client())).post(
        "/register",
        {"email": "nueva@example.gov", "password": "quiet harbor lantern 42", "confirm": "quiet harbor lantern 42"},
    )
    # A new address and a taken one get the same page (RT-16: tests/web/auth/test_mail_accounts.py).
    assert made.status_code == taken.status_code == 200
    assert 'lang="es"' in made.get_data(as_text=True)


def test_signing_in_is_asked_for_in_spanish(client):
    spanish_browser(Browser(client))
    page = client.get("/assessments", follow_redirects=True).get_data(as_text=True)
    assert "Inicie sesión para continuar." in page


def test_the_api_and_downloads_stay_english_unless_asked(app, client):
    spanish_browser(Browser(client))
    english = client.get("/api/v1/questionnaire", headers=SPANISH)
    assert english.headers["Content-Language"] == "en"
    assert "Accept-Language" not in english.headers.get("Vary", "")
    content = app.extensions["questionnaires"]
    first_en, first_es = next(content["en"].questions()), next(content["es"].questions())
    assert english.get_json()["levers"][0]["questions"][0]["prompt"] == first_en.prompt
    spanish = client.get("/api/v1/questionnaire?lang=es").get_json()
    assert spanish["levers"][0]["questions"][0]["prompt"] == first_es.prompt
    assert spanish["levers"][0]["questions"][0]["options"][0]["id"] == first_en.options[0].id
    missing = client.get("/api/v1/assessments/999999/scorecard", headers=SPANISH).get_json()
    assert missing["error"] == "Page not found"
    assert client.get("/data/scorecards.csv", headers=SPANISH).headers["Content-Language"] == "en"
    assert client.get("/data/scorecards.json?lang=es").headers["Content-Language"] == "es"


def test_the_open_data_page_says_the_downloads_are_english(client):
    text = visible_text(client.get("/data", headers=SPANISH).get_data(as_text=True))
    assert "Las descargas y la API están en inglés" in text and "?lang=es" in text


def test_no_language_is_stored_on_the_account(app, client, make_user):
    # The preference is the browser's (a cookie), never personal data kept by us.
    make_user("official@example.gov")
    spanish_browser(Browser(client)).login("official@example.gov")
    with app.app_context():
        assert "language" not in User.__table__.columns
        assert db.session.scalars(db.select(User)).one().email == "official@example.gov"
