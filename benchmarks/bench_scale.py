"""The app at the sizes real workspaces have, as users run it (the sandbox in its own process,
the key in a real Secret Service): sign-in and first sync with 1,000, 10,000 and 50,000
projects, and a cold start with 50,000 projects in the cache."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from benchmarks.common import (
    ROOT,
    Result,
    external_sandbox,
    isolated_env,
    launched,
    median,
    real_app,
    rss_mb,
    secret_service,
)

SIZES = (1_000, 10_000, 50_000)
FIRST_SYNC_DONE = "/time-entries?"  # the last read of the first sync (httpx logs each request)


class _Log:
    """A child's stderr, each line with the moment it came."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[tuple[float, str]] = []
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stderr is not None
        for line in process.stderr:
            self.lines.append((time.perf_counter(), line))

    def wait_for(self, text: str, timeout: float = 180) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for moment, line in list(self.lines):
                if text in line:
                    return moment
            time.sleep(0.02)
        raise RuntimeError(f"the app never logged {text!r}")

    def requests_until(self, moment: float) -> int:
        return sum(1 for at, line in self.lines if at <= moment and "HTTP Request:" in line)


@contextmanager
def _app(command: list[str], env: dict[str, str]) -> Iterator[tuple[subprocess.Popen[str], _Log]]:
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        yield process, _Log(process)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def run(display: dict[str, str]) -> list[Result]:
    seconds: dict[int, float] = {}
    requests: dict[int, int] = {}
    memory: dict[int, float] = {}
    cold: dict[str, float] = {}
    for size in SIZES:
        with (
            external_sandbox(projects=size) as (url, api_key),
            secret_service(api_key) as keyring,
            isolated_env(display, keyring) as env,
        ):
            with _app(real_app(url), env) as (process, log):
                started = time.perf_counter()
                done = log.wait_for(FIRST_SYNC_DONE)
                seconds[size] = done - started
                requests[size] = log.requests_until(done)
                time.sleep(2)
                memory[size] = rss_mb(process.pid)
                if size == SIZES[-1]:
                    subprocess.run(
                        [sys.executable, "-m", "tray_app", "--quit"],
                        env=env, cwd=ROOT, timeout=60, check=True, capture_output=True,
                    )  # fmt: skip
                    process.wait(timeout=60)  # quit cleanly: the cache is kept
            if size == SIZES[-1]:
                cold = _cold_start(url, env, display, keyring)
    largest = SIZES[-1]
    growth = (memory[largest] - memory[SIZES[0]]) / ((largest - SIZES[0]) / 10_000)
    results = [
        Result(
            f"scale: sign-in and first sync, {size:,} projects",
            seconds[size],
            seconds[SIZES[0]],
            "s",
            "reference",
            True,
            f"{requests[size]} requests; baseline: the same with {SIZES[0]:,}",
        )
        for size in SIZES
    ]
    results.append(
        Result(
            "scale: RSS growth per 10,000 projects (after the first sync)",
            growth,
            memory[SIZES[0]],
            "MB",
            "reference",
            True,
            f"baseline: RSS with {SIZES[0]:,} projects; {memory[largest]:.0f} MB with {largest:,}",
        )
    )
    results.append(
        Result(
            f"scale: cold start with {largest:,} projects in the cache → tray icon shown",
            cold["tray"],
            cold["empty"],
            "s",
            "≤ 1.1×, icon first",
            cold["tray"] <= 1.1 * cold["empty"] and cold["tray"] < cold["cache"],
            f"the cached projects shown {cold['cache']:.2f} s after start, the icon before; "
            "baseline: the same start with nothing cached",
        )
    )
    return results


def _cold_start(
    url: str, env: dict[str, str], display: dict[str, str], keyring: dict[str, str], runs: int = 5
) -> dict[str, float]:
    """Starts with ``env``'s full cache, interleaved with starts that have none."""
    tray, cache, empty = [], [], []
    for _ in range(runs):
        with _app(real_app(url), env) as (_, log):
            started = time.perf_counter()
            tray.append(log.wait_for("tray shown") - started)
            cache.append(log.wait_for("shown from the cache") - started)
        with isolated_env(display, keyring) as fresh, launched(real_app(url), fresh) as (_, took):
            empty.append(took)
    return {"tray": median(tray), "cache": median(cache), "empty": median(empty)}
