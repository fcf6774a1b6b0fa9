"""Refuse text that no database column can keep.

PostgreSQL text cannot hold the NUL character (U+0000): a form value with
one would fail deep inside a save with a database error (a 500). Nobody
types it, so a form carrying it is refused before any view runs, with a
message. A page that can rebuild itself from what was posted (a lever page,
see web/recovery.py) comes back filled in, with the NULs taken out, so
nothing typed is lost. (Searches by GET ignore NUL already: they keep only
letters and digits.)
"""

from __future__ import annotations

from flask import Flask, request
from werkzeug.datastructures import MultiDict

from ..i18n import N_, _
from .errors import error_response
from .recovery import FORM_RECOVERY

NUL_MESSAGE = N_(
    "What you sent contains an invisible control character (NUL) that cannot be stored, "
    "so nothing was saved. Retype the text instead of pasting it, and try again."
)
NUL_RECOVERED_MESSAGE = N_(
    "Your page contained an invisible control character that cannot be stored, so it was not saved yet. "
    "It has been taken out below: check your answers and press Save."
)


def _has_nul(values: MultiDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in items) for key, items in values.lists())


def _without_nul(values: MultiDict) -> MultiDict:
    return MultiDict([(key.replace("\x00", ""), v.replace("\x00", "")) for key, items in values.lists() for v in items])


def register_input_guard(app: Flask) -> None:
    @app.before_request
    def refuse_nul_characters():
        if request.method not in ("POST", "PUT", "PATCH") or not _has_nul(request.form):
            return None
        recover = FORM_RECOVERY.get(request.endpoint or "")
        if recover is not None:
            return recover(request.view_args or {}, _without_nul(request.form), NUL_RECOVERED_MESSAGE)
        return error_response(400, _(NUL_MESSAGE))
