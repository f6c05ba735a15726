"""Numerics and speed of the CUDA back end's kernels, on a GPU machine without TVM.

Two steps, on two machines:

    # here (tilefuse[cuda] installed: TVM renders the kernels): launchers + .cu files into a directory
    python benchmarks/cuda_backend_check.py --generate benchmarks/cuda_generated

    # on the GPU (torch, cuda-python, nvcc; no TVM, no tilefuse needed): nvcc builds each .cu into a fatbin beside
    # its launcher, then every kernel runs at a few shapes (ragged ones too) against an fp64 PyTorch reference,
    # with NaN-poisoned outputs, and is timed against cuBLAS (torch.matmul of the same operands)
    python benchmarks/cuda_backend_check.py --dir benchmarks/cuda_generated --out cuda_check.json

Prints one table row per (program, shape) and writes every row as JSON to --out.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
VARIANTS = os.path.join(HERE, "cuda_gemm_variants.py")
F = torch.nn.functional


# fp64 references of the programs in cuda_gemm_variants.py, and the cuBLAS call each is timed against
def _gelu(t):
    return F.gelu(t)


REFERENCES = {
    "linear_gelu": (lambda x, w, b: _gelu(x @ w.T + b), lambda x, w, b: x @ w.T),
    "matmul_nn": (lambda x, w: x @ w, lambda x, w: x @ w),
    "linear_bias_silu": (lambda x, w, b: F.silu(x @ w.T + b), lambda x, w, b: x @ w.T),
    "bmm": (lambda a, b: a @ b, lambda a, b: a @ b),
    "bmm_residual": (lambda a, b, r, alpha: (a @ b) * alpha + r, lambda a, b, r, alpha: a @ b),
    "gated_tn": (lambda a, w, up: F.silu(a.T @ w) * up, lambda a, w, up: a.T @ w),
}
# shapes per program: dims by name; the ragged ones are no multiple of any tile
SHAPES_2D = [{"M": 1, "N": 4096, "K": 4096}, {"M": 77, "N": 1000, "K": 999}, {"M": 1000, "N": 1000, "K": 1000},
             {"M": 4096, "N": 4096, "K": 4096}]
SHAPES_3D = [{"B": 3, "M": 77, "N": 130, "K": 65}, {"B": 16, "M": 512, "N": 512, "K": 512}]
TOLERANCE = {"float16": 2e-2, "bfloat16": 5e-2, "float32": 1e-3}


def generate(directory: str, dtype: str) -> None:
    """Render every program of cuda_gemm_variants.py with backend="cuda" into ``directory`` (needs TVM)."""
    from tilefuse.frontend.loading import load_programs

    os.makedirs(directory, exist_ok=True)
    manifest = []
    for program in load_programs(VARIANTS, None):
        kernel = program.compile(dtype=dtype, backend="cuda")
        path = kernel.save(directory)
        inputs = [{"name": n.name, "dtype": n.dtype.torch_name if n.axes else "scalar",
                   "shape": [str(a.size) for a in n.axes]} for n in kernel.lowered.source.inputs]
        manifest.append({"program": program.name, "file": os.path.basename(path), "inputs": inputs,
                         "dtype": {"fp16": "float16", "bf16": "bfloat16"}[dtype],
                         "config": kernel.config.to_dict()})
        print(f"wrote {path} and {os.path.splitext(path)[0]}.cu")
    with open(os.path.join(directory, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)


def build_fatbin(cu: str) -> str:
    """nvcc -fatbin for this GPU (sm_90a on Hopper), beside the .cu, where the launcher looks first."""
    major, minor = torch.cuda.get_device_capability()
    arch = f"sm_{major}{minor}" + ("a" if major == 9 else "")
    out = os.path.splitext(cu)[0] + ".fatbin"
    cmd = [shutil.which("nvcc") or "nvcc", "-fatbin", "-O3", f"-gencode=arch=compute_{arch[3:]},code={arch}",
           "-Xptxas", "-v", "-o", out, cu]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"nvcc failed for {cu}:\n{proc.stderr[-3000:]}")
    return out


def load(path: str):
    spec = importlib.util.spec_from_file_location(f"cuda_check_{os.path.basename(path)[:-3]}", path)
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


def time_ms(fn, reps: int = 50) -> float:
    """Median of ``reps`` CUDA-event timings after a warmup."""
    for _ in range(5):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    return sorted(times)[len(times) // 2]


def check(directory: str, out: str) -> int:
    device = torch.device("cuda")
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = json.load(f)
    rows, status = [], 0
    for entry in manifest:
        path = os.path.join(directory, entry["file"])
        build_fatbin(os.path.splitext(path)[0] + ".cu")
        module = load(path)
        launcher = getattr(module, entry["program"])
        reference, cublas = REFERENCES[entry["program"]]
        batched = any("B" in i["shape"] for i in entry["inputs"])
        for dims in SHAPES_3D if batched else SHAPES_2D:
            torch.manual_seed(0)
            args = make_inputs(entry, dims, device)
            expected = reference(*[a.double() if torch.is_tensor(a) else a for a in args])
            poisoned = torch.full(expected.shape, float("nan"), device=device, dtype=getattr(torch, entry["dtype"]))
            got = launcher(*args, out=poisoned)
            torch.cuda.synchronize()
            err = ((got.double() - expected).norm() / expected.norm().clamp_min(1e-30)).item()
            ok = err < TOLERANCE[entry["dtype"]]  # NaN (an element never stored) fails too
            status |= 0 if ok else 1
            ours = time_ms(lambda f=launcher, a=args, o=poisoned: f(*a, out=o))
            theirs = time_ms(lambda f=cublas, a=args: f(*a))
            flops = 2 * dims["M"] * dims["N"] * dims["K"] * dims.get("B", 1)
            rows.append({"program": entry["program"], "dims": dims, "dtype": entry["dtype"], "rel_error": err,
                         "ok": ok, "ms": ours, "cublas_ms": theirs, "speedup_vs_cublas": theirs / ours,
                         "tflops": flops / ours / 1e9, "device": torch.cuda.get_device_name()})
            r = rows[-1]
            print(f"{r['program']:<18} {json.dumps(dims):<42} err {err:8.1e} {'ok ' if ok else 'BAD'} "
                  f"{ours:8.3f} ms  cuBLAS {theirs:8.3f} ms  {r['speedup_vs_cublas']:5.2f}x  {r['tflops']:6.1f} TF/s")
    with open(out, "w") as f:
        json.dump({"created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "rows": rows}, f, indent=2)
    print(f"wrote {out}")
    return status


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--generate", metavar="DIR", help="render the variants into DIR (needs tilefuse[cuda])")
    p.add_argument("--dtype", default="float16", choices=["float16", "bfloat16"])
    p.add_argument("--dir", help="a directory --generate wrote: build and check its kernels on this GPU")
    p.add_argument("--out", default="cuda_backend_check.json")
    args = p.parse_args(argv)
    if args.generate:
        generate(args.generate, {"float16": "fp16", "bfloat16": "bf16"}[args.dtype])
        return 0
    if not args.dir:
        p.error("give --generate DIR (here) or --dir DIR (on the GPU)")
    return check(args.dir, args.out)


if __name__ == "__main__":
    sys.exit(main())
