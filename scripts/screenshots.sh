#!/usr/bin/env bash
# Takes the README's screenshots: the demo app on a virtual X screen with a real tray host.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh screenshots
display=":$((90 + RANDOM % 9))"
runtime=$(mktemp -d)
chmod 700 "$runtime"
export DISPLAY="$display" QT_QPA_PLATFORM=xcb XDG_RUNTIME_DIR="$runtime"
Xvfb "$display" -screen 0 1024x700x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $tray_host $xvfb 2>/dev/null; rm -rf "$runtime"' EXIT
sleep 1
trayer --edge top --align right --widthtype request --height 32 --transparent false \
  --tint 0x303030 --SetDockType true >/dev/null 2>&1 &
tray_host=$!
sleep 1
.venv/bin/python scripts/screenshots.py docs
# The README's German pictures: the menu, quick start and last week's entries.
.venv/bin/python scripts/screenshots.py docs de
kill $tray_host
# The StatusNotifierItem tray: xfce4-panel's systray, on a D-Bus session of its own.
home=$(mktemp -d)
HOME="$home" XDG_CONFIG_HOME="$home/config" QT_QPA_PLATFORM=xcb \
  dbus-run-session -- env QT_QPA_PLATFORM=xcb .venv/bin/python scripts/screenshot_sni.py docs
rm -rf "$home"
