# The two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
PG_PORT ?= 54329
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-fast lint format bench migrate demo services clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

migrate: $(VENV)/.installed
	$(PY) -m feedback migrate

demo: migrate
	$(PY) -m feedback demo --if-empty

run: demo
	$(PY) -m streamlit run streamlit_app.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

# Installs and starts what the tests need (Debian chromium, a throwaway PostgreSQL on 127.0.0.1),
# then runs every test: unit, storage on SQLite and PostgreSQL, AppTest and browser end-to-end.
test: $(VENV)/.dev-installed
	bash scripts/test-services.sh install
	source .tmp/test-env.sh && FEEDBACK_REQUIRE_ALL_TESTS=1 $(PY) -m pytest -p no:cacheprovider $(PYTEST_ARGS); \
		status=$$?; bash scripts/test-services.sh stop; exit $$status

test-fast: $(VENV)/.dev-installed
	$(PY) -m pytest -q -m "not e2e" $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff format .

bench: $(VENV)/.dev-installed
	bash scripts/test-services.sh install
	source .tmp/test-env.sh && for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done; \
		status=$$?; bash scripts/test-services.sh stop; exit $$status

clean:
	rm -rf $(VENV) .tmp .pytest_cache
