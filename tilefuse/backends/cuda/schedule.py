"""The TensorIR schedule of a GEMM PrimFunc (``tir.gemm_func``): shared-memory tiling with register tiles.

    pad_einsum       M, N, K padded to whole tiles, so every symbolic size takes one kernel (the loads past an
                     edge read zeros, the stores past it are predicated off)
    block tile       BLOCK_M x BLOCK_N per thread block: blockIdx.y walks M, blockIdx.x N, blockIdx.z the batch
    thread tile      THREAD_M x THREAD_N accumulators per thread, one dense box of the block tile
    shared memory    per BLOCK_K step, A and B tiles copied cooperatively (16-byte vectors where the copy is
                     unguarded); a prologue is computed in that copy, once per loaded element
    epilogue         the accumulator goes through registers into the fused epilogue and one predicated store

The launcher computes the same grid and block from ``Tiles`` (``launch_dims``), never from the generated text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...errors import ConfigError
from ...schedule.space import Config
from .mma import MMA_DTYPES, MmaTiles, mma_tiles

# Shared tiles are static shared memory, at most 48 KiB: BLOCK_K is capped to keep both tiles under it.
STATIC_SHARED = 48 * 1024
THREAD_TILE = 8


@dataclass(frozen=True)
class Tiles:
    """The CUDA schedule's own sizes, derived from a tilefuse ``Config``."""

    block_m: int
    block_n: int
    block_k: int
    thread_m: int = THREAD_TILE
    thread_n: int = THREAD_TILE

    @property
    def threads(self) -> tuple[int, int]:
        """(threadIdx.x, threadIdx.y): along N, along M."""
        return self.block_n // self.thread_n, self.block_m // self.thread_m

    def shared_bytes(self, itemsize: int) -> int:
        return (self.block_m + self.block_n) * self.block_k * itemsize


def tiles_for(config: Config, itemsize: int) -> Tiles:
    """The tile sizes of ``config`` for operands of ``itemsize`` bytes: BLOCK_M and BLOCK_N as given, BLOCK_K as
    given but no larger than keeps the two shared tiles within static shared memory, thread tiles of 8 x 8 (fewer
    rows or columns when a block is smaller)."""
    bm, bn, bk = config.BLOCK_M, config.BLOCK_N, config.BLOCK_K
    while bk > 8 and (bm + bn) * bk * itemsize > STATIC_SHARED // 2:
        bk //= 2  # half the static limit leaves room for the register-tile's spills never to become shared
    tiles = Tiles(bm, bn, bk, min(THREAD_TILE, bm), min(THREAD_TILE, bn))
    tx, ty = tiles.threads
    if tx * ty > 1024 or tx * ty < 32:
        raise ConfigError(f"the CUDA schedule needs 32 to 1024 threads a block; BLOCK_M={bm}, BLOCK_N={bn} give "
                          f"{tx * ty} with {tiles.thread_m} x {tiles.thread_n} thread tiles")
    return tiles


def schedule_gemm(func, f, tiles: Tiles, itemsizes: tuple[int, int]):
    """Schedule the PrimFunc ``func`` (described by ``f``: a ``tir.GemmFunc``); returns the scheduled IRModule.

    ``itemsizes``: bytes per element of the A and B tiles in shared memory (their vector width)."""
    import tvm
    from tvm import s_tir

    sch = s_tir.Schedule(tvm.IRModule({"main": func}))
    mm = sch.get_sblock(f.block)
    factor = {f.m: tiles.block_m, f.n: tiles.block_n, f.k: tiles.block_k}
    sch.pad_einsum(mm, [factor.get(name, 1) for name in f.loops])
    (write_back,) = sch.get_consumers(mm)  # copies the padded result into the real one
    if f.epilogue:
        sch.reverse_compute_inline(sch.get_sblock(f.epilogue))
    loops = dict(zip(f.loops, sch.get_loops(mm)))
    tx_count, ty_count = tiles.threads
    # blocked thread tiles: a thread's accumulators are one dense THREAD_M x THREAD_N box (strided ones would make
    # the register tile the bounding box of the whole block's)
    bm, ty, mi = sch.split(loops[f.m], [None, ty_count, tiles.thread_m])
    bn, tx, ni = sch.split(loops[f.n], [None, tx_count, tiles.thread_n])
    ko, ki = sch.split(loops[f.k], [None, tiles.block_k])
    batch = [loops[name] for name in f.batch]
    sch.reorder(*batch, bm, bn, ty, tx, ko, ki, mi, ni)
    if batch:
        sch.bind(sch.fuse(*batch) if len(batch) > 1 else batch[0], "blockIdx.z")
    sch.bind(bm, "blockIdx.y")
    sch.bind(bn, "blockIdx.x")
    sch.bind(ty, "threadIdx.y")
    sch.bind(tx, "threadIdx.x")
    local = sch.cache_write(mm, 0, "local")
    sch.reverse_compute_at(local, tx)
    sch.reverse_compute_inline(write_back)
    for index, itemsize in enumerate(itemsizes):
        shared = sch.cache_read(mm, index, "shared")
        sch.compute_at(shared, ko)
        # the padding copy, then the prologue under it, are computed in the shared-memory copy
        producers = sch.get_producers(shared)
        while producers:
            (producer,) = producers
            sch.compute_inline(producer)
            producers = sch.get_producers(shared)
        _cooperative_copy(sch, shared, tiles, itemsize)
    init = sch.decompose_reduction(mm, ko)
    # fully unrolled register tiles, so the accumulators live in registers, not on the stack
    for loop in (mi, ni, *sch.get_loops(init)[-2:], *sch.get_loops(local)[-2:]):
        sch.unroll(loop)
    return sch.mod


def _cooperative_copy(sch, block, tiles: Tiles, itemsize: int) -> None:
    """Every thread of the block copies ``vector`` consecutive elements at a time of the shared tile."""
    tx_count, ty_count = tiles.threads
    loops = sch.get_loops(block)
    inner = sch.fuse(*loops[-2:])
    extent = sch.get(inner).extent.value
    vector = 16 // itemsize
    while vector > 1 and extent % (tx_count * ty_count * vector):
        vector //= 2
    if extent % (tx_count * ty_count * vector):
        raise ConfigError(f"a {extent}-element shared tile cannot be shared by {tx_count * ty_count} threads")
    _, ty, tx, vec = sch.split(inner, [None, ty_count, tx_count, vector])
    sch.bind(ty, "threadIdx.y")
    sch.bind(tx, "threadIdx.x")
    sch.vectorize(vec)


@dataclass(frozen=True)
class Choice:
    """Which schedule a kernel takes: ``mma`` (tensor-core tiles) or None with the ``reason`` for the scalar one."""

    mma: MmaTiles | None
    reason: str = ""

    def fallback(self, reason: str) -> Choice:
        return replace(self, mma=None, reason=reason)

    def describe(self, tiles, vector_dims: dict[str, str] | None = None) -> str:
        """One line for the file header: the schedule, its tiles, and how it loads (``vector_dims``: the
        vectorized kernel's dims that are multiples of 8)."""
        if isinstance(tiles, MmaTiles):
            wm, wn = tiles.warp_tile
            loads = (f"16-byte cp.async (needs {', '.join(f'{d} % 8 == 0' for d in vector_dims.values())} and "
                     "16-byte aligned operands)" if vector_dims is not None else "guarded scalar copies (any sizes)")
            return (f"tensor cores (ldmatrix + mma.sync.m16n8k16, fp32 accumulate): {tiles.block_m}x{tiles.block_n}"
                    f"x{tiles.block_k} tiles, {tiles.warps_m}x{tiles.warps_n} warps of {wm}x{wn}, "
                    f"{tiles.stages}-stage pipeline in dynamic shared memory; {loads}")
        return (f"scalar (CUDA cores) because {self.reason}: {tiles.block_m}x{tiles.block_n}x{tiles.block_k} tiles, "
                f"{tiles.thread_m}x{tiles.thread_n} per thread, threads {tiles.threads}")


def choose_schedule(config: Config, dtype: str, itemsize: int) -> Choice:
    """The tensor-core schedule where it applies (fp16/bf16 operands, tiles of whole 16 x 16 x 16 fragments that
    fit), else the scalar one with the reason."""
    if dtype not in MMA_DTYPES:
        return Choice(None, f"mma.sync takes fp16/bf16 operands, these are {dtype}")
    try:
        return Choice(mma_tiles(config.BLOCK_M, config.BLOCK_N, config.BLOCK_K, config.num_warps,
                                config.num_stages, itemsize))
    except ConfigError as error:
        return Choice(None, str(error))


def launch_dims(tiles) -> dict:
    """What the launcher needs to compute the grid: tile sizes along M and N, and threads along x and y."""
    tx, ty = tiles.threads
    return {"BLOCK_M": tiles.block_m, "BLOCK_N": tiles.block_n, "THREADS": (tx, ty, 1)}
