"""Checks the IR's invariants. Runs after tracing and after every pass; errors name program, op and line."""

from __future__ import annotations

import sympy

from ..errors import VerifyError
from .dims import Axis
from .dtypes import DType
from .ops import ALL_OPS, infer


def _fail(graph, node, message):
    raise VerifyError(message, program=graph.name, op=f"%{node.name} = {node.op}", loc=node.loc)


def verify(graph) -> None:
    """Raise ``VerifyError`` on the first broken invariant: order, arity, types, names."""
    seen: set = set()
    names: set[str] = set()
    for node in graph.nodes:
        if node.op not in ALL_OPS:
            _fail(graph, node, f"unknown op {node.op!r}")
        if node.name in names:
            _fail(graph, node, f"two nodes are named %{node.name}")
        names.add(node.name)
        for arg in node.args:
            if arg not in seen:
                _fail(graph, node, f"reads %{arg.name}, which is not defined before it")
        axis_names = [a.name for a in node.axes]
        if len(set(axis_names)) != len(axis_names):
            _fail(graph, node, f"result has a repeated axis name: {axis_names}")
        if not isinstance(node.dtype, DType):
            _fail(graph, node, f"dtype {node.dtype!r} is not a tilefuse dtype")
        if node.op == "input":
            if node.args:
                _fail(graph, node, "an input takes no args")
        elif node.op == "const":
            if node.axes or not isinstance(node.attrs.get("value"), (int, float, bool)):
                _fail(graph, node, "a const is a scalar int, float or bool")
        elif node.op == "index":
            if len(node.axes) != 1 or node.axes[0].name != node.attrs["axis"] or node.dtype != DType.int32:
                _fail(graph, node, "an index is an int32 tensor of its one axis")
        elif node.op == "symbol":
            if node.axes or not isinstance(node.attrs.get("expr"), sympy.Expr):
                _fail(graph, node, "a symbol is a scalar dim expression")
        else:
            try:
                axes, dtype = infer(node.op, list(node.args), node.attrs, [f"%{a.name}" for a in node.args])
            except ValueError as exc:
                _fail(graph, node, str(exc))
            if [a.name for a in axes] != axis_names and set(a.name for a in axes) != set(axis_names):
                _fail(graph, node, f"result axes {axis_names} but its args give {[a.name for a in axes]}")
            if dtype != node.dtype:
                _fail(graph, node, f"result dtype {node.dtype} but its args give {dtype}")
            if any(not isinstance(a, Axis) for a in node.axes):
                _fail(graph, node, "axes must be Axis values")
        seen.add(node)
    for out in graph.outputs:
        if out not in seen:
            raise VerifyError(f"output %{out.name} is not a node of the graph", program=graph.name)
