from __future__ import annotations

import pytest

from assessment.config import ConfigError, build_config


def test_production_refuses_to_start_without_a_strong_secret(tmp_path):
    for secret in [None, "", "dev", "short-but-set"]:
        env = {"APP_ENV": "production", "ALLOWED_HOSTS": "scorecard.example.gov"}
        if secret is not None:
            env["SECRET_KEY"] = secret
        with pytest.raises(ConfigError):
            build_config(tmp_path, env)
    config = build_config(
        tmp_path, {"APP_ENV": "production", "SECRET_KEY": "k" * 40, "ALLOWED_HOSTS": "scorecard.example.gov"}
    )
    assert config["SESSION_COOKIE_SECURE"] is True
    assert not (tmp_path / "secret_key").exists()


def test_local_run_creates_and_keeps_a_secret_key(tmp_path):
    first = build_config(tmp_path, {})
    second = build_config(tmp_path, {})
    assert first["SECRET_KEY"] == second["SECRET_KEY"] and len(first["SECRET_KEY"]) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert first["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'assessment.sqlite3'}"


def test_database_url_and_cookie_flags(tmp_path):
    config = build_config(tmp_path, {"DATABASE_URL": "postgres://u@h/db"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["SESSION_COOKIE_SECURE"] is False
    assert build_config(tmp_path, {"PREFERRED_URL_SCHEME": "https"})["SESSION_COOKIE_SECURE"] is True
