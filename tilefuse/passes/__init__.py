"""Graph passes: pure functions from one value to the next; none changes its input.

    canonicalize   graph -> graph: decompose composites, fold constants, simplify index math, CSE, DCE
    fuse           graph -> Fused: group each einsum with its prologue and epilogue into one kernel
    sparsify       Fused -> SparsityPlan: how attention kernels skip masked key blocks; sparse weights

The pipeline that runs them in order, then tiles, is ``tilefuse.schedule.lower``.
"""

from .canonicalize import canonicalize
from .fusion import Fused, fuse
from .sparsity import SparsityPlan, sparsify

__all__ = ["Fused", "SparsityPlan", "canonicalize", "fuse", "sparsify"]
