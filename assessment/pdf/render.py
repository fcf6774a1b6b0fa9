"""HTML to tagged PDF with WeasyPrint, fetching nothing but our own static files
(assessment/pdf/fetcher.py: StaticOnlyFetcher, through which every render reads).

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

WeasyPrint is imported on the first render, not with this module: with the
fonts and image libraries it brings it is a third of the app's import time
and 30 MB, which every `flask` command and every web worker that never
renders (PDF_RENDER_ON_REQUEST=0: the job workers render) paid for nothing.
A web worker that renders loads it before its first request
(deploy/gunicorn.conf.py, scorecards/pdf.warm_up).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import threading
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from assessment.pdf.footer_words import footer_rules
from assessment.pdf.static_site import STATIC_BASE_URL

if TYPE_CHECKING:
    from weasyprint import CSS, Document
    from weasyprint.text.fonts import FontConfiguration

PDF_VARIANT = "pdf/ua-1"  # tagged PDF for screen readers (also sets pdf_tags)


# One WeasyPrint render at a time in a process: renders are CPU-bound (the
# GIL would interleave them anyway), the font configuration is shared between
# renders, and WeasyPrint's Pango objects
# are not meant for several threads at once.
_render_lock = threading.RLock()
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


@cache
def _font_config() -> FontConfiguration:
    # Reused by every render: a new one per document made Pango build its font
    # map again each time (4% of a render).
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def _fetcher():
    from assessment.pdf.fetcher import StaticOnlyFetcher

    return StaticOnlyFetcher()


@lru_cache(maxsize=8)
def _static_stylesheet(path: str) -> CSS:
    # Kept for the life of the process, like the templates: static files change only on deploy.
    from weasyprint import CSS

    return CSS(url=STATIC_BASE_URL + path, url_fetcher=_fetcher(), font_config=_font_config())


@lru_cache(maxsize=8)
def _footer_stylesheet(rules: str) -> CSS:
    from weasyprint import CSS

    return CSS(string=rules, base_url=STATIC_BASE_URL, url_fetcher=_fetcher(), font_config=_font_config())


def stylesheets(paths: tuple[str, ...], methodology: bool = False) -> list[CSS]:
    """The parsed stylesheets `paths`, then the footers' words in the current
    language (footer_rules(); none in English). Needs an app context."""
    footer = footer_rules(methodology)
    return [_static_stylesheet(path) for path in paths] + ([_footer_stylesheet(footer)] if footer else [])


def _layout(html: str, styles: list[CSS]) -> Document:
    # Given to render(), the stylesheets are "user" stylesheets: they still come
    # after WeasyPrint's own defaults, and our templates have no author styles
    # but a few style="" widths, which win over both as before.
    from weasyprint import HTML

    return HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=_fetcher()).render(
        pdf_tags=True, font_config=_font_config(), stylesheets=styles
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
