"""The learned cost model: predicts which schedule of a workload is fastest (or most frugal) from features of the
lowered kernel, the config and the GPU, so the tuner measures less and ``compile`` can choose without measuring.

* ``features``: ``FEATURE_NAMES`` (schema ``FEATURE_SCHEMA_VERSION``) per (program, shape, config, device):
  analytic (FLOPs, bytes, tiles, waves, occupancy, padding, L2 reuse, masking, ...), device facts (``GPU``)
  and optional offline-compiled facts (``CompiledFacts``); ``Featurizer`` resolves records to them.
* ``models``: ``train_model`` (XGBoost: a pairwise latency ranker and log-latency / log-energy regressors),
  ``CostModel`` (``rank``, ``predict_latency``, ``predict_energy``, ``energy_candidates``; ``bind(workload)`` for
  the search strategies' ``fit``/``predict``), ``load_model`` (None with a warning: use the heuristics),
  ``load_pretrained`` (the model packaged under ``pretrained/<gpu>/`` for this GPU),
  ``LearnedSearch`` and ``select_energy_aware``.
* ``evaluate``: held-out metrics (regret, recall, Kendall tau, search cost against random and evolutionary
  search, energy), a rich report and a regret plot.
* ``cli``: ``tilefuse model train|eval|rank``.

xgboost (``pip install xgboost-cpu``) is needed to train or load a model; without it every caller falls back to the
analytic estimate, the default config or ``RidgeModel``. Importing this package imports neither xgboost nor triton.
"""

from ..gpu import GPU
from .features import FEATURE_NAMES, FEATURE_SCHEMA_VERSION, CompiledFacts, Featurizer
from .models import (
    CostModel,
    CostModelError,
    TrainParams,
    load_model,
    load_pretrained,
    pretrained_path,
    rank,
    read_records,
    train_model,
)
from .search import LearnedSearch, guide_model, select_energy_aware

__all__ = ["FEATURE_NAMES", "FEATURE_SCHEMA_VERSION", "CompiledFacts", "CostModel", "CostModelError", "GPU",
           "Featurizer", "LearnedSearch", "TrainParams", "guide_model", "load_model", "load_pretrained",
           "pretrained_path", "rank", "read_records", "select_energy_aware", "train_model"]
