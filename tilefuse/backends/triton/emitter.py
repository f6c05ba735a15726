"""Triton emitter: one readable, standalone ``.py`` per program.

The file holds the ``@triton.jit`` kernels, a launcher that takes torch tensors (checking shapes, dtypes
and devices with clear errors), a header naming the program, config, target and tilefuse version, and
``KERNELS``: the signature of each kernel, so it can be compiled offline with ``triton.compile``.
Only torch and triton are imported; tilefuse is not needed to run it.
"""

from __future__ import annotations

import json
import math
import os
import pprint
from dataclasses import dataclass, field

import sympy

from ...errors import LoweringError
from ...ir.analyzer import to_code
from ...ir.dims import Axis, dims_in
from ...ir.dtypes import DType
from ...ir.graph import Node
from ...ir.ops import parse_einsum
from ...ir.torch_ops import BINARY as TORCH_BINARY
from ...ir.torch_ops import UNARY as TORCH_UNARY
from ...schedule.pipeline import Lowered
from ...schedule.tiling import TiledKernel
from ...version import __version__

# ------------------------------------------------------------------------------------- op templates

_UNARY = {
    "neg": "-{0}", "abs": "tl.abs({0})", "exp": "tl.exp({0})", "exp2": "tl.exp2({0})", "log": "tl.log({0})",
    "sqrt": "tl.sqrt({0})", "rsqrt": "tl.rsqrt({0})", "erf": "tl.erf({0})", "sigmoid": "tl.sigmoid({0})",
    "relu": "tl.maximum({0}, 0)", "silu": "({0} * tl.sigmoid({0}))", "tanh": "_tanh({0})",
    "not": "({0} == 0)",
}
_BINARY = {
    "add": "({0} + {1})", "sub": "({0} - {1})", "mul": "({0} * {1})", "div": "({0} / {1})",
    "maximum": "tl.maximum({0}, {1})", "minimum": "tl.minimum({0}, {1})",
    "floordiv": "_floordiv({0}, {1})", "mod": "_mod({0}, {1})",
    "lt": "({0} < {1})", "le": "({0} <= {1})", "gt": "({0} > {1})", "ge": "({0} >= {1})",
    "eq": "({0} == {1})", "ne": "({0} != {1})", "and": "({0} & {1})", "or": "({0} | {1})",
}
_HELPERS = {
    "tanh": '''@triton.jit
def _tanh(x):
    # tanh(x) = 1 - 2 / (exp(2x) + 1): exact at both tails, and in every Triton version.
    return 1.0 - 2.0 / (tl.exp(2.0 * x) + 1.0)
''',
    "floordiv": '''@triton.jit
def _floordiv(a, b):
    # Python's floor division (Triton's // truncates toward zero).
    q = a // b
    return q - ((a % b != 0) & ((a < 0) != (b < 0))).to(q.dtype)
''',
    "mod": '''@triton.jit
def _mod(a, b):
    # Python's modulo: the sign follows the divisor.
    r = a % b
    return r + ((r != 0) & ((r < 0) != (b < 0))).to(r.dtype) * b
''',
}


def _literal(value, dtype: DType) -> str:
    if dtype == DType.bool:
        return "True" if value else "False"
    if dtype.is_int:
        return str(int(value))
    value = float(value)
    if math.isinf(value) or math.isnan(value):
        return f'float("{value}")'
    return repr(value)


# ------------------------------------------------------------------------------------ tensors and args


@dataclass
class TensorArg:
    """A tensor a kernel reads or writes: a program input, an intermediate, or an output."""

    name: str            # python identifier used in the file (x, w, out, t3)
    axes: tuple[Axis, ...]
    dtype: DType

    @property
    def ptr(self) -> str:
        return f"{self.name}_ptr"

    def stride(self, axis: str) -> str:
        return f"stride_{self.name}_{axis}"

    def strides(self) -> list[str]:
        return [self.stride(a.name) for a in self.axes]


@dataclass
class _Ctx:
    """How a tile's axes map to index code: tile axes are broadcast vectors, grid axes scalars."""

    tile: dict[str, str]           # tile axis -> its index vector, shaped to broadcast (offs_m[:, None])
    grid: dict[str, str]           # grid axis -> its scalar index (idx_b)
    mask: dict[str, str]           # tile axis -> its in-bounds mask (axes that wrap have none)
    base: dict[str, str]           # tensor name -> base pointer holding its grid-axis offsets
    upcast: bool = True            # load floats as fp32 (math) or keep their dtype (dot operands)

    def index(self, axis: str) -> str:
        return self.tile[axis] if axis in self.tile else self.grid[axis]


class _Body:
    """Lines of a kernel body with indentation."""

    def __init__(self, indent: int = 1):
        self.lines: list[str] = []
        self.indent = indent

    def __call__(self, line: str = ""):
        self.lines.append(("    " * self.indent + line) if line else "")

    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class _KernelPlan:
    name: str
    params: list[tuple[str, str]]          # (name, offline signature type)
    constexprs: dict[str, int]
    body: str
    num_warps: int
    num_stages: int
    # constexprs the launcher computes from the shapes (code), e.g. the padded head dim; ``constexprs``
    # holds a representative value of each for offline compiles
    launch_constexprs: dict[str, str] = field(default_factory=dict)
    role: str = "main"                     # "blocks": the block-table prologue of an attention kernel


# The block table of a table-mode attention kernel: per query block, counts and key-block indices.
_TABLES = ("part_cnt", "part_idx", "full_cnt", "full_idx")


def _table_axes(ta) -> list[Axis]:
    """The batch axes an attention kernel's block table varies over (those its mask reads), in grid order: the
    prologue's grid, the table row of the attention kernel and the launcher's table size all follow them."""
    return [a for a in ta.batch_axes if a.name in ta.skipping.table_axes]


@dataclass
class _Emitter:
    lowered: Lowered
    tensors: dict[Node, TensorArg] = field(default_factory=dict)
    helpers: set[str] = field(default_factory=set)
    operand_tensors: set[str] = field(default_factory=set)   # tensors streamed through the K loop
    debug: bool = False            # bounds-check every gather (load through index expressions) on the device
    debug_messages: list[str] = field(default_factory=list)  # error code k reports debug_messages[k - 1]
    descriptors: dict[str, list[str]] = field(default_factory=dict)  # TMA operand -> its block shape
    # block-sparse input -> (BLOCK_K, BLOCK_N, stored as [n, k], dtype): the launcher takes it packed
    sparse: dict[str, tuple] = field(default_factory=dict)

    # ----------------------------------------------------------------------------- expressions
    def expr(self, nodes: list[Node], ctx: _Ctx, out: _Body, known: dict[Node, str], prefix: str) -> dict[Node, str]:
        """Emit code computing ``nodes`` on a tile (their args first); ``known`` maps nodes to variables."""
        values = dict(known)

        def value(node: Node) -> str:
            if node in values:
                return values[node]
            # A tensor in memory (an input, or an intermediate an earlier kernel stored) is loaded,
            # not recomputed: its args are not needed, and their axes may not be on this tile.
            deps = () if node in self.tensors else node.args[1:] if node.op == "load" else node.args
            for a in deps:
                value(a)
            if self.debug and node.op == "load" and node not in self.tensors:
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

    def _node_code(self, node: Node, ctx: _Ctx, values: dict[Node, str]) -> str:
        op = node.op
        if node in self.tensors:
            return self._load_tensor(self.tensors[node], [ctx.index(a.name) for a in node.axes], node.axes, ctx,
                                     direct=True)
        if op == "input":
            if node.axes:
                raise AssertionError(f"tensor input {node.name} has no argument")
            return f"scalar_{node.name}"
        if op == "const":
            return _literal(node.attrs["value"], node.dtype)
        if op == "symbol":
            return f"({to_code(node.attrs['expr'])})"
        if op == "index":
            return ctx.index(node.attrs["axis"])
        if op == "load":
            src = self.tensors.get(node.args[0])
            if src is None:
                raise LoweringError("loads read program inputs or stored intermediates", op="load", loc=node.loc)
            index = [values[a] for a in node.args[1:]]
            return self._load_tensor(src, index, node.axes, ctx, direct=False)
        args = [values[a] for a in node.args]
        if op in _UNARY or op == "gelu":
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
            return _UNARY[op].format(a)
        if op in _BINARY:
            a, b = args
            if op == "div" and node.args[0].dtype.is_int and node.args[1].dtype.is_int:
                a = f"{a}.to(tl.float32)" if node.args[0].axes else f"({a} * 1.0)"
            if op in ("floordiv", "mod"):
                self.helpers.add(op)
            return _BINARY[op].format(a, b)
        if op == "where":
            return f"tl.where({args[0]}, {args[1]}, {args[2]})"
        if op == "cast":
            return f"{args[0]}.to({node.dtype.triton})" if node.args[0].axes else \
                f"tl.full((), {args[0]}, {node.dtype.triton})"
        raise LoweringError(f"the Triton emitter has no rule for {op}", op=op, loc=node.loc)

    def _bounds_check(self, node: Node, ctx: _Ctx, values: dict[Node, str], out: _Body) -> None:
        """Debug builds: every index of a gather lies inside its axis, on every lane the tile keeps."""
        src = self.tensors[node.args[0]]
        masks = " & ".join(ctx.mask[a.name] for a in node.axes if a.name in ctx.mask)
        for j, (ax, idx_node) in enumerate(zip(src.axes, node.args[1:])):
            idx = values[idx_node]
            where = f", line {node.loc.line}" if node.loc else ""
            text = node.loc.text.strip() if node.loc and node.loc.text else ""
            self.debug_messages.append(
                f"{self.lowered.graph.name}{where}: a load of {src.name} reads index {j} outside axis {ax.name} "
                f"of size {ax.size}" + (f" ({text})" if text else ""))
            code = len(self.debug_messages)
            bad = f"((({idx}) < 0) | (({idx}) >= ({to_code(ax.size)})))" + (f" & {masks}" if masks else "")
            # Debug builds record the first bad index in a flag the launcher checks (works in the interpreter too).
            out(f"bad = {bad}")
            if any(a.name in ctx.tile for a in node.axes):  # a tile of indices: did any lane go out?
                out("bad = tl.max(tl.reshape(bad.to(tl.int32), (bad.numel,)), 0) > 0")
            out(f"tl.store(err_ptr, {code}, mask=bad)")

    def _load_tensor(self, t: TensorArg, index: list[str], axes, ctx: _Ctx, direct: bool) -> str:
        """Load ``t`` at one index expression per axis; ``axes`` are the axes of the loaded value.

        A direct read (the tensor at the tile's own indices) starts from its base pointer, which already
        holds the grid axes' offsets; a gather (a load node) computes every axis' offset.
        """
        if direct:
            base = ctx.base[t.name]
            terms = [f"{idx} * {t.stride(ax.name)}" for ax, idx in zip(t.axes, index) if ax.name in ctx.tile]
        else:
            base = t.ptr
            # Gathered indices (page ids, head maps) can address anywhere in a large cache: 64-bit offsets.
            terms = [f"({idx}).to(tl.int64) * {t.stride(ax.name)}" for ax, idx in zip(t.axes, index)]
        offset = " + ".join(terms) if terms else "0"
        masks = [ctx.mask[a.name] for a in axes if a.name in ctx.mask]
        mask = " & ".join(masks)
        load = f"tl.load({base} + {offset}" + (f", mask={mask}, other=0)" if mask else ")")
        return f"{load}.to(tl.float32)" if t.dtype.is_float and ctx.upcast else load


def _type_str(node: Node) -> str:
    return f"{node.dtype}[{', '.join(str(a.size) for a in node.axes)}]"


def _size(axis: Axis | None) -> str:
    return "1" if axis is None else to_code(axis.size)


def _batch_decompose(batch: list[Axis], body: _Body) -> dict[str, str]:
    """Split ``pid_b`` into one index per batch axis (the last axis varies fastest)."""
    grid: dict[str, str] = {}
    if not batch:
        return grid
    if len(batch) == 1:
        body(f"idx_{batch[0].name} = pid_b")
        return {batch[0].name: f"idx_{batch[0].name}"}
    body("rest = pid_b")
    for i, ax in enumerate(reversed(batch)):
        body(f"idx_{ax.name} = rest % ({_size(ax)})")
        if i < len(batch) - 1:
            body(f"rest = rest // ({_size(ax)})")
        grid[ax.name] = f"idx_{ax.name}"
    return grid


def _bases(tensors: list[TensorArg], grid: dict[str, str], body: _Body, known: dict | None = None) -> dict[str, str]:
    """Base pointers with the grid axes' offsets folded in (64-bit, so large batches cannot overflow).

    ``known`` maps base expressions already emitted to their variables, so a tensor read twice with
    the same grid offsets gets one base (and one read twice with different ones, two).
    """
    known = {} if known is None else known
    bases = {}
    for t in tensors:
        terms = [f"{grid[a.name]}.to(tl.int64) * {t.stride(a.name)}" for a in t.axes if a.name in grid]
        if not terms:
            bases[t.name] = t.ptr
            continue
        code = f"{t.ptr} + " + " + ".join(terms)
        if code not in known:
            var = f"{t.name}_base" + ("" if not any(v.startswith(f"{t.name}_base") for v in known.values())
                                      else str(len(known)))
            body(f"{var} = {code}")
            known[code] = var
        bases[t.name] = known[code]
    return bases


def _relabel(letters: list[str], node: Node, *tables: dict) -> list[dict]:
    """Key tile tables by ``node``'s own axis names: an einsum's letters may rename its operand's axes
    (``einsum("mk,nk->mn", x, x)`` reads x's axis m as n). Letters the operand lacks are dropped."""
    names = dict(zip(letters, (a.name for a in node.axes)))
    return [{names[k]: v for k, v in table.items() if k in names} for table in tables]


class GemmEmitter(_Emitter):
    """Emits the kernels of one ``TiledKernel`` (a GEMM with prologue and epilogue)."""

    def tensors_read(self, nodes: list[Node], stop: Node | None = None) -> list[TensorArg]:
        """Tensors a list of tile nodes reads directly or through loads (not past ``stop``), in order."""
        seen: dict[str, TensorArg] = {}
        stack = list(nodes)
        visited = {stop}
        while stack:
            n = stack.pop()
            if n in visited:
                continue
            visited.add(n)
            if n in self.tensors:
                seen[self.tensors[n].name] = self.tensors[n]
                continue
            stack.extend(n.args)
        return self.in_order(seen.values())

    def in_order(self, tensors) -> list[TensorArg]:
        """Tensors in program order: inputs first, then intermediates as kernels produce them."""
        rank = {t.name: i for i, t in enumerate(self.tensors.values())}
        return sorted({t.name: t for t in tensors}.values(), key=lambda t: rank[t.name])

    def emit(self, tk: TiledKernel, outputs: dict[Node, TensorArg], dims: list[str],
             scalars: list[str]) -> list[_KernelPlan]:
        c = tk.config
        group = tk.group
        root = group.root
        op_a, op_b = group.operands[tk.a], group.operands[1 - tk.a]
        m_size, n_size, k_size = _size(tk.m_axis), _size(tk.n_axis), to_code(tk.k_axis.size)
        m_name = tk.m_axis.name if tk.m_axis else None
        n_name = tk.n_axis.name if tk.n_axis else None
        k_name = tk.k_axis.name
        split = c.SPLIT_K > 1
        dot_dtype = group.dot_dtype()
        acc_dtype = root.dtype

        body = _Body()
        body("pid = tl.program_id(0)")
        if tk.batch_axes:
            body("pid_b = tl.program_id(1)")
        if split:
            body("pid_k = tl.program_id(2)")
        body(f"num_pid_m = tl.cdiv({m_size}, BLOCK_M)")
        body(f"num_pid_n = tl.cdiv({n_size}, BLOCK_N)")
        body("# GROUP_M rasterization: consecutive programs share B tiles and walk down M in groups.")
        body("num_pid_in_group = GROUP_M * num_pid_n")
        body("first_pid_m = (pid // num_pid_in_group) * GROUP_M")
        body("group_size_m = min(num_pid_m - first_pid_m, GROUP_M)")
        body("pid_m = first_pid_m + (pid % num_pid_in_group) % group_size_m")
        body("pid_n = (pid % num_pid_in_group) // group_size_m")
        grid = _batch_decompose(tk.batch_axes, body)

        operand_nodes = [op_a.nodes or [op_a.node], op_b.nodes or [op_b.node]]
        tma = [self._tma_operand(tk, which, operand) for which, operand in enumerate((op_a, op_b))]
        sparse = self.tensors[op_b.node] if tk.sparse else None
        if sparse is not None:
            operand_nodes[1] = []   # read from the packed blocks, not through pointers into a dense tensor
            self.sparse[sparse.name] = (c.BLOCK_K, c.BLOCK_N, sparse.axes[0].name != tk.k_axis.name, sparse.dtype)
        read_main = self.tensors_read([n for nodes, t in zip(operand_nodes, tma) if t is None for n in nodes])
        self.operand_tensors |= {t.name for t in read_main} | {t[0].name for t in tma if t}
        letters, _ = parse_einsum(root.attrs["spec"], 2)
        letters = [letters[tk.a], letters[1 - tk.a]]
        known_bases: dict[str, str] = {}
        operand_bases = []
        for which, (operand, nodes) in enumerate(zip((op_a, op_b), operand_nodes)):
            (own_grid,) = _relabel(letters[which], operand.node, grid)
            reads = self.tensors_read(nodes) if tma[which] is None else []
            operand_bases.append(_bases(reads, own_grid, body, known_bases))
        if tma[0] is None or tma[1] is None:
            body("# Rows and columns past the edge wrap around: their loads stay in bounds and are never stored.")
        if tma[0] is None:
            body(f"offs_am = (pid_m * BLOCK_M + tl.arange(0, BLOCK_M)) % {m_size}")
        if tma[1] is None and sparse is None:
            body(f"offs_bn = (pid_n * BLOCK_N + tl.arange(0, BLOCK_N)) % {n_size}")
        body(f"acc = tl.zeros((BLOCK_M, BLOCK_N), dtype={acc_dtype.triton})")
        if sparse is not None:
            w = sparse.name
            body(f"# Block-sparse {w}: only the stored BLOCK_K x BLOCK_N blocks of this N tile are read (pack_{w}).")
            body(f"blk_lo = tl.load({w}_cols_ptr + pid_n)")
            body(f"blk_hi = tl.load({w}_cols_ptr + pid_n + 1)")
            body("offs_blk = tl.arange(0, BLOCK_K)[:, None] * BLOCK_N + tl.arange(0, BLOCK_N)[None, :]")
            body(f"blk_ptrs = {w}_vals_ptr + blk_lo.to(tl.int64) * (BLOCK_K * BLOCK_N) + offs_blk  # 64-bit offsets")
            body("for blk in range(blk_lo, blk_hi):")
        elif split:
            body(f"k_tiles = tl.cdiv({k_size}, BLOCK_K)")
            body("k_per_split = tl.cdiv(k_tiles, SPLIT_K)")
            body("for kt in range(pid_k * k_per_split, tl.minimum((pid_k + 1) * k_per_split, k_tiles)):")
        else:
            body(f"for kt in range(0, tl.cdiv({k_size}, BLOCK_K)):")
        loop = _Body(2)
        if sparse is not None:
            loop(f"kt = tl.load({sparse.name}_rows_ptr + blk)")
        if tma[0] is None or tma[1] is None:
            loop("offs_k = kt * BLOCK_K + tl.arange(0, BLOCK_K)")
            loop(f"mask_k = offs_k < {k_size}")
        tiles = []
        for which, (operand, nodes) in enumerate(zip((op_a, op_b), operand_nodes)):
            var = "a" if which == 0 else "b"
            if tma[which] is not None:
                # The tensor-memory accelerator copies the tile and zero-fills what lies past the edges.
                t, offsets, transpose = tma[which]
                code = f"{t.name}_desc.load([{', '.join(offsets)}])" + (".T" if transpose else "")
                loop(f"{var} = {code}" + (f".to({dot_dtype.triton})" if t.dtype != dot_dtype else ""))
                tiles.append(var)
                continue
            if which == 1 and sparse is not None:  # packed blocks are contiguous and zero-padded at the edges
                loop("b = tl.load(blk_ptrs)" + (f".to({dot_dtype.triton})" if sparse.dtype != dot_dtype else ""))
                loop("blk_ptrs += BLOCK_K * BLOCK_N")
                tiles.append("b")
                continue
            tile = {k_name: "offs_k[None, :]" if which == 0 else "offs_k[:, None]"}
            own = m_name if which == 0 else n_name
            if own:
                tile[own] = "offs_am[:, None]" if which == 0 else "offs_bn[None, :]"
            mask = {k_name: "mask_k[None, :]" if which == 0 else "mask_k[:, None]"}
            prologue = bool(operand.nodes) and not (len(operand.nodes) == 1 and operand.nodes[0] in self.tensors)
            tile, own_grid, mask = _relabel(letters[which], operand.node, tile, grid, mask)
            ctx = _Ctx(tile, own_grid, mask, operand_bases[which], upcast=prologue)
            values = self.expr(nodes, ctx, loop, {}, prefix=f"{var}_")
            code = values[operand.node]
            # A tile must be [BLOCK_M, BLOCK_K] and B [BLOCK_K, BLOCK_N] even if an axis is missing.
            shape = ("BLOCK_M", "BLOCK_K") if which == 0 else ("BLOCK_K", "BLOCK_N")
            if not own:
                code = f"tl.broadcast_to({code}, ({shape[0]}, {shape[1]}))"
            if prologue:
                # Masked-off K columns must contribute zero whatever the prologue computes.
                k_mask = "mask_k[None, :]" if which == 0 else "mask_k[:, None]"
                code = f"tl.where({k_mask}, {code}, 0.0).to({dot_dtype.triton})"
            elif operand.node.dtype != dot_dtype:
                code = f"{code}.to({dot_dtype.triton})"
            last = f"{code} = "
            if loop.lines and loop.lines[-1].strip().startswith(last) and code == values[operand.node]:
                # The tile is the value just loaded: name it a/b directly instead of copying it.
                loop.lines[-1] = loop.lines[-1].replace(last, f"{var} = ", 1)
            else:
                loop(f"{var} = {code}")
            tiles.append(var)
        body.lines += loop.lines
        prec = ', input_precision="tf32"' if dot_dtype == DType.fp32 else ""
        body(f"    acc = tl.dot({tiles[0]}, {tiles[1]}, acc{prec})")

        plans = []
        epi_axes = {"m": m_name, "n": n_name}
        main_params: list[tuple[str, str]] = []
        if not split:
            read_epi = self._epilogue(body, tk, outputs, grid, known_bases, epi_axes, "acc")
            main_params = self._params(self.in_order(read_main + read_epi), [outputs[o] for o in group.outputs],
                                       dims, scalars, workspace=False, descriptors=[t for t in tma if t])
        else:
            self._tile_offsets(body, m_size, n_size)
            atomic = c.SPLIT_K_MODE == "atomic"
            # reduce: each slice writes its own partial; atomic: every slice adds into one fp32 buffer.
            body("ws_ptrs = ws_ptr + " + ("" if atomic else "pid_k.to(tl.int64) * stride_ws_split + ")
                 + ("pid_b.to(tl.int64) * stride_ws_batch + " if tk.batch_axes else "")
                 + f"offs_m[:, None] * ({n_size}) + offs_n[None, :]")
            if atomic:
                body("tl.atomic_add(ws_ptrs, acc, mask=mask_m[:, None] & mask_n[None, :])")
            else:
                body("tl.store(ws_ptrs, acc, mask=mask_m[:, None] & mask_n[None, :])")
            main_params = self._params(read_main, [], dims, scalars, workspace=True,
                                       descriptors=[t for t in tma if t])
        if sparse is not None:
            main_params += [(f"{sparse.name}_vals_ptr", f"*{sparse.dtype.triton_sig}"),
                            (f"{sparse.name}_cols_ptr", "*i32"), (f"{sparse.name}_rows_ptr", "*i32")]
        constexprs = {"BLOCK_M": c.BLOCK_M, "BLOCK_N": c.BLOCK_N, "BLOCK_K": c.BLOCK_K, "GROUP_M": c.GROUP_M}
        if split:
            constexprs["SPLIT_K"] = c.SPLIT_K
        plans.append(_KernelPlan(tk.name, main_params, constexprs, body.text(), c.num_warps, c.num_stages))

        if split:
            epi = _Body()
            epi("pid = tl.program_id(0)")
            if tk.batch_axes:
                epi("pid_b = tl.program_id(1)")
            epi(f"num_pid_n = tl.cdiv({n_size}, BLOCK_N)")
            epi("pid_m = pid // num_pid_n")
            epi("pid_n = pid % num_pid_n")
            egrid = _batch_decompose(tk.batch_axes, epi)
            self._tile_offsets(epi, m_size, n_size)
            epi("ws_ptrs = ws_ptr + " + ("pid_b.to(tl.int64) * stride_ws_batch + " if tk.batch_axes else "")
                + f"offs_m[:, None] * ({n_size}) + offs_n[None, :]")
            epi(f"acc = tl.zeros((BLOCK_M, BLOCK_N), dtype={acc_dtype.triton})")
            epi("for part in range(NUM_PARTIALS):")
            epi("    acc += tl.load(ws_ptrs + part * stride_ws_split, mask=mask_m[:, None] & mask_n[None, :], other=0)")
            epi_read = self.tensors_read(group.epilogue, stop=group.root)
            self._epilogue(epi, tk, outputs, egrid, {}, epi_axes, "acc", offsets_done=True)
            params = self._params(epi_read, [outputs[o] for o in group.outputs], dims, scalars, workspace=True)
            partials = c.SPLIT_K if c.SPLIT_K_MODE == "reduce" else 1
            plans.append(_KernelPlan(f"{tk.name}_epilogue", params,
                                     {"BLOCK_M": c.BLOCK_M, "BLOCK_N": c.BLOCK_N, "NUM_PARTIALS": partials},
                                     epi.text(), 4, 1))
        return plans

    def emit_attention(self, ta, outputs: dict[Node, TensorArg], dims: list[str],
                       scalars: list[str]) -> list[_KernelPlan]:
        """One flash-style kernel: q tile resident, keys streamed in BLOCK_N steps, online softmax.

        Scores live only in registers. exp2 replaces exp (log2 e is folded into the scores once); a row
        whose every score is -inf keeps l = 0 and stores zeros, as the reference's softmax does.
        """
        c = ta.config
        group = ta.group
        q_op, k_op, v_op = group.operands
        qk, pv = group.qk, group.root
        m, n, d, dv = group.m_axis, group.n_axis, group.d_axis, group.dv_axis
        sizes = {m: _size(ta.m_axis), n: _size(ta.n_axis), d: _size(ta.d_axis), dv: _size(ta.dv_axis)}
        dot_dtype = group.dot_dtype()
        qk_letters, _ = parse_einsum(qk.attrs["spec"], 2)
        q_i = 0 if qk.args[0] is q_op.node else 1
        pv_letters, _ = parse_einsum(pv.attrs["spec"], 2)
        v_i = 0 if pv.args[0] is v_op.node else 1
        letters = [qk_letters[q_i], qk_letters[1 - q_i], pv_letters[v_i]]

        body = _Body()
        grid = self._attention_rows(ta, body, sizes)
        body("offs_d = tl.arange(0, BLOCK_D)")
        body(f"mask_d = offs_d < {sizes[d]}")
        known_bases: dict[str, str] = {}
        tables = [  # per operand: tile index code, masks (keyed by einsum letters)
            ({m: "offs_m[:, None]", d: "offs_d[None, :]"}, {m: "mask_m[:, None]", d: "mask_d[None, :]"}),
            ({n: "offs_n[None, :]", d: "offs_d[:, None]"}, {n: "mask_n[None, :]", d: "mask_d[:, None]"}),
            ({n: "offs_n[:, None]", dv: "offs_dv[None, :]"}, {n: "mask_n[:, None]", dv: "mask_dv[None, :]"}),
        ]
        ctxs, reads = [], []
        for which, operand in enumerate(group.operands):
            nodes = operand.nodes or [operand.node]
            tile, own_grid, mask = _relabel(letters[which], operand.node, tables[which][0], grid, tables[which][1])
            read = self.tensors_read(nodes)
            reads += read
            prologue = bool(operand.nodes)
            ctxs.append(_Ctx(tile, own_grid, mask, _bases(read, own_grid, body, known_bases), upcast=prologue))
        self.operand_tensors |= {t.name for t in reads}

        def operand_tile(which: int, loop: _Body, var: str) -> str:
            operand = group.operands[which]
            values = self.expr(operand.nodes or [operand.node], ctxs[which], loop, {}, prefix=f"{var}_")
            code = values[operand.node]
            if operand.nodes or operand.node.dtype != dot_dtype:
                code = f"{code}.to({dot_dtype.triton})"
            loop(f"{var} = {code}")
            return var

        body("# The query tile is loaded once and stays on chip for every key block.")
        operand_tile(0, body, "q")
        body('m_i = tl.full((BLOCK_M,), float("-inf"), tl.float32)  # running row max (log2 units)')
        body("l_i = tl.zeros((BLOCK_M,), tl.float32)  # running row sum of exp2(s - m_i)")
        body("acc = tl.zeros((BLOCK_M, BLOCK_DV), tl.float32)")
        score_reads = self.tensors_read(group.score_mods, stop=qk)
        score_bases = _bases(score_reads, grid, body, known_bases)
        skip = ta.skipping
        table = skip.mode == "table"
        lo, hi, full = "0", sizes[n], None
        if skip.mode == "bounds":
            lo, hi, full = self._key_bounds(skip, group, body, sizes)
        elif table:
            body(f"# The block table ({ta.name}_blocks) lists this query block's partial and full key blocks.")
            flat = "0"
            for a in _table_axes(ta):
                flat = grid[a.name] if flat == "0" else f"({flat} * ({_size(a)}) + {grid[a.name]})"
            body(f"trow = {flat} * tl.cdiv({sizes[m]}, BLOCK_M) + pid_m")
            body("n_part = tl.load(part_cnt_ptr + trow)")
            body("n_full = tl.load(full_cnt_ptr + trow)")
            body("part_row = part_idx_ptr + trow.to(tl.int64) * NUM_KB")
            body("full_row = full_idx_ptr + trow.to(tl.int64) * NUM_KB")
            lo, hi, full = "0", "n_part", ("n_part", "n_part + n_full")
        if c.SPLIT_KV > 1:
            body("# Split-KV: this program takes one contiguous share of the key blocks.")
            body("pid_s = tl.program_id(2)")
            if table:
                body("per_split = tl.cdiv(n_part + n_full, NUM_SPLITS)")
                body("split_lo = pid_s * per_split")
                body("split_hi = tl.minimum(split_lo + per_split, n_part + n_full)")
                full = ("tl.minimum(tl.maximum(split_lo, n_part), split_hi)", "split_hi")
                lo, hi = "split_lo", "tl.minimum(split_hi, n_part)"
            else:
                body(f"per_split = tl.cdiv(tl.cdiv({hi} - {lo}, BLOCK_N), NUM_SPLITS) * BLOCK_N")
                body(f"split_lo = {lo} + pid_s * per_split")
                body(f"split_hi = tl.minimum(split_lo + per_split, {hi})")
                lo, hi, full = "split_lo", "split_hi", None
        prec = ', input_precision="tf32"' if dot_dtype == DType.fp32 else ""
        score_tile = {m: "offs_m[:, None]", n: "offs_n[None, :]"}
        score_mask = {m: "mask_m[:, None]", n: "mask_n[None, :]"}
        score_node = group.softmax.args[0]

        def key_loop(start: str, stop: str, masked: bool):
            if table:  # walk table entries: partial ones masked, full ones not
                body(f"for i in range({start}, {stop}):")
                loop = _Body(2)
                row, first = ("part_row", "i") if masked else ("full_row", "i - n_part")
                loop(f"start_n = tl.load({row} + {first}) * BLOCK_N")
            else:
                body(f"for start_n in range({start}, {stop}, BLOCK_N):")
                loop = _Body(2)
            loop("offs_n = start_n + tl.arange(0, BLOCK_N)")
            loop(f"mask_n = offs_n < {sizes[n]}")  # K/V tile loads stay masked (cheap); scores only if masked
            operand_tile(1, loop, "k")
            loop(f"qk = tl.dot(q, k{prec})")
            ctx = _Ctx(score_tile, grid, score_mask if masked else {}, score_bases)
            if masked:
                values = self.expr(group.score_mods, ctx, loop, {qk: "qk"}, prefix="s_")
                scores = values[score_node] if group.score_mods else "qk"
                loop("# Keys past the end never count; log2(e) turns exp into exp2.")
                loop(f'scores = tl.where(mask_n[None, :], {scores}, float("-inf")) * 1.4426950408889634')
            else:  # every key of the block is in range and kept by the mask: compute what the mask keeps
                kept = score_node.args[1]
                values = self.expr([kept], ctx, loop, {qk: "qk"}, prefix="s_") if kept is not qk else {qk: "qk"}
                loop(f"scores = {values[kept]} * 1.4426950408889634")
            loop("m_new = tl.maximum(m_i, tl.max(scores, 1))")
            loop("# A row with no visible key yet keeps m = -inf; shift by 0 there so exp2 gives 0, not NaN.")
            loop('m_shift = tl.where(m_new == float("-inf"), 0.0, m_new)')
            loop("p = tl.exp2(scores - m_shift[:, None])")
            loop("alpha = tl.exp2(m_i - m_shift)")
            loop("l_i = l_i * alpha + tl.sum(p, 1)")
            operand_tile(2, loop, "v")
            loop(f"acc = acc * alpha[:, None] + tl.dot(p.to({dot_dtype.triton}), v{prec})")
            loop("m_i = m_new")
            body.lines += loop.lines

        if table:
            key_loop(lo, hi, masked=True)
            key_loop(full[0], full[1], masked=False)
        elif full is None:
            key_loop(lo, hi, masked=True)
        else:
            key_loop(lo, full[0], masked=True)
            key_loop(full[0], full[1], masked=False)
            key_loop(full[1], hi, masked=True)
        split = c.SPLIT_KV > 1
        batch_code = " * ".join(f"({_size(a)})" for a in ta.batch_axes) or "1"
        constexprs = {"BLOCK_M": c.BLOCK_M, "BLOCK_N": c.BLOCK_N, "BLOCK_D": 128, "BLOCK_DV": 128}
        launch = {"BLOCK_D": f"triton.next_power_of_2({sizes[d]})", "BLOCK_DV": f"triton.next_power_of_2({sizes[dv]})"}
        read_ops = self.in_order(reads + score_reads)
        table_params = [(f"{t}_ptr", "*i32") for t in _TABLES] + [("NUM_KB", "i32")] if table else []
        prologue = [self._block_table_kernel(ta, skip, dims, scalars, sizes)] if table else []
        if not split:
            read_epi = self._attention_finish(body, ta, outputs, grid, known_bases, sizes)
            params = self._params(self.in_order(read_ops + read_epi), [outputs[o] for o in group.outputs], dims,
                                  scalars, workspace=False)
            return prologue + [_KernelPlan(ta.name, params + table_params, constexprs, body.text(), c.num_warps,
                                           c.num_stages, launch)]
        # Split-KV: each split writes its unnormalized accumulator, running max and sum; a combine kernel
        # rescales the splits to a common max, adds them, and runs the epilogue.
        body("# This split's partial state goes to the workspace; the combine kernel merges the splits.")
        pid_b = "pid_b" if ta.batch_axes else "0"
        body(f"row = (pid_s.to(tl.int64) * ({batch_code}) + {pid_b}) * ({sizes[m]}) + offs_m")
        body("tl.store(ws_m_ptr + row, m_i, mask=mask_m)")
        body("tl.store(ws_l_ptr + row, l_i, mask=mask_m)")
        body(f"tl.store(ws_o_ptr + row[:, None] * ({sizes[dv]}) + offs_dv[None, :], acc, "
             "mask=mask_m[:, None] & mask_dv[None, :])")
        params = self._params(read_ops, [], dims, scalars, workspace=False) + table_params
        params += [("ws_m_ptr", "*fp32"), ("ws_l_ptr", "*fp32"), ("ws_o_ptr", "*fp32"), ("NUM_SPLITS", "i32")]
        plans = prologue + [_KernelPlan(ta.name, params, constexprs, body.text(), c.num_warps, c.num_stages, launch)]

        comb = _Body()
        cgrid = self._attention_rows(ta, comb, sizes)
        comb(f"rows = {'pid_b' if ta.batch_axes else '0'}.to(tl.int64) * ({sizes[m]}) + offs_m")
        comb(f"split_rows = ({batch_code}) * ({sizes[m]})")
        comb('m_i = tl.full((BLOCK_M,), float("-inf"), tl.float32)')
        comb("for s in range(NUM_SPLITS):")
        comb('    m_i = tl.maximum(m_i, tl.load(ws_m_ptr + s * split_rows + rows, mask=mask_m, other=float("-inf")))')
        comb('m_shift = tl.where(m_i == float("-inf"), 0.0, m_i)')
        comb("l_i = tl.zeros((BLOCK_M,), tl.float32)")
        comb("acc = tl.zeros((BLOCK_M, BLOCK_DV), tl.float32)")
        comb("for s in range(NUM_SPLITS):")
        comb('    m_s = tl.load(ws_m_ptr + s * split_rows + rows, mask=mask_m, other=float("-inf"))')
        comb("    scale = tl.exp2(m_s - m_shift)")
        comb("    l_i += tl.load(ws_l_ptr + s * split_rows + rows, mask=mask_m, other=0.0) * scale")
        comb(f"    part = tl.load(ws_o_ptr + (s * split_rows + rows)[:, None] * ({sizes[dv]}) + offs_dv[None, :], "
             "mask=mask_m[:, None] & mask_dv[None, :], other=0.0)")
        comb("    acc += part * scale[:, None]")
        read_epi = self._attention_finish(comb, ta, outputs, cgrid, {}, sizes)
        cparams = self._params(read_epi, [outputs[o] for o in group.outputs], dims, scalars, workspace=False)
        cparams += [("ws_m_ptr", "*fp32"), ("ws_l_ptr", "*fp32"), ("ws_o_ptr", "*fp32"), ("NUM_SPLITS", "i32")]
        plans.append(_KernelPlan(f"{ta.name}_combine", cparams, {"BLOCK_M": c.BLOCK_M, "BLOCK_DV": 128}, comb.text(),
                                 4, 1, {"BLOCK_DV": launch["BLOCK_DV"]}))
        return plans

    def _attention_rows(self, ta, body: _Body, sizes: dict) -> dict[str, str]:
        """Program ids, batch indices, and the query rows and value columns this program owns."""
        body("pid_m = tl.program_id(0)")
        if ta.batch_axes:
            body("pid_b = tl.program_id(1)")
        grid = _batch_decompose(ta.batch_axes, body)
        body("offs_m = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)")
        body(f"mask_m = offs_m < {sizes[ta.group.m_axis]}")
        body("offs_dv = tl.arange(0, BLOCK_DV)")
        body(f"mask_dv = offs_dv < {sizes[ta.group.dv_axis]}")
        return grid

    def _attention_finish(self, body: _Body, ta, outputs, grid, known_bases, sizes) -> list[TensorArg]:
        """Normalize by the row sum, then log-sum-exp, epilogue and stores (m_i, l_i and acc are live)."""
        group, pv = ta.group, ta.group.root
        m, dv = group.m_axis, group.dv_axis
        body("# Fully masked rows have l = 0 and acc = 0: they store zeros.")
        body("acc = acc / tl.where(l_i == 0.0, 1.0, l_i)[:, None]")
        epi_tile = {m: "offs_m[:, None]", dv: "offs_dv[None, :]"}
        epi_mask = {m: "mask_m[:, None]", dv: "mask_dv[None, :]"}
        read_epi = self.tensors_read(group.epilogue, stop=pv)
        epi_bases = _bases(read_epi, grid, body, known_bases)
        ctx = _Ctx(epi_tile, grid, epi_mask, epi_bases, upcast=True)
        values = self.expr(group.epilogue, ctx, body, {pv: "acc"}, prefix="e_")
        if group.lse:
            body("# log-sum-exp of each score row, in natural log units; -inf for a row that saw no key.")
            body("lse = (tl.where(m_i == float(\"-inf\"), 0.0, m_i) + tl.log2(tl.where(l_i == 0.0, 1.0, l_i))) "
                 "* 0.6931471805599453")
            body('lse = tl.where(l_i == 0.0, float("-inf"), lse)')
        for node in group.lse:
            t = outputs[node]
            obases = _bases([t], grid, body, known_bases)
            body(f"tl.store({obases[t.name]} + offs_m * {t.stride(m)}, lse, mask=mask_m)")
        for node in group.outputs:
            if node not in group.lse:
                self._store_tile(body, node, outputs[node], values[node], epi_tile, grid, known_bases, pv,
                                 ("BLOCK_M", "BLOCK_DV"), "mask_m[:, None] & mask_dv[None, :]")
        return read_epi

    def _block_table_kernel(self, ta, skip, dims: list[str], scalars: list[str], sizes: dict) -> _KernelPlan:
        """The prologue that builds the block table: for each query block, its partial and full key blocks.

        One program per (query block, table batch); it evaluates the mask on every BLOCK_M x BLOCK_N tile
        the index predicates leave possible and appends the key block to the full list (every in-range
        element kept, block inside N) or the partial list (some kept). Counts go to ``*_cnt``, indices
        to ``*_idx`` rows of NUM_KB entries.
        """
        group, c = ta.group, ta.config
        m, n = group.m_axis, group.n_axis
        body = _Body()
        body("pid_m = tl.program_id(0)")
        axes = _table_axes(ta)
        if axes:
            body("pid_b = tl.program_id(1)")
        grid = _batch_decompose(axes, body)
        body("offs_m = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)")
        body(f"mask_m = offs_m < {sizes[m]}")
        read = self.tensors_read([skip.cond])
        bases = _bases(read, grid, body, {})
        lo, hi, _ = self._key_bounds(skip, group, body, sizes)
        body(f"trow = {'pid_b' if axes else '0'} * tl.cdiv({sizes[m]}, BLOCK_M) + pid_m")
        body("n_part = 0")
        body("n_full = 0")
        body(f"for start_n in range({lo}, {hi}, BLOCK_N):")
        loop = _Body(2)
        loop("offs_n = start_n + tl.arange(0, BLOCK_N)")
        loop(f"mask_n = offs_n < {sizes[n]}")
        ctx = _Ctx({m: "offs_m[:, None]", n: "offs_n[None, :]"}, grid,
                   {m: "mask_m[:, None]", n: "mask_n[None, :]"}, bases)
        keep = self.expr([skip.cond], ctx, loop, {}, prefix="c_")[skip.cond]
        loop("valid = mask_m[:, None] & mask_n[None, :]")
        loop(f"kept = tl.max(tl.max(tl.where(valid & ({keep}), 1, 0), 1), 0)")
        loop(f"dropped = tl.max(tl.max(tl.where(valid & ({keep}), 0, tl.where(valid, 1, 0)), 1), 0)")
        loop("# Full: every in-range element kept and no key past the end; partial: anything else kept.")
        loop(f"is_full = (kept > 0) & (dropped == 0) & (start_n + BLOCK_N <= {sizes[n]})")
        loop(f"is_part = (kept > 0) & ((dropped > 0) | (start_n + BLOCK_N > {sizes[n]}))")
        loop("tl.store(full_idx_ptr + trow.to(tl.int64) * NUM_KB + n_full, start_n // BLOCK_N, mask=is_full)")
        loop("tl.store(part_idx_ptr + trow.to(tl.int64) * NUM_KB + n_part, start_n // BLOCK_N, mask=is_part)")
        loop("n_full += is_full.to(tl.int32)")
        loop("n_part += is_part.to(tl.int32)")
        body.lines += loop.lines
        body("tl.store(full_cnt_ptr + trow, n_full)")
        body("tl.store(part_cnt_ptr + trow, n_part)")
        params = self._params(self.in_order(read), [], dims, scalars, workspace=False)
        params += [(f"{t}_ptr", "*i32") for t in _TABLES] + [("NUM_KB", "i32")]
        return _KernelPlan(f"{ta.name}_blocks", params, {"BLOCK_M": c.BLOCK_M, "BLOCK_N": c.BLOCK_N}, body.text(),
                           4, 1, role="blocks")

    def _key_bounds(self, skip, group, body: _Body, sizes: dict):
        """Loop bounds over keys for this query block, from the mask's index predicates (``skip.key_range``).

        The softmax reads ``where(cond, s, -inf)``: keys outside the range would be -inf, contribute
        exp2(-inf) = 0, and can be skipped. Returns ``(lo, hi, full)``; ``full`` is ``(full_lo, full_hi)``,
        the block-aligned keys every row keeps (no mask needed), or None when some predicate is not
        understood.
        """
        whole = ("0", sizes[group.n_axis], None)
        lows, highs, full_lows, full_highs, complete = skip.key_range
        if not lows and not highs:
            return whole
        body("# Key blocks the mask rules out for every row of this block are skipped.")
        body("m_first = pid_m * BLOCK_M")
        body(f"m_last = tl.minimum(m_first + BLOCK_M, {sizes[group.m_axis]}) - 1")
        lo, hi = "0", sizes[group.n_axis]
        for expr in lows:
            lo = f"tl.maximum({lo}, {to_code(expr)})"
        for expr in highs:
            hi = f"tl.minimum({hi}, {to_code(expr)})"
        if lows:
            body(f"lo = (({lo}) // BLOCK_N) * BLOCK_N")
            lo = "lo"
        if highs:  # clamped at 0: Triton's // truncates toward zero, so no bound below may go negative
            body(f"hi = tl.maximum({hi}, 0)")
            hi = "hi"
        if not complete:
            return lo, hi, None
        # Whole blocks inside the range every row keeps, and inside [0, N): they skip all masking.
        full_lo, full_hi = lo, f"({sizes[group.n_axis]} // BLOCK_N) * BLOCK_N"
        for expr in full_lows:
            full_lo = f"tl.maximum({full_lo}, {to_code(expr)})"
        for expr in full_highs:
            full_hi = f"tl.minimum({full_hi}, {to_code(expr)})"
        body("# Blocks every row keeps need no mask: [full_lo, full_hi) runs without one.")
        body(f"full_lo = tl.minimum(tl.cdiv({full_lo}, BLOCK_N) * BLOCK_N, {hi})")
        body(f"full_hi = tl.maximum((tl.maximum({full_hi}, 0) // BLOCK_N) * BLOCK_N, full_lo)")
        return lo, hi, ("full_lo", "full_hi")

    def _tile_offsets(self, body: _Body, m_size: str, n_size: str):
        body("offs_m = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)")
        body("offs_n = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)")
        body(f"mask_m = offs_m < {m_size}")
        body(f"mask_n = offs_n < {n_size}")

    def _epilogue(self, body: _Body, tk, outputs, grid, known_bases: dict, axes, acc: str,
                  offsets_done: bool = False) -> list[TensorArg]:
        group = tk.group
        m_size, n_size = _size(tk.m_axis), _size(tk.n_axis)
        if not offsets_done:
            body("# Epilogue: fused elementwise ops on the accumulator tile, then one store per output.")
            self._tile_offsets(body, m_size, n_size)
        read = self.tensors_read(group.epilogue, stop=group.root)
        bases = _bases(read, grid, body, known_bases)
        tile, mask = {}, {}
        if axes["m"]:
            tile[axes["m"]], mask[axes["m"]] = "offs_m[:, None]", "mask_m[:, None]"
        if axes["n"]:
            tile[axes["n"]], mask[axes["n"]] = "offs_n[None, :]", "mask_n[None, :]"
        ctx = _Ctx(tile, grid, mask, bases, upcast=True)
        values = self.expr(group.epilogue, ctx, body, {group.root: acc}, prefix="e_")
        for node in group.outputs:
            self._store_tile(body, node, outputs[node], values[node], tile, grid, known_bases, group.root,
                             ("BLOCK_M", "BLOCK_N"), "mask_m[:, None] & mask_n[None, :]")
        return read

    def _store_tile(self, body: _Body, node: Node, t: TensorArg, val: str, tile: dict, grid: dict,
                    known_bases: dict, root: Node, shape: tuple[str, str], mask: str) -> None:
        """Store one output tile of a GEMM or attention epilogue (the accumulator is ``root``'s value)."""
        obases = _bases([t], grid, body, known_bases)
        terms = [f"{tile[a.name]} * {t.stride(a.name)}" for a in t.axes if a.name in tile]
        ptrs = f"{obases[t.name]} + " + (" + ".join(terms) if terms else "0")
        if len(terms) < 2:  # an output without a row or column axis: only the in-bounds row/column stores
            ptrs = f"tl.broadcast_to({ptrs}, ({shape[0]}, {shape[1]}))"
        if not node.axes or set(node.axis_names) != set(tile) | set(grid):
            val = f"tl.broadcast_to({val}, ({shape[0]}, {shape[1]}))"
        if node.dtype != t.dtype or node is root:
            val = f"{val}.to({t.dtype.triton})"
        body(f"tl.store({ptrs}, {val}, mask={mask})")

    def _tma_operand(self, tk: TiledKernel, which: int, operand):
        """(tensor, load offsets, transpose?) when operand ``which`` is loaded through a TMA descriptor.

        Only with USE_TMA, and only for a tensor read as is (no prologue, no gather) with exactly the
        tile's two axes; anything else keeps pointer loads.
        """
        if not tk.config.USE_TMA or operand.nodes or operand.node not in self.tensors:
            return None
        own = tk.m_axis if which == 0 else tk.n_axis
        t = self.tensors[operand.node]
        if own is None or {a.name for a in t.axes} != {own.name, tk.k_axis.name} or len(t.axes) != 2:
            return None
        block = {own.name: "BLOCK_M" if which == 0 else "BLOCK_N", tk.k_axis.name: "BLOCK_K"}
        start = {own.name: "pid_m * BLOCK_M" if which == 0 else "pid_n * BLOCK_N", tk.k_axis.name: "kt * BLOCK_K"}
        values = {"BLOCK_M": tk.config.BLOCK_M, "BLOCK_N": tk.config.BLOCK_N, "BLOCK_K": tk.config.BLOCK_K}
        self.descriptors[t.name] = [str(values[block[a.name]]) for a in t.axes]
        # A tiles are [M, K] and B tiles [K, N]: a tensor stored the other way round is transposed in place.
        wanted_first = own.name if which == 0 else tk.k_axis.name
        return t, [start[a.name] for a in t.axes], t.axes[0].name != wanted_first

    def _params(self, read: list[TensorArg], written: list[TensorArg], dims: list[str], scalars: list[str],
                workspace: bool, descriptors=()) -> list[tuple[str, str]]:
        params = [(f"{t.name}_desc", f"tensordesc<{t.dtype.triton_sig}[{', '.join(self.descriptors[t.name])}]>")
                  for t, _, _ in descriptors]
        params += [(t.ptr, f"*{t.dtype.triton_sig}") for t in read + written]
        if workspace:
            params.append(("ws_ptr", "*fp32"))
        for t in read + written:
            params += [(s, "i32") for s in t.strides()]
        if workspace:
            params += [("stride_ws_split", "i32"), ("stride_ws_batch", "i32")]
        params += [(d, "i32") for d in dims]
        params += [(f"scalar_{s}", "fp32") for s in scalars]
        if self.debug:
            params.append(("err_ptr", "*i32"))
        return params


# ------------------------------------------------------------------------------------------ the file


def _render_kernel(plan: _KernelPlan, debug: bool = False) -> str:
    args = [p for p, _ in plan.params] + [f"{k}: tl.constexpr" for k in plan.constexprs]
    lines = ["@triton.jit(debug=True)" if debug else "@triton.jit", f"def {plan.name}("]
    line = "    "
    for i, a in enumerate(args):
        piece = a + ("," if i < len(args) - 1 else "")
        if len(line) + len(piece) + 1 > 110:
            lines.append(line.rstrip())
            line = "    "
        line += piece + " "
    lines.append(line.rstrip())
    lines.append("):")
    return "\n".join(lines) + "\n" + plan.body + "\n"


def emit_program(lowered: Lowered, *, program_file: str = "", dtype: str = "", arch: int | None = None,
                 debug: bool = False, tuning: dict | None = None) -> str:
    """The standalone Python source for a lowered program (``debug``: bounds-checked gathers; ``tuning``:
    where the config came from, written as a ``# tuning:`` header line and ``META["tuning"]``)."""
    graph = lowered.graph
    name = graph.name
    inputs = graph.inputs
    emitter = GemmEmitter(lowered, debug=debug)
    for n in inputs:
        if n.axes:
            emitter.tensors[n] = TensorArg(n.name, n.axes, n.dtype)
    scalars = [n.name for n in inputs if not n.axes]
    dims = sorted({d for n in inputs for a in n.axes for d in dims_in(a.size)})
    outputs: dict[Node, TensorArg] = {}
    program_outputs = list(graph.outputs)
    for k in lowered.kernels:
        for node in k.group.outputs:
            if node in program_outputs:
                i = program_outputs.index(node)
                label = "out" if len(program_outputs) == 1 else f"out{i}"
            else:
                label = f"tmp_{node.name}"
            outputs[node] = TensorArg(label, node.axes, node.dtype)
    for n in program_outputs:
        if n not in outputs:
            raise LoweringError(f"output %{n.name} is not computed by any kernel", program=name)

    plans: list[tuple[TiledKernel, list[_KernelPlan]]] = []
    eager_code: dict[int, list[str]] = {}
    for k in lowered.kernels:
        if k.group.kind == "eager":
            eager_code[id(k)] = _eager_lines(k.group, emitter.tensors, outputs)
            plans.append((k, []))
        else:
            emit = emitter.emit_attention if k.group.kind == "attention" else emitter.emit
            plans.append((k, emit(k, outputs, dims, scalars)))
        for node in k.group.outputs:
            emitter.tensors[node] = outputs[node]

    config = next((k.config.to_dict() for k in lowered.kernels if k.config is not None), {})
    tuning_line = " ".join(str(tuning.get("summary") or json.dumps(tuning)).split()) if tuning else ""  # one line
    header = [
        f"# {name}.py: generated by tilefuse {__version__}. Do not edit; regenerate with `tilefuse compile`.",
        f"# program: {name} ({os.path.basename(program_file) or '?'})",
        f"# inputs:  {', '.join(f'{n.name}: {_type_str(n)}' for n in inputs)}",
        f"# outputs: {', '.join(_type_str(n) for n in program_outputs)}",
        f"# config:  {json.dumps(config)}",
        *([f"# tuning:  {tuning_line}"] if tuning else []),
        f"# target:  CUDA sm_{arch or lowered.target.arch} and newer (Triton); runs on CPU with TRITON_INTERPRET=1",
        "# Needs only torch and triton.",
    ]
    tables = any(p.role == "blocks" for _, ps in plans for p in ps)
    parts = ["\n".join(header), "", "import os"] + (["import weakref"] if tables else []) + [
        "", "import torch", "import triton", "import triton.language as tl"]
    if emitter.descriptors:
        parts.append("from triton.tools.tensor_descriptor import TensorDescriptor")
    parts += ["", ""]
    meta = {"program": name, "dtype": dtype, "config": config, "tilefuse_version": __version__,
            "target_arch": arch or lowered.target.arch, "dims": dims}
    if tuning is not None:
        meta["tuning"] = tuning
    parts.append(f"META = {pprint.pformat(meta, sort_dicts=False, width=110)}\n")
    kernels_json = {}
    for _, ps in plans:
        for p in ps:
            kernels_json[p.name] = {"signature": dict(p.params), "constexprs": p.constexprs,
                                    "num_warps": p.num_warps, "num_stages": p.num_stages}
    for h in sorted(emitter.helpers):
        parts.append("\n" + _HELPERS[h])
    for _, ps in plans:
        for p in ps:
            parts.append("\n" + _render_kernel(p, debug))
    parts.append("\n" + _LAUNCH_HELPERS)
    if emitter.debug_messages:
        parts.append(f"\nDEBUG_MESSAGES = {pprint.pformat(emitter.debug_messages, width=110)}\n")
    if eager_code:
        parts.append("\n" + _EAGER_HELPERS)
    if tables:
        parts.append("\n" + _TABLE_HELPERS)
    if emitter.sparse:
        parts.append("\n" + _SPARSE_HELPERS)
        for w, (bk, bn, transposed, dt) in emitter.sparse.items():
            parts.append(f"\ndef pack_{w}(dense, block_mask=None, threshold=None):\n"
                         f'    """{w} as block-sparse {bk}x{bn} blocks for {name}: see _pack_block_sparse."""\n'
                         f"    return _pack_block_sparse(dense, ({bk}, {bn}), torch.{dt.torch_name}, "
                         f"transposed={transposed}, block_mask=block_mask, threshold=threshold)\n")
    parts.append("\n" + _launcher(graph, plans, outputs, dims, scalars, emitter.operand_tensors,
                                   emitter.descriptors, emitter.debug_messages, eager_code, emitter.sparse))
    parts.append("\n# Signatures for offline compilation (triton.compile with a GPUTarget).\n"
                 f"KERNELS = {pprint.pformat(kernels_json, sort_dicts=False, width=110)}\n")
    return "\n".join(parts).replace("\n\n\n\n", "\n\n\n")


_LAUNCH_HELPERS = '''
# Triton decides at import time whether kernels run on the GPU or in its CPU interpreter.
_INTERPRETED = os.environ.get("TRITON_INTERPRET", "0") == "1"


class LaunchError(ValueError):
    """Raised for arguments that do not fit the kernel: shapes, dtypes, devices."""


def _check_tensor(program, name, t, dtype, ndim):
    if not isinstance(t, torch.Tensor):
        raise LaunchError(f"{program}: {name} must be a torch.Tensor, got {type(t).__name__}")
    if t.dtype != dtype:
        raise LaunchError(f"{program}: {name} must be {dtype}, got {t.dtype}")
    if t.dim() != ndim:
        raise LaunchError(f"{program}: {name} must have {ndim} dims, got shape {tuple(t.shape)}")


def _check_devices(program, tensors):
    devices = {t.device for t in tensors.values()}
    if len(devices) > 1:
        where = ", ".join(f"{n} on {t.device}" for n, t in tensors.items())
        raise LaunchError(f"{program}: all tensors must be on one device ({where})")
    (device,) = devices
    if device.type != "cuda" and not _INTERPRETED:
        raise LaunchError(f"{program}: tensors are on {device}; move them to a CUDA device "
                          "or set TRITON_INTERPRET=1 before importing this file to run on the CPU")
    return device


def _check_dim(program, dim, value, where, other, other_where):
    if value != other:
        raise LaunchError(f"{program}: dim {dim} is {value} in {where} but {other} in {other_where}")


def _aligned(t):
    """``t`` itself, or a copy whose rows start every 64 elements when its row stride is not a multiple of 16.

    GEMM operands stream through the K loop; unaligned rows (K = 5921, say) stop Triton from using wide
    vector loads, which costs far more than one copy of the operand.
    """
    if t.dim() < 2 or t.stride(-1) != 1 or t.numel() == 0:
        return t
    if all(s % 16 == 0 for s in t.stride()[:-1]) and t.data_ptr() % 16 == 0:
        return t
    cols = t.shape[-1]
    buf = torch.empty((*t.shape[:-1], -(-cols // 64) * 64), dtype=t.dtype, device=t.device)[..., :cols]
    buf.copy_(t)
    return buf


def _output(program, out, shape, dtype, device):
    if out is None:
        return torch.empty(shape, dtype=dtype, device=device)
    if not isinstance(out, torch.Tensor) or tuple(out.shape) != tuple(shape) or out.dtype != dtype \\
            or out.device != device:
        got = f"{tuple(out.shape)} {out.dtype} on {out.device}" if isinstance(out, torch.Tensor) else type(out).__name__
        raise LaunchError(f"{program}: out must be {tuple(shape)} {dtype} on {device}, got {got}")
    return out
'''


def _launcher(graph, plans, outputs: dict[Node, TensorArg], dims: list[str], scalars: list[str],
              operand_tensors: set[str], descriptors: dict[str, list[str]], debug_messages: list[str],
              eager_code: dict[int, list[str]], sparse: dict[str, tuple]) -> str:
    name = graph.name
    inputs = graph.inputs
    program_outputs = list(graph.outputs)
    single = len(program_outputs) == 1
    arglist = ", ".join(n.name for n in inputs) + (", *, out=None" if single else "")
    sig = ", ".join(f"{n.name}: {_type_str(n)}" if n.axes else f"{n.name}: float" for n in inputs)
    L = _Body()
    lines = [f"def {name}({arglist}):",
             f'    """Run {name}. Inputs: {sig}.',
             f"    Returns {' and '.join(_type_str(n) for n in program_outputs)}"
             + (" (written into ``out`` if given)." if single else "."),
             '    """']
    tensor_inputs = [n for n in inputs if n.axes]
    for n in tensor_inputs:
        if n.name in sparse:
            block = sparse[n.name][:2]
            L(f"_check_packed({name!r}, {n.name!r}, {n.name}, torch.{n.dtype.torch_name}, {block})")
        else:
            L(f"_check_tensor({name!r}, {n.name!r}, {n.name}, torch.{n.dtype.torch_name}, {len(n.axes)})")
    for s in scalars:
        L(f"{s} = float({s})")
    if tensor_inputs:
        L(f"_device = _check_devices({name!r}, {{{', '.join(f'{n.name!r}: {n.name}' for n in tensor_inputs)}}})")
    else:
        L('_device = torch.device("cuda")')
    bound: dict[str, str] = {}
    for n in tensor_inputs:
        for i, ax in enumerate(n.axes):
            where = f"{n.name}.shape[{i}]"
            if isinstance(ax.size, sympy.Symbol):
                d = ax.size.name
                if d in bound:
                    L(f"_check_dim({name!r}, {d!r}, {d}, {bound[d]!r}, {where}, {n.name!r})")
                else:
                    L(f"{d} = {where}")
                    bound[d] = n.name
            else:
                declared = f"{str(ax.size)!r}, {to_code(ax.size)}, 'the declared size'"
                L(f"_check_dim({name!r}, {declared}, {where}, {n.name!r})")
    for n in tensor_inputs:
        if n.name in operand_tensors and len(n.axes) >= 2:
            L(f"{n.name} = _aligned({n.name})")
        if n.name in descriptors:
            L(f"{n.name}_desc = TensorDescriptor.from_tensor({n.name}, [{', '.join(descriptors[n.name])}])")
    for w in sparse:
        L(f"{w}_vals, {w}_cols, {w}_rows = {w}.values, {w}.col_ptr, {w}.row_idx")
    if debug_messages:
        L("_err = torch.zeros((1,), dtype=torch.int32, device=_device)  # debug build: first bad gather")
    for node, t in outputs.items():
        sizes = [to_code(a.size) for a in t.axes]
        shape = f"({sizes[0]},)" if len(sizes) == 1 else "(" + ", ".join(sizes) + ")"
        if node in program_outputs and single:
            L(f"out = _output({name!r}, out, {shape}, torch.{t.dtype.torch_name}, _device)")
        else:
            L(f"{t.name} = torch.empty({shape}, dtype=torch.{t.dtype.torch_name}, device=_device)")
    for tk, ps in plans:
        c = tk.config
        if tk.group.kind == "eager":
            L(f"# {tk.name}: ops no kernel takes yet, run unfused with PyTorch (see `tilefuse show`)")
            for line in eager_code[id(tk)]:
                L(line)
            continue
        if tk.group.kind == "attention":
            batch = " * ".join(f"({_size(a)})" for a in tk.batch_axes) or "1"
            L(f"# {tk.name}: query tiles of {c.BLOCK_M} over {_size(tk.m_axis)}, keys in steps of {c.BLOCK_N}, "
              f"batch {batch}")
            L(f"_batch = {batch}")
            L("if _batch > 65535:")
            L(f"    raise LaunchError(f'{name}: {{_batch}} batch programs exceed the grid limit of 65535')")
            m_code = _size(tk.m_axis)
            if c.SPLIT_KV > 1:
                L(f"# Split-KV (flash-decoding): up to {c.SPLIT_KV} key splits, as many as fill the GPU twice over.")
                L(f"_programs = max(triton.cdiv({m_code}, {c.BLOCK_M}) * _batch, 1)")
                L('_sms = torch.cuda.get_device_properties(_device).multi_processor_count if _device.type == "cuda" '
                  'else 132')
                L(f"NUM_SPLITS = max(1, min({c.SPLIT_KV}, triton.cdiv(2 * _sms, _programs), "
                  f"triton.cdiv({_size(tk.n_axis)}, {c.BLOCK_N})))")
                L(f"ws_m = torch.empty((NUM_SPLITS * _batch * {m_code},), dtype=torch.float32, device=_device)")
                L("ws_l = torch.empty_like(ws_m)")
                L(f"ws_o = torch.empty((NUM_SPLITS * _batch * {m_code} * {_size(tk.dv_axis)},), dtype=torch.float32, "
                  "device=_device)")
                grids = [f"(triton.cdiv({m_code}, {c.BLOCK_M}), _batch, NUM_SPLITS)",
                         f"(triton.cdiv({m_code}, {c.BLOCK_M}), _batch, 1)"]
            else:
                grids = [f"(triton.cdiv({m_code}, {c.BLOCK_M}), _batch, 1)"]
            if ps and ps[0].role == "blocks":
                _table_lines(L, tk, ps[0], outputs, tensor_inputs, dims)
                ps = ps[1:]
            for plan, grid in zip(ps, grids):
                L(f"_grid = {grid}")
                L("if _grid[0] > 0:")
                L(f"    {plan.name}[_grid]({', '.join(_call_args(plan, outputs, tensor_inputs) + _call_kwargs(plan))})")
            continue
        m, n = _size(tk.m_axis), _size(tk.n_axis)
        batch = " * ".join(f"({_size(a)})" for a in tk.batch_axes) or "1"
        L(f"# {tk.name}: {m} x {n} tiles of {c.BLOCK_M} x {c.BLOCK_N}, batch {batch}"
          + (f", K split {c.SPLIT_K} ways ({c.SPLIT_K_MODE})" if c.SPLIT_K > 1 else ""))
        L(f"_batch = {batch}")
        if c.SPLIT_K > 1:
            make = "torch.zeros" if c.SPLIT_K_MODE == "atomic" else "torch.empty"
            slices = c.SPLIT_K if c.SPLIT_K_MODE == "reduce" else 1
            L(f"_ws = {make}(({slices}, _batch, {m}, {n}), dtype=torch.float32, device=_device)")
        grids = [f"(triton.cdiv({m}, {c.BLOCK_M}) * triton.cdiv({n}, {c.BLOCK_N}), _batch, {c.SPLIT_K})"]
        if c.SPLIT_K > 1:
            grids.append(f"(triton.cdiv({m}, {c.BLOCK_M}) * triton.cdiv({n}, {c.BLOCK_N}), _batch, 1)")
        L("if _batch > 65535:")
        L(f"    raise LaunchError(f'{name}: {{_batch}} batch programs exceed the grid limit of 65535')")
        for plan, grid in zip(ps, grids):
            L(f"_grid = {grid}")
            L("if _grid[0] > 0:")
            L(f"    {plan.name}[_grid]({', '.join(_call_args(plan, outputs, tensor_inputs) + _call_kwargs(plan))})")
    if debug_messages:
        L("_code = int(_err.item())")
        L("if _code:")
        L("    raise LaunchError(DEBUG_MESSAGES[_code - 1])")
    rets = [outputs[n].name for n in program_outputs]
    L(f"return {', '.join(rets)}")
    return "\n".join(lines + L.lines) + "\n"


def _table_lines(L: _Body, tk, plan: _KernelPlan, outputs, tensor_inputs, dims: list[str]) -> None:
    """Launcher lines that fetch the block table from the cache, or build it with the prologue kernel."""
    c = tk.config
    axes = _table_axes(tk)
    tables = " * ".join(f"({_size(a)})" for a in axes) or "1"
    reads = [p[:-4] for p, _ in plan.params if p.endswith("_ptr") and p[:-4] not in _TABLES and p != "err_ptr"]
    scalars = [p[len("scalar_"):] for p, _ in plan.params if p.startswith("scalar_")]
    L(f"# Block table of partial and full key blocks per query block, built on the device by {plan.name};")
    L("# cached while the mask's inputs are the same tensors, unmodified (every head and layer reuses it).")
    L(f"NUM_KB = triton.cdiv({_size(tk.n_axis)}, {c.BLOCK_N})")
    key = ", ".join([repr(plan.name), "str(_device)"] + dims + scalars)
    L(f"_tables = _TABLES.get(({key},), [{', '.join(reads)}])")
    L("if _tables is None:")
    L(f"    _rows = max(({tables}) * triton.cdiv({_size(tk.m_axis)}, {c.BLOCK_M}), 1)")
    L("    _tables = [torch.empty((_rows * (NUM_KB if name.endswith('idx') else 1),), dtype=torch.int32, "
      "device=_device) for name in " + repr(_TABLES) + "]")
    L(f"    {', '.join(_TABLES)} = _tables")
    L(f"    _grid = (triton.cdiv({_size(tk.m_axis)}, {c.BLOCK_M}), {tables}, 1)")
    L("    if _grid[0] > 0:")
    L(f"        {plan.name}[_grid]({', '.join(_call_args(plan, outputs, tensor_inputs) + _call_kwargs(plan))})")
    L(f"    _TABLES.put(({key},), [{', '.join(reads)}], _tables)")
    L(f"{', '.join(_TABLES)} = _tables")


_SPARSE_HELPERS = '''
class BlockSparse:
    """A [K, N] weight kept as its non-zero BLOCK_K x BLOCK_N blocks, grouped by N block (block-CSC).

    ``values[i]`` is the i-th stored block (zero-padded at the ragged edges); the blocks of N block ``j``
    are ``col_ptr[j]:col_ptr[j + 1]`` and ``row_idx[i]`` is block i's K block. ``shape`` is the dense
    shape as the program declares it: [N, K] when ``transposed``.
    """

    def __init__(self, values, col_ptr, row_idx, shape, block, transposed=False):
        self.values, self.col_ptr, self.row_idx = values, col_ptr, row_idx
        self.shape, self.block, self.transposed = tuple(shape), tuple(block), transposed

    @property
    def device(self):
        return self.values.device

    @property
    def dtype(self):
        return self.values.dtype

    @property
    def density(self):
        """Fraction of the blocks that are stored (and multiplied)."""
        blocks = (self.col_ptr.numel() - 1) * -(-self._kn()[0] // self.block[0])
        return self.row_idx.numel() / max(blocks, 1)

    def _kn(self):
        return self.shape if not self.transposed else self.shape[::-1]

    def to_dense(self):
        """The dense weight these blocks stand for (dropped blocks are zeros), in the declared layout."""
        bk, bn = self.block
        k, n = self._kn()
        kb, nb = -(-k // bk), self.col_ptr.numel() - 1
        out = torch.zeros((kb, nb, bk, bn), dtype=self.dtype, device=self.device)
        cols = torch.repeat_interleave(torch.arange(nb, device=self.device), torch.diff(self.col_ptr.long()))
        out[self.row_idx.long(), cols] = self.values
        dense = out.permute(0, 2, 1, 3).reshape(kb * bk, nb * bn)[:k, :n]
        return dense.T if self.transposed else dense

    def __repr__(self):
        return (f"BlockSparse(shape={self.shape}, block={self.block}, stored={self.row_idx.numel()} blocks, "
                f"density={self.density:.3f}, {self.dtype})")


def _pack_block_sparse(dense, block, dtype, transposed=False, block_mask=None, threshold=None):
    """Pack a dense weight: keep the blocks that ``block_mask`` (bool [K blocks, N blocks]) selects, or else
    the blocks whose largest magnitude exceeds ``threshold`` (default 0: drop only all-zero blocks).
    A block dropped by the mask or the threshold counts as zero (that is the pruning)."""
    if not isinstance(dense, torch.Tensor) or dense.dim() != 2:
        raise LaunchError(f"pack: expected a 2-D dense tensor, got {getattr(dense, 'shape', type(dense))}")
    kn = dense.T if transposed else dense
    k, n = kn.shape
    bk, bn = block
    kb, nb = -(-k // bk), -(-n // bn)
    padded = torch.zeros((kb * bk, nb * bn), dtype=dtype, device=dense.device)
    padded[:k, :n] = kn
    blocks = padded.reshape(kb, bk, nb, bn).permute(2, 0, 1, 3)  # [N block, K block, bk, bn]
    if block_mask is not None:
        if tuple(block_mask.shape) != (kb, nb):
            raise LaunchError(f"pack: block_mask must be [{kb}, {nb}] (K blocks of {bk}, N blocks of {bn}), "
                              f"got {tuple(block_mask.shape)}")
        keep = block_mask.to(device=dense.device, dtype=torch.bool).T
    else:
        keep = blocks.abs().amax(dim=(2, 3)) > (0 if threshold is None else threshold)
    values = blocks[keep].contiguous()
    col_ptr = torch.zeros((nb + 1,), dtype=torch.int32, device=dense.device)
    col_ptr[1:] = torch.cumsum(keep.sum(dim=1), 0)
    row_idx = keep.nonzero()[:, 1].to(torch.int32).contiguous()
    return BlockSparse(values, col_ptr, row_idx, dense.shape, block, transposed)


def _check_packed(program, name, w, dtype, block):
    if not all(hasattr(w, a) for a in ("values", "col_ptr", "row_idx", "block")):  # any kernel's BlockSparse
        raise LaunchError(f"{program}: {name} is block-sparse; pass pack_{name}(dense, ...) (kernel.pack({name!r}, "
                          f"dense, ...)), not {type(w).__name__}")
    if w.dtype != dtype:
        raise LaunchError(f"{program}: {name} must be packed as {dtype}, got {w.dtype}")
    if w.block != tuple(block):
        raise LaunchError(f"{program}: {name} was packed in {w.block[0]}x{w.block[1]} blocks; this kernel walks "
                          f"{block[0]}x{block[1]} (BLOCK_K x BLOCK_N): pack it with this kernel's pack_{name}")
'''


_TABLE_HELPERS = '''
class _TableCache:
    """Block tables keyed by sizes, and by the identity and version of the mask's input tensors.

    A table is reused only while every input is the very same tensor object, not modified in place since
    (``_version``); a weak reference guards against a new tensor reusing a freed one's id.
    """

    def __init__(self, capacity=16):
        self.entries = {}
        self.capacity = capacity

    def _key(self, key, tensors):
        return key + tuple(id(t) for t in tensors)

    def get(self, key, tensors):
        entry = self.entries.get(self._key(key, tensors))
        if entry is None:
            return None
        refs, versions, tables = entry
        if all(r() is t for r, t in zip(refs, tensors)) and versions == [t._version for t in tensors]:
            return tables
        return None

    def put(self, key, tensors, tables):
        self.entries.pop(self._key(key, tensors), None)
        while len(self.entries) >= self.capacity:
            self.entries.pop(next(iter(self.entries)))
        self.entries[self._key(key, tensors)] = ([weakref.ref(t) for t in tensors], [t._version for t in tensors],
                                                 tables)

    def clear(self):
        self.entries.clear()


_TABLES = _TableCache()
'''


_EAGER_HELPERS = '''
def _align(t, have, want):
    """View ``t`` (axes ``have``) so it broadcasts against axes ``want``: permute, then unsqueeze."""
    if not isinstance(t, torch.Tensor) or t.dim() == 0:
        return t
    t = t.permute([have.index(a) for a in want if a in have])
    sizes = iter(t.shape)
    return t.reshape([next(sizes) if a in have else 1 for a in want])


def _softmax(x, dim):
    """Softmax whose all--inf rows give zeros."""
    m = x.amax(dim=dim, keepdim=True)
    m = torch.where(m == float("-inf"), torch.zeros_like(m), m)
    e = torch.exp(x - m)
    s = e.sum(dim=dim, keepdim=True)
    return e / torch.where(s == 0, torch.ones_like(s), s)


def _logsumexp(x, dim):
    m = x.amax(dim=dim, keepdim=True)
    m = torch.where(m == float("-inf"), torch.zeros_like(m), m)
    return (torch.log(torch.exp(x - m).sum(dim=dim, keepdim=True)) + m).squeeze(dim)
'''

def _eager_lines(group, tensors: dict, outputs: dict) -> list[str]:
    """PyTorch code computing an EagerGroup's nodes one op at a time (math in fp32, ints in int64).

    Every value is a tensor whose dims follow its node's axes (size 1 where it broadcasts); scalars stay
    Python numbers. Values later kernels read or the program returns are copied into their buffers.
    """
    lines: list[str] = []
    values: dict = {}

    def tensor_scalar(x: str) -> str:
        return f"torch.as_tensor({x}, device=_device)"

    def value(node) -> str:
        if node in values:
            return values[node]
        if node in tensors:  # an input, or a buffer an earlier step wrote
            code = tensors[node].name
            code = f"{code}.float()" if node.dtype.is_float else f"{code}.long()"
        elif node.op == "input":
            code = node.name
        elif node.op == "const":
            code = _literal(node.attrs["value"], node.dtype).replace('float("', 'float("')
        elif node.op == "symbol":
            code = f"({to_code(node.attrs['expr'])})"
        elif node.op == "index":
            code = f"torch.arange({to_code(node.axes[0].size)}, device=_device)"
        else:
            code = _eager_op(node, value)
        if node.op in ("const", "symbol", "input") and not node.axes:
            values[node] = code
            return code
        var = f"v_{node.name}"
        lines.append(f"{var} = {code}")
        values[node] = var
        return var

    def aligned(arg, node) -> str:
        code = value(arg)
        if not arg.axes:
            return code
        have, want = arg.axis_names, node.axis_names
        return code if have == want else f"_align({code}, {have!r}, {want!r})"

    def _eager_op(node, _value) -> str:
        op = node.op
        if op in TORCH_UNARY or op == "gelu":
            a = aligned(node.args[0], node)
            if not node.args[0].axes:
                a = tensor_scalar(a)
            if node.dtype.is_float:
                a = f"{a}.float()"
            if op == "gelu":
                if node.attrs.get("approximate", "erf") == "tanh":
                    return f"torch.nn.functional.gelu({a}, approximate='tanh')"
                return f"torch.nn.functional.gelu({a})"
            return TORCH_UNARY[op].format(a)
        if op in TORCH_BINARY:
            a, b = (aligned(x, node) for x in node.args)
            return TORCH_BINARY[op].format(a, b)
        if op == "where":
            c, a, b = (aligned(x, node) for x in node.args)
            return f"torch.where({c}, {a}, {b})"
        if op == "cast":
            a = value(node.args[0])
            if node.dtype.is_int:
                return f"torch.as_tensor({a}).trunc().long()" if node.args[0].dtype.is_float else f"{a}"
            return f"torch.as_tensor({a}).to(torch.{node.dtype.torch_name}).float()"
        if op in ("sum", "max"):
            a = value(node.args[0])
            dims = tuple(node.args[0].axis_names.index(x) for x in node.attrs["axes"])
            return f"{a}.sum(dim={dims})" if op == "sum" else f"{a}.amax(dim={dims})"
        if op in ("softmax", "logsumexp"):
            a = value(node.args[0])
            return f"_{op}({a}.float(), {node.args[0].axis_names.index(node.attrs['axis'])})"
        if op == "einsum":
            ins, out = parse_einsum(node.attrs["spec"], len(node.args))
            letters: dict[str, str] = {}
            for n in [n for g in ins for n in g] + out:
                letters.setdefault(n, chr(ord("a") + len(letters)))
            spec = ",".join("".join(letters[n] for n in g) for g in ins) + "->" + "".join(letters[n] for n in out)
            args = ", ".join(f"{value(a)}.float()" for a in node.args)
            return f"torch.einsum({spec!r}, {args})"
        if op == "load":
            src = tensors[node.args[0]].name
            idx = [f"{aligned(i, node)}.long()" if i.axes else f"torch.as_tensor({value(i)}, device=_device).long()"
                   for i in node.args[1:]]
            shape = "[" + ", ".join(f"({to_code(a.size)})" for a in node.axes) + "]"
            code = f"{src}[{', '.join(f'({i}).expand({shape})' for i in idx)}]"
            return f"{code}.float()" if node.dtype.is_float else f"{code}.long()"
        raise LoweringError(f"no PyTorch rule for {op}", op=op, loc=node.loc)

    for node in group.nodes:
        value(node)
    for node in group.outputs:
        t = outputs[node]
        shape = "[" + ", ".join(f"({to_code(a.size)})" for a in node.axes) + "]"
        lines.append(f"{t.name}.copy_(torch.as_tensor({values[node]}, device=_device).expand({shape}))")
    return lines


def _call_args(plan: _KernelPlan, outputs: dict, tensor_inputs) -> list[str]:
    """The launcher's expression for each kernel parameter."""
    tensors = list(outputs.values()) + [TensorArg(x.name, x.axes, x.dtype) for x in tensor_inputs]
    args = []
    for p, _ in plan.params:
        if p == "ws_ptr":
            args.append("_ws")
        elif p == "err_ptr":
            args.append("_err")
        elif p.endswith("_desc"):
            args.append(p)
        elif p.endswith("_ptr"):
            args.append(p[:-4])
        elif p.startswith("stride_ws_"):
            args.append("_ws.stride(0)" if p.endswith("split") else "_ws.stride(1)")
        elif p.startswith("stride_"):
            tname, axis = _split_stride(p, tensors)
            args.append(f"{tname}.stride({axis})")
        elif p.startswith("scalar_"):
            args.append(p[len("scalar_"):])
        else:
            args.append(p)
    return args


def _call_kwargs(plan: _KernelPlan) -> list[str]:
    values = {**{k: str(v) for k, v in plan.constexprs.items()}, **plan.launch_constexprs}
    return [f"{k}={v}" for k, v in values.items()] + [f"num_warps={plan.num_warps}", f"num_stages={plan.num_stages}"]


def _split_stride(param: str, tensors: list[TensorArg]) -> tuple[str, int]:
    for t in tensors:
        for i, a in enumerate(t.axes):
            if param == t.stride(a.name):
                return t.name, i
    raise AssertionError(param)
