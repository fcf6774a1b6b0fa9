"""The settings the benchmark starts each of its servers with are settings the app
accepts: a server refused at boot stopped `make bench` nine minutes in, after its
dataset was built (the SQLite server once asked for PDFs off the request path)."""

from __future__ import annotations

import pytest

from assessment.config import ConfigError, build_config
from bench.rounds import sqlite_server_env
from bench.run import morning_env

SQLITE = "sqlite:////tmp/bench.sqlite3"
POSTGRES = "postgresql://bench@127.0.0.1:5432/bench"


@pytest.mark.parametrize(
    "settings",
    [sqlite_server_env(SQLITE), morning_env(POSTGRES)],
    ids=["sqlite server", "morning servers"],
)
def test_every_server_the_benchmark_starts_is_accepted(settings, tmp_path):
    config = build_config(tmp_path, settings)
    assert config["SQLALCHEMY_DATABASE_URI"].split(":")[0].startswith(settings["DATABASE_URL"].split(":")[0])


def test_the_check_would_catch_a_refused_setting(tmp_path):
    with pytest.raises(ConfigError, match="needs PostgreSQL"):
        build_config(tmp_path, {**sqlite_server_env(SQLITE), "PDF_RENDER_ON_REQUEST": "0"})
