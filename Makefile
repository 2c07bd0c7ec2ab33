# Two commands for a fresh machine: `make book` builds the site, `make test` runs every test.
# Both create .venv first (from requirements-lock.txt, then this project) when it is missing or
# out of date. `make check` is the quick tier: lint, validation, unit and data tests.
# Portable: POSIX sh and find only (GNU make 3.81 or newer).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements-lock.txt
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with nbval_sanitize.cfg
JOBS   ?= 2
# What ruff checks (it reads the notebooks in book/ too).
RUFF_PATHS ?= lwtbook tests _ext benchmarks .ci book

AXE    := node_modules/axe-core/axe.min.js
CHROMIUM := /usr/bin/chromium

.PHONY: book test check lint validate notebooks nbval bench clean venv browser lock pdf chromium
.PHONY: lab chapter vary diff-outputs nbdime

venv: $(STAMP)

# The exact stack of the lock file (the one the committed notebook outputs come from), then
# this project itself, editable and without dependencies (they all came from the lock).
$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python >= 3.11 needed (found: $(PYTHON)); run e.g. make PYTHON=python3.12"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

## lock: re-resolve requirements-lock.txt from pyproject.toml, keeping its pins where they still
## fit (UPGRADE=1: the newest versions in range), and write environment.yml from it.
# One lock for every platform and Python >= 3.11.5 (soupsieve needs 3.11.5).
lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'uv>=0.9,<1'
	$(BIN)/uv pip compile pyproject.toml --extra book --extra lab --extra test --universal \
	  --python-version 3.11.5 --custom-compile-command "make lock" --quiet \
	  $(if $(UPGRADE),--upgrade) -o $(LOCK)
	$(BIN)/python .ci/environment_yml.py

# Everything the site is built from. A folder is listed too, so that adding or removing a
# file in it also counts as a change. Nothing changed: `make book` returns at once (Sphinx's
# own no-change check costs 3-4 s, most of it importing Jupyter Book and its extensions).
SITE_DIRS   := book _ext _templates _static _vendor/static data
SITE_INPUTS := _config.yml _toc.yml \
  $(shell find $(SITE_DIRS) \( -name __pycache__ -o -name .ipynb_checkpoints \) -prune \
    -o -type d -exec printf '%s/.\n' {} + -o -print 2>/dev/null)
SITE_STAMP  := _build/.lwt-site-built
PDF         := _build/html/_downloads/pdf/boeiend-en-bindend.pdf

## book: build the static site into _build/html from the committed, validated notebooks,
## and the PDF edition in it
book: $(SITE_STAMP) $(PDF)

$(SITE_STAMP): $(STAMP) $(SITE_INPUTS)
	$(BIN)/jupyter-book build . -W -n --keep-going
	@touch $@

## pdf: the whole book as one tagged PDF, printed by Chromium from the built site (_ext/lwt_pdf);
## it also writes the PDF's size into the pages that link it
pdf: $(PDF)

$(PDF): $(SITE_STAMP) | chromium
	PYTHONPATH=_ext $(BIN)/python -m lwt_pdf

## chromium: Debian's Chromium and the fonts the PDF is set in (never `playwright install`)
chromium:
	@test -x $(CHROMIUM) || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  apt-get install -y -qq chromium fonts-liberation; } || { echo "install Debian's chromium (apt-get install -y chromium)"; exit 1; }

## browser: Chromium and axe-core for the browser tests, a Java runtime and the Nu HTML Checker
## (vnu-jar, npm) for the HTML checks, poppler-utils (pdftotext, pdfinfo) for the PDF's tests
browser: chromium $(AXE)
	@command -v java >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  apt-get install -y -qq default-jre-headless; } || { echo "install a Java runtime (apt-get install -y default-jre-headless)"; exit 1; }
	@command -v pdftotext >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  apt-get install -y -qq poppler-utils; } || { echo "install poppler-utils (apt-get install -y poppler-utils)"; exit 1; }

$(AXE): package-lock.json
	npm ci --omit=dev --ignore-scripts --no-audit --no-fund
	@touch $(AXE)

## test: lint, data validation, strict nbval of every chapter, the site build, all tests
test: $(STAMP) browser
	$(BIN)/ruff check $(RUFF_PATHS)
	$(BIN)/python -m lwtbook validate data
	$(MAKE) --no-print-directory book
	$(BIN)/python -m pytest -q -n $(JOBS) --dist loadscope $(NBVAL) tests book

## check: the quick tier (seconds): lint, data validation, the unit and data tests
check: $(STAMP)
	$(BIN)/ruff check $(RUFF_PATHS)
	$(BIN)/python -m lwtbook validate data
	$(BIN)/python -m pytest -q -n $(JOBS) -m "unit or data" tests

## notebooks: re-execute every chapter and store its outputs (after changing data/ or lwtbook/)
notebooks: $(STAMP)
	$(BIN)/python -m lwtbook.notebooks book/*.ipynb

## The researcher's workbench (lwtbook/notebooks.py; README "For researchers"):
## lab: JupyterLab in this environment, with its kernel, on book/ (LAB_ARGS go to JupyterLab)
lab: $(STAMP)
	$(BIN)/python -m lwtbook.notebooks lab $(LAB_ARGS)

## chapter: re-execute one notebook in place and run its strict nbval (make chapter CH=02)
chapter: $(STAMP)
	@test -n "$(CH)" || { echo "usage: make chapter CH=02 (the start of a notebook's name)"; exit 2; }
	$(BIN)/python -m lwtbook.notebooks chapter $(CH)

## vary: one notebook under other settings into _build/variants (make vary CH=05 SET="alpha=0.01")
vary: $(STAMP)
	@test -n "$(CH)" || { echo 'usage: make vary CH=05 SET="alpha=0.01"'; exit 2; }
	$(BIN)/python -m lwtbook.notebooks vary $(CH) "$(SET)"

## diff-outputs: which numbers, table cells, verdicts and figure texts differ from git (REV=HEAD)
diff-outputs: $(STAMP)
	$(BIN)/python -m lwtbook.notebooks diff-outputs $(CH) --rev $(or $(REV),HEAD)

## nbdime: `git diff` shows notebooks through nbdime (this repository's git config only)
nbdime: $(STAMP)
	$(BIN)/python -m lwtbook.notebooks git-diff-driver

## nbval: only the strict notebook validation
nbval: $(STAMP)
	$(BIN)/python -m pytest -q -n $(JOBS) --dist loadscope $(NBVAL) book

## bench: measure on this machine and write benchmarks/results.md (run `make book` first)
bench: $(STAMP) browser
	@test -d benchmarks/node_modules || (cd benchmarks && npm ci --ignore-scripts --no-audit --no-fund)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

validate: $(STAMP)
	$(BIN)/python -m lwtbook validate data

lint: $(STAMP)
	$(BIN)/ruff check $(RUFF_PATHS)

clean:
	rm -rf _build
