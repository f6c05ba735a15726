"""``tilefuse.tune(cm)``: tune every distinct workload of a compiled module, into the tuning database.

A workload is one distinct kernel (the layers of a model share theirs) at one shape: each shape it has run at
(the compile-time check on the example inputs counts), each bucket of the declared dynamic ranges (``ranges``:
every power of two in each captured size's range, and its ends, put through the kernel's input shapes, which are
expressions in those sizes: a GEMM over [batch * seq, K] gets M = 1, 2, 4, ...), and the shapes ``shapes=``
adds. Each is tuned with the existing tuner and measurer: the default config first, then the
strategy's proposals, every result written to the database as it comes, so a killed tune resumes where it stopped
(what the database holds is replayed, never measured again). The kernels then choose again at each shape, from
the database.
"""

from __future__ import annotations

import itertools
import math
import time

import torch

from .errors import TilefuseError

MAX_BUCKETS = 64  # range points per kernel at most (the declared sizes' combinations)


def _expr(size):
    return size.node.expr if isinstance(size, torch.SymInt) else int(size)


def _buckets(lo: int, hi: int) -> list[int]:
    points = {lo, hi} | {1 << i for i in range(max(lo, 1).bit_length() - 1, hi.bit_length()) if lo <= 1 << i <= hi}
    return sorted(points)


def range_shapes(entry, declared: dict | None = None) -> list[dict]:
    """The kernel shapes (every bound dim) at the buckets of the declared ranges its inputs' sizes depend on.
    ``declared``: ``dynamic=`` as given to compile (export keeps sizes 0 and 1 out of a symbol's range; a declared
    range ending where the symbol's does gives back its low end)."""
    import sympy

    match, kernel = entry._match, entry.kernel
    bindings = getattr(kernel, "_bindings", None)
    if match is None or not bindings or not entry.input_shapes:
        return []
    shapes = []
    for shape, flat, squeeze in zip(entry.input_shapes, match.flatten, match.squeeze):
        if shape is None:
            shapes.append(None)
            continue
        dims = [_expr(s) for s in shape]
        dims = [math.prod(dims[:-1]), dims[-1]] if flat else dims
        shapes.append([d for i, d in enumerate(dims) if i not in set(squeeze)])
    sizes = {d: sympy.sympify(shapes[i][j]) for d, (i, j) in bindings.items()
             if shapes[i] is not None and j < len(shapes[i])}
    symbols = sorted(set().union(*(e.free_symbols for e in sizes.values())), key=str)
    if not symbols:
        return []
    env = next(s.node.shape_env for shape in entry.input_shapes if shape for s in shape
               if isinstance(s, torch.SymInt))
    axes = []
    for sym in symbols:
        bounds = env.var_to_range.get(sym)
        lo, hi = (int(bounds.lower), bounds.upper) if bounds is not None else (1, None)
        if hi is None or bool(hi > 1 << 20):  # unbounded (a size export derived): the shapes seen only
            return []
        if lo < int(hi):  # a real range (one pinned to a single size stays so)
            lo = min([lo] + [int(a) for a, b in (declared or {}).values() if int(b) == int(hi)])
        axes.append(_buckets(max(lo, 1), int(hi)))
    out, seen = [], set()
    for point in itertools.islice(itertools.product(*axes), 4096):
        values = dict(zip(symbols, point))
        shape = {d: int(e.subs(values)) for d, e in sizes.items()}
        key = tuple(sorted(shape.items()))
        if key not in seen:
            seen.add(key)
            out.append(shape)
    return out[:MAX_BUCKETS]


def _workloads(cm, shapes: dict | None, ranges: bool = True):
    """(module kernel, Kernel, shape) per distinct (Kernel, shape), in the module's order."""
    seen, out = set(), []
    for entry in cm.kernels:
        kernel = entry.kernel
        if getattr(kernel, "policy", None) is None:
            continue
        wanted = [s["shape"] for s in kernel.specializations() if s["shape"]]
        wanted += range_shapes(entry, cm.options.get("dynamic")) if ranges else []
        wanted += list((shapes or {}).get(entry.name, []))
        for shape in wanted:
            key = (id(kernel), tuple(sorted(shape.items())))
            if key not in seen:
                seen.add(key)
                out.append((entry, kernel, dict(shape)))
    return out


def tune_module(cm, *, budget: int = 16, time_budget: float | None = None, strategy: str = "evolutionary",
                shapes: dict | None = None, workers: int | None = None, progress: bool = True,
                ranges: bool = True, backends: tuple[str, ...] = ("triton",), cluster=None) -> dict:
    """Tune each distinct workload of ``cm`` with up to ``budget`` measurements (the database's included).

    ``shapes``: more shapes per kernel, ``{kernel name: [{"M": 4096, "N": ..., "K": ...}, ...]}``. ``time_budget``:
    seconds for the whole model. The database is the one each kernel was compiled with (``tilefuse.compile(db=)``).
    ``backends=("triton", "cuda")`` makes the code generator a knob where the CUDA back end can build and run a
    kernel here (``autotune.backend_knob``); the reasons it was not offered are in the summary's ``notes``.
    ``cluster``: measure on a Dask cluster, every workload at once ("local", "local:N", "tcp://host:port", a
    ``distributed.Client``; ``autotune.cluster``), each GPU model's records under its own device (Triton only).
    Returns what was done: workloads, how many were tuned, measurements made, seconds.
    """
    if budget < 1:
        raise TilefuseError(f"tune: budget must be at least 1, got {budget}")
    if cluster is not None and tuple(backends) != ("triton",):
        raise TilefuseError("tune: cluster= tunes the Triton back end; backends= with more than triton runs on one "
                            "machine for now")
    work = _workloads(cm, shapes, ranges)
    start = time.perf_counter()
    summary = {"workloads": len(work), "tuned": 0, "measured": 0, "skipped": [], "notes": [], "seconds": 0.0}
    bar = _Bar(len(work) * budget) if progress else None  # one bar for the whole model
    try:
        if cluster is not None:
            _tune_on_cluster(work, budget, time_budget, strategy, workers, bar, summary, cluster)
        else:
            _tune_all(work, budget, time_budget, strategy, workers, bar, start, summary, tuple(backends))
    finally:
        if bar is not None:
            bar.stop()
    for entry in cm.kernels:
        if getattr(entry.kernel, "policy", None) is not None:
            entry.kernel.refresh()
    summary["seconds"] = time.perf_counter() - start
    cm.tuning = summary
    return summary


class _Bar:
    def __init__(self, total: int):
        import sys

        from rich import progress as rp
        from rich.console import Console

        self.progress = rp.Progress(rp.TextColumn("{task.description}"), rp.BarColumn(), rp.MofNCompleteColumn(),
                                    rp.TimeElapsedColumn(), rp.TextColumn("eta"), rp.TimeRemainingColumn(),
                                    console=Console(file=sys.stderr))
        self.task = self.progress.add_task("tune", total=total)
        self.progress.start()

    def show(self, label: str, done_before: int) -> None:
        self.progress.update(self.task, description=label, advance=done_before)

    def advance(self) -> None:
        self.progress.update(self.task, advance=1)

    def stop(self) -> None:
        self.progress.refresh()
        self.progress.stop()


def _initial(chooser, shape: dict, space=None) -> list:
    """What the kernel runs at ``shape`` before this tune (the database's or the cost model's pick), then the
    space's default (under each back end it offers): measured first, so the tune never leaves a shape slower than
    it found it."""
    from .autotune.backend_knob import initial_configs
    from .schedule.space import Config

    picked, _ = chooser.choose(shape)
    first = [] if picked is None else [Config.from_dict(picked)]
    return first + [c for c in initial_configs(space or chooser.space) if c not in first]


def _space(kernel, backends: tuple[str, ...], summary: dict):
    """The kernel's search space, with the back end as a knob when more than Triton is asked for."""
    from .autotune.backend_knob import with_backends

    space = kernel.policy.chooser.space
    if backends == ("triton",):
        return space
    space, notes = with_backends(space, kernel.policy.analyzed.tile(None), backends)
    summary["notes"] += [f"{kernel.name}: {note}" for note in notes if f"{kernel.name}: {note}" not in summary["notes"]]
    return space


def _label(i: int, count: int, entry, shape: dict) -> str:
    return f"[{i + 1}/{count}] {entry.name} ({' + '.join(entry.ops)}) " + ",".join(f"{d}={v}" for d, v in shape.items())


def cluster_jobs(work, budget: int, strategy: str, workers: int | None = None) -> list:
    """A ``ClusterJob`` per workload of ``_workloads``: its kernel's traced program, space and objective, the
    config it runs now and the default first (as ``tune_module`` measures them)."""
    from .autotune.cluster_tune import ClusterJob
    from .autotune.cluster_worker import MeasureTask

    jobs = []
    for i, (entry, kernel, shape) in enumerate(work):
        chooser = kernel.policy.chooser
        task = MeasureTask.make(chooser.graph, chooser.dtype, shape, **({"workers": workers} if workers else {}))
        jobs.append(ClusterJob(task, chooser.workload(shape), strategy, chooser.objective, budget,
                               space=chooser.space, initial=_initial(chooser, shape),
                               arch=kernel.policy.options.get("arch"), label=_label(i, len(work), entry, shape)))
    return jobs


def _tune_on_cluster(work, budget, time_budget, strategy, workers, bar, summary, cluster) -> None:
    """Every workload at once on a Dask cluster (``autotune.cluster_tune``), each into its kernel's database."""
    from contextlib import ExitStack

    from .autotune.cluster import connect
    from .autotune.cluster_tune import db_history, tune_on_cluster
    from .autotune.db import TuningDB

    with ExitStack() as stack:
        jobs, dbs, db_of = cluster_jobs(work, budget, strategy, workers), {}, {}
        for job, (_, kernel, _) in zip(jobs, work):
            path = kernel.policy.chooser.db_path
            if path not in dbs:
                dbs[path] = stack.enter_context(TuningDB(path))
            db_of[id(job)] = dbs[path]

        def started(search) -> None:
            if bar is not None:
                bar.show(search.job.label, min(search.search.resumed, budget))

        def record(search, m) -> None:
            db_of[id(search.job)].add(search.device, search.job.workload, m)
            if bar is not None:
                bar.advance()

        connected = connect(cluster)
        if connected is not cluster:   # started here (a spec), so closed here
            stack.callback(connected.close)
        outcome = tune_on_cluster(connected, jobs,
                                  history=lambda job, device: db_history(db_of[id(job)])(job, device),
                                  on_result=record, time_budget=time_budget, on_search=started)
    for job in jobs:
        searches = [(s, r) for s, r in zip(outcome.searches, outcome.results) if s.job is job]
        if any(s.stopped != "time" or r.new for s, r in searches):
            summary["tuned"] += 1
        else:
            summary["skipped"].append(f"{job.label}: the time budget ran out")
    summary["measured"] += outcome.measured
    summary["skipped"] += outcome.lost


def _tune_all(work, budget, time_budget, strategy, workers, bar, start, summary, backends) -> None:
    from .autotune.db import TuningDB, load_history
    from .autotune.measure import make_measurer
    from .autotune.tuner import tune

    for i, (entry, kernel, shape) in enumerate(work):
        left = None if time_budget is None else time_budget - (time.perf_counter() - start)
        if left is not None and left <= 0:
            summary["skipped"].append(f"{entry.name} {shape}: the time budget ran out")
            continue
        chooser = kernel.policy.chooser
        workload = chooser.workload(shape)
        label = _label(i, len(work), entry, shape)
        with TuningDB(chooser.db_path) as db:
            options = {"workers": workers} if workers else {}
            history = load_history(db, chooser.device, workload)
            if bar is not None:
                bar.show(label, min(len(history), budget))
            with make_measurer(chooser.program, chooser.dtype, shape, **options) as measurer:
                def record(m, db=db, measurer=measurer, workload=workload, chooser=chooser):
                    db.add(measurer.device or chooser.device, workload, m)
                    if bar is not None:
                        bar.advance()

                space = _space(kernel, backends, summary)
                result = tune(space, measurer.measure, strategy, budget=budget, time_budget=left,
                              objective=chooser.objective, history=history, on_result=record,
                              initial=_initial(chooser, shape, space), progress=False, label=label)
        summary["tuned"] += 1
        summary["measured"] += len(result.new)
