"""Open data: CSV and JSON downloads of every published scorecard, and the
public read-only API for scorecards and jurisdictions."""
