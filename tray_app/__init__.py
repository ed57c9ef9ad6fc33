"""Clockify Tray: a light desktop tray timer and CLI for Clockify."""

__version__ = "0.1.0"
