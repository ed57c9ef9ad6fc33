"""The Debian package as a user meets it: installed with apt into a fresh minimal Debian
(debootstrap --variant=minbase, Debian's own package), run there (its version, the CLI against
the sandbox, the tray app on Xvfb in a real tray host), and removed without a trace.

``make test`` builds the package (``make deb``) and names it in ``CLOCKIFY_TRAY_DEB``; a plain
pytest run without it skips this. It needs root (chroot, mount), as ``make test`` has it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.x11 import IDLE_BLUE, find_colour, wait_for
from tray_app import APP_ID, __version__
from tray_app.sandbox import Sandbox

DEB = os.environ.get("CLOCKIFY_TRAY_DEB", "")
# Outside the tests' throwaway home: made once per machine (debootstrap, about 30 s).
CACHE = Path(os.environ.get("CLOCKIFY_DEB_CACHE", "/var/cache/clockify-tray-deb"))
# (suite, mirror, components, extra debootstrap options): Debian 12 and Ubuntu 24.04. This
# machine has no Ubuntu keyring to check the bootstrap against; the system it makes has, and its
# apt checks every package from then on.
SYSTEMS = {
    "bookworm": ("http://deb.debian.org/debian", "main", ()),
    "noble": (
        "http://archive.ubuntu.com/ubuntu",
        "main universe",
        ("--no-check-gpg", "--components=main,universe"),
    ),
}

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(not DEB, reason="make test builds the package (make deb) and names it"),
]


def pristine(cache: Path, suite: str) -> Path:
    """A minimal system, made once by debootstrap and kept: copied for each run."""
    mirror, components, options = SYSTEMS[suite]
    tree = cache / suite
    if not (tree / "etc" / "os-release").exists():
        shutil.rmtree(tree, ignore_errors=True)
        cache.mkdir(parents=True, exist_ok=True)
        script = [] if suite == "bookworm" else ["/usr/share/debootstrap/scripts/gutsy"]
        subprocess.run(
            ["debootstrap", "--variant=minbase", *options, suite, str(tree), mirror, *script],
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=900,
        )
        (tree / "etc/apt/sources.list").write_text(f"deb {mirror} {suite} {components}\n")
    return tree


class Debian:
    """A fresh copy of the minimal Debian, /proc and the X socket folder mounted in it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.mounts: list[Path] = []

    def mount(self, *args: str, target: str) -> None:
        where = self.root / target.lstrip("/")
        where.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", *args, str(where)], check=True)
        self.mounts.append(where)

    def run(
        self, command: str, timeout: float = 300, **env: str
    ) -> subprocess.CompletedProcess[str]:
        """``command`` by sh inside, with a clean environment (nothing of this machine's)."""
        clean = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root", "LANG": "C.UTF-8", **env}
        return subprocess.run(
            ["chroot", str(self.root), "env", "-i", *(f"{k}={v}" for k, v in clean.items()),
             "sh", "-c", command],
            capture_output=True,
            text=True,
            timeout=timeout,
        )  # fmt: skip

    def start(self, command: str, **env: str) -> subprocess.Popen[str]:
        clean = {"PATH": "/usr/bin:/bin", "HOME": "/root", "LANG": "C.UTF-8", **env}
        return subprocess.Popen(
            ["chroot", str(self.root), "env", "-i", *(f"{k}={v}" for k, v in clean.items()),
             "sh", "-c", command],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip

    def files(self) -> set[str]:
        """Every path of the system, but what changes by itself (apt's lists, logs, caches)."""
        skipped = ("proc/", "tmp/", "var/", "root/", "run/", "dev/")
        return {
            str(path.relative_to(self.root))
            for path in self.root.rglob("*")
            if not str(path.relative_to(self.root)).startswith(skipped)
        }

    def close(self) -> None:
        for where in reversed(self.mounts):
            subprocess.run(["umount", "-l", str(where)], check=False)


@pytest.fixture(params=list(SYSTEMS))
def debian(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Debian]:
    """A fresh Debian 12, then a fresh Ubuntu 24.04."""
    if os.geteuid() != 0 or not shutil.which("debootstrap"):
        pytest.fail("the package test needs root and debootstrap (make test installs it)")
    root = tmp_path / "debian"
    subprocess.run(["cp", "-a", str(pristine(CACHE, request.param)), str(root)], check=True)
    shutil.copy("/etc/resolv.conf", root / "etc" / "resolv.conf")
    system = Debian(root)
    system.mount("-t", "proc", "proc", target="/proc")
    try:
        yield system
    finally:
        system.close()
        shutil.rmtree(root, ignore_errors=True)


def test_lintian_finds_no_error_in_the_package() -> None:
    found = subprocess.run(
        ["lintian", "--no-tag-display-limit", DEB], capture_output=True, text=True, timeout=300
    )
    errors = [line for line in found.stdout.splitlines() if line.startswith("E:")]
    assert errors == [], "\n".join(errors)


def test_the_package_installs_runs_and_leaves_no_trace(
    debian: Debian, sandbox: Sandbox, display: str, tmp_path: Path
) -> None:
    package = Path(DEB)
    assert package.exists(), f"no package at {package}: run make deb"
    before = debian.files()
    shutil.copy(package, debian.root / "tmp" / package.name)
    installed = debian.run(
        "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
        f"--no-install-recommends /tmp/{package.name}"
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr

    # On PATH, with its menu entry, icon and AppStream data where desktops look.
    version = debian.run(f"{APP_ID} --version")
    assert version.stdout.strip() == f"{APP_ID} {__version__}", version.stderr
    desktop_file = debian.root / "usr/share/applications" / f"{APP_ID}.desktop"
    assert "Actions=QuickStart;ManualEntry;" in desktop_file.read_text()
    assert "Name[de]=" in desktop_file.read_text()  # the menu speaks the app's languages
    assert (debian.root / "usr/share/icons/hicolor/scalable/apps" / f"{APP_ID}.svg").exists()
    assert list((debian.root / "usr/share/metainfo").glob("*.metainfo.xml"))
    internal = debian.root / "usr/lib" / APP_ID / "_internal"
    for code, qt in (("de", "de"), ("es", "es"), ("fr", "fr"), ("pt", "pt_BR")):
        assert (internal / f"tray_app/locale/{code}/LC_MESSAGES/tray_app.mo").exists()
        assert (internal / f"PySide6/Qt/translations/qtbase_{qt}.qm").exists()

    # The CLI, against the sandbox on this machine (the same network).
    whoami = debian.run(
        f"{APP_ID} api whoami", CLOCKIFY_API_URL=sandbox.url, CLOCKIFY_API_KEY=sandbox.api_key
    )
    assert '"status": "success"' in whoami.stdout, whoami.stdout + whoami.stderr

    # The tray app on Xvfb, in trayer (XEmbed), as a user's desktop shows it.
    debian.mount("--bind", "/tmp/.X11-unix", target="/tmp/.X11-unix")
    env = {**os.environ, "DISPLAY": display}
    host = subprocess.Popen(
        ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request", "--height",
         "32", "--transparent", "false", "--tint", "0x404040", "--SetDockType", "true"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    app = debian.start(
        f"{APP_ID} --demo --log-level INFO",
        DISPLAY=display,
        XDG_RUNTIME_DIR="/tmp",
        CLOCKIFY_TRAY_LANGUAGE="de",  # its catalog and Qt's, from the package
    )
    try:
        shot = tmp_path / "tray.png"

        def icon_shown() -> bool:
            from PySide6.QtGui import QImage

            subprocess.run(["import", "-window", "root", str(shot)], env=env, check=True)
            return find_colour(QImage(str(shot)), IDLE_BLUE, 0, 32) is not None

        wait_for(icon_shown, "the installed app's icon in the tray", 60)
        quit_app = debian.run(f"{APP_ID} --demo --quit", DISPLAY=display, XDG_RUNTIME_DIR="/tmp")
        assert "already running" in quit_app.stdout, quit_app.stdout + quit_app.stderr
        assert app.wait(timeout=30) == 0
    finally:
        if app.poll() is None:
            app.kill()
        _, errors = app.communicate(timeout=30)
        host.terminate()
        host.wait(timeout=10)
    assert "Traceback" not in errors
    assert "language: de" in errors and "no catalog" not in errors

    removed = debian.run("DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq " + APP_ID)
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert debian.run(f"dpkg -s {APP_ID}").returncode != 0
    left = {path for path in debian.files() - before if "clockify" in path}
    assert left == set()  # not a file of it anywhere
