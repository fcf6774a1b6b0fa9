"""Publish (owners, through a preview and a confirmation), withdraw, and start a new version (POST with CSRF)."""
