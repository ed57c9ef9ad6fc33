"""The reasons for being away that every back-end keeps (tests/windows drives the Windows one
with real messages): back only when none is left, shutdown always said."""

from __future__ import annotations

from tray_app.platform.session_events import SessionEvents


def test_back_only_once_nothing_keeps_the_person_away() -> None:
    events = SessionEvents()
    seen: list[str] = []
    events.away.connect(seen.append)
    events.back.connect(lambda: seen.append("back"))
    events._leave("lock")
    events._leave("sleep")  # locked on the way to sleep: away already
    events._return("sleep")  # woken, still locked
    assert seen == ["lock"]
    events._return("lock")
    events._return("lock")  # an unlock heard twice is one return
    assert seen == ["lock", "back"]
    # A user switch (macOS) is said as a lock; a shutdown is said even while away.
    events._leave("switch", said="lock")
    events._leave("shutdown")
    assert seen == ["lock", "back", "lock", "shutdown"]
    events._return("lock")  # not what it was away for
    assert seen[-1] == "shutdown"
