# Two commands set up a fresh machine: `make run` and `make test`.
# Both create .venv when missing and install the project into it.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
SYSTEM_PACKAGES := mesa-vulkan-drivers xvfb libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 \
	libxcb-shape0 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1

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
