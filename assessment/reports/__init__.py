"""Reports of a problem with a published scorecard, and the owners' right of reply."""
