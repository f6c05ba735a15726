"""tile: map each kernel group onto a tiled GEMM schedule and expose its knobs as a search space.

The tile IR of a GEMM kernel: grid axis 0 walks (M-tile, N-tile) pairs in GROUP_M-rasterized order,
grid axis 1 walks the remaining output axes (batch), grid axis 2 the split-K slices; each program
loops over K in BLOCK_K steps. ``SearchSpace`` is plain data (knobs with their values, and named
constraints with reasons) so the autotuner can enumerate, sample and prune it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..errors import LoweringError
from ..gpu import GPU
from ..ir.dims import Axis
from ..ir.ops import parse_einsum
from ..passes.fusion import Fused, KernelGroup
from ..passes.sparsity import KeySkipping, SparsityPlan, sparsify
from .rows import tile_rows
from .space import Config, Constraint, Knob, SearchSpace


def _pow2(x: int) -> bool:
    return x > 0 and x & (x - 1) == 0


def gemm_space(a_bytes: int, b_bytes: int, target: GPU, sparse: bool = False, b_operands: int = 1) -> SearchSpace:
    """The GEMM knobs and constraints; ``sparse``: B is a block-sparse weight whose blocks are BLOCK_K x BLOCK_N;
    ``b_operands``: B tiles (and accumulators) per K step, 2 for a dual GEMM."""
    knobs = [
        Knob("BLOCK_M", (16, 32, 64, 128, 256), "rows of the output tile"),
        Knob("BLOCK_N", (16, 32, 64, 128, 256), "columns of the output tile"),
        Knob("BLOCK_K", (16, 32, 64, 128), "depth of one reduction step"),
        Knob("num_warps", (2, 4, 8), "warps per program"),
        Knob("num_stages", (2, 3, 4, 5), "software-pipeline depth of the K loop"),
        Knob("GROUP_M", (1, 4, 8, 16), "M-tiles per rasterization group (L2 reuse)"),
        Knob("SPLIT_K", (1, 2, 4, 8, 16), "slices of K computed by separate programs"),
        Knob("SPLIT_K_MODE", ("reduce", "atomic"), "combine slices with a reduction kernel or fp32 atomics"),
        Knob("USE_TMA", (False, True), "load plain 2-D operands through TMA tensor descriptors (sm_90+)"),
    ]

    def pow2(c):
        bad = [f"{k}={getattr(c, k)}" for k in ("BLOCK_M", "BLOCK_N", "BLOCK_K") if not _pow2(getattr(c, k))]
        return f"{', '.join(bad)} not a power of two" if bad else None

    def dot_min(c):
        small = [f"{k}={getattr(c, k)}" for k in ("BLOCK_M", "BLOCK_N", "BLOCK_K") if getattr(c, k) < 16]
        return f"{', '.join(small)} below 16, the smallest tl.dot tile" if small else None

    def smem(c):
        need = c.num_stages * (c.BLOCK_M * c.BLOCK_K * a_bytes + b_operands * c.BLOCK_K * c.BLOCK_N * b_bytes)
        if need > target.shared_memory:
            return (f"{c.num_stages} stages of {c.BLOCK_M}x{c.BLOCK_K} and {c.BLOCK_K}x{c.BLOCK_N} tiles need "
                    f"{need} B of shared memory; sm_{target.arch} has {target.shared_memory} B")
        return None

    def registers(c):
        per_thread = b_operands * c.BLOCK_M * c.BLOCK_N // (32 * c.num_warps)
        if per_thread > target.max_acc_registers:
            return (f"{b_operands} {c.BLOCK_M}x{c.BLOCK_N} fp32 accumulator(s) over {c.num_warps} warps is "
                    f"{per_thread} registers a thread (limit {target.max_acc_registers})")
        return None

    def warps(c):
        return None if c.num_warps in (1, 2, 4, 8, 16) else f"num_warps={c.num_warps} not in 1, 2, 4, 8, 16"

    def stages(c):
        return None if 1 <= c.num_stages <= 8 else f"num_stages={c.num_stages} outside 1..8"

    def positive(c):
        bad = [f"{k}={getattr(c, k)}" for k in ("GROUP_M", "SPLIT_K") if getattr(c, k) < 1]
        return f"{', '.join(bad)} must be at least 1" if bad else None

    def tma_arch(c):
        return f"USE_TMA needs sm_90 or newer, not sm_{target.arch}" if c.USE_TMA and target.arch < 90 else None

    def split_mode(c):
        return None if c.SPLIT_K_MODE in ("reduce", "atomic") else \
            f"SPLIT_K_MODE={c.SPLIT_K_MODE!r} is not 'reduce' or 'atomic'"

    def attention_only(c):
        if c.HEAD_PACK != 1:
            return f"HEAD_PACK={c.HEAD_PACK} is an attention knob; GEMMs have no heads to pack"
        return f"SPLIT_KV={c.SPLIT_KV} is an attention knob; GEMMs split K with SPLIT_K" if c.SPLIT_KV != 1 else None

    def sparse_format(c):
        # The packed weight holds whole BLOCK_K x BLOCK_N blocks, walked per N tile from its block list.
        if c.SPLIT_K != 1 or c.USE_TMA:
            return (f"a block-sparse weight is walked block by block: SPLIT_K must be 1 and USE_TMA false "
                    f"(got SPLIT_K={c.SPLIT_K}, USE_TMA={c.USE_TMA})")
        return None

    def dual(c):
        return None if b_operands == 1 or c.SPLIT_K == 1 else \
            f"a dual GEMM keeps both accumulators in one program: SPLIT_K must be 1 (got {c.SPLIT_K})"

    checks = [pow2, dot_min, smem, registers, warps, stages, positive, split_mode, tma_arch, attention_only, dual]
    constraints = [Constraint(f.__name__, f) for f in checks + ([sparse_format] if sparse else [])]
    return SearchSpace(knobs, constraints)


@dataclass(eq=False)
class TiledKernel:
    """A kernel group with its axes assigned to tile roles, its search space and its chosen config."""

    group: KernelGroup
    a: int                          # which einsum operand holds the M axis
    m_axis: Axis | None
    n_axis: Axis | None
    k_axis: Axis
    batch_axes: list[Axis]
    space: SearchSpace
    config: Config
    notes: list[str] = field(default_factory=list)
    sparse: str | None = None       # the B operand is this block-sparse input (packed BLOCK_K x BLOCK_N blocks)

    @property
    def name(self) -> str:
        return self.group.name

    def describe(self) -> str:
        def ax(a):
            return f"{a.name}={a.size}" if a is not None else "1"
        c = self.config
        grid = (f"grid(cdiv({ax(self.m_axis)}, {c.BLOCK_M}) * cdiv({ax(self.n_axis)}, {c.BLOCK_N}) "
                f"[GROUP_M={c.GROUP_M}], {' * '.join(ax(b) for b in self.batch_axes) or '1'}, SPLIT_K={c.SPLIT_K})")
        split = "" if c.SPLIT_K == 1 else f" -> {c.SPLIT_K_MODE} over {c.SPLIT_K} slices -> epilogue kernel"
        loop = (f"  loop over the non-zero {c.BLOCK_K}x{c.BLOCK_N} blocks of {self.sparse} in this N tile "
                f"(block-sparse, packed): " if self.sparse else
                f"  loop {self.k_axis.name}={self.k_axis.size} step BLOCK_K={c.BLOCK_K}: ")
        return (f"tile {self.name}: {grid}\n"
                f"{loop}"
                f"acc[{c.BLOCK_M}x{c.BLOCK_N}] += dot(A tile, B tile){split}\n"
                f"  epilogue: {len(self.group.epilogue)} ops, store "
                f"{', '.join('%' + o.name for o in self.group.outputs)}\n"
                f"  config: {json.dumps(c.to_dict())}  num_warps={c.num_warps} num_stages={c.num_stages}")


def attention_space(elem_bytes: int, target: GPU, packs: str | None = None) -> SearchSpace:
    """Knobs of the flash-style attention kernel. The head dim is bound at launch; 128 is assumed for
    the shared-memory and register estimates (the offline compile gives the exact figures). ``packs``: why
    HEAD_PACK is open (the batch axis whose consecutive indices share K and V), None when it is not."""
    head = 128
    knobs = [
        Knob("BLOCK_M", (16, 32, 64, 128, 256), "query rows per program"),
        Knob("BLOCK_N", (16, 32, 64, 128, 256), "keys per step of the online softmax"),
        Knob("num_warps", (4, 8), "warps per program"),
        Knob("num_stages", (1, 2, 3, 4), "software-pipeline depth of the key loop"),
        Knob("SPLIT_KV", (1, 2, 4, 8, 16, 32), "most key splits (flash-decoding); the launcher uses fewer "
             "when the grid already fills the GPU"),
    ]
    if target.arch >= 90:
        knobs.append(Knob("USE_TMA", (False, True), "load K and V through TMA tensor descriptors where they are read "
                          "as stored (the back end's choice per operand; sm_90+)"))
    if packs:  # only where the fusion pass found heads sharing K/V
        knobs.append(Knob("HEAD_PACK", (1, 2, 4, 8, 16), f"most query heads sharing one K/V head (along {packs}) "
                          "packed into the tile's rows; the launcher packs fewer when the group or the query rows "
                          "leave less room"))

    def pow2(c):
        bad = [f"{k}={getattr(c, k)}" for k in ("BLOCK_M", "BLOCK_N") if not _pow2(getattr(c, k))]
        return f"{', '.join(bad)} not a power of two" if bad else None

    def dot_min(c):
        small = [f"{k}={getattr(c, k)}" for k in ("BLOCK_M", "BLOCK_N") if getattr(c, k) < 16]
        return f"{', '.join(small)} below 16, the smallest tl.dot tile" if small else None

    def smem(c):
        need = c.BLOCK_M * head * elem_bytes + max(c.num_stages, 1) * 2 * c.BLOCK_N * head * elem_bytes
        if need > target.shared_memory:
            return (f"a {c.BLOCK_M}-row query tile and {c.num_stages} stages of {c.BLOCK_N}-key K and V tiles "
                    f"(head dim {head}) need {need} B of shared memory; sm_{target.arch} has {target.shared_memory} B")
        return None

    def registers(c):
        per_thread = (c.BLOCK_M * c.BLOCK_N + c.BLOCK_M * head) // (32 * c.num_warps)
        if per_thread > 2 * target.max_acc_registers:
            return (f"scores {c.BLOCK_M}x{c.BLOCK_N} plus accumulator {c.BLOCK_M}x{head} over {c.num_warps} warps "
                    f"is {per_thread} fp32 registers a thread (limit {2 * target.max_acc_registers})")
        return None

    def gemm_only(c):
        return f"SPLIT_K={c.SPLIT_K} is a GEMM knob; attention kernels do not take it" if c.SPLIT_K != 1 else None

    def tma_arch(c):
        return f"USE_TMA needs sm_90 or newer, not sm_{target.arch}" if c.USE_TMA and target.arch < 90 else None

    def split_kv(c):
        return None if c.SPLIT_KV >= 1 else f"SPLIT_KV={c.SPLIT_KV} must be at least 1"

    def head_pack(c):
        if c.HEAD_PACK == 1:
            return None
        if not packs:
            return (f"HEAD_PACK={c.HEAD_PACK} needs heads that share K and V; this attention's K/V loads depend on "
                    "every batch index")
        if not _pow2(c.HEAD_PACK) or c.HEAD_PACK > c.BLOCK_M:
            return f"HEAD_PACK={c.HEAD_PACK} must be a power of two no larger than BLOCK_M={c.BLOCK_M}"
        return None

    constraints = [Constraint(f.__name__, f) for f in (pow2, dot_min, smem, registers, gemm_only, tma_arch,
                                                       split_kv, head_pack)]
    return SearchSpace(knobs, constraints)


@dataclass(eq=False)
class TiledAttention:
    """An attention group on the grid: axis 0 walks query tiles, axis 1 the batch axes (b, h, ...)."""

    group: object
    batch_axes: list[Axis]
    m_axis: Axis
    n_axis: Axis
    d_axis: Axis
    dv_axis: Axis
    space: SearchSpace
    config: Config
    skipping: KeySkipping | None = None   # how the key loop skips masked blocks (the sparsity pass's plan)
    packed: tuple[Axis, object] | None = None   # the batch axis whose heads share K/V, and its group size

    @property
    def head_pack(self) -> tuple[Axis, object] | None:
        """(axis, group size) when this config packs heads into the tile's rows."""
        return self.packed if self.packed is not None and self.config.HEAD_PACK > 1 else None

    @property
    def name(self) -> str:
        return self.group.name

    def describe(self) -> str:
        c = self.config
        batch = " * ".join(f"{a.name}={a.size}" for a in self.batch_axes) or "1"
        return (f"tile {self.name}: grid(cdiv({self.m_axis.name}={self.m_axis.size}, {c.BLOCK_M}), {batch})\n"
                f"  q tile [{c.BLOCK_M} x {self.d_axis.name}] stays in registers; loop {self.n_axis.name}="
                f"{self.n_axis.size} step BLOCK_N={c.BLOCK_N}: s = q k^T, score mods, online softmax "
                f"(running max and sum), acc[{c.BLOCK_M} x {self.dv_axis.name}] += p v\n"
                f"  epilogue: divide by the row sum, {len(self.group.epilogue)} ops, store "
                f"{', '.join('%' + o.name for o in self.group.outputs)}\n"
                + (f"  split-KV: up to {c.SPLIT_KV} key splits on grid axis 2 (chosen at launch to fill the GPU), "
                   "then a combine kernel merges their (max, sum, acc)\n" if c.SPLIT_KV > 1 else "")
                + (f"  head packing: up to {c.HEAD_PACK} heads along {self.packed[0].name} (groups of "
                   f"{self.packed[1]} share K/V) in the {c.BLOCK_M} rows, each K/V block read once per group\n"
                   if self.head_pack else "")
                + f"  config: BLOCK_M={c.BLOCK_M} BLOCK_N={c.BLOCK_N} num_warps={c.num_warps} num_stages={c.num_stages}"
                  f" SPLIT_KV={c.SPLIT_KV}" + (f" HEAD_PACK={c.HEAD_PACK}" if self.packed else "")
                + (" USE_TMA=True" if c.USE_TMA else ""))


def tile_attention(group, config: Config | None, target: GPU, skipping: KeySkipping) -> TiledAttention:
    qk, pv = group.qk, group.root
    axes = {a.name: a for a in list(qk.axes) + list(pv.axes)}
    q = group.operands[0].node
    d_axis = next(a for a in q.axes if a.name == group.d_axis) if group.d_axis in q.axis_names else None
    if d_axis is None:  # the contraction letter relabels q's axis: take its size from the einsum's operand
        ins, _ = parse_einsum(qk.attrs["spec"], 2)
        q_i = 0 if qk.args[0] is q else 1
        d_axis = Axis(group.d_axis, q.axes[ins[q_i].index(group.d_axis)].size)
    packed = _packed_axis(group, axes, skipping)
    space = attention_space(max(group.dot_dtype().itemsize, 2), target, packs=packed and packed[0].name)
    default = default_attention_config(group.dot_dtype().itemsize, target)
    space.default = Config(**{**default.to_dict(), "HEAD_PACK": 8}) if packed else default
    cfg = config or space.default
    space.validate(cfg)
    return TiledAttention(group, [axes[b] for b in group.batch_axes], axes[group.m_axis], axes[group.n_axis],
                          d_axis, axes[group.dv_axis], space, cfg, skipping, packed)


def heads_per_tile(most: int, group: int, rows: int, block_m: int) -> int:
    """How many heads of a K/V group one attention tile packs: the largest power of two up to ``most`` (HEAD_PACK)
    that divides the ``group`` and leaves each head ``rows`` query rows (rounded up to a power of two) of the
    ``block_m``. The generated launcher computes the same (``_head_pack`` in its prelude) at every call."""
    pack, need = 1, 1 << max(int(rows) - 1, 0).bit_length()
    while pack * 2 <= most and group > 0 and group % (pack * 2) == 0 and pack * 2 * need <= block_m:
        pack *= 2
    return pack


def _packed_axis(group, axes: dict[str, Axis], skipping: KeySkipping | None) -> tuple[Axis, object] | None:
    """The batch axis whose query heads can share a tile (the fusion pass found K and V the same across each group
    of consecutive indices), with the group size. The last such axis (the innermost heads) wins. Not an axis a
    block table varies over; along others a packed program's query rows are all of block 0's (the launcher packs
    only when each head's rows fit in one block), so block 0's table row serves it."""
    table = set(skipping.table_axes) if skipping is not None and skipping.mode == "table" else set()
    names = [b for b in group.batch_axes if b in getattr(group, "head_groups", {}) and b not in table]
    return (axes[names[-1]], group.head_groups[names[-1]]) if names else None


def default_attention_config(elem_bytes: int, target: GPU) -> Config:
    if elem_bytes >= 4:
        return Config(BLOCK_M=64, BLOCK_N=32, num_warps=4, num_stages=2, USE_TMA=False)
    return Config(BLOCK_M=128, BLOCK_N=64, num_warps=8, num_stages=3 if target.arch >= 90 else 2, USE_TMA=False)


@dataclass(eq=False)
class EagerStep:
    """Unfused ops the launcher runs with PyTorch: no tiles, no knobs."""

    group: object
    config: Config | None = None
    space: SearchSpace | None = None
    reason: str = ""            # why a kernel group runs as an eager step after all (a rows group's long rows)

    @property
    def name(self) -> str:
        return self.group.name

    def describe(self) -> str:
        return (f"eager {self.name}: {len(self.group.nodes)} ops run one at a time with PyTorch "
                f"(not fused), keeping {', '.join('%' + n.name for n in self.group.outputs)}"
                + (f" ({self.reason})" if self.reason else ""))


def assign_roles(group: KernelGroup, program: str):
    """Split the einsum's axes into M (tile rows), N (tile cols), K (reduction) and batch (grid)."""
    root = group.root
    ins, out = parse_einsum(root.attrs["spec"], 2)
    a_set, b_set, out_set = set(ins[0]), set(ins[1]), set(out)
    k_axes = [n for n in ins[0] if n in b_set and n not in out_set]
    lonely = [n for n in ins[0] + ins[1] if n not in out_set and not (n in a_set and n in b_set)]
    if lonely:
        raise LoweringError(f"axis {lonely[0]!r} is summed over in only one operand; sum it first with tf.sum",
                            program=program, op="einsum", loc=root.loc)
    if len(k_axes) != 1:
        raise LoweringError(f"the GEMM kernel contracts exactly one axis; this einsum contracts {len(k_axes)} "
                            f"({', '.join(k_axes) or 'none'})", program=program, op="einsum", loc=root.loc)
    only = [[n for n in out if n in s and n not in o] for s, o in ((a_set, b_set), (b_set, a_set))]
    a = 0
    if not only[0] and only[1] and len(only[1]) > 1:
        a = 1  # put the operand with more private axes on the M side
    m_name = only[a][-1] if only[a] else None
    n_name = only[1 - a][-1] if only[1 - a] else None
    axes = {ax.name: ax for ax in root.axes}
    k_size = root.args[0].axes[ins[0].index(k_axes[0])].size
    batch = [axes[n] for n in out if n not in (m_name, n_name)]
    return a, (axes[m_name] if m_name else None), (axes[n_name] if n_name else None), Axis(k_axes[0], k_size), batch


def tile(fused: Fused, config: Config | dict | None = None, target: GPU | None = None,
         sparsity: SparsityPlan | None = None) -> list[TiledKernel]:
    """Assign tile roles, build each kernel's search space and validate ``config`` (or its default).

    ``sparsity`` is the sparsity pass's plan (key walks, block-sparse weights); without one, the pass runs here
    with no sparse weight.
    """
    target = target or GPU()
    sparsity = sparsity or sparsify(fused)
    config = config if isinstance(config, Config) else (Config.from_dict(config) if config else None)
    tiled = []
    for group in fused.kernels:
        if group.kind == "eager":
            tiled.append(EagerStep(group))
            continue
        if group.kind == "attention":
            tiled.append(tile_attention(group, config, target, sparsity.skipping.get(group.name)))
            continue
        if group.kind == "rows":
            rows = tile_rows(group, config, target)
            tiled.append(EagerStep(group, reason=rows) if isinstance(rows, str) else rows)
            continue
        a, m_axis, n_axis, k_axis, batch = assign_roles(group, fused.graph.name)
        sparse = sparsity.sparse_operands.get(group.name)
        if sparse is not None:
            a, m_axis, n_axis = _sparse_roles(group, sparse, a, m_axis, n_axis, k_axis, batch, fused.graph.name)
        a_bytes = b_bytes = group.dot_dtype().itemsize
        n_b = 1 + len(getattr(group, "siblings", []))
        space = gemm_space(max(a_bytes, 2), max(b_bytes, 2), target, sparse=sparse is not None, b_operands=n_b)
        space.default = default_config(a_bytes, target, sparse=sparse is not None, b_operands=n_b)
        cfg = config or space.default
        space.validate(cfg)
        tiled.append(TiledKernel(group, a, m_axis, n_axis, k_axis, batch, space, cfg,
                                 sparse=None if sparse is None else group.operands[sparse].node.name))
    return tiled


def _sparse_roles(group, sparse: int, a, m_axis, n_axis, k_axis, batch, program: str):
    """The block-sparse weight must be the B operand: a 2-D [k, n] tensor with no batch axis."""
    node = group.operands[sparse].node
    if a == sparse:  # it was given the M side: swap, so its private axis becomes N
        a, m_axis, n_axis = 1 - a, n_axis, m_axis
    names = set(node.axis_names)
    if n_axis is None or names != {k_axis.name, n_axis.name} or any(b.name in names for b in batch):
        raise LoweringError(f"block-sparse {node.name} must be a 2-D weight over the contracted axis and one "
                            f"output axis, got axes [{', '.join(node.axis_names)}]", program=program,
                            op="einsum", loc=group.root.loc)
    return a, m_axis, n_axis


def default_config(a_bytes: int, target: GPU, sparse: bool = False, b_operands: int = 1) -> Config:
    """A good general-purpose schedule until the autotuner picks one per shape.

    128x256 tiles through TMA were the fastest of the fixed list on large bf16 GEMMs on an H200
    (BENCHMARKS.md); without TMA (sm_80) 128x128 keeps registers and shared memory in budget.
    """
    if sparse:  # 128x128 blocks: a common pruning granularity, and a full-width tile for one packed block
        return Config(BLOCK_M=128, BLOCK_N=128 // b_operands, BLOCK_K=64 if a_bytes <= 2 else 32, num_warps=8,
                  num_stages=3)
    if target.arch >= 90:  # a dual GEMM: two 128x128 accumulators, the registers of one 128x256
        return Config(BLOCK_M=128, BLOCK_N=256 // b_operands, BLOCK_K=64 if a_bytes <= 2 else 32, num_warps=8,
                      num_stages=3, USE_TMA=True)
    return Config(BLOCK_M=128, BLOCK_N=128 // b_operands, BLOCK_K=64 if a_bytes <= 2 else 32, num_warps=8,
                  num_stages=3)
