"""fuse: group the graph into kernels. Each einsum becomes one GEMM kernel with its prologue and epilogue.

- prologue: elementwise math on an einsum operand (a scale, a cast, a per-k dequant factor) is computed
  on each loaded tile inside the reduction loop, so the operand is never materialized.
- epilogue: every elementwise op downstream of the einsum over the same axes (bias, activation,
  residual add, scale, output cast, any chain of them) is computed on the accumulator tile before the
  one store. Side values it needs (a bias, a residual, index predicates) are loaded per tile.

What cannot be fused is explained in ``Fused.notes`` (printed by ``tilefuse show``); with
``require_fusion=True`` it is an error naming the op that blocked it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import LoweringError
from ..ir.dtypes import DType
from ..ir.graph import Graph, Node
from ..ir.ops import ELEMENTWISE_OPS
from ..ir.printer import format_node


@dataclass(eq=False)
class Operand:
    """How one einsum operand's tile is produced: ``nodes`` are computed per tile (the prologue)."""

    node: Node
    nodes: list[Node]

    def storage_dtypes(self) -> set[DType]:
        """Element types of the tensors this operand reads from memory (what its tiles arrive as)."""
        if not self.nodes:
            return {self.node.dtype}
        inside = set(self.nodes)
        found = set()
        for n in self.nodes:
            if n.op == "load":
                found.add(n.args[0].dtype)
            for a in (n.args[1:] if n.op == "load" else n.args):
                if a not in inside and a.axes:
                    found.add(a.dtype)
        return found or {DType.fp32}


@dataclass(eq=False)
class KernelGroup:
    """One kernel: an einsum with its fused prologue and epilogue, and the nodes it stores."""

    name: str
    root: Node
    operands: list[Operand]
    epilogue: list[Node]
    outputs: list[Node]

    @property
    def kind(self) -> str:
        return "gemm"

    def dot_dtype(self) -> DType:
        """The tl.dot operand type: the inputs' own type when both operands share one, else fp32 (tf32)."""
        kinds = self.operands[0].storage_dtypes() | self.operands[1].storage_dtypes()
        if len(kinds) == 1 and next(iter(kinds)) in (DType.fp16, DType.bf16, DType.int8, DType.fp32):
            return next(iter(kinds))
        return DType.fp32


@dataclass(eq=False)
class Fused:
    graph: Graph
    kernels: list[KernelGroup]
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = []
        for k in self.kernels:
            lines.append(f"kernel {k.name} ({k.kind}) {{")
            for i, op in enumerate(k.operands):
                body = ", ".join(f"%{n.name} = {n.op}" for n in op.nodes if n.op not in ("input",))
                lines.append(f"  operand {i}: %{op.node.name}" + (f"  prologue[{body}]" if body else ""))
            lines.append("  " + format_node(k.root))
            lines += ["  " + format_node(n) for n in k.epilogue]
            lines.append("  store " + ", ".join(f"%{n.name}" for n in k.outputs))
            lines.append("}")
        lines += [f"# note: {n}" for n in self.notes]
        return "\n".join(lines)


def _tile_computable(node: Node, axes: set[str], materialized: set[Node], memo: dict) -> bool:
    """Can ``node`` be computed per tile over ``axes`` from memory-resident tensors and scalars?"""
    key = (node, frozenset(axes))
    if key in memo:
        return memo[key]
    if not set(node.axis_names) <= axes:
        ok = False
    elif node in materialized or node.op in ("const", "symbol", "index"):
        ok = True
    elif node.op == "input":
        ok = True
    elif node.op == "load":
        ok = node.args[0] in materialized and all(_tile_computable(a, axes, materialized, memo) for a in node.args[1:])
    elif node.op in ELEMENTWISE_OPS:
        ok = all(_tile_computable(a, axes, materialized, memo) for a in node.args)
    else:
        ok = False
    memo[key] = ok
    return ok


def _subgraph(roots: list[Node], stop: set[Node]) -> set[Node]:
    seen: set[Node] = set()
    stack = list(roots)
    while stack:
        n = stack.pop()
        if n in seen or n in stop:
            continue
        seen.add(n)
        if n.op != "load":
            stack.extend(n.args)
        else:
            stack.extend(n.args[1:])
    return seen


def _describe(node: Node) -> str:
    where = f" at line {node.loc.line}" if node.loc else ""
    return f"%{node.name} = {node.op}{where}"


def fuse(graph: Graph, require_fusion: bool = False) -> Fused:
    order = {n: i for i, n in enumerate(graph.nodes)}
    users = graph.users()
    outputs = set(graph.outputs)
    materialized: set[Node] = {n for n in graph.nodes if n.op == "input"}
    covered: set[Node] = set()
    kernels: list[KernelGroup] = []
    notes: list[str] = []
    memo: dict = {}

    def blocked(node: Node, why: str):
        message = f"{_describe(node)} cannot be fused: {why}"
        if require_fusion:
            raise LoweringError(why, program=graph.name, op=f"%{node.name} = {node.op}", loc=node.loc)
        notes.append(message)

    for node in graph.nodes:
        if node.op != "einsum" or node in covered:
            continue
        if len(node.args) != 2:
            raise LoweringError("only two-operand einsums are lowered to kernels", program=graph.name,
                                op="einsum", loc=node.loc)
        operands = []
        for arg in node.args:
            if arg in materialized:
                operands.append(Operand(arg, []))
            elif _tile_computable(arg, set(arg.axis_names), materialized, memo):
                nodes = _subgraph([arg], materialized)
                operands.append(Operand(arg, sorted(nodes, key=order.get)))
            else:
                raise LoweringError(f"operand %{arg.name} ({arg.op}) of this einsum is neither an input nor "
                                    "elementwise math on inputs, and is not produced by an earlier kernel",
                                    program=graph.name, op="einsum", loc=node.loc)
        fused: set[Node] = {node}
        out_axes = set(node.axis_names)
        for n in graph.nodes[order[node] + 1:]:
            if n.op not in ELEMENTWISE_OPS or not any(a in fused for a in n.args):
                continue
            if set(n.axis_names) != out_axes:
                new_axes = sorted(set(n.axis_names) - out_axes)
                blocked(n, f"it broadcasts the result of %{node.name} to new axes {new_axes}")
                continue
            side = [a for a in n.args if a not in fused]
            if all(_tile_computable(a, out_axes, materialized, memo) for a in side):
                fused.add(n)
                fused |= _subgraph(side, materialized | fused)
            else:
                bad = next(a for a in side if not _tile_computable(a, out_axes, materialized, memo))
                blocked(n, f"its operand %{bad.name} = {bad.op} is not computable per output tile")
        for n in graph.nodes:
            if n in fused and n is not node:
                for u in users[n]:
                    if u not in fused and u.op not in ELEMENTWISE_OPS and u.op != "einsum":
                        blocked(u, f"{u.op} over {u.attrs.get('axes', u.attrs.get('axis', ''))} is a reduction "
                                   f"outside the einsum's reduction loop")
        stored = [n for n in graph.nodes if n in fused and (n in outputs or any(u not in fused for u in users[n]))]
        epilogue = [n for n in graph.nodes if n in fused and n is not node]
        covered |= fused
        materialized |= set(stored)
        kernels.append(KernelGroup(f"{graph.name}_kernel{len(kernels)}" if kernels else f"{graph.name}_kernel",
                                   node, operands, epilogue, stored))

    leftover = [n for n in graph.nodes if n not in covered and n not in materialized
                and n.op not in ("const", "symbol", "index", "input")
                and not any(n in op.nodes for k in kernels for op in k.operands)]
    if leftover:
        n = leftover[0]
        raise LoweringError(f"no kernel can compute %{n.name} = {n.op} yet: this issue lowers GEMM programs "
                            "(an einsum with its prologue and epilogue); standalone reductions and "
                            "elementwise programs come later", program=graph.name, op=n.op, loc=n.loc)
    if len(kernels) > 1:
        between = ", ".join("%" + o.name for k in kernels[:-1] for o in k.outputs)
        notes.append(f"{len(kernels)} kernels: intermediates {between} "
                     "are written to memory between them")
    return Fused(graph, kernels, notes)
