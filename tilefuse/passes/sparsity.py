"""The sparsity pass: decide how each attention kernel skips the key blocks its mask rules out, and which
GEMM weights are block-sparse.

Nothing here knows mask names. The mask is whatever boolean ``cond`` the softmax input selects with
``where(cond, scores, -inf)``; the index analyzer (``ir.analyzer.key_range``) reads its index predicates.

    dense    no mask the kernel can use: every key block runs, masked where the score mods say so
    bounds   the predicates give each query block a key range [lo, hi) and an unmasked middle
             [full_lo, full_hi) (causal, sliding windows, bottom-right causal, any conjunction of
             affine comparisons): computed in the kernel from the block's first and last row
    table    anything else (document ids, a boolean mask tensor, top-k block selections, prefix-LM,
             dilated or chunked windows: data-dependent or non-monotone predicates). A small prologue
             kernel evaluates ``cond`` on every (query block, key block) tile and writes, per query block,
             the count and indices of its partial and full key blocks; the attention kernel walks that
             table, masking only partial blocks. The table varies only over the batch axes ``cond``
             reads, so one table serves every head (and every layer that passes the same tensors).

Both non-dense modes are conservative: a block is dropped only when no kept element can be in it, and
run unmasked only when every in-range element is kept (``tests/test_tile_classes.py`` proves the
bounds; the table is computed from ``cond`` itself, element by element).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..errors import LoweringError
from ..ir.analyzer import key_range
from ..ir.graph import Node, ancestors


@dataclass
class KeySkipping:
    """How one attention kernel iterates its key blocks (see the module docstring)."""

    mode: str                                         # "dense" | "bounds" | "table"
    cond: Node | None = None                          # the mask: True keeps a score
    table_axes: list[str] = field(default_factory=list)   # batch axes the block table varies over
    why: str = ""
    # analyzer.key_range(cond, m, n): (lows, highs, full_lows, full_highs, complete); the emitter turns them into
    # loop bounds ("bounds") or bounds the table prologue's walk ("table")
    key_range: tuple | None = None

    def describe(self) -> str:
        if self.mode == "table":
            over = ", ".join(self.table_axes) or "nothing (one table for the whole batch)"
            return f"key blocks: block table built on the device per query block, varying over {over}; {self.why}"
        if self.mode == "bounds":
            return f"key blocks: loop bounds from the mask's index predicates; {self.why}"
        return f"key blocks: all (dense); {self.why}"


def plan_key_skipping(group) -> KeySkipping:
    """Choose ``dense``, ``bounds`` or ``table`` for an ``AttentionGroup`` from its mask."""
    scores = group.softmax.args[0]
    if not (scores.op == "where" and scores.args[2].op == "const" and scores.args[2].attrs["value"] == -math.inf):
        return KeySkipping("dense", why="the softmax input is not where(mask, scores, -inf)")
    cond = scores.args[0]
    deps = ancestors(cond)
    if group.qk in deps:
        return KeySkipping("dense", why="the mask reads the scores themselves, so it is known only per element")
    found = key_range(cond, group.m_axis, group.n_axis)
    lows, highs, _, _, complete = found
    if complete and (lows or highs):
        return KeySkipping("bounds", cond, why="every predicate is an affine comparison of m and n", key_range=found)
    axes = set()
    for x in deps:
        axes |= set(x.axis_names)
        if x.op == "index":
            axes.add(x.attrs["axis"])
    if group.n_axis not in axes:
        return KeySkipping("dense", why="the mask does not depend on the key index")
    table_axes = [a for a in group.batch_axes if a in axes]
    reads = sorted({x.name for x in deps if x.op == "input" and x.axes})
    why = (f"the mask reads {', '.join(reads)}" if reads else
           "the predicates are not one affine key range per query block")
    return KeySkipping("table", cond, table_axes, why, key_range=found)


@dataclass(frozen=True)
class SparsityPlan:
    """What the sparsity pass decided, per kernel group name: the key walk of each attention group, and the
    operand index of each GEMM's block-sparse weight. ``tile`` reads it; nothing is written into ``Fused``."""

    skipping: dict[str, KeySkipping] = field(default_factory=dict)
    sparse_operands: dict[str, int] = field(default_factory=dict)
    lines: tuple[str, ...] = ()

    def describe(self) -> str:
        return "\n".join(self.lines)


def sparse_weights(fused, names) -> tuple[dict[str, int], list[str]]:
    """The GEMM operands that are block-sparse weights (``compile(sparse=("w",))``): {group name: operand index}.

    A sparse weight must be a program input that a GEMM kernel reads directly (no prologue): the kernel
    then walks only its stored blocks (packed BLOCK_K x BLOCK_N blocks per N tile).
    """
    program = fused.graph.name
    inputs = {n.name: n for n in fused.graph.inputs}
    operands, lines = {}, []
    for name in names:
        if name not in inputs or not inputs[name].axes:
            raise LoweringError(f"sparse={name!r} names no tensor input; the inputs are "
                                f"{', '.join(n for n, x in inputs.items() if x.axes)}", program=program)
        users = [(g, i) for g in fused.kernels if g.kind == "gemm"
                 for i, op in enumerate(g.operands) if inputs[name] in ancestors(op.node)]
        direct = [(g, i) for g, i in users if g.operands[i].node is inputs[name]]
        if len(direct) != 1 or len(users) != 1:
            why = ("it is not an operand of a GEMM" if not users else "it is read by more than one GEMM"
                   if len(users) > 1 else "the GEMM computes on it before the product (a prologue)")
            raise LoweringError(f"input {name} cannot be block-sparse: {why}", program=program)
        group, i = direct[0]
        operands[group.name] = i
        lines.append(f"kernel {group.name}: operand {name} is block-sparse: only its stored blocks are read")
    return operands, lines


def sparsify(fused, sparse=()) -> SparsityPlan:
    """Plan key skipping for each attention group and find the sparse GEMM weights; ``fused`` is not changed."""
    operands, lines = sparse_weights(fused, sparse)
    skipping = {}
    for group in fused.kernels:
        if group.kind == "attention":
            skipping[group.name] = plan_key_skipping(group)
            lines.append(f"kernel {group.name}: {skipping[group.name].describe()}")
    return SparsityPlan(skipping, operands, tuple(lines))
