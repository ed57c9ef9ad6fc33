"""The entries window's week.

days (pure: a week in the profile's zone and week start, its days and totals, the WeekView the
window shows), book (reads the week from Clockify, keeps it for offline, applies the writes
that wait).
"""
