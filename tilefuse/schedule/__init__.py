"""Backend-neutral schedules: the search space (``Config``, ``Knob``, ``Constraint``, ``SearchSpace``), the
tile stage that assigns each kernel group its roles and config, the lowering pipeline ``lower()``, and the
kernel plans a back end prints (``plan_program``)."""

from ..gpu import GPU
from .pipeline import PIPELINE, Analyzed, Lowered, analyze, lower
from .plans import AttentionPlan, BlockTablePlan, EagerPlan, GemmPlan, LaunchPlan, plan_program
from .space import Config, Constraint, Knob, SearchSpace
from .tiling import TiledKernel, attention_space, gemm_space, tile

__all__ = ["GPU", "PIPELINE", "Analyzed", "AttentionPlan", "BlockTablePlan", "Config", "Constraint", "EagerPlan",
           "GemmPlan", "Knob", "LaunchPlan", "Lowered", "SearchSpace", "TiledKernel", "analyze", "attention_space",
           "gemm_space", "lower", "plan_program", "tile"]
