# CoopAssess — the two commands of the README, and a few more.
VENV ?= .venv
PYTHON ?= python3
PORT ?= 5000
BIN := $(VENV)/bin

.PHONY: run test bench bench-http lint format install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml setup.py
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml setup.py
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

RUN_ENV := COOPASSESS_ENV=development COOPASSESS_BASE_URL=http://127.0.0.1:$(PORT)

## make run: set up, migrate, load demo data, serve on http://127.0.0.1:$(PORT) with the worker
## of background jobs beside gunicorn (stopped when gunicorn stops: Ctrl-C stops both)
run: install
	$(RUN_ENV) $(BIN)/coopassess init
	$(RUN_ENV) $(BIN)/coopassess demo
	@echo "CoopAssess : http://127.0.0.1:$(PORT)/ (et le worker des tâches de fond)"
	@$(RUN_ENV) $(BIN)/coopassess worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null' INT TERM; \
	$(RUN_ENV) $(BIN)/gunicorn --workers 2 --bind 127.0.0.1:$(PORT) 'coopassess:create_app()'; \
	status=$$?; kill -TERM $$worker 2>/dev/null; wait $$worker; exit $$status

## make test: set up with dev extras, lint, run every test (SQLite, and PostgreSQL when reachable)
test: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/coopassess questionnaires check
	$(BIN)/coopassess questionnaires list
	$(BIN)/pytest

## make bench: benchmarks with their figures
bench: install-dev
	$(BIN)/pytest bench --benchmark-enable --benchmark-columns=min,median,mean,max,rounds -q

## make bench-http: requests per second of the respondent's pages (gunicorn + wrk, SQLite)
bench-http: install-dev
	$(BIN)/python bench/http_load.py

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .hypothesis .benchmarks
