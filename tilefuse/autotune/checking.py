"""Correct first: the fp64 reference of a program, the relative error against it, and ``check_output``,
which runs a kernel into NaN-filled buffers so that an element it never writes fails the check."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager

import torch

from ..frontend.reference import evaluate
from ..ir.dtypes import as_dtype

# Relative Frobenius error vs the fp64 reference above which a kernel is wrong.
TOLERANCE = {"fp32": 1e-3, "fp16": 1e-2, "bf16": 3e-2}


def reference(graph, inputs) -> list[torch.Tensor]:
    """The program's outputs in fp64, computed on the inputs' device (``frontend.reference.evaluate``)."""
    return evaluate(graph, list(inputs), torch.float64)


def tolerance(dtype) -> float:
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
    """While inside, ``torch.empty`` and its kin return NaN-filled floats (and the largest integer), so a kernel
    that leaves part of a scratch or output buffer unwritten produces NaN, not stale values.

    This is PyTorch's own switch (``torch.utils.deterministic.fill_uninitialized_memory``, honoured while
    deterministic algorithms are on; ``warn_only`` keeps ops without a deterministic form running). Nothing
    in the generated module is patched; both settings are restored on the way out.
    """
    was_on = torch.are_deterministic_algorithms_enabled()
    was_warn_only = torch.is_deterministic_algorithms_warn_only_enabled()
    was_filling = torch.utils.deterministic.fill_uninitialized_memory
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.utils.deterministic.fill_uninitialized_memory = True
    try:
        yield
    finally:
        torch.utils.deterministic.fill_uninitialized_memory = was_filling
        torch.use_deterministic_algorithms(was_on, warn_only=was_warn_only)


def _entry(kernel):
    """The generated file's launcher behind a ``runtime.Kernel`` (or ``kernel`` itself, a plain function)."""
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
    fn = _entry(kernel)
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
