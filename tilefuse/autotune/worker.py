"""The isolated measuring worker: one long-lived spawned process that loads built kernel files, checks each
against the fp64 reference and times it (and measures energy), and the parent's handle on it.

``WorkerProcess`` is the parent's side: start the process, send a request, wait for the reply with a deadline.
A worker that hangs is killed ("timeout"); one that dies (segfault, illegal memory access, ``os._exit``) is a
"crash"; either way the next request starts a fresh one. The worker receives the traced ``Graph`` at start (for
inputs and the reference) and, per request, the path and entry point of a kernel file the compile pool built.
"""

from __future__ import annotations

import math
import os
import traceback
from collections.abc import Callable
from multiprocessing.connection import wait

import torch

from ..errors import MeasureError
from ..ir.dims import size_value
from ..schedule.space import Config
from .checking import check_output, reference, tolerance
from .compile_pool import error_text, is_triton_compile_error
from .inputs import make_inputs
from .records import Device
from .timing import L2_FLUSH_BYTES, capture, rotating_sets, sets_for_l2, time_cpu, time_cuda


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
        self.dtype = setup["dtype"]
        self.dims = setup["dims"]
        self.graph = setup["graph"]  # traced by the parent, sent pickled
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
        from .. import backends

        wrap = self.hook(config) if self.hook is not None else None  # fault injection (tests)
        fn = getattr(backends.get(config.BACKEND).load(path), name)
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



# ------------------------------------------------------------------------------------------ the parent's side


def describe_exit(code: int | None) -> str:
    """A dead worker's exit code in words."""
    if code is None:
        return "worker died"
    if code < 0:
        import signal

        try:
            return f"worker killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"worker killed by signal {-code}"
    return f"worker exited with code {code}"


class WorkerProcess:
    """The parent's handle on the measuring worker: started on demand, restarted after a crash or a timeout.

    ``setup`` is what the worker starts with (the graph, dtype, dims, device, repeats, hook, int bounds);
    ``label`` names the program in errors. ``device`` is the worker's ``Device`` once it has said it is ready.
    """

    def __init__(self, ctx, setup: dict, label: str, startup_s: float):
        self.ctx, self.setup, self.label, self.startup_s = ctx, setup, label, startup_s
        self.proc = None
        self.conn = None
        self.ready = False                     # the current worker has said it is ready
        self.device: Device | None = None

    def start(self, wait_ready: bool = True) -> None:
        """Spawn a worker; without ``wait_ready`` its imports overlap whatever the parent does next."""
        parent, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_worker_main, args=(child, self.setup), daemon=True,
                                     name="tilefuse-measure")
        self.proc.start()
        child.close()
        self.conn, self.ready = parent, False
        if wait_ready:
            self.await_ready()

    def await_ready(self) -> None:
        """Wait for the worker's "ready" (its device); a MeasureError if it fails to start."""
        ready = wait([self.conn, self.proc.sentinel], self.startup_s)
        msg = None
        if self.conn in ready:
            try:
                msg = self.conn.recv()
            except (EOFError, OSError):
                msg = None
        if msg is None or "error" in msg:
            code = self.proc.exitcode
            self.stop()
            why = msg["error"] if msg else (f"did not start in {self.startup_s:g} s" if not ready
                                            else describe_exit(code))
            raise MeasureError(f"the measuring worker for {self.label} failed to start: {why}")
        self.device = Device.from_json(msg["device"])
        self.ready = True

    def stop(self, kill: bool = True) -> None:
        """Forget the current worker, killing it first unless it is exiting by itself."""
        proc, conn = self.proc, self.conn
        self.proc = self.conn = None
        self.ready = False
        if proc is None:
            return
        if kill:
            proc.kill()
        proc.join(5)
        if conn is not None:
            conn.close()

    def request(self, msg: dict, timeout: float) -> tuple[dict | None, tuple[str, str]]:
        """Send ``msg`` to the worker and wait for its reply: (reply, _) or (None, (status, error))."""
        try:
            if self.proc is None:
                self.start()
            elif not self.ready:
                self.await_ready()
        except MeasureError as exc:  # a restart after a crash failed: this config cannot be measured
            return None, ("crash", str(exc))
        try:
            self.conn.send(msg)
        except (BrokenPipeError, OSError):
            code = self.proc.exitcode
            self.stop()
            return None, ("crash", describe_exit(code))
        ready = wait([self.conn, self.proc.sentinel], timeout)
        if self.conn in ready:
            try:
                reply = self.conn.recv()
            except (EOFError, OSError):
                reply = None
            if reply is not None:
                if reply.get("status") == "crash":  # the worker exits after a lost CUDA context
                    self.stop(kill=False)
                return reply, ("", "")
        if ready:
            self.proc.join(5)
            code = self.proc.exitcode
            self.stop()
            return None, ("crash", describe_exit(code))
        self.stop()
        return None, ("timeout", f"no result within {timeout:g} s; worker killed and restarted")

    def close(self) -> None:
        """Ask the worker to stop, then make sure it has."""
        if self.proc is not None and self.proc.is_alive() and self.conn is not None:
            try:
                self.conn.send({"op": "stop"})
                self.proc.join(5)
            except (BrokenPipeError, OSError):
                pass
        self.stop()
