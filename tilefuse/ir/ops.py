"""The op set and its typing rules: given an op, its args and attrs, the axes and dtype of the result.

The frontend types each op as it is traced, and the verifier re-types every node after every pass, with
the same function, so the two can never disagree. Errors are raised as ``ValueError`` with a plain
message; callers wrap them with the program, op and line.
"""

from __future__ import annotations

import sympy

from .dims import Axis
from .dtypes import DType

LEAF_OPS = {"input", "const", "index", "symbol"}
UNARY_FLOAT_OPS = {"exp", "exp2", "log", "tanh", "erf", "sqrt", "rsqrt", "gelu", "silu", "sigmoid"}
UNARY_KEEP_OPS = {"neg", "abs", "relu"}
BINARY_ARITH_OPS = {"add", "sub", "mul", "div", "maximum", "minimum"}
INT_OPS = {"floordiv", "mod"}
COMPARE_OPS = {"lt", "le", "gt", "ge", "eq", "ne"}
LOGICAL_OPS = {"and", "or"}
REDUCE_OPS = {"sum", "max"}
ELEMENTWISE_OPS = (UNARY_FLOAT_OPS | UNARY_KEEP_OPS | BINARY_ARITH_OPS | INT_OPS | COMPARE_OPS | LOGICAL_OPS
                   | {"not", "where", "cast"})
COMPOSITE_OPS = {"softmax", "logsumexp"}
ALL_OPS = LEAF_OPS | ELEMENTWISE_OPS | REDUCE_OPS | COMPOSITE_OPS | {"einsum", "load"}

GELU_FORMS = ("erf", "tanh")

ARITY = {**{o: 1 for o in UNARY_FLOAT_OPS | UNARY_KEEP_OPS | REDUCE_OPS | COMPOSITE_OPS | {"not", "cast"}},
         **{o: 2 for o in BINARY_ARITH_OPS | INT_OPS | COMPARE_OPS | LOGICAL_OPS}, "where": 3}
REQUIRED_ATTRS = {"cast": ("dtype",), "sum": ("axes",), "max": ("axes",), "softmax": ("axis",), "logsumexp": ("axis",),
                  "einsum": ("spec",)}


def broadcast_axes(operands: list[tuple[Axis, ...]], what: list[str] | None = None) -> tuple[Axis, ...]:
    """Axes of an elementwise result: axes combine by name.

    The operand with the most axes sets the order (the first, on a tie); axes only the others have are
    appended in the order met. The same name with two sizes is an error.
    """
    if not operands:
        return ()
    what = what or [f"operand {i}" for i in range(len(operands))]
    lead = max(range(len(operands)), key=lambda i: (len(operands[i]), -i))
    order = [lead] + [i for i in range(len(operands)) if i != lead]
    result: dict[str, Axis] = {}
    owner: dict[str, str] = {}
    for i in order:
        for ax in operands[i]:
            if ax.name in result:
                if sympy.simplify(result[ax.name].size - ax.size) != 0:
                    raise ValueError(f"axis {ax.name} is {result[ax.name].size} in {owner[ax.name]} "
                                     f"but {ax.size} in {what[i]}")
            else:
                result[ax.name] = ax
                owner[ax.name] = what[i]
    return tuple(result.values())


def promote(dtypes: list[DType]) -> DType:
    """Arithmetic result type: float math runs in fp32; integer math in int32."""
    if any(d.is_float for d in dtypes):
        return DType.fp32
    return DType.int32


def parse_einsum(spec: str, n_operands: int) -> tuple[list[list[str]], list[str]]:
    """Split ``"mk,nk->mn"`` (one letter an axis) or ``"b h m d, b h n d -> b h m n"`` (spaced names)."""
    if not isinstance(spec, str):
        raise ValueError(f"einsum spec must be a string such as 'mk,kn->mn', not {spec!r}")
    if spec.count("->") != 1:
        raise ValueError(f"einsum {spec!r} needs exactly one explicit output, as in 'mk,kn->mn'")
    lhs, rhs = spec.split("->")
    parts = lhs.split(",")
    if len(parts) != n_operands:
        raise ValueError(f"einsum {spec!r} names {len(parts)} operands but got {n_operands}")

    def names(s: str) -> list[str]:
        s = s.strip()
        return s.split() if " " in s else list(s)

    ins = [names(p) for p in parts]
    out = names(rhs)
    for i, n in enumerate(ins):
        if len(set(n)) != len(n):
            raise ValueError(f"einsum {spec!r}: operand {i} repeats an axis name (diagonals are not supported)")
    if len(set(out)) != len(out):
        raise ValueError(f"einsum {spec!r}: output repeats an axis name")
    for name in out:
        if not any(name in n for n in ins):
            raise ValueError(f"einsum {spec!r}: output axis {name!r} is in no operand")
    return ins, out


def infer(op: str, args: list, attrs: dict, operand_names: list[str] | None = None) -> tuple[tuple[Axis, ...], DType]:
    """Type one op. ``args`` are nodes (anything with ``.axes`` and ``.dtype``)."""
    names = operand_names or [f"operand {i}" for i in range(len(args))]
    if op not in ALL_OPS:
        raise ValueError(f"unknown op {op!r}")
    if op in LEAF_OPS:
        raise ValueError(f"{op} is a leaf and is typed where it is made")
    if op in ARITY and len(args) != ARITY[op]:
        raise ValueError(f"{op} takes {ARITY[op]} operand{'s' if ARITY[op] > 1 else ''}, got {len(args)}")
    if op == "load" and not args:
        raise ValueError("load needs a source tensor")
    for key in REQUIRED_ATTRS.get(op, ()):
        if key not in attrs:
            raise ValueError(f"{op} needs the attribute {key!r}")

    if op in UNARY_FLOAT_OPS:
        (a,) = args
        if a.dtype == DType.bool:
            raise ValueError(f"{op} of a boolean tensor")
        if op == "gelu" and attrs.get("approximate", "erf") not in GELU_FORMS:
            raise ValueError(f"gelu approximate must be one of {GELU_FORMS}")
        return a.axes, DType.fp32
    if op in UNARY_KEEP_OPS:
        (a,) = args
        if a.dtype == DType.bool:
            raise ValueError(f"{op} of a boolean tensor")
        return a.axes, promote([a.dtype])
    if op in BINARY_ARITH_OPS:
        a, b = args
        if DType.bool in (a.dtype, b.dtype):
            raise ValueError(f"{op} of a boolean tensor; use tf.where or & and |")
        result = DType.fp32 if op == "div" else promote([a.dtype, b.dtype])
        return broadcast_axes([a.axes, b.axes], names), result
    if op in INT_OPS:
        a, b = args
        if not (a.dtype.is_int and b.dtype.is_int):
            raise ValueError(f"{op} needs integer operands, got {a.dtype} and {b.dtype}")
        return broadcast_axes([a.axes, b.axes], names), DType.int32
    if op in COMPARE_OPS:
        a, b = args
        return broadcast_axes([a.axes, b.axes], names), DType.bool
    if op in LOGICAL_OPS:
        a, b = args
        if a.dtype != DType.bool or b.dtype != DType.bool:
            raise ValueError(f"{op} needs two boolean tensors, got {a.dtype} and {b.dtype}")
        return broadcast_axes([a.axes, b.axes], names), DType.bool
    if op == "not":
        (a,) = args
        if a.dtype != DType.bool:
            raise ValueError(f"not needs a boolean tensor, got {a.dtype}")
        return a.axes, DType.bool
    if op == "where":
        c, a, b = args
        if c.dtype != DType.bool:
            raise ValueError(f"where's condition must be boolean, got {c.dtype}")
        # The values set the axis order, not the mask: where(n <= m, s[m, n], -inf) stays [m, n].
        return broadcast_axes([a.axes, b.axes, c.axes], [names[1], names[2], names[0]]), promote([a.dtype, b.dtype])
    if op == "cast":
        (a,) = args
        return a.axes, attrs["dtype"]
    if op in REDUCE_OPS:
        (a,) = args
        axes = attrs["axes"]
        missing = [n for n in axes if n not in {x.name for x in a.axes}]
        if missing:
            raise ValueError(f"{op} over axis {missing[0]!r}, which {names[0]} does not have "
                             f"(it has {', '.join(x.name for x in a.axes) or 'no axes'})")
        if a.dtype == DType.bool:
            raise ValueError(f"{op} of a boolean tensor")
        kept = tuple(x for x in a.axes if x.name not in axes)
        return kept, promote([a.dtype])
    if op in ("softmax", "logsumexp"):
        (a,) = args
        if attrs["axis"] not in {x.name for x in a.axes}:
            raise ValueError(f"{op} over axis {attrs['axis']!r}, which {names[0]} does not have "
                             f"(it has {', '.join(x.name for x in a.axes) or 'no axes'})")
        if a.dtype == DType.bool:
            raise ValueError(f"{op} of a boolean tensor")
        if op == "logsumexp":
            return tuple(x for x in a.axes if x.name != attrs["axis"]), DType.fp32
        return a.axes, DType.fp32
    if op == "einsum":
        ins, out = parse_einsum(attrs["spec"], len(args))
        sizes: dict[str, tuple[sympy.Expr, str]] = {}
        for arg, letters, who in zip(args, ins, names):
            if len(letters) != len(arg.axes):
                raise ValueError(f"einsum {attrs['spec']!r}: {who} has {len(arg.axes)} axes "
                                 f"({', '.join(x.name for x in arg.axes)}) but the spec gives it {len(letters)}")
            if arg.dtype == DType.bool:
                raise ValueError(f"einsum of a boolean tensor ({who})")
            for letter, ax in zip(letters, arg.axes):
                if letter in sizes and sympy.simplify(sizes[letter][0] - ax.size) != 0:
                    prev, prev_who = sizes[letter]
                    raise ValueError(f"einsum {attrs['spec']!r}: {letter.upper()} is {prev} in {prev_who} "
                                     f"but {ax.size} in {who}")
                sizes.setdefault(letter, (ax.size, who))
        dtypes = [a.dtype for a in args]
        acc = DType.int32 if all(d.is_int for d in dtypes) else DType.fp32
        return tuple(Axis(letter, sizes[letter][0]) for letter in out), acc
    if op == "load":
        src, *index = args
        if len(index) != len(src.axes):
            raise ValueError(f"{names[0]} has {len(src.axes)} axes "
                             f"({', '.join(a.name for a in src.axes)}) but is indexed with {len(index)}")
        for i, idx in enumerate(index):
            if not idx.dtype.is_int:
                raise ValueError(f"index {i} of {names[0]} is {idx.dtype}; indices must be integers")
        return broadcast_axes([idx.axes for idx in index], names[1:]), src.dtype
    raise AssertionError(op)


__all__ = ["broadcast_axes", "infer", "parse_einsum", "promote"]
