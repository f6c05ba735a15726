"""The tensor-core schedule of a GEMM PrimFunc: ``ldmatrix`` + ``mma.sync.m16n8k16`` (fp16/bf16 in, fp32
accumulate), a ``cp.async`` pipeline of ``num_stages`` tiles in dynamic shared memory fed by 16-byte vectors, and
the epilogue applied to the accumulator registers at the store. ``schedule.py`` chooses it, or the scalar schedule
with a reason.

What is computed where (one thread block = one BLOCK_M x BLOCK_N tile of the output, one batch index):

    normalize     the contraction is rewritten as C[s, i, j] += A[s, i, k] * B[s, j, k] (dlight's index maps):
                  s is the fused batch, i = M, j = N; an operand with K outermost in memory (A as [K, M], B as
                  [K, N]) keeps that order, [s, k, i] / [s, k, j], so its copies stay contiguous
    pad_einsum    i, j, k padded to BLOCK_M, BLOCK_N, BLOCK_K: loads past an edge read zeros, the store past an
                  edge is predicated off, so every symbolic size takes this one kernel
    warps         num_warps warps in a WARPS_M x WARPS_N grid (threadIdx.y); each owns a (BLOCK_M / WARPS_M) x
                  (BLOCK_N / WARPS_N) sub-tile as 16 x 16 fragments, 8 fp32 accumulators per lane per fragment
    shared        per BLOCK_K step, the A and B tiles are copied by every thread of the block 8 elements (16 bytes)
                  at a time into dynamic shared memory, rows padded by 8 elements against bank conflicts on
                  ldmatrix. With ``vectorize`` (the operands' innermost dims multiples of 8, see
                  ``tir.with_vector_dims``) each copy is one predicated cp.async (zero-filled past an edge);
                  ``num_stages`` buffers, the copies issued num_stages - 1 steps ahead of the mma
    ldmatrix      per 16-wide k step, each warp loads its A and B fragments from shared into registers (.trans for
                  a [k, i] / [k, j] tile)
    mma           mma.sync.aligned.m16n8k16 (two per 16 x 16 fragment), fp32 accumulators in registers
                  (``intrinsics.py`` says why its accumulator layout is not TVM's)
    epilogue      each lane applies the fused epilogue (bias, activation, residual...) to its own accumulators and
                  stores them, predicated on the real M and N: no shared-memory round trip
"""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import ConfigError

MMA_DTYPES = ("float16", "bfloat16")
PAD = 8  # elements of padding per shared row (16 bytes): the 8 rows an ldmatrix reads land in different banks
VECTOR = 8  # elements per cp.async / global load (16 bytes of fp16 or bf16)
# One fatbin serves sm_80 and sm_90a, so a block's dynamic shared memory stays within sm_80's opt-in limit.
SHARED_LIMIT = 166912


@dataclass(frozen=True)
class MmaTiles:
    block_m: int
    block_n: int
    block_k: int
    warps_m: int
    warps_n: int
    stages: int

    @property
    def threads(self) -> tuple[int, int]:
        """(threadIdx.x, threadIdx.y): a warp's lanes, the warps."""
        return 32, self.warps_m * self.warps_n

    @property
    def warp_tile(self) -> tuple[int, int]:
        return self.block_m // self.warps_m, self.block_n // self.warps_n

    def shared_bytes(self, itemsize: int, k_rows: tuple[bool, bool] = (False, False)) -> int:
        """Dynamic shared memory a block uses: ``stages`` A and B tiles, rows padded by ``PAD`` elements. A tile's
        rows are k when its operand has K outermost in memory (``k_rows``), else M or N."""
        tiles = [self.block_k * (side + PAD) if rows else side * (self.block_k + PAD)
                 for side, rows in zip((self.block_m, self.block_n), k_rows)]
        return self.stages * sum(tiles) * itemsize


def mma_tiles(bm: int, bn: int, bk: int, num_warps: int, num_stages: int, itemsize: int) -> MmaTiles:
    """Tiles of the tensor-core schedule from the config's knobs, exactly as given; ``ConfigError`` (the reason)
    when they do not fit.

    num_warps is split into a warp grid, more warps along the longer side; each warp's tile must hold at most
    64 x 64 accumulators per 32 lanes (128 fp32 registers a lane), and every thread copies whole 16-byte vectors of
    the A and B tiles per stage."""
    if bm % 16 or bn % 16 or bk % 16:
        raise ConfigError(f"BLOCK_M/N/K = {bm}/{bn}/{bk} are not multiples of the 16 x 16 x 16 mma fragment")
    stages = max(1, num_stages)
    need = stages * sum(max(side * (bk + PAD), bk * (side + PAD)) for side in (bm, bn)) * itemsize  # either layout
    if need > SHARED_LIMIT:
        raise ConfigError(f"{stages} stages of {bm}x{bk} and {bn}x{bk} tiles (rows padded by {PAD}) need {need} B of "
                          f"shared memory; the CUDA back end's kernels run on sm_80 too, which has {SHARED_LIMIT} B")
    warps_m, warps_n = 1, 1
    for _ in range(max(num_warps, 1).bit_length() - 1):  # num_warps = 2^p warps, halving the longer side
        if bm // warps_m >= bn // warps_n and bm // warps_m >= 32:
            warps_m *= 2
        elif bn // warps_n >= 32:
            warps_n *= 2
        elif bm // warps_m >= 32:
            warps_m *= 2
    wm, wn = bm // warps_m, bn // warps_n
    if warps_m * warps_n != num_warps or wm % 16 or wn % 16:
        raise ConfigError(f"{num_warps} warps do not split a {bm} x {bn} tile into 16 x 16 fragments")
    if wm * wn > 64 * 64:
        raise ConfigError(f"a {wm} x {wn} warp tile needs more than 128 accumulator registers a lane "
                          f"(BLOCK_M={bm}, BLOCK_N={bn}, num_warps={num_warps})")
    threads = 32 * num_warps
    for rows, name in ((bm, "A"), (bn, "B")):
        if rows * bk % (threads * VECTOR):
            raise ConfigError(f"the {rows} x {bk} {name} tile is no whole number of 16-byte vectors for each of "
                              f"{threads} threads")
    return MmaTiles(bm, bn, bk, warps_m, warps_n, stages)


def schedule_gemm_mma(func, f, tiles: MmaTiles, dtype: str, vectorize: bool = True):
    """Schedule ``func`` (a ``tir.GemmFunc``'s PrimFunc, described by ``f``) on tensor cores; the IRModule.

    ``vectorize``: copy whole 16-byte vectors into shared memory (cp.async). The operands' innermost dims must then
    be multiples of 8 (``f.vector_dims``) and their pointers 16-byte aligned; without it each element is copied
    alone, for any sizes and pointers."""
    import tvm
    from tvm import s_tir
    from tvm.s_tir.dlight.gpu.matmul import get_index_map

    from .fragments import accumulator_layout, operand_layout
    from .intrinsics import names

    k_rows = tuple(not inner for inner in f.k_inner)  # a tile stored [k, i] / [k, j], as its operand in memory
    intrin = names(dtype, "shared.dyn", k_rows)
    sch = s_tir.Schedule(tvm.IRModule({"main": func}))
    main = sch.get_sblock(f.block)
    # 1. C[s, i, j] += A[s, i, k] * B[s, j, k], whatever the operands' layouts and batch axes
    reindex_a = sch.reindex(main, ("read", 0))
    reindex_b = sch.reindex(main, ("read", 1))
    reindex_c = sch.reindex(main, ("write", 0))
    matmul_map, a_map, b_map, c_map = get_index_map(sch.get(main))
    sch.transform_layout(reindex_a, ("write", 0), a_map)
    sch.transform_layout(reindex_b, ("write", 0), b_map)
    sch.transform_layout(reindex_c, ("read", 0), c_map)
    sch.transform_block_layout(main, matmul_map)
    # an operand with K outermost in memory keeps that order in shared memory, so its copies stay contiguous:
    # A as [s, k, i], B as [s, k, j] (ldmatrix.trans turns them around)
    for reindex, rows in zip((reindex_a, reindex_b), k_rows):
        if rows:
            sch.transform_layout(reindex, ("write", 0), lambda s, outer, k: (s, k, outer))
    # 2. whole tiles
    sch.pad_einsum(main, [1, tiles.block_m, tiles.block_n, tiles.block_k])
    # 3. 16 x 16 x 16 fragments, blockized so the mma intrinsic sees one fragment product
    batch, i, j, k = sch.get_loops(main)
    i, i_tc = sch.split(i, [None, 16])
    j, j_tc = sch.split(j, [None, 16])
    k, k_tc = sch.split(k, [None, 16])
    sch.reorder(i, j, k, i_tc, j_tc, k_tc)
    inner = main
    outer = sch.blockize(i_tc)
    wm, wn = tiles.warp_tile
    i0, i1, i2 = sch.split(i, [None, tiles.warps_m, wm // 16])
    j0, j1, j2 = sch.split(j, [None, tiles.warps_n, wn // 16])
    k0, k1 = sch.split(k, [None, tiles.block_k // 16])
    sch.reorder(i0, j0, i1, j1, k0, k1, i2, j2)
    sch.bind(batch, "blockIdx.z")
    sch.bind(i0, "blockIdx.y")
    sch.bind(j0, "blockIdx.x")
    warp = sch.fuse(i1, j1)
    sch.bind(warp, "threadIdx.y")
    # 4. global -> shared (dynamic): 16-byte vectors per thread, cp.async where the copy is a plain aligned load
    for index, side in enumerate((tiles.block_m, tiles.block_n)):
        _to_shared(sch, outer, index, k0, tiles, vectorize, side if k_rows[index] else tiles.block_k)
    # 5. shared -> registers (ldmatrix), per 16-wide k step
    a_warp = sch.cache_read(outer, 0, "warp")
    b_warp = sch.cache_read(outer, 1, "warp")
    sch.compute_at(a_warp, k1)
    sch.compute_at(b_warp, k1)
    # 6. the accumulators stay in registers ("warp" scope) and the epilogue is applied at their store
    c_warp = sch.cache_write(outer, 0, "warp")
    sch.reverse_compute_at(c_warp, warp)
    for consumer in _consumer_chain(sch, c_warp):
        sch.reverse_compute_inline(consumer)
    init = sch.decompose_reduction(outer, k0)
    loop_a = _fragment(sch, a_warp)
    loop_b = _fragment(sch, b_warp)
    sch.transform_layout(a_warp, ("write", 0), _per_fragment(operand_layout, k_rows[0]))
    sch.transform_layout(b_warp, ("write", 0), _per_fragment(operand_layout, k_rows[1]))
    sch.transform_layout(c_warp, ("read", 0), _per_fragment(accumulator_layout))
    sch.tensorize(loop_a, intrin["load_a"])
    sch.tensorize(loop_b, intrin["load_b"])
    sch.tensorize(sch.get_loops(inner)[-3], intrin["compute"])
    for loop in (k1, i2, j2):
        sch.unroll(loop)
    _by_lane(sch, sch.get_child_blocks(init)[0])  # zero the accumulators, each lane its own 8 per fragment
    _by_lane(sch, c_warp)
    # 7. the pipeline over k0: the two copies issued stages-1 steps ahead (cp.async), the mma loop after them
    if tiles.stages > 1:
        sch.annotate(k0, "software_pipeline_stage", [0, 0, tiles.stages - 1])
        sch.annotate(k0, "software_pipeline_order", [0, 1, 2])
        sch.annotate(k0, "software_pipeline_async_stages", [0])
    return sch.mod


def _per_fragment(layout, swap: bool = False):
    """An index map over a warp buffer's last two axes: (..., r, c) -> (..., r / 16, c / 16, *layout(r % 16, c % 16)),
    with r and c swapped first when ``swap`` (a [k, i] tile to an (i, k) fragment)."""

    def index_map(*idx):
        r, c = (idx[-1], idx[-2]) if swap else (idx[-2], idx[-1])
        return (*idx[:-2], r // 16, c // 16, *layout(r % 16, c % 16))

    return index_map


def _to_shared(sch, block, index: int, k0, tiles: MmaTiles, vectorize: bool, row: int):
    """The operand ``index`` of ``block`` copied into dynamic shared memory at each step of ``k0``, by every thread
    16 bytes at a time, in rows of ``row`` elements padded by ``PAD``."""
    shared = sch.cache_read(block, index, "shared.dyn")
    sch.compute_at(shared, k0)
    producers = sch.get_producers(shared)
    while producers:  # reindex, padding and prologue stages are computed in the copy
        (producer,) = producers
        sch.compute_inline(producer)
        producers = sch.get_producers(shared)
    fused = sch.fuse(*sch.get_loops(shared)[-2:])
    _, ty, tx, vec = sch.split(fused, [None, tiles.warps_m * tiles.warps_n, 32, VECTOR])
    sch.bind(ty, "threadIdx.y")
    sch.bind(tx, "threadIdx.x")
    if vectorize:
        sch.vectorize(vec)
    else:
        sch.unroll(vec)
    sch.storage_align(shared, 0, axis=-2, factor=row, offset=PAD)  # rows of row + PAD elements
    return shared


def _consumer_chain(sch, block):
    """The blocks after ``block`` up to the output (reindex, padding write-back, epilogue), nearest first."""
    chain = []
    consumers = sch.get_consumers(block)
    while consumers:
        (consumer,) = consumers
        chain.append(consumer)
        consumers = sch.get_consumers(consumer)
    return chain


def _fragment(sch, block):
    """Split a warp copy's last two loops into 16 x 16 fragments; the loop the ldmatrix intrinsic replaces."""
    i, j = sch.get_loops(block)[-2:]
    i0, i1 = sch.split(i, [None, 16])
    j0, j1 = sch.split(j, [None, 16])
    sch.reorder(i0, j0, i1, j1)
    sch.unroll(i0)
    sch.unroll(j0)
    return i1


def _by_lane(sch, block):
    """A block over a warp's accumulator fragments (the zeroing, or the store with the epilogue inlined) as each
    lane's own 8 values per fragment: a fragment's (i, j) = (8 i_hi + i_lo, 8 j_hi + 2 j_mid + j_lo) lives in lane
    4 i_lo + j_mid (``intrinsics.accumulator_layout``), so the lane loop is fuse(i_lo, j_mid) (threadIdx.x) and
    every other loop is unrolled: the accumulators are indexed by constants, so they stay in registers."""
    i, j = sch.get_loops(block)[-2:]
    fi, i = sch.split(i, [None, 16])
    fj, j = sch.split(j, [None, 16])
    i_hi, i_lo = sch.split(i, [2, 8])
    j_hi, j_mid, j_lo = sch.split(j, [2, 4, 2])
    sch.reorder(i_lo, j_mid, fi, fj, j_hi, i_hi, j_lo)  # the lane outermost: its bound is known to all indices
    lane = sch.fuse(i_lo, j_mid)
    sch.bind(lane, "threadIdx.x")
    for loop in (fi, fj, j_hi, i_hi, j_lo):
        sch.unroll(loop)
