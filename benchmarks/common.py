"""Shared helpers: launching processes, reading /proc, medians."""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tray_app.clockify.fields import CustomValue
from tray_app.core.state import AppState

ROOT = Path(__file__).resolve().parent.parent
FLOOR = [sys.executable, str(ROOT / "benchmarks" / "floor_tray.py")]
FLOOR_HTTPX = [*FLOOR, "--httpx"]
FLOOR_LIBRARIES = [*FLOOR, "--libraries"]
APP = [sys.executable, "-m", "tray_app", "--demo", "--log-level", "INFO"]


def real_app(url: str) -> list[str]:
    """The app as users run it: against a server in another process, the key in the keyring."""
    return [sys.executable, "-m", "tray_app", "--api-url", url, "--log-level", "INFO"]


@contextmanager
def external_sandbox(projects: int = 0) -> Iterator[tuple[str, str]]:
    """The sandbox in a process of its own (``projects`` more in its main workspace): (its
    URL, its demo API key)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tray_app", "sandbox", "--port", "0", "--projects", str(projects)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout is not None
    url = key = ""
    for line in process.stdout:
        if "listening on" in line:
            url = line.rsplit(" ", 1)[1].strip()
        elif line.startswith("Demo API key:"):
            key = line.split(":", 1)[1].strip()
        if url and key:
            break
    try:
        yield url, key
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def secret_service(api_key: str) -> Iterator[dict[str, str]]:
    """A real Secret Service (gnome-keyring on a private D-Bus session) holding ``api_key``
    where the app looks for it; yields what a child needs to reach it ({} where the machine
    has neither, and the app then keeps the key from the environment in memory)."""
    if not (shutil.which("dbus-daemon") and shutil.which("gnome-keyring-daemon")):
        yield {"CLOCKIFY_API_KEY": api_key}
        return
    home = tempfile.mkdtemp()
    os.makedirs(f"{home}/run", mode=0o700)
    env = {**os.environ, "HOME": home, "XDG_DATA_HOME": f"{home}/data",
           "XDG_RUNTIME_DIR": f"{home}/run"}  # fmt: skip
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert bus.stdout is not None
    address = bus.stdout.readline().strip()
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    subprocess.run(
        ["gnome-keyring-daemon", "--unlock", "--components=secrets"],
        input="benchmark", env=env, capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    subprocess.run(
        [sys.executable, "-c",
         "import keyring, sys; keyring.set_password('clockify-tray', 'default', sys.argv[1])",
         api_key],
        env=env, check=True, timeout=60,
    )  # fmt: skip
    try:
        yield {"DBUS_SESSION_BUS_ADDRESS": address}
    finally:
        bus.terminate()
        bus.wait(timeout=30)
        shutil.rmtree(home, ignore_errors=True)


@dataclass(frozen=True)
class Result:
    """One line of the results table."""

    name: str
    ours: float
    baseline: float
    unit: str
    budget: str
    ok: bool
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else float("inf")


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@contextmanager
def real_tray() -> Iterator[dict[str, str]]:
    """A virtual X screen with a real tray host (Xvfb + trayer), when both are installed.

    Yields the environment a child needs to use it; empty when they are missing (the children
    then run offscreen, where there is no tray and the app opens its quick-start window).
    """
    if not (shutil.which("Xvfb") and shutil.which("trayer")):
        yield {}
        return
    display = f":{random.randint(100, 199)}"
    runtime = tempfile.mkdtemp()
    os.chmod(runtime, 0o700)
    screen = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1024x700x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1)
    env = {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "XDG_RUNTIME_DIR": runtime}
    host = subprocess.Popen(
        [
            "trayer",
            "--edge",
            "top",
            "--align",
            "right",
            "--widthtype",
            "request",
            "--height",
            "32",
            "--SetDockType",
            "true",
        ],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1)
    try:
        yield env
    finally:
        host.kill()
        screen.kill()
        host.wait()
        screen.wait()
        shutil.rmtree(runtime, ignore_errors=True)


@contextmanager
def isolated_env(
    display: dict[str, str] | None = None, keyring: dict[str, str] | None = None
) -> Iterator[dict[str, str]]:
    """Offscreen Qt, throwaway XDG folders (so runs never touch real data or each other) and a
    translation loaded;
    ``keyring``: a Secret Service to use (``secret_service``), else no keyring at all."""
    with tempfile.TemporaryDirectory() as scratch:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CLOCKIFY_")}
        env.update(
            QT_QPA_PLATFORM="offscreen",
            QT_LOGGING_RULES="qt.core.qobject.connect.warning=false",
            XDG_CONFIG_HOME=f"{scratch}/config",
            XDG_DATA_HOME=f"{scratch}/data",
            XDG_STATE_HOME=f"{scratch}/state",
            XDG_CACHE_HOME=f"{scratch}/cache",
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
            PYTHONPATH=str(ROOT),
            # The app speaks German: a catalog (ours and Qt's) loaded, as most people run it.
            CLOCKIFY_TRAY_LANGUAGE="de",
        )
        env.update(display or {})
        if keyring is not None:
            env.pop("PYTHON_KEYRING_BACKEND")
            env.update(keyring)
        yield env


@contextmanager
def launched(
    command: list[str], env: dict[str, str], marker: str = "tray shown"
) -> Iterator[tuple[subprocess.Popen[str], float]]:
    """Start ``command``; yield it with the seconds until ``marker`` appeared on stderr."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    for line in process.stderr:
        if marker in line:
            break
    else:
        raise RuntimeError(f"{command} ended before printing {marker!r}")
    elapsed = time.perf_counter() - started
    # Keep draining stderr so the child never blocks on a full pipe.
    drain = subprocess.Popen(["cat"], stdin=process.stderr, stdout=subprocess.DEVNULL)
    try:
        yield process, elapsed
    finally:
        process.kill()
        process.wait()
        drain.wait()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def wakeups(pid: int) -> int:
    """Context switches of every thread: each wake-up of the process costs at least one."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        for line in (task / "status").read_text().splitlines():
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                total += int(line.split()[1])
    return total


def required_values(state: AppState) -> tuple[CustomValue, ...]:
    """A value for each custom field the workspace requires (the demo's cost center), so the
    writes measured are ones Clockify takes."""
    return tuple(
        CustomValue(field.id, field.allowed_values[0] if field.allowed_values else "Bench")
        for field in state.custom_fields
        if field.required and field.visible
    )
