# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: install install-dev run test lint format check clean messages lock audit

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs come from the lock files, every file checked against its hash;
# `make lock` writes them from requirements*.txt (see README, "Dependencies").
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements.lock requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@ $(VENV)/.installed

# Test-only Node tools (the HTML validator), when npm is there; tests that need
# them skip with the reason otherwise (and fail the run when CI=true).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --silent && touch $@; \
	elif [ "$$CI" = "true" ]; then \
		echo "npm not found: CI needs it for the HTML validation tests" >&2; exit 1; \
	else \
		echo "npm not found: HTML validation tests will be skipped"; \
	fi

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## run: set everything up on SQLite and serve http://127.0.0.1:8000
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content
	$(MANAGE) ensure_demo_admin
	$(MANAGE) runserver 127.0.0.1:8000

## test: lint, Django checks, migrations check, then the whole pytest suite
## (one pytest-xdist worker per core; PYTEST_ARGS adds options, e.g. --reuse-db)
test: install-dev node_modules/.installed check
	$(BIN)/pytest -n auto --dist loadfile $(PYTEST_ARGS)

check: install-dev lint
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

## messages: update locale/*/django.po from the code and templates (needs GNU
## gettext, as translators' tools do), then compile them (Python only)
messages: install-dev
	$(MANAGE) makemessages --all --no-obsolete --ignore=.venv --ignore=node_modules \
		--ignore=tests --ignore=bench --ignore=.test-media --ignore=media --ignore=staticfiles
	$(MANAGE) compile_catalogues

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

# `make lock` and `make audit` run their tools (uv, pip-audit) from a venv of
# their own, .venv/tools, so that they never change the project's packages.
TOOLS := $(VENV)/tools/bin

$(TOOLS)/python: | $(BIN)/python
	$(BIN)/python -m venv $(VENV)/tools
	$(TOOLS)/python -m pip install --quiet --upgrade pip

## lock: write requirements.lock and requirements-dev.lock from requirements*.txt
## (needs PyPI). Pins that still fit the ranges are kept; LOCK_ARGS=--upgrade
## moves everything to the newest allowed, LOCK_ARGS='--upgrade-package wagtail'
## one package. The dev lock is constrained by the runtime one (same versions).
UV_COMPILE = $(TOOLS)/uv pip compile --quiet --universal --python-version 3.11 \
	--generate-hashes $(LOCK_ARGS)
lock: | $(TOOLS)/python
	$(TOOLS)/pip install --quiet 'uv>=0.5'
	$(UV_COMPILE) --output-file requirements.lock requirements.txt
	$(UV_COMPILE) --constraints requirements.lock \
		--output-file requirements-dev.lock requirements-dev.txt

## audit: check both locks for known vulnerabilities with pip-audit (needs
## network access to PyPI's vulnerability data; --strict: a package it could
## not check fails the run instead of passing unchecked)
AUDIT = $(TOOLS)/pip-audit --strict --progress-spinner off --disable-pip --require-hashes
audit: | $(TOOLS)/python
	$(TOOLS)/pip install --quiet 'pip-audit>=2.7'
	$(AUDIT) -r requirements.lock
	$(AUDIT) -r requirements-dev.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
