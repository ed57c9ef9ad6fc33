"""A Clockify-compatible HTTP server on 127.0.0.1 for the demo mode and the tests.

It shares no code with ``tray_app.clockify`` on purpose: a bug in one cannot hide in the other.
"""

from tray_app.sandbox.server import DEMO_API_KEY, Faults, RequestRecord, Sandbox
from tray_app.sandbox.state import SandboxState

__all__ = ["DEMO_API_KEY", "Faults", "RequestRecord", "Sandbox", "SandboxState"]
