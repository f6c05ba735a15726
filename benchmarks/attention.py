"""Attention benchmark: tilefuse forward attention variants against SDPA (flash, cuDNN) and FlexAttention.

Run on a GPU box from the repository root::

    PYTHONPATH=. python3 benchmarks/attention.py --out OUT_DIR [--only 16384] [--variants causal,decode]
        [--seqs 1024,4096] [--decode-m 1,4,16] [--no-flex] [--time-budget 420]

and on a CPU machine (Triton interpreter, tiny shapes, just to prove the code paths)::

    PYTHONPATH=. python3 benchmarks/attention.py --dry-run --out /tmp/attndry

Prefill cases: B=4, H=32, D=128 (or each of --head-dims), S = M = N in --seqs; variants plain, causal,
sliding-1024 (causal window), alibi+causal, softcap+causal (tanh, cap 30) and document+causal (packed documents of
random lengths). Two of the prefill configs load K and V through TMA descriptors (USE_TMA).
Decode cases: B=64, H=32, D=128, N=8192 keys, M in --decode-m new queries; plain and causal (bottom-right).
Every variant is a naive tilefuse program below (einsum, score mod, mask with tf.where, softmax, einsum).

Correctness: each implementation writes its whole output (tilefuse into a NaN-poisoned ``out=``), and a
slice of it (batches 0, B/2 and B-1, heads 0, H/2 and H-1, and 256 query rows: the first 64, the last 64
and 128 random ones, or all of them when M <= 256) is compared with an fp64 reference of that slice,
computed from the same mask and score-mod formulas that FlexAttention is given. On small cases (the dry
run) those formulas are also checked against the tilefuse program's own fp64 reference semantics.

TFLOP/s counts only the unmasked work: 4 * B * H * D * (number of unmasked (m, n) pairs), the pairs counted
exactly by evaluating the mask. GB/s counts q, k, v (and the slopes or document ids) read once and the
output written once; for decode that is the number to look at.
"""

import argparse
import functools
import math
import os
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# --dry-run runs the kernels in Triton's CPU interpreter, which must be chosen before triton is imported.
if __name__ == "__main__" and "--dry-run" in sys.argv[1:]:
    os.environ["TRITON_INTERPRET"] = "1"

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for `import harness` however we are started

import harness  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch.nn.attention import SDPBackend, sdpa_kernel  # noqa: E402

import tilefuse as tf  # noqa: E402
from tilefuse.errors import ConfigError  # noqa: E402
from tilefuse.frontend.reference import run_reference, safe_softmax  # noqa: E402

SOFTCAP = 30.0
WINDOW = 1024  # sliding-window size of the real run (the dry run uses a window of DRY_WINDOW keys)
DRY_WINDOW = 16

# ------------------------------------------------------------------------------------------- programs
# q, k, v are [B, H, S, D] (SDPA's layout); the scale is 1/sqrt(D); the output is [B, H, M, D].


@tf.program
def attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
              v: tf.Tensor["B", "H", "N", "D"]):
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)


@tf.program
def causal_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                     v: tf.Tensor["B", "H", "N", "D"]):
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = tf.where(tf.index("m") >= tf.index("n"), s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)


@functools.cache
def sliding_window_attention(window: int) -> tf.Program:
    """Causal attention over the last ``window`` keys; the window is a compile-time constant."""

    @tf.program
    def sliding_window_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                                 v: tf.Tensor["B", "H", "N", "D"]):
        i, j = tf.index("m"), tf.index("n")
        s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
        s = tf.where((i >= j) & (i - j < window), s, -tf.inf)
        return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)

    return sliding_window_attention


@tf.program
def alibi_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                    v: tf.Tensor["B", "H", "N", "D"], slopes: tf.Tensor["H", tf.fp32]):
    i, j = tf.index("m"), tf.index("n")
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D")) + slopes * (j - i)
    s = tf.where(i >= j, s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)


@tf.program
def softcap_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                      v: tf.Tensor["B", "H", "N", "D"]):
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = SOFTCAP * tf.tanh(s / SOFTCAP)
    s = tf.where(tf.index("m") >= tf.index("n"), s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)


@tf.program
def document_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                       v: tf.Tensor["B", "H", "N", "D"], doc: tf.Tensor["B", "N", tf.int32]):
    doc_q = doc[tf.index("b"), tf.index("m")]  # the query token's document (self-attention: M == N)
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = tf.where((doc_q == doc) & (tf.index("m") >= tf.index("n")), s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)


@tf.program
def decode_causal_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                            v: tf.Tensor["B", "H", "N", "D"]):
    """Bottom-right causal: the M queries are the last M of the N tokens."""
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = tf.where(tf.index("m") + tf.dim("N") - tf.dim("M") >= tf.index("n"), s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)


# ------------------------------------------------------------- the same variants as torch formulas
# ``keep(c, b, m, n)`` is the mask (True: the pair takes part) and ``mod(c, s, b, h, m, n)`` the score mod,
# written once in torch: the fp64 reference evaluates them on broadcast index tensors, FlexAttention
# receives them as mask_mod / score_mod, and the FLOP count evaluates ``keep``.


@dataclass
class Ctx:
    """What a variant's mask and score mod read besides the indices."""

    M: int
    N: int
    window: int
    slopes: torch.Tensor | None = None  # [H] fp32 (alibi)
    doc: torch.Tensor | None = None  # [B, N] int32 (document)


def keep_causal(c, b, m, n):
    return m >= n


def keep_sliding(c, b, m, n):
    return (m >= n) & (m - n < c.window)


def keep_document(c, b, m, n):
    return (c.doc[b, m] == c.doc[b, n]) & (m >= n)


def keep_bottom_right(c, b, m, n):
    return m + (c.N - c.M) >= n


def mod_alibi(c, s, b, h, m, n):
    return s + c.slopes[h] * (n - m)


def mod_softcap(c, s, b, h, m, n):
    return SOFTCAP * torch.tanh(s / SOFTCAP)


@dataclass(frozen=True)
class Variant:
    key: str  # the --variants name
    name: str  # the reports' name, formatted with the window
    make_program: Callable[[int], tf.Program]  # window -> the tilefuse program
    decode: bool = False
    keep: Callable | None = None
    mod: Callable | None = None
    extra: str | None = None  # "slopes" or "doc": the input after v
    sdpa: str | None = None  # "plain", "causal" (top-left), "bottom_right" or None (no SDPA equivalent)

    def label(self, window: int) -> str:
        return self.name.format(window=window)

    def program(self, window: int) -> tf.Program:
        return self.make_program(window)


def _fixed(program: tf.Program) -> Callable[[int], tf.Program]:
    return lambda window: program


VARIANTS = {v.key: v for v in [
    Variant("plain", "plain", _fixed(attention), sdpa="plain"),
    Variant("causal", "causal", _fixed(causal_attention), keep=keep_causal, sdpa="causal"),
    Variant("sliding", "sliding-{window}", sliding_window_attention, keep=keep_sliding),
    Variant("alibi", "alibi+causal", _fixed(alibi_attention), keep=keep_causal, mod=mod_alibi, extra="slopes"),
    Variant("softcap", "softcap+causal", _fixed(softcap_attention), keep=keep_causal, mod=mod_softcap),
    Variant("document", "document+causal", _fixed(document_attention), keep=keep_document, extra="doc"),
    Variant("decode", "decode", _fixed(attention), decode=True, sdpa="plain"),
    Variant("decode-causal", "decode-causal", _fixed(decode_causal_attention), decode=True, keep=keep_bottom_right,
            sdpa="bottom_right"),
]}

# ---------------------------------------------------------------------------------------------- cases

PREFILL = {"B": 4, "H": 32, "D": 128, "seqs": (1024, 4096, 16384)}
DECODE = {"B": 64, "H": 32, "D": 128, "N": 8192, "ms": (1, 4, 16)}
DRY_PREFILL = {"B": 1, "H": 2, "D": 16, "seqs": (40,)}
DRY_DECODE = {"B": 2, "H": 2, "D": 16, "N": 72, "ms": (1, 4)}

DTYPES = {"bf16": torch.bfloat16, "fp16": torch.float16}
TOLERANCE = 2e-2
CHECK_ROWS = 256  # query rows of the checked slice (fewer when M is smaller)


def _cfg(bm, bn, warps, stages, split_kv=1, tma=False) -> dict:
    cfg = {"BLOCK_M": bm, "BLOCK_N": bn, "num_warps": warps, "num_stages": stages}
    if split_kv > 1:
        cfg["SPLIT_KV"] = split_kv
    if tma:  # K and V through TMA descriptors (sm_90+)
        cfg["USE_TMA"] = True
    return cfg


# (128x128, 2 stages, TMA crashes triton 3.6's ptxas at head dim 128 offline, and 128x64 TMA at head dim 256)
PREFILL_CONFIGS = [_cfg(128, 64, 8, 3), _cfg(128, 128, 8, 3), _cfg(64, 64, 4, 3), _cfg(128, 64, 4, 4),
                   _cfg(128, 64, 8, 3, tma=True), _cfg(64, 64, 4, 3, tma=True)]
DECODE_CONFIGS = [_cfg(16, 64, 4, 3), _cfg(16, 128, 4, 3), _cfg(16, 64, 4, 3, split_kv=4),
                  _cfg(16, 128, 4, 3, split_kv=8), _cfg(16, 64, 4, 4, split_kv=16)]


def configs_for(variant: Variant, dry_run: bool) -> list[dict]:
    if dry_run:  # one tile config, plus a split-KV one for decode
        return [_cfg(16, 16, 1, 1)] + ([_cfg(16, 16, 1, 1, split_kv=2)] if variant.decode else [])
    return list(DECODE_CONFIGS if variant.decode else PREFILL_CONFIGS)


@dataclass(frozen=True)
class Case:
    variant: Variant
    B: int
    H: int
    M: int
    N: int
    D: int
    window: int

    @property
    def shape(self) -> str:
        if self.variant.decode:
            return f"{self.B}x{self.H}x{self.M}x{self.N}x{self.D}"  # BxHxMxNxD
        return f"{self.B}x{self.H}x{self.M}x{self.D}"  # BxHxSxD

    @property
    def label(self) -> str:
        return f"{self.shape} {self.variant.label(self.window)}"


def all_cases(args) -> list[Case]:
    pre, dec = (DRY_PREFILL, DRY_DECODE) if args.dry_run else (PREFILL, DECODE)
    window = DRY_WINDOW if args.dry_run else WINDOW
    seqs = args.seqs or pre["seqs"]
    ms = args.decode_m or dec["ms"]
    cases = []
    for key in args.variants:
        v = VARIANTS[key]
        if not v.decode:
            cases += [Case(v, pre["B"], pre["H"], s, s, d, window) for s in seqs for d in args.head_dims or [pre["D"]]]
        else:  # at M = 1 bottom-right causal is the plain case
            cases += [Case(v, dec["B"], dec["H"], m, dec["N"], dec["D"], window) for m in ms
                      if not (v.keep and m == 1)]
    cases.sort(key=lambda c: (c.variant.decode, c.M))  # stable: variants keep their order per size
    if args.only:
        wanted = [s.strip() for s in args.only.split(",") if s.strip()]
        cases = [c for c in cases if any(w in c.label for w in wanted)]
    return cases


# --------------------------------------------------------------------------------------------- inputs


def alibi_slopes(h: int) -> torch.Tensor:
    """The ALiBi paper's geometric slopes 2^(-8 (i+1) / H) for a power-of-two H."""
    return torch.tensor([2.0 ** (-8.0 * (i + 1) / h) for i in range(h)], dtype=torch.float32)


def document_ids(b: int, n: int, seed: int) -> torch.Tensor:
    """[B, N] int32 ids of packed documents with random lengths in [N/64, N/4] (the last one cut short)."""
    gen = torch.Generator().manual_seed(seed)
    lo, hi = max(1, n // 64), max(2, n // 4)
    rows = []
    for _ in range(b):
        lengths = []
        while sum(lengths) < n:
            lengths.append(int(torch.randint(lo, hi + 1, (1,), generator=gen)))
        ids = torch.repeat_interleave(torch.arange(len(lengths)), torch.tensor(lengths))[:n]
        rows.append(ids)
    return torch.stack(rows).to(torch.int32)


def make_ctx(case: Case, device) -> Ctx:
    ctx = Ctx(case.M, case.N, case.window)
    if case.variant.extra == "slopes":
        ctx.slopes = alibi_slopes(case.H).to(device)
    elif case.variant.extra == "doc":
        ctx.doc = document_ids(case.B, case.N, seed=case.N).to(device)
    return ctx


def make_qkv(case: Case, *, dtype, device, seed: int) -> tuple[torch.Tensor, ...]:
    """q ~ N(0, 4), k, v ~ N(0, 1): scores q.k/sqrt(D) of std 2, so softmax rows are not flat."""
    gen = torch.Generator(device=device).manual_seed(seed)

    def randn(rows, scale=1.0):
        x = torch.randn(case.B, case.H, rows, case.D, generator=gen, device=device, dtype=torch.float32)
        return (scale * x).to(dtype)

    return randn(case.M, 2.0), randn(case.N), randn(case.N)


def extra_inputs(case: Case, ctx: Ctx) -> tuple:
    """The program's inputs after v (the tilefuse kernel takes them; the anchors read them from ctx)."""
    return {"slopes": (ctx.slopes,), "doc": (ctx.doc,)}.get(case.variant.extra, ())


# ------------------------------------------------------------------------------------ counts, reference


def unmasked_pairs(case: Case, ctx: Ctx, device) -> int:
    """Exact number of (b, m, n) triples the mask keeps (the same for every head), evaluating the mask
    in chunks of query rows."""
    if case.variant.keep is None:
        return case.B * case.M * case.N
    per_batch = case.variant.extra == "doc"  # only the document mask depends on b
    n = torch.arange(case.N, device=device)[None, :]
    rows = max(1, 2**24 // case.N)
    total = 0
    for b in range(case.B if per_batch else 1):
        for start in range(0, case.M, rows):
            m = torch.arange(start, min(case.M, start + rows), device=device)[:, None]
            total += int(case.variant.keep(ctx, b, m, n).sum())
    return total if per_batch else case.B * total


def checked_slice(case: Case, device) -> tuple[list[int], list[int], torch.Tensor]:
    """Batches, heads and query rows whose output is compared with the fp64 reference."""
    batches = sorted({0, case.B // 2, case.B - 1})
    heads = sorted({0, case.H // 2, case.H - 1})
    if case.M <= CHECK_ROWS:
        rows = torch.arange(case.M)
    else:
        edge = CHECK_ROWS // 4
        gen = torch.Generator().manual_seed(case.M)
        middle = edge + torch.randperm(case.M - 2 * edge, generator=gen)[: CHECK_ROWS - 2 * edge]
        rows = torch.cat([torch.arange(edge), middle, torch.arange(case.M - edge, case.M)]).sort().values
    return batches, heads, rows.to(device)


def view_of(batches, heads, rows) -> Callable[[torch.Tensor], torch.Tensor]:
    b = torch.tensor(batches, device=rows.device)
    h = torch.tensor(heads, device=rows.device)
    return lambda out: out[b][:, h][:, :, rows]


def reference_slice(case: Case, ctx: Ctx, q, k, v, batches, heads, rows) -> torch.Tensor:
    """fp64 attention of the selected rows: [len(batches), len(heads), len(rows), D]."""
    c64 = Ctx(ctx.M, ctx.N, ctx.window, None if ctx.slopes is None else ctx.slopes.double(), ctx.doc)
    scale = 1.0 / math.sqrt(case.D)
    m = rows[:, None]
    n = torch.arange(case.N, device=rows.device)[None, :]
    out = torch.empty(len(batches), len(heads), len(rows), case.D, dtype=torch.float64, device=rows.device)
    for i, b in enumerate(batches):
        keep = case.variant.keep(c64, b, m, n) if case.variant.keep else None
        for j, h in enumerate(heads):
            s = (q[b, h, rows].double() @ k[b, h].double().T) * scale
            if case.variant.mod is not None:
                s = case.variant.mod(c64, s, b, h, m, n)
            if keep is not None:
                s = s.masked_fill(~keep, -math.inf)
            out[i, j] = safe_softmax(s, -1) @ v[b, h].double()
    return out


# -------------------------------------------------------------------------------------------- anchors


def sdpa_anchor(case: Case, backend: SDPBackend) -> tuple[Callable | None, str]:
    """``F.scaled_dot_product_attention`` pinned to one backend, or (None, why) if the variant has no
    SDPA form without a dense mask."""
    kind = case.variant.sdpa
    if kind is None:
        return None, f"{case.variant.label(case.window)} needs a dense attn_mask in SDPA"
    kwargs: dict = {"scale": 1.0 / math.sqrt(case.D)}
    if kind == "causal":
        kwargs["is_causal"] = True
    elif kind == "bottom_right":
        if backend != SDPBackend.FLASH_ATTENTION:
            return None, "bottom-right causal (M != N) goes through flash only (torch.nn.attention.bias)"
        from torch.nn.attention.bias import causal_lower_right

        kwargs["attn_mask"] = causal_lower_right(case.M, case.N)

    def fn(q, k, v, *_):
        with sdpa_kernel(backend):
            return F.scaled_dot_product_attention(q, k, v, **kwargs)

    how = ", ".join(f"{key}={'causal_lower_right' if key == 'attn_mask' else val}" for key, val in kwargs.items())
    return fn, how


def flex_anchor(case: Case, ctx: Ctx, device, dry_run: bool) -> tuple[Callable, dict]:
    """FlexAttention (``torch.compile``d; eager on CPU) with the variant's score_mod and a block mask.

    Returns the callable and the block-mask build times (first build, then a second, steady one).
    """
    from torch.nn.attention.flex_attention import create_block_mask, flex_attention

    variant, info = case.variant, {}
    block_mask = None
    if variant.keep is not None:
        def mask_mod(b, h, q_idx, kv_idx):
            return variant.keep(ctx, b, q_idx, kv_idx)

        batch = case.B if variant.extra == "doc" else None
        for key in ("block_mask_first_build_s", "block_mask_build_s"):
            harness.sync(device)
            t0 = time.perf_counter()
            block_mask = create_block_mask(mask_mod, batch, None, case.M, case.N, device=device)
            harness.sync(device)
            info[key] = time.perf_counter() - t0
        info["block_mask_sparsity_pct"] = float(block_mask.sparsity())
    score_mod = None
    if variant.mod is not None:
        def score_mod(score, b, h, q_idx, kv_idx):
            return variant.mod(ctx, score, b, h, q_idx, kv_idx)

    if dry_run:  # eager flex_attention: the unfused math path, which is what the dry run wants
        warnings.filterwarnings("ignore", message="flex_attention called without torch.compile")
    flex = flex_attention if dry_run else torch.compile(flex_attention, dynamic=False)
    scale = 1.0 / math.sqrt(case.D)

    def fn(q, k, v, *_):
        return flex(q, k, v, score_mod=score_mod, block_mask=block_mask, scale=scale)

    return fn, info


def case_failed(case: Case, args, exc: Exception) -> harness.Record:
    """A tilefuse ``error`` record for a case that raised outside the per-implementation handlers."""
    error = f"case failed: {type(exc).__name__}: {exc}"[:400]
    harness.log(f"    CASE FAILED {case.label}: {error}")
    return harness.Record(bench="attention", shape=case.shape, dims={}, variant=case.variant.label(case.window),
                          dtype=args.dtype, impl=harness.TILEFUSE, flops=0.0, bytes=0.0, status="error",
                          error=error)


def unsupported(impl: str, why: str, base: dict, ceilings, status: str = "unsupported") -> harness.Record:
    """The record of an anchor that is not run (``unsupported`` for this variant, or ``skipped``)."""
    rec = harness.Record(**base, impl=impl, status=status, error=why).finish(ceilings)
    harness.log(f"    {impl:<37} {status}: {why}")
    return rec


# ---------------------------------------------------------------------------------------------- a case


def run_case(case: Case, args, ceilings, device, log: harness.ResultLog, out_dir: Path) -> None:
    """Check and time the tilefuse configs and the anchors of one case; records go to ``log``."""
    variant = case.variant
    dtype = DTYPES[args.dtype]
    elem = torch.empty((), dtype=dtype).element_size()
    ctx = make_ctx(case, device)
    extras = extra_inputs(case, ctx)
    pairs = unmasked_pairs(case, ctx, device)  # summed over the batch: FLOPs = 4 * H * D * pairs
    density = pairs / (case.B * case.M * case.N)
    qo = case.B * case.H * case.M * case.D
    kv = case.B * case.H * case.N * case.D
    base = {"bench": "attention", "shape": case.shape, "variant": variant.label(case.window),
            "dims": {"B": case.B, "H": case.H, "M": case.M, "N": case.N, "D": case.D, "unmasked_bmn": pairs,
                     "density": density, **({"window": case.window} if variant.key == "sliding" else {}),
                     **({"documents": [int(d.max()) + 1 for d in ctx.doc]} if ctx.doc is not None else {})},
            "dtype": args.dtype, "flops": 4.0 * case.H * case.D * pairs,
            "bytes": float(elem * (2 * qo + 2 * kv) + sum(t.numel() * t.element_size() for t in extras))}
    n_sets = 2 if args.dry_run else harness.sets_needed(int(base["bytes"]), harness.l2_bytes(device))
    harness.log(f"== attention {case.label} {args.dtype}: density {density:.3f}, "
                f"{n_sets} input sets of {base['bytes'] / 2**20:.1f} MiB")
    sets = [(*make_qkv(case, dtype=dtype, device=device, seed=1000 * i + 7), *extras) for i in range(n_sets)]
    batches, heads, rows = checked_slice(case, device)
    q, k, v = sets[0][:3]
    ref = reference_slice(case, ctx, q, k, v, batches, heads, rows)
    view = view_of(batches, heads, rows)
    if case.B * case.H * case.M * case.N <= 2**22:  # small enough for the program's own fp64 semantics
        full = run_reference(variant.program(case.window), *sets[0], compute_dtype=torch.float64)
        err = harness.check(view(full), ref)
        if not err < 1e-9:
            raise RuntimeError(f"{case.label}: the torch formulas disagree with the tilefuse program's "
                               f"reference semantics (rel err {err:.2e}); fix the benchmark")
    common = {"sets": sets, "ref": ref, "tol": TOLERANCE, "base": base, "ceilings": ceilings,
              "device": device, "dry_run": args.dry_run, "check_view": view}

    configs = configs_for(variant, args.dry_run)
    if args.max_configs:
        configs = configs[: args.max_configs]
    _, source = harness.run_tilefuse_configs(
        variant.program(case.window), configs, dtype=args.dtype,
        make_out=lambda: torch.empty(case.B, case.H, case.M, case.D, dtype=dtype, device=device),
        config_error=ConfigError, on_record=log.append, **common)
    if source:
        src_dir = out_dir / "sources"
        src_dir.mkdir(parents=True, exist_ok=True)
        (src_dir / f"attention_{case.shape}_{variant.key}_{args.dtype}.py").write_text(source)

    for name, backend in (("sdpa-flash", SDPBackend.FLASH_ATTENTION), ("sdpa-cudnn", SDPBackend.CUDNN_ATTENTION)):
        fn, how = sdpa_anchor(case, backend)
        if fn is None:
            log.append(unsupported(name, how, base, ceilings))
        elif device.type != "cuda" and backend == SDPBackend.CUDNN_ATTENTION:
            log.append(unsupported(name, "needs CUDA (dry run)", base, ceilings, status="skipped"))
        else:
            rec = harness.run_anchor(name, fn, **common)
            rec.extra["call"] = how
            log.append(rec)

    if not args.no_flex:
        torch._dynamo.reset()  # a fresh compile per case (no recompile limit, no stale guards)
        try:
            fn, info = flex_anchor(case, ctx, device, args.dry_run)
        except Exception as exc:  # noqa: BLE001 - record it and go on
            harness.assert_device_ok(device)
            rec = harness.Record(**base, impl="flex", status="error",
                                 error=f"block mask: {type(exc).__name__}: {exc}"[:400]).finish(ceilings)
            harness.log(f"    {'flex':<37} error {rec.error}")
        else:
            rec = harness.run_anchor("flex", fn, **common)
            rec.extra.update(info)
            rec.extra["call"] = "flex_attention" + ("" if args.dry_run else " under torch.compile(dynamic=False)")
            if info:
                harness.log(f"      block mask built in {info['block_mask_build_s']:.3f} s (first "
                            f"{info['block_mask_first_build_s']:.3f} s), sparsity "
                            f"{info['block_mask_sparsity_pct']:.1f}%")
        log.append(rec)
    del sets, ref, common, q, k, v
    if device.type == "cuda":
        torch.cuda.empty_cache()


# ----------------------------------------------------------------------------------------------- main


def _ints(text: str | None) -> tuple[int, ...] | None:
    return tuple(int(x) for x in text.split(",") if x.strip()) if text else None


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0], allow_abbrev=False,
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results",
                   help="directory for attention.jsonl / .json / .md / .png / sources/")
    p.add_argument("--name", default="attention", help="file name stem of the outputs")
    p.add_argument("--dtype", choices=sorted(DTYPES), default=None,
                   help="default bf16; fp16 with --dry-run, because Triton's CPU interpreter multiplies the "
                        "raw bits of bf16 tl.dot operands (triton-lang/triton#11584)")
    p.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated subset of variants")
    p.add_argument("--seqs", default=None, help="prefill sequence lengths, comma-separated (default "
                   + ",".join(map(str, PREFILL["seqs"])) + ")")
    p.add_argument("--head-dims", default=None, help="prefill head dims, comma-separated (default "
                   f"{PREFILL['D']})")
    p.add_argument("--decode-m", default=None, help="decode query counts, comma-separated (default "
                   + ",".join(map(str, DECODE["ms"])) + ")")
    p.add_argument("--only", default=None,
                   help="comma-separated substrings; run only cases whose label ('4x32x4096x128 causal', "
                        "'64x32x16x8192x128 decode-causal') contains one")
    p.add_argument("--no-flex", action="store_true", help="skip the FlexAttention anchor (compiles per case)")
    p.add_argument("--max-configs", type=int, default=0,
                   help="try only the first N tilefuse configs of each case (0: all)")
    p.add_argument("--time-budget", type=float, default=None,
                   help="seconds; no new case starts once exceeded (results so far are written)")
    p.add_argument("--dry-run", action="store_true",
                   help="CPU + TRITON_INTERPRET=1, tiny shapes, one or two configs, perf_counter timings")
    p.add_argument("--report", nargs="+", type=Path, default=None, metavar="JSONL",
                   help="run nothing: rebuild the reports in --out from these JSONL logs (pieces of a split run)")
    args = p.parse_args(argv)
    if args.dtype is None:
        args.dtype = "fp16" if args.dry_run else "bf16"
    args.variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = set(args.variants) - set(VARIANTS)
    if unknown:
        p.error(f"unknown variants {sorted(unknown)}; choose from {list(VARIANTS)}")
    args.seqs, args.decode_m, args.head_dims = _ints(args.seqs), _ints(args.decode_m), _ints(args.head_dims)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.report:
        return merge_reports(args)
    if not harness.device_ready(args.dry_run):
        return 2
    device = torch.device("cpu" if args.dry_run else "cuda")
    start = time.monotonic()
    cases = all_cases(args)

    info = harness.device_info(device)
    harness.log(f"device: {info['name']} | torch {info['torch']} | triton {info['triton']} | "
                f"git {info['git_revision']}")
    ceilings = harness.measure_ceilings(device, DTYPES[args.dtype], dry_run=args.dry_run)
    harness.log(f"ceilings: {ceilings['peak_tflops']:.1f} TFLOP/s matmul, "
                f"{ceilings['bandwidth_gbs']:.0f} GB/s copy")
    meta = {"bench": "attention", "args": sys.argv[1:] if argv is None else list(argv), "dry_run": args.dry_run,
            "dtype": args.dtype, "tolerance": TOLERANCE, "device": info, "ceilings": ceilings,
            "check_note": f"on batches {{0, B/2, B-1}}, heads {{0, H/2, H-1}} and {CHECK_ROWS} query rows "
                          "(first and last 64, 128 random; all when M <= 256) of a NaN-poisoned output",
            "cases": [c.label for c in cases], "time_budget_s": args.time_budget}

    args.out.mkdir(parents=True, exist_ok=True)
    log = harness.ResultLog(args.out / f"{args.name}.jsonl", meta)
    status, started = "finished", 0
    try:
        for case in cases:
            elapsed = time.monotonic() - start
            if args.time_budget is not None and elapsed > args.time_budget:
                status = "time budget exhausted"
                harness.log(f"time budget of {args.time_budget:g} s exhausted after {elapsed:.0f} s")
                break
            started += 1
            try:
                run_case(case, args, ceilings, device, log, args.out)
            except harness.DeviceLost:
                raise
            except Exception as exc:  # noqa: BLE001 - a broken case (out of memory, ...) is recorded, not fatal
                log.append(case_failed(case, args, exc))
                harness.assert_device_ok(device)
                if device.type == "cuda":
                    torch.cuda.empty_cache()
    except harness.DeviceLost as exc:
        status = f"device lost: {exc}"
        harness.log(f"STOPPING: {exc}")
    except KeyboardInterrupt:
        status = "interrupted"
        harness.log("interrupted; writing the results so far")
    finally:
        end = {"status": status, "not_started": meta["cases"][started:], "finished_utc": harness.utc_now(),
               "elapsed_s": time.monotonic() - start}
        if end["not_started"]:
            harness.log(f"not started: {', '.join(end['not_started'])}")
        meta.update(end)
        log.close(end)
        paths = write_reports(log.records, meta, args)
        png = harness.plot_results(paths["json"], args.out / f"{args.name}.png")
        harness.log(f"wrote {log.path}, {paths['json']}, {paths['md']}" + (f", {png}" if png else ""))

    return _finish(log.records, status)


SHAPE_HEADER = "shape (BxHxSxD; decode BxHxMxNxD)"


def merge_reports(args) -> int:
    """``--report A.jsonl B.jsonl``: one report from the logs of several invocations."""
    records, meta = harness.load_jsonl(args.report)
    meta["merged_from"] = [str(p) for p in args.report]
    paths = write_reports(records, meta, args)
    png = harness.plot_results(paths["json"], args.out / f"{args.name}.png")
    harness.log(f"wrote {paths['json']}, {paths['md']}" + (f", {png}" if png else ""))
    return _finish(records, meta.get("status", "merged"))


def write_reports(records, meta: dict, args) -> dict[str, Path]:
    """The harness's JSON and Markdown reports, with a GB/s table for the decode cases appended."""
    paths = harness.write_results(records, meta, args.out, args.name, shape_header=SHAPE_HEADER,
                                  title=f"Attention forward benchmark ({args.dtype})")
    with open(paths["md"], "a") as f:
        f.write(bandwidth_table(records, meta.get("ceilings")))
    return paths


def bandwidth_table(records, ceilings: dict | None) -> str:
    """Markdown: GB/s of every implementation on the decode cases (memory-bound: the number that counts)."""
    rows = [r for r in harness.summarize(records) if r["variant"].startswith("decode")]
    if not rows:
        return ""
    anchors = list(rows[0]["anchors"])
    head = ["shape (BxHxMxNxD)", "variant", "tilefuse GB/s", "% copy bw"]
    head += [x for a in anchors for x in (f"{a} GB/s", f"tilefuse/{a}")]
    lines = ["", "## Decode: bandwidth", "",
             "GB/s = (q, k, v read + out written) / time; `% copy bw` against the copy ceiling above.", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        best = row["tilefuse"]
        pct = 100 * best.gbs / ceilings["bandwidth_gbs"] if ceilings and best and best.gbs else None
        cells = [row["shape"], row["variant"], _gbs(best), "-" if pct is None else f"{pct:.1f}"]
        for a in anchors:
            ratio = row["ratios"].get(a)
            cells += [_gbs(row["anchors"][a]), "-" if ratio is None else f"{ratio:.2f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _gbs(rec) -> str:
    if rec is None:
        return "-"
    return rec.status if rec.gbs is None else f"{rec.gbs:.0f}"


def _finish(records, status: str) -> int:
    """Print the final table last; exit 0 only if every case has a correct tilefuse config and every
    supported anchor was correct."""
    problems = []
    for row in harness.summarize(records):
        label = f"{row['shape']} {row['variant']}"
        if row["tilefuse"] is None:
            problems.append(f"{label}: no correct tilefuse config {row['counts']}")
        for name, rec in row["anchors"].items():
            if rec is None or rec.status not in ("ok", "unsupported", "skipped"):
                problems.append(f"{label}: anchor {name} {rec.status if rec else 'missing'}"
                                + (f" ({rec.error})" if rec and rec.error else ""))
    print(flush=True)
    for p in problems:
        print("PROBLEM:", p[:300])
    print(f"run status: {status}; {len(records)} records")
    print(harness.text_summary(records), flush=True)
    if status.startswith("device lost"):
        return 3
    return 1 if problems or status == "interrupted" else 0


if __name__ == "__main__":
    sys.exit(main())
