"""Search strategies, objectives, the tune loop and tuning plots, against synthetic measurers (CPU only).

The synthetic latency is a smooth function of the knobs (a product of parabolas in log2 of each knob around a known
optimum) times up to 1% noise seeded by the config, so the optimum is known and re-measuring gives the same value.
"""

import dataclasses
import functools
import hashlib
import io
import math
import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from tilefuse.autotune.objectives import (
    BestTracker,
    Objective,
    guide_value,
    guide_values,
    parse_objective,
    score,
    select_best,
)
from tilefuse.autotune.plots import pareto_front, plot_best_so_far, plot_pareto
from tilefuse.autotune.records import Measurement
from tilefuse.autotune.strategies import (
    STRATEGIES,
    Evolutionary,
    Exhaustive,
    ModelGuided,
    RandomSearch,
    admissible,
    make_strategy,
)
from tilefuse.autotune.tuner import results_table, tune
from tilefuse.errors import ConfigError
from tilefuse.schedule import GPU, Config, SearchSpace, attention_space, gemm_space

GEMM = gemm_space(2, 2, GPU.for_arch(90))
ATTENTION = attention_space(2, GPU.for_arch(90))
# The GEMM space without the split-K and TMA knobs, under all of its constraints: 3944 valid points.
SMALL = SearchSpace([k for k in GEMM.knobs if k.name not in ("SPLIT_K", "SPLIT_K_MODE", "USE_TMA")],
                    GEMM.constraints)
# Six valid points of eight, so budgets run past the end of the space.
TINY = SearchSpace([k for k in ATTENTION.knobs if k.name in ("num_warps", "num_stages")], ATTENTION.constraints)

OPTIMUM = {"BLOCK_M": 64, "BLOCK_N": 128, "BLOCK_K": 32, "num_warps": 4, "num_stages": 3, "GROUP_M": 8}
CURVATURE = {"BLOCK_M": 0.5, "BLOCK_N": 0.5, "BLOCK_K": 0.3, "num_warps": 0.2, "num_stages": 0.05, "GROUP_M": 0.005}


def noise(config: Config) -> float:
    """Uniform in [0, 1), fixed per config (the same on every run)."""
    text = repr(tuple(getattr(config, f.name) for f in dataclasses.fields(config)))
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) / 2**32


@functools.cache
def synthetic_latency(config: Config) -> float:
    latency = 1e-4 * (1 + 0.01 * noise(config))
    for knob, curvature in CURVATURE.items():
        latency *= 1 + curvature * (math.log2(getattr(config, knob)) - math.log2(OPTIMUM[knob])) ** 2
    return latency


def synthetic_power(config: Config) -> float:
    """Watts: more warps, bigger tiles and deeper pipelines draw more, so the energy optimum is not the latency one
    (two stages instead of three: 1.7% slower, 4.7% less power)."""
    return 200 * (1 + 0.15 * math.log2(config.num_warps) + 0.02 * math.log2(config.BLOCK_M * config.BLOCK_N)
                  + 0.08 * math.log2(config.num_stages))


class Synthetic:
    """A measurer that yields each measurement as it finishes and records every config it was asked for.

    ``fail`` marks configs that fail to compile; ``interrupt_after`` raises KeyboardInterrupt (Ctrl-C) when asked
    for one more; ``delay`` sleeps per config.
    """

    def __init__(self, fail=None, interrupt_after=None, delay=0.0, energy=True):
        self.fail = fail or (lambda c: False)
        self.interrupt_after = interrupt_after
        self.delay = delay
        self.energy = energy
        self.calls: list[Config] = []

    def measurement(self, config: Config) -> Measurement:
        if self.fail(config):
            return Measurement(config.to_dict(), status="compile_error", error="ptxas: out of resources")
        latency = synthetic_latency(config)
        power = synthetic_power(config) if self.energy else None
        return Measurement(config.to_dict(), latency=latency, latency_samples=[latency],
                           energy=latency * power if self.energy else None, power=power)

    def __call__(self, configs):
        for config in configs:
            if self.interrupt_after is not None and len(self.calls) >= self.interrupt_after:
                raise KeyboardInterrupt
            self.calls.append(config)
            if self.delay:
                time.sleep(self.delay)
            yield self.measurement(config)


SMALL_POINTS = list(SMALL.points())
SMALL_OPTIMUM = min(synthetic_latency(c) for c in SMALL_POINTS)


def m(latency, energy=None, status="ok", **config):
    return Measurement(Config(**config).to_dict(), status=status, latency=latency, energy=energy)


# ---------------------------------------------------------------- objectives

def test_parse_objective():
    assert parse_objective("latency") == Objective("latency")
    assert parse_objective(" EDP ") == Objective("edp")
    assert parse_objective("energy@5%") == Objective("energy_within", 0.05)
    assert parse_objective("energy@12.5%").slack == pytest.approx(0.125)
    assert str(parse_objective("energy@5%")) == "energy@5%"
    for bad in ("speed", "energy@5", "energy@-5%", "energy@%", ""):
        with pytest.raises(ConfigError, match="unknown objective .*'energy@X%'"):
            parse_objective(bad)


# Latency 1.0 is fastest; 1.03 is within 5% and spends less energy; 1.5 spends least energy of all.
FAST, NEAR, SLOW = m(1.00, 10.0, BLOCK_M=16), m(1.03, 7.0, BLOCK_M=32), m(1.5, 5.0, BLOCK_M=64)
FAILED = [m(0.5, 1.0, status="timeout", BLOCK_M=128), m(0.9, 2.0, status="wrong", BLOCK_M=256)]


@pytest.mark.parametrize("objective, expected", [
    ("latency", FAST), ("energy", SLOW), ("edp", NEAR),           # edp: 10, 7.21, 7.5
    ("energy@5%", NEAR), ("energy@1%", FAST), ("energy@60%", SLOW),
])
def test_select_best(objective, expected):
    records = [FAILED[0], FAST, NEAR, FAILED[1], SLOW]
    assert select_best(records, objective) is expected
    assert select_best(list(reversed(records)), objective) is expected


def test_select_best_never_picks_a_failed_record():
    assert select_best(FAILED, "latency") is None
    assert select_best([], "energy@5%") is None
    for objective in ("latency", "energy", "edp", "energy@5%"):
        assert select_best(FAILED + [SLOW], objective) is SLOW
        assert score(FAILED[0], objective) == math.inf


def test_energy_objectives_fall_back_to_latency_without_energy():
    records = [m(2.0, BLOCK_M=16), m(1.0, BLOCK_M=32), m(3.0, BLOCK_M=64)]
    for objective in ("energy", "edp", "energy@5%"):
        assert select_best(records, objective) is records[1]
        assert guide_values(records, objective) == [2.0, 1.0, 3.0]
    # energy@5%: the frugal record is far outside the bound, and the fastest has no energy reading
    assert select_best([m(1.0, BLOCK_M=16), m(2.0, 1.0, BLOCK_M=32)], "energy@5%").latency == 1.0


def test_guide_value_penalizes_energy_beyond_the_latency_bound():
    history = [FAST]
    assert guide_value(NEAR, "energy@5%", history) == 7.0
    slower = [guide_value(m(lat, 7.0), "energy@5%", history) for lat in (1.1, 1.3, 2.0)]
    assert 7.0 < slower[0] < slower[1] < slower[2]
    assert slower[0] == pytest.approx(7.0 * (1.1 / 1.05) ** 2)
    assert guide_value(FAILED[0], "energy@5%", history) == math.inf
    assert guide_value(NEAR, "edp", history) == pytest.approx(7.21)
    assert guide_value(NEAR, "latency", history) == 1.03
    # once some record has energy, one without it cannot win an energy objective
    assert guide_value(m(0.1), "energy", history) == math.inf


def reference_best(records, objective):
    """select_best written out from its definition, to check the incremental tracker against."""
    objective = parse_objective(objective)
    ok = [r for r in records if r.status == "ok" and r.latency is not None]
    if not ok:
        return None
    fastest = min(ok, key=lambda r: r.latency)
    if objective.kind == "latency":
        return fastest
    bound = (1 + objective.slack) * fastest.latency
    candidates = [r for r in ok if r.energy is not None
                  and (objective.kind != "energy_within" or r.latency <= bound)]
    if not candidates:
        return fastest
    return min(candidates, key=lambda r: r.energy * (r.latency if objective.kind == "edp" else 1))


record = st.builds(lambda lat, energy, status: m(float(lat), None if energy is None else float(energy), status),
                   st.integers(1, 20), st.none() | st.integers(1, 20), st.sampled_from(["ok", "ok", "ok", "crash"]))


@given(st.lists(record, max_size=25), st.sampled_from(["latency", "energy", "edp", "energy@10%", "energy@50%"]))
def test_tracker_matches_the_definition_on_every_prefix(records, objective):
    tracker = BestTracker(objective)
    for i, r in enumerate(records):
        tracker.add(r)
        assert tracker.best is reference_best(records[: i + 1], objective)


# ---------------------------------------------------------------- strategies find the optimum

@pytest.mark.parametrize("name, budget, within", [
    ("exhaustive", 10**6, 1.0),      # every point: the exact optimum, then nothing left to propose
    ("random", 10**6, 1.0),          # without repeats, random also covers every point exactly once
    ("evolutionary", 96, 1.02),
    ("model", 96, 1.02),
])
def test_strategy_finds_the_optimum_within_budget(name, budget, within):
    for seed in (0, 1, 2) if budget < 10**6 else (0,):
        measurer = Synthetic()
        result = tune(SMALL, measurer, name, budget=budget, seed=seed, progress=False)
        assert result.best.latency <= within * SMALL_OPTIMUM, (name, seed, result.best.latency / SMALL_OPTIMUM)
        assert len(result.measurements) == min(budget, len(SMALL_POINTS))
        if budget == 10**6:
            assert result.stopped == "exhausted"
            assert {c.key() for c in measurer.calls} == {c.key() for c in SMALL_POINTS}


def test_guided_strategies_beat_random_on_a_smooth_function():
    def mean_gap(name):
        gaps = [tune(SMALL, Synthetic(), name, budget=48, seed=seed, progress=False).best.latency / SMALL_OPTIMUM
                for seed in range(6)]
        return sum(gaps) / len(gaps)

    random_gap = mean_gap("random")
    assert random_gap > 1.1   # the test has teeth: 48 random points out of 3944 rarely land near the optimum
    assert mean_gap("evolutionary") < random_gap
    assert mean_gap("model") < random_gap


def test_exhaustive_follows_points_order_and_skips_history():
    strategy = Exhaustive(TINY)
    points = list(TINY.points())
    strategy.update([Synthetic().measurement(points[1])])
    assert strategy.propose(3) == [points[0], points[2], points[3]]
    assert strategy.propose(100) == points[4:]
    assert strategy.propose(1) == []


def test_random_search_is_seeded():
    assert RandomSearch(SMALL, seed=3).propose(10) == RandomSearch(SMALL, seed=3).propose(10)
    assert RandomSearch(SMALL, seed=3).propose(10) != RandomSearch(SMALL, seed=4).propose(10)


def test_evolutionary_children_are_near_the_population():
    strategy = Evolutionary(SMALL, seed=0, crossover=0.0)   # mutation only: one knob moves one step
    parent = Config(**OPTIMUM)
    strategy.update([Synthetic().measurement(parent)])
    for child in strategy.propose(8):
        moved = [k.name for k in SMALL.knobs if getattr(child, k.name) != getattr(parent, k.name)]
        assert len(moved) == 1
        knob = next(k for k in SMALL.knobs if k.name == moved[0])
        steps = knob.values.index(getattr(child, moved[0])) - knob.values.index(getattr(parent, moved[0]))
        assert abs(steps) == 1


class OracleModel:
    """A cost model that knows the synthetic function, to check how ModelGuided uses the interface."""

    def __init__(self):
        self.fits = []

    def fit(self, configs, values):
        assert len(configs) == len(values) and all(math.isfinite(v) for v in values)
        self.fits.append(len(configs))

    def predict(self, configs):
        return [math.log(synthetic_latency(c)) for c in configs]


def test_model_guided_proposes_the_predicted_best():
    model = OracleModel()
    strategy = ModelGuided(SMALL, seed=0, model=model, epsilon=0.0, min_fit=4)
    first = strategy.propose(8)                  # nothing measured yet: random
    failing = Synthetic(fail=lambda c: c == first[0])
    strategy.update([failing.measurement(c) for c in first])
    assert model.fits == [8]                     # failed configs are fit too, at a finite penalty
    proposed = strategy.propose(4)
    unseen = sorted((c for c in SMALL_POINTS if c not in set(first)), key=synthetic_latency)
    assert proposed == unseen[:4]
    assert synthetic_latency(proposed[0]) == SMALL_OPTIMUM


def test_make_strategy_errors():
    assert set(STRATEGIES) == {"exhaustive", "random", "evolutionary", "model"}
    assert isinstance(make_strategy("model", SMALL), ModelGuided)
    with pytest.raises(ConfigError, match="unknown search strategy 'beam'; choose one of exhaustive, random"):
        make_strategy("beam", SMALL)
    with pytest.raises(ConfigError, match="guides only the 'model' strategy"):
        make_strategy("random", SMALL, model=OracleModel())
    with pytest.raises(ConfigError, match="built for objective latency, but the tune asks for energy@5%"):
        tune(SMALL, Synthetic(), RandomSearch(SMALL), objective="energy@5%", progress=False)


# ---------------------------------------------------------------- never twice, never invalid

SPACES = {"gemm": GEMM, "small": SMALL, "attention": ATTENTION, "tiny": TINY}
POINT_KEYS = {name: {c.key() for c in space.points()} for name, space in SPACES.items() if name != "gemm"}


def check_proposals(space_name, calls, budget):
    space = SPACES[space_name]
    keys = [c.key() for c in calls]
    assert len(keys) == len(set(keys)), "a config was proposed twice"
    for c in calls:
        assert space.violations(c) == [] and admissible(space, c)
        assert not (c.SPLIT_K == 1 and c.SPLIT_K_MODE != "reduce")
    if space_name in POINT_KEYS:
        assert set(keys) <= POINT_KEYS[space_name]
        assert len(keys) == min(budget, len(POINT_KEYS[space_name]))
    else:
        assert len(keys) == budget


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(STRATEGIES)), space_name=st.sampled_from(["small", "attention", "tiny"]),
       seed=st.integers(0, 2**16), budget=st.integers(1, 48), batch=st.integers(1, 12),
       objective=st.sampled_from(["latency", "energy@5%"]))
def test_no_strategy_proposes_twice_or_invalid(name, space_name, seed, budget, batch, objective):
    measurer = Synthetic(fail=lambda c: c.num_stages == 4)   # failures must not make a config come back
    result = tune(SPACES[space_name], measurer, name, budget=budget, batch=batch, seed=seed, objective=objective,
                  progress=False)
    check_proposals(space_name, measurer.calls, budget)
    assert len(result.measurements) == len(measurer.calls)


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_full_gemm_space_proposals_are_valid_and_new(name):
    """The whole GEMM space (70992 points, too many to enumerate per proposal) with its split-K twins."""
    measurer = Synthetic(fail=lambda c: c.USE_TMA and c.SPLIT_K > 1)
    tune(GEMM, measurer, name, budget=40, batch=8, seed=1, progress=False)
    check_proposals("gemm", measurer.calls, 40)


# ---------------------------------------------------------------- the tune loop

@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_interrupted_tune_resumes_without_remeasuring(name):
    db = []
    first = Synthetic(interrupt_after=11)        # Ctrl-C in the middle of the third batch of 4
    result = tune(SMALL, first, name, budget=30, batch=4, seed=5, on_result=db.append, progress=False)
    assert result.interrupted and result.stopped == "interrupted"
    assert len(result.measurements) == 11 and db == result.measurements
    assert result.best is select_best(db, "latency")

    second = Synthetic()
    db2 = []
    resumed = tune(SMALL, second, name, budget=30, batch=4, seed=5, history=list(db), on_result=db2.append,
                   progress=False)
    assert not resumed.interrupted and resumed.stopped == "budget"
    assert len(resumed.measurements) == 30 and resumed.resumed == 11
    assert resumed.measurements[:11] == db and resumed.new == db2 and len(db2) == 19
    done = {Config.from_dict(r.config) for r in db}
    assert not done & set(second.calls), "a config from the history was measured again"
    assert resumed.best_so_far[:11] == result.best_so_far
    check_proposals("small", first.calls + second.calls, 30)


def test_interrupt_from_a_batch_measurer_keeps_finished_batches():
    calls = []

    def measure(configs):    # returns whole batches; Ctrl-C during the third
        if len(calls) == 2:
            raise KeyboardInterrupt
        calls.append(configs)
        return [Synthetic().measurement(c) for c in configs]

    result = tune(SMALL, measure, "random", budget=64, batch=5, progress=False)
    assert result.interrupted and len(result.measurements) == 10


def test_history_at_budget_measures_nothing():
    history = list(Synthetic()(SMALL_POINTS[:12]))
    measurer = Synthetic()
    result = tune(SMALL, measurer, "evolutionary", budget=10, history=history, progress=False)
    assert measurer.calls == [] and len(result.measurements) == 12 and result.stopped == "budget"


@pytest.mark.parametrize("lazy", [True, False])
def test_time_budget_stops_the_loop(lazy):
    measurer = Synthetic(delay=0.01)
    measure = measurer if lazy else (lambda configs: list(measurer(configs)))
    start = time.perf_counter()
    result = tune(SMALL, measure, "random", budget=10**5, batch=4, time_budget=0.2, progress=False)
    elapsed = time.perf_counter() - start
    assert result.stopped == "time" and not result.interrupted
    assert 4 <= len(result.measurements) < 100
    assert elapsed < 0.2 + 4 * 0.01 + 0.5    # at most one batch past the deadline, plus slack for a slow CI box


@pytest.mark.parametrize("objective", ["latency", "energy", "edp", "energy@5%"])
def test_best_so_far_trace(objective):
    result = tune(SMALL, Synthetic(fail=lambda c: c.BLOCK_K == 128), "evolutionary", budget=40, seed=2,
                  objective=objective, progress=False)
    trace = result.best_so_far
    assert len(trace) == 40
    assert result.best.ok and trace[-1] == score(result.best, objective)
    assert result.best is select_best(result.measurements, objective)
    if objective != "energy@5%":    # energy@5% may rise: a faster record tightens the latency bound
        assert all(b <= a for a, b in zip(trace, trace[1:]))


def test_energy_at_5_percent_trades_a_little_latency_for_energy():
    result = tune(SMALL, Synthetic(), "exhaustive", budget=10**6, objective="energy@5%", progress=False)
    fastest = select_best(result.measurements, "latency")
    frugal = result.best
    assert frugal.latency <= 1.05 * fastest.latency
    assert frugal.energy < fastest.energy
    assert frugal.energy == min(r.energy for r in result.measurements if r.latency <= 1.05 * fastest.latency)


def test_results_table_and_quiet_output(capfd):
    result = tune(SMALL, Synthetic(fail=lambda c: c.num_warps == 2), "random", budget=24, seed=0, progress=False,
                  label="gemm 4096")
    assert capfd.readouterr() == ("", "")       # progress=False prints nothing
    console = Console(file=io.StringIO(), width=200, record=True)
    console.print(results_table(result, top=30))
    text = console.export_text()
    best = Config.from_dict(result.best.config)
    assert "gemm 4096: random search, objective latency" in text
    assert f"BLOCK_M={best.BLOCK_M} BLOCK_N={best.BLOCK_N}" in text
    assert "compile_error: ptxas: out of resources" in text
    assert "24 measured (0 from history)" in text
    lines = [ln for ln in text.splitlines() if "BLOCK_M=" in ln]
    assert f"{result.best.latency * 1e6:.2f}" in lines[0]     # best first


def test_progress_bar_goes_to_stderr(capfd):
    result = tune(TINY, Synthetic(), "exhaustive", budget=8, progress=True, label="tiny space")
    out, err = capfd.readouterr()
    assert result.stopped == "exhausted" and len(result.measurements) == len(POINT_KEYS["tiny"]) == 6
    assert out == "" and "tiny space" in err and "6/8" in err and "best " in err


# ---------------------------------------------------------------- Pareto front and plots

def test_pareto_front_hand_made():
    a, b, c, d, e = m(1, 10), m(2, 5), m(3, 6), m(2, 7), m(4, 1)
    twin = m(2, 5)
    records = [c, e, m(0.5, 0.5, status="crash"), m(0.1), d, b, twin, a, m(5, 1)]
    assert pareto_front(records) == [a, b, e]
    assert pareto_front(records)[1] is b       # of identical points, the first one
    assert pareto_front([]) == []


def test_plots_write_png_files(tmp_path):
    traces = {}
    for name in ("random", "evolutionary", "model"):
        traces[name] = tune(SMALL, Synthetic(fail=lambda c: c.num_stages == 5), name, budget=32, seed=0,
                            progress=False).best_so_far
    traces["empty start"] = [math.inf, math.inf] + traces["random"][2:]
    curve = plot_best_so_far(traces, tmp_path / "best.png", title="gemm 4096")
    pareto = plot_pareto(tune(SMALL, Synthetic(), "random", budget=64, progress=False).measurements,
                         tmp_path / "pareto.png", title="gemm 4096")
    for path in (curve, pareto):
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000
    with pytest.raises(ValueError, match="needs energy"):
        plot_pareto(list(Synthetic(energy=False)(SMALL_POINTS[:4])), tmp_path / "none.png")


def test_shuffled_history_gives_the_same_best():
    records = list(Synthetic(fail=lambda c: c.GROUP_M == 16)(SMALL_POINTS[::40]))
    rng = random.Random(0)
    for objective in ("latency", "energy", "edp", "energy@5%"):
        best = select_best(records, objective)
        shuffled = records[:]
        rng.shuffle(shuffled)
        assert select_best(shuffled, objective) is best


@pytest.mark.parametrize("strategy", ["random", "evolutionary", "model"])
def test_initial_configs_are_measured_first_and_once(strategy):
    """The compiler's default goes first, so a tune never ends worse than not tuning; history skips it."""
    default = SMALL_POINTS[len(SMALL_POINTS) // 2]
    measurer = Synthetic()
    result = tune(SMALL, measurer, strategy, budget=6, batch=3, seed=1, progress=False, initial=[default, default])
    assert measurer.calls[0] == default
    assert sum(c == default for c in measurer.calls) == 1
    assert score(result.best, "latency") <= synthetic_latency(default)
    again = Synthetic()
    tune(SMALL, again, strategy, budget=9, batch=3, seed=1, progress=False, history=result.measurements,
         initial=[default])
    assert default not in again.calls and len(again.calls) == 3
