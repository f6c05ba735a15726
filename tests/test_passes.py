"""The lowering passes one by one: canonicalize, fuse, tile (and a two-kernel program end to end)."""

from __future__ import annotations

import inspect
import random

import pytest
import sympy
import torch
from conftest import DEVICE, TOLERANCE, rel_error
from test_gemm import SMALL, dequant_prologue, linear_gelu

import tilefuse as tf
from tilefuse.errors import ConfigError, LoweringError
from tilefuse.frontend.reference import evaluate
from tilefuse.ir import analyzer as symbolic
from tilefuse.passes import canonicalize, fuse
from tilefuse.schedule import GPU, PIPELINE, Config, gemm_space, lower


def ops(graph) -> list[str]:
    return [n.op for n in graph.nodes]


def line_of(program, marker: str) -> int:
    """The source line of ``program`` that carries ``# <- marker``."""
    lines, first = inspect.getsourcelines(program.fn)
    return next(first + i for i, text in enumerate(lines) if f"# <- {marker}" in text)


def assert_same_meaning(graph, canonical, inputs):
    want = evaluate(graph, inputs, torch.float64)
    got = evaluate(canonical, inputs, torch.float64)
    assert len(want) == len(got)
    for w, g in zip(want, got):
        assert w.shape == g.shape
        torch.testing.assert_close(g, w, rtol=1e-12, atol=1e-12, equal_nan=False)


# ------------------------------------------------------------------------------------------ canonicalize


@tf.program
def causal_softmax(x: tf.Tensor["M", "N"]):
    s = tf.where(tf.index("m") - 1 >= tf.index("n"), x, -tf.inf)  # row 0 is fully masked
    return tf.softmax(s, "n")


@tf.program
def masked_softmax(x: tf.Tensor["M", "N"], keep: tf.Tensor["M", "N"]):
    return tf.softmax(tf.where(keep > 0.5, x * 3.0, -tf.inf), "n")


def test_softmax_is_decomposed():
    graph = causal_softmax.trace("fp32")
    assert "softmax" in ops(graph)
    canonical = canonicalize(graph)
    assert "softmax" not in ops(canonical)
    assert {"max", "exp", "sum", "div"} <= set(ops(canonical))


@pytest.mark.parametrize("seed", [0, 1])
def test_softmax_decomposition_keeps_meaning_with_masked_rows(seed):
    gen = torch.Generator().manual_seed(seed)
    graph = causal_softmax.trace("fp32")
    x = torch.randn(7, 9, generator=gen) * 4
    assert graph.outputs[0].axis_names == ("m", "n")
    ref = evaluate(graph, [x], torch.float64)[0]
    assert (ref[0] == 0).all(), "row 0 is fully masked: softmax gives zeros, not NaN"
    torch.testing.assert_close(ref[1:].sum(dim=1), torch.ones(6, dtype=torch.float64))
    assert_same_meaning(graph, canonicalize(graph), [x])

    graph = masked_softmax.trace("fp32")
    keep = (torch.rand(6, 11, generator=gen) > 0.4).float()
    keep[2] = 0.0  # a fully masked row in the middle
    keep[4] = 1.0  # and a fully kept one
    x = torch.randn(6, 11, generator=gen)
    canonical = canonicalize(graph)
    assert_same_meaning(graph, canonical, [x, keep])
    out = evaluate(canonical, [x, keep], torch.float64)[0]
    assert not torch.isnan(out).any()
    assert (out[2] == 0).all()
    torch.testing.assert_close(out[4].sum(), torch.tensor(1.0, dtype=torch.float64))


@tf.program
def const_chain(x: tf.Tensor["M", "N"]):
    return x * (tf.const(2.0) * tf.const(0.5)) + tf.exp(x * (tf.const(2.0) * 1.5)) + 0.0


def test_constant_folding_and_identities():
    graph = const_chain.trace("fp32")
    canonical = canonicalize(graph)
    consts = {n for n in canonical.nodes if n.op == "const"}
    # No op on constants alone survives: 2.0 * 0.5 and 2.0 * 1.5 are folded.
    for n in canonical.nodes:
        if n.args:
            assert not all(a in consts for a in n.args), f"unfolded {n.op} of constants"
    # x * 1.0 and + 0.0 vanish; the one multiply left is by the folded 3.0.
    muls = [n for n in canonical.nodes if n.op == "mul"]
    assert len(muls) == 1
    (factor,) = [a for a in muls[0].args if a in consts]
    assert factor.attrs["value"] == 3.0
    assert [n.op for n in canonical.nodes if n.op == "add"] == ["add"], "only x + exp(...) is left"
    assert not any(n.op == "const" and n.attrs["value"] in (0.0, 1.0) for n in canonical.nodes)
    gen = torch.Generator().manual_seed(3)
    assert_same_meaning(graph, canonical, [torch.randn(4, 5, generator=gen)])


@tf.program
def add_zero(x: tf.Tensor["M", "N"]):
    return tf.exp(x + 0.0)


def test_add_zero_disappears():
    canonical = canonicalize(add_zero.trace("fp32"))
    assert ops(canonical) == ["input", "exp"]


@tf.program
def roundtrip_index(x: tf.Tensor["H", "D"]):
    return x[(tf.index("h") * 2) // 2, :]


def test_index_simplification():
    graph = roundtrip_index.trace("fp32")
    floordiv = next(n for n in graph.nodes if n.op == "floordiv")
    expr = symbolic.index_expr(floordiv)
    assert symbolic.simplify(expr) == symbolic.axis_symbol("h")

    canonical = canonicalize(graph)
    assert ops(canonical).count("index") == 2
    assert not {"mul", "floordiv", "const"} & set(ops(canonical)), str(canonical)
    load = next(n for n in canonical.nodes if n.op == "load")
    assert [a.op for a in load.args[1:]] == ["index", "index"]
    assert load.args[1].attrs["axis"] == "h"
    gen = torch.Generator().manual_seed(4)
    assert_same_meaning(graph, canonical, [torch.randn(5, 3, generator=gen)])


def test_symbolic_bounds_and_constants():
    i, j = symbolic.axis_symbol("i"), symbolic.axis_symbol("j")
    assert symbolic.bounds(2 * i - j + 3, {i: (0, 9), j: (0, 4)}) == (-1, 21)
    assert symbolic.bounds(i * j, {i: (0, 9), j: (0, 4)}) is None  # not affine
    assert symbolic.constant_value(sympy.Integer(6) // 4) == 1
    assert symbolic.constant_value(i + 1) is None


@tf.program
def twice(x: tf.Tensor["M", "N"], b: tf.Tensor["N"]):
    return tf.exp(x * 3.0 + b) + tf.exp(x * 3.0 + b)


def test_cse_merges_repeated_subexpressions():
    graph = twice.trace("fp32")
    assert ops(graph).count("exp") == 2 and ops(graph).count("mul") == 2
    canonical = canonicalize(graph)
    assert ops(canonical).count("exp") == 1
    assert ops(canonical).count("mul") == 1
    assert ops(canonical).count("const") == 1
    final = canonical.outputs[0]
    assert final.op == "add" and final.args[0] is final.args[1]
    gen = torch.Generator().manual_seed(5)
    assert_same_meaning(graph, canonical, [torch.randn(3, 4, generator=gen), torch.randn(4, generator=gen)])


# -------------------------------------------------------------------------------------------------- fuse


def test_linear_gelu_is_one_kernel_with_epilogue():
    fused = fuse(canonicalize(linear_gelu.trace("fp16")))
    assert len(fused.kernels) == 1
    (k,) = fused.kernels
    assert k.root.op == "einsum"
    assert [n.op for n in k.epilogue if n.op != "input"] == ["add", "gelu", "cast"]
    assert k.outputs == fused.graph.outputs == [k.epilogue[-1]]
    assert [op.node.op for op in k.operands] == ["input", "input"]
    assert all(not op.nodes for op in k.operands)
    assert fused.notes == []


def test_prologue_lands_in_the_operand():
    fused = fuse(canonicalize(dequant_prologue.trace("fp16")))
    (k,) = fused.kernels
    a, b = k.operands
    assert a.node.op == "mul"
    assert "mul" in [n.op for n in a.nodes]
    assert {n.name for n in a.nodes if n.op == "input"} <= {"x", "s"}
    assert b.node.op == "input" and b.node.name == "w" and not b.nodes
    assert all(n.op != "mul" for n in k.epilogue), "the scale is applied to the operand, not the output"


@tf.program
def mlp_chain(x: tf.Tensor["M", "K"], w1: tf.Tensor["K", "H"], w2: tf.Tensor["H", "N"]):
    return tf.einsum("mh,hn->mn", tf.einsum("mk,kh->mh", x, w1), w2)


@tf.program
def two_einsums(x: tf.Tensor["M", "K"], w1: tf.Tensor["N", "K"], y: tf.Tensor["M", "K"], w2: tf.Tensor["N", "K"]):
    # no operand in common (sharing x would make them one dual GEMM): the add needs both finished
    return tf.einsum("mk,nk->mn", x, w1) + tf.einsum("mk,nk->mn", y, w2)  # <- add


@tf.program
def einsum_then_sum(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"]):
    y = tf.einsum("mk,nk->mn", x, w)
    return tf.sum(y, "n")  # <- sum


def test_chained_einsums_make_two_kernels():
    fused = fuse(canonicalize(mlp_chain.trace("fp16")))
    assert len(fused.kernels) == 2
    first, second = fused.kernels
    assert first.outputs == [first.root]
    assert second.operands[0].node is first.root, "kernel 2 reads what kernel 1 stored"
    assert second.outputs == fused.graph.outputs
    (note,) = [n for n in fused.notes if "kernels" in n]
    assert "2 kernels" in note and f"%{first.root.name}" in note and "memory" in note


@tf.program
def einsum_then_column_sum(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"]):
    y = tf.einsum("mk,nk->mn", x, w)
    return tf.sum(y, "m")  # <- sum


def test_reduction_after_einsum_is_a_rows_kernel():
    """A sum over the output's innermost axis is outside the einsum's reduction loop: the GEMM stores its
    result and a rows kernel sums each row, which require_fusion=True accepts."""
    lowered = lower(einsum_then_sum.trace("fp16"), require_fusion=True)
    assert [k.group.kind for k in lowered.kernels] == ["gemm", "rows"]
    assert any("sum" in n and "one rows kernel" in n for n in lowered.fused.notes), lowered.fused.notes


def test_reduction_after_einsum_runs_unfused_and_is_explained():
    """A sum over the output's outer axis is no rows kernel: it runs in PyTorch after the GEMM kernel, the
    fuse stage says why, and require_fusion=True turns that into an error naming the sum and its line."""
    lowered = lower(einsum_then_column_sum.trace("fp16"))
    assert [k.group.kind for k in lowered.kernels] == ["gemm", "eager"]
    (note,) = [n for n in lowered.fused.notes if "run unfused in PyTorch" in n]
    assert "sum" in note and "not over the innermost axis" in note, note
    with pytest.raises(LoweringError) as info:
        lower(einsum_then_column_sum.trace("fp16"), require_fusion=True)
    err = info.value
    assert "sum" in err.op
    assert err.loc is not None and err.loc.line == line_of(einsum_then_column_sum, "sum")
    assert "sum" in str(err) and f"line {err.loc.line}" in str(err)


@pytest.mark.parametrize("program", [einsum_then_sum, einsum_then_column_sum], ids=["rows", "eager"])
def test_reduction_after_einsum_matches_the_reference(program):
    kernel = program.compile("fp32", config=SMALL)
    graph = program.trace("fp32")
    dims = {"M": 19, "K": 21, "N": 13}
    gen = torch.Generator().manual_seed(3)
    inputs = [torch.randn([dims[str(a.size)] for a in n.axes], generator=gen) for n in graph.inputs]
    ref = evaluate(graph, inputs, torch.float64)[0]
    out = kernel(*(t.to(DEVICE) for t in inputs))
    assert rel_error(out, ref) < TOLERANCE["fp32"]


def test_blocked_epilogue_is_a_note_or_with_require_fusion_an_error():
    lowered = lower(two_einsums.trace("fp16"))
    assert len(lowered.kernels) == 2
    assert any("cannot be fused" in n and "add" in n for n in lowered.fused.notes), lowered.fused.notes
    with pytest.raises(LoweringError) as info:
        lower(two_einsums.trace("fp16"), require_fusion=True)
    err = info.value
    assert "add" in err.op
    assert err.loc.line == line_of(two_einsums, "add")
    assert "not computable per output tile" in str(err)


@pytest.mark.parametrize("program", [mlp_chain, two_einsums], ids=lambda p: p.name)
def test_two_kernel_program_runs(program):
    dims = {"M": 19, "K": 21, "H": 17, "N": 13}
    kernel = program.compile("fp32", config=SMALL)
    assert len(kernel.lowered.kernels) == 2
    assert len(kernel.module.KERNELS) == 2
    graph = kernel.lowered.source
    gen = torch.Generator().manual_seed(7)
    inputs = [torch.randn([dims[str(a.size)] for a in n.axes], generator=gen) / 4 for n in graph.inputs]
    ref = evaluate(graph, inputs, torch.float64)[0]
    out = torch.full(ref.shape, float("nan"), device=DEVICE)
    assert kernel(*[t.to(DEVICE) for t in inputs], out=out) is out
    assert rel_error(out, ref) < TOLERANCE["fp32"]


# -------------------------------------------------------------------------------------------------- tile

KNOBS = ["BLOCK_M", "BLOCK_N", "BLOCK_K", "num_warps", "num_stages", "GROUP_M", "SPLIT_K", "SPLIT_K_MODE",
         "USE_TMA"]


@pytest.fixture(scope="module")
def space():
    return lower(linear_gelu.trace("fp16")).kernels[0].space


def test_pipeline_order_and_stages():
    assert PIPELINE == ("canonicalize", "fuse", "sparsify", "tile")
    lowered = lower(linear_gelu.trace("fp16"))
    assert [name for name, _ in lowered.stages] == ["trace", *PIPELINE]


def test_search_space_knobs(space):
    assert [k.name for k in space.knobs] == KNOBS
    for k in space.knobs:
        assert k.values and k.doc
    assert Config().to_dict().keys() == set(KNOBS) | {"SPLIT_KV"}  # a config holds every kernel kind's knobs
    as_json = space.to_json()
    assert [k["name"] for k in as_json["knobs"]] == KNOBS
    assert {"pow2", "smem", "registers"} <= set(as_json["constraints"])


def test_points_are_valid_and_pruned(space):
    total = 1
    for k in space.knobs:
        total *= len(k.values)
    points = list(space.points())
    assert 0 < len(points) < total
    assert len(set(points)) == len(points)
    for cfg in random.Random(0).sample(points, 200):
        assert space.violations(cfg) == [], cfg
        assert space.validate(cfg) is cfg
    assert not any(p.SPLIT_K == 1 and p.SPLIT_K_MODE == "atomic" for p in points)
    # Configs the constraints reject are never offered.
    rejected = Config(BLOCK_M=256, BLOCK_N=256, num_warps=2)
    assert space.violations(rejected) and rejected not in set(points)
    assert Config(**{**Config().to_dict(), "BLOCK_K": 32}) in set(points)


@pytest.mark.parametrize("changes, constraint, words", [
    ({"BLOCK_M": 48}, "pow2", ["BLOCK_M=48", "power of two"]),
    ({"BLOCK_K": 128, "num_stages": 5}, "smem", ["shared memory", "sm_90", "232448"]),
    ({"BLOCK_M": 256, "BLOCK_N": 256, "num_warps": 4}, "registers", ["registers", "256x256"]),
    ({"num_warps": 3, "BLOCK_M": 32}, "warps", ["num_warps=3"]),
    ({"SPLIT_K": 0}, "positive", ["SPLIT_K=0"]),
    ({"SPLIT_K_MODE": "tree"}, "split_mode", ["'tree'"]),
])
def test_violations_give_reasons(space, changes, constraint, words):
    problems = space.violations(Config(**changes))
    assert [p.split(":")[0] for p in problems] == [constraint], problems
    for w in words:
        assert w in problems[0]
    with pytest.raises(ConfigError, match=constraint):
        space.validate(Config(**changes))


def test_shared_memory_limit_depends_on_arch():
    cfg = Config(BLOCK_K=128, num_stages=3)  # 3 x 64 KiB of fp16 tiles: fits sm_90, not sm_80
    assert gemm_space(2, 2, GPU.for_arch(90)).violations(cfg) == []
    (problem,) = gemm_space(2, 2, GPU.for_arch(80)).violations(cfg)
    assert "shared memory" in problem and "sm_80" in problem
    tma = Config(USE_TMA=True)
    assert gemm_space(2, 2, GPU.for_arch(90)).violations(tma) == []
    assert [p.split(":")[0] for p in gemm_space(2, 2, GPU.for_arch(80)).violations(tma)] == ["tma_arch"]


def test_config_key_and_from_dict():
    assert Config().key() == Config.from_dict({}).key() == Config.from_dict(None).key()
    assert Config(BLOCK_M=64, SPLIT_K=2).key() == Config.from_dict({"SPLIT_K": 2, "BLOCK_M": 64}).key()
    key = Config().key()
    assert len(key) == 16 and int(key, 16) >= 0
    variants = [Config(**{k.name: v}) for k in gemm_space(2, 2, GPU()).knobs for v in k.values]
    keys = {c: c.key() for c in variants}
    assert len(set(keys.values())) == len(set(keys)), "different configs have different keys"
    assert Config.from_dict(Config(num_stages=4).to_dict()) == Config(num_stages=4)
    with pytest.raises(ConfigError, match="BLOCK_Q") as info:
        Config.from_dict({"BLOCK_Q": 64})
    assert "BLOCK_M" in str(info.value)
    with pytest.raises(ConfigError, match="BLOCK_M"):
        Config.from_dict({"BLOCK_M": "64"})


def test_tile_roles_and_default_config():
    (k,) = lower(linear_gelu.trace("fp16")).kernels
    assert (k.m_axis.name, k.n_axis.name, k.k_axis.name, k.batch_axes) == ("m", "n", "k", [])
    block_k = {}
    for dtype in ("fp16", "fp32"):
        for arch in (90, 80):
            (k,) = lower(linear_gelu.trace(dtype), target=GPU.for_arch(arch)).kernels
            assert k.space.violations(k.config) == [], (dtype, arch, k.config)
            assert k.config.SPLIT_K == 1
            block_k[dtype, arch] = k.config.BLOCK_K
    # 4-byte operands take a shallower K step than 2-byte ones, to stay in the same shared memory.
    assert block_k["fp32", 90] < block_k["fp16", 90] and block_k["fp32", 80] < block_k["fp16", 80]
