"""What a match of a captured ATen graph is, and the elementwise regions around its anchor.

A ``Match`` is one kernel's worth of the graph (``torch_graph`` finds the GEMMs, ``torch_attention`` the
attentions): the nodes it covers, the DSL ``Program`` built from them, and its arguments. ``ELEMENTWISE`` maps
each ATen elementwise op to its DSL form, and ``_region`` grows the elementwise ops after an anchor that its
kernel's epilogue can take.
"""

from __future__ import annotations

import hashlib
import inspect
import operator
from dataclasses import dataclass, field

import torch

from . import dsl as tf

aten = torch.ops.aten

DTYPES = {torch.float32: "fp32", torch.float16: "fp16", torch.bfloat16: "bf16"}


@dataclass
class Match:
    """One kernel's worth of the graph: the nodes it covers (graph order), the program, and its arguments."""

    kind: str                      # "gemm", "attention" or "rows"
    nodes: list                    # fx nodes covered, in graph order; the last one's value is the kernel's output
    inputs: list                   # fx nodes passed to the program, in its parameter order
    program: tf.Program
    dtype: str
    ops: list[str]                 # what was fused, for the report
    flatten: list[bool] = field(default_factory=list)  # per input: reshape to (-1, last dim) before the call
    recipe: list = field(default_factory=list)  # (node, target, args, kwargs) per node: the fallback's replay
    squeeze: list = field(default_factory=list)  # per input: dims to squeeze before the call (a mask's broadcast)
    to_int8: list = field(default_factory=list)  # per input: cast to int8 before the call (a boolean mask)
    out_order: list | None = None  # the original output's dims, outermost in memory first (attention: its layout)
    weight_nk: bool = True         # a GEMM's weight is [N, K] (else [K, N])
    batched: bool = False          # a batched GEMM: a [B, M, K] @ b [B, K, N]
    # node -> (target, args) the fallback's replay runs instead of the node's own call (sizes it would read from
    # nodes outside the match, such as export's sym_size, written in terms of the match's inputs)
    replay_as: dict = field(default_factory=dict)

    def __post_init__(self):
        self.squeeze = self.squeeze or [()] * len(self.inputs)
        self.to_int8 = self.to_int8 or [False] * len(self.inputs)


@dataclass
class Partition:
    matches: list[Match]
    fallbacks: dict[str, tuple[int, str]]   # ATen op -> (how many nodes, why they stay PyTorch)


def _val(node):
    return node.meta.get("val") if isinstance(node, torch.fx.Node) else None


def _shape(node) -> tuple[str, ...] | None:
    v = _val(node)
    return tuple(str(s) for s in v.shape) if isinstance(v, torch.Tensor) else None


def _name(target) -> str:
    return getattr(target, "__name__", str(target)).replace(".default", "")


def _program(kind: str, params: list[tuple[str, object]], body, structure) -> tf.Program:
    """A DSL program from a body and its parameters' annotations (as ``@tf.program`` would see them), named by
    its structure: the same GEMM or attention in every layer is one program, one kernel file, one compile."""
    digest = hashlib.sha1(repr((kind, [(n, repr(a)) for n, a in params], structure)).encode()).hexdigest()[:10]
    name = f"{kind}_{digest}"

    def fn(*args):
        return body(*args)

    fn.__name__ = fn.__qualname__ = name
    fn.__signature__ = inspect.Signature(
        [inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=a) for p, a in params])
    return tf.Program(fn)


# ---------------------------------------------------------------------------------- elementwise epilogues


def _softplus(x, beta=1.0, threshold=20.0):
    bx = x * beta
    return tf.where(bx > threshold, x, tf.log(1.0 + tf.exp(bx)) / beta)


def _arg(node, i: int, name: str, default):
    return node.args[i] if len(node.args) > i else node.kwargs.get(name, default)


def _clamp(a, n):
    x, lo, hi = a[0], _arg(n, 1, "min", None), _arg(n, 2, "max", None)
    if lo is not None:
        x = tf.maximum(x, float(lo))
    return tf.minimum(x, float(hi)) if hi is not None else x


POWERS = (2, 3, 0.5, -1)  # the exponents an epilogue takes (others end the region)


def _pow(a, n):
    x, e = a
    return x * x if e == 2 else x * x * x if e == 3 else tf.sqrt(x) if e == 0.5 else 1.0 / x


# ATen elementwise op -> its DSL form; ``a`` holds the node's positional arguments, tensors as DSL values.
# Core ATen writes SiLU as x * sigmoid(x) and softplus / Mish as exp, log1p, gt and where: the region below
# takes those DAGs whole.
ELEMENTWISE = {
    aten.relu.default: lambda a, n: tf.relu(a[0]),
    aten.silu.default: lambda a, n: tf.silu(a[0]),
    aten.sigmoid.default: lambda a, n: tf.sigmoid(a[0]),
    aten.tanh.default: lambda a, n: tf.tanh(a[0]),
    aten.neg.default: lambda a, n: -a[0],
    aten.exp.default: lambda a, n: tf.exp(a[0]),
    aten.log.default: lambda a, n: tf.log(a[0]),
    aten.log1p.default: lambda a, n: tf.log(1.0 + a[0]),
    aten.sqrt.default: lambda a, n: tf.sqrt(a[0]),
    aten.rsqrt.default: lambda a, n: tf.rsqrt(a[0]),
    aten.erf.default: lambda a, n: tf.erf(a[0]),
    aten.abs.default: lambda a, n: abs(a[0]),
    aten.reciprocal.default: lambda a, n: 1.0 / a[0],
    aten.gelu.default: lambda a, n: tf.gelu(a[0], "tanh" if n.kwargs.get("approximate", "none") == "tanh"
                                            else "erf"),
    aten.hardtanh.default: lambda a, n: tf.minimum(tf.maximum(a[0], float(_arg(n, 1, "min_val", -1.0))),
                                                   float(_arg(n, 2, "max_val", 1.0))),
    aten.leaky_relu.default: lambda a, n: tf.where(a[0] > 0.0, a[0], a[0] * float(_arg(n, 1, "negative_slope",
                                                                                          0.01))),
    aten.softplus.default: lambda a, n: _softplus(a[0], float(_arg(n, 1, "beta", 1.0)),
                                                  float(_arg(n, 2, "threshold", 20.0))),
    aten.mish.default: lambda a, n: a[0] * tf.tanh(_softplus(a[0])),
    aten.clamp.default: _clamp,
    aten.pow.Tensor_Scalar: _pow,
    aten.where.self: lambda a, n: tf.where(a[0], a[1], a[2]),
    aten.maximum.default: lambda a, n: tf.maximum(a[0], a[1]),
    aten.clone.default: lambda a, n: a[0],  # a copy (contiguous already, as a GEMM's output is)
    # a float cast (core ATen's bf16 / fp16 SiLU and GELU compute in fp32 between two of these)
    aten._to_copy.default: lambda a, n: tf.cast(a[0], DTYPES[n.kwargs["dtype"]]),
    aten.minimum.default: lambda a, n: tf.minimum(a[0], a[1]),
}
for _ops, _fn in (((aten.add.Tensor, aten.add.Scalar), operator.add), ((aten.sub.Tensor, aten.sub.Scalar),
                  operator.sub), ((aten.mul.Tensor, aten.mul.Scalar), operator.mul),
                  ((aten.div.Tensor, aten.div.Scalar), operator.truediv), ((aten.gt.Scalar, aten.gt.Tensor),
                  operator.gt), ((aten.lt.Scalar, aten.lt.Tensor), operator.lt), ((aten.ge.Scalar, aten.ge.Tensor),
                  operator.ge), ((aten.le.Scalar, aten.le.Tensor), operator.le)):
    for _op in _ops:
        ELEMENTWISE[_op] = (lambda fn: lambda a, n: fn(a[0], a[1]))(_fn)


def _plain_cast(node) -> bool:
    """Not a cast, or ``_to_copy`` to a float dtype alone (no device, layout or memory-format change); a clone
    with no memory format."""
    if node.target == aten.clone.default:
        return not node.kwargs
    if node.target != aten._to_copy.default:
        return True
    return set(node.kwargs) == {"dtype"} and node.kwargs["dtype"] in DTYPES


def _elementwise(node) -> bool:
    """An elementwise op a kernel can take: in ``ELEMENTWISE``, no ``alpha``, a power in ``POWERS``, a plain cast."""
    return isinstance(node, torch.fx.Node) and node.op == "call_function" and node.target in ELEMENTWISE and \
        node.kwargs.get("alpha", 1) == 1 and _plain_cast(node) and (
            node.target != aten.pow.Tensor_Scalar or node.args[1] in POWERS)


def _tensor_args(node) -> list:
    return [a for a in list(node.args) + list(node.kwargs.values()) if isinstance(a, torch.fx.Node)]


def _region(anchor, out_shape: tuple[str, ...], also=None) -> tuple[list, list]:
    """The elementwise ops after ``anchor`` that its kernel's epilogue can take, in graph order, and the tensors
    they read besides (each shaped [N] or like the output, defined before the anchor).

    Grown in graph order from the anchor: an op joins when every tensor it reads is the anchor, a member, or such
    an outside tensor. The region kept is the largest one whose values are used outside it by one node only,
    the last: that node's value is the kernel's output. ``also``: a second GEMM in the same kernel (a dual GEMM's
    sibling), inside from the start, whose value must not escape either."""
    order = {n: i for i, n in enumerate(anchor.graph.nodes)}
    dtype = _val(anchor).dtype
    anchors = [anchor] + ([also] if also is not None else [])
    inside, members, outside = set(anchors), [], []
    best: tuple[list, list] = ([], [])
    node = anchor.next
    while node.op != "output":
        if _elementwise(node):
            reads = _tensor_args(node)
            if any(a in inside for a in reads) and all(
                    a in inside or (order[a] < order[anchor] and _shape(a) in (out_shape[-1:], out_shape)
                                    and _val(a).dtype == dtype) for a in reads):
                members.append(node)
                inside.add(node)
                outside += [a for a in reads if a not in inside and a not in outside]
                escaping = [m for m in [*anchors, *members] if any(u not in inside for u in m.users)]
                if escaping == [node] and _val(node).dtype == dtype:  # the kernel stores the anchor's dtype
                    best = (list(members), list(outside))
        node = node.next
    return best


@dataclass(frozen=True)
class _Step:
    """One region op, free of the graph (which later rewrites change): its target, its arguments with each tensor
    as ("anchor",), ("member", i) or ("outside", j), and its kwargs."""

    target: object
    args: tuple
    kwargs: dict


def _steps(anchor, members, outside, also=None) -> list[_Step]:
    refs = {anchor: ("anchor",), also: ("anchor2",), **{m: ("member", i) for i, m in enumerate(members)},
            **{o: ("outside", j) for j, o in enumerate(outside)}}
    return [_Step(m.target, tuple(refs[a] if isinstance(a, torch.fx.Node) else a for a in m.args), dict(m.kwargs))
            for m in members]


def _apply(value, steps: list[_Step], outside: list, value2=None, table: dict | None = None):
    """The region's DSL value, from the anchor's value (and a dual GEMM's second) and the outside tensors'.
    ``table``: DSL forms of further ops (a rows region's reductions), looked up before ``ELEMENTWISE``."""
    done = []

    def get(a):
        if isinstance(a, tuple) and a and a[0] in ("anchor", "anchor2", "member", "outside"):
            return {"anchor": value, "anchor2": value2}[a[0]] if a[0].startswith("anchor") else \
                done[a[1]] if a[0] == "member" else outside[a[1]]
        return a

    for step in steps:
        form = (table or {}).get(step.target) or ELEMENTWISE[step.target]
        done.append(form([get(a) for a in step.args], step))
    return done[-1] if done else value


def _labels(members, outside) -> list[str]:
    labels = [_name(m.target).split(".")[0] for m in members]
    return labels + [f"{'bias' if len(_shape(o)) == 1 else 'residual'} input" for o in outside]


def _in_order(nodes) -> list:
    """``nodes`` sorted in their graph's order."""
    nodes = list(nodes)
    if not nodes:
        return nodes
    order = {n: i for i, n in enumerate(nodes[0].graph.nodes)}
    return sorted(nodes, key=order.get)


def _structure(steps) -> list:
    """The steps of a region as a program name sees them (ops, arguments, keyword arguments)."""
    return [(_name(st.target), st.args, sorted(st.kwargs.items())) for st in steps]


def _extra_params(extras) -> list[tuple[str, object]]:
    """A region's outside tensors as program parameters: a bias row [N], or a residual [M, N]."""
    return [(f"e{i}", tf.Tensor["N"] if len(_shape(e)) == 1 else tf.Tensor["M", "N"]) for i, e in enumerate(extras)]


def _broadcast_dims(shape: tuple[str, ...], names: list[str], sizes: dict):
    """A tensor of ``shape`` broadcast against dims ``sizes``, its dims named ``names`` from the right: (the names it
    keeps, the dims of size 1 a call squeezes), or None when a kept dim is not the full size."""
    squeeze = tuple(i for i, s in enumerate(shape) if s == "1" and sizes[names[i]] != "1")
    kept = [n for i, n in enumerate(names) if i not in squeeze]
    if any(shape[names.index(n)] != sizes[n] for n in kept):
        return None
    return kept, squeeze


def is_dtype_check(node) -> bool:
    """Export's ``_assert_tensor_metadata`` on a value: bookkeeping that goes with the value it checks."""
    return isinstance(node, torch.fx.Node) and _name(node.target) == "_assert_tensor_metadata"


def users(node) -> list:
    """The node's users, export's dtype checks left out (they go with the value they check)."""
    return [u for u in node.users if not is_dtype_check(u)]
