"""Partition a captured ATen graph (``torch_capture``) into what tilefuse kernels take, as DSL programs.

A *match* is a GEMM (``aten.linear``, ``matmul``, ``mm``, ``addmm``, ``bmm``) with the region of elementwise ops
after it (bias, residual, scales, activations; see ``_region``), or a ``scaled_dot_product_attention``. Each
becomes a ``Program`` built from the ops it covers, so it goes through the same tracing, fusion and tiling as a
program written in the DSL. Everything else stays an ATen node; ``Partition.fallbacks`` says, per op, why.
"""

from __future__ import annotations

import hashlib
import inspect
import operator
from collections import Counter
from dataclasses import dataclass, field

import torch

from . import dsl as tf

aten = torch.ops.aten
DTYPES = {torch.float32: "fp32", torch.float16: "fp16", torch.bfloat16: "bf16"}


@dataclass
class Match:
    """One kernel's worth of the graph: the nodes it covers (graph order), the program, and its arguments."""

    kind: str                      # "gemm" or "attention"
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
        if node.op == "call_function" and node.target in ELEMENTWISE and node.kwargs.get("alpha", 1) == 1 and (
                node.target != aten.pow.Tensor_Scalar or node.args[1] in POWERS) and _plain_cast(node):
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


def _apply(value, steps: list[_Step], outside: list, value2=None):
    """The region's DSL value, from the anchor's value (and a dual GEMM's second) and the outside tensors'."""
    done = []

    def get(a):
        if isinstance(a, tuple) and a and a[0] in ("anchor", "anchor2", "member", "outside"):
            return {"anchor": value, "anchor2": value2}[a[0]] if a[0].startswith("anchor") else \
                done[a[1]] if a[0] == "member" else outside[a[1]]
        return a

    for step in steps:
        done.append(ELEMENTWISE[step.target]([get(a) for a in step.args], step))
    return done[-1] if done else value


def _labels(members, outside) -> list[str]:
    labels = [_name(m.target).split(".")[0] for m in members]
    return labels + [f"{'bias' if len(_shape(o)) == 1 else 'residual'} input" for o in outside]


# ---------------------------------------------------------------------------------------------- anchors


def _gemm(node, prologue: bool = False) -> tuple[Match | None, str]:
    """A linear, matmul, mm, addmm or bmm node and its epilogue region, or None and why not."""
    if node.target == aten.linear.default:
        x, w = node.args[0], node.args[1]
        bias = _arg(node, 2, "bias", None)
    elif node.target == aten.addmm.default:
        bias, x, w = node.args[:3]
        if node.kwargs.get("beta", 1) != 1 or node.kwargs.get("alpha", 1) != 1 or \
                (isinstance(bias, torch.fx.Node) and _shape(bias) != _shape(node)[-1:]):
            return None, "addmm with beta or alpha, or a bias that is not one row [N]"
    else:
        x, w, bias = node.args[0], node.args[1], None
    xs, ws, out = _val(x), _val(w), _val(node)
    if not all(isinstance(t, torch.Tensor) for t in (xs, ws, out)):
        return None, "operands are not tensors"
    if node.target in (aten.matmul.default, aten.bmm.default) and ws.dim() == 3 and xs.dim() == 3:
        return _bmm(node, x, w)
    if node.target == aten.linear.default:
        spec, letters = "mk,nk->mn", (["M", "K"], ["N", "K"])
    elif _transposed(w):  # x @ w.t(): read w [N, K] as it is stored, no transposed copy
        w = w.args[0]
        ws = _val(w)
        spec, letters = "mk,nk->mn", (["M", "K"], ["N", "K"])
    else:
        spec, letters = "mk,kn->mn", (["M", "K"], ["K", "N"])
    if xs.dim() < 2 or ws.dim() != 2:
        return None, f"x is {xs.dim()}-D and w {ws.dim()}-D (tilefuse takes x [..., K] and a 2-D weight)"
    dtypes = {t.dtype for t in (xs, ws, out)} | ({_val(bias).dtype} if bias is not None else set())
    if len(dtypes) != 1 or out.dtype not in DTYPES:
        return None, f"mixed or unsupported dtypes {sorted(map(str, dtypes))}"
    members, extras = _region(node, _shape(node))
    steps = _steps(node, members, extras)
    params = [("x", tf.Tensor[tuple(letters[0])]), ("w", tf.Tensor[tuple(letters[1])])]
    if bias is not None:
        params.append(("b", tf.Tensor["N"]))
    for i, e in enumerate(extras):
        params.append((f"e{i}", tf.Tensor["N"] if len(_shape(e)) == 1 else tf.Tensor["M", "N"]))

    def body(x_, w_, *rest):
        y = tf.einsum(spec, x_, w_)
        if bias is not None:
            y = y + rest[0]
        return _apply(y, steps, list(rest[1 if bias is not None else 0:]))

    inputs = [x, w] + ([bias] if bias is not None else []) + extras
    flatten = [True, False] + ([False] if bias is not None else []) + [len(_shape(e)) > 1 for e in extras]
    ops = [_name(node.target).split(".")[0]] + (["bias"] if bias is not None else []) + _labels(members, extras)
    structure = (spec, bias is not None, [(_name(st.target), st.args, sorted(st.kwargs.items())) for st in steps])
    match = Match("gemm", [node] + members, inputs, _program("gemm", params, body, structure), DTYPES[out.dtype],
                  ops, flatten, weight_nk=spec == "mk,nk->mn")
    return (_with_prologue(match, {node}, params, body, structure) if prologue else match), ""


def _dual(node, covered, prologue: bool = False) -> Match | None:
    """``linear(x, w1)`` and a sibling ``linear(x, w2)`` (no biases, same weight shape) whose values meet in one
    elementwise region (SwiGLU: ``silu(x @ w1.T) * (x @ w2.T)``): one kernel with two accumulators."""
    if node.target != aten.linear.default or _arg(node, 2, "bias", None) is not None:
        return None
    x, w = node.args[:2]
    out = _val(node)
    if out.dtype not in DTYPES or _val(w).dim() != 2 or _val(x).dim() < 2 or _val(x).dtype != out.dtype:
        return None
    for s in x.users:
        if s is node or s in covered or s.target != aten.linear.default or _arg(s, 2, "bias", None) is not None \
                or _shape(s.args[1]) != _shape(w) or _val(s.args[1]).dtype != _val(w).dtype:
            continue
        members, extras = _region(node, _shape(node), also=s)
        if not members or not all(u in members for u in s.users) or not all(u in members for u in node.users):
            continue
        steps = _steps(node, members, extras, also=s)
        params = [("x", tf.Tensor["M", "K"]), ("w", tf.Tensor["N", "K"]), ("w2", tf.Tensor["N", "K"])]
        params += [(f"e{i}", tf.Tensor["N"] if len(_shape(e)) == 1 else tf.Tensor["M", "N"])
                   for i, e in enumerate(extras)]

        def body(x_, w_, w2_, *rest, steps=steps):
            y, y2 = tf.einsum("mk,nk->mn", x_, w_), tf.einsum("mk,nk->mn", x_, w2_)
            return _apply(y, steps, list(rest), y2)

        order = {n: i for i, n in enumerate(node.graph.nodes)}
        structure = ("dual", [(_name(st.target), st.args, sorted(st.kwargs.items())) for st in steps])
        match = Match("gemm", sorted([node, s, *members], key=order.get), [x, w, s.args[1]] + extras,
                      _program("gemm", params, body, structure), DTYPES[out.dtype],
                      ["linear", "linear (one K loop, two accumulators)"] + _labels(members, extras),
                      [True, False, False] + [len(_shape(e)) > 1 for e in extras])
        return _with_prologue(match, {node, s}, params, body, structure) if prologue else match
    return None


def _prologue(x, gemms: set):
    """An RMSNorm-style chain of elementwise ops ending at a GEMM input ``x``: back from ``x`` to a tensor of its
    shape (the raw input), each op reading the chain and only row scales ([..., 1], as ``rsqrt(mean(x^2) + eps)``)
    or column scales ([K], as the norm's weight). Returns (raw, steps, side tensors, nodes covered) or None. A cast
    of the raw input that something else also reads is recomputed on the tile, not covered."""
    shape = _shape(x)
    if shape is None or len(shape) < 2:
        return None
    lead, chain, sides, recomputed, asserts = shape[:-1], [], [], set(), []
    cur, allowed = x, set(gemms)
    while isinstance(cur, torch.fx.Node) and cur.op == "call_function" and cur.target in ELEMENTWISE and \
            _plain_cast(cur) and cur.kwargs.get("alpha", 1) == 1 and cur.target != aten.pow.Tensor_Scalar:
        reads = _tensor_args(cur)
        full = [a for a in reads if _shape(a) == shape]
        others = [a for a in reads if a not in full]
        if len(full) != 1 or any(_shape(o) not in ((shape[-1],), (*lead, "1")) for o in others):
            break
        checks = [u for u in cur.users if _name(u.target) == "_assert_tensor_metadata"]  # export's dtype checks
        if any(u not in allowed and u not in checks for u in cur.users):
            if cur.target != aten._to_copy.default or full[0] is not cur.args[0]:
                break
            recomputed.add(cur)  # a cast something else reads too: computed again per tile, and the chain ends
        chain.append(cur)
        sides += [o for o in others if o not in sides]
        allowed.add(cur)
        asserts += checks
        cur = full[0]
        if recomputed:
            break
    if not chain or not sides or any(_val(sd).dtype not in DTYPES for sd in sides):
        return None
    chain.reverse()  # raw input first
    # a recomputed cast is covered too (the fallback replays it), but stays in the graph for its other readers
    return cur, _steps(cur, chain, sides), sides, chain + [a for a in asserts if a.args[0] in chain]


def _with_prologue(match: Match, gemms: set, params: list, body, structure) -> Match:
    """``match`` with an RMSNorm-style prologue on its x (its first input) taken into the kernel, if there is one."""
    found = _prologue(match.inputs[0], gemms)
    if found is None:
        return match
    raw, steps, sides, covered = found
    k = _shape(match.inputs[0])[-1]
    n = len(params)
    side_params = [(f"pro{i}", tf.Tensor[("K" if _shape(sd) == (k,) else "M", DTYPES[_val(sd).dtype])])
                   for i, sd in enumerate(sides)]  # the row scale stays fp32 under a 16-bit model

    def with_prologue(*args):  # rounded to the model's dtype at the end, as PyTorch's last op of the chain is
        return body(tf.cast(_apply(args[0], steps, list(args[n:])), match.dtype), *args[1:n])

    order = {nd: i for i, nd in enumerate(raw.graph.nodes)}
    labels = [_name(st.target).split(".")[0] for st in steps]
    return Match("gemm", sorted(covered + match.nodes, key=order.get), [raw] + match.inputs[1:] + sides,
                 _program("gemm", params + side_params, with_prologue,
                          (structure, "prologue", [(_name(st.target), st.args, sorted(st.kwargs.items()))
                                                   for st in steps], [repr(a) for _, a in side_params])),
                 match.dtype, match.ops + [f"prologue ({' + '.join(labels)})"],
                 match.flatten + [_shape(sd) != (k,) for sd in sides],
                 squeeze=match.squeeze + [() if _shape(sd) == (k,) else (1,) for sd in sides],
                 weight_nk=match.weight_nk)


def _transposed(w) -> bool:
    """``w`` is the transpose of a 2-D tensor (``w.t()``, ``permute(w, [1, 0])``)."""
    if not isinstance(w, torch.fx.Node) or w.op != "call_function":
        return False
    if w.target == aten.t.default:
        return True
    return w.target == aten.permute.default and list(w.args[1]) in ([1, 0], [-1, -2]) and _val(w).dim() == 2


def _bmm(node, a, b):
    out = _val(node)
    if out.dtype not in DTYPES or _val(a).dtype != _val(b).dtype or _val(a).dtype != out.dtype:
        return None, "mixed or unsupported dtypes"
    params = [("a", tf.Tensor["B", "M", "K"]), ("b", tf.Tensor["B", "K", "N"])]
    program = _program("bmm", params, lambda a_, b_: tf.einsum("bmk,bkn->bmn", a_, b_), ())
    return Match("gemm", [node], [a, b], program, DTYPES[out.dtype], ["matmul (batched)"], [False, False],
                 batched=True), ""


def _rope(node, size: dict, row: str):
    """``x * cos + cat(-x[..., D/2:], x[..., :D/2]) * sin`` (rotate-half RoPE) feeding an attention operand whose
    dims are ``size`` (B, H, row, D): (x, cos, sin, their annotation, the broadcast dims a call squeezes, the nodes
    it covers), or None. The kernel then applies it to the tiles it loads; nothing is materialized."""
    if not isinstance(node, torch.fx.Node) or node.target != aten.add.Tensor or len(node.args) != 2:
        return None
    muls = [a for a in node.args if isinstance(a, torch.fx.Node) and a.target == aten.mul.Tensor]
    if len(muls) != 2:
        return None
    for plain, rotated in (muls, muls[::-1]):
        cat = next((a for a in rotated.args if isinstance(a, torch.fx.Node) and a.target == aten.cat.default), None)
        if cat is None or len(cat.args[0]) != 2 or _arg(cat, 1, "dim", 0) not in (-1, 3):
            continue
        neg, first = cat.args[0]
        if neg.target != aten.neg.default or first.target != aten.slice.Tensor:
            continue
        second = neg.args[0]
        if second.target != aten.slice.Tensor or second.args[0] is not first.args[0] or \
                any(len(t.args) > 4 and t.args[4] != 1 for t in (first, second)):  # a strided slice
            continue
        x = first.args[0]
        d = _val(x).shape[-1]
        if not isinstance(d, int) or d % 2 or list(first.args[1:4]) not in ([3, 0, d // 2], [-1, 0, d // 2]) or \
                second.args[1] not in (3, -1) or second.args[2] != d // 2 or second.args[3] < d:
            continue
        if x not in plain.args:
            continue
        cos = next(a for a in plain.args if a is not x)
        sin = next((a for a in rotated.args if a is not cat), None)
        taken = [_broadcast(t, size, row, _val(x).dtype) for t in (cos, sin)]
        if any(t is None for t in taken) or taken[0] != taken[1]:
            continue
        inner = [first, second, neg, cat, plain, rotated, node]
        if any(u not in inner for n in inner[:-1] for u in n.users) or len(node.users) != 1:
            continue
        spec, squeeze = taken[0]
        return x, cos, sin, spec, squeeze, inner
    return None


def _broadcast(t, size: dict, row: str, dtype):
    """A cos / sin table's annotation ([row, D], with B kept if it varies) and the dims a call squeezes, or None."""
    v = _val(t)
    if not isinstance(t, torch.fx.Node) or not isinstance(v, torch.Tensor) or v.dtype != dtype or v.dim() > 4 \
            or v.dim() < 2:
        return None
    names = ["B", "H", row, "D"][4 - v.dim():]
    shape = _shape(t)
    squeeze = tuple(i for i, n in enumerate(names) if shape[i] == "1" and size[n] != "1")
    kept = [n for i, n in enumerate(names) if i not in squeeze]
    if "H" in kept or kept[-2:] != [row, "D"] or any(shape[names.index(n)] != size[n] for n in kept):
        return None
    return tf.Tensor[tuple(kept)], squeeze


def _rotated(value, cos, sin, index):
    """The DSL form: ``value * cos + where(d < D/2, -partner, partner) * sin``, the partner gathered along d."""
    half = tf.dim("D") // 2
    partner = index((tf.index("d") + half) % tf.dim("D"))
    return value * cos + tf.where(tf.index("d") < half, -partner, partner) * sin


def _attention(node, rope: bool = True) -> tuple[Match | None, str]:
    q, k, v = node.args[:3]
    mask = _arg(node, 3, "attn_mask", None)
    dropout = _arg(node, 4, "dropout_p", 0.0)
    causal = bool(_arg(node, 5, "is_causal", False))
    scale = node.kwargs.get("scale", node.args[6] if len(node.args) > 6 else None)
    vals = [_val(t) for t in (q, k, v)]
    if dropout:
        return None, "dropout_p > 0"
    if any(t.dim() != 4 for t in vals) or len({t.dtype for t in vals}) != 1 or vals[0].dtype not in DTYPES:
        return None, "q, k, v must be 4-D [B, H, S, D] of one float dtype"
    if _shape(k) != _shape(v):
        return None, "a value dim other than the key's is not taken yet"
    gqa = _shape(q)[1] != _shape(k)[1]
    if gqa and not _arg(node, 7, "enable_gqa", False):
        return None, "q and k have different head counts without enable_gqa"
    kv = "HKV" if gqa else "H"
    sizes = dict(zip(["B", "H", "M", "D"], _shape(q)))
    # RoPE on the query tile only: it is loaded once per program, while every key block is visited by every query
    # block (rotating K in the loop repeats it S / BLOCK_M times, and spilled registers when compiled for sm_90)
    ropes = [_rope(q, sizes, "M") if rope else None, None]
    q_in = ropes[0][0] if ropes[0] else q
    k_in = ropes[1][0] if ropes[1] else k
    params = [("q", tf.Tensor["B", "H", "M", "D"]), ("k", tf.Tensor["B", kv, "N", "D"]),
              ("v", tf.Tensor["B", kv, "N", "D"])]
    inputs, squeeze, to_int8 = [q_in, k_in, v], [()] * 3, [False] * 3
    if mask is not None:
        taken = _mask(mask, _shape(q), _shape(k), vals[0].dtype)
        if isinstance(taken, str):
            return None, taken
        axes, spec, dims, boolean = taken
        params.append(("mask", spec))
        inputs.append(mask)
        squeeze.append(dims)
        to_int8.append(boolean)
    covered = []
    for which, rope in zip("qk", ropes):
        if rope:
            _, cos, sin, spec, dims, inner = rope
            params += [(f"cos_{which}", spec), (f"sin_{which}", spec)]
            inputs += [cos, sin]
            squeeze += [dims, dims]
            to_int8 += [False, False]
            covered += inner
    has_mask = mask is not None

    def body(q_, k_, v_, *rest):
        rest = list(rest)
        mask_ = [rest.pop(0)] if has_mask else []
        kv_head = tf.index("h") // (tf.dim("H") // tf.dim("HKV")) if gqa else None
        if ropes[0]:  # RoPE applied to the query tile as it is loaded
            cos, sin = rest.pop(0), rest.pop(0)
            q_ = _rotated(q_, cos, sin, lambda d, t=q_: t[:, :, :, d])
        if ropes[1]:  # and to each key block, the partner gathered from the same K rows
            cos, sin = rest.pop(0), rest.pop(0)
            head = kv_head if gqa else slice(None)
            k_ = _rotated(k_[:, head, :, :] if gqa else k_, cos, sin, lambda d, t=k_: t[:, head, :, d])
        elif gqa:  # query head h reads key/value head h // (H // HKV), through the loads' index
            k_ = k_[:, kv_head, :, :]
        if gqa:
            v_ = v_[:, kv_head, :, :]
        s = tf.einsum("bhmd,bhnd->bhmn", q_, k_) * (float(scale) if scale is not None else tf.rsqrt(tf.dim("D")))
        if mask_:
            s = tf.where(mask_[0] != 0, s, -tf.inf) if boolean else s + mask_[0]
        if causal:
            s = tf.where(tf.index("m") >= tf.index("n"), s, -tf.inf)
        return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v_)

    ops = ["scaled_dot_product_attention"] + (["causal"] if causal else []) + ([f"scale {scale:g}"] if scale else []) \
        + (["GQA"] if gqa else []) + [f"RoPE on {w} loads" for w, r in zip("qk", ropes) if r]
    if mask is not None:
        ops.append(f"{'boolean' if boolean else 'additive'} mask [{', '.join(axes)}]")
    structure = (causal, scale, gqa, None if mask is None else (axes, boolean, repr(spec)),
                 [None if r is None else (repr(r[3]), r[4]) for r in ropes])
    order = {n: i for i, n in enumerate(node.graph.nodes)}
    return Match("attention", sorted(covered, key=order.get) + [node], inputs,
                 _program("attention", params, body, structure), DTYPES[vals[0].dtype], ops,
                 [False] * len(inputs), squeeze=squeeze, to_int8=to_int8, out_order=_layout(node)), ""


def _hint(x) -> int:
    return x.node.hint if isinstance(x, torch.SymInt) else int(x)


def _layout(node) -> list[int]:
    """The dims of a node's value, outermost in memory first (what the graph's views after it rely on: SDPA
    returns [B, H, M, D] laid out as [B, M, H, D])."""
    v = _val(node)
    strides = [_hint(s) for s in v.stride()]
    return sorted(range(v.dim()), key=lambda i: (-strides[i], i))


def _mask(mask, q_shape, k_shape, dtype):
    """How an ``attn_mask`` enters the program: (its axes, the parameter's annotation, the broadcast dims a call
    squeezes, whether it is boolean: cast to int8), or why it cannot."""
    m = _val(mask)
    shape = _shape(mask)
    if not isinstance(m, torch.Tensor) or m.dim() > 4:
        return "attn_mask must be a tensor of at most 4 dims"
    names = ["B", "H", "M", "N"][4 - m.dim():]
    sizes = dict(zip(["B", "H", "M", "N"], [q_shape[0], q_shape[1], q_shape[2], k_shape[2]]))
    squeeze = tuple(i for i, s in enumerate(shape) if s == "1" and sizes[names[i]] != "1")
    kept = [n for i, n in enumerate(names) if i not in squeeze]
    if any(shape[names.index(n)] != sizes[n] for n in kept):
        return f"attn_mask of shape {list(shape)} does not broadcast dim by dim against [B, H, M, N]"
    boolean = m.dtype == torch.bool
    if not boolean and m.dtype != dtype:
        return f"an additive attn_mask of {m.dtype} on {dtype} scores"
    spec = tf.Tensor[(*kept, "int8" if boolean else DTYPES[dtype])]
    return [n.lower() for n in kept], spec, squeeze, boolean


ANCHORS = {aten.linear.default: _gemm, aten.matmul.default: _gemm, aten.mm.default: _gemm, aten.addmm.default: _gemm,
           aten.bmm.default: _gemm, aten.scaled_dot_product_attention.default: _attention}
SKIPPED = {"view", "reshape", "_unsafe_view", "permute", "transpose", "t", "expand", "clone", "getitem", "sym_size",
           "detach", "alias", "_guards_fn", "_assert_tensor_metadata",
           "_assert_scalar"}  # layout and bookkeeping ops: no kernel of their own, nothing to say


def partition(gm: torch.fx.GraphModule, rope: bool = True, norm_prologue: bool = False) -> Partition:
    """The matches of a captured graph, and why each other ATen op stays in PyTorch. ``rope``: take a rotate-half
    RoPE on an attention's query into the kernel (applied to the query tile as it is loaded). ``norm_prologue``:
    take an RMSNorm's scaling before a GEMM into the GEMM's A-tile prologue (off by default: the A operand then
    loses TMA and the sm_90 default tile spills, offline; not yet timed)."""
    matches, covered, reasons = [], set(), {}
    for node in gm.graph.nodes:
        if node.op != "call_function" or node in covered or node.target not in ANCHORS:
            continue
        match, why = (_dual(node, covered, norm_prologue), "") if node.target == aten.linear.default else (None, "")
        if match is None:
            match, why = _attention(node, rope) if node.target == aten.scaled_dot_product_attention.default \
                else _gemm(node, norm_prologue)
        if match is None:
            reasons[node] = f"{_name(node.target)}: {why}"
            continue
        matches.append(match)
        covered.update(match.nodes)
    counts: Counter = Counter()
    why: dict[str, str] = {}
    for node in gm.graph.nodes:
        if node.op != "call_function" or node in covered:
            continue
        op = _name(node.target)
        if op.split(".")[0] in SKIPPED or getattr(node.target, "__module__", "") == "_operator":
            continue
        counts[op] += 1
        why.setdefault(op, reasons.get(node, "no tilefuse kernel for this op: runs in PyTorch"))
    return Partition(matches, {op: (n, why[op]) for op, n in counts.items()})
