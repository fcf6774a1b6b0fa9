"""What publishing would make public, shown before an owner confirms it.

The same inputs the public scorecard reads (scorecards/service.py), so the
preview cannot promise one thing and publish another: the figures, the
evidence notes that will be shown, and the ones kept internal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment.content.current import questionnaire
from assessment.i18n import _
from assessment.models import Assessment
from assessment.models._common import utcnow
from assessment.models.provenance import VERIFICATION_LABELS, describe
from assessment.publishing.verification import verification_for
from assessment.publishing.versions import standing_version
from assessment.scorecards.service import scorecard_for
from assessment.web.access import series_of


@dataclass(frozen=True)
class NoteShown:
    question: str
    note: str


@dataclass
class Preview:
    provenance: str
    scorecard: object
    published_notes: list[NoteShown] = field(default_factory=list)
    internal_notes: list[NoteShown] = field(default_factory=list)
    links: int = 0
    citations: int = 0
    replaces_version: int | None = None
    verification: str = "unverified"  # what publishing now would record (publishing/verification.py)

    @property
    def verification_label(self) -> str:
        return _(VERIFICATION_LABELS[self.verification])


def preview_of(assessment: Assessment, user) -> Preview:
    content = questionnaire()
    card = scorecard_for(assessment)
    result = Preview(
        provenance=describe(assessment.kind, assessment.organisation, utcnow(), assessment.submitted_at).text,
        scorecard=card,
    )
    result.verification = verification_for(assessment, user)[0]
    standing = standing_version(series_of(assessment))
    if standing is not None and standing.id != assessment.id:
        result.replaces_version = standing.version
    for answer in sorted(assessment.answers, key=lambda a: a.question_id):
        question = content.question(answer.question_id)
        if question is None:
            continue
        if answer.evidence_note:
            shown = NoteShown(question.prompt, answer.evidence_note)
            (result.internal_notes if answer.note_internal else result.published_notes).append(shown)
        result.links += bool(answer.evidence_url)
        result.citations += bool(answer.evidence_citation)
    return result
