"""Idle time while a timer runs.

watch (pure: when the person went idle and came back, the choices they may make: IdleSpan,
IdleWatch, IdleChoice), keeper (carries a choice out as writes through the tracker's outbox, and
notices sleep and lock).
"""
