"""The app's decisions and data, in plain Python with no Qt: tested with plain pytest.

Values and rules (pure): state (what is shown), rules (checks before sending), settings (the
settings file's values and their limits), export (CSV rows in the profile's formats), clock
(time, injected in tests), entries (writes and the local view of them), ports (what the core
needs from the system: the key store, start at login).
Effects: store (SQLite: outbox, cache, commands), outbox (exactly-once replay), session (key and
sign-in), sync (what is read, when, within the request budget), preferences (the settings file
and start at login), commands (start/stop kept before acknowledged), retry (when to try again),
logs (the log file), events (the port results go out through).
Sub-packages: tracking (the tracker and its parts, and the intents it is asked through), idle,
attention (reminders and pomodoro), week, reports: each a pure module of values and rules
beside the module that acts on them. The UI imports only the pure ones.
"""
