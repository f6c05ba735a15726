"""Host time per forward of a compiled module whose GPU work is tiny: where the Python above the launches shows.

A stack of ``--layers`` Linear+SiLU layers (``--dim`` wide, bf16, batch ``--batch``) runs eagerly and as
``tilefuse.compile`` gives it (each layer one GEMM kernel with its SiLU epilogue), under ``torch.no_grad()``.
Each variant is called ``--calls`` times back to back (one synchronize at the end) and that is repeated
``--repeats`` times; the table gives the median wall time per forward, and per kernel call the tilefuse time
over the eager time. ``checked`` is the compiled module's captured graph called as it is (``torch.export``'s
input checks on every call: the path every call took before the fast path); one layer is also timed alone,
through its ``torch.library`` op, its ``_KernelCall``, and its ``Kernel``.

    python benchmarks/module_overhead.py --out results/overhead        # on a CUDA machine
    python benchmarks/module_overhead.py --cpu-stub --out /tmp/ovh     # here: fp32 on the CPU, launches stubbed

``--cpu-stub`` compiles in Triton's interpreter (so the kernels pass the compile check), then replaces every
kernel launch with a no-op: what is timed is only the Python of the module layers and the launcher.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

if "--cpu-stub" in sys.argv:
    os.environ["TRITON_INTERPRET"] = "1"  # before triton is imported

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import tilefuse as tf  # noqa: E402


class Stack(nn.Module):
    def __init__(self, dim: int, layers: int):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(dim, dim) for _ in range(layers))

    def forward(self, x):
        for layer in self.layers:
            x = F.silu(layer(x))
        return x


def per_call_us(fn, calls: int, repeats: int, sync) -> float:
    """Median over ``repeats`` of the wall time of ``calls`` back-to-back calls, per call, in µs."""
    for _ in range(max(calls // 10, 10)):
        fn()
    sync()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        sync()
        times.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(times)


def stub_launches(cm) -> int:
    """Replace every loaded kernel's launch with a no-op (the launcher's own Python still runs)."""
    modules = {id(s._module): s._module for k in cm.kernels for s in k.kernel._builds.values() if s._module}
    stubbed = 0
    for module in modules.values():
        for name, value in list(vars(module).items()):
            if name.startswith("_L_") or type(value).__name__ in ("JITFunction", "InterpretedFunction"):
                setattr(module, name, _NoLaunch())
                stubbed += 1
    return stubbed


class _NoLaunch:
    def __call__(self, *args, **kwargs):
        return None

    def __getitem__(self, grid):
        return self


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--layers", type=int, default=8)
    p.add_argument("--dim", type=int, default=256)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--calls", type=int, default=500)
    p.add_argument("--repeats", type=int, default=7)
    p.add_argument("--cpu-stub", action="store_true", help="CPU, fp32, interpreter compile, launches stubbed")
    p.add_argument("--out", default=None, help="directory for module_overhead.json")
    args = p.parse_args(argv)

    device, dtype = ("cpu", torch.float32) if args.cpu_stub else ("cuda", torch.bfloat16)
    sync = (lambda: None) if args.cpu_stub else torch.cuda.synchronize
    torch.manual_seed(0)
    model = Stack(args.dim, args.layers).to(device, dtype).eval()
    x = torch.randn(args.batch, args.dim, device=device, dtype=dtype)
    cm = tf.compile(model, (x,))
    n = len(cm.kernels)
    with torch.no_grad():
        cm(x)
        if args.cpu_stub:
            stub_launches(cm)
        entry = cm.kernels[0]
        call = next(c for c in cm._fast.calls.values() if c.entry is entry)
        op = next(o for o, c in cm._fast.calls.items() if c is call)
        w, b = model.layers[0].weight, model.layers[0].bias
        variants = {
            "eager": lambda: model(x),
            "tilefuse": lambda: cm(x),
            "tilefuse, checked every call": lambda: cm.graph_module(x),
            "one layer: torch.library op": lambda: op(x, w, b),
            "one layer: _KernelCall": lambda: call(x, w, b),
            "one layer: Kernel": lambda: entry.kernel(x, w, b),
            "one layer: F.linear + F.silu": lambda: F.silu(F.linear(x, w, b)),
        }
        us = {name: per_call_us(fn, args.calls, args.repeats, sync) for name, fn in variants.items()}
    extra = (us["tilefuse"] - us["eager"]) / n
    print(f"{args.layers} x Linear({args.dim}) + SiLU, batch {args.batch}, {dtype}, {device}"
          f"{' (launches stubbed)' if args.cpu_stub else ''}: {n} kernels per forward")
    print(f"{'variant':36s} {'µs per call':>12s}")
    for name, value in us.items():
        print(f"{name:36s} {value:12.1f}")
    print(f"{'tilefuse over eager, per kernel':36s} {extra:12.1f}")
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        meta = {"layers": args.layers, "dim": args.dim, "batch": args.batch, "dtype": str(dtype), "device": device,
                "cpu_stub": args.cpu_stub, "kernels": n, "torch": torch.__version__,
                "gpu": torch.cuda.get_device_name() if device == "cuda" else None}
        path = out / "module_overhead.json"
        path.write_text(json.dumps({"meta": meta, "us_per_call": us, "extra_us_per_kernel": extra}, indent=2))
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
