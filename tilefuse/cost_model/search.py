"""The cost model in the tuner's search: ``LearnedSearch`` (``ModelGuided`` steered by a bound model),
``guide_model`` (a saved model, else the ridge fallback) and ``select_energy_aware``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..autotune.objectives import Objective, select_best
from ..autotune.records import Measurement, Workload
from ..autotune.strategies import ModelGuided, RidgeModel
from ..gpu import GPU
from ..schedule.space import Config, SearchSpace
from .models import CostModel, CostModelError, load_model


class LearnedSearch(ModelGuided):
    """``ModelGuided`` steered by a bound ``CostModel``: it ranks by the model's prior from the first batch
    (the predicted top-k, each slot random with probability ``epsilon``), and refits the online correction as
    measurements come in (retrained when they grew by the model's ``growth``)."""

    name = "learned"

    def __init__(self, space: SearchSpace, objective="latency", seed: int = 0, model: CostModel | None = None,
                 epsilon: float = 0.1, top_k: int | None = None, pool_size: int = 1024,
                 enumerate_limit: int = 20000):
        if model is None or model.workload is None:
            raise CostModelError("LearnedSearch needs a CostModel bound to the workload: model.bind(workload)")
        super().__init__(space, objective, seed, model=model, epsilon=epsilon, top_k=top_k, pool_size=pool_size,
                         enumerate_limit=enumerate_limit, min_fit=1)
        self.fitted = True


def guide_model(space: SearchSpace, workload: Workload, path=None, *, objective="latency", program=None,
                device: GPU | None = None):
    """The cost model for ``ModelGuided(space, model=...)``: the saved model at ``path`` bound to ``workload``,
    else (with the loader's one-line warning) ``RidgeModel(space)``."""
    model = load_model(path, device=device)
    if model is None:
        return RidgeModel(space)
    return model.bind(workload, objective=objective, program=program)


def select_energy_aware(model: CostModel, workload: Workload, configs: Sequence[Config],
                        measure: Callable[[list[Config]], Iterable[Measurement]], slack: float = 0.05,
                        confirm: int = 4, reference: Measurement | None = None
                        ) -> tuple[Measurement | None, list[Measurement]]:
    """Energy-aware choice: measure ``model.energy_candidates`` and keep the least energy within (1 + slack) x the
    best measured latency (the fastest when none has an energy reading). ``reference``: a config already measured
    with energy, typically the latency tune's best; it joins the comparison (so the choice is never more than
    ``slack`` slower than it) and is not measured again. Returns (choice, the new measurements)."""
    candidates = model.energy_candidates(workload, configs, slack, confirm)
    if reference is not None:
        candidates = [c for c in candidates if c.to_dict() != reference.config]
    measured = list(measure(candidates))
    pool = measured + ([reference] if reference is not None else [])
    return select_best(pool, Objective("energy_within", slack)), measured
