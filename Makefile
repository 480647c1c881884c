# qgov: `make run` serves the demo on the embedded SQLite database; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PURE_MODULES := qgov/ledger/merkle.py qgov/ledger/checkpoint.py qgov/ledger/canonical.py qgov/ledger/offline.py \
	qgov/screening/entities.py qgov/screening/sources qgov/screening/normalize.py qgov/screening/index.py \
	qgov/screening/matcher.py qgov/screening/name_score.py qgov/screening/phonetic.py qgov/screening/records.py qgov/screening/bulk.py qgov/countries.py qgov/exportcontrol/quantities.py qgov/exportcontrol/rules.py \
	qgov/exportcontrol/items.py qgov/exportcontrol/classifier.py qgov/exportcontrol/licensing.py
PYTEST_ARGS ?= -n 2 -q

.PHONY: setup run test lint typecheck importcheck test-sqlite test-postgres system-deps bench clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: setup
	$(BIN)/qgov demo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy $(PURE_MODULES)

importcheck: setup
	$(BIN)/lint-imports

system-deps:
	scripts/system-deps.sh

test-sqlite: setup system-deps
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: setup system-deps
	scripts/with-postgres.sh $(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck importcheck test-sqlite test-postgres

bench: setup
	$(BIN)/python -m pip install -q -e ".[bench]"
	$(BIN)/python bench/ledger.py
	$(BIN)/python bench/screening.py

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache
