"""The agreements watch: 287(g) agreements and jail contracts with ICE or the
U.S. Marshals Service that a jurisdiction's team records, their notice dates,
the public list of notice dates to come, and the reminders mailed before them.

records.py changes and reads the records, upcoming.py lists what is coming
(the team's and the public's), reminders.py mails the owners, evidence.py ties
the records to the 287(g) and jail-contract questions, views.py and forms.py
are the pages, cli.py the daily command.
"""
