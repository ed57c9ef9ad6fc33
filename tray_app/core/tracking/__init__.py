"""The tracker and the way in to it.

tracker (the one object the worker drives: the session, preferences and the keepers), board
(the state and the one way to change it), reads and writes (what is read from Clockify and
when; the outbox), failures (what a failed call does), intents (what the person asks, as
values: the one channel from the GUI thread).
"""
