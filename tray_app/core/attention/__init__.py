"""Reminders and the pomodoro.

reminders and pomodoro (pure: when a "not tracking" or "long timer" reminder is due; the
pomodoro's phases and turns), keeper (keeps both in step with the tracker's state, carries a
turn out as writes, adds their lines to every state sent).
"""
