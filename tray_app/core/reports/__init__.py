"""The Reports view.

report (pure: a range's request, its lines and totals, counted here from entries or taken from
Clockify's summary; an export's request), reporter (reads Clockify's summary and files, falls
back to the entries, writes the export).
"""
