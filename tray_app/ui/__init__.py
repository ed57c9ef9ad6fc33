"""The widgets, on the GUI thread; they show AppState and ask by signals, and import only the
core's pure modules.

tray (the icon, its menu and notifications), icons, quick_start, project_picker (over
core.search), entry_fields (the fields quick start and the entry form share), manual_entry
(which also edits), entries_window (over core.undo), entry_list (its model and painting
delegate), week_chart, reports_window, idle_prompt, preferences_window, sign_in, refused (writes
Clockify refused), widgets (small shared helpers), pyside_imports (keeps PySide6's import hook
cheap).
"""
