"""Each kernel call of a compiled module as a ``torch.library`` op, ``tilefuse::<name>``, with a fake (meta)
implementation: ``torch.export`` of a compiled module, and ``torch.compile`` around one, trace through the kernels
as single ops instead of failing on a Triton launch. The real implementation is the module's kernel call (with
its fallback to the replaced ops). Inference only: the ops have no autograd formula.
"""

from __future__ import annotations

import itertools

import torch

_LIB = torch.library.Library("tilefuse", "FRAGMENT")
_COUNT = itertools.count()


def call_kernel(kernel, args, flatten, squeeze, to_int8, order):
    """``kernel`` on a match's tensors: GEMM operands flattened to 2-D, an attention mask's broadcast dims squeezed
    (a boolean one cast to int8), an attention output given the memory order the original had. A saved package
    carries this function's source, so it calls its kernels the same way."""
    flat = []
    for a, f, sq, b in zip(args, flatten, squeeze, to_int8):
        a = a.reshape(-1, a.shape[-1]) if f and a.dim() != 2 else a  # a 2-D operand as it is: no view per call
        a = a.squeeze(tuple(sq)) if sq else a
        flat.append(a.to(torch.int8) if b else a)
    if order is not None and order != sorted(order):  # the graph's later views expect this layout
        q, v = args[0], args[2]
        shape = [*q.shape[:-1], v.shape[-1]]
        out = torch.empty([shape[i] for i in order], dtype=q.dtype, device=q.device)
        out = kernel(*flat, out=out.permute([order.index(i) for i in range(len(order))]))
    else:
        out = kernel(*flat)
    return out.reshape(*args[0].shape[:-1], out.shape[-1]) if flatten[0] and args[0].dim() != 2 else out


_TORCH_DTYPES = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}


def _fake(match, args):
    if match.kind == "rows":  # shaped like the rows it reads (its first input), in the output's dtype
        return args[0].new_empty(args[0].shape, dtype=_TORCH_DTYPES[match.dtype])
    if match.kind == "attention":
        q, v = args[0], args[2]
        shape = [*q.shape[:-1], v.shape[-1]]
        order = match.out_order or list(range(len(shape)))
        out = q.new_empty([shape[i] for i in order])
        return out.permute([order.index(i) for i in range(len(order))])
    a, b = args[0], args[1]
    if match.batched:
        return a.new_empty([a.shape[0], a.shape[1], b.shape[2]])
    return a.new_empty([*a.shape[:-1], b.shape[0] if match.weight_nk else b.shape[1]])


def register(call, match):
    """The op that runs ``call`` (a ``_KernelCall``) on the match's tensors; what the rewritten graph calls."""
    name = f"{call.entry.name}_{next(_COUNT)}"
    _LIB.define(f"{name}(" + ", ".join(f"Tensor a{i}" for i in range(len(match.inputs))) + ") -> Tensor")
    _LIB.impl(name, lambda *args: call(*args), "CompositeExplicitAutograd")
    torch.library.register_fake(f"tilefuse::{name}", lambda *args: _fake(match, args), lib=_LIB)
    return getattr(torch.ops.tilefuse, name).default
