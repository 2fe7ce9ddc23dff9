# Fangxin: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: install install-test run test drills lint format bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	scripts/system-packages.sh
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,celery]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(BIN)/fangxin migrate --noinput
	$(BIN)/fangxin collectstatic-if-changed
	$(BIN)/fangxin demo
	$(BIN)/fangxin serve --port $(PORT)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The migration check reads the models only; an in-memory database keeps it off the real one.
test: lint
	DJANGO_SETTINGS_MODULE=fangxin.settings_test DATABASE_URL=sqlite://:memory: \
		$(BIN)/fangxin makemigrations --check --dry-run
	$(BIN)/pytest -m "not drill"

# The heavier drills: every demo builder, the page crawl and the API schema fuzz on the demo
# county. CI runs them after `make test`, on each database.
drills: install-test
	$(BIN)/pytest -m drill

bench: install-test
	$(BIN)/python -m benchmarks

messages: install-test
	cd fangxin && ../$(BIN)/fangxin makemessages --locale en --ignore 'static/*' && ../$(BIN)/fangxin compilemessages --locale en

clean:
	rm -rf $(VENV) var .pytest_cache
