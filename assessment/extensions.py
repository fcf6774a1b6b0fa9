"""Flask extensions, created unbound so blueprints can import them."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_mailman import Mail
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData

# Stable constraint names make migrations portable between SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
# Flask-Migrate is set up by assessment.init_migrations, for the command line only.
csrf = CSRFProtect()
login_manager = LoginManager()
# The interface language (assessment/i18n.py chooses it per request).
babel = Babel()
# Outgoing mail (assessment/mail.py sends through it).
mail = Mail()
