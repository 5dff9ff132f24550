# Two commands on a fresh machine: `make run` and `make test` (see README.md).
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: help install install-test vendor migrate demo run test lint format bench bench-map bench-load clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

registry/static/vendor/.stamp: node_modules/.package-lock.json scripts/vendor.mjs
	npm run --silent vendor
	touch $@

install: $(VENV)/.installed vendor  ## Install Python and front-end dependencies

install-test: $(VENV)/.installed-test vendor  ## Also install the test tools

vendor: registry/static/vendor/.stamp  ## Copy Bootstrap and Cytoscape.js from npm into static/vendor

migrate: install  ## Create or migrate the development SQLite database
	REGISTRY_ENV=development $(FLASK) db upgrade

demo: migrate  ## Load the demo data set (idempotent)
	REGISTRY_ENV=development $(FLASK) registry demo

run: migrate  ## Serve http://127.0.0.1:5000 with the demo data on a fresh database
	REGISTRY_ENV=development $(FLASK) registry demo --if-empty
	REGISTRY_ENV=development $(FLASK) run --host $(HOST) --port $(PORT)

lint: install-test  ## Check style with ruff and types with mypy (configured in pyproject.toml)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install-test  ## Format the code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: lint  ## Run ruff and the whole test suite (REGISTRY_TEST_DATABASE_URL picks PostgreSQL)
	REGISTRY_ENV=testing $(PY) -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed  ## Time the analysis (1,000 and 10,000 initiatives) and the import into docs/BENCHMARKS.md
	$(PY) bench/report.py --output docs/BENCHMARKS.md

bench-map: install-test  ## Time the overlap map settling in Chromium at 1,000 initiatives into docs/BENCHMARKS.md
	$(PY) bench/map_settle.py --initiatives 1000 --output docs/BENCHMARKS.md

bench-load: install-test  ## Load gunicorn on PostgreSQL at 32 connections, then flood one issue, into docs/BENCHMARKS.md
	$(PY) bench/load.py --output docs/BENCHMARKS.md

clean:  ## Remove the virtual environment, node_modules and vendored files
	rm -rf $(VENV) node_modules registry/static/vendor .pytest_cache .ruff_cache
