"""Prints a ``RowsPlan`` as Triton: a program holds ``BLOCK_M`` whole rows of ``BLOCK_N >= N`` elements, computes
the group's elementwise ops with the shared expression printer, its sums and maxes with ``tl.sum``/``tl.max`` over
the row (kept 2-D, so a row value broadcasts back over the row), and stores each output once. Both block sizes
are launch constexprs: the launcher picks them from the row's length at each call."""

from __future__ import annotations

from ...ir.analyzer import to_code
from ...ir.dtypes import DType
from ...ir.graph import Node
from ...schedule.plans import RowsPlan
from .exprs import Body, Ctx, Printer, literal, ptr, size, stride
from .kernel import Kernel, kernel_params

# For offline compiles when the row's length is a dim: Llama's hidden size.
REPRESENTATIVE_ROW = 4096
_FLOOR = 16   # the narrowest row tile: shorter rows share one compiled kernel


def block_n(row: int) -> int:
    """The row tile for a row of ``row`` elements (the launcher's ``max(16, _pow2(N))``)."""
    return max(_FLOOR, 1 << max(row - 1, 0).bit_length())


def rows_per_program(plan: RowsPlan, block: int) -> int:
    """Rows in one program's tile for a row tile of ``block`` (the launcher computes the same per call)."""
    return min(plan.config.BLOCK_M, max(1, plan.tile_elements // block))


def _identity(node: Node) -> str:
    """What masked-off columns hold before a reduction: nothing a sum or a max can see."""
    dtype = node.args[0].dtype
    if node.op == "sum":
        return literal(0, dtype)
    return 'float("-inf")' if dtype.is_float else "-2147483648"


def rows_count(plan: RowsPlan) -> str:
    """The number of rows as code: the product of the row axes' sizes."""
    return " * ".join(f"({size(a)})" for a in plan.rows) or "1"


def render_rows(plan: RowsPlan, printer: Printer, dims: list[str], scalars: list[str]) -> list[Kernel]:
    p = printer.for_kernel(plan.memory)
    n = plan.n_axis.name
    rows = rows_count(plan)
    names = ", ".join(a.name for a in plan.rows) or "one row"
    body = Body()
    body(f"# BLOCK_M whole rows of ({names}) a program, BLOCK_N >= {size(plan.n_axis)} columns each: "
         f"the reductions over {n} stay on chip.")
    body("pid = tl.program_id(0)")
    body("rows = pid * BLOCK_M + tl.arange(0, BLOCK_M)")
    body(f"mask_r = rows < {rows}")
    tile = {}
    if plan.rows:
        body("# Rows past the end wrap around: their loads stay in bounds and are never stored (64-bit offsets).")
        *outer, last = plan.rows
        if not outer:
            body(f"idx_{last.name} = (rows % {rows}).to(tl.int64)")
        else:
            body(f"row = (rows % ({rows})).to(tl.int64)")
            rest = "row"
            for a in reversed(plan.rows[1:]):
                body(f"idx_{a.name} = {rest} % ({size(a)})")
                body(f"rest = {rest} // ({size(a)})")
                rest = "rest"
            body(f"idx_{plan.rows[0].name} = rest")
        tile = {a.name: f"idx_{a.name}[:, None]" for a in plan.rows}
    body("offs_n = tl.arange(0, BLOCK_N)")
    body(f"mask_n = offs_n < {to_code(plan.n_axis.size)}")
    tile[n] = "offs_n[None, :]"
    ctx = Ctx(tile, {}, {n: "mask_n[None, :]"}, {t.name: ptr(t) for t in plan.reads}, upcast=True)

    values: dict[Node, str] = {}
    for node in plan.nodes:
        if node.op in ("sum", "max"):
            values = p.expr(node.args, ctx, body, values, prefix="r_")
            fn = "tl.sum" if node.op == "sum" else "tl.max"
            arg = f"tl.where(mask_n[None, :], {values[node.args[0]]}, {_identity(node)})"
            body(f"r_{node.name} = {fn}({arg}, axis=1, keep_dims=True)")
            values[node] = f"r_{node.name}"
        elif node.op == "cast" and node.dtype == DType.fp32 and node.args[0].dtype.is_float:
            values = p.expr(node.args, ctx, body, values, prefix="r_")
            values[node] = values[node.args[0]]  # tiles compute in fp32 already
        else:
            values = p.expr([node], ctx, body, values, prefix="r_")

    for node, t in plan.outputs:
        full = n in node.axis_names
        terms = [f"{tile[a.name]} * {stride(t, a.name)}" for a in t.axes]
        ptrs = f"{ptr(t)} + " + " + ".join(terms) if terms else ptr(t)
        shape = "(BLOCK_M, BLOCK_N)" if full else "(BLOCK_M, 1)"
        if not plan.rows:  # one row: the pointers have no row dim of their own
            ptrs = f"tl.broadcast_to({ptrs}, {shape})"
        mask = "mask_r[:, None] & mask_n[None, :]" if full else "mask_r[:, None]"
        value = values[node] if node.dtype == t.dtype else f"{values[node]}.to({t.dtype.triton})"
        body(f"tl.store({ptrs}, {value}, mask={mask})")

    block = block_n(int(plan.n_axis.size)) if plan.n_axis.size.is_number else block_n(REPRESENTATIVE_ROW)
    params = kernel_params(plan.reads, [t for _, t in plan.outputs], dims, scalars, debug=p.debug)
    constexprs = {"BLOCK_M": rows_per_program(plan, block), "BLOCK_N": block}
    return [Kernel(plan.name, params, constexprs, body.text(), plan.config.num_warps, 1, plan.grid,
                   launch_constexprs={"BLOCK_M": "_block_m", "BLOCK_N": "_block_n"})]
