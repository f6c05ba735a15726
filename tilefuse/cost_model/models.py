"""Learned cost models: which config of a workload is fastest (or most frugal), before or while measuring.

``train_model`` fits three XGBoost boosters on tuning records (``Record``: device, workload, measurement):

* ``rank``: ``rank:pairwise`` over the configs of each workload (one query group per device and workload), its
  labels the configs' latency in 4% steps from the workload's best. ``CostModel.rank`` uses it (zero-measurement
  compile: the first config is the model's choice).
* ``latency``: log latency, as a correction to the analytic roofline estimate (``est_time_s``), so a shape never
  seen still gets the estimate's scale.
* ``energy``: log joules per call, the same way (estimate x half the board power), when records carry energy.

A ``CostModel`` is saved as a directory of JSON: XGBoost's own JSON model per booster and ``metadata.json`` with the
feature schema version and names; never pickled. ``load_model`` answers None with a one-line warning when xgboost, the
model or a matching schema is missing, and the caller keeps its heuristic (the default config, the analytic
ranking, or ``RidgeModel``).

Bound to a workload (``model.bind(workload)``), a ``CostModel`` is the ``fit``/``predict`` cost model the search
strategies take (``autotune.strategies.Surrogate``): its prior is the trained model's prediction (the analytic
estimate when untrained), plus an online XGBoost correction trained on the workload's own measurements, retrained
whenever they grew by 20%. ``LearnedSearch`` (``search.py``) is ``ModelGuided`` with such a model: it exploits
the prior from the first batch (predicted top-k plus epsilon-greedy exploration).
"""

from __future__ import annotations

import json
import math
import os
import statistics
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from ..autotune.objectives import Objective, parse_objective
from ..autotune.records import Device, Workload
from ..errors import ConfigError, TilefuseError
from ..gpu import GPU, KNOWN_GPUS
from ..schedule.space import Config
from ..version import __version__
from .features import FEATURE_NAMES, FEATURE_SCHEMA_VERSION, Featurizer

MODEL_FORMAT = "tilefuse-cost-model"
BOOSTERS = {"rank": "latency_rank.json", "latency": "latency.json", "energy": "energy.json"}
_EST = FEATURE_NAMES.index("log10_est_time_s")
_LN10 = math.log(10.0)
_RANK_STEP = math.log(1.04)     # ranking labels: one relevance level per 4% of latency


class CostModelError(TilefuseError):
    """A cost model cannot be trained, saved or loaded: no data, no xgboost, another schema, a broken file."""


def xgboost():
    """The xgboost module, or a CostModelError saying how to install it."""
    try:
        import xgboost as xgb
    except ImportError:
        raise CostModelError("xgboost is not installed (pip install xgboost-cpu)") from None
    return xgb


def _matrix(x: np.ndarray, threads: int = 1, **fields):
    """An XGBoost DMatrix (NaN: missing); one thread is much faster for the small matrices used here."""
    return xgboost().DMatrix(x, missing=np.nan, nthread=threads, **fields)


@dataclass(frozen=True)
class TrainParams:
    """Booster settings. ``nthread`` 0: one thread under 20000 rows (small fits are fastest and reproducible on
    one), else up to 8. The ``online_*`` settings are the per-workload correction's."""

    rounds: int = 200
    depth: int = 4
    eta: float = 0.08
    min_child_weight: float = 1.0
    reg_lambda: float = 1.0
    max_bin: int = 64
    pairs_per_sample: int = 8
    seed: int = 0
    nthread: int = 0
    online_rounds: int = 40
    online_depth: int = 3
    online_eta: float = 0.3

    def threads(self, rows: int) -> int:
        if self.nthread > 0:
            return self.nthread
        return 1 if rows < 20000 else max(1, min(8, os.cpu_count() or 1))

    def booster_params(self, objective: str, rows: int, **extra) -> dict:
        return {"objective": objective, "eta": self.eta, "max_depth": self.depth,
                "min_child_weight": self.min_child_weight, "lambda": self.reg_lambda, "max_bin": self.max_bin,
                "tree_method": "hist", "seed": self.seed, "nthread": self.threads(rows), **extra}

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict) -> TrainParams:
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


# ---- training data ----------------------------------------------------------------------------------------------

@dataclass
class Dataset:
    """Feature rows of the ok measurements, one per (device, workload, config) (repeats: the median), grouped by
    (device, workload) in contiguous runs."""

    features: np.ndarray
    latency: np.ndarray           # seconds per call
    energy: np.ndarray            # joules per call; NaN without a reading
    group: np.ndarray             # index into ``workloads`` per row
    workloads: list[tuple[Device, Workload]]
    configs: list[Config]
    devices: dict[str, GPU]
    skipped: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.latency)

    @property
    def est_time(self) -> np.ndarray:
        return 10.0 ** self.features[:, _EST]

    def group_sizes(self) -> list[int]:
        return np.bincount(self.group, minlength=len(self.workloads)).tolist()


def workload_key(device: Device, workload: Workload) -> tuple:
    return (device.name, device.fingerprint, workload.program, workload.dtype, workload.shape_key, workload.signature)


def collect(records: Iterable) -> tuple[dict[tuple, dict], dict[str, int]]:
    """Group records by (device, workload), then config: ``{key: {"device", "workload", "configs": {config:
    ([latencies], [energies])}}}``. Only ok measurements count; a config that ever gave a wrong result for a
    workload, a config this tilefuse cannot read, and another back end's kernel (the model's features describe
    Triton kernels) are left out (counted in the second value)."""
    groups: dict[tuple, dict] = {}
    skipped = {"failed": 0, "wrong": 0, "unreadable config": 0, "other back end": 0}
    wrong: set[tuple] = set()
    rows = []
    for r in records:
        m = r.measurement
        try:
            config = Config.from_dict(m.config)
        except ConfigError:
            skipped["unreadable config"] += 1
            continue
        if config.BACKEND != "triton":
            skipped["other back end"] += 1
            continue
        key = workload_key(r.device, r.workload)
        if m.status == "wrong":
            wrong.add((key, config))
        if not m.ok or not (m.latency > 0 and math.isfinite(m.latency)):
            skipped["failed"] += 1
            continue
        rows.append((key, r, config, m))
    for key, r, config, m in rows:
        if (key, config) in wrong:
            skipped["wrong"] += 1
            continue
        group = groups.setdefault(key, {"device": r.device, "workload": r.workload, "configs": {}})
        latencies, energies = group["configs"].setdefault(config, ([], []))
        latencies.append(m.latency)
        if m.energy is not None and m.energy > 0 and math.isfinite(m.energy):
            energies.append(m.energy)
    return dict(sorted(groups.items())), {k: v for k, v in skipped.items() if v}


def build_dataset(records: Iterable, featurizer: Featurizer, device: GPU | None = None) -> Dataset:
    """The training rows of ``records``. ``device`` overrides the spec every record's device would get from
    ``GPU.for_device`` (e.g. measured ceilings)."""
    groups, skipped = collect(records)
    features, latency, energy, group_ids, workloads, configs, devices = [], [], [], [], [], [], {}
    for i, g in enumerate(groups.values()):
        spec = device or GPU.for_device(g["device"])
        devices[g["device"].fingerprint] = spec
        chosen = list(g["configs"])
        features.append(featurizer.matrix(g["workload"], chosen, spec))
        for config in chosen:
            lat, en = g["configs"][config]
            latency.append(statistics.median(lat))
            energy.append(statistics.median(en) if en else math.nan)
        group_ids += [i] * len(chosen)
        workloads.append((g["device"], g["workload"]))
        configs += chosen
    x = np.concatenate(features) if features else np.zeros((0, len(FEATURE_NAMES)))
    return Dataset(x, np.asarray(latency, dtype=float), np.asarray(energy, dtype=float),
                   np.asarray(group_ids, dtype=int), workloads, configs, devices, skipped)


def relevance(latency: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Ranking labels: 31 for a workload's fastest config, one less per 4% slower, 0 from about 3.4x slower."""
    log = np.log(latency)
    best = np.full(group.max() + 1 if len(group) else 0, np.inf)
    np.minimum.at(best, group, log)
    return np.clip(31 - np.floor((log - best[group]) / _RANK_STEP), 0, 31)


def _energy_base(features: np.ndarray, spec_power: np.ndarray) -> np.ndarray:
    """ln of the energy estimate: the roofline time at half the board power."""
    return features[:, _EST] * _LN10 + np.log(spec_power / 2.0)


def train_model(records: Iterable, *, featurizer: Featurizer | None = None, programs=(),
                device: GPU | None = None, params: TrainParams | None = None) -> CostModel:
    """Fit the rank, latency and (with energy readings) energy boosters on ``records``; see the module docstring.

    Raises CostModelError when nothing is left to learn from (no ok measurement with a latency).
    """
    xgb = xgboost()
    params = params or TrainParams()
    featurizer = featurizer or Featurizer(programs)
    data = build_dataset(records, featurizer, device)
    if len(data) == 0:
        dropped = ", ".join(f"{v} {k}" for k, v in data.skipped.items()) or "no records"
        raise CostModelError(f"no ok measurement with a latency to train on ({dropped}); the heuristic ranking "
                             "(analytic roofline estimate) stays in use")
    boosters, base = {}, {}
    x, rows = data.features, len(data)
    if max(data.group_sizes()) >= 2:
        matrix = _matrix(x, params.threads(rows), label=relevance(data.latency, data.group),
                         group=data.group_sizes(), base_margin=-data.features[:, _EST] * _LN10)
        boosters["rank"] = xgb.train(params.booster_params(
            "rank:pairwise", rows, lambdarank_pair_method="mean",
            lambdarank_num_pair_per_sample=params.pairs_per_sample), matrix, params.rounds)
    target = np.log(data.latency) - data.features[:, _EST] * _LN10
    base["latency"] = float(np.median(target))
    boosters["latency"] = xgb.train(params.booster_params("reg:squarederror", rows, base_score=base["latency"]),
                                    _matrix(x, params.threads(rows), label=target), params.rounds)
    has_energy = np.isfinite(data.energy)
    if has_energy.sum() >= 8:
        power = np.asarray([data.devices[d.fingerprint].tdp_w for d, _ in data.workloads])[data.group]
        target = np.log(data.energy[has_energy]) - _energy_base(x[has_energy], power[has_energy])
        base["energy"] = float(np.median(target))
        boosters["energy"] = xgb.train(params.booster_params("reg:squarederror", int(has_energy.sum()),
                                                             base_score=base["energy"]),
                                       _matrix(x[has_energy], params.threads(rows), label=target), params.rounds)
    specs = sorted(data.devices.values(), key=lambda s: s.name)
    rows_per_device = np.bincount([specs.index(data.devices[d.fingerprint]) for d, _ in data.workloads],
                                  weights=data.group_sizes(), minlength=len(specs))
    sources = {w.program: featurizer.facts(w).source for _, w in data.workloads}
    metadata = {
        "format": MODEL_FORMAT, "feature_schema_version": FEATURE_SCHEMA_VERSION, "feature_names": list(FEATURE_NAMES),
        "boosters": {name: BOOSTERS[name] for name in boosters}, "base_scores": base, "params": params.to_json(),
        # the device predictions are for by default: the one with the most training rows
        "device": (device or specs[int(np.argmax(rows_per_device))]).to_json(),
        "devices": [s.to_json() for s in specs],
        "training": {"rows": rows, "workloads": len(data.workloads), "energy_rows": int(has_energy.sum()),
                     "skipped": data.skipped, "programs": dict(sorted(sources.items())),
                     "compiled_arch": featurizer.compiled.arch if featurizer.compiled is not None else None,
                     "shapes": sorted({f"{w.program} {w.dtype} {w.shape_key}" for _, w in data.workloads})},
        "tilefuse_version": __version__, "xgboost_version": xgb.__version__,
    }
    return CostModel(boosters, metadata, featurizer=featurizer)


# ---- the model ----------------------------------------------------------------------------------------------------

class CostModel:
    """Trained boosters (possibly none: then the analytic roofline estimate stands in) and their metadata.

    Unbound: ``predict_latency``, ``predict_energy``, ``rank``, ``energy_candidates`` for any workload. Bound
    (``bind``): the ``fit(configs, values)`` / ``predict(configs)`` protocol of ``autotune.strategies`` for one
    workload, with log-valued predictions (lower is better) under the bound objective.
    """

    def __init__(self, boosters: dict | None = None, metadata: dict | None = None, *,
                 featurizer: Featurizer | None = None, device: GPU | None = None):
        self.boosters = dict(boosters or {})
        self.metadata = dict(metadata or {})
        self.featurizer = featurizer or Featurizer()
        if device is None:
            device = (GPU.from_json(self.metadata["device"]) if "device" in self.metadata
                      else GPU.for_device(None))
        self.device = device
        self.params = TrainParams.from_json(self.metadata.get("params", {}))
        # bound state (see ``bind``)
        self.workload: Workload | None = None
        self.objective: Objective = parse_objective("latency")
        self.growth = 0.2
        self.min_fit = 8
        self._offset = 0.0
        self._online = None
        self._trained_at = 0
        self.retrains = 0

    def __repr__(self) -> str:
        what = ", ".join(self.boosters) or "untrained: analytic estimate"
        bound = f" bound to {self.workload.program} {self.workload.shape_key}" if self.workload else ""
        return f"<CostModel ({what}) for {self.device.name}{bound}>"

    @property
    def trained(self) -> bool:
        return bool(self.boosters)

    # ---- predictions for any workload -------------------------------------------------------------------------

    def features(self, workload: Workload, configs: Sequence[Config]) -> np.ndarray:
        return self.featurizer.matrix(workload, configs, self.device)

    def _predict(self, name: str, x: np.ndarray, margin: np.ndarray | None = None) -> np.ndarray:
        return np.asarray(self.boosters[name].predict(_matrix(x, base_margin=margin)), dtype=float)

    def _log_latency(self, x: np.ndarray) -> np.ndarray:
        base = x[:, _EST] * _LN10
        return base + self._predict("latency", x) if "latency" in self.boosters else base

    def _log_energy(self, x: np.ndarray) -> np.ndarray | None:
        base = _energy_base(x, np.full(len(x), self.device.tdp_w))
        if "energy" in self.boosters:
            return base + self._predict("energy", x)
        return None if self.trained else base

    def predict_latency(self, workload: Workload, configs: Sequence[Config]) -> np.ndarray:
        """Predicted seconds per call."""
        return np.exp(self._log_latency(self.features(workload, configs)))

    def predict_energy(self, workload: Workload, configs: Sequence[Config]) -> np.ndarray | None:
        """Predicted joules per call; None for a trained model without an energy booster."""
        log = self._log_energy(self.features(workload, configs))
        return None if log is None else np.exp(log)

    def scores(self, workload: Workload, configs: Sequence[Config], scorer: str | None = None) -> np.ndarray:
        """Ranking scores, lower is better: ``scorer`` "rank" (the pairwise ranker), "latency" (the regressor) or
        "heuristic" (the analytic estimate); by default the best this model has."""
        x = self.features(workload, configs)
        scorer = scorer or ("rank" if "rank" in self.boosters else "latency")
        if scorer == "heuristic" or scorer not in self.boosters:
            return x[:, _EST]
        if scorer == "rank":
            return -self._predict("rank", x, margin=-x[:, _EST] * _LN10)
        return self._log_latency(x)

    def rank(self, workload: Workload, configs: Sequence[Config], scorer: str | None = None) -> list[Config]:
        """``configs`` best first by the model (ties keep their order): the first is the zero-measurement choice."""
        configs = list(configs)
        if not configs:
            return []
        order = np.argsort(self.scores(workload, configs, scorer), kind="stable")
        return [configs[int(i)] for i in order]

    def energy_candidates(self, workload: Workload, configs: Sequence[Config], slack: float = 0.05,
                          confirm: int = 4) -> list[Config]:
        """Configs to measure for an energy@slack choice: the predicted fastest (it sets the latency bound), then
        the least predicted energy among those predicted within (1 + slack) x the best predicted latency; at most
        ``confirm`` in all. Without an energy booster: the ``confirm`` predicted fastest."""
        configs = list(configs)
        if not configs:
            return []
        x = self.features(workload, configs)
        latency = self._log_latency(x)
        energy = self._log_energy(x)
        fastest = int(np.argmin(latency))
        if energy is None:
            return [configs[int(i)] for i in np.argsort(latency, kind="stable")[:confirm]]
        within = np.flatnonzero(latency <= latency[fastest] + math.log1p(slack))
        frugal = [int(i) for i in within[np.argsort(energy[within], kind="stable")] if i != fastest]
        return [configs[i] for i in [fastest] + frugal[: max(confirm - 1, 0)]]

    # ---- bound to one workload: the strategies' fit / predict -------------------------------------------------

    def bind(self, workload: Workload, *, objective="latency", program=None, device: GPU | None = None,
             growth: float = 0.2, min_fit: int = 8) -> CostModel:
        """A copy bound to ``workload`` (sharing the boosters) for ``ModelGuided``/``LearnedSearch``.

        ``program``: the workload's ``Program``, for features from its lowered kernel. ``growth``: retrain the
        online correction when the measurements grew by this fraction since it was last trained; ``min_fit``: not
        before this many.
        """
        featurizer = self.featurizer
        if program is not None and featurizer.programs.get(program.name) is not program:
            featurizer = Featurizer({**featurizer.programs, program.name: program}, sparse=featurizer.sparse,
                                    density=featurizer.density, masked_fraction=featurizer.masked,
                                    compiled=featurizer.compiled)
        bound = CostModel(self.boosters, self.metadata, featurizer=featurizer, device=device or self.device)
        bound.workload = workload
        bound.objective = parse_objective(objective)
        bound.growth, bound.min_fit = growth, min_fit
        return bound

    def _bound(self) -> Workload:
        if self.workload is None:
            raise CostModelError("this CostModel is not bound to a workload: use model.bind(workload) for "
                                 "fit/predict, or model.rank(workload, configs)")
        return self.workload

    def _prior(self, x: np.ndarray) -> np.ndarray:
        """The trained model's log value of the bound objective."""
        kind = self.objective.kind
        latency = self._log_latency(x)
        if kind == "latency":
            return latency
        energy = self._log_energy(x)
        if energy is None:
            return latency
        return energy + latency if kind == "edp" else energy

    def fit(self, configs: list[Config], values: list[float]) -> None:
        """Learn from the bound workload's measurements (``values``: log objective values, lower is better)."""
        workload = self._bound()
        keep = [i for i, v in enumerate(values) if math.isfinite(v)]
        if not keep:
            return
        x = self.features(workload, [configs[i] for i in keep])
        residual = np.asarray([values[i] for i in keep], dtype=float) - self._prior(x)
        self._offset = float(np.median(residual))
        n = len(keep)
        due = self._trained_at == 0 or n >= self._trained_at * (1 + self.growth)
        if n < self.min_fit or not due:
            return
        try:
            xgb = xgboost()
        except CostModelError:
            return  # without xgboost the calibrated prior is the model
        p = self.params
        self._online = xgb.train(
            {"objective": "reg:squarederror", "eta": p.online_eta, "max_depth": p.online_depth, "lambda": 1.0,
             "min_child_weight": 1.0, "max_bin": p.max_bin, "tree_method": "hist", "seed": p.seed, "nthread": 1,
             "base_score": 0.0},
            _matrix(x, label=residual - self._offset), p.online_rounds)
        self._trained_at = n
        self.retrains += 1

    def predict(self, configs: list[Config]) -> list[float]:
        """Predicted log objective values of ``configs`` for the bound workload (lower is better)."""
        workload = self._bound()
        if not configs:
            return []
        x = self.features(workload, configs)
        value = self._prior(x) + self._offset
        if self._online is not None:
            value = value + self._online.predict(_matrix(x))
        return value.tolist()

    # ---- saving and loading -------------------------------------------------------------------------------------

    def save(self, directory: str | os.PathLike) -> Path:
        """Write the boosters (XGBoost JSON) and ``metadata.json`` to ``directory``; returns the metadata path."""
        if not self.trained:
            raise CostModelError("an untrained CostModel (the analytic estimate) has nothing to save")
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        for name, booster in self.boosters.items():
            tmp = out / f".{BOOSTERS[name]}.tmp{os.getpid()}.json"
            booster.save_model(str(tmp))
            os.replace(tmp, out / BOOSTERS[name])
        path = out / "metadata.json"
        tmp = out / f".metadata.json.tmp{os.getpid()}"
        tmp.write_text(json.dumps(self.metadata, indent=2, sort_keys=True) + "\n")
        os.replace(tmp, path)
        return path

    @classmethod
    def load(cls, directory: str | os.PathLike, *, featurizer: Featurizer | None = None, programs=(),
             device: GPU | None = None) -> CostModel:
        """Read a saved model; CostModelError (one clear line) when it is missing, broken or of another schema."""
        where = Path(directory)
        meta_path = where / "metadata.json"
        if not meta_path.is_file():
            raise CostModelError(f"no cost model at {where} (no metadata.json)")
        try:
            metadata = json.loads(meta_path.read_text())
        except (OSError, ValueError) as exc:
            raise CostModelError(f"{meta_path} is not readable JSON ({exc})") from None
        if not isinstance(metadata, dict) or metadata.get("format") != MODEL_FORMAT:
            raise CostModelError(f"{meta_path} is not a tilefuse cost model")
        version, names = metadata.get("feature_schema_version"), metadata.get("feature_names")
        if version != FEATURE_SCHEMA_VERSION or names != list(FEATURE_NAMES):
            raise CostModelError(f"the cost model at {where} uses feature schema {version}, this tilefuse computes "
                                 f"schema {FEATURE_SCHEMA_VERSION}; retrain it with `tilefuse model train`")
        xgb = xgboost()
        boosters = {}
        for name, file in metadata.get("boosters", {}).items():
            booster = xgb.Booster()
            try:
                booster.load_model(str(where / file))
                booster.set_param("nthread", 1)
            except (xgb.core.XGBoostError, OSError) as exc:
                raise CostModelError(f"cannot read the {name} booster {where / file}: "
                                     f"{str(exc).splitlines()[0]}") from None
            boosters[name] = booster
        if "latency" not in boosters:
            raise CostModelError(f"the cost model at {where} has no latency booster")
        return cls(boosters, metadata, featurizer=featurizer or Featurizer(programs), device=device)


def load_model(path: str | os.PathLike | None, *, programs=(), device: GPU | None = None,
               featurizer: Featurizer | None = None) -> CostModel | None:
    """``CostModel.load``, or None after a one-line warning saying why and that the heuristics stay in use."""
    if path is None:
        return None
    try:
        return CostModel.load(path, programs=programs, device=device, featurizer=featurizer)
    except CostModelError as exc:
        warnings.warn(f"tilefuse: {exc.message}; using the heuristics (default config, analytic ranking, "
                      "RidgeModel search)", stacklevel=2)
        return None


PRETRAINED = Path(__file__).parent / "pretrained"


def pretrained_path(device: Device | str | None) -> Path | None:
    """Where the model packaged for ``device`` lives (``pretrained/<h100|h200|h100-pcie|a100>/``, which exists once
    ``tilefuse model train --out`` wrote it there); None for a GPU outside ``KNOWN_GPUS``."""

    name = device.name if isinstance(device, Device) else device or ""
    key = next((k for k in KNOWN_GPUS if k.lower() in name.lower()), None)
    return None if key is None else PRETRAINED / key.lower().replace(" ", "-")


def load_pretrained(device: Device | str | None = None, **kwargs) -> CostModel | None:
    """The packaged model for ``device`` (default: this machine's GPU), or None with ``load_model``'s warning."""
    device = device if device is not None else Device.current()
    path = pretrained_path(device)
    if path is None:
        name = device.name if isinstance(device, Device) else device
        warnings.warn(f"tilefuse: no packaged cost model for {name}; using the heuristics (default config, "
                      "analytic ranking, RidgeModel search)", stacklevel=2)
        return None
    return load_model(path, **kwargs)


def rank(workload: Workload, configs: Sequence[Config], model: CostModel | str | os.PathLike | None = None, *,
         programs=(), device: GPU | None = None) -> list[Config]:
    """``configs`` best first by ``model`` (a ``CostModel`` or a saved model's directory); without a usable model,
    by the analytic roofline estimate."""
    if not isinstance(model, CostModel):
        model = load_model(model, programs=programs, device=device) if model is not None else None
    if model is None:
        model = CostModel(featurizer=Featurizer(programs), device=device or GPU.for_device(None))
    return model.rank(workload, configs)


# ---- reading records ----------------------------------------------------------------------------------------------

def read_records(paths: Iterable[str | os.PathLike]) -> tuple[list, dict]:
    """Tuning records from JSON-lines files (a directory: every ``*.jsonl`` under it). Lines that are not
    ``{device, workload, measurement}`` records (benchmark ``meta`` lines, a half-written last line) are skipped
    and counted. Returns (records, {"files": n, "skipped": n})."""
    from ..autotune.db import Record

    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(p.rglob("*.jsonl"))
        elif p.is_file():
            files.append(p)
        else:
            raise CostModelError(f"no such records file or directory: {p}")
    records, skipped = [], 0
    for file in files:
        with open(file, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                try:
                    records.append(Record.from_json(json.loads(line)))
                except (ValueError, KeyError, TypeError, AttributeError):
                    skipped += 1
    return records, {"files": len(files), "skipped": skipped}
