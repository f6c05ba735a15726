"""The config-independent facts of a workload, what the cost model's features are computed from: per kernel,
its kind, sizes, dtype bytes, minimum traffic, epilogue and prologue op counts, sparse density and, for
attention, the key range its mask leaves each query block. From the lowered program when it is known
(``facts_from_program``), else from a tuning record's fields alone (``facts_from_fields``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..autotune.records import Workload
from ..ir.analyzer import key_range
from ..ir.dims import dim, size_value
from ..ir.dtypes import as_dtype
from ..schedule.pipeline import lower

_TRANSCENDENTAL = {"exp", "exp2", "log", "tanh", "erf", "sqrt", "rsqrt", "gelu", "silu", "sigmoid"}



@dataclass(eq=False)
class KernelFacts:
    """One kernel of a workload at concrete sizes. Unknown values are NaN (``skipping`` None)."""

    kind: str                     # "gemm" or "attention"
    m: int
    n: int
    k: int                        # the contracted size; attention: the head dim
    dv: int                       # attention: the value head dim; 0 for a GEMM
    batch: int
    in_bytes: int
    out_bytes: int
    min_bytes: float              # every tensor the kernel reads once, and its outputs written once
    sparse: bool = False
    skipping: str | None = None   # attention: "dense", "bounds" or "table"; None when unknown
    density: float = math.nan     # block-sparse weight: fraction of blocks kept, when known
    masked_fraction: float = math.nan
    epilogue_ops: float = math.nan
    epilogue_transcendental: float = math.nan
    epilogue_inputs: float = math.nan
    prologue_ops: float = math.nan
    key_bounds: object = field(default=None, repr=False)   # (m_first, m_last) -> (lo, hi, full_lo, full_hi)
    b_operands: int = 1           # a dual GEMM: 2 (two B operands and accumulators over the same A tiles)
    head_group: int = 1           # attention: consecutive heads sharing K/V that a tile may pack (1: none)
    _visits: dict = field(default_factory=dict, repr=False)

    @property
    def flops(self) -> float:
        """Useful FLOPs: 2MNK per batch item (times the density of a sparse weight); attention: both matmuls over
        the keys the mask keeps."""
        if self.kind == "attention":
            kept = 1.0 if math.isnan(self.masked_fraction) else 1.0 - self.masked_fraction
            return 2.0 * self.m * self.n * (self.k + self.dv) * self.batch * kept
        dense = 2.0 * self.m * self.n * self.k * self.batch * self.b_operands
        return dense * (self.density if self.sparse and not math.isnan(self.density) else 1.0)

    def block_visits(self, block_m: int, block_n: int) -> tuple[float, float, float]:
        """Attention: (key blocks visited, of them needing a mask, most visited by one query block), summed over
        the query blocks of one batch item. Exact for ``bounds`` (the same arithmetic as the generated kernel),
        every block for ``dense``; ``table`` scales by the kept fraction when it is known."""
        key = (block_m, block_n)
        if key not in self._visits:
            self._visits[key] = self._block_visits(block_m, block_n)
        return self._visits[key]

    def _block_visits(self, block_m: int, block_n: int) -> tuple[float, float, float]:
        tiles_m, tiles_n = -(-self.m // block_m), -(-self.n // block_n)
        ragged = 1.0 if self.n % block_n else 0.0
        if self.skipping == "bounds" and self.key_bounds is not None:
            first = np.arange(tiles_m, dtype=np.int64) * block_m
            last = np.minimum(first + block_m, self.m) - 1
            lo, hi, full_lo, full_hi = self.key_bounds(first, last)
            lo = (np.maximum(lo, 0) // block_n) * block_n
            hi = np.maximum(np.minimum(hi, self.n), 0)
            visited = np.maximum(-(-(hi - lo) // block_n), 0)
            if full_lo is None:
                full = np.zeros_like(visited)
            else:
                f_lo = np.minimum(-(-np.maximum(full_lo, lo) // block_n) * block_n, hi)
                f_hi = np.maximum((np.maximum(np.minimum(full_hi, (self.n // block_n) * block_n), 0) // block_n)
                                  * block_n, f_lo)
                full = np.minimum((f_hi - f_lo) // block_n, visited)
            return float(visited.sum()), float((visited - full).sum()), float(visited.max(initial=0))
        if self.skipping == "table" and not math.isnan(self.masked_fraction):
            kept = tiles_m * tiles_n * (1.0 - self.masked_fraction)
            return kept, kept, float(tiles_n)
        return float(tiles_m * tiles_n), tiles_m * ragged, float(tiles_n)


@dataclass(eq=False)
class WorkloadFacts:
    """A workload's kernels (the first is the one with the most FLOPs) and where the facts came from."""

    workload: Workload
    kernels: list[KernelFacts]
    source: str                   # "program" (lowered) or "fields" (the record's dims only)
    min_bytes: float = math.nan   # the program's inputs read once and outputs written once

    @property
    def main(self) -> KernelFacts:
        return self.kernels[0]


def _dtype_bytes(dtype: str) -> int:
    return 4 if dtype in ("fp32", "float32") else 2


def facts_from_fields(workload: Workload, *, density: float | None = None) -> WorkloadFacts:
    """Facts from a record's fields alone: dims named ``D`` without ``K`` are attention (``M`` queries, ``N``
    keys, head dim ``D``); anything else is a GEMM over ``M``, ``N``, ``K``. Every other dim is batch. The mask,
    the epilogue and a sparse operand are unknown (NaN)."""
    dims = dict(workload.dims)
    size = _dtype_bytes(workload.dtype)
    if "D" in dims and "K" not in dims:
        m, d = dims.get("M", 1), dims["D"]
        n = dims.get("N", m)
        dv = dims.get("DV", d)
        batch = math.prod(v for k, v in dims.items() if k not in ("M", "N", "D", "DV"))
        min_bytes = float(batch * (m * d + n * (d + dv)) * size + batch * m * dv * size)
        kernel = KernelFacts("attention", m, n, d, dv, batch, size, size, min_bytes)
    else:
        m, n, k = dims.get("M", 1), dims.get("N", 1), dims.get("K", 1)
        batch = math.prod(v for key, v in dims.items() if key not in ("M", "N", "K"))
        min_bytes = float(batch * (m * k + k * n + m * n) * size)
        kernel = KernelFacts("gemm", m, n, k, 0, batch, size, size, min_bytes,
                             density=math.nan if density is None else float(density))
    return WorkloadFacts(workload, [kernel], "fields", kernel.min_bytes)


def facts_from_program(program, workload: Workload, *, sparse: Sequence[str] = (),
                       density: float | None = None, masked_fraction: float | None = None) -> WorkloadFacts:
    """Facts from the lowered program at the workload's sizes. ``sparse`` names block-sparse weight inputs (as in
    ``compile(sparse=...)``) and ``density`` their kept fraction of blocks; ``masked_fraction`` gives a
    data-dependent (block-table) mask's masked fraction when the caller knows it."""
    graph = program.trace(as_dtype(workload.dtype))
    dims = workload.dims
    wanted = graph.dims
    if sorted(dims) != wanted:
        raise ValueError(f"the program's dims are {', '.join(wanted)}, the workload's {', '.join(sorted(dims))}")
    lowered = lower(graph, None, sparse=tuple(sparse))
    kernels = []
    for tk in lowered.kernels:
        group = tk.group
        if group.kind == "gemm":
            kernels.append(_gemm_facts(tk, dims, density))
        elif group.kind == "attention":
            kernels.append(_attention_facts(tk, dims, masked_fraction))
    if not kernels:
        return facts_from_fields(workload, density=density)
    kernels.sort(key=lambda k: -k.flops)
    tensors = [n for n in graph.inputs if n.axes] + list(graph.outputs)
    return WorkloadFacts(workload, kernels, "program", float(sum(_nbytes(n, dims) for n in tensors)))


def _size(axis, dims: dict) -> int:
    return 1 if axis is None else size_value(axis.size, dims)


def _nbytes(node, dims: dict) -> float:
    return float(math.prod(_size(a, dims) for a in node.axes) * node.dtype.itemsize)


def _external_reads(group, inside: set) -> list:
    """Tensors the kernel reads from memory: arguments of its nodes that it does not compute itself."""
    seen, reads = set(), []
    for node in inside:
        for arg in node.args:
            if arg not in inside and arg not in seen and arg.axes and arg.op not in ("const", "index", "symbol"):
                seen.add(arg)
                reads.append(arg)
    return reads


def _group_nodes(group) -> set:
    nodes = {group.root, *group.epilogue, *getattr(group, "siblings", [])}
    for op in group.operands:
        nodes.update(op.nodes)
    if group.kind == "attention":
        nodes.update([group.qk, group.softmax, *group.score_mods])
    return {n for n in nodes if n is not None}


def _counts(group, nodes: set) -> tuple[float, float, float, float]:
    epilogue = set(group.epilogue)
    side = _external_reads(group, epilogue) if epilogue else []
    side = [n for n in side if n is not group.root and n not in nodes]
    prologue = sum(len(op.nodes) for op in group.operands)
    if group.kind == "attention":
        prologue += len(group.score_mods)
    transcendental = sum(1 for n in group.epilogue if n.op in _TRANSCENDENTAL)
    return float(len(group.epilogue)), float(transcendental), float(len(side)), float(prologue)


def _kernel_min_bytes(group, nodes: set, dims: dict) -> float:
    reads = _external_reads(group, nodes)
    return sum(_nbytes(n, dims) for n in reads) + sum(_nbytes(n, dims) for n in group.outputs)


def _gemm_facts(tk, dims: dict, density: float | None) -> KernelFacts:
    group = tk.group
    nodes = _group_nodes(group)
    in_bytes = max(group.dot_dtype().itemsize, 2)
    out_bytes = max((o.dtype.itemsize for o in group.outputs), default=in_bytes)
    epilogue, transcendental, side, prologue = _counts(group, nodes)
    return KernelFacts("gemm", _size(tk.m_axis, dims), _size(tk.n_axis, dims), _size(tk.k_axis, dims), 0,
                       math.prod(_size(a, dims) for a in tk.batch_axes), in_bytes, out_bytes,
                       _kernel_min_bytes(group, nodes, dims), sparse=tk.sparse is not None,
                       density=math.nan if density is None or tk.sparse is None else float(density),
                       epilogue_ops=epilogue, epilogue_transcendental=transcendental, epilogue_inputs=side,
                       prologue_ops=prologue, b_operands=1 + len(getattr(group, "siblings", [])))


def _attention_facts(tk, dims: dict, masked_fraction: float | None) -> KernelFacts:
    group = tk.group
    nodes = _group_nodes(group)
    in_bytes = max(group.dot_dtype().itemsize, 2)
    out_bytes = max((o.dtype.itemsize for o in group.outputs), default=in_bytes)
    epilogue, transcendental, side, prologue = _counts(group, nodes)
    skipping = tk.skipping
    mode = skipping.mode if skipping is not None else "dense"
    facts = KernelFacts("attention", _size(tk.m_axis, dims), _size(tk.n_axis, dims), _size(tk.d_axis, dims),
                        _size(tk.dv_axis, dims), math.prod(_size(a, dims) for a in tk.batch_axes), in_bytes,
                        out_bytes, _kernel_min_bytes(group, nodes, dims), skipping=mode,
                        epilogue_ops=epilogue, epilogue_transcendental=transcendental, epilogue_inputs=side,
                        prologue_ops=prologue)
    if tk.packed is not None:
        facts.head_group = int(size_value(tk.packed[1], dims))
    if mode == "dense":
        facts.masked_fraction = 0.0
    elif mode == "bounds":
        facts.key_bounds = _key_bounds(skipping.cond, group, dims)
        facts.masked_fraction = _masked_fraction(facts)
    elif masked_fraction is not None:
        facts.masked_fraction = float(masked_fraction)
    return facts


def _key_bounds(cond, group, dims: dict):
    """The mask's key range for query rows [m_first, m_last] as numpy functions of (m_first, m_last)."""
    import sympy

    lows, highs, full_lows, full_highs, complete = key_range(cond, group.m_axis, group.n_axis)
    first, last = sympy.Symbol("m_first", integer=True), sympy.Symbol("m_last", integer=True)
    bind = {dim(name): sympy.Integer(v) for name, v in dims.items()}

    def compile_all(exprs):
        return [sympy.lambdify((first, last), sympy.sympify(e).xreplace(bind), "numpy") for e in exprs]

    low_fns, high_fns = compile_all(lows), compile_all(highs)
    full_low_fns, full_high_fns = compile_all(full_lows), compile_all(full_highs)

    def evaluate(fns, m_first, m_last, start, pick):
        out = np.full(m_first.shape, start, dtype=np.int64)
        for fn in fns:
            out = pick(out, np.broadcast_to(np.asarray(fn(m_first, m_last), dtype=np.int64), out.shape))
        return out

    big = np.iinfo(np.int64).max // 4

    def bounds(m_first, m_last):
        lo = evaluate(low_fns, m_first, m_last, 0, np.maximum)
        hi = evaluate(high_fns, m_first, m_last, big, np.minimum)
        if not complete:
            return lo, hi, None, None
        return (lo, hi, evaluate(full_low_fns, m_first, m_last, 0, np.maximum),
                evaluate(full_high_fns, m_first, m_last, big, np.minimum))

    return bounds


def _masked_fraction(facts: KernelFacts, rows: int = 1024) -> float:
    """Fraction of (query, key) scores outside the mask's key range, from up to ``rows`` evenly spaced rows."""
    r = np.unique(np.linspace(0, facts.m - 1, min(rows, facts.m)).round().astype(np.int64))
    lo, hi, _, _ = facts.key_bounds(r, r)
    kept = np.clip(np.minimum(hi, facts.n) - np.maximum(lo, 0), 0, facts.n)
    return float(1.0 - kept.mean() / max(facts.n, 1))
