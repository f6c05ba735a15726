"""Reference semantics: evaluate an IR graph with PyTorch eager ops, on any device.

This is the ground truth every kernel is checked against. Float math runs in ``compute_dtype``: fp32
mirrors what kernels do; fp64 gives the high-precision reference (then float-to-float casts are
skipped, so the result is the exact value the kernel approximates).
"""

from __future__ import annotations

import math

import sympy
import torch

from ..errors import TilefuseError
from ..ir.dims import size_value
from ..ir.dtypes import DType, from_torch
from ..ir.ops import parse_einsum
from ..ir.torch_ops import BINARY, UNARY, torch_callable


def gelu(x: torch.Tensor, approximate: str) -> torch.Tensor:
    if approximate == "tanh":
        return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x * x * x)))
    return 0.5 * x * (1.0 + torch.erf(x * (1.0 / math.sqrt(2.0))))


def safe_logsumexp(x: torch.Tensor, dim: int) -> torch.Tensor:
    """log(sum(exp(x))) with the max subtracted first; an all--inf row gives -inf, not NaN."""
    m = x.amax(dim=dim, keepdim=True)
    m = torch.where(torch.isinf(m) & (m < 0), torch.zeros_like(m), m)
    return (torch.log(torch.exp(x - m).sum(dim=dim, keepdim=True)) + m).squeeze(dim)


def safe_softmax(x: torch.Tensor, dim: int) -> torch.Tensor:
    """Softmax whose all--inf rows give zeros."""
    m = x.amax(dim=dim, keepdim=True)
    m = torch.where(torch.isinf(m) & (m < 0), torch.zeros_like(m), m)
    e = torch.exp(x - m)
    s = e.sum(dim=dim, keepdim=True)
    return e / torch.where(s == 0, torch.ones_like(s), s)


def align(t: torch.Tensor, have: tuple[str, ...], want: tuple[str, ...]) -> torch.Tensor:
    """Permute and unsqueeze ``t`` (axes ``have``) so it broadcasts against axes ``want``."""
    order = [have.index(a) for a in want if a in have]
    t = t.permute(order) if order != list(range(len(order))) else t
    shape, j = [], 0
    kept = [a for a in want if a in have]
    for a in want:
        if a in have:
            shape.append(t.shape[j])
            j += 1
        else:
            shape.append(1)
    assert len(kept) == t.dim()
    return t.reshape(shape)


def bind_dims(graph, tensors) -> dict[str, int]:
    """Read the launch-time dims off the input tensors; mismatches are errors naming the inputs."""
    env: dict[str, int] = {}
    who: dict[str, str] = {}
    for node, t in zip(graph.inputs, tensors):
        if not node.axes:
            continue
        if not isinstance(t, torch.Tensor):
            raise TilefuseError(f"input {node.name} must be a torch.Tensor, got {type(t).__name__}",
                                program=graph.name)
        if t.dim() != len(node.axes):
            raise TilefuseError(f"input {node.name} has {t.dim()} dims but is declared with "
                                f"{len(node.axes)} ({', '.join(str(a.size) for a in node.axes)})", program=graph.name)
        for ax, n in zip(node.axes, t.shape):
            size = ax.size
            if isinstance(size, sympy.Symbol):
                if size.name in env and env[size.name] != n:
                    raise TilefuseError(f"dim {size.name} is {env[size.name]} in {who[size.name]} but {n} in "
                                        f"{node.name}", program=graph.name)
                env[size.name] = int(n)
                who[size.name] = node.name
    for node, t in zip(graph.inputs, tensors):
        for ax, n in zip(node.axes, t.shape if isinstance(t, torch.Tensor) else ()):
            if not isinstance(ax.size, sympy.Symbol) and size_value(ax.size, env) != n:
                raise TilefuseError(f"input {node.name}: axis {ax.name} should be {ax.size} = "
                                    f"{size_value(ax.size, env)} but is {n}", program=graph.name)
    return env


def evaluate(graph, tensors, compute_dtype=torch.float32) -> list[torch.Tensor]:
    """Run ``graph`` on ``tensors`` (one per input, in order); return its outputs as torch tensors."""
    if len(tensors) != len(graph.inputs):
        raise TilefuseError(f"{graph.name} takes {len(graph.inputs)} inputs, got {len(tensors)}", program=graph.name)
    env = bind_dims(graph, tensors)
    for node in graph.nodes:
        sizes = [a.size for a in node.axes] + ([node.attrs["expr"]] if node.op == "symbol" else [])
        unbound = sorted({s.name for size in sizes for s in sympy.sympify(size).free_symbols} - set(env))
        if unbound:
            raise TilefuseError(f"dim {', '.join(unbound)} is not the size of any input axis, so the inputs "
                                f"do not bind it", program=graph.name, op=node.op, loc=node.loc)
    exact = compute_dtype == torch.float64
    device = next((t.device for t in tensors if isinstance(t, torch.Tensor)), torch.device("cpu"))
    values: dict = {}

    def val(node) -> torch.Tensor:
        v = values[node]
        if v.dtype.is_floating_point or node.dtype.is_float:
            return v.to(compute_dtype)
        return v

    def size(ax) -> int:
        return size_value(ax.size, env)

    for node in graph.nodes:
        op, names = node.op, node.axis_names
        args = [val(a) for a in node.args]
        arg_axes = [a.axis_names for a in node.args]
        if op == "input":
            t = tensors[node.attrs["position"]]
            out = torch.tensor(float(t), dtype=compute_dtype, device=device) if not node.axes else t
        elif op == "const":
            v = node.attrs["value"]
            dt = {DType.bool: torch.bool, DType.int32: torch.int64}.get(node.dtype, compute_dtype)
            out = torch.tensor(v, dtype=dt, device=device)
        elif op == "index":
            out = torch.arange(size(node.axes[0]), device=device, dtype=torch.int64)
        elif op == "symbol":
            out = torch.tensor(size_value(node.attrs["expr"], env), dtype=torch.int64, device=device)
        elif op in UNARY or op == "gelu":
            (a,) = args
            if node.dtype.is_float:
                a = a.to(compute_dtype)
            out = gelu(a, node.attrs.get("approximate", "erf")) if op == "gelu" else torch_callable(op)(a)
        elif op in BINARY:
            a, b = (align(x, ax, names) for x, ax in zip(args, arg_axes))
            if op == "div" or (node.dtype.is_float and op not in ("lt", "le", "gt", "ge", "eq", "ne")):
                a, b = a.to(compute_dtype) if not a.dtype.is_floating_point else a, \
                    b.to(compute_dtype) if not b.dtype.is_floating_point else b
            out = torch_callable(op)(a, b)
        elif op == "where":
            c, a, b = (align(x, ax, names) for x, ax in zip(args, arg_axes))
            if node.dtype.is_float:
                a, b = a.to(compute_dtype), b.to(compute_dtype)
            out = torch.where(c, a, b)
        elif op == "cast":
            (a,) = args
            target = node.dtype
            if target.is_float and exact:
                out = a.to(compute_dtype)
            elif target.is_int and a.dtype.is_floating_point:
                out = a.trunc().to(torch.int64)
            else:
                out = a.to(target.to_torch()) if target != DType.int32 else a.to(torch.int64)
        elif op in ("sum", "max"):
            (a,) = args
            dims = [arg_axes[0].index(n) for n in node.attrs["axes"]]
            out = a.sum(dim=dims) if op == "sum" else a.amax(dim=dims)
        elif op == "logsumexp":
            (a,) = args
            out = safe_logsumexp(a.to(compute_dtype), arg_axes[0].index(node.attrs["axis"]))
        elif op == "softmax":
            (a,) = args
            out = safe_softmax(a.to(compute_dtype), arg_axes[0].index(node.attrs["axis"]))
        elif op == "einsum":
            out = _einsum(node, args)
            out = out.to(compute_dtype) if node.dtype.is_float else out
        elif op == "load":
            out = _load(graph, node, args, arg_axes, env)
        else:
            raise TilefuseError(f"the reference has no rule for op {op!r}", program=graph.name, op=op, loc=node.loc)
        # Broadcast scalars and partial results up to the node's full axes.
        if out.dim() != len(names):
            out = out.reshape([1] * len(names)).expand([size(a) for a in node.axes]) if out.dim() == 0 else out
        values[node] = out

    results = []
    for out in graph.outputs:
        v = values[out]
        if out.dtype.is_float:
            v = v.to(compute_dtype if exact else out.dtype.to_torch())
        else:
            v = v.to(out.dtype.to_torch())
        results.append(v.expand([size(a) for a in out.axes]).contiguous())
    return results


def _einsum(node, args):
    ins, out = parse_einsum(node.attrs["spec"], len(args))
    letters: dict[str, str] = {}
    for name in [n for group in ins for n in group] + out:
        letters.setdefault(name, chr(ord("a") + len(letters)))
    spec = ",".join("".join(letters[n] for n in g) for g in ins) + "->" + "".join(letters[n] for n in out)
    if node.dtype.is_int:
        return torch.einsum(spec, *[a.to(torch.int64) for a in args])
    dt = args[0].dtype if args[0].dtype.is_floating_point else torch.float32
    dt = torch.float64 if any(a.dtype == torch.float64 for a in args) else dt
    return torch.einsum(spec, *[a.to(dt) for a in args])


def _load(graph, node, args, arg_axes, env):
    src, *index = args
    names = node.axis_names
    idx = [align(i.to(torch.int64), ax, names) for i, ax in zip(index, arg_axes[1:])]
    src_node = node.args[0]
    for k, (i, ax) in enumerate(zip(idx, src_node.axes)):
        n = size_value(ax.size, env)
        if i.numel() and (int(i.min()) < 0 or int(i.max()) >= n):
            bad = int(i.min()) if int(i.min()) < 0 else int(i.max())
            raise TilefuseError(f"load of {src_node.name}: index {k} reaches {bad}, outside axis {ax.name} "
                                f"of size {n}", program=graph.name, op="load", loc=node.loc)
    shape = torch.broadcast_shapes(*[i.shape for i in idx]) if idx else ()
    return src[tuple(i.expand(shape) for i in idx)]


def run_reference(program, *tensors, compute_dtype=None, out_dtype=None):
    """Trace ``program`` for the inputs' dtype and evaluate it; one output comes back bare."""
    float_inputs = [t for t in tensors if isinstance(t, torch.Tensor) and t.is_floating_point()]
    try:
        dtype = from_torch(float_inputs[0].dtype) if float_inputs else DType.fp32
    except ValueError as exc:
        raise TilefuseError(f"inputs of dtype {float_inputs[0].dtype} are not supported ({exc}); pass fp32, "
                            f"fp16 or bf16 tensors and compute_dtype=torch.float64 for fp64 math",
                            program=program.name) from None
    graph = program.trace(dtype, out_dtype=out_dtype)
    outs = evaluate(graph, list(tensors), compute_dtype or torch.float32)
    return outs[0] if len(outs) == 1 else tuple(outs)
