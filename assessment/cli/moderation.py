"""`flask --app wsgi moderation ...`: the moderation queue from a terminal.

The same service functions as the /moderation pages, so each action writes
the same record. `--as EMAIL` names the moderator acting (it must be one);
without it the record says the command line, with no moderator named.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from assessment.claims.operations import subject_of
from assessment.extensions import db
from assessment.models import Assessment, Claim, Jurisdiction, Report
from assessment.moderation import operations as service
from assessment.moderation import queue as queue_service
from assessment.moderation.operations import ModerationError
from assessment.moderation.queue import find_account

as_option = click.option(
    "--as",
    "as_email",
    default=None,
    metavar="EMAIL",
    help="The moderator doing this (recorded). Omit to record no one.",
)


def _moderator(as_email: str | None):

    if as_email is None:
        return None
    user = find_account(as_email)
    if user is None or not user.is_moderator:
        raise click.ClickException(f"{as_email} is not a moderator's account.")
    return user


def _load(model, object_id: int, what: str):
    found = db.session.get(model, object_id)
    if found is None:
        raise click.ClickException(f"There is no {what} number {object_id}.")
    return found


def _account(email: str):

    user = find_account(email)
    if user is None:
        raise click.ClickException(f"No account has the address {email}.")
    return user


def _run(change, done: str) -> None:

    try:
        change()
    except ModerationError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(done)


def _day(value) -> str:
    return value.strftime("%Y-%m-%d") if value else "-"


def register_moderation_cli(app: Flask) -> None:

    group = AppGroup("moderation", help="Claims, reports, places users added, accounts, and the moderators' record.")

    @group.command("queue")
    def queue():
        """Claims waiting, oldest first (then `reports` and `places`)."""
        waiting = queue_service.waiting_claims()
        click.echo(f"{len(waiting)} claim(s) waiting.")
        for item in waiting:
            claim = item.claim
            click.echo(
                f"#{claim.id} {_day(claim.created_at)} {claim.user.email} (domain {claim.email_domain}) "
                f"claims: {claim.kind} of {subject_of(claim)}; title: {claim.title}"
            )
            click.echo(f"    how to check: {claim.how_to_check}")
            if item.others:
                click.echo("    other claims: " + "; ".join(f"{subject_of(o)} ({o.status})" for o in item.others))
        click.echo(
            f"{len(queue_service.open_reports())} open report(s); "
            f"{len(queue_service.waiting_places())} place(s) waiting."
        )

    @group.command("approve-claim")
    @click.argument("claim_id", type=int)
    @click.option("--note", default=None)
    @as_option
    def approve_claim(claim_id, note, as_email):
        """Approve a claim for one year."""
        moderator, claim = _moderator(as_email), _load(Claim, claim_id, "claim")
        _run(
            lambda: service.approve_claim(claim, moderator, note),
            f"Claim {claim_id} approved ({claim.user.email}, {subject_of(claim)}) until {_day(claim.valid_until)}.",
        )

    @group.command("refuse-claim")
    @click.argument("claim_id", type=int)
    @click.option("--note", required=True, help="Shown to the claimant.")
    @as_option
    def refuse_claim(claim_id, note, as_email):
        """Refuse a claim, with a note the claimant sees."""
        moderator, claim = _moderator(as_email), _load(Claim, claim_id, "claim")
        _run(lambda: service.refuse_claim(claim, moderator, note), f"Claim {claim_id} refused.")

    @group.command("reports")
    def reports():
        """Open reports, oldest first."""
        found = queue_service.open_reports()
        click.echo(f"{len(found)} open report(s).")
        for report in found:
            click.echo(
                f"#{report.id} {_day(report.created_at)} assessment {report.assessment_id} "
                f"({report.assessment.jurisdiction.display_name}, {report.assessment.year}): {report.reason}"
            )
            click.echo(f"    details: {report.details}")
            click.echo(f"    owners' reply: {report.owner_reply or '(none yet)'}")

    @group.command("dismiss-report")
    @click.argument("report_id", type=int)
    @click.option("--note", required=True)
    @as_option
    def dismiss_report(report_id, note, as_email):
        """Dismiss a report, with a note."""
        moderator, report = _moderator(as_email), _load(Report, report_id, "report")
        _run(lambda: service.dismiss_report(report, moderator, note), f"Report {report_id} dismissed.")

    @group.command("uphold-report")
    @click.argument("report_id", type=int)
    @click.option("--note", required=True)
    @as_option
    def uphold_report(report_id, note, as_email):
        """Uphold a report (then `withdraw` if the scorecard should no longer stand)."""
        moderator, report = _moderator(as_email), _load(Report, report_id, "report")
        _run(
            lambda: service.uphold_report(report, moderator, note),
            f"Report {report_id} upheld. To withdraw the scorecard: "
            f"flask moderation withdraw {report.assessment_id} --reason ...",
        )

    @group.command("withdraw")
    @click.argument("assessment_id", type=int)
    @click.option("--reason", required=True, help="Shown at the top of the public page.")
    @as_option
    def withdraw(assessment_id, reason, as_email):
        """Withdraw a publication: its page then says so, with the reason."""
        moderator, assessment = _moderator(as_email), _load(Assessment, assessment_id, "assessment")
        _run(
            lambda: service.withdraw_publication(assessment, moderator, reason),
            f"Assessment {assessment_id} ({assessment.jurisdiction.display_name}, {assessment.year}) withdrawn.",
        )

    def account_command(name: str, change, done: str, help_text: str):
        @group.command(name, help=help_text)
        @click.argument("email")
        @click.option("--reason", default=None)
        @as_option
        def command(email, reason, as_email):
            moderator, user = _moderator(as_email), _account(email)
            _run(lambda: change(user, moderator, reason), done.format(email=user.email))

    account_command(
        "reset-account",
        service.reset_account,
        "{email}: every session ended, second factor removed, password made unusable. "
        'Tell the person to choose "Forgot your password?" on the sign-in page.',
        "End every session, remove the second factor and make the password unusable.",
    )
    account_command(
        "suspend",
        service.suspend_account,
        "{email} is suspended and signed out everywhere.",
        "Suspend an account: it can no longer sign in.",
    )
    account_command("restore", service.restore_account, "{email} is restored.", "Lift a suspension.")
    account_command("grant", service.grant_moderator, "{email} is now a moderator.", "Make an account a moderator.")
    account_command(
        "revoke", service.revoke_moderator, "{email} is no longer a moderator.", "Take the moderator role away."
    )

    @group.command("places")
    def places():
        """Places users added that wait for approval, with the closest listed names."""
        waiting = queue_service.waiting_places()
        click.echo(f"{len(waiting)} place(s) waiting.")
        for item in waiting:
            place = item.place
            similar = "; ".join(f"{o.display_name} (#{o.id})" for o in item.similar) or "none close"
            added_by = item.added_by.email if item.added_by else "unknown"
            click.echo(
                f"#{place.id} {place.display_name} ({place.kind}), added by {added_by} "
                f"on {_day(place.created_at)}; {item.drafts} assessment(s); similar: {similar}"
            )

    @group.command("approve-place")
    @click.argument("jurisdiction_id", type=int)
    @as_option
    def approve_place(jurisdiction_id, as_email):
        """List a place a user added."""
        moderator, place = _moderator(as_email), _load(Jurisdiction, jurisdiction_id, "place")
        _run(lambda: service.approve_place(place, moderator), f"{place.display_name} is listed.")

    @group.command("refuse-place")
    @click.argument("jurisdiction_id", type=int)
    @click.option("--reason", required=True)
    @as_option
    def refuse_place(jurisdiction_id, reason, as_email):
        """Refuse a place a user added (it stays hidden)."""
        moderator, place = _moderator(as_email), _load(Jurisdiction, jurisdiction_id, "place")
        _run(lambda: service.refuse_place(place, moderator, reason), f"{place.display_name} is refused.")

    @group.command("merge-place")
    @click.argument("jurisdiction_id", type=int)
    @click.argument("into_id", type=int)
    @click.option("--reason", default=None)
    @as_option
    def merge_place(jurisdiction_id, into_id, reason, as_email):
        """Merge a duplicate place into another: its assessments and claims move."""
        moderator = _moderator(as_email)
        place, into = _load(Jurisdiction, jurisdiction_id, "place"), _load(Jurisdiction, into_id, "place")
        _run(
            lambda: service.merge_place(place, into, moderator, reason),
            f"{place.display_name} (#{place.id}) merged into {into.display_name} (#{into.id}).",
        )

    @group.command("remove-place")
    @click.argument("jurisdiction_id", type=int)
    @click.option("--reason", required=True)
    @as_option
    def remove_place(jurisdiction_id, reason, as_email):
        """Delete a place with no published scorecard, with its drafts and claims."""
        moderator, place = _moderator(as_email), _load(Jurisdiction, jurisdiction_id, "place")
        name = place.display_name
        _run(lambda: service.remove_place(place, moderator, reason), f"{name} (#{jurisdiction_id}) is removed.")

    @group.command("history")
    @click.option("--page", default=1, type=int)
    def history(page):
        """The moderators' record, newest first."""
        found = queue_service.history_page(page)
        click.echo(f"Page {found.page} of {max(found.pages, 1)} ({found.total} action(s)).")
        for event in found.items:
            who = event.moderator.email if event.moderator else "(command line)"
            why = f": {event.reason}" if event.reason else ""
            click.echo(f"{event.at:%Y-%m-%d %H:%M} {who} {event.action} {event.subject_kind} {event.subject_id}{why}")

    app.cli.add_command(group)
