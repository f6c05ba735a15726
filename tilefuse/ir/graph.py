"""The op graph: a program is a list of ``Node``s in topological order, like a torch.fx Graph.

Each node has an ``op`` (a string from ``tilefuse.ir.ops``), ``args`` (other nodes), ``attrs`` (plain
data: an einsum spec, a constant, a reduced axis), and the type of its result: named ``axes`` and a
``dtype``. ``loc`` is the line of the user's program that created it, for error messages.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ..errors import SourceLoc
from .dims import Axis
from .dtypes import DType


@dataclass(eq=False)
class Node:
    op: str
    args: tuple[Node, ...]
    attrs: dict
    axes: tuple[Axis, ...]
    dtype: DType
    name: str = ""
    loc: SourceLoc | None = None

    @property
    def axis_names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.axes)

    def axis(self, name: str) -> Axis:
        for a in self.axes:
            if a.name == name:
                return a
        raise KeyError(name)

    def __repr__(self) -> str:
        return f"%{self.name}"


@dataclass(eq=False)
class Graph:
    """A program: named inputs, nodes in topological order, and outputs."""

    name: str
    nodes: list[Node] = field(default_factory=list)
    outputs: list[Node] = field(default_factory=list)
    source_file: str = ""

    @property
    def inputs(self) -> list[Node]:
        return sorted((n for n in self.nodes if n.op == "input"), key=lambda n: n.attrs["position"])

    def users(self) -> dict[Node, list[Node]]:
        """Map each node to the nodes that read it (outputs count as a use)."""
        table: dict[Node, list[Node]] = {n: [] for n in self.nodes}
        for n in self.nodes:
            for a in n.args:
                table[a].append(n)
        return table

    def rebuild(self, nodes: list[Node], outputs: list[Node]) -> Graph:
        """A new graph over ``nodes`` (kept in order), dropping nodes outputs do not reach."""
        live: set[Node] = set()
        stack = list(outputs)
        while stack:
            n = stack.pop()
            if n in live:
                continue
            live.add(n)
            stack.extend(n.args)
        kept = [n for n in nodes if n in live or n.op == "input"]
        return Graph(self.name, kept, list(outputs), self.source_file)

    def rename(self) -> Graph:
        """Give every non-input node a fresh sequential name (``t0, t1, ...``) for printing."""
        counter = itertools.count()
        for n in self.nodes:
            if n.op != "input":
                n.name = f"t{next(counter)}"
        return self

    def __str__(self) -> str:
        from .printer import format_graph

        return format_graph(self)
