"""Honest measurement of candidate configs: correct first, then timed, with every failure contained.

``Measurer`` compiles candidates in a process pool (``compile_pool``), then measures them one by one in a
long-lived worker process (``worker``): a config that hangs is killed ("timeout"), one that kills its
process (segfault, illegal memory access, ``os._exit``) is recorded as "crash", and the worker is restarted
either way. A wrong config ("wrong") is never timed. Energy (``energy.py``) is measured last, over all the
configs that came out ok, interleaved. The parts: ``inputs`` (random inputs), ``checking`` (the fp64 check),
``timing``, ``gpu_lock``, ``compile_pool``, ``worker``.

Importable without a GPU and without ``pynvml``; triton is only imported inside worker processes.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import statistics
from collections.abc import Callable
from contextlib import contextmanager
from multiprocessing.connection import wait

import torch

from ..backends.triton.loader import use_interpreter_if_no_gpu
from ..errors import ConfigError, MeasureError
from ..frontend.dsl import Program
from ..frontend.loading import load_programs
from ..gpu import GPU
from ..ir.dtypes import as_dtype
from ..schedule.pipeline import analyze
from ..schedule.space import Config
from .compile_pool import compile_task, error_text, pool_init
from .energy import EnergyStats
from .gpu_lock import gpu_lock
from .records import Device, Measurement, Workload, program_signature
from .worker import worker_main


def _load_program(program_file, entry: str | None) -> Program:
    """The program ``entry`` of ``program_file`` (the only one if ``entry`` is None)."""
    programs = load_programs(os.fspath(program_file), entry)
    if len(programs) != 1:
        raise MeasureError(f"{program_file} defines {len(programs)} programs; name one with entry=")
    return programs[0]


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "worker died"
    if code < 0:
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

    def __init__(self, program, entry: str | None, dtype: str, dims: dict[str, int], *,
                 energy: bool = False, timeout_s: float = 60, workers: int | None = None, arch: int | None = None,
                 device_index: int = 0, repeats: int | None = None, warmup: int | None = None, seed: int = 0,
                 energy_window_s: float = 0.5, energy_repeats: int = 5, compile_timeout_s: float = 300,
                 worker_hook: str | None = None, int_bounds: dict[str, int] | None = None, lock: bool = True,
                 log: Callable[[str], None] | None = None):
        self.interpreted = use_interpreter_if_no_gpu()
        self.program = program if isinstance(program, Program) else _load_program(program, entry)
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
        self.graph = self.program.trace(as_dtype(self.dtype))
        self.device: Device | None = None       # filled in by the worker when it starts
        # Everything before tiling is the same for every config: done once here, tiled per config in the pool.
        try:
            self.analyzed = analyze(self.graph, target=GPU.for_arch(self.arch))
            space = self.analyzed.space
            self._spaces = None if space is None else [space]
        except Exception:  # noqa: BLE001 - the program does not lower: let each compile say why
            self.analyzed, self._spaces = None, None
        self._ctx = multiprocessing.get_context("spawn")
        self._proc = None
        self._conn = None
        self._ready = False                    # the current worker has said it is ready

    # -- what is measured

    @property
    def workload(self) -> Workload:
        return Workload.make(self.program.name, program_signature(self.graph, self.dtype), self.dtype, self.dims)

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
        if self.analyzed is None:  # analysis failed above: say why once per config
            try:
                analyze(self.graph, target=GPU.for_arch(self.arch))
            except Exception as exc:  # noqa: BLE001 - the compiler's failure belongs to every config
                return {key: {"status": "compile_error", "error": error_text(exc)} for key in configs}
        pool = self._ctx.Pool(min(self.workers, len(configs)), initializer=pool_init)
        try:
            pending = {key: pool.apply_async(compile_task, (self.analyzed, self.dtype, cfg.to_dict(), self.arch,
                                                            self.dims, self.device_index, self.int_bounds))
                       for key, cfg in configs.items()}
            for key, job in pending.items():
                try:
                    results[key] = job.get(self.compile_timeout_s)
                except multiprocessing.TimeoutError:
                    results[key] = {"status": "compile_error", "error": f"compilation did not finish in "
                                    f"{self.compile_timeout_s:g} s (or its process died)"}
                except Exception as exc:  # noqa: BLE001 - a result that did not come back intact
                    results[key] = {"status": "compile_error", "error": error_text(exc)}
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
        setup = {"graph": self.graph, "dtype": self.dtype, "dims": self.dims,
                 "device_index": self.device_index, "repeats": self.repeats, "warmup": self.warmup,
                 "worker_hook": self.worker_hook, "int_bounds": self.int_bounds}
        parent, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=worker_main, args=(child, setup), daemon=True,
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
