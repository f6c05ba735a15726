"""The CUDA back end's tensor-core fragment layouts (``backends/cuda/fragments.py``), checked on the CPU by
emulating ``ldmatrix.x4`` and ``mma.sync.m16n8k16`` lane by lane as the PTX ISA defines them: the row addresses
each lane gives ldmatrix, the registers each mma reads (the offsets ``intrinsics.py`` passes), and the accumulator
layout the epilogue's store reads must multiply a 16 x 16 x 16 fragment exactly. No TVM, no GPU.
"""

from __future__ import annotations

import numpy as np
import pytest

from tilefuse.backends.cuda.fragments import WARP, accumulator_layout, ldmatrix_offset, operand_layout

PAD = 8


def ldmatrix_x4(shared: np.ndarray, operand: str, k_rows: bool) -> np.ndarray:
    """[32 lanes, 8 halves] after ``ldmatrix.sync.aligned.m8n8.x4`` (``.trans`` when ``k_rows``) of the 16 x 16
    tile at the start of ``shared`` (rows ``shared.shape[1]`` elements apart)."""
    flat = shared.reshape(-1)
    stride = shared.shape[1]
    matrices = np.empty((4, 8, 8), dtype=shared.dtype)
    for lane in range(WARP):
        start = ldmatrix_offset(operand, k_rows, lane, stride)
        matrices[lane // 8, lane % 8] = flat[start:start + 8]
    regs = np.empty((WARP, 8), dtype=shared.dtype)
    for lane in range(WARP):
        g, t = lane // 4, lane % 4
        for m in range(4):
            if k_rows:  # .trans: each lane gets a column pair of the stored matrix
                regs[lane, 2 * m:2 * m + 2] = matrices[m, 2 * t:2 * t + 2, g]
            else:
                regs[lane, 2 * m:2 * m + 2] = matrices[m, g, 2 * t:2 * t + 2]
    return regs


def mma_m16n8k16(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> None:
    """``mma.sync.aligned.m16n8k16.row.col.f32``, per lane: ``a`` [32, 8] (a0..a3 as half pairs), ``b`` [32, 4]
    (b0, b1), ``c`` [32, 4] fp32 accumulated in place."""
    A = np.zeros((16, 16))
    B = np.zeros((16, 8))   # [k, n]
    for lane in range(WARP):
        g, t = lane // 4, lane % 4
        for h in range(2):
            A[g, 2 * t + h], A[g + 8, 2 * t + h] = a[lane, h], a[lane, 2 + h]
            A[g, 2 * t + 8 + h], A[g + 8, 2 * t + 8 + h] = a[lane, 4 + h], a[lane, 6 + h]
            B[2 * t + h, g], B[2 * t + 8 + h, g] = b[lane, h], b[lane, 2 + h]
    D = A @ B
    for lane in range(WARP):
        g, t = lane // 4, lane % 4
        for h in range(2):
            c[lane, h] += D[g, 2 * t + h]
            c[lane, 2 + h] += D[g + 8, 2 * t + h]


@pytest.mark.parametrize("a_rows", [False, True])
@pytest.mark.parametrize("b_rows", [False, True])
def test_ldmatrix_and_mma_fragments_multiply_exactly(a_rows, b_rows):
    rng = np.random.default_rng(0)
    a = rng.integers(-4, 5, (16, 16)).astype(np.float64)   # [i, k]
    b = rng.integers(-4, 5, (16, 16)).astype(np.float64)   # [j, k]

    def tile(m: np.ndarray, k_rows: bool) -> np.ndarray:
        """A shared tile, rows padded: [k, i] when ``k_rows``, else [i, k]."""
        t = m.T if k_rows else m
        padded = np.zeros((16, 16 + PAD))
        padded[:, :16] = t
        return padded

    a_frag = ldmatrix_x4(tile(a, a_rows), "A", a_rows)
    b_frag = ldmatrix_x4(tile(b, b_rows), "B", b_rows)
    for r in range(16):  # A's registers hold operand_layout exactly (B's differ in order; only the mma reads them)
        for c in range(16):
            lane, slot = operand_layout(r, c)
            assert a_frag[lane, slot] == a[r, c]
    acc = np.zeros(2 * WARP * 4)  # the accumulator fragment, [2 halves, 32 lanes, 4], flat
    for half in range(2):  # intrinsics._mma: B's slots 4 * half.., C at half * 128 + 4 * lane
        c = acc[half * WARP * 4:(half + 1) * WARP * 4].reshape(WARP, 4)
        mma_m16n8k16(a_frag, b_frag[:, 4 * half:4 * half + 4], c)
    expected = a @ b.T
    for i in range(16):
        for j in range(16):
            half, lane, slot = accumulator_layout(i, j)
            assert acc[half * WARP * 4 + lane * 4 + slot] == expected[i, j], (i, j)


def test_ldmatrix_rows_are_16_byte_aligned_and_cover_the_tile():
    for operand in "AB":
        for k_rows in (False, True):
            stride = 16 + PAD
            starts = sorted(ldmatrix_offset(operand, k_rows, lane, stride) for lane in range(WARP))
            assert all(s % 8 == 0 for s in starts)  # 8 halves = 16 bytes
            rows = {(s // stride, s % stride) for s in starts}
            assert rows == {(r, c) for r in range(16) for c in (0, 8)}
