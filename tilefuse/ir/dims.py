"""Symbolic dims and named axes.

A *dim* is a sympy symbol for a size that is bound at launch (``M``, ``K``). An *axis* is one named
dimension of a tensor: a lowercase name (``m``) and a size expression (``M``). Tensors broadcast by axis
name, and einsum letters are axis names, so ``tf.index("m")`` and ``tf.softmax(s, "n")`` name axes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sympy


@cache
def dim(name: str) -> sympy.Symbol:
    """The symbol of a size that is bound at launch."""
    return sympy.Symbol(name, integer=True, positive=True)


def as_size(value) -> sympy.Expr:
    """A size from a dim name (``"M"``), an int, or a sympy expression."""
    if isinstance(value, str):
        if not value.isidentifier():
            raise ValueError(f"dim name {value!r} is not an identifier")
        return dim(value)
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"size {value} is negative")
        return sympy.Integer(value)
    return sympy.sympify(value)


@dataclass(frozen=True)
class Axis:
    """One named dimension of a tensor."""

    name: str
    size: sympy.Expr

    def __str__(self) -> str:
        return f"{self.name}={self.size}"


def axis_for_dim(dim_name: str) -> Axis:
    """The axis an annotation ``tf.Tensor["M", ...]`` gives: named ``m``, of size ``M``."""
    if isinstance(dim_name, int):
        raise ValueError("an annotated axis needs a name; write tf.Tensor['N'] and pass N at launch")
    return Axis(dim_name.lower(), as_size(dim_name))


def axes_str(axes) -> str:
    return ", ".join(str(a) for a in axes)


def size_value(expr, env: dict[str, int]) -> int:
    """The integer value of a size expression once dims are bound (``env`` maps dim names to ints)."""
    expr = sympy.sympify(expr)
    value = expr.xreplace({dim(name): sympy.Integer(v) for name, v in env.items()})
    if value.free_symbols:
        raise KeyError(f"dims {sorted(s.name for s in value.free_symbols)} are not bound")
    return int(value)


def dims_in(expr) -> set[str]:
    """Names of the launch-bound dims a size expression depends on."""
    return {s.name for s in sympy.sympify(expr).free_symbols}
