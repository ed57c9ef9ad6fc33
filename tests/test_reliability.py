"""Every fault scenario of scripts/reliability.py: all writes land, none twice."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from scripts.reliability import READS, SCENARIOS, ReadRow, Row, report


@pytest.mark.processes
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__.removeprefix("scenario_"))
def test_scenario_lands_every_write_once(scenario: Callable[[], Row]) -> None:
    row = scenario()
    assert (row.landed, row.duplicates) == (row.writes, 0), row


def test_report_flags_a_bad_row() -> None:
    text = report([Row("good", 2, 2, 0, 5), Row("bad", 2, 1, 1, 9)])
    assert "| good | 2 | 2 | 0 | 5 | ok |" in text
    assert "| bad | 2 | 1 | 1 | 9 | **LOST OR DUPLICATED** |" in text
    assert "Total: 4 writes, 3 landed, 1 duplicates." in text


@pytest.mark.parametrize("read", READS, ids=lambda r: r.__name__.removeprefix("reads_"))
def test_paged_reads_end(read: Callable[[], ReadRow]) -> None:
    row = read()
    assert row.ok, row
    assert row.requests <= 6  # at most one request past the data
