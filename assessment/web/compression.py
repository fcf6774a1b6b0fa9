"""Pages sent gzip-compressed to readers who are not signed in.

A public scorecard is about 320 kB of HTML, the directory and comparisons
not much less: five to ten times what a phone on a slow network should
download for one page (bench/browser.py measures it on "slow 4G"). HTML
compresses about tenfold, so the app compresses what it renders itself when
the browser accepts gzip. A reverse proxy that compresses does no harm: the
response already says Content-Encoding, and proxies leave that alone.

Signed-in pages are sent as they are. They hold the session's CSRF token
next to text that others can influence (answers, names, notes), which is
the setting in which compression lets an attacker who can make the browser
send requests guess a secret from response sizes (BREACH). A signed-out
page holds only a signed-out session's token, which protects nothing but
the language switch and the sign-in form.

Streamed responses (the CSV downloads) and files sent from disk (static/,
whose bytes Werkzeug passes straight through) are left alone too.
"""

from __future__ import annotations

import gzip

from flask import Flask, Response, request
from flask_login import current_user

COMPRESSED_TYPES = frozenset(
    {"text/html", "application/json", "text/css", "text/plain", "image/svg+xml", "application/problem+json"}
)
SMALLEST = 1024  # below this, gzip's header and the work cost more than they save
LEVEL = 6  # zlib's default: within a few per cent of 9's size at a fraction of the time


def _wants_gzip() -> bool:
    return "gzip" in request.accept_encodings


def compress_response(response: Response) -> Response:
    if (
        request.method not in ("GET", "HEAD")
        or response.direct_passthrough
        or response.is_streamed
        or response.status_code < 200
        or response.status_code in (204, 304)
        or "Content-Encoding" in response.headers
        or response.mimetype not in COMPRESSED_TYPES
    ):
        return response
    response.vary.add("Accept-Encoding")  # what a cache stores depends on it, whoever reads
    if not _wants_gzip() or current_user.is_authenticated:
        return response
    body = response.get_data()
    if len(body) < SMALLEST:
        return response
    response.set_data(gzip.compress(body, compresslevel=LEVEL, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    return response


def register_compression(app: Flask) -> None:
    app.after_request(compress_response)
