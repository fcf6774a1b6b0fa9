"""Accounts: registering, signing in, the address and the second step."""
