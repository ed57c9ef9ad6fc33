"""Builds the Debian package from the PyInstaller bundle: ``make deb`` (after ``make bundle``).

    scripts/build_deb.py [OUT_DIR]     dist/clockify-tray_<version>_<arch>.deb by default

The package, for Debian 12 and Ubuntu 24.04:
- the bundle in its own folder, /usr/lib/clockify-tray, and ``clockify-tray`` on PATH
  (/usr/bin, a link into it);
- the .desktop file with its actions and its names in the app's languages, the icon in
  hicolor, the AppStream metainfo (the desktop's own triggers refresh their caches: no
  maintainer scripts);
- Depends: for each library a file of the bundle loads and the bundle does not carry, the
  Debian package this system has it from (as dpkg-shlibdeps would, without a source tree);
- the copyright file and a changelog, so lintian has no error to report.
Removal leaves nothing: every file is the package's; the app's own data lives in the home.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tray_app import APP_ID, __version__  # noqa: E402

BUNDLE = ROOT / "dist" / APP_ID
INSTALL = Path("usr/lib") / APP_ID
MAINTAINER = "Clockify Tray contributors <clockify-tray@users.noreply.github.com>"
HOMEPAGE = "https://github.com/clockify-tray/clockify-tray"
METAINFO = "io.github.clockify_tray.ClockifyTray.metainfo.xml"
# Libraries the system must not lack although no file links them directly: Qt's xcb plugin
# loads these at run time (ENVIRONMENT.md), and a keyring needs a Secret Service to talk to.
RUNTIME_DEPENDS = [
    "libxcb-cursor0",
    "libxkbcommon-x11-0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libdbus-1-3",
    # util-linux's libraries in the bundle call sensible-pager (lintian asks for it).
    "sensible-utils",
    # Time zones come from the system (a minimal Ubuntu has none: the demo could not start).
    "tzdata",
]
# What lintian reports of any self-contained bundle, each with why it is so; every other
# error is fixed, not overridden.
LINTIAN_OVERRIDES = """\
# A PyInstaller bundle: its libraries find each other in the app's own folder ($ORIGIN).
clockify-tray: custom-library-search-path
# It carries the libraries it was built and tested with (Qt's, Python's), in its own folder.
clockify-tray: embedded-library
# Python's extension modules take libc's symbols from the interpreter that loads them.
clockify-tray: library-not-linked-against-libc
"""
RECOMMENDS = ["gnome-keyring | kwalletmanager | keepassxc"]
DESCRIPTION = """\
Light tray timer for Clockify
 Start and stop your Clockify timer with one click from the system tray, pick a
 project out of thousands from the keyboard, log forgotten work in a form, fix
 and export your week, and be asked about idle time and forgotten timers.
 Entries made offline are kept and sent exactly once when the connection
 returns. A command line interface (clockify-tray api) scripts the same
 actions and prints JSON; clockify-tray status feeds status bars."""


def architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def _elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def system_libraries(folder: Path) -> set[str]:
    """The system paths of the libraries the bundle's files load and it does not carry."""
    carried = {path.name for path in folder.rglob("*")}
    found: set[str] = set()
    for elf in _elf_files(folder):
        listed = subprocess.run(
            ["ldd", str(elf)], capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"}
        ).stdout
        for line in listed.splitlines():
            match = re.match(r"\s*(\S+) => (/\S+)", line)
            if (
                match
                and match.group(1) not in carried
                and not match.group(2).startswith(str(folder))
            ):
                found.add(os.path.realpath(match.group(2)))
    return found


def packages_of(paths: set[str]) -> set[str]:
    """The installed Debian packages these files belong to (``dpkg -S``)."""
    packages: set[str] = set()
    for path in sorted(paths):
        for candidate in (path, path.replace("/usr/lib/", "/lib/", 1)):
            owner = subprocess.run(
                ["dpkg", "-S", candidate], capture_output=True, text=True
            ).stdout.strip()
            if owner:
                packages.update(p.split(":")[0].strip() for p in owner.split(":", 1)[0].split(","))
                break
        else:
            raise SystemExit(f"no Debian package has {path}: install it or ship it")
    return packages


def depends(folder: Path) -> list[str]:
    return sorted(packages_of(system_libraries(folder)) | set(RUNTIME_DEPENDS))


def _desktop_file() -> str:
    """The .desktop file, with its names in each of the app's languages."""
    from tray_app import i18n

    text = (ROOT / "resources" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        lines.append(line)
        key, _eq, value = line.partition("=")
        if key in ("Name", "GenericName", "Comment") and value != "Clockify Tray":
            for code in i18n.LANGUAGES:
                if code == "en":
                    continue
                i18n.use(code)
                translated = i18n._(value.removesuffix("…")) + ("…" if value.endswith("…") else "")
                i18n.use("en")
                if translated != value:
                    lines.append(f"{key}[{code}]={translated}")
    return "\n".join(lines) + "\n"


def _copyright() -> str:
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    # The MIT text without its title and copyright line (the fields above say those).
    terms = license_text.split("Permission is hereby granted", 1)[1]
    body = "\n".join(
        f" {line}" if line.strip() else " ."
        for line in f"Permission is hereby granted{terms}".splitlines()
    )
    return (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: clockify-tray\n"
        f"Source: {HOMEPAGE}\n\n"
        "Files: *\n"
        "Copyright: Clockify Tray contributors\n"
        "License: MIT\n"
        f"{body}\n\n"
        f"Files: {INSTALL}/_internal/*\n"
        "Copyright: The Qt Company Ltd. and other contributors; the Python Software Foundation;\n"
        " the authors of httpx, keyring, platformdirs and their dependencies\n"
        "License: LGPL-3 and PSF-2 and BSD-3-clause and MIT and Apache-2.0\n"
        " The bundle carries Python, PySide6 (Qt for Python, LGPL-3) and the libraries\n"
        " the app depends on, each under its own license, which it carries with it.\n"
        " On Debian systems the LGPL-3 is in /usr/share/common-licenses/LGPL-3 and the\n"
        " Apache license in /usr/share/common-licenses/Apache-2.0.\n"
    )


def _changelog(version: str) -> bytes:
    when = format_datetime(datetime.now(UTC).replace(microsecond=0))
    text = (
        f"clockify-tray ({version}) unstable; urgency=medium\n\n"
        "  * Built from the app's PyInstaller bundle (scripts/build_deb.py).\n\n"
        f" -- {MAINTAINER}  {when}\n"
    )
    return gzip.compress(text.encode(), compresslevel=9, mtime=0)


def stage(root: Path, version: str, arch: str) -> None:
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(BUNDLE, root / INSTALL, symlinks=True)
    (root / "usr/bin").mkdir(parents=True)
    (root / "usr/bin" / APP_ID).symlink_to(Path("..") / "lib" / APP_ID / APP_ID)
    share = root / "usr/share"
    (share / "applications").mkdir(parents=True)
    (share / "applications" / f"{APP_ID}.desktop").write_text(_desktop_file(), encoding="utf-8")
    icons = share / "icons/hicolor/scalable/apps"
    icons.mkdir(parents=True)
    shutil.copy(ROOT / "tray_app/resources/icons/app.svg", icons / f"{APP_ID}.svg")
    (share / "metainfo").mkdir(parents=True)
    shutil.copy(ROOT / "resources" / METAINFO, share / "metainfo" / METAINFO)
    doc = share / "doc" / APP_ID
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(_copyright(), encoding="utf-8")
    (doc / "changelog.gz").write_bytes(_changelog(version))
    overrides = share / "lintian" / "overrides"
    overrides.mkdir(parents=True)
    (overrides / APP_ID).write_text(LINTIAN_OVERRIDES, encoding="utf-8")
    size_kb = sum(p.lstat().st_size for p in root.rglob("*") if not p.is_dir()) // 1024
    control = root / "DEBIAN"
    control.mkdir()
    (control / "control").write_text(
        f"Package: {APP_ID}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {size_kb}\n"
        f"Depends: {', '.join(depends(BUNDLE))}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: utils\n"
        "Priority: optional\n"
        f"Homepage: {HOMEPAGE}\n"
        f"Description: {DESCRIPTION}\n",
        encoding="utf-8",
    )
    for path in root.rglob("*"):  # what dpkg-deb and lintian expect of modes
        if path.is_symlink():
            continue
        library = re.search(r"\.so(\.|$)", path.name) is not None
        if path.is_dir() or (os.access(path, os.X_OK) and not library):
            path.chmod(0o755)
        else:
            path.chmod(0o644)  # (a shared library is loaded, not run)


def main(argv: list[str]) -> int:
    if not (BUNDLE / APP_ID).exists():
        print(f"no bundle in {BUNDLE}: run make bundle first", file=sys.stderr)
        return 2
    out = Path(argv[0]) if argv else ROOT / "dist"
    arch = architecture()
    version = __version__
    root = ROOT / "build" / "deb" / f"{APP_ID}_{version}_{arch}"
    stage(root, version, arch)
    out.mkdir(parents=True, exist_ok=True)
    package = out / f"{APP_ID}_{version}_{arch}.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", str(root), str(package)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"built {package} ({package.stat().st_size // 1048576} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
