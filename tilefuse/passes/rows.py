"""Row reductions as one kernel: elementwise ops with sums and maxes over one innermost axis between them.

What the fusion pass would otherwise leave to PyTorch (a softmax outside an attention, a log-sum-exp, a row sum,
an RMSNorm or a LayerNorm written as math) is often a *rows* group: every reduction is over the same axis ``n``,
the last axis of what it reduces, and every other axis is a *row* axis. A tile then holds whole rows: the
reductions run on chip, the row values they give (a max, a mean, an ``rsqrt``) broadcast back over ``n``, and
only the group's outputs, shaped like a full row tile ``[rows..., n]`` or like one value a row ``[rows...]``,
are stored. The leading axes are flattened into one row index by the tiling.

Canonicalize has already decomposed ``softmax`` and ``logsumexp`` into max, exp, sum and the all-``-inf``
guards, so a group only ever holds elementwise ops, ``sum``, ``max`` and gathers (``load``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ir.dims import Axis
from ..ir.graph import Node
from ..ir.ops import ELEMENTWISE_OPS, REDUCE_OPS, broadcast_axes


@dataclass(eq=False)
class RowsGroup:
    """One rows kernel: ``nodes`` in graph order (reductions over ``axis`` among them), ``outputs`` stored."""

    name: str
    nodes: list[Node]
    outputs: list[Node]
    axis: Axis                   # the reduced axis: the row's length
    rows: list[Axis]             # the row axes, outermost first (flattened into one row index)
    operands: list = field(default_factory=list)
    epilogue: list = field(default_factory=list)
    root: Node | None = None

    @property
    def kind(self) -> str:
        return "rows"

    @property
    def reductions(self) -> list[Node]:
        return [n for n in self.nodes if n.op in REDUCE_OPS]


def match_rows(name: str, nodes: list[Node], outputs: list[Node]) -> RowsGroup | str:
    """A ``RowsGroup`` computing ``nodes`` (graph order) and storing ``outputs``, or why they are not one."""
    reductions = [n for n in nodes if n.op in REDUCE_OPS]
    if not reductions:
        return "no reduction: only elementwise ops"
    for n in nodes:
        if n.op not in ELEMENTWISE_OPS and n.op not in REDUCE_OPS and n.op != "load":
            return f"%{n.name} = {n.op} is not elementwise or a reduction"
    axes = {tuple(r.attrs["axes"]) for r in reductions}
    if len(axes) != 1 or len(next(iter(axes))) != 1:
        listed = ", ".join(sorted("(" + ", ".join(a) + ")" for a in axes))
        return f"the reductions are over {listed}, not one axis"
    (reduced,) = next(iter(axes))
    for r in reductions:
        if r.args[0].axis_names[-1] != reduced:
            return (f"%{r.name} = {r.op} over {reduced} is not over the innermost axis of %{r.args[0].name} "
                    f"[{', '.join(r.args[0].axis_names)}]")
    try:
        full = broadcast_axes([n.axes for n in nodes] + [a.axes for n in nodes for a in n.args])
    except ValueError as err:
        return str(err)
    axis = next(a for a in full if a.name == reduced)
    rows = [a for a in full if a.name != reduced]
    row_names = {a.name for a in rows}
    for o in outputs:
        have = set(o.axis_names)
        if have != row_names and have != row_names | {reduced}:
            return (f"%{o.name} [{', '.join(o.axis_names)}] is stored but is neither a full row tile "
                    f"[{', '.join(a.name for a in full)}] nor one value a row")
    return RowsGroup(name, list(nodes), list(outputs), axis, rows)
