#!/usr/bin/env bash
# Smoke test of the bundle: --version, then `api list-workspaces` against the bundle's own
# sandbox, offscreen; prints the bundle's size.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=dist/clockify-tray/clockify-tray
[ -x "$binary" ] || { echo "no bundle: run make bundle first" >&2; exit 1; }
export QT_QPA_PLATFORM=offscreen PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring

echo "--version: $("$binary" --version)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$binary" sandbox --port "$port" > /tmp/bundle-sandbox.log 2>&1 &
sandbox=$!
trap 'kill $sandbox 2>/dev/null' EXIT
for _ in $(seq 50); do grep -q "listening" /tmp/bundle-sandbox.log && break; sleep 0.2; done

answer=$(CLOCKIFY_API_URL="http://127.0.0.1:$port/api/v1" CLOCKIFY_API_KEY=sandbox-demo-key-not-a-secret \
  "$binary" api list-workspaces)
echo "api list-workspaces: $answer"
echo "$answer" | grep -q '"status": "success"' || { echo "FAILED: no success" >&2; exit 1; }
echo "$answer" | grep -q '"count": 2' || { echo "FAILED: expected the two demo workspaces" >&2; exit 1; }

echo "bundle size: $(du -sh dist/clockify-tray | cut -f1) ($(find dist/clockify-tray -type f | wc -l) files)"
echo "compressed:  $(tar -C dist -czf - clockify-tray | wc -c | awk '{printf "%.0f MB", $1/1048576}')"
echo "bundle test passed"
