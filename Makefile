# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: install install-dev run test lint format check clean messages

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
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

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
