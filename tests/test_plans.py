"""Kernel plans (schedule/plans.py), the Triton back end's structured parameters, and the runtime helpers in
backends/triton/prelude.py as real code."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest
import torch

import tilefuse as tf
from tilefuse.backends.triton import prelude
from tilefuse.backends.triton.exprs import Printer
from tilefuse.backends.triton.program import emit_program, render_kernels
from tilefuse.backends.triton.program import prelude as prelude_section
from tilefuse.schedule import lower
from tilefuse.schedule.plans import AttentionPlan, EagerPlan, GemmPlan, plan_program

ROOT = Path(__file__).resolve().parent.parent / "examples"


def example(path: str) -> tf.Program:
    spec = importlib.util.spec_from_file_location("plan_example_" + path.replace("/", "_")[:-3], ROOT / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (program,) = [v for v in vars(module).values() if isinstance(v, tf.Program)]
    return program


def plan_of(path: str, dtype: str = "fp16", config: dict | None = None, **kwargs):
    return plan_program(lower(example(path).trace(dtype), config, **kwargs))


# ---------------------------------------------------------------------------------------------- GEMM plans


def test_dense_gemm_plan():
    launch = plan_of("linear_gelu.py")
    (plan,) = launch.kernels
    assert isinstance(plan, GemmPlan) and plan.k_walk.mode == "dense" and plan.k_walk.slices == 1
    assert (plan.m_axis.name, plan.n_axis.name, plan.k_axis.name) == ("m", "n", "k")
    assert plan.a.letters == ["m", "k"] and plan.b.letters == ["n", "k"]
    assert [t.name for t in plan.a.reads] == ["x"] and plan.a.buffer.name == "x" and not plan.a.nodes
    assert [t.name for t in plan.epilogue_reads] == ["b"]
    assert [t.name for _, t in plan.outputs] == ["out"]
    assert plan.grid.splits == 1 and [block for _, block in plan.grid.tiles] == [128, 256]


@pytest.mark.parametrize("mode,slices,partials", [("reduce", 4, 4), ("atomic", 8, 1)])
def test_split_k_plan(mode, slices, partials):
    launch = plan_of("flat_gemm_split_k.py", config={"BLOCK_M": 16, "SPLIT_K": slices, "SPLIT_K_MODE": mode,
                                                     "USE_TMA": False})
    (plan,) = launch.kernels
    assert plan.k_walk.mode == "split_k"
    assert (plan.k_walk.slices, plan.k_walk.combine, plan.k_walk.partials) == (slices, mode, partials)
    assert plan.grid.splits == slices and plan.grid.unsplit().splits == 1


def test_block_sparse_plan():
    launch = plan_of("sparse_linear.py", sparse=("w",))
    (plan,) = launch.kernels
    walk = plan.k_walk
    assert walk.mode == "sparse" and walk.sparse.name == "w" and walk.block == (plan.config.BLOCK_K,
                                                                                  plan.config.BLOCK_N)
    assert plan.b.reads == []  # B comes from the packed blocks
    assert plan.n_axis.name == "n"


def test_prologue_operand_is_in_the_plan():
    (plan,) = plan_of("dequant_prologue.py").kernels
    computed = [op for op in (plan.a, plan.b) if op.nodes]
    assert computed and all(op.buffer is None for op in computed)
    assert all(op.reads for op in computed)


# ----------------------------------------------------------------------------------------- attention plans


def test_causal_attention_walks_between_bounds():
    (plan,) = plan_of("attention/causal.py").kernels
    assert isinstance(plan, AttentionPlan)
    assert plan.key_walk.mode == "bounds" and plan.block_table is None
    lows, highs, *_ = plan.key_walk.key_range
    assert highs  # keys past the query row are cut off
    assert plan.split_kv == 1 and plan.grid.splits == 1


def test_dense_attention():
    (plan,) = plan_of("attention/plain.py").kernels
    assert plan.key_walk.mode == "dense" and plan.key_walk.table_axes == ()


def test_document_mask_walks_a_block_table():
    (plan,) = plan_of("attention/document_mask.py").kernels
    walk = plan.key_walk
    assert walk.mode == "table"
    assert [a.name for a in walk.table_axes] == ["b"]  # doc varies over b only: one table per batch, not per head
    table = plan.block_table
    assert table.name == f"{plan.name}_blocks" and table.attention == plan.name
    assert table.cond is plan.score.args[0]
    assert [t.name for t in table.reads] == ["doc"]
    assert table.grid.batch == walk.table_axes


def test_split_kv_plan():
    config = {"BLOCK_M": 16, "BLOCK_N": 32, "num_warps": 4, "num_stages": 2, "SPLIT_KV": 4}
    (plan,) = plan_of("attention/decode.py", config=config).kernels
    assert plan.split_kv == 4 and plan.grid.splits == "launch"


def test_lse_outputs():
    (plan,) = plan_of("attention/lse.py").kernels
    assert plan.lse and all(node in dict(plan.outputs) for node in plan.lse)


# --------------------------------------------------------------------------------------------- launch plans


def test_launch_plan_buffers_and_order():
    @tf.program
    def two_gemms(x: tf.Tensor["M", "K"], w1: tf.Tensor["N", "K"], w2: tf.Tensor["P", "N"]):
        h = tf.einsum("mk,nk->mn", x, w1)
        return tf.einsum("mn,pn->mp", h, w2)

    launch = plan_program(lower(two_gemms.trace("fp32")))
    assert [t.name for t in launch.tensor_inputs] == ["x", "w1", "w2"]
    assert launch.dims == ["K", "M", "N", "P"]
    first, second = launch.kernels
    (tmp,) = [t for t in launch.buffers if t.kind == "intermediate"]
    assert tmp.name.startswith("tmp_") and [t.name for t in launch.returns] == ["out"]
    assert [t for _, t in first.outputs] == [tmp]
    assert tmp in second.a.reads and tmp.node not in first.memory and tmp.node in second.memory
    assert [t.rank for t in launch.tensor_inputs + launch.buffers] == list(range(5))


def test_scalars_and_eager_steps():
    launch = plan_of("bmm_residual.py")
    assert launch.scalars == ["alpha"]

    @tf.program
    def column_sum(x: tf.Tensor["M", "N"]):
        return tf.sum(x, "m")  # not over the innermost axis: no rows kernel

    launch = plan_program(lower(column_sum.trace("fp32")))
    (step,) = launch.kernels
    assert isinstance(step, EagerPlan) and [t.name for _, t in step.outputs] == ["out"]


def test_plans_print():
    text = plan_of("flat_gemm_split_k.py", config={"BLOCK_M": 16, "SPLIT_K": 4}).describe()
    assert "K walk split_k over 4 slices (reduce)" in text and "writes out: fp16[M, N]" in text
    text = plan_of("attention/document_mask.py").describe()
    assert "key walk table over (b)" in text and "_blocks: grid(cdiv(m=M, 128), b=B, 1)" in text


# ------------------------------------------------------------------------------------ parameters as data

CASES = [("linear_gelu.py", {}), ("bmm_residual.py", {}), ("sparse_linear.py", {"sparse": ("w",)}),
         ("flat_gemm_split_k.py", {"config": {"BLOCK_M": 16, "SPLIT_K": 4}}),
         ("attention/document_mask.py", {}), ("attention/causal.py", {"debug": True}),
         ("attention/decode.py", {"config": {"BLOCK_M": 16, "BLOCK_N": 32, "num_warps": 4, "num_stages": 2,
                                             "SPLIT_KV": 4}}),
         ("attention/paged_kv.py", {"debug": True})]


def _rendered(path: str, kwargs: dict):
    kwargs = dict(kwargs)
    debug = kwargs.pop("debug", False)
    lowered = lower(example(path).trace("fp16"), kwargs.get("config"), sparse=kwargs.get("sparse", ()))
    launch = plan_program(lowered)
    printer = Printer(launch.name, debug=debug)
    kernels = [k for plan in launch.kernels if plan.kind != "eager" for k in render_kernels(plan, printer, launch)]
    return lowered, debug, kernels


@pytest.mark.parametrize("path,kwargs", CASES, ids=[c[0] for c in CASES])
def test_launch_arguments_match_parameters(path, kwargs):
    """Every launch in the file passes one argument per parameter, built from the parameter's kind: through the
    JIT (``kernel[_grid](...)``, a debug build) or through the kernel's ``_Launch`` (positional constexprs)."""
    lowered, debug, kernels = _rendered(path, kwargs)
    source = emit_program(lowered, debug=debug)
    through_jit = debug or bool(kwargs.get("sparse"))  # packed weights: no call signature to key on
    jit, direct = {}, {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Subscript) and \
                isinstance(node.func.value, ast.Name):
            jit[node.func.value.id] = node
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.startswith("_L_"):
            direct[node.func.id[len("_L_"):]] = node
    assert set(jit if through_jit else direct) == {k.name for k in kernels} and not (direct if through_jit else jit)
    for k in kernels:
        call = (jit if through_jit else direct)[k.name]
        args = call.args if through_jit else call.args[3:]
        if not through_jit:
            assert [ast.unparse(a) for a in call.args[:3]] == ["_slot", "_device", "_grid"]
            assert len(args) == len(k.params) + len(k.constexprs), k.name
            values = {**{n: str(v) for n, v in k.constexprs.items()}, **k.launch_constexprs}
            assert [ast.unparse(a) for a in args[len(k.params):]] == [values[n] for n in k.constexprs]
            assert f"_L_{k.name} = _Launch({k.name}, num_warps={k.num_warps}, num_stages={k.num_stages})" in source
        else:
            assert len(args) == len(k.params), k.name
            assert {kw.arg for kw in call.keywords} == set(k.constexprs) | {"num_warps", "num_stages"}
        for param, arg in zip(k.params, args):
            text = ast.unparse(arg)
            assert text == param.call_arg
            if param.kind == "stride":
                assert text == f"{param.source}_strides[{param.axis}]"
                assert f"{param.source}_strides = {param.source}.stride()" in source
            elif param.kind == "scalar":
                assert param.name == f"scalar_{text}"


def test_stride_parameters_name_their_tensor_and_dim():
    _, _, kernels = _rendered("bmm_residual.py", {})
    (kernel,) = kernels
    strides = [(p.source, p.axis) for p in kernel.params if p.kind == "stride"]
    assert strides == [(t, i) for t in ("a", "b", "r", "out") for i in range(3)]
    tensors = [p.source for p in kernel.params if p.kind == "tensor"]
    assert tensors == ["a", "b", "r", "out"]


# --------------------------------------------------------------------------------------- the prelude


def test_prelude_sections_are_what_files_carry():
    source = emit_program(lower(example("attention/document_mask.py").trace("fp32")))
    for name in ("launch", "tables"):
        assert prelude_section(name) in source
    assert "def _aligned(t, unit_stride=False, note=None):" in prelude_section("launch")
    assert "# -- " not in prelude_section("sparse")


def test_aligned_copies_only_unaligned_rows():
    t = torch.randn(4, 5921)
    copy = prelude._aligned(t)
    assert copy is not t and copy.stride(0) % 16 == 0 and torch.equal(copy, t)
    aligned = torch.randn(4, 64)
    assert prelude._aligned(aligned) is aligned
    assert prelude._aligned(torch.randn(7)).dim() == 1


@pytest.mark.parametrize("transposed", [False, True])
def test_block_sparse_round_trip(transposed):
    torch.manual_seed(0)
    k, n, block = 40, 50, (16, 32)
    dense = torch.randn(k, n)
    keep = torch.rand(3, 2) < 0.5
    keep[0, 0] = True
    w = dense.T.contiguous() if transposed else dense
    packed = prelude._pack_block_sparse(w, block, torch.float32, transposed=transposed, block_mask=keep)
    mask = keep.repeat_interleave(16, 0).repeat_interleave(32, 1)[:k, :n]
    want = dense * mask
    assert torch.equal(packed.to_dense(), want.T if transposed else want)
    assert packed.density == pytest.approx(keep.float().mean().item())
    # no mask: only all-zero blocks are dropped
    full = prelude._pack_block_sparse(want, block, torch.float32)
    assert torch.equal(full.to_dense(), want) and full.row_idx.numel() == int(keep.sum())


def test_packed_weights_are_checked():
    packed = prelude._pack_block_sparse(torch.randn(32, 32), (16, 16), torch.float32)
    prelude._check_packed("p", "w", packed, torch.float32, (16, 16))
    with pytest.raises(prelude.LaunchError, match="packed in 16x16 blocks"):
        prelude._check_packed("p", "w", packed, torch.float32, (32, 16))
    with pytest.raises(prelude.LaunchError, match="is block-sparse"):
        prelude._check_packed("p", "w", torch.randn(32, 32), torch.float32, (16, 16))


def test_table_cache_follows_tensor_versions():
    cache = prelude._TableCache(capacity=2)
    doc = torch.zeros(8, dtype=torch.int32)
    cpu = torch.device("cpu")
    cache.put(("k",), [doc], "tables", cpu)
    assert cache.get(("k",), [doc], cpu) == "tables"
    doc += 1  # modified in place: the table is stale
    assert cache.get(("k",), [doc], cpu) is None


def test_eager_softmax_of_masked_rows_is_zero():
    x = torch.tensor([[float("-inf"), float("-inf")], [0.0, 0.0]])
    out = prelude._softmax(x, 1)
    assert torch.equal(out[0], torch.zeros(2)) and torch.allclose(out[1], torch.full((2,), 0.5))
    assert prelude._align(torch.randn(2, 3), ("a", "b"), ("b", "c", "a")).shape == (3, 1, 2)
