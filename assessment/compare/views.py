"""GET /compare (page), /compare.csv and /compare.pdf: the same GET
parameters give the same comparison, so every comparison is a shareable URL.

Parameters: j (jurisdiction ids, repeated or comma-separated, 2 to 12), or
state (all published in a state), or like (+ by=population|state); kind and
year choose which published assessment of each; detail=questions adds a row
per question; q searches for a place to add (the page only).

The page is also where a comparison is built: with fewer than two places it
shows the list so far and the search box; every Add and Remove is a link to
the next address, so it all works without JavaScript and stays shareable.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from flask import Blueprint, Response, make_response, render_template, request, stream_with_context, url_for

from assessment.compare import comparison as service
from assessment.compare import comparison_csv
from assessment.content.current import questionnaire
from assessment.directory.queries import DirectoryFilters, directory_page
from assessment.jurisdictions.county_links import county_jail_view
from assessment.jurisdictions.places import state_choices, state_name
from assessment.models.provenance import KIND_LABELS, describe_assessment
from assessment.web.access import load_assessment

from ..extensions import db
from ..i18n import _, current_language
from ..jobs import renders_on_request
from ..models import AssessmentScore, Jurisdiction
from ..web.errors import error_response
from ..web.read_only import reads_only
from . import pdf_cache
from .charts import comparison_chart, trend_chart

bp = Blueprint("compare", __name__)
bp.add_app_template_global(comparison_chart)
bp.add_app_template_global(trend_chart)


@dataclass
class ComparisonRequest:
    ids: list[int]
    heading: str
    kind: str | None
    year: int | None
    with_questions: bool
    truncated_from: int | None = None
    picked: bool = True  # chosen one by one (j), so places can be added and removed


def _read_request() -> ComparisonRequest:
    """What was asked for; raises ComparisonError with a message for the reader."""
    args = request.args
    kind = args.get("kind") if args.get("kind") in KIND_LABELS else None
    year_text = args.get("year", "")
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    with_questions = args.get("detail") == "questions"
    if args.get("state"):
        state = args["state"].upper()
        if state not in {code for code, _ in state_choices()}:
            raise service.ComparisonError(_("Choose a state from the list."))
        ids = service.choose_state(state)
        total = service.count_published_in_state(state)
        return ComparisonRequest(
            ids,
            _("Every published scorecard in %(state)s", state=state_name(state)),
            kind,
            year,
            with_questions,
            truncated_from=total if total > len(ids) else None,
            picked=False,
        )
    if args.get("like"):
        like = service.parse_ids([args["like"]])
        place = db.session.get(Jurisdiction, like[0]) if like else None
        if place is None or not place.is_listed:
            raise service.ComparisonError(_("That jurisdiction is not in the directory."))
        by = "state" if args.get("by") == "state" else "population"
        heading = (
            _("%(place)s and similar places in %(state)s", place=place.display_name, state=state_name(place.state))
            if by == "state"
            else _("%(place)s and places of similar population", place=place.display_name)
        )
        return ComparisonRequest(service.choose_similar(place, by), heading, kind, year, with_questions, picked=False)
    return ComparisonRequest(service.parse_ids(args.getlist("j")), "", kind, year, with_questions)


def _too_few() -> service.ComparisonError:
    return service.ComparisonError(_("Choose at least %(least)s jurisdictions to compare.", least=service.MIN_PICK))


# Up to this many places are named in a heading; more are counted.
NAMED_IN_HEADING = 4


def _heading_for_picked(result) -> str:
    """ "Comparing Seattle, WA; Tacoma, WA; King County, WA": the places found, in column order
    (semicolons, because every place's name has a comma before its state)."""
    titles = [column.title for column in result.columns]
    if not titles:
        return _("Comparison")
    if len(titles) <= NAMED_IN_HEADING:
        return _("Comparing %(places)s", places="; ".join(titles))
    shown = NAMED_IN_HEADING - 1
    return _("Comparing %(places)s and %(count)s more", places="; ".join(titles[:shown]), count=len(titles) - shown)


def _comparison(asked: ComparisonRequest | None = None):
    asked = asked or _read_request()
    if asked.picked and len(asked.ids) < service.MIN_PICK:
        raise _too_few()  # a state or "similar places" may find one place alone, and says so
    result = service.compare(questionnaire(), asked.ids, asked.kind, asked.year, asked.with_questions)
    result.truncated_from = asked.truncated_from
    if not asked.heading:
        asked.heading = _heading_for_picked(result)
    return asked, result


def _share_url(endpoint: str, **changes) -> str:
    """This comparison's address at `endpoint`, with `changes` (None drops a parameter).
    A search for a place to add is not part of the comparison, so it is never kept."""
    args = request.args.to_dict(flat=False)
    args.pop("q", None)
    args.update({k: v for k, v in changes.items() if v is not None})
    for k in [k for k, v in changes.items() if v is None]:
        args.pop(k, None)
    return url_for(endpoint, **args)


bp.add_app_template_global(_share_url, "compare_url")

# What the comparison's own address keeps when places are added or removed:
# which assessment of each, and whether every question is shown.
KEPT_ON_EDIT = ("kind", "year", "detail")
SEARCH_RESULTS = 10


def _kept() -> dict[str, str]:
    return {k: request.args[k] for k in KEPT_ON_EDIT if request.args.get(k)}


def _edit_url(ids: list[int], anchor: str | None = "builder") -> str:
    """The comparison of `ids`, keeping kind, year and detail; a search is over once a place is added."""
    return url_for("compare.show", j=ids, **_kept(), _anchor=anchor)


bp.add_app_template_global(_edit_url, "compare_edit_url")


def _builder(ids: list[int]) -> dict:
    """The list being built and, when a name was searched for, the places found."""
    query = request.args.get("q", "").strip()[:100]
    found = None
    if query:
        found = directory_page(DirectoryFilters(q=query, assessed="yes", per_page=SEARCH_RESULTS))
    return {
        "ids": ids,
        "picked": service.picked_places(ids),
        "query": query,
        "found": found,
        "full": len(ids) >= service.MAX_PICK,
        "kept": _kept(),
    }


@bp.get("/compare")
@reads_only
def show():
    if not request.args:
        return render_template("compare/start.html", states=state_choices(), builder=_builder([]))
    try:
        asked = _read_request()
    except service.ComparisonError as error:
        ids = service.picked_ids(request.args.getlist("j"))
        return render_template(
            "compare/start.html", states=state_choices(), problem=str(error), builder=_builder(ids)
        ), 400
    if asked.picked and len(asked.ids) < service.MIN_PICK:
        # A list still being built: not an error, the next step.
        return render_template("compare/start.html", states=state_choices(), builder=_builder(asked.ids))
    asked, result = _comparison(asked)
    ids = asked.ids if asked.picked else [c.jurisdiction_id for c in result.columns]
    editable = len(ids) <= service.MAX_PICK
    return render_template("compare/show.html", asked=asked, result=result, builder=_builder(ids) if editable else None)


@bp.get("/compare.csv")
def csv_download():
    try:
        asked, result = _comparison()
    except service.ComparisonError as error:
        return error_response(400, str(error))
    address = _share_url("compare.show", _external=True)
    body = comparison_csv.csv_text(result, asked.heading, address)
    response = Response(stream_with_context(body), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="comparison.csv"'
    return response


@bp.get("/compare.pdf")
def pdf_download():
    try:
        asked, result = _comparison()
    except service.ComparisonError as error:
        return error_response(400, str(error))
    # The HTML is cheap; the PDF is made once per content and kept (compare/pdf_cache.py).
    html = render_template("pdf/comparison.html", asked=asked, result=result)
    language = current_language()
    key = pdf_cache.comparison_key(html, language)
    data = pdf_cache.cached(key)
    if data is None:
        if not renders_on_request():
            return _pdf_being_prepared(key, language, html)
        data = pdf_cache.render_and_store(key, language, html)
        db.session.commit()
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'attachment; filename="comparison.pdf"'
    return response


# Seconds a browser waits before asking again for a PDF being prepared (as scorecards.views).
PDF_RETRY_SECONDS = 10
# When the queue holds too many comparisons already: come back in a minute.
QUEUE_FULL_RETRY_SECONDS = 60


def _pdf_being_prepared(key: str, language: str, html: str):
    """This server renders no PDF on the request path: queue it and say so (202)."""
    if not pdf_cache.request_render(key, language, html):
        db.session.rollback()
        response = error_response(
            503,
            _(
                "Many comparison PDFs are being made just now. "
                "Try again in a minute, or download the comparison as a spreadsheet (CSV)."
            ),
        )
        response.headers["Retry-After"] = str(QUEUE_FULL_RETRY_SECONDS)
        return response
    db.session.commit()
    response = make_response(render_template("compare/pdf_pending.html", retry_seconds=PDF_RETRY_SECONDS), 202)
    response.headers["Retry-After"] = str(PDF_RETRY_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/assessments/<int:assessment_id>/county-jail")
@reads_only
def county_jail(assessment_id: int):
    """A city's own answers on the jail levers beside its county's published ones."""
    assessment = load_assessment(assessment_id, "view")
    own = db.session.get(AssessmentScore, assessment.id)
    view = county_jail_view(questionnaire(), assessment.jurisdiction, own.answers if own else {}, assessment.year)
    if view is None:
        return error_response(404, _("A county answers the jail questions itself; this page is for cities."))
    return render_template(
        "compare/county_jail.html",
        assessment=assessment,
        view=view,
        own=SimpleNamespace(year=assessment.year, provenance=describe_assessment(assessment)),
    )
