"""Who assessed, and when, and who checked it: said the same way on every
page, PDF, CSV and API.

No database. Every place that shows a score calls describe() (templates
through the `provenance` global) so a reader always knows whether a figure
is the jurisdiction's own self-assessment or an outside organisation's
independent one, of what date, and whether a moderator checked who
published it (the verification, publishing/verification.py). The words are in
the request's language (English outside a request, and for the API and
downloads: see i18n.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from assessment.i18n import N_, _, current_language

KIND_LABELS = {"self": N_("Self-assessment"), "independent": N_("Independent assessment")}
# The short labels, for tight places (a directory row, a comparison column).
VERIFICATION_LABELS = {
    "verified_official": N_("Verified self-assessment"),
    "verified_organisation": N_("Independent, verified organisation"),
    "unverified": N_("Unverified"),
}
# LatestPublished holds only publications that stand (stored_scores/listing.py),
# all verified, so a row's assessment kind says its verification: only an
# official's self-assessment is verified_official, only an organisation's
# independent one verified_organisation.
LISTED_VERIFICATION = {"self": "verified_official", "independent": "verified_organisation"}


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


@dataclass(frozen=True)
class Provenance:
    kind: str  # "self" or "independent"
    organisation: str | None
    day: date | None  # published, else submitted; None for a draft
    day_is: str  # "published", "submitted" or "draft"
    # Published only: "verified_official", "verified_organisation" or
    # "unverified". None for a draft or an unpublished assessment, which
    # shows nothing of it.
    verification: str | None = None
    checked_on: date | None = None  # when a moderator approved the publisher's claim
    place: str | None = None  # "King County, WA", for the verified official's sentence

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def date_text(self) -> str:
        if self.day is None:
            return _("draft, not submitted")
        if self.day_is == "published":
            return _("published %(day)s", day=format_day(self.day))
        return _("submitted %(day)s", day=format_day(self.day))

    @property
    def text(self) -> str:
        """e.g. "Independent assessment by ACLU of Washington, published 3 March 2026"."""
        if self.organisation:
            return _(
                "%(kind)s by %(organisation)s, %(date)s",
                kind=self.kind_label,
                organisation=self.organisation,
                date=self.date_text,
            )
        return _("%(kind)s, %(date)s", kind=self.kind_label, date=self.date_text)

    @property
    def is_verified(self) -> bool:
        return bool(self.verification) and self.verification != "unverified"

    @property
    def verification_label(self) -> str:
        """The short label ("Verified self-assessment"); empty when unpublished."""
        label = VERIFICATION_LABELS.get(self.verification or "")
        return _(label) if label else ""

    @property
    def verification_text(self) -> str:
        """The whole sentence, shown near the title and on the PDF's first page; empty when unpublished."""
        checked = format_day(self.checked_on) if self.checked_on else None
        if self.verification == "verified_official":
            if self.place and checked:
                return _(
                    "Verified self-assessment: published by an official of %(place)s whose claim a moderator "
                    "checked on %(day)s",
                    place=self.place,
                    day=checked,
                )
            return _("Verified self-assessment: published by an official whose claim a moderator checked")
        if self.verification == "verified_organisation":
            if checked:
                return _(
                    "Independent assessment by %(organisation)s, a verified organisation (checked %(day)s)",
                    organisation=self.organisation or "",
                    day=checked,
                )
            return _(
                "Independent assessment by %(organisation)s, a verified organisation",
                organisation=self.organisation or "",
            )
        if self.verification == "unverified":
            return _(
                "Unverified: anyone can create an account, and no one has checked who published this. "
                "It is left out of the directory, comparisons and open data."
            )
        return ""

    @property
    def verification_detail(self) -> str:
        """What follows the badge on the page and the PDF: the sentence without
        the badge's own words, so a reader (and a screen reader) meets them once."""
        checked = format_day(self.checked_on) if self.checked_on else None
        if self.verification == "verified_official":
            if self.place and checked:
                return _(
                    "Published by an official of %(place)s whose claim a moderator checked on %(day)s.",
                    place=self.place,
                    day=checked,
                )
            return _("Published by an official whose claim a moderator checked.")
        if self.verification == "verified_organisation":
            if checked:
                return _(
                    "By %(organisation)s, whose claim a moderator checked on %(day)s.",
                    organisation=self.organisation or "",
                    day=checked,
                )
            return _("By %(organisation)s, whose claim a moderator checked.", organisation=self.organisation or "")
        if self.verification == "unverified":
            return _(
                "Anyone can create an account, and no one has checked who published this. "
                "It is left out of the directory, comparisons and open data."
            )
        return ""

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "kind_label": self.kind_label,
            "organisation": self.organisation,
            "date": self.day.isoformat() if self.day else None,
            "date_is": self.day_is,
            "label": self.text,
            "verification": self.verification,
            "verification_label": self.verification_label or None,
        }


def format_day(day: date) -> str:
    """3 March 2026; 3 de marzo de 2026."""
    language = current_language()
    if language == "en":
        return f"{day.day} {day:%B %Y}"
    from babel.dates import format_date

    return format_date(day, "d 'de' MMMM 'de' y", locale=language)


def _as_day(value: date | datetime | None) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def describe(
    kind: str,
    organisation: str | None,
    published_at=None,
    submitted_at=None,
    verification: str | None = None,
    checked_on=None,
    place: str | None = None,
) -> Provenance:
    """verification (and its checked_on, place) counts only for a publication:
    a draft or a submitted, unpublished assessment says nothing of it."""
    if published_at is not None:
        return Provenance(
            kind,
            organisation,
            _as_day(published_at),
            "published",
            verification or "unverified",
            _as_day(checked_on),
            place,
        )
    if submitted_at is not None:
        return Provenance(kind, organisation, _as_day(submitted_at), "submitted")
    return Provenance(kind, organisation, None, "draft")


def describe_assessment(assessment) -> Provenance:
    """Works on an Assessment row or anything with the same attributes (a result row)."""
    claim = getattr(assessment, "verified_claim", None)
    place = getattr(assessment, "jurisdiction", None)
    return describe(
        assessment.kind,
        assessment.organisation,
        assessment.published_at,
        assessment.submitted_at,
        getattr(assessment, "verification", None),
        claim.decided_at if claim is not None else None,
        place.display_name if place is not None else None,
    )


def describe_listed(kind: str, organisation: str | None, published_at=None, submitted_at=None) -> Provenance:
    """A row of LatestPublished (directory, comparisons, county panels): only
    verified publications are there, so the kind says which verification."""
    return describe(kind, organisation, published_at, submitted_at, LISTED_VERIFICATION.get(kind))
