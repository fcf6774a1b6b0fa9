"""Carrying a half-finished form through an expired token or session.

A view that can rebuild its page from submitted form data registers a
function here; the CSRF error handler and the sign-in page call it, so what
an official typed comes back to them instead of being thrown away.
"""
from __future__ import annotations

import json
from typing import Callable
from urllib.parse import urlsplit

from flask import Response, current_app, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from ..i18n import N_

# Why a page comes back unsaved. English (the recovering view translates it
# when it shows it, and can tell them apart).
SIGNED_OUT_MESSAGE = N_("You were signed out, so your last changes were not saved yet. "
                        "They are filled in below: check them and press Save.")
EXPIRED_MESSAGE = N_("Your page had expired, so your last changes were not saved yet. "
                     "They are filled in below: check them and press Save.")

# endpoint -> function(view_args, formdata, message) -> Response
FORM_RECOVERY: dict[str, Callable[[dict, MultiDict, str], Response]] = {}

SKIPPED_FIELDS = {"csrf_token"}


def recoverable(endpoint: str):
    def register(func):
        FORM_RECOVERY[endpoint] = func
        return func

    return register


def pack_form(form: MultiDict) -> str:
    pairs = [(k, v) for k, values in form.lists() if k not in SKIPPED_FIELDS for v in values]
    return json.dumps(pairs)


def unpack_form(packed: str) -> MultiDict | None:
    try:
        pairs = json.loads(packed)
    except (ValueError, TypeError):
        return None
    if not isinstance(pairs, list):
        return None
    clean = [(str(p[0]), str(p[1])) for p in pairs if isinstance(p, list) and len(p) == 2]
    return MultiDict(clean)


def safe_next(target: str | None) -> str | None:
    """Only same-site paths: never an open redirect to another host. A control
    character (CR LF, tab, NUL...) refuses it: urlsplit drops some of them, and a
    Location header may not carry them."""
    if not target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def recover(target: str, formdata: MultiDict, message: str) -> Response | None:
    """Rebuild the page at `target` from formdata, if its view knows how."""
    adapter = current_app.url_map.bind("localhost")
    try:
        endpoint, view_args = adapter.match(urlsplit(target).path, method="POST")
    except HTTPException:
        return None
    func = FORM_RECOVERY.get(endpoint)
    if func is None:
        return None
    return func(view_args, formdata, message)


def current_post_target() -> str:
    return request.full_path.rstrip("?")
