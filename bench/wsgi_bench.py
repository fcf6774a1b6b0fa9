"""The app as the benchmark serves it: the production app (wsgi.py's
create_app()) plus the ceiling pages of bench/ceiling.py.

    gunicorn bench.wsgi_bench:app      (bench/live.LiveServer(app_module=BENCH_APP))
"""

from __future__ import annotations

from assessment import create_app
from bench.ceiling import bp as ceiling_pages


def create_bench_app(overrides: dict | None = None):
    bench_app = create_app(overrides)
    bench_app.register_blueprint(ceiling_pages)
    return bench_app


app = create_bench_app()
