"""canonicalize: decompose composites, fold constants, simplify index expressions, CSE, DCE.

A plain function from graph to graph. Node identities change; the graph means the same thing, which
the tests check by running the reference on the graph before and after.
"""

from __future__ import annotations

import math

from ..ir import analyzer
from ..ir.dtypes import DType
from ..ir.graph import Graph, Node
from ..ir.ops import ELEMENTWISE_OPS, infer


class _Builder:
    """Appends nodes, typing each with the shared rules and reusing identical ones (CSE)."""

    def __init__(self):
        self.nodes: list[Node] = []
        self.memo: dict = {}

    def add(self, op, args, attrs=None, *, axes=None, dtype=None, loc=None, name="") -> Node:
        attrs = attrs or {}
        key = (op, tuple(id(a) for a in args), _freeze(attrs), tuple(axes or ()), dtype)
        if op != "input" and key in self.memo:
            return self.memo[key]
        if axes is None:
            axes, dtype = infer(op, list(args), attrs)
        node = Node(op, tuple(args), attrs, tuple(axes), dtype, name, loc)
        self.nodes.append(node)
        if op != "input":
            self.memo[key] = node
        return node

    def const(self, value, dtype, loc=None) -> Node:
        return self.add("const", [], {"value": value}, axes=(), dtype=dtype, loc=loc)


def _freeze(attrs: dict):
    return tuple(sorted((k, str(v)) for k, v in attrs.items()))


def _const_value(node):
    return node.attrs["value"] if node.op == "const" else None


_FOLD = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "maximum": max, "minimum": min,
    "neg": lambda a: -a, "exp": math.exp, "log": math.log, "sqrt": math.sqrt,
    "rsqrt": lambda a: 1.0 / math.sqrt(a), "exp2": lambda a: 2.0 ** a,
}


def _fold(op, args, dtype):
    """The constant result of ``op`` on constant args, or None."""
    values = [_const_value(a) for a in args]
    if any(v is None for v in values) or op not in _FOLD or dtype == DType.bool:
        return None
    try:
        result = _FOLD[op](*values)
    except (ValueError, ZeroDivisionError, OverflowError):
        return None
    return float(result) if dtype.is_float else int(result)


def _identity(op, args):
    """``x + 0``, ``x * 1``, ``x - 0``, ``x / 1`` are ``x`` (when the result type matches x)."""
    if op in ("add", "mul", "sub", "div") and len(args) == 2:
        a, b = args
        unit = 0 if op in ("add", "sub") else 1
        if _const_value(b) == unit and not isinstance(_const_value(b), bool):
            return a
        if op in ("add", "mul") and _const_value(a) == unit and not isinstance(_const_value(a), bool):
            return b
    return None


def feeds_contraction(node: Node, users: list[Node]) -> bool:
    """A softmax whose result an einsum contracts over the softmax axis: the middle of an attention."""
    axis = node.attrs["axis"]
    for u in users:
        if u.op == "einsum" and axis not in u.axis_names:
            return True
    return False


def canonicalize(graph: Graph) -> Graph:
    """Decompose composites, fold constants, simplify index math, CSE and DCE.

    A softmax stays whole where an einsum contracts its axis (matmul -> softmax -> matmul), so that
    fusion can recognize the attention pattern; everywhere else it becomes max, exp, sum and div.
    """
    users = graph.users()
    keep_whole = {n for n in graph.nodes if n.op == "softmax" and feeds_contraction(n, users[n])}
    # A log-sum-exp of an attention's scores over the softmax axis comes out of the same online pass.
    keep_whole |= {u for s in list(keep_whole) for u in users[s.args[0]]
                   if u.op == "logsumexp" and u.attrs["axis"] == s.attrs["axis"]}
    b = _Builder()
    new: dict[Node, Node] = {}
    for node in graph.nodes:
        args = [new[a] for a in node.args]
        loc = node.loc
        if node.op == "input":
            out = b.add("input", [], dict(node.attrs), axes=node.axes, dtype=node.dtype, loc=loc, name=node.name)
        elif node.op in ("const", "index", "symbol"):
            out = b.add(node.op, [], dict(node.attrs), axes=node.axes, dtype=node.dtype, loc=loc)
        elif node.op == "softmax" and node not in keep_whole:
            out = _decompose_softmax(b, args[0], node.attrs["axis"], loc)
        elif node.op == "logsumexp" and node not in keep_whole:
            out = _decompose_logsumexp(b, args[0], node.attrs["axis"], loc)
        elif node.op == "cast" and args[0].dtype == node.dtype:
            out = args[0]
        elif node.op in ELEMENTWISE_OPS and node.dtype.is_int and (expr := _index_simplified(node, args)):
            out = _rebuild_index(b, expr, node, args, loc)
        else:
            folded = _fold(node.op, args, node.dtype)
            ident = _identity(node.op, args)
            if folded is not None:
                out = b.const(folded, node.dtype, loc)
            elif ident is not None and ident.dtype == node.dtype and set(ident.axis_names) == set(node.axis_names):
                out = ident
            else:
                out = b.add(node.op, args, dict(node.attrs), axes=node.axes, dtype=node.dtype, loc=loc)
        new[node] = out
    outputs = [new[o] for o in graph.outputs]
    return Graph(graph.name, b.nodes, outputs, graph.source_file).rebuild(b.nodes, outputs).rename()


def _shifted_exp(b: _Builder, x: Node, axis: str, loc) -> tuple[Node, Node]:
    """(exp(x - m), m) with m the row max, or 0 on all--inf rows (so they give exp(-inf) = 0, not NaN)."""
    m = b.add("max", [x], {"axes": (axis,)}, loc=loc)
    neg_inf = b.const(-math.inf, DType.fp32, loc)
    zero = b.const(0.0, DType.fp32, loc)
    m_safe = b.add("where", [b.add("eq", [m, neg_inf], loc=loc), zero, m], loc=loc)
    return b.add("exp", [b.add("sub", [x, m_safe], loc=loc)], loc=loc), m_safe


def _decompose_logsumexp(b: _Builder, x: Node, axis: str, loc) -> Node:
    """logsumexp(x) = log(sum(exp(x - m))) + m: all--inf rows give log(0) + 0 = -inf."""
    e, m_safe = _shifted_exp(b, x, axis, loc)
    return b.add("add", [b.add("log", [b.add("sum", [e], {"axes": (axis,)}, loc=loc)], loc=loc), m_safe], loc=loc)


def _decompose_softmax(b: _Builder, x: Node, axis: str, loc) -> Node:
    """softmax(x) = e / sum(e), e = exp(x - m): all--inf rows give zeros."""
    e, _ = _shifted_exp(b, x, axis, loc)
    zero = b.const(0.0, DType.fp32, loc)
    s = b.add("sum", [e], {"axes": (axis,)}, loc=loc)
    one = b.const(1.0, DType.fp32, loc)
    s_safe = b.add("where", [b.add("eq", [s, zero], loc=loc), one, s], loc=loc)
    return b.add("div", [e, s_safe], loc=loc)


def _index_simplified(node, args):
    """If this integer op's sympy form simplifies to something smaller, return it."""
    probe = Node(node.op, tuple(args), node.attrs, node.axes, node.dtype)
    expr = analyzer.index_expr(probe)
    if expr is None:
        return None
    simple = analyzer.simplify(expr)
    # Compare with the IR as written, not with ``expr``: sympy already evaluates some forms while
    # building it (floor(2*i/2) is i), so ``expr`` can be simple while the IR still holds mul and floordiv.
    return simple if sympy_size(simple) < _ir_size(probe, {}) else None


def sympy_size(expr) -> int:
    import sympy

    return len(list(sympy.preorder_traversal(expr)))


def _ir_size(node, memo: dict) -> int:
    """Nodes of the expression tree rooted at ``node`` (shared subexpressions counted per use)."""
    if node not in memo:
        memo[node] = 1 + sum(_ir_size(a, memo) for a in node.args)
    return memo[node]


def _rebuild_index(b: _Builder, expr, node, args, loc) -> Node:
    """Build IR for a simplified index expression (sums, products, floor, mod of axes and dims)."""
    import sympy

    def build(e) -> Node:
        if e.is_Integer:
            return b.const(int(e), DType.int32, loc)
        if isinstance(e, sympy.Symbol):
            if e.name.startswith("i_"):
                axis = node.axis(e.name[2:])
                return b.add("index", [], {"axis": axis.name}, axes=(axis,), dtype=DType.int32, loc=loc)
            return b.add("symbol", [], {"expr": e}, axes=(), dtype=DType.int32, loc=loc)
        if isinstance(e, sympy.Add):
            acc = build(e.args[0])
            for t in e.args[1:]:
                acc = b.add("add", [acc, build(t)], loc=loc)
            return acc
        if isinstance(e, sympy.Mul):
            acc = build(e.args[0])
            for t in e.args[1:]:
                acc = b.add("mul", [acc, build(t)], loc=loc)
            return acc
        if isinstance(e, sympy.floor) and isinstance(e.args[0], sympy.Mul):
            num, den = sympy.fraction(e.args[0])
            return b.add("floordiv", [build(num), build(den)], loc=loc)
        if isinstance(e, sympy.Mod):
            return b.add("mod", [build(e.args[0]), build(e.args[1])], loc=loc)
        raise _Unbuildable(e)

    try:
        out = build(expr)
    except _Unbuildable:
        out = None
    if out is None or set(out.axis_names) != set(node.axis_names):
        # Keep the original op when the simple form cannot be built or would drop an axis.
        out = b.add(node.op, args, dict(node.attrs), axes=node.axes, dtype=node.dtype, loc=loc)
    return out


class _Unbuildable(Exception):
    pass
