"""The lowering pipeline. ``lower()`` runs the named stages in order; each is a plain function.

    canonicalize   decompose composites, fold constants, simplify index math, CSE, DCE   (passes/)
    fuse           group each einsum with its prologue and epilogue into one kernel      (passes/)
    sparsify       decide how each attention kernel skips masked key blocks, which GEMM
                   weights are block-sparse; returns a plan, changes nothing             (passes/)
    tile           assign tile roles, expose the schedule knobs as a search space, pick
                   a config                                                              (schedule/)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..gpu import GPU
from ..ir.graph import Graph
from ..ir.verifier import verify
from ..passes.canonicalize import canonicalize
from ..passes.fusion import Fused, fuse
from ..passes.sparsity import SparsityPlan, sparsify
from .space import Config, SearchSpace
from .tiling import TiledKernel, tile

PIPELINE = ("canonicalize", "fuse", "sparsify", "tile")


@dataclass
class Lowered:
    """What the pipeline hands a back end, with the text of each stage for ``tilefuse show``."""

    source: Graph
    graph: Graph
    fused: Fused
    kernels: list[TiledKernel]
    target: GPU
    stages: list[tuple[str, str]] = field(default_factory=list)
    sparsity: SparsityPlan = field(default_factory=SparsityPlan)

    @property
    def space(self) -> SearchSpace | None:
        """What tuning searches: one config schedules every kernel, so the first kernel's knobs under every
        kernel's constraints (and the first kernel's default). None when every op runs as an eager step."""
        return program_space(self.kernels)

    @property
    def schedule_dims(self) -> list[str]:
        """The dims a config choice depends on, in ``graph.dims`` order: those of the axes the tiles walk (M, N,
        K of a GEMM; the queries, keys and head dims of attention, and its batch axes, whose product sets how many
        key splits fill the GPU). A GEMM's batch dims are left out: they only repeat the same tiles."""
        names: set[str] = set()
        for k in self.kernels:
            axes = [getattr(k, role, None) for role in ("m_axis", "n_axis", "k_axis", "d_axis", "dv_axis")]
            if hasattr(k, "d_axis"):
                axes += list(k.batch_axes)
            names |= {str(s) for a in axes if a is not None for s in getattr(a.size, "free_symbols", ())}
        return [d for d in self.source.dims if d in names]


def program_space(kernels) -> SearchSpace | None:
    """One config schedules every kernel: the first kernel's knobs under every kernel's constraints."""
    # a rows kernel takes any GEMM or attention config, so those lead when there are some
    spaces = sorted((k for k in kernels if getattr(k, "space", None) is not None),
                    key=lambda k: k.group.kind == "rows")
    spaces = [k.space for k in spaces]
    if not spaces:
        return None
    return SearchSpace(list(spaces[0].knobs), [c for s in spaces for c in s.constraints], default=spaces[0].default)


@dataclass
class Analyzed:
    """The config-independent part of lowering: everything before ``tile``. Tuning lowers once and tiles per
    candidate config (``Analyzed.tile(config)``), instead of re-running every pass for each one."""

    source: Graph
    graph: Graph
    fused: Fused
    sparsity: SparsityPlan
    target: GPU
    stages: list[tuple[str, str]]

    def tile(self, config: Config | dict | None = None) -> Lowered:
        kernels = tile(self.fused, config, self.target, self.sparsity)
        stages = self.stages + [("tile", "\n".join(k.describe() for k in kernels))]
        return Lowered(self.source, self.graph, self.fused, kernels, self.target, stages, self.sparsity)

    @property
    def space(self) -> SearchSpace | None:
        """The program's search space (the same for every config)."""
        return program_space(tile(self.fused, None, self.target, self.sparsity))


def analyze(graph: Graph, *, target: GPU | None = None, require_fusion: bool = False,
            sparse: tuple[str, ...] = ()) -> Analyzed:
    """Run every stage of ``PIPELINE`` but ``tile``, verifying the IR after each graph-to-graph pass."""
    target = target or GPU()
    stages = [("trace", str(graph))]
    canonical = canonicalize(graph)
    verify(canonical)
    stages.append(("canonicalize", str(canonical)))
    fused = fuse(canonical, require_fusion=require_fusion)
    stages.append(("fuse", str(fused)))
    plan = sparsify(fused, sparse)
    stages.append(("sparsify", plan.describe()))
    return Analyzed(graph, canonical, fused, plan, target, stages)


def lower(graph: Graph, config: Config | dict | None = None, *, target: GPU | None = None,
          require_fusion: bool = False, sparse: tuple[str, ...] = ()) -> Lowered:
    """Run every stage of ``PIPELINE`` in order: ``analyze`` then ``tile``."""
    return analyze(graph, target=target, require_fusion=require_fusion, sparse=sparse).tile(config)
