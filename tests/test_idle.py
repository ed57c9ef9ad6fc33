"""When idle time starts and ends, and when the prompt comes, with an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.fakes import FakeClock
from tray_app.clockify.models import TimeEntry
from tray_app.core.idle.watch import CHECK_EVERY, CHECK_WHILE_AWAY, IdleWatch

START = datetime(2026, 12, 1, 9, tzinfo=UTC)
TEN_MINUTES = timedelta(minutes=10)


def running(entry_id: str = "e1", start: datetime = START) -> TimeEntry:
    return TimeEntry(entry_id, start)


def test_idle_counts_from_the_last_input_and_the_prompt_comes_on_return() -> None:
    clock = FakeClock(START + timedelta(minutes=30))
    watch = IdleWatch(TEN_MINUTES, clock)
    timer = running()
    assert watch.check(60, timer) is None and watch.away is None  # 1 min: not idle
    assert watch.next_check(timer) == CHECK_EVERY
    clock.advance(11 * 60)
    assert watch.check(12 * 60, timer) is None  # idle for 12 min: away, no prompt yet
    assert watch.away is not None and watch.away.since == clock.now() - timedelta(minutes=12)
    assert watch.next_check(timer) == CHECK_WHILE_AWAY
    clock.advance(25 * 60)
    span = watch.check(2, timer)  # input again
    assert span is not None and span.entry_id == "e1"
    assert span.since == START + timedelta(minutes=29)
    assert span.back == clock.now() - timedelta(seconds=2)  # the first input, not the reading
    assert span.length(clock.now()) == timedelta(minutes=37, seconds=-2)
    assert watch.check(1, timer) is None  # one prompt, not one per reading
    assert watch.waiting == span and watch.next_check(timer) is None
    watch.resolved()
    assert watch.waiting is None and watch.next_check(timer) == CHECK_EVERY


def test_no_prompt_when_the_timer_was_stopped_or_changed_meanwhile() -> None:
    clock = FakeClock(START + timedelta(hours=1))
    watch = IdleWatch(TEN_MINUTES, clock)
    watch.check(15 * 60, running())
    clock.advance(600)
    assert watch.check(1, None) is None and watch.away is None  # stopped elsewhere
    watch.check(15 * 60, running())
    assert watch.check(1, running("e2")) is None  # another timer runs now
    assert watch.away is None and watch.waiting is None
    assert watch.next_check(None) is None  # no timer: no wake-ups


def test_idle_never_starts_before_the_timer_did() -> None:
    clock = FakeClock(START + timedelta(minutes=5))
    watch = IdleWatch(TEN_MINUTES, clock)
    watch.check(3600, running())  # the input stopped an hour ago, the timer began 5 min ago
    assert watch.away is not None and watch.away.since == START


def test_sleep_longer_than_the_threshold_brings_the_prompt() -> None:
    clock = FakeClock(START + timedelta(hours=2))
    watch = IdleWatch(TEN_MINUTES, clock)
    assert watch.away_since(clock.now() - timedelta(minutes=3), running()) is None
    span = watch.away_since(clock.now() - timedelta(minutes=40), running())
    assert span is not None and span.since == clock.now() - timedelta(minutes=40)
    assert span.back == clock.now()
