"""Knowing at once when the network comes back, from the system (Qt's QNetworkInformation).

On Linux that is NetworkManager over the system D-Bus (Qt's ``networkmanager`` plugin); on
Windows and macOS, Qt's native back-ends. Where none is available, the app keeps to its retry
timer: nothing is lost, only later.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

logger = logging.getLogger(__name__)


class NetworkWatch(QObject):
    """Tells when the system's network becomes reachable again.

    Signals:
        came_online(): reachability went from anything else to Online.
    """

    came_online = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._online: bool | None = None

    def start(self) -> str:
        """Load the system's back-end; its name, or '' when this system offers none."""
        # QtNetwork loads here, after the tray shows, and only once.
        from PySide6.QtNetwork import QNetworkInformation

        if not QNetworkInformation.loadBackendByFeatures(QNetworkInformation.Feature.Reachability):
            logger.info("no network information back-end: retries alone bring writes back")
            return ""
        information = QNetworkInformation.instance()
        self._online = information.reachability() == QNetworkInformation.Reachability.Online
        information.reachabilityChanged.connect(self.on_information_reachability_changed)
        logger.info("network information from %s", information.backendName())
        return str(information.backendName())

    def on_information_reachability_changed(self, reachability: object) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        online = reachability == QNetworkInformation.Reachability.Online
        was_online, self._online = self._online, online
        if online and not was_online:
            logger.info("the network is back")
            self.came_online.emit()
