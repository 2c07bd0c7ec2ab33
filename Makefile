# Two commands for a fresh machine: `make book` builds the site, `make test` runs every test.
# Both create .venv from pyproject.toml first when it is missing or out of date.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with nbval_sanitize.cfg
JOBS   ?= 2

AXE    := node_modules/axe-core/axe.min.js
CHROMIUM := /usr/bin/chromium

.PHONY: book test lint validate notebooks nbval bench clean venv browser

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[book,test]'
	@touch $(STAMP)

# Everything the site is built from. A folder is listed too, so that adding or removing a
# file in it also counts as a change. Nothing changed: `make book` returns at once (Sphinx's
# own no-change check costs 3-4 s, most of it importing Jupyter Book and its extensions).
SITE_DIRS   := book _ext _templates _static _vendor/static data
SITE_INPUTS := _config.yml _toc.yml \
  $(shell find $(SITE_DIRS) -name __pycache__ -prune -o -name .ipynb_checkpoints -prune \
    -o -type d -printf '%p/.\n' -o -print 2>/dev/null)
SITE_STAMP  := _build/.lwt-site-built

## book: build the static site into _build/html from the committed, validated notebooks
book: $(SITE_STAMP)

$(SITE_STAMP): $(STAMP) $(SITE_INPUTS)
	$(BIN)/jupyter-book build . -W -n --keep-going
	@touch $@

## browser: Debian's Chromium and axe-core for the browser tests (never `playwright install`),
## a Java runtime and the Nu HTML Checker (vnu-jar, npm) for the HTML checks
browser: $(AXE)
	@test -x $(CHROMIUM) || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  apt-get install -y -qq chromium; } || { echo "install Debian's chromium (apt-get install -y chromium)"; exit 1; }
	@command -v java >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  apt-get install -y -qq default-jre-headless; } || { echo "install a Java runtime (apt-get install -y default-jre-headless)"; exit 1; }

$(AXE): package-lock.json
	npm ci --omit=dev --ignore-scripts --no-audit --no-fund
	@touch $(AXE)

## test: lint, data validation, strict nbval of every chapter, the site build, all tests
test: $(STAMP) browser
	$(BIN)/ruff check lwtbook tests _ext benchmarks
	$(BIN)/python -m lwtbook validate data
	$(MAKE) --no-print-directory book
	$(BIN)/python -m pytest -q -n $(JOBS) --dist loadscope $(NBVAL) tests book

## notebooks: re-execute every chapter and store its outputs (after changing data/ or lwtbook/)
notebooks: $(STAMP)
	$(BIN)/python -m lwtbook.book book/*.ipynb

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
	$(BIN)/ruff check lwtbook tests _ext benchmarks

clean:
	rm -rf _build
