"""Compiling candidate configs in a pool of spawned processes.

The parent traces the program once; each pool process receives that ``Graph`` (pickled, once, through the pool's
initializer) with the workload, runs the config-independent passes once
(``schedule.analyze``), and then per config only tiles, renders and writes the kernel file
(``build.build_lowered``, with the back end the config names). On a GPU it also compiles the file's Triton kernels
for the workload's arguments, so the measuring worker finds them in Triton's on-disk cache (a CUDA launcher: its
fatbin, with nvcc, beside the file). Each result is a plain dict: the built file's path and
entry point, or the config's failure.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import dataclass

import torch

from ..build import build_lowered
from ..errors import ConfigError, TilefuseError
from ..gpu import GPU
from ..ir.dims import size_value
from ..ir.graph import Graph
from ..schedule.pipeline import analyze
from ..schedule.space import Config
from .inputs import make_inputs

_TRITON_COMPILE_ERRORS = {"CompilationError", "OutOfResources", "PTXASError", "CompileTimeAssertionFailure",
                          "UnsupportedLanguageConstruct"}


def is_triton_compile_error(exc: BaseException) -> bool:
    """Whether ``exc`` is one of Triton's own compile errors (checked by class name: triton is not imported here)."""
    return any(cls.__name__ in _TRITON_COMPILE_ERRORS for cls in type(exc).__mro__)


def error_text(exc: BaseException, limit: int = 2000) -> str:
    """``Type: message``, cut at ``limit`` characters, for a status's error field."""
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= limit else text[:limit] + " ..."


@dataclass(frozen=True)
class CompileJob:
    """Everything a pool process needs, sent once: the traced graph and the workload."""

    graph: Graph        # names its source file, which the kernel file's header shows
    dtype: str
    arch: int
    dims: dict
    device_index: int
    int_bounds: dict


_JOB: CompileJob | None = None
_ANALYZED = None


def _pool_init(job: CompileJob) -> None:
    from ..backends.triton.loader import use_interpreter_if_no_gpu

    global _JOB, _ANALYZED
    use_interpreter_if_no_gpu()
    _JOB, _ANALYZED = job, None


def _analyzed():
    """The job's graph through every pass but ``tile``, once per pool process (it does not depend on the config)."""
    global _ANALYZED
    if _ANALYZED is None:
        _ANALYZED = analyze(_JOB.graph, target=GPU.for_arch(_JOB.arch))
    return _ANALYZED


class _CompileOnly:
    """Stands in for a ``@triton.jit`` kernel: ``kernel[grid](...)`` compiles for those arguments and launches
    nothing (``JITFunction.warmup``)."""

    def __init__(self, jit_fn):
        self.jit_fn = jit_fn

    def __getitem__(self, grid):
        return lambda *args, **kwargs: self.jit_fn.warmup(*args, grid=grid, **kwargs)


def compile_without_launching(module, launcher: str, inputs: list, out) -> None:
    """Run the generated ``launcher`` with every kernel in ``module.KERNELS`` swapped for a compile-only stand-in,
    then put the kernels back: Triton compiles each for these arguments, and nothing runs on the GPU.

    This is the one place that patches a generated module, and it must: only the launcher knows each kernel's
    grid, constexprs, strides and TMA descriptors, and Triton compiles without launching only through
    ``JITFunction.warmup`` called with exactly those arguments. Launching for real instead would run an unchecked
    config inside the compile pool, where a crash or a hang is not contained the way the measuring worker
    contains it. The module is this pool process's own copy and is restored before anything else uses it.
    """
    saved = {k: getattr(module, k) for k in module.KERNELS}
    try:
        for k, fn in saved.items():
            setattr(module, k, _CompileOnly(fn))
        fn = getattr(module, launcher)
        fn(*inputs, out=out) if out is not None else fn(*inputs)
    finally:
        for k, fn in saved.items():
            setattr(module, k, fn)


def _warm_triton_cache(kernel, job: CompileJob) -> str:
    """Compile ``kernel``'s Triton kernels for the workload's arguments; a note if that could not be done."""
    graph = kernel.lowered.source
    device = torch.device("cuda", job.device_index)
    torch.cuda.set_device(device)
    inputs = make_inputs(graph, job.dims, 0, device, int_bounds=job.int_bounds)
    out = None
    if len(graph.outputs) == 1:
        node = graph.outputs[0]
        out = torch.empty([size_value(a.size, job.dims) for a in node.axes], dtype=node.dtype.to_torch(),
                          device=device)
    try:
        compile_without_launching(kernel.module, kernel.name, inputs, out)
    except Exception as exc:  # noqa: BLE001 - only Triton's own compile errors fail the config
        if is_triton_compile_error(exc):
            raise
        return f"Triton cache not warmed ({error_text(exc, 300)})"
    return ""


def _cuda_binary(kernel, job: CompileJob) -> str:
    """Build a CUDA launcher's fatbin for this GPU beside its file (where the launcher loads it first), so the
    measuring worker does not compile with NVRTC; a note if nvcc is not there."""
    from ..backends.cuda.offline import build_fatbin

    major, minor = torch.cuda.get_device_capability(job.device_index)
    cu = kernel.path.with_suffix(".cu")
    for suffix, text in kernel.backend.companions(kernel.source).items():
        cu.with_suffix(suffix).write_text(text)
    try:
        build_fatbin(str(cu), archs=(major * 10 + minor,))
    except TilefuseError as exc:  # no nvcc: the launcher compiles with NVRTC at its first call
        return f"no fatbin ({error_text(exc, 300)}); NVRTC compiles at the first call"
    return ""


def _compile_task(config: dict) -> dict:
    """In a pool process: tile, render, write and load one config's kernel (and on a GPU, compile its Triton
    kernels for the workload's arguments). Returns a plain dict for the pipe."""
    start = time.perf_counter()
    job = _JOB
    try:
        kernel = build_lowered(None, _analyzed().tile(Config.from_dict(config)), dtype=job.dtype, arch=job.arch)
        kernel.module  # noqa: B018 - import it here, so a file that does not load fails its config now
        note = ""
        if torch.cuda.is_available() and os.environ.get("TRITON_INTERPRET", "0") != "1":
            note = _warm_triton_cache(kernel, job) if kernel.backend.name == "triton" else _cuda_binary(kernel, job)
        return {"status": "ok", "path": str(kernel.path), "name": kernel.name,
                "compile_s": time.perf_counter() - start, "error": note}
    except ConfigError as exc:
        return {"status": "rejected", "error": str(exc), "compile_s": time.perf_counter() - start}
    except Exception as exc:  # noqa: BLE001 - any compiler failure belongs to this config
        return {"status": "compile_error", "error": error_text(exc), "compile_s": time.perf_counter() - start}


def compile_all(ctx, job: CompileJob, configs: dict[str, Config], workers: int, timeout_s: float) -> dict[str, dict]:
    """Compile every config (key -> ``Config``) in a pool of ``workers`` processes of context ``ctx``; a compile
    that hangs or kills its process is a "compile_error" after ``timeout_s``."""
    if not configs:
        return {}
    results: dict[str, dict] = {}
    pool = ctx.Pool(min(workers, len(configs)), initializer=_pool_init, initargs=(job,))
    try:
        pending = {key: pool.apply_async(_compile_task, (cfg.to_dict(),)) for key, cfg in configs.items()}
        for key, task in pending.items():
            try:
                results[key] = task.get(timeout_s)
            except multiprocessing.TimeoutError:
                results[key] = {"status": "compile_error", "error": f"compilation did not finish in "
                                f"{timeout_s:g} s (or its process died)"}
            except Exception as exc:  # noqa: BLE001 - a result that did not come back intact
                results[key] = {"status": "compile_error", "error": error_text(exc)}
    finally:
        pool.terminate()
        pool.join()
    return results
