# The two front-door commands: `make run` and `make test`. Both need only Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SERVICES := $(PY) -m okportal.local_services run --
LOCAL_ENV := DEBUG=$${DEBUG:-true} EMAIL_BACKEND=$${EMAIL_BACKEND:-okportal.mail_backends.FileAndConsoleBackend}
ARGS ?=

.PHONY: install run test manage lint format browser wrk bench messages

install: $(INSTALLED)

$(INSTALLED): pyproject.toml requirements.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

browser:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

run: install
	$(LOCAL_ENV) $(SERVICES) $(PY) manage.py runportal

manage: install
	$(LOCAL_ENV) $(SERVICES) $(PY) manage.py $(ARGS)

test: install browser
	DEBUG=true CELERY_QUEUE=$${CELERY_QUEUE:-okportal-test} CACHE_DB=$${CACHE_DB:-2} $(SERVICES) $(PY) -m pytest $(ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	cd okportal && ../$(PY) ../manage.py makemessages -l sv --ignore ".venv/*"

BENCHES ?= bench/run.py bench/organisations_directory.py bench/dialogues_event.py bench/agreements_pages.py

# the benchmarks' load client (bench/harness.py); without it they measure with Python threads
wrk:
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk; } || \
		echo "wrk could not be installed: the benchmarks use their Python client"

bench: install wrk
	$(LOCAL_ENV) $(SERVICES) sh -c 'for script in $(BENCHES); do $(PY) $$script $(ARGS) || exit 1; done'

