"""A GlobalShortcuts desktop portal for python-dbusmock, speaking the real interface
(xdg-desktop-portal 1.16's org.freedesktop.portal.GlobalShortcuts, version 1).

dbusmock alone coerces whatever types arrive; this one checks each call's signature as a GDBus
portal does, and refuses a mismatch with the same error. It asks nobody: what is asked is
bound, and its trigger described as a desktop would. ``Activate(id)`` on the mock interface
presses a shortcut; parameter ``refuse`` makes the bind answer with that Response code.
"""

import time

import dbus
from dbusmock import MOCK_IFACE
from gi.repository import GLib

BUS_NAME = "org.freedesktop.portal.Desktop"
MAIN_OBJ = "/org/freedesktop/portal/desktop"
MAIN_IFACE = "org.freedesktop.portal.GlobalShortcuts"
SYSTEM_BUS = False
REQUEST_IFACE = "org.freedesktop.portal.Request"
SESSION_IFACE = "org.freedesktop.portal.Session"


def load(mock, parameters):
    mock.AddProperty(MAIN_IFACE, "version", dbus.UInt32(1))
    mock.sessions = {}
    mock.refuse = int(parameters.get("refuse", 0))


def _check(message, expected):
    if message.get_signature() != expected:
        raise dbus.exceptions.DBusException(
            f"Type of message, “({message.get_signature()})”, does not match expected type "
            f"“({expected})”",
            name="org.freedesktop.DBus.Error.InvalidArgs",
        )


def _sender_part(sender):
    return sender[1:].replace(".", "_")


def _respond(mock, path, sender, code, results):
    def emit():
        mock.EmitSignalDetailed(
            REQUEST_IFACE,
            "Response",
            "ua{sv}",
            [dbus.UInt32(code), results],
            {"path": path, "destination": sender},
        )
        return False

    GLib.idle_add(emit)  # after the method's own reply, as a portal does


def _keys(trigger):
    return "+".join(
        part.capitalize() if len(part) > 1 else part.upper() for part in trigger.split("+")
    )


@dbus.service.method(
    MAIN_IFACE,
    in_signature="a{sv}",
    out_signature="o",
    sender_keyword="sender",
    message_keyword="message",
)
def CreateSession(self, options, sender, message):
    _check(message, "a{sv}")
    request = f"{MAIN_OBJ}/request/{_sender_part(sender)}/{options['handle_token']}"
    session = f"{MAIN_OBJ}/session/{_sender_part(sender)}/{options['session_handle_token']}"
    self.sessions[session] = sender
    self.AddObject(session, SESSION_IFACE, {}, [("Close", "", "", "")])
    # Upstream sends the session handle as a string (its XML says object path).
    _respond(self, request, sender, 0, {"session_handle": dbus.String(session, variant_level=1)})
    return dbus.ObjectPath(request)


@dbus.service.method(
    MAIN_IFACE,
    in_signature="oa(sa{sv})sa{sv}",
    out_signature="o",
    sender_keyword="sender",
    message_keyword="message",
)
def BindShortcuts(self, session, shortcuts, parent_window, options, sender, message):
    _check(message, "oa(sa{sv})sa{sv}")
    if self.sessions.get(str(session)) != sender:
        raise dbus.exceptions.DBusException(
            "Invalid session", name="org.freedesktop.portal.Error.NotFound"
        )
    request = f"{MAIN_OBJ}/request/{_sender_part(sender)}/{options['handle_token']}"
    bound = dbus.Array(
        [
            dbus.Struct(
                (
                    name,
                    dbus.Dictionary(
                        {
                            "description": dbus.String(details["description"], variant_level=1),
                            "trigger_description": dbus.String(
                                _keys(str(details.get("preferred_trigger", ""))), variant_level=1
                            ),
                        },
                        signature="sv",
                    ),
                )
            )
            for name, details in shortcuts
        ],
        signature="(sa{sv})",
    )
    results = {} if self.refuse else {"shortcuts": dbus.Array(bound, variant_level=1)}
    _respond(self, request, sender, self.refuse, results)
    return dbus.ObjectPath(request)


@dbus.service.method(MOCK_IFACE, in_signature="s", out_signature="")
def Activate(self, shortcut_id):
    for session, sender in self.sessions.items():
        for member in ("Activated", "Deactivated"):
            self.EmitSignalDetailed(
                MAIN_IFACE,
                member,
                "osta{sv}",
                [dbus.ObjectPath(session), shortcut_id, dbus.UInt64(int(time.time() * 1000)), {}],
                {"destination": sender},
            )
