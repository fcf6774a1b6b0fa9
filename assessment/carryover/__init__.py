"""Next year starts from last year.

A new year's assessment may start from the same team's assessment of an
earlier year: its answers and evidence are copied, each marked "carried from
<year>" (Answer.carried_from_year). A carried answer counts as still to answer,
for progress and for scoring, until an editor confirms it (a button per
question, or every one on a page) or changes it. The years view says, per
question, what changed, what was confirmed unchanged, and what is still to
confirm.

service.py changes and reads; views.py is the years page and the template
helpers that the overview and the place page call.
"""
