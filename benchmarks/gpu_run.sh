#!/usr/bin/env bash
# One device call: the test suite on CUDA (bf16 included), then the GEMM benchmark.
# Usage (on the GPU machine, repo root): bash benchmarks/gpu_run.sh [extra gemm.py args]
# Needs the wheels in .whl/ (hypothesis and rich are not on the GPU image); writes under $OUT.
set -o pipefail
OUT=${OUT:-benchmarks/results/latest}
mkdir -p "$OUT"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl \
  && export PYTHONPATH=/tmp/site:. || exit 1
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem,power.draw,power.limit --format=csv | tee "$OUT/nvidia-smi.txt"
if [ -z "$SKIP_TESTS" ]; then
  timeout 240 python3 -m pytest -q tests/ 2>&1 | tee "$OUT/pytest-cuda.log" | tail -25
fi
python3 benchmarks/gemm.py --out "$OUT" "$@" 2>&1 | tee "$OUT/gemm.log" | tail -60
