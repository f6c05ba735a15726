"""Where each element of a tensor-core tile lives: the register layouts of ``ldmatrix`` and
``mma.sync.m16n8k16`` as plain functions (no TVM). ``intrinsics.py`` builds the TVM intrinsics on them, the mma
schedule lays its warp buffers out with them, and the tests emulate them.

Per warp, a 16 x 16 fragment is spread over 32 lanes:

    operand (A as [i, k], B as [j, k]): element (r, c) in lane 4 (r % 8) + (c % 8) / 2,
        slot 4 (c / 8) + 2 (r / 8) + c % 2 (8 slots of 16 bits; A's slots are mma.sync's a0..a3 in order)
    accumulator (fp32): element (i, j) in half j / 8 (one m16n8 product each), lane 4 (i % 8) + (j % 8) / 2,
        slot 2 (i / 8) + j % 2 (4 slots per half)

``ldmatrix.x4`` reads four 8 x 8 matrices, one row address per lane (lane t: row t % 8 of matrix t / 8), in the
order mma.sync takes its registers: A (i 0-7, k 0-7), (i 8-15, k 0-7), (i 0-7, k 8-15), (i 8-15, k 8-15);
B (j 0-7, k 0-7), (j 0-7, k 8-15), (j 8-15, k 0-7), (j 8-15, k 8-15). So B's slots 0-3 are columns j 0-7 (both k
halves: the first product's b0, b1) and slots 4-7 columns j 8-15.
"""

from __future__ import annotations

WARP = 32


def operand_layout(r, c):
    """(lane, slot) of element (r, c) of a 16 x 16 operand fragment (rows i or j, columns k)."""
    return 4 * (r % 8) + (c % 8) // 2, 4 * (c // 8) + 2 * (r // 8) + c % 2


def accumulator_layout(i, j):
    """(half, lane, slot) of element (i, j) of a 16 x 16 fp32 accumulator fragment."""
    return j // 8, 4 * (i % 8) + (j % 8) // 2, 2 * (i // 8) + j % 2


def ldmatrix_offset(operand: str, k_rows: bool, lane, stride):
    """The element offset, in a shared tile whose rows are ``stride`` elements apart, of the row address lane
    ``lane`` gives ``ldmatrix.x4`` for operand ``operand`` ("A" or "B"). The tile's rows are k when ``k_rows`` (the
    operand is [K, M] or [K, N] in memory, read with ``.trans``), else i or j."""
    matrix, row = lane // 8, lane % 8
    outer_high = matrix % 2 if operand == "A" else matrix // 2   # which 8 of i / j
    k_high = matrix // 2 if operand == "A" else matrix % 2       # which 8 of k
    if k_rows:
        return stride * (8 * k_high + row) + 8 * outer_high
    return stride * (8 * outer_high + row) + 8 * k_high
