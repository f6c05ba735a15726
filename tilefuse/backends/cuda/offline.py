"""Compile generated CUDA kernels offline with nvcc; no GPU needed. Reports registers, spills and shared memory
per kernel and arch (``nvcc -Xptxas -v``), and builds the fatbin a launcher loads (``build_fatbin``)."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import tempfile

from ...errors import TilefuseError

ARCHS = {90: "sm_90a", 80: "sm_80"}


def nvcc() -> str:
    path = shutil.which("nvcc")
    if path is None:
        raise TilefuseError("nvcc is not on PATH: the CUDA back end's offline compile needs the CUDA toolkit")
    return path


def cuobjdump() -> str | None:
    """cuobjdump from the toolkit, else the one Triton's wheel ships; None when neither is there."""
    path = shutil.which("cuobjdump")
    if path:
        return path
    try:
        import triton
    except ImportError:
        return None
    path = os.path.join(os.path.dirname(triton.__file__), "backends", "nvidia", "bin", "cuobjdump")
    return path if os.path.exists(path) else None


SASS_PATTERNS = (("HMMA", r"\bHMMA\."), ("LDSM", r"\bLDSM\."), ("LDGSTS", r"\bLDGSTS\b"),
                 ("LDG.128", r"\bLDG\.E\.128\b"), ("LDG.U16", r"\bLDG\.E\.U16\b"), ("LDL", r"\bLDL\b"),
                 ("STL", r"\bSTL\b"), ("STG", r"\bSTG\b"), ("BAR", r"\bBAR\.SYNC\b"))


def sass_counts(cubin: str) -> dict[str, dict[str, int]] | None:
    """Per kernel of ``cubin``: how many tensor-core (HMMA), ldmatrix (LDSM), cp.async (LDGSTS), 128-bit and 16-bit
    global load, local-memory (LDL, STL), global store and barrier instructions its SASS holds; None without
    cuobjdump."""
    tool = cuobjdump()
    if tool is None:
        return None
    sass = subprocess.run([tool, "--dump-sass", cubin], capture_output=True, text=True).stdout
    parts = re.split(r"^\s*Function : (\w+)\s*$", sass, flags=re.M)
    return {name: {key: len(re.findall(pattern, body)) for key, pattern in SASS_PATTERNS}
            for name, body in zip(parts[1::2], parts[2::2])}


def _arch(arch: int) -> str:
    return ARCHS.get(arch, f"sm_{arch}")


def _cu_file(path: str, directory: str) -> str:
    """The ``.cu`` of a launcher (``<stem>.cu`` beside it, else its embedded source written to ``directory``)."""
    if path.endswith(".cu"):
        return path
    stem = os.path.splitext(path)[0]
    if os.path.exists(stem + ".cu"):
        return stem + ".cu"
    from .program import cuda_source_of

    with open(path) as f:
        source = cuda_source_of(f.read())
    cu = os.path.join(directory, os.path.basename(stem) + ".cu")
    with open(cu, "w") as f:
        f.write(source)
    return cu


def dynamic_shared(path: str) -> dict[str, int]:
    """Per kernel, the dynamic shared memory its launch asks for, from a launcher's ``KERNELS`` (``shared``); empty
    for a ``.cu`` without its launcher beside it."""
    launcher = path if path.endswith(".py") else os.path.splitext(path)[0] + ".py"
    if not os.path.exists(launcher):
        return {}
    with open(launcher) as f:
        tree = ast.parse(f.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["KERNELS"]:
            return {name: info.get("shared", 0) for name, info in ast.literal_eval(node.value).items()}
    return {}


def parse_ptxas(text: str) -> dict[str, dict]:
    """Per kernel: ``regs``, ``spill_stores``, ``spill_loads``, ``stack``, ``shared`` from ``-Xptxas -v`` output."""
    usage: dict[str, dict] = {}
    current = None
    for line in text.splitlines():
        m = re.search(r"Compiling entry function '(\w+)'", line) or re.search(r"Function properties for (\w+)", line)
        if m:
            current = usage.setdefault(m.group(1), {})
            continue
        if current is None:
            continue
        m = re.search(r"(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads", line)
        if m:
            current.update(stack=int(m.group(1)), spill_stores=int(m.group(2)), spill_loads=int(m.group(3)))
        m = re.search(r"Used (\d+) registers", line)
        if m:
            current["regs"] = int(m.group(1))
            shared = re.search(r"(\d+) bytes smem", line)
            current["shared"] = int(shared.group(1)) if shared else 0
    return usage


def compile_offline(paths: list[str], archs: tuple[int, ...] = (90, 80), timeout: float = 600) -> list[dict]:
    """nvcc every kernel of every file (a launcher ``.py`` or a ``.cu``) for every arch: one report per kernel,
    with ``ok``, ``regs``, ``spill_stores``, ``spill_loads``, ``stack``, ``shared`` (static) and
    ``dynamic_shared`` (what the launcher asks for), ``mma`` (from the source) and ``sass`` (instruction counts)."""
    reports = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            cu = _cu_file(os.path.abspath(path), tmp)
            for arch in archs:
                cubin = os.path.join(tmp, f"{os.path.basename(cu)}.{arch}.cubin")
                cmd = [nvcc(), "-cubin", f"-arch={_arch(arch)}", "-O3", "-Xptxas", "-v", "-o", cubin, cu]
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
                if proc.returncode != 0:
                    reports.append({"file": path, "kernel": None, "arch": arch, "ok": False,
                                    "error": (proc.stderr or proc.stdout)[-2000:]})
                    continue
                with open(cu) as f:
                    text = f.read()
                mma = "wgmma" if "wgmma" in text else ("mma" if "mma.sync" in text else "none")
                sass = sass_counts(cubin)
                dynamic = dynamic_shared(path)
                for kernel, usage in parse_ptxas(proc.stderr + proc.stdout).items():
                    reports.append({"file": path, "kernel": kernel, "arch": arch, "ok": True, "mma": mma,
                                    "sass": None if sass is None else sass.get(kernel, {}),
                                    "dynamic_shared": dynamic.get(kernel, 0), **usage})
    return reports


def build_fatbin(cu: str, out: str | None = None, archs: tuple[int, ...] = (80, 90), timeout: float = 600) -> str:
    """``nvcc -fatbin`` of ``cu`` for ``archs``; the launcher beside it loads ``<stem>.fatbin`` first."""
    out = out or os.path.splitext(cu)[0] + ".fatbin"
    gencode = [f"-gencode=arch=compute_{_arch(a)[3:]},code={_arch(a)}" for a in archs]
    proc = subprocess.run([nvcc(), "-fatbin", "-O3", *gencode, "-o", out, cu], capture_output=True, text=True,
                          timeout=timeout)
    if proc.returncode != 0:
        raise TilefuseError(f"nvcc could not build {out}:\n{proc.stderr[-2000:]}")
    return out
