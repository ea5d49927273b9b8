# The README's commands. `make` (or `make balanco`) sets up and produces the
# current year's balance; `make test` sets up and runs every test.
YEAR ?= 2024
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# No TeX Live: the PDF is compiled by Typst, which the Python package `typst` bundles.
# DejaVu: the charts' and the PDF's sans-serif font; poppler: the PDF tests' text and
# page images.
APT_PACKAGES := poppler-utils fonts-dejavu-core time
# Only the tests need a browser (the HTML's accessibility check, screenshots).
TEST_APT_PACKAGES := chromium

.PHONY: balanco setup system venv prepare report exportar test lint lab kernel clean
# The open data first, then the reports: the HTML links to the open data's front page
# only when it exists (balanco.build.html), so this order gives every HTML its link.
# One recipe, not two prerequisites: `make -j` keeps the order.
balanco: setup
	$(BIN)/balanco exportar --year $(YEAR)
	$(BIN)/balanco report --year $(YEAR)

setup: system venv

# System packages, installed only when one is missing (idempotent).
system:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
		echo "Instalando pacotes do sistema:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

prepare: venv
	$(BIN)/balanco prepare --year $(YEAR)

report: venv
	$(BIN)/balanco report --year $(YEAR)

exportar: venv
	$(BIN)/balanco exportar --year $(YEAR)

test: setup
	@$(MAKE) --no-print-directory system APT_PACKAGES="$(TEST_APT_PACKAGES)"
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: venv
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# JupyterLab at the project root (notebooks/, reports/<ano>/notebooks/ and data/ in
# reach), with pt_BR as the default language (jupyterlab-language-pack-pt-BR;
# templates/jupyterlab-overrides.json, JupyterLab's settings overrides). The pack
# translates only part of JupyterLab: the main menus stay in English (README says
# so; tests/test_jupyterlab_language.py checks it against the running server);
# --allow-root only when run as root (Jupyter refuses root otherwise).
LAB_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings
lab: setup
	@mkdir -p $(LAB_SETTINGS)
	@cp templates/jupyterlab-overrides.json $(LAB_SETTINGS)/overrides.json
	$(BIN)/jupyter lab --ServerApp.root_dir=. $(LAB_ROOT)

# Registers the project's environment as a kernel for a JupyterLab installed elsewhere.
kernel: venv
	$(BIN)/python -m ipykernel install --user --name balanco --display-name "Python (balanco)"

clean:
	rm -rf data/processed reports
