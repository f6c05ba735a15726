"""Attention written as math in a captured ATen graph: ``softmax(mods(q @ k.transpose(-2, -1))) @ v`` as one
flash-style kernel, the same kernel family SDPA gets (``torch_attention``).

What a model writes between the two matmuls becomes the kernel's score modification, op by op, in its order: a
scale (``* c``, ``/ c``), an additive bias or mask (``+ mask``, any shape that broadcasts against [B, H, M, N]),
``masked_fill`` / ``where`` with a boolean mask (passed as int8), casts, any elementwise op the GEMM epilogues take.
Dropout in eval mode (a clone) and casts between the softmax and the second matmul are dropped: the kernel keeps
the probabilities in fp32 until the dot with V. Where K and V come from ``repeat_kv`` (unsqueeze, expand, a
contiguous copy and a view, as Llama's eager attention writes GQA), the kernel reads the KV heads in place; K given
transposed is read through its strides. A rotate-half RoPE on the query runs on the loaded query tile, as for SDPA.

Numerics: the scores stay fp32 from the dot on (eager rounds them to the model's dtype after the matmul, so the
kernel is the more exact of the two); a row the mask empties entirely gives zeros, where eager gives NaN (an
additive mask of finfo.min values, as transformers builds, gives a uniform row in eager: such rows do not occur
with causal or padding masks of real inputs, and the compile-time check compares against eager).
"""

from __future__ import annotations

import torch

from . import dsl as tf
from .torch_attention import _layout, _rope, _rotated
from .torch_match import (
    DTYPES,
    Match,
    _apply,
    _broadcast_dims,
    _elementwise,
    _in_order,
    _name,
    _program,
    _shape,
    _Step,
    _structure,
    _val,
    aten,
    users,
)

SOFTMAX = (aten._softmax.default, aten.softmax.int)


def _only_user(node):
    readers = users(node)
    return readers[0] if len(readers) == 1 else None


def _scalar(node):
    """The float a 0-d constant node holds (``scalar_tensor``, ``full([], c)``: a ``masked_fill`` value), or None."""
    if not isinstance(node, torch.fx.Node) or node.op != "call_function":
        return None
    if node.target == aten.scalar_tensor.default:
        return float(node.args[0])
    if node.target == aten.full.default and list(node.args[0]) == []:
        return float(node.args[1])
    return None


def _repeat_kv(node, kv_first: bool):
    """``x`` of ``x[:, :, None].expand(B, HKV, R, S, D).contiguous().view(B, HKV * R, S, D)`` (Llama's repeat_kv,
    as core ATen writes it), with R and the nodes between; None when ``node`` is not that."""
    if not isinstance(node, torch.fx.Node) or node.target not in (aten.view.default, aten._unsafe_view.default,
                                                                 aten.reshape.default):
        return None
    chain = [node]
    src = node.args[0]
    if isinstance(src, torch.fx.Node) and src.target == aten.clone.default:
        chain.append(src)
        src = src.args[0]
    if not isinstance(src, torch.fx.Node) or src.target != aten.expand.default:
        return None
    chain.append(src)
    unsq = src.args[0]
    if not isinstance(unsq, torch.fx.Node) or unsq.target != aten.unsqueeze.default or unsq.args[1] != 2:
        return None
    chain.append(unsq)
    x = unsq.args[0]
    xs, rs = _shape(x), _shape(src)
    if xs is None or len(xs) != 4 or rs is None or len(rs) != 5 or rs[:2] != xs[:2] or rs[3:] != xs[2:] or \
            not rs[2].isdigit():
        return None
    if any(_only_user(n) is None for n in chain[1:]) or (kv_first and _only_user(node) is None):
        return None
    # the replay repeats the heads from x's own sizes (export's expand and view read sym_size nodes of elsewhere)
    replay = {src: (_expand_groups, (unsq, int(rs[2]))), node: (torch.flatten, (chain[1], 1, 2))}
    return x, rs[2], chain, replay


def _expand_groups(x, groups: int):
    return x.expand(-1, -1, groups, -1, -1)


def _cast(node) -> bool:
    """``_to_copy`` to a float dtype that keeps the layout and the device (what ``.to(dtype)`` writes)."""
    kw = node.kwargs
    return node.target == aten._to_copy.default and kw.get("dtype") in DTYPES and \
        kw.get("layout", torch.strided) == torch.strided and set(kw) <= {"dtype", "layout", "device"} and \
        ("device" not in kw or torch.device(kw["device"]) == _val(node.args[0]).device)


def attention_math(node, rope: bool = True) -> tuple[Match | None, str]:
    """The attention that starts at ``node`` (a 4-D ``matmul(q, k_t)``), or None and why not. ``rope``: take a
    rotate-half RoPE on the query into the kernel."""
    q, k_t = node.args[:2]
    vals = [_val(q), _val(k_t)]
    if any(not isinstance(t, torch.Tensor) or t.dim() != 4 for t in vals):
        return None, "not a 4-D q @ k.transpose"
    chain, cur = [], node  # the score modifications, in order
    while True:
        nxt = _only_user(cur)
        if nxt is None:
            return None, "the scores q @ k.T are read more than once (or not at all)"
        if nxt.target in SOFTMAX:
            softmax = nxt
            break
        if not (_elementwise(nxt) or _cast(nxt)) or sum(a is cur for a in nxt.args) != 1:
            return None, f"{_name(nxt.target)} between q @ k.T and the softmax"
        chain.append(nxt)
        cur = nxt
    if softmax.args[1] not in (-1, 3):
        return None, "a softmax over another dim than the keys'"
    tail, cur = [], softmax
    while True:
        nxt = _only_user(cur)
        if nxt is None:
            return None, "the probabilities are read more than once"
        if _cast(nxt) or (nxt.target == aten.clone.default and set(nxt.kwargs) <= {"memory_format"}):
            tail.append(nxt)
            cur = nxt
            continue
        if nxt.target != aten.matmul.default or nxt.args[0] is not cur:
            return None, f"{_name(nxt.target)} after the softmax, not the @ v"
        pv = nxt
        break
    v = pv.args[1]
    dtypes = {t.dtype for t in (_val(q), _val(k_t), _val(v), _val(pv))}
    if len(dtypes) != 1 or _val(q).dtype not in DTYPES:
        return None, f"q, k, v and the output must share one float dtype, not {sorted(map(str, dtypes))}"
    if _val(v).dim() != 4:
        return None, "v is not 4-D"
    covered, gqa, replay_as = [node, *chain, softmax, *tail, pv], False, {}
    # K as [B, H, D, N] read through its strides, unless it is repeat_kv(k) transposed: then the KV heads in place
    k_in, k_spec = k_t, ("B", "H", "D", "N")
    kt_src = k_t.args[0] if isinstance(k_t, torch.fx.Node) and k_t.target == aten.permute.default and \
        list(k_t.args[1]) == [0, 1, 3, 2] and _only_user(k_t) is node else None
    rep_k, rep_v = _repeat_kv(kt_src, False), _repeat_kv(v, True)
    if rep_k and rep_v and rep_k[1] == rep_v[1] and _shape(rep_k[0]) == _shape(rep_v[0]):
        gqa = True
        k_in, k_spec = rep_k[0], ("B", "HKV", "N", "D")
        v = rep_v[0]
        covered += [k_t, *rep_k[2], *rep_v[2]]
        replay_as = {**rep_k[3], **rep_v[3]}
    sizes = dict(zip(["B", "H", "M", "D"], _shape(q)))
    kv_shape = _shape(v)
    if kv_shape[0] != sizes["B"] or kv_shape[3] != sizes["D"] or (not gqa and kv_shape[1] != sizes["H"]):
        return None, "q, k and v do not agree in batch, heads or head dim (a value dim other than the key's?)"
    score = {"B": sizes["B"], "H": sizes["H"], "M": sizes["M"], "N": kv_shape[2]}
    # what the chain reads besides the scores: constants, or tensors broadcast against [B, H, M, N]
    members = {n: ("member", i) for i, n in enumerate(chain)}
    members[node] = ("anchor",)
    outside, specs, squeeze, boolean, steps = [], [], [], [], []
    for n in chain:
        args = []
        for a in n.args:
            if not isinstance(a, torch.fx.Node):
                args.append(a)
            elif a in members:
                args.append(members[a])
            elif _scalar(a) is not None:
                if any(u not in members for u in users(a)):
                    return None, f"the constant {a.name} in the scores is read elsewhere too"
                args.append(_scalar(a))
                if a not in covered:
                    covered.append(a)  # computed again by the fallback's replay
            else:
                taken = _operand(a, score)
                if isinstance(taken, str):
                    return None, taken
                if a not in outside:
                    outside.append(a)
                    specs.append(taken[0])
                    squeeze.append(taken[1])
                    boolean.append(taken[2])
                args.append(("outside", outside.index(a)))
        steps.append(_Step(n.target, tuple(args), {"dtype": n.kwargs["dtype"]} if _cast(n) else dict(n.kwargs)))
    rope = _rope(q, sizes, "M") if rope else None
    q_in = rope[0] if rope else q
    params = [("q", tf.Tensor["B", "H", "M", "D"]), ("k", tf.Tensor[k_spec]),
              ("v", tf.Tensor["B", "HKV" if gqa else "H", "N", "D"])]
    params += [(f"s{i}", spec) for i, spec in enumerate(specs)]
    inputs = [q_in, k_in, v, *outside]
    squeeze, to_int8 = [()] * 3 + squeeze, [False] * 3 + boolean
    if rope:
        _, cos, sin, spec, dims, inner = rope
        params += [("cos_q", spec), ("sin_q", spec)]
        inputs += [cos, sin]
        squeeze += [dims, dims]
        to_int8 += [False, False]
        covered += inner
    n_outside = len(outside)

    def body(q_, k_, v_, *rest):
        extra = [r != 0 if b else r for r, b in zip(rest[:n_outside], boolean)]
        if rope:
            q_ = _rotated(q_, rest[n_outside], rest[n_outside + 1], lambda d, t=q_: t[:, :, :, d])
        if gqa:  # query head h reads KV head h // (H // HKV) through the loads' index
            kv_head = tf.index("h") // (tf.dim("H") // tf.dim("HKV"))
            k_, v_ = k_[:, kv_head, :, :], v_[:, kv_head, :, :]
            s = tf.einsum("bhmd,bhnd->bhmn", q_, k_)
        else:
            s = tf.einsum("bhmd,bhdn->bhmn", q_, k_)
        s = _apply(s, steps, extra)
        return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v_)

    ops = ["attention written as math (matmul, softmax, matmul)"]
    for n, st in zip(chain, steps):
        read = [outside.index(a) for a in n.args if isinstance(a, torch.fx.Node) and a in outside]
        ops.append(_name(st.target).split(".")[0] + "".join(
            f" ({'boolean' if boolean[j] else 'tensor'} [{', '.join(_shape(outside[j]))}])" for j in read))
    ops += (["GQA (repeat_kv read in place)"] if gqa else []) + (["RoPE on q loads"] if rope else [])
    structure = ("math", gqa, _structure(steps), [repr(s) for s in specs], boolean,
                 None if rope is None else (repr(rope[3]), rope[4]))
    return Match("attention", _in_order(covered), inputs, _program("attention", params, body, structure),
                 DTYPES[_val(q).dtype], ops, [False] * len(inputs), squeeze=squeeze, to_int8=to_int8,
                 out_order=_layout(pv), replay_as=replay_as), ""


def _operand(t, score: dict):
    """How a tensor the score chain reads enters the program: (annotation, the broadcast dims a call squeezes,
    whether it is boolean: passed as int8), or why it cannot."""
    v = _val(t)
    if not isinstance(v, torch.Tensor) or not 1 <= v.dim() <= 4:
        return f"a score modification reads {_name(t.target) if t.op == 'call_function' else t.name}, not a tensor " \
               "of 1 to 4 dims"
    taken = _broadcast_dims(_shape(t), ["B", "H", "M", "N"][4 - v.dim():], score)
    if taken is None:
        return f"a tensor of shape {list(_shape(t))} in the scores does not broadcast dim by dim against " \
               f"[B, H, M, N]"
    kept, squeeze = taken
    if v.dtype == torch.bool:
        return tf.Tensor[(*kept, "int8")], squeeze, True
    if v.dtype not in DTYPES:
        return f"a {v.dtype} tensor in the scores"
    return tf.Tensor[(*kept, DTYPES[v.dtype])], squeeze, False

