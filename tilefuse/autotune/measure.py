"""``Measurer``: measure candidate configs of one program at one shape, correct first, then timed, with every
failure contained.

It traces the program once, compiles the candidates in a process pool that receives the traced graph
(``compile_pool``), then checks and times each built kernel file, one at a time under the GPU's lock, in a
long-lived isolated worker process (``worker``): a config that hangs is killed ("timeout"), one that kills its
process (segfault, illegal memory access, ``os._exit``) is recorded as "crash", and the worker is restarted either
way. A wrong config ("wrong") is never timed. Energy (``energy.py``) is measured last, over all the configs that
came out ok, interleaved.

The pieces, each usable alone: ``inputs`` (random inputs), ``checking`` (the fp64 reference and the NaN-poisoned
check), ``timing`` (CPU and CUDA-graph timers), ``gpu_lock``, ``compile_pool`` and ``worker``.
Importable without a GPU and without ``pynvml``; triton is only imported inside worker processes.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
from collections.abc import Callable
from contextlib import contextmanager

import torch

from ..errors import ConfigError
from ..ir.dtypes import as_dtype
from ..schedule.space import Config
from .backend_knob import backend_check
from .compile_pool import CompileJob, compile_all
from .gpu_lock import gpu_lock
from .records import Device, Measurement, Workload, program_signature
from .worker import MeasureError, WorkerProcess

__all__ = ["Measurer", "MeasureError", "make_measurer"]


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
    ``int_bounds`` is passed to ``make_inputs``. ``on_measured`` gets each latency measurement the moment it is
    timed (see ``make_measurer``). Use as a context manager, or call ``close()``.

    ``program`` is a ``@tf.program``: it is traced here, once, and the compile pool and the worker receive the
    traced graph; its file is named in each generated kernel's header, never re-imported.
    """

    def __init__(self, program, dtype: str, dims: dict[str, int], *,
                 energy: bool = False, timeout_s: float = 60, workers: int | None = None, arch: int | None = None,
                 device_index: int = 0, repeats: int | None = None, warmup: int | None = None, seed: int = 0,
                 energy_window_s: float = 0.5, energy_repeats: int = 5, compile_timeout_s: float = 300,
                 worker_hook: str | None = None, int_bounds: dict[str, int] | None = None, lock: bool = True,
                 log: Callable[[str], None] | None = None,
                 on_measured: Callable[[Measurement], None] | None = None):
        from ..backends.triton.loader import use_interpreter_if_no_gpu

        self.interpreted = use_interpreter_if_no_gpu()
        self.program = program
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
        self.on_measured = on_measured
        if arch is None:
            arch = 90
            if not self.interpreted and torch.cuda.is_available():
                major, minor = torch.cuda.get_device_capability(device_index)
                arch = major * 10 + minor
        self.arch = arch
        self.repeats = repeats or (3 if self.interpreted else 100)
        self.warmup = warmup or (1 if self.interpreted else 3)
        self.graph = program.trace(as_dtype(self.dtype))
        self._lowered = self._lower_default()
        self._spaces = [k.space for k in self._lowered.kernels if getattr(k, "space", None) is not None] \
            if self._lowered is not None else None
        self._backend_check = backend_check(self._lowered) if self._lowered is not None else None
        self._ctx = multiprocessing.get_context("spawn")
        self._worker = WorkerProcess(self._ctx, self._worker_setup(), program.name, max(self.timeout_s, 120))

    # -- what is measured

    @property
    def device(self) -> Device | None:
        """The measuring worker's device, once it has started."""
        return self._worker.device

    @property
    def workload(self) -> Workload:
        return Workload.make(self.program.name, program_signature(self.graph, self.dtype), self.dtype, self.dims)

    def _lower_default(self):
        from ..gpu import GPU
        from ..schedule import lower

        try:
            return lower(self.graph, None, target=GPU.for_arch(self.arch))
        except Exception:  # noqa: BLE001 - the default config does not lower: let each compile say why
            return None

    def violations(self, config: Config) -> list[str]:
        """Why ``config`` is outside the program's search space (empty if it is inside), its back end included:
        a CUDA config where CUDA kernels cannot be built or run here is outside, with the reason."""
        problems = [v for space in self._spaces or [] for v in space.violations(config)]
        if config.BACKEND != "triton" and self._backend_check is not None:
            problems += [f"backend: {why}" for why in [self._backend_check(config)] if why]
        return problems

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
        if self._worker.proc is None:
            self._worker.start(wait_ready=False)  # its imports overlap the compiles
        compiled = self._compile_all({cfg.key(): cfg for _, cfg in todo})
        with self._locked():
            if not self._worker.ready:
                self._worker.await_ready()
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
        """Compile every config (key -> ``Config``) in the pool; see ``compile_pool.compile_all``."""
        job = CompileJob(self.graph, self.dtype, self.arch, self.dims,
                         self.device_index, self.int_bounds)
        return compile_all(self._ctx, job, configs, self.workers, self.compile_timeout_s)

    def _seed_for(self, cfg: Config) -> int:
        return (self.seed * 1_000_003 + int(cfg.key()[:8], 16)) % 2**31

    def _measure_one(self, cfg: Config, built: dict) -> Measurement:
        msg = {"op": "measure", "config": cfg.to_dict(), "path": built["path"], "name": built["name"],
               "seed": self._seed_for(cfg)}
        reply, failure = self._worker.request(msg, self.timeout_s)
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
            if self.on_measured is not None and not self.energy:
                self.on_measured(m)
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
        reply, failure = self._worker.request(msg, budget)
        error = failure[1] if reply is None else reply.get("error", "")
        for m in measured:
            stats = (reply or {}).get("results", {}).get(m.config_key)
            if stats is not None:
                EnergyStats.from_json(stats).apply(m)
            elif error:
                m.error = (m.error + "; " if m.error else "") + f"energy not measured: {error}"

    # -- the worker process

    def _worker_setup(self) -> dict:
        return {"graph": self.graph, "dtype": self.dtype, "dims": self.dims, "device_index": self.device_index,
                "repeats": self.repeats, "warmup": self.warmup, "worker_hook": self.worker_hook,
                "int_bounds": self.int_bounds}

    def close(self) -> None:
        """Stop the worker process."""
        if getattr(self, "_worker", None) is not None:
            self._worker.close()

    def __enter__(self) -> Measurer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass


def make_measurer(program, dtype: str, dims: dict, *, on_measured=None, **kwargs) -> Measurer:
    """A ``Measurer`` whose results reach ``on_measured`` one config at a time.

    ``Measurer.measure`` returns a whole batch at once; a tune killed in the middle of a batch would lose the configs
    it had already timed. Here each latency measurement is passed on as soon as it exists. With energy on, a batch's
    measurements are only complete after its interleaved energy windows, so they arrive with the batch (the tuner's
    ``on_result``); ``on_measured`` must therefore ignore a measurement it has seen.
    """
    return Measurer(program, dtype, dims, on_measured=on_measured, **kwargs)
