"""Autotuning benchmark: tilefuse's tuner against triton.autotune over the same configs, cuBLAS / SDPA and
torch.compile (max-autotune), on GEMM shapes and attention variants, for latency and for energy.

Run on a GPU box from the repository root (one call of at most ~9 minutes; see benchmarks/README.md)::

    PYTHONPATH=. python3 benchmarks/tune.py --out OUT_DIR [--only gemm-4096,attn-causal] [--budget 24]
        [--no-max-autotune] [--time-budget 500]

then, anywhere (matplotlib needed only here), tables and plots from what the run wrote::

    python3 benchmarks/tune.py --report OUT_DIR [OUT_DIR2 ...] --out MERGED_DIR

and on a CPU machine (Triton interpreter, tiny shapes, a few configs, just to prove the code paths)::

    PYTHONPATH=. python3 benchmarks/tune.py --dry-run --out /tmp/tunedry
    python3 benchmarks/tune.py --report /tmp/tunedry

Each workload (a program at concrete sizes) goes through these phases, in order:

1. **tilefuse tune, latency.** ``tune()`` with the ``--strategy`` (evolutionary by default) over the kernel's own search
   space, ``--budget`` measurements or ``--tune-time`` seconds. ``Measurer`` compiles each batch in parallel processes
   and checks (NaN-poisoned output vs fp64 reference) and times (CUDA-graph replays, L2 flushed) every config in an
   isolated worker. The first batch is uniform random over the valid space, so the records are not only good configs.
2. **energy@X% pass.** The ``--energy-top`` fastest configs are measured again, latency and then energy (NVML counter,
   ``--energy-repeats`` interleaved windows of ``--energy-window`` s). Reported: J/call (median and spread over the
   windows) and average power of the latency-best and of the energy@X% choice (least energy within X% of the best
   latency), and the energy saved.
3. **triton.autotune baseline** (GEMMs). A plain hand-written Triton kernel for ``gelu(x @ w.T + b)`` (below: pointer
   loads, and a TMA twin for the ``USE_TMA`` configs), wrapped in ``triton.autotune`` whose configs are exactly the
   ones tilefuse measured in phase 1, converted to ``triton.Config`` (BLOCK_M/N/K, GROUP_M, num_warps, num_stages,
   TMA or not). That is the same space point for point, with two exceptions stated in the report: split-K configs
   (a plain kernel has no split-K) are left out, and the tile code is Triton's tutorial matmul rather than tilefuse's
   generated kernel. Wrapping the generated kernel itself is not possible: its launcher bakes the tile sizes into the
   grid and the TMA descriptors, and split-K / TMA configs are different kernels, not different constexprs. Its
   time-to-best is the wall time of its first call (it compiles and benchmarks every config, one after the other, in
   this process); tilefuse's is the wall time from the start of phase 1 until its eventual best config was measured
   (process start-up and compiles included). Both start from a cold Triton cache (``TRITON_CACHE_DIR``, and
   Inductor's, are fresh directories for the run, unless ``--keep-triton-cache``).
4. **torch.compile** of the same torch function (GEMMs) with ``mode="max-autotune-no-cudagraphs"``: max-autotune's
   GEMM autotuning without Inductor's own CUDA graphs, because every implementation here is timed inside a CUDA graph
   of ours anyway. Its compile runs under a time limit (``--max-autotune-limit``); skip it with ``--no-max-autotune``.
5. **side by side.** In this one process, with one timer (``harness.bench_graph``: CUDA-graph replays over input sets
   that exceed twice the L2), each checked against fp64 first: tilefuse compiled the way a user gets it
   (``compile_program(..., shape=, db=)``: the database's exact match, no measuring), tilefuse's energy@X% choice,
   cuBLAS (``gelu(addmm(b, x, w.T))``, eager) or SDPA (attention), the triton.autotune winner, and torch.compile.
   ``×X`` in the report is X's time over tilefuse's: above 1 means tilefuse is faster.

Attention workloads get phases 1, 2 and 5 (with SDPA as the anchor): no hand-written attention kernel is autotuned.

Outputs in ``--out``, each appended line by line and fsynced while running, so a killed run loses nothing:
``records.jsonl`` (every Measurement as a ``{device, workload, measurement}`` line, the tuning database's export format,
plus ``case`` and ``phase`` and ``t``; the cost model's training data; ``tilefuse db import`` reads it),
``results.jsonl`` (one line per phase result), ``tuning.sqlite`` (the same measurements as a tuning database);
``summary.json`` and ``summary.md`` are rewritten after every workload, and ``--report`` adds ``plots/*.png``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

# --dry-run runs the kernels in Triton's CPU interpreter, which must be chosen before triton is imported; and a
# fresh Triton cache makes tilefuse and triton.autotune both pay for their compiles (see the docstring).
if __name__ == "__main__" and "--report" not in sys.argv[1:]:
    if "--dry-run" in sys.argv[1:]:
        os.environ["TRITON_INTERPRET"] = "1"
    if "--keep-triton-cache" not in sys.argv[1:]:
        os.environ["TRITON_CACHE_DIR"] = tempfile.mkdtemp(prefix="tilefuse-tune-bench-triton-")
        os.environ["TORCHINDUCTOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="tilefuse-tune-bench-inductor-")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # for `import harness` however we are started
sys.path.insert(1, str(ROOT))                             # for `import tilefuse` without PYTHONPATH (--report)

import harness  # noqa: E402
import triton  # noqa: E402
import triton.language as tl  # noqa: E402

# ------------------------------------------------------------------------------------------------- workloads


@dataclass(frozen=True)
class Case:
    """One workload: a program of ``examples/`` at concrete sizes."""

    key: str            # "gemm-4096x4096x4096": what --only matches
    kind: str           # "gemm" or "attention"
    variant: str        # "bias_gelu", "causal", "decode"
    program_file: str   # relative to the repository root
    entry: str
    dims: dict
    default: bool = True  # run without --only / --all

    @property
    def shape(self) -> str:
        d = self.dims
        if self.kind == "gemm":
            return f"{d['M']}x{d['N']}x{d['K']}"
        if self.variant == "decode":
            return f"{d['B']}x{d['H']}x{d['M']}x{d['N']}x{d['D']}"
        return f"{d['B']}x{d['H']}x{d['M']}x{d['D']}"


def _gemm(m, n, k, default=True) -> Case:
    return Case(f"gemm-{m}x{n}x{k}", "gemm", "bias_gelu", "examples/linear_gelu.py", "linear_gelu",
                {"M": m, "N": n, "K": k}, default)


def _causal(b, h, s, d, default=True) -> Case:
    return Case(f"attn-causal-{b}x{h}x{s}x{d}", "attention", "causal", "examples/attention/causal.py",
                "causal_attention", {"B": b, "H": h, "M": s, "N": s, "D": d}, default)


def _decode(b, h, m, n, d, default=True) -> Case:
    return Case(f"attn-decode-{b}x{h}x{m}x{n}x{d}", "attention", "decode", "examples/attention/plain.py", "attention",
                {"B": b, "H": h, "M": m, "N": n, "D": d}, default)


# In priority order: a run that reaches its --time-budget has done the first ones.
CASES = [
    _gemm(4096, 4096, 4096),
    _causal(4, 32, 4096, 128),
    _decode(64, 32, 1, 8192, 128),
    _gemm(1, 4096, 4096),
    _gemm(16, 4096, 4096),
    _gemm(128, 11008, 4096),
    _gemm(2048, 2048, 8192),
    _causal(4, 32, 2048, 128),
    _gemm(8192, 8192, 8192, default=False),
    # More shapes for the cost model's training data (--only extra- names them all): not part of the report.
    *[_gemm(m, n, k, default=False) for m, n, k in ((2048, 2048, 2048), (1024, 4096, 4096), (64, 4096, 4096),
                                                     (512, 8192, 2048), (4096, 1024, 4096), (8, 8192, 8192))],
    _causal(4, 32, 1024, 128, default=False),
    _decode(32, 32, 1, 4096, 128, default=False),
]
DRY_CASES = [_gemm(32, 32, 32), _gemm(1, 32, 64), _causal(1, 2, 32, 16), _decode(2, 2, 1, 64, 16)]

TOLERANCE = 2e-2  # side-by-side check: relative Frobenius error vs fp64, as in gemm.py / attention.py
GEMM_ANCHOR = "cublas"
ATTENTION_ANCHOR = "sdpa"
AUTOTUNE = "triton.autotune"
MAX_AUTOTUNE = "torch.compile max-autotune"
TILEFUSE = "tilefuse"


def config_label(config: dict | None, kind: str) -> str:
    """``128x256x64 w8 s3 g8 tma`` (GEMM, ``sk4 reduce`` when split) or ``128x64 w8 s3 kv4`` (attention)."""
    if not config:
        return "-"
    c = config
    if kind == "attention":
        text = f"{c['BLOCK_M']}x{c['BLOCK_N']} w{c['num_warps']} s{c['num_stages']}"
        return text + (f" kv{c['SPLIT_KV']}" if c.get("SPLIT_KV", 1) > 1 else "")
    text = f"{c['BLOCK_M']}x{c['BLOCK_N']}x{c['BLOCK_K']} w{c['num_warps']} s{c['num_stages']} g{c['GROUP_M']}"
    if c.get("SPLIT_K", 1) > 1:
        text += f" sk{c['SPLIT_K']} {c.get('SPLIT_K_MODE', 'reduce')}"
    return text + (" tma" if c.get("USE_TMA") else "")


# ------------------------------------------------------------------------------- the triton.autotune baseline
# A plain Triton gelu(x @ w.T + b), Triton's tutorial matmul with the epilogue fused: pointer loads, and a TMA twin.
# The two top-level kernels stay undecorated: each workload wraps fresh ``triton.jit`` objects, so no compiled
# variant carries over in memory from the previous workload (the on-disk cache does, for tilefuse too).


@triton.jit
def _grouped_tile(pid, M, N, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, GROUP_M: tl.constexpr):
    num_pid_m = tl.cdiv(M, BLOCK_M)
    num_pid_n = tl.cdiv(N, BLOCK_N)
    num_pid_in_group = GROUP_M * num_pid_n
    first_pid_m = (pid // num_pid_in_group) * GROUP_M
    group_size_m = min(num_pid_m - first_pid_m, GROUP_M)
    pid_m = first_pid_m + (pid % num_pid_in_group) % group_size_m
    pid_n = (pid % num_pid_in_group) // group_size_m
    return pid_m, pid_n


@triton.jit
def _store_bias_gelu(acc, b_ptr, out_ptr, pid_m, pid_n, M, N, stride_om, BLOCK_M: tl.constexpr,
                     BLOCK_N: tl.constexpr):
    offs_m = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    offs_n = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    bias = tl.load(b_ptr + offs_n, mask=offs_n < N, other=0.0).to(tl.float32)
    y = acc + bias[None, :]
    y = 0.5 * y * (1.0 + tl.erf(y * 0.7071067811865476))
    mask = (offs_m[:, None] < M) & (offs_n[None, :] < N)
    tl.store(out_ptr + offs_m[:, None] * stride_om + offs_n[None, :], y.to(out_ptr.dtype.element_ty), mask=mask)


def matmul_bias_gelu(x_ptr, w_ptr, b_ptr, out_ptr, M, N, K, stride_xm, stride_wn, stride_om, BLOCK_M: tl.constexpr,
                     BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr, GROUP_M: tl.constexpr):
    pid_m, pid_n = _grouped_tile(tl.program_id(0), M, N, BLOCK_M, BLOCK_N, GROUP_M)
    offs_m = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    offs_n = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    offs_k = tl.arange(0, BLOCK_K)
    x_ptrs = x_ptr + offs_m[:, None] * stride_xm + offs_k[None, :]
    w_ptrs = w_ptr + offs_n[None, :] * stride_wn + offs_k[:, None]
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for kt in range(0, tl.cdiv(K, BLOCK_K)):
        k_left = K - kt * BLOCK_K
        a = tl.load(x_ptrs, mask=(offs_m[:, None] < M) & (offs_k[None, :] < k_left), other=0.0)
        b = tl.load(w_ptrs, mask=(offs_n[None, :] < N) & (offs_k[:, None] < k_left), other=0.0)
        acc = tl.dot(a, b, acc)
        x_ptrs += BLOCK_K
        w_ptrs += BLOCK_K
    _store_bias_gelu(acc, b_ptr, out_ptr, pid_m, pid_n, M, N, stride_om, BLOCK_M, BLOCK_N)


def matmul_bias_gelu_tma(x_desc, w_desc, b_ptr, out_ptr, M, N, K, stride_om, BLOCK_M: tl.constexpr,
                         BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr, GROUP_M: tl.constexpr):
    pid_m, pid_n = _grouped_tile(tl.program_id(0), M, N, BLOCK_M, BLOCK_N, GROUP_M)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for kt in range(0, tl.cdiv(K, BLOCK_K)):
        a = x_desc.load([pid_m * BLOCK_M, kt * BLOCK_K])
        b = w_desc.load([pid_n * BLOCK_N, kt * BLOCK_K])
        acc = tl.dot(a, b.T, acc)
    _store_bias_gelu(acc, b_ptr, out_ptr, pid_m, pid_n, M, N, stride_om, BLOCK_M, BLOCK_N)


def _tma_block_shapes(nargs: dict) -> None:
    """triton.Config pre-hook: the descriptors' block shapes follow the config's tile (as in Triton's tutorials)."""
    nargs["x_desc"].block_shape = [nargs["BLOCK_M"], nargs["BLOCK_K"]]
    nargs["w_desc"].block_shape = [nargs["BLOCK_N"], nargs["BLOCK_K"]]


def _cpu_do_bench(fn, quantiles=None):
    """The dry run's stand-in for triton's benchmarker (which needs a GPU): median of 3 perf_counter timings, ms."""
    fn()
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1e3)
    median = statistics.median(samples)
    return [median, min(samples), max(samples)] if quantiles else median


class AutotunedGemm:
    """``triton.autotune`` over the given tilefuse configs (split-K ones left out); call it like the torch anchor."""

    def __init__(self, configs: list[dict], dry_run: bool):
        plain, tma = matmul_bias_gelu, matmul_bias_gelu_tma
        unique = {json.dumps(_autotune_knobs(c), sort_keys=True): c for c in configs if c.get("SPLIT_K", 1) == 1}
        self.configs = list(unique.values())
        self.left_out = len(configs) - len(self.configs)
        bench = _cpu_do_bench if dry_run else None
        self.bench = _cpu_do_bench if dry_run else _gpu_do_bench

        def tuner(fn, use_tma: bool):
            chosen = [triton.Config(_autotune_knobs(c)["kwargs"], num_warps=c["num_warps"], num_stages=c["num_stages"],
                                    pre_hook=_tma_block_shapes if use_tma else None)
                      for c in self.configs if bool(c.get("USE_TMA")) == use_tma]
            return triton.autotune(chosen, key=["M", "N", "K"], do_bench=bench)(triton.jit(fn)) if chosen else None

        self.plain, self.tma = tuner(plain, False), tuner(tma, True)
        self.winner: str | None = None   # "plain" or "tma", after tune()

    def tune(self, x, w, b, out) -> dict:
        """Autotune both kernels on these inputs (their first calls); returns what each found."""
        found = {}
        for name in ("plain", "tma"):
            kernel = getattr(self, name)
            if kernel is None:
                continue
            launch = lambda kernel=kernel, tma=name == "tma": self._launch(kernel, tma, x, w, b, out)
            launch()
            timings = {_describe(cfg): _median_ms(t) for cfg, t in getattr(kernel, "configs_timings", {}).items()}
            best = getattr(kernel, "best_config", None)
            if best is not None and not timings:  # one config: triton.autotune runs it without benchmarking
                timings = {_describe(best): _median_ms(self.bench(launch))}
            found[name] = {"best": _describe(best) if best is not None else None,
                           "best_ms": timings.get(_describe(best)) if best is not None else None,
                           "configs": len(kernel.configs), "bench_s": getattr(kernel, "bench_time", None),
                           "timings_ms": timings}
        ranked = [n for n in found if found[n]["best_ms"] is not None]
        self.winner = min(ranked, key=lambda n: found[n]["best_ms"]) if ranked else next(iter(found), None)
        return found

    def __call__(self, x, w, b):
        out = x.new_empty((x.shape[0], w.shape[0]))
        self._launch(getattr(self, self.winner), self.winner == "tma", x, w, b, out)
        return out

    @staticmethod
    def _launch(kernel, use_tma: bool, x, w, b, out) -> None:
        m, k = x.shape
        n = w.shape[0]
        grid = lambda meta: (triton.cdiv(m, meta["BLOCK_M"]) * triton.cdiv(n, meta["BLOCK_N"]),)
        if use_tma:
            from triton.tools.tensor_descriptor import TensorDescriptor

            x_desc = TensorDescriptor.from_tensor(x, [16, 16])   # the pre-hook sets the config's block shapes
            w_desc = TensorDescriptor.from_tensor(w, [16, 16])
            kernel[grid](x_desc, w_desc, b, out, m, n, k, out.stride(0))
        else:
            kernel[grid](x, w, b, out, m, n, k, x.stride(0), w.stride(0), out.stride(0))


def _gpu_do_bench(fn) -> float:
    from triton.testing import do_bench

    return do_bench(fn, return_mode="median")


def _autotune_knobs(config: dict) -> dict:
    return {"kwargs": {k: config[k] for k in ("BLOCK_M", "BLOCK_N", "BLOCK_K", "GROUP_M")},
            "num_warps": config["num_warps"], "num_stages": config["num_stages"], "tma": bool(config.get("USE_TMA"))}


def _describe(cfg) -> str:
    kw = cfg.kwargs
    return (f"{kw['BLOCK_M']}x{kw['BLOCK_N']}x{kw['BLOCK_K']} w{cfg.num_warps} s{cfg.num_stages} g{kw['GROUP_M']}"
            + (" tma" if cfg.pre_hook is not None else ""))


def _median_ms(timing) -> float | None:
    value = timing[0] if isinstance(timing, (list, tuple)) else timing
    return float(value) if value is not None and math.isfinite(value) else None


# ------------------------------------------------------------------------------------------------- plumbing


class TimeLimitExceeded(BaseException):
    """Raised by SIGALRM in a phase that ran past its limit. A BaseException, so that library code's ``except
    Exception`` (Inductor's autotuning, Triton's) does not swallow it."""


@contextmanager
def time_limit(seconds: float | None):
    """Interrupt the body after ``seconds`` (main thread only; elsewhere, or for None, no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum, frame):
        raise TimeLimitExceeded(f"ran past its limit of {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class JsonLines:
    """An append-only JSON-lines file, each line flushed and fsynced as it is written. ``strict``: infinities and
    NaN become strings; else they are written as Python's json writes them, as ``TuningDB.export_jsonl`` does."""

    def __init__(self, path: Path, strict: bool = True):
        self.path = path
        self.strict = strict
        self._f = open(path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()

    def write(self, obj: dict) -> None:
        self._f.write(json.dumps(_clean(obj) if self.strict else obj, sort_keys=True) + "\n")
        self._f.flush()
        os.fsync(self._f.fileno())

    def close(self) -> None:
        self._f.close()


def _clean(value):
    """JSON has no inf/NaN: write them as strings (as harness does)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def read_jsonl(path: Path) -> list[dict]:
    """The lines of a JSON-lines file; a torn last line (a killed run) is skipped."""
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return rows


def log(msg: str) -> None:
    print(msg, flush=True)


@dataclass
class Run:
    """What every phase of the run shares."""

    args: argparse.Namespace
    out: Path
    device: object                # torch.device
    tf_device: object             # tilefuse Device record
    db: object                    # TuningDB
    records: JsonLines
    results: JsonLines
    start: float = field(default_factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.start

    @property
    def remaining(self) -> float:
        return self.args.time_budget - self.elapsed

    def result(self, case: Case, kind: str, **fields) -> dict:
        row = {"type": kind, "case": case.key, "kind": case.kind, "variant": case.variant, "shape": case.shape,
               "dims": case.dims, "t": round(self.elapsed, 3), **fields}
        self.results.write(row)
        return row


# ----------------------------------------------------------------------------------------------- the phases


def tune_case(run: Run, case: Case):
    """Phases 1 and 2: tilefuse's tune for latency, then the energy pass over its fastest configs."""
    from tilefuse.autotune.db import load_history
    from tilefuse.autotune.measure import make_measurer
    from tilefuse.autotune.objectives import select_best
    from tilefuse.autotune.records import Workload, program_signature
    from tilefuse.autotune.tuner import tune, tune_space
    from tilefuse.ir.dtypes import as_dtype

    args = run.args
    program_file = str(ROOT / case.program_file)
    (program,) = _programs(program_file, case.entry)
    dtype = args.dtype
    graph = program.trace(as_dtype(dtype))
    workload = Workload.make(program.name, program_signature(graph, dtype), dtype, case.dims)
    history = load_history(run.db, run.tf_device, workload)
    start = time.perf_counter()
    seen: set[int] = set()
    best = {"latency": math.inf, "t": None}

    def record(m, phase: str = "tune") -> None:
        if id(m) in seen:   # the streaming hook and tune()'s on_result both pass a measurement on
            return
        seen.add(id(m))
        t = time.perf_counter() - start
        run.records.write({"device": run.tf_device.to_json(), "workload": workload.to_json(),
                           "measurement": m.to_json(), "case": case.key, "phase": phase, "t": round(t, 3)})
        run.db.add(run.tf_device, workload, m)
        if phase == "tune" and m.ok and m.latency < best["latency"]:
            best.update(latency=m.latency, t=t)
        value = f"{m.latency * 1e3:.4f} ms" if m.ok else (m.error.splitlines()[0][:90] if m.error else "")
        energy = f" {m.energy * 1e3:.4g} mJ {m.power:.0f} W" if m.energy is not None and m.power else ""
        log(f"  [{t:6.1f} s] {phase:<6} {config_label(m.config, case.kind):<34} {m.status:<13} {value}{energy}")

    workers = args.workers or _compile_workers(case, run.device)
    seed = args.seed + zlib.crc32(case.key.encode()) % 100_000   # each workload samples its own random configs
    measurer = make_measurer(program, dtype, case.dims, on_measured=record, energy=False,
                             timeout_s=args.timeout, workers=workers, seed=seed, repeats=args.repeats,
                             energy_window_s=args.energy_window, energy_repeats=args.energy_repeats,
                             log=lambda msg: None)
    try:
        space = tune_space(graph, measurer.arch, program.name)
        if args.dry_run:
            space = _dry_space(space)
        tune_time = min(args.tune_time, max(run.remaining - _reserve(run, case), 1.0))
        log(f"-- {case.key}: tilefuse tune ({args.strategy}, budget {args.budget}, at most {tune_time:.0f} s, "
            f"{workers} compile workers{f', {len(history)} from the database' if history else ''})")
        result = tune(space, measurer.measure, args.strategy, budget=args.budget, time_budget=tune_time,
                      objective="latency", history=history, on_result=record, batch=args.batch, seed=seed,
                      progress=False, label=case.key, initial=[] if args.dry_run else [space.default])
        tune_row = run.result(case, "tune", workload=workload.to_json(), strategy=result.strategy,
                              budget=args.budget, measured=len(result.new), resumed=result.resumed,
                              failed=sum(1 for m in result.new if not m.ok), wall_s=result.wall_s,
                              time_to_best_s=best["t"], stopped=result.stopped,
                              best=result.best.to_json() if result.best else None,
                              best_label=config_label(result.best.config if result.best else None, case.kind),
                              best_so_far=result.best_so_far, interrupted=result.interrupted)
        if result.interrupted:
            raise KeyboardInterrupt
        energy_row = None
        ok = sorted((m for m in result.measurements if m.ok), key=lambda m: m.latency)
        top = list({json.dumps(m.config, sort_keys=True): m.config for m in ok}.values())[: args.energy_top]
        if top and not args.no_energy:
            if run.remaining < 25:
                log(f"-- {case.key}: energy pass skipped (time budget)")
            else:
                log(f"-- {case.key}: energy pass over the {len(top)} fastest configs "
                    f"({args.energy_repeats} interleaved windows of {args.energy_window:g} s each)")
                measurer.energy = True
                measurer.energy_window_s, measurer.energy_repeats = args.energy_window, args.energy_repeats
                measured = measurer.measure(top)
                for m in measured:
                    record(m, "energy")
                with_energy = [m for m in measured if m.ok and m.energy is not None]
                fastest = select_best(measured, "latency")
                frugal = select_best(with_energy, f"energy@{args.slack:g}%") if with_energy else None
                energy_row = run.result(case, "energy", slack_pct=args.slack, configs=len(measured),
                                        with_energy=len(with_energy), fastest=_energy_view(fastest, case),
                                        frugal=_energy_view(frugal, case), note="" if with_energy else
                                        "no energy readings (needs a GPU whose energy counter NVML can read)")
    finally:
        measurer.close()
    return program, workload, tune_row, energy_row


def _dry_space(space):
    """The dry run's space: two values of each knob (small tiles, with and without split-K or TMA), so that the
    interpreter stays quick and every path (triton.autotune, split-K left out, TMA pre-hook) is reached."""
    from tilefuse.schedule import Knob, SearchSpace

    keep = {"SPLIT_K_MODE": 1}   # split-K in one mode: half the points split K, half do not
    knobs = [Knob(k.name, tuple(v for v in k.values if v in (16, 32)) if k.name.startswith("BLOCK_") else
                  k.values[: keep.get(k.name, 2)], k.doc) for k in space.knobs]
    return SearchSpace(knobs, space.constraints)


def _energy_view(m, case: Case) -> dict | None:
    if m is None:
        return None
    return {"config": m.config, "label": config_label(m.config, case.kind), "latency": m.latency, "energy": m.energy,
            "energy_windows": m.energy_windows, "energy_spread": m.energy_spread, "power": m.power,
            "window_s": m.window_s, "short_window": m.short_window}


def _compile_workers(case: Case, device) -> int:
    """Compile processes: one per core (at most 12), fewer when each would hold too much GPU memory (every compile
    process builds the workload's inputs on the GPU to compile for them: 8.6 GB each for the decode case)."""
    import torch

    cores = max(1, min(12, (os.cpu_count() or 2) - 1))
    if device.type != "cuda":
        return min(cores, 4)
    total = torch.cuda.get_device_properties(device).total_memory
    per_process = _input_bytes(case) + 2**30          # inputs + a CUDA context
    return max(1, min(cores, int(0.35 * total // per_process)))


def _reserve(run: Run, case: Case) -> float:
    """Seconds the phases after the tune need, kept back from the tune's time budget."""
    if run.args.dry_run:
        return 0.0
    reserve = 30.0                                       # energy pass + side by side
    if case.kind == "gemm":
        reserve += 0 if run.args.no_autotune else 40.0
        reserve += 0 if run.args.no_max_autotune else min(run.args.max_autotune_limit, 60.0)
    return reserve


def _programs(path: str, entry: str):
    from tilefuse.frontend.loading import load_programs

    return load_programs(path, entry)


def _input_bytes(case: Case, elem: int = 2) -> int:
    d = case.dims
    if case.kind == "gemm":
        return elem * (d["M"] * d["K"] + d["N"] * d["K"] + d["N"] + d["M"] * d["N"])
    q = d["B"] * d["H"] * d["M"] * d["D"]
    kv = d["B"] * d["H"] * d["N"] * d["D"]
    return elem * (2 * q + 2 * kv)


def _flops(case: Case) -> float:
    d = case.dims
    if case.kind == "gemm":
        return 2.0 * d["M"] * d["N"] * d["K"]
    pairs = d["M"] * (d["M"] + 1) / 2 if case.variant == "causal" else d["M"] * d["N"]
    return 4.0 * d["B"] * d["H"] * d["D"] * pairs


def make_inputs(case: Case, dtype, device, seed: int) -> tuple:
    """GEMM: x ~ N(0, 1), w ~ N(0, 1/K), b ~ N(0, 1/4). Attention: q ~ N(0, 4), k, v ~ N(0, 1). Never zeros."""
    import torch

    gen = torch.Generator(device=device).manual_seed(seed)
    d = case.dims

    def randn(*shape, scale=1.0):
        return (scale * torch.randn(*shape, generator=gen, device=device, dtype=torch.float32)).to(dtype)

    if case.kind == "gemm":
        return randn(d["M"], d["K"]), randn(d["N"], d["K"], scale=d["K"] ** -0.5), randn(d["N"], scale=0.5)
    return (randn(d["B"], d["H"], d["M"], d["D"], scale=2.0), randn(d["B"], d["H"], d["N"], d["D"]),
            randn(d["B"], d["H"], d["N"], d["D"]))


def torch_function(case: Case):
    """The anchor: cuBLAS ``gelu(addmm(b, x, w.T))`` for the GEMM, SDPA (causal or not) for attention."""
    import torch
    import torch.nn.functional as F

    if case.kind == "gemm":
        return lambda x, w, b: F.gelu(torch.addmm(b, x, w.T))
    causal = case.variant == "causal"
    return lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=causal)


def side_by_side(run: Run, case: Case, program, tune_row: dict, energy_row: dict | None) -> None:
    """Phases 3-5: the baselines' own tuning, then every implementation checked and timed with one timer."""
    import torch

    from tilefuse.api import compile_program
    from tilefuse.frontend.reference import run_reference

    args = run.args
    torch_dtype = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}[args.dtype]
    elem = torch.empty((), dtype=torch_dtype).element_size()
    n_sets = 2 if args.dry_run else harness.sets_needed(_input_bytes(case, elem), harness.l2_bytes(run.device))
    sets = [make_inputs(case, torch_dtype, run.device, seed=1000 * i + 11) for i in range(n_sets)]
    if case.kind == "gemm":
        ref = run_reference(program, *sets[0], compute_dtype=torch.float64)
        check_view = None
    else:  # heads are independent: the fp64 reference of a slice (one batch, two heads) checks the whole kernel
        ref = run_reference(program, *(t[:1, :2] for t in sets[0]), compute_dtype=torch.float64)
        check_view = lambda out: out[:1, :2]
    base = {"bench": "tune", "shape": case.shape, "dims": case.dims, "variant": case.variant, "dtype": args.dtype,
            "flops": _flops(case), "bytes": float(_input_bytes(case, elem))}
    common = {"sets": sets, "ref": ref, "tol": TOLERANCE, "base": base, "ceilings": None, "device": run.device,
              "dry_run": args.dry_run, "check_view": check_view}
    impls: list[tuple[str, Callable, dict]] = []

    kernel = compile_program(program, dtype=args.dtype, shape=case.dims, db=str(run.db.path))
    impls.append((TILEFUSE, kernel, {"config": kernel.config.to_dict(), "tuning": kernel.tuning}))
    frugal = (energy_row or {}).get("frugal")
    fastest = (energy_row or {}).get("fastest")
    if frugal and fastest and frugal["config"] != fastest["config"]:
        energy_kernel = compile_program(program, dtype=args.dtype, config=frugal["config"])
        impls.append((f"{TILEFUSE} energy@{args.slack:g}%", energy_kernel, {"config": frugal["config"]}))
    anchor = torch_function(case)
    impls.append((GEMM_ANCHOR if case.kind == "gemm" else ATTENTION_ANCHOR, anchor, {}))

    if case.kind == "gemm" and not args.no_autotune:
        tuned = [json.loads(r) for r in dict.fromkeys(json.dumps(m["measurement"]["config"], sort_keys=True)
                                                      for m in _case_records(run, case) if m["phase"] == "tune")]
        fn = autotune_baseline(run, case, tuned, sets[0])
        if fn is not None:
            impls.append((AUTOTUNE, fn, {}))
    if case.kind == "gemm" and not args.no_max_autotune:
        fn = max_autotune(run, case, anchor, sets[0])
        if fn is not None:
            impls.append((MAX_AUTOTUNE, fn, {}))

    log(f"-- {case.key}: side by side ({n_sets} input sets, {'perf_counter' if args.dry_run else 'CUDA graphs'})")
    timed = []
    for name, fn, extra in impls:
        rec = harness.run_anchor(name, fn, **common)
        rec.extra.update(extra)
        if "config" in extra:
            rec.config = extra["config"]
        timed.append(asdict(rec))
    run.result(case, "timing", records=timed)
    del sets, ref, common, impls
    if run.device.type == "cuda":
        torch.cuda.empty_cache()


def _case_records(run: Run, case: Case) -> list[dict]:
    return [r for r in read_jsonl(run.records.path) if r.get("case") == case.key]


def autotune_baseline(run: Run, case: Case, configs: list[dict], inputs: tuple):
    """Phase 3: triton.autotune over tilefuse's configs; returns the tuned callable, or None."""
    import torch

    args = run.args
    estimate = 2.0 * len(configs) + 5
    if run.remaining < min(estimate, args.autotune_limit):
        log(f"-- {case.key}: triton.autotune skipped (time budget: {run.remaining:.0f} s left)")
        run.result(case, "autotune", status="skipped", error="time budget")
        return None
    baseline = AutotunedGemm(configs, args.dry_run)
    if not baseline.configs:
        log(f"-- {case.key}: triton.autotune skipped: every config tilefuse measured splits K")
        run.result(case, "autotune", status="skipped", error="only split-K configs", left_out=baseline.left_out)
        return None
    log(f"-- {case.key}: triton.autotune over the {len(baseline.configs)} configs tilefuse measured "
        f"({baseline.left_out} split-K configs left out)")
    x, w, b = inputs
    out = x.new_empty((x.shape[0], w.shape[0]))
    limit = max(5.0, min(args.autotune_limit, run.remaining - 10))
    start = time.perf_counter()
    try:
        with time_limit(limit):
            found = baseline.tune(x, w, b, out)
            harness.sync(run.device)
    except TimeLimitExceeded as exc:
        run.result(case, "autotune", status="timeout", error=str(exc), wall_s=time.perf_counter() - start,
                   configs=len(baseline.configs), left_out=baseline.left_out)
        log(f"   triton.autotune {exc}")
        return None
    except Exception as exc:  # noqa: BLE001 - one config that fails to compile stops triton.autotune
        harness.assert_device_ok(run.device)
        run.result(case, "autotune", status="error", error=f"{type(exc).__name__}: {exc}"[:500],
                   wall_s=time.perf_counter() - start, configs=len(baseline.configs), left_out=baseline.left_out)
        log(f"   triton.autotune failed: {type(exc).__name__}: {str(exc)[:200]}")
        return None
    wall = time.perf_counter() - start
    winner = found[baseline.winner]
    run.result(case, "autotune", status="ok", wall_s=wall, configs=len(baseline.configs),
               left_out=baseline.left_out, winner=baseline.winner, best=winner["best"], best_ms=winner["best_ms"],
               kernels=found)
    log(f"   triton.autotune: {wall:.1f} s for {len(baseline.configs)} configs; best {winner['best']} "
        f"({winner['best_ms']} ms by its own timer)")
    del out
    if run.device.type == "cuda":
        torch.cuda.empty_cache()
    return baseline


def max_autotune(run: Run, case: Case, fn: Callable, inputs: tuple):
    """Phase 4: torch.compile(max-autotune) of the anchor, under a time limit; the compiled callable, or None."""
    import torch

    args = run.args
    limit = min(args.max_autotune_limit, run.remaining - 10)
    if limit < 15:
        log(f"-- {case.key}: torch.compile max-autotune skipped (time budget: {run.remaining:.0f} s left)")
        run.result(case, "max_autotune", status="skipped", error="time budget")
        return None
    log(f"-- {case.key}: torch.compile(mode='max-autotune-no-cudagraphs'), at most {limit:.0f} s")
    torch._dynamo.reset()
    compiled = torch.compile(fn, mode="max-autotune-no-cudagraphs", dynamic=False)
    start = time.perf_counter()
    try:
        with time_limit(limit):
            compiled(*inputs)
            harness.sync(run.device)
    except TimeLimitExceeded as exc:
        torch._dynamo.reset()
        run.result(case, "max_autotune", status="timeout", error=str(exc), compile_s=time.perf_counter() - start)
        log(f"   torch.compile max-autotune {exc}")
        return None
    except Exception as exc:  # noqa: BLE001 - recorded; the run goes on without this anchor
        harness.assert_device_ok(run.device)
        run.result(case, "max_autotune", status="error", error=f"{type(exc).__name__}: {exc}"[:500],
                   compile_s=time.perf_counter() - start)
        log(f"   torch.compile max-autotune failed: {type(exc).__name__}: {str(exc)[:200]}")
        return None
    run.result(case, "max_autotune", status="ok", compile_s=time.perf_counter() - start)
    log(f"   compiled in {time.perf_counter() - start:.1f} s")
    return compiled


# ------------------------------------------------------------------------------------------------- reporting


def load_runs(dirs: list[Path]) -> tuple[list[dict], dict[str, dict], list[dict]]:
    """(meta lines, per-case results (a later line of a type replaces an earlier one), records) of run folders."""
    metas, cases, records = [], {}, []
    for d in dirs:
        for row in read_jsonl(d / "results.jsonl"):
            if row.get("type") in ("meta", "end"):
                metas.append(row)
                continue
            case = cases.setdefault(row["case"], {"case": row["case"], "kind": row["kind"], "variant": row["variant"],
                                                  "shape": row["shape"], "dims": row["dims"]})
            case[row["type"]] = row
        records += read_jsonl(d / "records.jsonl")
    return metas, cases, records


def summarize_case(case: dict) -> dict:
    """The numbers of one case's summary row, from its phase results."""
    timing = {r["impl"]: r for r in (case.get("timing") or {}).get("records", [])}
    energy_name = next((n for n in timing if n.startswith(f"{TILEFUSE} energy@")), None)

    def ms(name):
        r = timing.get(name)
        return r["ms"] if r and r.get("status") == "ok" and isinstance(r.get("ms"), (int, float)) else None

    ours = ms(TILEFUSE)
    anchor = GEMM_ANCHOR if case["kind"] == "gemm" else ATTENTION_ANCHOR

    def ratio(name):
        theirs = ms(name)
        return theirs / ours if theirs and ours else None

    tune = case.get("tune") or {}
    autotune = case.get("autotune") or {}
    maxat = case.get("max_autotune") or {}
    energy = case.get("energy") or {}
    fastest, frugal = energy.get("fastest"), energy.get("frugal")
    saved = cost = None
    if fastest and frugal and fastest.get("energy") and frugal.get("energy"):
        saved = 100 * (1 - frugal["energy"] / fastest["energy"])
        cost = 100 * (frugal["latency"] / fastest["latency"] - 1)
    tilefuse_rec = timing.get(TILEFUSE) or {}
    best = tune.get("best") or {}
    return {
        "case": case["case"], "kind": case["kind"], "variant": case["variant"], "shape": case["shape"],
        "tilefuse_ms": ours, "tilefuse_config": config_label(tilefuse_rec.get("config"), case["kind"]),
        "tilefuse_tuning": (tilefuse_rec.get("extra") or {}).get("tuning", {}).get("source"),
        "tilefuse_split_k": bool(best.get("config", {}).get("SPLIT_K", 1) > 1),
        "anchor": anchor, "anchor_ms": ms(anchor), "x_anchor": ratio(anchor),
        "autotune_ms": ms(AUTOTUNE), "x_autotune": ratio(AUTOTUNE),
        "max_autotune_ms": ms(MAX_AUTOTUNE), "x_max_autotune": ratio(MAX_AUTOTUNE),
        "energy_choice_ms": ms(energy_name) if energy_name else None,
        "tune_measured": tune.get("measured"), "tune_resumed": tune.get("resumed"), "tune_failed": tune.get("failed"),
        "tune_wall_s": tune.get("wall_s"), "tune_time_to_best_s": tune.get("time_to_best_s"),
        "tune_best_ms": best.get("latency") * 1e3 if best.get("latency") else None,
        "tune_best_label": tune.get("best_label"), "tune_stopped": tune.get("stopped"),
        "autotune_status": autotune.get("status"),
        "autotune_wall_s": autotune.get("wall_s") if autotune.get("status") == "ok" else None,
        "autotune_configs": autotune.get("configs"), "autotune_left_out": autotune.get("left_out"),
        "autotune_best": autotune.get("best"), "autotune_best_ms": autotune.get("best_ms"),
        "max_autotune_status": maxat.get("status"), "max_autotune_compile_s": maxat.get("compile_s"),
        "energy_note": energy.get("note"), "energy_slack_pct": energy.get("slack_pct"),
        "energy_fastest": fastest, "energy_frugal": frugal, "energy_saved_pct": saved, "energy_latency_cost_pct": cost,
        "statuses": {name: r.get("status") for name, r in timing.items()},
    }


def _f(value, spec: str, missing: str = "-") -> str:
    return missing if value is None else format(value, spec)


def markdown(meta: dict, rows: list[dict]) -> str:
    device = meta.get("device") or {}
    lines = [f"# Autotuning benchmark ({meta.get('dtype', '?')})", "",
             f"Device: **{device.get('name')}**, driver {device.get('driver')}, torch {device.get('torch')}, "
             f"triton {device.get('triton')}; git `{device.get('git_revision')}`; {device.get('date_utc')}.",
             f"Args: `{' '.join(meta.get('args', []))}`." + (" **Dry run: the numbers mean nothing.**"
                                                             if meta.get("dry_run") else ""), "",
             "## Latency, side by side", "",
             "Median ms from one timer in one process (CUDA-graph replays over L2-exceeding input sets). `xX` is X's "
             "time over tilefuse's: **above 1 means tilefuse is faster**. tilefuse is compiled from the tuning "
             "database (`compile(shape=, db=)`, no measuring).", "",
             "| case | tilefuse ms | config (db) | anchor ms | xanchor | triton.autotune ms | xautotune | "
             "max-autotune ms | xmax-autotune |", "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['case']} | {_f(r['tilefuse_ms'], '.4f')} | {r['tilefuse_config']} ({r['tilefuse_tuning']})"
                     f" | {r['anchor']} {_f(r['anchor_ms'], '.4f')} | {_f(r['x_anchor'], '.2f')} | "
                     f"{_f(r['autotune_ms'], '.4f', r['autotune_status'] or '-')} | {_f(r['x_autotune'], '.2f')} | "
                     f"{_f(r['max_autotune_ms'], '.4f', r['max_autotune_status'] or '-')} | "
                     f"{_f(r['x_max_autotune'], '.2f')} |")
    lines += ["", "## Cost of tuning", "",
              "tilefuse: configs measured in this run (plus resumed from the database), failures, wall time to the "
              "eventual best config and in total (start-up and parallel compiles included). triton.autotune: the "
              "configs tilefuse measured minus split-K ones, compiled and benchmarked serially on the first call; "
              "`best` by its own timer. Best found by each tuner's own timer.", "",
              "| case | tilefuse configs (+resumed) / failed | tilefuse time to best s | tilefuse total s | "
              "tilefuse best ms | triton.autotune configs (split-K left out) | triton.autotune s | "
              "triton.autotune best ms | max-autotune compile s |", "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['case']} | {_f(r['tune_measured'], 'd')} (+{_f(r['tune_resumed'], 'd')}) / "
                     f"{_f(r['tune_failed'], 'd')} | {_f(r['tune_time_to_best_s'], '.1f')} | "
                     f"{_f(r['tune_wall_s'], '.1f')} | {_f(r['tune_best_ms'], '.4f')} {r['tune_best_label'] or ''} | "
                     f"{_f(r['autotune_configs'], 'd')} ({_f(r['autotune_left_out'], 'd')}) | "
                     f"{_f(r['autotune_wall_s'], '.1f')} | {_f(r['autotune_best_ms'], '.4f')} "
                     f"{r['autotune_best'] or ''} | {_f(r['max_autotune_compile_s'], '.1f')} |")
    slack = next((r["energy_slack_pct"] for r in rows if r["energy_slack_pct"] is not None), 5)
    lines += ["", f"## Energy: latency-best vs energy@{slack:g}%", "",
              "From one pass over the fastest configs, interleaved windows: mJ per call as median (spread = "
              "(max-min)/median over the windows) and average watts. Saved: energy the energy@X% choice saves "
              "against the latency-best, at the latency cost shown.", "",
              "| case | latency-best | ms | mJ/call (spread) | W | energy choice | ms | mJ/call (spread) | W | "
              "saved | latency cost |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        a, b = r["energy_fastest"] or {}, r["energy_frugal"] or {}
        if not a:
            continue
        if not b:
            lines.append(f"| {r['case']} | {a.get('label')} | {_f(_ms(a), '.4f')} | {r['energy_note'] or '-'} "
                         "| | | | | | | |")
            continue
        lines.append(f"| {r['case']} | {a['label']} | {_f(_ms(a), '.4f')} | {_mj(a)} | {_f(a.get('power'), '.0f')} | "
                     f"{b['label']} | {_f(_ms(b), '.4f')} | {_mj(b)} | {_f(b.get('power'), '.0f')} | "
                     f"{_f(r['energy_saved_pct'], '.1f')}% | {_f(r['energy_latency_cost_pct'], '+.1f')}% |")
    return "\n".join(lines) + "\n"


def _ms(view: dict) -> float | None:
    return view["latency"] * 1e3 if view.get("latency") else None


def _mj(view: dict) -> str:
    if view.get("energy") is None:
        return "-"
    spread = f" ({view['energy_spread'] * 100:.1f}%)" if view.get("energy_spread") is not None else ""
    return f"{view['energy'] * 1e3:.4g}{spread}" + (" short" if view.get("short_window") else "")


def text_table(rows: list[dict]) -> str:
    """The short fixed-width table printed last (the lead reads the tail of the output)."""
    head = f"{'case':<34} {'tilefuse ms':>11} {'anchor ms':>10} {'xanchor':>7} {'autotune':>9} {'xat':>5} " \
           f"{'max-at':>9} {'xmax':>5} {'t2best s':>8} {'at s':>6} {'saved':>6}"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r['case']:<34} {_f(r['tilefuse_ms'], '11.4f'):>11} {_f(r['anchor_ms'], '10.4f'):>10} "
                     f"{_f(r['x_anchor'], '7.2f'):>7} {_f(r['autotune_ms'], '9.4f'):>9} "
                     f"{_f(r['x_autotune'], '5.2f'):>5} "
                     f"{_f(r['max_autotune_ms'], '9.4f'):>9} {_f(r['x_max_autotune'], '5.2f'):>5} "
                     f"{_f(r['tune_time_to_best_s'], '8.1f'):>8} {_f(r['autotune_wall_s'], '6.1f'):>6} "
                     f"{_f(r['energy_saved_pct'], '5.1f') + '%' if r['energy_saved_pct'] is not None else '-':>6}")
    return "\n".join(lines)


def write_summary(dirs: list[Path], out: Path, plots: bool) -> list[dict]:
    """summary.json and summary.md in ``out`` from the run folders ``dirs`` (and the plots, with ``plots``)."""
    metas, cases, records = load_runs(dirs)
    meta = next((m for m in reversed(metas) if m.get("type") == "meta"), {})
    ends = [m for m in metas if m.get("type") == "end"]
    rows = [summarize_case(c) for c in cases.values()]
    out.mkdir(parents=True, exist_ok=True)
    summary = {"meta": meta, "end": ends[-1] if ends else None, "sources": [str(d) for d in dirs], "cases": rows}
    tmp = out / ".summary.json.tmp"
    tmp.write_text(json.dumps(_clean(summary), indent=2, sort_keys=True) + "\n")
    os.replace(tmp, out / "summary.json")
    (out / "summary.md").write_text(markdown(meta, rows))
    if plots:
        draw_plots(cases, records, out / "plots")
    return rows


def draw_plots(cases: dict, records: list[dict], out: Path) -> None:
    """Best-so-far per workload (and all workloads normalized, in one figure), and each latency-energy Pareto."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        log("no plots: matplotlib is not installed (run --report where it is)")
        return
    from tilefuse.autotune.plots import plot_best_so_far, plot_pareto
    from tilefuse.autotune.records import Measurement

    out.mkdir(parents=True, exist_ok=True)
    normalized, written = {}, []
    for key in cases:
        tuned = [Measurement.from_json(r["measurement"]) for r in records if r["case"] == key and r["phase"] == "tune"]
        trace, best = [], math.inf
        for m in tuned:
            if m.ok:
                best = min(best, m.latency)
            trace.append(best)
        if trace:
            written.append(plot_best_so_far({"tilefuse tune": trace}, out / f"best_so_far_{key}.png", key))
            if math.isfinite(best):
                normalized[key] = [v / best for v in trace]
        energy = [Measurement.from_json(r["measurement"]) for r in records if r["case"] == key
                  and r["phase"] == "energy"]
        if any(m.ok and m.energy is not None for m in energy):
            slack = ((cases[key].get("energy") or {}).get("slack_pct") or 5) / 100
            written.append(plot_pareto(energy, out / f"pareto_{key}.png", key, slack=slack))
    if normalized:
        written.append(plot_best_so_far(normalized, out / "best_so_far.png", "best-so-far, every workload",
                                        ylabel="best latency / final best", scale=1.0))
    log(f"wrote {len(written)} plots in {out}")


# ------------------------------------------------------------------------------------------------------ main


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0], allow_abbrev=False,
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--out", type=Path, default=None,
                   help="output folder (default benchmarks/results/tune; with --report, the first folder given)")
    p.add_argument("--report", type=Path, nargs="+", metavar="DIR",
                   help="run nothing: rebuild summary.json, summary.md and plots/ from these run folders")
    p.add_argument("--dtype", choices=["bf16", "fp16"], default=None,
                   help="default bf16; fp16 with --dry-run (the interpreter mishandles bf16 dots, "
                        "triton-lang/triton#11584)")
    p.add_argument("--only", default=None, help="comma-separated substrings of case keys (gemm-4096x, attn-decode)")
    p.add_argument("--all", action="store_true", help="also the cases that are off by default (gemm-8192^3)")
    p.add_argument("--strategy", default="evolutionary", choices=["evolutionary", "model", "random", "exhaustive"],
                   help="tilefuse's search strategy")
    p.add_argument("--budget", type=int, default=None, help="tilefuse measurements per workload (default 24; 3 dry)")
    p.add_argument("--batch", type=int, default=12, help="configs per tune batch (compiled in parallel)")
    p.add_argument("--tune-time", type=float, default=90, help="seconds per workload's tilefuse tune")
    p.add_argument("--repeats", type=int, default=None, help="CUDA-graph replays timed per config (default 30)")
    p.add_argument("--timeout", type=float, default=30, help="seconds a config may take to check and time")
    p.add_argument("--workers", type=int, default=None,
                   help="compile processes (default: cores - 1, at most 12, fewer for inputs that fill GPU memory)")
    p.add_argument("--energy-top", type=int, default=None, help="fastest configs in the energy pass (default 8; 2 dry)")
    p.add_argument("--energy-window", type=float, default=0.3, help="seconds per energy window")
    p.add_argument("--energy-repeats", type=int, default=5, help="interleaved windows per config")
    p.add_argument("--slack", type=float, default=5.0, help="X of energy@X%%: latency allowance in percent")
    p.add_argument("--no-energy", action="store_true", help="skip the energy pass")
    p.add_argument("--no-autotune", action="store_true", help="skip the triton.autotune baseline")
    p.add_argument("--autotune-limit", type=float, default=150, help="seconds for triton.autotune per workload")
    p.add_argument("--no-max-autotune", action="store_true", help="skip torch.compile(max-autotune)")
    p.add_argument("--max-autotune-limit", type=float, default=90,
                   help="seconds for torch.compile(max-autotune) per workload (then recorded as timeout)")
    p.add_argument("--time-budget", type=float, default=500,
                   help="seconds for the whole run: phases that would not fit are skipped and reported")
    p.add_argument("--db", type=Path, default=None, help="tuning database (default OUT/tuning.sqlite; a rerun resumes)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--keep-triton-cache", action="store_true",
                   help="use the usual Triton and Inductor caches (default: fresh ones, so every compile is cold)")
    p.add_argument("--dry-run", action="store_true", help="CPU + TRITON_INTERPRET=1, tiny shapes, 3 configs each")
    args = p.parse_args(argv)
    if args.out is None:
        args.out = args.report[0] if args.report else ROOT / "benchmarks" / "results" / "tune"
    args.dtype = args.dtype or ("fp16" if args.dry_run else "bf16")
    args.budget = args.budget or (3 if args.dry_run else 24)
    args.energy_top = args.energy_top or (2 if args.dry_run else 8)
    args.repeats = args.repeats or (2 if args.dry_run else 30)
    if args.dry_run:
        args.batch = min(args.batch, 3)
        args.max_autotune_limit = min(args.max_autotune_limit, 120)
        args.time_budget = max(args.time_budget, 1800)
    return args


def select_cases(args) -> list[Case]:
    cases = DRY_CASES if args.dry_run else CASES
    if args.only:
        wanted = [w.strip() for w in args.only.split(",") if w.strip()]
        return [c for c in cases if any(w in c.key for w in wanted)]
    return [c for c in cases if c.default or args.all]


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.report:
        rows = write_summary(args.report, args.out, plots=True)
        log(f"wrote {args.out / 'summary.json'}, {args.out / 'summary.md'}")
        print(text_table(rows), flush=True)
        return 0

    import torch

    from tilefuse.autotune.db import TuningDB
    from tilefuse.autotune.records import Device

    if not args.dry_run and not torch.cuda.is_available():
        log("error: no CUDA device; use --dry-run on a CPU machine")
        return 2
    if args.dry_run and os.environ.get("TRITON_INTERPRET") != "1":
        log("error: --dry-run needs TRITON_INTERPRET=1 before triton is imported (run this file as a script)")
        return 2
    device = torch.device("cpu" if args.dry_run else "cuda")
    cases = select_cases(args)
    args.out.mkdir(parents=True, exist_ok=True)
    info = harness.device_info(device)
    tf_device = Device.current()
    log(f"device: {info['name']} | torch {info['torch']} | triton {info['triton']} | git {info['git_revision']} | "
        f"Triton cache {os.environ.get('TRITON_CACHE_DIR', 'default')}")
    log(f"cases: {', '.join(c.key for c in cases)}; time budget {args.time_budget:.0f} s")
    db = TuningDB(args.db or args.out / "tuning.sqlite")
    run = Run(args, args.out, device, tf_device, db, JsonLines(args.out / "records.jsonl", strict=False),
              JsonLines(args.out / "results.jsonl"))
    run.results.write({"type": "meta", "args": sys.argv[1:] if argv is None else list(argv), "dry_run": args.dry_run,
                       "dtype": args.dtype, "device": info, "tilefuse_device": tf_device.to_json(),
                       "cases": [c.key for c in cases], "time_budget_s": args.time_budget,
                       "triton_cache": os.environ.get("TRITON_CACHE_DIR")})
    previous_term = signal.signal(signal.SIGTERM, _interrupt)  # a killed run still writes its summary
    status, done = "finished", []
    try:
        for case in cases:
            if run.remaining < 45:
                status = "time budget exhausted"
                break
            log(f"== {case.key} ({case.program_file}:{case.entry}, {args.dtype}) at {run.elapsed:.0f} s")
            program, _, tune_row, energy_row = tune_case(run, case)
            if tune_row.get("best") is None:
                log(f"-- {case.key}: no config ran correctly; nothing to compare")
            else:
                side_by_side(run, case, program, tune_row, energy_row)
            done.append(case.key)
            write_summary([args.out], args.out, plots=False)
    except harness.DeviceLost as exc:
        status = f"device lost: {exc}"
        log(f"STOPPING: {exc}")
    except KeyboardInterrupt:
        status = "interrupted"
        log("interrupted; writing the summary of what finished")
    finally:
        signal.signal(signal.SIGTERM, previous_term)
        left = [c.key for c in cases if c.key not in done]
        run.results.write({"type": "end", "status": status, "elapsed_s": run.elapsed, "not_finished": left})
        run.records.close()
        run.results.close()
        db.close()
        rows = write_summary([args.out], args.out, plots=False)
        log(f"wrote {args.out / 'records.jsonl'}, {args.out / 'results.jsonl'}, {args.out / 'summary.md'}; "
            f"plots: python3 benchmarks/tune.py --report {args.out}")
        if left:
            log(f"not finished: {', '.join(left)}; run them with --only {','.join(left)} --out OTHER_DIR, then "
                f"--report {args.out} OTHER_DIR --out MERGED")
    print(f"\nrun status: {status}; {run.elapsed:.0f} s", flush=True)
    print(text_table(rows), flush=True)
    if status.startswith("device lost"):
        return 3
    return 0 if status == "finished" and all(r["tilefuse_ms"] is not None for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
