#!/usr/bin/env bash
# The tests marked `windows` (tests/windows) in a real Windows Python under Wine: sets the
# harness up first (scripts/windows_python.py: cached, only checks once done), then runs
# pytest --windows with HOME and the XDG folders in a temporary folder, as run-tests.sh does.
#   scripts/run-windows-tests.sh [pytest args]
# The harness lives in $CLOCKIFY_WINE_CACHE (default ~/.cache/clockify-tray-wine of the account).
set -euo pipefail
cd "$(dirname "$0")/.."
python=.venv/bin/python
if [ ! -x "$python" ]; then  # a git worktree without its own: the main checkout's
  python="$(git rev-parse --path-format=absolute --git-common-dir)/../.venv/bin/python"
fi
"$python" scripts/windows_python.py

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/run"
export HOME="$scratch" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
       XDG_STATE_HOME="$scratch/state" XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/run"
unset DBUS_SESSION_BUS_ADDRESS
"$python" -m pytest --windows -m windows -p no:cacheprovider tests/windows "$@"
