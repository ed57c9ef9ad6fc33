"""The widgets: tray icon, quick start, project picker, manual entry, sign in."""
