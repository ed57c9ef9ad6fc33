"""Runs every benchmark, prints one table and writes benchmarks/results.md.

Each figure is set against a baseline measured in the same run (medians of several runs),
because these machines are noisy; absolute numbers are shown for reading, not for asserting.
"""

from __future__ import annotations

import os
import platform
import sys
from datetime import UTC, datetime

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.core.qobject.connect.warning=false")

from benchmarks import (
    bench_budget,
    bench_entries,
    bench_inprocess,
    bench_picker,
    bench_process,
    bench_reports,
    bench_scale,
)
from benchmarks.common import ROOT, Result, external_sandbox, real_app, real_tray, secret_service


def _number(value: float, unit: str) -> str:
    if unit in ("ms", "s"):
        return f"{value:.3f} {unit}" if unit == "s" else f"{value:.2f} {unit}"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value:g}"


def table(results: list[Result]) -> list[str]:
    lines = [
        "| measure | ours | baseline | ratio | budget | met |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        note = f" ({r.note})" if r.note else ""
        ratio = f"{r.ratio:.2f}×" if r.baseline else "—"
        lines.append(
            f"| {r.name}{note} | {_number(r.ours, r.unit)} | {_number(r.baseline, r.unit)} "
            f"| {ratio} | {r.budget} | {'yes' if r.ok else '**no**'} |"
        )
    return lines


def main() -> int:
    quick = "--quick" in sys.argv
    results: list[Result] = []
    with (
        real_tray() as display,
        external_sandbox() as (url, api_key),
        secret_service(api_key) as keyring,
    ):
        where = "Xvfb with a real tray host (trayer)" if display else "offscreen (no tray host)"
        real = real_app(url)
        results += bench_process.startup_and_memory(
            display, real, keyring, runs=3 if quick else bench_process.RUNS
        )
        results += bench_process.idle_cost(display, real, keyring, runs=1 if quick else 3)
        results += bench_scale.run(display)
    results += bench_inprocess.responsiveness()
    results += bench_picker.run()
    results += bench_entries.run()
    results += bench_reports.run()
    results += bench_inprocess.requests_per_action()
    results += bench_budget.run()
    lines = table(results)
    print(f"processes on {where}")
    print("\n".join(lines))
    header = [
        "# Benchmarks",
        "",
        f"`make bench` on {datetime.now(UTC):%Y-%m-%d}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores. Processes ran on {where}; in-process figures offscreen.",
        "The app runs as users run it: the sandbox in a process of its own, the API key in a",
        "real Secret Service (gnome-keyring on a private D-Bus session), the log file on; the",
        "demo (`clockify-tray --demo`) second. Baselines: a bare PySide6 script showing a",
        "QSystemTrayIcon with a three-action menu (`benchmarks/floor_tray.py`), and the same",
        "with every library the design names in use (`--libraries`); all run interleaved,",
        "medians of several runs.",
        "",
    ]
    (ROOT / "benchmarks" / "results.md").write_text("\n".join([*header, *lines, ""]))
    print(f"\nwrote {ROOT / 'benchmarks' / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
