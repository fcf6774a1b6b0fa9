"""The comparison as a CSV: one row per figure and place, read from the same
Comparison the page and the PDF show.

One value per column, so a spreadsheet can sort and chart it: the score
(0-100) apart from its level, and a `code` that says why a cell holds what
it does (comparison.CODES), explained in the lines starting with "#" at the
top. Like the open-data CSV it is always in English, whatever the reader's
language (i18n.MACHINE_ENDPOINTS), so programs reading it meet one vocabulary;
the explanations still go through _() in case that ever changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from assessment.compare import comparison as c
from assessment.i18n import N_, _
from assessment.opendata.export import CSV_LICENCE_LINE
from assessment.web.csv_safe import csv_line

HEADER = (
    "figure_id",
    "figure",
    "jurisdiction_id",
    "place",
    "year",
    "assessed_by",
    "verification",
    "method_version",
    "score",
    "level",
    "code",
    "answer",
    "points_earned",
    "points_possible",
)

# What each code means, in the order a reader meets them.
LEGEND = (
    (c.SCORED, N_("a figure, or an answer that counts as it is")),
    (c.NO_SCORE, N_("nothing to score here (no question of this tier or lever applies)")),
    (c.CORE_MET, N_("every core protection is in place")),
    (c.CORE_MISSING, N_("some core protections are missing")),
    (
        c.NOT_ASKED,
        N_(
            "the question is not asked of this type of place, or only where state law leaves "
            "the choice; it is left out of the score"
        ),
    ),
    (
        c.NOT_APPLICABLE,
        N_("the place said the question does not apply here (the reason is in answer); it is left out of the score"),
    ),
    (
        c.STATE_IMPOSED,
        N_("state law forces or bars the local choice: counted in score as it is, and left out of the local score"),
    ),
    (c.DONT_KNOW_CODE, N_("answered “don’t know yet”: counted as not met until it is found out")),
    (c.UNANSWERED, N_("not answered: counted as not met")),
    (c.LEFT_OUT, N_("left out of the score for another reason")),
)


def _comment(text: str) -> str:
    # Written as a whole line, not a CSV field: a field with a comma would be
    # quoted and no longer start with "#", which readers such as
    # pandas.read_csv(comment="#") and R's read.csv(comment.char="#") skip.
    return "# " + " ".join(text.split()) + "\r\n"


def header_lines(heading: str, address: str) -> list[str]:
    lines = [
        _comment(heading),
        _comment(_("From %(address)s", address=address)),
        _comment(
            _(
                "One row per figure and place. score: 0 to 100 (for a question, the share of its points "
                "earned). level: the level of a tier's score, as the open data names it. code: why a cell "
                "holds what it does:"
            )
        ),
    ]
    lines += [_comment(f"{code}: {_(meaning)}") for code, meaning in LEGEND]
    # The same licence line as the open-data CSV: these are the same published figures.
    lines.append(CSV_LICENCE_LINE)
    return lines


def _figure(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def rows(comparison: c.Comparison) -> Iterator[list[Any]]:
    """The header, then the rows: each figure for every place, side by side in turn."""
    yield list(HEADER)
    places = [
        [
            column.jurisdiction_id,
            column.title,
            column.year,
            column.provenance.text,
            column.provenance.verification,
            column.score.questionnaire_version,
        ]
        for column in comparison.columns
    ]
    for row in (*comparison.tier_rows, *comparison.lever_rows, *comparison.question_rows):
        for place, cell in zip(places, row.cells, strict=True):
            earned, possible = cell.points if cell.points else (None, None)
            yield [
                row.ident,
                row.label,
                *place,
                _figure(cell.value),
                cell.level,
                cell.code,
                cell.answer,
                earned,
                possible,
            ]


def csv_text(comparison: c.Comparison, heading: str, address: str) -> Iterator[str]:
    yield from header_lines(heading, address)
    for row in rows(comparison):
        yield csv_line(row)
