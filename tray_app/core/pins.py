"""Pinned timers: per workspace, up to nine that start with one click (Ctrl+1…9 in quick start).

Kept on this computer, in the settings file: Clockify's public API has no favourites. Pure
decisions on the state's ``pins``; the tracker saves and shows what they return.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from typing import Any

from tray_app.core.state import AppState, StartRequest
from tray_app.i18n import _, ngettext

logger = logging.getLogger(__name__)

MAX_PINS = 9
Pins = Mapping[str, tuple[StartRequest, ...]]


def _essence(request: StartRequest) -> StartRequest:
    """``request`` as pins compare it: tags in any order are the same tags."""
    return dataclasses.replace(
        request,
        description=request.description.strip(),
        tag_ids=tuple(sorted(set(request.tag_ids))),
    )


def same_pin(first: StartRequest, second: StartRequest) -> bool:
    """The two start the same timer (description, project, task, tags, billable and the rest)."""
    return _essence(first) == _essence(second)


def is_pinned(state: AppState, request: StartRequest) -> bool:
    return any(same_pin(pin, request) for pin in state.pinned)


def pin_problem(request: StartRequest) -> str:
    """Why ``request`` cannot be pinned ('' when it can): a pin starts something to see."""
    if request.description.strip() or request.project_id:
        return ""
    return _("Nothing to pin: give the entry a description or a project.")


def pinned(state: AppState, request: StartRequest) -> Pins | str:
    """The pins with ``request`` pinned last in the chosen workspace (unchanged when it is
    pinned already); why not, for a person, when it cannot be."""
    workspace = state.workspace
    if workspace is None:
        return _("Sign in to pin entries.")
    if is_pinned(state, request):
        return state.pins
    problem = pin_problem(request)
    if problem:
        return problem
    if len(state.pinned) >= MAX_PINS:
        return ngettext(
            "At most {count} entry can be pinned: unpin one first.",
            "At most {count} entries can be pinned: unpin one first.",
            MAX_PINS,
        ).format(count=MAX_PINS)
    return {**state.pins, workspace.id: (*state.pinned, _essence(request))}


def unpinned(state: AppState, request: StartRequest) -> Pins:
    """The pins without ``request`` in the chosen workspace."""
    if state.workspace is None:
        return state.pins
    kept = tuple(pin for pin in state.pinned if not same_pin(pin, request))
    return {**state.pins, state.workspace.id: kept}


def moved(state: AppState, request: StartRequest, to: int) -> Pins:
    """The pins with ``request`` moved to place ``to`` (0 is the first, Ctrl+1) in the chosen
    workspace; a place beyond either end is that end."""
    if state.workspace is None or not is_pinned(state, request):
        return state.pins
    pin = next(pin for pin in state.pinned if same_pin(pin, request))
    others = [other for other in state.pinned if other is not pin]
    others.insert(max(0, min(to, len(others))), pin)
    return {**state.pins, state.workspace.id: tuple(others)}


def pins_to_saved(pins: Pins) -> dict[str, list[dict[str, Any]]]:
    """For the settings file: each pin as ``dataclasses.asdict`` writes it (as the last start)."""
    return {
        workspace: [dataclasses.asdict(pin) for pin in kept] for workspace, kept in pins.items()
    }


def pins_from_saved(saved: object) -> Pins:
    """The pins read back from the settings file; what cannot be read is left out, and logged."""
    if not isinstance(saved, dict):
        if saved:
            logger.warning("saved pins unreadable (%s): none shown", type(saved).__name__)
        return {}
    pins: dict[str, tuple[StartRequest, ...]] = {}
    for workspace, items in saved.items():
        if not isinstance(items, list):
            logger.warning("saved pins of workspace %s unreadable: left out", workspace)
            continue
        kept: list[StartRequest] = []
        for number, item in enumerate(items, 1):
            request = StartRequest.from_saved(item) if isinstance(item, dict) else None
            if request is None or pin_problem(request):
                logger.warning(
                    "saved pin %d of workspace %s unreadable: left out", number, workspace
                )
            elif len(kept) < MAX_PINS and not any(same_pin(pin, request) for pin in kept):
                kept.append(request)
        pins[str(workspace)] = tuple(kept)
    return pins
