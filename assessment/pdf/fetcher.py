"""The only way WeasyPrint reads anything while rendering our PDFs: StaticOnlyFetcher.

WeasyPrint fetches whatever a document points at (file:, http:, ...) unless
told otherwise, and a scorecard contains text users typed. So every render
(assessment/pdf/render.py) goes through StaticOnlyFetcher: it serves our own
static/ files and data: URLs and refuses everything else, without ever
opening a socket or a file outside static/, and without following redirects
(it never makes a request that could redirect).

Importing this module imports WeasyPrint (the fetcher subclasses its
URLFetcher): render.py imports it on the first render only.
"""

from __future__ import annotations

import base64
import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from assessment.pdf.static_site import STATIC_HOST, STATIC_ROOT

log = logging.getLogger(__name__)


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
