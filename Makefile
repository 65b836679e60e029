# Raadsplein: `make run` to try it, `make test` to test it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) src/manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
SQLITE ?= 1
# Test workers: one per core (pytest-xdist; each worker its own database, SMTP server and ports).
# --dist load hands each worker tests in collection order, so pytest-django's order holds on
# each: tests that flush the database (transactional) run after the ones that need its data.
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
PYTEST := $(PY) -m pytest -q -n $(TEST_WORKERS) --dist load

.PHONY: run serve install test test-sqlite test-postgres lint format bench messages totp clean

$(VENV)/.installed: requirements/base.txt requirements/dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/dev.txt
	@touch $@

install: $(VENV)/.installed

## make run: install, migrate, load demo data into an empty database, serve with the worker.
run: install
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) compilemessages --ignore=.venv >/dev/null
	$(MANAGE) demo --if-empty
	@echo "Raadsplein draait op http://$(HOST):$(PORT)/  (beheer: http://$(HOST):$(PORT)/beheer/)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(MANAGE) run_huey --quiet & \
	  $(MANAGE) runserver $(HOST):$(PORT)

## make test: the whole suite on SQLite, and on PostgreSQL too when DATABASE_URL is set.
test: install
	$(MANAGE) compilemessages --ignore=.venv >/dev/null
	@if [ "$(SQLITE)" = "1" ]; then \
	  echo "== tests on SQLite"; \
	  env -u DATABASE_URL $(PYTEST); \
	fi
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "== tests on $${DATABASE_URL%%:*}"; \
	  $(PYTEST) --create-db; \
	fi

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

format: install
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

## make bench: every page against the floor in one table (pages; BENCH_ONLY=pages runs only it),
## load-test pages, signal intake, the calendar (1,000 events) and a plan with 200
## proposals under gunicorn on loopback, score the theme model, search 100,000 indexed items
## (SQLite, and PostgreSQL when DATABASE_URL is set), 2,000 dossiers and the handbook PDF (the
## same databases); JSON in bench/results/ (platform, signals, calendar, proposals, search,
## knowledge) and a news flash to 10,000 subscribers (promotion), and the annual report for a
## year with 50,000 signals with its PDF, time and peak memory (report), and a questionnaire's
## results page and answers export with 5,000 responses (surveys; SQLite and PostgreSQL). All
## parts run; any failing fails.
bench: install
	@if [ "$$BENCH_ONLY" = pages ]; then exec $(PY) bench/pages.py; fi; \
	status=0; \
	  $(PY) bench/pages.py || status=1; \
	  $(PY) bench/run.py || status=1; \
	  $(PY) bench/signals.py || status=1; \
	  $(PY) bench/calendar_bench.py || status=1; \
	  $(PY) bench/proposals_bench.py || status=1; \
	  $(PY) bench/search_bench.py || status=1; \
	  $(PY) bench/knowledge_bench.py || status=1; \
	  $(PY) bench/promotion_bench.py || status=1; \
	  $(PY) bench/report_bench.py || status=1; \
	  $(PY) bench/surveys_bench.py || status=1; \
	  exit $$status

## make messages: refresh the translation files after changing texts.
messages: install
	cd src && ../$(PY) manage.py makemessages -l en --no-obsolete --ignore=static

## make totp: the current code for the demo accounts with two-step login.
totp: install
	@$(PY) -c "import time,hmac,hashlib,base64,struct; k=base64.b32decode('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'); h=hmac.new(k,struct.pack('>Q',int(time.time())//30),hashlib.sha1).digest(); o=h[-1]&15; print('%06d' % ((struct.unpack('>I',h[o:o+4])[0]&0x7fffffff)%1000000))"

clean:
	rm -rf var/cache var/test-media static
