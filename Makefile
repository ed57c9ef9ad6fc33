# Two commands matter: `make run` (the app on the built-in demo server) and `make test`.
# `make test-fast` is the quick loop while changing code (no other process, X server or D-Bus).
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint sandbox clean screenshots reliability bench bundle bundle-test bundle-windows bundle-windows-test install-desktop fuzz po deb

$(STAMP): pyproject.toml
	scripts/install-system-deps.sh build
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	scripts/install-system-deps.sh gui
	$(VENV)/bin/clockify-tray --demo

sandbox: $(STAMP)
	$(VENV)/bin/clockify-tray sandbox

lint: $(STAMP)
	$(VENV)/bin/ruff check tray_app tests scripts benchmarks packaging
	$(VENV)/bin/ruff format --check tray_app tests scripts benchmarks packaging
	$(VENV)/bin/mypy
	$(VENV)/bin/mypy --platform win32 tray_app
	$(VENV)/bin/mypy --platform darwin tray_app
	$(PY) scripts/catalogs.py check

test: $(STAMP)
	scripts/install-system-deps.sh test
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory deb
	CLOCKIFY_TRAY_DEB=$$(ls -t $(CURDIR)/dist/clockify-tray_*.deb | head -1) scripts/run-tests.sh
	scripts/run-date-tests.sh
	$(MAKE) --no-print-directory bundle-windows
	scripts/run-windows-tests.sh

# Plain pytest and offscreen Qt only (tests/conftest.py says what is left out): about half a minute.
test-fast: $(STAMP)
	scripts/install-system-deps.sh fast
	$(VENV)/bin/ruff check tray_app tests scripts benchmarks
	scripts/run-tests.sh --fast

# make test fuzzes with 40 examples per operation and mode; this runs 400 (a few minutes).
fuzz: $(STAMP)
	FUZZ_EXAMPLES=400 scripts/run-tests.sh tests/contract/test_fuzz.py

# The translation catalogs: the template from the source, each language merged, compiled.
po: $(STAMP)
	$(PY) scripts/catalogs.py update

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist

screenshots: $(STAMP)
	scripts/screenshots.sh

reliability: $(STAMP)
	$(PY) -m scripts.reliability

bench: $(STAMP)
	$(PY) -m benchmarks.run

bundle: $(STAMP)
	scripts/install-system-deps.sh gui
	$(PY) -m pip install -q -e '.[test,bundle]'
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller packaging/clockify-tray.spec

# The Debian package (Debian 12, Ubuntu 24.04) from the bundle: dist/clockify-tray_<version>_<arch>.deb.
deb: bundle
	scripts/install-system-deps.sh deb
	$(PY) scripts/build_deb.py

bundle-test:
	packaging/bundle-test.sh

# The Windows bundle, built by PyInstaller in a Windows CPython under Wine (scripts/windows_bundle.py),
# in dist-windows/clockify-tray/; its smoke test runs it under Wine (tests/windows/test_bundle.py).
bundle-windows: $(STAMP)
	$(PY) scripts/windows_python.py
	$(PY) -m scripts.windows_bundle

bundle-windows-test: $(STAMP)
	scripts/run-windows-tests.sh -k test_bundle

# Desktop integration for the current user: menu entry, icon, AppStream metadata.
PREFIX ?= $(HOME)/.local
install-desktop:
	install -Dm644 resources/clockify-tray.desktop $(PREFIX)/share/applications/clockify-tray.desktop
	install -Dm644 tray_app/resources/icons/app.svg $(PREFIX)/share/icons/hicolor/scalable/apps/clockify-tray.svg
	install -Dm644 resources/io.github.clockify_tray.ClockifyTray.metainfo.xml $(PREFIX)/share/metainfo/io.github.clockify_tray.ClockifyTray.metainfo.xml
