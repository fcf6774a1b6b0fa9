"""GET /bench/plain-page/<size>: a plain Jinja page of about `size` bytes, the
ceiling bench/run.py measures the questionnaire page against (same server,
same request handling, no database, no forms).

Registered only when BENCH_CEILING_ROUTES is set: production has no such route.
"""
from __future__ import annotations

from flask import Blueprint, Flask, abort, render_template

from .web.read_only import reads_only

bp = Blueprint("bench_ceiling", __name__)

FILLER = "A plain paragraph of ordinary words, as long as a question's help text on a lever page. "
LARGEST_PAGE = 2_000_000


@bp.get("/bench/plain-page/<int:size>")
@reads_only  # as the pages it stands for: visited signed in, it only reads the user
def plain_page(size: int):
    if size > LARGEST_PAGE:
        abort(404)
    paragraph = len("<p>Paragraph 000: </p>\n") + len(FILLER)
    return render_template("bench/plain_page.html", paragraphs=max(size // paragraph, 1), filler=FILLER)


def register_bench_ceiling(app: Flask) -> None:
    if app.config.get("BENCH_CEILING_ROUTES"):
        app.register_blueprint(bp)
