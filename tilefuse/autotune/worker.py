"""The measuring worker: one long-lived subprocess that checks each candidate against the fp64 reference
(NaN-poisoned outputs) and times it, so that a config that hangs or kills its process takes only the
worker with it. It receives the program's traced graph at start and built kernel files per request.
"""

from __future__ import annotations

import importlib
import math
import os
import traceback
from collections.abc import Callable

import torch

from ..backends.triton.loader import load_kernel, use_interpreter_if_no_gpu
from ..errors import MeasureError
from ..ir.dims import size_value
from ..schedule.space import Config
from .checking import check_output, reference, tolerance
from .compile_pool import error_text, is_triton_compile_error
from .energy import measure_energy, nvml_handle
from .inputs import make_inputs
from .records import Device
from .timing import L2_FLUSH_BYTES, capture, rotating_sets, sets_for_l2, time_cpu, time_cuda


def _import_hook(spec: str) -> Callable:
    module_name, _, func = spec.partition(":")
    if not module_name or not func:
        raise MeasureError(f"worker_hook must be 'module:function', got {spec!r}")
    return getattr(importlib.import_module(module_name), func)


class _Worker:
    """The state of the measuring subprocess: the program's graph, inputs, loaded kernels."""

    def __init__(self, setup: dict):
        self.setup = setup
        self.dtype = setup["dtype"]
        self.dims = setup["dims"]
        self.graph = setup["graph"]
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


def worker_main(conn, setup: dict) -> None:
    """Entry of the measuring subprocess: answer requests on ``conn`` until told to stop."""
    use_interpreter_if_no_gpu()
    try:
        worker = _Worker(setup)
        conn.send({"op": "ready", "device": Device.current(setup["device_index"]).to_json()})
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it
        conn.send({"op": "ready", "error": error_text(exc), "traceback": traceback.format_exc()})
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
            status = "compile_error" if is_triton_compile_error(exc) else "runtime_error"
            reply = {"status": status, "error": error_text(exc), "results": {}}
            if not worker.cuda_usable():
                reply.update(status="crash", error="CUDA context lost: " + reply["error"])
                conn.send(reply)
                os._exit(3)
        conn.send(reply)
