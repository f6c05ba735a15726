"""Model-level rewrites of a captured module: sibling linears packed into one GEMM, a static KV cache written in
place. Under the interpreter on the CPU, at tiny sizes; the same tests run on CUDA."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from conftest import DEVICE, TOLERANCE, rel_error

import tilefuse as tf

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples" / "modules"))
import llama  # noqa: E402


class QKV(nn.Module):
    def __init__(self, d=32, heads=4, kv_heads=2, bias=True):
        super().__init__()
        self.h, self.hkv, self.dh = heads, kv_heads, d // heads
        self.q = nn.Linear(d, d, bias=bias)
        self.k = nn.Linear(d, kv_heads * self.dh, bias=bias)
        self.v = nn.Linear(d, kv_heads * self.dh, bias=bias)
        self.o = nn.Linear(d, d, bias=bias)
        self.gate, self.up = nn.Linear(d, 64, bias=False), nn.Linear(d, 64, bias=False)
        self.down = nn.Linear(64, d, bias=False)

    def forward(self, x):
        b, s, _ = x.shape
        q = self.q(x).view(b, s, self.h, self.dh).transpose(1, 2)
        k = self.k(x).view(b, s, self.hkv, self.dh).transpose(1, 2)
        v = self.v(x).view(b, s, self.hkv, self.dh).transpose(1, 2)
        a = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
        x = x + self.o(a.transpose(1, 2).reshape(b, s, -1))
        return x + self.down(F.silu(self.gate(x)) * self.up(x))


def _storages(model) -> dict:
    return {p.untyped_storage().data_ptr(): p.untyped_storage().nbytes() for p in model.parameters()}


def test_q_k_v_sharing_an_input_become_one_gemm_over_weights_packed_in_place():
    """Q, K and V (with biases) are one kernel over [Wq; Wk; Wv]; the module's parameters are views into it, so
    the memory is what it was; SwiGLU's gate and up are one dual GEMM (one K loop, two accumulators, the SiLU and
    the product in its epilogue); outputs match fp64."""
    torch.manual_seed(0)
    model = QKV().to(DEVICE).eval()
    before = sum(_storages(model).values())
    x = torch.randn(2, 8, 32, device=DEVICE)
    ref = copy.deepcopy(model).double()(x.double())
    with torch.no_grad():
        cm = tf.compile(model, (x,))
        out = cm(x)
    packed = [k for k in cm.kernels if "packed" in k.ops[0]]
    assert len(packed) == 1 and "q | k | v" in packed[0].ops[0], cm.report()
    assert sum(k.kind == "gemm" for k in cm.kernels) == 4, cm.report()  # qkv, o, gate | up, down
    (dual,) = [k for k in cm.kernels if "two accumulators" in " ".join(k.ops)]
    assert {"sigmoid", "mul"} <= set(dual.ops) and len(dual.nodes) == 5  # gate, up, sigmoid, x * s, * up
    ptrs = {p.untyped_storage().data_ptr() for p in (model.q.weight, model.k.weight, model.v.weight)}
    assert len(ptrs) == 1 and model.k.weight.data_ptr() != model.q.weight.data_ptr()
    assert sum(_storages(model).values()) == before  # nothing held twice
    assert rel_error(out, ref) < TOLERANCE["fp32"]
    assert rel_error(model(x), ref) < TOLERANCE["fp32"]  # the module itself still computes the same


def test_packing_can_be_turned_off():
    torch.manual_seed(1)
    model = QKV(bias=False).to(DEVICE).eval()
    x = torch.randn(1, 4, 32, device=DEVICE)
    with torch.no_grad():
        cm = tf.compile(model, (x,), pack=False)
    assert not any("packed" in k.ops[0] for k in cm.kernels)
    assert sum(k.kind == "gemm" for k in cm.kernels) == 6  # q, k, v, o, gate | up, down


def test_llama_example_prefill_then_decode_steps_write_the_static_cache_in_place():
    """The example decoder: a 6-token prefill, then one-token steps over the same compiled graph (seq is dynamic
    from 1), each matching a copy of the module run eagerly; the cache is written by index_put_, never copied."""
    model, (ids, pos) = llama.build()
    model = model.to(DEVICE)
    ids, pos = ids.to(DEVICE), pos.to(DEVICE)
    ref_model = copy.deepcopy(model).double()
    with torch.no_grad():
        cm = tf.compile(model, (ids, pos), dims={"ids": {1: "seq"}, "pos": {0: "seq"}}, dynamic={"seq": (1, 32)})
        ops = [n.target for n in cm.graph_module.graph.nodes if n.op == "call_function"]
        assert torch.ops.aten.index_put_.default in ops and torch.ops.aten.copy_.default not in ops
        assert sum(k.kind == "attention" for k in cm.kernels) == 2
        steps = [(ids, pos)] + [(torch.randint(0, 256, (2, 1), device=DEVICE), torch.tensor([p], device=DEVICE))
                                for p in (6, 7)]
        for step_ids, step_pos in steps:
            out = cm(step_ids, step_pos)
            assert rel_error(out, ref_model(step_ids, step_pos)) < TOLERANCE["fp32"]
    assert cm.eager_calls == 0 and all(k.fallbacks == 0 for k in cm.kernels)
    written = model.layers[1].attn.k_cache[:, :, :8]
    assert rel_error(written, ref_model.layers[1].attn.k_cache[:, :, :8]) < TOLERANCE["fp32"]
    assert float(written.abs().sum()) > 0 and float(model.layers[1].attn.k_cache[:, :, 8:].abs().sum()) == 0


def test_tune_covers_each_kernel_over_the_declared_ranges_by_power_of_two_buckets(tmp_path):
    """tilefuse.tune's workloads: every distinct kernel at M = 1, 2, 4, 8 for batch in (1, 8) (the kernels' M is
    an expression in the captured batch size), not only at the example's shape; without ranges only that one."""
    from test_module import Block, randn

    from tilefuse.module_tune import _workloads

    torch.manual_seed(2)
    model = Block().to(DEVICE)
    with torch.no_grad():
        cm = tf.compile(model, (randn(4, 16),), dynamic={"batch": (1, 8)}, db=tmp_path / "t.sqlite",
                        model_pick=False)
    work = _workloads(cm, None)
    for entry in cm.kernels:
        assert sorted(s["M"] for e, _, s in work if e is entry) == [1, 2, 4, 8]
    assert len(_workloads(cm, None, ranges=False)) == len(cm.kernels)
    summary = tf.tune(cm, budget=1, time_budget=0, progress=False)  # no time: nothing measured, all listed
    assert summary["workloads"] == 4 * len(cm.kernels) and summary["measured"] == 0
    assert len(summary["skipped"]) == summary["workloads"]


def test_a_half_precision_silu_computed_in_fp32_between_casts_still_fuses_into_its_gemm():
    """Core ATen writes an fp16 / bf16 SiLU as cast to fp32, x * sigmoid(x), cast back: the casts join the
    gate | up GEMM's epilogue (else four elementwise passes over [M, intermediate] stay in PyTorch)."""
    torch.manual_seed(3)
    model = QKV(bias=False).to(DEVICE).half().eval()
    x = torch.randn(2, 8, 32, device=DEVICE).half()
    ref = copy.deepcopy(model).double()(x.double())
    with torch.no_grad():
        cm = tf.compile(model, (x,))
        out = cm(x)
    (dual,) = [k for k in cm.kernels if "two accumulators" in " ".join(k.ops)]
    assert dual.ops.count("_to_copy") == 2 and "sigmoid" in dual.ops, cm.report()
    assert "sigmoid" not in cm.fallbacks
    assert rel_error(out, ref) < TOLERANCE["fp16"]


class PatchEmbed(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Conv2d(3, 32, kernel_size=8, stride=8)
        self.odd = nn.Conv2d(3, 4, kernel_size=3, padding=1)  # padded: stays a convolution

    def forward(self, img):
        return self.proj(img).flatten(2).transpose(1, 2), self.odd(img)


def test_a_patchifying_convolution_becomes_a_gemm_and_a_padded_one_stays_pytorch():
    torch.manual_seed(4)
    model = PatchEmbed().to(DEVICE).eval()
    img = torch.randn(2, 3, 32, 32, device=DEVICE)
    ref = copy.deepcopy(model).double()(img.double())
    with torch.no_grad():
        cm = tf.compile(model, (img,))
        patches, odd = cm(img)
    assert [k.ops for k in cm.kernels] == [["linear", "bias"]], cm.report()
    assert cm.fallbacks["convolution"][0] == 1  # the padded 3x3 one
    assert rel_error(patches, ref[0]) < TOLERANCE["fp32"] and rel_error(odd, ref[1]) < TOLERANCE["fp32"]


def test_the_report_gives_the_extra_weight_memory_and_the_tuning_summary(tmp_path):
    torch.manual_seed(5)
    model = QKV().to(DEVICE).eval()
    x = torch.randn(1, 4, 32, device=DEVICE)
    with torch.no_grad():
        cm = tf.compile(model, (x,), db=tmp_path / "t.sqlite", model_pick=False)
    own, extra = cm.extra_bytes()
    assert own == sum(p.numel() * p.element_size() for p in model.parameters()) and extra == 0
    assert "tilefuse holds 0.0 MiB more (0.0%)" in cm.report()
    tf.tune(cm, budget=1, time_budget=0, progress=False)
    assert f"tuning: {len(cm.kernels)} distinct workloads, 0 tuned, 0 measurements" in cm.report()


def test_rope_on_the_query_runs_on_the_attention_kernels_loads():
    """The example decoder's rotate-half RoPE (slices, neg, cat, two muls, an add) on q becomes part of the
    attention kernel (the query tile rotated as it is loaded), at prefill without a cache (causal) and with one
    (masked), GQA and not; K's stays PyTorch (rotating it in the key loop would repeat it per query block)."""
    for cache, kv_heads in ((0, 2), (32, 4)):
        model, (ids, pos) = llama.build(max_cache=cache, kv_heads=kv_heads)
        model = model.to(DEVICE)
        ref_model = copy.deepcopy(model).double()
        with torch.no_grad():
            cm = tf.compile(model, (ids.to(DEVICE), pos.to(DEVICE)), dims={"ids": {1: "seq"}, "pos": {0: "seq"}},
                            dynamic={"seq": (1, 32)})
            attention = [k for k in cm.kernels if k.kind == "attention"]
            assert all("RoPE on q loads" in k.ops and {"cat", "neg"} <= {n.split("_")[0] for n in k.nodes}
                       for k in attention), cm.report()
            assert cm.fallbacks["cat"][0] == 2  # K's, one per layer
            ids2, pos2 = torch.randint(0, 256, (2, 9), device=DEVICE), torch.arange(9, device=DEVICE)
            assert rel_error(cm(ids2, pos2), ref_model(ids2, pos2)) < TOLERANCE["fp32"]
        if cache:
            continue
        with torch.no_grad():
            off = tf.compile(copy.deepcopy(model), (ids.to(DEVICE), pos.to(DEVICE)), rope=False)
        assert not any("RoPE" in " ".join(k.ops) for k in off.kernels) and off.fallbacks["cat"][0] == 4


def test_compiling_a_packed_module_again_reuses_the_packed_weight():
    torch.manual_seed(6)
    model = QKV().to(DEVICE).eval()
    x = torch.randn(1, 4, 32, device=DEVICE)
    with torch.no_grad():
        first = tf.compile(model, (x,))
        before = {p.data_ptr() for p in model.parameters()}
        second = tf.compile(model, (x,))
        assert {p.data_ptr() for p in model.parameters()} == before and second.extra_bytes()[1] == 0
        assert rel_error(second(x), first(x)) < 1e-6


def test_rmsnorm_before_a_gemm_becomes_its_prologue_and_the_dot_keeps_half_precision():
    """The example decoder in fp16: each RMSNorm's scale by rsqrt(mean(x^2) + eps), its cast back to fp16 and its
    weight run on the A tiles of the GEMM after it (packed Q | K | V, the gate | up dual GEMM, the head); the
    mean and rsqrt stay PyTorch. The dot stays fp16 (the prologue casts back, as the norm does)."""
    model, (ids, pos) = llama.build(max_cache=0)
    model = model.to(DEVICE).half()
    ids, pos = ids.to(DEVICE), pos.to(DEVICE)
    ref = copy.deepcopy(model).double()(ids, pos)
    with torch.no_grad():
        assert not any(op.startswith("prologue") for k in tf.compile(model, (ids, pos)).kernels for op in k.ops)
        cm = tf.compile(model, (ids, pos), norm_prologue=True)  # opt-in
        out = cm(ids, pos)
    with_prologue = [k for k in cm.kernels if any(op.startswith("prologue") for op in k.ops)]
    assert len(with_prologue) == 5, cm.report()  # per layer: Q | K | V and gate | up; then the head
    assert sum("packed" in k.ops[0] for k in with_prologue) == 2
    assert all("mul" in k.ops[-1] and "_to_copy" in k.ops[-1] for k in with_prologue), cm.report()
    assert all("input_precision" not in k.kernel.source for k in with_prologue)  # fp16 dots, not tf32
    assert rel_error(out, ref) < TOLERANCE["fp16"]
    assert cm.eager_calls == 0 and all(k.fallbacks == 0 for k in cm.kernels)


def test_a_factory_can_give_the_command_line_its_dims(tmp_path, capsys):
    """``compile-module examples/modules/llama.py:cli``: the factory's third item sets dims= and dynamic= (the
    sequence dynamic from 1 to 32); the command checks the package against fp64 and writes it."""
    import json

    from tilefuse.cli import main

    example = Path(__file__).resolve().parent.parent / "examples" / "modules" / "llama.py"
    assert main(["compile-module", f"{example}:cli", "--out", str(tmp_path / "llama")]) == 0
    printed = capsys.readouterr().out
    assert "RoPE on q loads" in printed and "two accumulators" in printed
    manifest = json.loads((tmp_path / "llama" / "manifest.json").read_text())
    assert sorted({k["kind"] for k in manifest["kernels"]}) == ["attention", "gemm", "rows"]  # rows: the RMSNorms


def test_graphed_module_needs_cuda_tensors_and_says_so_on_the_cpu():
    if DEVICE == "cuda":
        pytest.skip("the CPU path: on a GPU the graph test below runs")
    model, (ids, pos) = llama.build()
    with torch.no_grad():
        cm = tf.compile(model, (ids, pos), dims={"ids": {1: "seq"}, "pos": {0: "seq"}}, dynamic={"seq": (1, 32)},
                        mode="reduce-overhead")
        with pytest.warns(UserWarning, match="CUDA graphs need CUDA tensors"):
            out = cm(ids, pos)
    assert cm.captures == 0 and len(cm.kernels) > 0 and "kernels" in cm.report()  # the compiled module's own
    assert rel_error(out, copy.deepcopy(model).double()(ids, pos)) < TOLERANCE["fp32"]
    with pytest.raises(tf.TilefuseError, match="mode must be"):
        tf.compile(model, (ids, pos), mode="max-autotune")


@pytest.mark.skipif(DEVICE != "cuda", reason="CUDA graphs")
def test_graphed_decode_steps_replay_one_graph_per_signature_and_write_the_cache():
    """Prefill, then decode steps through cm.graphed(): each step matches a copy of the module run eagerly (the
    cache written in place by the replay), steps of one shape share one graph, a new shape captures another."""
    model, (ids, pos) = llama.build()
    model = model.to(DEVICE)
    ref_model = copy.deepcopy(model).double()
    with torch.no_grad():
        g = tf.compile(model, (ids.to(DEVICE), pos.to(DEVICE)), dims={"ids": {1: "seq"}, "pos": {0: "seq"}},
                       dynamic={"seq": (1, 32)}).graphed()
        steps = [(ids.to(DEVICE), pos.to(DEVICE))] + [
            (torch.randint(0, 256, (2, 1), device=DEVICE), torch.tensor([p], device=DEVICE)) for p in (6, 7, 8)]
        for step_ids, step_pos in steps:
            # a fresh reference cache state each time: the graphed module's warm-up writes the same slot
            assert rel_error(g(step_ids, step_pos), ref_model(step_ids, step_pos)) < TOLERANCE["fp32"]
    assert g.captures == 2 and len(g.graphs) == 2  # the prefill's shape and the one-token steps'
    assert rel_error(model.layers[0].attn.k_cache[:, :, :9], ref_model.layers[0].attn.k_cache[:, :, :9]) < 1e-3
