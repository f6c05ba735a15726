"""GEMM benchmark: tilefuse ``x @ w.T`` (plain and bias+GELU) against cuBLAS and torch.compile.

Run on a GPU box from the repository root::

    PYTHONPATH=. python3 benchmarks/gemm.py --out OUT_DIR [--only 4096x] [--variants plain]
        [--no-compile-anchor] [--time-budget 480] [--dtype bf16]

and on a CPU machine (Triton interpreter, tiny shapes, just to prove the code paths)::

    PYTHONPATH=. python3 benchmarks/gemm.py --dry-run --out /tmp/benchdry

For every (shape, variant) a small fixed list of tilefuse configs is compiled; each is checked on a
NaN-poisoned ``out=`` buffer against an fp64 reference (a wrong config is recorded, never timed), the
correct ones are timed and the fastest is the tilefuse result. The anchors are eager cuBLAS
(``torch.matmul`` / ``gelu(addmm)``) and ``torch.compile(mode="max-autotune-no-cudagraphs")`` of the same
torch function. See benchmarks/README.md for the columns of the reports.
"""

import argparse
import math
import os
import sys
import time
from pathlib import Path

# --dry-run runs the kernels in Triton's CPU interpreter, which must be chosen before triton is imported.
if __name__ == "__main__" and "--dry-run" in sys.argv[1:]:
    os.environ["TRITON_INTERPRET"] = "1"

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for `import harness` however we are started

import harness  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import tilefuse as tf  # noqa: E402
from tilefuse.errors import ConfigError  # noqa: E402
from tilefuse.frontend.reference import run_reference  # noqa: E402

# ------------------------------------------------------------------------------------------- programs


@tf.program
def gemm(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"]):
    return tf.einsum("mk,nk->mn", x, w)


@tf.program
def gemm_bias_gelu(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], b: tf.Tensor["N"]):
    return tf.gelu(tf.einsum("mk,nk->mn", x, w) + b)


def torch_gemm(x, w):
    return torch.matmul(x, w.T)


def torch_gemm_bias_gelu(x, w, b):
    return F.gelu(torch.addmm(b, x, w.T))


VARIANTS = {  # name -> (tilefuse program, torch anchor, has bias)
    "plain": (gemm, torch_gemm, False),
    "bias_gelu": (gemm_bias_gelu, torch_gemm_bias_gelu, True),
}

# ---------------------------------------------------------------------------------------------- cases

SHAPES = [  # (M, N, K)
    (4096, 4096, 4096),
    (8192, 8192, 8192),
    (2048, 2048, 8192),
    (4096, 11008, 4096),
    (128, 11008, 4096),
    (16, 4096, 4096),
    (1, 4096, 4096),
    (8205, 2949, 5921),
]
DRY_SHAPES = [(33, 17, 40), (1, 16, 32)]

DTYPES = {"bf16": torch.bfloat16, "fp16": torch.float16}
TOLERANCE = 2e-2  # relative Frobenius error vs fp64, for bf16 and fp16 outputs
FLAT_M = 128  # M at or below this counts as a flat (decode-like) GEMM: split-K configs are tried


def _cfg(bm, bn, bk, warps, stages, group=8, split=1, mode=None, tma=False) -> dict:
    cfg = {"BLOCK_M": bm, "BLOCK_N": bn, "BLOCK_K": bk, "num_warps": warps, "num_stages": stages,
           "GROUP_M": group, "SPLIT_K": split}
    if tma:
        cfg["USE_TMA"] = True
    if split > 1:
        cfg["SPLIT_K_MODE"] = mode or "reduce"
    return cfg


LARGE_CONFIGS = [
    _cfg(128, 128, 64, 8, 3),
    _cfg(128, 256, 64, 8, 3),
    _cfg(256, 128, 64, 8, 3),
    _cfg(128, 128, 64, 4, 4),
    _cfg(128, 64, 64, 4, 4),
    _cfg(64, 128, 64, 4, 4),
    _cfg(128, 128, 32, 4, 4),
    _cfg(128, 256, 64, 8, 3, tma=True),
    _cfg(256, 128, 64, 8, 3, tma=True),
    _cfg(128, 256, 64, 8, 4, tma=True),
    _cfg(128, 128, 64, 8, 4, tma=True),
    _cfg(128, 128, 64, 4, 4, tma=True),
]


def configs_for(m: int, dry_run: bool) -> list[dict]:
    """The fixed tilefuse config list for a GEMM with ``m`` rows."""
    if dry_run:  # one config, plus one split-K config on flat shapes to reach that code path
        configs = [_cfg(16, 16, 16, 1, 1, group=1)]
        if m <= FLAT_M:
            configs.append(_cfg(16, 16, 16, 1, 1, group=1, split=2, mode="reduce"))
        return configs
    if m > FLAT_M:
        return list(LARGE_CONFIGS)
    bm = min(64, max(16, 1 << (m - 1).bit_length()))  # the smallest tile of 16/32/64 rows covering m
    configs = [
        _cfg(bm, 64, 128, 4, 4, group=1),
        _cfg(bm, 128, 64, 4, 4, group=1),
        # One wave of programs, each streaming a narrow slab of w through a deep TMA pipeline.
        _cfg(bm, 32, 256, 4, 4, group=1, tma=True),
        _cfg(bm, 64, 256, 4, 3, group=1, tma=True),
        _cfg(bm, 16, 256, 4, 4, group=1, tma=True),
        _cfg(bm, 64, 128, 4, 4, group=1, split=4, mode="reduce", tma=True),
        _cfg(bm, 128, 128, 4, 4, group=1, split=8, mode="reduce", tma=True),
        _cfg(bm, 64, 128, 4, 4, group=1, split=4, mode="reduce"),
        _cfg(bm, 64, 128, 4, 4, group=1, split=8, mode="reduce"),
        _cfg(bm, 64, 64, 4, 4, group=1, split=16, mode="reduce"),
        _cfg(bm, 64, 128, 4, 4, group=1, split=8, mode="atomic"),
        _cfg(bm, 128, 64, 4, 3, group=1, split=4, mode="atomic"),
    ]
    if m > 32:  # M = 64..128: the plain tiles have enough rows to be worth a try
        configs += [_cfg(128, 128, 64, 8, 3), _cfg(64, 128, 64, 4, 4), _cfg(128, 128, 64, 8, 4, tma=True),
                    _cfg(64, 128, 64, 4, 4, tma=True), _cfg(128, 64, 128, 4, 4, tma=True)]
    return configs


def make_inputs(m, n, k, *, bias: bool, dtype, device, seed: int) -> tuple:
    """x ~ N(0, 1), w ~ N(0, 1/K), b ~ N(0, 1/4): outputs of order one, no zeros."""
    gen = torch.Generator(device=device).manual_seed(seed)
    x = torch.randn(m, k, generator=gen, device=device, dtype=torch.float32).to(dtype)
    w = (torch.randn(n, k, generator=gen, device=device, dtype=torch.float32) / math.sqrt(k)).to(dtype)
    if not bias:
        return x, w
    b = (0.5 * torch.randn(n, generator=gen, device=device, dtype=torch.float32)).to(dtype)
    return x, w, b


def run_case(m, n, k, variant, args, ceilings, device, log: harness.ResultLog, out_dir: Path) -> None:
    """Check and time the tilefuse configs and the anchors of one case; records go to ``log``."""
    program, torch_fn, bias = VARIANTS[variant]
    dtype = DTYPES[args.dtype]
    elem = torch.empty((), dtype=dtype).element_size()
    shape = f"{m}x{n}x{k}"
    base = {"bench": "gemm", "shape": shape, "dims": {"M": m, "N": n, "K": k}, "variant": variant,
            "dtype": args.dtype, "flops": 2.0 * m * n * k,
            "bytes": float(elem * (m * k + n * k + (n if bias else 0) + m * n))}
    n_sets = 2 if args.dry_run else harness.sets_needed(int(base["bytes"]), harness.l2_bytes(device))
    harness.log(f"== gemm {shape} {variant} {args.dtype}: {n_sets} input sets of "
                f"{base['bytes'] / 2**20:.1f} MiB")
    sets = [make_inputs(m, n, k, bias=bias, dtype=dtype, device=device, seed=1000 * i + 7)
            for i in range(n_sets)]
    ref = run_reference(program, *sets[0], compute_dtype=torch.float64)
    common = {"sets": sets, "ref": ref, "tol": TOLERANCE, "base": base, "ceilings": ceilings,
              "device": device, "dry_run": args.dry_run}

    configs = configs_for(m, args.dry_run)
    if args.exclude_configs:
        configs = [c for c in configs if not any(x in harness.config_label(c) for x in args.exclude_configs)]
    if args.max_configs:
        configs = configs[: args.max_configs]
    _, source = harness.run_tilefuse_configs(
        program, configs, dtype=args.dtype, make_out=lambda: torch.empty(m, n, dtype=dtype, device=device),
        config_error=ConfigError, on_record=log.append, **common)
    if source:
        src_dir = out_dir / "sources"
        src_dir.mkdir(parents=True, exist_ok=True)
        (src_dir / f"gemm_{shape}_{variant}_{args.dtype}.py").write_text(source)

    anchors = [("cublas", torch_fn)]
    if not args.no_compile_anchor:
        torch._dynamo.reset()  # a fresh compile per case; dynamic=False specialises on the shape anyway
        anchors.append(("torch.compile", torch.compile(torch_fn, mode="max-autotune-no-cudagraphs",
                                                       dynamic=False)))
    for name, fn in anchors:
        log.append(harness.run_anchor(name, fn, **common))
    del sets, ref, common
    if device.type == "cuda":
        torch.cuda.empty_cache()


# ----------------------------------------------------------------------------------------------- main


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0], allow_abbrev=False,
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results",
                   help="directory for gemm.jsonl / gemm.json / gemm.md / gemm.png / sources/")
    p.add_argument("--name", default="gemm", help="file name stem of the outputs")
    p.add_argument("--dtype", choices=sorted(DTYPES), default=None,
                   help="default bf16; fp16 with --dry-run, because Triton's CPU interpreter multiplies the "
                        "raw bits of bf16 tl.dot operands (triton-lang/triton#11584)")
    p.add_argument("--only", default=None,
                   help="comma-separated substrings; run only shapes whose MxNxK label contains one")
    p.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated subset of variants")
    p.add_argument("--no-compile-anchor", action="store_true",
                   help="skip the torch.compile(max-autotune) anchor (slow to compile)")
    p.add_argument("--max-configs", type=int, default=0,
                   help="try only the first N tilefuse configs of each case (0: all)")
    p.add_argument("--exclude-configs", default="",
                   help="comma-separated substrings of config labels to skip, e.g. 'atomic' or 'sk16,256x'")
    p.add_argument("--time-budget", type=float, default=None,
                   help="seconds; no new case starts once exceeded (results so far are written)")
    p.add_argument("--dry-run", action="store_true",
                   help="CPU + TRITON_INTERPRET=1, tiny shapes, one config, perf_counter timings")
    args = p.parse_args(argv)
    args.exclude_configs = [x.strip() for x in args.exclude_configs.split(",") if x.strip()]
    if args.dtype is None:
        args.dtype = "fp16" if args.dry_run else "bf16"
    args.variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = set(args.variants) - set(VARIANTS)
    if unknown:
        p.error(f"unknown variants {sorted(unknown)}; choose from {list(VARIANTS)}")
    return args


def select_shapes(args) -> list[tuple[int, int, int]]:
    shapes = DRY_SHAPES if args.dry_run else SHAPES
    if args.only:
        wanted = [s.strip() for s in args.only.split(",") if s.strip()]
        shapes = [s for s in shapes if any(w in "x".join(map(str, s)) for w in wanted)]
    return shapes


def main(argv=None) -> int:
    args = parse_args(argv)
    if not harness.device_ready(args.dry_run):
        return 2
    device = torch.device("cpu" if args.dry_run else "cuda")
    start = time.monotonic()
    shapes = select_shapes(args)
    cases = [(s, v) for s in shapes for v in args.variants]

    info = harness.device_info(device)
    harness.log(f"device: {info['name']} | torch {info['torch']} | triton {info['triton']} | "
                f"git {info['git_revision']}")
    ceilings = harness.measure_ceilings(device, DTYPES[args.dtype], dry_run=args.dry_run)
    harness.log(f"ceilings: {ceilings['peak_tflops']:.1f} TFLOP/s matmul, "
                f"{ceilings['bandwidth_gbs']:.0f} GB/s copy")
    meta = {"bench": "gemm", "args": sys.argv[1:] if argv is None else list(argv), "dry_run": args.dry_run,
            "dtype": args.dtype, "tolerance": TOLERANCE, "device": info, "ceilings": ceilings,
            "cases": [f"{'x'.join(map(str, s))} {v}" for s, v in cases], "time_budget_s": args.time_budget}

    args.out.mkdir(parents=True, exist_ok=True)
    log = harness.ResultLog(args.out / f"{args.name}.jsonl", meta)
    status, started = "finished", 0
    try:
        for (m, n, k), variant in cases:
            elapsed = time.monotonic() - start
            if args.time_budget is not None and elapsed > args.time_budget:
                status = "time budget exhausted"
                harness.log(f"time budget of {args.time_budget:g} s exhausted after {elapsed:.0f} s")
                break
            started += 1
            run_case(m, n, k, variant, args, ceilings, device, log, args.out)
    except harness.DeviceLost as exc:
        status = f"device lost: {exc}"
        harness.log(f"STOPPING: {exc}")
    except KeyboardInterrupt:
        status = "interrupted"
        harness.log("interrupted; writing the results so far")
    finally:
        end = {"status": status, "not_started": meta["cases"][started:], "finished_utc": harness.utc_now(),
               "elapsed_s": time.monotonic() - start}
        if end["not_started"]:
            harness.log(f"not started: {', '.join(end['not_started'])}")
        meta.update(end)
        log.close(end)
        paths = harness.write_results(log.records, meta, args.out, args.name,
                                      title=f"GEMM benchmark ({args.dtype})")
        png = harness.plot_results(paths["json"], args.out / f"{args.name}.png")
        harness.log(f"wrote {log.path}, {paths['json']}, {paths['md']}" + (f", {png}" if png else ""))

    return _finish(log.records, status)


def _finish(records, status: str) -> int:
    """Print the final table last; exit 0 only if every case has a correct tilefuse config and anchor."""
    problems = []
    for row in harness.summarize(records):
        label = f"{row['shape']} {row['variant']}"
        if row["tilefuse"] is None:
            problems.append(f"{label}: no correct tilefuse config {row['counts']}")
        for name, rec in row["anchors"].items():
            if rec is None or rec.status != "ok":
                problems.append(f"{label}: anchor {name} {rec.status if rec else 'missing'}"
                                + (f" ({rec.error})" if rec and rec.error else ""))
    print(flush=True)
    for p in problems:
        print("PROBLEM:", p)
    print(f"run status: {status}; {len(records)} records")
    print(harness.text_summary(records), flush=True)
    if status.startswith("device lost"):
        return 3
    return 1 if problems or status == "interrupted" else 0


if __name__ == "__main__":
    sys.exit(main())
