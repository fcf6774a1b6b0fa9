"""GET /data (what is there), /data/scorecards.csv and .json (streamed), and
/api/v1/scorecards and /api/v1/jurisdictions/<id> (published data only).

Every route is GET and public: only published assessments are ever read,
and by default only verified ones that stand (stored_scores/listing.py); the
query parameter include=unverified adds the unverified, labelled.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from flask import Blueprint, Response, jsonify, render_template, request, stream_with_context, url_for

from assessment.content.current import questionnaire
from assessment.directory.queries import MAX_PAGE_SIZE, PAGE_SIZE, published_years
from assessment.jurisdictions.county_links import county_of
from assessment.jurisdictions.public_record import published_assessments
from assessment.opendata import export as service
from assessment.web.access import load_jurisdiction
from assessment.web.csv_safe import csv_line

from ..api.openapi import openapi_document, operations
from ..directory.forms import DirectoryForm
from ..i18n import _
from ..web.errors import error_response
from ..web.read_only import reads_only

bp = Blueprint("open_data", __name__)
# Rows per streamed chunk of the CSV: big enough to be fast, small enough
# that memory stays flat.
CSV_ROWS_PER_CHUNK = 200


INCLUDE_UNVERIFIED = "unverified"


def _include_unverified() -> tuple[bool, str | None]:
    """include=unverified adds unverified publications; nothing else is understood."""
    asked = request.args.get("include", "").strip()
    if asked and asked != INCLUDE_UNVERIFIED:
        return False, _("include can only be “unverified” (to add scorecards nobody has verified)")
    return asked == INCLUDE_UNVERIFIED, None


def _filters(per_page: int = PAGE_SIZE):
    form = DirectoryForm(request.args, years=published_years())
    if not form.validate():
        problems = "; ".join(f"{name}: {errors[0]}" for name, errors in form.errors.items())
        return None, problems
    return form.filters(per_page=per_page), None


def _filters_and_include(per_page: int = PAGE_SIZE):
    include, problem = _include_unverified()
    if problem:
        return None, include, problem
    filters, problem = _filters(per_page)
    return filters, include, problem


def _links(row) -> dict[str, str]:
    return {
        "scorecard": url_for("scorecards.show", assessment_id=row.assessment_id, _external=True),
        "pdf": url_for("scorecards.pdf", assessment_id=row.assessment_id, _external=True),
        "jurisdiction": url_for("open_data.jurisdiction_json", jurisdiction_id=row.jurisdiction_id, _external=True),
    }


def _download(body: Iterator[str], mimetype: str, filename: str) -> Response:
    response = Response(stream_with_context(body), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    # The licence, for programs that read headers and not bodies (RFC 8288).
    response.headers["Link"] = f'<{service.LICENCE["url"]}>; rel="license"'
    return response


@bp.get("/data")
@reads_only
def index():
    return render_template("opendata/index.html", licence=service.LICENCE)


@bp.get("/data/api")
@reads_only
def api_page():
    """The API for people: each route, its parameters, a real example of its
    answer (from the OpenAPI document, so the two cannot disagree), limits, licence."""
    found = operations(openapi_document())
    for operation in found:
        for response in operation["responses"]:
            # In the document's order, as a program receives it (the template's tojson sorts keys).
            response["example_json"] = (
                json.dumps(response["example"], indent=2, ensure_ascii=False)
                if response["example"] is not None
                else None
            )
    return render_template(
        "opendata/api.html", operations=found, licence=service.LICENCE, max_page_size=MAX_PAGE_SIZE, page_size=PAGE_SIZE
    )


@bp.get("/data/scorecards.csv")
def scorecards_csv():
    filters, include, problem = _filters_and_include()
    if problem:
        return error_response(400, problem)
    shape = service.CsvShape(questionnaire())

    def lines() -> Iterator[str]:
        yield service.CSV_LICENCE_LINE + csv_line(shape.header())
        yield from service.published_csv(shape, filters, CSV_ROWS_PER_CHUNK, include_unverified=include)

    return _download(lines(), "text/csv", "published-scorecards.csv")


@bp.get("/data/scorecards.json")
def scorecards_json():
    filters, include, problem = _filters_and_include()
    if problem:
        return error_response(400, problem)
    version = questionnaire().version

    def chunks() -> Iterator[str]:
        yield (
            '{"questionnaire_version": '
            + json.dumps(version)
            + ', "licence": '
            + json.dumps(service.LICENCE)
            + ', "scorecards": ['
        )
        first = True
        for row in service.published_rows(filters, include_unverified=include):
            yield ("" if first else ",\n") + json.dumps(service.scorecard_record(row), ensure_ascii=False)
            first = False
        yield "]}\n"

    return _download(chunks(), "application/json", "published-scorecards.json")


@bp.get("/api/v1/scorecards")
@reads_only
def scorecards_api():
    try:
        per_page = min(max(int(request.args.get("per_page", PAGE_SIZE)), 1), MAX_PAGE_SIZE)
    except ValueError:
        return error_response(400, _("per_page must be a whole number"))
    filters, include, problem = _filters_and_include(per_page)
    if problem:
        return error_response(400, problem)
    rows, total = service.published_page(filters, include_unverified=include)
    args = {k: v for k, v in request.args.items() if k != "page"}
    pages = max(1, -(-total // per_page))
    return jsonify(
        {
            "questionnaire_version": questionnaire().version,
            "licence": service.LICENCE,
            "total": total,
            "page": filters.page,
            "per_page": per_page,
            "pages": pages,
            "next": url_for("open_data.scorecards_api", **args, page=filters.page + 1, _external=True)
            if filters.page < pages
            else None,
            "previous": url_for("open_data.scorecards_api", **args, page=filters.page - 1, _external=True)
            if filters.page > 1
            else None,
            "scorecards": [service.scorecard_record(row, _links(row)) for row in rows],
        }
    )


@bp.get("/api/v1/jurisdictions/<int:jurisdiction_id>")
@reads_only
def jurisdiction_json(jurisdiction_id: int):
    include, problem = _include_unverified()
    if problem:
        return error_response(400, problem)
    place = load_jurisdiction(jurisdiction_id, listed_only=True)
    county = county_of(place)
    return jsonify(
        {
            "id": place.id,
            "name": place.name,
            "state": place.state,
            "type": place.kind,
            "fips": place.fips,
            "population": place.population,
            "county": {"id": county.id, "name": county.name, "fips": county.fips} if county else None,
            "page": url_for("jurisdictions.show", jurisdiction_id=place.id, _external=True),
            "licence": service.LICENCE,
            "published_assessments": [
                {
                    "id": a.id,
                    "year": a.year,
                    **a.provenance.to_dict(),
                    "questionnaire_version": a.questionnaire_version,
                    "scores": {
                        "protection": {"score": a.protection, "level": a.protection_level},
                        "next_level": {"score": a.next_level, "level": a.next_level_level},
                        "overall": {"score": a.overall},
                    },
                    "scorecard": url_for("api.scorecard_json", assessment_id=a.id, _external=True),
                    "pdf": url_for("scorecards.pdf", assessment_id=a.id, _external=True),
                }
                for a in published_assessments(place.id, "all" if include else "verified")
            ],
        }
    )
