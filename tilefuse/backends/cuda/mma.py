"""The tensor-core schedule of a GEMM PrimFunc: ``ldmatrix`` + ``mma.sync.m16n8k16`` (fp16/bf16 in, fp32
accumulate), a ``cp.async`` pipeline of ``num_stages`` shared-memory tiles, 16-byte global loads, and the epilogue
applied to the accumulator registers at the store. ``schedule.py`` chooses it, or the scalar schedule with a reason.

What is computed where (one thread block = one BLOCK_M x BLOCK_N tile of the output, one batch index):

    normalize     the contraction is rewritten as C[s, i, j] += A[s, i, k] * B[s, j, k] (dlight's index maps):
                  s is the fused batch, i = M, j = N; A and B are read through ``reindex`` stages, so a transposed
                  operand (A as [K, M], B as [K, N]) is one case
    pad_einsum    i, j, k padded to BLOCK_M, BLOCK_N, BLOCK_K: loads past an edge read zeros, the store past an
                  edge is predicated off, so every symbolic size takes this one kernel
    warps         num_warps warps in a WARPS_M x WARPS_N grid (threadIdx.y); each owns a (BLOCK_M / WARPS_M) x
                  (BLOCK_N / WARPS_N) sub-tile as 16 x 16 fragments, 8 fp32 accumulators per lane per fragment
    shared        per BLOCK_K step, the A and B tiles ([BLOCK_M, BLOCK_K], [BLOCK_N, BLOCK_K]) are copied by every
                  thread of the block 8 elements (16 bytes) at a time, rows padded by 8 elements against bank
                  conflicts on ldmatrix; with num_stages > 1 the copies are cp.async into num_stages buffers,
                  issued num_stages - 1 steps ahead of the mma
    ldmatrix      per 16-wide k step, each warp loads its A and B fragments from shared into registers
    mma           mma.sync.aligned.m16n8k16 (two per 16 x 16 fragment), fp32 accumulators
    epilogue      each lane applies the fused epilogue (bias, activation, residual...) to its own accumulators and
                  stores them, predicated on the real M and N: no shared-memory round trip
"""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import ConfigError

MMA_DTYPES = ("float16", "bfloat16")
STATIC_SHARED = 48 * 1024
PAD = 8  # elements of padding per shared row (16 bytes): ldmatrix rows land in different banks


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

    def shared_bytes(self, itemsize: int) -> int:
        return self.stages * (self.block_m + self.block_n) * (self.block_k + PAD) * itemsize


def mma_tiles(bm: int, bn: int, bk: int, num_warps: int, num_stages: int, itemsize: int) -> MmaTiles:
    """Tiles of the tensor-core schedule from the config's knobs; ``ConfigError`` (the reason) when none fit.

    BLOCK_M/N/K are the block tile (BLOCK_K halved while the ``num_stages`` buffers overflow static shared
    memory, then stages dropped to 2); num_warps is split into a warp grid, more warps along the longer side;
    each warp's tile must hold at most 64 x 64 accumulators per 32 lanes (128 fp32 registers a lane)."""
    if bm % 16 or bn % 16 or bk % 16:
        raise ConfigError(f"BLOCK_M/N/K = {bm}/{bn}/{bk} are not multiples of the 16 x 16 x 16 mma fragment")
    stages = max(1, num_stages)
    while bk > 16 and stages * (bm + bn) * (bk + PAD) * itemsize > STATIC_SHARED:
        bk //= 2
    while stages > 2 and stages * (bm + bn) * (bk + PAD) * itemsize > STATIC_SHARED:
        stages -= 1
    if stages * (bm + bn) * (bk + PAD) * itemsize > STATIC_SHARED:
        raise ConfigError(f"{bm} x {bn} tiles do not fit {STATIC_SHARED} bytes of static shared memory")
    warps_m, warps_n = 1, 1
    for _ in range(max(num_warps, 1).bit_length() - 1):  # num_warps = 2^p warps, halving the longer side
        if bm // warps_m >= bn // warps_n and bm // warps_m >= 32:
            warps_m *= 2
        elif bn // warps_n >= 32:
            warps_n *= 2
        elif bm // warps_m >= 32:
            warps_m *= 2
    wm, wn = bm // warps_m, bn // warps_n
    if wm * wn > 64 * 64:
        raise ConfigError(f"a {wm} x {wn} warp tile needs more than 128 accumulator registers a lane "
                          f"(BLOCK_M={bm}, BLOCK_N={bn}, num_warps={num_warps})")
    tiles = MmaTiles(bm, bn, bk, warps_m, warps_n, stages)
    copy = (bm + bn) * bk // 8  # 16-byte vectors per stage
    if copy % (32 * warps_m * warps_n):
        raise ConfigError(f"a {bm + bn} x {bk} tile is no whole number of 16-byte vectors per thread")
    return tiles


def intrinsics(dtype: str, trans_b: bool = True) -> dict[str, str]:
    """The names of the ldmatrix / mma / fill intrinsics for ``dtype`` operands and fp32 accumulators; bf16 ones
    are registered here (TVM registers fp16 only): ldmatrix moves 16-bit words, so only the mma differs."""
    from tvm.s_tir import TensorIntrin
    from tvm.s_tir.tensor_intrin import cuda

    group = cuda.get_mma_intrin_group("shared", "global", "float16", "float32", False, trans_b)
    if dtype == "float16":
        return group
    names = {key: f"tilefuse_bf16_{value}" for key, value in group.items() if key != "init"}
    names["init"] = group["init"]
    try:
        TensorIntrin.get(names["compute"])
    except Exception:  # noqa: BLE001 - TVM raises its own error type for an unknown name
        _register_bf16(names, trans_b)
    return names


def _register_bf16(names: dict[str, str], trans_b: bool) -> None:
    """bf16 twins of the fp16 intrinsics: the same TVMScript with the element type replaced (ldmatrix moves
    16-bit words whatever they hold; mma.sync takes ".bf16" operands with the same fragment layout)."""
    from tvm.s_tir import TensorIntrin
    from tvm.s_tir.tensor_intrin import cuda

    pairs = {"load_a": cuda.get_ldmatrix_intrin(16, "float16", "A", False),
             "load_b": cuda.get_ldmatrix_intrin(16, "float16", "B", trans_b),
             "compute": cuda.get_mma_intrin(16, "float16", "float16", "float32", False, trans_b)}
    for key, (desc, impl) in pairs.items():
        TensorIntrin.register(names[key], _retyped(desc), _retyped(impl))


def _retyped(func):
    from tvm.script import from_source

    text = func.script().replace('"float16"', '"bfloat16"').replace("T.float16", "T.bfloat16")
    return from_source(text.replace('"fp16"', '"bf16"'))


def _ldmatrix_layout(i, j):
    """Element (i, j) of a warp's 16 x 16 fragment -> (lane, register slot): mma.sync's C/ldmatrix layout."""
    return 4 * (i % 8) + (j % 8) // 2, 4 * (j // 8) + 2 * (i // 8) + j % 2


def schedule_gemm_mma(func, f, tiles: MmaTiles, dtype: str):
    """Schedule ``func`` (a ``tir.GemmFunc``'s PrimFunc, described by ``f``) on tensor cores; the IRModule."""
    import tvm
    from tvm import s_tir
    from tvm.s_tir.dlight.gpu.matmul import get_index_map

    names = intrinsics(dtype)
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
    # 4. global -> shared: every thread 16 bytes at a time; cp.async and num_stages buffers via the pipeline
    copies = [_to_shared(sch, outer, index, k0, tiles) for index in (0, 1)]
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
    layout = lambda *idx: (*idx[:-2], idx[-2] // 16, idx[-1] // 16, *_ldmatrix_layout(idx[-2] % 16, idx[-1] % 16))  # noqa: E731
    sch.transform_layout(a_warp, ("write", 0), layout)
    sch.transform_layout(b_warp, ("write", 0), layout)
    sch.transform_layout(c_warp, ("read", 0), layout)
    sch.tensorize(loop_a, names["load_a"])
    sch.tensorize(loop_b, names["load_b"])
    sch.tensorize(sch.get_loops(inner)[-3], names["compute"])
    sch.unroll(i2)
    sch.unroll(j2)
    sch.tensorize(sch.get_loops(sch.get_child_blocks(init)[0])[-2], names["init"])
    _store_by_lane(sch, c_warp)
    # 7. the pipeline over k0: the two copies issued stages-1 steps ahead (async), the mma loop after them
    if tiles.stages > 1:
        sch.annotate(k0, "software_pipeline_stage", [0, 0, tiles.stages - 1])
        sch.annotate(k0, "software_pipeline_order", [0, 1, 2])
        sch.annotate(k0, "software_pipeline_async_stages", [0])
    del copies
    return sch.mod


def _to_shared(sch, block, index: int, k0, tiles: MmaTiles):
    shared = sch.cache_read(block, index, "shared")
    sch.compute_at(shared, k0)
    producers = sch.get_producers(shared)
    while producers:  # reindex, padding and prologue stages are computed in the copy
        (producer,) = producers
        sch.compute_inline(producer)
        producers = sch.get_producers(shared)
    fused = sch.fuse(*sch.get_loops(shared)[-2:])
    _, ty, tx, vec = sch.split(fused, [None, tiles.warps_m * tiles.warps_n, 32, 8])
    sch.bind(ty, "threadIdx.y")
    sch.bind(tx, "threadIdx.x")
    sch.vectorize(vec)
    sch.storage_align(shared, 0, axis=-2, factor=tiles.block_k, offset=PAD)  # rows of BLOCK_K + PAD elements
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


def _store_by_lane(sch, block):
    """The accumulator store (with the epilogue inlined) as each lane's own 8 values per fragment: a fragment's
    (i, j) = (8 i_hi + i_lo, 8 j_hi + 2 j_mid + j_lo) lives in lane 4 i_lo + j_mid, slot 4 j_hi + 2 i_hi + j_lo,
    so the lane loop is fuse(i_lo, j_mid) (threadIdx.x) and the slots unrolled."""
    i, j = sch.get_loops(block)[-2:]
    fi, i = sch.split(i, [None, 16])
    fj, j = sch.split(j, [None, 16])
    i_hi, i_lo = sch.split(i, [2, 8])
    j_hi, j_mid, j_lo = sch.split(j, [2, 4, 2])
    sch.reorder(i_lo, j_mid, fi, fj, j_hi, i_hi, j_lo)  # the lane outermost: its bound is known to all indices
    lane = sch.fuse(i_lo, j_mid)
    sch.bind(lane, "threadIdx.x")
    for loop in (j_hi, i_hi, j_lo):
        sch.unroll(loop)
