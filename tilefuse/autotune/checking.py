"""Is a kernel's output right? The fp64 ``reference``, the per-dtype ``tolerance``, ``relative_error``, and
``check_output``, which runs a kernel once with every allocation NaN-filled (``poisoned_allocations``) so a tile
it never stores fails. ``check_kernel`` is that check on small ragged sizes (``tilefuse compile --check``).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import torch

from ..ir.dtypes import as_dtype
from .inputs import make_inputs

# Relative Frobenius error vs the fp64 reference above which a kernel is wrong.
TOLERANCE = {"fp32": 1e-3, "fp16": 1e-2, "bf16": 3e-2}


def reference(graph, inputs) -> list[torch.Tensor]:
    """The program's outputs in fp64, computed on the inputs' device (``frontend.reference.evaluate``)."""
    from ..frontend.reference import evaluate

    return evaluate(graph, list(inputs), torch.float64)


def tolerance(dtype) -> float:
    """The relative error above which a kernel computing in ``dtype`` is wrong."""
    return TOLERANCE[str(as_dtype(dtype))]


def relative_error(got: torch.Tensor, want: torch.Tensor) -> float:
    """‖got − want‖ / ‖want‖ in fp64 over the finite reference values; NaN if ``got`` has a NaN, or an
    infinity where the reference is finite, or differs where the reference is infinite (-inf of an
    empty logsumexp row must come out -inf)."""
    got, want = got.double(), want.double().to(got.device)
    finite = torch.isfinite(want)
    if finite.all():  # the usual case: no masked copies of a large output
        if not torch.isfinite(got).all():
            return float("nan")
        return ((got - want).norm() / want.norm().clamp_min(1e-30)).item()
    if not torch.isfinite(got[finite]).all() or not torch.equal(got[~finite], want[~finite]):
        return float("nan")
    diff = (got[finite] - want[finite]).norm()
    return (diff / want[finite].norm().clamp_min(1e-30)).item()


@contextmanager
def poisoned_allocations() -> Iterator[None]:
    """While inside, every uninitialized tensor PyTorch allocates (``torch.empty``, ``empty_like``) comes back
    filled: NaN for floats, the largest value for integers. A kernel that leaves part of a scratch or output buffer
    unwritten then produces NaN, not stale zeros.

    This is PyTorch's own switch (``torch.utils.deterministic.fill_uninitialized_memory``, active while
    deterministic algorithms are on), so the generated launcher is run as it is, with nothing in its module
    replaced. ``warn_only``: an op without a deterministic implementation still runs, silently.
    """
    enabled = torch.are_deterministic_algorithms_enabled()
    warn_only = torch.is_deterministic_algorithms_warn_only_enabled()
    fill = torch.utils.deterministic.fill_uninitialized_memory
    torch.utils.deterministic.fill_uninitialized_memory = True
    if not enabled:
        torch.use_deterministic_algorithms(True, warn_only=True)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*does not have a deterministic implementation.*")
            yield
    finally:
        torch.use_deterministic_algorithms(enabled, warn_only=warn_only)
        torch.utils.deterministic.fill_uninitialized_memory = fill


def _launcher(kernel):
    """The generated file's entry point behind a ``runtime.Kernel`` (or ``kernel`` itself, a plain function)."""
    return getattr(kernel, "launcher", kernel)


def _output_dtypes(kernel, count: int, dtype) -> list[torch.dtype]:
    lowered = getattr(kernel, "lowered", None)
    if lowered is not None:
        return [o.dtype.to_torch() for o in lowered.source.outputs]
    return [as_dtype(dtype).to_torch()] * count


def check_output(kernel, inputs, ref, dtype, *, out_dtypes: list[torch.dtype] | None = None
                 ) -> tuple[bool, float]:
    """Run ``kernel`` once and compare with the fp64 ``ref``: (ok, relative error).

    ``kernel`` is a ``Kernel`` or a launcher ``fn(*inputs, out=None)``. A single output is passed as a
    NaN-filled ``out``; buffers the launcher allocates itself (several outputs, split-K scratch) are
    NaN-filled too, so an unwritten tile fails. The error is the largest over outputs; NaN (not ok)
    when an output holds NaN. ``out_dtypes`` defaults to the program's (``Kernel``) or ``dtype``.
    """
    refs = list(ref) if isinstance(ref, (list, tuple)) else [ref]
    fn = _launcher(kernel)
    out_dtypes = out_dtypes or _output_dtypes(kernel, len(refs), dtype)
    device = next((t.device for t in inputs if isinstance(t, torch.Tensor)), torch.device("cpu"))
    with poisoned_allocations():
        if len(refs) == 1:
            out = torch.full(refs[0].shape, float("nan"), dtype=out_dtypes[0], device=device) \
                if out_dtypes[0].is_floating_point else torch.empty(refs[0].shape, dtype=out_dtypes[0], device=device)
            fn(*inputs, out=out)
            outs = [out]
        else:
            result = fn(*inputs)
            outs = list(result) if isinstance(result, (list, tuple)) else [result]
    if len(outs) != len(refs):
        return False, float("nan")
    errors = [relative_error(o, r) for o, r in zip(outs, refs)]
    worst = float("nan") if any(math.isnan(e) for e in errors) else max(errors)
    return (not math.isnan(worst) and worst < tolerance(dtype)), worst


def check_kernel(kernel, dtype: str, seed: int = 0) -> dict:
    """Run ``kernel`` once on small ragged random inputs against the fp64 reference (``tilefuse compile --check``).

    The same check the tuner runs on every candidate: inputs from ``make_inputs``, the reference from ``reference``,
    and ``check_output``. ``all_written`` is False when an output came back with NaN or infinities.
    """
    graph = kernel.lowered.source
    device = "cuda" if torch.cuda.is_available() else "cpu"
    # Ragged sizes that span several tiles of every default block (and several K slices when split).
    sizes = [131, 97, 67, 43, 29, 19]
    dims = {d: sizes[i % len(sizes)] for i, d in enumerate(kernel.module.META["dims"])}
    inputs = make_inputs(graph, dims, seed, device)
    ok, err = check_output(kernel, inputs, reference(graph, inputs), dtype)
    return {"dims": dims, "device": device, "rel_error": err, "tolerance": tolerance(dtype),
            "all_written": not math.isnan(err), "ok": bool(ok)}
