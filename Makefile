# 政法学习助手 — `make run` (set up, index the default corpus, open the UI) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: setup run test lint eval bench bench-ingest train-embedder browser clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

run: setup
	-$(BIN)/assistant ingest
	$(BIN)/assistant serve

test: setup
	$(PY) -m pytest -q

lint: setup
	$(BIN)/ruff check assistant tests evals scripts
	$(BIN)/mypy

eval: setup
	$(BIN)/assistant eval

bench: bench-ingest
	$(PY) evals/bench_query.py

bench-ingest: setup
	$(PY) evals/bench_ingest.py

train-embedder: setup
	$(PY) scripts/train_embedder.py

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	command -v chromium >/dev/null && fc-list :lang=zh | grep -q . || (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk)

clean:
	rm -rf index/gen-* index/docs index/chroma index/CURRENT
