"""The README keeps its promises: the two commands first, and every CLI option documented."""

from __future__ import annotations

import argparse
import re

from conftest import REPO

from monitor.cli import add_refresh_arguments

README = (REPO / "README.md").read_text()


def refresh_options() -> list[str]:
    refresh = argparse.ArgumentParser(add_help=False)
    add_refresh_arguments(refresh)
    return sorted(set(re.findall(r"--[a-z][a-z-]+", refresh.format_help())))


def test_every_refresh_option_is_in_the_readme():
    missing = [opt for opt in refresh_options() if f"`{opt}" not in README]
    assert not missing, f"undocumented options: {missing}"


def test_first_section_gives_exactly_the_two_commands():
    first_block = re.search(r"```\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["make run", "make test"]


def test_ci_runs_the_readme_test_command():
    assert "make test" in (REPO / ".ci" / "run").read_text()


def test_every_publish_option_is_in_the_readme():
    from publish.cli import add_publish_parser

    commands = argparse.ArgumentParser(add_help=False).add_subparsers()
    add_publish_parser(commands)
    publish = commands.choices["publish"]
    missing = [opt for opt in sorted(set(re.findall(r"--[a-z][a-z-]+", publish.format_help())) - {"--help"})
               if f"`{opt}" not in README]
    assert not missing, f"undocumented options: {missing}"
    assert "MONITOR_PUBLISH_DIR" in README and "MONITOR_SITE_URL" in README and "will not change incompatibly" in README


# A package's import name where it differs from its name on the package index; None for a command-line tool.
IMPORT_NAMES = {"python-calamine": "python_calamine", "fpdf2": "fpdf", "axe-playwright-python": "axe_playwright_python"}
TOOLS = {"ruff": "-m ruff check", "pytest-xdist": "PARALLEL := -n "}  # not imported: run by `make test`
SOURCES = ("contract", "scrapers", "i18n", "monitor", "views", "tests", "scripts", "bench")


def requirements() -> list[str]:
    names = []
    for file in ("requirements.txt", "requirements-dev.txt"):
        for line in (REPO / file).read_text().splitlines():
            if line.strip() and not line.startswith(("#", "-")):
                names.append(re.split(r"[<>=!~;\[ ]", line.strip())[0].lower())
    return names


def test_every_dependency_is_imported_and_explained():
    """No package is installed for nothing, and the README says in one line why each is there."""
    code = "\n".join(path.read_text(encoding="utf-8") for folder in SOURCES for path in (REPO / folder).rglob("*.py"))
    code += (REPO / "app.py").read_text()
    makefile = (REPO / "Makefile").read_text()
    unused, unexplained = [], []
    for name in requirements():
        module = IMPORT_NAMES.get(name, name.replace("-", "_"))
        imported = re.search(rf"^\s*(?:import|from) {module}\b|importorskip\(\"{module}\b", code, re.M)
        if not (imported or (name in TOOLS and TOOLS[name] in makefile)):
            unused.append(name)
        if not re.search(rf"^\s*- `{re.escape(name)}`", README, re.M) and f"`{name}`" not in README:
            unexplained.append(name)
    assert not unused, f"listed in requirements*.txt but never imported: {unused}"
    assert not unexplained, f"not explained in the README's list of dependencies: {unexplained}"
