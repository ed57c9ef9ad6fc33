"""Project picker: time per keystroke with 10,000 and 50,000 projects (20 to a client).

Two measures, each against a baseline timed in the same run: the search index alone, without
Qt (against a plain Python scan of the same folded keys), and the picker widget as the person
uses it, the repaint included (against Qt's QSortFilterProxyModel). Qt is loaded only for the
second: `python -m benchmarks.bench_picker --index` runs the first without it.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable

from benchmarks.common import Result, percentile
from tray_app.clockify.models import Project
from tray_app.core.search import ProjectIndex, fold

WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
]
QUERIES = {1: "e", 3: "elt", 6: "delta "}
ROUNDS = 30


def projects(count: int = 10_000) -> list[Project]:
    rng = random.Random(5)
    made = [
        Project(
            f"p{n}",
            f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {n}",
            client_name=f"Client {n % max(1, count // 20)}",
        )
        for n in range(count)
    ]
    return sorted(made, key=lambda p: p.name.casefold())


def _time_keystrokes(
    type_text: Callable[[str], object], query: str, settle: Callable[[], object] = lambda: None
) -> list[float]:
    """Seconds per keystroke typing ``query`` letter by letter, ``ROUNDS`` times from empty;
    ``settle`` runs after each (the widget's repaint, part of what a keystroke costs)."""
    samples = []
    for _ in range(ROUNDS):
        type_text("")
        settle()
        for length in range(1, len(query) + 1):
            started = time.perf_counter()
            type_text(query[:length])
            settle()
            samples.append(time.perf_counter() - started)
    return samples


def _rows(
    name: str,
    count: int,
    samples: tuple[list[float], list[float]],
    budgets: dict[str, str],
    met: Callable[[float, float], bool],
    note: str,
) -> list[Result]:
    """The table's rows for the percentiles in ``budgets`` (ours, then the baseline's samples);
    ``met`` judges a row with a budget. Each keystroke of a query counts; the p95 is over all."""
    ours, theirs = samples
    rows = []
    for label, fraction in (("p50", 0.5), ("p95", 0.95)):
        if label not in budgets:
            continue
        mine, base = percentile(ours, fraction) * 1000, percentile(theirs, fraction) * 1000
        rows.append(
            Result(
                f"{name}, {label} per keystroke ({count:,} projects)",
                mine,
                base,
                "ms",
                budgets[label],
                budgets[label] == "—" or met(mine, base),
                note,
            )
        )
    return rows


def run() -> list[Result]:
    return index_run() + _run(10_000, ("p50", "p95")) + _run(50_000, ("p95",))


class PlainSearch:
    """The index's baseline: every folded key checked for every word on each keystroke, in a
    Python comprehension, the names starting with the first word moved first."""

    def __init__(self, index: ProjectIndex) -> None:
        self._names = [fold(p.name) for p in index.projects]
        self._keys = [f"{fold(p.name)} {fold(p.client_name)}" for p in index.projects]

    def search(self, text: str) -> list[int]:
        words = fold(text).split()
        found = [row for row, key in enumerate(self._keys) if all(w in key for w in words)]
        if not words:
            return found
        leading = [row for row in found if self._names[row].startswith(words[0])]
        return leading + [row for row in found if not self._names[row].startswith(words[0])]


def index_run() -> list[Result]:
    """The search index alone, no Qt: what a keystroke costs before the view repaints."""
    return _index_run(10_000) + _index_run(50_000)


def _index_run(count: int) -> list[Result]:
    index = ProjectIndex(projects(count))
    plain = PlainSearch(index)
    results = []
    for letters, query in QUERIES.items():
        for length in range(len(query) + 1):  # both answer alike, or the race means nothing
            assert list(index.search(query[:length])) == plain.search(query[:length]), query
        samples = _time_keystrokes(index.search, query), _time_keystrokes(plain.search, query)
        results += _rows(
            f"search index, no Qt: {letters}-letter query",
            count,
            samples,
            {"p50": "—", "p95": "≤ 0.25× baseline"},
            lambda mine, base: mine <= 0.25 * base,
            "baseline: every folded key scanned in Python, each keystroke; ours scans them "
            "once for a query's first one or two letters",
        )
    return results


def _run(count: int, shown: tuple[str, ...]) -> list[Result]:
    from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt
    from PySide6.QtWidgets import QApplication, QListView

    from tray_app.ui.project_picker import ProjectPicker

    app = QApplication.instance() or QApplication([])
    data = projects(count)
    picker = ProjectPicker()
    picker.set_projects(data)
    picker.resize(420, 320)
    picker.show()

    stock_model = QStringListModel([f"{p.name} {p.client_name}" for p in data])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(stock_model)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    stock_view = QListView()
    stock_view.setModel(proxy)
    stock_view.setUniformItemSizes(True)
    stock_view.resize(420, 320)
    stock_view.show()

    results = []
    for letters, query in QUERIES.items():
        ours = _time_keystrokes(picker.on_filter_edit_text_edited, query, app.processEvents)
        stock = _time_keystrokes(proxy.setFilterFixedString, query, app.processEvents)
        results += _rows(
            f"picker: {letters}-letter query",
            count,
            (ours, stock),
            {label: "p95 ≤ 5 ms" if label == "p95" else "—" for label in shown},
            lambda mine, _base: mine <= 5.0,
            "baseline: Qt's QSortFilterProxyModel"
            + (
                "; the first time a query's first one or two letters are typed, every "
                "key is scanned once (kept for the keystrokes after)"
                if count > 10_000
                else ""
            ),
        )
    picker.close()
    stock_view.close()
    app.processEvents()
    return results


if __name__ == "__main__":
    only_index = "--index" in sys.argv
    results = index_run() if only_index else run()
    qt_loaded = any(name.startswith("PySide6") for name in sys.modules)
    from benchmarks.run import table  # (it loads every benchmark, Qt with them)

    print("\n".join(table(results)))
    if only_index:
        print(f"Qt loaded while measuring: {'yes' if qt_loaded else 'no'}")
