# povertyplan: developer and CI entry points.
#
#   make venv           .venv from pyproject.toml + uv.lock (uv sync --frozen)
#   make run            migrate, load demo data, serve on http://127.0.0.1:8000
#   make test           whole pytest suite on SQLite, then on a throwaway PostgreSQL
#   make test-sqlite    ... SQLite only
#   make test-postgres  ... PostgreSQL only (scripts/with_postgres.py starts and removes the server)
#   make check          ruff lint and format check, missing migrations, Django system checks
#   make bench-pdf      the plan's PDF against WeasyPrint alone on the same HTML (bench/README.md)
#
# Extra pytest arguments: make test PYTEST_ARGS="-x -k plans"

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
VENV := .venv
PY := $(VENV)/bin/python
# uv sync leaves .venv/bin/python (a symlink to the base interpreter) untouched when nothing
# changed, and touching it would touch the system interpreter: a stamp records the last sync.
VENV_STAMP := $(VENV)/.uv-synced

# Settings refuse to start without DJANGO_SECRET_KEY/ALLOWED_HOSTS unless DEBUG is on.
DEV_ENV := DJANGO_DEBUG=1
MANAGE := $(DEV_ENV) $(PY) manage.py
PYTEST_ARGS ?=
# Address for make run: make run ADDR=127.0.0.1:8001
# make run answers an unknown address with our Vietnamese 404 page, as production does (tracebacks on errors
# stay); DJANGO_DEBUG_404=1 make run shows Django's technical 404 page instead.
ADDR ?= 127.0.0.1:8000

.PHONY: help venv run test test-sqlite test-postgres check messages bench-pdf

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

venv: $(VENV_STAMP)

$(VENV_STAMP): pyproject.toml uv.lock
	@if ! command -v uv >/dev/null 2>&1 && ! python3 -m uv --version >/dev/null 2>&1; then \
		echo "uv not found: installing uv==$(UV_VERSION) with pip"; \
		PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION); \
	fi
	@if command -v uv >/dev/null 2>&1; then uv=uv; else uv="python3 -m uv"; fi; \
		echo "$$uv sync --frozen"; $$uv sync --frozen
	@test -x $(PY)
	@touch $@

# Compiled catalogues (.mo) are build output; skipped silently when gettext's msgfmt is absent.
messages: venv
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(MANAGE) compilemessages --ignore=$(VENV) --verbosity=0; \
	fi

# Issued PDFs carry PUBLIC_BASE_URL in their QR code: on make run, the address served (unless set already).
run: export PUBLIC_BASE_URL ?= http://$(ADDR)
run: venv messages
	$(MANAGE) migrate
	$(MANAGE) load_demo
	$(MANAGE) runserver $(ADDR)

PYTEST_SQLITE = env -u DATABASE_URL $(DEV_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)
PYTEST_POSTGRES = $(DEV_ENV) $(PY) scripts/with_postgres.py -- $(VENV)/bin/pytest $(PYTEST_ARGS)
BANNER_SQLITE = echo; echo "==================== pytest on SQLite (DATABASE_URL unset) ===================="
BANNER_POSTGRES = echo; echo "==================== pytest on PostgreSQL (throwaway server) ===================="

# Both runs always happen, so one report covers both databases; fails if either failed.
# Any pytest exit code other than 0 fails, including 5 (no tests collected).
# The two runs go side by side (each is one process, the machine has two cores): their output is kept in
# files and printed, SQLite first, once both are done.
test: venv messages
	@logs=$$(mktemp -d); sqlite=0; postgres=0; \
	echo "pytest on SQLite and on PostgreSQL, side by side; their output follows when both are done"; \
	$(PYTEST_SQLITE) >$$logs/sqlite.log 2>&1 & sqlite_pid=$$!; \
	$(PYTEST_POSTGRES) >$$logs/postgres.log 2>&1 & postgres_pid=$$!; \
	wait $$sqlite_pid || sqlite=$$?; wait $$postgres_pid || postgres=$$?; \
	$(BANNER_SQLITE); echo "$(PYTEST_SQLITE)"; cat $$logs/sqlite.log; \
	$(BANNER_POSTGRES); echo "$(PYTEST_POSTGRES)"; cat $$logs/postgres.log; \
	rm -rf $$logs; \
	echo; echo "==================== test summary ===================="; \
	if [ $$sqlite -eq 0 ]; then echo "SQLite:     passed"; else echo "SQLite:     FAILED (pytest exit $$sqlite)"; fi; \
	if [ $$postgres -eq 0 ]; then echo "PostgreSQL: passed"; else echo "PostgreSQL: FAILED (exit $$postgres)"; fi; \
	[ $$sqlite -eq 0 ] && [ $$postgres -eq 0 ]

test-sqlite: venv messages
	@$(BANNER_SQLITE)
	$(PYTEST_SQLITE)

test-postgres: venv messages
	@$(BANNER_POSTGRES)
	$(PYTEST_POSTGRES)

check: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check

bench-pdf: venv messages
	$(DEV_ENV) $(PY) bench/pdf.py prepare
	$(DEV_ENV) $(PY) bench/pdf.py compare -n 5
