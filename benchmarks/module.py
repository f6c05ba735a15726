"""A first GPU probe of tilefuse.compile on a whole model: a Llama-shaped decoder with random bf16 weights.

Checks the compiled model's logits against eager, then times both (median of ``triton.testing.do_bench`` over eager
calls, launch overhead included) and reports the compile time, the kernels and what stayed in PyTorch. The
issue's full comparison (torch.compile default and max-autotune, CUDA graphs, decode over a KV cache, GPT-2, BERT,
ViT) is not here yet.

    PYTHONPATH=. python3 benchmarks/module.py --out $OUT [--layers 4 --hidden 2048 --seq 1024]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

import tilefuse as tf  # noqa: E402


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default="benchmarks/results/latest")
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--hidden", type=int, default=2048)
    p.add_argument("--intermediate", type=int, default=5632)
    p.add_argument("--heads", type=int, default=16)
    p.add_argument("--kv-heads", type=int, default=4)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--seq", type=int, default=1024)
    args = p.parse_args(argv)
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    cfg = LlamaConfig(vocab_size=32000, hidden_size=args.hidden, intermediate_size=args.intermediate,
                      num_hidden_layers=args.layers, num_attention_heads=args.heads,
                      num_key_value_heads=args.kv_heads, max_position_embeddings=8192, use_cache=False)
    model = LlamaForCausalLM(cfg).to("cuda", torch.bfloat16).eval()
    ids = torch.randint(0, 32000, (args.batch, args.seq), device="cuda")
    result = {"device": harness.device_info("cuda"), "model": vars(args)}
    with torch.no_grad():
        t0 = time.perf_counter()
        cm = tf.compile(model, (ids,))  # static: this probe runs one shape
        result["compile_s"] = time.perf_counter() - t0
        ref = model(ids).logits
        out = cm(ids)
        logits = out[0] if isinstance(out, (tuple, list)) else out.logits
        result["rel_error_vs_eager"] = harness.check(logits.float(), ref.float())
        from triton.testing import do_bench

        result["eager_ms"] = do_bench(lambda: model(ids), warmup=50, rep=300, return_mode="median")
        result["tilefuse_ms"] = do_bench(lambda: cm(ids), warmup=50, rep=300, return_mode="median")
    result["speedup"] = result["eager_ms"] / result["tilefuse_ms"]
    result["kernels"] = [{"name": k.name, "kind": k.kind, "ops": k.ops, "calls": k.calls, "fallbacks": k.fallbacks,
                          "configs": [s["config"] for s in k.kernel.specializations()]} for k in cm.kernels]
    result["pytorch_ops"] = {op: n for op, (n, _) in cm.fallbacks.items()}
    result["report"] = cm.report()
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "module.json").write_text(json.dumps(result, indent=1, default=str))
    print(cm.report())
    print(json.dumps({k: result[k] for k in ("compile_s", "rel_error_vs_eager", "eager_ms", "tilefuse_ms",
                                             "speedup")}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
