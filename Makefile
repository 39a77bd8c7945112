# Global Cool-Light platform. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

ROOT := $(abspath .)
BACKEND := $(ROOT)/backend
TOOLS := $(ROOT)/.tools
UV := $(TOOLS)/bin/uv
UV_VERSION := 0.13.9
VENV := $(BACKEND)/.venv
ASSETS := $(BACKEND)/assets
CHROMIUM ?= /usr/bin/chromium
PY := $(VENV)/bin/python
MANAGE := cd $(BACKEND) && $(PY) manage.py
# Domain apps drawn in docs/erd.svg (a test fails when a model is missing from it).
# graph_models takes app labels: the catalog (apps/catalog) keeps the label `services`.
ERD_APPS := core users services leads billing notifications media portfolio cms
HOST ?= 127.0.0.1
PORT ?= 8000
# The address e-mailed links carry when serving locally: the host and port
# `make run` actually serves (a wildcard bind is reached on 127.0.0.1). An
# exported SITE_URL wins; production sets its own and never runs this.
SITE_URL ?= http://$(if $(filter 0.0.0.0 :: [::],$(HOST)),127.0.0.1,$(HOST)):$(PORT)

export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help install assets pdf-libs chromium run test test-dates lint format openapi openapi-check requirements \
	requirements-check erd migrate seed check-deploy clean bench

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-20s %s\n", $$1, $$2}'

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) $(BACKEND)/pyproject.toml $(BACKEND)/uv.lock
	@$(MAKE) --no-print-directory pdf-libs
	cd $(BACKEND) && $(UV) sync --frozen --python python3.11
	@mkdir -p $(ROOT)/var/mail $(ROOT)/var/staticfiles
	@touch $@

install: $(VENV)/.synced ## Create the environment and install the locked dependencies

# Install only when the lock changed; the build itself (Tailwind scans the
# templates) is quick and always runs. The committed lock is complete (every
# platform's optional native packages, as npm writes it), so `npm install`
# installs exactly the locked versions and leaves the file untouched; CI checks
# that the tree is still clean after installing.
$(ASSETS)/node_modules/.package-lock.json: $(ASSETS)/package.json $(ASSETS)/package-lock.json
	cd $(ASSETS) && npm install --no-audit --no-fund --loglevel=error
	@touch $@

assets: $(ASSETS)/node_modules/.package-lock.json ## Build CSS and JS into backend/static/dist/ (npm ci + Tailwind)
	cd $(ASSETS) && node build.mjs

# WeasyPrint (quotation PDFs) needs Pango, and HarfBuzz's subsetter to embed
# only the glyphs used (without it, it warns on every PDF and embeds whole
# fonts); installed with apt when missing, like Chromium below.
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
pdf-libs: ## Install Pango and HarfBuzz-subset for WeasyPrint when missing and apt can
	@if ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' \
		|| ! ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so.0'; then \
		if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
			echo "Installing $(PDF_LIBS) for the quotation PDFs"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_LIBS) >/dev/null) \
				|| echo "Could not install $(PDF_LIBS): quotation PDFs will fail to render"; \
		else echo "No Pango and no apt as root: install $(PDF_LIBS) for quotation PDFs"; fi; \
	fi

chromium: ## Install Debian's Chromium for the browser tests when it is missing and apt can
	@if [ ! -x $(CHROMIUM) ]; then \
		if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
			echo "Installing chromium for the browser tests"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
				|| echo "Could not install chromium: browser tests will be skipped"; \
		else echo "No $(CHROMIUM) and no apt as root: browser tests will be skipped"; fi; \
	fi

migrate: install assets ## Apply database migrations
	@mkdir -p var/mail
	$(MANAGE) migrate --no-input

seed: migrate ## Load the demo data (idempotent)
	$(MANAGE) seed_demo

run: seed ## Install, build assets, migrate, load demo data and serve on http://127.0.0.1:8000 (HOST=, PORT=)
	@$(MANAGE) demo_logins --base-url $(SITE_URL)
	@# The outbox sweeper runs beside the server (no Celery beat locally): it sends
	@# scheduled messages, retries and campaigns; stopped with the server. Both
	@# build e-mailed links on SITE_URL, so both get the address served.
	cd $(BACKEND) && export SITE_URL='$(SITE_URL)' && \
		($(PY) manage.py process_outbox --loop 5 & trap 'kill $$! 2>/dev/null' EXIT; \
		$(PY) manage.py runserver $(HOST):$(PORT))

test: install pdf-libs assets chromium ## Run every test (DATABASE_URL / REDIS_URL pick PostgreSQL and Redis)
	cd $(BACKEND) && $(VENV)/bin/pytest $(PYTEST_ARGS)

# The hard days the date-sensitive tests are run at again (docs/dev/testing.md):
# a Friday evening in Nairobi before a holiday weekend, a Sunday that is still
# Saturday in UTC, Jamhuri Day, New Year's Eve late evening, 29 February.
# Browser tests (Chromium's own clock stays put; only the server's moves) run
# at the first date only, to keep the step short.
TEST_DATES ?= 2026-12-11T21:30+03:00 2027-01-03T01:30+03:00 2026-12-12T09:00+03:00 \
	2026-12-31T23:30+03:00 2028-02-29T18:30+03:00
test-dates: install pdf-libs assets chromium ## Run the date_sensitive tests again with the clock at each of TEST_DATES
	cd $(BACKEND) && marker="date_sensitive"; for now in $(TEST_DATES); do \
		echo "--- clock moved to $$now ($$marker)"; \
		$(VENV)/bin/pytest -q -m "$$marker" --now="$$now" $(PYTEST_ARGS) || exit 1; \
		marker="date_sensitive and not browser"; \
	done

lint: install ## ruff, formatting and mypy
	cd $(BACKEND) && $(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .
	cd $(BACKEND) && $(VENV)/bin/mypy

format: install ## Format and fix the code
	cd $(BACKEND) && $(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

openapi: install ## Rewrite backend/specs/openapi.yaml from the code
	cd $(BACKEND) && env -u DATABASE_URL $(PY) manage.py spectacular --settings=config.settings.test --validate --fail-on-warn --file specs/openapi.yaml

openapi-check: install ## Fail when backend/specs/openapi.yaml differs from the code
	cd $(BACKEND) && env -u DATABASE_URL $(PY) manage.py spectacular --settings=config.settings.test --validate --fail-on-warn --file $(ROOT)/var/openapi.check.yaml
	diff -u $(BACKEND)/specs/openapi.yaml $(ROOT)/var/openapi.check.yaml

requirements: install ## Export backend/requirements.txt from uv.lock
	cd $(BACKEND) && $(UV) export --frozen --no-dev --no-hashes --no-emit-project --no-header -o requirements.txt --quiet

requirements-check: install ## Fail when requirements.txt does not match uv.lock
	cd $(BACKEND) && $(UV) export --frozen --no-dev --no-hashes --no-emit-project --no-header --quiet -o $(ROOT)/var/requirements.check.txt
	diff -u $(BACKEND)/requirements.txt $(ROOT)/var/requirements.check.txt

erd: install ## Draw docs/erd.svg from the models (installs Graphviz if missing)
	@command -v dot >/dev/null || (apt-get update -qq && apt-get install -y -qq graphviz >/dev/null)
	$(MANAGE) graph_models $(ERD_APPS) --settings=config.settings.test \
		--disable-abstract-fields --hide-edge-labels -X AbstractBaseUser,PermissionsMixin,SingletonModel \
		--dot -o $(ROOT)/var/erd.dot
	dot -Tsvg $(ROOT)/var/erd.dot -o $(ROOT)/docs/erd.svg

check-deploy: install ## Django's deployment checks with production settings
	cd $(BACKEND) && env $$(cat $(ROOT)/infra/ci/production-check.env | xargs) \
		$(PY) manage.py check --deploy --fail-level WARNING --settings=config.settings.production

bench: install ## Load-test the public site with gunicorn + PostgreSQL + Redis (bench/run.sh)
	$(ROOT)/bench/run.sh

clean: ## Remove the environments, the local database and build output
	rm -rf $(VENV) $(TOOLS) var $(ASSETS)/node_modules $(BACKEND)/static/dist
