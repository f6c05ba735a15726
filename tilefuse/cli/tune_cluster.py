"""``tilefuse tune ... --cluster SPEC``: the same tune, its batches measured on every worker of a Dask cluster; this
process searches and is the only writer of the tuning database. Parsing and printing only: the loop is
``autotune.cluster_tune``."""

from __future__ import annotations

from ..errors import TilefuseError
from .common import sigterm_as_interrupt


def check_cluster(spec: str) -> None:
    """A bad ``--cluster`` or a missing Dask, reported before anything starts."""
    from ..autotune.cluster import parse_spec, require_dask

    parse_spec(spec)
    require_dask()


def cluster_tune(args, graph, workload, objective, energy: bool, say, console) -> list:
    """Tune ``workload`` on ``args.cluster``; prints each device's results table, returns their ``TuneResult``s."""
    from ..autotune.cluster import connect
    from ..autotune.cluster_tune import db_history, job_for, tune_on_cluster
    from ..autotune.db import TuningDB
    from ..autotune.tuner import ProgressBar, results_table

    label = f"{workload.program} {workload.shape_key}"
    job = job_for(graph, workload.dtype, workload.dims, strategy=args.strategy, objective=str(objective),
                  budget=args.budget, seed=args.seed, label=label, energy=energy, timeout_s=args.timeout,
                  workers=args.workers)
    rows: dict[int, object] = {}
    bar = None

    def show(search) -> None:   # a row per device
        nonlocal bar
        name = f"{label} on {search.device.name}"
        if args.no_progress:
            return
        if bar is None:
            bar = ProgressBar(name, args.budget, search.search.resumed, objective)
            rows[id(search)] = bar.task
        else:
            rows[id(search)] = bar.add(name, args.budget, search.search.resumed)

    with TuningDB(args.db) as db, connect(args.cluster) as cluster:
        def record(search, m) -> None:
            db.add(search.device, search.job.workload, m)
            if bar is not None:
                bar.advance(search.search.tracker, rows.get(id(search)))

        say(f"tuning {label} on {cluster.description}: {args.strategy} search, objective {objective}, budget "
            f"{args.budget} measurements per GPU model; database {db.path}")
        try:
            with sigterm_as_interrupt():   # a killed tune stops like Ctrl-C: tasks cancelled, DB intact
                outcome = tune_on_cluster(cluster, [job], history=db_history(db), on_result=record,
                                          batch=args.batch, time_budget=args.time_budget, on_search=show, log=say)
        finally:
            if bar is not None:
                bar.stop()
        for search, result in zip(outcome.searches, outcome.results):
            console.print(results_table(result))
            say(f"{search.device.name}: measured {len(result.new)} new configs in {result.wall_s:.1f} s "
                f"({result.resumed} from the database)")
        for why in outcome.lost:
            say(f"not measured: {why}")
        say(f"{outcome.workers} measuring workers, {outcome.batches} batches; {db.count()} records in {db.path}")
    if not outcome.results:
        raise TilefuseError(f"no measuring worker joined {args.cluster} before the tune ended")
    return outcome.results
