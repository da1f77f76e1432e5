# The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2
TEST_PACKAGES := $(RUNTIME_PACKAGES) gettext poppler-utils chromium docker-compose nginx

define apt_install
	missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done)
	if [ -n "$$missing" ]; then
		if [ "$$(id -u)" = 0 ]; then
			echo "Installing system packages: $$missing"
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null
		else
			echo "Missing system packages (run as root or install them): $$missing" >&2
		fi
	fi
endef

$(VENV)/.runtime: requirements.txt
	@if ! $(PYTHON) -m venv --help >/dev/null 2>&1 || ! $(PYTHON) -c "import ensurepip" 2>/dev/null; then
		$(call apt_install,python3-venv)
	fi
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	@$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

.env:
	@key=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))")
	sed "s|^SECRET_KEY=.*|SECRET_KEY=$$key|" .env.example > .env
	echo "Wrote .env with a new secret key."

.PHONY: system-runtime
system-runtime:
	@$(call apt_install,$(RUNTIME_PACKAGES))

.PHONY: run
run: system-runtime $(VENV)/.runtime .env  ## set up everything and start the demo
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo --if-empty
	cat <<-'MSG'

	  Party membership registry — demo district Hoàng Su Phì
	  Open http://127.0.0.1:8000 and log in with password demo12345 as:
	    btc      organization committee staff (district)
	    btv      Standing Committee member (district)
	    hothau   secretary, Đảng bộ xã Hồ Thầu
	    namdich  secretary, Đảng bộ xã Nậm Dịch
	    xem      viewer (district)
	    admin    system administrator (/admin/)

	MSG
	exec $(PY) manage.py runserver 127.0.0.1:8000

.PHONY: test
test: $(VENV)/.dev  ## production configuration (PostgreSQL, Redis, worker) + smoke suite
	@$(call apt_install,$(TEST_PACKAGES))
	bash .ci/test.sh

.PHONY: lint
lint: $(VENV)/.dev
	@bash .ci/lint.sh

.PHONY: messages
messages: $(VENV)/.dev  ## refresh the Vietnamese catalogue after changing strings
	@DEBUG=true $(PY) manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=benchmarks
	DEBUG=true $(PY) manage.py compilemessages -l vi --ignore=.venv

.PHONY: worker
worker: $(VENV)/.runtime  ## a Celery worker for both queues (needs REDIS_URL)
	@exec $(VENV)/bin/celery -A config worker -Q default,documents --loglevel INFO

.PHONY: lock
lock:  ## re-pin requirements.txt from the ranges in pyproject.toml
	@rm -rf var/lock-venv && $(PYTHON) -m venv var/lock-venv
	var/lock-venv/bin/pip install -q .
	{ echo "# Runtime dependencies, pinned. Ranges live in pyproject.toml; refresh with 'make lock'."; \
	  var/lock-venv/bin/pip freeze --exclude party-registry; } > requirements.txt
