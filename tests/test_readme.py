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
