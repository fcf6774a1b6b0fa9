"""Look-alike checks on the names of places users add (jurisdictions/place_names.py, RT-07)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assessment.jurisdictions import place_names

KING_COUNTY = SimpleNamespace(id=1, name="King County")
SAN_FRANCISCO = SimpleNamespace(id=2, name="San Francisco")


@pytest.mark.parametrize(
    "name",
    [
        "Ki\u200bng County",  # zero-width space
        "\u202eytnuoC gniK",  # right-to-left override
        "King\u2066 County",  # left-to-right isolate
        "King\u00adCounty",  # soft hyphen (invisible)
        "King\x07 County",  # a control character
        "King\ufeffCounty",  # zero-width no-break space
    ],
)
def test_hidden_and_control_characters_are_refused(name):
    problem = place_names.character_problem(place_names.normalise(name))
    assert problem and "hidden or control character" in problem


@pytest.mark.parametrize("name", ["Кing County", "King Countу", "Kіng County", "Kαng County"])
def test_mixed_alphabets_are_refused(name):
    problem = place_names.character_problem(place_names.normalise(name))
    assert problem and "different alphabets" in problem


def test_a_name_wholly_in_another_alphabet_is_refused():
    assert "Latin letters" in place_names.character_problem("Кинг Каунти")


@pytest.mark.parametrize(
    "name",
    [
        "Doña Ana County",
        "Hawaiʻi County",
        "Española",
        "Coeur d'Alene",
        "St. Louis",
        "Winston–Salem",
        "Agaña Heights",
        "Village of Skokie",
        "O‘ahu",
        "Mayagüez",
    ],
)
def test_real_names_pass(name):
    assert place_names.character_problem(place_names.normalise(name)) is None


@pytest.mark.parametrize(
    "name, expected",
    [
        ("King County", "king county"),
        ("  KING   county ", "king county"),
        ("Кing County", "king county"),  # Cyrillic К
        ("King Countу", "king county"),  # Cyrillic у
        ("Ｋｉｎｇ Ｃｏｕｎｔｙ", "king county"),  # full-width, through NFKC
        ("Kinġ Cöunty", "king county"),  # accents
        ("Doña Ana", "dona ana"),
    ],
)
def test_skeleton(name, expected):
    assert place_names.skeleton(name) == expected


@pytest.mark.parametrize(
    "name, existing",
    [
        ("King County", KING_COUNTY),
        ("king  county", KING_COUNTY),
        ("Кing County", KING_COUNTY),
        ("King Countу", KING_COUNTY),
        ("Kinġ County", KING_COUNTY),
        ("King Countyy", KING_COUNTY),  # near: one letter more
        ("Kimg County", KING_COUNTY),  # near: one letter changed
        ("City and County of San Francisco", SAN_FRANCISCO),
        ("City of San Francisco", SAN_FRANCISCO),
    ],
)
def test_same_and_look_alike_names_are_found(name, existing):
    assert place_names.look_alike(name, [SAN_FRANCISCO, KING_COUNTY]) is existing


@pytest.mark.parametrize(
    "name",
    [
        "King",  # a town named like the county is another place (Adams and Adams County)
        "Kingston",
        "Linton",  # short names one letter apart are both real (Clinton, Linton)
        "Kings Point",
        "South San Francisco",
    ],
)
def test_different_places_are_not_taken_for_look_alikes(name):
    existing = [SimpleNamespace(id=3, name="Clinton"), KING_COUNTY, SAN_FRANCISCO]
    assert place_names.look_alike(name, existing) is None
