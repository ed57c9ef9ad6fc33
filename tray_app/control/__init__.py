"""The GUI thread's glue: it owns the worker's thread and the windows, and turns what the
person does into requests to the worker.

controller (the tray, the dialogs and the worker wired together), preferences (the Preferences
window's side: the GUI's copy of the settings, changes to the worker, the global shortcuts),
idle_question (when to ask about idle time, and the prompt that asks).
"""
