#!/usr/bin/env bash
# Installs the Debian/Ubuntu libraries Qt and the tests need, when missing and when run as root.
# Usage: scripts/install-system-deps.sh build|test|fast|gui|screenshots|windows|deb
set -euo pipefail

qt_offscreen=(libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3)
qt_xcb=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0
        libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0)
secret_service=(gnome-keyring libsecret-tools dbus-x11 dbus)
desktop=(desktop-file-utils appstream)
screen=(xvfb xauth trayer xdotool imagemagick xfce4-panel xfconf dbus)
# Real X input (tests/test_real_keys*.py, under openbox where focus matters, read by xprop)
# and X11 idle time (tests/test_idle_sources.py).
x_input=(xvfb xauth xdotool libxss1 openbox x11-utils)
# Tray hosts on Xvfb (tests/test_tray_hosts.py): XEmbed (trayer) and StatusNotifierItem
# (xfce4-panel's systray), read back from screenshots.
trays=(trayer xfce4-panel xfconf imagemagick)
# What a screen reader sees (tests/test_accessibility.py): the accessibility bus, and pyatspi
# for Debian's own Python, which reads it.
accessibility=(at-spi2-core python3-pyatspi)
# dbus-python and PyGObject (test dependencies, for python-dbusmock) build from source
# against these.
# The Debian package (make deb) and its test: lintian, and a fresh minimal Debian to install it
# into (tests/test_deb.py).
deb=(debootstrap lintian)
# The date tests run again at faked moments (scripts/run-date-tests.sh).
dates=(faketime)
build=(libdbus-1-dev libglib2.0-dev pkg-config libgirepository1.0-dev libcairo2-dev)
# A Windows Python under Wine (scripts/windows_python.py): 64-bit Wine, and MinGW for the
# stand-in icuuc.dll that PySide6 needs there.
windows=(wine wine64 gcc-mingw-w64-x86-64-win32)

case "${1:-test}" in
  build) wanted=("${build[@]}") ;;
  # The app on Xvfb through xcb, keys by xdotool; idle time from the XScreenSaver extension.
  test) wanted=("${qt_offscreen[@]}" "${secret_service[@]}" "${desktop[@]}" "${qt_xcb[@]}"
                "${x_input[@]}" "${trays[@]}" "${accessibility[@]}" "${dates[@]}" "${deb[@]}") ;;
  deb) wanted=("${deb[@]}") ;;
  fast) wanted=("${qt_offscreen[@]}") ;;
  gui) wanted=("${qt_offscreen[@]}" "${qt_xcb[@]}") ;;
  screenshots) wanted=("${qt_offscreen[@]}" "${qt_xcb[@]}" "${screen[@]}") ;;
  windows) wanted=("${windows[@]}") ;;
  *) echo "usage: $0 build|test|fast|gui|screenshots|windows|deb" >&2; exit 2 ;;
esac

command -v dpkg-query >/dev/null || { echo "Not a Debian-like system: install Qt's libraries yourself." >&2; exit 0; }

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 0
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
