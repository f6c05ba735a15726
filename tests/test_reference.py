# The strings in tf.Tensor["M", "K"] annotations are dim names, not forward references:
# ruff: noqa: F821
"""The reference semantics (``run_reference`` / ``evaluate``) against independent torch expressions.

Every op of the IR is run through the DSL on small random CPU tensors and compared, in fp64, against a
torch expression written here by hand (never through ``tilefuse.frontend.reference``'s own helpers).
"""

import math

import pytest
import sympy
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tilefuse.frontend.dsl as tf
from tilefuse.frontend.reference import evaluate
from tilefuse.ir.dims import dim

F64 = torch.float64


def _gen(seed: int = 0) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def randn(*shape, seed: int = 0, gen: torch.Generator | None = None) -> torch.Tensor:
    return torch.randn(*shape, generator=gen or _gen(seed), dtype=torch.float32)


def run64(program, *tensors):
    """Run the reference with fp64 math (inputs are fp32, so the trace is for fp32)."""
    return program(*tensors, compute_dtype=F64)


def rel_err(out: torch.Tensor, ref: torch.Tensor) -> float:
    out, ref = out.to(F64), ref.to(F64)
    assert out.shape == ref.shape, (out.shape, ref.shape)
    denom = ref.norm()
    if denom == 0:
        return float((out - ref).norm())
    return float((out - ref).norm() / denom)


def assert_close(out: torch.Tensor, ref: torch.Tensor, tol: float = 1e-12):
    assert not torch.isnan(out).any(), "reference output has NaNs"
    err = rel_err(out, ref)
    assert err <= tol, f"relative error {err:.3e} > {tol:.1e}"


# ------------------------------------------------------------------------------------ torch oracles


def t_gelu_erf(x):
    return 0.5 * x * (1.0 + torch.special.erf(x / math.sqrt(2.0)))


def t_gelu_tanh(x):
    return torch.nn.functional.gelu(x, approximate="tanh")


def t_silu(x):
    return torch.nn.functional.silu(x)


# ------------------------------------------------------------------------------------ unary ops


@tf.program
def p_exp(x: tf.Tensor["M", "N"]):
    return tf.exp(x)


@tf.program
def p_exp2(x: tf.Tensor["M", "N"]):
    return tf.exp2(x)


@tf.program
def p_log(x: tf.Tensor["M", "N"]):
    return tf.log(x)


@tf.program
def p_tanh(x: tf.Tensor["M", "N"]):
    return tf.tanh(x)


@tf.program
def p_erf(x: tf.Tensor["M", "N"]):
    return tf.erf(x)


@tf.program
def p_sqrt(x: tf.Tensor["M", "N"]):
    return tf.sqrt(x)


@tf.program
def p_rsqrt(x: tf.Tensor["M", "N"]):
    return tf.rsqrt(x)


@tf.program
def p_relu(x: tf.Tensor["M", "N"]):
    return tf.relu(x)


@tf.program
def p_gelu_erf(x: tf.Tensor["M", "N"]):
    return tf.gelu(x)


@tf.program
def p_gelu_tanh(x: tf.Tensor["M", "N"]):
    return tf.gelu(x, approximate="tanh")


@tf.program
def p_silu(x: tf.Tensor["M", "N"]):
    return tf.silu(x)


@tf.program
def p_sigmoid(x: tf.Tensor["M", "N"]):
    return tf.sigmoid(x)


@tf.program
def p_neg(x: tf.Tensor["M", "N"]):
    return -x


@tf.program
def p_neg_fn(x: tf.Tensor["M", "N"]):
    return tf.neg(x)


@tf.program
def p_abs(x: tf.Tensor["M", "N"]):
    return abs(x)


UNARY_CASES = [
    (p_exp, torch.exp, False),
    (p_exp2, lambda x: torch.pow(2.0, x), False),
    (p_log, torch.log, True),
    (p_tanh, torch.tanh, False),
    (p_erf, torch.special.erf, False),
    (p_sqrt, torch.sqrt, True),
    (p_rsqrt, lambda x: 1.0 / torch.sqrt(x), True),
    (p_relu, lambda x: torch.clamp(x, min=0.0), False),
    (p_gelu_erf, t_gelu_erf, False),
    (p_gelu_tanh, t_gelu_tanh, False),
    (p_silu, t_silu, False),
    (p_sigmoid, lambda x: 1.0 / (1.0 + torch.exp(-x)), False),
    (p_neg, lambda x: -x, False),
    (p_neg_fn, lambda x: -x, False),
    (p_abs, torch.abs, False),
]


@pytest.mark.parametrize("program,oracle,positive", UNARY_CASES, ids=[c[0].name for c in UNARY_CASES])
def test_unary(program, oracle, positive):
    x = randn(5, 7, seed=1) * 3
    if positive:
        x = x.abs() + 0.05
    out = run64(program, x)
    assert out.dtype == F64 and out.shape == (5, 7)
    assert_close(out, oracle(x.to(F64)))


def test_unary_output_dtype_follows_compile_dtype():
    x = randn(4, 6, seed=2)
    out32 = p_gelu_erf(x)  # fp32 inputs, fp32 compute
    assert out32.dtype == torch.float32
    assert_close(out32, t_gelu_erf(x.to(F64)), 1e-6)
    xh = x.half()
    out16 = p_gelu_erf(xh)  # fp16 inputs: traced for fp16, math in fp32, output cast to fp16
    assert out16.dtype == torch.float16
    assert_close(out16, t_gelu_erf(xh.to(F64)), 2e-3)
    # An explicit out_dtype overrides the inputs' dtype.
    assert p_gelu_erf(xh, out_dtype="fp32").dtype == torch.float32


# ------------------------------------------------------------------------------------ binary ops


@tf.program
def p_arith(x: tf.Tensor["M", "N"], y: tf.Tensor["M", "N"], b: tf.Tensor["N"], s: tf.Scalar):
    return (x + y) * s - b / (y * y + 1.0) + 2.0 / (x * x + 1.5) - 3.0


@tf.program
def p_maxmin(x: tf.Tensor["M", "N"], y: tf.Tensor["N"]):
    return tf.maximum(x, y) + 2.0 * tf.minimum(y, x) + tf.maximum(x, 0.25)


@tf.program
def p_div(x: tf.Tensor["M", "N"], y: tf.Tensor["M"]):
    return x / y


def test_arith_broadcast_by_name():
    g = _gen(3)
    x, y, b = randn(4, 6, gen=g), randn(4, 6, gen=g), randn(6, gen=g)
    out = run64(p_arith, x, y, b, 0.7)
    x, y, b = x.to(F64), y.to(F64), b.to(F64)
    ref = (x + y) * 0.7 - b[None, :] / (y * y + 1.0) + 2.0 / (x * x + 1.5) - 3.0
    assert_close(out, ref)


def test_maximum_minimum():
    g = _gen(4)
    x, y = randn(5, 3, gen=g), randn(3, gen=g)
    out = run64(p_maxmin, x, y)
    x, y = x.to(F64), y.to(F64)
    ref = torch.max(x, y[None]) + 2.0 * torch.min(y[None], x) + torch.clamp(x, min=0.25)
    assert_close(out, ref)


def test_div_broadcast_over_leading_axis():
    g = _gen(5)
    x, y = randn(5, 3, gen=g), randn(5, gen=g).abs() + 0.5
    out = run64(p_div, x, y)
    assert_close(out, x.to(F64) / y.to(F64)[:, None])


@tf.program
def p_scalar_dim(x: tf.Tensor["M", "N"]):
    return x * tf.dim("N") + tf.dim("M")


def test_dim_is_launch_value():
    x = randn(3, 5, seed=6)
    out = run64(p_scalar_dim, x)
    assert_close(out, x.to(F64) * 5 + 3)


# --------------------------------------------------------------------------- comparisons and logic


@tf.program
def p_compare(x: tf.Tensor["M", "N"], y: tf.Tensor["M", "N"]):
    return x < y, x <= y, x > y, x >= y, x == y, x != y


@tf.program
def p_logic(x: tf.Tensor["M", "N"], y: tf.Tensor["M", "N"]):
    a = x > 0.0
    b = y < 0.5
    return a & b, a | b, ~a, (a & ~b) | (~a & b)


@tf.program
def p_where(x: tf.Tensor["M", "N"], y: tf.Tensor["N"]):
    return tf.where(x > y, x * 2.0, y - 1.0)


@tf.program
def p_where_float_of_bool(x: tf.Tensor["M", "N"]):
    return tf.cast(x > 0.0, "fp32") * x + tf.where(tf.index("m") < tf.index("n"), 1.0, 0.0)


def _small_ints(shape, gen):
    # Few distinct values so eq/ne and the <=/>= boundaries are exercised.
    return torch.randint(-2, 3, shape, generator=gen).to(torch.float32)


def test_comparisons():
    g = _gen(7)
    x, y = _small_ints((6, 5), g), _small_ints((6, 5), g)
    outs = run64(p_compare, x, y)
    refs = (x < y, x <= y, x > y, x >= y, x == y, x != y)
    assert (x == y).any() and (x != y).any()
    for out, ref in zip(outs, refs, strict=True):
        assert out.dtype == torch.bool
        assert torch.equal(out, ref)


def test_logical_ops():
    g = _gen(8)
    x, y = randn(6, 5, gen=g), randn(6, 5, gen=g)
    outs = run64(p_logic, x, y)
    a, b = x > 0, y < 0.5
    refs = (a & b, a | b, ~a, a ^ b)
    for out, ref in zip(outs, refs, strict=True):
        assert out.dtype == torch.bool
        assert torch.equal(out, ref)


def test_where():
    g = _gen(9)
    x, y = randn(4, 6, gen=g), randn(6, gen=g)
    out = run64(p_where, x, y)
    x, y = x.to(F64), y.to(F64)
    ref = torch.where(x > y[None], x * 2.0, (y - 1.0)[None].expand(4, 6))
    assert_close(out, ref)


def test_where_with_index_mask_and_bool_cast():
    x = randn(4, 6, seed=10)
    out = run64(p_where_float_of_bool, x)
    x = x.to(F64)
    m, n = torch.arange(4)[:, None], torch.arange(6)[None, :]
    ref = (x > 0).to(F64) * x + (m < n).to(F64)
    assert_close(out, ref)


# ------------------------------------------------------------------------------------ casts


@tf.program
def p_cast_int(x: tf.Tensor["M", "N"]):
    return tf.cast(x * 3.0, "int32")


@tf.program
def p_cast_roundtrip(x: tf.Tensor["M", "N"]):
    return tf.cast(tf.cast(x * 3.0, "int32"), "fp32") + x


@tf.program
def p_cast_fp16(x: tf.Tensor["M", "N"]):
    return tf.cast(x, "fp16")


@tf.program
def p_cast_method(x: tf.Tensor["M", "N"]):
    return (x * 1.0).to(tf.fp32)


def test_cast_float_to_int_truncates():
    x = randn(5, 5, seed=11)
    out = run64(p_cast_int, x)
    assert out.dtype == torch.int32
    ref = torch.trunc(x.to(F64) * 3.0).to(torch.int32)
    assert torch.equal(out, ref)
    assert (x < 0).any()  # truncation toward zero, not floor, is exercised


def test_cast_roundtrip():
    x = randn(5, 5, seed=12)
    out = run64(p_cast_roundtrip, x)
    assert_close(out, torch.trunc(x.to(F64) * 3.0) + x.to(F64))


def test_cast_to_fp16_rounds_in_fp32_mode_and_is_exact_in_fp64_mode():
    x = randn(5, 5, seed=13) * 1.2345
    out = p_cast_fp16(x)  # fp32 compute: a real rounding to fp16
    assert out.dtype == torch.float16
    assert torch.equal(out, x.half())
    exact = run64(p_cast_fp16, x)  # fp64: float-to-float casts are skipped
    assert exact.dtype == F64
    assert torch.equal(exact, x.to(F64))


def test_cast_method():
    x = randn(3, 4, seed=14)
    assert_close(run64(p_cast_method, x), x.to(F64))


# --------------------------------------------------------------------------------- integer index math


@tf.program
def p_int_math(x: tf.Tensor["M"]):
    i = tf.index("m") - 7
    return i // 3, i % 3, i * 2 + 1, abs(i), -i, tf.maximum(i, 0)


@tf.program
def p_floordiv_gather(x: tf.Tensor["M"], y: tf.Tensor["J"]):
    # y has J = ceil(M / 3) entries; each m reads y[m // 3] and adds m % 3.
    return x + y[tf.index("m") // 3] + tf.cast(tf.index("m") % 3, "fp32")


def test_floordiv_mod_on_indices():
    outs = run64(p_int_math, torch.zeros(17))
    i = torch.arange(17) - 7
    refs = (torch.div(i, 3, rounding_mode="floor"), torch.remainder(i, 3), i * 2 + 1, i.abs(), -i,
            torch.clamp(i, min=0))
    for out, ref in zip(outs, refs, strict=True):
        assert out.dtype == torch.int32
        assert torch.equal(out, ref.to(torch.int32))
    # floor semantics (Python's), not C truncation, on negative operands
    assert outs[0][0].item() == (-7) // 3 == -3
    assert outs[1][0].item() == (-7) % 3 == 2


def test_floordiv_mod_in_a_gather():
    g = _gen(15)
    x, y = randn(10, gen=g), randn(4, gen=g)
    out = run64(p_floordiv_gather, x, y)
    m = torch.arange(10)
    ref = x.to(F64) + y.to(F64)[m // 3] + (m % 3).to(F64)
    assert_close(out, ref)


# ------------------------------------------------------------------------------------ reductions


@tf.program
def p_sum_n(x: tf.Tensor["M", "N"]):
    return tf.sum_(x, "n")


@tf.program
def p_sum_m(x: tf.Tensor["M", "N"]):
    return x.sum("m")


@tf.program
def p_max_n(x: tf.Tensor["M", "N"]):
    return tf.max_(x, "n")


@tf.program
def p_max_m_method(x: tf.Tensor["M", "N"]):
    return x.max("m")


@tf.program
def p_sum_two_axes(x: tf.Tensor["B", "M", "N"]):
    return tf.sum_(x, "b", "n")


@tf.program
def p_max_two_axes(x: tf.Tensor["B", "M", "N"]):
    return tf.max_(x, "n", "b")


@tf.program
def p_rmsnorm(x: tf.Tensor["M", "N"], w: tf.Tensor["N"], eps: tf.Scalar):
    ms = tf.sum_(x * x, "n") / tf.dim("N")
    return x * tf.rsqrt(ms + eps) * w


@tf.program
def p_int_sum(x: tf.Tensor["M", "N"]):
    return tf.sum_(tf.index("m") * tf.index("n"), "n") + x.sum("n") * 0.0


REDUCE_CASES = [
    (p_sum_n, lambda x: x.sum(1), (4, 7)),
    (p_sum_m, lambda x: x.sum(0), (4, 7)),
    (p_max_n, lambda x: x.amax(1), (4, 7)),
    (p_max_m_method, lambda x: x.amax(0), (4, 7)),
    (p_sum_two_axes, lambda x: x.sum((0, 2)), (3, 4, 5)),
    (p_max_two_axes, lambda x: x.amax((0, 2)), (3, 4, 5)),
]


@pytest.mark.parametrize("program,oracle,shape", REDUCE_CASES, ids=[c[0].name for c in REDUCE_CASES])
def test_reductions(program, oracle, shape):
    x = randn(*shape, seed=16)
    assert_close(run64(program, x), oracle(x.to(F64)))


def test_rmsnorm():
    g = _gen(17)
    x, w = randn(5, 8, gen=g), randn(8, gen=g)
    out = run64(p_rmsnorm, x, w, 1e-5)
    x, w = x.to(F64), w.to(F64)
    ref = x / torch.sqrt((x * x).mean(1, keepdim=True) + 1e-5) * w
    assert_close(out, ref)


def test_integer_sum():
    out = run64(p_int_sum, torch.zeros(4, 5))
    m, n = torch.arange(4), torch.arange(5)
    assert_close(out, (m[:, None] * n[None, :]).sum(1).to(F64))


# ------------------------------------------------------------------------------------ softmax


@tf.program
def p_softmax_n(x: tf.Tensor["M", "N"]):
    return tf.softmax(x, "n")


@tf.program
def p_softmax_m(x: tf.Tensor["M", "N"]):
    return tf.softmax(x, "m")


@tf.program
def p_softmax_odd_rows_masked(x: tf.Tensor["M", "N"]):
    return tf.softmax(tf.where(tf.index("m") % 2 == 0, x, -tf.inf), "n")


@tf.program
def p_softmax_causal(x: tf.Tensor["M", "N"], scale: tf.Scalar):
    s = tf.where(tf.index("n") <= tf.index("m") - 2, x * scale, -tf.inf)
    return tf.softmax(s, "n")


def test_softmax_last_axis():
    x = randn(4, 9, seed=18) * 4
    assert_close(run64(p_softmax_n, x), torch.softmax(x.to(F64), dim=1))


def test_softmax_first_axis():
    x = randn(6, 3, seed=19) * 4
    assert_close(run64(p_softmax_m, x), torch.softmax(x.to(F64), dim=0))


def test_softmax_fully_masked_rows_are_zero():
    x = randn(5, 6, seed=20)
    out = run64(p_softmax_odd_rows_masked, x)
    assert not torch.isnan(out).any()
    ref = torch.softmax(x.to(F64), dim=1)
    ref[1::2] = 0.0
    assert torch.equal(out[1::2], torch.zeros_like(out[1::2]))
    assert_close(out, ref)
    # fp32 compute mode gives zeros too
    out32 = p_softmax_odd_rows_masked(x)
    assert not torch.isnan(out32).any() and torch.equal(out32[1::2], torch.zeros(2, 6))


def test_softmax_causal_with_empty_leading_rows():
    x = randn(6, 6, seed=21)
    # The mask's axes come out as (n, m), but where's values set the order: the result stays [m, n].
    assert p_softmax_causal.trace("fp32").outputs[0].axis_names == ("m", "n")
    out = run64(p_softmax_causal, x, 0.5)
    m, n = torch.arange(6)[:, None], torch.arange(6)[None, :]
    s = (x.to(F64) * 0.5).masked_fill(~(n <= m - 2), float("-inf"))
    ref = torch.nan_to_num(torch.softmax(s, dim=1), nan=0.0)
    assert torch.equal(out[:2], torch.zeros(2, 6, dtype=F64))
    assert_close(out, ref)


# ------------------------------------------------------------------------------------ einsum


@tf.program
def p_gemm_nt(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"]):
    return tf.einsum("mk,nk->mn", x, w)


@tf.program
def p_gemm_nn(x: tf.Tensor["M", "K"], w: tf.Tensor["K", "N"]):
    return tf.einsum("mk,kn->mn", x, w)


@tf.program
def p_gemm_tn(x: tf.Tensor["K", "M"], w: tf.Tensor["K", "N"]):
    return tf.einsum("km,kn->mn", x, w)


@tf.program
def p_bmm(x: tf.Tensor["B", "M", "K"], w: tf.Tensor["B", "K", "N"]):
    return tf.einsum("bmk,bkn->bmn", x, w)


@tf.program
def p_bmm_shared_weight(x: tf.Tensor["B", "M", "K"], w: tf.Tensor["K", "N"]):
    return tf.einsum("bmk,kn->bmn", x, w)


@tf.program
def p_bmm_batch_in_rhs_only(x: tf.Tensor["M", "K"], w: tf.Tensor["B", "N", "K"]):
    return tf.einsum("mk,bnk->bmn", x, w)


@tf.program
def p_einsum_spaced(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"]):
    return tf.einsum("b h m d, b h n d -> b h m n", q, k)


@tf.program
def p_einsum_reduce_and_transpose(x: tf.Tensor["M", "K"]):
    return tf.einsum("mk->km", x) + tf.einsum("mk->k", x)


@tf.program
def p_einsum_three(a: tf.Tensor["M", "K"], b: tf.Tensor["K", "J"], c: tf.Tensor["J", "N"]):
    return tf.einsum("mk,kj,jn->mn", a, b, c)


@tf.program
def p_einsum_relabel_then_bias(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], b: tf.Tensor["N"]):
    # Output letters i, j are new axis names: the bias (axis n) does not line up with j, it broadcasts
    # as a third axis.
    return tf.einsum("ik,jk->ij", x, w) + b


@tf.program
def p_gemm_epilogue(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], b: tf.Tensor["N"], s: tf.Scalar):
    return tf.relu(tf.einsum("mk,nk->mn", x, w) * s + b)


def _mats(*shapes, seed):
    g = _gen(seed)
    return [randn(*s, gen=g) for s in shapes]


EINSUM_CASES = [
    (p_gemm_nt, [(5, 7), (6, 7)], lambda x, w: x @ w.T),
    (p_gemm_nn, [(5, 7), (7, 6)], lambda x, w: x @ w),
    (p_gemm_tn, [(7, 5), (7, 6)], lambda x, w: x.T @ w),
    (p_bmm, [(3, 5, 7), (3, 7, 6)], lambda x, w: torch.bmm(x, w)),
    (p_bmm_shared_weight, [(3, 5, 7), (7, 6)], lambda x, w: x @ w),
    (p_bmm_batch_in_rhs_only, [(5, 7), (3, 6, 7)], lambda x, w: torch.stack([x @ w[i].T for i in range(3)])),
    (p_einsum_spaced, [(2, 3, 4, 5), (2, 3, 6, 5)], lambda q, k: q @ k.transpose(-1, -2)),
    (p_einsum_reduce_and_transpose, [(4, 5)], lambda x: x.T + x.sum(0)[:, None]),
    (p_einsum_three, [(4, 5), (5, 3), (3, 6)], lambda a, b, c: a @ b @ c),
    (p_einsum_relabel_then_bias, [(4, 5), (3, 5), (3,)], lambda x, w, b: (x @ w.T)[:, :, None] + b),
]


@pytest.mark.parametrize("program,shapes,oracle", EINSUM_CASES, ids=[c[0].name for c in EINSUM_CASES])
def test_einsum(program, shapes, oracle):
    ins = _mats(*shapes, seed=22)
    out = run64(program, *ins)
    assert_close(out, oracle(*[t.to(F64) for t in ins]))


def test_einsum_relabel_axes_in_ir():
    g = p_einsum_relabel_then_bias.trace("fp32")
    assert g.outputs[0].axis_names == ("i", "j", "n")


def test_gemm_epilogue():
    x, w, b = _mats((5, 7), (6, 7), (6,), seed=23)
    out = run64(p_gemm_epilogue, x, w, b, 0.3)
    assert_close(out, torch.relu((x.to(F64) @ w.to(F64).T) * 0.3 + b.to(F64)))


def test_gemm_fp32_compute_close_to_fp64():
    x, w = _mats((9, 33), (11, 33), seed=24)
    out = p_gemm_nt(x, w)
    assert out.dtype == torch.float32
    assert_close(out, x.to(F64) @ w.to(F64).T, 1e-5)


# ------------------------------------------------------------------------------------ matmul helper


@tf.program
def p_matmul(a: tf.Tensor["M", "K"], b: tf.Tensor["K", "N"]):
    return tf.matmul(a, b)


@tf.program
def p_matmul_batched(a: tf.Tensor["B", "M", "K"], b: tf.Tensor["B", "K", "N"]):
    return tf.matmul(a, b)


@tf.program
def p_matmul_broadcast_rhs(a: tf.Tensor["B", "M", "K"], b: tf.Tensor["K", "N"]):
    return tf.matmul(a, b)


@tf.program
def p_matmul_broadcast_lhs(a: tf.Tensor["M", "K"], b: tf.Tensor["B", "K", "N"]):
    return tf.matmul(a, b)


MATMUL_CASES = [
    (p_matmul, [(4, 6), (6, 5)]),
    (p_matmul_batched, [(3, 4, 6), (3, 6, 5)]),
    (p_matmul_broadcast_rhs, [(3, 4, 6), (6, 5)]),
    (p_matmul_broadcast_lhs, [(4, 6), (3, 6, 5)]),
]


@pytest.mark.parametrize("program,shapes", MATMUL_CASES, ids=[c[0].name for c in MATMUL_CASES])
def test_matmul_helper(program, shapes):
    a, b = _mats(*shapes, seed=25)
    out = run64(program, a, b)
    assert_close(out, torch.matmul(a.to(F64), b.to(F64)))


# ------------------------------------------------------------------------------------ loads


@tf.program
def p_transpose_add(x: tf.Tensor["M", "N"], y: tf.Tensor["N", "M"]):
    return x + y[tf.index("n"), tf.index("m")]


@tf.program
def p_transpose_add_load_first(x: tf.Tensor["M", "N"], y: tf.Tensor["N", "M"]):
    return y[tf.index("n"), tf.index("m")] + x


@tf.program
def p_relabel_gather(x: tf.Tensor["M", "N"]):
    # A load's axes come from its index expressions, in their order: here (j, i), so the values are x's.
    return x[tf.index("j", size="M"), tf.index("i", size="N")]


@tf.program
def p_transpose_via_einsum(x: tf.Tensor["M", "N"]):
    return tf.einsum("mn->nm", x[tf.index("m"), tf.index("n")])


@tf.program
def p_gather_rows(x: tf.Tensor["M", "N"]):
    # rows in reverse order; ':' keeps axis n
    return x[tf.dim("M") - 1 - tf.index("m"), :]


@tf.program
def p_gqa_broadcast(q: tf.Tensor["H", "D"], k: tf.Tensor["G", "D"]):
    return q * k[tf.index("h") // 2, :]


@tf.program
def p_gqa_attention(q: tf.Tensor["H", "M", "D"], k: tf.Tensor["G", "N", "D"], v: tf.Tensor["G", "N", "D"],
                    scale: tf.Scalar):
    kv_head = tf.index("h") // (tf.dim("H") // tf.dim("G"))
    kh = k[kv_head, :, :]
    vh = v[kv_head, :, :]
    s = tf.einsum("hmd,hnd->hmn", q, kh) * scale
    p = tf.softmax(s, "n")
    return tf.einsum("hmn,hnd->hmd", p, vh)


@tf.program
def p_strided(x: tf.Tensor["N"], y: tf.Tensor["M"]):
    return x[2 * tf.index("m")] + y


@tf.program
def p_strided_symbolic_size(x: tf.Tensor["N"]):
    return x[2 * tf.index("i", size=sympy.floor(dim("N") / 2)) + 1]


@tf.program
def p_scalar_load(x: tf.Tensor["M", "N"]):
    return x * x[0, tf.dim("N") - 1]


def test_transpose_load():
    x, y = _mats((4, 6), (6, 4), seed=26)
    out = run64(p_transpose_add, x, y)
    assert out.shape == (4, 6)
    assert_close(out, x.to(F64) + y.to(F64).T)


def test_transpose_load_first_sets_axis_order():
    x, y = _mats((4, 6), (6, 4), seed=27)
    out = run64(p_transpose_add_load_first, x, y)
    assert out.shape == (6, 4)  # the load (axes n, m) leads: equal rank, first operand wins
    assert_close(out, y.to(F64) + x.to(F64).T)


def test_relabel_gather_and_transpose():
    (x,) = _mats((4, 6), seed=28)
    assert p_relabel_gather.trace("fp32").outputs[0].axis_names == ("j", "i")
    assert_close(run64(p_relabel_gather, x), x.to(F64))
    out = run64(p_transpose_via_einsum, x)
    assert out.shape == (6, 4)
    assert_close(out, x.to(F64).T)


def test_gather_rows():
    (x,) = _mats((5, 3), seed=29)
    assert_close(run64(p_gather_rows, x), x.to(F64).flip(0))


def test_gqa_style_load():
    q, k = _mats((6, 5), (3, 5), seed=30)
    out = run64(p_gqa_broadcast, q, k)
    assert_close(out, q.to(F64) * k.to(F64).repeat_interleave(2, dim=0))


def test_gqa_attention():
    q, k, v = _mats((4, 3, 8), (2, 5, 8), (2, 5, 8), seed=31)
    out = run64(p_gqa_attention, q, k, v, 0.35)
    q, k, v = q.to(F64), k.to(F64).repeat_interleave(2, 0), v.to(F64).repeat_interleave(2, 0)
    ref = torch.softmax(q @ k.transpose(1, 2) * 0.35, dim=-1) @ v
    assert_close(out, ref)


def test_strided_load():
    x, y = _mats((10,), (5,), seed=32)
    assert_close(run64(p_strided, x, y), x.to(F64)[0::2] + y.to(F64))


def test_strided_load_with_symbolic_index_size():
    (x,) = _mats((11,), seed=33)
    out = run64(p_strided_symbolic_size, x)
    assert out.shape == (5,)
    assert_close(out, x.to(F64)[1::2])


def test_scalar_load_broadcasts():
    (x,) = _mats((3, 4), seed=34)
    x64 = x.to(F64)
    assert_close(run64(p_scalar_load, x), x64 * x64[0, 3])


# ---------------------------------------------------------------------- evaluate() on a traced graph


def test_evaluate_directly():
    x, w, b = _mats((3, 8), (4, 8), (4,), seed=35)
    graph = p_gemm_epilogue.trace("fp32")
    (out,) = evaluate(graph, [x, w, b, 1.5], compute_dtype=F64)
    assert out.dtype == F64
    assert_close(out, torch.relu((x.to(F64) @ w.to(F64).T) * 1.5 + b.to(F64)))
    (out32,) = evaluate(graph, [x, w, b, 1.5])
    assert out32.dtype == torch.float32
    assert_close(out32, out, 1e-5)


def test_evaluate_fp16_graph_rounds_output():
    x, w = _mats((3, 8), (4, 8), seed=36)
    graph = p_gemm_nt.trace("fp16")
    (out,) = evaluate(graph, [x.half(), w.half()])
    assert out.dtype == torch.float16
    assert_close(out, x.half().to(F64) @ w.half().to(F64).T, 2e-3)


# ------------------------------------------------------------------------- property: GEMM epilogues

EPILOGUE_OPS = ["bias", "scale", "relu", "gelu_erf", "gelu_tanh", "silu", "sigmoid", "tanh", "residual"]


def _dsl_epilogue(y, op, bias, res, s):
    if op == "bias":
        return y + bias
    if op == "scale":
        return y * s
    if op == "relu":
        return tf.relu(y)
    if op == "gelu_erf":
        return tf.gelu(y)
    if op == "gelu_tanh":
        return tf.gelu(y, approximate="tanh")
    if op == "silu":
        return tf.silu(y)
    if op == "sigmoid":
        return tf.sigmoid(y)
    if op == "tanh":
        return tf.tanh(y)
    if op == "residual":
        return y + res
    raise AssertionError(op)


def _torch_epilogue(y, op, bias, res, s):
    if op == "bias":
        return y + bias[None, :]
    if op == "scale":
        return y * s
    if op == "relu":
        return torch.where(y > 0, y, torch.zeros_like(y))
    if op == "gelu_erf":
        return t_gelu_erf(y)
    if op == "gelu_tanh":
        return t_gelu_tanh(y)
    if op == "silu":
        return y / (1.0 + torch.exp(-y))
    if op == "sigmoid":
        return torch.special.expit(y)
    if op == "tanh":
        return torch.tanh(y)
    if op == "residual":
        return y + res
    raise AssertionError(op)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    m=st.integers(1, 20), n=st.integers(1, 20), k=st.integers(1, 20),
    ops=st.lists(st.sampled_from(EPILOGUE_OPS), min_size=0, max_size=6),
    scale=st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False),
    seed=st.integers(0, 2**31 - 1),
)
def test_property_gemm_elementwise_chain(m, n, k, ops, scale, seed):
    @tf.program
    def chain(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], bias: tf.Tensor["N"], res: tf.Tensor["M", "N"],
              s: tf.Scalar):
        y = tf.einsum("mk,nk->mn", x, w)
        for op in ops:
            y = _dsl_epilogue(y, op, bias, res, s)
        return y

    g = _gen(seed)
    x, w, bias, res = randn(m, k, gen=g), randn(n, k, gen=g), randn(n, gen=g), randn(m, n, gen=g)
    out = chain(x, w, bias, res, scale, compute_dtype=F64)
    assert out.shape == (m, n) and out.dtype == F64

    y = x.to(F64) @ w.to(F64).T
    for op in ops:
        y = _torch_epilogue(y, op, bias.to(F64), res.to(F64), scale)
    assert_close(out, y, 1e-10)

    # The fp32 path (what kernels do) stays close to the fp64 one.
    out32 = chain(x, w, bias, res, scale)
    assert out32.dtype == torch.float32
    assert rel_err(out32, y) <= 1e-4 or float((out32.to(F64) - y).abs().max()) <= 1e-5
