"""Test setup: without a GPU, generated kernels run in Triton's CPU interpreter.

TRITON_INTERPRET must be set before triton is first imported, so it is set here, at collection.
"""

import os

import pytest
import torch

HAS_CUDA = torch.cuda.is_available()
if not HAS_CUDA:
    os.environ.setdefault("TRITON_INTERPRET", "1")
os.environ.setdefault("TILEFUSE_CACHE_DIR", os.path.join(os.path.dirname(__file__), "..", "build", "test-cache"))

DEVICE = "cuda" if HAS_CUDA else "cpu"
# The interpreter mishandles bf16; on a GPU every dtype runs.
DTYPES = ["fp32", "fp16", "bf16"] if HAS_CUDA else ["fp32", "fp16"]
# Relative error vs the fp64 reference. fp32 dots use tf32 on the GPU (unit roundoff 2^-11, twice rounded in
# attention: scores, then P @ V), measured up to 2.2e-3 on a one-row output.
TOLERANCE = {"fp32": 4e-3 if HAS_CUDA else 1e-5, "fp16": 5e-3, "bf16": 3e-2}


@pytest.fixture
def device():
    return DEVICE


def rel_error(out: torch.Tensor, ref: torch.Tensor) -> float:
    out, ref = out.detach().double().cpu(), ref.detach().double().cpu()
    if torch.isnan(out).any():
        return float("nan")
    return ((out - ref).norm() / ref.norm().clamp_min(1e-30)).item()


@pytest.fixture
def no_tvm(monkeypatch):
    """This process as one without TVM installed: every import of tvm fails."""
    import builtins

    real_import = builtins.__import__

    def import_without_tvm(name, *args, **kwargs):
        if name == "tvm" or name.startswith("tvm."):
            raise ImportError("No module named 'tvm'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", import_without_tvm)
