"""The session: the API key in its store, the client made from it, and sign-in.

Sign-in checks the key with Clockify before keeping it. A key unknown to the chosen region is
tried on the other regions, so a key of another region is told apart from a wrong key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from tray_app.clockify import AuthError, ClockifyClient, ClockifyError, User
from tray_app.clockify.errors import CODE_UNKNOWN_KEY
from tray_app.clockify.regions import REGION_NAMES, REGIONS, resolve_base_url
from tray_app.clockify.reports import ReportsClient, reports_base_url
from tray_app.core.logs import register_secret
from tray_app.core.ports import CredentialsError, KeyStore
from tray_app.i18n import N_, _

logger = logging.getLogger(__name__)

ClientFactory = Callable[[str, str], ClockifyClient]
NOT_SIGNED_IN = N_("Not signed in. Choose “Sign in…” in the tray menu.")
KEY_REFUSED = N_(
    "Clockify no longer accepts the saved API key. Sign in again from the tray menu; "
    "your changes are kept and will be sent then."
)
SIGN_IN_HINT = N_(
    "Sign in with your Clockify API key (clockify.me → Profile settings → API) "
    "from the tray menu to start tracking."
)


@dataclass(frozen=True)
class SignInResult:
    """The answer to a sign-in attempt.

    Attributes:
        ok: the key was accepted.
        message: what to show under the form (error or success details).
        key_saved: False when the key could not go into the keyring (kept in memory).
        user: who signed in, when ``ok``.
    """

    ok: bool
    message: str
    name: str = ""
    email: str = ""
    key_saved: bool = True
    user: User | None = None


class Session:
    """Holds the client for the signed-in key; makes, checks and forgets keys.

    Args:
        client_factory: makes a client from an API key and a base URL.
        key_store: where the key is kept (keyring, or memory).
        regions: region name → base URL, probed when a key is unknown in the chosen region.
        reports_url: the reports host for this run (``CLOCKIFY_REPORTS_URL``); else derived
            from the API's URL as Clockify documents it.
        reports_factory: makes a reports client from an API key and the reports host's URL.
    """

    def __init__(
        self,
        client_factory: ClientFactory,
        key_store: KeyStore,
        regions: dict[str, str] | None = None,
        *,
        reports_url: str = "",
        reports_factory: Callable[[str, str], ReportsClient] = ReportsClient,
    ) -> None:
        self._client_factory = client_factory
        self._key_store = key_store
        self._regions = regions if regions is not None else REGIONS
        self._reports_url = reports_url
        self._reports_factory = reports_factory
        self._connected: tuple[str, str] | None = None  # key and base URL, for the reports
        self.client: ClockifyClient | None = None
        self._reports: ReportsClient | None = None

    def base_url(self, text: str) -> str:
        """A region name (as this session knows regions) or URL, as a base URL.

        Raises:
            ValueError: neither a region nor a usable URL; the message says why.
        """
        return self._regions.get(text.strip().lower()) or resolve_base_url(text)

    def restore(self, server_text: str) -> str:
        """Connect with the stored key; '' when connected, else why not (for a person).

        The key is not checked here: the first sync does that, and offline the app works on.
        """
        try:
            api_key = self._key_store.get()
        except CredentialsError as err:
            return str(err)
        if not api_key:
            return _(SIGN_IN_HINT)
        try:
            self.connect(api_key, self.base_url(server_text))
        except ValueError as err:
            return str(err)
        return ""

    def connect(self, api_key: str, base_url: str) -> None:
        self.close()
        register_secret(api_key)
        self.client = self._client_factory(api_key, base_url)
        self._connected = (api_key, base_url)

    def reports(self) -> ReportsClient:
        """The reports host's client, made on the first report (most runs never ask one)."""
        if self._reports is None:
            if self._connected is None:
                raise AuthError(_(NOT_SIGNED_IN))
            api_key, base_url = self._connected
            url = self._reports_url or reports_base_url(base_url)
            self._reports = self._reports_factory(api_key, resolve_base_url(url))
        return self._reports

    def require_client(self) -> ClockifyClient:
        if self.client is None:
            raise AuthError(_(NOT_SIGNED_IN))
        return self.client

    def sign_in(self, api_key: str, server_text: str) -> SignInResult:
        """Check the key with Clockify, then keep it (the keyring, else memory for this run)."""
        api_key = api_key.strip()
        if not api_key:
            return SignInResult(False, _("Enter your API key."))
        try:
            base_url = self.base_url(server_text)
        except ValueError as err:
            return SignInResult(False, str(err))
        # Tried on a client of its own: until the key is accepted, the working session (and
        # what waits to be sent with it) is left as it was.
        register_secret(api_key)
        candidate = self._client_factory(api_key, base_url)
        try:
            user = candidate.get_user()
        except ClockifyError as err:
            candidate.close()
            if isinstance(err, AuthError):
                return SignInResult(False, self._explain_unknown_key(err, api_key, base_url))
            return SignInResult(False, err.message)
        self.close()
        self.client, self._connected = candidate, (api_key, base_url)
        key_saved, message, problem = True, _("Signed in as {name} ({email})."), ""
        try:
            self._key_store.set(api_key)
        except CredentialsError as err:
            # Translators: {problem} says why the key could not be kept (the keyring failed).
            key_saved, message = False, _("Signed in as {name} ({email}). {problem}")
            problem = str(err)
        message = message.format(name=user.name, email=user.email, problem=problem)
        return SignInResult(True, message, user.name, user.email, key_saved, user)

    def _explain_unknown_key(self, error: AuthError, api_key: str, base_url: str) -> str:
        """Tell a wrong key from a key of another region by asking the other regions."""
        if error.code != CODE_UNKNOWN_KEY:
            return error.message
        if base_url not in self._regions.values():  # a server of its own: no regions to name
            return _(
                "This server does not know this API key. Check that you copied all of it from "
                "the server's Profile settings → API, and the server's URL."
            )
        for region, url in self._regions.items():
            if url == base_url:
                continue
            try:
                with self._client_factory(api_key, url) as probe:
                    probe.get_user()
            except ClockifyError:
                continue
            name = _(REGION_NAMES[region]) if region in REGION_NAMES else region
            return _(
                "This key belongs to the {name} server, not this one. Choose {name} as the "
                "region and sign in again."
            ).format(name=name)
        return _(
            "Clockify does not know this API key in any region. Check that you copied all of "
            "it from clockify.me → Profile settings → API, or generate a new one there."
        )

    def sign_out(self) -> str:
        """Forget the key and close the client; a message when the key store failed, else ''."""
        message = ""
        try:
            self._key_store.delete()
        except CredentialsError as err:
            message = str(err)
        self.close()
        return message

    def close(self) -> None:
        """Close the HTTP client; call from the worker's thread or after it has finished."""
        if self.client is not None:
            self.client.close()
            self.client = None
        if self._reports is not None:
            self._reports.close()
            self._reports = None
        self._connected = None
