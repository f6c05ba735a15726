"""The lowering pipeline. ``lower()`` runs the named passes in order; each is a plain function.

    canonicalize   decompose composites, fold constants, simplify index math, CSE, DCE
    fuse           group each einsum with its prologue and epilogue into one kernel
    sparsify       decide how each attention kernel skips masked key blocks (bounds or block tables)
    tile           assign tile roles, expose the schedule knobs as a search space, pick a config
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ir.graph import Graph
from ..ir.verifier import verify
from .canonicalize import canonicalize
from .fusion import Fused, fuse
from .sparsity import sparsify
from .tiling import Config, SearchSpace, Target, TiledKernel, tile

PIPELINE = ("canonicalize", "fuse", "sparsify", "tile")


@dataclass
class Lowered:
    """What the pipeline hands the code generator, with the text of each stage for ``tilefuse show``."""

    source: Graph
    graph: Graph
    fused: Fused
    kernels: list[TiledKernel]
    target: Target
    stages: list[tuple[str, str]] = field(default_factory=list)

    @property
    def space(self) -> SearchSpace | None:
        """What tuning searches: one config schedules every kernel, so the first kernel's knobs under every
        kernel's constraints (and the first kernel's default). None when every op runs as an eager step."""
        spaces = [k.space for k in self.kernels if getattr(k, "space", None) is not None]
        if not spaces:
            return None
        return SearchSpace(list(spaces[0].knobs), [c for s in spaces for c in s.constraints],
                           default=spaces[0].default)


def lower(graph: Graph, config: Config | dict | None = None, *, target: Target | None = None,
          require_fusion: bool = False, sparse: tuple[str, ...] = ()) -> Lowered:
    """Run every pass of ``PIPELINE`` in order, verifying the IR after each graph-to-graph pass."""
    target = target or Target()
    stages = [("trace", str(graph))]
    canonical = canonicalize(graph)
    verify(canonical)
    stages.append(("canonicalize", str(canonical)))
    fused = fuse(canonical, require_fusion=require_fusion)
    stages.append(("fuse", str(fused)))
    stages.append(("sparsify", sparsify(fused, sparse)))
    kernels = tile(fused, config, target)
    stages.append(("tile", "\n".join(k.describe() for k in kernels)))
    return Lowered(graph, canonical, fused, kernels, target, stages)


__all__ = ["PIPELINE", "Config", "Lowered", "SearchSpace", "Target", "canonicalize", "fuse", "lower", "tile"]
