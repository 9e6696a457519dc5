# placehealth — two commands do all set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PLACEHEALTH_SHARED_DATA ?= $(abspath ../shared/data)

.PHONY: demo test lint format bench install clean browser ui dashboard

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/uv pip install --python $(BIN)/python -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/placehealth demo-data --if-missing
	$(BIN)/placehealth build
	$(BIN)/placehealth status
	@echo "Sandwell place report: file://$(CURDIR)/reports/places/E08000028.html"
	@echo "Data-quality summary:  file://$(CURDIR)/reports/data_quality/summary.html"
	@echo "Dashboard:             make dashboard   (then open http://127.0.0.1:8501/)"
	@echo "Dagster UI:            make ui"

ui: $(STAMP)
	DAGSTER_HOME=$(CURDIR) $(BIN)/dagster dev

dashboard: $(STAMP)
	$(BIN)/placehealth dashboard

# Headless Chromium for the report and dashboard tests (Debian package); skipped if not root.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null 2>&1 \
	  && apt-get install -y -q chromium >/dev/null 2>&1)) \
	  || echo "chromium not installed: browser tests will be skipped"; }

test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	for b in benchmarks/*.py; do $(BIN)/python $$b --quick || exit 1; done

clean:
	rm -rf $(VENV) data/warehouse.duckdb data/restricted_records.duckdb .dagster_home reports
