"""The tensor-core intrinsics the mma schedule tensorizes with (TVM ``TensorIntrin``s, registered once per process):
``ldmatrix`` from shared memory into a warp's fragment registers, and ``mma.sync.m16n8k16`` on one 16 x 16 x 16
fragment product with fp32 accumulators. fp16 and bf16 operands; shared tiles in static or dynamic shared memory,
with rows of i / j or (``.trans``) of k. The layouts are ``fragments.py``'s.

Why our own and not TVM's ``get_mma_intrin_group``: TVM's accumulator fragment is [32 lanes, 8] and its second
m16n8 product writes at ``lane * 8 + 4``; after ``LowerWarpMemory`` that offset divides by 256 with a remainder
the simplifier cannot drop, so the accumulators are indexed with ``threadIdx.x`` and live on the stack (560-624 B
of stack, every mma a local-memory round trip). Here the accumulator fragment is [2 halves of 8 columns, 32 lanes,
4], so each m16n8 product writes at ``half * 128 + lane * 4``: constant indices after lowering, registers only.
"""

from __future__ import annotations

from tvm.s_tir import TensorIntrin
from tvm.script import tirx as T

from .fragments import WARP, accumulator_layout, ldmatrix_offset, operand_layout

ABBREVIATION = {"float16": "fp16", "bfloat16": "bf16"}


def _ldmatrix(dtype: str, operand: str, scope: str, k_rows: bool):
    """``ldmatrix.x4`` of one 16 x 16 tile of operand ``operand`` ("A": i and k, "B": j and k) from shared memory
    into an operand fragment. The tile's rows are k (``k_rows``: the operand is [K, M] or [K, N] in memory, and
    ``.trans`` turns each 8 x 8 matrix around) or i / j (K is the rows' contiguous axis).
    Lane t gives the address of row t % 8 of matrix t / 8 (``fragments.ldmatrix_offset``)."""

    def slot(vr, vc):  # the operand fragment's (lane, slot) of the tile's element (vr, vc)
        return operand_layout(vc, vr) if k_rows else operand_layout(vr, vc)

    @T.prim_func(s_tir=True)
    def desc(warp_handle: T.handle, shared_handle: T.handle) -> None:
        shared = T.match_buffer(shared_handle, (16, 16), dtype, align=64, offset_factor=16, scope=scope)
        warp = T.match_buffer(warp_handle, (WARP, 8), dtype, align=64, offset_factor=16, scope="warp")
        with T.sblock("root"):
            T.reads(shared[0:16, 0:16])
            T.writes(warp[0:WARP, 0:8])
            for r, c in T.grid(16, 16):
                with T.sblock("shared_warp"):
                    vr, vc = T.axis.remap("SS", [r, c])
                    lane, index = T.meta_var(slot(vr, vc))
                    T.reads(shared[vr, vc])
                    T.writes(warp[lane, index])
                    warp[lane, index] = shared[vr, vc]

    @T.prim_func(s_tir=True)
    def impl(warp_handle: T.handle, shared_handle: T.handle) -> None:
        s0 = T.int32()
        s1 = T.int32()
        shared = T.match_buffer(shared_handle, (16, 16), dtype, align=64, offset_factor=16, scope=scope,
                                strides=[s0, s1])
        warp = T.match_buffer(warp_handle, (WARP, 8), dtype, align=64, offset_factor=16, scope="warp")
        with T.sblock("root"):
            T.reads(shared[0:16, 0:16])
            T.writes(warp[0:WARP, 0:8])
            for tx in T.thread_binding(0, WARP, "threadIdx.x"):
                T.evaluate(T.ptx_legacy.ldmatrix(k_rows, 4, ".b16", warp.data, warp.elem_offset + 8 * tx,
                                                 shared.access_ptr("r"), ldmatrix_offset(operand, k_rows, tx, s0),
                                                 dtype=dtype))

    return desc, impl


def _fragments(a, b, c, dtype: str):
    """The A, B and accumulator fragments of one mma, as buffers (declared while a PrimFunc is parsed)."""
    return (T.match_buffer(a, (WARP, 8), dtype, align=64, offset_factor=16, scope="warp"),
            T.match_buffer(b, (WARP, 8), dtype, align=64, offset_factor=16, scope="warp"),
            T.match_buffer(c, (2, WARP, 4), "float32", align=64, offset_factor=16, scope="warp"))


def _mma(dtype: str):
    """C[i, j] += A[i, k] * B[j, k] on one 16 x 16 x 16 fragment: two ``mma.sync.m16n8k16`` (columns 0-7, 8-15)."""
    ab = ABBREVIATION[dtype]

    @T.prim_func(s_tir=True)
    def desc(a: T.handle, b: T.handle, c: T.handle) -> None:
        A, B, C = T.meta_var(_fragments(a, b, c, dtype))
        with T.sblock("root"):
            T.reads(C[0:2, 0:WARP, 0:4], A[0:WARP, 0:8], B[0:WARP, 0:8])
            T.writes(C[0:2, 0:WARP, 0:4])
            for i, j, k in T.grid(16, 16, 16):
                with T.sblock("C"):
                    vi, vj, vk = T.axis.remap("SSR", [i, j, k])
                    lane_a, slot_a = T.meta_var(operand_layout(vi, vk))
                    lane_b, slot_b = T.meta_var(operand_layout(vj, vk))
                    half, lane_c, slot_c = T.meta_var(accumulator_layout(vi, vj))
                    T.reads(C[half, lane_c, slot_c], A[lane_a, slot_a], B[lane_b, slot_b])
                    T.writes(C[half, lane_c, slot_c])
                    C[half, lane_c, slot_c] += T.Cast("float32", A[lane_a, slot_a]) * T.Cast("float32",
                                                                                              B[lane_b, slot_b])

    @T.prim_func(s_tir=True)
    def impl(a: T.handle, b: T.handle, c: T.handle) -> None:
        A, B, C = T.meta_var(_fragments(a, b, c, dtype))
        with T.sblock("root"):
            T.reads(C[0:2, 0:WARP, 0:4], A[0:WARP, 0:8], B[0:WARP, 0:8])
            T.writes(C[0:2, 0:WARP, 0:4])
            for tx in T.thread_binding(0, WARP, "threadIdx.x"):
                # B's slots 0-3 hold columns j 0-7 (both k halves), slots 4-7 columns 8-15 (see _ldmatrix)
                T.evaluate(T.ptx_legacy.mma("m16n8k16", "row", "col", ab, ab, "fp32",
                                            A.data, A.elem_offset + 8 * tx, B.data, B.elem_offset + 8 * tx,
                                            C.data, C.elem_offset + 4 * tx, False, dtype="float32"))
                T.evaluate(T.ptx_legacy.mma("m16n8k16", "row", "col", ab, ab, "fp32",
                                            A.data, A.elem_offset + 8 * tx, B.data, B.elem_offset + 8 * tx + 4,
                                            C.data, C.elem_offset + 4 * WARP + 4 * tx, False, dtype="float32"))

    return desc, impl


def names(dtype: str, scope: str, k_rows: tuple[bool, bool]) -> dict[str, str]:
    """The registered names of the ``load_a``, ``load_b`` and ``compute`` intrinsics for ``dtype`` operands in
    shared memory of ``scope`` ("shared" or "shared.dyn"), A's and B's tiles with k rows or not (``k_rows``),
    registering them on first use."""
    short = ABBREVIATION[dtype]
    tag = f"tilefuse_{short}_{scope.replace('.', '_')}"
    wanted = {f"load_{x}": f"{tag}_ldmatrix_{x}{'_trans' if rows else ''}" for x, rows in zip("ab", k_rows)}
    wanted["compute"] = f"tilefuse_{short}_mma"
    makers = {"load_a": lambda: _ldmatrix(dtype, "A", scope, k_rows[0]),
              "load_b": lambda: _ldmatrix(dtype, "B", scope, k_rows[1]), "compute": lambda: _mma(dtype)}
    for key, name in wanted.items():
        try:
            TensorIntrin.get(name)
        except Exception:  # noqa: BLE001 - TVM raises its own error type for an unknown name
            TensorIntrin.register(name, *makers[key]())
    return wanted
