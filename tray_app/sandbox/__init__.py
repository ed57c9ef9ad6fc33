"""A Clockify-compatible HTTP server on 127.0.0.1 for the demo mode and the tests.

It shares no code with ``tray_app.clockify`` on purpose: a bug in one cannot hide in the other.

Its modules, from the wire up:

- ``wire``: Clockify's error answer (``ApiError``), times and ISO durations as Clockify writes
  them, JSON bodies and the checks on their fields, and the ``Answer`` a handler returns.
- ``accounts``: API keys, users, workspaces, members and roles, and the checks on who may do
  what; the base of the state, with its lock and its ids.
- ``catalog``: clients, projects, tasks and tags, and Clockify's rules for changing them.
- ``state``: ``SandboxState``, the whole state: time entries (``Entry``) and their rules, on
  top of the catalog and the accounts.
- ``seeds``: the demo's data, and a large workspace for benchmarks.
- ``faults``: the faults tests inject (latency, 429s, server errors, lost answers, refusals).
- ``handlers``: the main API's operations, one method each.
- ``routes``: which path and method go to which handler, and the reports host's path.
- ``reports``: the Reports API (summary and detailed, JSON and CSV); ``files``: its XLSX
  and PDF exports.
- ``server``: the WSGI app that puts these together, and ``Sandbox``, which runs it in a
  thread on a port of its own.
"""

from tray_app.sandbox.faults import Faults
from tray_app.sandbox.server import DEMO_API_KEY, RequestRecord, Sandbox
from tray_app.sandbox.state import SandboxState

__all__ = ["DEMO_API_KEY", "Faults", "RequestRecord", "Sandbox", "SandboxState"]
