"""The one place where index arithmetic is simplified and reasoned about (bounds, constants).

Fusion, tiling and (later) sparsity ask this module, never sympy directly: it turns integer index
subgraphs of the IR into sympy expressions, simplifies them, and gives interval bounds.
"""

from __future__ import annotations

import sympy
from sympy.printing.pycode import PythonCodePrinter

from ..ir.dims import dim

_INT_BINARY = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "floordiv": lambda a, b: sympy.floor(a / b), "mod": lambda a, b: sympy.Mod(a, b),
    "maximum": sympy.Max, "minimum": sympy.Min,
}


def axis_symbol(name: str) -> sympy.Symbol:
    """The index variable running along axis ``name``."""
    return sympy.Symbol(f"i_{name}", integer=True, nonnegative=True)


def index_expr(node) -> sympy.Expr | None:
    """The sympy form of an integer index subgraph, or None if it reads data (a load) or floats."""
    if not node.dtype.is_int:
        return None
    if node.op == "index":
        return axis_symbol(node.attrs["axis"])
    if node.op == "symbol":
        return node.attrs["expr"]
    if node.op == "const":
        return sympy.Integer(int(node.attrs["value"]))
    if node.op == "neg":
        inner = index_expr(node.args[0])
        return None if inner is None else -inner
    if node.op in _INT_BINARY:
        a, b = (index_expr(x) for x in node.args)
        if a is None or b is None:
            return None
        return _INT_BINARY[node.op](a, b)
    return None


def simplify(expr: sympy.Expr) -> sympy.Expr:
    return sympy.simplify(expr)


def bounds(expr: sympy.Expr, ranges: dict[sympy.Symbol, tuple[int, int]]) -> tuple[int, int] | None:
    """Inclusive integer bounds of ``expr`` when each symbol lies in its (lo, hi) range, if affine."""
    expr = sympy.expand(expr)
    if not expr.is_polynomial(*ranges.keys()) or sympy.Poly(expr, *ranges.keys()).total_degree() > 1:
        return None
    lo = hi = expr
    for sym, (a, b) in ranges.items():
        coeff = expr.coeff(sym)
        lo = lo.subs(sym, a if coeff >= 0 else b)
        hi = hi.subs(sym, b if coeff >= 0 else a)
    if lo.free_symbols or hi.free_symbols:
        return None
    return int(lo), int(hi)


def constant_value(expr) -> int | None:
    expr = sympy.sympify(expr)
    return int(expr) if expr.is_Integer else None


class _SizePrinter(PythonCodePrinter):
    """Python source in which ``floor(a / b)`` of sizes is integer division (sizes are never negative)."""

    def _print_floor(self, expr):
        num, den = expr.args[0].as_numer_denom()
        if den == 1:
            return f"floor({self._print(num)})"
        return f"(({self._print(num)}) // ({self._print(den)}))"


def to_code(expr, names: dict[str, str] | None = None) -> str:
    """Python/Triton source for a size expression over dims (dims print as their names)."""
    expr = sympy.sympify(expr)
    if names:
        expr = expr.xreplace({dim(k): sympy.Symbol(v) for k, v in names.items()})
    return _SizePrinter({"fully_qualified_modules": False}).doprint(expr).replace("math.", "")


_FLIP = {"ge": "le", "gt": "lt", "le": "ge", "lt": "gt"}


def key_range(cond, m_axis: str, n_axis: str):
    """Keys a boolean mask can keep for a block of query rows, from its index predicates.

    ``cond`` is a mask node (comparisons of index expressions joined with ``and``). Returns
    ``(lows, highs, full_lows, full_highs, complete)``: lists of sympy expressions in ``m_first`` /
    ``m_last`` (the block's first and last row) and dims. Every kept key n satisfies
    max(lows) <= n < min(highs). When ``complete`` (every conjunct was understood), every key in
    [max(full_lows), min(full_highs)) is kept by every row of the block: those blocks need no mask. Only
    comparisons affine in n with a unit coefficient bound the range; anything else is ignored, which
    is conservative: the range can only be too wide, never drop a kept key.
    """
    m_first, m_last = sympy.Symbol("m_first", integer=True), sympy.Symbol("m_last", integer=True)
    i_m, i_n = axis_symbol(m_axis), axis_symbol(n_axis)
    lows, highs, full_lows, full_highs = [], [], [], []
    understood = []

    def visit(node):
        if node.op == "and":
            for a in node.args:
                visit(a)
            return
        understood.append(False)
        if node.op not in _FLIP:
            return
        lhs, rhs = (index_expr(a) for a in node.args)
        if lhs is None or rhs is None:
            return
        op = node.op
        diff = sympy.expand(lhs - rhs)          # the predicate is: diff op 0
        coeff_n = diff.coeff(i_n)
        if coeff_n not in (1, -1) or diff.has(sympy.floor) or diff.has(sympy.Mod):
            return
        rest = diff - coeff_n * i_n             # coeff_n * n + rest op 0
        if coeff_n == -1:                       # rest - n op 0  ->  n flip(op) rest
            op, bound = _FLIP[op], rest
        else:                                   # n + rest op 0  ->  n op -rest
            bound = -rest
        coeff_m = sympy.expand(bound).coeff(i_m)
        rest_symbols = sympy.expand(bound - coeff_m * i_m).free_symbols
        # Only dims may remain: another axis (a head index, say) varies inside the block.
        if not coeff_m.is_number or any(s.name.startswith("i_") for s in rest_symbols):
            return
        # The widest bound over the block: the row that maximises (or minimises) it.
        at_max = bound.subs(i_m, m_last if coeff_m >= 0 else m_first)
        at_min = bound.subs(i_m, m_first if coeff_m >= 0 else m_last)
        # Any row may keep up to the widest bound; every row keeps up to the narrowest.
        if op == "le":
            highs.append(at_max + 1)
            full_highs.append(at_min + 1)
        elif op == "lt":
            highs.append(at_max)
            full_highs.append(at_min)
        elif op == "ge":
            lows.append(at_min)
            full_lows.append(at_max)
        elif op == "gt":
            lows.append(at_min + 1)
            full_lows.append(at_max + 1)
        understood[-1] = True

    visit(cond)
    return lows, highs, full_lows, full_highs, all(understood)


def tile_classes(cond, m_axis: str, n_axis: str, dims: dict[str, int], block_m: int, block_n: int,
                 size_m: int, size_n: int) -> list[list[str]]:
    """Classify every (query tile, key tile) as "empty", "full" or "partial" for a mask, at concrete sizes.

    Uses exactly the bounds the attention kernel uses (``key_range``): tiles outside [lo, hi) are
    skipped ("empty"), tiles inside [full_lo, full_hi) run unmasked ("full"), the rest are masked
    ("partial"). Conservative by construction: when the mask is not fully understood nothing is full.
    """
    lows, highs, full_lows, full_highs, complete = key_range(cond, m_axis, n_axis)
    m_first, m_last = sympy.Symbol("m_first", integer=True), sympy.Symbol("m_last", integer=True)
    env = {dim(k): v for k, v in dims.items()}

    def value(expr, first, last) -> int:
        return int(sympy.sympify(expr).xreplace({**env, m_first: first, m_last: last}))

    classes = []
    n_tiles = -(-size_n // block_n)
    for start in range(0, size_m, block_m):
        first, last = start, min(start + block_m, size_m) - 1
        lo = max([0] + [value(e, first, last) for e in lows]) // block_n * block_n
        hi = min([size_n] + [value(e, first, last) for e in highs])
        full_lo = full_hi = None
        if complete and (lows or highs):
            full_lo = min(-(-max([lo] + [value(e, first, last) for e in full_lows]) // block_n) * block_n, hi)
            full_hi = max(min([size_n // block_n * block_n] + [value(e, first, last) for e in full_highs])
                          // block_n * block_n, full_lo)
        row = []
        for t in range(n_tiles):
            start_n = t * block_n
            if not (lo <= start_n < hi):
                row.append("empty")
            elif full_lo is not None and full_lo <= start_n < full_hi:
                row.append("full")
            else:
                row.append("partial")
        classes.append(row)
    return classes


def coarse_dependence(value, prologue: set, axis: str) -> set | None:
    """How a tile's ``value`` depends on the index ``i`` along ``axis``: None when it may differ between any two
    indices; otherwise the divisors ``g`` through which alone it sees ``i`` (as ``floor(i / g)``): an empty set
    when it does not depend on ``i`` at all.

    ``prologue`` holds the nodes the tile computes; any other node is read from memory at the tile's own
    indices. This is what lets grouped-query attention pack the query heads of one K/V head into one tile:
    K and V are loaded at ``h // (H // HKV)``, the same for every head of a group.
    """
    divisors: set = set()
    memo: dict = {}

    def varies(node) -> bool:
        if node in memo:
            return memo[node]
        if node.op in ("const", "symbol"):
            out = False
        elif node.op == "index":
            out = node.attrs["axis"] == axis
        elif node not in prologue:
            out = axis in node.axis_names
        elif node.op == "floordiv" and node.args[0].op == "index" and node.args[0].attrs["axis"] == axis \
                and not node.args[1].axes and not varies(node.args[1]) \
                and (g := index_expr(node.args[1])) is not None \
                and not any(s.name.startswith("i_") for s in g.free_symbols):
            divisors.add(g)
            out = False
        elif node.op == "load":
            out = any(varies(a) for a in node.args[1:])
        else:
            out = any(varies(a) for a in node.args)
        memo[node] = out
        return out

    return None if varies(value) else divisors


def head_groups(batch: list, operands: list[tuple[list[str], object, list]]) -> dict:
    """Batch axes of an attention along which consecutive indices read the same keys and values, each with the
    size of such a group (a sympy expression over dims): ``{"h": H // HKV}`` for grouped-query attention.

    ``batch`` holds the batch axes (einsum letters, with their sizes); ``operands`` the key and value operands
    as (einsum letters, the node the einsum reads, the prologue computing it). An axis K and V do not depend on
    at all groups every index together (its size).
    """
    out = {}
    for axis in batch:
        found, ok = set(), True
        for letters, node, prologue in operands:
            if axis.name not in letters:
                continue   # the operand has no such axis: the einsum broadcasts it
            own = node.axes[letters.index(axis.name)].name
            dep = coarse_dependence(node, set(prologue), own)
            if dep is None:
                ok = False
                break
            found |= {sympy.simplify(g) for g in dep}
        if ok and len(found) <= 1:
            out[axis.name] = next(iter(found)) if found else axis.size
    return out
