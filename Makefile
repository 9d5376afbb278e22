# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
FLASK  := $(BIN)/flask --app wsgi
# Where `make run` serves; set on the command line: `make run PORT=5001`.
HOST   := 127.0.0.1
PORT   := 5000

.PHONY: install run serve test lint format bench db-upgrade clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## The Python packages, and the PDF documents' Chinese font where it is missing
## (scripts/install-fonts: apt-get as root or with sudo, else a warning).
install: $(STAMP)
	@scripts/install-fonts

db-upgrade: install
	$(FLASK) db upgrade

## Set up the SQLite database, load checklists and demo data, print demo logins, then
## serve on HOST:PORT (`make run PORT=5001`) with the job scheduler beside the server;
## Ctrl-C stops both.
run: db-upgrade
	$(FLASK) checklists sync
	$(FLASK) demo-data --if-empty
	FLASK=$(BIN)/flask scripts/dev-server $(HOST) $(PORT)

## Production on this machine: the configured database (DATABASE_URL) and storage
## (STORAGE_URL), migrated and its checklists synced, then gunicorn (gunicorn.conf.py;
## WEB_BIND, WEB_CONCURRENCY, WEB_THREADS) and the job process beside it. No demo data.
## docs/running-for-a-district.md has the whole setup (nginx, systemd, PostgreSQL, S3).
serve: db-upgrade
	$(FLASK) checklists sync
	BIN=$(BIN) scripts/serve

## The whole suite (SQLite by default; set DATABASE_URL for PostgreSQL), on every core.
## One test at a time: `make test PYTEST_WORKERS=0`.
PYTEST_WORKERS ?= auto
test: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --maxschedchunk=1

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python bench/submit.py
	$(BIN)/python bench/checklist.py
	$(BIN)/python bench/hazards.py
	$(BIN)/python bench/photos.py
	$(BIN)/python bench/draw.py
	$(BIN)/python bench/report.py
	$(BIN)/python bench/image_flood.py

clean:
	rm -rf $(VENV) instance/*.sqlite3* .pytest_cache
