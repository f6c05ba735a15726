"""Compile generated kernel files offline for a GPU target with ``triton.compile``; no GPU needed.

Runs in a subprocess with the interpreter off, because Triton builds its kernels for the interpreter
or the GPU once per process. Reports registers, spills and shared memory per kernel.

Each kernel is specialized as Triton's JIT specializes the common call (the file's ``KERNELS[...]["aligned"]``):
contiguous tensors (innermost strides are the constant 1), 16-byte-aligned pointers, and sizes and row strides that
are multiples of 16. Without that, masked loads cannot be vectorized or pipelined, and the registers, shared memory
and spills reported would be those of a kernel no GPU call runs.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

_WORKER = r'''
import json, os, re, subprocess, sys
import triton
from triton.backends.compiler import GPUTarget
sys.path.insert(0, os.path.dirname(sys.argv[1]))
import importlib.util
paths, archs = json.loads(sys.argv[2]), json.loads(sys.argv[3])


def resource_usage(cubin):
    """Registers, spill stores and stack bytes from cuobjdump (Triton ships one)."""
    import tempfile
    tool = os.path.join(os.path.dirname(triton.__file__), "backends", "nvidia", "bin", "cuobjdump")
    if not cubin or not os.path.exists(tool):
        return {}
    with tempfile.NamedTemporaryFile(suffix=".cubin") as f:
        f.write(cubin)
        f.flush()
        out = subprocess.run([tool, "-res-usage", f.name], capture_output=True, text=True).stdout
    usage = {}
    for key, field in (("regs", "REG"), ("stack", "STACK"), ("shared_static", "SHARED")):
        m = re.search(field + r":(\d+)", out)
        if m:
            usage[key] = int(m.group(1))
    return usage
reports = []
for path in paths:
    spec = importlib.util.spec_from_file_location("k_" + str(abs(hash(path))), path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for name, info in mod.KERNELS.items():
        fn = getattr(mod, name)
        for arch in archs:
            rep = {"file": path, "kernel": name, "arch": arch}
            try:
                # specialized as the JIT specializes a call with contiguous, aligned tensors (KERNELS' "aligned")
                aligned = info.get("aligned", {})
                constexprs = {**info["constexprs"], **{k: 1 for k in aligned.get("unit", ())}}
                signature = {**info["signature"], **{k: "constexpr" for k in constexprs}}
                attrs = {(fn.arg_names.index(k),): [["tt.divisibility", 16]] for k in aligned.get("divisible", ())}
                src = triton.compiler.ASTSource(fn=fn, signature=signature, constexprs=constexprs, attrs=attrs)
                opts = {"num_warps": info["num_warps"], "num_stages": info["num_stages"]}
                try:
                    c = triton.compile(src, target=GPUTarget("cuda", arch, 32), options=opts)
                except Exception as first:
                    if "ptx" not in str(first).lower():
                        raise
                    c = triton.compile(src, target=GPUTarget("cuda", arch, 32), options={**opts, "ptx_version": 90})
                rep["ok"] = True
                rep["shared"] = c.metadata.shared
                rep["has_cubin"] = bool(c.asm.get("cubin"))
                ptx = c.asm.get("ptx", "")
                rep["ptx_target"] = (re.search(r"\.target\s+(\S+)", ptx) or [None, None])[1]
                rep["mma"] = "wgmma" if "wgmma" in ptx else ("mma" if "mma.sync" in ptx else "none")
                rep.update(resource_usage(c.asm.get("cubin", b"")))
            except Exception as exc:
                rep["ok"] = False
                rep["error"] = f"{type(exc).__name__}: {str(exc)[-2000:]}"
            reports.append(rep)
print("@@REPORT@@" + json.dumps(reports))
'''


def compile_offline(paths: list[str], archs: tuple[int, ...] = (90, 80), timeout: float = 600) -> list[dict]:
    """Compile every kernel in every file for every arch; one report dict per (file, kernel, arch)."""
    paths = [os.path.abspath(p) for p in paths]
    env = {**os.environ, "TRITON_INTERPRET": "0"}
    proc = subprocess.run([sys.executable, "-c", _WORKER, paths[0], json.dumps(paths), json.dumps(list(archs))],
                          capture_output=True, text=True, env=env, timeout=timeout)
    match = re.search(r"@@REPORT@@(.*)", proc.stdout)
    if not match:
        raise RuntimeError(f"offline compile failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return json.loads(match.group(1))
