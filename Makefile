# Khảo sát NQ57. `make run` sets up and serves the app; `make test` sets up and runs every check.
VENV    := .venv
BIN     := $(VENV)/bin
PYTHON  ?= python3
STAMP   := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
HOST    ?= 127.0.0.1
PORT    ?= 5000
export FLASK_APP := wsgi

.PHONY: run test setup sysdeps translations messages lint format test-sqlite test-postgres clean

run: setup
	$(BIN)/flask db upgrade
	$(BIN)/flask seed
	$(BIN)/flask demo --if-empty
	$(BIN)/flask users ensure-admin
	@echo ""
	@echo "  Khảo sát NQ57 is starting at http://$(HOST):$(PORT)/"
	@echo "  Sign in with the administrator above, or the demo manager quanly@demo.nq57.local"
	@echo "  (demo password: $${DEMO_PASSWORD:-demo-nq57-2026}). Stop with Ctrl+C."
	@echo ""
	$(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) wsgi:app

# The SQLite and PostgreSQL runs go side by side (one per core); each prints when it ends.
test: setup lint
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

setup: sysdeps $(STAMP) $(NODE_STAMP) translations

sysdeps:
	@scripts/system-packages.sh

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

# axe-core (accessibility checks in tests/browser), pinned in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --silent && touch $(NODE_STAMP); \
	else \
	  echo "npm not found: install Node.js and npm, or the accessibility checks will not run"; \
	fi

translations: $(STAMP)
	$(BIN)/pybabel compile -d app/translations

messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --ignore-dirs '.* .venv' -k _l -k lazy_gettext -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@scripts/check-commit-location.sh

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test-sqlite: $(STAMP)
	@mkdir -p test-artifacts
	$(BIN)/pytest -q --basetemp=test-artifacts/tmp-sqlite

test-postgres: $(STAMP)
	@mkdir -p test-artifacts
	@scripts/test-postgres.sh $(BIN)/pytest -q --basetemp=test-artifacts/tmp-postgres

clean:
	rm -rf $(VENV) app/translations/*/LC_MESSAGES/*.mo
