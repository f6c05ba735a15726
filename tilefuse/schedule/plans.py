"""Kernel plans: what each tile computes, as data, decided once for every back end.

``plan_program(lowered)`` turns the tiled kernels of a lowered program into a ``LaunchPlan``: the buffers the
program reads and writes (inputs, intermediates, outputs, with their shapes), the kernels in launch order,
and for each kernel a plan a back end only has to print:

    GemmPlan        grid, M/N/K/batch axes, the K walk (dense, split_k, or the block-sparse operand's blocks),
                    the two operands (prologue nodes, einsum letters, buffers read), epilogue and outputs
    AttentionPlan   query/key/value operands, score mods, the key walk (dense, bounds with the key range,
                    or a block table), split-KV, log-sum-exp outputs, epilogue and outputs
    BlockTablePlan  the prologue that builds a table-mode attention kernel's block table from its mask
    RowsPlan        whole rows a program: elementwise ops and reductions over the rows' one axis, with the
                    ops' eager form for rows longer than a tile
    EagerPlan       ops that run unfused with PyTorch between kernels

Back-end decisions (TMA descriptors, parameter names, warps) are not made here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import LoweringError
from ..ir.dims import Axis
from ..ir.dtypes import DType
from ..ir.graph import Node
from ..ir.ops import parse_einsum
from ..passes.fusion import Operand as FusionOperand
from .pipeline import Lowered
from .rows import TILE_ELEMENTS_PER_THREAD, max_row
from .space import Config
from .tiling import EagerStep


@dataclass(frozen=True, eq=False)
class Buffer:
    """A tensor in memory: a program input, an intermediate one kernel stores for another, or an output."""

    name: str                 # its name in generated code: x, out, out1, tmp_t3
    node: Node                # the value it holds
    kind: str                 # "input" | "intermediate" | "output"
    rank: int                 # program order: inputs first, then buffers as kernels write them

    @property
    def axes(self) -> tuple[Axis, ...]:
        return tuple(self.node.axes)

    @property
    def dtype(self) -> DType:
        return self.node.dtype


def _ax(axis: Axis | None) -> str:
    return "1" if axis is None else f"{axis.name}={axis.size}"


def in_order(buffers) -> list[Buffer]:
    """``buffers`` without repeats, in program order."""
    return sorted({b.name: b for b in buffers}.values(), key=lambda b: b.rank)


def buffers_read(memory: dict[Node, Buffer], nodes: list[Node], stop=None) -> list[Buffer]:
    """Buffers that computing ``nodes`` on a tile reads, directly or through loads (not past ``stop``).

    A value in ``memory`` is read, not recomputed, so the walk does not go past it.
    """
    seen: list[Buffer] = []
    stack = list(nodes)
    visited = set(stop) if isinstance(stop, (list, set, tuple)) else {stop}
    while stack:
        n = stack.pop()
        if n in visited:
            continue
        visited.add(n)
        if n in memory:
            seen.append(memory[n])
            continue
        stack.extend(n.args)
    return in_order(seen)


@dataclass(frozen=True)
class Grid:
    """Programs on each launch axis. Axis 0 walks output tiles: the product of ``cdiv(size, block)`` over
    ``tiles`` (a missing axis counts 1); axis 1 the product of ``batch``; axis 2 ``splits``, a count or
    ``"launch"`` when the launcher picks it (split-KV)."""

    tiles: tuple[tuple[Axis | None, int], ...]
    batch: tuple[Axis, ...]
    splits: int | str = 1

    def describe(self) -> str:
        tiles = " * ".join(f"cdiv({_ax(a)}, {block})" for a, block in self.tiles)
        return f"grid({tiles}, {' * '.join(_ax(a) for a in self.batch) or '1'}, {self.splits})"

    def unsplit(self) -> Grid:
        """The same tiles with one program per split axis (a combine or split-K epilogue kernel)."""
        return Grid(self.tiles, self.batch, 1)


@dataclass(eq=False)
class Operand:
    """One operand of a contraction as a tile computes it."""

    node: Node                # the value the einsum reads
    nodes: list[Node]         # its prologue: tile nodes computing it (empty: read as is)
    letters: list[str]        # its einsum letters (they may rename the node's own axes)
    reads: list[Buffer]       # buffers its tile reads
    buffer: Buffer | None     # the buffer it is, when read as is from memory (no prologue)

    def describe(self) -> str:
        how = f"{len(self.nodes)} prologue ops" if self.nodes else "read as is"
        reads = ", ".join(t.name for t in self.reads) or "-"
        return f"%{self.node.name}[{''.join(self.letters)}] ({how}; reads {reads})"

    @property
    def tile_nodes(self) -> list[Node]:
        """What a tile evaluates to get the operand: its prologue, or the operand itself."""
        return self.nodes or [self.node]


@dataclass(frozen=True)
class KWalk:
    """How a GEMM program walks K: ``dense`` (all of it), ``split_k`` (one of ``slices`` contiguous slices,
    partial sums meeting by ``combine`` = "reduce" or "atomic" in a workspace), or ``sparse`` (only the stored
    blocks of the block-sparse B operand ``sparse``, packed ``block`` = (BLOCK_K, BLOCK_N))."""

    mode: str
    slices: int = 1
    combine: str | None = None
    sparse: Buffer | None = None
    block: tuple[int, int] | None = None

    def describe(self) -> str:
        if self.mode == "split_k":
            return f"split_k over {self.slices} slices ({self.combine})"
        if self.mode == "sparse":
            return f"sparse: the stored {self.block[0]}x{self.block[1]} blocks of {self.sparse.name}"
        return "dense"

    @property
    def partials(self) -> int:
        """Partial sums the workspace holds per output element."""
        return self.slices if self.combine == "reduce" else 1


@dataclass(eq=False)
class GemmPlan:
    """One GEMM kernel: ``acc[BLOCK_M, BLOCK_N] += a @ b`` over the K walk, then the epilogue and stores."""

    name: str
    config: Config
    grid: Grid
    m_axis: Axis | None
    n_axis: Axis | None
    k_axis: Axis
    batch_axes: list[Axis]
    a: Operand                # holds the M axis
    b: Operand                # holds the N axis
    k_walk: KWalk
    root: Node                # the einsum (its value is the accumulator)
    epilogue: list[Node]
    epilogue_reads: list[Buffer]
    outputs: list[tuple[Node, Buffer]]
    dot_dtype: DType
    memory: dict[Node, Buffer]   # values in memory when the kernel runs
    # a dual GEMM: (einsum, its B operand) per second accumulator, filled from the same A tiles
    siblings: list[tuple[Node, Operand]] = field(default_factory=list)
    kind = "gemm"

    def describe(self) -> str:
        more = "".join(f"\n  b{i + 1} = {op.describe()} -> %{node.name} (a second accumulator)"
                       for i, (node, op) in enumerate(self.siblings))
        return (f"gemm {self.name}: {self.grid.describe()}; K walk {self.k_walk.describe()} of {_ax(self.k_axis)}\n"
                f"  a = {self.a.describe()}\n  b = {self.b.describe()}{more}\n"
                f"  epilogue: {len(self.epilogue)} ops, store {', '.join(t.name for _, t in self.outputs)}")


@dataclass(frozen=True)
class KeyWalk:
    """How an attention program walks key blocks: ``dense``; ``bounds`` (loop bounds from the mask's index
    predicates, ``key_range`` = analyzer.key_range's (lows, highs, full_lows, full_highs, complete)); or
    ``table`` (a block table per query block, varying over ``table_axes``, built by a ``BlockTablePlan``)."""

    mode: str
    key_range: tuple | None = None
    table_axes: tuple[Axis, ...] = ()

    def describe(self) -> str:
        if self.mode == "table":
            return f"table over ({', '.join(a.name for a in self.table_axes)})"
        return self.mode


@dataclass(eq=False)
class BlockTablePlan:
    """The prologue of a table-mode attention kernel: for each query block (and table batch), the key blocks its
    mask ``cond`` keeps partly and fully."""

    name: str
    attention: str            # the kernel that reads the table
    config: Config
    grid: Grid
    cond: Node
    key_range: tuple | None
    table_axes: tuple[Axis, ...]
    m_axis: Axis
    n_axis: Axis
    reads: list[Buffer]
    memory: dict[Node, Buffer]
    kind = "blocks"


@dataclass(eq=False)
class AttentionPlan:
    """One flash-style attention kernel: a query tile stays resident while key blocks stream past it."""

    name: str
    config: Config
    grid: Grid
    m_axis: Axis
    n_axis: Axis
    d_axis: Axis
    dv_axis: Axis
    batch_axes: list[Axis]
    q: Operand
    k: Operand
    v: Operand
    qk: Node                  # the score einsum
    score_mods: list[Node]
    score: Node               # the softmax's input
    score_reads: list[Buffer]
    key_walk: KeyWalk
    split_kv: int             # most key splits (1: none); the launcher picks how many
    root: Node                # the p @ v einsum
    epilogue: list[Node]
    epilogue_reads: list[Buffer]
    outputs: list[tuple[Node, Buffer]]
    lse: list[Node]           # outputs that are the log-sum-exp of each score row
    dot_dtype: DType
    memory: dict[Node, Buffer]
    block_table: BlockTablePlan | None = None
    # (batch axis, group size): up to config.HEAD_PACK consecutive heads of one K/V group share a program, their
    # query rows stacked in the tile, so each K/V block is loaded once per group (the launcher picks how many)
    head_pack: tuple[Axis, object] | None = None
    kind = "attention"

    def describe(self) -> str:
        split = f", split-KV up to {self.split_kv}" if self.split_kv > 1 else ""
        if self.head_pack:
            axis, group = self.head_pack
            split += f", up to {self.config.HEAD_PACK} {axis.name} per tile (groups of {group})"
        table = f"\n  prologue {self.block_table.name}: {self.block_table.grid.describe()}" if self.block_table else ""
        return (f"attention {self.name}: {self.grid.describe()}; key walk {self.key_walk.describe()}{split}{table}\n"
                f"  q = {self.q.describe()}\n  k = {self.k.describe()}\n  v = {self.v.describe()}\n"
                f"  {len(self.score_mods)} score mods; epilogue: {len(self.epilogue)} ops, store "
                f"{', '.join(t.name for _, t in self.outputs)}" + (f" (lse {len(self.lse)})" if self.lse else ""))


@dataclass(eq=False)
class EagerPlan:
    """Ops run one at a time with PyTorch; ``outputs`` are copied into their buffers."""

    name: str
    nodes: list[Node]
    outputs: list[tuple[Node, Buffer]]
    memory: dict[Node, Buffer]
    kind = "eager"

    def describe(self) -> str:
        return f"eager {self.name}: {len(self.nodes)} ops, store {', '.join(t.name for _, t in self.outputs)}"


@dataclass(eq=False)
class RowsPlan:
    """One rows kernel: each program holds whole rows (``rows`` flattened, ``n_axis`` along a row), computes
    ``nodes`` on the tile (reductions over ``n_axis`` among them, row values broadcast back) and stores
    ``outputs``, full row tiles or one value a row. Rows per program: up to ``config.BLOCK_M``, as many as keep
    the tile within ``tile_elements``; a call whose rows are longer than ``max_row`` runs ``fallback()``."""

    name: str
    config: Config
    grid: Grid                # axis 0: tiles of rows (the launcher divides by the rows it puts in a program)
    rows: list[Axis]
    n_axis: Axis
    nodes: list[Node]
    reads: list[Buffer]
    outputs: list[tuple[Node, Buffer]]
    memory: dict[Node, Buffer]
    max_row: int = 0          # the longest row a tile holds
    tile_elements: int = 0    # most elements of one [rows, BLOCK_N] tile
    kind = "rows"

    def fallback(self) -> EagerPlan:
        """The same ops as an eager step: what a call whose rows do not fit one tile runs."""
        return EagerPlan(self.name, self.nodes, self.outputs, self.memory)

    def describe(self) -> str:
        rows = " * ".join(_ax(a) for a in self.rows) or "1"
        return (f"rows {self.name}: grid(cdiv({rows}, rows per program), 1, 1); whole rows of {_ax(self.n_axis)} "
                f"(at most {self.max_row}, else eager)\n  {len(self.nodes)} ops, "
                f"{sum(n.op in ('sum', 'max') for n in self.nodes)} reductions; reads "
                f"{', '.join(t.name for t in self.reads) or '-'}; store {', '.join(t.name for _, t in self.outputs)}")


@dataclass(eq=False)
class LaunchPlan:
    """A whole program: its buffers, and its kernels and eager steps in launch order."""

    name: str
    inputs: list[Node]               # every input, tensors and scalars, in signature order
    tensor_inputs: list[Buffer]
    scalars: list[str]               # scalar inputs (floats)
    dims: list[str]                  # the symbolic dims, bound from the input shapes
    buffers: list[Buffer]            # what the launcher allocates: intermediates and outputs, in write order
    returns: list[Buffer]            # the program's outputs, in order
    kernels: list = field(default_factory=list)   # GemmPlan | AttentionPlan | RowsPlan | EagerPlan

    def describe(self) -> str:
        """The plan as text: buffers, then each kernel in launch order."""
        def buffers(ts):
            return ", ".join(f"{t.name}: {t.dtype}[{', '.join(str(a.size) for a in t.axes)}]" for t in ts) or "-"
        lines = [f"launch {self.name}: inputs {buffers(self.tensor_inputs)}"
                 + (f"; scalars {', '.join(self.scalars)}" if self.scalars else ""),
                 f"  writes {buffers(self.buffers)}; returns {', '.join(t.name for t in self.returns)}"]
        return "\n".join(lines + [k.describe() for k in self.kernels])

    @property
    def configs(self) -> list[Config]:
        return [k.config for k in self.kernels if getattr(k, "config", None) is not None]


def plan_program(lowered: Lowered) -> LaunchPlan:
    """The launch plan of a lowered program, with one plan per kernel."""
    graph = lowered.graph
    program_outputs = list(graph.outputs)
    memory: dict[Node, Buffer] = {}
    tensor_inputs = []
    for n in graph.inputs:
        if n.axes:
            memory[n] = Buffer(n.name, n, "input", len(memory))
            tensor_inputs.append(memory[n])
    written: dict[Node, Buffer] = {}
    for k in lowered.kernels:
        for node in k.group.outputs:
            if node in program_outputs:
                i = program_outputs.index(node)
                label, kind = ("out" if len(program_outputs) == 1 else f"out{i}"), "output"
            else:
                label, kind = f"tmp_{node.name}", "intermediate"
            written[node] = Buffer(label, node, kind, len(memory) + len(written))
    for n in program_outputs:
        if n not in written:
            raise LoweringError(f"output %{n.name} is not computed by any kernel", program=graph.name)
    plan = LaunchPlan(graph.name, list(graph.inputs), tensor_inputs, [n.name for n in graph.inputs if not n.axes],
                      graph.dims,
                      list(written.values()), [written[n] for n in program_outputs])
    for k in lowered.kernels:
        snapshot = dict(memory)
        outputs = [(node, written[node]) for node in k.group.outputs]
        if k.group.kind == "eager" or isinstance(k, EagerStep):
            plan.kernels.append(EagerPlan(k.name, list(k.group.nodes), outputs, snapshot))
        elif k.group.kind == "rows":
            plan.kernels.append(plan_rows(k, outputs, snapshot))
        elif k.group.kind == "attention":
            plan.kernels.append(plan_attention(k, outputs, snapshot))
        else:
            plan.kernels.append(plan_gemm(k, outputs, snapshot))
        memory.update(outputs)
    return plan


def _operand(memory: dict[Node, Buffer], operand, letters: list[str], reads: bool = True) -> Operand:
    nodes = list(operand.nodes)
    buffer = memory.get(operand.node) if not nodes else None
    return Operand(operand.node, nodes, list(letters),
                   buffers_read(memory, nodes or [operand.node]) if reads else [], buffer)


def plan_gemm(tk, outputs: list[tuple[Node, Buffer]], memory: dict[Node, Buffer]) -> GemmPlan:
    """The plan of a ``TiledKernel``: operand A is the one holding the M axis."""
    c, group = tk.config, tk.group
    letters, _ = parse_einsum(group.root.attrs["spec"], 2)
    op_a, op_b = group.operands[tk.a], group.operands[1 - tk.a]
    if tk.sparse:
        # B comes from the packed blocks, not through pointers into a dense tensor
        walk = KWalk("sparse", sparse=memory[op_b.node], block=(c.BLOCK_K, c.BLOCK_N))
    elif c.SPLIT_K > 1:
        walk = KWalk("split_k", slices=c.SPLIT_K, combine=c.SPLIT_K_MODE)
    else:
        walk = KWalk("dense")
    grid = Grid(((tk.m_axis, c.BLOCK_M), (tk.n_axis, c.BLOCK_N)), tuple(tk.batch_axes), c.SPLIT_K)
    if group.siblings and (tk.a != group.shared or tk.sparse or c.SPLIT_K > 1):
        raise LoweringError("a dual GEMM shares its A operand (the M side), with a dense K walk and SPLIT_K=1",
                            program=tk.name, op="einsum", loc=group.root.loc)
    siblings = [(s, _operand(memory, FusionOperand(s.args[1 - group.shared], []), letters[1 - tk.a]))
                for s in group.siblings]
    return GemmPlan(tk.name, c, grid, tk.m_axis, tk.n_axis, tk.k_axis, list(tk.batch_axes),
                    _operand(memory, op_a, letters[tk.a]), _operand(memory, op_b, letters[1 - tk.a], not tk.sparse),
                    walk, group.root, list(group.epilogue),
                    buffers_read(memory, group.epilogue, stop=[group.root, *group.siblings]),
                    outputs, group.dot_dtype(), memory, siblings)


def plan_attention(ta, outputs: list[tuple[Node, Buffer]], memory: dict[Node, Buffer]) -> AttentionPlan:
    """The plan of a ``TiledAttention``, with its block-table prologue in table mode."""
    c, group = ta.config, ta.group
    q_op, k_op, v_op = group.operands
    qk, pv = group.qk, group.root
    qk_letters, _ = parse_einsum(qk.attrs["spec"], 2)
    q_i = 0 if qk.args[0] is q_op.node else 1
    pv_letters, _ = parse_einsum(pv.attrs["spec"], 2)
    v_i = 0 if pv.args[0] is v_op.node else 1
    skip = ta.skipping
    # the batch axes the table varies over (those its mask reads), in grid order
    table_axes = tuple(a for a in ta.batch_axes if a.name in skip.table_axes) if skip.mode == "table" else ()
    walk = KeyWalk(skip.mode, skip.key_range, table_axes)
    table = None
    if skip.mode == "table":
        table = BlockTablePlan(f"{ta.name}_blocks", ta.name, c, Grid(((ta.m_axis, c.BLOCK_M),), table_axes),
                               skip.cond, skip.key_range, table_axes, ta.m_axis, ta.n_axis,
                               buffers_read(memory, [skip.cond]), memory)
    grid = Grid(((ta.m_axis, c.BLOCK_M),), tuple(ta.batch_axes), "launch" if c.SPLIT_KV > 1 else 1)
    return AttentionPlan(
        ta.name, c, grid, ta.m_axis, ta.n_axis, ta.d_axis, ta.dv_axis, list(ta.batch_axes),
        _operand(memory, q_op, qk_letters[q_i]), _operand(memory, k_op, qk_letters[1 - q_i]),
        _operand(memory, v_op, pv_letters[v_i]), qk, list(group.score_mods), group.softmax.args[0],
        buffers_read(memory, group.score_mods, stop=qk), walk, c.SPLIT_KV, pv, list(group.epilogue),
        buffers_read(memory, group.epilogue, stop=pv), outputs, list(group.lse), group.dot_dtype(), memory, table,
        ta.head_pack)


def plan_rows(tr, outputs: list[tuple[Node, Buffer]], memory: dict[Node, Buffer]) -> RowsPlan:
    """The plan of a ``TiledRows``."""
    c, group = tr.config, tr.group
    grid = Grid(((None, c.BLOCK_M),), ())
    tile = TILE_ELEMENTS_PER_THREAD * 32 * c.num_warps
    return RowsPlan(tr.name, c, grid, list(tr.rows), tr.n_axis, list(group.nodes),
                    buffers_read(memory, group.nodes), outputs, memory, max_row(c), tile)
