"""Attention matches of a captured ATen graph: ``scaled_dot_product_attention`` (causal, ``scale``, a boolean or
additive ``attn_mask``, GQA) as one flash-style kernel, with a rotate-half RoPE on its query applied to the query
tile as the kernel loads it.
"""

from __future__ import annotations

import torch

from . import dsl as tf
from .torch_match import DTYPES, Match, _arg, _broadcast_dims, _in_order, _program, _shape, _val, aten


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
    taken = _broadcast_dims(_shape(t), ["B", "H", row, "D"][4 - v.dim():], size)
    if taken is None or "H" in taken[0] or taken[0][-2:] != [row, "D"]:
        return None
    return tf.Tensor[tuple(taken[0])], taken[1]


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
    return Match("attention", _in_order(covered) + [node], inputs,
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
    sizes = dict(zip(["B", "H", "M", "N"], [q_shape[0], q_shape[1], q_shape[2], k_shape[2]]))
    taken = _broadcast_dims(shape, ["B", "H", "M", "N"][4 - m.dim():], sizes)
    if taken is None:
        return f"attn_mask of shape {list(shape)} does not broadcast dim by dim against [B, H, M, N]"
    kept, squeeze = taken
    boolean = m.dtype == torch.bool
    if not boolean and m.dtype != dtype:
        return f"an additive attn_mask of {m.dtype} on {dtype} scores"
    spec = tf.Tensor[(*kept, "int8" if boolean else DTYPES[dtype])]
    return [n.lower() for n in kept], spec, squeeze, boolean
