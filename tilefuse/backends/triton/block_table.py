"""Prints the key walk's index arithmetic: loop bounds from a mask's key range, and the ``<name>_blocks``
prologue kernel (a ``BlockTablePlan``) that lists each query block's partial and full key blocks."""

from __future__ import annotations

from ...ir.analyzer import to_code
from ...schedule.plans import BlockTablePlan
from .exprs import Body, Ctx, Printer, bases, batch_decompose, size
from .kernel import Kernel, Param, count_param, kernel_params

# The block table: per query block, counts and key-block indices.
TABLES = ("part_cnt", "part_idx", "full_cnt", "full_idx")


def table_params() -> list[Param]:
    """The block table's arrays and the length of an index row, as the prologue and the attention kernel take them."""
    return [Param(f"{t}_ptr", "*i32", "table", t) for t in TABLES] + [count_param("NUM_KB")]


def key_bounds(key_range: tuple | None, m_size: str, n_size: str, body: Body, rows: str = "BLOCK_M"):
    """Loop bounds over keys for this query block, from the mask's index predicates (``key_range``).

    The softmax reads ``where(cond, s, -inf)``: keys outside the range would be -inf, contribute
    exp2(-inf) = 0, and can be skipped. Returns ``(lo, hi, full)``; ``full`` is ``(full_lo, full_hi)``,
    the block-aligned keys every row keeps (no mask needed), or None when some predicate is not
    understood.
    """
    whole = ("0", n_size, None)
    lows, highs, full_lows, full_highs, complete = key_range
    if not lows and not highs:
        return whole
    body("# Key blocks the mask rules out for every row of this block are skipped.")
    body(f"m_first = pid_m * {rows}")
    body(f"m_last = tl.minimum(m_first + {rows}, {m_size}) - 1")
    lo, hi = "0", n_size
    for expr in lows:
        lo = f"tl.maximum({lo}, {to_code(expr)})"
    for expr in highs:
        hi = f"tl.minimum({hi}, {to_code(expr)})"
    if lows:
        body(f"lo = (({lo}) // BLOCK_N) * BLOCK_N")
        lo = "lo"
    if highs:  # clamped at 0: Triton's // truncates toward zero, so no bound below may go negative
        body(f"hi = tl.maximum({hi}, 0)")
        hi = "hi"
    if not complete:
        return lo, hi, None
    # Whole blocks inside the range every row keeps, and inside [0, N): they skip all masking.
    full_lo, full_hi = lo, f"({n_size} // BLOCK_N) * BLOCK_N"
    for expr in full_lows:
        full_lo = f"tl.maximum({full_lo}, {to_code(expr)})"
    for expr in full_highs:
        full_hi = f"tl.minimum({full_hi}, {to_code(expr)})"
    body("# Blocks every row keeps need no mask: [full_lo, full_hi) runs without one.")
    body(f"full_lo = tl.minimum(tl.cdiv({full_lo}, BLOCK_N) * BLOCK_N, {hi})")
    body(f"full_hi = tl.maximum((tl.maximum({full_hi}, 0) // BLOCK_N) * BLOCK_N, full_lo)")
    return lo, hi, ("full_lo", "full_hi")


def render_block_table(plan: BlockTablePlan, printer: Printer, dims: list[str], scalars: list[str]) -> Kernel:
    """The prologue that builds the block table: for each query block, its partial and full key blocks.

    One program per (query block, table batch); it evaluates the mask on every BLOCK_M x BLOCK_N tile
    the index predicates leave possible and appends the key block to the full list (every in-range
    element kept, block inside N) or the partial list (some kept). Counts go to ``*_cnt``, indices
    to ``*_idx`` rows of NUM_KB entries.
    """
    p = printer.for_kernel(plan.memory)
    c = plan.config
    m, n = plan.m_axis.name, plan.n_axis.name
    m_size, n_size = size(plan.m_axis), size(plan.n_axis)
    body = Body()
    body("pid_m = tl.program_id(0)")
    axes = list(plan.table_axes)
    if axes:
        body("pid_b = tl.program_id(1)")
    grid = batch_decompose(axes, body)
    body("offs_m = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)")
    body(f"mask_m = offs_m < {m_size}")
    cond_bases = bases(plan.reads, grid, body, {})
    lo, hi, _ = key_bounds(plan.key_range, m_size, n_size, body)
    body(f"trow = {'pid_b' if axes else '0'} * tl.cdiv({m_size}, BLOCK_M) + pid_m")
    body("n_part = 0")
    body("n_full = 0")
    body(f"for start_n in range({lo}, {hi}, BLOCK_N):")
    loop = Body(2)
    loop("offs_n = start_n + tl.arange(0, BLOCK_N)")
    loop(f"mask_n = offs_n < {n_size}")
    ctx = Ctx({m: "offs_m[:, None]", n: "offs_n[None, :]"}, grid,
              {m: "mask_m[:, None]", n: "mask_n[None, :]"}, cond_bases)
    keep = p.expr([plan.cond], ctx, loop, {}, prefix="c_")[plan.cond]
    loop("valid = mask_m[:, None] & mask_n[None, :]")
    loop(f"kept = tl.max(tl.max(tl.where(valid & ({keep}), 1, 0), 1), 0)")
    loop(f"dropped = tl.max(tl.max(tl.where(valid & ({keep}), 0, tl.where(valid, 1, 0)), 1), 0)")
    loop("# Full: every in-range element kept and no key past the end; partial: anything else kept.")
    loop(f"is_full = (kept > 0) & (dropped == 0) & (start_n + BLOCK_N <= {n_size})")
    loop(f"is_part = (kept > 0) & ((dropped > 0) | (start_n + BLOCK_N > {n_size}))")
    loop("tl.store(full_idx_ptr + trow.to(tl.int64) * NUM_KB + n_full, start_n // BLOCK_N, mask=is_full)")
    loop("tl.store(part_idx_ptr + trow.to(tl.int64) * NUM_KB + n_part, start_n // BLOCK_N, mask=is_part)")
    loop("n_full += is_full.to(tl.int32)")
    loop("n_part += is_part.to(tl.int32)")
    body.lines += loop.lines
    body("tl.store(full_cnt_ptr + trow, n_full)")
    body("tl.store(part_cnt_ptr + trow, n_part)")
    params = kernel_params(plan.reads, [], dims, scalars, debug=p.debug) + table_params()
    return Kernel(plan.name, params, {"BLOCK_M": c.BLOCK_M, "BLOCK_N": c.BLOCK_N}, body.text(), 4, 1, plan.grid)
