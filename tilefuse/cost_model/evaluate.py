"""How good is a cost model on workloads it never saw? Metrics from tuning records alone (no GPU).

Held-out workloads: without a given model, the records' workloads are split into folds by shape (each device and
workload a unit) or by program, and each fold is scored by a model trained on the other folds. With a given model,
every workload in the records is scored by it (they should be absent from its training data).

Per held-out workload, over its measured configs:

* ranking: top-1 regret (the model's first choice over the best measured, minus 1: the zero-shot regret, as no
  measurement of the workload is used), top-5 regret (best of the model's top 5, measured), top-5 recall, and
  Kendall's tau-b between predicted and measured order; for the pairwise ranker, the latency regressor, and the
  analytic estimate (heuristic) as a baseline;
* search: each strategy runs the real tune loop over the measured set (it may only "measure" configs present in
  the records for that workload, and gets their recorded results): measurements needed to come within 2% of the
  exhaustive best, and the regret after 10% of the set; random, evolutionary, ridge (``ModelGuided`` with its
  default ``RidgeModel``) and learned (``LearnedSearch`` with the model), each over several seeds;
* energy (records with energy readings): the energy model's median absolute % error, and the energy saved by the
  energy-aware choice (measure ``energy_candidates``, keep the least energy within 5% of the fastest measured)
  against the fastest config, with its latency cost; the oracle (energy@5% over all of them) for comparison.

``evaluate`` returns a JSON-able dict; ``print_report`` shows it as rich tables; ``plot_regret`` draws mean regret
against measurements per strategy.
"""

from __future__ import annotations

import json
import math
import random
import statistics
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np

from ..autotune.objectives import Objective, select_best
from ..autotune.records import Device, Measurement, Workload
from ..autotune.strategies import Evolutionary, ModelGuided, RandomSearch
from ..autotune.tuner import tune
from ..errors import ConfigError
from ..gpu import GPU
from ..schedule.space import Config, Constraint, Knob, SearchSpace
from .features import FEATURE_NAMES, Featurizer
from .models import CostModel, CostModelError, TrainParams, train_model, workload_key
from .search import LearnedSearch, select_energy_aware

STRATEGIES = ("random", "evolutionary", "ridge", "learned")
SCORERS = ("rank", "latency", "heuristic")
WITHIN = 0.02            # "within 2% of the exhaustive best"
BUDGET_FRACTION = 0.10   # regret after measuring 10% of the set
_MEMORY_BOUND = FEATURE_NAMES.index("memory_bound")


# ---- one workload's measured set --------------------------------------------------------------------------------

@dataclass(eq=False)
class MeasuredSpace(SearchSpace):
    """A search space whose points are exactly the measured configs: every other config violates "measured"."""

    measured: list[Config] = field(default_factory=list)

    def points(self):
        return iter(self.measured)


@dataclass(eq=False)
class WorkloadTable:
    """What was measured for one workload on one device: every config once, its median ok latency and energy,
    and the status of configs that never ran correctly."""

    device: Device
    workload: Workload
    configs: list[Config]
    latency: dict[Config, float]
    energy: dict[Config, float]
    status: dict[Config, str]

    @property
    def ok(self) -> list[Config]:
        return [c for c in self.configs if c in self.latency]

    @property
    def best(self) -> float:
        return min(self.latency.values())

    @property
    def label(self) -> str:
        return f"{self.workload.program} {self.workload.dtype} {self.workload.shape_key}"

    def measurement(self, config: Config) -> Measurement:
        if config not in self.latency:
            return Measurement(config.to_dict(), status=self.status.get(config, "runtime_error"))
        return Measurement(config.to_dict(), latency=self.latency[config], energy=self.energy.get(config))

    def space(self) -> MeasuredSpace:
        knobs = []
        for f in fields(Config):
            values = sorted({getattr(c, f.name) for c in self.configs}, key=lambda v: (str(type(v)), v))
            knobs.append(Knob(f.name, tuple(values), "values among the measured configs"))
        allowed = set(self.configs)
        measured = Constraint("measured", lambda c: None if c in allowed else "not among the measured configs")
        return MeasuredSpace(knobs, [measured], measured=list(self.configs))


def _canonical(config: Config) -> Config:
    if config.SPLIT_K == 1 and config.SPLIT_K_MODE != "reduce":   # one slice: the mode changes nothing
        return Config(**{**config.to_dict(), "SPLIT_K_MODE": "reduce"})
    return config


def workload_tables(records: Iterable) -> list[WorkloadTable]:
    """One table per (device, workload), in a stable order."""
    grouped: dict[tuple, dict] = {}
    for r in records:
        try:
            config = _canonical(Config.from_dict(r.measurement.config))
        except ConfigError:
            continue
        if config.BACKEND != "triton":  # the model describes Triton kernels
            continue
        g = grouped.setdefault(workload_key(r.device, r.workload),
                               {"device": r.device, "workload": r.workload, "configs": {}, "wrong": set()})
        lat, en, statuses = g["configs"].setdefault(config, ([], [], []))
        m = r.measurement
        statuses.append(m.status)
        if m.status == "wrong":
            g["wrong"].add(config)
        if m.ok and m.latency > 0 and math.isfinite(m.latency):
            lat.append(m.latency)
            if m.energy is not None and m.energy > 0 and math.isfinite(m.energy):
                en.append(m.energy)
    tables = []
    for _, g in sorted(grouped.items()):
        latency, energy, status = {}, {}, {}
        for config, (lat, en, statuses) in g["configs"].items():
            if lat and config not in g["wrong"]:
                latency[config] = statistics.median(lat)
                if en:
                    energy[config] = statistics.median(en)
            else:
                status[config] = "wrong" if config in g["wrong"] else statuses[-1]
        if latency:
            tables.append(WorkloadTable(g["device"], g["workload"], list(g["configs"]), latency, energy, status))
    return tables


# ---- metrics -------------------------------------------------------------------------------------------------------

def kendall_tau(x: Sequence[float], y: Sequence[float]) -> float:
    """Kendall's tau-b (ties in either order count as neither concordant nor discordant); NaN under 2 points."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(x)
    if n < 2:
        return math.nan
    i, j = np.triu_indices(n, k=1)
    dx, dy = np.sign(x[i] - x[j]), np.sign(y[i] - y[j])
    denominator = math.sqrt(float(np.count_nonzero(dx)) * float(np.count_nonzero(dy)))
    return float(np.sum(dx * dy) / denominator) if denominator else math.nan


def geomean_regret(regrets: Iterable[float]) -> float:
    """exp(mean(log(1 + r))) - 1 over the finite regrets (NaN for none)."""
    values = [math.log1p(r) for r in regrets if r is not None and math.isfinite(r)]
    return math.expm1(sum(values) / len(values)) if values else math.nan


def _mean(values: Iterable[float]) -> float:
    values = [v for v in values if v is not None and math.isfinite(v)]
    return sum(values) / len(values) if values else math.nan


def ranking_metrics(latency: Sequence[float], scores: Sequence[float]) -> dict:
    """Top-1 / top-5 regret, top-5 recall and Kendall's tau of ``scores`` (lower better) against ``latency``."""
    latency, scores = np.asarray(latency, dtype=float), np.asarray(scores, dtype=float)
    order = np.argsort(scores, kind="stable")
    best = latency.min()
    k = min(5, len(latency))
    true_top = set(np.argsort(latency, kind="stable")[:k].tolist())
    return {"top1_regret": float(latency[order[0]] / best - 1),
            "top5_regret": float(latency[order[:k]].min() / best - 1),
            "top5_recall": len(true_top & set(order[:k].tolist())) / k, "kendall_tau": kendall_tau(scores, latency)}


def measurements_to_within(trace: Sequence[float], best: float, within: float = WITHIN) -> int | None:
    """1-based count of measurements until the best-so-far is within ``within`` of ``best`` (None: never)."""
    for i, value in enumerate(trace, 1):
        if value <= best * (1 + within):
            return i
    return None


def _strategy(name: str, space: SearchSpace, seed: int, model: CostModel | None, table: WorkloadTable):
    if name == "random":
        return RandomSearch(space, seed=seed)
    if name == "evolutionary":
        return Evolutionary(space, seed=seed)
    if name == "ridge":
        return ModelGuided(space, seed=seed, enumerate_limit=10**12)
    if name == "learned":
        return LearnedSearch(space, seed=seed, model=model.bind(table.workload), enumerate_limit=10**12)
    raise CostModelError(f"unknown strategy {name!r}; choose from {', '.join(STRATEGIES)}")


def simulate(table: WorkloadTable, strategy: str, seed: int = 0, model: CostModel | None = None,
             batch: int = 8) -> list[float]:
    """Best-so-far latency after each measurement of a tune over the measured set, until it is exhausted."""
    space = table.space()
    search = _strategy(strategy, space, seed, model, table)
    result = tune(space, lambda configs: [table.measurement(c) for c in configs], search,
                  budget=len(table.configs), batch=batch, seed=seed, progress=False)
    return result.best_so_far


def _energy_metrics(model: CostModel, table: WorkloadTable, slack: float) -> dict | None:
    universe = [c for c in table.ok if c in table.energy]
    if len(universe) < 2:
        return None
    out: dict = {"configs": len(universe)}
    predicted = model.predict_energy(table.workload, universe)
    if predicted is not None:
        true = np.asarray([table.energy[c] for c in universe])
        out["median_abs_pct_error"] = float(np.median(np.abs(predicted - true) / true) * 100)
    # The latency tune already measured the fastest: energy mode measures a few more, predicted frugal and fast.
    fastest = min(universe, key=lambda c: table.latency[c])
    chosen, measured = select_energy_aware(model, table.workload, universe,
                                           lambda configs: [table.measurement(c) for c in configs], slack,
                                           reference=table.measurement(fastest))
    oracle = select_best([table.measurement(c) for c in universe], Objective("energy_within", slack))
    fastest_energy, fastest_latency = table.energy[fastest], table.latency[fastest]
    out.update({
        "measured": len(measured),
        "saved_pct": 100 * (1 - chosen.energy / fastest_energy) if chosen and chosen.energy else math.nan,
        "latency_cost_pct": 100 * (chosen.latency / fastest_latency - 1) if chosen else math.nan,
        "oracle_saved_pct": 100 * (1 - oracle.energy / fastest_energy) if oracle and oracle.energy else math.nan,
        "memory_bound": bool(model.features(table.workload, [fastest])[0, _MEMORY_BOUND] > 0),
    })
    return out


def score_workload(model: CostModel, table: WorkloadTable, *, strategies: Sequence[str] = STRATEGIES,
                   seeds: Sequence[int] = (0, 1, 2), slack: float = 0.05, batch: int = 8) -> dict:
    """Every metric of the module docstring for one held-out workload."""
    ok = table.ok
    latency = [table.latency[c] for c in ok]
    out: dict = {"workload": table.label, "device": table.device.name, "configs": len(table.configs),
                 "ok": len(ok), "best_latency": table.best, "ranking": {}, "search": {}}
    if len(ok) >= 2:
        for scorer in SCORERS:
            if scorer != "heuristic" and scorer not in model.boosters:
                continue
            out["ranking"][scorer] = ranking_metrics(latency, model.scores(table.workload, ok, scorer))
    budget = max(1, math.ceil(BUDGET_FRACTION * len(table.configs)))
    worst = max(latency)   # before anything ran correctly, a search is as far off as the worst config
    for name in strategies:
        runs = []
        for seed in seeds:
            trace = [v if math.isfinite(v) else worst for v in simulate(table, name, seed, model, batch)]
            trace = trace or [worst]   # a strategy that proposed nothing measured is as far off as it gets
            runs.append({"to_within": measurements_to_within(trace, table.best),
                         "regret_at_budget": trace[min(budget, len(trace)) - 1] / table.best - 1,
                         "curve": [v / table.best - 1 for v in trace]})
        reached = [r["to_within"] for r in runs]
        out["search"][name] = {
            "to_within_2pct": _mean(r if r is not None else len(table.configs) for r in reached),
            "regret_at_10pct": geomean_regret(r["regret_at_budget"] for r in runs), "budget_10pct": budget,
            "curves": [r["curve"] for r in runs]}
    energy = _energy_metrics(model, table, slack)
    if energy is not None:
        out["energy"] = energy
    return out


# ---- folds and the whole evaluation --------------------------------------------------------------------------------

def _unit(table: WorkloadTable, holdout: str) -> tuple:
    return (table.workload.program,) if holdout == "program" else workload_key(table.device, table.workload)


def make_folds(tables: Sequence[WorkloadTable], holdout: str, folds: int, seed: int = 0) -> list[list[int]]:
    """Indices of ``tables`` per fold: the held-out units (programs, or device+workload) shuffled with ``seed``
    and dealt round-robin into at most ``folds`` folds."""
    if holdout not in ("shape", "program"):
        raise CostModelError(f"--holdout must be 'shape' or 'program', not {holdout!r}")
    units = sorted({_unit(t, holdout) for t in tables})
    if len(units) < 2:
        what = "programs" if holdout == "program" else "workloads"
        names = ", ".join(" ".join(map(str, u[:1] if holdout == "program" else u[2:5])) for u in units) or "none"
        raise CostModelError(f"holding out by {holdout} needs records of at least 2 {what} (found {len(units)}: "
                             f"{names}); nothing would be left to train on"
                             + ("; try --holdout shape" if holdout == "program" else ""))
    random.Random(seed).shuffle(units)
    count = min(folds, len(units))
    fold_of = {u: i % count for i, u in enumerate(units)}
    return [[i for i, t in enumerate(tables) if fold_of[_unit(t, holdout)] == f] for f in range(count)]


def evaluate(records: Sequence, *, model: CostModel | None = None, featurizer: Featurizer | None = None,
             holdout: str = "shape", folds: int = 4, seeds: Sequence[int] = (0, 1, 2),
             strategies: Sequence[str] = STRATEGIES, params: TrainParams | None = None,
             device: GPU | None = None, slack: float = 0.05, batch: int = 8) -> dict:
    """Score ``model`` (or cross-validated models trained on the other folds) on held-out workloads; see the
    module docstring. Returns a JSON-able report: ``summary``, ``workloads``, ``targets``."""
    records = list(records)
    params = params or TrainParams()
    tables = workload_tables(records)
    if not tables:
        raise CostModelError("no ok measurement with a latency in the records: nothing to evaluate")
    featurizer = featurizer or (model.featurizer if model is not None else Featurizer())
    results, fold_count = [], None
    if model is not None:
        trained_on = set(model.metadata.get("training", {}).get("shapes", []))
        seen = [t.label for t in tables if t.label in trained_on]
        if seen:
            warnings.warn(f"tilefuse: {len(seen)} of the {len(tables)} workloads were in the model's training data "
                          f"(e.g. {seen[0]}); their scores are not held-out scores", stacklevel=2)
        for table in tables:
            results.append({"fold": None, **score_workload(model, table, strategies=strategies, seeds=seeds,
                                                           slack=slack, batch=batch)})
    else:
        fold_list = make_folds(tables, holdout, folds, params.seed)
        fold_count = len(fold_list)
        for f, held in enumerate(fold_list):
            held_keys = {workload_key(tables[i].device, tables[i].workload) for i in held}
            train = [r for r in records if workload_key(r.device, r.workload) not in held_keys]
            fold_model = train_model(train, featurizer=featurizer, device=device, params=params)
            for i in held:
                results.append({"fold": f, **score_workload(fold_model, tables[i], strategies=strategies,
                                                            seeds=seeds, slack=slack, batch=batch)})
    return {"holdout": "given model" if model is not None else holdout,
            "folds": fold_count, "seeds": list(seeds),
            "workloads": results, "summary": summarize(results), "targets": targets(summarize(results))}


def summarize(results: list[dict]) -> dict:
    ranking = {}
    for scorer in SCORERS:
        rows = [r["ranking"][scorer] for r in results if scorer in r["ranking"]]
        if rows:
            ranking[scorer] = {"workloads": len(rows),
                               "top1_regret": geomean_regret(x["top1_regret"] for x in rows),
                               "top5_regret": geomean_regret(x["top5_regret"] for x in rows),
                               "top5_recall": _mean(x["top5_recall"] for x in rows),
                               "kendall_tau": _mean(x["kendall_tau"] for x in rows)}
    search = {}
    for name in STRATEGIES:
        rows = [r for r in results if name in r["search"]]
        if rows:
            search[name] = {"to_within_2pct": _mean(r["search"][name]["to_within_2pct"] for r in rows),
                            "to_within_2pct_fraction": _mean(r["search"][name]["to_within_2pct"] / r["configs"]
                                                             for r in rows),
                            "regret_at_10pct": geomean_regret(r["search"][name]["regret_at_10pct"] for r in rows)}
    energy_rows = [r["energy"] for r in results if "energy" in r]
    memory = [e for e in energy_rows if e["memory_bound"]]
    energy = {"workloads": len(energy_rows),
              "median_abs_pct_error": float(np.median([e["median_abs_pct_error"] for e in energy_rows
                                                       if "median_abs_pct_error" in e]))
              if any("median_abs_pct_error" in e for e in energy_rows) else math.nan,
              "saved_pct": _mean(e["saved_pct"] for e in energy_rows),
              "latency_cost_pct": _mean(e["latency_cost_pct"] for e in energy_rows),
              "oracle_saved_pct": _mean(e["oracle_saved_pct"] for e in energy_rows),
              "memory_bound_workloads": len(memory),
              "memory_bound_saved_pct": _mean(e["saved_pct"] for e in memory),
              "memory_bound_latency_cost_pct": _mean(e["latency_cost_pct"] for e in memory)}
    zero_shot = next((ranking[s]["top1_regret"] for s in ("rank", "latency") if s in ranking), math.nan)
    return {"workloads": len(results), "zero_shot_regret": zero_shot, "ranking": ranking, "search": search,
            "energy": energy}


def targets(summary: dict) -> dict:
    """The issue's targets, each with its value and whether it is met (None: no data)."""
    learned = summary["search"].get("learned", {})
    checks = {
        "learned search geomean regret after 10% of the space <= 3%": (learned.get("regret_at_10pct"), 0.03, "<="),
        "zero-shot regret <= 10%": (summary["zero_shot_regret"], 0.10, "<="),
        "energy saved on memory-bound workloads >= 15% at <= 5% latency": (
            summary["energy"]["memory_bound_saved_pct"], 15.0, ">="),
    }
    out = {}
    for name, (value, bound, op) in checks.items():
        known = value is not None and math.isfinite(value)
        met = (value <= bound if op == "<=" else value >= bound) if known else None
        out[name] = {"value": value if known else None, "met": met}
    return out


# ---- output --------------------------------------------------------------------------------------------------------

def _json_safe(x):
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, dict):
        return {k: _json_safe(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_json_safe(v) for v in x]
    return x


def write_json(report: dict, path: str | Path) -> Path:
    """The report as JSON (NaN and inf as null)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_json_safe(report), indent=2, sort_keys=True) + "\n")
    return path


def mean_curves(results: list[dict]) -> dict[str, list[float]]:
    """Mean regret after each measurement per strategy, over workloads and seeds (a run that exhausted a small
    workload keeps its final regret, 0)."""
    curves: dict[str, list[list[float]]] = {}
    for r in results:
        for name, s in r["search"].items():
            curves.setdefault(name, []).extend(c for c in s["curves"] if c)
    out = {}
    for name, rows in curves.items():
        length = max(len(c) for c in rows)
        out[name] = np.mean([c + [c[-1]] * (length - len(c)) for c in rows], axis=0).tolist()
    return out


def plot_regret(results: list[dict], path: str | Path, title: str = "") -> Path:
    """Mean regret (%) against measurements, one line per strategy, as a PNG (matplotlib's Agg canvas)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, 4.5), layout="constrained")
    ax = fig.add_subplot()
    for name, curve in mean_curves(results).items():
        ax.plot(range(1, len(curve) + 1), [100 * v for v in curve], label=name, drawstyle="steps-post")
    ax.set_xlabel("measurements")
    ax.set_ylabel("mean regret over held-out workloads (%)")
    ax.set_yscale("symlog", linthresh=1.0)
    ax.axhline(100 * WITHIN, color="grey", linestyle=":", linewidth=1)
    ax.grid(True, alpha=0.3)
    ax.set_title(title or "search over the measured configs of held-out workloads")
    ax.legend()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    return path


def _pct(x: float | None, digits: int = 1) -> str:
    return "-" if x is None or not math.isfinite(x) else f"{100 * x:.{digits}f}%"


def _num(x: float | None, spec: str = ".2f") -> str:
    return "-" if x is None or not math.isfinite(x) else format(x, spec)


def report_tables(report: dict) -> list:
    """Rich tables of the summary: ranking per scorer, search per strategy, energy, targets."""
    from rich.table import Table

    s = report["summary"]
    held = f"held out by {report['holdout']}" + (f", {report['folds']} folds" if report["folds"] else "")
    ranking = Table(title=f"ranking on {s['workloads']} held-out workloads ({held})")
    for column in ("scorer", "top-1 regret (zero-shot)", "top-5 regret", "top-5 recall", "Kendall tau"):
        ranking.add_column(column, justify="left" if column == "scorer" else "right")
    for scorer, r in s["ranking"].items():
        ranking.add_row(scorer, _pct(r["top1_regret"]), _pct(r["top5_regret"]), _num(r["top5_recall"]),
                        _num(r["kendall_tau"]))
    search = Table(title="search over the measured configs (mean over seeds, then workloads)")
    for column in ("strategy", "measurements to within 2%", "of the space", "geomean regret after 10%"):
        search.add_column(column, justify="left" if column == "strategy" else "right")
    for name, r in s["search"].items():
        search.add_row(name, _num(r["to_within_2pct"], ".1f"), _pct(r["to_within_2pct_fraction"]),
                       _pct(r["regret_at_10pct"], 2))
    tables = [ranking, search]
    e = s["energy"]
    if e["workloads"]:
        energy = Table(title=f"energy ({e['workloads']} workloads with readings, "
                             f"{e['memory_bound_workloads']} memory-bound)")
        for column in ("energy model median |error|", "saved (energy-aware)", "latency cost", "saved (oracle)",
                       "saved, memory-bound", "latency cost, memory-bound"):
            energy.add_column(column, justify="right")
        energy.add_row(_num(e["median_abs_pct_error"], ".1f") + "%", _num(e["saved_pct"], ".1f") + "%",
                       _num(e["latency_cost_pct"], ".1f") + "%", _num(e["oracle_saved_pct"], ".1f") + "%",
                       _num(e["memory_bound_saved_pct"], ".1f") + "%",
                       _num(e["memory_bound_latency_cost_pct"], ".1f") + "%")
        tables.append(energy)
    goals = Table(title="targets")
    goals.add_column("target")
    goals.add_column("value", justify="right")
    goals.add_column("met")
    for name, t in report["targets"].items():
        value = t["value"]
        shown = "-" if value is None else (f"{value:.1f}%" if "energy" in name else _pct(value, 2))
        goals.add_row(name, shown, {True: "yes", False: "no", None: "no data"}[t["met"]])
    tables.append(goals)
    return tables
