"""Decode attention sweep (issue 13): grouped-query decode, contiguous and paged KV, tilefuse against cuDNN SDPA,
flash SDPA and FlexAttention, side by side in one run.

    PYTHONPATH=. python3 benchmarks/attention_decode.py --out OUT [--time-budget 400] [--flex-heads 32/8]
    PYTHONPATH=. python3 benchmarks/attention_decode.py --dry-run --out /tmp/decodedry     # CPU, interpreter
    python3 benchmarks/attention_decode.py --report OUT/attention_decode.jsonl --out DIR     # tables, plot

The programs are ``examples/attention/gqa_decode.py`` (K/V [B, HKV, N, D]; the M queries are the last M tokens)
and ``examples/attention/paged_gqa.py`` (pages of PS tokens through a page table, per-sequence lengths). Head
packing is the compiler's: the fusion pass sees that K/V depend on the query head only through h // (H / HKV).

tilefuse runs twice: ``tilefuse zero-shot`` is what a user gets untuned (``program.compile("bf16")`` with a fresh
tuning database: the packaged cost model's pick at each shape), ``tilefuse`` the fastest of a few fixed decode
configs. Anchors: SDPA with ``enable_gqa=True`` pinned to cuDNN and to flash, and FlexAttention (compiled, only
for the head layouts in ``--flex-heads``: it compiles per shape). Paged cases run the anchors on the same cache
laid out contiguously (SDPA has no paged form): the bytes are the same, the gather is tilefuse's alone.

Correctness: every implementation's output is checked against an fp64 reference of batches 0 and B-1 (every head,
every query); tilefuse writes into a NaN-poisoned buffer. GB/s counts q, K, V (the keys each sequence has) and the
output once; % of bandwidth is against the copy ceiling measured in the same run.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if __name__ == "__main__" and "--dry-run" in sys.argv[1:]:
    os.environ["TRITON_INTERPRET"] = "1"

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch.nn.attention import SDPBackend, sdpa_kernel  # noqa: E402

from tilefuse.frontend.loading import load_programs  # noqa: E402

BENCH = "attention_decode"
ZERO_SHOT = "tilefuse zero-shot"
FIXED = [dict(BLOCK_M=16, BLOCK_N=n, num_warps=4, num_stages=s, SPLIT_KV=32, HEAD_PACK=16)
         for n, s in ((64, 3), (128, 2))]
DRY_FIXED = [dict(BLOCK_M=16, BLOCK_N=16, num_warps=4, num_stages=1, SPLIT_KV=4, HEAD_PACK=16)]


@dataclass(frozen=True)
class Case:
    B: int
    H: int
    HKV: int
    M: int
    N: int
    D: int
    page: int = 0   # paged KV: tokens per page (0: contiguous)

    @property
    def label(self) -> str:
        return (f"B{self.B} H{self.H}/{self.HKV} M{self.M} KV{self.N} D{self.D}"
                + (f" page{self.page}" if self.page else ""))

    @property
    def kv_bytes(self) -> int:
        return 2 * self.B * self.HKV * self.N * self.D * 2


def cases(args) -> list[Case]:
    """Most telling first, so a time budget cuts the tail: Llama-3's 32/8 heads over every batch and cache length,
    paged caches, 4 and 8 query tokens, head dim 64, then the other head layouts. Cases whose K/V exceed --max-gb
    are left out."""
    if args.dry_run:
        return [Case(2, 8, 2, 1, 80, 32), Case(1, 8, 1, 4, 64, 16), Case(2, 4, 4, 1, 40, 16),
                Case(2, 8, 2, 1, 64, 16, page=16)]
    heads = [tuple(int(x) for x in h.split("/")) for h in args.heads.split(",")]
    core = lambda h, g: [Case(b, h, g, 1, n, 128) for b in args.batches for n in args.kv]  # noqa: E731
    out = core(*heads[0])
    out += [Case(32, 32, 8, 1, n, 128, page=p) for p in (16, 64) for n in (4096, 16384)]
    out += [Case(b, 32, 8, m, n, 128) for m in (4, 8) for b in (8, 32) for n in (4096, 16384)]
    out += [Case(32, 32, 8, 1, n, 64) for n in args.kv]
    for h, g in heads[1:]:
        out += core(h, g)
    return [c for c in out if c.kv_bytes <= args.max_gb * 2**30]


def make_sets(case: Case, n_sets: int, device, dtype, seed: int = 0):
    """Input sets: (q, k, v) contiguous, plus the paged cache, page table and lengths when paged (a random page
    permutation; every sequence holds all N keys, so the anchors' contiguous K/V is the same data)."""
    gen = torch.Generator(device=device).manual_seed(seed)
    sets = []
    for _ in range(n_sets):
        q = torch.randn(case.B, case.H, case.M, case.D, device=device, generator=gen).to(dtype)
        k, v = (torch.randn(case.B, case.HKV, case.N, case.D, device=device, generator=gen).to(dtype)
                for _ in range(2))
        extra = ()
        if case.page:
            pages_per_seq = case.N // case.page
            total = case.B * pages_per_seq
            table = torch.randperm(total, device=device, generator=gen).reshape(case.B, pages_per_seq)
            k_cache, v_cache = (torch.empty(total, case.page, case.HKV, case.D, dtype=dtype, device=device)
                                for _ in range(2))
            for cache, src in ((k_cache, k), (v_cache, v)):   # cache[table[b, j], s] = src[b, :, j * page + s]
                blocks = src.reshape(case.B, case.HKV, pages_per_seq, case.page, case.D).permute(0, 2, 3, 1, 4)
                cache[table.reshape(-1)] = blocks.reshape(total, case.page, case.HKV, case.D)
            lens = torch.full((case.B,), case.N, dtype=torch.int32, device=device)
            extra = (k_cache, v_cache, table.to(torch.int32), lens)
        sets.append((q, k, v, *extra))
    return sets


def reference(case: Case, q, k, v) -> torch.Tensor:
    """fp64 attention of batches 0 and B-1 (the M queries are the last M of the N keys)."""
    rows = [0, case.B - 1] if case.B > 1 else [0]
    g = case.H // case.HKV
    qs = q[rows].double()
    ks, vs = (t[rows].double().repeat_interleave(g, dim=1) for t in (k, v))
    s = qs @ ks.transpose(-1, -2) / math.sqrt(case.D)
    keep = torch.arange(case.M, device=q.device)[:, None] + case.N - case.M >= torch.arange(case.N, device=q.device)
    s = s.masked_fill(~keep, -math.inf)
    return torch.softmax(s, -1) @ vs


def view(case: Case):
    rows = [0, case.B - 1] if case.B > 1 else [0]
    return lambda out: out[rows]


def anchors(case: Case, args):
    """(name, fn(q, k, v, *rest) -> out) for cuDNN, flash and (for --flex-heads layouts) FlexAttention."""
    out = []
    kwargs = {"scale": 1.0 / math.sqrt(case.D), "enable_gqa": True}
    if case.M > 1:
        from torch.nn.attention.bias import causal_lower_right

        kwargs["attn_mask"] = causal_lower_right(case.M, case.N)
    for name, backend in (("cudnn", SDPBackend.CUDNN_ATTENTION), ("flash", SDPBackend.FLASH_ATTENTION)):
        def fn(q, k, v, *_, backend=backend):
            with sdpa_kernel(backend):
                return F.scaled_dot_product_attention(q, k, v, **kwargs)

        out.append((name, fn))
    if not args.dry_run and f"{case.H}/{case.HKV}" in args.flex_heads.split(",") and case.M == 1 \
            and case.D == 128 and not case.page:
        from torch.nn.attention.flex_attention import create_block_mask, flex_attention

        block_mask = None
        if case.M > 1:
            block_mask = create_block_mask(lambda b, h, m, n: m + case.N - case.M >= n, None, None, case.M, case.N,
                                           device="cuda")
        flex = torch.compile(flex_attention, dynamic=False)
        out.append(("flex", lambda q, k, v, *_: flex(q, k, v, block_mask=block_mask, scale=kwargs["scale"],
                                                     enable_gqa=True)))
    return out


def run_case(case: Case, args, programs, ceilings, device, log: harness.ResultLog) -> None:
    # enough sets that consecutive calls miss the L2, at most 4 GiB of them unless two already exceed that
    n_sets = 1 if args.dry_run else min(harness.sets_needed(case.kv_bytes, harness.l2_bytes(device)),
                                        max(2, 2**32 // case.kv_bytes))
    torch_dtype = torch.float16 if args.dtype == "fp16" else torch.bfloat16
    sets = make_sets(case, n_sets, device, torch_dtype)
    ref = reference(case, *sets[0][:3])
    q_bytes = case.B * case.H * case.M * case.D * 2
    base = {"bench": BENCH, "shape": case.label, "dims": case.__dict__.copy(), "dtype": args.dtype,
            "variant": "paged" if case.page else "decode", "flops": 4.0 * case.B * case.H * case.M * case.N * case.D,
            "bytes": float(2 * q_bytes + case.kv_bytes)}
    tol = 2e-2
    program = programs["paged" if case.page else "contiguous"]
    tf_sets = [(s[0], *s[3:]) for s in sets] if case.page else [s[:3] for s in sets]

    def make_out():
        return torch.empty(case.B, case.H, case.M, case.D, dtype=torch_dtype, device=device)

    # what a user gets untuned: the policy (tuning database, then the packaged cost model) picks per shape
    rec = harness.Record(**base, impl=ZERO_SHOT, n_sets=n_sets)
    try:
        t0 = time.perf_counter()
        kernel = program.compile(args.dtype, db=args.db)
        rec.compile_s = time.perf_counter() - t0
        harness._check_and_time(rec, kernel, tf_sets, make_out, ref, tol, device, args.dry_run, view(case))
        spec = kernel.specializations()
        if spec:
            rec.config, rec.extra["source"] = spec[-1]["config"], spec[-1].get("source")
    except Exception as exc:  # noqa: BLE001 - a failed case is a result
        harness.assert_device_ok(device)
        rec.status, rec.error = "error", harness._short_error(exc)
    log.append(rec.finish(ceilings))
    harness.log(f"    {ZERO_SHOT:<24} {harness._status_text(rec)}  {harness.config_label(rec.config)}")
    harness.run_tilefuse_configs(program, DRY_FIXED if args.dry_run else FIXED, dtype=args.dtype, sets=tf_sets,
                                 make_out=make_out, ref=ref, tol=tol, base=base, ceilings=ceilings, device=device,
                                 config_error=Exception, on_record=log.append, dry_run=args.dry_run,
                                 check_view=view(case))
    for name, fn in anchors(case, args):
        log.append(harness.run_anchor(name, fn, sets=[s[:3] for s in sets], ref=ref, tol=tol, base=base,
                                      ceilings=ceilings, device=device, dry_run=args.dry_run,
                                      check_view=view(case)))
    del sets, tf_sets


# ---- report ------------------------------------------------------------------------------------------------------

def summary(records, ceilings) -> tuple[list[dict], str]:
    """Per case: zero-shot and best fixed tilefuse, each anchor, the zero-shot's ratio to cuDNN and % of the copy
    bandwidth; and a Markdown table of it."""
    by_case: dict[str, list] = {}
    for r in records:
        by_case.setdefault(r.shape, []).append(r)
    bw = (ceilings or {}).get("bandwidth_gbs")
    rows, names = [], ["cudnn", "flash", "flex"]
    for shape, recs in by_case.items():
        ok = {r.impl: r for r in recs if r.status == "ok" and r.ms}
        fixed = [r for r in recs if r.impl == "tilefuse" and r.status == "ok" and r.ms]
        zs = ok.get(ZERO_SHOT)
        row = {"case": shape, "zero_shot": zs, "fixed": min(fixed, key=lambda r: r.ms) if fixed else None,
               **{n: ok.get(n) for n in names}}
        row["vs_cudnn"] = ok["cudnn"].ms / zs.ms if zs and "cudnn" in ok else None
        row["pct_bw"] = 100.0 * zs.gbs / bw if zs and bw else None
        rows.append(row)
    fmt = lambda r: f"{r.ms:.4f}" if r else "-"  # noqa: E731
    lines = ["| case | tilefuse zero-shot ms | config | GB/s | % copy BW | best fixed ms | cuDNN ms | flash ms | "
             "Flex ms | zero-shot / cuDNN |", "|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        zs = row["zero_shot"]
        lines.append(f"| {row['case']} | {fmt(zs)} | {harness.config_label(zs.config) if zs else '-'} | "
                     f"{zs.gbs:.0f} | {row['pct_bw']:.0f} | " if zs else f"| {row['case']} | - | - | - | - | ")
        lines[-1] += (f"{fmt(row['fixed'])} | {fmt(row['cudnn'])} | {fmt(row['flash'])} | {fmt(row['flex'])} | "
                      + (f"{row['vs_cudnn']:.2f}" if row["vs_cudnn"] else "-") + " |")
    ratios = [r["vs_cudnn"] for r in rows if r["vs_cudnn"]]
    pcts = [r["pct_bw"] for r in rows if r["pct_bw"]]
    if ratios:
        geo = math.exp(sum(math.log(x) for x in ratios) / len(ratios))
        lines += ["", f"zero-shot / cuDNN over {len(ratios)} cases: geomean {geo:.2f}, min {min(ratios):.2f}, "
                  f"max {max(ratios):.2f}; cases ≥ 1.0: {sum(x >= 1.0 for x in ratios)}. % of copy bandwidth: "
                  f"median {sorted(pcts)[len(pcts) // 2]:.0f}, cases ≥ 90: {sum(p >= 90 for p in pcts)}."]
    return rows, "\n".join(lines) + "\n"


def plot(rows, path: Path) -> Path | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    rows = [r for r in rows if r["vs_cudnn"]]
    if not rows:
        return None
    fig, (a, b) = plt.subplots(2, 1, figsize=(max(8, 0.22 * len(rows)), 7), sharex=True)
    x = range(len(rows))
    a.bar(x, [r["vs_cudnn"] for r in rows], color=["tab:green" if r["vs_cudnn"] >= 1 else "tab:red" for r in rows])
    a.axhline(1.0, color="k", lw=0.8)
    a.set_ylabel("cuDNN ms / tilefuse ms")
    a.set_title("GQA decode: tilefuse zero-shot against cuDNN SDPA (H200, bf16)")
    b.bar(x, [r["pct_bw"] for r in rows], color="tab:blue")
    b.axhline(90, color="k", lw=0.8, ls="--")
    b.set_ylabel("% of copy bandwidth")
    b.set_xticks(list(x), [r["case"] for r in rows], rotation=90, fontsize=6)
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)
    return path


def report(paths, out: Path) -> None:
    records, meta = harness.load_jsonl(paths)
    rows, table = summary(records, meta.get("ceilings"))
    out.mkdir(parents=True, exist_ok=True)
    dev = meta.get("device", {})
    head = (f"# GQA decode attention sweep\n\n{dev.get('name')}, torch {dev.get('torch')}, triton {dev.get('triton')}, "
            f"git {dev.get('git_revision')}, {dev.get('date_utc')}. Ceilings measured in the run: "
            f"{(meta.get('ceilings') or {}).get('bandwidth_gbs', float('nan')):.0f} GB/s copy. Times are CUDA-graph "
            "replays (device time); eager-call times are in the JSONL (`extra.eager_ms`).\n\n")
    (out / "attention_decode.md").write_text(head + table)
    plot(rows, out / "attention_decode.png")
    print(table)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    p.add_argument("--batches", type=lambda s: [int(x) for x in s.split(",")], default=[32, 64, 8, 1])
    p.add_argument("--heads", default="32/8,32/4,32/1,64/8,32/32", help="H/HKV layouts, the first swept most")
    p.add_argument("--kv", type=lambda s: [int(x) for x in s.split(",")], default=[16384, 4096, 1024, 65536])
    p.add_argument("--max-gb", type=float, default=16.0, help="leave out cases whose K/V exceed this")
    p.add_argument("--flex-heads", default="32/8", help="head layouts FlexAttention runs on (M = 1, D = 128, "
                   "contiguous; it compiles per shape)")
    p.add_argument("--time-budget", type=float, default=None, help="seconds; cases past it are left out")
    p.add_argument("--only", default=None, help="substring of the case labels to run")
    p.add_argument("--report", nargs="+", type=Path, default=None)
    p.add_argument("--dry-run", action="store_true")
    args = p.parse_args(argv)
    if args.report:
        report(args.report, args.out)
        return 0
    device = torch.device("cpu" if args.dry_run else "cuda")
    args.dtype = "fp16" if args.dry_run else "bf16"   # the interpreter mishandles bf16
    args.db = str(Path(tempfile.mkdtemp()) / "empty.db")   # zero-shot: no tuned record may answer
    programs = {"contiguous": load_programs(str(ROOT / "examples/attention/gqa_decode.py"))[0],
                "paged": load_programs(str(ROOT / "examples/attention/paged_gqa.py"))[0]}
    ceilings = harness.measure_ceilings(device, dry_run=args.dry_run)
    meta = {"device": harness.device_info(device), "ceilings": ceilings, "args": sys.argv[1:],
            "dry_run": args.dry_run, "tolerance": 2e-2}
    log = harness.ResultLog(args.out / f"{BENCH}.jsonl", meta)
    start, todo = time.perf_counter(), [c for c in cases(args) if args.only is None or args.only in c.label]
    for i, case in enumerate(todo):
        if args.time_budget and time.perf_counter() - start > args.time_budget:
            harness.log(f"time budget reached: {len(todo) - i} cases left out")
            break
        harness.log(f"[{i + 1}/{len(todo)}] {case.label}")
        try:
            run_case(case, args, programs, ceilings, device, log)
        except harness.DeviceLost:
            raise
        except Exception as exc:  # noqa: BLE001 - one case failing (out of memory, say) is a result
            harness.assert_device_ok(device)
            harness.log(f"    case failed: {type(exc).__name__}: {exc}"[:300])
        if device.type == "cuda":
            torch.cuda.empty_cache()
    log.close({"finished": True, "seconds": time.perf_counter() - start})
    report([args.out / f"{BENCH}.jsonl"], args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
