# LiveGuard — the two commands a newcomer needs:
#   make demo   the whole pipeline on a bundled Chinese live stream, reviewer pages on localhost
#   make test   lint, type checks and every test (real Kafka, PostgreSQL, Whisper, Chromium)
# Both create .venv and install what they need on a fresh machine (Debian packages via apt).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo demo-kafka test lint format typecheck venv system-deps kafka-start kafka-stop bench clean

$(STAMP): pyproject.toml
	bash scripts/bootstrap.sh $(VENV) $(PYTHON)
	touch $(STAMP)

venv: $(STAMP)

system-deps:
	bash scripts/system-deps.sh

demo: venv
	$(BIN)/liveguard demo

demo-kafka: venv
	bash scripts/system-deps.sh kafka
	bash scripts/demo-kafka.sh

test: venv
	bash scripts/test.sh

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: venv
	$(BIN)/mypy liveguard tests bench

kafka-start:
	bash scripts/kafka.sh start

kafka-stop:
	bash scripts/kafka.sh stop

bench: venv
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/rules_speed.py
	$(BIN)/python bench/assemble.py

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache artifacts var
