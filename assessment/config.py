"""Configuration from the environment.

Local runs get a SQLite file and a secret key kept under instance/; production
(APP_ENV=production) refuses to start without a real SECRET_KEY.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
WEAK_SECRETS = {"", "dev", "secret", "changeme", "change-me", "development"}


class ConfigError(RuntimeError):
    pass


def owner_only(path: Path) -> None:
    """Make the file readable and writable by its owner only: created so if missing
    (when its folder exists), narrowed if it is looser. For local files that hold
    secrets, password hashes or drafts (RT-21)."""
    if not path.exists():
        if not path.parent.is_dir():
            return  # whoever opens it next says so
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)


def _local_secret_key(instance_path: Path) -> str:
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Written readable by the owner only: it signs every session cookie.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


# Flood limits (auth/rate_limits.py), per signed-in account and per address,
# in Flask-Limiter's notation ("20 per hour;100 per day"). An address can be
# an office or a library shared by many people, so its limits are wider.
FLOOD_LIMIT_DEFAULTS = {
    "START_LIMITS_PER_ACCOUNT": "20 per hour;100 per day",
    "START_LIMITS_PER_ADDRESS": "60 per hour;300 per day",
    "PLACE_LIMITS_PER_ACCOUNT": "5 per day",
    "PLACE_LIMITS_PER_ADDRESS": "20 per day",
    "PUBLISH_LIMITS_PER_ACCOUNT": "10 per day",
    "PUBLISH_LIMITS_PER_ADDRESS": "30 per day",
    "REPORT_LIMITS_PER_ACCOUNT": "10 per day",
    "REPORT_LIMITS_PER_ADDRESS": "5 per hour;20 per day",
    "CLAIM_LIMITS_PER_ACCOUNT": "3 per day",
    "CLAIM_LIMITS_PER_ADDRESS": "10 per day",
}


def flood_limits(env) -> dict[str, str]:
    return {name: env.get(name, default) for name, default in FLOOD_LIMIT_DEFAULTS.items()}


def build_config(instance_path: Path, environ: dict[str, str] | None = None) -> dict:
    env = os.environ if environ is None else environ
    production = env.get("APP_ENV", "development") == "production"
    secret = env.get("SECRET_KEY")
    if production:
        if not secret or secret.lower() in WEAK_SECRETS or len(secret) < 32:
            raise ConfigError(
                "SECRET_KEY must be set to a random value of at least 32 characters when APP_ENV=production."
            )
    elif not secret:
        secret = _local_secret_key(instance_path)

    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'assessment.sqlite3'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql://" + database_url[len("postgres://") :]
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]

    https = env.get("PREFERRED_URL_SCHEME", "https" if production else "http") == "https"
    # Host names this deployment answers to; any other Host header gets 400,
    # so links built from the request (invitations) cannot point elsewhere.
    allowed_hosts = [h.strip() for h in env.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    if production and not allowed_hosts:
        raise ConfigError(
            "ALLOWED_HOSTS must list the host names this site is served under (comma-separated, "
            "e.g. scorecard.example.gov) when APP_ENV=production."
        )
    return {
        **_mail_settings(env, instance_path, allowed_hosts),
        **_session_settings(env, production and https),
        "APP_ENV": "production" if production else "development",
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": database_url,
        # A pooled connection idle for longer than this is pinged before use,
        # and replaced if dead (assessment/database/connection_checks.py says why not
        # every time).
        "DB_PING_AFTER_IDLE_SECONDS": float(env.get("DB_PING_AFTER_IDLE_SECONDS", 10)),
        "QUESTIONS_DIR": env.get("QUESTIONS_DIR", str(PROJECT_ROOT / "questions")),
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": https,
        # A questionnaire page with every evidence field filled stays far below this.
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", 512 * 1024)),
        "MAX_FORM_MEMORY_SIZE": int(env.get("MAX_CONTENT_LENGTH", 512 * 1024)),
        # The CSRF token lives as long as the session, so a long day of
        # gathering evidence does not end in a refused save.
        "WTF_CSRF_TIME_LIMIT": None,
        # How passwords are hashed (werkzeug's methods); set in code only, never from the
        # environment, so that no deployment can weaken it by a variable.
        "PASSWORD_HASH_METHOD": "scrypt",
        "PDF_CACHE_DIR": env.get("PDF_CACHE_DIR", ""),
        **pdf_job_settings(env, database_url),
        "TRUSTED_HOSTS": allowed_hosts or None,
        # How many reverse proxies in front of the app set X-Forwarded-For;
        # only then is the client address (used by rate limits) taken from it.
        "TRUSTED_PROXY_COUNT": int(env.get("TRUSTED_PROXY_COUNT", 0)),
        # Sign-in and registration limits (Flask-Limiter). The counters live in
        # RATELIMIT_STORAGE_URI: memory:// is per process, so a deployment with
        # several processes or servers sets a shared store (redis://host:6379).
        "RATELIMIT_ENABLED": env.get("RATELIMIT_ENABLED", "1") not in ("0", "false", "no"),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "AUTH_FAILURES_PER_ACCOUNT": env.get("AUTH_FAILURES_PER_ACCOUNT", "5 per 15 minutes"),
        "AUTH_FAILURES_PER_ADDRESS": env.get("AUTH_FAILURES_PER_ADDRESS", "30 per 15 minutes"),
        "REGISTRATIONS_PER_ADDRESS": env.get("REGISTRATIONS_PER_ADDRESS", "20 per hour"),
        **flood_limits(env),
        # Mail this site sends on request (confirmation, password reset, "someone
        # tried to register"), counted per recipient and per client address, so
        # nobody can make it flood a mailbox; and resends of the confirmation link.
        "MAILS_PER_RECIPIENT": env.get("MAILS_PER_RECIPIENT", "5 per hour"),
        "MAIL_REQUESTS_PER_ADDRESS": env.get("MAIL_REQUESTS_PER_ADDRESS", "20 per hour"),
        "CONFIRMATION_RESENDS_PER_ACCOUNT": env.get("CONFIRMATION_RESENDS_PER_ACCOUNT", "3 per hour"),
        # `flask agreements send-reminders` mails the owners this many days before
        # an agreement's notice date (assessment/agreements/reminders.py).
        "AGREEMENT_REMINDER_DAYS": int(env.get("AGREEMENT_REMINDER_DAYS", 30)),
    }


def pdf_job_settings(env, database_url: str) -> dict:
    """Where PDFs are rendered, and the PDF job queue's settings (assessment/jobs/)."""
    render_on_request = env.get("PDF_RENDER_ON_REQUEST", "1") not in ("0", "false", "no")
    if not render_on_request and not database_url.startswith("postgresql"):
        raise ConfigError(
            "PDF_RENDER_ON_REQUEST=0 needs PostgreSQL: PDFs rendered off the request path go through the job "
            "queue, which runs on PostgreSQL. With SQLite, leave PDF_RENDER_ON_REQUEST unset (PDFs render in the "
            "request that asks for them)."
        )
    stalled_check = int(env.get("JOBS_STALLED_CHECK_SECONDS", 10))
    render_ahead = int(env.get("JOBS_RENDER_AHEAD_MINUTES", 5))
    if not 1 <= stalled_check <= 59 or not 0 <= render_ahead <= 59:
        raise ConfigError(
            "JOBS_STALLED_CHECK_SECONDS must be a whole number from 1 to 59, and JOBS_RENDER_AHEAD_MINUTES "
            "one from 0 (off) to 59."
        )
    return {
        # 0: web workers never render a PDF; a PDF not rendered yet answers
        # "being prepared" (202) and is queued for `flask --app wsgi jobs worker`
        # (README, "Running for many users").
        "PDF_RENDER_ON_REQUEST": render_on_request,
        # A worker tells the database it is alive this often; one silent for
        # JOBS_STALLED_AFTER_SECONDS is taken for dead, and its running jobs are
        # queued again (checked every JOBS_STALLED_CHECK_SECONDS).
        "JOBS_HEARTBEAT_SECONDS": float(env.get("JOBS_HEARTBEAT_SECONDS", 10)),
        "JOBS_STALLED_AFTER_SECONDS": float(env.get("JOBS_STALLED_AFTER_SECONDS", 30)),
        "JOBS_STALLED_CHECK_SECONDS": stalled_check,
        # Submitted assessments whose PDF is missing are queued this often; 0: never by the
        # workers themselves (run `flask --app wsgi jobs render-ahead` from cron instead).
        "JOBS_RENDER_AHEAD_MINUTES": render_ahead,
        # How often a worker looks for jobs when no notification woke it.
        "JOBS_POLL_SECONDS": float(env.get("JOBS_POLL_SECONDS", 5)),
        # A stored comparison PDF is deleted this long after it was made.
        "COMPARISON_PDF_KEEP_DAYS": float(env.get("COMPARISON_PDF_KEEP_DAYS", 7)),
        # At most this many comparison PDFs wait in the queue; beyond, /compare.pdf answers 503.
        "COMPARISON_PDF_QUEUE_LIMIT": int(env.get("COMPARISON_PDF_QUEUE_LIMIT", 200)),
    }


# The file backend of the embedded default (assessment/mail.py), by the dotted
# name Flask-Mailman imports.
FOLDER_MAIL_BACKEND = "assessment.mail.FolderEmailBackend"


def _flag(env, name: str, default: str = "0") -> bool:
    return env.get(name, default).lower() in ("1", "true", "yes")


def _mail_settings(env, instance_path: Path, allowed_hosts: list[str]) -> dict:
    """Outgoing mail (Flask-Mailman). With no MAIL_SERVER, messages are written to
    instance/mail/ and logged, so a local run needs no mail server."""
    server = env.get("MAIL_SERVER", "").strip()
    sender_host = allowed_hosts[0] if allowed_hosts else "localhost"
    return {
        "MAIL_SERVER": server or "localhost",
        "MAIL_PORT": int(
            env.get("MAIL_PORT") or (465 if _flag(env, "MAIL_USE_SSL") else 587 if _flag(env, "MAIL_USE_TLS") else 25)
        ),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _flag(env, "MAIL_USE_TLS"),
        "MAIL_USE_SSL": _flag(env, "MAIL_USE_SSL"),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER")
        or f"Immigrant Inclusion Scorecard <no-reply@{sender_host}>",
        # A mail server that does not answer must not hold a web worker for long.
        "MAIL_TIMEOUT": float(env.get("MAIL_TIMEOUT", 10)),
        "MAIL_BACKEND": "smtp" if server else FOLDER_MAIL_BACKEND,
        "MAIL_FILE_PATH": str(instance_path / "mail"),
    }


def _session_settings(env, secure_production: bool) -> dict:
    """Session limits (RT-18): auth/login.py ends a session idle for longer than
    SESSION_IDLE_HOURS, or signed in longer ago than SESSION_MAX_DAYS."""
    return {
        "SESSION_IDLE_HOURS": float(env.get("SESSION_IDLE_HOURS", 8)),
        "SESSION_MAX_DAYS": float(env.get("SESSION_MAX_DAYS", 7)),
        # Browsers accept a __Host- cookie only when it is Secure, for Path=/ and
        # with no Domain, so no other host under the same domain can set or
        # overwrite it. Over plain http (local runs) it would be refused.
        "SESSION_COOKIE_NAME": "__Host-session" if secure_production else "session",
        "SESSION_COOKIE_PATH": "/",
        "SESSION_COOKIE_DOMAIN": None,
    }
