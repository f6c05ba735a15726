"""Tiling of a rows group: BLOCK_M whole rows per program, the row axes flattened into one row index.

A program holds ``BLOCK_M`` rows of ``BLOCK_N`` elements, ``BLOCK_N`` the row's length rounded up to a power of
two, so every reduction of the group runs on chip in one pass (no loop over the row). The launcher picks both at
each call from the row's length: ``BLOCK_N = max(16, next_pow2(N))`` and as many rows, up to the config's
``BLOCK_M``, as keep a tile within ``TILE_ELEMENTS_PER_THREAD`` elements a thread. A row longer than
``max_row(config)`` (``ROW_ELEMENTS_PER_THREAD`` a thread, at most ``MAX_ROW``) does not fit one tile: a rows kernel
whose length is known and longer is an eager step; one whose length is a dim runs its ops with PyTorch at the calls
where the dim is longer (the launcher checks).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..gpu import GPU
from ..ir.dims import Axis
from ..passes.rows import RowsGroup
from .space import Config, Constraint, Knob, SearchSpace

TILE_ELEMENTS_PER_THREAD = 16   # elements of one [rows, BLOCK_N] tile per thread, when the row leaves room
# Elements of one row a thread holds at most: 32 fp32 per live tile left a LayerNorm at 174 registers and no spills
# on sm_80 (offline, Triton 3.x, 8 warps and 8192-element rows); 64 spilled there.
ROW_ELEMENTS_PER_THREAD = 32
MAX_ROW = 16384                 # the longest row of any config (16 warps)


def max_row(config: Config) -> int:
    """The longest row one program's tile holds under ``config`` (8192 at 8 warps)."""
    return min(MAX_ROW, ROW_ELEMENTS_PER_THREAD * 32 * config.num_warps)


def _pow2(x: int) -> bool:
    return x > 0 and x & (x - 1) == 0


def rows_space(target: GPU) -> SearchSpace:
    """The knobs of a rows kernel. Its constraints accept every GEMM and attention config too: one config
    schedules every kernel of a program, and a rows kernel reads only BLOCK_M (as its most rows) and num_warps."""
    knobs = [
        Knob("BLOCK_M", (1, 2, 4, 8, 16, 32, 64), "most rows per program (fewer when the rows are long)"),
        Knob("num_warps", (1, 2, 4, 8, 16), "warps per program"),
    ]

    def pow2(c):
        return None if _pow2(c.BLOCK_M) else f"BLOCK_M={c.BLOCK_M} not a power of two"

    def warps(c):
        return None if c.num_warps in (1, 2, 4, 8, 16) else f"num_warps={c.num_warps} not in 1, 2, 4, 8, 16"

    return SearchSpace(knobs, [Constraint("rows_pow2", pow2), Constraint("rows_warps", warps)])


def default_rows_config(target: GPU) -> Config:
    """Up to 16 rows a program over 8 warps: a 4096-element row (Llama's hidden size) is one program's tile."""
    return Config(BLOCK_M=16, num_warps=8, num_stages=1)


@dataclass(eq=False)
class TiledRows:
    """A rows group on the grid: axis 0 walks tiles of BLOCK_M flattened rows; each tile holds whole rows."""

    group: RowsGroup
    rows: list[Axis]
    n_axis: Axis                  # the reduced axis (schedule_dims reads it: the config depends on its size)
    space: SearchSpace
    config: Config

    @property
    def name(self) -> str:
        return self.group.name

    def describe(self) -> str:
        c = self.config
        rows = " * ".join(f"{a.name}={a.size}" for a in self.rows) or "1"
        return (f"tile {self.name}: grid(cdiv({rows}, rows per program), 1, 1)\n"
                f"  up to BLOCK_M={c.BLOCK_M} whole rows of {self.n_axis.name}={self.n_axis.size} a program "
                f"(BLOCK_N = next power of two, at most {max_row(c)}): {len(self.group.reductions)} reductions "
                "on chip\n"
                f"  {len(self.group.nodes)} ops, store {', '.join('%' + o.name for o in self.group.outputs)}\n"
                f"  config: BLOCK_M={c.BLOCK_M} num_warps={c.num_warps}")


def too_long(group: RowsGroup, config: Config) -> str | None:
    """Why a rows group cannot be a kernel at any call (its row is known and longer than a tile), or None."""
    length, most = group.axis.size, max_row(config)
    if getattr(length, "is_number", False) and int(length) > most:
        return (f"rows of {group.axis.name}={int(length)} are longer than {most}, the most one tile holds at "
                f"num_warps={config.num_warps} (no looped form yet)")
    return None


def tile_rows(group: RowsGroup, config: Config | None, target: GPU):
    """The tiled rows group, or the reason it runs as an eager step (its rows are longer than a tile)."""
    space = rows_space(target)
    space.default = default_rows_config(target)
    cfg = config or space.default
    space.validate(cfg)
    return too_long(group, cfg) or TiledRows(group, list(group.rows), group.axis, space, cfg)
