"""ApiWorker: the one QObject that does I/O (HTTP, keyring, SQLite, settings), on its own QThread.

A thin adapter over ``core.tracking.Tracker``, which makes every decision in plain Python. What
the person asks comes in as intents (core/tracking/intents.py) through one slot; the tracker's
events go out as this object's signals (worker/signals.py); the timers the tracker asks for are
QTimers made on this thread. The worker never touches a widget. Because one thread runs every
call in turn, "stop, then start" keeps its order and the request budget is kept in one place.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Slot

from tray_app.core.clock import Clock, SystemClock
from tray_app.core.pacing import RequestBudget, Timing
from tray_app.core.preferences import Preferences
from tray_app.core.session import ClientFactory, Session, SignInResult
from tray_app.core.settings import Settings
from tray_app.core.store import Store
from tray_app.core.sync import Sync
from tray_app.core.tracking.intents import Intent
from tray_app.core.tracking.tracker import Tracker
from tray_app.platform.autostart import Autostart, launch_command
from tray_app.platform.idle import IdleSource
from tray_app.platform.keystore import KeyStore
from tray_app.platform.network import NetworkWatch
from tray_app.worker.attention_checks import AttentionChecks
from tray_app.worker.idle_checks import IdleChecks
from tray_app.worker.signals import SignalEvents, WorkerSignals

__all__ = ["ApiWorker", "RequestBudget", "SignInResult", "Timing"]


class ApiWorker(WorkerSignals):
    """Runs the tracker on the worker's thread and speaks for it in signals (WorkerSignals).

    Args:
        client_factory: makes a client from an API key and a base URL.
        key_store: where the key is kept (keyring, or memory in demo mode).
        settings: preferences; saved to ``settings_file``.
        store: the outbox and cache.
        regions: region name → base URL, probed when a key is unknown in the chosen region.
        demo: running on the built-in demo server.
        budget: the background request budget.
        timing: sync and retry intervals.
        autostart: this system's start-at-login back-end.
        server: a server for this run only (``--api-url``), winning over ``settings``.
        clock: time (injected in tests).
        reports_url: the reports host for this run (``CLOCKIFY_REPORTS_URL``), else derived.
        idle_source: where idle time is read (else the one this system offers, found once).
        watch_network: send waiting writes as soon as the system says the network is back.

    Attributes:
        clock: the time the tracker keeps; the windows read the same one.
        tracker: the decisions; its ``commands`` keeps start/stop before it is acknowledged.
    """

    def __init__(
        self,
        client_factory: ClientFactory,
        key_store: KeyStore,
        settings: Settings,
        settings_file: Path | None,
        store: Store,
        *,
        regions: dict[str, str] | None = None,
        demo: bool = False,
        budget: RequestBudget | None = None,
        timing: Timing | None = None,
        autostart: Autostart | None = None,
        server: str = "",
        clock: Clock | None = None,
        reports_url: str = "",
        watch_network: bool = True,
        idle_source: IdleSource | None = None,
    ) -> None:
        super().__init__()
        clock = clock or SystemClock()
        self.clock = clock
        self._retry_timer: QTimer | None = None
        self._sync_timer: QTimer | None = None
        self._watch_network = watch_network
        self._network: NetworkWatch | None = None
        self.tracker = Tracker(
            Session(client_factory, key_store, regions, reports_url=reports_url),
            Sync(store, budget=budget, timing=timing, clock=clock),
            store,
            Preferences(
                settings,
                settings_file,
                autostart,
                server_override=server,
                launch=launch_command(),
            ),
            SignalEvents(self, self),
            demo=demo,
            clock=clock,
        )
        self.idle_checks = IdleChecks(self.tracker, idle_source, self)
        self.attention_checks = AttentionChecks(
            self.tracker.attention, self.idle_checks.present, clock, self
        )
        self.idle_checks.back.connect(self.attention_checks.on_person_back)

    @Slot()
    def on_startup(self) -> None:
        # Timers are made here, on the worker's own thread, where they must live.
        if self._retry_timer is None:
            self._retry_timer = QTimer(self)
            self._retry_timer.setSingleShot(True)
            self._retry_timer.timeout.connect(self.tracker.reads.on_retry)
            self._sync_timer = QTimer(self)
            self._sync_timer.setInterval(int(self.tracker.sync.timing.sync_interval * 1000))
            self._sync_timer.timeout.connect(self.tracker.reads.on_tick)
            self._sync_timer.start()
            if self._watch_network:  # (tests without a system bus of their own skip both)
                self.idle_checks.watch_session()
                self._network = NetworkWatch(self)
                self._network.came_online.connect(self.tracker.reads.on_network_back)
                self._network.start()
        self.tracker.on_startup()

    @Slot(object)
    def on_request(self, intent: Intent) -> None:
        """The one way in from the GUI thread: carry out ``intent``, then let the checks
        follow whatever it changed."""
        intent.carry_out(self.tracker)
        self.follow()

    @Slot()
    def on_shutdown(self) -> None:
        """Stop this thread's timers and close the client, from the worker's own thread."""
        self.idle_checks.stop()
        self.attention_checks.stop()
        for timer in (self._retry_timer, self._sync_timer):
            if timer is not None:
                timer.stop()
        self.close()

    def close(self) -> None:
        """Close the HTTP client; call from the worker's thread or after it has finished."""
        self.tracker.close()

    # --- the timers the tracker's events drive (signals.Timers) -----------------------------

    def retry_in(self, seconds: float) -> None:
        if self._retry_timer is not None:
            self._retry_timer.start(int(seconds * 1000))

    def cancel_retry(self) -> None:
        if self._retry_timer is not None:
            self._retry_timer.stop()

    def follow(self) -> None:
        self.idle_checks.schedule()
        self.attention_checks.schedule()
