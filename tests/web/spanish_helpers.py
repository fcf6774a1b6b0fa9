"""Helpers for the Spanish interface tests: read a page's words, and find any
interface text left in English on a Spanish page."""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape

from babel.messages.pofile import read_po

from assessment.content.i18n import RESERVED_OPTION_LABELS
from assessment.i18n import TRANSLATIONS_DIR

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
# English that a Spanish page shows on purpose: names as published.
ALLOWED_ENGLISH = {"ProGov21 Immigration Roadmap"}


def visible_text(html: str) -> str:
    """What a reader sees or hears: the text, attribute values people hear
    (aria-label, title, alt, placeholder) included; no markup, no scripts."""
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    spoken = " ".join(re.findall(r'(?:aria-label|title|alt|placeholder)="([^"]*)"', html))
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html) + " " + spoken))


@lru_cache(maxsize=1)
def _catalog():
    with (TRANSLATIONS_DIR / "es" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale="es")


@lru_cache(maxsize=1)
def english_labels() -> frozenset[str]:
    """Short English messages (a button, a heading, a column) whose Spanish differs."""
    labels = set()
    for message in _catalog():
        if (
            isinstance(message.id, str)
            and message.id
            and message.id != message.string
            and "%" not in message.id
            and len(message.id) >= 3
            and message.id not in ALLOWED_ENGLISH
        ):
            labels.add(message.id)
    return frozenset(labels)


@lru_cache(maxsize=1)
def english_fragments() -> tuple[str, ...]:
    """Pieces of every English message whose Spanish differs, long enough to be
    telling: a Spanish page containing one shows untranslated interface text."""
    catalog = _catalog()
    fragments = set()
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for source, translated in zip(ids, strings, strict=False):  # plural forms per language
            if source == translated or source in ALLOWED_ENGLISH:
                continue
            for piece in PLACEHOLDER.split(source.replace("%%", "%")):
                piece = piece.strip(" .,:;()+→·“”")
                if len(piece) >= 12 and " " in piece and piece not in translated:
                    fragments.add(piece)
    fragments |= set(RESERVED_OPTION_LABELS["en"].values())
    return tuple(sorted(fragments))


def english_leftovers(html: str) -> list[str]:
    """English interface text on a page: a long piece of a message anywhere in
    its words, or a short message as the whole text of an element."""
    text = visible_text(html)
    found = [fragment for fragment in english_fragments() if fragment in text]
    # Scripts, styles and <code> (option ids such as `none`) are not interface text.
    html = re.sub(r"(?is)<(script|style|code)\b.*?</\1>", " ", html)
    elements = {unescape(part).strip() for part in re.findall(r">([^<>]+)<", html)}
    elements |= {unescape(v).strip() for v in re.findall(r'(?:aria-label|title|alt|placeholder)="([^"]*)"', html)}
    return found + sorted(elements & english_labels())


def spanish_browser(browser):
    """Choose Spanish with the switch, as a person would (keeps the cookie)."""
    response = browser.post("/language", {"lang": "es", "next": "/"}, page="/")
    assert response.status_code == 303, response.status_code
    return browser
