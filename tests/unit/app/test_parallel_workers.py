"""The suite runs in parallel (pytest-xdist): each worker's app has its own
database and its own instance folder (tests/parallel.py), so two workers never
see each other's rows, mail or cached files, nor the checkout's instance/."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url

from assessment import create_app
from assessment.config import PROJECT_ROOT
from tests.parallel import worker_name


def test_the_suites_app_keeps_its_files_in_this_workers_own_folder(app, tmp_path_factory):
    instance = Path(app.instance_path)
    assert instance != PROJECT_ROOT / "instance"
    assert instance.is_relative_to(tmp_path_factory.getbasetemp())
    assert os.environ["INSTANCE_PATH"] == app.instance_path


def test_each_worker_has_a_database_of_its_own(app, tmp_path_factory):
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    worker = worker_name()
    if url.get_backend_name() == "postgresql":
        shared = make_url(os.environ["TEST_DATABASE_URL"]).database
        assert url.database == (f"{shared}_{worker}" if worker else shared)
    else:
        # Under xdist, each worker's base temporary folder is its own (…/popen-gw0).
        assert Path(url.database).is_relative_to(tmp_path_factory.getbasetemp())
        assert worker is None or tmp_path_factory.getbasetemp().name.endswith(worker)


def test_instance_path_moves_the_secret_key_and_the_mail_folder(tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("INSTANCE_PATH", str(elsewhere))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    application = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    assert application.instance_path == str(elsewhere)
    assert (elsewhere / "secret_key").read_text() == application.config["SECRET_KEY"]
    assert application.config["MAIL_FILE_PATH"] == str(elsewhere / "mail")


def test_a_test_using_the_app_is_marked_to_run_again_on_postgresql(request, app):
    assert request.node.get_closest_marker("database") is not None


def test_a_test_without_the_app_is_not(request):
    assert request.node.get_closest_marker("database") is None
