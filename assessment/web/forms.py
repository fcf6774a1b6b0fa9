"""Forms every area shares."""

from flask_wtf import FlaskForm


class ButtonForm(FlaskForm):
    """Only a CSRF token: the button says what it does."""
