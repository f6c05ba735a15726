"""The attention examples (examples/attention/*.py) under the reference semantics, against independent torch.

Each example program runs through ``program(*inputs, compute_dtype=torch.float64)`` on small ragged
shapes and is compared with attention written here directly in torch (``scaled_dot_product_attention``
with an explicit mask, or a hand-written softmax), never through tilefuse's own helpers. Masks that
leave some query rows with no visible key are built on purpose: those rows must be exact zeros, and
their log-sum-exp -inf, with no NaN anywhere.
"""

from __future__ import annotations

import ast
import math
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from tilefuse.frontend.dsl import Program
from tilefuse.frontend.loading import load_programs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples" / "attention").glob("*.py"))
F64 = torch.float64
B, H, D = 2, 4, 16


def load(name: str) -> Program:
    (program,) = load_programs(str(ROOT / "examples" / "attention" / f"{name}.py"))
    return program


def randn(gen: torch.Generator, *shape) -> torch.Tensor:
    return torch.randn(*shape, generator=gen, dtype=torch.float32)


def qkv(gen, m: int, n: int, h: int = H, hkv: int | None = None, d: int = D, dv: int | None = None):
    hkv = h if hkv is None else hkv
    return randn(gen, B, h, m, d), randn(gen, B, hkv, n, d), randn(gen, B, hkv, n, dv or d)


def causal(m: int, n: int, bottom_right: bool = False) -> torch.Tensor:
    """Visibility [m, n]: top-left (``m >= n``) or bottom-right (``m + N - M >= n``) aligned."""
    i, j = torch.arange(m)[:, None], torch.arange(n)[None, :]
    return i + (n - m if bottom_right else 0) >= j


def oracle(q, k, v, visible=None, bias=None, score_mod=None):
    """Attention in fp64: sdpa with a float mask, or (for ``score_mod``) a hand-written softmax.

    ``visible`` (bool, broadcast to [B, H, M, N]) marks the keys a query sees; rows that see none are zeros.
    Returns the output and the log-sum-exp of the masked scores.
    """
    q, k, v = (t.to(F64) for t in (q, k, v))
    scale = 1.0 / math.sqrt(q.shape[-1])
    s = q @ k.transpose(-1, -2) * scale
    if score_mod is not None:
        s = score_mod(s)
    if bias is not None:
        s = s + bias.to(F64)
    visible = torch.ones(s.shape, dtype=torch.bool) if visible is None else visible.expand(s.shape)
    s = s.masked_fill(~visible, -math.inf)
    if score_mod is None:
        mask = torch.zeros(s.shape, dtype=F64).masked_fill(~visible, -math.inf)
        if bias is not None:
            mask = mask + bias.to(F64)
        o = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    else:
        o = torch.softmax(s, dim=-1) @ v
    seen = visible.any(dim=-1, keepdim=True)
    return torch.where(seen, o, torch.zeros((), dtype=F64)), torch.logsumexp(s, dim=-1)


def check(out: torch.Tensor, ref: torch.Tensor, tol: float = 1e-10):
    assert out.shape == ref.shape, (out.shape, ref.shape)
    assert out.dtype == F64
    assert not torch.isnan(out).any(), "the reference output has NaNs"
    err = ((out - ref).norm() / ref.norm()).item()
    assert err <= tol, f"relative error {err:.3e} > {tol:.1e}"


def check_zero_rows(out: torch.Tensor, visible: torch.Tensor) -> int:
    """Rows (over the last axis) that see no key are exact zeros; returns how many there are (must be > 0)."""
    dead = ~visible.expand(*out.shape[:-1], visible.shape[-1]).any(dim=-1)
    assert dead.any(), "the case was meant to have fully masked query rows"
    assert torch.equal(out[dead], torch.zeros_like(out[dead]))
    return int(dead.sum())


# ------------------------------------------------------------------------------------ the variants


def test_plain():
    gen = torch.Generator().manual_seed(1)
    q, k, v = qkv(gen, 70, 70)
    check(load("plain")(q, k, v, compute_dtype=F64), oracle(q, k, v)[0])


def test_plain_matches_sdpa_without_mask():
    """Also against sdpa called with its own defaults (scale 1/sqrt(D), no mask), not through ``oracle``."""
    gen = torch.Generator().manual_seed(2)
    q, k, v = qkv(gen, 70, 70)
    sdpa = F.scaled_dot_product_attention(*(t.to(F64) for t in (q, k, v)))
    check(load("plain")(q, k, v, compute_dtype=F64), sdpa)


def test_causal():
    gen = torch.Generator().manual_seed(3)
    q, k, v = qkv(gen, 70, 70)
    sdpa = F.scaled_dot_product_attention(*(t.to(F64) for t in (q, k, v)), is_causal=True)
    out = load("causal")(q, k, v, compute_dtype=F64)
    check(out, sdpa)
    check(out, oracle(q, k, v, causal(70, 70))[0])


@pytest.mark.parametrize("m,n", [(33, 70), (70, 70), (70, 33)])
def test_causal_bottom_right(m, n):
    gen = torch.Generator().manual_seed(4)
    q, k, v = qkv(gen, m, n)
    visible = causal(m, n, bottom_right=True)
    out = load("causal_bottom_right")(q, k, v, compute_dtype=F64)
    check(out, oracle(q, k, v, visible)[0])
    if m > n:
        assert check_zero_rows(out, visible) == B * H * (m - n)
    if m == n:
        check(out, load("causal")(q, k, v, compute_dtype=F64))


@pytest.mark.parametrize("m", [1, 5, 16])
def test_decode(m):
    gen = torch.Generator().manual_seed(5)
    q, k, v = qkv(gen, m, 70)
    out = load("decode")(q, k, v, compute_dtype=F64)
    check(out, oracle(q, k, v, causal(m, 70, bottom_right=True))[0])
    if m == 1:  # one new token sees the whole cache
        check(out, oracle(q, k, v)[0])


@pytest.mark.parametrize("window", [None, 1, 8, 69, 70])
def test_sliding_window(window, monkeypatch):
    program = load("sliding_window")
    if window is None:
        window = program.fn.__globals__["WINDOW"]
        assert window == 1024  # the file's default: wider than N = 70, so plain causal here
    else:
        monkeypatch.setitem(program.fn.__globals__, "WINDOW", window)
    gen = torch.Generator().manual_seed(6)
    q, k, v = qkv(gen, 70, 70)
    i, j = torch.arange(70)[:, None], torch.arange(70)[None, :]
    out = program(q, k, v, compute_dtype=F64)
    check(out, oracle(q, k, v, (i >= j) & (i - j < window))[0])
    if window == 1:  # each query sees only itself: the output is v
        check(out, v.to(F64))


def test_alibi():
    gen = torch.Generator().manual_seed(7)
    q, k, v = qkv(gen, 70, 70)
    slopes = torch.tensor([2.0 ** (-8 * (h + 1) / H) for h in range(H)], dtype=torch.float32)
    i, j = torch.arange(70)[:, None], torch.arange(70)[None, :]
    bias = slopes[:, None, None].to(F64) * (j - i).to(F64)  # [H, M, N]
    out = load("alibi")(q, k, v, slopes, compute_dtype=F64)
    check(out, oracle(q, k, v, causal(70, 70), bias=bias)[0])


@pytest.mark.parametrize("cap", [None, 2.0])
def test_softcap(cap, monkeypatch):
    program = load("softcap")
    if cap is None:
        cap = program.fn.__globals__["CAP"]
        assert cap == 30.0
    else:
        monkeypatch.setitem(program.fn.__globals__, "CAP", cap)
    gen = torch.Generator().manual_seed(8)
    q, k, v = qkv(gen, 70, 70)
    q = q * 4  # scores of a few units, so a cap of 2 bends them
    out = program(q, k, v, compute_dtype=F64)
    check(out, oracle(q, k, v, causal(70, 70), score_mod=lambda s: cap * torch.tanh(s / cap))[0])
    if cap == 2.0:  # the cap matters: without it the result is far off
        plain = oracle(q, k, v, causal(70, 70))[0]
        assert ((out - plain).norm() / plain.norm()).item() > 1e-2


@pytest.mark.parametrize("r", [8, 32, 200])
def test_relative_bias(r):
    gen = torch.Generator().manual_seed(9)
    q, k, v = qkv(gen, 70, 70)
    table = randn(gen, H, r)
    rel = torch.arange(70)[:, None] - torch.arange(70)[None, :]
    bucket = rel.clamp(-(r // 2), r // 2 - 1) + r // 2
    bias = table[:, bucket]  # [H, M, N]
    out = load("relative_bias")(q, k, v, table, compute_dtype=F64)
    check(out, oracle(q, k, v, bias=bias)[0])


@pytest.mark.parametrize("hkv", [1, 2, 4])
def test_gqa(hkv):
    gen = torch.Generator().manual_seed(10)
    q, k, v = qkv(gen, 70, 70, hkv=hkv)
    g = H // hkv
    out = load("gqa")(q, k, v, compute_dtype=F64)
    check(out, oracle(q, k.repeat_interleave(g, dim=1), v.repeat_interleave(g, dim=1))[0])
    if hkv == H:
        check(out, load("plain")(q, k, v, compute_dtype=F64))


def test_document_mask():
    gen = torch.Generator().manual_seed(11)
    n = 70
    q, k, v = qkv(gen, n, n)
    # Batch 0: 4 documents of random lengths. Batch 1: 3 documents, then 6 padding tokens (id -1).
    doc = torch.empty(B, n, dtype=torch.int32)
    cuts = torch.sort(torch.randperm(n - 1, generator=gen)[:3] + 1).values.tolist()
    doc[0] = torch.bucketize(torch.arange(n), torch.tensor(cuts), right=True).to(torch.int32)
    doc[1, : n - 6] = torch.tensor([0] * 20 + [1] * 30 + [2] * (n - 56), dtype=torch.int32)
    doc[1, n - 6 :] = -1
    dq, dk = doc[:, None, :, None], doc[:, None, None, :]
    visible = (dq == dk) & (dk >= 0) & causal(n, n)
    out = load("document_mask")(q, k, v, doc, compute_dtype=F64)
    check(out, oracle(q, k, v, visible)[0])
    assert check_zero_rows(out, visible) == H * 6  # the padding queries of batch 1
    # Without padding, every row sees at least its own token; a single document is plain causal.
    one_doc = torch.zeros(B, n, dtype=torch.int32)
    check(load("document_mask")(q, k, v, one_doc, compute_dtype=F64), oracle(q, k, v, causal(n, n))[0])


@pytest.mark.parametrize("m,n,dv", [(33, 70, 24), (70, 33, 16), (1, 70, 8)])
def test_cross_attention(m, n, dv):
    gen = torch.Generator().manual_seed(12)
    q, k, v = qkv(gen, m, n, dv=dv)
    out = load("cross_attention")(q, k, v, compute_dtype=F64)
    assert out.shape == (B, H, m, dv)
    check(out, F.scaled_dot_product_attention(*(t.to(F64) for t in (q, k, v))))


def test_paged_kv():
    gen = torch.Generator().manual_seed(13)
    ps, n_pages, spare, m = 16, 5, 3, 5
    n_max = n_pages * ps  # 80 key slots per sequence
    pool = B * n_pages + spare
    q = randn(gen, B, H, m, D)
    k_cache, v_cache = randn(gen, pool, ps, H, D), randn(gen, pool, ps, H, D)
    pages = torch.randperm(pool, generator=gen)[: B * n_pages].view(B, n_pages).to(torch.int32)
    seq_lens = torch.tensor([3, 70], dtype=torch.int32)  # batch 0: fewer cached tokens than queries
    # The test's own gather: contiguous K/V [B, H, NP*PS, D] from the pages.
    k = k_cache[pages.long()].reshape(B, n_max, H, D).permute(0, 2, 1, 3)
    v = v_cache[pages.long()].reshape(B, n_max, H, D).permute(0, 2, 1, 3)
    i, j, length = torch.arange(m)[:, None], torch.arange(n_max)[None, :], seq_lens.long()[:, None, None, None]
    visible = (j < length) & (i + length - m >= j)  # [B, 1, M, N]
    out = load("paged_kv")(q, k_cache, v_cache, pages, seq_lens, compute_dtype=F64)
    check(out, oracle(q, k, v, visible)[0])
    assert check_zero_rows(out, visible) == H * 2  # batch 0: queries 0 and 1 come before its 3 tokens
    # Batch 1 equals decode attention over its first 70 tokens, gathered by hand.
    check(out[1:], load("decode")(q[1:], k[1:, :, :70], v[1:, :, :70], compute_dtype=F64))


@pytest.mark.parametrize("hkv,m", [(1, 1), (2, 3), (4, 1)])
def test_gqa_decode(hkv, m):
    """Grouped heads, the M queries the last M keys (bottom-right causal); with HKV = H it is decode.py."""
    gen = torch.Generator().manual_seed(15)
    q, k, v = qkv(gen, m, 37, hkv=hkv)
    g = H // hkv
    out = load("gqa_decode")(q, k, v, compute_dtype=F64)
    check(out, oracle(q, k.repeat_interleave(g, dim=1), v.repeat_interleave(g, dim=1), causal(m, 37, True))[0])
    if hkv == H:
        check(out, load("decode")(q, k, v, compute_dtype=F64))


def test_paged_gqa():
    """Paged K/V with 2 key/value heads for 4 query heads: the test gathers the pages and repeats the heads."""
    gen = torch.Generator().manual_seed(16)
    ps, n_pages, spare, m, hkv = 16, 5, 3, 2, 2
    n_max, pool = n_pages * ps, B * n_pages + spare
    q = randn(gen, B, H, m, D)
    k_cache, v_cache = randn(gen, pool, ps, hkv, D), randn(gen, pool, ps, hkv, D)
    pages = torch.randperm(pool, generator=gen)[: B * n_pages].view(B, n_pages).to(torch.int32)
    seq_lens = torch.tensor([1, 66], dtype=torch.int32)  # batch 0: one cached token for two queries
    k, v = (c[pages.long()].reshape(B, n_max, hkv, D).permute(0, 2, 1, 3).repeat_interleave(H // hkv, dim=1)
            for c in (k_cache, v_cache))
    i, j, length = torch.arange(m)[:, None], torch.arange(n_max)[None, :], seq_lens.long()[:, None, None, None]
    visible = (j < length) & (i + length - m >= j)
    out = load("paged_gqa")(q, k_cache, v_cache, pages, seq_lens, compute_dtype=F64)
    check(out, oracle(q, k, v, visible)[0])
    assert check_zero_rows(out, visible) == H  # batch 0: query 0 comes before its one token


@pytest.mark.parametrize("m,n", [(70, 70), (33, 70), (70, 33)])
def test_lse(m, n):
    gen = torch.Generator().manual_seed(14)
    q, k, v = qkv(gen, m, n)
    visible = causal(m, n, bottom_right=True)
    out, lse = load("lse")(q, k, v, compute_dtype=F64)
    ref_out, ref_lse = oracle(q, k, v, visible)
    check(out, ref_out)
    assert lse.shape == (B, H, m) and not torch.isnan(lse).any()
    finite = torch.isfinite(ref_lse)
    assert torch.equal(torch.isfinite(lse), finite)
    assert (lse[~finite] == -math.inf).all()
    check(lse[finite], ref_lse[finite], tol=1e-12)
    if m > n:
        assert check_zero_rows(out, visible) == B * H * (m - n)
        assert int((~finite).sum()) == B * H * (m - n)
    else:
        assert finite.all()
    # The output is also softmax(s - lse) @ v, the form a backward pass rebuilds it in.
    s = (q.to(F64) @ k.to(F64).transpose(-1, -2) / math.sqrt(D)).masked_fill(~visible, -math.inf)
    p = torch.exp(s - torch.where(finite, lse, 0.0)[..., None])
    check(out, p @ v.to(F64))


# ------------------------------------------------------------------------------------ the files

def test_prefix_lm(monkeypatch):
    program = load("prefix_lm")
    monkeypatch.setitem(program.fn.__globals__, "PREFIX", 23)
    gen = torch.Generator().manual_seed(20)
    q, k, v = qkv(gen, 70, 70)
    i, j = torch.arange(70)[:, None], torch.arange(70)[None, :]
    check(program(q, k, v, compute_dtype=F64), oracle(q, k, v, (j <= i) | (j < 23))[0])


def test_chunked(monkeypatch):
    program = load("chunked")
    monkeypatch.setitem(program.fn.__globals__, "CHUNK", 16)
    gen = torch.Generator().manual_seed(21)
    q, k, v = qkv(gen, 70, 70)
    i, j = torch.arange(70)[:, None], torch.arange(70)[None, :]
    visible = (torch.div(i, 16, rounding_mode="floor") == torch.div(j, 16, rounding_mode="floor")) & (j <= i)
    check(program(q, k, v, compute_dtype=F64), oracle(q, k, v, visible)[0])


def test_dilated(monkeypatch):
    program = load("dilated")
    monkeypatch.setitem(program.fn.__globals__, "SPAN", 30)
    monkeypatch.setitem(program.fn.__globals__, "DILATION", 4)
    gen = torch.Generator().manual_seed(22)
    q, k, v = qkv(gen, 70, 70)
    i, j = torch.arange(70)[:, None], torch.arange(70)[None, :]
    visible = (i >= j) & (i - j < 30) & ((i - j) % 4 == 0)
    check(program(q, k, v, compute_dtype=F64), oracle(q, k, v, visible)[0])


def test_mask_tensor():
    gen = torch.Generator().manual_seed(23)
    q, k, v = qkv(gen, 40, 70)
    mask = (torch.rand(B, 40, 70, generator=gen) < 0.2).to(torch.int8)
    mask[0, 3] = 0  # a query row that sees nothing
    visible = (mask != 0)[:, None]
    out = load("mask_tensor")(q, k, v, mask, compute_dtype=F64)
    check(out, oracle(q, k, v, visible)[0])
    assert check_zero_rows(out, visible) >= H


def test_topk_blocks(monkeypatch):
    program = load("topk_blocks")
    monkeypatch.setitem(program.fn.__globals__, "BS", 8)
    gen = torch.Generator().manual_seed(24)
    q, k, v = qkv(gen, 70, 70)
    qb = kb = 9
    # Each query block keeps its top-3 key blocks by a random router score.
    router = torch.rand(B, H, qb, kb, generator=gen)
    top = router.topk(3, dim=-1).indices
    selected = torch.zeros(B, H, qb, kb, dtype=torch.int8).scatter_(-1, top, 1)
    visible = selected.repeat_interleave(8, 2).repeat_interleave(8, 3)[:, :, :70, :70] != 0
    check(program(q, k, v, selected, compute_dtype=F64), oracle(q, k, v, visible)[0])


TESTED = {"plain", "causal", "causal_bottom_right", "decode", "sliding_window", "alibi", "softcap",
          "relative_bias", "gqa", "document_mask", "cross_attention", "paged_kv", "lse", "prefix_lm", "chunked",
          "dilated", "mask_tensor", "topk_blocks", "gqa_decode", "paged_gqa"}


def test_every_example_is_tested():
    assert {p.stem for p in EXAMPLES} == TESTED


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_file_shape(path):
    """One @tf.program per file, a docstring that says how to compile it, and a unique program name."""
    tree = ast.parse(path.read_text())
    doc = ast.get_docstring(tree)
    assert doc, f"{path.name} has no module docstring"
    rel = path.relative_to(ROOT).as_posix()
    assert f"tilefuse compile {rel} --out build" in doc, f"{path.name}: the docstring shows no command"
    decorated = [node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
                 for dec in node.decorator_list if ast.unparse(dec) == "tf.program"]
    assert len(decorated) == 1, f"{path.name} defines {decorated}"
    programs = load_programs(str(path))
    assert [p.name for p in programs] == decorated


def test_program_names_are_unique():
    """``tilefuse compile ... --out build`` writes build/<program>.py, so the examples must not collide."""
    names = [load_programs(str(p))[0].name for p in EXAMPLES]
    assert len(set(names)) == len(names), names
