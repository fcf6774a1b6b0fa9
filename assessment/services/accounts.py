"""Accounts: registration, sign-in and the password rules."""
from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..i18n import _
from ..models import Jurisdiction, User
from ..models._common import utcnow

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
# zxcvbn refuses (ValueError) anything longer; a longer password is judged
# by its first 72 characters, which is plenty to tell a common one.
ZXCVBN_MAX_LENGTH = 72
# Computed once so an unknown email costs as much time as a wrong password,
# and the response time does not reveal which accounts exist.
_DUMMY_HASH = generate_password_hash("not-a-real-password-only-for-timing")
# The words an attacker tries first against this site (RT-20), beside the
# place names and the year that site_words() adds.
SITE_WORDS = ("immigrant", "immigrants", "immigration", "welcome", "welcoming", "sanctuary", "scorecard",
              "roadmap", "progov", "progov21", "inclusion", "assessment", "county", "city", "ice")
# zxcvbn's scores run 0-4; up to this one, a password is refused.
WEAKEST_REFUSED_SCORE = 2


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
        return _(
            "This password is too common or too easy to guess. "
            "Try a phrase of three or four unrelated words."
        )
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


def register(email: str, password: str, display_name: str = "", organisation: str = "") -> User:
    email = normalise_email(email)
    if User.query.filter_by(email=email).first() is not None:
        raise AccountError(_("An account with this email already exists. Sign in instead."), field="email")
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    user = User(
        email=email,
        password_hash=generate_password_hash(password),
        display_name=display_name.strip() or None,
        organisation=organisation.strip() or None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = User.query.filter_by(email=normalise_email(email)).first()
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    return user


def end_all_sessions(user: User) -> None:
    user.session_epoch = (user.session_epoch or 0) + 1


def change_password(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current):
        raise AccountError(_("Your current password is not right."), field="current")
    problem = password_problem(new, user.email)
    if problem:
        raise AccountError(problem)
    user.password_hash = generate_password_hash(new)
    end_all_sessions(user)
