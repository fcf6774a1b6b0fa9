"""The benchmark's ceiling pages: plain Jinja pages of about `size` bytes,
which bench/run.py measures the questionnaire page against (same server,
same request handling, no forms, no answers).

    GET /bench/plain-page/<size>        anonymous: template work only
    GET /bench/signed-in-page/<size>    signed in: also loads the user, as every questionnaire page does

They live here, outside the app package, on a blueprint that only the
benchmark's own app module (bench/wsgi_bench.py) registers: the app that
production serves (wsgi.py) has no such routes.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from assessment.web.read_only import reads_only

bp = Blueprint("bench_ceiling", __name__, template_folder="templates")

FILLER = "A plain paragraph of ordinary words, as long as a question's help text on a lever page. "
LARGEST_PAGE = 2_000_000
PARAGRAPH_BYTES = len("<p>Paragraph 000: </p>\n") + len(FILLER)


def _plain_page(size: int, signed_in_as: str | None = None):
    if size > LARGEST_PAGE:
        abort(404)
    return render_template(
        "bench/plain_page.html", paragraphs=max(size // PARAGRAPH_BYTES, 1), filler=FILLER, signed_in_as=signed_in_as
    )


@bp.get("/bench/plain-page/<int:size>")
@reads_only  # as the pages it stands for
def plain_page(size: int):
    return _plain_page(size)


@bp.get("/bench/signed-in-page/<int:size>")
@reads_only
@login_required  # loads the signed-in user from the database, as the questionnaire page's own check does
def signed_in_page(size: int):
    return _plain_page(size, signed_in_as=current_user.email)
