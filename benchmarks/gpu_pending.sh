#!/usr/bin/env bash
# The GPU work the session of 2026-12-07 could not run (no device machine came), in two device calls of under
# 10 minutes each. On the GPU machine, from the repository root, with the wheels in .whl/ (xgboost-cpu):
#     GIT_REV=<rev> bash benchmarks/gpu_pending.sh a    # the whole suite, the CUDA back end's check, host overhead
#     GIT_REV=<rev> bash benchmarks/gpu_pending.sh b    # model-level tune against exhaustive, attention as math
#     GIT_REV=<rev> bash benchmarks/gpu_pending.sh c    # prefill attention with K/V through TMA descriptors
#     GIT_REV=<rev> bash benchmarks/gpu_pending.sh d    # zero-shot GEMM picks on 40 held-out shapes
# Everything lands under $OUT (or benchmarks/results/latest); commit it under benchmarks/results/ with the device,
# the date and the revision.
set -o pipefail
PART=${1:?usage: gpu_pending.sh a|b|c|d}
OUT=${OUT:-benchmarks/results/latest}
mkdir -p "$OUT"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl \
  && export PYTHONPATH=/tmp/site:. || exit 1
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem,power.limit --format=csv | tee "$OUT/nvidia-smi.txt"
if [ "$PART" = a ]; then
  # attention written as math, rows kernels, the once-per-signature fast path, the descriptor reuse: never run
  # on a GPU before this
  timeout 300 python3 -m pytest -q -n 8 -p no:cacheprovider 2>&1 | tee "$OUT/pytest_gpu.txt" | tail -25
  # the default configs only here; every config (and bf16) is a call of its own: see cuda_backend_check.py
  timeout 150 python3 benchmarks/cuda_backend_check.py --dir benchmarks/cuda_generated --configs default \
    --out "$OUT/cuda_check.json" \
    2>&1 | tee "$OUT/cuda_check.log" | tail -30
  timeout 60 python3 benchmarks/module_overhead.py --out "$OUT" 2>&1 | tee "$OUT/module_overhead.log" | tail -14
elif [ "$PART" = d ]; then
  # issue 13's zero-shot target: the packaged model's pick >= 0.95x cuBLAS geomean, >= 0.85x worst
  timeout 560 python3 benchmarks/runtime.py --out "$OUT" --part sweep --held-out 2>&1 \
    | tee "$OUT/runtime_held_out.log" | tail -30
elif [ "$PART" = c ]; then
  # issue 13's prefill sweep: S in {1k, 4k, 16k}, D in {64, 128, 256}, plain and causal, against cuDNN, flash and
  # FlexAttention; two of the six tilefuse configs load K and V through TMA descriptors (USE_TMA, never timed yet)
  timeout 560 python3 benchmarks/attention.py --out "$OUT" --variants plain,causal --seqs 1024,4096,16384 \
    --head-dims 64,128,256 --time-budget 480 2>&1 | tee "$OUT/attention_prefill.log" | tail -30
else
  timeout 330 python3 benchmarks/module_tune_vs_exhaustive.py --out "$OUT/tune" 2>&1 \
    | tee "$OUT/tune_vs_exhaustive.log" | tail -25
  timeout 200 python3 benchmarks/models.py --cases bert_math,gpt2_math,llama_decode_b1_kv2048 \
    --variants eager,eager_graph,tilefuse,tilefuse_graph --out "$OUT" 2>&1 | grep -v Warn | tail -14
fi
