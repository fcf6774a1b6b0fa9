from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from assessment.web.forms import ButtonForm  # noqa: F401  (the auth views import it from here)

from ..i18n import lazy_gettext as _l


class RegisterForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(_l("Enter your email address.")),
            Email(_l("Enter an email address like name@city.gov.")),
            Length(max=254),
        ],
    )
    display_name = StringField(_l("Your name (optional)"), validators=[Optional(), Length(max=120)])
    organisation = StringField(
        _l("Organisation (optional)"),
        description=_l("For example your city department, or your advocacy group."),
        validators=[Optional(), Length(max=200)],
    )
    password = PasswordField(
        _l("Password"),
        description=_l("At least 8 characters. A phrase of several words is easiest to remember."),
        validators=[DataRequired(_l("Choose a password.")), Length(max=256)],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("password", _l("The two passwords are not the same.")),
        ],
    )
    next = HiddenField()


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter your email address.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=256)])
    next = HiddenField()
    # Answers typed on a page whose session had ended, carried through sign-in.
    carried = HiddenField()


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Enter your current password."))])
    password = PasswordField(
        _l("New password"), validators=[DataRequired(_l("Choose a new password.")), Length(max=256)]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Repeat the new password.")),
            EqualTo("password", _l("The two passwords are not the same.")),
        ],
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(_l("Enter your email address.")),
            Email(_l("Enter an email address like name@city.gov.")),
            Length(max=254),
        ],
    )


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        description=_l("At least 8 characters. A phrase of several words is easiest to remember."),
        validators=[DataRequired(_l("Choose a new password.")), Length(max=256)],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Repeat the new password.")),
            EqualTo("password", _l("The two passwords are not the same.")),
        ],
    )


def _code_field(label):
    return StringField(
        label,
        description=_l("The six digits your authenticator app shows now."),
        validators=[DataRequired(_l("Type the six-digit code.")), Length(max=12)],
    )


class SignInCodeForm(FlaskForm):
    code = _code_field(_l("Code from your app"))
    next = HiddenField()
    carried = HiddenField()


class TwoStepOnForm(FlaskForm):
    code = _code_field(_l("Code from your app"))


class TwoStepOffForm(FlaskForm):
    password = PasswordField(
        _l("Your password"), validators=[DataRequired(_l("Enter your password.")), Length(max=256)]
    )
    code = _code_field(_l("Code from your app"))


def show_account_error(form: FlaskForm, error: Exception, default_field: str) -> None:
    """Put an account error's message under the field it names (its .field), or else under
    default_field, so the person sees it where they typed."""
    name = getattr(error, "field", None)
    field = form[name] if name and name in form else form[default_field]
    field.errors = [*field.errors, str(error)]
