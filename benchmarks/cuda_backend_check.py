"""Numerics and speed of the CUDA back end's kernels, on a GPU machine without TVM.

Two steps, on two machines:

    # here (tilefuse[cuda] installed: TVM renders the kernels): launchers + .cu files, one subdirectory per
    # (dtype, config), and manifest.json
    python benchmarks/cuda_backend_check.py --generate benchmarks/cuda_generated

    # on the GPU (torch, cuda-python, nvcc; no TVM, no tilefuse needed): nvcc builds each .cu into a fatbin beside
    # its launcher (in parallel), then every kernel runs at every shape of its kind (large, flat M = 1..64, ragged)
    # against an fp64 PyTorch reference with NaN-poisoned outputs, and is timed against cuBLAS (torch.matmul of
    # the same operands), both as CUDA-graph replays (no Python launch cost on either side)
    python benchmarks/cuda_backend_check.py --dir benchmarks/cuda_generated --out cuda_check.json

Prints one row per (program, config, shape): relative error, which kernel ran (the 16-byte-vector one, or the one
for any sizes), time, cuBLAS time, speedup, TFLOP/s of both; then the geometric-mean speedup per (config, kind of
shape). Writes every row as JSON to --out. Exit status 1 if any result is wrong.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
VARIANTS = os.path.join(HERE, "cuda_gemm_variants.py")
F = torch.nn.functional

# The configs --generate renders (each must fit the tensor-core schedule: backends/cuda/mma.py mma_tiles).
CONFIGS = {
    "default": None,  # the compiler's: 128 x 256 x 64 tiles, 8 warps, 3 stages on sm_90
    "128x128x32_w4_s4": {"BLOCK_M": 128, "BLOCK_N": 128, "BLOCK_K": 32, "num_warps": 4, "num_stages": 4},
    "64x128x64_w4_s4": {"BLOCK_M": 64, "BLOCK_N": 128, "BLOCK_K": 64, "num_warps": 4, "num_stages": 4},
    "16x128x64_w4_s4": {"BLOCK_M": 16, "BLOCK_N": 128, "BLOCK_K": 64, "num_warps": 4, "num_stages": 4},
    # flat GEMMs: narrow N tiles, so N / 32 blocks fill the GPU, and deep K steps keep weight bytes in flight
    "16x32x128_w2_s4": {"BLOCK_M": 16, "BLOCK_N": 32, "BLOCK_K": 128, "num_warps": 2, "num_stages": 4},
}
BF16_CONFIGS = ("default",)
SKIP_KINDS = {"16x128x64_w4_s4": ("large",), "16x32x128_w2_s4": ("large",)}  # flat tiles on 8192^3: only time


def _gelu(t):
    return F.gelu(t)


# fp64 references of the programs in cuda_gemm_variants.py, and the cuBLAS call each is timed against
REFERENCES = {
    "linear_gelu": (lambda x, w, b: _gelu(x @ w.T + b), lambda x, w, b: x @ w.T),
    "matmul_nn": (lambda x, w: x @ w, lambda x, w: x @ w),
    "linear_bias_silu": (lambda x, w, b: F.silu(x @ w.T + b), lambda x, w, b: x @ w.T),
    "bmm": (lambda a, b: a @ b, lambda a, b: a @ b),
    "bmm_residual": (lambda a, b, r, alpha: (a @ b) * alpha + r, lambda a, b, r, alpha: a @ b),
    "gated_tn": (lambda a, w, up: F.silu(a.T @ w) * up, lambda a, w, up: a.T @ w),
}
# shapes per kind; ragged ones are no multiple of any tile (odd K or N takes the kernel for any sizes)
SHAPES_2D = {
    "large": [{"M": 4096, "N": 4096, "K": 4096}, {"M": 8192, "N": 8192, "K": 8192}],
    "flat": [{"M": m, "N": n, "K": 4096} for n in (4096, 14336) for m in (1, 2, 4, 8, 16, 32, 64)],
    "ragged": [{"M": 77, "N": 1000, "K": 999}, {"M": 1000, "N": 1000, "K": 1000}, {"M": 333, "N": 4097, "K": 4096},
               {"M": 4095, "N": 4093, "K": 4091}],
}
SHAPES_3D = {
    "large": [{"B": 16, "M": 1024, "N": 1024, "K": 1024}],
    "ragged": [{"B": 3, "M": 77, "N": 130, "K": 65}, {"B": 16, "M": 512, "N": 512, "K": 512}],
}
TOLERANCE = {"float16": 2e-2, "bfloat16": 5e-2, "float32": 1e-3}


def generate(directory: str) -> None:
    """Render every program of cuda_gemm_variants.py with backend="cuda", fp16 under every config of CONFIGS and
    bf16 under BF16_CONFIGS, into ``directory/<dtype>_<config>/`` (needs TVM)."""
    from tilefuse.frontend.loading import load_programs

    manifest = []
    for dtype, names in (("fp16", list(CONFIGS)), ("bf16", list(BF16_CONFIGS))):
        for name in names:
            sub = os.path.join(directory, f"{dtype}_{name}")
            os.makedirs(sub, exist_ok=True)
            for program in load_programs(VARIANTS, None):
                kernel = program.compile(dtype=dtype, backend="cuda", config=CONFIGS[name])
                path = kernel.save(sub)
                inputs = [{"name": n.name, "dtype": n.dtype.torch_name if n.axes else "scalar",
                           "shape": [str(a.size) for a in n.axes]} for n in kernel.lowered.source.inputs]
                schedules = {k: v["schedule"] for k, v in kernel.module.KERNELS.items()}
                manifest.append({"program": program.name, "config_name": name,
                                 "file": os.path.relpath(path, directory), "inputs": inputs,
                                 "dtype": {"fp16": "float16", "bf16": "bfloat16"}[dtype],
                                 "config": kernel.config.to_dict(), "schedules": schedules})
                print(f"wrote {path} and {os.path.splitext(path)[0]}.cu")
    with open(os.path.join(directory, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)


def build_fatbin(cu: str) -> str:
    """nvcc -fatbin for this GPU (sm_90a on Hopper), beside the .cu, where the launcher looks first."""
    major, minor = torch.cuda.get_device_capability()
    arch = f"sm_{major}{minor}" + ("a" if major == 9 else "")
    out = os.path.splitext(cu)[0] + ".fatbin"
    cmd = [shutil.which("nvcc") or "nvcc", "-fatbin", "-O3", f"-gencode=arch=compute_{arch[3:]},code={arch}",
           "-o", out, cu]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"nvcc failed for {cu}:\n{proc.stderr[-3000:]}")
    return out


def load(path: str):
    spec = importlib.util.spec_from_file_location(f"cuda_check_{abs(hash(path))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_inputs(entry: dict, dims: dict, device) -> list:
    args = []
    for i in entry["inputs"]:
        if i["dtype"] == "scalar":
            args.append(0.75)
            continue
        shape = [dims[d] if d in dims else int(d) for d in i["shape"]]
        args.append(torch.randn(shape, device=device, dtype=getattr(torch, i["dtype"])) / 4)
    return args


def time_ms(fn, reps: int = 10, replay_ms: float = 5.0) -> float:
    """Milliseconds per call: the median over ``reps`` replays of a CUDA graph holding enough calls for about
    ``replay_ms`` (after an eager warmup, which also loads the kernels), so the launch cost from Python is not
    counted on either side."""
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for _ in range(3):
            fn()
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
    end.synchronize()
    calls = max(1, min(50, int(replay_ms / max(start.elapsed_time(end), 1e-3))))
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        for _ in range(calls):
            fn()
    graph.replay()
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        graph.replay()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end) / calls)
    return sorted(times)[len(times) // 2]


def check(directory: str, out: str, only: set[str] | None = None) -> int:
    device = torch.device("cuda")
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = [e for e in json.load(f) if not only or e["config_name"] in only]
    print(f"{torch.cuda.get_device_name()}, torch {torch.__version__}; building {len(manifest)} fatbins with nvcc")
    with ThreadPoolExecutor(max(1, (os.cpu_count() or 2) // 2)) as pool:
        list(pool.map(build_fatbin, [os.path.join(directory, os.path.splitext(e["file"])[0] + ".cu")
                                     for e in manifest]))
    rows, status = [], 0
    for entry in manifest:
        module = load(os.path.join(directory, entry["file"]))
        launcher = getattr(module, entry["program"])
        launched = []
        launch = module._MODULE.launch
        module._MODULE.launch = lambda dev, name, *rest, launch=launch, launched=launched: (
            launched.append(name), launch(dev, name, *rest))
        reference, cublas = REFERENCES[entry["program"]]
        batched = any("B" in i["shape"] for i in entry["inputs"])
        for kind, shapes in (SHAPES_3D if batched else SHAPES_2D).items():
            if kind in SKIP_KINDS.get(entry["config_name"], ()):
                continue
            for dims in shapes:
                rows.append(_row(entry, kind, dims, launcher, launched, reference, cublas, device))
                status |= 0 if rows[-1]["ok"] else 1
    _summary(rows)
    with open(out, "w") as f:
        json.dump({"created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                   "device": torch.cuda.get_device_name(), "torch": torch.__version__, "rows": rows}, f, indent=2)
    print(f"wrote {out}")
    return status


def _row(entry, kind, dims, launcher, launched, reference, cublas, device) -> dict:
    torch.manual_seed(0)
    args = make_inputs(entry, dims, device)
    expected = reference(*[a.double() if torch.is_tensor(a) else a for a in args])
    poisoned = torch.full(expected.shape, float("nan"), device=device, dtype=getattr(torch, entry["dtype"]))
    launched.clear()
    got = launcher(*args, out=poisoned)
    torch.cuda.synchronize()
    kernel = launched[-1] if launched else "?"
    err = ((got.double() - expected).norm() / expected.norm().clamp_min(1e-30)).item()
    ok = err < TOLERANCE[entry["dtype"]]  # NaN (an element never stored) fails too
    del expected
    ours = time_ms(lambda: launcher(*args, out=poisoned))
    theirs = time_ms(lambda: cublas(*args))
    flops = 2 * dims["M"] * dims["N"] * dims["K"] * dims.get("B", 1)
    row = {"program": entry["program"], "config_name": entry["config_name"], "config": entry["config"],
           "dtype": entry["dtype"], "kind": kind, "dims": dims, "kernel": kernel, "rel_error": err, "ok": ok,
           "ms": ours, "cublas_ms": theirs, "speedup_vs_cublas": theirs / ours, "tflops": flops / ours / 1e9,
           "cublas_tflops": flops / theirs / 1e9, "device": torch.cuda.get_device_name()}
    vector = "vec" if not kernel.endswith("_unaligned_kernel") else "any"
    shape = ",".join(f"{k}={v}" for k, v in dims.items())
    print(f"{entry['program']:<16} {entry['dtype'][:4]:<4} {entry['config_name']:<17} {kind:<6} {shape:<26} "
          f"err {err:8.1e} {'ok ' if ok else 'BAD'} {vector} {ours:8.4f} ms  cuBLAS {theirs:8.4f} ms  "
          f"{row['speedup_vs_cublas']:5.2f}x  {row['tflops']:6.1f} / {row['cublas_tflops']:6.1f} TF/s")
    return row


def _summary(rows: list[dict]) -> None:
    """Geometric-mean speedup vs cuBLAS per (dtype, config, kind of shape), and the best config per shape."""
    groups: dict[tuple, list[float]] = {}
    for r in rows:
        groups.setdefault((r["dtype"], r["config_name"], r["kind"]), []).append(r["speedup_vs_cublas"])
    print("\ngeometric-mean speedup vs cuBLAS")
    for (dtype, config, kind), values in sorted(groups.items()):
        mean = math.exp(sum(math.log(v) for v in values) / len(values))
        print(f"  {dtype:<9} {config:<17} {kind:<6} {mean:5.2f}x over {len(values)} shapes")
    wrong = [r for r in rows if not r["ok"]]
    print(f"{len(rows) - len(wrong)} of {len(rows)} results correct" + (
        "; WRONG: " + ", ".join(f"{r['program']} {r['config_name']} {r['dims']}" for r in wrong) if wrong else ""))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--generate", metavar="DIR", help="render the variants into DIR (needs tilefuse[cuda])")
    p.add_argument("--dir", help="a directory --generate wrote: build and check its kernels on this GPU")
    p.add_argument("--configs", help="only these config names (comma-separated; default: all in the manifest)")
    p.add_argument("--out", default="cuda_backend_check.json")
    args = p.parse_args(argv)
    if args.generate:
        generate(args.generate)
        return 0
    if not args.dir:
        p.error("give --generate DIR (here) or --dir DIR (on the GPU)")
    return check(args.dir, args.out, set(args.configs.split(",")) if args.configs else None)


if __name__ == "__main__":
    sys.exit(main())
