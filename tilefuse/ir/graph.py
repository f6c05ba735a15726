"""The op graph: a program is a list of ``Node``s in topological order, like a torch.fx Graph.

Each node has an ``op`` (a string from ``tilefuse.ir.ops``), ``args`` (other nodes), ``attrs`` (plain
data: an einsum spec, a constant, a reduced axis), and the type of its result: named ``axes`` and a
``dtype``. ``loc`` is the line of the user's program that created it, for error messages.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ..errors import SourceLoc
from .dims import Axis, dims_in
from .dtypes import DType
from .printer import format_graph


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

    @property
    def dims(self) -> list[str]:
        """The symbolic dims the inputs' sizes name (``M``, ``K``, ...), sorted: what a launch binds."""
        return sorted({d for n in self.inputs for a in n.axes for d in dims_in(a.size)})

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
        return format_graph(self)


def ancestors(node: Node) -> list[Node]:
    """``node`` and every node it reads, transitively, each once (depth-first order)."""
    seen, order, stack = set(), [], [node]
    while stack:
        x = stack.pop()
        if x in seen:
            continue
        seen.add(x)
        order.append(x)
        stack.extend(x.args)
    return order
