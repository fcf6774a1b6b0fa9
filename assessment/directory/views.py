"""GET /directory: the public list, with filters, sorting and pages."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from ..models.jurisdictions import kind_label
from ..provenance import describe, describe_assessment, describe_listed
from ..services import directory as service
from ..web.read_only import reads_only
from .forms import DirectoryForm

bp = Blueprint("directory", __name__)

# One wording of "who assessed, and when", for every template.
bp.add_app_template_global(describe_assessment, "provenance")
bp.add_app_template_global(describe, "describe_provenance")
bp.add_app_template_global(describe_listed, "describe_listed")
bp.add_app_template_global(kind_label, "kind_label")


def directory_form() -> tuple[DirectoryForm, bool]:
    form = DirectoryForm(request.args, years=service.published_years())
    return form, form.validate()


def page_url(endpoint: str, page: int) -> str:
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return url_for(endpoint, **args, page=page)


@bp.get("/directory")
@reads_only
def index():
    form, valid = directory_form()
    if not valid:
        return render_template("directory/index.html", form=form, result=None, page_url=page_url), 400
    result = service.directory_page(form.filters())
    return render_template("directory/index.html", form=form, result=result, page_url=page_url)
