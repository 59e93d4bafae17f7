"""Everything the command line offers is in README.md: every `pidash` command and sub-command, each
command's options, and every PIDASH_* environment variable the product reads. A new one fails here
until it is documented (as datasette's tests/test_docs.py does)."""
from __future__ import annotations

import argparse
import re
import tomllib
from pathlib import Path

import pytest

import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = "The command line"


def section(title: str) -> str:
    """The text of the README's `## title` section, up to the next `## ` heading."""
    found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, flags=re.MULTILINE | re.DOTALL)
    assert found, f"README.md has no '## {title}' section"
    return found.group(1)


def table_blocks(text: str) -> list[list[str]]:
    """Runs of consecutive Markdown table lines (a blank line ends a table)."""
    blocks: list[list[str]] = []
    previous = False
    for line in text.splitlines():
        is_row = line.startswith("|")
        if is_row and not previous:
            blocks.append([])
        if is_row:
            blocks[-1].append(line)
        previous = is_row
    return blocks


def rows() -> list[tuple[str, str]]:
    """The command table's rows as (first cell, whole row); `\\|` inside a cell is not a separator."""
    lines = [line for block in table_blocks(section(SECTION))
             for line in (block[2:] if len(block) > 1 and re.match(r"^\|[\s:|-]+$", block[1]) else block)]
    return [(re.split(r"(?<!\\)\|", line)[1], line) for line in lines]


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ("pidash",)):
    """(command path, its parser) for `pidash` and every sub-command below it, walking subparsers."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, (*path, name))


def options(parser: argparse.ArgumentParser) -> list[str]:
    """A command's long options, and the choices of its positional arguments (`load`'s tables), but
    not --help, which every command has."""
    found = []
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        if action.option_strings:
            found.append(max(action.option_strings, key=len))
        elif action.choices:
            found.extend(str(choice) for choice in action.choices)
    return found


def words(text: str) -> re.Pattern:
    """`text` as a whole word or option (`pidash load` does not match `pidash loads`)."""
    return re.compile(rf"(?<![\w-]){re.escape(text)}(?![\w-])")


COMMANDS = {" ".join(path): parser for path, parser in commands(cli.build_parser())}


def rows_of(command: str) -> list[str]:
    return [row for first, row in rows() if words(command).search(first)]


def environment_variables() -> set[str]:
    """Every PIDASH_* name in the product's code: its packages, app.py and the pages."""
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    files = [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]
    files += [f for package in packages for f in (ROOT / package).rglob("*.py")]
    return {name for f in files for name in re.findall(r"PIDASH_[A-Z_]+", f.read_text(encoding="utf-8"))}


def test_the_walk_finds_the_commands_options_and_variables():
    """The checks below cannot pass by finding nothing."""
    assert {"pidash", "pidash load", "pidash scorecard", "pidash inbox", "pidash inbox list"} <= set(COMMANDS)
    assert {"--period", "--org", "--json"} <= set(options(COMMANDS["pidash scorecard"]))
    assert {"returns", "plan_milestones", "--wait"} <= set(options(COMMANDS["pidash load"]))
    assert {"PIDASH_DB", "PIDASH_USER", "PIDASH_ROLES"} <= environment_variables()
    assert len(rows()) >= 15


def test_the_command_line_section_has_one_table():
    blocks = table_blocks(section(SECTION))
    assert len(blocks) == 1, f"a blank line splits the command table in {len(blocks)}: {[b[0] for b in blocks]}"


@pytest.mark.parametrize("command", sorted(set(COMMANDS) - {"pidash"}))
def test_every_command_has_a_row(command):
    assert rows_of(command), f"`{command}` is not in README.md's command table"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_option_is_in_its_commands_row(command):
    # the global options are described under the table; a command's own, in its rows
    where = section(SECTION) if command == "pidash" else "\n".join(rows_of(command))
    missing = [o for o in options(COMMANDS[command]) if not words(o).search(where)]
    assert missing == [], f"README.md's rows for `{command}` do not mention {missing}"


@pytest.mark.parametrize("name", sorted(environment_variables()))
def test_every_environment_variable_is_in_the_readme(name):
    assert words(name).search(README), f"${name} is read by pidash but not in README.md"
