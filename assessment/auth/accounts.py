"""Accounts: registration, sign-in and the password rules."""

from __future__ import annotations

from functools import cache

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from assessment.extensions import db
from assessment.i18n import N_, _
from assessment.models import Jurisdiction, User
from assessment.models._common import utcnow

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
# zxcvbn refuses (ValueError) anything longer; a longer password is judged
# by its first 72 characters, which is plenty to tell a common one.
ZXCVBN_MAX_LENGTH = 72
# The words an attacker tries first against this site (RT-20), beside the
# place names and the year that site_words() adds.
SITE_WORDS = (
    "immigrant",
    "immigrants",
    "immigration",
    "welcome",
    "welcoming",
    "sanctuary",
    "scorecard",
    "roadmap",
    "progov",
    "progov21",
    "inclusion",
    "assessment",
    "county",
    "city",
    "ice",
)
# zxcvbn's scores run 0-4; up to this one, a password is refused.
WEAKEST_REFUSED_SCORE = 2
SUSPENDED_MESSAGE = N_("This account is suspended. If you think this is a mistake, write to the moderators.")


class AccountError(ValueError):
    """A message for the person, and the form field it is about
    ("email", "current" or "password")."""

    def __init__(self, message: str, field: str = "password"):
        super().__init__(message)
        self.field = field


def normalise_email(email: str) -> str:
    return email.strip().lower()


def password_problem(password: str, email: str = "") -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Use at least %(count)s characters.", count=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("Use at most %(count)s characters.", count=MAX_PASSWORD_LENGTH)
    user_inputs = [part for part in email.replace("@", " ").replace(".", " ").split() if part] + site_words()
    # zxcvbn checks against lists of common passwords, words and patterns;
    # scores 0 and 1 are guessed within minutes by a determined attacker.
    # Imported here: its word lists take 12 MB in every worker that imports
    # it, and only registering and changing a password need it.
    from zxcvbn import zxcvbn

    if zxcvbn(password[:ZXCVBN_MAX_LENGTH], user_inputs=user_inputs)["score"] <= WEAKEST_REFUSED_SCORE:
        return _("This password is too common or too easy to guess. Try a phrase of three or four unrelated words.")
    return None


def site_words() -> list[str]:
    """This site's words, the years around now, and every place's name (whole and
    word by word, "kingcounty" and "king"): "Seattle2026!" must not pass."""
    year = utcnow().year
    words = set(SITE_WORDS) | {str(y) for y in range(year - 2, year + 2)}
    for name in db.session.scalars(db.select(Jurisdiction.name)):
        lowered = name.lower()
        words.add("".join(lowered.split()))
        words.update(part for part in lowered.replace("-", " ").replace(".", " ").split() if len(part) > 2)
    return sorted(words)


def register(email: str, password: str, display_name: str = "", organisation: str = "") -> tuple[User, bool]:
    """The account for this address, and whether it was made now.

    An address that has an account already is no error: the page answers the
    same either way, so registering never tells who has an account (RT-16),
    and the caller mails that address instead. The password is checked and
    hashed in both cases, so the answer takes about as long."""
    email = normalise_email(email)
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    password_hash = hash_password(password)
    existing = User.query.filter_by(email=email).first()
    if existing is not None:
        return existing, False
    user = User(
        email=email,
        password_hash=password_hash,
        display_name=display_name.strip() or None,
        organisation=organisation.strip() or None,
    )
    db.session.add(user)
    db.session.flush()
    return user, True


def hash_password(password: str) -> str:
    """The hash to store for a password, made the app's way (PASSWORD_HASH_METHOD:
    werkzeug's scrypt; the test suite's app sets a cheap one, as its accounts need no
    protection and scrypt was about 4% of its CPU time)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@cache
def _dummy_hash(method: str) -> str:
    """A hash no password matches, checked when no account has the email, so that an
    unknown address costs as much time as a wrong password and the response time
    does not reveal which accounts exist. Made on first use, not at import: every
    process (each `flask` command, each web worker) paid a scrypt hash on start."""
    return generate_password_hash("not-a-real-password-only-for-timing", method=method)


def find_by_email(email: str) -> User | None:
    return User.query.filter_by(email=normalise_email(email)).first()


def is_confirmed(user) -> bool:
    """Whether the person proved they read mail at the account's address (RT-10).
    Until then an account can draft, but not publish, claim, invite or join."""
    return getattr(user, "email_confirmed_at", None) is not None


def confirm_email(user: User) -> None:
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()


class AccountSuspended(AccountError):
    """The password was right, but a moderator suspended the account."""


def authenticate(email: str, password: str) -> User | None:
    """The account, if the password is right; AccountSuspended if it is right but
    the account is suspended (only someone who knows the password learns that)."""
    user = find_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    if user.suspended_at is not None:
        raise AccountSuspended(_(SUSPENDED_MESSAGE))
    return user


def end_all_sessions(user: User) -> None:
    user.session_epoch = (user.session_epoch or 0) + 1


def change_password(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current):
        raise AccountError(_("Your current password is not right."), field="current")
    problem = password_problem(new, user.email)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(new)
    end_all_sessions(user)


def reset_password(user: User, new: str) -> None:
    """A new password set through a link mailed to the account's address. Opening
    that link proves the address, so it also confirms it; and every other session
    ends, so whoever registered an address that was not theirs loses the account
    to its real owner (RT-10)."""
    if user.suspended_at is not None:
        raise AccountSuspended(_(SUSPENDED_MESSAGE))
    problem = password_problem(new, user.email)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(new)
    confirm_email(user)
    end_all_sessions(user)
