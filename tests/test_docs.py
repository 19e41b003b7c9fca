"""The README documents every command and setting, and its quick start is real."""

from __future__ import annotations

import re

import typer.main

from eventwire.cli import app
from eventwire.settings import describe

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def command_names() -> list[str]:
    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            names += [f"{name} {sub}" for sub in subcommands]
        else:
            names.append(name)
    return names


def test_every_command_is_in_the_readme() -> None:
    missing = [n for n in command_names() if f"`eventwire {n}" not in README]
    assert not missing, f"document these commands in README.md: {missing}"


def test_every_setting_is_in_the_readme() -> None:
    missing = [name for name, _, _ in describe() if f"`{name}`" not in README]
    assert not missing, f"document these settings in README.md: {missing}"


def test_quick_start_commands_exist_in_the_makefile() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"^make (\w+)", README, flags=re.MULTILINE):
        assert re.search(rf"^{target}:", makefile, flags=re.MULTILINE), target
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
