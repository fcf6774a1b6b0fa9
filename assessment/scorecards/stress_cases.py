"""The method review's six stress cases, scored live under the current method.

methodology-review.md (section 3.2, December 2026) scored six answer patterns
under questionnaire 2026.1 to show where that method misled. The methodology
page shows each case's figures then (quoted from the review, since that
method no longer runs) beside its figures now, computed here from the content
by the same score() every scorecard uses. In every case, each question not
named is answered at its best option.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assessment.scoring.answers import best_answer, not_applicable, worst_answer

from ..content.model import Questionnaire
from ..i18n import N_, _
from ..scoring import JurisdictionInfo, Scorecard, score

# The year whose state law the cases use: the review's own date.
CASE_YEAR = 2026

# Questions the review names, by what they do.
FULL_COLLABORATION = {
    "agreements_287g_held": "task_force",
    "mandated_287g_model": "task_force",  # asked only where state law requires a 287(g) agreement
    "detainers_hold_refusal": "honors_all",
    "detainers_written_rule": "not_written",
    "jail_access_ice_interviews": "routine_access",
    "jail_access_release_info": "routinely",
}
DRIVERS_LICENSES_NA = {"drivers_licenses_accepted": not_applicable("state_issues_no_licenses")}
NO_STATUS_OR_RESOURCES_RULE = {"data_privacy_status_questions": "no_rule", "local_resources_enforcement_ban": "no_rule"}


@dataclass(frozen=True)
class StressCase:
    id: str
    description: str  # marked for translation with N_
    jurisdiction: JurisdictionInfo
    answers: Callable[[Questionnaire], dict]
    # As the review reported them under questionnaire 2026.1 (protection score and level, overall).
    old_protection: str
    old_overall: str


@dataclass(frozen=True)
class StressResult:
    case: StressCase
    scorecard: Scorecard

    @property
    def description(self) -> str:
        return _(self.case.description)


def _best_except(changes: dict) -> Callable[[Questionnaire], dict]:
    def answers(questionnaire: Questionnaire) -> dict:
        result = {q.id: best_answer(q) for q in questionnaire.questions()}
        result.update(changes)
        return result

    return answers


def _collaboration_only(questionnaire: Questionnaire) -> dict:
    """Best on every question of the levers that end collaboration with ICE, worst on the rest."""
    ending = set(questionnaire.collaboration_levers)
    return {q.id: best_answer(q) if q.lever_id in ending else worst_answer(q) for q in questionnaire.questions()}


CASES = (
    StressCase(
        "A",
        N_(
            "A county in a state with no state law on the subject: a 287(g) Task Force agreement, "
            "honors every ICE detainer, no written rule, routine ICE jail access and release notices; "
            "driver's licenses marked not applicable."
        ),
        JurisdictionInfo("Case A County", "PA", "county", CASE_YEAR),
        _best_except({**FULL_COLLABORATION, **DRIVERS_LICENSES_NA}),
        "68.8 (Established)",
        "81.2 (Strong)",
    ),
    StressCase(
        "A2",
        N_("The same county, with no rule on local resources and none on status questions either."),
        JurisdictionInfo("Case A2 County", "PA", "county", CASE_YEAR),
        _best_except({**FULL_COLLABORATION, **NO_STATUS_OR_RESOURCES_RULE, **DRIVERS_LICENSES_NA}),
        "56.2 (Established)",
        "73.8 (Established)",
    ),
    StressCase(
        "B",
        N_("A Texas county with the same full collaboration."),
        JurisdictionInfo("Case B County", "TX", "county", CASE_YEAR),
        _best_except({**FULL_COLLABORATION, **DRIVERS_LICENSES_NA}),
        "90.9 (Leading)",
        "94.5 (Leading)",
    ),
    StressCase(
        "C",
        N_("A Florida county with the same full collaboration."),
        JurisdictionInfo("Case C County", "FL", "county", CASE_YEAR),
        _best_except({**FULL_COLLABORATION, **DRIVERS_LICENSES_NA}),
        "100 (Leading)",
        "100 (Leading)",
    ),
    StressCase(
        "D",
        N_("A city in New York with a 287(g) Task Force agreement and no rule on status questions or local resources."),
        JurisdictionInfo("Case D City", "NY", "city", CASE_YEAR),
        _best_except({"agreements_287g_held": "task_force", **NO_STATUS_OR_RESOURCES_RULE}),
        "75.0 (Strong)",
        "85.0 (Strong)",
    ),
    StressCase(
        "E",
        N_("A county that ended every form of ICE collaboration and has done nothing else."),
        JurisdictionInfo("Case E County", "PA", "county", CASE_YEAR),
        _collaboration_only,
        "43.8 (Developing), warned of an unprotected base",
        "26.2 (Developing)",
    ),
)


def stress_results(questionnaire: Questionnaire) -> list[StressResult]:
    return [StressResult(case, score(questionnaire, case.jurisdiction, case.answers(questionnaire))) for case in CASES]
