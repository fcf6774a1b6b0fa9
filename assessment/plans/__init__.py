"""The action plan a council can adopt: each gap of a scorecard becomes an item
with the body that decides it, a date, a budget note, a status and an owner;
sections are signed off by the people who reviewed them; the plan exports as a
PDF memo and a Word document, and reads as JSON (issue 19, points 1, 2, 3 and 6).

building.py makes and remakes the items from the scorecard, editing.py and
signoffs.py change them (each writes its audit rows), reading.py puts a plan
together for the page, the documents and the API. Like the services, nothing
here commits: the view does, once.
"""
