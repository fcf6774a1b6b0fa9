"""The Spanish message catalog cannot rot: every message marked in the code and
the templates is in translations/es/LC_MESSAGES/messages.po, translated, not
fuzzy, with the same placeholders, and nothing is left there that the code no
longer uses. (The questionnaire's own Spanish text is checked by the content
loader: tests/unit/content/test_content_i18n.py.)

When this fails after a change of interface text: `make messages`, then
translate what it added to the .po.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from assessment.config import PROJECT_ROOT
from assessment.content.i18n import RESERVED_OPTION_LABELS
from assessment.i18n import TRANSLATIONS_DIR, compile_catalogs

PO_FILE = TRANSLATIONS_DIR / "es" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _key(message) -> tuple:
    ident = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, ident


def _label(message) -> str:
    ident = message.id if isinstance(message.id, str) else message.id[0]
    return f"[{message.context}] {ident}" if message.context else ident


# One xdist worker runs the whole module (make test: --dist loadgroup):
# its fixture extracts the messages once for the module.
pytestmark = pytest.mark.xdist_group("translations")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """messages.pot as `make messages` would extract it now (never committed)."""
    pot = tmp_path_factory.mktemp("catalog") / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "lazy_gettext",
            "-k",
            "_l",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return read_po(handle)


@pytest.fixture(scope="module")
def spanish():
    with PO_FILE.open("rb") as handle:
        return read_po(handle, locale="es")


def test_the_code_marks_hundreds_of_messages(extracted):
    assert len([m for m in extracted if m.id]) > 400


def test_every_message_in_the_code_is_in_the_spanish_catalog(extracted, spanish):
    have = {_key(m) for m in spanish if m.id}
    missing = [_label(m) for m in extracted if m.id and _key(m) not in have]
    assert not missing, (
        f"{len(missing)} message(s) not in {PO_FILE.name}; run `make messages` and translate: {missing[:20]}"
    )


def test_nothing_obsolete_stays_in_the_spanish_catalog(extracted, spanish):
    wanted = {_key(m) for m in extracted if m.id}
    stale = [_label(m) for m in spanish if m.id and _key(m) not in wanted]
    assert not stale, f"{len(stale)} message(s) no longer in the code; run `make messages`: {stale[:20]}"
    assert not spanish.obsolete, f"obsolete (#~) entries left in {PO_FILE.name}: {list(spanish.obsolete)[:10]}"


def test_every_message_is_translated_and_not_fuzzy(spanish):
    untranslated, fuzzy = [], []
    for message in spanish:
        if not message.id:
            continue
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        if len(forms) != (1 if isinstance(message.id, str) else 2) or not all(f.strip() for f in forms):
            untranslated.append(_label(message))
        if message.fuzzy:
            fuzzy.append(_label(message))
    assert not untranslated, f"untranslated: {untranslated[:20]}"
    assert not fuzzy, f"fuzzy (check and remove the flag): {fuzzy[:20]}"
    assert not spanish.fuzzy, "the catalog header is marked fuzzy"


def test_translations_keep_the_placeholders(spanish):
    problems = []
    for message in spanish:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        wanted = set().union(*(PLACEHOLDER.findall(i) for i in ids))
        for text in strings:
            # A singular may leave out %(num)d ("Hay un problema"); nothing else may be lost or added.
            found = set(PLACEHOLDER.findall(text))
            if found - wanted or (wanted - found) - {"num"}:
                problems.append(f"{_label(message)!r} -> {text!r}")
            if text.count("%%") != ids[0].count("%%"):
                problems.append(f"{_label(message)!r}: '%%' differs")
    problems += [f"{_label(m)!r}: {e}" for m, errors in spanish.check() for e in errors]
    assert not problems, "\n".join(problems)


def test_the_app_added_choices_keep_their_agreed_wording(spanish):
    # "Don't know yet" and "Does not apply" are worded in the content package
    # (RESERVED_OPTION_LABELS); every message quoting them must say the same.
    english, words = RESERVED_OPTION_LABELS["en"], RESERVED_OPTION_LABELS["es"]
    short_na = words["not_applicable"].removesuffix(" aquí")
    wrong = []
    for message in spanish:
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for source, text in zip(ids, strings, strict=False):  # a plural has as many forms as the language
            if english["dont_know"] in source and words["dont_know"] not in text:
                wrong.append(text)
            if "Does not apply" in source and short_na not in text:
                wrong.append(text)
    assert not wrong, wrong


def test_the_compiled_catalog_is_used(app):
    from flask_babel import force_locale, gettext

    compile_catalogs()
    with app.test_request_context("/"):
        with force_locale("es"):
            assert gettext("Sign in") == "Iniciar sesión"
            assert gettext("Save and continue") == "Guardar y continuar"
        assert gettext("Sign in") == "Sign in"
