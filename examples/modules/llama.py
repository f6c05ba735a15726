"""A Llama-3-style decoder (RMSNorm, RoPE, grouped-query attention, SwiGLU) with a static KV cache, written in
plain PyTorch, for ``tilefuse compile-module`` and the model benchmark.

``forward(ids, pos)`` takes token ids [B, S] and their positions [S]. With ``max_cache=0`` it is a prefill
without a cache (causal SDPA). With a cache it writes this step's keys and values at ``pos`` into buffers
[B, HKV, max_cache, D] (``index_copy_``) and attends over the whole cache with a mask hiding the positions after
each query: the same forward serves prefill and one-token decode steps.

    tilefuse compile-module examples/modules/llama.py:cli --out build/llama
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class LlamaShape:
    vocab: int = 128256
    hidden: int = 4096
    intermediate: int = 14336
    layers: int = 32
    heads: int = 32
    kv_heads: int = 8
    rope_theta: float = 500000.0
    max_positions: int = 8192
    max_cache: int = 0        # 0: no cache (prefill only); else the static cache length
    batch: int = 1            # the cache's batch size

    @property
    def head_dim(self) -> int:
        return self.hidden // self.heads


class RMSNorm(nn.Module):
    def __init__(self, d: int, eps: float = 1e-5):
        super().__init__()
        self.weight, self.eps = nn.Parameter(torch.ones(d)), eps

    def forward(self, x):
        xf = x.float()
        return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)).to(x.dtype) * self.weight


def rotate(x, cos, sin):
    half = x.shape[-1] // 2
    x1, x2 = x[..., :half], x[..., half:]
    return x * cos + torch.cat((-x2, x1), dim=-1) * sin


class Attention(nn.Module):
    def __init__(self, c: LlamaShape):
        super().__init__()
        d = c.head_dim
        self.c = c
        self.q_proj = nn.Linear(c.hidden, c.heads * d, bias=False)
        self.k_proj = nn.Linear(c.hidden, c.kv_heads * d, bias=False)
        self.v_proj = nn.Linear(c.hidden, c.kv_heads * d, bias=False)
        self.o_proj = nn.Linear(c.heads * d, c.hidden, bias=False)
        if c.max_cache:
            self.register_buffer("k_cache", torch.zeros(c.batch, c.kv_heads, c.max_cache, d), persistent=False)
            self.register_buffer("v_cache", torch.zeros(c.batch, c.kv_heads, c.max_cache, d), persistent=False)

    def forward(self, x, cos, sin, pos):
        b, s, _ = x.shape
        d = self.c.head_dim
        q = self.q_proj(x).view(b, s, self.c.heads, d).transpose(1, 2)
        k = self.k_proj(x).view(b, s, self.c.kv_heads, d).transpose(1, 2)
        v = self.v_proj(x).view(b, s, self.c.kv_heads, d).transpose(1, 2)
        q, k = rotate(q, cos, sin), rotate(k, cos, sin)
        if self.c.max_cache:
            self.k_cache.index_copy_(2, pos, k)
            self.v_cache.index_copy_(2, pos, v)
            visible = torch.arange(self.c.max_cache, device=x.device)[None, :] <= pos[:, None]  # [S, cache]
            o = F.scaled_dot_product_attention(q, self.k_cache, self.v_cache, attn_mask=visible, enable_gqa=True)
        else:
            o = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
        return self.o_proj(o.transpose(1, 2).reshape(b, s, -1))


class Layer(nn.Module):
    def __init__(self, c: LlamaShape):
        super().__init__()
        self.attn_norm, self.mlp_norm = RMSNorm(c.hidden), RMSNorm(c.hidden)
        self.attn = Attention(c)
        self.gate_proj = nn.Linear(c.hidden, c.intermediate, bias=False)
        self.up_proj = nn.Linear(c.hidden, c.intermediate, bias=False)
        self.down_proj = nn.Linear(c.intermediate, c.hidden, bias=False)

    def forward(self, x, cos, sin, pos):
        x = x + self.attn(self.attn_norm(x), cos, sin, pos)
        h = self.mlp_norm(x)
        return x + self.down_proj(F.silu(self.gate_proj(h)) * self.up_proj(h))


class Llama(nn.Module):
    def __init__(self, c: LlamaShape):
        super().__init__()
        self.c = c
        self.embed = nn.Embedding(c.vocab, c.hidden)
        self.layers = nn.ModuleList(Layer(c) for _ in range(c.layers))
        self.norm = RMSNorm(c.hidden)
        self.head = nn.Linear(c.hidden, c.vocab, bias=False)
        inv = 1.0 / (c.rope_theta ** (torch.arange(0, c.head_dim, 2).float() / c.head_dim))
        angles = torch.outer(torch.arange(c.max_positions).float(), inv)
        angles = torch.cat((angles, angles), dim=-1)
        self.register_buffer("cos", angles.cos(), persistent=False)
        self.register_buffer("sin", angles.sin(), persistent=False)

    def forward(self, ids, pos):
        x = self.embed(ids)
        cos, sin = self.cos[pos].to(x.dtype), self.sin[pos].to(x.dtype)
        for layer in self.layers:
            x = layer(x, cos, sin, pos)
        return self.head(self.norm(x))


def build(**shape):
    """A tiny random-weight model and example inputs (a 6-token prefill into a 32-token cache)."""
    torch.manual_seed(0)
    c = LlamaShape(**{"vocab": 256, "hidden": 64, "intermediate": 128, "layers": 2, "heads": 4, "kv_heads": 2,
                      "max_positions": 64, "max_cache": 32, "batch": 2, **shape})
    model = Llama(c).eval()
    return model, (torch.randint(0, c.vocab, (c.batch, 6)), torch.arange(6))


def cli():
    """``build()`` and the dims the command line compiles it with: any length from 1 (one-token decode steps) to
    the cache's, for the token ids' dim 1 and the positions' dim 0."""
    model, inputs = build()
    return model, inputs, {"dims": {"ids": {1: "seq"}, "pos": {0: "seq"}}, "dynamic": {"seq": (1, 32)}}
