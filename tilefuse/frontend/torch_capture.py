"""Capture a PyTorch module as an ATen graph with ``torch.export``, for the module front end.

The graph is decomposed to core ATen, except the ops the partitioner turns into kernels as a whole
(``aten.linear``, ``aten.scaled_dot_product_attention``, ``aten.matmul``): keeping them as one node each is
what lets it see a GEMM with its bias, or an attention with its mask and scale, without re-assembling them from
their decompositions. The module's parameters stay its own tensors: the unlifted graph module reads them as
attributes, nothing is copied.

Dynamic dims: ``dynamic={"batch": (lo, hi), "seq": (lo, hi)}`` marks dim 0 of every tensor input as ``batch``
and its sequence dim as ``seq`` (dim 1 of inputs of rank 2 or 3, such as token ids [B, S] and hidden states
[B, S, D]; dim 2 of rank-4 inputs [B, H, S, D]). ``dims={"input_name": {axis: "name"}}`` says it per input
instead (inputs it does not name are static).
"""

from __future__ import annotations

import inspect
import warnings

import torch

from ..errors import TilefuseError

KEPT_WHOLE = ("linear", "scaled_dot_product_attention", "matmul")


def _seq_axis(rank: int) -> int | None:
    return 1 if rank in (2, 3) else 2 if rank == 4 else None


def dynamic_shapes(model, example_inputs: tuple, dynamic: dict | None, dims: dict | None):
    """``torch.export``'s ``dynamic_shapes`` for the declared ranges (None: every size static)."""
    if not dynamic:
        return None
    try:
        names = list(inspect.signature(model.forward).parameters)
    except (TypeError, ValueError):
        names = []
    made = {}

    def dim(name: str):
        if name not in dynamic:
            raise TilefuseError(f"dims names {name!r}, which dynamic= does not declare ({', '.join(dynamic)})")
        if name not in made:
            lo, hi = dynamic[name]
            # a model whose code treats size 1 apart (broadcasting) fails this; capture() then retries
            made[name] = torch.export.Dim(name, min=int(lo), max=int(hi))
        return made[name]

    shapes = []
    for position, t in enumerate(example_inputs):
        if not isinstance(t, torch.Tensor):
            shapes.append(None)
            continue
        arg = names[position] if position < len(names) else str(position)
        if dims is not None:  # said per input: the others are static
            spec = {axis: dim(name) for axis, name in dims.get(arg, {}).items()}
        else:
            spec = {}
            if "batch" in dynamic and t.dim() >= 1:
                spec[0] = dim("batch")
            seq = _seq_axis(t.dim())
            if "seq" in dynamic and seq is not None:
                spec[seq] = dim("seq")
        shapes.append(spec or None)
    return tuple(shapes)


def capture(model: torch.nn.Module, example_inputs: tuple, *, dynamic: dict | None = None,
            dims: dict | None = None) -> torch.fx.GraphModule:
    """The module as an ATen graph module (core ATen but for ``KEPT_WHOLE``), parameters shared with it."""
    if not isinstance(model, torch.nn.Module):
        raise TilefuseError(f"tilefuse.compile takes a torch.nn.Module, got {type(model).__name__}")
    name = type(model).__name__
    shapes = dynamic_shapes(model, tuple(example_inputs), dynamic, dims)
    attempts = [("the declared ranges", shapes)]
    if shapes is not None:  # the model's code may not hold over a whole range (a mask padded to a multiple of 8)
        auto = getattr(torch.export.Dim, "AUTO", None)
        if auto is not None:
            attempts.append(("torch.export's automatic dynamic dims",
                             tuple(None if s is None else {a: auto for a in s} for s in shapes)))
        attempts.append(("static shapes (other sizes run the module eagerly)", None))
    first_error = None
    for how, spec in attempts:  # noqa: B007 - how is read after the break
        try:
            exported = torch.export.export(model, tuple(example_inputs), dynamic_shapes=spec)
            break
        except Exception as exc:
            first_error = first_error or exc
    else:
        exc = first_error
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise TilefuseError(f"{name}: torch.export could not capture the module: {type(exc).__name__}: "
                            f"{first[:300]} (data-dependent control flow? torch.compile(model, backend='tilefuse') "
                            "goes through Dynamo, which breaks the graph there)") from exc
    if how != attempts[0][0]:
        reason = str(first_error).strip().splitlines()
        warnings.warn(f"tilefuse: {name}: the module's code does not hold over the declared dynamic ranges "
                      f"({' '.join(reason[:2])[:240]}); captured with {how}", stacklevel=3)
    table = torch.export.default_decompositions()
    for op in KEPT_WHOLE:
        table.pop(getattr(torch.ops.aten, op).default, None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        gm = exported.run_decompositions(table).module()
    reinplace(gm)
    return gm


SCATTERS = {torch.ops.aten.index_put.default: torch.ops.aten.index_put_.default,
            torch.ops.aten.index_copy.default: torch.ops.aten.index_copy_.default}


def reinplace(gm: torch.fx.GraphModule) -> int:
    """Write a static cache in place again: export turns ``buf.index_copy_(dim, pos, new)`` on a buffer into an
    out-of-place ``index_put(buf, ..., new)`` whose result is copied back into ``buf`` at the end, which copies
    the whole cache twice per step. Where ``buf`` is read by nothing else, the scatter becomes ``index_put_`` and
    the copy-back goes. Returns how many were rewritten."""
    done = 0
    for node in list(gm.graph.nodes):
        if node.op != "call_function" or node.target != torch.ops.aten.copy_.default:
            continue
        dst, src = node.args[:2]
        if not (isinstance(src, torch.fx.Node) and src.target in SCATTERS and src.args[0] is dst
                and set(dst.users) == {src, node} and not node.users):
            continue
        src.target = SCATTERS[src.target]
        gm.graph.erase_node(node)
        done += 1
    if done:
        gm.recompile()
    return done
