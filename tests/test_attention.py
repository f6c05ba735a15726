"""Attention variants, end to end: each example in examples/attention becomes ONE fused kernel that never
stores the M x N scores, and matches the fp64 reference semantics (fully masked rows included)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import torch
from conftest import DEVICE, DTYPES, TOLERANCE, rel_error

import tilefuse as tf
from tilefuse.errors import LoweringError
from tilefuse.frontend.loading import load_programs
from tilefuse.frontend.reference import evaluate
from tilefuse.ir.dims import size_value
from tilefuse.schedule import lower

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples" / "attention").glob("*.py"))
# The log-sum-exp output is written with reductions outside the attention: it does not fuse yet.
UNFUSED: set[str] = set()
FUSED = [p for p in EXAMPLES if p.stem not in UNFUSED]
SMALL = dict(BLOCK_M=32, BLOCK_N=16, num_warps=4, num_stages=1)
# Ragged on purpose: no sequence length is a multiple of a block.
DIMS = dict(B=2, H=4, HKV=2, M=70, N=70, D=64, DV=32, R=16, NP=5, PS=16, P=12, QB=2, KB=2)
DECODE = dict(DIMS, M=5)


def program_of(path: Path):
    (program,) = load_programs(str(path))
    return program


def make_inputs(program, dtype: str, dims: dict, seed: int = 0):
    """Random q/k/v-like inputs; int inputs get valid ids: documents with padding (-1), page tables that
    are permutations of the cache's pages, sequence lengths shorter than M for some batches."""
    graph = program.trace(dtype)
    gen = torch.Generator().manual_seed(seed)
    inputs = []
    for node in graph.inputs:
        shape = [size_value(a.size, dims) for a in node.axes]
        if node.name == "doc":
            ids = torch.sort(torch.randint(0, 4, shape, generator=gen), dim=-1).values
            ids[:, -7:] = -1  # padding tokens: their query rows see no key at all
            inputs.append(ids.to(torch.int32).to(DEVICE))
        elif node.name == "pages":
            perm = torch.randperm(dims["P"], generator=gen)[: shape[0] * shape[1]]
            inputs.append(perm.reshape(shape).to(torch.int32).to(DEVICE))
        elif node.name == "seq_lens":
            lens = torch.randint(1, dims["NP"] * dims["PS"] + 1, shape, generator=gen)
            lens[0] = 3  # fewer keys than queries: the first M - 3 rows are fully masked
            inputs.append(lens.to(torch.int32).to(DEVICE))
        else:
            t = torch.randn(shape, generator=gen)
            inputs.append(t.to(node.dtype.to_torch()).to(DEVICE))
    return graph, inputs


def run_kernel(program, dtype, dims, config=SMALL, seed=0):
    """Run into a NaN-poisoned output; return the kernel, its first output and the fp64 reference of it."""
    kernel, outs, refs = run_all(program, dtype, dims, config, seed)
    return kernel, outs[0], refs[0]


def run_all(program, dtype, dims, config=SMALL, seed=0):
    kernel = program.compile(dtype, config=config)
    graph, inputs = make_inputs(program, dtype, dims, seed)
    refs = evaluate(graph, [t.cpu() for t in inputs], torch.float64)
    if len(refs) == 1:
        out = torch.full(refs[0].shape, float("nan"), dtype=graph.outputs[0].dtype.to_torch(), device=DEVICE)
        assert kernel(*inputs, out=out) is out
        outs = [out]
    else:
        outs = list(kernel(*inputs))
    assert not torch.isnan(outs[0]).any(), "NaN in the output (unwritten, or a fully masked row gone wrong)"
    return kernel, [o.cpu() for o in outs], refs


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("path", FUSED, ids=lambda p: p.stem)
def test_variant_matches_reference(path, dtype):
    program = program_of(path)
    dims = DECODE if path.stem == "decode" else DIMS
    kernel, out, ref = run_kernel(program, dtype, dims)
    assert [k.group.kind for k in kernel.lowered.kernels] == ["attention"]
    err = rel_error(out, ref)
    assert err < TOLERANCE[dtype], f"{path.stem} {dtype}: relative error {err:.3e}"
    zero_rows = (ref == 0).all(dim=-1)
    assert torch.equal(out[zero_rows].float(), torch.zeros_like(out[zero_rows].float()))


def test_fully_masked_rows_exist_where_promised():
    """The document and paged cases above do include rows that see no key (so the zero check bites)."""
    for name, dims in (("document_mask", DIMS), ("paged_kv", DIMS), ("causal_bottom_right", dict(DIMS, M=90))):
        program = program_of(next(p for p in EXAMPLES if p.stem == name))
        _, out, ref = run_kernel(program, "fp32", dims)
        rows = (ref == 0).all(dim=-1)
        assert rows.any(), name
        assert (out[rows] == 0).all()


@pytest.mark.parametrize("path", FUSED, ids=lambda p: p.stem)
def test_scores_never_materialized(path):
    """One kernel; it stores only the output: no tensor with both the query and the key axis."""
    lowered = lower(program_of(path).trace("bf16"))
    (kernel,) = lowered.kernels
    group = kernel.group
    assert group.kind == "attention"
    for stored in group.outputs:
        assert not {group.m_axis, group.n_axis} <= set(stored.axis_names), stored
    assert "never leave the chip" in lowered.stages[2][1]


@pytest.mark.parametrize("m,n", [(1, 70), (16, 200), (70, 70)])
def test_ragged_and_decode_shapes(m, n):
    program = program_of(next(p for p in EXAMPLES if p.stem == "causal_bottom_right"))
    _, out, ref = run_kernel(program, "fp16", dict(DIMS, M=m, N=n), config=dict(SMALL, BLOCK_N=32))
    assert rel_error(out, ref) < TOLERANCE["fp16"]


def test_causal_key_loop_is_bounded_by_the_mask():
    """The causal kernel's key loop stops at the diagonal: derived from the predicate m >= n."""
    program = program_of(next(p for p in EXAMPLES if p.stem == "causal"))
    source = program.compile("bf16").source
    assert "hi = tl.maximum(tl.minimum(N, m_last + 1), 0)" in source
    window = program_of(next(p for p in EXAMPLES if p.stem == "sliding_window")).compile("bf16").source
    assert "m_first - 1023" in window  # keys before the window are skipped too


def test_causal_query_blocks_start_longest_first():
    """Under a causal mask the last query block sees the most keys: the grid runs it first (FlashAttention-2's
    reversed order), so short blocks fill the end of the launch. A window's work is flat: its order stays."""
    reverse = "pid_m = tl.num_programs(0) - 1 - tl.program_id(0)"
    causal = program_of(next(p for p in EXAMPLES if p.stem == "causal"))
    assert reverse in causal.compile("fp16").source
    assert reverse not in program_of(next(p for p in EXAMPLES if p.stem == "sliding_window")).compile("fp16").source
    assert reverse not in program_of(next(p for p in EXAMPLES if p.stem == "plain")).compile("fp16").source
    _, out, ref = run_kernel(causal, "fp16", dict(DIMS, M=150, N=150))   # 5 query blocks of 32, reversed
    assert rel_error(out, ref) < TOLERANCE["fp16"]


@tf.program
def softmax_over_queries(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                         v: tf.Tensor["B", "H", "N", "D"]):
    s = tf.einsum("bhmd,bhnd->bhmn", q, k)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "m"), v)


def test_unfusable_softmax_still_runs_unfused_and_show_explains_why():
    """Softmax over the query axis is not what the second einsum contracts: no attention kernel. The
    program still runs (two GEMM kernels around an unfused PyTorch softmax) and matches the reference."""
    lowered = lower(softmax_over_queries.trace("fp32"))
    assert [k.group.kind for k in lowered.kernels] == ["gemm", "eager", "gemm"]
    fused_text = lowered.stages[2][1]
    assert "cannot be fused" in fused_text and "run unfused in PyTorch" in fused_text
    kernel = softmax_over_queries.compile("fp32", config=dict(BLOCK_M=16, BLOCK_N=16, BLOCK_K=16, num_warps=4))
    q, k, v = (torch.randn(2, 3, n, 16) for n in (20, 24, 24))
    out = kernel(q.to(DEVICE), k.to(DEVICE), v.to(DEVICE))
    assert rel_error(out, softmax_over_queries(q, k, v, compute_dtype=torch.float64)) < TOLERANCE["fp32"]


def test_mandatory_fusion_names_the_op_that_blocked_it():
    with pytest.raises(LoweringError) as info:
        lower(softmax_over_queries.trace("fp16"), require_fusion=True)
    message = str(info.value)
    assert "softmax" in message and "line" in message and "softmax_over_queries" in message


def test_softmax_scale_is_not_hardcoded():
    """Changing D changes the scale the kernel applies (tf.dim("D") is read at launch)."""
    program = program_of(next(p for p in EXAMPLES if p.stem == "plain"))
    for d in (16, 40):
        _, out, ref = run_kernel(program, "fp32", dict(DIMS, D=d, M=20, N=33))
        assert rel_error(out, ref) < TOLERANCE["fp32"]
        assert math.isfinite(out.abs().max().item())


def test_log_sum_exp_comes_out_of_the_same_pass():
    """tf.logsumexp of the scores is a second output of the one attention kernel; -inf on empty rows."""
    program = program_of(next(p for p in EXAMPLES if p.stem == "lse"))
    kernel, (out, lse), (ref, ref_lse) = run_all(program, "fp32", dict(DIMS, M=90))
    assert [k.group.kind for k in kernel.lowered.kernels] == ["attention"]
    assert rel_error(out, ref) < TOLERANCE["fp32"]
    empty = torch.isinf(ref_lse)
    assert empty.any(), "M > N: the first rows see no key"
    assert torch.equal(lse[empty], ref_lse[empty].float())
    assert rel_error(lse[~empty], ref_lse[~empty]) < TOLERANCE["fp32"]


@pytest.mark.parametrize("name", ["decode", "causal", "lse", "paged_kv", "document_mask"])
def test_split_kv_matches_reference(name):
    """Flash-decoding: key splits with partial (max, sum, acc) merged by a combine kernel."""
    program = program_of(next(p for p in EXAMPLES if p.stem == name))
    dims = DECODE if name in ("decode", "paged_kv") else dict(DIMS, M=40)
    config = dict(SMALL, BLOCK_M=16, SPLIT_KV=4)
    kernel, outs, refs = run_all(program, "fp32", dims, config)
    assert [p for p in kernel.module.KERNELS][-1].endswith("_combine")
    for out, ref in zip(outs, refs):
        finite = torch.isfinite(ref)
        assert torch.equal(torch.isfinite(out), finite)
        assert rel_error(out[finite], ref[finite]) < TOLERANCE["fp32"]


def test_split_kv_is_an_attention_knob():
    gemm = program_of(Path(__file__).resolve().parent.parent / "examples" / "linear_gelu.py")
    with pytest.raises(tf.ConfigError, match="SPLIT_KV"):
        gemm.compile("fp16", config={"SPLIT_KV": 4})


@pytest.fixture(scope="module")
def offline_reports():
    """Every attention example (bf16, default schedule) plus a split-KV decode, compiled for sm_90a and sm_80."""
    from tilefuse.backends.triton.offline import compile_offline

    paths = {arch: [str(program_of(p).compile("bf16", arch=arch).path) for p in FUSED] for arch in (90, 80)}
    decode = program_of(next(p for p in EXAMPLES if p.stem == "decode"))
    for arch in (90, 80):
        paths[arch].append(str(decode.compile("bf16", arch=arch, config=dict(BLOCK_M=16, BLOCK_N=64,
                                                                               num_warps=4, num_stages=2,
                                                                               SPLIT_KV=8)).path))
    return compile_offline(paths[90], archs=(90,)) + compile_offline(paths[80], archs=(80,))


def test_every_variant_compiles_offline(offline_reports):
    tables = [r for r in offline_reports if r["kernel"].endswith("_blocks")]
    assert {r["kernel"] for r in tables} == {f"{name}_attention_kernel_blocks" for name in (
        "document", "paged", "paged_gqa", "prefix_lm", "chunked", "dilated", "masked", "topk_block")}
    assert len(offline_reports) == 2 * (len(FUSED) + 2 + 8)
    split_decode = [r["file"] for r in offline_reports if r["kernel"].endswith("_combine") and r["arch"] == 90][0]
    for r in offline_reports:
        assert r["ok"], f"{r['kernel']} sm_{r['arch']}: {r.get('error')}"
        assert r["ptx_target"] == ("sm_90a" if r["arch"] == 90 else "sm_80")
        if r["kernel"].endswith(("_combine", "_blocks")):
            continue
        if r["arch"] == 80:
            assert r["mma"] == "mma", r
        elif r["file"] == split_decode:  # BLOCK_M=16 is below a wgmma tile: mma.sync
            assert r["mma"] == "mma", r
        else:
            assert r["mma"] == "wgmma", r


def test_debug_build_reports_a_non_divisible_gqa_group():
    """H=6 query heads over HKV=4 key heads: h // (H // HKV) runs past HKV. A debug build says so."""
    program = program_of(next(p for p in EXAMPLES if p.stem == "gqa"))
    kernel = program.compile("fp32", config=SMALL, debug=True)
    q, k, v = (torch.randn(1, h, 20, 16, device=DEVICE) for h in (6, 4, 4))
    with pytest.raises(ValueError) as info:
        kernel(q, k, v)
    message = str(info.value)
    assert "gqa_attention" in message and "line" in message and "axis hkv" in message
    q = torch.randn(1, 8, 20, 16, device=DEVICE)  # 8 over 4 divides: fine
    assert torch.isfinite(kernel(q, k, v)).all()


def test_debug_build_reports_a_page_table_out_of_range():
    program = program_of(next(p for p in EXAMPLES if p.stem == "paged_kv"))
    kernel = program.compile("fp32", config=SMALL, debug=True)
    _, inputs = make_inputs(program, "fp32", DECODE)
    pages = inputs[3].clone()
    pages[1, 0] = DECODE["P"] + 3  # a page the cache does not have
    with pytest.raises(ValueError, match="axis p"):
        kernel(*inputs[:3], pages, inputs[4])


def test_mismatched_head_counts_are_a_launch_error():
    program = program_of(next(p for p in EXAMPLES if p.stem == "plain"))
    kernel = program.compile("fp32", config=SMALL)
    q, k, v = torch.randn(1, 4, 8, 16), torch.randn(1, 2, 8, 16), torch.randn(1, 2, 8, 16)
    with pytest.raises(ValueError, match="dim H is 4 in q but 2 in k"):
        kernel(q.to(DEVICE), k.to(DEVICE), v.to(DEVICE))


@tf.program
def head_shifted_mask(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                      v: tf.Tensor["B", "H", "N", "D"]):
    s = tf.einsum("bhmd,bhnd->bhmn", q, k)
    s = tf.where(tf.index("m") + tf.index("h") >= tf.index("n"), s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)


def test_mask_bound_depending_on_another_axis_is_not_used_for_skipping():
    """m + h >= n varies with the head inside a block: no loop bound from it, and the kernel stays right."""
    _, out, ref = run_kernel(head_shifted_mask, "fp32", dict(DIMS, M=40, N=40))
    assert rel_error(out, ref) < TOLERANCE["fp32"]
    assert "hi = " not in head_shifted_mask.compile("bf16").source


def test_page_table_does_not_demote_the_dot_to_fp32():
    """The int32 page table addresses K and V; the dot stays in bf16."""
    (kernel,) = lower(program_of(next(p for p in EXAMPLES if p.stem == "paged_kv")).trace("bf16")).kernels
    assert kernel.group.dot_dtype() == tf.bf16


@pytest.mark.parametrize("window", [8, 33])
def test_sliding_window_partial_and_full_blocks(window, monkeypatch):
    """A window narrower than a block: blocks below the window are skipped, blocks inside it run without a
    mask, the two edges with one. Every kind of block is exercised at 70 x 70 with 16-key blocks."""
    program = program_of(next(p for p in EXAMPLES if p.stem == "sliding_window"))
    monkeypatch.setitem(program.fn.__globals__, "WINDOW", window)
    kernel, out, ref = run_kernel(program, "fp32", DIMS)
    assert "full_lo" in kernel.source and f"m_first - {window - 1}" in kernel.source
    assert rel_error(out, ref) < TOLERANCE["fp32"]
