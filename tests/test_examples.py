"""Every file in examples/ compiles and matches the reference, both plainly and as its docstring says to run it."""

from __future__ import annotations

import ast
import shlex
from pathlib import Path

import pytest

from tilefuse.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


def documented_commands(path: Path) -> list[list[str]]:
    """The ``tilefuse compile ...`` lines of an example's docstring, as argument lists without ``tilefuse``."""
    doc = ast.get_docstring(ast.parse(path.read_text())) or ""
    return [shlex.split(line)[1:] for line in doc.splitlines() if line.strip().startswith("tilefuse compile")]


def test_examples_exist():
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_compiles_and_checks(path, tmp_path):
    assert main(["compile", str(path), "--out", str(tmp_path), "--check", "--dtype", "fp32"]) == 0
    assert (tmp_path / "manifest.json").exists()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_documented_command_works(path, tmp_path):
    """The command in the example's docstring runs as written (its output goes to a temporary folder)."""
    commands = documented_commands(path)
    assert commands, f"{path.name}: the docstring shows no `tilefuse compile` command"
    for args in commands:
        assert args[0] == "compile" and (ROOT / args[1]).resolve() == path, f"{path.name}: {args}"
        assert main([args[0], str(path), *args[2:], "--out", str(tmp_path)]) == 0
