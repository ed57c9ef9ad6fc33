"""Tests run in a real Windows CPython under Wine (scripts/windows_python.py sets it up):
the CLI as a Windows program, and the app's Windows back-ends (``probes`` is the part that
runs on Windows)."""
