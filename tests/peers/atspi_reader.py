"""What a screen reader sees of the app, over the accessibility bus (AT-SPI): a peer for tests.

Runs under Debian's own Python (``/usr/bin/python3``, where python3-pyatspi lives), inside the
test's D-Bus session, and answers one JSON command per line on stdin with one JSON line:

    {"do": "windows"}                         the app's shown windows: [{"name", "role",
                                              "description"}]
    {"do": "tree", "window": NAME}            every showing node under the window whose name
                                              starts with NAME: [{"role", "name",
                                              "description", "focusable", "focused", "value",
                                              "labelled_by"}]
    {"do": "focus", "window": W, "role": R, "name": N}
                                              gives the node keyboard focus, as a screen
                                              reader's "jump to" does: whether it has it
    {"do": "press", "window": W, "role": R, "name": N}
                                              runs the node's first action ("Press")
    {"do": "text", "window": W, "role": R, "name": N}
                                              the node's text, as read out

An error is answered as {"error": "..."}; nodes are found by role and accessible name only,
as a screen reader user finds them.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import pyatspi

APP_NAME = "clockify-tray"


def _app() -> Any:
    desktop = pyatspi.Registry.getDesktop(0)
    for index in range(desktop.childCount):
        app = desktop.getChildAtIndex(index)
        if app is not None and app.name == APP_NAME:
            return app
    raise LookupError(f"no application {APP_NAME!r} on the accessibility bus")


def _showing(node: Any) -> bool:
    return bool(node.getState().contains(pyatspi.STATE_SHOWING))


def _windows() -> list[Any]:
    app = _app()
    found = []
    for index in range(app.childCount):
        window = app.getChildAtIndex(index)
        if window is not None and _showing(window):
            found.append(window)
    return found


def _window(name: str) -> Any:
    for window in _windows():
        if (window.name or "").startswith(name):
            return window
    raise LookupError(f"no shown window named {name!r}: {[w.name for w in _windows()]}")


def _value(node: Any) -> str:
    """What the node holds: a text field's text, a combo box's current choice."""
    try:
        text = node.queryText()
        return str(text.getText(0, text.characterCount))
    except NotImplementedError:
        pass
    if node.getRoleName() == "combo box":
        for index in range(node.childCount):
            child = node.getChildAtIndex(index)
            if child is not None and child.getRoleName() in ("menu", "list"):
                selection = child.querySelection() if _has_selection(child) else None
                if selection is not None and selection.nSelectedChildren:
                    return str(selection.getSelectedChild(0).name or "")
    return ""


def _has_selection(node: Any) -> bool:
    try:
        node.querySelection()
        return True
    except NotImplementedError:
        return False


def _nodes(node: Any, out: list[Any]) -> list[Any]:
    for index in range(node.childCount):
        child = node.getChildAtIndex(index)
        if child is not None and _showing(child):
            out.append(child)
            _nodes(child, out)
    return out


def _describe(node: Any) -> dict[str, Any]:
    states = node.getState()
    return {
        "role": node.getRoleName(),
        "name": node.name or "",
        "description": node.description or "",
        "focusable": bool(states.contains(pyatspi.STATE_FOCUSABLE)),
        "focused": bool(states.contains(pyatspi.STATE_FOCUSED)),
        "value": _value(node),
        "labelled_by": _labels(node),
    }


def _labels(node: Any) -> list[str]:
    """The labels a screen reader says with the node (its "labelled by" relations): how a
    combo box is named on Linux, where Qt gives it its current choice as its name."""
    found = []
    for relation in node.getRelationSet():
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
            for index in range(relation.getNTargets()):
                target = relation.getTarget(index)
                if target is not None and target.name:
                    found.append(str(target.name))
    return found


def _find(window: str, role: str, name: str) -> Any:
    nodes = _nodes(_window(window), [])
    for node in nodes:
        if node.getRoleName() == role and (node.name or "") == name:
            return node
    seen = sorted({f"{n.getRoleName()}:{n.name}" for n in nodes if n.name})
    raise LookupError(f"no {role} named {name!r} in {window!r}; there are {seen}")


def answer(command: dict[str, Any]) -> Any:
    what = command.get("do")
    if what == "windows":
        return [
            {"name": w.name or "", "role": w.getRoleName(), "description": w.description or ""}
            for w in _windows()
        ]
    if what == "tree":
        return [_describe(n) for n in _nodes(_window(command["window"]), [])]
    node = _find(command["window"], command["role"], command["name"])
    if what == "focus":
        node.queryComponent().grabFocus()
        return bool(node.getState().contains(pyatspi.STATE_FOCUSED))
    if what == "press":
        return bool(node.queryAction().doAction(0))
    if what == "text":
        return _value(node)
    raise ValueError(f"unknown command {what!r}")


def main() -> int:
    for line in sys.stdin:
        try:
            reply: dict[str, Any] = {"ok": answer(json.loads(line))}
        except Exception as error:  # every failure goes back to the test
            reply = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(reply), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
