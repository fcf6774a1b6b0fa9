"""The scorecard: on screen (with the what-if), as a PDF, and the methodology.

Blueprint in views.py; the `score` command in cli.py.
"""
