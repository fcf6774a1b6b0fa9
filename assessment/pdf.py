"""The scorecard as a tagged PDF, rendered by WeasyPrint from templates/pdf/.

WeasyPrint fetches whatever a document points at (file:, http:, ...) unless
told otherwise, and a scorecard contains text users typed. So every render
goes through StaticOnlyFetcher: it serves our own static/ files and data:
URLs and refuses everything else, without ever opening a socket or a file
outside static/, and without following redirects (it never makes a request
that could redirect).
"""
from __future__ import annotations

import base64
import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from flask import render_template
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .config import PROJECT_ROOT
from .scorecards.context import ScorecardContext
from .scoring import Scorecard

log = logging.getLogger(__name__)

STATIC_ROOT = PROJECT_ROOT / "static"
# Relative links in PDF templates resolve against this made-up origin, which
# the fetcher maps onto static/. ".invalid" (RFC 2606) can never resolve, so
# even a fetcher bug could not turn it into a network request.
STATIC_HOST = "static.scorecard.invalid"
STATIC_BASE_URL = f"https://{STATIC_HOST}/"
PDF_VARIANT = "pdf/ua-1"  # tagged PDF for screen readers (also sets pdf_tags)


class RefusedFetch(ValueError):
    """A URL the PDF renderer may not read; WeasyPrint logs it and skips it."""


class StaticOnlyFetcher(URLFetcher):
    """Serves files under static/ (through STATIC_BASE_URL) and data: URLs only."""

    def __init__(self, static_root: Path = STATIC_ROOT):
        # No protocol is allowed through the inherited urllib machinery and
        # redirects are off, as a second line of defence: fetch() below never
        # calls it anyway.
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        self.static_root = static_root.resolve()

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            return self._data_url(url)
        return self._static_file(url)

    def _static_file(self, url: str) -> URLFetcherResponse:
        try:
            parts = urlsplit(url)
        except ValueError:
            raise RefusedFetch(f"refused malformed URL {url[:200]!r}") from None
        if parts.scheme != "https" or parts.netloc != STATIC_HOST:
            log.warning("PDF rendering refused to fetch %.200s", url)
            raise RefusedFetch(f"refused to fetch {url[:200]!r}: only our static files and data: URLs")
        relative = unquote(parts.path).lstrip("/")
        target = (self.static_root / relative).resolve()
        # resolve() has applied "..", symlinks and all: the result must still
        # be inside static/.
        if not target.is_relative_to(self.static_root) or not target.is_file():
            log.warning("PDF rendering refused a path outside static/: %.200s", url)
            raise RefusedFetch(f"refused {url[:200]!r}: not a file under static/")
        mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": mime})

    @staticmethod
    def _data_url(url: str) -> URLFetcherResponse:
        header, comma, payload = url[5:].partition(",")
        if not comma:
            raise RefusedFetch("malformed data: URL")
        params = header.split(";")
        mime = params[0].strip() or "text/plain"
        try:
            body = base64.b64decode(payload, validate=False) if "base64" in params[1:] else unquote_to_bytes(payload)
        except ValueError:
            raise RefusedFetch("malformed data: URL") from None
        return URLFetcherResponse(url, body, {"Content-Type": mime})


def html_to_pdf(html: str) -> bytes:
    """Render HTML (ours, from templates/pdf/) to tagged PDF bytes."""
    document = HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=StaticOnlyFetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


def render_scorecard_html(scorecard: Scorecard, context: ScorecardContext) -> str:
    """The PDF's HTML. Needs an app context (the app's templates and filters)."""
    return render_template(
        "pdf/scorecard.html", scorecard=scorecard, context=context, questionnaire=context.questionnaire,
    )


def render_scorecard_pdf(scorecard: Scorecard, context: ScorecardContext) -> bytes:
    return html_to_pdf(render_scorecard_html(scorecard, context))
