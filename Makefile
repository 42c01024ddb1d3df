# ULE Portal. Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test install lint format messages bench check-deploy lock clean vnu a11y

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements-dev.lock || \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

## make run: the portal with its Celery worker and beat on SQLite and a filesystem broker.
run: install
	@bash scripts/serve.sh --check-port
	DJANGO_SETTINGS_MODULE=config.settings.local $(MANAGE) migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.local $(MANAGE) load_demo
	@bash scripts/serve.sh

## make test: the full suite against PostgreSQL and Redis on localhost, browser journeys included,
## in TEST_WORKERS processes (pytest-xdist; each has its own test database and Redis database).
TEST_WORKERS ?= auto
test: install
	@bash scripts/ensure-services.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

## make messages: refresh the catalogues after changing strings (needs GNU gettext).
messages: install
	$(MANAGE) makemessages -l zh_Hans -l en --ignore=.venv --ignore=static/vendor --ignore=tests --ignore=retrofits --ignore=inspections --ignore=transport --ignore=operations --ignore=monitoring --ignore=dashboards --ignore=exports
	for app in retrofits inspections transport operations monitoring dashboards exports; do (cd $$app && DJANGO_SETTINGS_MODULE=config.settings.local PYTHONPATH=.. ../$(BIN)/django-admin makemessages -l zh_Hans -l en); done
	$(MANAGE) compilemessages --ignore=.venv

## make vnu: the Nu HTML checker over every page of every role (npm vnu-jar, pinned in
## scripts/vnu-jar.sh, installed on demand into var/node/; needs Java). Part of make test too.
vnu: install
	@bash scripts/ensure-services.sh
	@bash scripts/vnu-jar.sh >/dev/null
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest tests/e2e/test_html_validity.py

## make a11y: axe-core over every page of every role, desktop and phone. Part of make test too.
a11y: install
	@bash scripts/ensure-services.sh
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -n $(TEST_WORKERS) tests/e2e/test_accessibility.py

## make bench: benchmarks that report time and query counts (see docs/benchmarks.md).
bench: install
	@bash scripts/ensure-services.sh
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -m benchmark -s tests/benchmarks

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets;print(secrets.token_urlsafe(50))') \
	DJANGO_ALLOWED_HOSTS=ule.example.org DATABASE_URL=postgres://x@127.0.0.1/x CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \
	$(MANAGE) check --deploy --fail-level WARNING

## make lock: re-resolve both lock files after changing pyproject.toml (runtime first, then dev on top).
lock: install
	$(BIN)/uv pip compile pyproject.toml --python $(BIN)/python -c requirements.lock -o requirements.lock --no-header -q
	$(BIN)/uv pip compile pyproject.toml --extra dev --python $(BIN)/python -c requirements.lock -o requirements-dev.lock --no-header -q

clean:
	rm -rf $(VENV) var db.sqlite3 staticfiles
