"""GET /directory: the public list, with filters, sorting and pages.

It also carries "Your comparison": the places someone is gathering to
compare, held in the address as repeated j=<id>, so the list survives every
search, filter, sort and page (each link and form passes it on) and the
address can be shared. Adding and removing are links to the next address.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from assessment.compare import comparison
from assessment.directory import queries as service
from assessment.models.provenance import describe, describe_assessment, describe_listed

from ..models.jurisdictions import kind_label
from ..web.read_only import reads_only
from .forms import DirectoryForm

bp = Blueprint("directory", __name__)

# One wording of "who assessed, and when", for every template.
bp.add_app_template_global(describe_assessment, "provenance")
bp.add_app_template_global(describe, "describe_provenance")
bp.add_app_template_global(describe_listed, "describe_listed")
bp.add_app_template_global(kind_label, "kind_label")

# The list's parameter; the filters ignore it.
PICK = "j"


def directory_form() -> tuple[DirectoryForm, bool]:
    form = DirectoryForm(request.args, years=service.published_years())
    return form, form.validate()


def _picks() -> list[int]:
    return comparison.picked_ids(request.args.getlist(PICK))


def directory_url(
    endpoint: str = "directory.index", picks: list[int] | None = None, anchor: str | None = None, **changes
) -> str:
    """This directory page's address with `changes` (None drops a filter) and the
    comparison list `picks` (the current one when not given)."""
    args = {k: v for k, v in request.args.items() if k != PICK and v}
    args.update(changes)
    args = {k: v for k, v in args.items() if v is not None}
    return url_for(endpoint, **args, j=_picks() if picks is None else picks, _anchor=anchor)


def page_url(endpoint: str, page: int) -> str:
    return directory_url(endpoint, page=page)


bp.add_app_template_global(directory_url)


@bp.get("/directory")
@reads_only
def index():
    form, valid = directory_form()
    picks = _picks()
    picked = comparison.picked_places(picks)
    context = {"form": form, "page_url": page_url, "picks": picks, "picked": picked, "pick_limit": comparison.MAX_PICK}
    if not valid:
        return render_template("directory/index.html", result=None, **context), 400
    result = service.directory_page(form.filters())
    return render_template("directory/index.html", result=result, **context)
