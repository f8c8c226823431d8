# Village: `make run` starts the app with demo data; `make test` runs every check.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The local demo relaxes two-step sign-in so personas can sign in at once (production
# refuses this; `VILLAGE_MFA_REQUIRED=1 make run` keeps it on). The suite always starts strict.
run: export VILLAGE_MFA_REQUIRED ?= 0
# Links in the mail written to var/mail/ open the server make run starts.
run: export VILLAGE_SITE_URL ?= http://127.0.0.1:$(PORT)
test: export VILLAGE_MFA_REQUIRED = 1

.PHONY: run test install install-test messages lint typecheck bench clean help

help:
	@echo "make run    start Village on http://127.0.0.1:$(PORT) with demo data and a task worker"
	@echo "make test   install test tools and run the whole suite (lint, types, migrations, tests)"

$(VENV)/bin/python:
	@PYBIN=$$(scripts/find-python.sh) || exit 1; \
	echo "Creating $(VENV) with $$PYBIN"; \
	"$$PYBIN" -m venv $(VENV) || { echo "Could not create a virtual environment: on Debian/Ubuntu install python3-venv for that Python." >&2; exit 1; }

$(VENV)/.installed-base: requirements/base.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/base.txt
	@touch $@

$(VENV)/.installed-test: requirements/test.txt $(VENV)/.installed-base
	$(PY) -m pip install --quiet -r requirements/test.txt
	@touch $@

install: $(VENV)/.installed-base
install-test: $(VENV)/.installed-test

run: install
	@mkdir -p var
	$(PY) manage.py compile_translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	$(PY) manage.py prepare_fonts
	@echo
	@echo "Village is starting on http://127.0.0.1:$(PORT)/  (mail it sends is written to var/mail/)"
	@echo "Stop it with Ctrl+C."
	@trap 'kill 0' EXIT; \
	$(PY) manage.py db_worker --no-reload --no-startup-delay & \
	$(PY) manage.py runserver --noreload 127.0.0.1:$(PORT)

test: install-test
	$(PY) manage.py compile_translations
	VILLAGE_ENV=test $(VENV)/bin/ruff check .
	VILLAGE_ENV=test $(VENV)/bin/ruff format --check .
	VILLAGE_ENV=test $(VENV)/bin/mypy village
	VILLAGE_ENV=test $(VENV)/bin/lint-imports --no-cache
	VILLAGE_ENV=test $(PY) manage.py makemigrations --check --dry-run
	VILLAGE_ENV=production SECRET_KEY=check-deploy-only-$$(printf 'x%.0s' {1..60}) ALLOWED_HOSTS=village.example.org VILLAGE_SITE_URL=https://village.example.org \
		DATABASE_URL=postgres://check@localhost/none VILLAGE_MFA_REQUIRED=1 \
		$(PY) manage.py check --deploy --fail-level WARNING
	VILLAGE_ENV=test $(PY) -m pytest -n auto $(PYTEST_ARGS)

# Re-extract UI strings into the catalogs (needs GNU gettext's xgettext).
messages: install
	$(PY) manage.py makemessages -l es -l ar -l vi -l zh_Hans --no-obsolete --no-location --ignore=.venv --ignore=var --ignore=tests --ignore=conftest.py --ignore=bench --ignore=scripts
	$(PY) manage.py compile_translations

bench: install-test
	@for b in bench/*.py; do n=$$(basename $$b .py); [ "$$n" = __init__ ] || $(PY) -m bench.$$n --quick; done

clean:
	rm -rf $(VENV) var/static
