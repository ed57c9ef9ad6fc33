# Two commands matter: `make run` (the app on the built-in demo server) and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint sandbox clean screenshots reliability bench

$(STAMP): pyproject.toml
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
	$(VENV)/bin/ruff check tray_app tests scripts
	$(VENV)/bin/ruff format --check tray_app tests scripts
	$(VENV)/bin/mypy

test: $(STAMP)
	scripts/install-system-deps.sh test
	$(MAKE) --no-print-directory lint
	scripts/run-tests.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

screenshots: $(STAMP)
	scripts/screenshots.sh

reliability: $(STAMP)
	$(PY) -m scripts.reliability

bench: $(STAMP)
	$(PY) -m benchmarks.run
