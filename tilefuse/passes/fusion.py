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
from ..ir.analyzer import head_groups
from ..ir.dtypes import DType
from ..ir.graph import Graph, Node
from ..ir.ops import ELEMENTWISE_OPS, parse_einsum
from ..ir.printer import format_node
from .rows import RowsGroup, match_rows


@dataclass(eq=False)
class Operand:
    """How one einsum operand's tile is produced: ``nodes`` are computed per tile (the prologue)."""

    node: Node
    nodes: list[Node]

    def storage_dtypes(self) -> set[DType]:
        """Element types of the tensors this operand reads from memory (what its tiles arrive as); a prologue that
        rounds its value to a 16-bit type with an explicit cast (as a bf16 RMSNorm does before its weight) gives
        that type, whatever it computed in between."""
        if not self.nodes:
            return {self.node.dtype}
        if self.node.dtype in (DType.fp16, DType.bf16) and any(
                n.op == "cast" and n.dtype == self.node.dtype for n in self.nodes):
            return {self.node.dtype}
        inside = set(self.nodes)
        found = set()
        for n in self.nodes:
            if n.op == "load":
                if n.dtype != DType.int32:  # int32 loads are indices (a page table): they address the data
                    found.add(n.args[0].dtype)
                continue
            for a in n.args:
                if a not in inside and a.axes and a.dtype.is_float:
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
    # einsums with the root's spec and its operand ``shared`` (0 or 1), the other operand read as is: each is a
    # second accumulator filled in the same K loop from the same tiles of the shared operand (a dual GEMM, as
    # SwiGLU's gate and up projections), read only by this kernel's epilogue
    siblings: list[Node] = field(default_factory=list)
    shared: int = 0

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
class AttentionGroup(KernelGroup):
    """matmul -> score mods -> softmax -> matmul as one flash-style kernel (operands: q, k, v)."""

    qk: Node = None
    lse: list[Node] = field(default_factory=list)   # log-sum-exp outputs over the softmax axis
    score_mods: list[Node] = field(default_factory=list)
    softmax: Node = None
    m_axis: str = ""
    n_axis: str = ""
    d_axis: str = ""
    dv_axis: str = ""
    batch_axes: list[str] = field(default_factory=list)
    # batch axes whose consecutive indices read the same K and V (GQA's heads of one K/V head), with the
    # group's size: the tiling may pack those query heads into one tile's rows
    head_groups: dict = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return "attention"

    def dot_dtype(self) -> DType:
        kinds = set().union(*(op.storage_dtypes() for op in self.operands))
        return next(iter(kinds)) if len(kinds) == 1 and next(iter(kinds)).is_float else DType.fp32


@dataclass(eq=False)
class EagerGroup:
    """Ops no kernel can take yet: the launcher runs them with PyTorch, one op at a time (unfused)."""

    name: str
    nodes: list[Node]
    outputs: list[Node]          # values later kernels read or the program returns (materialized)
    operands: list = field(default_factory=list)
    epilogue: list = field(default_factory=list)
    root: Node | None = None

    @property
    def kind(self) -> str:
        return "eager"


@dataclass(eq=False)
class Fused:
    graph: Graph
    kernels: list[KernelGroup]
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = []
        for k in self.kernels:
            if k.kind == "eager":
                lines.append(f"eager {k.name} (PyTorch, unfused) {{")
                lines += ["  " + format_node(n) for n in k.nodes]
                lines.append("  keep " + ", ".join(f"%{n.name}" for n in k.outputs))
                lines.append("}")
                continue
            lines.append(f"kernel {k.name} ({k.kind}) {{")
            if k.kind == "rows":
                rows = ", ".join(a.name for a in k.rows) or "one row"
                lines.append(f"  rows ({rows}) each whole on chip; {len(k.reductions)} reductions over {k.axis.name}")
                lines += ["  " + format_node(n) for n in k.nodes]
                lines.append("  store " + ", ".join(f"%{n.name}" for n in k.outputs))
                lines.append("}")
                continue
            if k.kind == "attention":
                lines.append(f"  online softmax over {k.n_axis}; scores [{', '.join(k.qk.axis_names)}] never leave "
                             "the chip")
                lines.append("  " + format_node(k.qk))
                lines += ["  " + format_node(n) for n in k.score_mods]
                lines.append("  " + format_node(k.softmax))
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
    """Group the graph into kernels: attention chains first, then every remaining einsum as a GEMM."""
    return _Fuser(graph, require_fusion).run()


class _Fuser:
    def __init__(self, graph: Graph, require_fusion: bool):
        self.graph = graph
        self.require_fusion = require_fusion
        self.order = {n: i for i, n in enumerate(graph.nodes)}
        self.users = graph.users()
        self.outputs = set(graph.outputs)
        self.materialized: set[Node] = {n for n in graph.nodes if n.op == "input"}
        self.covered: set[Node] = set()
        self.kernels: list = []
        self.notes: list[str] = []
        self.memo: dict = {}

    def blocked(self, node: Node, why: str):
        if self.require_fusion:
            raise LoweringError(why, program=self.graph.name, op=f"%{node.name} = {node.op}", loc=node.loc)
        self.notes.append(f"{_describe(node)} cannot be fused: {why}")

    def computable(self, node: Node, axes) -> bool:
        return _tile_computable(node, set(axes), self.materialized, self.memo)

    def operand(self, arg: Node, einsum: Node) -> Operand:
        """How a contraction operand's tiles are produced: read as is, or computed by a prologue."""
        if arg in self.materialized:
            return Operand(arg, [])
        if self.computable(arg, arg.axis_names):
            return Operand(arg, sorted(_subgraph([arg], self.materialized), key=self.order.get))
        # Whatever produces this operand cannot be part of a kernel: it runs unfused, first.
        self.run_eager([arg])
        return Operand(arg, [])

    def run_eager(self, needed: list[Node]) -> None:
        """Make an EagerGroup computing ``needed`` (and what they need that no kernel holds)."""
        nodes = [n for n in self.graph.nodes if n in _subgraph(needed, self.materialized)
                 and n.op not in ("const", "symbol", "index", "input")]
        if not nodes:
            return
        first = nodes[0]
        inside = set(nodes)
        keep = [n for n in nodes if n in needed or n in self.outputs
                or any(u not in inside for u in self.users[n])]
        rows = match_rows(self.name(), nodes, keep)
        if isinstance(rows, RowsGroup):  # reductions over one innermost axis: whole rows on chip
            self.notes.append(f"{_describe(first)} and {len(nodes) - 1} more ops are one rows kernel "
                              f"({len(rows.reductions)} reductions over {rows.axis.name})")
            self.kernels.append(rows)
            self.covered |= inside
            self.materialized |= set(keep)
            return
        why = next((note for note in self.notes if note.startswith(f"%{first.name} ")), None)
        why = f"{why}; not a rows kernel: {rows}" if why else f"not a rows kernel: {rows}"
        if self.require_fusion:
            raise LoweringError(f"%{first.name} = {first.op} cannot be fused into a kernel ({why})",
                                program=self.graph.name, op=f"%{first.name} = {first.op}", loc=first.loc)
        self.notes.append(f"{_describe(first)} and {len(nodes) - 1} more ops run unfused in PyTorch: {why}")
        self.kernels.append(EagerGroup(f"{self.graph.name}_eager{len(self.kernels)}", nodes, keep))
        self.covered |= inside
        self.materialized |= inside

    def epilogue(self, root: Node, inside: set[Node]) -> set[Node]:
        """Elementwise ops downstream of ``root`` over its axes, with the side values they need."""
        fused = {root} | inside
        out_axes = set(root.axis_names)
        for n in self.graph.nodes[self.order[root] + 1:]:
            if n in fused or n.op not in ELEMENTWISE_OPS or not any(a in fused for a in n.args):
                continue
            if set(n.axis_names) != out_axes:
                new_axes = sorted(set(n.axis_names) - out_axes)
                self.blocked(n, f"it broadcasts the result of %{root.name} to new axes {new_axes}")
                continue
            side = [a for a in n.args if a not in fused]
            if all(self.computable(a, out_axes) for a in side):
                fused.add(n)
                fused |= _subgraph(side, self.materialized | fused)
            else:
                bad = next(a for a in side if not self.computable(a, out_axes))
                self.blocked(n, f"its operand %{bad.name} = {bad.op} is not computable per output tile")
        for n in self.graph.nodes:
            if n in fused and n is not root and n not in inside:
                for u in self.users[n]:
                    if u not in fused and u.op not in ELEMENTWISE_OPS and u.op != "einsum":
                        self.blocked(u, f"{u.op} over {u.attrs.get('axes', u.attrs.get('axis', ''))} is a "
                                        "reduction outside the einsum's reduction loop")
        return fused - inside

    def finish(self, fused: set[Node], root: Node, inside: set[Node]):
        """The nodes a kernel stores, and its epilogue in graph order."""
        everything = fused | inside
        stored = [n for n in self.graph.nodes if n in fused
                  and (n in self.outputs or any(u not in everything for u in self.users[n]))]
        epilogue = [n for n in self.graph.nodes if n in fused and n is not root]
        self.covered |= everything
        self.materialized |= set(stored)
        return epilogue, stored

    def name(self) -> str:
        return f"{self.graph.name}_kernel{len(self.kernels)}" if self.kernels else f"{self.graph.name}_kernel"

    def run(self) -> Fused:
        graph = self.graph
        softmaxes = [n for n in graph.nodes if n.op == "softmax"]
        matches = {}
        for s in softmaxes:
            match = self.match_attention(s)
            if isinstance(match, str):
                self.blocked(s, match)
            else:
                matches[match["qk"]] = match
        for node in graph.nodes:
            if node in matches and node not in self.covered:
                self.kernels.append(self.build_attention(matches[node]))
            if node.op != "einsum" or node in self.covered:
                continue
            if len(node.args) != 2:
                raise LoweringError("only two-operand einsums are lowered to kernels", program=graph.name,
                                    op="einsum", loc=node.loc)
            operands = [self.operand(arg, node) for arg in node.args]
            siblings, shared = self.siblings(node)
            fused = self.epilogue(node, set(siblings))
            if siblings and not all(set(self.users[s]) <= fused for s in siblings):
                siblings, fused = [], self.epilogue(node, set())  # a sibling is needed elsewhere: no pairing
            epilogue, stored = self.finish(fused, node, set(siblings))
            self.kernels.append(KernelGroup(self.name(), node, operands, epilogue, stored, siblings, shared))

        missing = [o for o in graph.outputs if o not in self.materialized]
        if missing:  # outputs no kernel stores: the rest of the program runs unfused
            self.run_eager(missing)
        if len(self.kernels) > 1:
            between = ", ".join("%" + o.name for k in self.kernels[:-1] for o in k.outputs)
            self.notes.append(f"{len(self.kernels)} kernels: intermediates {between} "
                              "are written to memory between them")
        return Fused(graph, self.kernels, self.notes)

    def siblings(self, root: Node) -> tuple[list[Node], int]:
        """Einsums that can share ``root``'s K loop: the same spec, the same node as one operand, the other
        operand in memory, not a program output; and which operand is the shared one."""
        for shared in (0, 1):
            other = 1 - shared
            if root.args[other] not in self.materialized:
                continue
            found = [n for n in self.users[root.args[shared]]
                     if n is not root and n.op == "einsum" and n not in self.covered and n not in self.outputs
                     and n.attrs["spec"] == root.attrs["spec"] and len(n.args) == 2 and n.args[shared] is
                     root.args[shared] and n.args[other] in self.materialized and n.args[other] is not n.args[shared]
                     and n.dtype == root.dtype and n.args[other].dtype == root.args[other].dtype]
            if found:
                return found[:1], shared
        return [], 0

    # ---------------------------------------------------------------------------------- attention
    def match_attention(self, softmax: Node):
        """An AttentionGroup for einsum -> elementwise score mods -> softmax -> einsum, or why not.

        Legal because softmax over n followed by a contraction over n is exactly what online softmax
        computes one key block at a time: a running max and sum per row, the accumulator rescaled
        whenever the max grows. Every score mod must be elementwise over (batch, m, n) and computable
        per tile, so it commutes with that blocking.
        """
        n_axis = softmax.attrs["axis"]
        consumers = self.users[softmax]
        if len(consumers) != 1 or consumers[0].op != "einsum" or softmax in self.outputs:
            return "the softmax result is used by more than the einsum that contracts it"
        pv = consumers[0]
        if len(pv.args) != 2 or n_axis in pv.axis_names:
            return f"the einsum after it does not contract the softmax axis {n_axis!r}"
        v = pv.args[1] if pv.args[0] is softmax else pv.args[0]
        scores = softmax.args[0]
        score_axes = set(scores.axis_names)
        lse = [u for u in self.users[scores] if u.op == "logsumexp" and u.attrs["axis"] == n_axis]
        # Walk back from the scores to the einsum that makes them, through elementwise ops over the same axes.
        found, stack, seen = [], [scores], set()
        while stack:
            x = stack.pop()
            if x in seen or set(x.axis_names) != score_axes:
                continue
            seen.add(x)
            if x.op == "einsum":
                found.append(x)
            elif x.op in ELEMENTWISE_OPS:
                stack.extend(x.args)
        if len(found) != 1:
            return f"the scores come from {len(found)} einsums, not one"
        qk = found[0]
        if len(qk.args) != 2 or qk in self.outputs:
            return f"the scores einsum %{qk.name} is not a plain two-operand product"
        mods = _subgraph([scores], self.materialized | {qk}) if scores is not qk else set()
        for x in mods:
            if not (x.op in ELEMENTWISE_OPS or x.op in ("const", "symbol", "index", "load")):
                return f"the score modification %{x.name} = {x.op} is not elementwise"
            if x.op == "load" and x.args[0] not in self.materialized:
                return f"the score modification %{x.name} loads a value no earlier kernel stores"
            if not set(x.axis_names) <= score_axes:
                return f"the score modification %{x.name} has axes outside the scores"
        for x in mods | {qk}:
            if x.op in ("const", "symbol", "index"):
                continue  # leaves are recomputed wherever they are needed
            if any(u not in mods and u is not softmax and u not in lse for u in self.users[x]) or x in self.outputs:
                return f"%{x.name} is also used outside the attention, so the scores would be materialized"
        if not all(self.computable(a, score_axes) for x in mods for a in x.args if a not in mods and a is not qk
                   and not (x.op == "load" and a is x.args[0])):
            return "a score modification reads a value that is not computable per tile"
        ins, out = parse_einsum(qk.attrs["spec"], 2)
        which_k = [i for i in (0, 1) if n_axis in ins[i]]
        if len(which_k) != 1 or n_axis not in out:
            return f"axis {n_axis!r} must come from exactly one operand of the scores einsum"
        k_i = which_k[0]
        q_i = 1 - k_i
        contracted = [a for a in ins[q_i] if a in ins[k_i] and a not in out]
        m_axes = [a for a in out if a in ins[q_i] and a not in ins[k_i]]
        if len(contracted) != 1 or len(m_axes) != 1:
            return "the scores einsum must contract one axis and keep one query axis"
        pv_ins, pv_out = parse_einsum(pv.attrs["spec"], 2)
        v_i = 1 if pv.args[0] is softmax else 0
        dv_axes = [a for a in pv_out if a in pv_ins[v_i] and a not in pv_ins[1 - v_i]]
        if len(dv_axes) != 1:
            return "the second einsum must keep exactly one value axis"
        batch = [a for a in out if a not in (m_axes[0], n_axis)]
        if set(pv.axis_names) != set(batch) | {m_axes[0], dv_axes[0]}:
            return "the two einsums do not share their batch and query axes"
        return {"qk": qk, "pv": pv, "softmax": softmax, "mods": mods, "lse": lse, "q": qk.args[q_i], "k": qk.args[k_i],
                "v": v, "m": m_axes[0], "n": n_axis, "d": contracted[0], "dv": dv_axes[0], "batch": batch}

    def build_attention(self, match: dict) -> AttentionGroup:
        qk, pv = match["qk"], match["pv"]
        operands = [self.operand(match["q"], qk), self.operand(match["k"], qk), self.operand(match["v"], pv)]
        inside = {qk, match["softmax"]} | match["mods"] | set(match["lse"])
        fused = self.epilogue(pv, inside)
        epilogue, stored = self.finish(fused, pv, inside)
        self.materialized |= set(match["lse"])
        (qk_ins, _), (pv_ins, _) = parse_einsum(qk.attrs["spec"], 2), parse_einsum(pv.attrs["spec"], 2)
        kv = [(qk_ins[qk.args.index(match["k"])], operands[1]), (pv_ins[pv.args.index(match["v"])], operands[2])]
        axes = {a.name: a for a in pv.axes}
        groups = head_groups([axes[b] for b in match["batch"]],
                             [(list(letters), op.node, op.nodes) for letters, op in kv])
        return AttentionGroup(self.name(), pv, operands, epilogue, stored + match["lse"], qk=qk, lse=match["lse"],
                              score_mods=sorted(match["mods"], key=self.order.get), softmax=match["softmax"],
                              m_axis=match["m"], n_axis=match["n"], d_axis=match["d"], dv_axis=match["dv"],
                              batch_axes=match["batch"], head_groups=groups)
