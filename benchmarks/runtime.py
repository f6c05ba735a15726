"""The runtime: launch overhead per kernel family, and one ``Kernel`` over an M sweep, side by side in one run.

**Overhead.** For GEMM (one kernel, pointer loads and TMA; the policy ``Kernel``'s dispatch; split-K reduce and
atomic; split-K with a bias + SiLU epilogue), attention (plain, split-KV + combine, block table) and paged decode:
``eager`` is the latency of one synchronous call (``sync; fn(); sync``, median), ``graph`` the same for the replay of
a CUDA graph holding that one call, and ``eager - graph`` the host cost of the launch path as a caller waiting on it
sees it. ``host`` is the CPU time to enqueue one call, over a window of 100 back-to-back calls. The anchors
(cuBLAS through ``F.linear``, SDPA) are timed the same way in the same run. Inputs stay in L2 here: both modes see
the same device time, so the difference is the launch path alone.

**Sweep.** M = 1, 2, 4, ..., 8192 for the Llama-3-8B GEMM shapes, bf16, one ``Kernel`` per N x K (the policy:
tuning database, else the packaged cost model's zero-measurement pick, else the default), against cuBLAS and
``triton.autotune`` keyed on M over a fixed config list applied to the same generated kernel (its constexprs), each
checked against fp64 before it is timed; CUDA-graph device time over input sets larger than L2 (``harness``), and
the eager time too. Ratios are anchor time / tilefuse time (> 1: tilefuse faster).

    PYTHONPATH=. python3 benchmarks/runtime.py --out $OUT               # GPU, ~5 min
    PYTHONPATH=. python3 benchmarks/runtime.py --out $OUT --part overhead
    PYTHONPATH=. python3 benchmarks/runtime.py --out $OUT --part sweep --held-out   # issue 13's zero-shot check
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

import tilefuse as tf  # noqa: E402
from tilefuse.frontend.loading import load_programs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LLAMA3_8B = [(4096, 4096), (14336, 4096), (4096, 14336), (6144, 4096), (128256, 4096)]  # N x K
SWEEP_M = [2**i for i in range(14)]  # 1 .. 8192
# Issue 13's zero-shot check: 40 (M, N, K) points the packaged cost model never trained on (``held_out_clash``
# checks that against its metadata), M from 1 to 8192, N x K from Qwen2.5-7B/14B, Llama-3-70B, Mistral-7B's head,
# GPT-2 small/medium, BERT-base and ViT-B/16 (a ViT-B batch of 32 images is M = 32 x 197 = 6304).
HELD_OUT = [
    (1, 4608, 3584), (1, 3584, 3584), (1, 18944, 3584), (1, 3584, 18944), (4, 7168, 5120), (8, 13824, 5120),
    (8, 5120, 13824), (16, 5120, 5120), (32, 10240, 8192), (32, 8192, 8192), (64, 28672, 8192), (64, 8192, 28672),
    (2, 32000, 4096), (16, 2304, 768), (64, 3072, 1024), (3, 4096, 1024), (128, 1024, 4096), (256, 18944, 3584),
    (512, 3584, 18944), (512, 4608, 3584), (1024, 2304, 768), (1024, 768, 3072), (2048, 3072, 1024),
    (2048, 1024, 1024), (2048, 13824, 5120), (4096, 768, 768), (4096, 3072, 768), (4096, 768, 3072),
    (4096, 7168, 5120), (4096, 5120, 13824), (6304, 768, 768), (6304, 3072, 768), (6304, 768, 3072),
    (6304, 2304, 768), (8192, 1024, 1024), (8192, 4096, 1024), (8192, 8192, 8192), (8192, 3584, 3584),
    (100, 32000, 4096), (2048, 28672, 8192),
]


def held_out_clash(points, metadata: Path | None = None) -> list[str]:
    """The points the packaged H200 model's training shapes include (an empty list: the split is held out)."""
    metadata = metadata or ROOT / "tilefuse" / "cost_model" / "pretrained" / "h200" / "metadata.json"
    trained = set()
    for shape in json.loads(metadata.read_text())["training"]["shapes"]:
        dims = dict(kv.split("=") for kv in shape.split()[-1].split(","))
        if {"M", "N", "K"} <= dims.keys():
            trained.add((int(dims["M"]), int(dims["N"]), int(dims["K"])))
    return [f"{m}x{n}x{k}" for m, n, k in points if (m, n, k) in trained]


def sweep_groups(shapes, ms) -> list[tuple[tuple[int, int], list[int]]]:
    """(N x K, its Ms) per ``Kernel``, in order: every M for every shape."""
    return [((n, k), list(ms)) for n, k in shapes]


def point_groups(points) -> list[tuple[tuple[int, int], list[int]]]:
    """(N x K, its Ms) for a list of (M, N, K) points: one ``Kernel`` per N x K, its points in the given order."""
    groups: dict[tuple[int, int], list[int]] = {}
    for m, n, k in points:
        groups.setdefault((n, k), []).append(m)
    return list(groups.items())


@tf.program
def gemm(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"]):
    return tf.einsum("mk,nk->mn", x, w)


@tf.program
def gemm_bias_silu(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], b: tf.Tensor["N"]):
    return tf.silu(tf.einsum("mk,nk->mn", x, w) + b)


def example(stem: str):
    (program,) = load_programs(str(ROOT / "examples" / "attention" / f"{stem}.py"))
    return program


def cfg(bm, bn, bk, warps, stages, group=8, split=1, mode="reduce", tma=False) -> dict:
    c = {"BLOCK_M": bm, "BLOCK_N": bn, "BLOCK_K": bk, "num_warps": warps, "num_stages": stages, "GROUP_M": group,
         "SPLIT_K": split, "USE_TMA": tma}
    if split > 1:
        c["SPLIT_K_MODE"] = mode
    return c


# ------------------------------------------------------------------------------------------- launch overhead


def _sync_latency_us(fn, reps: int) -> float:
    times = []
    for _ in range(reps):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e6


def _graph_of(fn):
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for _ in range(3):
            fn()
    torch.cuda.current_stream().wait_stream(side)
    torch.cuda.synchronize()
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        fn()
    return graph


def _host_us(fn, calls: int = 100) -> float:
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    for _ in range(calls):
        fn()
    host = (time.perf_counter() - t0) / calls * 1e6
    torch.cuda.synchronize()
    return host


def overheads(fns: dict, rounds: int = 7, reps: int = 100) -> dict:
    """For each callable: eager and graph latency of one call, their difference, and the enqueue time of one
    call (µs). The callables take turns, round after round (medians over rounds), so drifting clocks and a noisy
    host hit them alike."""
    graphs = {name: _graph_of(fn) for name, fn in fns.items()}
    samples = {name: {"eager_us": [], "graph_us": [], "host_us": []} for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            samples[name]["eager_us"].append(_sync_latency_us(fn, reps))
            samples[name]["graph_us"].append(_sync_latency_us(graphs[name].replay, reps))
            samples[name]["host_us"].append(_host_us(fn))
    out = {}
    for name, s in samples.items():
        row = {k: statistics.median(v) for k, v in s.items()}
        row["diff_us"] = row["eager_us"] - row["graph_us"]
        out[name] = row
    return out


def _gemm_case(name, program, m, n, k, config, anchor, budget, bias=False):
    def setup(device):
        g = torch.Generator(device=device).manual_seed(0)
        x = torch.randn(m, k, device=device, generator=g).div_(math.sqrt(k)).bfloat16()
        w = torch.randn(n, k, device=device, generator=g).bfloat16()
        args = (x, w) + ((torch.randn(n, device=device, generator=g).bfloat16(),) if bias else ())
        ref = F.linear(*[a.double() for a in args])
        return args, (F.silu(ref) if bias else ref)
    return {"case": name, "family": "gemm", "shape": f"{m}x{n}x{k}", "program": program, "config": config,
            "setup": setup, "anchor": anchor, "anchor_name": "cuBLAS (F.linear" + (" + SiLU)" if bias else ")"),
            "budget_us": budget}


def overhead_cases() -> list[dict]:
    one, split = 3.0, 8.0  # the targets over the anchor's host cost
    linear = lambda x, w: F.linear(x, w)  # noqa: E731
    silu_linear = lambda x, w, b: F.silu(F.linear(x, w, b))  # noqa: E731
    cases = [
        _gemm_case("gemm one kernel", gemm, 256, 5120, 5120, cfg(128, 128, 64, 8, 3), linear, one),
        _gemm_case("gemm one kernel, TMA", gemm, 256, 5120, 5120, cfg(128, 256, 64, 8, 3, tma=True), linear, one),
        _gemm_case("gemm one kernel, per-shape dispatch", gemm, 256, 5120, 5120, None, linear, one),
        _gemm_case("gemm split-K 8 (reduce)", gemm, 2, 8192, 8192,
                   cfg(16, 128, 128, 4, 4, group=1, split=8, tma=True), linear, split),
        _gemm_case("gemm split-K 8 (atomic)", gemm, 2, 8192, 8192,
                   cfg(16, 64, 128, 4, 4, group=1, split=8, mode="atomic"), linear, split),
        _gemm_case("gemm + bias + SiLU, split-K 4", gemm_bias_silu, 32, 14336, 4096,
                   cfg(32, 64, 128, 4, 4, group=1, split=4), silu_linear, split, bias=True),
    ]
    attention = [
        ("attention", "plain", dict(B=1, H=16, M=512, N=512, D=128),
         dict(BLOCK_M=128, BLOCK_N=64, num_warps=8, num_stages=2), one),
        ("attention split-KV 8 + combine", "decode", dict(B=4, H=32, M=1, N=4096, D=128),
         dict(BLOCK_M=16, BLOCK_N=64, num_warps=4, num_stages=2, SPLIT_KV=8), split),
        ("attention block table (documents)", "document_mask", dict(B=1, H=16, M=1024, N=1024, D=64),
         dict(BLOCK_M=128, BLOCK_N=64, num_warps=8, num_stages=2), split),
        ("decode, paged KV (block table + split-KV)", "paged_kv", dict(B=4, H=32, M=1, D=128, PS=16, NP=128, P=512),
         dict(BLOCK_M=16, BLOCK_N=64, num_warps=4, num_stages=2, SPLIT_KV=8), split),
    ]
    for name, stem, dims, config, budget in attention:
        cases.append({"case": name, "family": "attention", "shape": " ".join(f"{k}{v}" for k, v in dims.items()),
                      "program": example(stem), "config": config, "dims": dims, "stem": stem, "budget_us": budget,
                      "anchor_name": "SDPA (" + ("mask" if stem == "document_mask" else "flash") + ")"})
    return cases


def attention_setup(case: dict, device):
    """Inputs, the fp64 reference and the SDPA anchor's callable of an attention case."""
    d, stem = case["dims"], case["stem"]
    g = torch.Generator(device=device).manual_seed(0)
    rnd = lambda *s: torch.randn(*s, device=device, generator=g).bfloat16()  # noqa: E731
    b, h, m, dh = d["B"], d["H"], d["M"], d["D"]
    if stem == "paged_kv":
        ps, np_, pages = d["PS"], d["NP"], d["P"]
        q, kc, vc = rnd(b, h, m, dh), rnd(pages, ps, h, dh), rnd(pages, ps, h, dh)
        table = torch.randperm(pages, device=device, generator=g)[: b * np_].view(b, np_).int()
        lens = torch.full((b,), np_ * ps, device=device, dtype=torch.int32)
        kk = kc[table.long()].flatten(1, 2).transpose(1, 2)  # [B, H, N, D], contiguous K for the anchor
        vv = vc[table.long()].flatten(1, 2).transpose(1, 2)
        args = (q, kc, vc, table, lens)
        ref = F.scaled_dot_product_attention(q.double(), kk.double(), vv.double())
        return args, ref, lambda: F.scaled_dot_product_attention(q, kk, vv)
    n = d["N"]
    q, k, v = rnd(b, h, m, dh), rnd(b, h, n, dh), rnd(b, h, n, dh)
    if stem == "document_mask":
        doc = torch.sort(torch.randint(0, 4, (b, n), device=device, generator=g), -1).values.int()
        causal = torch.ones(n, n, device=device, dtype=torch.bool).tril()
        mask = (doc[:, None, :, None] == doc[:, None, None, :]) & causal
        ref = F.scaled_dot_product_attention(q.double(), k.double(), v.double(), attn_mask=mask)
        return (q, k, v, doc), ref, lambda: F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    assert stem == "plain" or m == 1  # decode: bottom-right aligned causal, so one query sees every key
    ref = F.scaled_dot_product_attention(q.double(), k.double(), v.double())
    return (q, k, v), ref, lambda: F.scaled_dot_product_attention(q, k, v)


def launch_floor(device) -> dict:
    """What one launch costs on this host before tilefuse adds anything: a one-store Triton kernel through its JIT
    (binding and specializing every call) and through its compiled kernel's own launcher (what ``_Launch`` does),
    a TensorDescriptor argument on that launcher, and one ``torch.empty`` (µs of host enqueue time)."""
    import triton
    import triton.language as tl
    from triton.tools.tensor_descriptor import TensorDescriptor

    @triton.jit
    def store_one(x_ptr, n):
        tl.store(x_ptr + tl.program_id(0), n)

    @triton.jit
    def load_desc(d, x_ptr):
        tl.store(x_ptr + tl.arange(0, 16), tl.sum(d.load([0, 0]), axis=0))

    x = torch.zeros(16, device=device)
    t = torch.randn(64, 64, device=device)
    ck = store_one[(1,)](x, 1)
    desc = TensorDescriptor.from_tensor(t, [16, 16])
    ckd = load_desc[(1,)](desc, x)
    stream = torch.cuda.current_stream().cuda_stream
    direct = lambda: ck.run(1, 1, 1, stream, ck.function, ck.packed_metadata, None, None, None, x, 1)  # noqa: E731
    with_desc = lambda: ckd.run(1, 1, 1, stream, ckd.function, ckd.packed_metadata, None, None, None,  # noqa: E731
                                desc, x)
    fns = {"jit": lambda: store_one[(1,)](x, 1), "direct": direct, "direct + 1 descriptor": with_desc,
           "TensorDescriptor.from_tensor": lambda: TensorDescriptor.from_tensor(t, [16, 16]),
           "torch.empty": lambda: torch.empty(256, 4096, device=device, dtype=torch.bfloat16)}
    out = {}
    for name, fn in fns.items():
        fn()
        out[name] = statistics.median(_host_us(fn, 200) for _ in range(5))
    return out


def run_overhead(device) -> list[dict]:
    rows = []
    for case in overhead_cases():
        row = {k: case[k] for k in ("case", "family", "shape", "anchor_name", "budget_us")}
        row["config"] = case["config"]
        try:
            if case["family"] == "gemm":
                args, ref = case["setup"](device)
                anchor = (lambda a=args, f=case["anchor"]: f(*a))
            else:
                args, ref, anchor = attention_setup(case, device)
            kernel = case["program"].compile("bf16", config=case["config"]) if case["config"] is not None else \
                case["program"].compile("bf16")
            out = kernel(*args)
            row["rel_error"] = harness.check(out, ref)
            if not row["rel_error"] < 2e-2:
                raise AssertionError(f"wrong output: relative error {row['rel_error']:.3e}")
            row["chosen"] = kernel.specializations()[-1]["config"]
            timed = overheads({"tilefuse": lambda kernel=kernel, args=args: kernel(*args), "anchor": anchor})
            row["tilefuse"], row["anchor"] = timed["tilefuse"], timed["anchor"]
            loaded = [s._module for s in kernel._builds.values() if s._module is not None]  # what the calls ran
            row["direct_launch"] = bool(loaded) and all(
                getattr(m, "_DIRECT", False) and all(len(v.compiled) > 0 for k, v in vars(m).items()
                                                     if k.startswith("_L_")) for m in loaded)
            row["over_anchor_us"] = row["tilefuse"]["diff_us"] - row["anchor"]["diff_us"]
            row["met"] = row["over_anchor_us"] <= row["budget_us"]
        except Exception as exc:  # noqa: BLE001 - recorded, the run goes on
            harness.assert_device_ok(device)
            row["error"] = f"{type(exc).__name__}: {exc}"[:400]
        harness.log(f"{row['case']:45s} " + (row.get("error") or
                    f"tilefuse eager {row['tilefuse']['eager_us']:.1f} graph {row['tilefuse']['graph_us']:.1f} "
                    f"diff {row['tilefuse']['diff_us']:.1f} host {row['tilefuse']['host_us']:.1f} | anchor diff "
                    f"{row['anchor']['diff_us']:.1f} host {row['anchor']['host_us']:.1f} | over "
                    f"{row['over_anchor_us']:+.1f} (budget {row['budget_us']:.0f}) "
                    f"{'MET' if row['met'] else 'NOT MET'}"))
        rows.append(row)
    return rows


# ------------------------------------------------------------------------------------------------ M sweep


AUTOTUNE_CONFIGS = [cfg(*c) for c in [
    (16, 64, 128, 4, 4, 1), (16, 128, 64, 4, 4, 1), (32, 64, 128, 4, 4, 1), (64, 64, 128, 4, 4, 1),
    (64, 128, 64, 4, 4, 8), (128, 64, 64, 4, 4, 8), (128, 128, 64, 4, 4, 8), (128, 128, 64, 8, 3, 8),
    (128, 256, 64, 8, 3, 8), (256, 128, 64, 8, 3, 8), (128, 128, 32, 4, 4, 8)]]


def autotuned_gemm(dtype: str = "bf16"):
    """``triton.autotune`` keyed on M over ``AUTOTUNE_CONFIGS``, on tilefuse's own generated GEMM kernel: the
    configs differ only in constexprs and launch options (checked: each config's kernel text is the same)."""
    import triton

    base = gemm.compile(dtype, config=AUTOTUNE_CONFIGS[0])
    body = base.source.split("def gemm_kernel(")[1].split("\n\n\n")[0]
    for c in AUTOTUNE_CONFIGS[1:]:
        other = gemm.compile(dtype, config=c).source.split("def gemm_kernel(")[1].split("\n\n\n")[0]
        assert other == body, f"config {c} changes the kernel beyond its constexprs"
    configs = [triton.Config({k: c[k] for k in ("BLOCK_M", "BLOCK_N", "BLOCK_K", "GROUP_M")},
                             num_warps=c["num_warps"], num_stages=c["num_stages"]) for c in AUTOTUNE_CONFIGS]
    def bench(fn, quantiles=None):  # the autotuner asks for quantiles; short runs keep the sweep within minutes
        return triton.testing.do_bench(fn, warmup=5, rep=20, quantiles=quantiles)
    tuned = triton.autotune(configs=configs, key=["M"], do_bench=bench)(base.module.gemm_kernel)

    def run(x, w):
        m, k = x.shape
        n = w.shape[0]
        out = torch.empty((m, n), dtype=x.dtype, device=x.device)
        grid = lambda meta: (triton.cdiv(m, meta["BLOCK_M"]) * triton.cdiv(n, meta["BLOCK_N"]), 1, 1)  # noqa: E731
        tuned[grid](x, w, out, x.stride(0), x.stride(1), w.stride(0), w.stride(1), out.stride(0), out.stride(1),
                    k, m, n)
        return out
    return run, tuned


def run_sweep(device, ceilings, groups, log_path: Path) -> list[dict]:
    """Each (N x K, Ms) of ``groups`` (``sweep_groups``, ``point_groups``) as one ``Kernel`` over its Ms."""
    rows = []
    autotune, tuner = autotuned_gemm()
    l2 = harness.l2_bytes(device)
    for (n, k), ms in groups:
        kernel = gemm.compile("bf16")  # one Kernel for the whole M sweep of this N x K
        g = torch.Generator(device=device).manual_seed(n + k)
        w = torch.randn(n, k, device=device, generator=g).bfloat16()
        for m in ms:
            row = {"M": m, "N": n, "K": k}
            try:
                nbytes = 2 * (m * k + n * k + m * n)
                sets = harness.sets_needed(nbytes, l2, max_sets=8)
                xs = [torch.randn(m, k, device=device, generator=g).div_(math.sqrt(k)).bfloat16() for _ in range(sets)]
                ws = [w] + [w.clone() for _ in range(sets - 1)] if n * k * 2 < 2 * l2 else [w] * sets
                ref = F.linear(xs[0].double(), ws[0].double())
                impls = {"tilefuse": lambda x, w_, kernel=kernel: kernel(x, w_),
                         "cuBLAS": lambda x, w_: F.linear(x, w_), "triton.autotune": autotune}
                for name, fn in impls.items():
                    err = harness.check(fn(xs[0], ws[0]), ref)
                    if not err < 2e-2:
                        raise AssertionError(f"{name}: relative error {err:.3e}")
                    make = lambda i, xs=xs, ws=ws: (xs[i], ws[i])  # noqa: E731
                    row[name] = {"graph_ms": harness.bench_graph(fn, make, sets),
                                 "eager_ms": harness.bench(fn, make, sets, warmup=5, rep=40), "rel_error": err}
                del ref
                spec = kernel.specializations()[-1]
                row["config"], row["source"] = spec["config"], spec["source"]
                row["autotune_config"] = str(getattr(tuner, "best_config", None))  # the last M's: this one
                flops = 2 * m * n * k
                best = flops / min(ceilings["peak_tflops"] * 1e12, flops * ceilings["bandwidth_gbs"] * 1e9 / nbytes)
                t = row["tilefuse"]["graph_ms"] * 1e-3
                row["roofline_pct"] = 100 * best / t
                for anchor in ("cuBLAS", "triton.autotune"):
                    row[f"vs {anchor}"] = row[anchor]["graph_ms"] / row["tilefuse"]["graph_ms"]
                harness.log(f"M={m:5d} N={n:6d} K={k:5d} tilefuse {row['tilefuse']['graph_ms']*1e3:8.1f} us "
                            f"({row['source']}) vs cuBLAS {row['vs cuBLAS']:.2f}x  vs autotune "
                            f"{row['vs triton.autotune']:.2f}x  {row['roofline_pct']:.0f}% of roofline")
            except Exception as exc:  # noqa: BLE001
                harness.assert_device_ok(device)
                row["error"] = f"{type(exc).__name__}: {exc}"[:400]
                harness.log(f"M={m} N={n} K={k}: {row['error']}")
            rows.append(row)
            with log_path.open("a") as f:  # every point as soon as it exists: a killed run keeps what ran
                f.write(json.dumps(row, default=str) + "\n")
            torch.cuda.empty_cache()
    return rows


# ------------------------------------------------------------------------------------------------- reports


def geomean(values) -> float | None:
    values = [v for v in values if v and v > 0]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else None


def report(meta: dict, over: list[dict], sweep: list[dict]) -> str:
    lines = [f"# Runtime: launch overhead and per-shape dispatch ({meta['device'].get('name')})", "",
             f"{meta['device'].get('date_utc')}, git {meta['device'].get('git_revision')}, torch "
             f"{meta['device'].get('torch')}, triton {meta['device'].get('triton')}. Ceilings measured in this run: "
             f"{meta['ceilings']['peak_tflops']:.0f} TFLOP/s bf16 matmul, {meta['ceilings']['bandwidth_gbs']:.0f} GB/s "
             "copy.", ""]
    if meta.get("launch_floor_us"):
        lines += ["Host enqueue cost of one launch on this machine, before tilefuse adds anything (µs): " + ", ".join(
            f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in meta["launch_floor_us"].items()) + ".",
                  ""]
    if over:
        lines += ["## Launch overhead (µs; eager and graph: latency of one synchronous call)", "",
                  "| case | shape | tilefuse eager | graph | eager − graph | host enqueue | anchor | anchor eager | "
                  "graph | eager − graph | host | over anchor | target | met |", "|" + "---|" * 14]
        for r in over:
            if "error" in r:
                lines.append(f"| {r['case']} | {r['shape']} | error: {r['error'][:120]} |" + " |" * 11)
                continue
            t, a = r["tilefuse"], r["anchor"]
            lines.append(f"| {r['case']} | {r['shape']} | {t['eager_us']:.1f} | {t['graph_us']:.1f} | "
                         f"{t['diff_us']:.1f} | {t['host_us']:.1f} | {r['anchor_name']} | {a['eager_us']:.1f} | "
                         f"{a['graph_us']:.1f} | {a['diff_us']:.1f} | {a['host_us']:.1f} | "
                         f"{r['over_anchor_us']:+.1f} | "
                         f"≤ +{r['budget_us']:.0f} | {'yes' if r['met'] else 'no'} |")
    ok = [r for r in sweep if "error" not in r]
    if sweep:
        lines += ["", f"## {meta.get('sweep_title', 'M sweep, Llama-3-8B shapes')} (bf16, CUDA-graph time; "
                  "ratio = anchor / tilefuse)", "",
                  "| N x K | geomean vs cuBLAS | worst (M) | geomean vs triton.autotune | worst (M) | choices |",
                  "|---|---|---|---|---|---|"]
        for n, k in dict.fromkeys((r["N"], r["K"]) for r in sweep):
            rs = [r for r in ok if (r["N"], r["K"]) == (n, k)]
            if not rs:
                lines.append(f"| {n} x {k} | no point ran | | | | |")
                continue
            cells = []
            for anchor in ("cuBLAS", "triton.autotune"):
                worst = min(rs, key=lambda r: r[f"vs {anchor}"])
                cells += [f"{geomean(r[f'vs {anchor}'] for r in rs):.2f}x",
                          f"{worst[f'vs {anchor}']:.2f}x (M={worst['M']})"]
            sources = ", ".join(f"{s} {sum(r['source'] == s for r in rs)}" for s in sorted({r["source"] for r in rs}))
            lines.append(f"| {n} x {k} | " + " | ".join(cells) + f" | {sources} |")
        for anchor in ("cuBLAS", "triton.autotune"):
            if ok:
                worst = min(ok, key=lambda r: r[f"vs {anchor}"])
                mean = geomean(r[f"vs {anchor}"] for r in ok)
                lines.append(f"\nAll {len(ok)} points vs {anchor}: geomean {mean:.2f}x,"
                             f" worst {worst[f'vs {anchor}']:.2f}x at {worst['M']}x{worst['N']}x{worst['K']}.")
        failed = [r for r in sweep if "error" in r]
        if failed:
            lines.append(f"\n{len(failed)} points failed: " + "; ".join(
                f"{r['M']}x{r['N']}x{r['K']}: {r['error'][:80]}" for r in failed[:5]))
    return "\n".join(lines) + "\n"


def plot(sweep: list[dict], path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    if not any("error" not in r for r in sweep):
        return
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.5), sharey=True)
    for ax, anchor in zip(axes, ("cuBLAS", "triton.autotune")):
        for n, k in dict.fromkeys((r["N"], r["K"]) for r in sweep):
            rs = [r for r in sweep if (r["N"], r["K"]) == (n, k) and "error" not in r]
            ax.plot([r["M"] for r in rs], [r[f"vs {anchor}"] for r in rs], marker="o", label=f"N×K = {n}×{k}")
        ax.axhline(1.0, color="gray", lw=0.8)
        ax.set_xscale("log", base=2)
        ax.set_xlabel("M")
        ax.set_title(f"tilefuse vs {anchor} (one Kernel per N×K; >1: tilefuse faster)")
    axes[0].set_ylabel("speedup (CUDA-graph time)")
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default="benchmarks/results/latest")
    p.add_argument("--part", choices=["all", "overhead", "sweep"], default="all")
    p.add_argument("--shapes", default="", help="N x K shapes of the sweep, e.g. 4096x4096,14336x4096")
    p.add_argument("--ms", default="", help="the M values of the sweep, e.g. 1,16,4096")
    p.add_argument("--held-out", action="store_true",
                   help="sweep HELD_OUT (40 M x N x K points the packaged cost model never trained on) instead")
    args = p.parse_args(argv)
    if args.held_out and held_out_clash(HELD_OUT):
        print(f"held-out points in the model's training set: {held_out_clash(HELD_OUT)}", file=sys.stderr)
        return 2
    if not torch.cuda.is_available():
        print("runtime.py needs a CUDA GPU", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    device = torch.device("cuda")
    meta = {"device": harness.device_info(device), "ceilings": harness.measure_ceilings(device)}
    harness.log(f"{meta['device']['name']}: {meta['ceilings']['peak_tflops']:.0f} TFLOP/s, "
                f"{meta['ceilings']['bandwidth_gbs']:.0f} GB/s")
    if args.part in ("all", "overhead"):
        try:
            meta["launch_floor_us"] = launch_floor(device)
        except Exception as exc:  # noqa: BLE001 - a diagnostic; the comparison goes on without it
            meta["launch_floor_us"] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        harness.log(f"launch floor (µs): {meta['launch_floor_us']}")
    over = run_overhead(device) if args.part in ("all", "overhead") else []
    (out / "runtime_overhead.json").write_text(json.dumps({"meta": meta, "rows": over}, indent=1, default=str))
    shapes = [tuple(map(int, s.split("x"))) for s in args.shapes.split(",") if s] or LLAMA3_8B
    ms = [int(m) for m in args.ms.split(",") if m] or SWEEP_M
    groups = point_groups(HELD_OUT) if args.held_out else sweep_groups(shapes, ms)
    if args.held_out:
        meta["sweep_title"] = f"Zero-shot picks on {len(HELD_OUT)} held-out shapes"
    sweep = run_sweep(device, meta["ceilings"], groups, out / "runtime_sweep.jsonl") \
        if args.part in ("all", "sweep") else []
    (out / "runtime.json").write_text(json.dumps({"meta": meta, "overhead": over, "sweep": sweep}, indent=1,
                                                 default=str))
    text = report(meta, over, sweep)
    (out / "runtime.md").write_text(text)
    if sweep:
        plot(sweep, out / "runtime_sweep.png")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
