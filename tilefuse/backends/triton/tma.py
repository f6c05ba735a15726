"""K and V of an attention kernel through TMA tensor descriptors (``USE_TMA``, sm_90+).

An operand qualifies when its tile is the tensor as stored: read as is, or through a load whose index along the
key axis and the head dim is that axis' own index, and along every other axis a value fixed for the program (a
batch index, or GQA's key/value head ``h // (H // HKV)``). The descriptor then spans the whole tensor, one block
is ``[1, ..., BLOCK_N, BLOCK_D]``, and the loop loads it at ``[idx_b, kv_head, start_n, 0]``; the hardware
zero-fills what lies past each axis' end, so ragged key blocks and padded head dims need no mask. Anything else
(a prologue doing math, a paged gather) keeps pointer loads.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...ir.graph import Node
from ...schedule.plans import Buffer, Operand
from .exprs import Body, Ctx, Printer

# the head dim's block for offline compiles (the launcher binds the padded head dim at each call)
REPRESENTATIVE_HEAD = 128


@dataclass(frozen=True)
class TmaOperand:
    """How one K or V operand is loaded through its descriptor: per axis of ``tensor``, the load coordinate
    and the block side (``"n"``: BLOCK_N, ``"inner"``: the head dim's block, ``None``: 1)."""

    tensor: Buffer
    coords: tuple[str, ...]
    sides: tuple[str | None, ...]
    block_n: int
    inner_block: str             # BLOCK_D or BLOCK_DV

    def load(self, transposed: bool) -> str:
        """The tile as the dot wants it: K as [head dim, keys] (``transposed``), V as [keys, head dim]."""
        code = f"{self.tensor.name}_desc.load([{', '.join(self.coords)}])"
        order = [s for s in self.sides if s is not None]
        names = {"n": "BLOCK_N", "inner": self.inner_block}
        if len(self.sides) > 2:
            code = f"tl.reshape({code}, ({', '.join(names[s] for s in order)}))"
        stored_keys_first = order[0] == "n"
        return f"{code}.T" if stored_keys_first == transposed else code

    def param_spec(self, launch: dict[str, str]) -> tuple:
        """(tensor, block with the head dim's representative size, block as launcher code): what
        ``kernel_params`` takes for a descriptor whose head-dim side is bound at launch."""
        ints = {"n": self.block_n, "inner": REPRESENTATIVE_HEAD, None: 1}
        code = {"n": str(self.block_n), "inner": launch[self.inner_block], None: "1"}
        return self.tensor, [ints[s] for s in self.sides], [code[s] for s in self.sides]


def tma_operand(p: Printer, plan, operand: Operand, grid: dict[str, str], body: Body, n_letter: str,
                inner_letter: str, inner_block: str, known: dict[Node, str]) -> TmaOperand | None:
    """The descriptor load of K or V (the key axis ``n_letter`` and the head dim ``inner_letter``, einsum
    letters), or None when the operand must keep pointer loads. Index values fixed per program (GQA's head map)
    are computed once, before the key loop, into ``body``; ``known`` holds those already computed (K's, for V)."""
    names = dict(zip(operand.letters, (a.name for a in operand.node.axes)))
    n_name, inner_name = names.get(n_letter), names.get(inner_letter)
    if n_name is None or inner_name is None or n_name == inner_name:
        return None
    node = operand.node
    if operand.buffer is not None:  # read as stored: the tensor's axes are the operand's
        tensor, index = operand.buffer, [None] * len(operand.buffer.axes)
        axes = [a.name for a in tensor.axes]
    elif node.op == "load" and node.args[0] in p.memory and all(
            not x.dtype.is_float for x in operand.nodes if x is not node):
        tensor, index, axes = p.memory[node.args[0]], list(node.args[1:]), [None] * len(node.args[1:])
    else:
        return None
    coords, sides = [], []
    for axis, idx in zip(axes, index):
        own = axis if idx is None else (idx.attrs["axis"] if idx.op == "index" else None)
        if own == n_name:
            coords.append("start_n")
            sides.append("n")
        elif own == inner_name:
            coords.append("0")
            sides.append("inner")
        elif idx is None:
            if axis not in grid:
                return None
            coords.append(grid[axis])
            sides.append(None)
        elif _per_program(idx, grid, p):
            coords.append(idx)   # printed below, once the operand is known to qualify
            sides.append(None)
        else:
            return None
    if sides.count("n") != 1 or sides.count("inner") != 1:
        return None
    for i, idx in enumerate(coords):
        if isinstance(idx, Node):
            known.update(p.expr([idx], Ctx({}, grid, {}, {}), body, known, prefix="tma_"))
            coords[i] = known[idx]
    return TmaOperand(tensor, tuple(coords), tuple(sides), plan.config.BLOCK_N, inner_block)


def _per_program(idx: Node, grid: dict[str, str], p: Printer) -> bool:
    """Whether an index value is the same for the whole tile: built from grid axes, sizes and constants, with no
    load (a page table would vary per key)."""
    seen, todo = set(), [idx]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node in p.memory or node.op == "load" or (node.op == "index" and node.attrs["axis"] not in grid):
            return False
        if node.op == "input" and node.axes:
            return False
        todo.extend(node.args)
    return True
