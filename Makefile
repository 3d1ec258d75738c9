# One task file for people and CI. `make run` and `make test` are the README's quick start.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SW := $(BIN)/stretchwise
PG_URL ?= postgres://postgres@127.0.0.1:5432/stretchwise
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run serve install test check lint format pytest-sqlite pytest-postgres demo migrate bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes, so a second `make run` is quick.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed

migrate: install
	@mkdir -p var
	$(SW) migrate --noinput

demo: migrate
	$(SW) demo

## make run: the demo clinic on SQLite at http://127.0.0.1:8000
run: demo
	@echo
	@echo "Stretchwise is starting at http://127.0.0.1:8000  (stop it with Ctrl+C)"
	DEBUG=true $(SW) runserver 127.0.0.1:8000

## make test: lint, types, import contract, migrations, then the suite on SQLite and PostgreSQL
test: $(VENV)/.installed-test check pytest-sqlite pytest-postgres
	@echo "All checks and tests passed."

check: $(VENV)/.installed-test
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy stretchwise tests bench conftest.py
	$(BIN)/lint-imports
	$(SW) kb check
	$(SW) makemigrations --check --dry-run
	@DEBUG=false HTTPS=true SECRET_KEY="$$(head -c 48 /dev/urandom | base64)" \
	  ALLOWED_HOSTS=clinic.example $(SW) check --deploy --fail-level WARNING

# Everything once on SQLite: pure tests, database tests and the browser tests.
pytest-sqlite: $(VENV)/.installed-test
	$(BIN)/pytest -n 2 -p no:cacheprovider -m "not postgres_only"

# The database tests again on PostgreSQL. Without a server this says so and skips, unless CI=true.
pytest-postgres: $(VENV)/.installed-test
	@if $(BIN)/python tests/postgres_available.py "$(PG_URL)"; then \
	  DATABASE_URL="$(PG_URL)" $(BIN)/pytest -n 2 -p no:cacheprovider -m "django_db and not browser"; \
	elif [ "$$CI" = "true" ]; then \
	  echo "PostgreSQL is not reachable at $(PG_URL) and CI=true: failing." >&2; exit 1; \
	else \
	  echo; echo "!!! PostgreSQL is not reachable at $(PG_URL): the PostgreSQL run was SKIPPED. !!!"; echo; \
	fi

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var/static .pytest_cache .mypy_cache .ruff_cache

## make bench [BENCH=prefix]: serve with gunicorn and measure with wrk (docs/benchmarks.md)
bench: $(VENV)/.installed-test
	BENCH="$(BENCH)" $(BIN)/python bench/run.py
