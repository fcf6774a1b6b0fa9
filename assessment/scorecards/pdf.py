"""The scorecard's PDFs: the short handout, the record of answers and the
methodology, from templates/pdf/ through the engine in assessment/pdf/render.py."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import current_app, render_template

from assessment.i18n import in_language
from assessment.pdf.render import html_to_pdf
from assessment.scorecards.context import ScorecardContext
from assessment.scorecards.first_actions import first_actions
from assessment.scorecards.pdf_blocks import core_status, lever_blocks, levers_fully_met
from assessment.scoring import Scorecard
from assessment.web.templating import site_url


@dataclass(frozen=True)
class PdfLinks:
    """Where a scorecard PDF sends its reader: absolute links, since a PDF is
    read away from the site. Only the methodology exists for a scorecard made
    from a file (scorecards/cli.py), which has no page or answers record."""

    methodology: str
    answers: str | None = None
    scorecard: str | None = None


def page_link(endpoint: str, **values) -> str:
    """An absolute link to one of our pages, built from the app's URL map
    (werkzeug's MapAdapter.build), so that it works in the render worker too,
    where there is no request and perhaps no SERVER_NAME."""
    return site_url(current_app.url_map.bind("").build(endpoint, values))


def assessment_links(assessment_id: int) -> PdfLinks:
    return PdfLinks(
        methodology=page_link("scorecards.methodology_pdf"),
        answers=page_link("scorecards.answers_pdf", assessment_id=assessment_id),
        scorecard=page_link("scorecards.show", assessment_id=assessment_id),
    )


def render_scorecard_html(
    scorecard: Scorecard, context: ScorecardContext, links: PdfLinks | None = None, county_view=None, own_side=None
) -> str:
    """The HTML of the scorecard's pages. Needs an app context (the app's templates and filters).
    county_view: a city's county jail panel (jurisdictions/county_links.county_jail_view), own_side: the
    city's year and provenance beside it."""

    with in_language(context.language):  # the words of the language the PDF is made (and cached) for
        return render_template(
            "pdf/scorecard.html",
            scorecard=scorecard,
            context=context,
            questionnaire=context.questionnaire,
            links=links or PdfLinks(methodology=page_link("scorecards.methodology_pdf")),
            actions=first_actions(scorecard),
            blocks=lever_blocks(scorecard),
            fully_met=levers_fully_met(scorecard),
            core=core_status(scorecard, context.questionnaire),
            county_view=county_view,
            own_side=own_side,
            page_link=page_link,
        )


def render_scorecard_pdf(
    scorecard: Scorecard, context: ScorecardContext, links: PdfLinks | None = None, county_view=None, own_side=None
) -> bytes:
    """The scorecard as one tagged PDF (the methodology is render_methodology_pdf(),
    the answers record render_answers_pdf())."""
    html = render_scorecard_html(scorecard, context, links, county_view, own_side)
    with in_language(context.language):
        return html_to_pdf(html)


def render_answers_html(scorecard: Scorecard, context: ScorecardContext, links: PdfLinks | None = None) -> str:
    """The HTML of the record of answers (needs an app context)."""
    with in_language(context.language):
        return render_template(
            "pdf/answers.html",
            scorecard=scorecard,
            context=context,
            questionnaire=context.questionnaire,
            links=links or PdfLinks(methodology=page_link("scorecards.methodology_pdf")),
        )


def render_answers_pdf(scorecard: Scorecard, context: ScorecardContext, links: PdfLinks | None = None) -> bytes:
    """The record of every answer, its evidence and what was left out, lever by lever."""
    html = render_answers_html(scorecard, context, links)
    with in_language(context.language):
        return html_to_pdf(html)


class MethodologyCache:
    """The methodology PDF's bytes, per questionnaire version and language: rendered
    once per process, since the questionnaire changes only on deploy."""

    SIZE = 8

    def __init__(self):
        self._pdfs: dict[tuple, tuple[object, bytes]] = {}
        self._lock = threading.Lock()

    def pdf(self, questionnaire, language: str) -> bytes:
        key = (id(questionnaire), questionnaire.version, language)
        with self._lock:
            found = self._pdfs.get(key)
            if found is not None:
                return found[1]
            with in_language(language):
                html = render_template("pdf/appendix.html", questionnaire=questionnaire, language=language)
                data = html_to_pdf(html, methodology=True)
            while len(self._pdfs) >= self.SIZE:
                self._pdfs.pop(next(iter(self._pdfs)))
            # The questionnaire is kept so that its id() is not reused.
            self._pdfs[key] = (questionnaire, data)
            return data

    def clear(self) -> None:
        with self._lock:
            self._pdfs.clear()


methodology_cache = MethodologyCache()


def render_methodology_pdf(questionnaire, language: str) -> bytes:
    """The full methodology (rules, every lever and question, the sources) as a tagged PDF."""
    return methodology_cache.pdf(questionnaire, language)


def warm_up(questionnaire, language: str) -> None:
    """Do a worker's first-render work before any request asks: load the fonts and
    WeasyPrint's lazily imported parts. Needs an app context (deploy/gunicorn.conf.py
    calls it in each new worker)."""
    html_to_pdf(
        '<!doctype html><html lang="en"><head><title>warm-up</title></head><body><h1>Warm-up</h1>'
        '<p><strong>Bold</strong> <em>oblique</em> <a href="https://example.org/">link</a></p></body></html>'
    )
