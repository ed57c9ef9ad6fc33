"""What talks to the operating system: key store, start at login, one instance per user, idle
time, sleep and lock, the network coming back, global shortcuts, the tray's host.

Each concern is a package (or a module, while it has one implementation): keystore/,
autostart/, shortcuts/, single_instance/ and session_events/ hold their interface (the core's,
from core/ports.py, where the core needs it), their back-ends and a ``factory`` module that
picks the one for this system; idle/ picks its source in the package itself (its back-ends
import nothing from it); network and tray_host are modules.
"""
