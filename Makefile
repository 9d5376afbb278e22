# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
FLASK  := $(BIN)/flask --app wsgi

.PHONY: install run serve test lint format bench db-upgrade clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

db-upgrade: install
	$(FLASK) db upgrade

## Set up the SQLite database, load checklists and demo data, print demo logins, serve.
run: db-upgrade
	$(FLASK) checklists sync
	$(FLASK) demo-data --if-empty
	$(FLASK) run --host 127.0.0.1 --port 5000

## The whole suite (SQLite by default; set DATABASE_URL for PostgreSQL), on every core.
## One test at a time: `make test PYTEST_WORKERS=0`.
PYTEST_WORKERS ?= auto
test: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --maxschedchunk=1

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python bench/submit.py
	$(BIN)/python bench/checklist.py
	$(BIN)/python bench/hazards.py
	$(BIN)/python bench/photos.py

clean:
	rm -rf $(VENV) instance/*.sqlite3* .pytest_cache
