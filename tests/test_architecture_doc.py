"""ARCHITECTURE.md shows real output: each block marked ``<!-- output of: tilefuse show ARGS -->`` must match
what that command prints now, line for line in order (a block may leave lines out where it says ``...``).

The layout table in ARCHITECTURE.md must also name every package and top-level module of ``tilefuse/``.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from tilefuse.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "ARCHITECTURE.md").read_text()
MARKED = re.compile(r"<!-- output of: tilefuse (.+?) -->\n```\w*\n(.*?)\n```", re.S)
BLOCKS = [(shlex.split(cmd), body.splitlines()) for cmd, body in MARKED.findall(DOC)]


def lines_in_order(wanted: list[str], got: list[str]) -> str | None:
    """None when every wanted line (bar ``...``) occurs in ``got`` in this order, else the first missing one."""
    it = iter(line.rstrip() for line in got)
    for line in wanted:
        if line.strip() in ("...", "") or any(line.rstrip() == g for g in it):
            continue
        return line
    return None


def test_the_doc_has_checked_blocks():
    assert len(BLOCKS) >= 3
    assert lines_in_order(["a", "...", "c"], ["a", "b", "c"]) is None
    assert lines_in_order(["c", "a"], ["a", "b", "c"]) == "a"


@pytest.mark.parametrize("args,block", BLOCKS, ids=[" ".join(a) for a, _ in BLOCKS])
def test_marked_block_is_real_output(args, block):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main([args[0], str(ROOT / args[1]), *args[2:]]) == 0
    missing = lines_in_order(block, out.getvalue().splitlines())
    assert missing is None, f"tilefuse {' '.join(args)} no longer prints:\n{missing}"


def test_layout_names_every_package():
    names = sorted(p.name for p in (ROOT / "tilefuse").iterdir()
                   if (p.is_dir() and (p / "__init__.py").exists()) or (p.suffix == ".py" and p.stem != "__init__"))
    layout = DOC.split("## Layout", 1)[1].split("\n## ", 1)[0]
    stems = [re.escape(n.removesuffix(".py")) for n in names]  # a line starts with it, or lists it after a comma
    missing = [n for n, stem in zip(names, stems) if not re.search(rf"(?m)^{stem}\b|, {stem}\b", layout)]
    assert not missing, f"ARCHITECTURE.md's layout section does not mention {missing}"
