#!/usr/bin/env bash
# Runs pytest with HOME and the XDG folders in a temporary folder, so the real keyring and the
# real app data are never touched.
#   scripts/run-tests.sh [pytest args]         every test, inside a private D-Bus session with an
#                                              unlocked gnome-keyring (a real Secret Service)
#   scripts/run-tests.sh --fast [pytest args]  the quick tier (tests/conftest.py): no session bus
#                                              at all, so nothing can reach the desktop's
# Without dbus-run-session or gnome-keyring, the tests that need a Secret Service skip themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
fast=()
if [ "${1:-}" = "--fast" ]; then
  fast=(--fast)
  shift
fi
pytest=(.venv/bin/python -m pytest "${fast[@]}" "$@")

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/run"
export HOME="$scratch" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
       XDG_STATE_HOME="$scratch/state" XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/run"

if [ ${#fast[@]} -gt 0 ]; then
  unset DBUS_SESSION_BUS_ADDRESS
  exec "${pytest[@]}"
fi
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  exec dbus-run-session -- sh -c '
    printf test-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"' sh "${pytest[@]}"
fi
echo "dbus-run-session or gnome-keyring-daemon missing: Secret Service tests will skip" >&2
exec "${pytest[@]}"
