"""Comparing jurisdictions side by side: page, CSV and PDF."""
