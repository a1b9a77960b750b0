# Ready to Ask. `make help` lists the targets. `make run` and `make test` install whatever is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help

ENGINE_VENV := .venv/engine
APP_VENV := .venv/app
APP_PY := $(APP_VENV)/bin/python
RASA := $(ENGINE_VENV)/bin/rasa
# Rasa 3.6 runs only on Python 3.10 (pyenv has it on these machines); everything we write runs on 3.11+.
ENGINE_PYTHON ?= $(shell PYENV_VERSION=3.10.13 pyenv which python 2>/dev/null || command -v python3.10)
APP_PYTHON ?= $(shell command -v python3.11 || command -v python3)
PIP_QUIET := --quiet --disable-pip-version-check

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-15s %s\n", $$1, $$2}'

$(ENGINE_VENV)/.installed: requirements-engine.txt constraints-engine.txt
	@echo "engine venv: installing Rasa 3.6.21 on Python 3.10 (about 70 s)"
	@test -n "$(ENGINE_PYTHON)" || { echo "Python 3.10 not found (pyenv install 3.10.13)"; exit 1; }
	$(ENGINE_PYTHON) -m venv $(ENGINE_VENV)
	$(ENGINE_VENV)/bin/pip install $(PIP_QUIET) -c constraints-engine.txt -r requirements-engine.txt
	@touch $@

$(APP_VENV)/.installed: pyproject.toml constraints-app.txt
	@echo "app venv: installing the gateway, actions, test and lint tools"
	$(APP_PYTHON) -m venv $(APP_VENV)
	$(APP_VENV)/bin/pip install $(PIP_QUIET) -c constraints-app.txt -e '.[test,lint]'
	@touch $@

.PHONY: install
install: $(ENGINE_VENV)/.installed $(APP_VENV)/.installed ## install both virtualenvs, system packages and data
	@tools/install_system_packages.sh
	@$(APP_PY) -m bot.understanding.encoder
	@$(APP_PY) -m bot.councils.build_index
	@tools/install_npm_assets.sh axe
	@tools/install_npm_assets.sh api-docs

.PHONY: staff-account
staff-account: $(APP_VENV)/.installed ## helpline console account: make staff-account EMAIL=… ROLE=staff|supervisor|admin (password on stdin or RTA_STAFF_PASSWORD)
	@$(APP_PY) -m bot.staff.cli --email "$(EMAIL)" --role "$(ROLE)"

.PHONY: check-content
check-content: $(APP_VENV)/.installed ## validate content/: the council directory, topics, safety decision and helplines, letter wording
	@$(APP_PY) tools/check_content.py

.PHONY: model
model: install ## train the understanding service's classifiers and Rasa's dialogue model if their data changed (cached by hash in models/)
	@$(APP_PY) -m bot.run.model

.PHONY: run
run: model ## run the product on http://127.0.0.1:8000 (Ctrl-C stops everything)
	@$(APP_PY) -m bot.run.launcher

.PHONY: validate-data
validate-data: install ## Rasa's own check of domain, rules and training data
	@$(RASA) data validate --fail-on-warnings --domain domain.yml --data data --config config.yml > var-validate.log 2>&1 \
		&& { echo "rasa data validate: clean"; rm -f var-validate.log; } \
		|| { grep -vE '^\s*$$' var-validate.log | tail -40; rm -f var-validate.log; exit 1; }

.PHONY: lint
lint: $(APP_VENV)/.installed ## ruff check, ruff format --check, and mypy on bot/ and actions/ (settings in pyproject.toml)
	@$(APP_VENV)/bin/ruff check .
	@$(APP_VENV)/bin/ruff format --check .
	@$(APP_VENV)/bin/mypy

.PHONY: test
test: lint model validate-data check-content ## install what is missing, then run every check and the whole test suite
	@$(APP_PY) -m pytest

.PHONY: nlu-report
nlu-report: model ## understanding and safety: 5-fold cross-validation on training data beside the frozen blind sets
	@$(APP_PY) tools/nlu_report.py

.PHONY: bench
bench: model ## latency and memory: conversation (gateway vs bare Rasa), council look-up, letter PDF, understanding service (parse, safety)
	@$(APP_PY) bench/conversation_bench.py
	@$(APP_PY) bench/lookup_bench.py
	@$(APP_PY) bench/letter_bench.py
	@$(APP_PY) bench/understanding_bench.py
	@$(APP_PY) bench/emergency_bench.py

.PHONY: clean
clean: ## remove runtime state (conversations, logs); keeps venvs and models
	rm -rf var
