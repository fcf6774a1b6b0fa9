from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional


class RegisterForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired("Enter your email address."), Email("Enter an email address like name@city.gov."), Length(max=254)])
    display_name = StringField("Your name (optional)", validators=[Optional(), Length(max=120)])
    organisation = StringField("Organisation (optional)", description="For example your city department, or your advocacy group.", validators=[Optional(), Length(max=200)])
    password = PasswordField("Password", description="At least 8 characters. A phrase of several words is easiest to remember.", validators=[DataRequired("Choose a password."), Length(max=256)])
    confirm = PasswordField("Repeat the password", validators=[DataRequired("Repeat the password."), EqualTo("password", "The two passwords are not the same.")])
    next = HiddenField()


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired("Enter your email address."), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired("Enter your password."), Length(max=256)])
    next = HiddenField()
    # Answers typed on a page whose session had ended, carried through sign-in.
    carried = HiddenField()


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired("Enter your current password.")])
    password = PasswordField("New password", validators=[DataRequired("Choose a new password."), Length(max=256)])
    confirm = PasswordField("Repeat the new password", validators=[DataRequired("Repeat the new password."), EqualTo("password", "The two passwords are not the same.")])
