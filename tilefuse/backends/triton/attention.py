"""Prints an ``AttentionPlan`` as Triton: the flash-style kernel (the query tile resident, keys streamed in
BLOCK_N steps through an online softmax, walked densely, between bounds, or from a block table), and with
split-KV the ``<name>_combine`` kernel that merges the splits."""

from __future__ import annotations

from ...ir.dtypes import DType
from ...schedule.plans import AttentionPlan, Buffer, in_order
from .block_table import key_bounds, render_block_table, table_params
from .exprs import Body, Ctx, Printer, bases, batch_decompose, relabel, size, store_tile, stride
from .kernel import Kernel, count_param, fp32_workspace, kernel_params
from .tma import tma_operand


def _split_params() -> list:
    """The split-KV workspace (each split's running max, sum and accumulator) and the split count."""
    return [fp32_workspace("ws_m_ptr", "ws_m"), fp32_workspace("ws_l_ptr", "ws_l"),
            fp32_workspace("ws_o_ptr", "ws_o"), count_param("NUM_SPLITS")]


def render_attention(plan: AttentionPlan, printer: Printer, dims: list[str], scalars: list[str]) -> list[Kernel]:
    """The kernels of one attention plan: the block-table prologue (table mode), the attention kernel, and with
    split-KV the combine kernel.

    Scores live only in registers. exp2 replaces exp (log2 e is folded into the scores once); a row
    whose every score is -inf keeps l = 0 and stores zeros, as the reference's softmax does.
    """
    p = printer.for_kernel(plan.memory)
    c = plan.config
    m, n, d, dv = plan.m_axis.name, plan.n_axis.name, plan.d_axis.name, plan.dv_axis.name
    sizes = {m: size(plan.m_axis), n: size(plan.n_axis), d: size(plan.d_axis), dv: size(plan.dv_axis)}
    dot_dtype = plan.dot_dtype
    operands = (plan.q, plan.k, plan.v)

    body = Body()
    grid = _rows(plan, body, packed=True)
    # Head packing: K and V see the pack's first head (every head of the pack reads the same K/V); the query,
    # the scores and the outputs index each row's own head.
    ph = plan.head_pack[0].name if plan.head_pack else None
    rows_grid = {a: v for a, v in grid.items() if a != ph}
    per_row = {ph: f"head_{ph}[:, None]"} if ph else {}
    body("offs_d = tl.arange(0, BLOCK_D)")
    body(f"mask_d = offs_d < {sizes[d]}")
    known_bases: dict[str, str] = {}
    tables = [  # per operand: tile index code, masks (keyed by einsum letters)
        ({m: "offs_m[:, None]", d: "offs_d[None, :]", **per_row}, {m: "mask_m[:, None]", d: "mask_d[None, :]"}),
        ({n: "offs_n[None, :]", d: "offs_d[:, None]"}, {n: "mask_n[None, :]", d: "mask_d[:, None]"}),
        ({n: "offs_n[:, None]", dv: "offs_dv[None, :]"}, {n: "mask_n[:, None]", dv: "mask_dv[None, :]"}),
    ]
    ctxs, reads = [], []
    inner = {1: (d, "BLOCK_D"), 2: (dv, "BLOCK_DV")}
    tma_known: dict = {}   # per-program index values K's and V's descriptor loads share (GQA's head map)
    tma = {which: tma_operand(p, plan, operands[which], grid, body, n, *inner[which], tma_known)
           for which in (1, 2)} if c.USE_TMA else {}
    for i, (operand, (tile, mask)) in enumerate(zip(operands, tables)):
        tile, own_grid, mask = relabel(operand.letters, operand.node, tile, rows_grid if i == 0 else grid, mask)
        pointer_reads = [] if tma.get(i) else operand.reads
        reads += pointer_reads
        # a prologue doing float math works in fp32; a plain gather (GQA's K/V head map) keeps the stored type
        math = any(x.dtype.is_float and x.op != "load" for x in operand.nodes)
        ctxs.append(Ctx(tile, own_grid, mask, bases(pointer_reads, own_grid, body, known_bases), upcast=math))

    def operand_tile(which: int, loop: Body, var: str) -> str:
        operand = operands[which]
        if tma.get(which):  # the tensor-memory accelerator copies the tile and zero-fills past the edges
            t, code = tma[which].tensor, tma[which].load(transposed=which == 1)
            loop(f"{var} = {code}" + (f".to({dot_dtype.triton})" if t.dtype != dot_dtype else ""))
            return var
        values = p.expr(operand.tile_nodes, ctxs[which], loop, {}, prefix=f"{var}_")
        code = values[operand.node]
        if operand.nodes or operand.node.dtype != dot_dtype:
            code = f"{code}.to({dot_dtype.triton})"
        loop(f"{var} = {code}")
        return var

    body("# The query tile is loaded once and stays on chip for every key block.")
    operand_tile(0, body, "q")
    body('m_i = tl.full((BLOCK_M,), float("-inf"), tl.float32)  # running row max (log2 units)')
    body("l_i = tl.zeros((BLOCK_M,), tl.float32)  # running row sum of exp2(s - m_i)")
    body("acc = tl.zeros((BLOCK_M, BLOCK_DV), tl.float32)")
    score_bases = bases(plan.score_reads, rows_grid, body, known_bases)
    walk = plan.key_walk
    table = walk.mode == "table"
    lo, hi, full = "0", sizes[n], None
    if walk.mode == "bounds":
        lo, hi, full = key_bounds(walk.key_range, sizes[m], sizes[n], body,
                                  rows="(BLOCK_M // HEAD_PACK)" if ph else "BLOCK_M")
    elif table:
        body(f"# The block table ({plan.block_table.name}) lists this query block's partial and full key blocks.")
        flat = "0"
        for a in walk.table_axes:
            flat = grid[a.name] if flat == "0" else f"({flat} * ({size(a)}) + {grid[a.name]})"
        body(f"trow = {flat} * tl.cdiv({sizes[m]}, BLOCK_M) + pid_m")
        body("n_part = tl.load(part_cnt_ptr + trow)")
        body("n_full = tl.load(full_cnt_ptr + trow)")
        body("part_row = part_idx_ptr + trow.to(tl.int64) * NUM_KB")
        body("full_row = full_idx_ptr + trow.to(tl.int64) * NUM_KB")
        lo, hi, full = "0", "n_part", ("n_part", "n_part + n_full")
    split = plan.split_kv > 1
    if split:
        body("# Split-KV: this program takes one contiguous share of the key blocks.")
        body("pid_s = tl.program_id(2)")
        if table:
            body("per_split = tl.cdiv(n_part + n_full, NUM_SPLITS)")
            body("split_lo = pid_s * per_split")
            body("split_hi = tl.minimum(split_lo + per_split, n_part + n_full)")
            full = ("tl.minimum(tl.maximum(split_lo, n_part), split_hi)", "split_hi")
            lo, hi = "split_lo", "tl.minimum(split_hi, n_part)"
        else:
            body(f"per_split = tl.cdiv(tl.cdiv({hi} - {lo}, BLOCK_N), NUM_SPLITS) * BLOCK_N")
            body(f"split_lo = {lo} + pid_s * per_split")
            body(f"split_hi = tl.minimum(split_lo + per_split, {hi})")
            lo, hi, full = "split_lo", "split_hi", None
    prec = ', input_precision="tf32"' if dot_dtype == DType.fp32 else ""
    score_tile = {m: "offs_m[:, None]", n: "offs_n[None, :]", **per_row}
    score_mask = {m: "mask_m[:, None]", n: "mask_n[None, :]"}
    qk = plan.qk

    def key_loop(start: str, stop: str, masked: bool):
        if table:  # walk table entries: partial ones masked, full ones not
            body(f"for i in range({start}, {stop}):")
            loop = Body(2)
            row, first = ("part_row", "i") if masked else ("full_row", "i - n_part")
            loop(f"start_n = tl.load({row} + {first}) * BLOCK_N")
        else:
            body(f"for start_n in range({start}, {stop}, BLOCK_N):")
            loop = Body(2)
        loop("offs_n = start_n + tl.arange(0, BLOCK_N)")
        loop(f"mask_n = offs_n < {sizes[n]}")  # K/V tile loads stay masked (cheap); scores only if masked
        operand_tile(1, loop, "k")
        loop(f"qk = tl.dot(q, k{prec})")
        ctx = Ctx(score_tile, rows_grid, score_mask if masked else {}, score_bases)
        if masked:
            values = p.expr(plan.score_mods, ctx, loop, {qk: "qk"}, prefix="s_")
            scores = values[plan.score] if plan.score_mods else "qk"
            loop("# Keys past the end never count; log2(e) turns exp into exp2.")
            loop(f'scores = tl.where(mask_n[None, :], {scores}, float("-inf")) * 1.4426950408889634')
        else:  # every key of the block is in range and kept by the mask: compute what the mask keeps
            kept = plan.score.args[1]
            values = p.expr([kept], ctx, loop, {qk: "qk"}, prefix="s_") if kept is not qk else {qk: "qk"}
            loop(f"scores = {values[kept]} * 1.4426950408889634")
        loop("m_new = tl.maximum(m_i, tl.max(scores, 1))")
        loop("# A row with no visible key yet keeps m = -inf; shift by 0 there so exp2 gives 0, not NaN.")
        loop('m_shift = tl.where(m_new == float("-inf"), 0.0, m_new)')
        loop("p = tl.exp2(scores - m_shift[:, None])")
        loop("alpha = tl.exp2(m_i - m_shift)")
        loop("l_i = l_i * alpha + tl.sum(p, 1)")
        operand_tile(2, loop, "v")
        loop(f"acc = acc * alpha[:, None] + tl.dot(p.to({dot_dtype.triton}), v{prec})")
        loop("m_i = m_new")
        body.lines += loop.lines

    if table:
        key_loop(lo, hi, masked=True)
        key_loop(full[0], full[1], masked=False)
    elif full is None:
        key_loop(lo, hi, masked=True)
    else:
        key_loop(lo, full[0], masked=True)
        key_loop(full[0], full[1], masked=False)
        key_loop(full[1], hi, masked=True)
    batch_code = " * ".join(f"({size(a)})" for a in plan.batch_axes) or "1"
    constexprs = {"BLOCK_M": c.BLOCK_M, "BLOCK_N": c.BLOCK_N, "BLOCK_D": 128, "BLOCK_DV": 128}
    # tl.dot wants every tile side >= 16 (Triton 3.6 checks it; head sizes like 8 are padded and masked)
    launch = {"BLOCK_D": f"max(_pow2({sizes[d]}), 16)", "BLOCK_DV": f"max(_pow2({sizes[dv]}), 16)"}
    if ph:  # how many heads share a program is picked at launch from the group and the query rows
        constexprs["HEAD_PACK"] = c.HEAD_PACK
        launch["HEAD_PACK"] = "HEAD_PACK"
    read_ops = in_order(reads + plan.score_reads)
    written = [t for _, t in plan.outputs]
    kernels = [render_block_table(plan.block_table, printer, dims, scalars)] if table else []
    extra = table_params() if table else []
    descriptors = tuple(x.param_spec(launch) for x in tma.values() if x)
    if not split:
        _finish(p, body, plan, rows_grid, known_bases, per_row)
        params = kernel_params(in_order(read_ops + plan.epilogue_reads), written, dims, scalars,
                               descriptors=descriptors, debug=p.debug)
        return kernels + [Kernel(plan.name, params + extra, constexprs, body.text(), c.num_warps, c.num_stages,
                                 plan.grid, launch)]
    # Split-KV: each split writes its unnormalized accumulator, running max and sum; a combine kernel
    # rescales the splits to a common max, adds them, and runs the epilogue.
    body("# This split's partial state goes to the workspace; the combine kernel merges the splits.")
    pid_b = "pid_b" if plan.batch_axes else "0"
    if ph:  # each row's (batch, head) flattened as the combine kernel's program id flattens it
        pid_b = "0"
        for a in plan.batch_axes:
            pid_b = f"({pid_b}) * ({size(a)}) + " + (f"head_{ph}" if a.name == ph else grid[a.name])
    body(f"row = (pid_s.to(tl.int64) * ({batch_code}) + {pid_b}) * ({sizes[m]}) + offs_m")
    body("tl.store(ws_m_ptr + row, m_i, mask=mask_m)")
    body("tl.store(ws_l_ptr + row, l_i, mask=mask_m)")
    body(f"tl.store(ws_o_ptr + row[:, None] * ({sizes[dv]}) + offs_dv[None, :], acc, "
         "mask=mask_m[:, None] & mask_dv[None, :])")
    params = kernel_params(read_ops, [], dims, scalars, descriptors=descriptors, debug=p.debug) + extra \
        + _split_params()
    kernels.append(Kernel(plan.name, params, constexprs, body.text(), c.num_warps, c.num_stages, plan.grid, launch))
    kernels.append(_combine(p, plan, written, dims, scalars, batch_code, launch["BLOCK_DV"]))
    return kernels


def _combine(p: Printer, plan: AttentionPlan, written: list[Buffer], dims: list[str], scalars: list[str],
             batch_code: str, block_dv: str) -> Kernel:
    """The split-KV combine kernel: rescale each split's (max, sum, acc) to the common max, add, finish."""
    m_size, dv_size = size(plan.m_axis), size(plan.dv_axis)
    comb = Body()
    cgrid = _rows(plan, comb, packed=False)
    comb(f"rows = {'pid_b' if plan.batch_axes else '0'}.to(tl.int64) * ({m_size}) + offs_m")
    comb(f"split_rows = ({batch_code}) * ({m_size})")
    comb('m_i = tl.full((BLOCK_M,), float("-inf"), tl.float32)')
    comb("for s in range(NUM_SPLITS):")
    comb('    m_i = tl.maximum(m_i, tl.load(ws_m_ptr + s * split_rows + rows, mask=mask_m, other=float("-inf")))')
    comb('m_shift = tl.where(m_i == float("-inf"), 0.0, m_i)')
    comb("l_i = tl.zeros((BLOCK_M,), tl.float32)")
    comb("acc = tl.zeros((BLOCK_M, BLOCK_DV), tl.float32)")
    comb("for s in range(NUM_SPLITS):")
    comb('    m_s = tl.load(ws_m_ptr + s * split_rows + rows, mask=mask_m, other=float("-inf"))')
    comb("    scale = tl.exp2(m_s - m_shift)")
    comb("    l_i += tl.load(ws_l_ptr + s * split_rows + rows, mask=mask_m, other=0.0) * scale")
    comb(f"    part = tl.load(ws_o_ptr + (s * split_rows + rows)[:, None] * ({dv_size}) + offs_dv[None, :], "
         "mask=mask_m[:, None] & mask_dv[None, :], other=0.0)")
    comb("    acc += part * scale[:, None]")
    _finish(p, comb, plan, cgrid, {})
    params = kernel_params(plan.epilogue_reads, written, dims, scalars, debug=p.debug) + _split_params()
    return Kernel(f"{plan.name}_combine", params, {"BLOCK_M": plan.config.BLOCK_M, "BLOCK_DV": 128}, comb.text(),
                  4, 1, plan.grid.unsplit(), {"BLOCK_DV": block_dv})


def _longest_last(plan: AttentionPlan) -> bool:
    """Whether later query blocks see more keys: a key range whose upper bound grows with the query row (causal)
    and whose lower bound does not (a window's work is flat)."""
    walk = plan.key_walk
    if walk.mode != "bounds" or not walk.key_range:
        return False
    lows, highs = walk.key_range[:2]

    def grows(bound) -> bool:
        return any(bound.diff(s).is_positive for s in bound.free_symbols if s.name in ("m_first", "m_last"))

    return any(grows(h) for h in highs) and not any(grows(lo) for lo in lows)


def _rows(plan: AttentionPlan, body: Body, packed: bool) -> dict[str, str]:
    """Program ids, batch indices, and the query rows and value columns this program owns.

    With head packing (``packed`` and a plan that packs) the tile's BLOCK_M rows are HEAD_PACK heads times
    BLOCK_M // HEAD_PACK query rows: ``head_<axis>`` is each row's head, ``idx_<axis>`` the pack's first.
    """
    if packed and _longest_last(plan):
        body("# Key bounds grow with the query block (causal): the longest blocks start first, the short ones fill")
        body("# the tail of the launch.")
        body("pid_m = tl.num_programs(0) - 1 - tl.program_id(0)")
    else:
        body("pid_m = tl.program_id(0)")
    if plan.batch_axes:
        body("pid_b = tl.program_id(1)")
    pack = plan.head_pack if packed else None
    if pack is None:
        grid = batch_decompose(plan.batch_axes, body)
        body("offs_m = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)")
        body(f"mask_m = offs_m < {size(plan.m_axis)}")
    else:
        ax = pack[0]
        grid = batch_decompose(plan.batch_axes, body, {ax.name: f"tl.cdiv({size(ax)}, HEAD_PACK)"})
        body(f"# HEAD_PACK heads of one K/V group share this program: row r is head {grid[ax.name]} + "
             "r // (BLOCK_M // HEAD_PACK), query row r % (BLOCK_M // HEAD_PACK) of the block.")
        body(f"{grid[ax.name]} = {grid[ax.name]} * HEAD_PACK")
        body("rows = tl.arange(0, BLOCK_M)")
        body(f"head_{ax.name} = {grid[ax.name]} + rows // (BLOCK_M // HEAD_PACK)")
        body("offs_m = pid_m * (BLOCK_M // HEAD_PACK) + rows % (BLOCK_M // HEAD_PACK)")
        body(f"mask_m = (offs_m < {size(plan.m_axis)}) & (head_{ax.name} < {size(ax)})")
    body("offs_dv = tl.arange(0, BLOCK_DV)")
    body(f"mask_dv = offs_dv < {size(plan.dv_axis)}")
    return grid


def _finish(p: Printer, body: Body, plan: AttentionPlan, grid, known_bases, per_row: dict | None = None) -> None:
    """Normalize by the row sum, then log-sum-exp, epilogue and stores (m_i, l_i and acc are live). ``per_row``:
    batch axes indexed per row (a packed head), not by the program."""
    m, dv, pv = plan.m_axis.name, plan.dv_axis.name, plan.root
    per_row = per_row or {}
    body("# Fully masked rows have l = 0 and acc = 0: they store zeros.")
    body("acc = acc / tl.where(l_i == 0.0, 1.0, l_i)[:, None]")
    epi_tile = {m: "offs_m[:, None]", dv: "offs_dv[None, :]", **per_row}
    epi_mask = {m: "mask_m[:, None]", dv: "mask_dv[None, :]"}
    epi_bases = bases(plan.epilogue_reads, grid, body, known_bases)
    ctx = Ctx(epi_tile, grid, epi_mask, epi_bases, upcast=True)
    values = p.expr(plan.epilogue, ctx, body, {pv: "acc"}, prefix="e_")
    if plan.lse:
        body("# log-sum-exp of each score row, in natural log units; -inf for a row that saw no key.")
        body("lse = (tl.where(m_i == float(\"-inf\"), 0.0, m_i) + tl.log2(tl.where(l_i == 0.0, 1.0, l_i))) "
             "* 0.6931471805599453")
        body('lse = tl.where(l_i == 0.0, float("-inf"), lse)')
    outputs = dict(plan.outputs)
    for node in plan.lse:
        t = outputs[node]
        obases = bases([t], grid, body, known_bases)
        heads = "".join(f" + {code.replace('[:, None]', '')} * {stride(t, a)}" for a, code in per_row.items()
                        if a in {x.name for x in t.axes})
        body(f"tl.store({obases[t.name]} + offs_m * {stride(t, m)}{heads}, lse, mask=mask_m)")
    for node, t in plan.outputs:
        if node not in plan.lse:
            store_tile(body, node, t, values[node], epi_tile, grid, known_bases, pv,
                       ("BLOCK_M", "BLOCK_DV"), "mask_m[:, None] & mask_dv[None, :]")
