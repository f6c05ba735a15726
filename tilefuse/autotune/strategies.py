"""Search strategies: which configs of a ``SearchSpace`` to measure next.

Every strategy has the same two-call interface, so the tune loop is a short loop over explicit knobs:

    configs = strategy.propose(8)            # up to 8 new configs, each valid and never proposed before
    strategy.update(measure(configs))        # learn from the results (also replays a resumed tune's history)

Invalid points are pruned by the space's constraints before anything is compiled: a strategy only proposes configs
with ``space.violations(config) == []``. Strategies minimize ``objectives.guide_value``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from typing import Protocol

import numpy as np

from .. import backends
from ..errors import ConfigError
from ..schedule.space import Config, SearchSpace
from .objectives import guide_values, parse_objective
from .records import Measurement


def space_size(space: SearchSpace) -> int:
    """Points of the knobs' product, before the constraints prune it."""
    return math.prod(len(k.values) for k in space.knobs)


def admissible(space: SearchSpace, config: Config) -> bool:
    """A point ``space.points()`` would yield: no constraint violated, and not the SPLIT_K=1 twin of a point
    (with one slice the split mode changes nothing, so ``points()`` keeps only the "reduce" spelling)."""
    if config.SPLIT_K == 1 and config.SPLIT_K_MODE != "reduce":
        return False
    return not space.violations(config)


def _canonical(config: Config) -> Config:
    if config.SPLIT_K == 1 and config.SPLIT_K_MODE != "reduce":
        return Config(**{**config.to_dict(), "SPLIT_K_MODE": "reduce"})
    return config


class Strategy:
    """Base class: remembers every config proposed or measured, so none is proposed twice.

    Subclasses yield candidates from ``_candidates(n)`` (in preference order, possibly invalid or already seen);
    ``propose`` keeps the first ``n`` admissible unseen ones. ``_learn`` runs after each ``update``.
    """

    name = "strategy"

    def __init__(self, space: SearchSpace, objective="latency", seed: int = 0):
        self.space = space
        self.objective = parse_objective(objective)
        self.seed = seed
        self.rng = random.Random(seed)
        self.seen: set[Config] = set()              # configs proposed or measured
        self.configs: list[Config] = []             # measured configs, in the order their results came
        self.measurements: list[Measurement] = []
        self._rest: list[Config] | None = None      # the unseen points in random order, once sampling misses

    def propose(self, n: int) -> list[Config]:
        """Up to ``n`` configs to measure next; fewer (or none) only when the space has no unseen valid point."""
        picked: list[Config] = []
        if n <= 0:
            return picked
        for config in self._candidates(n):
            if config.BACKEND != "triton":  # a sampled or mutated config as that back end builds it
                config = backends.get(config.BACKEND).canonical(config)
            if config in self.seen or not admissible(self.space, config):
                continue
            self.seen.add(config)
            picked.append(config)
            if len(picked) == n:
                break
        return picked

    def update(self, measurements: Sequence[Measurement]) -> None:
        """Feed results: fresh ones, or a resumed tune's history before its first ``propose``."""
        for m in measurements:
            config = Config.from_dict(m.config)
            self.seen.add(config)
            self.configs.append(config)
            self.measurements.append(m)
        if measurements:
            self._learn()

    def _candidates(self, n: int) -> Iterator[Config]:
        raise NotImplementedError

    def _learn(self) -> None:
        pass

    def _random_config(self) -> Config:
        return Config(**{k.name: self.rng.choice(k.values) for k in self.space.knobs})

    def _random(self, n: int) -> Iterator[Config]:
        """Uniform over the valid points (rejection sampling); once that keeps missing, the unseen rest in a
        seeded random order, so a nearly exhausted space still yields every point it has left."""
        if self._rest is None:
            for _ in range(64 * n + 256):
                yield self._random_config()
            self._rest = [c for c in self.space.points() if c not in self.seen]
            self.rng.shuffle(self._rest)
        self._rest = [c for c in self._rest if c not in self.seen]
        yield from self._rest

    def _ranked(self) -> list[tuple[float, Config]]:
        """Measured configs with a finite guide value, best first (ties keep measurement order)."""
        values = guide_values(self.measurements, self.objective)
        ranked = [(v, i) for i, v in enumerate(values) if math.isfinite(v)]
        ranked.sort()
        return [(v, self.configs[i]) for v, i in ranked]


class Exhaustive(Strategy):
    """Every valid point once, in ``space.points()`` order."""

    name = "exhaustive"

    def __init__(self, space: SearchSpace, objective="latency", seed: int = 0):
        super().__init__(space, objective, seed)
        self._points = space.points()

    def _candidates(self, n: int) -> Iterator[Config]:
        return self._points


class RandomSearch(Strategy):
    """Uniform random valid points without repeats (seeded)."""

    name = "random"

    def _candidates(self, n: int) -> Iterator[Config]:
        return self._random(n)


class Evolutionary(Strategy):
    """A population of the best measured configs breeds the next batch.

    A child is a crossover of two parents (each knob taken from either) with probability ``crossover``, else one
    parent's copy; a child already seen (every copy is) is mutated: one knob moves to a neighbouring value. Parents
    are picked by 2-way tournaments. Children violating constraints are discarded; when no new child turns up, the
    batch is filled at random.
    """

    name = "evolutionary"

    def __init__(self, space: SearchSpace, objective="latency", seed: int = 0, population: int = 16,
                 crossover: float = 0.5):
        super().__init__(space, objective, seed)
        self.population = population
        self.crossover = crossover
        self._mutable = [k for k in space.knobs if len(k.values) > 1]

    def _candidates(self, n: int) -> Iterator[Config]:
        parents = [c for _, c in self._ranked()[: self.population]]
        if parents:
            for _ in range(32 * n + 64):
                if len(parents) >= 2 and self.rng.random() < self.crossover:
                    child = self._cross(self._pick(parents), self._pick(parents))
                else:
                    child = self._pick(parents)
                if child in self.seen:
                    child = self._mutate(child)
                yield _canonical(child)
        yield from self._random(n)

    def _pick(self, parents: list[Config]) -> Config:
        i, j = self.rng.randrange(len(parents)), self.rng.randrange(len(parents))
        return parents[min(i, j)]    # parents are sorted best first

    def _cross(self, a: Config, b: Config) -> Config:
        return Config(**{k.name: getattr(a if self.rng.random() < 0.5 else b, k.name) for k in self.space.knobs})

    def _mutate(self, config: Config) -> Config:
        if not self._mutable:
            return config
        knob = self.rng.choice(self._mutable)
        current = getattr(config, knob.name)
        i = knob.values.index(current) if current in knob.values else self.rng.randrange(len(knob.values))
        step = self.rng.choice((-1, 1))
        if not 0 <= i + step < len(knob.values):
            step = -step
        return Config(**{**config.to_dict(), knob.name: knob.values[i + step]})


class Surrogate(Protocol):
    """What ``ModelGuided`` needs of a cost model (the XGBoost one plugs in here). Lower predictions are better."""

    def fit(self, configs: list[Config], values: list[float]) -> None: ...

    def predict(self, configs: list[Config]) -> list[float]: ...


class RidgeModel:
    """The default cost model, numpy only: ridge regression on a quadratic expansion of the knobs.

    Features: each numeric knob as log2 of its value scaled to [0, 1] over the knob's range, booleans as 0/1,
    categorical knobs one-hot; then their squares and pairwise products. The products (interactions such as tile
    area against warps) are penalized ``cross_penalty`` times harder than the rest, so with few measurements the fit
    stays close to a sum of per-knob parabolas and does not chase noise along knobs that do not matter.
    """

    def __init__(self, space: SearchSpace, ridge: float = 1e-5, cross_penalty: float = 100.0):
        self.space = space
        self.ridge = ridge
        self.cross_penalty = cross_penalty
        self.weights: np.ndarray | None = None
        self.bias = 0.0
        self._mean: np.ndarray | None = None
        self._penalty: np.ndarray | None = None

    def features(self, configs: Sequence[Config]) -> np.ndarray:
        """One row of features per config."""
        columns = []
        for knob in self.space.knobs:
            values = [getattr(c, knob.name) for c in configs]
            if all(type(v) is int and v > 0 for v in knob.values):
                lo, hi = math.log2(min(knob.values)), math.log2(max(knob.values))
                columns.append((np.log2(np.asarray(values, dtype=float)) - lo) / max(hi - lo, 1.0))
            elif all(type(v) is bool for v in knob.values):
                columns.append(np.asarray(values, dtype=float))
            else:
                columns.extend(np.asarray([v == choice for v in values], dtype=float) for choice in knob.values)
        base = np.stack(columns, axis=1) if columns else np.zeros((len(configs), 0))
        i, j = np.triu_indices(base.shape[1])
        self._penalty = np.concatenate([np.ones(base.shape[1]), np.where(i == j, 1.0, self.cross_penalty)])
        return np.concatenate([base, base[:, i] * base[:, j]], axis=1)

    def fit(self, configs: list[Config], values: list[float]) -> None:
        """Least squares with the ridge penalty; the intercept (mean value) is not penalized."""
        x = self.features(configs)
        y = np.asarray(values, dtype=float)
        self._mean = x.mean(axis=0)
        self.bias = float(y.mean())
        xc = x - self._mean
        gram = xc.T @ xc + self.ridge * len(y) * np.diag(self._penalty)
        self.weights = np.linalg.solve(gram, xc.T @ (y - self.bias))

    def predict(self, configs: list[Config]) -> list[float]:
        """Predicted values (lower is better); all equal before the first fit."""
        if self.weights is None:
            return [0.0] * len(configs)
        return ((self.features(configs) - self._mean) @ self.weights + self.bias).tolist()


class ModelGuided(Strategy):
    """Measure what a cost model predicts is best, with epsilon-greedy random exploration.

    Each ``update`` refits the model on every measured config: values are log(guide value), and failed configs
    get the worst finite value plus one (about 2.7x worse than the worst that ran). ``propose`` ranks a candidate
    pool by prediction: every unseen valid point when the space has at most ``enumerate_limit`` raw points, else
    ``pool_size`` random ones plus every one-knob neighbour of the 8 best measured. Each slot of a batch is random
    with probability ``epsilon``; the others take the predicted best in order, or, with ``top_k``, a random choice
    among the ``top_k`` predicted best (a more diverse batch). Until ``min_fit`` configs have run, proposals are
    random.
    """

    name = "model"

    def __init__(self, space: SearchSpace, objective="latency", seed: int = 0, model: Surrogate | None = None,
                 epsilon: float = 0.1, top_k: int | None = None, pool_size: int = 1024, enumerate_limit: int = 20000,
                 min_fit: int = 8):
        super().__init__(space, objective, seed)
        self.model = model if model is not None else RidgeModel(space)
        self.epsilon = epsilon
        self.top_k = top_k
        self.pool_size = pool_size
        self.min_fit = min_fit
        self.fitted = False
        self._all: list[Config] | None = None
        self._enumerate = space_size(space) <= enumerate_limit

    def _learn(self) -> None:
        values = guide_values(self.measurements, self.objective)
        logs = [math.log(v) for v in values if math.isfinite(v) and v > 0]
        if len(logs) < self.min_fit:
            return
        worst = max(logs) + 1.0
        targets = [math.log(v) if math.isfinite(v) and v > 0 else worst for v in values]
        self.model.fit(list(self.configs), targets)
        self.fitted = True

    def _pool(self) -> list[Config]:
        if self._enumerate:
            if self._all is None:
                self._all = list(self.space.points())
            return [c for c in self._all if c not in self.seen]
        pool: dict[Config, None] = {}    # an insertion-ordered set: the same pool for the same seed
        for parent in [c for _, c in self._ranked()[:8]]:
            for neighbour in _neighbours(self.space, parent):
                if neighbour not in self.seen and admissible(self.space, neighbour):
                    pool[neighbour] = None
        target = len(pool) + self.pool_size
        for _ in range(8 * self.pool_size):
            c = self._random_config()
            if c not in self.seen and c not in pool and admissible(self.space, c):
                pool[c] = None
                if len(pool) == target:
                    break
        return list(pool)

    def _candidates(self, n: int) -> Iterator[Config]:
        if self.fitted:
            explore = sum(self.rng.random() < self.epsilon for _ in range(n))
            exploit = n - explore
            pool = self._pool() if exploit else []
            if pool:
                order = np.argsort(np.asarray(self.model.predict(pool), dtype=float), kind="stable")
                if self.top_k and self.top_k > exploit:
                    chosen = self.rng.sample(list(order[: self.top_k]), exploit)
                else:
                    chosen = order[:exploit]
                for i in chosen:
                    yield pool[int(i)]
        yield from self._random(n)


def _neighbours(space: SearchSpace, config: Config) -> Iterator[Config]:
    """Configs one knob away: that knob moved to the next value up or down (canonical, maybe invalid)."""
    values = config.to_dict()
    for knob in space.knobs:
        value = getattr(config, knob.name)
        if value not in knob.values:
            continue
        i = knob.values.index(value)
        for j in (i - 1, i + 1):
            if 0 <= j < len(knob.values):
                yield _canonical(Config(**{**values, knob.name: knob.values[j]}))


STRATEGIES = {"exhaustive": Exhaustive, "random": RandomSearch, "evolutionary": Evolutionary, "model": ModelGuided}


def make_strategy(name: str, space: SearchSpace, objective="latency", seed: int = 0,
                  model: Surrogate | None = None) -> Strategy:
    """A strategy by name: "exhaustive", "random", "evolutionary" or "model" (``model`` is its cost model)."""
    if name not in STRATEGIES:
        raise ConfigError(f"unknown search strategy {name!r}; choose one of {', '.join(STRATEGIES)}")
    if model is not None and name != "model":
        raise ConfigError(f"a cost model guides only the 'model' strategy, not {name!r}")
    if name == "model":
        return ModelGuided(space, objective, seed, model=model)
    return STRATEGIES[name](space, objective, seed)
