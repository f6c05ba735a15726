"""Triton expressions: the op -> code table, literals, the tile context, and the printer that turns IR nodes
on a tile into Triton code (loads from memory, gathers with optional bounds checks, stores)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ...errors import LoweringError
from ...ir.analyzer import to_code
from ...ir.dims import Axis
from ...ir.dtypes import DType
from ...ir.graph import Node
from ...schedule.plans import Buffer

# ------------------------------------------------------------------------------------- op templates

UNARY = {
    "neg": "-{0}", "abs": "tl.abs({0})", "exp": "tl.exp({0})", "exp2": "tl.exp2({0})", "log": "tl.log({0})",
    "sqrt": "tl.sqrt({0})", "rsqrt": "tl.rsqrt({0})", "erf": "tl.erf({0})", "sigmoid": "tl.sigmoid({0})",
    "relu": "tl.maximum({0}, 0)", "silu": "({0} * tl.sigmoid({0}))", "tanh": "_tanh({0})",
    "not": "({0} == 0)",
}
BINARY = {
    "add": "({0} + {1})", "sub": "({0} - {1})", "mul": "({0} * {1})", "div": "({0} / {1})",
    "maximum": "tl.maximum({0}, {1})", "minimum": "tl.minimum({0}, {1})",
    "floordiv": "_floordiv({0}, {1})", "mod": "_mod({0}, {1})",
    "lt": "({0} < {1})", "le": "({0} <= {1})", "gt": "({0} > {1})", "ge": "({0} >= {1})",
    "eq": "({0} == {1})", "ne": "({0} != {1})", "and": "({0} & {1})", "or": "({0} | {1})",
}
# Ops whose template calls a @triton.jit helper (prelude.py) name it in Printer.helpers.


def literal(value, dtype: DType) -> str:
    """A constant as Python source (Triton and PyTorch read the same literals)."""
    if dtype == DType.bool:
        return "True" if value else "False"
    if dtype.is_int:
        return str(int(value))
    value = float(value)
    if math.isinf(value) or math.isnan(value):
        return f'float("{value}")'
    return repr(value)


def size(axis: Axis | None) -> str:
    """An axis' size as code (1 for a missing axis)."""
    return "1" if axis is None else to_code(axis.size)


def ptr(t: Buffer) -> str:
    """The kernel parameter that points at ``t``."""
    return f"{t.name}_ptr"


def stride(t: Buffer, axis: str) -> str:
    """The kernel parameter holding ``t``'s stride along ``axis``."""
    return f"stride_{t.name}_{axis}"


# ------------------------------------------------------------------------------------ tiles and bodies


@dataclass
class Ctx:
    """How a tile's axes map to index code: tile axes are broadcast vectors, grid axes scalars."""

    tile: dict[str, str]           # tile axis -> its index vector, shaped to broadcast (offs_m[:, None])
    grid: dict[str, str]           # grid axis -> its scalar index (idx_b)
    mask: dict[str, str]           # tile axis -> its in-bounds mask (axes that wrap have none)
    base: dict[str, str]           # tensor name -> base pointer holding its grid-axis offsets
    upcast: bool = True            # load floats as fp32 (math) or keep their dtype (dot operands)

    def index(self, axis: str) -> str:
        return self.tile[axis] if axis in self.tile else self.grid[axis]


class Body:
    """Lines of a kernel body with indentation."""

    def __init__(self, indent: int = 1):
        self.lines: list[str] = []
        self.indent = indent

    def __call__(self, line: str = ""):
        self.lines.append(("    " * self.indent + line) if line else "")

    def text(self) -> str:
        return "\n".join(self.lines)


def batch_decompose(batch: list[Axis], body: Body, sizes: dict[str, str] | None = None) -> dict[str, str]:
    """Split ``pid_b`` into one index per batch axis (the last axis varies fastest); ``sizes`` overrides the
    program count along an axis (packed heads)."""
    grid: dict[str, str] = {}
    if not batch:
        return grid
    if len(batch) == 1:
        body(f"idx_{batch[0].name} = pid_b")
        return {batch[0].name: f"idx_{batch[0].name}"}
    sizes = sizes or {}
    body("rest = pid_b")
    for i, ax in enumerate(reversed(batch)):
        n = sizes.get(ax.name, f"({size(ax)})")
        body(f"idx_{ax.name} = rest % {n}")
        if i < len(batch) - 1:
            body(f"rest = rest // {n}")
        grid[ax.name] = f"idx_{ax.name}"
    return grid


def bases(tensors: list[Buffer], grid: dict[str, str], body: Body, known: dict | None = None) -> dict[str, str]:
    """Base pointers with the grid axes' offsets folded in (64-bit, so large batches cannot overflow).

    ``known`` maps base expressions already emitted to their variables, so a tensor read twice with
    the same grid offsets gets one base (and one read twice with different ones, two).
    """
    known = {} if known is None else known
    out = {}
    for t in tensors:
        terms = [f"{grid[a.name]}.to(tl.int64) * {stride(t, a.name)}" for a in t.axes if a.name in grid]
        if not terms:
            out[t.name] = ptr(t)
            continue
        code = f"{ptr(t)} + " + " + ".join(terms)
        if code not in known:
            var = f"{t.name}_base" + ("" if not any(v.startswith(f"{t.name}_base") for v in known.values())
                                      else str(len(known)))
            body(f"{var} = {code}")
            known[code] = var
        out[t.name] = known[code]
    return out


def relabel(letters: list[str], node: Node, *tables: dict) -> list[dict]:
    """Key tile tables by ``node``'s own axis names: an einsum's letters may rename its operand's axes
    (``einsum("mk,nk->mn", x, x)`` reads x's axis m as n). Letters the operand lacks are dropped."""
    names = dict(zip(letters, (a.name for a in node.axes)))
    return [{names[k]: v for k, v in table.items() if k in names} for table in tables]


def store_tile(body: Body, node: Node, t: Buffer, val: str, tile: dict, grid: dict, known_bases: dict,
               root: Node, shape: tuple[str, str], mask: str) -> None:
    """Store one output tile of a GEMM or attention epilogue (the accumulator is ``root``'s value)."""
    obases = bases([t], grid, body, known_bases)
    terms = [f"{tile[a.name]} * {stride(t, a.name)}" for a in t.axes if a.name in tile]
    ptrs = f"{obases[t.name]} + " + (" + ".join(terms) if terms else "0")
    if len(terms) < 2:  # an output without a row or column axis: only the in-bounds row/column stores
        ptrs = f"tl.broadcast_to({ptrs}, ({shape[0]}, {shape[1]}))"
    if not node.axes or set(node.axis_names) != set(tile) | set(grid):
        val = f"tl.broadcast_to({val}, ({shape[0]}, {shape[1]}))"
    if node.dtype != t.dtype or node is root:
        val = f"{val}.to({t.dtype.triton})"
    body(f"tl.store({ptrs}, {val}, mask={mask})")


# ------------------------------------------------------------------------------------------ the printer


@dataclass
class Printer:
    """Prints IR nodes on a tile as Triton code. One per program: it collects the ``@triton.jit`` helpers the
    code calls and, in debug builds, the message of each bounds check; ``for_kernel`` gives a view that
    reads the values in memory when one kernel runs."""

    program: str
    debug: bool = False            # bounds-check every gather (load through index expressions) on the device
    helpers: set[str] = field(default_factory=set)
    debug_messages: list[str] = field(default_factory=list)  # error code k reports debug_messages[k - 1]
    memory: dict[Node, Buffer] = field(default_factory=dict)

    def for_kernel(self, memory: dict[Node, Buffer]) -> Printer:
        """This printer (sharing its helpers and messages) over the buffers in ``memory``."""
        return Printer(self.program, self.debug, self.helpers, self.debug_messages, memory)

    def expr(self, nodes: list[Node], ctx: Ctx, out: Body, known: dict[Node, str], prefix: str) -> dict[Node, str]:
        """Emit code computing ``nodes`` on a tile (their args first); ``known`` maps nodes to variables."""
        values = dict(known)

        def value(node: Node) -> str:
            if node in values:
                return values[node]
            # A tensor in memory (an input, or an intermediate an earlier kernel stored) is loaded,
            # not recomputed: its args are not needed, and their axes may not be on this tile.
            deps = () if node in self.memory else node.args[1:] if node.op == "load" else node.args
            for a in deps:
                value(a)
            if self.debug and node.op == "load" and node not in self.memory:
                self._bounds_check(node, ctx, values, out)
            code = self._node_code(node, ctx, values)
            if node.op in ("const", "symbol", "index") or (node.op == "input" and not node.axes):
                values[node] = code
            else:
                var = f"{prefix}{node.name}"
                out(f"{var} = {code}")
                values[node] = var
            return values[node]

        for node in nodes:
            value(node)
        return values

    def _node_code(self, node: Node, ctx: Ctx, values: dict[Node, str]) -> str:
        op = node.op
        if node in self.memory:
            return self.load(self.memory[node], [ctx.index(a.name) for a in node.axes], node.axes, ctx, direct=True)
        if op == "input":
            if node.axes:
                raise AssertionError(f"tensor input {node.name} has no argument")
            return f"scalar_{node.name}"
        if op == "const":
            return literal(node.attrs["value"], node.dtype)
        if op == "symbol":
            return f"({to_code(node.attrs['expr'])})"
        if op == "index":
            return ctx.index(node.attrs["axis"])
        if op == "load":
            src = self.memory.get(node.args[0])
            if src is None:
                raise LoweringError("loads read program inputs or stored intermediates", op="load", loc=node.loc)
            index = [values[a] for a in node.args[1:]]
            return self.load(src, index, node.axes, ctx, direct=False)
        args = [values[a] for a in node.args]
        if op in UNARY or op == "gelu":
            (a,) = args
            if node.dtype.is_float and node.args[0].dtype.is_int:
                a = f"{a}.to(tl.float32)"
            if op == "gelu":
                if node.attrs.get("approximate", "erf") == "tanh":
                    self.helpers.add("tanh")
                    return (f"(0.5 * {a} * (1.0 + _tanh(0.7978845608028654 * ({a} + 0.044715 * {a} * {a} * {a}))))")
                return f"(0.5 * {a} * (1.0 + tl.erf({a} * 0.7071067811865476)))"
            if op == "tanh":
                self.helpers.add("tanh")
            return UNARY[op].format(a)
        if op in BINARY:
            a, b = args
            if op == "div" and node.args[0].dtype.is_int and node.args[1].dtype.is_int:
                a = f"{a}.to(tl.float32)" if node.args[0].axes else f"({a} * 1.0)"
            if op in ("floordiv", "mod"):
                self.helpers.add(op)
            return BINARY[op].format(a, b)
        if op == "where":
            return f"tl.where({args[0]}, {args[1]}, {args[2]})"
        if op == "cast":
            return f"{args[0]}.to({node.dtype.triton})" if node.args[0].axes else \
                f"tl.full((), {args[0]}, {node.dtype.triton})"
        raise LoweringError(f"the Triton emitter has no rule for {op}", op=op, loc=node.loc)

    def _bounds_check(self, node: Node, ctx: Ctx, values: dict[Node, str], out: Body) -> None:
        """Debug builds: every index of a gather lies inside its axis, on every lane the tile keeps."""
        src = self.memory[node.args[0]]
        masks = " & ".join(ctx.mask[a.name] for a in node.axes if a.name in ctx.mask)
        for j, (ax, idx_node) in enumerate(zip(src.axes, node.args[1:])):
            idx = values[idx_node]
            where = f", line {node.loc.line}" if node.loc else ""
            text = node.loc.text.strip() if node.loc and node.loc.text else ""
            self.debug_messages.append(
                f"{self.program}{where}: a load of {src.name} reads index {j} outside axis {ax.name} "
                f"of size {ax.size}" + (f" ({text})" if text else ""))
            code = len(self.debug_messages)
            bad = f"((({idx}) < 0) | (({idx}) >= ({to_code(ax.size)})))" + (f" & {masks}" if masks else "")
            # Debug builds record the first bad index in a flag the launcher checks (works in the interpreter too).
            out(f"bad = {bad}")
            if any(a.name in ctx.tile for a in node.axes):  # a tile of indices: did any lane go out?
                out("bad = tl.max(tl.reshape(bad.to(tl.int32), (bad.numel,)), 0) > 0")
            out(f"tl.store(err_ptr, {code}, mask=bad)")

    def load(self, t: Buffer, index: list[str], axes, ctx: Ctx, direct: bool) -> str:
        """Load ``t`` at one index expression per axis; ``axes`` are the axes of the loaded value.

        A direct read (the tensor at the tile's own indices) starts from its base pointer, which already
        holds the grid axes' offsets; a gather (a load node) computes every axis' offset.
        """
        if direct:
            base = ctx.base[t.name]
            terms = [f"{idx} * {stride(t, ax.name)}" for ax, idx in zip(t.axes, index) if ax.name in ctx.tile]
        else:
            base = ptr(t)
            # Gathered indices (page ids, head maps) can address anywhere in a large cache: 64-bit offsets.
            terms = [f"({idx}).to(tl.int64) * {stride(t, ax.name)}" for ax, idx in zip(t.axes, index)]
        offset = " + ".join(terms) if terms else "0"
        masks = [ctx.mask[a.name] for a in axes if a.name in ctx.mask]
        mask = " & ".join(masks)
        load = f"tl.load({base} + {offset}" + (f", mask={mask}, other=0)" if mask else ")")
        return f"{load}.to(tl.float32)" if t.dtype.is_float and ctx.upcast else load
