"""Random inputs for measuring a traced program at concrete sizes.

``make_inputs`` draws one input per graph input: floats scaled so a GEMM's result is O(1), and integers kept
inside the index ranges the program's gathers need (``index_bounds``, ``operand_scales``).
"""

from __future__ import annotations

import math

import torch

from ..ir.dims import size_value
from ..ir.dtypes import DType
from ..ir.graph import ancestors
from ..ir.ops import parse_einsum


def make_inputs(graph, dims: dict[str, int], seed: int = 0, device="cpu", *,
                int_bounds: dict[str, int] | None = None) -> list:
    """Random inputs for ``graph`` at ``dims``, one per input in order (floats for ``tf.Scalar`` inputs).

    Float tensors are standard normal; the inputs of a GEMM-like einsum (both operands are inputs, up to
    elementwise ops and gathers, and the result feeds no softmax) are scaled by (contracted size)^-1/4
    so its result is O(1). Attention scores are left alone: programs scale them themselves.

    Int inputs: one that reaches the index of a gather (``src[idx, ...]``, a page table, a head map)
    gets values in [0, size of the smallest axis it indexes); int8 data gets [-128, 128); any other
    int32 gets [0, smallest dim). That is safe for direct indexes and masks but does not know a
    program's own invariants (``seq_lens <= NP * PS``, an index reached through arithmetic): pass
    ``int_bounds`` (input name -> exclusive upper bound) for those.
    """
    int_bounds = int_bounds or {}
    device = torch.device(device)
    gen = torch.Generator(device=device).manual_seed(seed)
    scales = operand_scales(graph, dims)
    bounds = index_bounds(graph, dims)
    smallest = min(dims.values(), default=1)
    inputs: list = []
    for node in graph.inputs:
        if not node.axes:  # tf.Scalar
            inputs.append(0.5 + 0.5 * torch.rand((), generator=gen, device=device).item())
            continue
        shape = [size_value(a.size, dims) for a in node.axes]
        if node.dtype.is_float:
            t = torch.randn(shape, generator=gen, device=device) * scales.get(node, 1.0)
            inputs.append(t.to(node.dtype.to_torch()))
        elif node.dtype == DType.bool:
            inputs.append(torch.rand(shape, generator=gen, device=device) < 0.5)
        else:
            if node.name in int_bounds:
                low, high = 0, int_bounds[node.name]
            elif node in bounds:
                low, high = 0, bounds[node]
            elif node.dtype == DType.int8:
                low, high = -128, 128
            else:
                low, high = 0, smallest
            t = torch.randint(low, max(high, low + 1), shape, generator=gen, device=device)
            inputs.append(t.to(node.dtype.to_torch()))
    return inputs


def index_bounds(graph, dims) -> dict:
    """Int input -> the smallest axis size any gather indexes with a value derived from it."""
    bounds: dict = {}
    for node in graph.nodes:
        if node.op != "load":
            continue
        src, *index = node.args
        for ax, idx in zip(src.axes, index):
            size = size_value(ax.size, dims)
            for a in set(ancestors(idx)):
                if a.op == "input" and a.dtype.is_int:
                    bounds[a] = min(bounds.get(a, size), size)
    return bounds


_REDUCING = {"einsum", "sum", "max", "softmax", "logsumexp"}


def operand_scales(graph, dims) -> dict:
    """Float input -> (contracted size)^-1/4 for the operands of GEMM-like einsums (see ``make_inputs``)."""
    feeds_softmax = set()
    for node in graph.nodes:
        if node.op in ("softmax", "logsumexp"):
            feeds_softmax |= set(ancestors(node))

    def raw_inputs(node) -> set | None:
        """Inputs ``node`` is an elementwise function (or gather) of; None if a reduction is on the way."""
        found, stack, seen = set(), [node], set()
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            if n.op in _REDUCING:
                return None
            if n.op == "input" and n.dtype.is_float and n.axes:
                found.add(n)
            stack.extend(n.args[:1] if n.op == "load" else n.args)
        return found

    scales: dict = {}
    for node in graph.nodes:
        if node.op != "einsum" or node in feeds_softmax:
            continue
        ins, out = parse_einsum(node.attrs["spec"], len(node.args))
        operands = [raw_inputs(a) for a in node.args]
        if any(not found for found in operands):
            continue
        for arg, names, found in zip(node.args, ins, operands):
            contracted = math.prod(size_value(ax.size, dims) for ax, n in zip(arg.axes, names) if n not in out)
            for inp in found:
                scales[inp] = min(scales.get(inp, 1.0), max(contracted, 1) ** -0.25)
    return scales

