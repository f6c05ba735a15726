"""What the CUDA back end can do, answered without importing TVM: whether it can run here, which kernel plans it can
print, which configs it takes, and which dims its vectorized kernel needs to be multiples of 8.

``tir.gemm_func`` raises these same reasons as ``LoweringError``s; the tuner asks them up front, so it offers the
back end as a knob only where it applies (``autotune.backend_knob``).
"""

from __future__ import annotations

import importlib.util
import os
import shutil

import sympy

from ...errors import ConfigError
from ...ir.dtypes import DType
from ...ir.graph import Node
from ...schedule.space import Config

INSTALL = "pip install 'tilefuse[cuda]'"
VECTOR = 8  # elements of one 16-byte global load or cp.async (fp16, bf16)

# The ops tir.Translator has a rule for (its UNARY and BINARY tables, plus the ones it handles itself).
UNARY = frozenset({"neg", "abs", "exp", "exp2", "log", "sqrt", "rsqrt", "erf", "tanh", "sigmoid", "relu", "silu",
                   "not"})
BINARY = frozenset({"add", "sub", "mul", "div", "maximum", "minimum", "floordiv", "mod", "lt", "le", "gt", "ge", "eq",
                    "ne", "and", "or"})
OPS = UNARY | BINARY | {"input", "const", "index", "cast", "where", "gelu"}
REDUCTIONS = frozenset({"einsum", "sum", "max", "softmax", "logsumexp"})
# Knobs the CUDA schedule does not read, with the one value its configs keep (so no kernel is measured twice).
IGNORED = {"GROUP_M": 8, "USE_TMA": False, "SPLIT_K_MODE": "reduce"}


def _find(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a parent package that is missing or broken
        return False


def unavailable(run: bool = True) -> str | None:
    """Why the CUDA back end cannot be used here, or None: rendering needs TVM; with ``run``, running its kernels
    also needs a CUDA device and cuda-python (NVRTC, or nvcc for a fatbin)."""
    if not _find("tvm"):
        return f"apache-tvm is not installed (run: {INSTALL})"
    if not run:
        return None
    import torch

    if os.environ.get("TRITON_INTERPRET", "0") == "1" or not torch.cuda.is_available():
        return "no CUDA device here: CUDA C++ kernels cannot run (only Triton kernels run in its CPU interpreter)"
    if not _find("cuda.bindings"):
        return f"cuda-python is not installed: the CUDA launcher loads and launches through cuda.bindings ({INSTALL})"
    if shutil.which("nvcc") is None and not _find("cuda.bindings.nvrtc"):
        return "neither nvcc nor NVRTC is there to compile the CUDA source"
    return None


def gemm_problem(plan) -> tuple[str, Node | None] | None:
    """Why the CUDA back end cannot print this kernel plan whatever the config (and the node at fault), or None."""
    if getattr(plan, "kind", None) != "gemm":
        return (f"the CUDA back end renders GEMM kernels only so far; {plan.name} is a {plan.kind} kernel "
                "(use backend='triton')", None)
    if plan.k_walk.mode == "sparse":
        return "the CUDA back end has no block-sparse weights yet", None
    if plan.siblings:
        return "the CUDA back end has no dual GEMM (two accumulators) yet", None
    if plan.m_axis is None or plan.n_axis is None:
        return "the CUDA back end needs both an M and an N axis (no GEMV yet)", None
    if len(plan.outputs) != 1:
        return f"the CUDA back end stores one output per GEMM, this one stores {len(plan.outputs)}", None
    (out_node, _), = plan.outputs
    if sorted(a.name for a in out_node.axes) != sorted(a.name for a in plan.root.axes):
        return "the CUDA back end stores an epilogue over the GEMM's own axes only", None
    for node in [n for op in (plan.a, plan.b) for n in op.nodes] + list(plan.epilogue):
        if node.op not in OPS and node not in plan.memory:
            what = {"symbol": "tf.dim() sizes", "load": "gathers (loads at computed indices)"}.get(
                node.op, f"a {node.op} inside a prologue or epilogue" if node.op in REDUCTIONS else f"op {node.op}")
            return f"the CUDA back end has no rule for {what} yet", node
    for buffer in plan.memory.values():
        for axis in buffer.axes:
            if not isinstance(axis.size, (int, sympy.Integer, sympy.Symbol)):
                return f"the CUDA back end takes dims that are a name or a number, not {axis.size}", None
    return None


def unsupported(launch) -> str | None:
    """Why the CUDA back end cannot print this program (a ``LaunchPlan``) whatever the config, or None."""
    for plan in launch.kernels:
        problem = gemm_problem(plan)
        if problem is not None:
            return f"{plan.name}: {problem[0]}"
    return None


def config_problem(config: Config, dot_dtypes) -> str | None:
    """Why the CUDA back end does not take ``config`` for GEMMs whose dots read operands of ``dot_dtypes``, or
    None: a dense K walk, the knobs it ignores at their one value, and (16-bit operands) tensor-core tiles that
    fit."""
    from .mma import mma_tiles

    if config.SPLIT_K != 1:
        return f"the CUDA back end walks K densely: SPLIT_K must be 1 (got {config.SPLIT_K})"
    moved = [f"{k}={getattr(config, k)!r}" for k, v in IGNORED.items() if getattr(config, k) != v]
    if moved:
        keep = ", ".join(f"{k}={v!r}" for k, v in IGNORED.items())
        return f"the CUDA schedule ignores {', '.join(moved)}; its configs keep {keep}"
    for dtype in set(dot_dtypes) & {DType.fp16, DType.bf16}:
        try:
            mma_tiles(config.BLOCK_M, config.BLOCK_N, config.BLOCK_K, config.num_warps, config.num_stages,
                      dtype.itemsize)
        except ConfigError as error:
            return f"no tensor-core schedule: {error}"
    return None


def as_cuda(config: Config) -> Config:
    """``config`` for the CUDA back end: BACKEND="cuda" and the knobs it ignores at their one value."""
    return Config.from_dict({**config.to_dict(), **IGNORED, "BACKEND": "cuda"})


def vector_dims(plan) -> tuple[str, ...] | None:
    """The dims the vectorized kernel of ``plan`` takes as multiples of 8 (the innermost dim of every operand read
    as is from memory: its 16-byte vectors are copied with cp.async), or None when it has no vectorized kernel
    (every operand has a prologue, or a fixed innermost size is no multiple of 8)."""
    dims = []
    for operand in (plan.a, plan.b):
        if operand.buffer is None:
            continue
        size = operand.buffer.axes[-1].size
        if isinstance(size, sympy.Symbol):
            dims.append(size.name)
        elif int(size) % VECTOR:
            return None
    if not any(op.buffer is not None for op in (plan.a, plan.b)):
        return None
    return tuple(dict.fromkeys(dims))
