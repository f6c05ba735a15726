"""Block-sparse GEMM weights: packing from dense + mask or a pruning threshold, a kernel that reads only the
stored blocks with the epilogue still fused, and clear errors when the format and the kernel disagree."""

from __future__ import annotations

import pytest
import torch
from conftest import DEVICE, DTYPES, TOLERANCE, rel_error
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tilefuse as tf
from tilefuse.backends.triton.offline import compile_offline
from tilefuse.frontend.reference import evaluate
from tilefuse.schedule import lower


@tf.program
def sparse_linear_gelu(x: tf.Tensor["M", "K"], w: tf.Tensor["K", "N"], bias: tf.Tensor["N"]):
    return tf.gelu(tf.einsum("mk,kn->mn", x, w) + bias)


@tf.program
def sparse_linear_nk(x: tf.Tensor["B", "M", "K"], w: tf.Tensor["N", "K"]):
    """nn.Linear's weight layout ([out, in]) and a batch axis on x."""
    return tf.einsum("bmk,nk->bmn", x, w)


@tf.program
def scaled_weight(x: tf.Tensor["M", "K"], w: tf.Tensor["K", "N"]):
    return tf.einsum("mk,kn->mn", x, w * 2.0)


def config(bk=16, bn=16, bm=16):
    return dict(BLOCK_M=bm, BLOCK_N=bn, BLOCK_K=bk, num_warps=4, num_stages=1)


def run(program, dtype, shapes, block, density, seed=0, bm=16):
    kernel = program.compile(dtype, sparse=("w",), config=config(*block, bm=bm))
    gen = torch.Generator().manual_seed(seed)
    graph = kernel.lowered.source
    inputs = [torch.randn(shapes[n.name], generator=gen).to(n.dtype.to_torch()) for n in graph.inputs]
    w_index = [n.name for n in graph.inputs].index("w")
    dense = inputs[w_index]
    k_n = dense.shape if program is not sparse_linear_nk else dense.shape[::-1]
    blocks = (-(-k_n[0] // block[0]), -(-k_n[1] // block[1]))
    mask = torch.rand(blocks, generator=gen) < density
    packed = kernel.pack("w", dense.to(DEVICE), block_mask=mask)
    pruned = packed.to_dense().cpu()
    ref_inputs = list(inputs)
    ref_inputs[w_index] = pruned
    (ref,) = evaluate(graph, ref_inputs, torch.float64)
    args = [t.to(DEVICE) for t in inputs]
    args[w_index] = packed
    out = torch.full(ref.shape, float("nan"), dtype=graph.outputs[0].dtype.to_torch(), device=DEVICE)
    kernel(*args, out=out)
    assert not torch.isnan(out).any(), "unwritten output tiles"
    return kernel, packed, mask, out.cpu(), ref


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("density", [0.0, 0.3, 1.0])
def test_sparse_gemm_with_fused_epilogue(dtype, density):
    shapes = {"x": (37, 70), "w": (70, 45), "bias": (45,)}
    kernel, packed, mask, out, ref = run(sparse_linear_gelu, dtype, shapes, (16, 16), density)
    assert packed.density == pytest.approx(mask.float().mean().item())
    assert rel_error(out, ref) < TOLERANCE[dtype]  # at density 0 that is gelu(bias): the epilogue runs on zeros


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(density=st.floats(0.0, 1.0), block=st.sampled_from([(16, 16), (16, 32), (32, 16)]),
       m=st.integers(1, 40), k=st.integers(1, 70), n=st.integers(1, 50), seed=st.integers(0, 100))
def test_random_densities_and_shapes(density, block, m, k, n, seed):
    shapes = {"x": (2, m, k), "w": (n, k)}
    _, _, _, out, ref = run(sparse_linear_nk, "fp32", shapes, block, density, seed)
    assert rel_error(out, ref) < TOLERANCE["fp32"]


def test_threshold_pruning_and_round_trip():
    kernel = sparse_linear_gelu.compile("fp32", sparse=("w",), config=config(16, 32))
    gen = torch.Generator().manual_seed(3)
    w = torch.randn(64, 96, generator=gen)
    w[16:32] = 0.0                       # a whole row of K blocks is zero: dropped by default
    w[32:48, 32:64] *= 1e-3              # one block of tiny weights: dropped by a threshold
    exact = kernel.pack("w", w)
    assert exact.row_idx.numel() == 4 * 3 - 3
    assert torch.equal(exact.to_dense(), w)
    pruned = kernel.pack("w", w, threshold=0.01)
    assert pruned.row_idx.numel() == 4 * 3 - 3 - 1
    want = w.clone()
    want[32:48, 32:64] = 0
    assert torch.equal(pruned.to_dense(), want)
    # Blocks are grouped by N block, K blocks ascending within each: the kernel's walk order.
    assert pruned.col_ptr.tolist() == [0, 3, 5, 8]
    assert pruned.row_idx.tolist() == [0, 2, 3, 0, 3, 0, 2, 3]


def test_format_and_kernel_must_agree():
    kernel = sparse_linear_gelu.compile("fp32", sparse=("w",), config=config(16, 16))
    x, w, b = torch.randn(8, 32), torch.randn(32, 32), torch.randn(32)
    with pytest.raises(ValueError, match="w is block-sparse; pass pack_w"):
        kernel(x, w, b)
    other = sparse_linear_gelu.compile("fp32", sparse=("w",), config=config(32, 16))
    with pytest.raises(ValueError, match="packed in 32x16 blocks; this kernel walks 16x16"):
        kernel(x, other.pack("w", w), b)
    with pytest.raises(ValueError, match=r"block_mask must be \[2, 2\]"):
        kernel.pack("w", w, block_mask=torch.ones(3, 2, dtype=torch.bool))
    with pytest.raises(tf.TilefuseError, match="'x' is not a block-sparse input"):
        kernel.pack("x", x)


def test_sparse_errors_name_the_input():
    with pytest.raises(tf.LoweringError, match="sparse='v' names no tensor input"):
        lower(sparse_linear_gelu.trace("fp32"), sparse=("v",))
    with pytest.raises(tf.LoweringError, match="w cannot be block-sparse: the GEMM computes on it"):
        lower(scaled_weight.trace("fp32"), sparse=("w",))
    with pytest.raises(tf.ConfigError, match="sparse_format"):
        sparse_linear_gelu.compile("fp32", sparse=("w",), config=dict(config(), SPLIT_K=2))
    space = lower(sparse_linear_gelu.trace("fp16"), sparse=("w",)).kernels[0].space
    assert all(not c.USE_TMA and c.SPLIT_K == 1 for c in space.points())
    assert "sparse_format" in space.to_json()["constraints"]


def test_sparse_kernel_compiles_offline_for_sm90a():
    kernel = sparse_linear_gelu.compile("bf16", sparse=("w",))
    (report,) = compile_offline([str(kernel.path)], archs=(90,))
    assert report["ok"], report.get("error")
    assert report["ptx_target"] == "sm_90a"
