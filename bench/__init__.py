"""Load tests and the live-server helpers they share with the test suite."""
