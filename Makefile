# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Two stamps: what running needs (`make run`), and the development tools on top of it
# (`make test`, `make lint`, `make bench`), so a first `make run` installs no test tools.
RUN_STAMP := $(VENV)/.run-stamp
DEV_STAMP := $(VENV)/.dev-stamp
FLASK  := $(BIN)/flask --app wsgi
# Where `make run` serves; set on the command line: `make run PORT=5001`.
HOST   := 127.0.0.1
PORT   := 5000

.PHONY: test-tools install install-run fonts run serve test test-fast lint format bench load db-upgrade clean web

$(RUN_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(DEV_STAMP): $(RUN_STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP)

## The PDF documents' Chinese font where it is missing (scripts/install-fonts: apt-get as
## root or with sudo, else a warning).
fonts:
	@scripts/install-fonts

## What running needs: the runtime packages and the font.
install-run: $(RUN_STAMP) fonts

## Everything, for development: the runtime, the test and lint tools, the font.
install: $(DEV_STAMP) fonts

db-upgrade: install-run
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
## WEB_BIND, WEB_CONCURRENCY, WEB_THREADS), the scheduler and JOB_WORKERS queue workers
## (default 1; more on PostgreSQL) beside it. No demo data.
## docs/running-for-a-district.md has the whole setup (nginx, systemd, PostgreSQL, S3).
serve: db-upgrade
	$(FLASK) checklists sync
	BIN=$(BIN) scripts/serve

## The whole suite (SQLite by default; set DATABASE_URL for PostgreSQL), on every core.
## One test at a time: `make test PYTEST_WORKERS=0`. Both print the ten slowest tests.
PYTEST_WORKERS ?= auto
## More pytest arguments: `make test PYTEST_ARGS="-m 'not browser'"`.
PYTEST_ARGS ?=
PYTEST := $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --maxschedchunk=1 --durations=10
NODE_TESTS := if command -v node >/dev/null; then node --test web/test/; \
	else echo "node not found: the web client's unit tests (web/test/) did not run"; fi
## What the whole suite needs beyond Python: Chromium, nginx, systemd-analyze, the web
## client's npm packages (scripts/install-test-tools: apt-get as root or with sudo).
test-tools:
	@scripts/install-test-tools

test: install test-tools
	$(PYTEST) $(PYTEST_ARGS)
	@$(NODE_TESTS)

## Rebuild the web client's committed bundle (web/dist/) from the lock file: npm ci, the
## type check (tsc --noEmit over JSDoc types), the build. Needs Node 20+ and npm.
web:
	cd web && npm ci --no-audit --no-fund && npm run check && npm run build

## Everything but the tests marked slow (real servers, SIGKILLs, large data) or browser,
## and 5 fuzzed requests per operation instead of 15: under 90 s on a 2-core machine
## (docs/development.md).
FAST_FUZZ_EXAMPLES ?= 5
test-fast: install
	FUZZ_EXAMPLES=$(FAST_FUZZ_EXAMPLES) $(PYTEST) -m 'not slow and not browser' $(PYTEST_ARGS)
	@$(NODE_TESTS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(DEV_STAMP)
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

## A load run on PostgreSQL (DATABASE_URL, a database of its own): the demo district,
## `make serve` with LOAD_WORKERS workers (2), Locust with LOAD_USERS people (50) thinking
## 1–5 s for LOAD_SECONDS (60); prints the figures per operation and ends with
## `load: N requests, E errors, p99 X ms` (docs/performance.md).
load: install
	BIN=$(BIN) scripts/load

clean:
	rm -rf $(VENV) instance/*.sqlite3* .pytest_cache
