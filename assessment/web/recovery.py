"""Carrying a half-finished form through an expired token or session.

A view that can rebuild its page from submitted form data registers a
function here; the CSRF error handler and the sign-in page call it, so what
an official typed comes back to them instead of being thrown away.

Only for a post that provably came from one of our own pages (RT-09): a
cross-site page could otherwise post chosen answers, and the official would
find them filled in after signing in. SameSite=Lax keeps the cookie off such
a post, so the token cannot be checked against the session; instead the
token's signature must check (an expired token is fine: that is the case
this exists for) and the browser must say the post came from our own origin
(Sec-Fetch-Site, or Origin). Anything else gets a plain 400 that leaves the
session alone (refused()).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Response, current_app, request, session
from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from ..i18n import N_

# How Flask-WTF signs its tokens (flask_wtf/csrf.py, generate_csrf): the
# session's raw token, by itsdangerous under this salt.
CSRF_SALT = "wtf-csrf-token"

# Why a page comes back unsaved. English (the recovering view translates it
# when it shows it, and can tell them apart).
SIGNED_OUT_MESSAGE = N_(
    "You were signed out, so your last changes were not saved yet. They are filled in below: check them and press Save."
)
EXPIRED_MESSAGE = N_(
    "Your page had expired, so your last changes were not saved yet. "
    "They are filled in below: check them and press Save."
)

# endpoint -> function(view_args, formdata, message) -> Response
FORM_RECOVERY: dict[str, Callable[[dict, MultiDict, str], Response]] = {}

SKIPPED_FIELDS = {"csrf_token"}


def signed_by_us(token: str | None) -> bool:
    """A CSRF token this site signed, however old (no max_age); not checked
    against the session, which a cross-site or expired post does not carry."""
    if not token or len(token) > 500:
        return False
    config = current_app.config
    serializer = URLSafeTimedSerializer(config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, salt=CSRF_SALT)
    try:
        serializer.loads(token)
    except BadData:
        return False
    return True


def from_our_origin() -> bool:
    """The browser says the request came from a page of this site."""
    if request.headers.get("Sec-Fetch-Site") == "same-origin":
        return True
    origin = request.headers.get("Origin")
    return origin is not None and origin == f"{request.scheme}://{request.host}"


def came_from_our_page() -> bool:
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    return signed_by_us(request.form.get(field)) and from_our_origin()


def refused(response: Response) -> Response:
    """`response`, without saving the session: a cross-site post comes with no
    cookie, and a fresh session cookie in the answer (rendering a page makes
    one, for its forms' tokens) would replace the visitor's own and sign them out."""
    session.modified = False
    return response


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
