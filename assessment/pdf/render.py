"""HTML to tagged PDF with WeasyPrint, fetching nothing but our own static files.

WeasyPrint fetches whatever a document points at (file:, http:, ...) unless
told otherwise, and a scorecard contains text users typed. So every render
goes through StaticOnlyFetcher: it serves our own static/ files and data:
URLs and refuses everything else, without ever opening a socket or a file
outside static/, and without following redirects (it never makes a request
that could redirect).

The scorecard PDF is a short handout: page 1 has the figures, the core
protections, completeness and the first five actions; then one block per
lever with a gap (scorecards/pdf_blocks.py). The methodology, the same for
every scorecard of a questionnaire version and language, is its own PDF
(render_methodology_pdf(), /methodology.pdf), kept per process once
rendered; the record of every answer and its evidence is its own PDF too
(render_answers_pdf()). Page 1 links both. Speed
(bench/run.py measures it): the stylesheets are parsed once per process and
given to WeasyPrint rather than linked from the templates, which made every
render fetch pdf.css, parse it and compile its selectors again. Only
WeasyPrint's documented API is used.
"""

from __future__ import annotations

import base64
import ctypes
import ctypes.util
import gc
import logging
import mimetypes
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from assessment.config import PROJECT_ROOT
from assessment.pdf.footer_words import footer_rules

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


# One WeasyPrint render at a time in a process: renders are CPU-bound (the
# GIL would interleave them anyway), the font configuration is shared between
# renders, and WeasyPrint's Pango objects
# are not meant for several threads at once.
_render_lock = threading.RLock()
# Reused by every render: a new one per document made Pango build its font
# map again each time (4% of a render).
_font_config = FontConfiguration()
# WeasyPrint makes hundreds of thousands of short-lived objects per document.
# With Python's default threshold (700 allocations) the cyclic garbage
# collector ran thousands of times per render, walking every live object each
# time: 15% of a render in py-spy. While rendering, collect far less often.
RENDER_GC_THRESHOLD = 50_000


@contextmanager
def rendering():
    """Hold the render lock, with the garbage collector's first threshold raised."""
    with _render_lock:
        saved = gc.get_threshold()
        gc.set_threshold(RENDER_GC_THRESHOLD, *saved[1:])
        try:
            yield
        finally:
            gc.set_threshold(*saved)


# The stylesheets of each kind of PDF, under static/, in cascade order.
SCORECARD_STYLES = ("css/pdf.css",)
COMPARISON_STYLES = ("css/pdf.css", "css/compare-pdf.css")


@lru_cache(maxsize=8)
def _static_stylesheet(path: str) -> CSS:
    # Kept for the life of the process, like the templates: static files change only on deploy.
    return CSS(url=STATIC_BASE_URL + path, url_fetcher=StaticOnlyFetcher(), font_config=_font_config)


@lru_cache(maxsize=8)
def _footer_stylesheet(rules: str) -> CSS:
    return CSS(string=rules, base_url=STATIC_BASE_URL, url_fetcher=StaticOnlyFetcher(), font_config=_font_config)


def stylesheets(paths: tuple[str, ...], methodology: bool = False) -> list[CSS]:
    """The parsed stylesheets `paths`, then the footers' words in the current
    language (footer_rules(); none in English). Needs an app context."""
    footer = footer_rules(methodology)
    return [_static_stylesheet(path) for path in paths] + ([_footer_stylesheet(footer)] if footer else [])


def _layout(html: str, styles: list[CSS]) -> Document:
    # Given to render(), the stylesheets are "user" stylesheets: they still come
    # after WeasyPrint's own defaults, and our templates have no author styles
    # but a few style="" widths, which win over both as before.
    return HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=StaticOnlyFetcher()).render(
        pdf_tags=True, font_config=_font_config, stylesheets=styles
    )


def _write(document: Document) -> bytes:
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


def html_to_pdf(html: str, styles: tuple[str, ...] = SCORECARD_STYLES, methodology: bool = False) -> bytes:
    """Render HTML (ours, from templates/pdf/) to tagged PDF bytes, styled by the
    stylesheets `styles` and the footers' words in the current language."""
    sheets = stylesheets(styles, methodology)
    with rendering():
        data = _write(_layout(html, sheets))
    release_memory()
    return data


def release_memory() -> None:
    """Free what a render left behind and hand it back to the system.

    A render's boxes are garbage at once but, collected lazily, they and the
    C heap they used kept a worker 25 MB bigger after its first PDFs (the
    young generations only: 2 ms; malloc_trim: under 1 ms, glibc only)."""
    gc.collect(1)
    if _malloc_trim is not None:
        _malloc_trim(0)


def _find_malloc_trim():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_malloc_trim = _find_malloc_trim()
