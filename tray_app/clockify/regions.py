"""Clockify's regions and how a region name or URL becomes a base URL (no I/O, no httpx).

The sign-in dialog shows the region names; the client and the session resolve the URLs.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit, urlunsplit

from tray_app.i18n import N_, _

GLOBAL_API = "https://api.clockify.me/api/v1"
# Clockify keeps each region's data, and each region's API keys, on its own host.
REGIONS: dict[str, str] = {
    "global": GLOBAL_API,
    "euc1": "https://euc1.clockify.me/api/v1",
    "use2": "https://use2.clockify.me/api/v1",
    "euw2": "https://euw2.clockify.me/api/v1",
    "apse2": "https://apse2.clockify.me/api/v1",
}
# Each region as a person knows it: marked for the catalogs, translated with ``_`` where shown.
REGION_NAMES: dict[str, str] = {
    # Translators: the region of Clockify's global server (not one of the regional ones).
    "global": N_("Global"),
    "euc1": N_("EU (Germany)"),
    "use2": N_("USA"),
    "euw2": N_("UK"),
    "apse2": N_("Australia"),
}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def resolve_base_url(value: str | None) -> str:
    """Turn a region name (``euc1``) or a URL into the API base URL ending in ``/v1``.

    ``https://host`` and ``https://host/api`` are completed to ``…/api/v1``. Plain ``http`` is
    refused except to this machine, so a key is never sent in clear over a network.

    Raises:
        ValueError: the value is neither a region nor a usable URL; the message says why.
    """
    if not value or not value.strip():
        return GLOBAL_API
    text = value.strip()
    if text.lower() in REGIONS:
        return REGIONS[text.lower()]
    try:
        url = urlsplit(text)
        host = url.hostname or ""
        url.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        url, host = None, ""
    if url is None or url.scheme.lower() not in ("http", "https") or not host:
        regions = ", ".join(REGIONS)
        raise ValueError(
            _("'{address}' is not a Clockify server address or a region ({regions})").format(
                address=text, regions=regions
            )
        )
    if url.scheme.lower() == "http" and not is_loopback(host):
        raise ValueError(
            _(
                "'{address}' uses plain http; the API key would travel unencrypted. Use https."
            ).format(address=text)
        )
    path = url.path.rstrip("/")
    if path in ("", "/api"):
        path = "/api/v1"
    return urlunsplit((url.scheme.lower(), url.netloc, path, "", "")).rstrip("/")
