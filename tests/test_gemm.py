"""Every GEMM variant, end to end: compile, run (interpreter on CPU, CUDA on a GPU), compare with fp64 reference."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import torch
from conftest import DEVICE, DTYPES, TOLERANCE, rel_error
from hypothesis import given, settings
from hypothesis import strategies as st

import tilefuse as tf
from tilefuse.frontend.loading import load_programs
from tilefuse.frontend.reference import evaluate
from tilefuse.ir.dims import size_value

# Ragged on purpose: no size is a multiple of any tile.
DIMS = {"M": 37, "N": 29, "K": 45, "B": 2}
SMALL = dict(BLOCK_M=16, BLOCK_N=32, BLOCK_K=16, num_warps=4, num_stages=2, GROUP_M=2)
SPLIT = dict(BLOCK_M=16, BLOCK_N=16, BLOCK_K=16, num_warps=4, num_stages=2, SPLIT_K=3)


@tf.program
def gemm_nt(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"]):
    return tf.einsum("mk,nk->mn", x, w)


@tf.program
def gemm_nn(a: tf.Tensor["M", "K"], b: tf.Tensor["K", "N"]):
    return tf.einsum("mk,kn->mn", a, b)


@tf.program
def gemm_tn(a: tf.Tensor["K", "M"], b: tf.Tensor["K", "N"]):
    return tf.einsum("km,kn->mn", a, b)


@tf.program
def gemm_tt(a: tf.Tensor["K", "M"], b: tf.Tensor["N", "K"]):
    return tf.einsum("km,nk->mn", a, b)


@tf.program
def bmm(a: tf.Tensor["B", "M", "K"], b: tf.Tensor["B", "K", "N"]):
    return tf.matmul(a, b)


@tf.program
def linear_3d(x: tf.Tensor["B", "M", "K"], w: tf.Tensor["N", "K"], b: tf.Tensor["N"]):
    return tf.einsum("bmk,nk->bmn", x, w) + b


@tf.program
def linear_bias_relu(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], b: tf.Tensor["N"]):
    return tf.relu(tf.einsum("mk,nk->mn", x, w) + b)


@tf.program
def linear_gelu(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], b: tf.Tensor["N"]):
    return tf.gelu(tf.einsum("mk,nk->mn", x, w) + b)


@tf.program
def linear_gelu_tanh(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"]):
    return tf.gelu(tf.einsum("mk,nk->mn", x, w), approximate="tanh")


@tf.program
def silu_gate(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], g: tf.Tensor["M", "N"]):
    return tf.silu(tf.einsum("mk,nk->mn", x, w)) * tf.sigmoid(g)


@tf.program
def scaled_residual(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], r: tf.Tensor["M", "N"], alpha: tf.Scalar):
    return tf.einsum("mk,nk->mn", x, w) * alpha + r


@tf.program
def out_fp32(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], b: tf.Tensor["M"]):
    return tf.cast(tf.tanh(tf.einsum("mk,nk->mn", x, w) - b), "fp32")


@tf.program
def dequant_prologue(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], s: tf.Tensor["K"]):
    return tf.einsum("mk,nk->mn", x * s, w)


@tf.program
def gemv(x: tf.Tensor["K"], w: tf.Tensor["N", "K"], b: tf.Tensor["N"]):
    return tf.einsum("k,nk->n", x, w) + b


@tf.program
def masked_chain(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"]):
    s = tf.einsum("mk,nk->mn", x, w) * tf.rsqrt(tf.dim("K"))
    s = tf.where(tf.index("m") >= tf.index("n"), s, 0.0)
    return tf.minimum(tf.maximum(s, -0.5), 0.5) + tf.exp(-tf.abs(s))


@tf.program
def swiglu(x: tf.Tensor["M", "K"], wg: tf.Tensor["N", "K"], wu: tf.Tensor["N", "K"]):
    """A dual GEMM: two einsums sharing x meet in the epilogue, one K loop with two accumulators."""
    return tf.silu(tf.einsum("mk,nk->mn", x, wg)) * tf.einsum("mk,nk->mn", x, wu)


VARIANTS = [gemm_nt, gemm_nn, gemm_tn, gemm_tt, bmm, linear_3d, linear_bias_relu, linear_gelu, linear_gelu_tanh,
            silu_gate, scaled_residual, out_fp32, dequant_prologue, gemv, masked_chain, swiglu]


def make_inputs(program, dtype: str, dims=DIMS, seed=0, device=DEVICE):
    """The traced graph and random inputs for it (scalars are 0.625), scaled so outputs stay O(1)."""
    graph = program.trace(dtype)
    gen = torch.Generator().manual_seed(seed)
    inputs = []
    for node in graph.inputs:
        if not node.axes:
            inputs.append(0.625)
            continue
        shape = [size_value(a.size, dims) for a in node.axes]
        t = torch.randn(shape, generator=gen) / math.sqrt(max(shape[-1], 1))
        inputs.append(t.to(node.dtype.to_torch()).to(device))
    return graph, inputs


def run_checked(program, dtype, config, dims=DIMS, seed=0):
    """Compile, run into a NaN-poisoned output, and return the relative error vs the fp64 reference."""
    kernel = program.compile(dtype, config=config)
    graph, inputs = make_inputs(program, dtype, dims, seed)
    ref = evaluate(graph, [t.cpu() if isinstance(t, torch.Tensor) else t for t in inputs], torch.float64)[0]
    out_node = graph.outputs[0]
    out = torch.full(ref.shape, float("nan"), dtype=out_node.dtype.to_torch(), device=DEVICE)
    result = kernel(*inputs, out=out)
    assert result is out
    assert not torch.isnan(out).any(), "some output elements were never written"
    return rel_error(out, ref)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("program", VARIANTS, ids=lambda p: p.name)
def test_variant_matches_reference(program, dtype):
    err = run_checked(program, dtype, SMALL)
    assert err < TOLERANCE[dtype], f"{program.name} {dtype}: relative error {err:.3e}"


@pytest.mark.parametrize("program", [gemm_tn, bmm, linear_gelu, scaled_residual, gemv], ids=lambda p: p.name)
def test_split_k_reduce(program):
    err = run_checked(program, "fp16", SPLIT)
    assert err < TOLERANCE["fp16"], f"split-K {program.name}: relative error {err:.3e}"


@pytest.mark.parametrize("program", [linear_gelu, bmm], ids=lambda p: p.name)
def test_split_k_atomic(program):
    err = run_checked(program, "fp16", {**SPLIT, "SPLIT_K_MODE": "atomic"})
    assert err < TOLERANCE["fp16"]


@pytest.mark.parametrize("dims", [{"M": 1, "N": 33, "K": 70}, {"M": 65, "N": 1, "K": 16}, {"M": 17, "N": 19, "K": 1},
                                  {"M": 16, "N": 32, "K": 32}])
def test_edge_shapes(dims):
    err = run_checked(linear_gelu, "fp32", SMALL, dims)
    assert err < TOLERANCE["fp32"]


def test_symbolic_dims_bound_at_launch():
    """One compiled kernel serves every shape."""
    kernel = linear_gelu.compile("fp32", config=SMALL)
    for m, n, k in [(5, 7, 3), (40, 17, 33)]:
        x, w, b = (torch.randn(s, device=DEVICE) for s in [(m, k), (n, k), (n,)])
        y = kernel(x, w, b)
        assert y.shape == (m, n)
        ref = linear_gelu(x.cpu(), w.cpu(), b.cpu(), compute_dtype=torch.float64)
        assert rel_error(y, ref) < TOLERANCE["fp32"]


@settings(max_examples=12, deadline=None)
@given(m=st.integers(1, 40), n=st.integers(1, 40), k=st.integers(1, 40),
       chain=st.lists(st.sampled_from(["bias", "relu", "gelu", "silu", "scale", "residual", "sigmoid", "tanh"]),
                      min_size=1, max_size=4),
       dtype=st.sampled_from(["fp32", "fp16"]))
def test_property_random_epilogue_chains(m, n, k, chain, dtype):
    """Random shapes and epilogue chains: the kernel equals the reference semantics."""

    def body(x, w, b, r):
        y = tf.einsum("mk,nk->mn", x, w)
        for op in chain:
            y = {"bias": lambda v: v + b, "relu": tf.relu, "gelu": tf.gelu, "silu": tf.silu,
                 "scale": lambda v: v * 0.5, "residual": lambda v: v + r, "sigmoid": tf.sigmoid,
                 "tanh": tf.tanh}[op](y)
        return y

    def chained(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], b: tf.Tensor["N"], r: tf.Tensor["M", "N"]):
        return body(x, w, b, r)

    program = tf.program(chained)
    err = run_checked(program, dtype, SMALL, {"M": m, "N": n, "K": k})
    assert err < TOLERANCE[dtype] * 2, f"{chain} at {m}x{n}x{k}: {err:.3e}"


@tf.program
def gram(x: tf.Tensor["B", "M", "K"]):
    return tf.einsum("bmk,bnk->bmn", x, x)


def test_operand_axes_relabeled_by_the_einsum():
    """x @ x^T: the einsum reads x's axis m as n for the second operand."""
    err = run_checked(gram, "fp32", SMALL)
    assert err < TOLERANCE["fp32"]


def test_debug_build_without_gathers_runs(device):
    """A debug build passes the error flag to every kernel; it once was allocated only when some gather was
    bounds-checked, so a plain GEMM's debug build died with NameError: _err."""
    program = load_programs(str(Path(__file__).resolve().parents[1] / "examples" / "linear_gelu.py"))[0]
    kernel = program.compile("fp32", debug=True, arch=80, config={"BLOCK_M": 16, "BLOCK_N": 16, "BLOCK_K": 16})
    x, w, b = (torch.randn(s, device=device) for s in [(20, 32), (24, 32), (24,)])
    assert rel_error(kernel(x, w, b), program(x, w, b, compute_dtype=torch.float64)) < TOLERANCE["fp32"]


def test_two_einsums_sharing_an_operand_are_one_kernel_with_two_accumulators():
    """SwiGLU's gate and up: one kernel whose K loop loads each x tile once for both dots; the plan names the
    second B operand; a split-K config is refused (both accumulators live in one program)."""
    from tilefuse.errors import ConfigError
    from tilefuse.schedule import plan_program

    kernel = swiglu.compile("fp32", config=SMALL)
    kernels = plan_program(kernel.lowered).kernels
    (plan,) = kernels
    assert [n.op for n, _ in plan.siblings] == ["einsum"]
    assert "b1 = %wu" in plan.describe()
    assert kernel.source.count("tl.dot(") == 2 and "acc1 = tl.dot(a, b1, acc1" in kernel.source
    with pytest.raises(ConfigError, match="dual GEMM"):
        swiglu.compile("fp32", config={**SMALL, "SPLIT_K": 2})


@tf.program
def swiglu_up_too(x: tf.Tensor["M", "K"], wg: tf.Tensor["N", "K"], wu: tf.Tensor["N", "K"]):
    up = tf.einsum("mk,nk->mn", x, wu)
    return tf.silu(tf.einsum("mk,nk->mn", x, wg)) * up, up


@tf.program
def swiglu_all(x: tf.Tensor["M", "K"], wg: tf.Tensor["N", "K"], wu: tf.Tensor["N", "K"]):
    gate, up = tf.einsum("mk,nk->mn", x, wg), tf.einsum("mk,nk->mn", x, wu)
    return tf.silu(gate) * up, gate, up


@pytest.mark.parametrize("program, gemms", [(swiglu_up_too, 1), (swiglu_all, 2)], ids=["up_returned", "both"])
def test_returned_einsums_are_stored_and_a_returned_sibling_is_not_paired(program, gemms):
    """Up returned too: it becomes the root (stored), gate the second accumulator. Gate and up both returned:
    a sibling is never an output, so two kernels."""
    from tilefuse.schedule import plan_program

    kernel = program.compile("fp32", config=SMALL)
    plans = [k for k in plan_program(kernel.lowered).kernels if k.kind == "gemm"]
    assert len(plans) == gemms and sum(len(k.siblings) for k in plans) == (1 if gemms == 1 else 0)
    graph, inputs = make_inputs(program, "fp32")
    refs = evaluate(graph, inputs, torch.float64)
    for got, ref in zip(kernel(*inputs), refs):
        assert rel_error(got, ref) < TOLERANCE["fp32"]
