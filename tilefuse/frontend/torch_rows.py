"""Row reductions in a captured ATen graph as *rows* kernels: an RMSNorm as core ATen writes it (``_to_copy`` to
fp32, ``pow`` 2, ``mean`` over the last dim with keepdim, ``add`` eps, ``rsqrt``, ``mul``, ``_to_copy`` back, ``mul``
by the weight), a softmax over the last dim (``_softmax``), with the elementwise ops around them, and
``native_layer_norm`` over the last dim (``layer_norm_match``).

A match grows from the tensor a reduction reads (the *source*, e.g. the residual stream) in graph order, as a GEMM's
epilogue region does: an op joins when it is elementwise or a reduction over the last dim, and every tensor it
reads is the source, a member, or a column tensor [N] (the norm's weight). The region kept is the largest that holds
a reduction and whose values leave it through one node only, the last, shaped like the source. Its program reads
the source flattened to [M, N] and the column tensors, and goes through the DSL's fusion into one rows kernel.

Run after the GEMM and attention matches: nodes they cover (a softmax inside attention, an RMSNorm taken as a GEMM's
prologue with ``norm_prologue=True``) are not taken again.
"""

from __future__ import annotations

import torch

from . import dsl as tf
from .torch_match import (
    DTYPES,
    Match,
    _apply,
    _elementwise,
    _name,
    _program,
    _shape,
    _steps,
    _structure,
    _tensor_args,
    _val,
    aten,
    users,
)

# reductions over the last dim a rows kernel computes: ATen op -> its DSL form over the axis "n"
REDUCTIONS = {
    aten.mean.dim: lambda a, n: a[0].sum("n") / tf.dim("N"),
    aten.sum.dim_IntList: lambda a, n: a[0].sum("n"),
    aten.amax.default: lambda a, n: a[0].max("n"),
    aten._softmax.default: lambda a, n: tf.softmax(a[0], "n"),
}
ROWS_ANCHORS = frozenset(REDUCTIONS) | {aten.native_layer_norm.default}


def _last_dim_reduction(node) -> bool:
    """A reduction ``REDUCTIONS`` takes: over the last dim only, keeping it (size 1) unless it is a softmax."""
    if not isinstance(node, torch.fx.Node) or node.op != "call_function" or node.target not in REDUCTIONS:
        return False
    shape = _shape(node.args[0])
    if not shape:
        return False
    if node.target == aten._softmax.default:
        return node.args[1] in (-1, len(shape) - 1) and not node.args[2]   # half_to_float: not a plain softmax
    dims = node.args[1] if len(node.args) > 1 else node.kwargs.get("dim")
    keep = node.args[2] if len(node.args) > 2 else node.kwargs.get("keepdim", False)
    return list(dims or []) in ([-1], [len(shape) - 1]) and bool(keep) and "dtype" not in node.kwargs


def _sources(reduction, covered: set) -> list:
    """Where a region may start, farthest first: back from the reduction's input through elementwise ops reading
    one full-shaped tensor (a cast, ``pow``), up to a node that is not such an op or that a match covers."""
    shape = _shape(reduction.args[0])
    path, cur = [], reduction.args[0]
    while True:
        path.append(cur)
        if cur in covered or not _elementwise(cur) or _shape(cur) != shape:
            break
        full = [a for a in _tensor_args(cur) if _shape(a) == shape]
        if len(full) != 1 or any(_shape(a) not in (shape[-1:],) for a in _tensor_args(cur) if a is not full[0]):
            break
        cur = full[0]
    return path[::-1]


def _region(source, covered: set):
    """(members, column tensors) of the largest valid region grown from ``source``, or None."""
    shape = _shape(source)
    row = (*shape[:-1], "1")
    order = {n: i for i, n in enumerate(source.graph.nodes)}
    inside, members, columns, best = {source}, [], [], None
    horizon = max((order[u] for u in users(source)), default=-1)
    node = source.next
    while node.op != "output" and order[node] <= horizon:
        reduction = _last_dim_reduction(node)
        if node not in covered and (reduction or _elementwise(node)) and _shape(node) in (shape, row):
            reads = _tensor_args(node)
            if any(a in inside for a in reads) and all(
                    a in inside or (_shape(a) == shape[-1:] and _val(a).dtype in DTYPES) for a in reads):
                members.append(node)
                inside.add(node)
                columns += [a for a in reads if a not in inside and a not in columns]
                horizon = max([horizon] + [order[u] for u in users(node)])
                escaping = [m for m in members if any(u not in inside for u in users(m))]
                if escaping == [node] and _shape(node) == shape and any(map(_last_dim_reduction, members)):
                    best = (list(members), list(columns))
        node = node.next
    return best


def _label(members) -> str:
    targets = {m.target for m in members}
    if aten.mean.dim in targets and aten.rsqrt.default in targets:
        return "RMSNorm"
    if aten._softmax.default in targets:
        return "softmax"
    return "row reduction"


def rows_match(reduction, covered: set) -> Match | None:
    """The rows match around a reduction over the last dim, or None."""
    if reduction in covered or not _last_dim_reduction(reduction):
        return None
    for source in _sources(reduction, covered):
        val = _val(source)
        if not isinstance(val, torch.Tensor) or val.dim() < 1 or val.dtype not in DTYPES:
            continue
        found = _region(source, covered)
        if found is None or reduction not in found[0]:
            continue
        members, columns = found
        dtype = DTYPES[_val(members[-1]).dtype]
        params = [("x", tf.Tensor["M", "N", DTYPES[val.dtype]])]
        params += [(f"c{i}", tf.Tensor["N", DTYPES[_val(c).dtype]]) for i, c in enumerate(columns)]
        steps = _steps(source, members, columns)

        def body(x, *cols, steps=steps):
            return _apply(x, steps, list(cols), table=REDUCTIONS)

        structure = ("rows", _structure(steps), DTYPES[val.dtype], [DTYPES[_val(c).dtype] for c in columns])
        labels = [_name(m.target).split(".")[0] for m in members]
        return Match("rows", members, [source] + columns, _program("rows", params, body, structure), dtype,
                     [_label(members)] + labels + ["weight input"] * len(columns), [True] + [False] * len(columns))
    return None


def layer_norm_match(node, covered: set) -> Match | None:
    """``native_layer_norm`` over the last dim whose normalized value alone is read (BERT, GPT-2, ViT) as a rows
    kernel: mean and variance in fp32 over the row, then the weight and bias, cast back to the input's dtype."""
    if node in covered or node.target != aten.native_layer_norm.default:
        return None
    x, normalized, weight, bias, eps = node.args[:5]
    val = _val(x)
    readers = users(node)
    if not isinstance(val, torch.Tensor) or val.dtype not in DTYPES or len(normalized) != 1 or \
            _shape(x)[-1:] != tuple(str(s) for s in normalized) or len(readers) != 1 or \
            getattr(readers[0].target, "__name__", "") != "getitem" or readers[0].args[1:2] != (0,):
        return None
    columns = [c for c in (weight, bias) if c is not None]
    if any(_shape(c) != _shape(x)[-1:] or _val(c).dtype not in DTYPES for c in columns):
        return None
    dtype = DTYPES[val.dtype]
    params = [("x", tf.Tensor["M", "N", dtype])] + [(f"c{i}", tf.Tensor["N", DTYPES[_val(c).dtype]])
                                                    for i, c in enumerate(columns)]
    has_weight, has_bias = weight is not None, bias is not None

    def body(x_, *cols):
        xf = tf.cast(x_, "fp32")
        centered = xf - xf.sum("n") / tf.dim("N")
        y = centered * tf.rsqrt((centered * centered).sum("n") / tf.dim("N") + float(eps))
        cols = list(cols)
        if has_weight:
            y = y * tf.cast(cols.pop(0), "fp32")
        if has_bias:
            y = y + tf.cast(cols.pop(0), "fp32")
        return tf.cast(y, dtype)

    structure = ("layer_norm", dtype, float(eps), has_weight, has_bias, [DTYPES[_val(c).dtype] for c in columns])
    ops = ["LayerNorm"] + (["weight input"] if has_weight else []) + (["bias input"] if has_bias else [])
    return Match("rows", [node, readers[0]], [x] + columns, _program("rows", params, body, structure), dtype, ops,
                 [True] + [False] * len(columns))


def rows_matches(gm: torch.fx.GraphModule, covered: set) -> list[Match]:
    """Every rows match of the graph, over what ``covered`` (the GEMM and attention matches) leaves."""
    covered, matches = set(covered), []
    for node in gm.graph.nodes:
        match = (layer_norm_match(node, covered) or rows_match(node, covered)) if node.op == "call_function" \
            else None
        if match is not None:
            matches.append(match)
            covered.update(match.nodes)
    return matches
