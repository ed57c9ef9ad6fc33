"""Global shortcuts through the XDG desktop portal (``org.freedesktop.portal.GlobalShortcuts``).

jeepney, not QtDBus: PySide6 sends BindShortcuts' ``a(sa{sv})`` as ``av``, which a portal
checking the real interface refuses, and a portal session belongs to the connection that made
it, so one connection does the whole flow. Its socket is watched by a QSocketNotifier: nothing
waits for an answer, each is handled as it arrives (the desktop may first ask the person).
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import Callable
from typing import Any

from jeepney import DBusAddress, HeaderFields, MatchRule, Message, MessageType, Properties
from jeepney import new_method_call as method_call
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from PySide6.QtCore import QObject, QSocketNotifier

from tray_app.i18n import N_, _
from tray_app.platform.shortcuts import (
    SHORTCUTS,
    GlobalShortcuts,
    shortcut_line,
    with_bind_by_hand,
)

logger = logging.getLogger(__name__)

PORTAL = DBusAddress(
    "/org/freedesktop/portal/desktop",
    bus_name="org.freedesktop.portal.Desktop",
    interface="org.freedesktop.portal.GlobalShortcuts",
)
REQUEST = "org.freedesktop.portal.Request"
SESSION = "org.freedesktop.portal.Session"
REQUESTS = "/org/freedesktop/portal/desktop/request"
# Response codes (org.freedesktop.portal.Request): 0 done, 1 the person said no, 2 other.
REFUSALS = {1: N_("The desktop's shortcut request was dismissed."), 2: N_("The desktop refused.")}

Results = dict[str, tuple[str, Any]]


class PortalShortcuts(GlobalShortcuts):
    """Asks the portal for the two shortcuts and turns its ``Activated`` into ``activated``.

    Args:
        bus: the session bus address ("SESSION": the one of this desktop session).
    """

    def __init__(self, parent: QObject | None = None, *, bus: str = "SESSION") -> None:
        super().__init__(parent)
        self._bus = bus
        self._connection: DBusConnection | None = None
        self._notifier: QSocketNotifier | None = None
        self._replies: dict[int, Callable[[Message], None]] = {}
        self._responses: dict[str, Callable[[int, Results], None]] = {}
        self.session = ""  # the portal session's object path, once made
        self.triggers: dict[str, str] = {}  # shortcut id → the keys, as the desktop says them

    def start(self) -> None:
        if self._connection is not None:
            return
        try:
            self._connection = open_dbus_connection(self._bus)
        except (OSError, KeyError, ValueError, RuntimeError) as err:
            self._unavailable(_("The D-Bus session cannot be reached ({error}).").format(error=err))
            return
        connection = self._connection
        self._notifier = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_readable)
        sender = connection.unique_name.lstrip(":").replace(".", "_")
        self._request_folder = f"{REQUESTS}/{sender}"
        for rule in (
            MatchRule(type="signal", interface=REQUEST, member="Response"),
            MatchRule(type="signal", interface=PORTAL.interface, path=PORTAL.object_path),
        ):
            self._call(message_bus.AddMatch(rule), _ignore)
        self._call(Properties(PORTAL).get("version"), self._on_version)

    def stop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        if self.session:
            session = DBusAddress(self.session, PORTAL.bus_name, SESSION)
            with contextlib.suppress(OSError):
                connection.send(method_call(session, "Close"))
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        connection.close()
        self.session = ""
        self.triggers = {}
        self._replies.clear()
        self._responses.clear()

    # --- the flow: version → CreateSession → BindShortcuts → Activated ----------------------

    def _on_version(self, reply: Message) -> None:
        if reply.header.message_type == MessageType.error:
            name = reply.header.fields.get(HeaderFields.error_name, "")
            logger.info("no GlobalShortcuts portal: %s", name)
            self._unavailable(
                _(
                    "This desktop offers no global shortcuts (its desktop portal has no "
                    "GlobalShortcuts interface)."
                )
            )
            return
        token = self._ask(self._on_session_made)
        options = {"handle_token": ("s", token), "session_handle_token": ("s", _token())}
        self._call(method_call(PORTAL, "CreateSession", "a{sv}", (options,)), self._on_request)

    def _on_session_made(self, code: int, results: Results) -> None:
        if code != 0:
            self._refused(code)
            return
        self.session = str(results.get("session_handle", ("o", ""))[1])
        shortcuts = [
            (name, {"description": ("s", _(action)), "preferred_trigger": ("s", keys)})
            for name, (action, keys) in SHORTCUTS.items()
        ]
        token = self._ask(self._on_bound)
        body = (self.session, shortcuts, "", {"handle_token": ("s", token)})
        self._call(method_call(PORTAL, "BindShortcuts", "oa(sa{sv})sa{sv}", body), self._on_request)

    def _on_bound(self, code: int, results: Results) -> None:
        if code != 0:
            self._refused(code)
            return
        bound = results.get("shortcuts", ("a(sa{sv})", []))[1]
        self.triggers = {
            str(name): str(details.get("trigger_description", ("s", ""))[1])
            for name, details in bound
        }
        self._say(self.describe())

    def describe(self) -> str:
        lines = [_("Global shortcuts, set with the desktop (change them in its settings):")]
        for name, (action, _trigger) in SHORTCUTS.items():
            # Translators: in place of a global shortcut's keys, when the desktop set none.
            keys = self.triggers.get(name) or _("not set yet")
            lines.append(shortcut_line(action, keys))
        return "\n".join(lines)

    def _unavailable(self, why: str) -> None:
        self._say(with_bind_by_hand(why))
        self.stop()

    def _refused(self, code: int) -> None:
        self._say(with_bind_by_hand(_(REFUSALS.get(code, REFUSALS[2]))))

    # --- messages in and out ----------------------------------------------------------------

    def _ask(self, on_response: Callable[[int, Results], None]) -> str:
        """A new request token, its Response handled by ``on_response``."""
        token = _token()
        self._responses[f"{self._request_folder}/{token}"] = on_response
        return token

    def _call(self, message: Message, on_reply: Callable[[Message], None]) -> None:
        connection = self._connection
        if connection is None:
            return
        serial = next(connection.outgoing_serial)
        self._replies[serial] = on_reply
        try:
            connection.send(message, serial=serial)
        except OSError as err:
            self._lost(err)

    def _on_request(self, reply: Message) -> None:
        """A method's answer: the request's path (an old portal may choose its own)."""
        if reply.header.message_type == MessageType.error:
            name = reply.header.fields.get(HeaderFields.error_name, "")
            why = _("The desktop refused the shortcuts ({error}).").format(error=name)
            self._say(with_bind_by_hand(why))
            return
        path = str(reply.body[0])
        if path not in self._responses and len(self._responses) == 1:
            self._responses[path] = self._responses.popitem()[1]

    def _on_readable(self) -> None:
        while self._connection is not None:
            try:
                message = self._connection.receive(timeout=0)
            except TimeoutError:
                return
            except (OSError, ValueError) as err:
                self._lost(err)
                return
            self._dispatch(message)

    def _dispatch(self, message: Message) -> None:
        header = message.header
        fields = header.fields
        if header.message_type in (MessageType.method_return, MessageType.error):
            handler = self._replies.pop(fields.get(HeaderFields.reply_serial, -1), None)
            if handler is not None:
                handler(message)
            return
        if header.message_type != MessageType.signal:
            return
        member, path = fields.get(HeaderFields.member), fields.get(HeaderFields.path)
        if member == "Response" and fields.get(HeaderFields.interface) == REQUEST:
            on_response = self._responses.pop(str(path), None)
            if on_response is not None:
                code, results = message.body
                on_response(int(code), results)
        elif member == "Activated" and fields.get(HeaderFields.interface) == PORTAL.interface:
            session, name = str(message.body[0]), str(message.body[1])
            if session == self.session and name in SHORTCUTS:
                logger.info("global shortcut %s", name)
                self.activated.emit(name)

    def _lost(self, error: Exception) -> None:
        logger.warning("the desktop portal's connection was lost: %s", error)
        self._unavailable(_("The connection to the desktop portal was lost."))


def _token() -> str:
    return "clockify_tray_" + secrets.token_hex(6)


def _ignore(_reply: Message) -> None:
    pass
