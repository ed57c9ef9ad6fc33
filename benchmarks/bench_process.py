"""Start-up time, memory and idle cost of the app as users run it (the key in a real Secret
Service, the server in another process), and of the demo, against a bare PySide6 tray."""

from __future__ import annotations

import subprocess
import sys
import time

from benchmarks.common import (
    APP,
    FLOOR,
    FLOOR_LIBRARIES,
    ROOT,
    Result,
    cpu_seconds,
    isolated_env,
    launched,
    median,
    percentile,
    rss_mb,
    wakeups,
)

RUNS = 9
IDLE_SECONDS = 10.0
IDLE_MINUTE = 60.0


def _spread(values: list[float]) -> str:
    """The middle half of the runs (25th to 75th percentile)."""
    return f"{percentile(values, 0.25):.3g}–{percentile(values, 0.75):.3g}"


def startup_and_memory(
    display: dict[str, str], real: list[str], keyring: dict[str, str], runs: int = RUNS
) -> list[Result]:
    """The real mode (``real``, the key in ``keyring``) and the demo against the bare tray
    and the library floor, interleaved run by run."""
    commands = {"floor": FLOOR, "libraries": FLOOR_LIBRARIES, "real": real, "demo": APP}
    times: dict[str, list[float]] = {name: [] for name in commands}
    memory: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):  # interleaved, so drift on a noisy machine hits all alike
        for name, command in commands.items():
            uses_keyring = name in ("real", "libraries")
            with (
                isolated_env(display, keyring if uses_keyring else None) as env,
                launched(command, env) as (process, elapsed),
            ):
                times[name].append(elapsed)
                time.sleep(4)  # signed in, first sync done
                memory[name].append(rss_mb(process.pid))
    middle = {name: median(values) for name, values in times.items()}
    rss = {name: median(values) for name, values in memory.items()}
    return [
        Result(
            "start-up: process start → tray icon shown (real mode)",
            middle["real"],
            middle["floor"],
            "s",
            "≤ 1.3×",
            middle["real"] <= 1.3 * middle["floor"],
            f"{runs} interleaved runs; middle half {_spread(times['real'])} s against "
            f"{_spread(times['floor'])} s",
        ),
        Result(
            "memory: RSS 4 s after start-up, idle, real mode, against the bare tray",
            rss["real"],
            rss["floor"],
            "MB",
            "≤ 1.6×",
            rss["real"] <= 1.6 * rss["floor"],
            f"middle half {_spread(memory['real'])} MB",
        ),
        Result(
            "memory: the same, against the library floor",
            rss["real"],
            rss["libraries"],
            "MB",
            "≤ 1.15×",
            rss["real"] <= 1.15 * rss["libraries"],
            "a bare tray with an httpx client, the key read through keyring, SQLite open",
        ),
        Result(
            "start-up: the same, demo mode (built-in server, key in memory)",
            middle["demo"],
            middle["floor"],
            "s",
            "reference",
            True,
        ),
        Result(
            "memory: the same, demo mode, against the bare tray",
            rss["demo"],
            rss["floor"],
            "MB",
            "reference",
            True,
            "the demo server runs inside the app",
        ),
    ]


def _idle_sample(
    command: list[str],
    display: dict[str, str],
    *,
    running_timer: bool,
    keyring: dict[str, str] | None = None,
    seconds: float = IDLE_SECONDS,
) -> tuple[float, float]:
    """(CPU seconds, wake-ups) over ``seconds``, 4 s after start-up."""
    with isolated_env(display, keyring) as env, launched(command, env) as (process, _):
        time.sleep(4)
        if running_timer:
            toggle = ["--demo", "--toggle"] if "--demo" in command else ["--toggle"]
            subprocess.run(
                [sys.executable, "-m", "tray_app", *toggle],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                timeout=30,
            )
            time.sleep(1)
        cpu, woken = cpu_seconds(process.pid), wakeups(process.pid)
        time.sleep(seconds)
        return cpu_seconds(process.pid) - cpu, wakeups(process.pid) - woken


def idle_cost(
    display: dict[str, str], real: list[str], keyring: dict[str, str], runs: int = 3
) -> list[Result]:
    """CPU and wake-ups of the real mode left alone for a minute, and with a timer running."""
    floor, idle = [], []
    for _ in range(max(1, runs - 1)):  # interleaved, a minute each
        floor.append(_idle_sample(FLOOR, display, running_timer=False, seconds=IDLE_MINUTE))
        idle.append(
            _idle_sample(real, display, running_timer=False, keyring=keyring, seconds=IDLE_MINUTE)
        )
    floor_short = [_idle_sample(FLOOR, display, running_timer=False) for _ in range(runs)]
    ticking = [
        _idle_sample(real, display, running_timer=True, keyring=keyring) for _ in range(runs)
    ]
    floor_wakeups = median([w for _, w in floor])
    idle_wakeups = median([w for _, w in idle])
    ticking_wakeups = median([w for _, w in ticking])
    per_second = (ticking_wakeups - median([w for _, w in floor_short])) / IDLE_SECONDS
    return [
        Result(
            "idle: CPU over a minute, no timer running, no window open",
            median([c for c, _ in idle]),
            median([c for c, _ in floor]),
            "s",
            "≈ 0",
            median([c for c, _ in idle]) <= median([c for c, _ in floor]) + 0.02,
        ),
        Result(
            "idle: wake-ups over a minute, no timer running, no window open",
            idle_wakeups,
            floor_wakeups,
            "",
            "0 above the floor",
            idle_wakeups <= floor_wakeups,
            "context switches of every thread; the one timer left is the sync every 5 min "
            "that sees timers started elsewhere",
        ),
        Result(
            f"timer running: wake-ups over {IDLE_SECONDS:.0f} s",
            ticking_wakeups,
            median([w for _, w in floor_short]),
            "",
            "≤ 1 per second",
            per_second <= 1.5,  # one tick a second, each a wake-up of the GUI thread (+ noise)
            f"{per_second:.1f} per second above the floor",
        ),
    ]
