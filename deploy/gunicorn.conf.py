"""gunicorn settings for production (README, "Running for many users"):

    gunicorn --config deploy/gunicorn.conf.py wsgi:app

Any setting here can be overridden on the command line (--workers 8 ...).
The app keeps no state in its processes, so run as many servers as needed
behind a load balancer, all pointing at one PostgreSQL.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Sync workers: every request is short and mostly CPU (templates, scoring),
# so one request per process at a time, about two processes per core (one
# works while the other waits for PostgreSQL). WEB_CONCURRENCY overrides.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
worker_class = "sync"
# A PDF rendered on the request path takes about a second; nothing should
# take a minute. With PDF_RENDER_ON_REQUEST=0 web workers never render: the
# job workers do (deploy/scorecard-jobs@.service, `flask --app wsgi jobs worker`).
timeout = 60
graceful_timeout = 20
keepalive = 5
# Start a fresh process now and then, so that memory fragmentation after
# many PDFs and exports never builds up.
max_requests = 5000
max_requests_jitter = 500
# The reverse proxy in front usually logs requests; ACCESS_LOG=- logs them here too.
accesslog = os.environ.get("ACCESS_LOG") or None


def post_worker_init(worker):
    """A worker that may render PDFs does its first-render work now, not in
    the first request that asks for one (about a second). Then everything
    loaded so far (the app, the questionnaire, fonts) is
    moved out of the garbage collector's sight: it lives as long as the
    worker, and scanning it in every full collection paused a worker for
    tens of milliseconds every few hundred requests, the slowest 1% of pages."""
    app = worker.wsgi
    if app.config.get("PDF_RENDER_ON_REQUEST"):
        from assessment.content.current import source_questionnaire
        from assessment.i18n import DEFAULT_LANGUAGE
        from assessment.scorecards.pdf import warm_up

        with app.app_context():
            warm_up(source_questionnaire(), DEFAULT_LANGUAGE)
    gc.collect()
    gc.freeze()
