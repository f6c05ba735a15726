"""Row reductions as kernels: softmax, log-sum-exp, row sums and maxes, RMSNorm and LayerNorm written as math.

Each program lowers to one "rows" kernel (not an eager step), matches the fp64 reference at ragged sizes in fp32
and fp16, and compiles offline for sm_90 and sm_80 without spilling. Rows longer than a tile run the same ops with
PyTorch at the calls that need it.
"""

from __future__ import annotations

import os
import re

import pytest
import torch
from conftest import DEVICE, TOLERANCE, rel_error

import tilefuse as tf
from tilefuse.backends.triton.loader import load_kernel
from tilefuse.backends.triton.offline import compile_offline
from tilefuse.schedule import lower, plan_program
from tilefuse.schedule.plans import EagerPlan, RowsPlan
from tilefuse.schedule.rows import MAX_ROW, max_row


@tf.program
def softmax(x: tf.Tensor["B", "M", "N"]):
    return tf.softmax(x, "n")


@tf.program
def logsumexp(x: tf.Tensor["M", "N"]):
    return tf.logsumexp(x, "n")


@tf.program
def row_sum(x: tf.Tensor["M", "N"]):
    return x.sum("n")


@tf.program
def row_max(x: tf.Tensor["M", "N"]):
    return tf.abs(x).max("n") * 2.0


@tf.program
def rmsnorm(x: tf.Tensor["B", "M", "N"], w: tf.Tensor["N"]):
    return x * tf.rsqrt((x * x).sum("n") / tf.dim("N") + 1e-6) * w


@tf.program
def layernorm(x: tf.Tensor["M", "N"], w: tf.Tensor["N"], b: tf.Tensor["N"]):
    mean = x.sum("n") / tf.dim("N")
    centered = x - mean
    var = (centered * centered).sum("n") / tf.dim("N")
    return centered * tf.rsqrt(var + 1e-5) * w + b


@tf.program
def softmax_and_lse(x: tf.Tensor["M", "N"]):
    """Two outputs of one kernel: a full row tile and one value a row."""
    return tf.softmax(x, "n"), tf.cast(tf.logsumexp(x, "n"), tf.fp32)


PROGRAMS = [softmax, logsumexp, row_sum, row_max, rmsnorm, layernorm, softmax_and_lse]
IDS = [p.name for p in PROGRAMS]


def inputs_for(program, sizes: dict[str, int], dtype: torch.dtype, seed: int = 0) -> list[torch.Tensor]:
    gen = torch.Generator().manual_seed(seed)
    graph = program.trace("fp32")
    return [(torch.randn([sizes[str(a.size)] for a in n.axes], generator=gen) + 0.5).to(dtype)
            for n in graph.inputs]


def check(program, kernel, sizes, dtype_name, seed=0):
    dtype = {"fp32": torch.float32, "fp16": torch.float16}[dtype_name]
    args = inputs_for(program, sizes, dtype, seed)
    got = kernel(*(a.to(DEVICE) for a in args))
    want = program(*args, compute_dtype=torch.float64)
    got, want = (got, want) if isinstance(got, tuple) else ((got,), (want,))
    for g, w in zip(got, want):
        assert g.shape == w.shape
        err = rel_error(g, w)
        assert err < TOLERANCE[dtype_name], (program.name, sizes, dtype_name, err)


@pytest.mark.parametrize("program", PROGRAMS, ids=IDS)
def test_lowers_to_one_rows_kernel(program):
    lowered = lower(program.trace("fp16"), require_fusion=True)
    assert [k.group.kind for k in lowered.kernels] == ["rows"]
    (plan,) = plan_program(lowered).kernels
    assert isinstance(plan, RowsPlan) and not isinstance(plan, EagerPlan)
    assert plan.n_axis.name == "n"
    source = program.compile("fp16").source
    assert "tl.sum(" in source or "tl.max(" in source
    assert "# BLOCK_M whole rows of" in source   # the kernel's comment header


@pytest.mark.parametrize("dtype", ["fp32", "fp16"])
@pytest.mark.parametrize("program", PROGRAMS, ids=IDS)
def test_matches_the_fp64_reference_at_ragged_sizes(program, dtype):
    kernel = program.compile(dtype)
    for seed, sizes in enumerate(({"B": 2, "M": 5, "N": 37}, {"B": 1, "M": 3, "N": 100}, {"B": 3, "M": 1, "N": 16})):
        check(program, kernel, sizes, dtype, seed)


def test_small_tiles_and_many_rows_per_program():
    """Programs of one row, and of more rows than there are (the launcher caps the rows to a power of two)."""
    for config in ({"BLOCK_M": 1, "num_warps": 1}, {"BLOCK_M": 64, "num_warps": 4}):
        kernel = rmsnorm.compile("fp32", config=config)
        check(rmsnorm, kernel, {"B": 3, "M": 7, "N": 100}, "fp32")


def test_strided_inputs_are_read_through_their_strides():
    kernel = layernorm.compile("fp32")
    x, w, b = inputs_for(layernorm, {"M": 6, "N": 40}, torch.float32)
    xt = x.t().contiguous().t()          # the same values, column-major
    got = kernel(xt.to(DEVICE), w.to(DEVICE), b.to(DEVICE))
    assert rel_error(got, layernorm(x, w, b, compute_dtype=torch.float64)) < TOLERANCE["fp32"]


def test_masked_rows_give_zeros_and_minus_inf():
    kernel = softmax_and_lse.compile("fp32")
    x = torch.randn(4, 37)
    x[1] = float("-inf")
    p, lse = kernel(x.to(DEVICE))
    assert torch.equal(p[1].cpu(), torch.zeros(37)) and lse[1].item() == float("-inf")
    assert rel_error(p[[0, 2, 3]], torch.softmax(x[[0, 2, 3]].double(), -1)) < TOLERANCE["fp32"]


def test_rows_longer_than_a_tile_run_with_pytorch():
    """The launcher checks the row's length at each call: past the config's longest row (8192 at the default 8
    warps) the same ops run with PyTorch."""
    kernel = rmsnorm.compile("fp32")
    longest = max_row(kernel.config)
    assert longest == 8192 and f"if N <= {longest}:" in kernel.source
    check(rmsnorm, kernel, {"B": 1, "M": 2, "N": longest + 3}, "fp32")
    assert max_row(rmsnorm.compile("fp32", config={"num_warps": 16}).config) == MAX_ROW


@tf.program
def norm_then_linear(x: tf.Tensor["M", "K"], g: tf.Tensor["K"], w: tf.Tensor["N", "K"]):
    h = x * tf.rsqrt((x * x).sum("k") / tf.dim("K") + 1e-6) * g
    return tf.einsum("mk,nk->mn", h, w)


def test_a_norm_before_a_gemm_is_a_rows_kernel_then_the_gemm():
    """The GEMM's prologue cannot hold a reduction: the norm is a rows kernel storing h, then the GEMM reads it.
    One explicit GEMM config schedules both (a rows kernel takes any BLOCK_M and num_warps)."""
    lowered = lower(norm_then_linear.trace("fp32"))
    assert [k.group.kind for k in lowered.kernels] == ["rows", "gemm"]
    assert lowered.space.default == lowered.kernels[1].space.default, "the GEMM's knobs lead the program's space"
    config = {"BLOCK_M": 16, "BLOCK_N": 16, "BLOCK_K": 16, "num_warps": 4}
    kernel = norm_then_linear.compile("fp32", config=config)
    check(norm_then_linear, kernel, {"M": 9, "K": 40, "N": 24}, "fp32")


def test_reductions_over_two_axes_stay_eager_with_the_reason():
    @tf.program
    def two_axes(x: tf.Tensor["M", "N"]):
        return x.sum("m", "n")

    lowered = lower(two_axes.trace("fp32"))
    assert [k.group.kind for k in lowered.kernels] == ["eager"]
    assert any("not a rows kernel" in n and "not one axis" in n for n in lowered.fused.notes), lowered.fused.notes


# ----------------------------------------------------------------------------------------- offline compile

ARCHS = (90, 80)
OFFLINE = [rmsnorm, layernorm, softmax, softmax_and_lse]


def _with_row_tile(source: str, block_n: int, block_m: int) -> str:
    """The file with every kernel's offline constexprs set to a row tile of ``block_n`` and ``block_m`` rows."""
    source = re.sub(r"'BLOCK_N': \d+", f"'BLOCK_N': {block_n}", source)
    return re.sub(r"'BLOCK_M': \d+", f"'BLOCK_M': {block_m}", source)


@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    """(program, arch, num_warps, row tile) -> the report of its rows kernel. At the default config (8 warps): the
    representative 4096-element row tile and the longest row it takes; at 16 warps, the longest row of all."""
    folder = tmp_path_factory.mktemp("rows-offline")
    reports = {}
    for arch in ARCHS:
        paths = {}
        for program in OFFLINE:
            for config in (None, {"BLOCK_M": 16, "num_warps": 16, "num_stages": 1}):
                kernel = program.compile("bf16", arch=arch, config=config)
                warps = kernel.config.num_warps
                (info,) = load_kernel(os.path.abspath(kernel.path)).KERNELS.values()
                tiles = [(MAX_ROW, 1)] if config else [(info["constexprs"]["BLOCK_N"], info["constexprs"]["BLOCK_M"]),
                                                       (max_row(kernel.config), 1)]
                for block_n, block_m in tiles:
                    path = folder / f"{program.name}_{arch}_{warps}_{block_n}.py"
                    path.write_text(_with_row_tile(kernel.source, block_n, block_m))
                    paths[str(path)] = (program.name, arch, warps, block_n)
        for rep in compile_offline(list(paths), archs=(arch,)):
            reports[paths[rep["file"]]] = rep
    return reports


@pytest.mark.parametrize("arch", ARCHS)
@pytest.mark.parametrize("program", OFFLINE, ids=[p.name for p in OFFLINE])
def test_compiles_offline_without_spills(offline, program, arch):
    cases = {key: rep for key, rep in offline.items() if key[:2] == (program.name, arch)}
    assert sorted((w, n) for _, _, w, n in cases) == [(8, 4096), (8, 8192), (16, MAX_ROW)]
    for (_, _, warps, block_n), rep in cases.items():
        assert rep["ok"], rep.get("error")
        assert rep["ptx_target"] == ("sm_90a" if arch == 90 else "sm_80")
        assert rep["mma"] == "none"
        assert 0 < rep["regs"] <= 255, rep
        assert rep["stack"] == 0, f"{program.name} sm_{arch} {warps} warps BLOCK_N={block_n} spills: {rep}"


# ------------------------------------------------------------------------------------------- the module path


class _RMSNorm(torch.nn.Module):
    """As Llama writes it: in fp32, the scale cast back to the input's dtype, then the weight."""

    def __init__(self, d: int, eps: float = 1e-6):
        super().__init__()
        self.weight, self.eps = torch.nn.Parameter(torch.randn(d)), eps

    def forward(self, x):
        xf = x.float()
        return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)).to(x.dtype) * self.weight


class _NormLinearSoftmax(torch.nn.Module):
    def __init__(self, d: int = 37, n: int = 20):
        super().__init__()
        self.norm = _RMSNorm(d)
        self.proj = torch.nn.Linear(d, n)

    def forward(self, x):
        h = self.norm(x)
        return torch.softmax(self.proj(h) * 0.5, dim=-1), h


def test_a_module_gets_rows_kernels_for_its_rmsnorm_and_softmax():
    """The RMSNorm (pow, mean, add, rsqrt, mul, mul by the weight) and the softmax after the linear (its scale the
    linear's epilogue) are rows kernels: no mean, rsqrt or _softmax is left to PyTorch, and the module matches its
    fp64 self at two batch sizes, through the kernels (no fallback)."""
    import copy

    torch.manual_seed(0)
    model = _NormLinearSoftmax().to(DEVICE).eval()
    cm = tf.compile(model, (torch.randn(2, 5, 37, device=DEVICE),), dynamic={"batch": (1, 8)})
    kinds = sorted(k.kind for k in cm.kernels)
    assert kinds == ["gemm", "rows", "rows"], cm.report()
    (norm,) = [k for k in cm.kernels if k.ops[0] == "RMSNorm"]
    assert {"pow", "mean", "rsqrt", "weight input"} <= set(norm.ops), norm.ops
    assert not {"mean.dim", "rsqrt", "_softmax", "pow.Tensor_Scalar"} & set(cm.fallbacks), cm.fallbacks
    with torch.no_grad():
        for batch in (2, 3):
            x = torch.randn(batch, 5, 37, device=DEVICE)
            ref = copy.deepcopy(model).double()(x.double())
            for got, want in zip(cm(x), ref):
                assert rel_error(got, want) < TOLERANCE["fp32"]
        torch._dynamo.reset()   # the rows ops' fake implementations: torch.compile traces through them
        got = torch.compile(cm, backend="aot_eager")(x)
        assert rel_error(got[0], ref[0]) < TOLERANCE["fp32"]
    assert all(k.fallbacks == 0 and k.calls == 3 for k in cm.kernels), cm.report()


def test_a_norm_read_by_a_gemm_prologue_is_not_taken_twice():
    """With norm_prologue=True the GEMM takes the norm's scaling on its A tiles: the rows matcher leaves the mean
    and rsqrt (a row value, not a full row) to PyTorch, as before."""
    class NormLinearSoftmax(_NormLinearSoftmax):
        def forward(self, x):  # the norm's output read by the linear only
            return torch.softmax(self.proj(self.norm(x)), dim=-1)

    torch.manual_seed(1)
    model = NormLinearSoftmax().to(DEVICE).eval().half()
    x = torch.randn(2, 5, 37, device=DEVICE).half()
    cm = tf.compile(model, (x,), norm_prologue=True)
    (gemm,) = [k for k in cm.kernels if k.kind == "gemm"]
    assert any(op.startswith("prologue") for op in gemm.ops), cm.report()
    assert [k.ops[0] for k in cm.kernels if k.kind == "rows"] == ["softmax"]
    assert "mean.dim" in cm.fallbacks and "rsqrt" in cm.fallbacks
    with torch.no_grad():
        assert rel_error(cm(x), model.double()(x.double())) < TOLERANCE["fp16"]
