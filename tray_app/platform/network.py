"""Knowing at once when the network comes back, from the system.

On Linux, NetworkManager's ``StateChanged`` signal on the system D-Bus, heard through QtDBus
(which the app has loaded anyway); QtNetwork's QNetworkInformation would bring ~3 MB more into
a tray that never needs the rest of QtNetwork. On Windows and macOS, QNetworkInformation's
native back-ends, loaded on a thread of their own and called through ctypes so that the GIL
is let go: one that never answers (Wine 8's) must hold up neither the worker nor the GUI.
Where none is available, the app keeps to its retry timer: nothing is lost, only later.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import QObject, Signal, Slot

logger = logging.getLogger(__name__)

NM = "org.freedesktop.NetworkManager"
NM_PATH = "/org/freedesktop/NetworkManager"
NM_CONNECTED_GLOBAL = 70  # NMState: full connectivity
PROPERTIES = "org.freedesktop.DBus.Properties"


class NetworkWatch(QObject):
    """Tells when the system's network becomes reachable again.

    Args:
        load_backend: loads Qt's network information (off Linux); may block, even for good.

    Signals:
        came_online(): reachability went from anything else to online.
        backend_loaded(): Qt's network information is loaded and lives on this object's thread.
    """

    came_online = Signal()
    backend_loaded = Signal()

    def __init__(
        self, parent: QObject | None = None, load_backend: Callable[[], bool] | None = None
    ) -> None:
        super().__init__(parent)
        self._online: bool | None = None
        self._load_backend = load_backend or _load_reachability
        self.backend_loaded.connect(self.on_backend_loaded)

    def start(self) -> str:
        """Listen to the system; the source's name, or '' when this system offers none."""
        if _linux():
            return self._start_network_manager()
        return self._start_qt_information()

    def _start_network_manager(self) -> str:
        from PySide6.QtCore import SLOT
        from PySide6.QtDBus import QDBusConnection, QDBusInterface

        bus = QDBusConnection.systemBus()
        if not bus.isConnected():
            logger.info("no system bus: retries alone bring writes back")
            return ""
        manager = QDBusInterface(NM, NM_PATH, NM, bus)
        state = manager.property("State") if manager.isValid() else None
        if state is None:
            logger.info("no NetworkManager: retries alone bring writes back")
            return ""
        self._online = int(state) >= NM_CONNECTED_GLOBAL
        # NMState is a D-Bus uint32: only a slot declared with "uint" receives it. The same
        # change also comes as the State property's PropertiesChanged, which some peers send
        # from the right path where their StateChanged comes from another (dbusmock's).
        slot = cast(Any, SLOT("on_manager_state_changed(uint)"))  # (a str at run time)
        bus.connect(NM, NM_PATH, NM, "StateChanged", self, slot)
        properties = cast(
            Any, SLOT("on_manager_properties_changed(QString,QVariantMap,QStringList)")
        )
        bus.connect(NM, NM_PATH, PROPERTIES, "PropertiesChanged", self, properties)
        logger.info("network information from NetworkManager")
        return "networkmanager"

    @Slot("uint")
    def on_manager_state_changed(self, state: int) -> None:
        self._changed(int(state) >= NM_CONNECTED_GLOBAL)

    @Slot(str, "QVariantMap", "QStringList")
    def on_manager_properties_changed(
        self, interface: str, changed: dict[str, Any], _invalidated: list[str]
    ) -> None:
        if interface == NM and "State" in changed:
            self._changed(int(changed["State"]) >= NM_CONNECTED_GLOBAL)

    def _start_qt_information(self) -> str:
        # A daemon thread: if the back-end never answers, it is left behind at exit.
        loading = threading.Thread(target=self._load, name="network-information", daemon=True)
        loading.start()
        return "qt-network-information"

    def _load(self) -> None:
        """On the loading thread: load, then hand the back-end to this object's thread."""
        if not self._load_backend():
            logger.info("no network information back-end: retries alone bring writes back")
            return
        from PySide6.QtNetwork import QNetworkInformation

        information: QNetworkInformation | None = QNetworkInformation.instance()
        if information is not None:
            information.moveToThread(self.thread())
        self.backend_loaded.emit()  # (queued to this object's thread)

    @Slot()
    def on_backend_loaded(self) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        information: QNetworkInformation | None = QNetworkInformation.instance()
        if information is None:
            return
        self._online = information.reachability() == QNetworkInformation.Reachability.Online
        information.reachabilityChanged.connect(self.on_information_reachability_changed)
        logger.info("network information from %s", information.backendName())

    def on_information_reachability_changed(self, reachability: object) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        self._changed(reachability == QNetworkInformation.Reachability.Online)

    def _changed(self, online: bool) -> None:
        was_online, self._online = self._online, online
        if online and not was_online:
            logger.info("the network is back")
            self.came_online.emit()


# PySide6 holds the GIL for the whole of a call into Qt, and loading a back-end may wait on an
# operating-system service for good (Wine 8's network list manager does): every Python slot of
# the app would wait with it. Called through ctypes, which lets go of the GIL, it stalls only
# its own thread. Qt 6's exported name of
# ``static bool QNetworkInformation::loadDefaultBackend()``:
LOAD_DEFAULT_BACKEND = {
    "win32": "?loadDefaultBackend@QNetworkInformation@@SA_NXZ",  # MSVC
    "other": "_ZN19QNetworkInformation18loadDefaultBackendEv",  # Itanium (clang, gcc)
}


def _qt_network_libraries() -> list[str]:
    """Where QtNetwork's library may be, PySide6 having loaded it already: a bare name finds
    the loaded one (Windows, Linux); macOS needs the framework's path."""
    from pathlib import Path

    import PySide6

    package = Path(PySide6.__file__).parent
    system: str = sys.platform  # (one function for all three: no branch is dead to mypy)
    if system == "win32":
        return ["Qt6Network.dll", str(package / "Qt6Network.dll")]
    if system == "darwin":
        framework = package / "Qt" / "lib" / "QtNetwork.framework"
        return [str(framework / "Versions" / "A" / "QtNetwork"), str(framework / "QtNetwork")]
    return ["libQt6Network.so.6", str(package / "Qt" / "lib" / "libQt6Network.so.6")]


def _load_reachability() -> bool:
    """Qt's default network information back-end loaded, the GIL let go meanwhile: whether
    one that tells reachability is there now."""
    import ctypes

    from PySide6.QtNetwork import QNetworkInformation  # (loads QtNetwork's library)

    symbol = LOAD_DEFAULT_BACKEND["win32" if sys.platform == "win32" else "other"]
    libraries = _qt_network_libraries()
    for name in libraries:
        try:
            load = getattr(ctypes.CDLL(name), symbol)
        except (OSError, AttributeError):
            continue
        load.argtypes, load.restype = [], ctypes.c_bool
        if not load():
            return False
        information = QNetworkInformation.instance()
        return information is not None and information.supports(
            QNetworkInformation.Feature.Reachability
        )
    logger.info("QtNetwork's loadDefaultBackend not found in %s", libraries)
    return False


def _linux() -> bool:
    return sys.platform.startswith("linux")
