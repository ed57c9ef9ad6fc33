"""Start-up time, memory and idle cost of ``clockify-tray --demo`` against a bare PySide6 tray."""

from __future__ import annotations

import subprocess
import sys
import time

from benchmarks.common import (
    APP,
    FLOOR,
    FLOOR_HTTPX,
    ROOT,
    Result,
    cpu_seconds,
    isolated_env,
    launched,
    median,
    rss_mb,
    wakeups,
)

RUNS = 7
IDLE_SECONDS = 10.0


def startup_and_memory(display: dict[str, str], runs: int = RUNS) -> list[Result]:
    times: dict[str, list[float]] = {"floor": [], "app": [], "httpx": []}
    memory: dict[str, list[float]] = {"floor": [], "app": [], "httpx": []}
    for _ in range(runs):  # interleaved, so drift on a noisy machine hits all alike
        for name, command in (("floor", FLOOR), ("app", APP), ("httpx", FLOOR_HTTPX)):
            with isolated_env(display) as env, launched(command, env) as (process, elapsed):
                times[name].append(elapsed)
                time.sleep(3)
                memory[name].append(rss_mb(process.pid))
    startup = Result(
        "start-up: process start → tray icon shown",
        median(times["app"]),
        median(times["floor"]),
        "s",
        "≤ 1.3×",
        median(times["app"]) <= 1.3 * median(times["floor"]),
    )
    rss = Result(
        "memory: RSS 3 s after start-up, idle",
        median(memory["app"]),
        median(memory["floor"]),
        "MB",
        "≤ 1.2×",
        median(memory["app"]) <= 1.2 * median(memory["floor"]),
    )
    with_client = Result(
        "memory: the same, against the floor with httpx imported",
        median(memory["app"]),
        median(memory["httpx"]),
        "MB",
        "reference",
        True,
        "the least a tray on the mandated HTTP client weighs",
    )
    return [startup, rss, with_client]


def _idle_sample(
    command: list[str], display: dict[str, str], *, running_timer: bool
) -> tuple[float, float]:
    """(CPU seconds, wake-ups) over IDLE_SECONDS, 3 s after start-up."""
    with isolated_env(display) as env, launched(command, env) as (process, _):
        time.sleep(3)
        if running_timer:
            subprocess.run(
                [sys.executable, "-m", "tray_app", "--demo", "--toggle"],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                timeout=30,
            )
            time.sleep(1)
        cpu, woken = cpu_seconds(process.pid), wakeups(process.pid)
        time.sleep(IDLE_SECONDS)
        return cpu_seconds(process.pid) - cpu, wakeups(process.pid) - woken


def idle_cost(display: dict[str, str], runs: int = 3) -> list[Result]:
    floor = [_idle_sample(FLOOR, display, running_timer=False) for _ in range(runs)]
    idle = [_idle_sample(APP, display, running_timer=False) for _ in range(runs)]
    ticking = [_idle_sample(APP, display, running_timer=True) for _ in range(runs)]
    floor_wakeups = median([w for _, w in floor])
    idle_wakeups = median([w for _, w in idle])
    ticking_wakeups = median([w for _, w in ticking])
    per_second = (ticking_wakeups - floor_wakeups) / IDLE_SECONDS
    return [
        Result(
            f"idle: CPU over {IDLE_SECONDS:.0f} s, no timer running",
            median([c for c, _ in idle]),
            median([c for c, _ in floor]),
            "s",
            "≈ 0",
            median([c for c, _ in idle]) <= median([c for c, _ in floor]) + 0.02,
        ),
        Result(
            f"idle: wake-ups over {IDLE_SECONDS:.0f} s, no timer running",
            idle_wakeups,
            floor_wakeups,
            "",
            "≈ floor",
            idle_wakeups <= floor_wakeups + 5,
        ),
        Result(
            f"timer running: wake-ups over {IDLE_SECONDS:.0f} s",
            ticking_wakeups,
            floor_wakeups,
            "",
            "≤ 1 per second",
            per_second <= 1.5,  # one tick a second, each a wake-up of the GUI thread (+ noise)
            f"{per_second:.1f} per second above the floor",
        ),
    ]
