"""Publish and unpublish a submitted assessment (editors only, POST with CSRF)."""
