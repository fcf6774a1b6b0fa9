"""Checks on the name of a place a user adds, so no one can slip a look-alike
of a real place into the directory (trust-review.md, RT-07).

A name is first normalised (NFKC: the "ﬁ" ligature becomes "fi", full-width
letters become plain ones). It is refused when it holds a character no one
can see or that reorders text (zero-width space, right-to-left override, any
control character), when it mixes alphabets ("Кing County" with a Cyrillic
К), or when it is written in another alphabet than the Latin one that every
US place name uses officially.

What is left is compared with the places already in the state, whatever
their kind, through a skeleton: case and accents dropped and every letter
that only looks Latin replaced by the Latin letter it imitates (Unicode's
confusables, from the confusable-homoglyphs package rather than a table of
our own). Two names are the same place when their skeletons are equal, when
they differ only by a leading "City of", "Town of"..., or when they are
nearly the same (difflib's ratio of 0.9 or more on names of 8 characters or
more; shorter names differ by one letter too often to be judged that way:
Clinton and Linton are both real).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from assessment.i18n import _
from assessment.models import Jurisdiction

# Scripts a name may use: Latin letters; digits, spaces and punctuation
# (COMMON, which includes the Hawaiian ʻokina); combining accents (INHERITED).
ALLOWED_SCRIPTS = {"LATIN", "COMMON", "INHERITED"}
# Words before a name that say what it is, not which place it is.
LEADING_WORDS = re.compile(r"^(?:the |(?:city|town|village|township|borough|county) (?:and county )?of )+")
NEAR_RATIO = 0.9
NEAR_MIN_LENGTH = 8


def _unicode_tables():
    """confusable-homoglyphs' modules, imported when a name is first checked: importing
    them parses Unicode's tables from JSON, 8 MB in every web worker, for a check that
    runs only when someone adds a place."""
    from confusable_homoglyphs import categories, confusables

    return categories, confusables


def normalise(name: str) -> str:
    """NFKC, with runs of spaces made one. Invisible characters stay, to be refused."""
    return " ".join(unicodedata.normalize("NFKC", name).split())


def character_problem(name: str) -> str | None:
    """Why this (normalised) name cannot be a place's name, or None."""
    for character in name:
        # Cc: control characters; Cf: invisible format characters (zero-width
        # space and joiner, right-to-left and other direction overrides);
        # Co, Cs, Cn: private, broken or unassigned code points.
        if unicodedata.category(character).startswith("C"):
            return _(
                "The name contains a hidden or control character (for example a zero-width space or a "
                "text-direction mark). Type the name again without copying it from elsewhere."
            )
    categories, confusables = _unicode_tables()
    scripts = categories.unique_aliases(name)
    if confusables.is_mixed_script(name, allowed_aliases=["COMMON", "INHERITED"]):
        return _(
            "The name mixes letters from different alphabets (for example a Cyrillic letter among "
            "Latin ones). Type it again using only the letters of its official spelling."
        )
    if not scripts <= ALLOWED_SCRIPTS:
        return _("Write the name in Latin letters, as it is written officially.")
    return None


def skeleton(name: str) -> str:
    """Lower-case words with accents dropped and look-alike letters made Latin:
    "Кing Countу" and "King  COUNTY" both give "king county"."""
    text = normalise(name)
    if not text.isascii():
        _categories, confusables = _unicode_tables()
        found = confusables.is_confusable(text, greedy=True, preferred_aliases=["latin"]) or []
        latin = {}
        for item in found:
            for glyph in item["homoglyphs"]:
                if glyph["n"].startswith("LATIN") and glyph["c"].isascii():
                    latin[item["character"]] = glyph["c"]
                    break
        text = "".join(latin.get(character, character) for character in text)
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(character for character in text if not unicodedata.combining(character))
    return " ".join(re.findall(r"[a-z0-9]+", text))


def core(skeleton_text: str) -> str:
    """The skeleton without a leading "City of", "Town of", "The"...:
    "City and County of San Francisco" gives "san francisco"."""
    return LEADING_WORDS.sub("", skeleton_text + " ").strip() if skeleton_text else ""


def same_place(new_skeleton: str, other_skeleton: str) -> bool:
    if not new_skeleton or not other_skeleton:
        return False
    if new_skeleton == other_skeleton or core(new_skeleton) == core(other_skeleton):
        return True
    if min(len(new_skeleton), len(other_skeleton)) < NEAR_MIN_LENGTH:
        return False
    matcher = difflib.SequenceMatcher(None, new_skeleton, other_skeleton)
    return matcher.quick_ratio() >= NEAR_RATIO and matcher.ratio() >= NEAR_RATIO


def look_alike(name: str, existing: Iterable[Jurisdiction]) -> Jurisdiction | None:
    """The first of `existing` whose name is the same as `name` or looks like it."""
    wanted = skeleton(name)
    for candidate in existing:
        if same_place(wanted, skeleton(candidate.name)):
            return candidate
    return None
