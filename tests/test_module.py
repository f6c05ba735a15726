"""tilefuse.compile on PyTorch modules: capture, partition into kernels, run, report, fall back.

Every compiled module is checked against the original module in eager mode, in fp64 (a copy of the module and its
inputs cast to double), on random inputs."""

from __future__ import annotations

import copy
import warnings

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from conftest import DEVICE, TOLERANCE, rel_error

import tilefuse as tf
from tilefuse.errors import TilefuseError


def reference(model, *args):
    """The original module's outputs in fp64."""
    double = copy.deepcopy(model).double()
    out = double(*[a.double() if a.is_floating_point() else a for a in args])
    return out if isinstance(out, tuple) else (out,)


def close(got, model, *args, dtype="fp32"):
    got = got if isinstance(got, tuple) else (got,)
    for g, r in zip(got, reference(model, *args)):
        assert rel_error(g, r) < TOLERANCE[dtype], rel_error(g, r)


class Block(nn.Module):
    """An MLP block with a residual and a LayerNorm: two fusable GEMMs and a rows kernel."""

    def __init__(self, d=16, hidden=48):
        super().__init__()
        self.up, self.down, self.norm = nn.Linear(d, hidden), nn.Linear(hidden, d), nn.LayerNorm(d)

    def forward(self, x):
        return self.norm(self.down(F.gelu(self.up(x))) * 0.5 + x)


def randn(*shape, seed=0):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed)).to(DEVICE)


def test_an_mlp_block_becomes_two_fused_gemms_and_stays_exact():
    torch.manual_seed(0)
    model = Block().to(DEVICE)
    x = randn(2, 5, 16)
    cm = tf.compile(model, (x,), dynamic={"batch": (1, 8), "seq": (1, 64)})
    assert [k.kind for k in cm.kernels] == ["gemm", "gemm", "rows"]
    up, down, norm = cm.kernels
    assert up.ops == ["linear", "bias", "gelu"] and up.nodes[0] == "linear"
    assert down.ops == ["linear", "bias", "mul", "add", "residual input"]
    assert norm.ops == ["LayerNorm", "weight input", "bias input"] and not cm.fallbacks
    close(cm(x), model, x)
    x2 = randn(3, 7, 16, seed=1)  # another batch and length: the same kernels, dispatched per shape
    close(cm(x2), model, x2)
    x1 = randn(1, 1, 16, seed=2)  # the ranges start at 1: a one-token decode step runs the kernels too
    close(cm(x1), model, x1)
    assert up.calls == 3 and up.fallbacks == 0 and cm.eager_calls == 0
    assert {tuple(s["shape"].items()) for s in up.kernel.specializations()} >= {
        (("M", 10), ("K", 16), ("N", 48)), (("M", 21), ("K", 16), ("N", 48))}
    text = cm.report()
    assert "linear + bias + gelu" in text and "M=21, K=16, N=48" in text
    assert "native_layer_norm  rows: LayerNorm" in text and norm.calls == 3 and norm.fallbacks == 0
    assert cm.graph_module.up.weight is model.up.weight  # the module's own parameters, not copies


ACTIVATIONS = {
    "silu": F.silu, "relu": F.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh,
    "gelu_tanh": lambda y: F.gelu(y, approximate="tanh"), "hardtanh": lambda y: F.hardtanh(y, -0.5, 0.75),
    "leaky_relu": lambda y: F.leaky_relu(y, 0.1), "softplus": F.softplus, "mish": F.mish,
    "clamp": lambda y: y.clamp(-0.3, 0.4),
}


class Act(nn.Module):
    def __init__(self, act):
        super().__init__()
        self.lin, self.act = nn.Linear(32, 24), act

    def forward(self, x):
        return self.act(self.lin(x))


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activations_fuse_into_the_gemm_epilogue(name):
    torch.manual_seed(1)
    model = Act(ACTIVATIONS[name]).to(DEVICE)
    x = randn(9, 32, seed=2)
    cm = tf.compile(model, (x,))
    (kernel,) = cm.kernels
    assert len(kernel.ops) > 2, kernel.ops  # linear, bias, then the activation's ops
    assert not cm.fallbacks, cm.fallbacks
    close(cm(x), model, x)


class Attention(nn.Module):
    def __init__(self, causal, scale=None, mask=False):
        super().__init__()
        self.causal, self.scale, self.mask = causal, scale, mask

    def forward(self, q, k, v):
        mask = torch.ones(q.shape[-2], k.shape[-2], dtype=torch.bool, device=q.device).tril() if self.mask else None
        return F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=self.causal, scale=self.scale)


@pytest.mark.parametrize("causal,scale", [(False, None), (True, None), (True, 0.3)])
def test_sdpa_becomes_one_flash_kernel(causal, scale):
    model = Attention(causal, scale)
    q, k, v = (randn(1, 2, 19, 16, seed=s) for s in range(3))
    cm = tf.compile(model, (q, k, v))
    (kernel,) = cm.kernels
    assert kernel.kind == "attention" and ("causal" in kernel.ops) == causal
    close(cm(q, k, v), model, q, k, v)


@pytest.mark.parametrize("kind", ["bool", "additive"])
def test_sdpa_with_a_mask_takes_it_into_the_kernel(kind):
    class Masked(nn.Module):
        def forward(self, q, k, v, mask):
            return F.scaled_dot_product_attention(q, k, v, attn_mask=mask)

    q, k, v = (randn(2, 2, 13, 16, seed=s) for s in range(3))
    keep = torch.rand(2, 1, 13, 13, generator=torch.Generator().manual_seed(5)) > 0.3
    keep[..., 0] = True  # every query row keeps a key (torch gives NaN for a row that keeps none)
    mask = keep.to(DEVICE) if kind == "bool" else torch.where(keep, 0.0, -1e4).to(DEVICE)
    cm = tf.compile(Masked(), (q, k, v, mask))
    (kernel,) = cm.kernels
    assert kernel.kind == "attention" and f"{'boolean' if kind == 'bool' else 'additive'} mask [b, m, n]" in kernel.ops
    close(cm(q, k, v, mask), Masked(), q, k, v, mask)


def test_gqa_attention_reads_each_kv_head_in_place():
    class Gqa(nn.Module):
        def forward(self, q, k, v):
            return F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)

    q, k, v = randn(1, 4, 11, 16), randn(1, 2, 11, 16, seed=1), randn(1, 2, 11, 16, seed=2)
    cm = tf.compile(Gqa(), (q, k, v))
    (kernel,) = cm.kernels
    assert "GQA" in kernel.ops and "causal" in kernel.ops
    close(cm(q, k, v), Gqa(), q, k, v)


def test_what_cannot_be_translated_stays_pytorch_and_says_why():
    class Odd(nn.Module):
        def forward(self, q, k, v, w):
            a = F.scaled_dot_product_attention(q, k, v)  # v's head dim differs from k's
            return a, torch.cumsum(w, 0) @ w  # cumsum: no kernel; a matmul of 1-D operands: none either
    q, k, v = randn(1, 2, 11, 16), randn(1, 2, 11, 16, seed=1), randn(1, 2, 11, 8, seed=2)
    w = randn(5, seed=3)
    cm = tf.compile(Odd(), (q, k, v, w))
    assert not cm.kernels
    reasons = {op.split(".")[0]: why for op, (_, why) in cm.fallbacks.items()}
    assert "value dim other than the key's" in reasons["scaled_dot_product_attention"]
    assert "no tilefuse kernel" in reasons["cumsum"] and "1-D" in reasons["matmul"]
    text = cm.report()
    assert all(why in text for why in reasons.values())
    close(cm(q, k, v, w), Odd(), q, k, v, w)


def test_a_kernel_that_cannot_run_falls_back_to_its_own_ops_once_warned():
    torch.manual_seed(2)
    model = Block().to(DEVICE)
    x = randn(4, 16)
    cm = tf.compile(model, (x,))

    class Broken:  # a kernel whose launches fail (as on a CPU tensor without the interpreter)
        def __call__(self, *args):
            raise tf.TilefuseError("no GPU here")

        def specializations(self):
            return []

    cm.kernels[0].kernel = Broken()
    with pytest.warns(UserWarning, match="kernel linear .*could not run.*no GPU here.*running its ops in PyTorch"):
        close(cm(x), model, x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # once per kernel
        close(cm(x), model, x)
    assert cm.kernels[0].fallbacks == 2 and "ran in PyTorch 2 of 2 calls" in cm.report()


def test_inputs_outside_the_capture_run_the_module_eagerly():
    torch.manual_seed(3)
    model = Block().to(DEVICE)
    cm = tf.compile(model, (randn(4, 16),))  # static shapes
    x = randn(6, 16, seed=4)
    with pytest.warns(UserWarning, match="outside what the capture covers"):
        close(cm(x), model, x)
    assert cm.eager_calls == 1


def test_batched_matmul_is_a_kernel():
    class Bmm(nn.Module):
        def forward(self, a, b):
            return torch.matmul(a, b)

    a, b = randn(3, 9, 16), randn(3, 16, 12, seed=1)
    cm = tf.compile(Bmm(), (a, b))
    assert [k.ops for k in cm.kernels] == [["matmul (batched)"]]
    close(cm(a, b), Bmm(), a, b)


def test_clear_errors():
    with pytest.raises(TilefuseError, match="takes a torch.nn.Module, got function"):
        tf.compile(lambda x: x, (randn(2, 2),))
    with pytest.raises(TilefuseError, match="dims names 'seq', which dynamic= does not declare"):
        tf.compile(Block(), (randn(2, 16),), dynamic={"batch": (1, 4)}, dims={"x": {0: "seq"}})

    class Bad(nn.Module):
        def forward(self, x):
            return x.nonzero()[: int(x.sum())]  # data-dependent: export refuses

    with pytest.raises(TilefuseError, match="Bad: torch.export could not capture the module.*backend='tilefuse'"):
        tf.compile(Bad(), (randn(2, 2),))


def _hf_model(kind: str):
    """A tiny transformers model with random weights, and a function making its inputs at a (batch, seq)."""
    transformers = pytest.importorskip("transformers")
    torch.manual_seed(0)

    def ids(b, s):
        return torch.randint(0, 64, (b, s), generator=torch.Generator().manual_seed(b * 100 + s)).to(DEVICE)

    if kind == "bert":
        cfg = transformers.BertConfig(vocab_size=64, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                                      intermediate_size=64, max_position_embeddings=64)
        return transformers.BertModel(cfg), ids
    if kind == "llama":
        cfg = transformers.LlamaConfig(vocab_size=64, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                                       num_key_value_heads=2, intermediate_size=64, max_position_embeddings=64,
                                       use_cache=False)
        return transformers.LlamaForCausalLM(cfg), ids
    if kind == "gpt2":
        cfg = transformers.GPT2Config(vocab_size=64, n_embd=32, n_layer=2, n_head=2, n_positions=64, use_cache=False,
                                      bos_token_id=0, eos_token_id=0)
        return transformers.GPT2LMHeadModel(cfg), ids
    cfg = transformers.ViTConfig(image_size=32, patch_size=8, hidden_size=32, num_hidden_layers=2,
                                 num_attention_heads=2, intermediate_size=64)
    return transformers.ViTModel(cfg), lambda b, s: randn(b, 3, 32, 32, seed=b)


def _first(out):
    return out[0] if isinstance(out, (tuple, list)) else next(iter(out.values()))


# GEMM kernels expected, Q, K and V packed into one and SwiGLU's gate and up one dual GEMM: BERT 8 in the layers +
# the pooler; Llama 8 + the head; GPT-2's
# Conv1D addmms (Q, K, V one already) + the head; ViT 8 + the pooler + the patch embedding (a stride-8 conv).
# Transformers versions that compute RoPE's angles with a matmul have one more.
GEMMS = {"bert": 9, "llama": 9, "gpt2": 9, "vit": 10}


@pytest.mark.parametrize("kind", list(GEMMS))
def test_tiny_transformers_models_match_eager_at_two_shapes(kind):
    """Tiny BERT, Llama (GQA, RoPE, SwiGLU), GPT-2 and ViT from transformers: every GEMM and every attention becomes
    a kernel, nothing falls back at run time, and the outputs match the fp64 module at two shapes."""
    model, make = _hf_model(kind)
    model = model.eval().to(DEVICE)
    with torch.no_grad():
        # ViT: a fixed image size; Llama and GPT-2: the causal-mask code of some transformers versions does not
        # hold over a whole range of lengths (guards like "a multiple of 8"), so only the batch varies
        seq = kind == "bert"
        dynamic = {"batch": (1, 8), "seq": (1, 32)} if seq else {"batch": (1, 8)}
        cm = tf.compile(model, (make(2, 9),), dynamic=dynamic)
        kinds = [k.kind for k in cm.kernels]
        assert kinds.count("attention") == 2 and GEMMS[kind] <= kinds.count("gemm") <= GEMMS[kind] + 1, cm.report()
        assert "linear" not in cm.fallbacks and "addmm" not in cm.fallbacks
        # every LayerNorm (BERT, GPT-2, ViT) and RMSNorm (Llama) is a rows kernel
        assert "native_layer_norm" not in cm.fallbacks and "rsqrt" not in cm.fallbacks and "rows" in kinds, cm.report()
        shared = {id(k.kernel) for k in cm.kernels}  # the two layers' kernels are one program each
        assert len(shared) <= len(cm.kernels) - GEMMS[kind] // 2 + 1
        for shape in ((2, 9), (3, 5) if seq else (3, 9)):
            x = make(*shape)
            ref = _first(copy.deepcopy(model).double()(x.double() if x.is_floating_point() else x))
            assert rel_error(_first(cm(x)), ref) < TOLERANCE["fp32"]
    assert all(k.fallbacks == 0 and k.calls == 2 for k in cm.kernels) and cm.eager_calls == 0
    if kind == "gpt2":  # Conv1D's addmm on flattened rows, then a view: GELU-tanh (as math) still in the epilogue
        assert sum("tanh" in k.ops and "pow" in k.ops for k in cm.kernels) == 2 and "tanh" not in cm.fallbacks
    if kind == "llama":  # SwiGLU (x * sigmoid(x) in core ATen, times up): one dual GEMM per layer
        assert sum("two accumulators" in " ".join(k.ops) and "sigmoid" in k.ops for k in cm.kernels) == 2
        assert all("RoPE on q loads" in k.ops for k in cm.kernels if k.kind == "attention"), cm.report()


def test_torch_compile_backend_is_registered_and_runs_the_kernels():
    """``torch.compile(model, backend="tilefuse")``: found through the entry point, no import of tilefuse.dynamo."""
    import importlib.metadata

    try:
        importlib.metadata.distribution("tilefuse")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("tilefuse is not installed here (run from a checkout): entry points come with the install")
    (entry,) = [e for e in importlib.metadata.entry_points(group="torch_dynamo_backends") if e.name == "tilefuse"]
    assert entry.value == "tilefuse.dynamo:backend"
    torch._dynamo.reset()
    torch.manual_seed(4)
    model = Block().to(DEVICE)
    x = randn(6, 16, seed=6)
    fast = torch.compile(model, backend="tilefuse", dynamic=False)
    close(fast(x), model, x)
    compiled = entry.load().last
    assert [k.kind for k in compiled.kernels] == ["gemm", "gemm", "rows"] and all(k.calls == 1
                                                                                for k in compiled.kernels)


def test_a_kernel_that_fails_the_compile_time_check_is_left_to_pytorch(monkeypatch):
    """check=True (the default) runs every kernel once on the example inputs against its nodes in fp64: a wrong
    kernel (here: ReLU translated as sigmoid) is never kept, and the report says why."""
    from tilefuse.frontend import torch_match

    monkeypatch.setitem(torch_match.ELEMENTWISE, torch.ops.aten.relu.default, lambda a, n: tf.sigmoid(a[0]))
    torch.manual_seed(5)
    model = Act(F.relu).to(DEVICE)
    x = randn(7, 32, seed=7)
    with pytest.warns(UserWarning, match="1 of 1 kernels were left to PyTorch"):
        cm = tf.compile(model, (x,))
    assert not cm.kernels
    (why,) = [w for _, w in cm.fallbacks.values()]
    assert "linear (linear + bias + relu) failed the check on the example inputs (relative error" in why
    assert why in cm.report()
    close(cm(x), model, x)
    unchecked = tf.compile(model, (x,), check=False)  # what the check guards against
    assert len(unchecked.kernels) == 1 and rel_error(unchecked(x), reference(model, x)[0]) > 0.1


def test_a_kernel_that_cannot_run_at_compile_time_is_left_to_pytorch(monkeypatch):
    from tilefuse import module

    def cannot(self, *args):
        raise tf.TilefuseError("tensors are on cpu; set TRITON_INTERPRET=1")

    monkeypatch.setattr(module._KernelCall, "launch", cannot)
    model = Block().to(DEVICE)
    x = randn(3, 16)
    with pytest.warns(UserWarning, match="Block: 3 of 3 kernels were left to PyTorch, e.g. linear .*could not run"):
        cm = tf.compile(model, (x,))
    assert not cm.kernels and "could not run on the example inputs (TilefuseError: tensors are on cpu" in cm.report()
    close(cm(x), model, x)


def test_ranges_the_code_does_not_hold_over_fall_back_to_a_capture_that_works():
    class PadsToEight(nn.Module):
        """Like a causal mask padded to a multiple of 8: torch.export cannot keep the length free over 1..64."""

        def __init__(self):
            super().__init__()
            self.lin = nn.Linear(16, 16)

        def forward(self, x):
            if x.shape[1] % 8 == 0:
                return self.lin(x)
            return self.lin(x) * 2.0

    model = PadsToEight().to(DEVICE)
    x = randn(2, 9, 16)
    with pytest.warns(UserWarning, match="does not hold over the declared dynamic ranges.*captured with"):
        cm = tf.compile(model, (x,), dynamic={"batch": (1, 8), "seq": (1, 64)})
    close(cm(x), model, x)
    assert cm.kernels and cm.kernels[0].calls == 1


def test_the_compile_module_command_writes_kernels_report_and_manifest(tmp_path, capsys):
    import json
    from pathlib import Path

    from tilefuse.cli import main

    example = Path(__file__).resolve().parent.parent / "examples" / "modules" / "mlp_block.py"
    out = tmp_path / "mlp"
    assert main(["compile-module", f"{example}:build", "--dynamic", "batch=1:16", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "linear + bias + gelu" in printed and "checked against the module in fp64" in printed
    manifest = json.loads((out / "manifest.json").read_text())
    assert [k["kind"] for k in manifest["kernels"]] == ["gemm", "gemm", "rows"]
    assert manifest["relative_error_vs_fp64_eager"] < TOLERANCE["fp32"]
    assert all((out / "kernels" / k["file"]).exists() for k in manifest["kernels"])
    assert "native_layer_norm" not in manifest["pytorch_ops"] and (out / "model.py").exists()
    (y,) = tf.load(out, device=DEVICE)(randn(3, 64))  # the package the command wrote
    assert y.shape == (3, 64)
    assert (out / "report.txt").read_text().startswith("tilefuse: MLPBlock: 3 kernels")
    assert main(["compile-module", "no_such.py:build"]) == 2
    assert "no_such.py: no such file" in capsys.readouterr().err
    assert main(["compile-module", f"{example}:build", "--dynamic", "batch=one"]) == 2
    assert "--dynamic takes NAME=LO:HI" in capsys.readouterr().err


@pytest.mark.skipif(DEVICE != "cpu", reason="tunes in the CPU interpreter (seconds per config)")
def test_tune_a_compiled_module_then_its_kernels_take_the_tuned_configs(tmp_path):
    """tilefuse.tune(cm): each distinct kernel at each shape it ran at, into the database; resumable (a second tune
    measures nothing new); afterwards every kernel's choice comes from the database ("exact")."""
    db = tmp_path / "tuning.sqlite"
    torch.manual_seed(6)
    model = Block().to(DEVICE)
    x = randn(4, 16)
    cm = tf.compile(model, (x,), db=db, model_pick=False)  # the check ran each kernel once: one shape each
    summary = tf.tune(cm, budget=2, strategy="random", workers=2, progress=False)
    assert summary["workloads"] == 3 and summary["tuned"] == 3 and summary["measured"] == 6
    again = tf.tune(cm, budget=2, strategy="random", workers=2, progress=False)
    assert again["measured"] == 0  # resumed from the database
    close(cm(x), model, x)
    for k in cm.kernels:
        (spec,) = k.kernel.specializations()
        assert spec["source"] == "exact" and "M=4" in spec["provenance"], spec


def test_a_compiled_module_still_exports_and_compiles():
    """Kernel calls are torch.library ops (tilefuse::...) with fake implementations: torch.export of a compiled
    module keeps them as single ops, and torch.compile around one traces."""
    torch.manual_seed(7)
    model = Block().to(DEVICE)
    x = randn(5, 16, seed=8)
    cm = tf.compile(model, (x,))
    assert "torch.ops.tilefuse." in cm.graph_module.code
    with torch.no_grad():
        ep = torch.export.export(cm, (x,))
        ops = [n.target for n in ep.graph.nodes if n.op == "call_function"]
        assert sum(getattr(t, "namespace", "") == "tilefuse" for t in ops) == 3  # two GEMMs, the LayerNorm
        close(ep.module()(x), model, x)
        torch._dynamo.reset()
        close(torch.compile(cm, backend="aot_eager")(x), model, x)
    assert all(k.calls == 2 and k.fallbacks == 0 for k in cm.kernels)  # the exported and the compiled module


def test_a_kernel_that_does_not_compile_is_left_to_pytorch(monkeypatch):
    from tilefuse.frontend import dsl

    def fails(self, *args, **kwargs):
        raise RuntimeError("no space for this tile")

    monkeypatch.setattr(dsl.Program, "compile", fails)
    model = Block().to(DEVICE)
    x = randn(3, 16)
    with pytest.warns(UserWarning, match="kernels were left to PyTorch"):
        cm = tf.compile(model, (x,))
    assert not cm.kernels and "the kernel did not compile: RuntimeError: no space for this tile" in cm.report()
    close(cm(x), model, x)


def test_powers_an_epilogue_cannot_take_end_the_region():
    class Pow(nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = nn.Linear(8, 8)

        def forward(self, x):
            return (self.lin(x) * 2.0).abs() ** 1.5

    model = Pow().to(DEVICE)
    x = randn(4, 8)
    cm = tf.compile(model, (x,))
    (kernel,) = cm.kernels
    assert kernel.ops == ["linear", "bias", "mul", "abs"]  # the 1.5 power stays PyTorch
    close(cm(x), model, x)


@pytest.mark.skipif(DEVICE != "cpu", reason="tunes in the CPU interpreter (seconds per config)")
def test_the_tune_module_command_tunes_every_distinct_workload(tmp_path, capsys):
    from pathlib import Path

    from tilefuse.autotune.db import TuningDB
    from tilefuse.cli import main

    example = Path(__file__).resolve().parent.parent / "examples" / "modules" / "mlp_block.py"
    db = tmp_path / "tuning.sqlite"
    args = ["tune-module", f"{example}:build", "--budget", "1", "--strategy", "random", "--workers", "2", "--db",
            str(db), "--no-progress"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "tuned 3 of 3 distinct workloads" in out and "3 new measurements" in out
    with TuningDB(db) as store:
        assert len({r.workload.program for r in store.records()}) == 3
    assert main(args) == 0 and "0 new measurements" in capsys.readouterr().out  # resumed: nothing measured again


def test_inputs_unlike_the_example_behave_as_in_eager():
    """Another rank: outside the capture, the module runs eagerly (a warning); another dtype: the kernel cannot
    take it, so its ops run, and PyTorch says what eager says."""
    torch.manual_seed(8)
    model = Block().to(DEVICE)
    x = randn(4, 16)
    cm = tf.compile(model, (x,), dynamic={"batch": (1, 16)})
    with pytest.warns(UserWarning, match="outside what the capture covers"):
        close(cm(x[None]), model, x[None])
    with pytest.raises(RuntimeError) as ours, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "kernel ... could not run": its ops then raise as eager does
        cm(x.double())
    with pytest.raises(RuntimeError) as eager:
        model(x.double())
    assert str(ours.value) == str(eager.value)


BLOCKED_RUNNER = """
import importlib.abc, importlib.util, json, sys
import torch

class Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in ("tilefuse", "transformers"):
            raise ImportError(name + " is blocked: the package must run without it")

sys.meta_path.insert(0, Blocked())
package, io, device = sys.argv[1:4]
spec = importlib.util.spec_from_file_location("saved_model", package + "/model.py")
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
model = module.load(device)
data = torch.load(io)
with torch.no_grad():
    out = model(data["x"].to(device))
got, ref = out[0].double().cpu(), data["ref"].double()
print(json.dumps({"err": ((got - ref).norm() / ref.norm()).item(), "n": len(out)}))
"""


def test_save_and_load_in_process(tmp_path):
    import json

    torch.manual_seed(9)
    model = Block().to(DEVICE)
    x = randn(4, 16)
    cm = tf.compile(model, (x,), dynamic={"batch": (1, 16)})
    path = cm.save(tmp_path / "block")
    manifest = json.loads((path / "manifest.json").read_text())
    assert [k["kind"] for k in manifest["kernels"]] == ["gemm", "gemm", "rows"] and manifest["inputs"] == ["x"]
    assert sorted(p.name for p in (path / "kernels").iterdir()) == sorted({k["file"] for k in manifest["kernels"]})
    loaded = tf.load(path, device=DEVICE)
    for batch in (4, 9):  # the kernels dispatch per shape in the package too
        xb = randn(batch, 16, seed=batch)
        (out,) = loaded(xb)
        close(out, model, xb)
    with pytest.raises(TilefuseError, match="not a saved tilefuse package"):
        tf.load(tmp_path)


@pytest.mark.parametrize("kind", ["bert", "llama"])
def test_a_saved_model_runs_without_tilefuse_or_transformers(kind, tmp_path):
    """The package of a tiny transformers model runs in a fresh process where tilefuse and transformers cannot be
    imported: kernel files, weights, and the graph printed as torch.ops calls."""
    import json
    import os
    import subprocess
    import sys

    model, make = _hf_model(kind)
    model = model.eval().to(DEVICE)
    x = make(2, 9)
    with torch.no_grad():
        cm = tf.compile(model, (x,))
        ref = _first(copy.deepcopy(model).double()(x))
    package = cm.save(tmp_path / kind)
    torch.save({"x": x.cpu(), "ref": ref.cpu()}, tmp_path / "io.pt")
    env = {**os.environ, "TRITON_INTERPRET": "1"} if DEVICE == "cpu" else dict(os.environ)
    proc = subprocess.run([sys.executable, "-c", BLOCKED_RUNNER, str(package), str(tmp_path / "io.pt"), DEVICE],
                          env=env, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["err"] < TOLERANCE["fp32"], result
    assert "torch.ops.aten.embedding" in (package / "model.py").read_text()


def test_a_module_tune_measures_the_config_each_shape_already_runs_first():
    """The cost model's (or the database's) pick at a shape is measured before the space's default and the
    strategy's proposals: a short tune can then never leave the model slower than its untuned compile was (the
    H200 run of 2026-12-04 measured only the default first, and tuned decode ran 1.54 ms against 1.17 ms)."""
    from types import SimpleNamespace

    from tilefuse.module_tune import _initial
    from tilefuse.schedule.space import Config

    default = Config()
    picked = Config(BLOCK_M=16, BLOCK_N=64, SPLIT_K=4)

    def chooser(pick):
        return SimpleNamespace(space=SimpleNamespace(default=default), choose=lambda shape: (pick, {}))

    assert _initial(chooser(picked.to_dict()), {"M": 1}) == [picked, default]
    assert _initial(chooser(None), {"M": 1}) == [default]  # no pick: the default is what runs
    assert _initial(chooser(default.to_dict()), {"M": 1}) == [default]  # measured once
