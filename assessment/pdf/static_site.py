"""Where the PDF renderer finds our static files: under a made-up origin that
assessment/pdf/fetcher.py maps onto static/ and nothing else."""

from __future__ import annotations

from assessment.config import PROJECT_ROOT

STATIC_ROOT = PROJECT_ROOT / "static"
# Relative links in PDF templates resolve against this made-up origin, which
# the fetcher maps onto static/. ".invalid" (RFC 2606) can never resolve, so
# even a fetcher bug could not turn it into a network request.
STATIC_HOST = "static.scorecard.invalid"
STATIC_BASE_URL = f"https://{STATIC_HOST}/"
