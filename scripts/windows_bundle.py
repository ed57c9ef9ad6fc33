"""The Windows bundle (`make bundle-windows`): PyInstaller's one-folder build of
packaging/clockify-tray.spec, made by a Windows CPython under Wine, in dist-windows/clockify-tray/.

    python3 -m scripts.windows_bundle    build it (the harness, scripts/windows_python.py, must
                                         be set up), saying how long it took and its size

The build has a Python of its own beside the test harness's, in the same cache: the harness's
Python carries Wine crutches that must not shape the bundle (``_wmi.pyd`` and Qt's network list
manager plugin moved aside). This one is python.org's embeddable CPython whole, with PyInstaller,
the app's dependencies and a full PySide6 installed from win_amd64 wheels. The one thing Wine
needs while building stays in that Python, not the bundle: WMI queries fail as on a Windows
without WMI (Wine 8 lacks propsys.VariantToString and aborts; PyInstaller asks platform.*).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from scripts.windows_python import (
    PYTHON_VERSION,
    ROOT,
    Harness,
    default_cache,
    pip_download,
    requirements,
    unpack_python,
    windows_path,
)

SPEC = ROOT / "packaging" / "clockify-tray.spec"
DIST = ROOT / "dist-windows"
WORK = ROOT / "build" / "pyinstaller-windows"
# What PyInstaller needs on Windows only (a Linux pip drops them by their markers).
PYINSTALLER_WINDOWS_ONLY = ("pefile", "pywin32-ctypes")
NO_WMI = '''"""Wine 8 aborts on a WMI query: fail it as platform.py expects. Building only."""
import _wmi


def _unavailable(query):
    raise OSError("no WMI under Wine")


_wmi.exec_query = _unavailable
'''


@dataclass(frozen=True)
class Builder(Harness):
    """The bundle's own Windows Python (see above), run as the harness's is."""

    @property
    def python(self) -> Path:
        return self.cache / "bundle-python"

    @property
    def bundle_wheels(self) -> Path:
        return self.cache / "bundle-wheels"


def bundle_requirements() -> list[str]:
    """PyInstaller, as pyproject.toml's ``bundle`` extra names it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return list(project["optional-dependencies"]["bundle"])


def prepare(harness: Harness, builder: Builder) -> None:
    """The build Python and its packages, unless they are there for the same requirements."""
    unpack_python(harness.downloads, builder.python)
    wanted = [*requirements(), *bundle_requirements(), *PYINSTALLER_WINDOWS_ONLY]
    stamp = builder.installed_stamp
    if stamp.exists() and json.loads(stamp.read_text(encoding="utf-8")) == wanted:
        return
    pip_download(
        builder.bundle_wheels,
        "--only-binary=:all:",
        "--platform=win_amd64",
        f"--python-version={PYTHON_VERSION}",
        "--implementation=cp",
        *bundle_requirements(),
        *PYINSTALLER_WINDOWS_ONLY,
    )
    shutil.rmtree(builder.site_packages, ignore_errors=True)
    # The harness's pip installs it: the embeddable Python has none, and the Windows pip
    # judges the markers (tzdata, pefile) as the bundle's Windows will.
    install = [
        *("-m", "pip", "install", "--isolated", "--disable-pip-version-check", "-q"),
        *("--target", windows_path(builder.site_packages), "--no-index"),
        *("--find-links", windows_path(harness.wheels)),
        *("--find-links", windows_path(builder.bundle_wheels), "--no-warn-script-location"),
        *wanted,
    ]
    if harness.relay(install) != 0:
        raise SystemExit("pip could not install the bundle's build requirements")
    (builder.site_packages / "clockify_no_wmi.py").write_text(NO_WMI, encoding="ascii")
    (builder.site_packages / "clockify_no_wmi.pth").write_text(
        "import clockify_no_wmi\n", encoding="ascii"
    )
    stamp.write_text(json.dumps(wanted), encoding="utf-8")


def build(harness: Harness) -> Path:
    """dist-windows/clockify-tray/, built afresh."""
    builder = Builder(harness.cache, harness.source)
    with harness.session():
        started = time.monotonic()
        prepare(harness, builder)
        print(f"build Python ready in {time.monotonic() - started:.1f} s", flush=True)
        started = time.monotonic()
        pyinstaller = [
            *("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN"),
            *("--distpath", windows_path(DIST), "--workpath", windows_path(WORK)),
            windows_path(SPEC),
        ]
        if builder.relay(pyinstaller) != 0:
            raise SystemExit("PyInstaller failed under Wine")
    bundle = DIST / "clockify-tray"
    size = subprocess.run(["du", "-sh", bundle], capture_output=True, text=True).stdout.split()[0]
    files = sum(1 for path in bundle.rglob("*") if path.is_file())
    print(f"built {bundle} in {time.monotonic() - started:.1f} s: {size}, {files} files")
    return bundle


def main() -> int:
    harness = Harness(default_cache())
    why = harness.missing()
    if why:
        print(f"{why}: set it up with scripts/windows_python.py", file=sys.stderr)
        return 2
    build(harness)
    return 0


if __name__ == "__main__":
    sys.exit(main())
