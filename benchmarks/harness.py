"""Shared GPU benchmark harness: device facts, measured ceilings, L2-rotating timing, checks, reports.

Every benchmark script (``benchmarks/gemm.py`` and those that follow it) builds on these pieces:

* :func:`device_info` and :func:`measure_ceilings` describe the machine; the roofline of every case is
  computed from the ceilings measured in the same run, never from datasheet numbers.
* :func:`bench` times a callable while rotating among several input sets whose total size exceeds twice
  the L2 cache, so that what gets measured is a kernel reading its operands from HBM.
* :func:`check` compares an output with an fp64 reference; :func:`run_tilefuse_configs` and
  :func:`run_anchor` turn a case into :class:`Record` rows (a wrong tilefuse config is never timed).
* :class:`ResultLog` appends each record to a JSONL file as soon as it exists, so a killed run loses
  nothing; :func:`write_results` writes the JSON and Markdown reports and :func:`plot_results` a chart.

This module does not import tilefuse (a script sets ``TRITON_INTERPRET`` first, for ``--dry-run``), and
triton is imported only inside the functions that time on a GPU. ``rich`` and ``matplotlib`` are optional.

``python benchmarks/harness.py report A.jsonl [B.jsonl ...] --out DIR --name gemm`` rebuilds the
reports from one or more JSONL logs (for example the pieces of a run split over several invocations).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch

try:  # optional: nicer console output where available
    from rich.console import Console

    _CONSOLE = Console(highlight=False) if sys.stdout.isatty() else None
except ImportError:  # the GPU box may not have rich
    _CONSOLE = None

TILEFUSE = "tilefuse"
DEFAULT_L2_BYTES = 50 * 2**20  # H100 / H200; used only when the device does not report its L2 size


def log(msg: str = "") -> None:
    """Print a progress line immediately (plain text unless stdout is a terminal and rich is installed)."""
    if _CONSOLE is not None:
        _CONSOLE.print(msg, markup=False)
    else:
        print(msg, flush=True)


# ------------------------------------------------------------------------------------------ the machine


def _run_cmd(cmd: Sequence[str]) -> str | None:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def git_revision() -> str | None:
    """$GIT_REV when set (a copy whose .git is stale or absent, as on the device), else ``git rev-parse HEAD`` of the
    repository holding this file, with ``-dirty`` for uncommitted changes."""
    if os.environ.get("GIT_REV"):
        return os.environ["GIT_REV"]
    rev = _run_cmd(["git", "-C", str(Path(__file__).resolve().parent), "rev-parse", "HEAD"])
    if rev is None:
        return None
    dirty = _run_cmd(["git", "-C", str(Path(__file__).resolve().parent), "status", "--porcelain"])
    return rev + ("-dirty" if dirty else "")


def utc_now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def device_info(device: torch.device | str = "cuda") -> dict:
    """Name, SM count, capability, memory, L2, driver and library versions, git revision, UTC date."""
    device = torch.device(device)
    info: dict = {
        "date_utc": utc_now(),
        "git_revision": git_revision(),
        "host": platform.node(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "triton": _triton_version(),
        "device_type": device.type,
    }
    if device.type == "cuda":
        props = torch.cuda.get_device_properties(device)
        info.update({
            "name": props.name,
            "sm_count": props.multi_processor_count,
            "capability": f"{props.major}.{props.minor}",
            "memory_gib": round(props.total_memory / 2**30, 1),
            "l2_bytes": getattr(props, "L2_cache_size", None),
            "cuda_runtime": torch.version.cuda,
            "driver": _run_cmd(["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"]),
        })
    else:
        info.update({"name": f"CPU ({platform.processor() or platform.machine()})", "sm_count": None,
                     "capability": None, "memory_gib": None, "l2_bytes": None, "cuda_runtime": None,
                     "driver": None, "cpu_threads": torch.get_num_threads()})
    return info


def _triton_version() -> str | None:
    try:
        import triton
    except ImportError:
        return None
    return triton.__version__


def l2_bytes(device: torch.device | str) -> int:
    device = torch.device(device)
    if device.type == "cuda":
        size = getattr(torch.cuda.get_device_properties(device), "L2_cache_size", 0)
        return size or DEFAULT_L2_BYTES
    return DEFAULT_L2_BYTES


def sync(device: torch.device | str) -> None:
    if torch.device(device).type == "cuda":
        torch.cuda.synchronize(device)


class DeviceLost(RuntimeError):
    """The CUDA context is unusable (an illegal memory access, a device-side assert): stop the run."""


def device_ready(dry_run: bool) -> bool:
    """Whether a benchmark can start: a CUDA device for a real run (else an error line); a warning for a dry run
    whose interpreter was not chosen before triton was imported."""
    if dry_run and os.environ.get("TRITON_INTERPRET") != "1":
        log("warning: --dry-run without TRITON_INTERPRET=1 set before triton was imported")
    if not dry_run and not torch.cuda.is_available():
        log("error: no CUDA device; use --dry-run on a CPU machine")
        return False
    return True


def assert_device_ok(device: torch.device | str) -> None:
    """Raise :class:`DeviceLost` if the device no longer synchronizes (CUDA errors are sticky)."""
    if torch.device(device).type != "cuda":
        return
    try:
        torch.cuda.synchronize(device)
    except Exception as exc:  # noqa: BLE001 - any failure here means the context is gone
        raise DeviceLost(f"the CUDA context is no longer usable: {exc}") from exc


def measure_ceilings(device: torch.device | str = "cuda", dtype: torch.dtype = torch.bfloat16,
                     dry_run: bool = False) -> dict:
    """Measured peaks of this machine: dense matmul TFLOP/s in ``dtype`` and device-to-device copy GB/s.

    On a GPU: ``torch.matmul`` of two random 8192x8192 matrices (median time), and a copy of a 2 GiB
    tensor counting the bytes read plus the bytes written. With ``dry_run`` (CPU), tiny sizes and
    ``time.perf_counter`` are used instead, only to exercise the code path.
    """
    device = torch.device(device)
    n, copy_bytes = (256, 16 * 2**20) if dry_run else (8192, 2 * 2**30)
    gen = torch.Generator(device=device).manual_seed(1234)

    def matmul_inputs(_):
        return tuple(torch.randn(n, n, device=device, dtype=dtype, generator=gen) for _ in range(2))

    def copy_inputs(_):
        src = torch.empty(copy_bytes // 4, device=device, dtype=torch.float32).uniform_(generator=gen)
        return torch.empty_like(src), src

    mm_ms = bench(torch.matmul, matmul_inputs, 1, dry_run=dry_run)
    copy_ms = bench(lambda dst, src: dst.copy_(src), copy_inputs, 1, dry_run=dry_run)
    if device.type == "cuda":
        torch.cuda.empty_cache()
    return {
        "peak_tflops": 2 * n**3 / (mm_ms * 1e-3) / 1e12,
        "bandwidth_gbs": 2 * copy_bytes / (copy_ms * 1e-3) / 1e9,
        "matmul": {"n": n, "dtype": str(dtype).removeprefix("torch."), "ms": mm_ms},
        "copy": {"bytes": copy_bytes, "counted_bytes": 2 * copy_bytes, "ms": copy_ms},
        "dry_run": dry_run,
    }


# --------------------------------------------------------------------------------------------- timing


def sets_needed(bytes_per_set: int, l2: int, *, min_sets: int = 2, max_sets: int = 64) -> int:
    """How many input sets to rotate through so that together they exceed twice the L2 cache."""
    return max(min_sets, min(max_sets, 2 * l2 // max(1, bytes_per_set) + 1))


def bench(fn: Callable, make_inputs: Callable[[int], tuple], n_sets: int, *, warmup: int = 25,
          rep: int = 100, dry_run: bool = False, dry_reps: int = 3) -> float:
    """Median milliseconds of ``fn(*inputs)``, cycling through ``n_sets`` input sets.

    ``make_inputs(i)`` builds set ``i`` once, up front; the timed callable takes the next set on every
    call, so consecutive calls never find their operands in L2 (size the sets with :func:`sets_needed`).
    On a GPU this is ``triton.testing.do_bench(return_mode="median")`` (which also flushes L2 between
    calls and records CUDA events around each call, so it measures GPU time). With ``dry_run`` the
    median of ``dry_reps`` calls timed with ``time.perf_counter`` is returned instead.
    """
    sets = [tuple(make_inputs(i)) for i in range(n_sets)]
    state = {"i": 0}

    def step():
        i = state["i"]
        state["i"] = (i + 1) % n_sets
        return fn(*sets[i])

    if dry_run:
        step()  # warm-up: first-call costs (compilation, page faults) are not what is measured
        times = []
        for _ in range(dry_reps):
            t0 = time.perf_counter()
            step()
            times.append((time.perf_counter() - t0) * 1e3)
        return statistics.median(times)

    from triton.testing import do_bench

    return float(do_bench(step, warmup=warmup, rep=rep, return_mode="median"))


def bench_graph(fn: Callable, make_inputs: Callable[[int], tuple], n_sets: int, *, replays: int = 30) -> float:
    """Median device milliseconds per call, from CUDA-graph replays of ``fn`` over every input set.

    One graph holds one call per input set (rotating through more than the L2 between calls), so a
    replay times the kernels alone: no Python launcher overhead, no idle GPU between launches. Each
    replay is timed with CUDA events; the median over replays is divided by the calls per replay.
    """
    sets = [tuple(make_inputs(i)) for i in range(n_sets)]
    stream = torch.cuda.Stream()
    stream.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(stream):
        for s in sets:  # warm up on the capture stream: compilation and autotuning stay out of the graph
            fn(*s)
    torch.cuda.current_stream().wait_stream(stream)
    torch.cuda.synchronize()
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        for s in sets:
            fn(*s)
    return replay_ms(graph, replays) / n_sets


def replay_ms(graph, replays: int = 30) -> float:
    """Median milliseconds of one replay of a captured CUDA graph (after three untimed ones), CUDA events."""
    for _ in range(3):
        graph.replay()
    times = []
    for _ in range(replays):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        graph.replay()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    return statistics.median(times)


def bench_both(fn: Callable, make_inputs: Callable[[int], tuple], n_sets: int, rec, dry_run: bool) -> None:
    """Set ``rec.ms`` to the CUDA-graph device time and ``rec.extra['eager_ms']`` to the eager call time
    (launcher overhead included); without a graph (dry run, or capture fails) ``rec.ms`` is eager."""
    eager = bench(fn, make_inputs, n_sets, dry_run=dry_run)
    rec.extra["eager_ms"] = eager
    rec.ms = eager
    if dry_run:
        return
    try:
        rec.ms = bench_graph(fn, make_inputs, n_sets)
        rec.extra["timing"] = "cuda-graph"
    except Exception as exc:  # noqa: BLE001
        assert_device_ok("cuda")
        rec.extra["timing"] = "eager (graph capture failed: " + _short_error(exc, 120) + ")"


def check(out: torch.Tensor, ref: torch.Tensor) -> float:
    """Relative error ``||out - ref|| / ||ref||`` in fp64.

    Returns inf when ``out`` has a NaN or inf where ``ref`` is finite, so a NaN always fails the check.
    """
    out = out.detach().to(torch.float64)
    ref = ref.detach().to(torch.float64)
    if out.shape != ref.shape:
        raise ValueError(f"output shape {tuple(out.shape)} != reference shape {tuple(ref.shape)}")
    if bool((~torch.isfinite(out) & torch.isfinite(ref)).any()):
        return math.inf
    denom = torch.linalg.vector_norm(ref).item()
    num = torch.linalg.vector_norm(out - ref).item()
    if denom == 0.0:
        return 0.0 if num == 0.0 else math.inf
    return num / denom


# -------------------------------------------------------------------------------------------- records


@dataclass
class Record:
    """One measured (or failed) implementation of one case.

    ``status`` is ``ok`` (checked and timed), ``wrong`` (rel_err >= tolerance; tilefuse configs in this
    state are never timed), ``invalid_config`` (``ConfigError`` at compile), ``error`` (any other failure)
    or ``skipped``.
    """

    bench: str  # the benchmark script: "gemm"
    shape: str  # human label of the case's sizes: "4096x4096x4096"
    dims: dict  # {"M": 4096, "N": 4096, "K": 4096}
    variant: str  # "plain", "bias_gelu", ...
    dtype: str  # "bf16"
    impl: str  # "tilefuse", "cublas", "torch.compile", ...
    flops: float  # useful floating-point operations of the case
    bytes: float  # minimum bytes moved: every input read once, every output written once
    config: dict | None = None
    status: str = "ok"
    rel_err: float | None = None
    ms: float | None = None
    tflops: float | None = None
    gbs: float | None = None
    roofline_tflops: float | None = None
    pct_roofline: float | None = None
    best: bool = False  # the fastest correct tilefuse config of its case
    compile_s: float | None = None  # tilefuse compile() / first call of an anchor (includes torch.compile)
    n_sets: int | None = None
    error: str | None = None
    extra: dict = field(default_factory=dict)

    def finish(self, ceilings: dict | None) -> Record:
        """Fill throughput and roofline columns from ``ms`` and the run's measured ceilings."""
        if self.ms is not None and self.ms > 0:
            self.tflops = self.flops / (self.ms * 1e-3) / 1e12
            self.gbs = self.bytes / (self.ms * 1e-3) / 1e9
        self.roofline_tflops = roofline_tflops(self.flops, self.bytes, ceilings)
        if self.tflops is not None and self.roofline_tflops:
            self.pct_roofline = 100.0 * self.tflops / self.roofline_tflops
        return self


def roofline_tflops(flops: float, nbytes: float, ceilings: dict | None) -> float | None:
    """min(peak TFLOP/s, bandwidth x arithmetic intensity), from ceilings measured in the same run."""
    if not ceilings or nbytes <= 0:
        return None
    intensity = flops / nbytes  # flop per byte
    return min(ceilings["peak_tflops"], ceilings["bandwidth_gbs"] * intensity / 1e3)


def config_label(config: dict | None) -> str:
    """Compact form of a tilefuse config: ``128x128x64 w8 s3 g8`` (+ ``sk4 reduce`` when split).

    Only the tile sizes a config has are shown (an attention config is ``128x64 w8 s3``); other keys
    follow as ``KEY=value``.
    """
    if not config:
        return "-"
    c = dict(config)
    tiles = [str(c.pop(key)) for key in ("BLOCK_M", "BLOCK_N", "BLOCK_K") if key in c]
    parts = ["x".join(tiles)] if tiles else []
    for key, short in (("num_warps", "w"), ("num_stages", "s"), ("GROUP_M", "g")):
        if key in c:
            parts.append(f"{short}{c.pop(key)}")
    split = c.pop("SPLIT_K", 1)
    mode = c.pop("SPLIT_K_MODE", None)
    if split and split > 1:
        parts.append(f"sk{split}" + (f" {mode}" if mode else ""))
    parts += [f"{k}={v}" for k, v in sorted(c.items())]
    return " ".join(parts)


def _short_error(exc: BaseException, limit: int = 400) -> str:
    text = f"{type(exc).__name__}: {exc}".strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ------------------------------------------------------------------------------------- running a case


def run_tilefuse_configs(program, configs: Sequence[dict], *, dtype: str, sets: Sequence[tuple],
                         make_out: Callable[[], torch.Tensor], ref: torch.Tensor, tol: float, base: dict,
                         ceilings: dict | None, device, config_error: type[Exception],
                         on_record: Callable[[Record], None] = lambda r: None, dry_run: bool = False,
                         check_view: Callable[[torch.Tensor], torch.Tensor] | None = None,
                         ) -> tuple[list[Record], str | None]:
    """Compile, check and time each config of a tilefuse program on one case.

    Each compiled kernel first writes into a NaN-filled ``out=`` buffer for ``sets[0]``; its error
    against ``ref`` must be below ``tol`` or the config is recorded as ``wrong`` and not timed. Correct
    configs are timed rotating through ``sets`` (each with its own output buffer). Returns the records
    (the fastest correct one has ``best=True``) and the Triton source of the best kernel.

    ``check_view(out)``, when given, picks the part of the output that ``ref`` covers (a reference of a
    few rows, where one of the whole output would be too slow).
    """
    records: list[Record] = []
    sources: dict[int, str] = {}
    for config in configs:
        rec = Record(**base, impl=TILEFUSE, config=dict(config), n_sets=len(sets))
        try:
            t0 = time.perf_counter()
            kernel = program.compile(dtype=dtype, config=dict(config))
            rec.compile_s = time.perf_counter() - t0
        except config_error as exc:
            rec.status, rec.error = "invalid_config", _short_error(exc)
        except Exception as exc:  # noqa: BLE001 - record it and go on with the next config
            rec.status, rec.error = "error", "compile: " + _short_error(exc)
        if rec.status == "ok":
            try:
                _check_and_time(rec, kernel, sets, make_out, ref, tol, device, dry_run, check_view)
            except DeviceLost as exc:  # keep the culprit in the log, then stop the run
                rec.status, rec.error = "error", str(exc)
                on_record(rec.finish(ceilings))
                log(f"    tilefuse {config_label(config):<28} {_status_text(rec)}")
                raise
            if rec.status == "ok":
                sources[len(records)] = getattr(kernel, "source", None)
        records.append(rec.finish(ceilings))
        on_record(rec)
        log(f"    tilefuse {config_label(config):<28} {_status_text(rec)}")
    timed = [i for i, r in enumerate(records) if r.status == "ok" and r.ms is not None]
    if not timed:
        return records, None
    best = min(timed, key=lambda i: records[i].ms)
    records[best].best = True
    return records, sources.get(best)


def _check_and_time(rec: Record, kernel, sets, make_out, ref, tol, device, dry_run, check_view=None) -> None:
    try:
        out = make_out().fill_(float("nan"))
        t0 = time.perf_counter()
        kernel(*sets[0], out=out)
        sync(device)
        rec.extra["first_call_s"] = time.perf_counter() - t0  # includes Triton's JIT compile
        rec.rel_err = check(out if check_view is None else check_view(out), ref)
        del out
    except Exception as exc:  # noqa: BLE001
        assert_device_ok(device)
        rec.status, rec.error = "error", "first launch: " + _short_error(exc)
        return
    if not rec.rel_err < tol:
        rec.status = "wrong"
        return
    outs = [make_out() for _ in sets]
    try:
        bench_both(lambda *a: kernel(*a[:-1], out=a[-1]), lambda i: (*sets[i], outs[i]), len(sets), rec,
                   dry_run)
    except Exception as exc:  # noqa: BLE001
        assert_device_ok(device)
        rec.status, rec.error = "error", "timing: " + _short_error(exc)


def run_anchor(impl: str, fn: Callable, *, sets: Sequence[tuple], ref: torch.Tensor, tol: float, base: dict,
               ceilings: dict | None, device, dry_run: bool = False,
               check_view: Callable[[torch.Tensor], torch.Tensor] | None = None) -> Record:
    """Check and time a baseline ``fn(*inputs) -> out`` (timed even when its error exceeds ``tol``:
    the anchor is the yardstick, and its status says whether it was right). ``check_view`` is as in
    :func:`run_tilefuse_configs`."""
    rec = Record(**base, impl=impl, n_sets=len(sets))
    try:
        t0 = time.perf_counter()
        out = fn(*sets[0])
        sync(device)
        rec.compile_s = time.perf_counter() - t0
        rec.rel_err = check(out if check_view is None else check_view(out), ref)
        del out
        if not rec.rel_err < tol:
            rec.status = "wrong"
        bench_both(fn, lambda i: sets[i], len(sets), rec, dry_run)
    except Exception as exc:  # noqa: BLE001
        rec.status, rec.error = "error", _short_error(exc)
        assert_device_ok(device)  # raises DeviceLost if this failure took the CUDA context with it
    rec.finish(ceilings)
    log(f"    {impl:<37} {_status_text(rec)}")
    return rec


def _status_text(rec: Record) -> str:
    err = f"err={rec.rel_err:.2e}" if rec.rel_err is not None else ""
    if rec.ms is not None:
        roof = f" {rec.pct_roofline:5.1f}% roof" if rec.pct_roofline is not None else ""
        return f"{rec.status:<6} {rec.ms:9.4f} ms {rec.tflops:8.2f} TFLOP/s{roof}  {err}"
    return f"{rec.status:<6} {err} {rec.error or ''}".rstrip()


# ------------------------------------------------------------------------------------------- results


class ResultLog:
    """Append-only JSONL log: a ``meta`` line first, then one ``record`` line per record, flushed and
    fsynced as it is written, then a final ``meta`` line (``finished``) when the run ends normally."""

    def __init__(self, path: Path | str, meta: dict):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._f = open(self.path, "w")  # noqa: SIM115 - closed in close()
        self.records: list[Record] = []
        self._write({"type": "meta", **meta})

    def _write(self, obj: dict) -> None:
        self._f.write(json.dumps(obj, default=_json_default) + "\n")
        self._f.flush()
        os.fsync(self._f.fileno())

    def append(self, rec: Record) -> None:
        self.records.append(rec)
        self._write({"type": "record", **asdict(rec)})

    def close(self, meta: dict | None = None) -> None:
        if meta is not None:
            self._write({"type": "meta", **meta})
        self._f.close()


def _json_default(obj):
    if isinstance(obj, (torch.dtype, torch.device, Path)):
        return str(obj)
    raise TypeError(f"cannot serialise {type(obj).__name__}")


def _clean(value):
    """JSON has no inf/NaN: write them as strings."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def load_jsonl(paths: Sequence[Path | str]) -> tuple[list[Record], dict]:
    """Records and the merged meta (later lines win) of one or more JSONL logs."""
    records, meta = [], {}
    names = {f.name for f in Record.__dataclass_fields__.values()}
    for path in paths:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError:  # a line cut short by a killed run
                    continue
                kind = obj.pop("type", None)
                if kind == "meta":
                    meta.update(obj)
                elif kind == "record":
                    records.append(Record(**{k: v for k, v in obj.items() if k in names}))
    return records, meta


def _groups(records: Sequence[Record]) -> dict[tuple[str, str], list[Record]]:
    groups: dict[tuple[str, str], list[Record]] = {}
    for r in records:
        groups.setdefault((r.shape, r.variant), []).append(r)
    return groups


def _anchors(records: Sequence[Record]) -> list[str]:
    seen: list[str] = []
    for r in records:
        if r.impl != TILEFUSE and r.impl not in seen:
            seen.append(r.impl)
    return seen


def summarize(records: Sequence[Record]) -> list[dict]:
    """One row per (shape, variant): tilefuse best, each anchor, throughput ratios, config counts."""
    rows = []
    anchors = _anchors(records)
    for (shape, variant), recs in _groups(records).items():
        tf = [r for r in recs if r.impl == TILEFUSE]
        timed = [r for r in tf if r.status == "ok" and r.ms is not None]
        best = min(timed, key=lambda r: r.ms) if timed else None  # not r.best: JSONL lines predate it
        row = {"shape": shape, "variant": variant, "dtype": recs[0].dtype, "tilefuse": best,
               "roofline_tflops": recs[0].roofline_tflops,
               "counts": {s: sum(r.status == s for r in tf) for s in
                          ("ok", "wrong", "invalid_config", "error")},
               "anchors": {}, "ratios": {}}
        for name in anchors:
            rec = next((r for r in recs if r.impl == name), None)
            row["anchors"][name] = rec
            if best is not None and rec is not None and rec.ms:
                row["ratios"][name] = rec.ms / best.ms  # tilefuse throughput / anchor throughput
        rows.append(row)
    return rows


def _fmt(value, spec: str, missing: str = "-") -> str:
    return missing if value is None else format(value, spec)


def _anchor_cell(rec: Record | None, spec: str, attr: str) -> str:
    if rec is None:
        return "-"
    if rec.ms is None:
        return rec.status
    return _fmt(getattr(rec, attr), spec)


def _eager(rec: Record | None) -> str:
    return _fmt((rec.extra or {}).get("eager_ms") if rec else None, ".4f")


def markdown_report(records: Sequence[Record], meta: dict, title: str, shape_header: str = "shape (MxNxK)") -> str:
    """The Markdown report: run header, one summary row per case, then every tilefuse config."""
    dev, ceil = meta.get("device", {}), meta.get("ceilings") or {}
    lines = [f"# {title}", ""]
    lines.append(f"- device: {dev.get('name')} ({dev.get('sm_count')} SMs, sm_{dev.get('capability')}, "
                 f"{dev.get('memory_gib')} GiB, L2 {_fmt(dev.get('l2_bytes'), 'd')} B), driver "
                 f"{dev.get('driver')}, CUDA {dev.get('cuda_runtime')}")
    lines.append(f"- torch {dev.get('torch')}, triton {dev.get('triton')}, git {dev.get('git_revision')}, "
                 f"date {dev.get('date_utc')}")
    if ceil:
        lines.append(f"- measured ceilings: matmul {ceil['peak_tflops']:.1f} TFLOP/s "
                     f"({ceil['matmul']['dtype']}, {ceil['matmul']['n']}^3), copy "
                     f"{ceil['bandwidth_gbs']:.0f} GB/s (read + write)")
    if meta.get("args"):
        lines.append(f"- args: `{' '.join(meta['args'])}`")
    if meta.get("tolerance") is not None:
        lines.append(f"- correctness: rel. error vs fp64 reference < {meta['tolerance']}"
                     + (f" ({meta['check_note']})" if meta.get("check_note") else ""))
    if meta.get("dry_run"):
        lines.append("- **DRY RUN** (CPU, TRITON_INTERPRET=1, perf_counter timings): numbers are meaningless")
    lines.append("")

    anchors = _anchors(records)
    head = [shape_header, "variant", "tilefuse ms", "TFLOP/s", "GB/s", "% roof", "eager ms"]
    for a in anchors:
        head += [f"{a} ms", f"{a} TFLOP/s", f"% roof {a}", f"tilefuse/{a}", f"{a} eager ms"]
    head += ["best config", "configs ok/wrong/inv/err"]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in summarize(records):
        best = row["tilefuse"]
        cells = [row["shape"], row["variant"], _anchor_cell(best, ".4f", "ms"),
                 _anchor_cell(best, ".1f", "tflops"), _anchor_cell(best, ".0f", "gbs"),
                 _anchor_cell(best, ".1f", "pct_roofline"), _eager(best)]
        for a in anchors:
            rec = row["anchors"][a]
            cells += [_anchor_cell(rec, ".4f", "ms"), _anchor_cell(rec, ".1f", "tflops"),
                      _anchor_cell(rec, ".1f", "pct_roofline"), _fmt(row["ratios"].get(a), ".2f"), _eager(rec)]
        c = row["counts"]
        cells += [config_label(best.config) if best else "-",
                  f"{c['ok']}/{c['wrong']}/{c['invalid_config']}/{c['error']}"]
        lines.append("| " + " | ".join(cells) + " |")

    lines += ["", "`tilefuse/X` = X ms / tilefuse ms (> 1: tilefuse is faster). `% roof` = TFLOP/s / "
              "min(peak, bandwidth x flop/byte), with the ceilings above. `ms` is device time from CUDA-graph "
              "replays over rotating input sets; `eager ms` is `do_bench` on plain calls, launch overhead "
              "included.", "",
              "## Every tilefuse config", "",
              "| shape | variant | config | status | rel err | ms | TFLOP/s | compile s | note |",
              "|---|---|---|---|---|---|---|---|---|"]
    for r in records:
        if r.impl != TILEFUSE:
            continue
        note = (r.error or "").replace("|", "\\|").replace("\n", " ")[:160]
        label = config_label(r.config) + (" **best**" if r.best else "")
        cells = [r.shape, r.variant, label, r.status, _fmt(r.rel_err, ".2e"), _fmt(r.ms, ".4f"),
                 _fmt(r.tflops, ".1f"), _fmt(r.compile_s, ".2f"), note]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)


def text_summary(records: Sequence[Record]) -> str:
    """A compact fixed-width table for the end of the console output."""
    anchors = _anchors(records)
    rows = summarize(records)
    widths = [max([16, *(len(r["shape"]) for r in rows)]), max([10, *(len(r["variant"]) for r in rows)]),
              9, 8, 6] + [13, 11] * len(anchors)
    head = ["shape", "variant", "tf ms", "TFLOP/s", "%roof"]
    for a in anchors:
        head += [f"{a[:10]} ms", f"x{a[:10]}"]
    lines = [_row(head, widths) + "  best config"]
    lines.append("-" * len(lines[0]))
    for row in rows:
        best = row["tilefuse"]
        cells = [row["shape"], row["variant"], _fmt(best and best.ms, ".4f", "n/a"),
                 _fmt(best and best.tflops, ".1f", "n/a"), _fmt(best and best.pct_roofline, ".1f", "n/a")]
        for a in anchors:
            rec = row["anchors"][a]
            cells += [_fmt(rec and rec.ms, ".4f", rec.status if rec else "n/a"),
                      _fmt(row["ratios"].get(a), ".2f", "n/a")]
        best_cfg = config_label(best.config) if best else "(no correct config)"
        lines.append(_row(cells, widths) + "  " + best_cfg)
    return "\n".join(lines)


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    """Left-align the first two cells (labels), right-align the numbers."""
    pairs = enumerate(zip(cells, widths, strict=True))
    return " ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in pairs)


def write_results(records: Sequence[Record], meta: dict, out_dir: Path | str, name: str,
                  title: str | None = None, shape_header: str = "shape (MxNxK)") -> dict[str, Path]:
    """Write ``NAME.json`` (meta, ceilings, every record) and ``NAME.md``; returns their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / f"{name}.json", out_dir / f"{name}.md"
    payload = {"meta": meta, "ceilings": meta.get("ceilings"), "records": [asdict(r) for r in records]}
    json_path.write_text(json.dumps(_clean(payload), indent=1, default=_json_default) + "\n")
    md_path.write_text(markdown_report(records, meta, title or f"{name} benchmark", shape_header))
    return {"json": json_path, "md": md_path}


def plot_results(json_path: Path | str, png_path: Path | str) -> Path | None:
    """Grouped bar chart of TFLOP/s per case (tilefuse best vs each anchor), roofline as a tick.

    Returns None (and does nothing) when matplotlib is not installed.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    data = json.loads(Path(json_path).read_text())
    names = {f.name for f in Record.__dataclass_fields__.values()}
    records = [Record(**{k: v for k, v in r.items() if k in names}) for r in data["records"]]
    rows = summarize(records)
    if not rows:
        return None
    impls = [TILEFUSE, *_anchors(records)]
    width = 0.8 / len(impls)
    fig, ax = plt.subplots(figsize=(max(6.0, 1.1 * len(rows) + 2), 4.5))
    for j, impl in enumerate(impls):
        values = []
        for row in rows:
            rec = row["tilefuse"] if impl == TILEFUSE else row["anchors"].get(impl)
            values.append(rec.tflops if rec is not None and rec.tflops is not None else 0.0)
        ax.bar([i + (j - (len(impls) - 1) / 2) * width for i in range(len(rows))], values, width, label=impl)
    for i, row in enumerate(rows):
        if row["roofline_tflops"]:
            ax.hlines(row["roofline_tflops"], i - 0.45, i + 0.45, colors="black", linestyles="dashed",
                      label="roofline" if i == 0 else None)
    positive = [r["roofline_tflops"] for r in rows if r["roofline_tflops"]]
    if positive and max(positive) > 50 * min(positive):  # decode-like and square GEMMs on one chart
        ax.set_yscale("log")
    ax.set_xticks(range(len(rows)))
    ax.set_xticklabels([f"{r['shape']}\n{r['variant']}" for r in rows], rotation=45, ha="right", fontsize=8)
    ax.set_ylabel("TFLOP/s")
    dev = data.get("meta", {}).get("device", {})
    ax.set_title(f"{Path(json_path).stem}: {dev.get('name', '')} {rows[0]['dtype']}")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(png_path, dpi=120)
    plt.close(fig)
    return Path(png_path)


# ------------------------------------------------------------------------------------------------ CLI


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    rep = sub.add_parser("report", help="rebuild JSON/Markdown/PNG reports from JSONL logs")
    rep.add_argument("jsonl", nargs="+", help="JSONL logs written by a benchmark run (merged in order)")
    rep.add_argument("--out", required=True, help="output directory")
    rep.add_argument("--name", default="merged", help="file name stem of the reports")
    args = parser.parse_args(argv)
    records, meta = load_jsonl(args.jsonl)
    paths = write_results(records, meta, args.out, args.name)
    png = plot_results(paths["json"], Path(args.out) / f"{args.name}.png")
    print(text_summary(records))
    print("wrote", *paths.values(), png or "(no matplotlib: no plot)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
