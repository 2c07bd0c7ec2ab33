# Two commands for a fresh machine: `make book` builds the site, `make test` runs every test.
# Both create .venv from pyproject.toml first when it is missing or out of date.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book test lint validate notebooks clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[book,test]'
	@touch $(STAMP)

## book: build the static site into _build/html (warnings are errors)
book: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going

## test: lint, validate the data package and run the whole test suite
test: $(STAMP)
	$(BIN)/ruff check lwtbook tests
	$(BIN)/python -m lwtbook validate data
	$(BIN)/python -m pytest -q

## validate: check data/ against datapackage.json and the report's own arithmetic
validate: $(STAMP)
	$(BIN)/python -m lwtbook validate data

lint: $(STAMP)
	$(BIN)/ruff check lwtbook tests

clean:
	rm -rf _build
