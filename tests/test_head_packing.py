"""Head packing for grouped-query attention: the fusion pass finds batch axes along which consecutive indices read
the same K and V (GQA's query heads of one K/V head), the tiling opens a HEAD_PACK knob for them, and the kernel
stacks the packed heads' query rows in one tile so every K/V block is loaded once per group. Every packed kernel
is checked against the fp64 reference into a NaN-poisoned output."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy
import torch
from conftest import DEVICE, TOLERANCE, rel_error
from test_attention import make_inputs

import tilefuse as tf
from tilefuse.frontend.loading import load_programs
from tilefuse.frontend.reference import evaluate
from tilefuse.ir.dims import dim
from tilefuse.schedule import lower
from tilefuse.schedule.pipeline import analyze
from tilefuse.schedule.space import Config
from tilefuse.schedule.tiling import heads_per_tile

ATTENTION = Path(__file__).resolve().parent.parent / "examples" / "attention"


def example(stem: str):
    (program,) = load_programs(str(ATTENTION / f"{stem}.py"))
    return program


def attention_group(program):
    (group,) = [k for k in analyze(program.trace("fp16")).fused.kernels if k.kind == "attention"]
    return group


@tf.program
def gqa_alibi_lse(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "HKV", "N", "D"],
                  v: tf.Tensor["B", "HKV", "N", "D"], slopes: tf.Tensor["H", tf.fp32],
                  gain: tf.Tensor["H", "D", tf.fp32]):
    """Per-head reads everywhere a packed tile must index each row's own head: an ALiBi slope in the scores,
    a per-head gain in the epilogue, and the log-sum-exp output."""
    kv_head = tf.index("h") // (tf.dim("H") // tf.dim("HKV"))
    k, v = k[:, kv_head, :, :], v[:, kv_head, :, :]
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = s - slopes * (tf.index("m") + tf.dim("N") - tf.dim("M") - tf.index("n"))
    s = tf.where(tf.index("m") + tf.dim("N") - tf.dim("M") >= tf.index("n"), s, -tf.inf)
    out = tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v) * gain
    return out, tf.logsumexp(s, "n")


@tf.program
def kv_per_head(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "HKV", "N", "D"],
                v: tf.Tensor["B", "HKV", "N", "D"]):
    """K at head h % HKV: consecutive query heads read different K heads, so nothing may be packed."""
    kv_head = tf.index("h") % tf.dim("HKV")
    k, v = k[:, kv_head, :, :], v[:, kv_head, :, :]
    s = tf.einsum("bhmd,bhnd->bhmn", q, k)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)


def test_the_fusion_pass_finds_the_heads_that_share_k_and_v():
    H, HKV = dim("H"), dim("HKV")
    for stem in ("gqa", "gqa_decode", "paged_gqa"):
        groups = attention_group(example(stem)).head_groups
        assert list(groups) == ["h"], stem            # b selects other K/V rows: never packed
        assert sympy.simplify(groups["h"] - sympy.floor(H / HKV)) == 0
    for stem in ("plain", "decode", "paged_kv"):      # K/V have a head per query head
        assert attention_group(example(stem)).head_groups == {}, stem
    assert attention_group(kv_per_head).head_groups == {}


def test_head_pack_is_a_knob_only_where_heads_share_k_and_v():
    (tiled,) = lower(example("gqa_decode").trace("fp16")).kernels
    knob = next(k for k in tiled.space.knobs if k.name == "HEAD_PACK")
    assert knob.values[0] == 1 and max(knob.values) >= 8
    assert tiled.config.HEAD_PACK > 1  # the default packs; the launcher packs as many as fit
    (plain,) = lower(example("decode").trace("fp16")).kernels
    assert "HEAD_PACK" not in [k.name for k in plain.space.knobs]
    with pytest.raises(tf.ConfigError, match="share K and V"):
        example("decode").compile("fp16", config={"BLOCK_M": 16, "HEAD_PACK": 4})
    with pytest.raises(tf.ConfigError, match="GEMMs have no heads"):
        load_programs(str(ATTENTION.parent / "linear_gelu.py"))[0].compile("fp16", config={"HEAD_PACK": 2})
    with pytest.raises(tf.ConfigError, match="no larger than BLOCK_M"):
        example("gqa").compile("fp16", config={"BLOCK_M": 16, "HEAD_PACK": 32})


def test_head_pack_keeps_stored_config_keys():
    """Configs stored before the knob existed hash and serialize as before; a packing config differs."""
    assert "HEAD_PACK" not in Config().to_dict()
    packed = Config(BLOCK_M=16, HEAD_PACK=4)
    assert packed.to_dict()["HEAD_PACK"] == 4 and Config.from_dict(packed.to_dict()) == packed
    assert packed.key() != Config(BLOCK_M=16).key()


def test_the_launcher_packs_what_the_group_and_the_rows_allow():
    config = {"BLOCK_M": 16, "BLOCK_N": 16, "num_stages": 1, "HEAD_PACK": 16}
    kernel = example("gqa_decode").compile("fp32", config=config)
    pack = kernel.module._head_pack
    assert pack(16, 4, 1, 16) == 4       # Llama-3: 32 / 8 heads, one query token
    assert pack(16, 8, 1, 16) == 8
    assert pack(16, 4, 5, 16) == 2       # 5 query rows round up to 8: two heads fill 16 rows
    assert pack(16, 3, 1, 16) == 1       # a group of 3 packs nothing (packs are powers of two)
    assert pack(16, 32, 1, 16) == 16     # MQA-like groups stop at the knob
    assert pack(8, 4, 2048, 128) == 1    # prefill: the rows are the queries'
    assert "_head_pack(16, ((H) // (HKV)), M, 16)" in kernel.source
    # the cost model's rule (schedule.tiling) is the launcher's
    grid = [(most, group, rows, bm) for most in (1, 2, 8, 16) for group in (0, 1, 3, 4, 8, 32)
            for rows in (1, 2, 3, 5, 16, 100) for bm in (16, 64, 128)]
    assert [heads_per_tile(*g) for g in grid] == [pack(*g) for g in grid]


CASES = [  # (program, dims, config): decode, speculative rows, ragged heads, split-KV, prefill-sized M
    ("gqa_decode", dict(B=2, H=8, HKV=2, M=1, N=70, D=32), dict(BLOCK_M=16, BLOCK_N=16, HEAD_PACK=8)),
    ("gqa_decode", dict(B=2, H=8, HKV=2, M=3, N=45, D=16), dict(BLOCK_M=16, BLOCK_N=16, HEAD_PACK=4)),
    ("gqa_decode", dict(B=1, H=8, HKV=1, M=2, N=90, D=16), dict(BLOCK_M=16, BLOCK_N=32, HEAD_PACK=16,
                                                                 SPLIT_KV=4)),
    ("gqa_decode", dict(B=1, H=6, HKV=2, M=1, N=33, D=16), dict(BLOCK_M=16, BLOCK_N=16, HEAD_PACK=8)),
    ("gqa_decode", dict(B=1, H=4, HKV=2, M=40, N=40, D=16), dict(BLOCK_M=32, BLOCK_N=16, HEAD_PACK=2)),
    ("gqa", dict(B=2, H=4, HKV=1, M=5, N=37, D=16), dict(BLOCK_M=32, BLOCK_N=16, HEAD_PACK=4)),
    ("paged_gqa", dict(B=2, H=8, HKV=2, M=1, D=16, NP=5, PS=16, P=12), dict(BLOCK_M=16, BLOCK_N=16,
                                                                             HEAD_PACK=8)),
    ("paged_gqa", dict(B=2, H=4, HKV=2, M=3, D=16, NP=5, PS=16, P=12), dict(BLOCK_M=16, BLOCK_N=16,
                                                                             HEAD_PACK=4, SPLIT_KV=2)),
]


@pytest.mark.parametrize("stem,dims,config", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_packed_heads_match_the_reference(stem, dims, config):
    program = example(stem)
    kernel = program.compile("fp32", config=dict(config, num_warps=4, num_stages=1))
    graph, inputs = make_inputs(program, "fp32", dims, seed=3)
    (ref,) = evaluate(graph, [t.cpu() for t in inputs], torch.float64)
    out = torch.full(ref.shape, float("nan"), device=DEVICE)
    kernel(*inputs, out=out)
    assert not torch.isnan(out).any()
    assert rel_error(out.cpu(), ref) < TOLERANCE["fp32"]


@pytest.mark.parametrize("config", [dict(BLOCK_M=16, BLOCK_N=16, HEAD_PACK=4),
                                    dict(BLOCK_M=16, BLOCK_N=16, HEAD_PACK=8, SPLIT_KV=3)])
def test_packed_tiles_index_each_rows_own_head(config):
    """Scores, the epilogue and the log-sum-exp read per-head values: a packed tile must give each row its head."""
    kernel = gqa_alibi_lse.compile("fp32", config=dict(config, num_warps=4, num_stages=1))
    assert kernel.module._head_pack(config["HEAD_PACK"], 4, 2, 16) > 1
    B, H, HKV, M, N, D = 2, 8, 2, 2, 41, 16
    gen = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(s, generator=gen) for s in [(B, H, M, D), (B, HKV, N, D), (B, HKV, N, D)])
    slopes, gain = torch.rand(H, generator=gen), torch.randn(H, D, generator=gen)
    inputs = [t.to(DEVICE) for t in (q, k, v, slopes, gain)]
    refs = gqa_alibi_lse(q, k, v, slopes, gain, compute_dtype=torch.float64)
    outs = kernel(*inputs)
    for out, ref in zip(outs, refs):
        assert rel_error(out.cpu(), ref) < TOLERANCE["fp32"]
    # the same program unpacked gives the same numbers: the packing only regroups rows
    plain = gqa_alibi_lse.compile("fp32", config=dict(config, HEAD_PACK=1, num_warps=4, num_stages=1))
    for a, b in zip(outs, plain(*inputs)):
        assert rel_error(a.cpu(), b.cpu()) < TOLERANCE["fp32"]


def test_packed_decode_compiles_offline_for_hopper_and_ampere():
    from tilefuse.backends.triton.offline import compile_offline

    program = example("gqa_decode")
    path = str(program.compile("bf16", config=dict(BLOCK_M=16, BLOCK_N=64, num_warps=4, num_stages=2,
                                                   SPLIT_KV=8, HEAD_PACK=4)).path)
    reports = compile_offline([path], archs=(90, 80))
    assert {r["arch"] for r in reports} == {90, 80}
    for r in reports:
        assert r["ok"], f"{r['kernel']} sm_{r['arch']}: {r.get('error')}"
