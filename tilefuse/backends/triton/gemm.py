"""Prints a ``GemmPlan`` as Triton: the tiled GEMM kernel with its prologue and epilogue, and with split-K
the ``<name>_epilogue`` kernel that adds the partial sums. Operand loads are the back end's choice: TMA
descriptors for plain 2-D operands when ``USE_TMA``, else pointer loads whose rows wrap at the edges."""

from __future__ import annotations

from ...ir.analyzer import to_code
from ...ir.dtypes import DType
from ...schedule.plans import Buffer, GemmPlan, in_order
from .exprs import Body, Ctx, Printer, bases, batch_decompose, relabel, size, store_tile
from .kernel import Kernel, Param, kernel_params


def render_gemm(plan: GemmPlan, printer: Printer, dims: list[str], scalars: list[str]) -> list[Kernel]:
    """The kernels of one GEMM plan: the main kernel, and with split-K the epilogue kernel."""
    p = printer.for_kernel(plan.memory)
    c = plan.config
    m_size, n_size, k_size = size(plan.m_axis), size(plan.n_axis), to_code(plan.k_axis.size)
    m_name = plan.m_axis.name if plan.m_axis else None
    n_name = plan.n_axis.name if plan.n_axis else None
    k_name = plan.k_axis.name
    walk = plan.k_walk
    split = walk.mode == "split_k"
    dot_dtype = plan.dot_dtype
    acc_dtype = plan.root.dtype

    body = Body()
    body("pid = tl.program_id(0)")
    if plan.batch_axes:
        body("pid_b = tl.program_id(1)")
    if split:
        body("pid_k = tl.program_id(2)")
    body(f"num_pid_m = tl.cdiv({m_size}, BLOCK_M)")
    body(f"num_pid_n = tl.cdiv({n_size}, BLOCK_N)")
    body("# GROUP_M rasterization: consecutive programs share B tiles and walk down M in groups.")
    body("num_pid_in_group = GROUP_M * num_pid_n")
    body("first_pid_m = (pid // num_pid_in_group) * GROUP_M")
    body("group_size_m = min(num_pid_m - first_pid_m, GROUP_M)")
    body("pid_m = first_pid_m + (pid % num_pid_in_group) % group_size_m")
    body("pid_n = (pid % num_pid_in_group) // group_size_m")
    grid = batch_decompose(plan.batch_axes, body)

    # A, B, and a dual GEMM's second B (its own accumulator acc1 from the same A tiles)
    operands = (plan.a, plan.b, *(op for _, op in plan.siblings))
    names = ["a", "b"] + [f"b{i + 1}" for i in range(len(plan.siblings))]
    blocks: dict[str, list[int]] = {}
    tma = [_tma_operand(plan, min(which, 1), operand, blocks) for which, operand in enumerate(operands)]
    sparse = walk.sparse
    # operands loaded through pointers (a TMA operand comes through its descriptor)
    pointer_reads = [operand.reads if t is None else [] for operand, t in zip(operands, tma)]
    read_main = in_order([t for reads in pointer_reads for t in reads])
    known_bases: dict[str, str] = {}
    operand_bases = []
    for operand, reads in zip(operands, pointer_reads):
        (own_grid,) = relabel(operand.letters, operand.node, grid)
        operand_bases.append(bases(reads, own_grid, body, known_bases))
    pointers = any(t is None for t in tma)
    if pointers:
        body("# Rows and columns past the edge wrap around: their loads stay in bounds and are never stored.")
    if tma[0] is None:
        body(f"offs_am = (pid_m * BLOCK_M + tl.arange(0, BLOCK_M)) % {m_size}")
    if any(t is None for t in tma[1:]) and sparse is None:
        body(f"offs_bn = (pid_n * BLOCK_N + tl.arange(0, BLOCK_N)) % {n_size}")
    accs = ["acc"] + [f"acc{i + 1}" for i in range(len(plan.siblings))]
    for acc in accs:
        body(f"{acc} = tl.zeros((BLOCK_M, BLOCK_N), dtype={acc_dtype.triton})")
    if sparse is not None:
        w = sparse.name
        body(f"# Block-sparse {w}: only the stored BLOCK_K x BLOCK_N blocks of this N tile are read (pack_{w}).")
        body(f"blk_lo = tl.load({w}_cols_ptr + pid_n)")
        body(f"blk_hi = tl.load({w}_cols_ptr + pid_n + 1)")
        body("offs_blk = tl.arange(0, BLOCK_K)[:, None] * BLOCK_N + tl.arange(0, BLOCK_N)[None, :]")
        body(f"blk_ptrs = {w}_vals_ptr + blk_lo.to(tl.int64) * (BLOCK_K * BLOCK_N) + offs_blk  # 64-bit offsets")
        body("for blk in range(blk_lo, blk_hi):")
    elif split:
        body(f"k_tiles = tl.cdiv({k_size}, BLOCK_K)")
        body("k_per_split = tl.cdiv(k_tiles, SPLIT_K)")
        body("for kt in range(pid_k * k_per_split, tl.minimum((pid_k + 1) * k_per_split, k_tiles)):")
    else:
        body(f"for kt in range(0, tl.cdiv({k_size}, BLOCK_K)):")
    loop = Body(2)
    if sparse is not None:
        loop(f"kt = tl.load({sparse.name}_rows_ptr + blk)")
    if pointers:
        loop("offs_k = kt * BLOCK_K + tl.arange(0, BLOCK_K)")
        loop(f"mask_k = offs_k < {k_size}")
    tiles = []
    for which, operand in enumerate(operands):
        var = names[which]
        if tma[which] is not None:
            # The tensor-memory accelerator copies the tile and zero-fills what lies past the edges.
            t, offsets, transpose = tma[which]
            code = f"{t.name}_desc.load([{', '.join(offsets)}])" + (".T" if transpose else "")
            loop(f"{var} = {code}" + (f".to({dot_dtype.triton})" if t.dtype != dot_dtype else ""))
            tiles.append(var)
            continue
        if which == 1 and sparse is not None:  # packed blocks are contiguous and zero-padded at the edges
            loop("b = tl.load(blk_ptrs)" + (f".to({dot_dtype.triton})" if sparse.dtype != dot_dtype else ""))
            loop("blk_ptrs += BLOCK_K * BLOCK_N")
            tiles.append("b")
            continue
        tile = {k_name: "offs_k[None, :]" if which == 0 else "offs_k[:, None]"}
        own = m_name if which == 0 else n_name
        if own:
            tile[own] = "offs_am[:, None]" if which == 0 else "offs_bn[None, :]"
        mask = {k_name: "mask_k[None, :]" if which == 0 else "mask_k[:, None]"}
        prologue = bool(operand.nodes) and not (len(operand.nodes) == 1 and operand.nodes[0] in plan.memory)
        tile, own_grid, mask = relabel(operand.letters, operand.node, tile, grid, mask)
        ctx = Ctx(tile, own_grid, mask, operand_bases[which], upcast=prologue)
        values = p.expr(operand.tile_nodes, ctx, loop, {}, prefix=f"{var}_")
        code = values[operand.node]
        # A tile must be [BLOCK_M, BLOCK_K] and B [BLOCK_K, BLOCK_N] even if an axis is missing.
        shape = ("BLOCK_M", "BLOCK_K") if which == 0 else ("BLOCK_K", "BLOCK_N")
        if not own:
            code = f"tl.broadcast_to({code}, ({shape[0]}, {shape[1]}))"
        if prologue:
            # Masked-off K columns must contribute zero whatever the prologue computes.
            k_mask = "mask_k[None, :]" if which == 0 else "mask_k[:, None]"
            code = f"tl.where({k_mask}, {code}, 0.0).to({dot_dtype.triton})"
        elif operand.node.dtype != dot_dtype:
            code = f"{code}.to({dot_dtype.triton})"
        last = f"{code} = "
        if loop.lines and loop.lines[-1].strip().startswith(last) and code == values[operand.node]:
            # The tile is the value just loaded: name it a/b directly instead of copying it.
            loop.lines[-1] = loop.lines[-1].replace(last, f"{var} = ", 1)
        else:
            loop(f"{var} = {code}")
        tiles.append(var)
    body.lines += loop.lines
    prec = ', input_precision="tf32"' if dot_dtype == DType.fp32 else ""
    for acc, tile in zip(accs, tiles[1:]):
        body(f"    {acc} = tl.dot({tiles[0]}, {tile}, {acc}{prec})")

    written = [t for _, t in plan.outputs]
    descriptors = tuple((t, blocks[t.name]) for t, _, _ in (x for x in tma if x))
    if not split:
        _epilogue(p, body, plan, grid, known_bases)
        main_params = kernel_params(in_order(read_main + plan.epilogue_reads), written, dims, scalars,
                                    descriptors=descriptors, debug=p.debug)
    else:
        _tile_offsets(body, m_size, n_size)
        atomic = walk.combine == "atomic"
        # reduce: each slice writes its own partial; atomic: every slice adds into one fp32 buffer.
        body("ws_ptrs = ws_ptr + " + ("" if atomic else "pid_k.to(tl.int64) * stride_ws_split + ")
             + ("pid_b.to(tl.int64) * stride_ws_batch + " if plan.batch_axes else "")
             + f"offs_m[:, None] * ({n_size}) + offs_n[None, :]")
        if atomic:
            body("tl.atomic_add(ws_ptrs, acc, mask=mask_m[:, None] & mask_n[None, :])")
        else:
            body("tl.store(ws_ptrs, acc, mask=mask_m[:, None] & mask_n[None, :])")
        main_params = kernel_params(read_main, [], dims, scalars, workspace=True, descriptors=descriptors,
                                    debug=p.debug)
    if sparse is not None:
        main_params += _packed_params(sparse)
    constexprs = {"BLOCK_M": c.BLOCK_M, "BLOCK_N": c.BLOCK_N, "BLOCK_K": c.BLOCK_K, "GROUP_M": c.GROUP_M}
    if split:
        constexprs["SPLIT_K"] = c.SPLIT_K
    kernels = [Kernel(plan.name, main_params, constexprs, body.text(), c.num_warps, c.num_stages, plan.grid)]
    if split:
        kernels.append(_split_k_epilogue(p, plan, dims, scalars))
    return kernels


def _packed_params(w: Buffer) -> list[Param]:
    """The block-sparse weight's three arrays (BlockSparse.values, col_ptr, row_idx)."""
    return [Param(f"{w.name}_vals_ptr", f"*{w.dtype.triton_sig}", "packed", f"{w.name}_vals"),
            Param(f"{w.name}_cols_ptr", "*i32", "packed", f"{w.name}_cols"),
            Param(f"{w.name}_rows_ptr", "*i32", "packed", f"{w.name}_rows")]


def _split_k_epilogue(p: Printer, plan: GemmPlan, dims: list[str], scalars: list[str]) -> Kernel:
    """The kernel that adds a split-K GEMM's partial sums, then runs the epilogue and stores the outputs."""
    c = plan.config
    m_size, n_size = size(plan.m_axis), size(plan.n_axis)
    epi = Body()
    epi("pid = tl.program_id(0)")
    if plan.batch_axes:
        epi("pid_b = tl.program_id(1)")
    epi(f"num_pid_n = tl.cdiv({n_size}, BLOCK_N)")
    epi("pid_m = pid // num_pid_n")
    epi("pid_n = pid % num_pid_n")
    egrid = batch_decompose(plan.batch_axes, epi)
    _tile_offsets(epi, m_size, n_size)
    epi("ws_ptrs = ws_ptr + " + ("pid_b.to(tl.int64) * stride_ws_batch + " if plan.batch_axes else "")
        + f"offs_m[:, None] * ({n_size}) + offs_n[None, :]")
    epi(f"acc = tl.zeros((BLOCK_M, BLOCK_N), dtype={plan.root.dtype.triton})")
    epi("for part in range(NUM_PARTIALS):")
    epi("    acc += tl.load(ws_ptrs + part * stride_ws_split, mask=mask_m[:, None] & mask_n[None, :], other=0)")
    _epilogue(p, epi, plan, egrid, {}, offsets_done=True)
    params = kernel_params(plan.epilogue_reads, [t for _, t in plan.outputs], dims, scalars, workspace=True,
                           debug=p.debug)
    return Kernel(f"{plan.name}_epilogue", params,
                  {"BLOCK_M": c.BLOCK_M, "BLOCK_N": c.BLOCK_N, "NUM_PARTIALS": plan.k_walk.partials},
                  epi.text(), 4, 1, plan.grid.unsplit())


def _tile_offsets(body: Body, m_size: str, n_size: str):
    body("offs_m = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)")
    body("offs_n = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)")
    body(f"mask_m = offs_m < {m_size}")
    body(f"mask_n = offs_n < {n_size}")


def _epilogue(p: Printer, body: Body, plan: GemmPlan, grid, known_bases: dict, offsets_done: bool = False):
    """The fused elementwise ops on the accumulator tile ``acc``, then one store per output."""
    if not offsets_done:
        body("# Epilogue: fused elementwise ops on the accumulator tile, then one store per output.")
        _tile_offsets(body, size(plan.m_axis), size(plan.n_axis))
    epi_bases = bases(plan.epilogue_reads, grid, body, known_bases)
    tile, mask = {}, {}
    if plan.m_axis:
        tile[plan.m_axis.name], mask[plan.m_axis.name] = "offs_m[:, None]", "mask_m[:, None]"
    if plan.n_axis:
        tile[plan.n_axis.name], mask[plan.n_axis.name] = "offs_n[None, :]", "mask_n[None, :]"
    ctx = Ctx(tile, grid, mask, epi_bases, upcast=True)
    accs = {plan.root: "acc", **{node: f"acc{i + 1}" for i, (node, _) in enumerate(plan.siblings)}}
    values = p.expr(plan.epilogue, ctx, body, accs, prefix="e_")
    for node, t in plan.outputs:
        store_tile(body, node, t, values[node], tile, grid, known_bases, plan.root,
                   ("BLOCK_M", "BLOCK_N"), "mask_m[:, None] & mask_n[None, :]")


def _tma_operand(plan: GemmPlan, which: int, operand, blocks: dict[str, list[int]]):
    """(tensor, load offsets, transpose?) when operand ``which`` is loaded through a TMA descriptor, whose
    block shape goes to ``blocks``.

    Only with USE_TMA, and only for a tensor read as is (no prologue, no gather) with exactly the
    tile's two axes; anything else keeps pointer loads.
    """
    c, t = plan.config, operand.buffer
    if not c.USE_TMA or t is None:
        return None
    own = plan.m_axis if which == 0 else plan.n_axis
    k_name = plan.k_axis.name
    if own is None or {a.name for a in t.axes} != {own.name, k_name} or len(t.axes) != 2:
        return None
    block = {own.name: c.BLOCK_M if which == 0 else c.BLOCK_N, k_name: c.BLOCK_K}
    start = {own.name: "pid_m * BLOCK_M" if which == 0 else "pid_n * BLOCK_N", k_name: "kt * BLOCK_K"}
    blocks[t.name] = [block[a.name] for a in t.axes]
    # A tiles are [M, K] and B tiles [K, N]: a tensor stored the other way round is transposed in place.
    wanted_first = own.name if which == 0 else k_name
    return t, [start[a.name] for a in t.axes], t.axes[0].name != wanted_first
