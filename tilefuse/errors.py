"""Errors that speak the user's language: each names the program, the op and the source line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceLoc:
    """Where in the user's program an op was written."""

    file: str
    line: int
    text: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class TilefuseError(Exception):
    """Base class for every error tilefuse raises on purpose.

    ``program``, ``op`` and ``loc`` are filled in where they are known, and the message reads
    ``<what went wrong> (program P, op O, line N: <source text>)``.
    """

    def __init__(self, message: str, *, program: str | None = None, op: str | None = None,
                 loc: SourceLoc | None = None):
        self.message = message
        self.program = program
        self.op = op
        self.loc = loc
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.program:
            where.append(f"program {self.program}")
        if self.op:
            where.append(f"op {self.op}")
        if self.loc is not None:
            loc = f"line {self.loc.line}"
            if self.loc.text:
                loc += f": {self.loc.text.strip()}"
            where.append(loc)
        return f"{self.message} ({', '.join(where)})" if where else self.message


class DSLError(TilefuseError):
    """A program written in the DSL is malformed: shapes, dtypes, unknown dims, unsupported ops."""


class VerifyError(TilefuseError):
    """The IR breaks one of its invariants (raised by the verifier after tracing and after every pass)."""


class LoweringError(TilefuseError):
    """A pass or the code generator cannot handle this program yet."""


class ConfigError(TilefuseError):
    """A schedule config breaks the tiling constraints (shared memory, power-of-two blocks, ...)."""


class MeasureError(TilefuseError):
    """The measurement itself cannot run (the program does not load, the worker cannot start)."""
