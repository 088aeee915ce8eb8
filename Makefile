# Two commands do all the set-up on a fresh machine:
#   make run    installs everything into .venv and starts the app (no API key or network needed)
#   make test   installs everything (with the test tools) and runs every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test install install-dev bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[app]'
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-app

install: $(VENV)/.installed-app
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: install-dev
	$(BIN)/python -m pytest -n 2 -q

bench: install-dev
	$(BIN)/python benchmarks/bench_library.py
	$(BIN)/python benchmarks/bench_run.py
	$(BIN)/python benchmarks/bench_app.py

clean:
	rm -rf $(VENV) .pytest_cache build dist
