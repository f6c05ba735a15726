"""Compiling candidates, in pool processes: a task receives the program's analyzed graph (pickled) and one
config, tiles and renders it, writes the kernel file, imports it and, on a GPU, compiles its Triton kernels
for the workload's arguments. It returns a plain dict for the pipe; nothing here re-imports the user's file.
"""

from __future__ import annotations

import os
import time

import torch

from ..backends.triton.loader import use_interpreter_if_no_gpu
from ..build import build_lowered
from ..errors import ConfigError
from ..ir.dims import size_value
from ..schedule.space import Config
from .inputs import make_inputs

_TRITON_COMPILE_ERRORS = {"CompilationError", "OutOfResources", "PTXASError", "CompileTimeAssertionFailure",
                          "UnsupportedLanguageConstruct"}


def is_triton_compile_error(exc: BaseException) -> bool:
    """Whether ``exc`` is Triton refusing the kernel (the config's fault), by class name across versions."""
    return any(cls.__name__ in _TRITON_COMPILE_ERRORS for cls in type(exc).__mro__)


def error_text(exc: BaseException, limit: int = 2000) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= limit else text[:limit] + " ..."


def pool_init() -> None:
    """Pool initializer: choose the interpreter before triton is first imported when there is no GPU."""
    use_interpreter_if_no_gpu()


class _CompileOnly:
    """Stands in for a ``@triton.jit`` kernel: ``kernel[grid](...)`` compiles for those arguments and
    launches nothing (``JITFunction.warmup``), so the launcher warms Triton's on-disk cache."""

    def __init__(self, jit_fn):
        self.jit_fn = jit_fn

    def __getitem__(self, grid):
        return lambda *args, **kwargs: self.jit_fn.warmup(*args, grid=grid, **kwargs)


def warm_triton_cache(module, name: str, inputs: list, out_shape, out_dtype) -> None:
    """Compile every Triton kernel of ``module`` for these inputs without launching any.

    This is the one place the generated module is patched, briefly: its kernels are swapped for
    compile-only stand-ins while the launcher runs once. Only the launcher knows each kernel's arguments
    (strides, constexprs computed from the shapes), and Triton's cache key depends on them, so the
    launcher has to make the calls; the originals are put back before this returns.
    """
    saved = {k: getattr(module, k) for k in module.KERNELS}
    try:
        for k, fn in saved.items():
            setattr(module, k, _CompileOnly(fn))
        launcher = getattr(module, name)
        if out_shape is not None:
            launcher(*inputs, out=torch.empty(out_shape, dtype=out_dtype, device=inputs[0].device))
        else:
            launcher(*inputs)
    finally:
        for k, fn in saved.items():
            setattr(module, k, fn)


def compile_task(analyzed, dtype: str, config: dict, arch: int, dims: dict[str, int], device_index: int,
                 int_bounds: dict | None) -> dict:
    """In a pool process: tile ``analyzed`` (``schedule.Analyzed``) with ``config``, render, write and import
    the kernel file (and on a GPU, compile its Triton kernels for the workload's arguments)."""
    start = time.perf_counter()
    try:
        kernel = build_lowered(None, analyzed.tile(Config.from_dict(config)), dtype=dtype, arch=arch)
        module = kernel.module
        note = ""
        if torch.cuda.is_available() and os.environ.get("TRITON_INTERPRET", "0") != "1":
            graph = kernel.lowered.source
            device = torch.device("cuda", device_index)
            torch.cuda.set_device(device)
            inputs = make_inputs(graph, dims, 0, device, int_bounds=int_bounds)
            single = len(graph.outputs) == 1
            out = graph.outputs[0]
            try:
                warm_triton_cache(module, kernel.name, inputs,
                                  [size_value(a.size, dims) for a in out.axes] if single else None,
                                  out.dtype.to_torch())
            except Exception as exc:  # noqa: BLE001 - only Triton's own compile errors fail the config
                if is_triton_compile_error(exc):
                    raise
                note = f"Triton cache not warmed ({error_text(exc, 300)})"
        return {"status": "ok", "path": str(kernel.path), "name": kernel.name,
                "compile_s": time.perf_counter() - start, "error": note}
    except ConfigError as exc:
        return {"status": "rejected", "error": str(exc), "compile_s": time.perf_counter() - start}
    except Exception as exc:  # noqa: BLE001 - any compiler failure belongs to this config
        return {"status": "compile_error", "error": error_text(exc), "compile_s": time.perf_counter() - start}
