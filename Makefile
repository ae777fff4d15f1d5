# Two commands do everything on a fresh machine: `make demo` and `make test`.
# `make check` is the quick tier while working: everything but the tests marked slow.
# All are idempotent: the environment is built once and rebuilt only when
# pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
KERNEL := chananalysis

.PHONY: install demo test check lint samples templates bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is needed (set PYTHON=...)")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	# The kernel lives inside .venv (--sys-prefix): Papermill names it explicitly and
	# never depends on a globally installed kernel or the one stored in a notebook.
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "chananalysis (.venv)"
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/chananalysis demo

lint: $(STAMP)
	$(VENV)/bin/ruff check chananalysis tests benchmarks
	$(VENV)/bin/ruff format --check chananalysis tests benchmarks

# everything: the fast tier on both cores (as make check), then the slow tier (kernels,
# browser, Dask cluster, wheel), whose sample reports are made in the background meanwhile
test: $(STAMP) lint
	$(PY) -m pytest -m "not slow" -n auto --maxprocesses 4
	$(PY) -m pytest -m slow

# lint, then every test that starts no kernel, browser, Dask cluster or wheel build
# (the `slow` marker, pyproject.toml), with the doctests: about a minute
# The fast tier while working: lint, then every test not marked slow, on up to 4 processes.
check: $(STAMP) lint
	$(PY) -m pytest -m "not slow" -n auto --maxprocesses 4

samples: $(STAMP)
	$(PY) -m chananalysis.samples --out data_samples

templates: $(STAMP)
	$(VENV)/bin/chananalysis template templates/intake/intake_zh.xlsx --lang zh
	$(VENV)/bin/chananalysis template templates/intake/intake_en.xlsx --lang en

# One table of every benchmark against its baseline, also written to build/bench.md
# (about 15 min at issue 17's sizes; `make bench BENCH_ARGS=--quick` is a smoke check).
bench: $(STAMP)
	$(PY) benchmarks/summary.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
