"""The JSON API (read-only): /api/v1/..."""
