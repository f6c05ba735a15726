"""The tune loop: ask a strategy for configs, measure them, record every result the moment it exists.

``tune`` is resumable by construction: the caller passes the measurements its tuning database already holds for
the workload as ``history``; they are replayed into the strategy, count toward the budget and are never measured
again. Each new measurement goes to ``on_result`` (the caller's database write) as soon as it is finished, so a
killed run loses nothing, and Ctrl-C ends the tune cleanly with what finished.
"""

from __future__ import annotations

import json
import math
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..errors import ConfigError, TilefuseError
from ..gpu import GPU
from ..schedule.pipeline import analyze
from ..schedule.space import Config, SearchSpace
from .backend_knob import with_backends
from .objectives import BestTracker, format_value, guide_values, parse_objective
from .records import Measurement
from .strategies import Strategy, make_strategy

# measure(configs) returns the measurements, or yields each as it finishes (then an interrupt keeps those).
Measurer = Callable[[list[Config]], Iterable[Measurement]]


@dataclass
class TuneResult:
    """What a tune found. ``measurements`` start with the replayed history (``resumed`` of them)."""

    best: Measurement | None
    measurements: list[Measurement]
    best_so_far: list[float]          # the objective value of the best record after each measurement
    wall_s: float
    interrupted: bool
    strategy: str
    objective: str
    stopped: str = ""                 # "budget", "time", "exhausted" or "interrupted"
    resumed: int = 0
    knobs: list[str] = field(default_factory=list)
    label: str = ""

    @property
    def new(self) -> list[Measurement]:
        """The measurements this run made (not the replayed history)."""
        return self.measurements[self.resumed:]


class Search:
    """One workload's search, whatever loop drives it: the strategy, every measurement so far (the replayed
    history first), the best-so-far trace, and the initial configs still to measure.

    ``tune`` below drives one synchronously; ``cluster_tune`` drives many at once, asynchronously, and records each
    config once however often a result for it arrives (``measured``).
    """

    def __init__(self, space: SearchSpace, strategy: Strategy | str = "evolutionary", *, objective="latency",
                 budget: int = 64, history: Sequence[Measurement] = (), seed: int = 0,
                 initial: Sequence[Config] = (), label: str = ""):
        self.objective = parse_objective(objective)
        if isinstance(strategy, str):
            strategy = make_strategy(strategy, space, self.objective, seed)
        elif strategy.objective != self.objective:
            raise ConfigError(f"the {strategy.name} strategy was built for objective {strategy.objective}, "
                              f"but the tune asks for {self.objective}")
        self.space, self.strategy, self.budget, self.label = space, strategy, budget, label
        self.initial = list(initial)
        self.measurements: list[Measurement] = []
        self.tracker = BestTracker(self.objective)
        self.trace: list[float] = []
        self._keys: set[str] = set()
        for m in history:
            self.record(m)
        self.resumed = len(self.measurements)
        strategy.update(self.measurements)

    @property
    def left(self) -> int:
        """Measurements still wanted under the budget."""
        return self.budget - len(self.measurements)

    def propose(self, size: int) -> list[Config]:
        """Up to ``size`` configs to measure next: first the initial configs not yet measured (in the first batch
        only), then the strategy's; empty when the space has nothing left."""
        seeds: list[Config] = []
        if self.initial:
            seeds = [c for c in dict.fromkeys(self.initial)
                     if c.key() not in self._keys and not self.space.violations(c)][:size]
            self.initial = []
        if size <= len(seeds):
            return seeds
        return seeds + [c for c in self.strategy.propose(size - len(seeds)) if c not in seeds]

    def measured(self, key: str) -> bool:
        """Whether a measurement of the config with this ``Config.key()`` is already recorded."""
        return key in self._keys

    def record(self, m: Measurement, key: str | None = None) -> None:
        """Add ``m`` (``key``: its config's key, if the caller has it)."""
        self.measurements.append(m)
        self._keys.add(key or record_key(m))
        self.tracker.add(m)
        self.trace.append(self.tracker.value)

    def learn(self, fresh: Sequence[Measurement]) -> None:
        """Feed the strategy what came back (one batch's measurements, in the order they were proposed)."""
        self.strategy.update(fresh)

    def result(self, wall_s: float, interrupted: bool, stopped: str) -> TuneResult:
        return TuneResult(best=self.tracker.best, measurements=self.measurements, best_so_far=self.trace,
                          wall_s=wall_s, interrupted=interrupted, strategy=self.strategy.name,
                          objective=str(self.objective), stopped=stopped, resumed=self.resumed,
                          knobs=[k.name for k in self.space.knobs], label=self.label)


def record_key(m: Measurement) -> str:
    """What identifies ``m``'s config: its ``Config.key()``, or its text for a config this tilefuse cannot read."""
    try:
        return m.config_key
    except ConfigError:
        return json.dumps(m.config, sort_keys=True, default=str)


def tune(space: SearchSpace, measure: Measurer, strategy: Strategy | str = "evolutionary", *, budget: int = 64,
         time_budget: float | None = None, objective="latency", history: Sequence[Measurement] = (),
         on_result: Callable[[Measurement], None] | None = None, batch: int = 8, seed: int = 0,
         progress: bool = True, label: str = "", initial: Sequence[Config] = ()) -> TuneResult:
    """Search ``space`` for the best config under ``objective``; see the module docstring.

    ``initial`` configs (the compiler's default, say) are measured first, unless already in ``history``, so a
    tune never ends worse than the config a user gets without tuning.

    Stops at ``budget`` measurements in total (history included), when ``time_budget`` seconds have passed (checked
    between batches, and between results when ``measure`` yields them), when the strategy has nothing left to
    propose, or on KeyboardInterrupt (``interrupted=True``). ``progress`` draws a bar on stderr.
    """
    search = Search(space, strategy, objective=objective, budget=budget, history=history, seed=seed,
                    initial=initial, label=label)
    start = time.perf_counter()
    deadline = math.inf if time_budget is None else start + time_budget
    bar = ProgressBar(label or "tune", budget, len(search.measurements), search.objective) if progress else None
    interrupted, stopped = False, "budget"

    def record(m: Measurement) -> None:
        search.record(m)
        if on_result is not None:
            on_result(m)
        if bar is not None:
            bar.advance(search.tracker)

    try:
        while search.left > 0:
            if time.perf_counter() >= deadline:
                stopped = "time"
                break
            configs = search.propose(min(batch, search.left))
            if not configs:
                stopped = "exhausted"
                break
            fresh: list[Measurement] = []
            results = measure(configs)
            lazy = not isinstance(results, Sequence)
            iterator = iter(results)
            try:
                for m in iterator:
                    record(m)
                    fresh.append(m)
                    if search.left <= 0 or (lazy and time.perf_counter() >= deadline):
                        break
            finally:
                if hasattr(iterator, "close"):
                    iterator.close()
                search.learn(fresh)
    except KeyboardInterrupt:
        interrupted, stopped = True, "interrupted"
    finally:
        if bar is not None:
            bar.stop()
    return search.result(time.perf_counter() - start, interrupted, stopped)


class ProgressBar:
    """Trials done out of the budget, the best value so far and an ETA, on stderr; ``add`` puts another search's
    row under it (a cluster tune has one per device)."""

    def __init__(self, label: str, budget: int, done: int, objective):
        from rich import progress as rp
        from rich.console import Console

        self.objective = objective
        self.progress = rp.Progress(rp.TextColumn("{task.description}"), rp.BarColumn(), rp.MofNCompleteColumn(),
                                    rp.TextColumn("best {task.fields[best]}"), rp.TimeElapsedColumn(),
                                    rp.TextColumn("eta"), rp.TimeRemainingColumn(), console=Console(file=sys.stderr))
        self.task = self.add(label, budget, done)
        self.progress.start()

    def add(self, label: str, budget: int, done: int):
        """A new row; returns its id for ``advance``."""
        return self.progress.add_task(label, total=budget, completed=done, best="-")

    def advance(self, tracker: BestTracker, row=None) -> None:
        has_energy = tracker.by_energy is not None
        self.progress.update(self.task if row is None else row, advance=1,
                             best=format_value(tracker.value, self.objective, has_energy))

    def stop(self) -> None:
        self.progress.refresh()     # show the final count, not the last timed refresh
        self.progress.stop()


def results_table(result: TuneResult, top: int = 10):
    """A rich Table of the ``top`` measurements by the objective (failures last), the best one highlighted."""
    from rich.table import Table

    values = guide_values(result.measurements, result.objective)
    order = sorted(range(len(values)), key=lambda i: (not math.isfinite(values[i]), values[i], i))
    failed = sum(1 for m in result.measurements if not m.ok)
    title = f"{result.label + ': ' if result.label else ''}{result.strategy} search, objective {result.objective}"
    caption = (f"{len(result.measurements)} measured ({result.resumed} from history), {failed} failed, "
               f"{result.wall_s:.1f} s, stopped: {result.stopped}")
    table = Table(title=title, caption=caption)
    for name, justify in (("#", "right"), ("config", "left"), ("latency (us)", "right"), ("energy (mJ)", "right"),
                          ("power (W)", "right"), ("status", "left")):
        table.add_column(name, justify=justify)
    for rank, i in enumerate(order[:top], 1):
        m = result.measurements[i]
        knobs = result.knobs or list(m.config)
        config = " ".join(f"{k}={m.config[k]}" for k in knobs if k in m.config)
        status = m.status if m.ok or not m.error else f"{m.status}: {m.error.splitlines()[0][:60]}"
        table.add_row(str(rank), config, _num(m.latency, 1e6, ".2f"), _num(m.energy, 1e3, ".4g"),
                      _num(m.power, 1, ".0f"), status, style="bold green" if m is result.best else None)
    return table


def _num(value: float | None, scale: float, spec: str) -> str:
    return "-" if value is None else format(value * scale, spec)


def tune_space(graph, arch: int, program: str) -> SearchSpace:
    """The search space of the program's kernels for ``arch``: the first kernel's knobs under every kernel's
    constraints (one config schedules every kernel of a program)."""
    return backend_space(graph, arch, program)[0]


def backend_space(graph, arch: int, program: str, backends: Sequence[str] = ("triton",)
                  ) -> tuple[SearchSpace, list[str]]:
    """``tune_space`` with the back end as a knob over ``backends`` (those that can build and run the program here;
    ``backend_knob.with_backends``), and a note for each left out."""
    analyzed = analyze(graph, target=GPU.for_arch(arch))
    space = analyzed.space
    if space is None:
        raise TilefuseError("has no kernel to tune: every op runs as an unfused PyTorch step (see the fuse stage of "
                            "`tilefuse show`)", program=program)
    if tuple(backends) == ("triton",):
        return space, []   # its default (the compiler's own choice) is measured first: never worse than untuned
    return with_backends(space, analyzed.tile(None), backends)


def check_shape(program, graph, shape: dict | None) -> dict[str, int]:
    """``shape`` if it gives every symbolic dim of the program and nothing else; a TilefuseError otherwise."""

    dims = graph.dims
    if not shape:
        raise TilefuseError(f"tune needs the sizes to tune for: --shape {' --shape '.join(f'{d}=...' for d in dims)}",
                            program=program.name)
    unknown, missing = sorted(set(shape) - set(dims)), sorted(set(dims) - set(shape))
    if missing:
        raise TilefuseError(f"--shape lacks {', '.join(missing)}; give every dim: {', '.join(dims)}",
                            program=program.name)
    if unknown:
        raise TilefuseError(f"--shape names {', '.join(unknown)}, which the program does not have; its dims are "
                            f"{', '.join(dims)}", program=program.name)
    return shape
