"""Sparsity benchmark (issue 4): attention and GEMM time vs block density; structured masks vs FlexAttention.

The cost of building the block tables (and Flex's block masks) is reported on its own.

Run on a GPU box from the repository root::

    PYTHONPATH=. python3 benchmarks/sparsity.py --out OUT_DIR [--time-budget 330] [--only attention,masks]
        [--seqs 4096,8192] [--densities 0.05,0.1,0.5,1] [--no-flex]

on a CPU machine (Triton interpreter, tiny shapes, no FlexAttention; it only proves the code paths)::

    PYTHONPATH=. python3 benchmarks/sparsity.py --dry-run --out /tmp/sparsedry

and anywhere (matplotlib needed for the plot) to rebuild ``summary.md`` and ``density.png`` from a run::

    python3 benchmarks/sparsity.py --report OUT_DIR [--out ANOTHER_DIR]

Three parts (``--only``), run in this order for each sequence length: attention, masks, then gemm once:

attention  B=4, H=32, D=128, S in --seqs, random 128x128-block masks at each density, as the programs of
           ``examples/attention/mask_tensor.py`` (an int8 [B, S, S] mask, whole blocks kept) and
           ``topk_blocks.py`` (BS=128, a selection per batch, head and query block). Each query block keeps
           the same number of key blocks, round(density x S/128), at least one. The dense time is the 100%
           run of the same program; ``examples/attention/plain.py`` is timed as a second reference.
           FlexAttention gets a block mask from ``create_block_mask`` over the same mask_mod (BLOCK_SIZE=128).
masks      causal, sliding window (1024), prefix-LM (prefix 1024) and packed documents (as
           benchmarks/attention.py builds them), from their examples, against FlexAttention.
gemm       4096^3, ``x @ w`` and ``gelu(x @ w + b)`` with w block-sparse (``compile(sparse=("w",))``,
           ``kernel.pack``) at each density and for several block sizes, against the same program compiled
           dense and cuBLAS.

Build times. A tilefuse kernel whose mask is not one affine key range builds a block table on the device
and caches it (``kernel.module._TABLES``). Its build time is median(cold call) - median(warm call), a cold
call being one after ``_TABLES.clear()``, both timed on the host clock with the device synchronized
(``build_ms``, what a caller pays), and also the CUDA-graph device time of cold calls minus that of warm
calls (``build_device_ms``). Causal and sliding windows use loop bounds: no table, 0 ms. Flex's
``create_block_mask`` is timed on the host clock the same way, compiled (``_compile=True``) and eager,
first call apart; the kernel+build ratios take its faster steady build.

Correctness comes first: each kernel writes into a NaN-poisoned output, and a slice is compared with an
fp64 reference (attention: batches {0, B/2, B-1}, heads {0, H/2, H-1}, 256 query rows, as in
benchmarks/attention.py; GEMM: 256 rows of ``x @ (w * mask)``). A wrong result is recorded, never timed.
Kernel times are medians of CUDA-graph replays over rotating input sets (``harness.bench_both``).
"""

import argparse
import functools
import importlib.util
import math
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# --dry-run runs the kernels in Triton's CPU interpreter, which must be chosen before triton is imported.
if __name__ == "__main__" and "--dry-run" in sys.argv[1:]:
    os.environ["TRITON_INTERPRET"] = "1"

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for `import harness` however we are started
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # this checkout's tilefuse, without PYTHONPATH

import harness  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from attention import checked_slice, document_ids, view_of  # noqa: E402

import tilefuse as tf  # noqa: E402
from tilefuse.errors import ConfigError  # noqa: E402
from tilefuse.frontend.reference import run_reference, safe_softmax  # noqa: E402

NAME = "sparsity"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "attention"
TOLERANCE = 2e-2
GOAL = 1.15  # time / (density x dense time) to reach down to 10% density
PARTS = ("attention", "masks", "gemm")

ATTN = {"B": 4, "H": 32, "D": 128, "block": 128, "window": 1024, "prefix": 1024, "seqs": (4096, 8192)}
DRY_ATTN = {"B": 1, "H": 2, "D": 16, "block": 16, "window": 16, "prefix": 16, "seqs": (64,)}
DENSITIES = (0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0)
DRY_DENSITIES = (0.25, 0.5, 1.0)
GEMM_SHAPE = (4096, 4096, 4096)  # M, N, K
DRY_GEMM_SHAPE = (64, 64, 64)
EAGER_BLOCK_MASK_LIMIT = 2**28  # mask elements above which Flex's eager create_block_mask is not tried


def _attn_cfg(bm, bn, warps, stages) -> dict:
    return {"BLOCK_M": bm, "BLOCK_N": bn, "num_warps": warps, "num_stages": stages}


def _gemm_cfg(bm, bn, bk, warps, stages, group=8) -> dict:
    return {"BLOCK_M": bm, "BLOCK_N": bn, "BLOCK_K": bk, "num_warps": warps, "num_stages": stages, "GROUP_M": group}


# Attention: the three best prefill configs of benchmarks/attention.py on the H200 at S=4096.
ATTN_CONFIGS = [_attn_cfg(128, 64, 8, 3), _attn_cfg(128, 128, 8, 3), _attn_cfg(64, 64, 4, 3)]
DRY_ATTN_CONFIGS = [_attn_cfg(16, 16, 1, 1)]
# GEMM: the weight's block is BLOCK_K x BLOCK_N, so these try 64x128, 128x128 and 64x64 blocks.
GEMM_CONFIGS = [_gemm_cfg(128, 128, 64, 8, 4), _gemm_cfg(128, 128, 128, 8, 3), _gemm_cfg(128, 64, 64, 4, 4)]
DRY_GEMM_CONFIGS = [_gemm_cfg(16, 16, 16, 1, 1, group=1), _gemm_cfg(16, 32, 16, 1, 1, group=1)]


# ------------------------------------------------------------------------------------------- programs


@functools.cache
def load_example(stem: str, **constants) -> tf.Program:
    """The program of ``examples/attention/<stem>.py``, with module constants (BS, WINDOW, PREFIX) set;
    they are read when the program is traced."""
    spec = importlib.util.spec_from_file_location(f"example_{stem}", EXAMPLES / f"{stem}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, value in constants.items():
        if not hasattr(module, name):
            raise AttributeError(f"examples/attention/{stem}.py has no constant {name}")
        setattr(module, name, value)
    (program,) = [v for v in vars(module).values() if isinstance(v, tf.Program)]
    return program


@tf.program
def linear(x: tf.Tensor["M", "K"], w: tf.Tensor["K", "N"]):
    return tf.einsum("mk,kn->mn", x, w)


@tf.program
def linear_bias_gelu(x: tf.Tensor["M", "K"], w: tf.Tensor["K", "N"], b: tf.Tensor["N"]):
    return tf.gelu(tf.einsum("mk,kn->mn", x, w) + b)


# ---------------------------------------------------------------------------------------- the run


@dataclass
class Run:
    """What every part needs: options, device, ceilings, the JSONL log and the time budget."""

    args: argparse.Namespace
    device: torch.device
    ceilings: dict
    log: harness.ResultLog
    start: float

    @property
    def dry(self) -> bool:
        return self.args.dry_run

    @property
    def dtype(self) -> torch.dtype:
        return torch.float16 if self.dry else torch.bfloat16

    @property
    def dtype_name(self) -> str:
        return "fp16" if self.dry else "bf16"

    @property
    def reps(self) -> int:
        """Repetitions of host-clock timings (build times, packing)."""
        return 3 if self.dry else 15

    def over_budget(self, what: str, skipped: list[str]) -> bool:
        """True (and ``what`` noted as skipped) once the time budget is spent."""
        budget = self.args.time_budget
        if budget is None or time.monotonic() - self.start <= budget:
            return False
        if not skipped:
            harness.log(f"time budget of {budget:g} s exhausted after {time.monotonic() - self.start:.0f} s")
        skipped.append(what)
        harness.log(f"  skipped (time budget): {what}")
        return True

    def emit(self, rec: harness.Record, label: str) -> harness.Record:
        rec.finish(self.ceilings)
        self.log.append(rec)
        harness.log(f"    {label:<40} {_status_text(rec)}")
        return rec


def _status_text(rec: harness.Record) -> str:
    err = f"err={rec.rel_err:.2e}" if rec.rel_err is not None else ""
    if rec.ms is None:
        return f"{rec.status:<6} {err} {rec.error or ''}".rstrip()
    extra = rec.extra
    note = "".join(f" {key}={extra[key]:.4f}" for key in ("build_ms", "build_device_ms", "pack_ms")
                   if isinstance(extra.get(key), float))
    return f"{rec.status:<6} {rec.ms:9.4f} ms {rec.tflops:7.1f} TFLOP/s  {err}{note}"


def wall_ms(fn: Callable, device) -> float:
    """Host-clock milliseconds of ``fn()`` with the device synchronized before and after."""
    harness.sync(device)
    t0 = time.perf_counter()
    fn()
    harness.sync(device)
    return (time.perf_counter() - t0) * 1e3


def compile_configs(run: Run, program: tf.Program, configs: list[dict], base: dict, **compile_kwargs) -> list:
    """``[(config, kernel)]`` for the configs that compile; the others are recorded once, as failed."""
    kernels = []
    for config in configs:
        label = f"tilefuse {harness.config_label(config)}"
        try:
            t0 = time.perf_counter()
            kernel = program.compile(run.dtype_name, config=dict(config), **compile_kwargs)
            kernel.compile_s = time.perf_counter() - t0
            kernels.append((config, kernel))
            save_source(run, kernel, config)
        except ConfigError as exc:
            rec = harness.Record(**base, impl=harness.TILEFUSE, config=dict(config), status="invalid_config",
                                 error=harness._short_error(exc))
            run.emit(rec, label)
        except Exception as exc:  # noqa: BLE001 - record it and go on with the next config
            rec = harness.Record(**base, impl=harness.TILEFUSE, config=dict(config), status="error",
                                 error="compile: " + harness._short_error(exc))
            run.emit(rec, label)
    return kernels


def save_source(run: Run, kernel, config: dict, suffix: str = "") -> None:
    """Keep the generated Triton file under OUT/sources/ (the device machine keeps nothing)."""
    label = harness.config_label(config).replace(" ", "_")
    path = run.args.out / "sources" / f"{kernel.name}{suffix}_{label}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(kernel.source)


def run_checked(run: Run, impl: str, fn: Callable, *, sets, ref, view, base: dict, extra: dict | None = None):
    """An implementation tilefuse does not compile (Flex, cuBLAS): its first call is checked against the
    fp64 slice, and it is timed only when right."""
    rec = harness.Record(**base, impl=impl, n_sets=len(sets), extra=dict(extra or {}))
    try:
        t0 = time.perf_counter()
        out = fn(*sets[0])
        harness.sync(run.device)
        rec.compile_s = time.perf_counter() - t0  # first call: includes torch.compile
        rec.rel_err = harness.check(view(out), ref)
        del out
        if rec.rel_err < TOLERANCE:
            harness.bench_both(fn, lambda i: sets[i], len(sets), rec, run.dry)
        else:
            rec.status = "wrong"
    except Exception as exc:  # noqa: BLE001
        harness.assert_device_ok(run.device)
        rec.status, rec.error = "error", harness._short_error(exc)
    return run.emit(rec, impl)


def time_kernels(run: Run, kernels: list, *, impl: str, sets: list[tuple], make_out: Callable, ref, view,
                 base: dict, build: bool = False, extra: dict | None = None) -> list[harness.Record]:
    """Check (NaN-poisoned ``out=``, fp64 slice) and time each kernel on ``sets``; with ``build``, also
    time its block-table build. Records go to the log as they are made."""
    records = []
    for config, kernel in kernels:
        rec = harness.Record(**base, impl=impl, config=dict(config), n_sets=len(sets), extra=dict(extra or {}))
        rec.compile_s = getattr(kernel, "compile_s", None)
        harness._check_and_time(rec, kernel, sets, make_out, ref, TOLERANCE, run.device, run.dry, view)
        if build:
            rec.extra["key_blocks"] = skipping_mode(kernel)
            if rec.status == "ok":
                try:
                    rec.extra.update(table_build_times(run, kernel, sets, make_out, rec))
                except Exception as exc:  # noqa: BLE001 - the kernel time stands; the build time is missing
                    harness.assert_device_ok(run.device)
                    rec.extra["build_error"] = harness._short_error(exc, 200)
        records.append(run.emit(rec, f"{impl} {harness.config_label(config)}"))
    return records


def skipping_mode(kernel) -> str:
    """How the attention kernel skips key blocks: ``dense``, ``bounds`` or ``table`` (sparsity pass)."""
    for k in getattr(kernel.lowered, "kernels", []):
        skipping = getattr(k, "skipping", None)
        if skipping is not None:
            return skipping.mode
    return "table" if hasattr(kernel.module, "_TABLES") else "dense"


def table_build_times(run: Run, kernel, sets, make_out, rec: harness.Record) -> dict:
    """Block-table build time: cold calls (after ``_TABLES.clear()``) minus warm calls.

    ``build_ms`` is on the host clock, medians of alternating cold and warm calls on set 0;
    ``build_device_ms`` is CUDA-graph device time per cold call minus ``rec.ms`` (warm, same graph timing).
    """
    cache = getattr(kernel.module, "_TABLES", None)
    if cache is None:
        return {"build_ms": 0.0, "build": "none: " + skipping_mode(kernel)}
    out = make_out()
    call = lambda: kernel(*sets[0], out=out)
    cold, warm = [], []
    for _ in range(run.reps):
        cold.append(wall_ms(lambda: (cache.clear(), call()), run.device))
        warm.append(wall_ms(call, run.device))
    info = {"build": "device block table", "cold_call_ms": statistics.median(cold),
            "warm_call_ms": statistics.median(warm)}
    info["build_ms"] = max(0.0, info["cold_call_ms"] - info["warm_call_ms"])
    if run.dry or rec.extra.get("timing") != "cuda-graph":
        return info
    outs = [make_out() for _ in sets]
    try:
        cold_graph = harness.bench_graph(lambda *a: (cache.clear(), kernel(*a[:-1], out=a[-1])),
                                         lambda i: (*sets[i], outs[i]), len(sets))
        info["cold_call_graph_ms"] = cold_graph
        info["build_device_ms"] = max(0.0, cold_graph - rec.ms)
    except Exception as exc:  # noqa: BLE001
        harness.assert_device_ok(run.device)
        info["build_device_error"] = harness._short_error(exc, 200)
    finally:
        cache.clear()  # tables captured in a graph's memory pool are not for later calls
    return info


# ------------------------------------------------------------------------------------------ attention


@dataclass(frozen=True)
class Attn:
    """One attention shape; ``M`` is for ``attention.checked_slice``."""

    B: int
    H: int
    S: int
    D: int

    @property
    def M(self) -> int:
        return self.S

    @property
    def label(self) -> str:
        return f"{self.B}x{self.H}x{self.S}x{self.D}"


def make_qkv(shape: Attn, run: Run, seed: int) -> tuple[torch.Tensor, ...]:
    """q ~ N(0, 4), k, v ~ N(0, 1) (as benchmarks/attention.py): softmax rows are not flat."""
    gen = torch.Generator(device=run.device).manual_seed(seed)

    def randn(scale=1.0):
        x = torch.randn(shape.B, shape.H, shape.S, shape.D, generator=gen, device=run.device)
        return (scale * x).to(run.dtype)

    return randn(2.0), randn(), randn()


def qkv_sets(shape: Attn, run: Run) -> list[tuple]:
    nbytes = 4 * shape.B * shape.H * shape.S * shape.D * torch.empty((), dtype=run.dtype).element_size()
    n_sets = 2 if run.dry else harness.sets_needed(nbytes, harness.l2_bytes(run.device))
    return [make_qkv(shape, run, seed=1000 * i + 7) for i in range(n_sets)]


def reference_slice(keep, q, k, v, batches, heads, rows) -> torch.Tensor:
    """fp64 attention of the checked rows, [len(batches), len(heads), len(rows), D]; ``keep(b, h, m, n)``
    is the mask (None: no mask)."""
    scale = 1.0 / math.sqrt(q.shape[-1])
    m, n = rows[:, None], torch.arange(k.shape[2], device=rows.device)[None, :]
    out = torch.empty(len(batches), len(heads), len(rows), q.shape[-1], dtype=torch.float64, device=rows.device)
    for i, b in enumerate(batches):
        for j, h in enumerate(heads):
            s = (q[b, h, rows].double() @ k[b, h].double().T) * scale
            if keep is not None:
                s = s.masked_fill(~keep(b, h, m, n), -math.inf)
            out[i, j] = safe_softmax(s, -1) @ v[b, h].double()
    return out


def count_kept(keep, shape: Attn, per_batch: bool, per_head: bool, device) -> int:
    """Exact number of kept (b, h, m, n), evaluating ``keep`` in chunks of query rows."""
    if keep is None:
        return shape.B * shape.H * shape.S * shape.S
    n = torch.arange(shape.S, device=device)[None, :]
    rows = max(1, 2**24 // shape.S)
    total = 0
    for b in range(shape.B if per_batch else 1):
        for h in range(shape.H if per_head else 1):
            for start in range(0, shape.S, rows):
                m = torch.arange(start, min(shape.S, start + rows), device=device)[:, None]
                total += int(keep(b, h, m, n).sum())
    return total * (1 if per_batch else shape.B) * (1 if per_head else shape.H)


def attention_case(run: Run, *, part: str, variant: str, shape: Attn, program: tf.Program, kernels: list,
                   sets: list[tuple], keep, per_batch: bool, per_head: bool, dims: dict,
                   flex: Callable | None) -> None:
    """Check and time the tilefuse kernels (with their table build) and Flex on one mask."""
    elem = torch.empty((), dtype=run.dtype).element_size()
    kept = count_kept(keep, shape, per_batch, per_head, run.device)
    extras = sets[0][3:]
    base = {"bench": f"{NAME}/{part}", "shape": shape.label, "variant": variant, "dtype": run.dtype_name,
            "dims": {"B": shape.B, "H": shape.H, "S": shape.S, "D": shape.D, "kept_bhmn": kept,
                     "pair_density": kept / (shape.B * shape.H * shape.S**2), **dims},
            "flops": 4.0 * shape.D * kept,
            "bytes": float(4 * elem * shape.B * shape.H * shape.S * shape.D)}
    batches, heads, rows = checked_slice(shape, run.device)
    q, k, v = sets[0][:3]
    ref = reference_slice(keep, q, k, v, batches, heads, rows)
    view = view_of(batches, heads, rows)
    if shape.B * shape.H * shape.S**2 <= 2**22:  # small: check the torch mask against the program's semantics
        full = run_reference(program, *sets[0], compute_dtype=torch.float64)
        err = harness.check(view(full), ref)
        if not err < 1e-9:
            raise RuntimeError(f"{variant}: the torch mask disagrees with {program.name}'s reference semantics "
                               f"(rel err {err:.2e}); fix the benchmark")
    harness.log(f"== {part} {shape.label} {variant} {run.dtype_name}: "
                + ", ".join(f"{key} {val:.4g}" if isinstance(val, float) else f"{key} {val}"
                            for key, val in base["dims"].items() if key not in ("B", "H", "S", "D", "documents")))
    make_out = lambda: torch.empty(shape.B, shape.H, shape.S, shape.D, dtype=run.dtype, device=run.device)
    time_kernels(run, kernels, impl=harness.TILEFUSE, sets=sets, make_out=make_out, ref=ref, view=view,
                 base=base, build=bool(extras) or keep is not None)
    if flex is not None:
        run_flex(run, flex, keep, shape, per_batch, per_head, sets, ref, view, base)


def run_flex(run: Run, flex: Callable, keep, shape: Attn, per_batch: bool, per_head: bool, sets, ref, view,
             base) -> None:
    """FlexAttention with a block mask of the same ``keep`` (create_block_mask timed), checked and timed."""
    try:
        block_mask, info = flex_block_mask(run, keep, shape, per_batch, per_head)
    except Exception as exc:  # noqa: BLE001 - record it and go on
        harness.assert_device_ok(run.device)
        rec = harness.Record(**base, impl="flex", status="error", error="block mask: " + harness._short_error(exc))
        run.emit(rec, "flex")
        return
    scale = 1.0 / math.sqrt(shape.D)
    info["call"] = "flex_attention" + ("" if run.dry else " under torch.compile(dynamic=False)")
    harness.log("      flex block mask: " + ", ".join(f"{key} {val:.4g}" for key, val in info.items()
                                                       if isinstance(val, float)))
    run_checked(run, "flex", lambda q, k, v, *_: flex(q, k, v, block_mask=block_mask, scale=scale), sets=sets,
                ref=ref, view=view, base=base, extra=info)


def flex_block_mask(run: Run, keep, shape: Attn, per_batch: bool, per_head: bool):
    """``create_block_mask`` over ``keep`` (BLOCK_SIZE = the mask block), compiled (GPU) and eager (when the
    mask is small enough), each timed: first call, then the median of steady calls."""
    from torch.nn.attention.flex_attention import create_block_mask

    B, H = (shape.B if per_batch else None), (shape.H if per_head else None)
    block = run.args.attn["block"]
    modes = [("compiled", True)] if run.device.type == "cuda" else []
    if (B or 1) * (H or 1) * shape.S**2 <= EAGER_BLOCK_MASK_LIMIT:
        modes.append(("eager", False))
    info, block_mask, errors = {}, None, []
    warnings.filterwarnings("ignore", message="_compile flag on create_block_mask")  # newer torch: still works
    for name, compiled in modes:
        # ``keep`` is the mask_mod itself: one function object per mask kind, so neither the compiled
        # create_block_mask nor the compiled flex_attention recompiles from one density to the next.
        build = lambda c=compiled: create_block_mask(keep, B, H, shape.S, shape.S, device=run.device,
                                                     BLOCK_SIZE=block, _compile=c)
        try:
            info[f"build_{name}_first_ms"] = wall_ms(build, run.device)
            info[f"build_{name}_ms"] = statistics.median(wall_ms(build, run.device) for _ in range(run.reps))
            block_mask = build()
        except Exception as exc:  # noqa: BLE001 - the other mode may still work
            harness.assert_device_ok(run.device)
            errors.append(f"{name}: {harness._short_error(exc, 200)}")
            info[f"build_{name}_error"] = errors[-1]
    if block_mask is None:
        raise RuntimeError("; ".join(errors) or "no create_block_mask mode tried")
    info["build_ms"] = min(v for k, v in info.items() if k in ("build_compiled_ms", "build_eager_ms"))
    info["block_mask_sparsity_pct"] = float(block_mask.sparsity())
    return block_mask, info


def make_flex(run: Run) -> Callable | None:
    """A freshly compiled ``flex_attention`` (eager on the CPU), or None with --no-flex."""
    if run.args.no_flex:
        return None
    from torch.nn.attention.flex_attention import flex_attention

    if run.dry:
        warnings.filterwarnings("ignore", message="flex_attention called without torch.compile")
        return flex_attention
    torch._dynamo.reset()  # a fresh compile per mask kind; the densities of one kind reuse it
    return torch.compile(flex_attention, dynamic=False)


def random_block_rows(lead: tuple, nkb: int, per_row: int, gen, device) -> torch.Tensor:
    """Bool [*lead, nkb] with exactly ``per_row`` random True entries in every row."""
    order = torch.rand(*lead, nkb, generator=gen, device=device).argsort(-1)
    kept = torch.zeros(*lead, nkb, dtype=torch.bool, device=device)
    return kept.scatter_(-1, order[..., :per_row], True)


def density_kinds(block: int) -> dict:
    """The attention-vs-density programs: name -> (program, per_head, mask buffer shape, fill, keep)."""
    def mask_fill(buf, kept):  # kept [B, QB, KB] -> buf [B, S, S]
        buf.copy_(kept.repeat_interleave(block, 1).repeat_interleave(block, 2))

    def topk_fill(buf, kept):  # kept [B, H, QB, KB] = buf
        buf.copy_(kept)

    return {
        "mask_tensor": (load_example("mask_tensor"), False, lambda s: (s.B, s.S, s.S), mask_fill,
                        lambda buf: lambda b, h, m, n: buf[b, m, n] != 0),
        "topk_blocks": (load_example("topk_blocks", BS=block), True,
                        lambda s: (s.B, s.H, s.S // block, s.S // block), topk_fill,
                        lambda buf: lambda b, h, m, n: buf[b, h, m // block, n // block] != 0),
    }


def run_density_sweep(run: Run, S: int, skipped: list[str]) -> None:
    """Part 1: plain attention, then each block-mask program at every density (100% first: the dense time)."""
    a = run.args.attn
    shape = Attn(a["B"], a["H"], S, a["D"])
    block = a["block"]
    if S % block:
        raise ValueError(f"S={S} is not a multiple of the {block}-token mask block")
    nkb = S // block
    if run.over_budget(f"attention {shape.label} plain", skipped):
        return
    sets = qkv_sets(shape, run)
    plain = load_example("plain")
    kernels = compile_configs(run, plain, run.args.attn_configs, _failed_base(run, "attention", shape, "plain"))
    attention_case(run, part="attention", variant="plain", shape=shape, program=plain, kernels=kernels, sets=sets,
                   keep=None, per_batch=False, per_head=False, dims={"density": 1.0}, flex=None)
    for kind, (program, per_head, buf_shape, fill, make_keep) in density_kinds(block).items():
        if run.over_budget(f"attention {shape.label} {kind}", skipped):
            continue
        buf = torch.zeros(buf_shape(shape), dtype=torch.int8, device=run.device)
        keep = make_keep(buf)  # one mask_mod and one buffer per kind: Flex compiles once, the buffer is refilled
        kernels = compile_configs(run, program, run.args.attn_configs, _failed_base(run, "attention", shape, kind))
        flex = make_flex(run)
        kind_sets = [(*s, buf) for s in sets]
        gen = torch.Generator(device=run.device).manual_seed(S)
        for target in run.args.densities:
            if run.over_budget(f"attention {shape.label} {kind} density {target:g}", skipped):
                break
            per_row = max(1, round(target * nkb))
            lead = (shape.B, shape.H, nkb) if per_head else (shape.B, nkb)
            fill(buf, random_block_rows(lead, nkb, per_row, gen, run.device))
            attention_case(run, part="attention", variant=kind, shape=shape, program=program, kernels=kernels,
                           sets=kind_sets, keep=keep, per_batch=True, per_head=per_head,
                           dims={"density": per_row / nkb, "target_density": target, "block": block}, flex=flex)
        del buf, kind_sets
        _free(run)


def structured_masks(a: dict) -> dict:
    """Part 3's masks: name -> (example stem, its constants, doc -> keep(b, h, m, n), per_batch)."""
    w, p = a["window"], a["prefix"]
    return {
        "causal": ("causal", {}, lambda doc: lambda b, h, m, n: m >= n, False),
        f"sliding-{w}": ("sliding_window", {"WINDOW": w},
                         lambda doc: lambda b, h, m, n: (m >= n) & (m - n < w), False),
        f"prefix-lm-{p}": ("prefix_lm", {"PREFIX": p}, lambda doc: lambda b, h, m, n: (n <= m) | (n < p), False),
        "document": ("document_mask", {},
                     lambda doc: lambda b, h, m, n: (doc[b, m] == doc[b, n]) & (doc[b, n] >= 0) & (m >= n), True),
    }


def run_masks(run: Run, S: int, skipped: list[str]) -> None:
    """Part 3: structured masks, tilefuse (loop bounds or block tables) against Flex with its BlockMask."""
    a = run.args.attn
    shape = Attn(a["B"], a["H"], S, a["D"])
    sets = None
    for name, (stem, constants, make_keep, per_batch) in structured_masks(a).items():
        if run.over_budget(f"masks {shape.label} {name}", skipped):
            continue
        sets = sets or qkv_sets(shape, run)
        program = load_example(stem, **constants)
        doc = document_ids(shape.B, S, seed=S).to(run.device) if per_batch else None
        kernels = compile_configs(run, program, run.args.attn_configs, _failed_base(run, "masks", shape, name))
        attention_case(run, part="masks", variant=name, shape=shape, program=program, kernels=kernels,
                       sets=[(*s, doc) for s in sets] if per_batch else sets, keep=make_keep(doc),
                       per_batch=per_batch, per_head=False,
                       dims={"documents": [int(d.max()) + 1 for d in doc]} if per_batch else {}, flex=make_flex(run))
    del sets
    _free(run)


def _failed_base(run: Run, part: str, shape: Attn, variant: str) -> dict:
    """Record fields for a config that failed to compile (no case numbers yet)."""
    return {"bench": f"{NAME}/{part}", "shape": shape.label, "variant": variant, "dims": {},
            "dtype": run.dtype_name, "flops": 0.0, "bytes": 0.0}


def _free(run: Run) -> None:
    if run.device.type == "cuda":
        torch.cuda.empty_cache()


# ----------------------------------------------------------------------------------------------- gemm


def sparse_kernel(program: tf.Program, run: Run, config: dict):
    """``program.compile(sparse=("w",))`` (the API issue 4 adds), or (None, why) when it is not there yet."""
    try:
        t0 = time.perf_counter()
        kernel = program.compile(run.dtype_name, sparse=("w",), config=dict(config))
        kernel.compile_s = time.perf_counter() - t0
        if not callable(getattr(kernel, "pack", None)):
            return None, "the compiled kernel has no pack()"
        save_source(run, kernel, config, suffix="_sparse")
        return kernel, None
    except ConfigError as exc:
        return None, "invalid_config: " + harness._short_error(exc)
    except Exception as exc:  # noqa: BLE001 - TypeError (no sparse=), LoweringError, NotImplementedError, ...
        return None, "compile(sparse=('w',)): " + harness._short_error(exc)


def gemm_rows(M: int, device) -> torch.Tensor:
    """The 256 checked rows (first and last 64, 128 random; all when M <= 256)."""
    if M <= 256:
        return torch.arange(M, device=device)
    gen = torch.Generator().manual_seed(M)
    middle = 64 + torch.randperm(M - 128, generator=gen)[:128]
    return torch.cat([torch.arange(64), middle, torch.arange(M - 64, M)]).sort().values.to(device)


def gemm_reference(x, w, b, rows) -> torch.Tensor:
    out = x[rows].double() @ w.double()
    return out if b is None else F.gelu(out + b.double())


def run_gemm(run: Run, skipped: list[str]) -> None:
    """Part 2: sparse GEMM against the same program dense and cuBLAS, per block size and density."""
    M, N, K = run.args.gemm_shape
    dtype, dev = run.dtype, run.device
    elem = torch.empty((), dtype=dtype).element_size()
    set_bytes = elem * (M * K + K * N + M * N + N)
    n_sets = 2 if run.dry else harness.sets_needed(set_bytes, harness.l2_bytes(dev))
    gen = torch.Generator(device=dev).manual_seed(4)
    rows = gemm_rows(M, dev)
    view = lambda out: out[rows]
    shape = f"{M}x{N}x{K}"
    sets = [(torch.randn(M, K, generator=gen, device=dev).to(dtype),
             (torch.randn(K, N, generator=gen, device=dev) / math.sqrt(K)).to(dtype),
             (torch.randn(N, generator=gen, device=dev) / 2).to(dtype)) for _ in range(n_sets)]
    make_out = lambda: torch.empty(M, N, dtype=dtype, device=dev)
    why_not = []
    for variant, program in (("linear", linear), ("linear+bias_gelu", linear_bias_gelu)):
        bias = variant != "linear"
        if run.over_budget(f"gemm {shape} {variant}", skipped):
            continue
        vsets = [s if bias else s[:2] for s in sets]
        x0, w0 = vsets[0][:2]
        b0 = vsets[0][2] if bias else None
        if run.dry:  # the torch reference must match the program's own fp64 semantics
            err = harness.check(view(run_reference(program, *vsets[0], compute_dtype=torch.float64)),
                                gemm_reference(x0, w0, b0, rows))
            if not err < 1e-9:
                raise RuntimeError(f"{variant}: torch reference disagrees with {program.name} ({err:.2e})")
        dense = {"bench": f"{NAME}/gemm", "shape": shape, "variant": variant, "dtype": run.dtype_name,
                 "dims": {"M": M, "N": N, "K": K, "density": 1.0}, "flops": 2.0 * M * N * K,
                 "bytes": float(set_bytes - (0 if bias else elem * N))}
        harness.log(f"== gemm {shape} {variant} {run.dtype_name}: {n_sets} input sets")
        ref = gemm_reference(x0, w0, b0, rows)
        cublas = (lambda x, w, b: F.gelu(torch.addmm(b, x, w))) if bias else torch.matmul
        run_checked(run, "cublas", cublas, sets=vsets, ref=ref, view=view, base=dense,
                    extra={"call": "gelu(addmm(b, x, w))" if bias else "x @ w"})
        for config in run.args.gemm_configs:
            label = f"{shape} {variant} {harness.config_label(config)}"
            if run.over_budget(f"gemm {label}", skipped):
                break
            time_kernels(run, compile_configs(run, program, [config], dense), impl="tilefuse-dense", sets=vsets,
                         make_out=make_out, ref=ref, view=view, base=dense)
            kernel, why = sparse_kernel(program, run, config)
            if kernel is None:
                why_not.append(why)
                run.emit(harness.Record(**dense, impl="tilefuse-sparse", config=dict(config),
                                        status="invalid_config" if why.startswith("invalid") else "skipped",
                                        error=why), "tilefuse-sparse " + harness.config_label(config))
                continue
            sparse_sweep(run, kernel, config, variant, vsets, rows, view, make_out, dense, skipped)
            _free(run)
    if why_not and all("invalid_config" not in w for w in why_not):
        harness.log(f"NOTE: sparse GEMM not measured: {why_not[0]} (dense and cuBLAS rows are kept)")


def sparse_sweep(run: Run, kernel, config: dict, variant: str, vsets, rows, view, make_out, dense: dict,
                 skipped: list[str]) -> None:
    """One sparse kernel at every density: random block masks, pack (timed), check, time."""
    M, N, K = run.args.gemm_shape
    BK, BN = config["BLOCK_K"], config["BLOCK_N"]
    kb, nb = -(-K // BK), -(-N // BN)
    gen = torch.Generator(device=run.device).manual_seed(BK * 1000 + BN)
    elem = torch.empty((), dtype=run.dtype).element_size()
    for target in run.args.densities:
        if run.over_budget(f"gemm {variant} {harness.config_label(config)} density {target:g}", skipped):
            break
        blocks = max(1, round(target * kb * nb))
        mask = (torch.rand(kb * nb, generator=gen, device=run.device).argsort() < blocks).view(kb, nb)
        keep = mask.repeat_interleave(BK, 0).repeat_interleave(BN, 1)[:K, :N]
        density = blocks / (kb * nb)
        base = dict(dense, dims={"M": M, "N": N, "K": K, "BK": BK, "BN": BN, "density": density,
                                 "target_density": target},
                    flops=2.0 * M * N * K * density, bytes=dense["bytes"] - (1 - density) * elem * K * N)
        harness.log(f"== gemm {variant} {BK}x{BN} blocks: density {density:.4f} ({blocks}/{kb * nb} blocks)")
        extra: dict = {}
        try:
            weights = [s[1] * keep for s in vsets]
            pack = functools.partial(kernel.pack, "w", weights[0], block_mask=mask)
            first = wall_ms(pack, run.device)  # may include compiling a packing kernel
            pack_ms = [wall_ms(pack, run.device) for _ in range(run.reps)]
            packed = [kernel.pack("w", w, block_mask=mask) for w in weights]
            auto = kernel.pack("w", weights[0])  # zero blocks dropped by value: the same blocks here
            extra = {"pack_first_ms": first, "pack_ms": statistics.median(pack_ms),
                     "packed_density": getattr(packed[0], "density", None),
                     "auto_pack_density": getattr(auto, "density", None)}
            del auto
        except Exception as exc:  # noqa: BLE001
            harness.assert_device_ok(run.device)
            run.emit(harness.Record(**base, impl="tilefuse-sparse", config=dict(config), status="error",
                                    error="pack: " + harness._short_error(exc)),
                     "tilefuse-sparse " + harness.config_label(config))
            continue
        ref = gemm_reference(vsets[0][0], weights[0], vsets[0][2] if len(vsets[0]) > 2 else None, rows)
        sets = [(s[0], p, *s[2:]) for s, p in zip(vsets, packed)]
        time_kernels(run, [(config, kernel)], impl="tilefuse-sparse", sets=sets, make_out=make_out, ref=ref,
                     view=view, base=base, extra=extra)
        del weights, packed, sets


# --------------------------------------------------------------------------------------------- report


def _ok(recs):
    return [r for r in recs if r.status == "ok" and r.ms is not None]


def _best(recs):
    ok = _ok(recs)
    return min(ok, key=lambda r: r.ms) if ok else None


def _f(value, spec: str = ".4f", missing: str = "-") -> str:
    return missing if value is None else format(value, spec)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + ["| " + " | ".join(r) + " |" for r in rows]


def _by(records, part: str) -> dict:
    groups: dict = {}
    for r in records:
        if r.bench == f"{NAME}/{part}" and r.dims:
            groups.setdefault((r.shape, r.variant), []).append(r)
    return groups


def density_points(records) -> dict:
    """``{(panel, line label): [(density, time / dense time, ...)]}`` for the plot and the tables."""
    lines: dict = {}
    for (_, variant), recs in _by(records, "attention").items():
        if variant == "plain":
            continue
        for impl in sorted({r.impl for r in recs}):
            mine = [r for r in recs if r.impl == impl]
            dense = _best([r for r in mine if r.dims.get("target_density") == 1.0])
            if dense is None:
                continue
            for target in sorted({r.dims["target_density"] for r in mine}):
                best = _best([r for r in mine if r.dims["target_density"] == target])
                if best is not None:
                    d = best.dims["density"]
                    lines.setdefault(("attention", f"{impl} {variant} S={best.dims['S']}"), []).append(
                        (d, best.ms / dense.ms))
    for (_, variant), recs in _by(records, "gemm").items():
        dense = _best([r for r in recs if r.impl == "tilefuse-dense"])
        sparse = [r for r in recs if r.impl == "tilefuse-sparse"]
        if dense is None:
            continue
        for target in sorted({r.dims.get("target_density") for r in sparse} - {None}):
            best = _best([r for r in sparse if r.dims.get("target_density") == target])
            if best is not None:
                lines.setdefault(("gemm", f"tilefuse {variant}"), []).append((best.dims["density"], best.ms / dense.ms))
    return lines


def attention_tables(records) -> list[str]:
    out = []
    groups = _by(records, "attention")
    for (shape, variant), recs in groups.items():
        if variant == "plain":
            continue
        tf_recs = [r for r in recs if r.impl == harness.TILEFUSE]
        fx_recs = [r for r in recs if r.impl == "flex"]
        tf_dense = _best([r for r in tf_recs if r.dims.get("target_density") == 1.0])
        fx_dense = _best([r for r in fx_recs if r.dims.get("target_density") == 1.0])
        plain = _best([r for r in groups.get((shape, "plain"), []) if r.impl == harness.TILEFUSE])
        out += ["", f"### {variant}, {shape} (BxHxSxD)", ""]
        if plain is not None:
            dense_note = f"; the 100% run is {tf_dense.ms / plain.ms:.3f}x of it" if tf_dense else ""
            out.append(f"plain attention (examples/attention/plain.py): {plain.ms:.4f} ms "
                       f"({harness.config_label(plain.config)}){dense_note}.")
            out.append("")
        head = ["target", "density", "tilefuse ms", "/ (d x dense)", "config", "build ms", "build dev ms",
                "flex ms", "flex / (d x dense)", "flex build ms", "ours/flex kernel", "ours/flex kernel+build"]
        rows = []
        for target in sorted({r.dims.get("target_density") for r in recs} - {None}):
            best = _best([r for r in tf_recs if r.dims["target_density"] == target])
            fx = next((r for r in fx_recs if r.dims["target_density"] == target), None)
            d = (best or fx or recs[0]).dims["density"]
            ratio = best.ms / (d * tf_dense.ms) if best and tf_dense else None
            fx_ok = fx is not None and fx.ms is not None and fx.status == "ok"
            fx_ratio = fx.ms / (d * fx_dense.ms) if fx_ok and fx_dense else None
            rows.append([f"{target:g}", f"{d:.4f}", _f(best and best.ms),
                         _f(ratio, ".3f") + (" **over goal**" if ratio and d >= 0.1 and ratio > GOAL else ""),
                         harness.config_label(best.config) if best else _fail(tf_recs, target),
                         _f(best and best.extra.get("build_ms")), _f(best and best.extra.get("build_device_ms")),
                         _f(fx.ms) if fx_ok else (fx.status if fx else "-"), _f(fx_ratio, ".3f"),
                         _f(fx and fx.extra.get("build_ms")), *_vs(best, fx if fx_ok else None)])
        out += _table(head, rows)
    return out


def _fail(recs, target) -> str:
    bad = [r for r in recs if r.dims.get("target_density") == target]
    return ", ".join(sorted({r.status for r in bad})) or "-"


def _vs(ours, flex) -> list[str]:
    """ours/flex on kernel time and on kernel + build (< 1: tilefuse is faster)."""
    if ours is None or flex is None:
        return ["-", "-"]
    ob, fb = ours.extra.get("build_ms"), flex.extra.get("build_ms")
    total = (ours.ms + ob) / (flex.ms + fb) if ob is not None and fb is not None else None
    return [f"{ours.ms / flex.ms:.3f}", _f(total, ".3f")]


def masks_table(records) -> list[str]:
    head = ["shape", "mask", "density", "key blocks", "tilefuse ms", "config", "build ms", "build dev ms",
            "flex ms", "flex build ms: compiled / eager (first calls)", "ours/flex kernel", "ours/flex kernel+build"]
    rows = []
    for (shape, variant), recs in _by(records, "masks").items():
        best = _best([r for r in recs if r.impl == harness.TILEFUSE])
        fx = next((r for r in recs if r.impl == "flex"), None)
        fx_ok = fx if fx is not None and fx.status == "ok" and fx.ms is not None else None
        e = fx.extra if fx else {}
        fx_build = (f"{_f(e.get('build_compiled_ms'))} / {_f(e.get('build_eager_ms'))} "
                    f"({_f(e.get('build_compiled_first_ms'), '.1f')} / {_f(e.get('build_eager_first_ms'), '.1f')})")
        any_tf = next((r for r in recs if r.impl == harness.TILEFUSE), None)
        rows.append([shape, variant, _f(recs[0].dims.get("pair_density"), ".4f"),
                     (any_tf.extra.get("key_blocks") if any_tf else None) or "-", _f(best and best.ms),
                     harness.config_label(best.config) if best else "no correct config",
                     _f(best and best.extra.get("build_ms")), _f(best and best.extra.get("build_device_ms")),
                     _f(fx_ok.ms) if fx_ok else (fx.status if fx else "-"), fx_build if fx else "-",
                     *_vs(best, fx_ok)])
    return _table(head, rows) if rows else []


def gemm_tables(records, raw: bool = True) -> list[str]:
    out = []
    for (shape, variant), recs in _by(records, "gemm").items():
        dense = [r for r in recs if r.impl == "tilefuse-dense"]
        best_dense = _best(dense)
        cublas = _best([r for r in recs if r.impl == "cublas"])
        sparse = [r for r in recs if r.impl == "tilefuse-sparse"]
        dense_cfg = harness.config_label(best_dense.config) if best_dense else "-"
        out += ["", f"### {variant}, {shape} (MxNxK)", "",
                f"dense: tilefuse {_f(best_dense and best_dense.ms)} ms ({dense_cfg}), "
                f"cuBLAS {_f(cublas and cublas.ms)} ms",
                ""]
        head = ["target", "density", "best sparse ms", "blocks BKxBN", "/ (d x dense)", "pack ms", "sparse/cuBLAS"]
        rows = []
        for target in sorted({r.dims.get("target_density") for r in sparse} - {None}):
            best = _best([r for r in sparse if r.dims.get("target_density") == target])
            d = best.dims["density"] if best else None
            ratio = best.ms / (d * best_dense.ms) if best and best_dense else None
            rows.append([f"{target:g}", _f(d, ".4f"), _f(best and best.ms),
                         f"{best.dims['BK']}x{best.dims['BN']}" if best else _fail(sparse, target),
                         _f(ratio, ".3f"), _f(best and best.extra.get("pack_ms")),
                         _f(best.ms / cublas.ms if best and cublas else None, ".3f")])
        out += _table(head, rows)
        skipped = [r for r in sparse if r.status == "skipped"]
        if skipped:
            out += ["", f"sparse kernels not measured: {skipped[0].error}"]
        if not raw:
            continue
        out += ["", "All rows:", ""]
        head = ["impl", "config", "density", "status", "rel err", "ms", "/ (d x dense same config)", "pack ms",
                "packed / auto-packed density"]
        rows = []
        for r in sorted(recs, key=lambda r: (r.impl, harness.config_label(r.config), r.dims.get("density", 1))):
            same = _best([x for x in dense if x.config == r.config])
            d = r.dims.get("density", 1.0)
            ratio = r.ms / (d * same.ms) if r.ms and same and r.impl == "tilefuse-sparse" else None
            e = r.extra
            rows.append([r.impl, harness.config_label(r.config), f"{d:.4f}", r.status, _f(r.rel_err, ".2e"),
                         _f(r.ms), _f(ratio, ".3f"), _f(e.get("pack_ms")),
                         f"{_f(e.get('packed_density'), '.4f')} / {_f(e.get('auto_pack_density'), '.4f')}"
                         if "pack_ms" in e else "-"])
        out += _table(head, rows)
    return out


def summary_markdown(records, meta: dict, raw: bool = True) -> str:
    dev, ceil = meta.get("device", {}), meta.get("ceilings") or {}
    lines = ["# Sparsity benchmark: time against block density, structured masks against FlexAttention", "",
             f"- device: **{dev.get('name')}** ({dev.get('sm_count')} SMs, sm_{dev.get('capability')}), driver "
             f"{dev.get('driver')}, CUDA {dev.get('cuda_runtime')}",
             f"- git {dev.get('git_revision')}, torch {dev.get('torch')}, triton {dev.get('triton')}, "
             f"date {dev.get('date_utc')}"]
    if ceil:
        lines.append(f"- measured ceilings: matmul {ceil['peak_tflops']:.1f} TFLOP/s, copy "
                     f"{ceil['bandwidth_gbs']:.0f} GB/s (read + write)")
    lines.append(f"- args: `{' '.join(meta.get('args') or [])}`; status: {meta.get('status', 'running')}"
                 + (f", {meta['elapsed_s']:.0f} s" if meta.get("elapsed_s") else ""))
    if meta.get("skipped"):
        lines.append(f"- skipped for the time budget: {', '.join(meta['skipped'])}")
    if meta.get("dry_run"):
        lines.append("- **DRY RUN** (CPU, TRITON_INTERPRET=1, perf_counter timings): the numbers mean nothing")
    lines += ["", "Times are medians of CUDA-graph replays over rotating input sets (ms per call). `density` is "
              "the fraction of mask blocks kept (attention: per query block, round(target x S/128) key blocks); "
              f"`/ (d x dense)` = time / (density x the 100% time of the same implementation): 1 is ideal, the "
              f"goal is <= {GOAL} down to 10%. `build ms` = cold call - warm call on the host clock (block table "
              "or `create_block_mask`); `build dev ms` = the same in CUDA-graph device time. `ours/flex` < 1: "
              "tilefuse is faster. Every time is of a result checked against fp64 first.",
              "", "## 1. Attention time against block density"]
    lines += attention_tables(records)
    lines += ["", "## 2. Sparse GEMM time against block density"]
    lines += gemm_tables(records, raw)
    lines += ["", "## 3. Structured masks against FlexAttention (mask build included)", ""]
    lines += masks_table(records)
    bad = [r for r in records if r.status not in ("ok", "skipped")]
    if bad:
        lines += ["", "## Problems", ""]
        lines += [f"- {r.bench} {r.shape} {r.variant} {r.impl} {harness.config_label(r.config)} "
                  f"d={_f(r.dims.get('density'), '.3f')}: {r.status} {r.error or ''}"[:400] for r in bad]
    return "\n".join(lines) + "\n"


def plot_density(records, meta: dict, png: Path) -> Path | None:
    """time / dense time against density, per implementation, with y = density and the goal band."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FuncFormatter
    except ImportError:
        return None
    lines = density_points(records)
    blocks = sorted({r.dims["block"] for r in records if r.dims and "block" in r.dims})
    titles = {"attention": "attention, random " + "/".join(f"{b}x{b}" for b in blocks) + " block masks",
              "gemm": "sparse GEMM (block-sparse w)"}
    panels = [p for p in ("attention", "gemm") if any(key[0] == p for key in lines)]
    if not panels:
        return None
    fig, axes = plt.subplots(1, len(panels), figsize=(6.5 * len(panels), 5), squeeze=False)
    for ax, panel in zip(axes[0], panels):
        xs = sorted({x for (p, _), pts in lines.items() if p == panel for x, _ in pts})
        grid = [min(xs), 1.0]
        ax.plot(grid, grid, color="black", linewidth=1, label="ideal (y = density)")
        ax.fill_between(grid, grid, [GOAL * g for g in grid], color="green", alpha=0.15,
                        label=f"goal (<= {GOAL}x ideal)")
        for (p, label), pts in sorted(lines.items()):
            if p == panel:
                pts = sorted(pts)
                ax.plot([x for x, _ in pts], [y for _, y in pts], marker="o", linestyle="--" if "flex" in label
                        else "-", label=label)
        ax.set_xscale("log")
        ax.set_yscale("log")
        plain = FuncFormatter(lambda value, _: f"{value:g}")
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_formatter(plain)
            axis.set_minor_formatter(plain)
        ax.tick_params(which="minor", labelsize=7)
        ax.set_xlabel("block density (fraction of blocks kept)")
        ax.set_ylabel("time / dense time of the same implementation")
        ax.set_title(titles[panel])
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    dev = meta.get("device", {})
    fig.suptitle(f"{dev.get('name', '')} {meta.get('dtype', '')}, git {str(dev.get('git_revision'))[:12]}")
    fig.tight_layout()
    fig.savefig(png, dpi=120)
    plt.close(fig)
    return png


def write_report(records, meta: dict, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "summary.md").write_text(summary_markdown(records, meta))
    png = plot_density(records, meta, out_dir / "density.png")
    harness.log(f"wrote {out_dir / 'summary.md'}" + (f", {png}" if png else " (no matplotlib: no density.png)"))


def console_summary(records) -> str:
    """The summary's tables without the per-config GEMM rows, for the end of the console output."""
    return "## 1." + summary_markdown(records, {}, raw=False).split("## 1.", 1)[1]


# ----------------------------------------------------------------------------------------------- main


def _floats(text: str) -> tuple[float, ...]:
    return tuple(float(x) for x in text.split(",") if x.strip())


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0], allow_abbrev=False,
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--out", type=Path, default=None, help="output directory (default benchmarks/results/sparsity; "
                   "with --report: the report's directory)")
    p.add_argument("--only", default=",".join(PARTS), help="comma-separated parts: attention, masks, gemm")
    p.add_argument("--seqs", default=None, help="attention sequence lengths (default 4096,8192; dry run 64); "
                   "all parts run at the first before any at the next")
    p.add_argument("--densities", default=None, help="block densities in (0, 1] (default "
                   + ",".join(f"{d:g}" for d in DENSITIES) + "); 1 is always added: it is the dense time")
    p.add_argument("--time-budget", type=float, default=None,
                   help="seconds; once exceeded no new density, mask or config starts (results so far are kept)")
    p.add_argument("--no-flex", action="store_true", help="skip FlexAttention")
    p.add_argument("--dry-run", action="store_true",
                   help="CPU + TRITON_INTERPRET=1, tiny shapes, fp16, no Flex, perf_counter timings")
    p.add_argument("--report", type=Path, default=None, metavar="DIR",
                   help="run nothing: rebuild summary.md and density.png from DIR/sparsity.jsonl (or a .jsonl path)")
    args = p.parse_args(argv)
    args.only = [x.strip() for x in args.only.split(",") if x.strip()]
    if set(args.only) - set(PARTS):
        p.error(f"unknown parts {sorted(set(args.only) - set(PARTS))}; choose from {', '.join(PARTS)}")
    densities = _floats(args.densities) if args.densities else (DRY_DENSITIES if args.dry_run else DENSITIES)
    if any(not 0 < d <= 1 for d in densities):
        p.error("densities must be in (0, 1]")
    args.densities = (1.0, *sorted(set(densities) - {1.0}))  # the dense run first: every ratio needs it
    args.attn = DRY_ATTN if args.dry_run else ATTN
    args.seqs = tuple(int(s) for s in args.seqs.split(",")) if args.seqs else args.attn["seqs"]
    args.attn_configs = DRY_ATTN_CONFIGS if args.dry_run else ATTN_CONFIGS
    args.gemm_configs = DRY_GEMM_CONFIGS if args.dry_run else GEMM_CONFIGS
    args.gemm_shape = DRY_GEMM_SHAPE if args.dry_run else GEMM_SHAPE
    args.no_flex = args.no_flex or args.dry_run
    if args.out is None and not args.report:
        args.out = Path(__file__).resolve().parent / "results" / NAME
    return args


def report_only(args) -> int:
    path = args.report if args.report.suffix == ".jsonl" else args.report / f"{NAME}.jsonl"
    records, meta = harness.load_jsonl([path])
    write_report(records, meta, args.out or path.parent)
    print(console_summary(records), flush=True)
    return 0


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.report:
        return report_only(args)
    if not harness.device_ready(args.dry_run):
        return 2
    for name in ("recompile_limit", "cache_size_limit", "accumulated_recompile_limit", "accumulated_cache_size_limit"):
        if hasattr(torch._dynamo.config, name):  # Flex recompiles per mask kind and size
            setattr(torch._dynamo.config, name, max(getattr(torch._dynamo.config, name), 64))
    device = torch.device("cpu" if args.dry_run else "cuda")
    start = time.monotonic()
    info = harness.device_info(device)
    harness.log(f"device: {info['name']} | torch {info['torch']} | triton {info['triton']} | "
                f"git {info['git_revision']}")
    dtype = torch.float16 if args.dry_run else torch.bfloat16
    ceilings = harness.measure_ceilings(device, dtype, dry_run=args.dry_run)
    harness.log(f"ceilings: {ceilings['peak_tflops']:.1f} TFLOP/s matmul, {ceilings['bandwidth_gbs']:.0f} GB/s copy")
    meta = {"bench": NAME, "args": sys.argv[1:] if argv is None else list(argv), "dry_run": args.dry_run,
            "dtype": "fp16" if args.dry_run else "bf16", "tolerance": TOLERANCE, "device": info,
            "ceilings": ceilings, "time_budget_s": args.time_budget, "parts": args.only, "seqs": args.seqs,
            "densities": args.densities}
    args.out.mkdir(parents=True, exist_ok=True)
    log = harness.ResultLog(args.out / f"{NAME}.jsonl", meta)
    run = Run(args, device, ceilings, log, start)
    steps = []  # every part at the first length before any at the next; the GEMM once, after the first
    for i, S in enumerate(args.seqs):
        steps += [(part, S) for part in ("attention", "masks") if part in args.only]
        if i == 0 and "gemm" in args.only:
            steps.append(("gemm", None))
    skipped: list[str] = []
    status = "finished"
    try:
        for part, S in steps:
            try:
                if part == "attention":
                    run_density_sweep(run, S, skipped)
                elif part == "masks":
                    run_masks(run, S, skipped)
                else:
                    run_gemm(run, skipped)
            except harness.DeviceLost:
                raise
            except Exception as exc:  # noqa: BLE001 - a broken part (out of memory, ...) is recorded, not fatal
                harness.log(f"  PART FAILED {part} S={S}: {harness._short_error(exc)}")
                run.emit(harness.Record(bench=f"{NAME}/{part}", shape=str(S or ""), variant="(part)", dims={},
                                        dtype=run.dtype_name, impl=harness.TILEFUSE, flops=0.0, bytes=0.0,
                                        status="error", error="part failed: " + harness._short_error(exc)), part)
                harness.assert_device_ok(device)
                _free(run)
    except harness.DeviceLost as exc:
        status = f"device lost: {exc}"
        harness.log(f"STOPPING: {exc}")
    except KeyboardInterrupt:
        status = "interrupted"
        harness.log("interrupted; writing the results so far")
    finally:
        if skipped and status == "finished":
            status = "time budget exhausted"
        end = {"status": status, "skipped": skipped, "finished_utc": harness.utc_now(),
               "elapsed_s": time.monotonic() - start}
        meta.update(end)
        log.close(end)
        write_report(log.records, meta, args.out)
    problems = [r for r in log.records if r.status not in ("ok", "skipped")]
    print("\n" + console_summary(log.records))  # the problems and the status come last: the tail is read
    for r in problems:
        print(f"PROBLEM: {r.bench} {r.shape} {r.variant} {r.impl} {harness.config_label(r.config)} "
              f"d={_f(r.dims.get('density'), '.3f')}: {r.status} {r.error or ''}"[:300])
    print(f"run status: {status}; {len(log.records)} records, {len(problems)} problems; "
          f"{time.monotonic() - start:.0f} s", flush=True)
    if status.startswith("device lost"):
        return 3
    return 1 if problems or status == "interrupted" else 0


if __name__ == "__main__":
    sys.exit(main())
