"""The app's decisions and data, in plain Python with no Qt: tested with plain pytest.

state (what is shown), rules (checks before sending), store (SQLite: outbox and cache), outbox
(exactly-once replay), entries (the local view of waiting writes), session (key and sign-in),
sync (what is read, when, within the request budget), preferences (settings, start at login),
tracker (the one object the worker drives), clock (time, injected in tests).
"""
