"""The system keyring, used from a short-lived child process of the app.

keyring and what it brings for one read at start-up (its backend, secretstorage, cryptography:
~14 MB) would stay in the tray's memory for as long as it runs; a child process reads the key,
hands it back over a pipe and takes all of that with it when it exits. The child runs the very
functions of ``system`` (so keyring's errors mean the same), answering one JSON line; the key
goes in (for a save) on its standard input, never on a command line, and never to a file.
A refusal comes back as its state and cause, worded here in the app's language (the child
chooses none). The CLI, short-lived itself, calls ``system`` directly.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys

from tray_app.platform.keystore import CredentialsError, KeyringState, state_message

logger = logging.getLogger(__name__)

HELPER_FLAG = "--keyring-helper"
# A locked keyring asks the person to unlock it: the child waits for that answer.
TIMEOUT_S = 300.0


def helper_command(action: str) -> list[str]:
    """How to start the child: the bundle runs itself, Python runs this package."""
    if getattr(sys, "frozen", False):
        return [sys.executable, HELPER_FLAG, action]
    return [sys.executable, "-m", "tray_app", HELPER_FLAG, action]


class SeparateKeyringStore:
    """The key in the system keyring, each call made by a child process."""

    def get(self) -> str | None:
        return self._run("get")

    def set(self, api_key: str) -> None:
        self._run("set", api_key)

    def delete(self) -> None:
        self._run("delete")

    def _run(self, action: str, key: str = "") -> str | None:
        try:
            done = subprocess.run(
                helper_command(action),
                input=key,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
                check=False,
            )
            answer = json.loads(done.stdout.strip().splitlines()[-1])
        except (OSError, subprocess.SubprocessError, ValueError, IndexError) as err:
            logger.warning("keyring helper failed: %s", type(err).__name__)
            failed = KeyringState.FAILED
            raise CredentialsError(failed, state_message(failed, type(err).__name__)) from err
        if "error" in answer:
            state = KeyringState(answer["error"])
            raise CredentialsError(state, state_message(state, str(answer.get("cause", ""))))
        value = answer.get("key")
        return str(value) if value is not None else None


def run_helper(action: str) -> int:
    """The child's side: one keyring call, its answer as one JSON line on stdout."""
    from tray_app.platform.keystore import system

    try:
        if action == "get":
            answer: dict[str, str | None] = {"key": system.get_api_key()}
        elif action == "set":
            system.set_api_key(sys.stdin.read())
            answer = {}
        elif action == "delete":
            system.delete_api_key()
            answer = {}
        else:
            answer = {"error": KeyringState.FAILED.value, "cause": f"unknown action {action}"}
    except CredentialsError as err:
        # (raised from the keyring's own error: its kind is the cause)
        cause = type(err.__cause__).__name__ if err.__cause__ is not None else ""
        answer = {"error": err.state.value, "cause": cause}
    print(json.dumps(answer), flush=True)
    return 0
