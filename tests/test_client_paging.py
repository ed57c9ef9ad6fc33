"""Paged reads end: on Last-Page, on an empty page, and after at most one extra request when a
server repeats pages or shortens them without saying so (sandbox paging faults, real HTTP)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tray_app.clockify import BadResponse, ClockifyClient
from tray_app.sandbox import Sandbox

PAGE = 3


@pytest.fixture
def small_pages(sandbox: Sandbox) -> Iterator[ClockifyClient]:
    with ClockifyClient(sandbox.api_key, sandbox.url, page_size=PAGE, backoff_base=0) as made:
        yield made


def ids(sandbox: Sandbox) -> tuple[str, str, str]:
    user = next(iter(sandbox.state.users.values()))
    workspace = next(
        w["id"] for w in sandbox.state.workspaces.values() if w["name"] == "Acme Studio"
    )
    project = next(p["id"] for p in sandbox.state.projects.values() if p["name"] == "Support")
    return workspace, user["id"], project


READS: dict[str, Callable[[ClockifyClient, Sandbox], list[Any]]] = {
    "projects": lambda c, s: c.list_projects(ids(s)[0]),
    "tags": lambda c, s: c.list_tags(ids(s)[0]),
    "clients": lambda c, s: c.list_clients(ids(s)[0]),
    "tasks": lambda c, s: c.list_tasks(ids(s)[0], ids(s)[2]),
    "entries": lambda c, s: c.list_all_time_entries(ids(s)[0], ids(s)[1]),
}


def requests_to(sandbox: Sandbox, before: int) -> int:
    return len(sandbox.requests) - before


@pytest.mark.parametrize("read", READS)
def test_every_page_is_read_once(read: str, small_pages: ClockifyClient, sandbox: Sandbox) -> None:
    everything = READS[read](small_pages, sandbox)
    assert len(everything) > PAGE  # more than one page
    assert len({item.id for item in everything}) == len(everything)
    full, rest = divmod(len(everything), PAGE)
    # Last-Page: true ends the read with no extra request.
    assert len(sandbox.requests) == full + (1 if rest else 0)


@pytest.mark.parametrize("read", READS)
def test_a_server_repeating_full_pages_is_stopped_after_one_extra_request(
    read: str, small_pages: ClockifyClient, sandbox: Sandbox
) -> None:
    sandbox.faults.ignore_page = True
    with pytest.raises(BadResponse, match="same items as before") as caught:
        READS[read](small_pages, sandbox)
    assert "page 2" in caught.value.message
    assert len(sandbox.requests) == 2


@pytest.mark.parametrize("read", READS)
def test_a_server_that_ignores_paging_and_sends_everything_is_read_in_two(
    read: str, sandbox: Sandbox
) -> None:
    with ClockifyClient(sandbox.api_key, sandbox.url, page_size=500, backoff_base=0) as client:
        expected = READS[read](client, sandbox)
        before = len(sandbox.requests)
        sandbox.faults.ignore_page = True
        assert READS[read](client, sandbox) == expected
    assert requests_to(sandbox, before) == 2  # the short page, and one to confirm the end


@pytest.mark.parametrize("read", READS)
def test_silently_shortened_pages_lose_nothing(
    read: str, small_pages: ClockifyClient, sandbox: Sandbox
) -> None:
    expected = READS[read](small_pages, sandbox)
    before = len(sandbox.requests)
    sandbox.faults.page_cap = PAGE - 1  # fewer than asked, and no Last-Page header
    assert READS[read](small_pages, sandbox) == expected
    full, rest = divmod(len(expected), PAGE - 1)
    assert requests_to(sandbox, before) == full + (1 if rest else 0) + 1  # + the empty page
