# The two commands of the quick start: `make lab` and `make test`; `make lecture` for lecture mode.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.bpcourse-installed
# Jupyter refuses to start as root unless told; containers and cloud machines often run as root.
LAB_FLAGS ?= $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

.PHONY: lab lecture test lint bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[lab,dev]"
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(LAB_FLAGS) notebooks/00_start_here.ipynb

# Lecture mode: the chapters without code, served by Voilà on 127.0.0.1 (scripts/lecture.py).
# Extra options, e.g. make lecture LECTURE_FLAGS="--port 8870 --no-browser"
lecture: $(STAMP)
	$(BIN)/python scripts/lecture.py serve $(LECTURE_FLAGS)

test: $(STAMP)
	$(BIN)/python -m ruff check bpcourse tests scripts benchmarks
	$(BIN)/python -m pytest tests -m "not browser"
	$(BIN)/python -m pytest tests/browser -m browser -rs
	$(BIN)/python benchmarks/bench_browser.py --steps 30 --target-ms 150
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg notebooks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_training.py
	$(BIN)/python benchmarks/bench_notebooks.py
	$(BIN)/python benchmarks/bench_browser.py
	$(BIN)/python benchmarks/bench_browser.py --lecture

clean:
	rm -rf $(VENV)
