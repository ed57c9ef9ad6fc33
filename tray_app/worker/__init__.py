"""The worker's thread: the one QObject that does I/O, on its own QThread.

api_worker (ApiWorker: one request channel in, the tracker's events out as signals, its retry
and sync timers), signals (the tracker's events turned into those signals), idle_checks and
attention_checks (single-shot timers for idle readings and for reminders and the pomodoro,
built on single_shot). Everything here runs on that thread; decisions are made in core.
"""
