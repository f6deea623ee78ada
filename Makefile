# crmdesk: the two commands are `make run` and `make test`.
SHELL := /bin/sh
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := build/demo/demo.crmdb
TS := $(wildcard resources/i18n/*.ts)
QM := $(TS:.ts=.qm)

.PHONY: run test fuzz test-postgres bench attacks screenshots lint translations i18n-update clean system system-gui system-shots package install-desktop

system:
	@packaging/setup-system.sh

system-gui:
	@packaging/setup-system.sh gui

system-shots:
	@packaging/setup-system.sh shots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dev,bench]'
	touch $(STAMP)

resources/i18n/%.qm: resources/i18n/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

$(DEMO): | $(STAMP)
	@mkdir -p $(dir $(DEMO))
	$(BIN)/crmdesk demo $(DEMO) --customers 3000

run: system-gui $(STAMP) translations $(DEMO)
	@echo "crmdesk demo database: $(DEMO)"
	@echo "Log in as admin (or manager, staff1, staff2) with the password demo1234"
	$(BIN)/crmdesk gui $(DEMO)

test: system $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# The generated bad-input tests (tests/unit/test_fuzz_*.py) with 20 times more cases
# than `make test` runs (hypothesis profile "fuzz", see tests/conftest.py).
fuzz: system $(STAMP) translations
	CRMDESK_FUZZ=fuzz QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/unit/test_fuzz_*.py

# The unit, integration and UI tests again, against a PostgreSQL server
# (CRMDESK_TEST_PG_URL, see .ci/run); tests about the .crmdb file itself are marked
# sqlite_only and skipped there, each with its reason.
test-postgres: $(STAMP)
	$(BIN)/pip install --quiet 'psycopg[binary]>=3.1'
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/unit tests/integration tests/ui

bench: system $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.benchmarks

# The attacks of the security issue at full scale (2,000 damaged files ...), as figures.
attacks: system $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.attacks

# Every main view in zh_CN and en, on a demo database, under a virtual X display.
screenshots: system-shots $(STAMP) translations
	xvfb-run -a -s "-screen 0 1440x900x24" $(BIN)/python packaging/screenshots.py build/screenshots
	@echo "Screenshots are in build/screenshots/"

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports

# One-file program (dist/crmdesk; the spec also builds crmdesk.exe on Windows), then
# its smoke test: commands, a demo database, a PDF, a backup and the window under Xvfb.
package: system-shots $(STAMP) translations
	@packaging/setup-system.sh package
	$(BIN)/pip install --quiet 'pyinstaller>=6.10'
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/pyinstaller/crmdesk.spec
	packaging/smoke_test.sh dist/crmdesk

# The menu entry, icons and file types (.crmdb) in ~/.local/share, for dist/crmdesk
# (copied to ~/.local/bin) or else this checkout's .venv/bin/crmdesk.
install-desktop:
	packaging/desktop/install.sh

# Refresh the .ts catalogues from the source (new strings arrive unfinished).
i18n-update: $(STAMP)
	$(BIN)/python packaging/i18n.py update

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache resources/i18n/*.qm
