"""Partition a captured ATen graph (``torch_capture``) into what tilefuse kernels take, as DSL programs.

A *match* (``torch_match``) is a GEMM (``aten.linear``, ``matmul``, ``mm``, ``addmm``, ``bmm``; two linears of one
input meeting in one region are a dual GEMM) with the region of elementwise ops after it (bias, residual, scales,
activations; see ``torch_match._region``), or a ``scaled_dot_product_attention`` (``torch_attention``). Each
becomes a ``Program`` built from the ops it covers, so it goes through the same tracing, fusion and tiling as a
program written in the DSL. Everything else stays an ATen node; ``Partition.fallbacks`` says, per op, why.
"""

from __future__ import annotations

from collections import Counter

import torch

from . import dsl as tf
from .torch_attention import _attention
from .torch_attention_math import attention_math
from .torch_match import (
    DTYPES,
    Match,
    Partition,
    _apply,
    _arg,
    _elementwise,
    _extra_params,
    _in_order,
    _labels,
    _name,
    _program,
    _region,
    _shape,
    _steps,
    _structure,
    _tensor_args,
    _val,
    aten,
    is_dtype_check,
)
from .torch_rows import rows_matches

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
    params += ([("b", tf.Tensor["N"])] if bias is not None else []) + _extra_params(extras)

    def body(x_, w_, *rest):
        y = tf.einsum(spec, x_, w_)
        if bias is not None:
            y = y + rest[0]
        return _apply(y, steps, list(rest[1 if bias is not None else 0:]))

    inputs = [x, w] + ([bias] if bias is not None else []) + extras
    flatten = [True, False] + ([False] if bias is not None else []) + [len(_shape(e)) > 1 for e in extras]
    ops = [_name(node.target).split(".")[0]] + (["bias"] if bias is not None else []) + _labels(members, extras)
    structure = (spec, bias is not None, _structure(steps))
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
        params += _extra_params(extras)

        def body(x_, w_, w2_, *rest, steps=steps):
            y, y2 = tf.einsum("mk,nk->mn", x_, w_), tf.einsum("mk,nk->mn", x_, w2_)
            return _apply(y, steps, list(rest), y2)

        structure = ("dual", _structure(steps))
        match = Match("gemm", _in_order([node, s, *members]), [x, w, s.args[1]] + extras,
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
    lead, chain, sides, recomputed = shape[:-1], [], [], set()
    cur, allowed = x, set(gemms)
    while _elementwise(cur) and cur.target != aten.pow.Tensor_Scalar:
        reads = _tensor_args(cur)
        full = [a for a in reads if _shape(a) == shape]
        others = [a for a in reads if a not in full]
        if len(full) != 1 or any(_shape(o) not in ((shape[-1],), (*lead, "1")) for o in others):
            break
        if any(u not in allowed and not is_dtype_check(u) for u in cur.users):  # checks go with their values
            if cur.target != aten._to_copy.default or full[0] is not cur.args[0]:
                break
            recomputed.add(cur)  # a cast something else reads too: computed again per tile, and the chain ends
        chain.append(cur)
        sides += [o for o in others if o not in sides]
        allowed.add(cur)
        cur = full[0]
        if recomputed:
            break
    if not chain or not sides or any(_val(sd).dtype not in DTYPES for sd in sides):
        return None
    chain.reverse()  # raw input first
    # a recomputed cast is covered too (the fallback replays it), but stays in the graph for its other readers
    return cur, _steps(cur, chain, sides), sides, chain


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

    labels = [_name(st.target).split(".")[0] for st in steps]
    return Match("gemm", _in_order(covered + match.nodes), [raw] + match.inputs[1:] + sides,
                 _program("gemm", params + side_params, with_prologue,
                          (structure, "prologue", _structure(steps), [repr(a) for _, a in side_params])),
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


# the ops a match starts from: GEMMs (``_gemm``, ``_dual``) and attention (``torch_attention._attention``)
ANCHORS = frozenset({aten.linear.default, aten.matmul.default, aten.mm.default, aten.addmm.default, aten.bmm.default,
                     aten.scaled_dot_product_attention.default})
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
        not_attention = ""
        if match is None and node.target == aten.matmul.default and _val(node).dim() == 4:
            match, not_attention = attention_math(node, rope)
        if match is None:
            match, why = _attention(node, rope) if node.target == aten.scaled_dot_product_attention.default \
                else _gemm(node, norm_prologue)
            why = f"not attention ({not_attention}), and as a GEMM: {why}" if not_attention else why
        if match is None:
            reasons[node] = f"{_name(node.target)}: {why}"
            continue
        matches.append(match)
        covered.update(match.nodes)
    # -- rows kernels (torch_rows): RMSNorm and softmax over the last dim, from what the anchors above left
    for match in rows_matches(gm, covered):
        matches.append(match)
        covered.update(match.nodes)
    # --
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
