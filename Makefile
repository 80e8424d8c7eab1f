# Two commands set up a fresh machine: `make run` and `make test`.
# Both create .venv when missing and install the project into it.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
# The system packages, with what each is for, are listed once in packaging/system-packages.txt.
SYSTEM_PACKAGES := $(shell awk '!/^\#/ && NF {print $$1}' packaging/system-packages.txt)

.PHONY: run test setup setup-test system-packages clean

run: setup
	$(PY) -m playground gui

# pytest's exit code 5 means no test ran: that is a failure, not a pass.
test: setup-test system-packages
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} XDG_RUNTIME_DIR=$${XDG_RUNTIME_DIR:-/tmp} \
		$(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
		if [ $$status -eq 5 ]; then echo "make test: no tests were collected" >&2; exit 1; fi; \
		exit $$status

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/bin/python pyproject.toml
	$(PIP) install --quiet -e '.[test,bench]'
	touch $(VENV)/.installed $@

# GPU tests need a Vulkan driver (Mesa's software one where no GPU is present);
# Qt needs a few X/EGL libraries. Installed when running as root, explained otherwise.
system-packages:
	@sh packaging/system-packages.sh $(SYSTEM_PACKAGES)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
