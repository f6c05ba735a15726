"""The ``tilefuse`` command: compile programs to standalone kernel files, show the IR after each pass, tune a
program's schedule on this GPU (``tune``), inspect the per-GPU tuning database (``db``), and train and score the
cost model (``model``).

This package parses arguments and prints; the work is done by the layers below (``api``, ``autotune``,
``cost_model``, ``module``). One module per command: ``compile`` (compile, show), ``tune``, ``db``, ``model``,
``module`` (compile-module: a PyTorch module).
"""

from __future__ import annotations

import argparse
import sys

from ..backends.triton.loader import use_interpreter_if_no_gpu
from ..errors import TilefuseError
from .compile import add_compile_parsers
from .db import add_db_parser
from .model import add_model_parser
from .module import add_module_parser
from .tune import add_tune_parser


def build_parser() -> argparse.ArgumentParser:
    """The ``tilefuse`` argument parser, every command included."""
    parser = argparse.ArgumentParser(prog="tilefuse", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    add_compile_parsers(sub)
    add_tune_parser(sub)
    add_db_parser(sub)
    add_model_parser(sub)
    add_module_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``tilefuse ARGV``; returns the exit status (2 for a TilefuseError, printed as one line)."""
    args = build_parser().parse_args(argv)
    if getattr(args, "offline", None) == []:
        args.offline = [90, 80]
    if args.command in ("compile", "tune", "compile-module", "tune-module"):
        use_interpreter_if_no_gpu()
    try:
        return args.func(args)
    except TilefuseError as exc:
        print(f"tilefuse: error: {exc}", file=sys.stderr)
        return 2

