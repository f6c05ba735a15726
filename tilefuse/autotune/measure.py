"""Honest measurement of candidate configs: correct first, then timed, with every failure contained.

The pieces, each usable alone:

* ``make_inputs`` draws random inputs for a traced program at concrete dims; ``reference`` evaluates it
  in fp64; ``check_output`` runs a kernel on an output pre-filled with NaN (and NaN-filled scratch
  buffers) and compares it with the reference by relative Frobenius error.
* ``time_cpu`` (the Triton interpreter: median of ``time.perf_counter``) and ``time_cuda`` (CUDA-graph
  replays of one call per rotating input copy, timed with CUDA events, L2 flushed before every sample).
* ``gpu_lock`` makes one tuning process at a time measure on a GPU.
* ``Measurer`` compiles candidates in a process pool, then measures them one by one in a long-lived
  worker process: a config that hangs is killed ("timeout"), one that kills its process (segfault,
  illegal memory access, ``os._exit``) is recorded as "crash", and the worker is restarted either way.
  A wrong config ("wrong") is never timed. Energy (``energy.py``) is measured last, over all the
  configs that came out ok, interleaved.

Importable without a GPU and without ``pynvml``; triton is only imported inside worker processes.
"""

from __future__ import annotations

import fcntl
import json
import math
import multiprocessing
import os
import socket
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import wait

import torch

from ..build import build
from ..errors import ConfigError, TilefuseError
from ..frontend.loading import load_programs
from ..ir.dims import size_value
from ..ir.dtypes import DType, as_dtype
from ..ir.graph import ancestors
from ..ir.ops import parse_einsum
from ..schedule.space import Config
from .records import Device, Measurement, Workload, program_signature

# Relative Frobenius error vs the fp64 reference above which a kernel is wrong.
TOLERANCE = {"fp32": 1e-3, "fp16": 1e-2, "bf16": 3e-2}
L2_FLUSH_BYTES = 256 * 2**20          # zeroed before every CUDA timing sample
MAX_ROTATING_SETS = 64                # input copies a CUDA graph rotates through
_TRITON_COMPILE_ERRORS = {"CompilationError", "OutOfResources", "PTXASError", "CompileTimeAssertionFailure",
                          "UnsupportedLanguageConstruct"}


class MeasureError(TilefuseError):
    """The measurement itself cannot run (the program does not load, the worker cannot start)."""


# ------------------------------------------------------------------------------------ inputs and checks


def make_inputs(graph, dims: dict[str, int], seed: int = 0, device="cpu", *,
                int_bounds: dict[str, int] | None = None) -> list:
    """Random inputs for ``graph`` at ``dims``, one per input in order (floats for ``tf.Scalar`` inputs).

    Float tensors are standard normal; the inputs of a GEMM-like einsum (both operands are inputs, up to
    elementwise ops and gathers, and the result feeds no softmax) are scaled by (contracted size)^-1/4
    so its result is O(1). Attention scores are left alone: programs scale them themselves.

    Int inputs: one that reaches the index of a gather (``src[idx, ...]``, a page table, a head map)
    gets values in [0, size of the smallest axis it indexes); int8 data gets [-128, 128); any other
    int32 gets [0, smallest dim). That is safe for direct indexes and masks but does not know a
    program's own invariants (``seq_lens <= NP * PS``, an index reached through arithmetic): pass
    ``int_bounds`` (input name -> exclusive upper bound) for those.
    """
    int_bounds = int_bounds or {}
    device = torch.device(device)
    gen = torch.Generator(device=device).manual_seed(seed)
    scales = _operand_scales(graph, dims)
    bounds = _index_bounds(graph, dims)
    smallest = min(dims.values(), default=1)
    inputs: list = []
    for node in graph.inputs:
        if not node.axes:  # tf.Scalar
            inputs.append(0.5 + 0.5 * torch.rand((), generator=gen, device=device).item())
            continue
        shape = [size_value(a.size, dims) for a in node.axes]
        if node.dtype.is_float:
            t = torch.randn(shape, generator=gen, device=device) * scales.get(node, 1.0)
            inputs.append(t.to(node.dtype.to_torch()))
        elif node.dtype == DType.bool:
            inputs.append(torch.rand(shape, generator=gen, device=device) < 0.5)
        else:
            if node.name in int_bounds:
                low, high = 0, int_bounds[node.name]
            elif node in bounds:
                low, high = 0, bounds[node]
            elif node.dtype == DType.int8:
                low, high = -128, 128
            else:
                low, high = 0, smallest
            t = torch.randint(low, max(high, low + 1), shape, generator=gen, device=device)
            inputs.append(t.to(node.dtype.to_torch()))
    return inputs


def _index_bounds(graph, dims) -> dict:
    """Int input -> the smallest axis size any gather indexes with a value derived from it."""
    bounds: dict = {}
    for node in graph.nodes:
        if node.op != "load":
            continue
        src, *index = node.args
        for ax, idx in zip(src.axes, index):
            size = size_value(ax.size, dims)
            for a in set(ancestors(idx)):
                if a.op == "input" and a.dtype.is_int:
                    bounds[a] = min(bounds.get(a, size), size)
    return bounds


_REDUCING = {"einsum", "sum", "max", "softmax", "logsumexp"}


def _operand_scales(graph, dims) -> dict:
    """Float input -> (contracted size)^-1/4 for the operands of GEMM-like einsums (see ``make_inputs``)."""
    feeds_softmax = set()
    for node in graph.nodes:
        if node.op in ("softmax", "logsumexp"):
            feeds_softmax |= set(ancestors(node))

    def raw_inputs(node) -> set | None:
        """Inputs ``node`` is an elementwise function (or gather) of; None if a reduction is on the way."""
        found, stack, seen = set(), [node], set()
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            if n.op in _REDUCING:
                return None
            if n.op == "input" and n.dtype.is_float and n.axes:
                found.add(n)
            stack.extend(n.args[:1] if n.op == "load" else n.args)
        return found

    scales: dict = {}
    for node in graph.nodes:
        if node.op != "einsum" or node in feeds_softmax:
            continue
        ins, out = parse_einsum(node.attrs["spec"], len(node.args))
        operands = [raw_inputs(a) for a in node.args]
        if any(not found for found in operands):
            continue
        for arg, names, found in zip(node.args, ins, operands):
            contracted = math.prod(size_value(ax.size, dims) for ax, n in zip(arg.axes, names) if n not in out)
            for inp in found:
                scales[inp] = min(scales.get(inp, 1.0), max(contracted, 1) ** -0.25)
    return scales


def reference(graph, inputs) -> list[torch.Tensor]:
    """The program's outputs in fp64, computed on the inputs' device (``frontend.reference.evaluate``)."""
    from ..frontend.reference import evaluate

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


class _PoisonedTorch:
    """Stands in for ``torch`` in a generated launcher's globals: ``torch.empty`` comes back NaN-filled,
    so a kernel that leaves part of a scratch or output buffer unwritten produces NaN, not stale zeros."""

    def __getattr__(self, name):
        return getattr(torch, name)

    @staticmethod
    def _poison(t):
        if isinstance(t, torch.Tensor) and t.is_floating_point():
            t.fill_(float("nan"))
        return t

    def empty(self, *args, **kwargs):
        return self._poison(torch.empty(*args, **kwargs))

    def empty_like(self, *args, **kwargs):
        return self._poison(torch.empty_like(*args, **kwargs))


@contextmanager
def poisoned_allocations(fn) -> Iterator[None]:
    """While inside, ``torch.empty`` as seen from ``fn``'s module (a generated launcher) returns NaNs."""
    namespace = getattr(fn, "__globals__", None)
    if namespace is None or namespace.get("torch") is not torch:
        yield
        return
    namespace["torch"] = _PoisonedTorch()
    try:
        yield
    finally:
        namespace["torch"] = torch


def _launcher(kernel):
    """The plain function behind a ``tilefuse.driver.Kernel`` (or ``kernel`` itself)."""
    if hasattr(kernel, "module") and hasattr(kernel, "name"):
        return getattr(kernel.module, kernel.name)
    return kernel


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
    with poisoned_allocations(fn):
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


# --------------------------------------------------------------------------------------------- timing


def time_cpu(call: Callable[[], object], repeats: int = 5, warmup: int = 1) -> list[float]:
    """Seconds per call of ``call()``, ``repeats`` samples after ``warmup`` calls (the interpreter)."""
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def capture(calls: list[Callable[[], object]], warmup: int = 3) -> Callable[[], object]:
    """A function that runs every call of ``calls`` once: the replay of a CUDA graph capturing them, after
    ``warmup`` rounds on a side stream (first-call costs stay out), or plain launches when the launcher
    cannot be captured (it synchronizes)."""
    stream = torch.cuda.Stream()
    stream.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(stream):
        for _ in range(max(warmup, 1)):
            for call in calls:
                call()
    torch.cuda.current_stream().wait_stream(stream)
    torch.cuda.synchronize()
    try:
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            for call in calls:
                call()
        torch.cuda.synchronize()
        return graph.replay
    except Exception:  # noqa: BLE001 - not capturable: eager launches
        torch.cuda.synchronize()
        return lambda: [call() for call in calls]


def time_cuda(calls: list[Callable[[], object]], repeats: int = 100, warmup: int = 3, *,
              flush: torch.Tensor | None = None) -> list[float]:
    """Seconds per call, one sample per replay of a CUDA graph holding ``calls`` (one per input copy).

    Each sample zeroes ``flush`` (a buffer larger than L2) first, then times one replay with CUDA events
    and divides by ``len(calls)``: launch gaps and Python overhead stay out, and no call finds its
    operands in L2 (see ``capture`` for launchers that cannot be captured).
    """
    run = capture(calls, warmup)
    run()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    samples = []
    for _ in range(repeats):
        if flush is not None:
            flush.zero_()
        start.record()
        run()
        end.record()
        end.synchronize()
        samples.append(start.elapsed_time(end) / 1e3 / len(calls))
    return samples


def rotating_sets(inputs: list, count: int) -> list[list]:
    """``inputs`` and ``count - 1`` copies of it (scalars shared)."""
    copies = [list(inputs)]
    for _ in range(count - 1):
        copies.append([t.clone() if isinstance(t, torch.Tensor) else t for t in inputs])
    return copies


def sets_for_l2(bytes_per_set: int, l2_bytes: int, free_bytes: int | None = None) -> int:
    """How many input copies one timed replay rotates through: together at least twice the L2, at most
    ``MAX_ROTATING_SETS``, and no more than a quarter of free memory."""
    count = max(1, min(MAX_ROTATING_SETS, math.ceil(2 * l2_bytes / max(bytes_per_set, 1))))
    if free_bytes:
        count = max(1, min(count, free_bytes // 4 // max(bytes_per_set, 1)))
    return count


# ---------------------------------------------------------------------------------------- the GPU lock


def _lock_path(device_index: int, lock_dir: str | None) -> str:
    directory = lock_dir or os.environ.get("TILEFUSE_LOCK_DIR") or tempfile.gettempdir()
    visible = [v.strip() for v in os.environ.get("CUDA_VISIBLE_DEVICES", "").split(",") if v.strip()]
    ident = visible[device_index] if device_index < len(visible) else str(device_index)
    return os.path.join(directory, f"tilefuse-gpu-{ident}.lock")


def _lock_holder(fd: int) -> str:
    try:
        info = json.loads(os.pread(fd, 4096, 0).decode() or "{}")
    except (OSError, ValueError):
        return "another process"
    if not info:
        return "another process"
    since = time.strftime("%H:%M:%S", time.localtime(info.get("since", 0)))
    return f"pid {info.get('pid')} on {info.get('host')} ({info.get('command', '?')}) since {since}"


@contextmanager
def gpu_lock(device_index: int = 0, *, lock_dir: str | None = None, notify_after_s: float = 5.0,
             timeout_s: float | None = None, poll_s: float = 0.1,
             log: Callable[[str], None] | None = None) -> Iterator[str]:
    """Hold the measurement lock of GPU ``device_index`` (an fcntl lock file) for the ``with`` body.

    One process measures on a GPU at a time; a second one waits, and after ``notify_after_s`` says who
    holds the lock. The file lives in ``lock_dir``, else $TILEFUSE_LOCK_DIR, else the temp dir, shared by
    every tilefuse run of the machine; it is named after the CUDA_VISIBLE_DEVICES entry when set.
    ``timeout_s`` (default: wait forever) raises TimeoutError. The lock dies with its process.
    """
    log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
    path = _lock_path(device_index, lock_dir)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        writable = True
        try:
            os.fchmod(fd, 0o666)  # other users' tuning runs share the file
        except OSError:
            pass
    except PermissionError:  # created by another user without write access: locking still works
        fd, writable = os.open(path, os.O_RDONLY), False
    locked = False
    try:
        start, told = time.monotonic(), False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                locked = True
                break
            except BlockingIOError:
                waited = time.monotonic() - start
                if not told and waited >= notify_after_s:
                    log(f"tilefuse: waiting for GPU {device_index}: measured by {_lock_holder(fd)} (lock {path})")
                    told = True
                if timeout_s is not None and waited >= timeout_s:
                    raise TimeoutError(f"GPU {device_index} is still locked by {_lock_holder(fd)} after "
                                       f"{waited:.0f} s (lock {path})") from None
                time.sleep(poll_s)
        if writable:
            info = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time(),
                    "command": " ".join(sys.argv)[:200]}
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(info).encode(), 0)
        yield path
    finally:
        if locked and writable:
            os.ftruncate(fd, 0)
        if locked:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


# ------------------------------------------------------------------------------ compiling, in a pool

_PROGRAMS: dict = {}


def _load_program(program_file: str, entry: str | None):
    """The program ``entry`` of ``program_file`` (the only one if ``entry`` is None), loaded once."""
    key = (os.path.abspath(program_file), entry)
    if key not in _PROGRAMS:
        programs = load_programs(program_file, entry)
        if len(programs) != 1:
            raise MeasureError(f"{program_file} defines {len(programs)} programs; name one with entry=")
        _PROGRAMS[key] = programs[0]
    return _PROGRAMS[key]


def _is_triton_compile_error(exc: BaseException) -> bool:
    return any(cls.__name__ in _TRITON_COMPILE_ERRORS for cls in type(exc).__mro__)


def _error_text(exc: BaseException, limit: int = 2000) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= limit else text[:limit] + " ..."


def _pool_init() -> None:
    from ..backends.triton.loader import use_interpreter_if_no_gpu

    use_interpreter_if_no_gpu()


class _CompileOnly:
    """Stands in for a ``@triton.jit`` kernel: ``kernel[grid](...)`` compiles for those arguments and
    launches nothing (``JITFunction.warmup``), so the launcher warms Triton's on-disk cache."""

    def __init__(self, jit_fn):
        self.jit_fn = jit_fn

    def __getitem__(self, grid):
        return lambda *args, **kwargs: self.jit_fn.warmup(*args, grid=grid, **kwargs)


def _warm_triton_cache(module, name: str, inputs: list, out_shape, out_dtype) -> None:
    """Compile every Triton kernel of ``module`` for these inputs without launching any."""
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


def _compile_task(program_file: str, entry: str | None, dtype: str, config: dict, arch: int,
                  dims: dict[str, int], device_index: int, int_bounds: dict | None) -> dict:
    """In a pool process: trace, lower, emit, write and import one config's kernel (and on a GPU,
    compile its Triton kernels for the workload's arguments). Returns a plain dict for the pipe."""
    start = time.perf_counter()
    try:
        program = _load_program(program_file, entry)
        kernel = build(program, program.trace(dtype), Config.from_dict(config), dtype=str(as_dtype(dtype)), arch=arch)
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
                _warm_triton_cache(module, kernel.name, inputs,
                                   [size_value(a.size, dims) for a in out.axes] if single else None,
                                   out.dtype.to_torch())
            except Exception as exc:  # noqa: BLE001 - only Triton's own compile errors fail the config
                if _is_triton_compile_error(exc):
                    raise
                note = f"Triton cache not warmed ({_error_text(exc, 300)})"
        return {"status": "ok", "path": str(kernel.path), "name": kernel.name,
                "compile_s": time.perf_counter() - start, "error": note}
    except ConfigError as exc:
        return {"status": "rejected", "error": str(exc), "compile_s": time.perf_counter() - start}
    except Exception as exc:  # noqa: BLE001 - any compiler failure belongs to this config
        return {"status": "compile_error", "error": _error_text(exc), "compile_s": time.perf_counter() - start}


# ------------------------------------------------------------------------------ the measuring worker


def _import_hook(spec: str) -> Callable:
    module_name, _, func = spec.partition(":")
    if not module_name or not func:
        raise MeasureError(f"worker_hook must be 'module:function', got {spec!r}")
    import importlib

    return getattr(importlib.import_module(module_name), func)


class _Worker:
    """The state of the measuring subprocess: the program's graph, inputs, loaded kernels."""

    def __init__(self, setup: dict):
        self.setup = setup
        program = _load_program(setup["program_file"], setup["entry"])
        self.dtype = setup["dtype"]
        self.dims = setup["dims"]
        self.graph = program.trace(as_dtype(self.dtype))
        self.out_dtypes = [o.dtype.to_torch() for o in self.graph.outputs]
        self.cuda = torch.cuda.is_available() and os.environ.get("TRITON_INTERPRET", "0") != "1"
        self.device = torch.device("cuda", setup["device_index"]) if self.cuda else torch.device("cpu")
        if self.cuda:
            torch.cuda.set_device(self.device)
        self.hook = _import_hook(setup["worker_hook"]) if setup.get("worker_hook") else None
        self.flush = torch.empty(max(L2_FLUSH_BYTES, 2 * self._l2_bytes()), dtype=torch.int8,
                                 device=self.device) if self.cuda else None
        self.kernels: dict[str, Callable] = {}

    def _l2_bytes(self) -> int:
        return getattr(torch.cuda.get_device_properties(self.device), "L2_cache_size", 0) or 50 * 2**20

    def load(self, config: Config, path: str, name: str) -> Callable:
        from ..backends.triton.loader import load_kernel

        wrap = self.hook(config) if self.hook is not None else None  # fault injection (tests)
        fn = getattr(load_kernel(path), name)
        return wrap(fn) if callable(wrap) else fn

    def calls(self, fn, inputs: list) -> list[Callable[[], object]]:
        """One call per rotating input copy, each writing its own output."""
        out_shapes = [[size_value(a.size, self.dims) for a in o.axes] for o in self.graph.outputs]
        set_bytes = sum(t.numel() * t.element_size() for t in inputs if isinstance(t, torch.Tensor))
        set_bytes += sum(math.prod(s) * torch.empty((), dtype=d).element_size()
                         for s, d in zip(out_shapes, self.out_dtypes))
        count = 1
        if self.cuda:
            count = sets_for_l2(set_bytes, self._l2_bytes(), torch.cuda.mem_get_info(self.device)[0])
        calls = []
        for copy in rotating_sets(inputs, count):
            if len(out_shapes) == 1:
                out = torch.empty(out_shapes[0], dtype=self.out_dtypes[0], device=self.device)
                calls.append(lambda fn=fn, copy=copy, out=out: fn(*copy, out=out))
            else:
                calls.append(lambda fn=fn, copy=copy: fn(*copy))
        return calls

    def measure(self, msg: dict) -> dict:
        config = Config.from_dict(msg["config"])
        fn = self.load(config, msg["path"], msg["name"])
        inputs = make_inputs(self.graph, self.dims, msg["seed"], self.device, int_bounds=self.setup["int_bounds"])
        ok, error = check_output(fn, inputs, reference(self.graph, inputs), self.dtype, out_dtypes=self.out_dtypes)
        rel_error = None if math.isnan(error) else error
        if not ok:
            why = "output has unwritten (NaN) or non-finite values" if rel_error is None else \
                f"relative error {error:.3g} vs fp64 reference exceeds {tolerance(self.dtype):g}"
            return {"status": "wrong", "rel_error": rel_error, "error": why}
        if self.cuda:
            samples = time_cuda(self.calls(fn, inputs), self.setup["repeats"], self.setup["warmup"],
                                flush=self.flush)
        else:
            (call,) = self.calls(fn, inputs)
            samples = time_cpu(call, self.setup["repeats"], self.setup["warmup"])
        self.kernels[config.key()] = fn
        return {"status": "ok", "rel_error": rel_error, "latency_samples": samples}

    def energy(self, msg: dict) -> dict:
        from .energy import measure_energy, nvml_handle

        handle = nvml_handle(self.device.index or 0) if self.cuda else None
        if handle is None:
            return {"results": {}, "error": "no energy counter (needs a CUDA device, pynvml and NVML support)"}
        for c in msg["candidates"]:
            if c["key"] not in self.kernels:  # measured by an earlier worker that was restarted since
                self.kernels[c["key"]] = self.load(Config.from_dict(c["config"]), c["path"], c["name"])
        inputs = make_inputs(self.graph, self.dims, msg["seed"], self.device, int_bounds=self.setup["int_bounds"])
        invocations, per, alive = {}, {}, []
        for c in msg["candidates"]:
            calls = self.calls(self.kernels[c["key"]], inputs)
            # A CUDA graph holds raw pointers, not tensors: its inputs and outputs (in the calls' closures) must
            # outlive every replay. Dropping them here once let later candidates reuse the memory, and the replays
            # wrote into it: an illegal memory access on the H200 (tune-b's GEMM energy passes).
            alive.append(calls)
            invocations[c["key"]] = capture(calls, self.setup["warmup"])
            per[c["key"]] = len(calls)
        stats = measure_energy(invocations, msg["window_s"], msg["repeats"], handle=handle,
                               calls_per_invocation=per)
        del alive
        return {"results": {k: s.to_json() for k, s in (stats or {}).items()}, "error": ""}

    def cuda_usable(self) -> bool:
        if not self.cuda:
            return True
        try:
            torch.cuda.synchronize()
            return True
        except Exception:  # noqa: BLE001 - a sticky CUDA error: this process's context is gone
            return False


def _worker_main(conn, setup: dict) -> None:
    """Entry of the measuring subprocess: answer requests on ``conn`` until told to stop."""
    from ..backends.triton.loader import use_interpreter_if_no_gpu

    use_interpreter_if_no_gpu()
    try:
        worker = _Worker(setup)
        conn.send({"op": "ready", "device": Device.current(setup["device_index"]).to_json()})
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it
        conn.send({"op": "ready", "error": _error_text(exc), "traceback": traceback.format_exc()})
        return
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg["op"] == "stop":
            return
        try:
            reply = worker.measure(msg) if msg["op"] == "measure" else worker.energy(msg)
        except Exception as exc:  # noqa: BLE001 - the config's fault, reported as its status
            status = "compile_error" if _is_triton_compile_error(exc) else "runtime_error"
            reply = {"status": status, "error": _error_text(exc), "results": {}}
            if not worker.cuda_usable():
                reply.update(status="crash", error="CUDA context lost: " + reply["error"])
                conn.send(reply)
                os._exit(3)
        conn.send(reply)


# ------------------------------------------------------------------------------------------ Measurer


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "worker died"
    if code < 0:
        import signal

        try:
            return f"worker killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"worker killed by signal {-code}"
    return f"worker exited with code {code}"


class Measurer:
    """Measure configs of one program at one shape: compile in parallel, then check and time each in an
    isolated worker process, one config at a time, under the GPU's lock.

    ``measure(configs)`` returns one ``Measurement`` per config, in order. Statuses: "rejected" (breaks
    the search space's constraints; never compiled), "compile_error", "wrong" (never timed),
    "runtime_error" (a Python exception), "timeout" (no answer within ``timeout_s``: the worker is
    killed and restarted), "crash" (the worker died: segfault, illegal memory access), "ok".

    ``repeats``/``warmup`` default to 100/3 on a GPU and 3/1 under the interpreter. With ``energy``,
    the ok configs' energy per call is measured at the end, interleaved (``energy.measure_energy``).
    ``worker_hook`` ("module:function") is a fault-injection hook for tests: the worker calls it with
    each ``Config`` before running it; it may crash, hang, or return a function that wraps the kernel.
    ``int_bounds`` is passed to ``make_inputs``. Use as a context manager, or call ``close()``.
    """

    def __init__(self, program_file: str, entry: str | None, dtype: str, dims: dict[str, int], *,
                 energy: bool = False, timeout_s: float = 60, workers: int | None = None, arch: int | None = None,
                 device_index: int = 0, repeats: int | None = None, warmup: int | None = None, seed: int = 0,
                 energy_window_s: float = 0.5, energy_repeats: int = 5, compile_timeout_s: float = 300,
                 worker_hook: str | None = None, int_bounds: dict[str, int] | None = None, lock: bool = True,
                 log: Callable[[str], None] | None = None):
        from ..backends.triton.loader import use_interpreter_if_no_gpu

        self.interpreted = use_interpreter_if_no_gpu()
        self.program_file = os.path.abspath(program_file)
        self.entry = entry
        self.dtype = str(as_dtype(dtype))
        self.dims = {k: int(v) for k, v in dims.items()}
        self.energy = energy
        self.timeout_s = timeout_s
        self.compile_timeout_s = compile_timeout_s
        self.workers = workers or max(1, min(8, (os.cpu_count() or 2) - 1))
        self.device_index = device_index
        self.seed = seed
        self.energy_window_s, self.energy_repeats = energy_window_s, energy_repeats
        self.worker_hook = worker_hook
        self.int_bounds = dict(int_bounds or {})
        self.lock = lock
        self.log = log or (lambda msg: None)
        if arch is None:
            arch = 90
            if not self.interpreted and torch.cuda.is_available():
                major, minor = torch.cuda.get_device_capability(device_index)
                arch = major * 10 + minor
        self.arch = arch
        self.repeats = repeats or (3 if self.interpreted else 100)
        self.warmup = warmup or (1 if self.interpreted else 3)
        self.program = _load_program(self.program_file, entry)
        self.graph = self.program.trace(as_dtype(self.dtype))
        self.device: Device | None = None       # filled in by the worker when it starts
        self._spaces = self._search_spaces()
        self._ctx = multiprocessing.get_context("spawn")
        self._proc = None
        self._conn = None
        self._ready = False                    # the current worker has said it is ready

    # -- what is measured

    @property
    def workload(self) -> Workload:
        return Workload.make(self.program.name, program_signature(self.graph, self.dtype), self.dtype, self.dims)

    def _search_spaces(self) -> list | None:
        from ..schedule import Target, lower

        try:
            lowered = lower(self.graph, None, target=Target.for_arch(self.arch))
        except Exception:  # noqa: BLE001 - the default config does not lower: let each compile say why
            return None
        return [k.space for k in lowered.kernels if getattr(k, "space", None) is not None]

    def violations(self, config: Config) -> list[str]:
        """Why ``config`` is outside the program's search space (empty if it is inside)."""
        return [v for space in self._spaces or [] for v in space.violations(config)]

    # -- the run

    def measure(self, configs: list) -> list[Measurement]:
        """Measure ``configs`` (``Config`` or dicts); one ``Measurement`` each, in the same order."""
        results: list[Measurement | None] = [None] * len(configs)
        parsed: list[Config | None] = []
        for i, c in enumerate(configs):
            try:
                cfg = c if isinstance(c, Config) else Config.from_dict(c)
            except ConfigError as exc:
                results[i] = Measurement(config=dict(c), status="rejected", error=str(exc))
                parsed.append(None)
                continue
            problems = self.violations(cfg)
            if problems:
                results[i] = Measurement(config=cfg.to_dict(), status="rejected", error="; ".join(problems))
                parsed.append(None)
                continue
            parsed.append(cfg)
        todo = [(i, cfg) for i, cfg in enumerate(parsed) if cfg is not None]
        if not todo:
            return results  # type: ignore[return-value]
        if self._proc is None:
            self._start_worker(wait_ready=False)  # its imports overlap the compiles
        compiled = self._compile_all({cfg.key(): cfg for _, cfg in todo})
        with self._locked():
            if not self._ready:
                self._await_ready()
            ok_keys = []
            for i, cfg in todo:
                built = compiled[cfg.key()]
                if built["status"] != "ok":
                    results[i] = Measurement(config=cfg.to_dict(), status=built["status"], error=built["error"],
                                             compile_s=built.get("compile_s"))
                    continue
                results[i] = self._measure_one(cfg, built)
                if results[i].status == "ok" and cfg.key() not in ok_keys:
                    ok_keys.append(cfg.key())
                self.log(f"{cfg.to_dict()}: {results[i].status}"
                         + (f" {results[i].latency * 1e6:.1f} us" if results[i].latency else ""))
            if self.energy and ok_keys and self.device is not None and self.device.capability != "cpu":
                self._measure_energy([m for m in results if m is not None and m.status == "ok"], compiled)
        return results  # type: ignore[return-value]

    @contextmanager
    def _locked(self):
        if not self.lock or self.interpreted:
            yield
            return
        with gpu_lock(self.device_index):
            yield

    def _compile_all(self, configs: dict[str, Config]) -> dict[str, dict]:
        """Compile every config in a pool of spawned processes; a compile that hangs or kills its
        process is a "compile_error" after ``compile_timeout_s``."""
        if not configs:
            return {}
        results: dict[str, dict] = {}
        pool = self._ctx.Pool(min(self.workers, len(configs)), initializer=_pool_init)
        try:
            pending = {key: pool.apply_async(_compile_task, (self.program_file, self.entry, self.dtype,
                                                             cfg.to_dict(), self.arch, self.dims, self.device_index,
                                                             self.int_bounds))
                       for key, cfg in configs.items()}
            for key, job in pending.items():
                try:
                    results[key] = job.get(self.compile_timeout_s)
                except multiprocessing.TimeoutError:
                    results[key] = {"status": "compile_error", "error": f"compilation did not finish in "
                                    f"{self.compile_timeout_s:g} s (or its process died)"}
                except Exception as exc:  # noqa: BLE001 - a result that did not come back intact
                    results[key] = {"status": "compile_error", "error": _error_text(exc)}
        finally:
            pool.terminate()
            pool.join()
        return results

    def _seed_for(self, cfg: Config) -> int:
        return (self.seed * 1_000_003 + int(cfg.key()[:8], 16)) % 2**31

    def _measure_one(self, cfg: Config, built: dict) -> Measurement:
        msg = {"op": "measure", "config": cfg.to_dict(), "path": built["path"], "name": built["name"],
               "seed": self._seed_for(cfg)}
        reply, failure = self._request(msg, self.timeout_s)
        m = Measurement(config=cfg.to_dict(), compile_s=built.get("compile_s"))
        if reply is None:
            m.status, m.error = failure
            return m
        m.status = reply["status"]
        m.rel_error = reply.get("rel_error")
        m.error = reply.get("error", "") or built.get("error", "")
        if m.status == "ok":
            m.latency_samples = list(reply["latency_samples"])
            m.latency = statistics.median(m.latency_samples)
        return m

    def _measure_energy(self, measured: list[Measurement], compiled: dict[str, dict]) -> None:
        from .energy import EnergyStats

        keys = list(dict.fromkeys(m.config_key for m in measured))
        configs = {m.config_key: m.config for m in measured}
        candidates = [{"key": k, "config": configs[k], "path": compiled[k]["path"], "name": compiled[k]["name"]}
                      for k in keys]
        msg = {"op": "energy", "candidates": candidates, "window_s": self.energy_window_s,
               "repeats": self.energy_repeats, "seed": self.seed}
        budget = 2 * len(keys) * self.energy_repeats * self.energy_window_s + len(keys) * 5 + self.timeout_s
        reply, failure = self._request(msg, budget)
        error = failure[1] if reply is None else reply.get("error", "")
        for m in measured:
            stats = (reply or {}).get("results", {}).get(m.config_key)
            if stats is not None:
                EnergyStats.from_json(stats).apply(m)
            elif error:
                m.error = (m.error + "; " if m.error else "") + f"energy not measured: {error}"

    # -- the worker process

    def _start_worker(self, wait_ready: bool = True) -> None:
        setup = {"program_file": self.program_file, "entry": self.entry, "dtype": self.dtype, "dims": self.dims,
                 "device_index": self.device_index, "repeats": self.repeats, "warmup": self.warmup,
                 "worker_hook": self.worker_hook, "int_bounds": self.int_bounds}
        parent, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=_worker_main, args=(child, setup), daemon=True,
                                       name="tilefuse-measure")
        self._proc.start()
        child.close()
        self._conn, self._ready = parent, False
        if wait_ready:
            self._await_ready()

    def _await_ready(self) -> None:
        startup = max(self.timeout_s, 120)
        ready = wait([self._conn, self._proc.sentinel], startup)
        msg = None
        if self._conn in ready:
            try:
                msg = self._conn.recv()
            except (EOFError, OSError):
                msg = None
        if msg is None or "error" in msg:
            code = self._proc.exitcode
            self._stop_worker()
            why = msg["error"] if msg else (f"did not start in {startup:g} s" if not ready else _describe_exit(code))
            raise MeasureError(f"the measuring worker for {self.program.name} failed to start: {why}")
        self.device = Device.from_json(msg["device"])
        self._ready = True

    def _stop_worker(self, kill: bool = True) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        self._ready = False
        if proc is None:
            return
        if kill:
            proc.kill()
        proc.join(5)
        if conn is not None:
            conn.close()

    def _request(self, msg: dict, timeout: float) -> tuple[dict | None, tuple[str, str]]:
        """Send ``msg`` to the worker and wait for its reply: (reply, _) or (None, (status, error))."""
        try:
            if self._proc is None:
                self._start_worker()
            elif not self._ready:
                self._await_ready()
        except MeasureError as exc:  # a restart after a crash failed: this config cannot be measured
            return None, ("crash", str(exc))
        try:
            self._conn.send(msg)
        except (BrokenPipeError, OSError):
            code = self._proc.exitcode
            self._stop_worker()
            return None, ("crash", _describe_exit(code))
        ready = wait([self._conn, self._proc.sentinel], timeout)
        if self._conn in ready:
            try:
                reply = self._conn.recv()
            except (EOFError, OSError):
                reply = None
            if reply is not None:
                if reply.get("status") == "crash":  # the worker exits after a lost CUDA context
                    self._stop_worker(kill=False)
                return reply, ("", "")
        if ready:
            self._proc.join(5)
            code = self._proc.exitcode
            self._stop_worker()
            return None, ("crash", _describe_exit(code))
        self._stop_worker()
        return None, ("timeout", f"no result within {timeout:g} s; worker killed and restarted")

    def close(self) -> None:
        """Stop the worker process."""
        if self._proc is not None and self._proc.is_alive() and self._conn is not None:
            try:
                self._conn.send({"op": "stop"})
                self._proc.join(5)
            except (BrokenPipeError, OSError):
                pass
        self._stop_worker()

    def __enter__(self) -> Measurer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass
