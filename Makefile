# The two commands: `make run` (the app on SQLite with demo data) and `make test` (the whole suite).
# The environment is `.venv`, made by uv from the committed uv.lock (uv is installed when missing).
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
SYNC := $(UV) sync --frozen --inexact --quiet --python $(PYTHON)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint bench bench-web translations install uv clean

uv:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 \
		|| $(PYTHON) -m pip install --quiet --disable-pip-version-check --user uv

$(VENV)/.installed: pyproject.toml uv.lock | uv
	@$(SYNC)
	@touch $@

$(VENV)/.installed-test: pyproject.toml uv.lock $(VENV)/.installed
	@$(SYNC) --extra test
	@touch $@

install: $(VENV)/.installed

translations: $(VENV)/.installed
	@$(FLASK) translate compile > /dev/null

run: $(VENV)/.installed translations
	@out=$$($(FLASK) db upgrade 2>&1) || { echo "$$out"; exit 1; }
	@$(FLASK) demo load --if-empty
	@$(FLASK) jobs worker > instance/worker.log 2>&1 & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
		echo "Serving http://$(HOST):$(PORT) (job worker log: instance/worker.log)"; \
		$(FLASK) run --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test translations
	$(BIN)/pytest -n 2 --dist loadgroup

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

bench: $(VENV)/.installed
	$(BIN)/python -m planner.bench

# The web application under 10 → 50 → 100 tablets on PostgreSQL + Redis (BENCH_ARGS=--short: a quick check).
bench-web: $(VENV)/.installed translations
	$(SYNC) --extra bench
	$(BIN)/python -m benchmarks.web $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
