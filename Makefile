# Two commands (see README): `make demo` sets up and runs the main job, `make test` runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
# the browser tests drive Debian's chromium (never a browser downloaded by Playwright)
CHROMIUM ?= /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: demo test lint setup clean chromium postgresql train train-ranker

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -e '.[dev,postgresql,dask]'
	touch $@

## Debian's chromium for the browser tests, installed only when missing (they skip without it).
chromium:
	@test -x $(CHROMIUM) || (echo "make: installing Debian's chromium for the browser tests (apt-get)" \
		&& $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium) \
		|| echo "chromium could not be installed: the browser tests will be skipped"

## Debian's PostgreSQL server programs for the PostgreSQL store tests, installed only when missing.
## The tests start a throwaway cluster of their own (tests/pg_server.py); no service is enabled.
postgresql:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
		|| (echo "make: installing Debian's postgresql for the PostgreSQL store tests (apt-get)" \
		&& ($(SUDO) test -e /etc/postgresql-common/createcluster.conf || ($(SUDO) mkdir -p /etc/postgresql-common \
			&& echo "create_main_cluster = false" | $(SUDO) tee /etc/postgresql-common/createcluster.conf)) \
		&& $(SUDO) apt-get update && $(SUDO) apt-get install -y postgresql) \
		|| echo "postgresql could not be installed: the PostgreSQL tests will be skipped (and fail in CI)"

setup: $(BIN)/.installed chromium postgresql

## The main job: ingest the shipped sample corpus into eventwire.db and print a summary.
demo: $(BIN)/.installed
	$(BIN)/eventwire ingest samples/

## The trained event models, rebuilt from corpus/ (same corpus, same files): src/eventwire/data/models
train: $(BIN)/.installed
	$(BIN)/eventwire train corpus

## The toponym ranker, from the geoparsing corpora in ../shared (the only use of them as training data).
GEOPARSING ?= ../shared/evaldata/geoparsing-gritta
train-ranker: $(BIN)/.installed
	$(BIN)/eventwire gazetteer train-ranker $(GEOPARSING)/lgl.xml $(GEOPARSING)/GeoVirus.xml

## The tests: unit tests, type check, lint, and the quality gates when ../shared exists.
test: $(BIN)/.installed chromium postgresql
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/pytest
	$(BIN)/python scripts/quality_gates.py

clean:
	rm -rf $(VENV) eventwire.db eventwire.db-wal eventwire.db-shm
