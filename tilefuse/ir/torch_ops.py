"""The PyTorch form of each elementwise op, in one table: the reference interpreter calls it, and back ends
that emit unfused PyTorch steps (a launcher's eager steps) print it, so the two cannot disagree.

Each entry is a Python expression over ``{0}`` (and ``{1}``) in which ``torch`` is the torch module.
``gelu`` takes an attribute and stays with each user.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

UNARY = {
    "exp": "torch.exp({0})", "exp2": "torch.exp2({0})", "log": "torch.log({0})", "tanh": "torch.tanh({0})",
    "erf": "torch.erf({0})", "sqrt": "torch.sqrt({0})", "rsqrt": "torch.rsqrt({0})", "sigmoid": "torch.sigmoid({0})",
    "neg": "(-{0})", "abs": "torch.abs({0})", "relu": "torch.relu({0})", "silu": "({0} * torch.sigmoid({0}))",
    "not": "torch.logical_not({0})",
}
BINARY = {
    "add": "({0} + {1})", "sub": "({0} - {1})", "mul": "({0} * {1})", "div": "torch.true_divide({0}, {1})",
    "maximum": "torch.maximum({0}, {1})", "minimum": "torch.minimum({0}, {1})",
    "floordiv": "torch.div({0}, {1}, rounding_mode='floor')", "mod": "torch.remainder({0}, {1})",
    "lt": "({0} < {1})", "le": "({0} <= {1})", "gt": "({0} > {1})", "ge": "({0} >= {1})", "eq": "({0} == {1})",
    "ne": "({0} != {1})", "and": "({0} & {1})", "or": "({0} | {1})",
}


@cache
def torch_callable(op: str) -> Callable:
    """The table's expression for ``op`` as a function of its operands (for the reference interpreter)."""
    import torch

    template = UNARY.get(op) or BINARY[op]
    params = ["a"] if op in UNARY else ["a", "b"]
    return eval(f"lambda {', '.join(params)}: {template.format(*params)}", {"torch": torch})  # noqa: S307
