"""Backend-neutral schedules: the search space (``Config``, ``Knob``, ``Constraint``, ``SearchSpace``), the
tile stage that assigns each kernel group its roles and config, and the lowering pipeline ``lower()``."""

from ..gpu import GPU
from .pipeline import PIPELINE, Analyzed, Lowered, analyze, lower
from .space import Config, Constraint, Knob, SearchSpace
from .tiling import TiledKernel, attention_space, gemm_space, tile

__all__ = ["PIPELINE", "Analyzed", "Config", "Constraint", "Knob", "Lowered", "SearchSpace", "GPU",
           "TiledKernel", "analyze", "attention_space", "gemm_space", "lower", "tile"]
