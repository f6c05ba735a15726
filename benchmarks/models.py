"""Whole models through ``tilefuse.compile``, side by side in one run with eager, ``torch.compile`` (default and
max-autotune) and CUDA graphs, bf16 with random weights.

Cases: a Llama-3-8B-shaped decoder (``examples/modules/llama.py``: hidden 4096, 32/8 heads, SwiGLU 14336,
vocab 128256) at prefill 1 x 2048 and decode at batch 1/8/64 over a 2048- and an 8192-token static KV cache
(``--layers`` of the 32 layers, the same for every variant; ``llama_full`` compiles all 32 layers for the compile
time and eager/tilefuse times); GPT-2 medium at 8 x 1024, BERT-base at 32 x 512, ViT-B/16 at 64 images
(transformers).

Variants: ``eager``, ``eager_graph`` (one CUDA graph of the eager forward), ``inductor`` (``torch.compile``),
``max_autotune`` (``mode="max-autotune"``: Inductor's own CUDA graphs), ``tilefuse`` (``tilefuse.compile``,
cost-model configs, no measurement), ``tilefuse_graph`` (one CUDA graph of it, replays timed),
``tilefuse_graphed`` (``cm.graphed()`` called as a module: argument copies and one replay per call),
``tilefuse_tuned_graph`` (``tilefuse.tune(cm, budget=--tune)`` at the example shapes into a fresh database,
then one CUDA graph; only with ``--tune``). Every
variant's output is checked against eager; eager-call times are medians of ``triton.testing.do_bench``, graph
times medians of replays. Also recorded: compile time (tilefuse cold and warm), kernels per layer, and the
share of the GEMM and attention FLOPs that run in tilefuse kernels (``FlopCounterMode`` counts what stays in
ATen), and % of the roofline: the time the GEMM and attention FLOPs need at the measured matmul peak, or the
model's weights and buffers (the KV cache) need at the measured copy bandwidth, whichever is longer, over the
measured time (the ceilings are measured in the same run).

    PYTHONPATH=. python3 benchmarks/models.py --out $OUT [--cases llama_prefill,gpt2] [--layers 4]
    python3 benchmarks/models.py --dry-run      # CPU, TRITON_INTERPRET=1, tiny shapes, eager and tilefuse only
    python3 benchmarks/models.py report run1/models.jsonl run2/models.jsonl --out DIR   # models.md, models.png
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import traceback
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples" / "modules"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
import llama  # noqa: E402

import tilefuse as tf  # noqa: E402

DECODE = [(b, kv) for kv in (2048, 8192) for b in (1, 8, 64)]
# "_math": transformers' eager attention (matmul, mask, softmax, matmul) instead of SDPA
CASES = ["llama_prefill"] + [f"llama_decode_b{b}_kv{kv}" for b, kv in DECODE] + ["llama_full", "gpt2", "bert",
                                                                                   "vit", "gpt2_math", "bert_math"]
VARIANTS = ["eager", "eager_graph", "inductor", "max_autotune", "tilefuse", "tilefuse_graph", "tilefuse_graphed",
            "tilefuse_tuned_graph"]


# ------------------------------------------------------------------------------------------------ cases


def _llama(args, cache: int = 0, batch: int = 1, layers: int | None = None):
    if args.dry_run:
        shape = llama.LlamaShape(vocab=256, hidden=64, intermediate=128, layers=2, heads=4, kv_heads=2,
                                 max_positions=64, max_cache=cache and 32, batch=batch)
    else:
        shape = llama.LlamaShape(layers=layers or args.layers, max_cache=cache, batch=batch)
    with torch.device(args.device):
        model = llama.Llama(shape).to(args.dtype).eval()
    for layer in model.layers:  # a cache full of earlier tokens' keys and values
        if shape.max_cache:
            layer.attn.k_cache.normal_()
            layer.attn.v_cache.normal_()
    return model, shape


def build(case: str, args):
    """(model, inputs, tokens per call, layers, dynamic dims for tilefuse.compile)."""
    dev = args.device
    if case.startswith("llama"):
        if case == "llama_prefill" or case == "llama_full":
            model, shape = _llama(args, layers=32 if case == "llama_full" and not args.dry_run else None)
            s = 16 if args.dry_run else 2048
            ids = torch.randint(0, shape.vocab, (1, s), device=dev)
            return model, (ids, torch.arange(s, device=dev)), s, shape.layers, None
        b, kv = int(case.split("_")[2][1:]), int(case.split("_")[3][2:])
        b = 2 if args.dry_run else b
        model, shape = _llama(args, cache=kv, batch=b)
        ids = torch.randint(0, shape.vocab, (b, 1), device=dev)
        return model, (ids, torch.tensor([shape.max_cache - 1], device=dev)), b, shape.layers, None
    import transformers

    tiny = args.dry_run
    math_attention = case.endswith("_math")
    case = case.removesuffix("_math")
    if case == "gpt2":
        cfg = transformers.GPT2Config(n_embd=64 if tiny else 1024, n_layer=2 if tiny else 24, n_head=4 if tiny else 16,
                                      vocab_size=256 if tiny else 50257, use_cache=False)
        model, b, s = transformers.GPT2LMHeadModel(cfg), 2 if tiny else 8, 16 if tiny else 1024
        inputs = (torch.randint(0, cfg.vocab_size, (b, s), device=dev),)
    elif case == "bert":
        cfg = transformers.BertConfig(hidden_size=64 if tiny else 768, num_hidden_layers=2 if tiny else 12,
                                      num_attention_heads=4 if tiny else 12, intermediate_size=128 if tiny else 3072,
                                      vocab_size=256 if tiny else 30522)
        model, b, s = transformers.BertModel(cfg), 2 if tiny else 32, 16 if tiny else 512
        # a padded batch (lengths from 3/4 of s to s): every variant then runs the same masked attention (without a
        # mask, Hugging Face's eager path drops it and its traced paths build a dense one)
        lengths = torch.randint(3 * s // 4, s + 1, (b,), generator=torch.Generator().manual_seed(1))
        mask = (torch.arange(s)[None, :] < lengths[:, None]).to(torch.int64)
        inputs = (torch.randint(0, cfg.vocab_size, (b, s), device=dev), mask.to(dev))
    else:
        cfg = transformers.ViTConfig(hidden_size=64 if tiny else 768, num_hidden_layers=2 if tiny else 12,
                                     num_attention_heads=4 if tiny else 12, intermediate_size=128 if tiny else 3072,
                                     image_size=32 if tiny else 224, patch_size=8 if tiny else 16)
        model, b, s = transformers.ViTModel(cfg), 2 if tiny else 64, 1
        inputs = (torch.randn(b, 3, cfg.image_size, cfg.image_size, device=dev, dtype=args.dtype),)
    if math_attention:
        model.config._attn_implementation = "eager"
    model = model.to(dev, args.dtype).eval()
    return model, inputs, b * s, cfg.num_hidden_layers, None


def _logits(out):
    if isinstance(out, torch.Tensor):
        return out
    if isinstance(out, (tuple, list)):
        return out[0]
    return next(iter(out.values()))


# --------------------------------------------------------------------------------------------- timing


def eager_ms(fn, args) -> float:
    if args.dry_run:
        fn()
        times = []
        for _ in range(2):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1e3)
        return statistics.median(times)
    from triton.testing import do_bench

    return float(do_bench(fn, warmup=50, rep=args.rep_ms, return_mode="median"))


def graph_ms(fn, replays: int = 20) -> tuple[float, object]:
    """Median ms per replay of one CUDA graph of ``fn`` (warmed up on the capture stream first), and the graph's
    output (for the check)."""
    stream = torch.cuda.Stream()
    stream.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(stream):
        for _ in range(2):
            fn()
    torch.cuda.current_stream().wait_stream(stream)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        out = fn()
    return harness.replay_ms(graph, replays), out


def embedding_bytes(model) -> int:
    """Bytes of the embedding tables no other module reads (a forward reads a few of their rows; a table tied to
    the LM head, as GPT-2's, is read whole by it and counts)."""
    tables = {id(m.weight): m.weight for m in model.modules() if isinstance(m, torch.nn.Embedding)}
    for m in model.modules():
        if not isinstance(m, torch.nn.Embedding):
            for t in m.parameters(recurse=False):
                tables.pop(id(t), None)
    return sum(t.numel() * t.element_size() for t in tables.values())


# records of the 2026-12-04b run 2 predate ``embedding_bytes``: their Llama's embedding (vocab x hidden, bf16)
_LLAMA_EMBEDDING_BYTES = llama.LlamaShape().vocab * llama.LlamaShape().hidden * 2


def roofline_pct(rec) -> float | None:
    """100 x the roofline time (FLOPs at the measured matmul peak, or the weights and buffers a forward reads at the
    measured copy bandwidth, whichever is longer) over the measured time."""
    peak = rec.get("ceilings") or {}
    if not peak.get("peak_tflops") or not rec.get("ms"):
        return None
    emb = rec.get("embedding_bytes", _LLAMA_EMBEDDING_BYTES if rec["case"].startswith("llama") else 0)
    bound_s = max(rec["gemm_attention_flops"] / (peak["peak_tflops"] * 1e12),
                  (rec["weight_buffer_bytes"] - emb) / (peak["bandwidth_gbs"] * 1e9))
    return 100 * bound_s / (rec["ms"] * 1e-3)


def _sdpa_flops(q_shape, k_shape, v_shape, *args, out_shape=None, **kwargs) -> int:
    """QK^T and PV of one SDPA call, GQA included (PyTorch's own formula asserts equal head counts)."""
    b, h, m, d = q_shape
    return 2 * b * h * m * k_shape[-2] * (d + v_shape[-1])


def flops(fn) -> float:
    from torch.utils.flop_counter import FlopCounterMode

    aten = torch.ops.aten
    sdpa = [getattr(aten, name) for name in ("_scaled_dot_product_flash_attention",
                                             "_scaled_dot_product_efficient_attention",
                                             "_scaled_dot_product_cudnn_attention",
                                             "_scaled_dot_product_flash_attention_for_cpu") if hasattr(aten, name)]
    with FlopCounterMode(display=False, custom_mapping={op: _sdpa_flops for op in sdpa}) as counter:
        fn()
    return float(counter.get_total_flops())


# --------------------------------------------------------------------------------------------- running


def run_case(case: str, args, log) -> None:
    torch.manual_seed(0)
    model, inputs, tokens, layers, dynamic = build(case, args)
    base = {"case": case, "tokens_per_call": tokens, "layers": layers, "ceilings": args.ceilings}
    with torch.no_grad():
        ref = _logits(model(*inputs)).float().clone()
        total_flops = flops(lambda: model(*inputs))
        base["gemm_attention_flops"] = total_flops
        base["weight_buffer_bytes"] = sum(t.numel() * t.element_size() for t in
                                          [*model.parameters(), *model.buffers()])
        base["embedding_bytes"] = embedding_bytes(model)
        variants = [v for v in args.variants if not (case == "llama_full" and v in ("inductor", "max_autotune"))
                    and (v != "tilefuse_tuned_graph" or args.tune)]
        for variant in variants:
            rec = dict(base, variant=variant)
            try:
                _run_variant(variant, model, inputs, ref, rec, args, dynamic)
            except Exception as exc:  # noqa: BLE001 - one variant failing is a result, not the end of the run
                rec["error"] = f"{type(exc).__name__}: {str(exc)[:400]}"
                rec["traceback"] = traceback.format_exc()[-2000:]
                if args.device == "cuda":
                    harness.assert_device_ok("cuda")
            if rec.get("ms"):
                rec["tokens_per_s"] = tokens / rec["ms"] * 1e3
                rec["roofline_pct"] = roofline_pct(rec)
            log(rec)
    del model
    torch._dynamo.reset()
    if args.device == "cuda":
        torch.cuda.empty_cache()


def _run_variant(variant, model, inputs, ref, rec, args, dynamic):
    if variant in ("eager", "eager_graph"):
        fn = lambda: model(*inputs)  # noqa: E731
    elif variant in ("inductor", "max_autotune"):
        torch._dynamo.reset()
        compiled = torch.compile(model, mode=None if variant == "inductor" else "max-autotune", dynamic=False)
        t0 = time.perf_counter()
        compiled(*inputs)
        rec["compile_s"] = time.perf_counter() - t0
        fn = lambda: compiled(*inputs)  # noqa: E731
    else:
        t0 = time.perf_counter()
        db = Path(args.out) / f"tune_{rec['case']}.db" if variant == "tilefuse_tuned_graph" else None
        cm = tf.compile(model, inputs, dynamic=dynamic, norm_prologue=args.norm_prologue, db=db)
        cm(*inputs)
        rec["compile_s"] = time.perf_counter() - t0
        if db is not None:  # the model-level tune at the example shapes, then the graph of the tuned forward
            rec["tune"] = tf.tune(cm, budget=args.tune, time_budget=args.tune_seconds, ranges=False, progress=False)
            rec["tune_s"] = rec["tune"]["seconds"]
        rec["norm_prologue"] = args.norm_prologue
        if variant == "tilefuse" and rec["case"] != "llama_full":  # warm: kernel files and Triton's cache exist
            t0 = time.perf_counter()
            again = tf.compile(model, inputs, dynamic=dynamic, norm_prologue=args.norm_prologue)
            again(*inputs)
            rec["compile_warm_s"] = time.perf_counter() - t0
            del again
        if variant == "tilefuse":
            rec["kernels"] = len(cm.kernels)
            rec["kernels_per_layer"] = len(cm.kernels) / rec["layers"]
            rec["distinct_programs"] = len({id(k.kernel) for k in cm.kernels})
            rec["kinds"] = {kind: sum(k.kind == kind for k in cm.kernels) for kind in ("gemm", "attention", "rows")}
            rec["pytorch_ops"] = {op: n for op, (n, _) in cm.fallbacks.items()}
            rec["kernel_fallbacks"] = sum(k.fallbacks for k in cm.kernels)
            left = flops(lambda: cm(*inputs))
            rec["tilefuse_flop_share"] = 1.0 - left / rec["gemm_attention_flops"] if rec["gemm_attention_flops"] \
                else None
            rec["report"] = cm.report()
        fn = lambda: cm(*inputs)  # noqa: E731
        if variant == "tilefuse_graphed":  # the user's path: cm.graphed() called as a module (copies + one replay)
            graphed = cm.graphed(clone_outputs=False)
            fn = lambda: graphed(*inputs)  # noqa: E731
    if variant.endswith("_graph"):
        rec["ms"], out = graph_ms(fn)
        rec["timing"] = "cuda-graph replay"
    else:
        out = _logits(fn()).float().clone()  # Inductor's CUDA graphs overwrite their outputs on the next call
        rec["ms"] = eager_ms(fn, args)
        rec["timing"] = "eager calls (max-autotune: Inductor's CUDA graphs)" if variant == "max_autotune" \
            else "eager calls"
    rec["rel_error_vs_eager"] = harness.check(_logits(out).float(), ref)
    if args.profile and variant in ("eager", "tilefuse"):
        _profile(fn, Path(args.out) / f"profile_{rec['case']}_{variant}.txt")


def _profile(fn, path: Path, calls: int = 20) -> None:
    """Where an eager call's host time goes: torch.profiler's ops and Python functions by self CPU time."""
    from torch.profiler import ProfilerActivity, profile

    activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if torch.cuda.is_available() else [])
    with profile(activities=activities, with_stack=False) as prof:
        for _ in range(calls):
            fn()
        if torch.cuda.is_available():
            torch.cuda.synchronize()
    path.write_text(f"{calls} calls\n" + prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=40))


# --------------------------------------------------------------------------------------------- report

LABELS = {"eager": "eager", "eager_graph": "eager + graph", "inductor": "torch.compile", "max_autotune":
          "max-autotune (graphs)", "tilefuse": "tilefuse", "tilefuse_graph": "tilefuse + graph",
          "tilefuse_graphed": "tilefuse cm.graphed()", "tilefuse_tuned_graph": "tilefuse tuned + graph"}


def load(paths) -> dict:
    """(case, variant) -> record; a later file's record replaces an earlier one's."""
    found = {}
    for path in paths:
        for line in Path(path).read_text().splitlines():
            rec = json.loads(line)
            if rec.get("kind") == "record":
                found[(rec["case"], rec["variant"])] = rec
    return found


def _ms(rec) -> str:
    if rec is None:
        return "-"
    if rec.get("ms") is None:
        return "error"
    bad = rec.get("rel_error_vs_eager") is None or rec["rel_error_vs_eager"] > 0.05
    return f"{rec['ms']:.3f}" + (" (unchecked)" if bad else "")


def _ratio(a, b) -> str:
    return f"{b['ms'] / a['ms']:.2f}x" if a and b and a.get("ms") and b.get("ms") else "-"


def report(paths, out_dir: Path) -> str:
    recs = load(paths)
    cases = [c for c in CASES if any(k[0] == c for k in recs)]
    head = ["case"] + [LABELS[v] for v in VARIANTS] + ["tilefuse+graph vs max-autotune", "tilefuse vs eager",
                                                       "tokens/s (tilefuse+graph)", "compile s (cold / warm)",
                                                       "FLOP share", "kernels / layer", "% roofline (best)",
                                                       "tune (workloads, s)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for case in cases:
        r = {v: recs.get((case, v)) for v in VARIANTS}
        tf_rec = r["tilefuse"] or {}
        compile_s = "-" if not tf_rec.get("compile_s") else f"{tf_rec['compile_s']:.1f}" + (
            f" / {tf_rec['compile_warm_s']:.1f}" if tf_rec.get("compile_warm_s") else "")
        share = tf_rec.get("tilefuse_flop_share")
        best = r["tilefuse_graph"] or {}
        cells = [case] + [_ms(r[v]) for v in VARIANTS] + [
            _ratio(r["tilefuse_graph"], r["max_autotune"]) + (f" (tuned {_ratio(tuned, r['max_autotune'])})"
                                                              if (tuned := r["tilefuse_tuned_graph"]) else ""),
            _ratio(r["tilefuse"], r["eager"]),
            f"{best['tokens_per_s']:.0f}" if best.get("tokens_per_s") else "-", compile_s,
            "-" if share is None else f"{100 * share:.1f}%",
            f"{tf_rec['kernels_per_layer']:.1f}" if tf_rec.get("kernels_per_layer") else "-", _roof(r),
            _tune_cell(r["tilefuse_tuned_graph"])]
        lines.append("| " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "models.md").write_text("# Whole models (ms per forward, median)\n\n" + table + "\n")
    _plot(recs, cases, out_dir / "models.png")
    return table


def _roof(r) -> str:
    """% of the roofline of the fastest checked variant, and which."""
    ok = [(roofline_pct(rec), v) for v, rec in r.items() if rec and roofline_pct(rec)
          and rec.get("rel_error_vs_eager") is not None and rec["rel_error_vs_eager"] <= 0.05]
    if not ok:
        return "-"
    pct, v = max(ok)
    return f"{pct:.0f}% ({LABELS[v]})"


def _tune_cell(rec) -> str:
    if not rec or not rec.get("tune"):
        return "-"
    t = rec["tune"]
    return f"{t['tuned']}/{t['workloads']}, {t['seconds']:.0f} s"


def _plot(recs, cases, path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    fig, ax = plt.subplots(figsize=(max(6, 1.4 * len(cases)), 4))
    width = 0.8 / len(VARIANTS)
    for i, v in enumerate(VARIANTS):
        ys = []
        for c in cases:
            base, rec = recs.get((c, "eager")), recs.get((c, v))
            ys.append(base["ms"] / rec["ms"] if base and rec and rec.get("ms") else 0.0)
        ax.bar([j + i * width for j in range(len(cases))], ys, width, label=LABELS[v])
    ax.axhline(1.0, color="gray", lw=0.8)
    ax.set_xticks([j + 0.4 - width / 2 for j in range(len(cases))], cases, rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("speed vs eager (higher is better)")
    ax.legend(fontsize=7, ncol=3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv=None) -> int:
    if argv is None and sys.argv[1:2] == ["report"]:
        p = argparse.ArgumentParser(description="tables and a plot from models.jsonl files")
        p.add_argument("files", nargs="+")
        p.add_argument("--out", default="benchmarks/results/latest")
        a = p.parse_args(sys.argv[2:])
        print(report(a.files, Path(a.out)))
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default="benchmarks/results/latest")
    p.add_argument("--cases", default=",".join(CASES))
    p.add_argument("--variants", default=",".join(VARIANTS))
    p.add_argument("--layers", type=int, default=4, help="Llama layers for the side-by-side cases")
    p.add_argument("--rep-ms", type=int, default=300)
    p.add_argument("--profile", action="store_true", help="also write torch.profiler tables of eager and tilefuse")
    p.add_argument("--norm-prologue", action="store_true", help="tilefuse.compile(norm_prologue=True)")
    p.add_argument("--tune", type=int, default=0, help="measurements per workload for tilefuse_tuned_graph")
    p.add_argument("--tune-seconds", type=float, default=None, help="time budget of each model's tune")
    p.add_argument("--dry-run", action="store_true")
    args = p.parse_args(argv)
    args.cases = [c for c in args.cases.split(",") if c]
    args.variants = [v for v in args.variants.split(",") if v]
    if args.dry_run:
        os.environ.setdefault("TRITON_INTERPRET", "1")
        args.device, args.dtype = "cpu", torch.float32
        args.variants = [v for v in args.variants if v in ("eager", "tilefuse")]
    else:
        if not torch.cuda.is_available():
            print("no GPU (use --dry-run)")
            return 2
        args.device, args.dtype = "cuda", torch.bfloat16
    torch._dynamo.config.cache_size_limit = 64
    args.ceilings = harness.measure_ceilings(args.device, args.dtype, dry_run=args.dry_run)
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "models.jsonl"
    meta = {"kind": "meta", "args": {k: str(v) for k, v in vars(args).items()}, "git": harness.git_revision(),
            "date": harness.utc_now(), "device": harness.device_info(args.device) if args.device == "cuda" else "cpu",
            "torch": torch.__version__, "ceilings": args.ceilings}
    with path.open("a") as f:
        f.write(json.dumps(meta, default=str) + "\n")

    def log(rec):
        with path.open("a") as f:
            f.write(json.dumps({"kind": "record", **rec}, default=str) + "\n")
            f.flush()
            os.fsync(f.fileno())
        short = {k: rec.get(k) for k in ("case", "variant", "ms", "rel_error_vs_eager", "compile_s", "error")}
        print(json.dumps(short, default=str), flush=True)

    for case in args.cases:
        run_case(case, args, log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
