"""Which Host headers and proxies the app trusts.

TRUSTED_HOSTS (from ALLOWED_HOSTS; required in production, see config.py)
makes Flask refuse any other Host header with a 400 before routing. Links the
app builds from the request (invitation links, redirects) can then never
point at a host an attacker chose. Flask refuses the host before it has a URL
adapter, and the error page needs one to build its links, so the handler here
renders that page in a request to our own first allowed host
(test_request_context, public API; it used to set the private
request_ctx.url_adapter, RT-22).

TRUSTED_PROXY_COUNT > 0 takes the client address and scheme from that many
X-Forwarded-* hops (werkzeug's ProxyFix); without it, those headers are
ignored, so nobody can pick their own address to dodge the rate limits.
"""

from __future__ import annotations

from flask import Flask, request
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from ..i18n import N_, _
from .errors import error_response

UNKNOWN_HOST_MESSAGE = N_(
    "This site is not served under the address you used. Check the address, or use the link your organisation gave you."
)


def register_hosts(app: Flask) -> None:
    proxies = app.config.get("TRUSTED_PROXY_COUNT", 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        trusted = app.config.get("TRUSTED_HOSTS") or ["localhost"]
        host = trusted[0].lstrip(".")
        # The visitor's language choice (cookie or browser) carries over.
        carried = {name: request.headers[name] for name in ("Accept-Language", "Cookie") if name in request.headers}
        with app.test_request_context(
            "/", base_url=f"{app.config['PREFERRED_URL_SCHEME']}://{host}{request.root_path}", headers=carried
        ):
            return error_response(400, _(UNKNOWN_HOST_MESSAGE))
