"""Attention written as math (``softmax(q @ k.transpose(-2, -1) ...) @ v``) in a PyTorch module becomes one attention
kernel, as SDPA does: hand-written modules and transformers' eager attention. Checked against the module in fp64."""

from __future__ import annotations

import copy
import math

import pytest
import torch
import torch.nn as nn
from conftest import DEVICE, DTYPES, TOLERANCE, rel_error

import tilefuse as tf


def randn(*shape, seed=0, dtype=torch.float32):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed)).to(DEVICE, dtype)


def first(out):
    """A forward's first output: a tensor, a tuple's first, or a transformers output's first field."""
    if isinstance(out, torch.Tensor):
        return out
    return out[0] if isinstance(out, (tuple, list)) else next(iter(out.values()))


def reference(model, *args):
    return first(copy.deepcopy(model).double()(*[a.double() if a.is_floating_point() else a for a in args]))


class MaskedFill(nn.Module):
    """Scaled scores, a boolean mask through ``masked_fill``, softmax, then V."""

    def forward(self, q, k, v, keep):
        s = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
        s = s.masked_fill(~keep, float("-inf"))
        return torch.softmax(s, dim=-1) @ v


class BiasThenCast(nn.Module):
    """An additive bias per head, the scores cast to fp32 for the softmax and back (as transformers writes it)."""

    def __init__(self, heads):
        super().__init__()
        self.slopes = nn.Parameter(torch.linspace(0.1, 0.8, heads).view(1, heads, 1, 1))

    def forward(self, q, k, v):
        s = torch.matmul(q, k.transpose(2, 3)) * 0.3
        pos = torch.arange(q.shape[2], device=q.device)
        s = s + self.slopes.to(q.dtype) * (pos[None, :] - pos[:, None]).to(q.dtype)
        p = torch.softmax(s.float(), dim=-1).to(q.dtype)
        return torch.matmul(p, v)


@pytest.mark.parametrize("dtype", DTYPES)
def test_masked_fill_attention_becomes_one_kernel_and_holds_at_a_second_shape(dtype):
    torch_dtype = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}[dtype]
    model = MaskedFill()

    def inputs(b, s, seed):
        q, k, v = (randn(b, 2, s, 16, seed=seed + i, dtype=torch_dtype) for i in range(3))
        keep = torch.ones(s, s, dtype=torch.bool, device=DEVICE).tril()
        return q, k, v, keep

    cm = tf.compile(model, inputs(2, 9, 0), dims={"q": {0: "batch", 2: "seq"}, "k": {0: "batch", 2: "seq"},
                                                  "v": {0: "batch", 2: "seq"}, "keep": {0: "seq", 1: "seq"}},
                    dynamic={"batch": (1, 8), "seq": (2, 32)})
    (attn,) = cm.kernels
    assert attn.kind == "attention" and "attention written as math" in attn.ops[0], cm.report()
    assert any(op.startswith("where (boolean") for op in attn.ops) and "matmul" not in cm.fallbacks
    assert set(cm.fallbacks) == {"bitwise_not"}, cm.report()  # ~keep: an op before the kernel, not inside it
    for b, s in ((2, 9), (3, 17)):
        args = inputs(b, s, 10 * s)
        assert rel_error(cm(*args), reference(model, *args)) < TOLERANCE[dtype]
    assert attn.calls == 2 and attn.fallbacks == 0


def test_a_bias_and_casts_around_the_softmax_stay_in_the_kernel():
    model = BiasThenCast(heads=3).to(DEVICE, torch.float16)
    q, k, v = (randn(2, 3, 11, 16, seed=i, dtype=torch.float16) for i in range(3))
    cm = tf.compile(model, (q, k, v))
    (attn,) = cm.kernels
    # the fp32 cast before the softmax is in the kernel (the one after it is dropped: the kernel keeps fp32)
    assert attn.kind == "attention" and "_to_copy" in attn.ops, cm.report()
    assert any(op.startswith("add (tensor [1, 3, 11, 11])") for op in attn.ops), attn.ops
    assert rel_error(cm(q, k, v), reference(model, q, k, v)) < TOLERANCE["fp16"]


def test_probabilities_read_twice_stay_pytorch_and_the_report_says_why():
    class Both(nn.Module):
        def forward(self, q, k, v):
            p = torch.softmax(q @ k.transpose(-2, -1), dim=-1)
            return p @ v, p  # the probabilities are an output: no kernel can keep them on chip

    q, k, v = (randn(1, 2, 8, 16, seed=i) for i in range(3))
    cm = tf.compile(Both(), (q, k, v))
    assert not [k for k in cm.kernels if k.kind == "attention"]
    assert "the probabilities are read more than once" in cm.report()
    assert rel_error(cm(q, k, v)[0], reference(Both(), q, k, v)) < TOLERANCE["fp32"]


def _eager_model(kind: str):
    transformers = pytest.importorskip("transformers")
    torch.manual_seed(0)
    if kind == "bert":
        cfg = transformers.BertConfig(vocab_size=64, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                                      intermediate_size=64, max_position_embeddings=64)
        model = transformers.BertModel(cfg)
    elif kind == "gpt2":
        cfg = transformers.GPT2Config(vocab_size=64, n_embd=32, n_layer=2, n_head=2, n_positions=64,
                                      use_cache=False, bos_token_id=0, eos_token_id=0)
        model = transformers.GPT2LMHeadModel(cfg)
    else:
        cfg = transformers.LlamaConfig(vocab_size=64, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                                       num_key_value_heads=2, intermediate_size=64, max_position_embeddings=64,
                                       use_cache=False)
        model = transformers.LlamaForCausalLM(cfg)
    model.config._attn_implementation = "eager"  # the attention as matmul, mask, softmax, matmul
    return model.eval().to(DEVICE)


@pytest.mark.parametrize("kind", ["bert", "gpt2", "llama"])
def test_transformers_eager_attention_becomes_attention_kernels(kind):
    """transformers' eager attention (no SDPA): each layer's attention is one kernel with its scale and mask, Llama's
    GQA read in place (no repeat_kv copy) and its RoPE on the query loads; the logits match the fp64 model."""
    model = _eager_model(kind)

    def ids(b, s):
        return torch.randint(0, 64, (b, s), generator=torch.Generator().manual_seed(b * 100 + s)).to(DEVICE)

    with torch.no_grad():
        cm = tf.compile(model, (ids(2, 9),), dynamic={"batch": (1, 8)})
        attn = [k for k in cm.kernels if k.kind == "attention"]
        assert len(attn) == 2 and all("attention written as math" in k.ops[0] for k in attn), cm.report()
        assert "matmul" not in cm.fallbacks and "_softmax" not in cm.fallbacks, cm.report()
        if kind == "llama":
            assert all("GQA (repeat_kv read in place)" in k.ops and "RoPE on q loads" in k.ops for k in attn)
        for shape in ((2, 9), (3, 9)):
            x = ids(*shape)
            assert rel_error(first(cm(x)), reference(model, x)) < TOLERANCE["fp32"]
    assert all(k.fallbacks == 0 and k.calls == 2 for k in attn) and cm.eager_calls == 0
