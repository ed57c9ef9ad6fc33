#!/usr/bin/env bash
# Runs pytest inside a private D-Bus session with an unlocked gnome-keyring, so the keyring
# tests talk to a real Secret Service. HOME and XDG dirs point at a temporary folder: the real
# keyring and the real app data are never touched. Without those tools, the tests that need a
# Secret Service skip themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
pytest=(.venv/bin/python -m pytest "$@")

if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  mkdir -m 700 "$scratch/run"
  export HOME="$scratch" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
         XDG_STATE_HOME="$scratch/state" XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/run"
  exec dbus-run-session -- sh -c '
    printf test-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"' sh "${pytest[@]}"
fi
echo "dbus-run-session or gnome-keyring-daemon missing: Secret Service tests will skip" >&2
exec "${pytest[@]}"
