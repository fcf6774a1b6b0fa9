"""Accounts: registering, signing in, the address and the second step.

The blueprint is made in views.py; address_views.py and two_step_views.py add
their routes to it, so importing this package brings them all.
"""
from . import address_views, two_step_views, views

ROUTE_MODULES = (views, address_views, two_step_views)
bp = views.bp
