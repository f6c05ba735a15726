"""Speed before and after a refactor, side by side in one device call: a few GEMM and attention cases, each
compiled and timed by two copies of tilefuse (say, the tree before a restructure and the tree after), in
alternating processes (A B A B), with cuBLAS / SDPA anchors timed in the same processes.

    PYTHONPATH=. python3 benchmarks/restructure_check.py --tree before=.old --tree after=. --out $OUT

Each ``--tree NAME=DIR`` names a folder holding a ``tilefuse/`` package. Every case is checked against an
fp64 reference (NaN-poisoned output, random inputs) before it is timed; a wrong result is reported, not
timed. Times are medians: eager calls (``triton.testing.do_bench``, launcher included) and CUDA-graph
replays (device time only), over input sets rotated past the L2. The two rounds of one tree give the
noise; the table compares the medians of the two trees. Raw records go to ``OUT/restructure.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (case, program, sizes, config); sizes name the program's dims
GEMM_CASES = [
    ("gemm 4096x4096x4096", "gemm", {"M": 4096, "N": 4096, "K": 4096}, None),
    ("gemm 256x5120x5120", "gemm", {"M": 256, "N": 5120, "K": 5120}, None),
    ("gemm 2x8192x8192 split-K 8", "gemm", {"M": 2, "N": 8192, "K": 8192},
     {"BLOCK_M": 16, "BLOCK_N": 64, "BLOCK_K": 128, "num_warps": 4, "num_stages": 4, "SPLIT_K": 8}),
    ("bias+gelu 32x14336x4096 split-K 4", "gemm_bias_gelu", {"M": 32, "N": 14336, "K": 4096},
     {"BLOCK_M": 16, "BLOCK_N": 128, "BLOCK_K": 128, "num_warps": 4, "num_stages": 4, "SPLIT_K": 4}),
]
ATTENTION_CASES = [
    ("causal 4x16x4096 d128", "causal_attention", {"B": 4, "H": 16, "M": 4096, "N": 4096, "D": 128}, None),
    ("plain 4x16x2048 d128", "attention", {"B": 4, "H": 16, "M": 2048, "N": 2048, "D": 128}, None),
    ("decode 8x32 m1 n8192 split-KV 8", "decode_causal_attention", {"B": 8, "H": 32, "M": 1, "N": 8192, "D": 128},
     {"BLOCK_M": 16, "BLOCK_N": 64, "num_warps": 4, "num_stages": 2, "SPLIT_KV": 8}),
    ("document 2x16x4096 d128 (table)", "document_attention", {"B": 2, "H": 16, "M": 4096, "N": 4096, "D": 128},
     None),
]


# ------------------------------------------------------------------------------------------ one process


def _gemm_case(name, program_name, dims, config, ceilings, gen):
    import gemm as bench_gemm
    import harness
    import torch
    import torch.nn.functional as F

    program = getattr(bench_gemm, program_name)
    m, n, k = dims["M"], dims["N"], dims["K"]
    bias = program_name == "gemm_bias_gelu"
    kernel = program.compile(dtype="bf16", config=config)

    def make(i):
        x = torch.randn(m, k, device="cuda", dtype=torch.bfloat16, generator=gen)
        w = torch.randn(n, k, device="cuda", dtype=torch.bfloat16, generator=gen) / k**0.5
        b = torch.randn(n, device="cuda", dtype=torch.bfloat16, generator=gen)
        return (x, w, b) if bias else (x, w)

    check_set = make(0)
    ref = check_set[0].double() @ check_set[1].double().T
    if bias:
        ref = F.gelu(ref + check_set[2].double())
    out = torch.full((m, n), float("nan"), device="cuda", dtype=torch.bfloat16)
    kernel(*check_set, out=out)
    error = harness.check(out, ref)
    flops, nbytes = 2 * m * n * k, 2 * (m * k + n * k + m * n + (n if bias else 0))
    sets = harness.sets_needed(nbytes, harness.l2_bytes("cuda"))
    outs = [torch.empty(m, n, device="cuda", dtype=torch.bfloat16) for _ in range(sets)]

    def ours(*args):
        return kernel(*args[:-1], out=args[-1])

    def make_with_out(i):
        return (*make(i), outs[i])

    anchor = (lambda x, w, b: F.gelu(torch.addmm(b, x, w.T))) if bias else (lambda x, w: x @ w.T)
    rows = [_timed(name, "tilefuse", ours, make_with_out, sets, error, flops, nbytes, ceilings, config)]
    rows.append(_timed(name, "cuBLAS", anchor, make, sets, harness.check(anchor(*check_set), ref), flops, nbytes,
                       ceilings, None))
    return rows


def _attention_case(name, program_name, dims, config, ceilings, gen):
    import attention as bench_attention
    import harness
    import torch
    import torch.nn.functional as F

    from tilefuse.frontend.reference import run_reference

    program = getattr(bench_attention, program_name)
    b, h, m, n, d = (dims[x] for x in "BHMND")
    document = program_name == "document_attention"
    kernel = program.compile(dtype="bf16", config=config)

    def make(i):
        q = torch.randn(b, h, m, d, device="cuda", dtype=torch.bfloat16, generator=gen)
        k, v = (torch.randn(b, h, n, d, device="cuda", dtype=torch.bfloat16, generator=gen) for _ in range(2))
        if not document:
            return q, k, v
        lengths = torch.randint(256, 1024, (b, 32), device="cuda", generator=gen).cumsum(1)
        doc = torch.searchsorted(lengths, torch.arange(n, device="cuda").expand(b, n).contiguous()).to(torch.int32)
        return q, k, v, doc

    check_set = make(0)
    heads = [0, h - 1]  # heads are independent: check a slice against fp64, whole rows of keys included
    sliced = [t[:1, heads] if t.dim() == 4 else t[:1] for t in check_set]
    ref = run_reference(program, *sliced, compute_dtype=torch.float64)
    out = torch.full((b, h, m, d), float("nan"), device="cuda", dtype=torch.bfloat16)
    kernel(*check_set, out=out)
    error = harness.check(out[:1, heads], ref)
    if program_name == "attention":
        pairs, anchor = m * n, (lambda q, k, v: F.scaled_dot_product_attention(q, k, v))
    elif program_name == "causal_attention":
        pairs, anchor = m * (m + 1) // 2, (lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True))
    elif program_name == "decode_causal_attention":  # one query sees every key
        pairs, anchor = m * n, (lambda q, k, v: F.scaled_dot_product_attention(q, k, v))
    else:
        def anchor(q, k, v, doc):
            keep = (doc[:, None, :, None] == doc[:, None, None, :]) & torch.ones(m, n, device="cuda").tril().bool()
            return F.scaled_dot_product_attention(q, k, v, attn_mask=keep)
        doc = check_set[3]
        keep = (doc[:, :, None] == doc[:, None, :]) & torch.ones(m, n, device="cuda").tril().bool()
        pairs = int(keep.sum().item()) // b
    flops = 4 * b * h * pairs * d
    nbytes = 2 * (2 * b * h * m * d + 2 * b * h * n * d)
    sets = harness.sets_needed(nbytes, harness.l2_bytes("cuda"), max_sets=8)
    outs = [torch.empty(b, h, m, d, device="cuda", dtype=torch.bfloat16) for _ in range(sets)]

    def ours(*args):
        return kernel(*args[:-1], out=args[-1])

    def make_with_out(i):
        return (*make(i), outs[i])

    rows = [_timed(name, "tilefuse", ours, make_with_out, sets, error, flops, nbytes, ceilings, config)]
    anchor_out = anchor(*check_set)[:1, heads]
    rows.append(_timed(name, "SDPA", anchor, make, sets, harness.check(anchor_out, ref), flops, nbytes, ceilings,
                       None))
    return rows


def _timed(case, impl, fn, make, sets, error, flops, nbytes, ceilings, config) -> dict:
    import harness

    row = {"case": case, "impl": impl, "rel_error": error, "config": config, "n_sets": sets}
    if not error < 3e-2:  # bf16 operands; NaN fails too
        row["status"] = "wrong"
        return row
    row["eager_ms"] = harness.bench(fn, make, sets)
    row["graph_ms"] = harness.bench_graph(fn, make, sets)
    floor_ms = max(flops / (ceilings["peak_tflops"] * 1e12), nbytes / (ceilings["bandwidth_gbs"] * 1e9)) * 1e3
    row.update(status="ok", tflops=flops / (row["graph_ms"] * 1e-3) / 1e12,
               roofline_pct=100 * floor_ms / row["graph_ms"])
    return row


def worker(tree: str, round_index: int, out: Path) -> int:
    """Run every case with the tilefuse found on sys.path; append one JSON line per row to ``out``."""
    import torch

    sys.path.insert(0, str(HERE))
    import harness

    import tilefuse

    ceilings = harness.measure_ceilings("cuda", torch.bfloat16)
    gen = torch.Generator(device="cuda").manual_seed(round_index)
    rows = []
    for cases, run in ((GEMM_CASES, _gemm_case), (ATTENTION_CASES, _attention_case)):
        for name, program_name, dims, config in cases:
            try:
                rows += run(name, program_name, dims, config, ceilings, gen)
            except Exception as exc:  # noqa: BLE001 - one broken case is a row, not a dead run
                rows.append({"case": name, "impl": "tilefuse", "status": f"error: {type(exc).__name__}: {exc}"})
            torch.cuda.empty_cache()
    with out.open("a") as f:
        for row in rows:
            f.write(json.dumps({"tree": tree, "round": round_index, "tilefuse_file": tilefuse.__file__,
                                "ceilings": ceilings, **row}) + "\n")
    return 0


# ------------------------------------------------------------------------------------------------ driver


def summarize(rows: list[dict]) -> str:
    """A fixed-width table: per case and implementation, each tree's median times, and after / before."""
    trees = list(dict.fromkeys(r["tree"] for r in rows))
    lines = []
    header = f"{'case':36} {'impl':9}" + "".join(f" {t + ' eager':>14} {t + ' graph':>14}" for t in trees)
    if len(trees) == 2:
        header += f" {'ratio eager':>11} {'ratio graph':>11} {'noise graph':>11} {'% roof':>7}"
    lines.append(header)
    keys = list(dict.fromkeys((r["case"], r["impl"]) for r in rows))
    for case, impl in keys:
        cells, medians, noise = [], {}, []
        for t in trees:
            mine = [r for r in rows if (r["case"], r["impl"], r["tree"]) == (case, impl, t) and r["status"] == "ok"]
            if not mine:
                cells += [f"{'-':>14}", f"{'-':>14}"]
                continue
            eager = statistics.median(r["eager_ms"] for r in mine)
            graph = statistics.median(r["graph_ms"] for r in mine)
            medians[t] = (eager, graph, statistics.median(r["roofline_pct"] for r in mine))
            if len(mine) > 1:
                noise.append((max(r["graph_ms"] for r in mine) - min(r["graph_ms"] for r in mine)) / graph)
            cells += [f"{eager:14.4f}", f"{graph:14.4f}"]
        line = f"{case:36} {impl:9}" + " ".join([""] + cells)
        if len(trees) == 2 and len(medians) == 2:
            (e0, g0, _), (e1, g1, roof) = medians[trees[0]], medians[trees[1]]
            line += f" {e1 / e0:11.3f} {g1 / g0:11.3f} {max(noise, default=0) * 100:10.1f}% {roof:6.1f}%"
        lines.append(line)
    bad = [r for r in rows if r["status"] != "ok"]
    for r in bad:
        lines.append(f"PROBLEM {r['tree']} {r['case']} {r['impl']}: {r['status']} (rel_error {r.get('rel_error')})")
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tree", action="append", required=True, help="NAME=DIR holding a tilefuse/ package")
    p.add_argument("--rounds", type=int, default=2, help="processes per tree, alternating between trees")
    p.add_argument("--out", type=Path, default=Path("benchmarks/results/restructure"))
    p.add_argument("--worker", nargs=2, metavar=("NAME", "ROUND"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    log = args.out / "restructure.jsonl"
    if args.worker:
        return worker(args.worker[0], int(args.worker[1]), log)
    log.unlink(missing_ok=True)
    trees = [t.split("=", 1) for t in args.tree]
    for round_index in range(args.rounds):
        for name, folder in trees:
            env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(folder).resolve()),
                                                                 os.environ.get("PYTHONPATH", "")])}
            print(f"round {round_index}: {name} ({folder})", flush=True)
            subprocess.run([sys.executable, __file__, "--tree", args.tree[0], "--out", str(args.out),
                            "--worker", name, str(round_index)], env=env, check=False)
    rows = [json.loads(line) for line in log.read_text().splitlines()]
    table = summarize(rows)
    (args.out / "restructure.txt").write_text(table + "\n")
    print(table)
    return 0 if all(r["status"] == "ok" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
