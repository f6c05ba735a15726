"""``tilefuse tune PROGRAM.py --shape ...``: search a program's schedule space on this GPU, every measurement into
the tuning database; prints the results table and how to compile with the best config."""

from __future__ import annotations

from pathlib import Path

from ..autotune.backend_knob import initial_configs
from ..autotune.db import load_history
from ..autotune.measure import make_measurer
from ..autotune.tuner import backend_space, check_shape
from ..errors import TilefuseError
from ..frontend.loading import load_program
from .common import console as make_console
from .common import parse_shape, sigterm_as_interrupt


def _config_text(config: dict, knobs: list[str]) -> str:
    return " ".join(f"{k}={config[k]}" for k in knobs if k in config)


def cmd_tune(args) -> int:
    from .. import backends
    from ..autotune.db import TuningDB
    from ..autotune.objectives import parse_objective
    from ..autotune.records import Device, Workload, program_signature
    from ..autotune.strategies import STRATEGIES, make_strategy
    from ..autotune.tuner import results_table, tune
    from ..ir.dtypes import as_dtype

    # Everything that can be wrong with the command is reported before a process is started.
    objective = parse_objective(args.objective)
    if args.strategy not in STRATEGIES:
        raise TilefuseError(f"unknown search strategy {args.strategy!r}; choose one of {', '.join(STRATEGIES)}")
    if args.budget < 1:
        raise TilefuseError(f"--budget must be at least 1, got {args.budget}")
    names = [b.strip() for b in (args.backends or "triton").split(",") if b.strip()]
    for name in names:  # an unknown name is an error before anything starts
        try:
            backends.get(name)
        except ValueError as exc:
            raise TilefuseError(f"--backends: {exc}") from None
    if args.cluster:
        from .tune_cluster import check_cluster

        check_cluster(args.cluster)
        if names != ["triton"]:
            raise TilefuseError("--cluster tunes the Triton back end; --backends with more than triton runs on one "
                                "machine for now")
    program = load_program(args.program, args.entry)
    dtype = str(as_dtype(args.dtype))
    graph = program.trace(as_dtype(dtype))
    shape = check_shape(program, graph, parse_shape(args.shape))
    workload = Workload.make(program.name, program_signature(graph, dtype), dtype, shape)
    device = Device.current()
    energy = args.energy or objective.kind != "latency"
    console = make_console()
    say = lambda text: console.print(text, markup=False)
    if args.cluster:
        from .tune_cluster import cluster_tune

        cluster = cluster_tune(args, graph, workload, objective, energy, say, console)  # one result per device
        return max(_report(args, program, workload, objective, dtype, r, say, console) for r in cluster)

    with TuningDB(args.db) as db:
        history = load_history(db, device, workload)
        written: set[int] = set()

        def record(m) -> None:
            if id(m) not in written:   # the streaming hook and the tuner's on_result both pass it on
                written.add(id(m))
                db.add(device, workload, m)

        measurer = make_measurer(program, dtype, shape, on_measured=record, energy=energy,
                                 timeout_s=args.timeout, workers=args.workers, seed=args.seed)
        try:
            space, notes = backend_space(graph, measurer.arch, program.name, names)
            for note in notes:
                say(f"note: {note}")
            strategy = make_strategy(args.strategy, space, objective, args.seed)
            resumed = f", {len(history)} already in the database" if history else ""
            say(f"tuning {program.name} {dtype} at {workload.shape_key} on {device.name}: {strategy.name} search, "
                f"objective {objective}, budget {args.budget} measurements{resumed}; database {db.path}")
            if measurer.interpreted:
                say("note: no GPU, so kernels run in Triton's CPU interpreter and the timer is the CPU clock "
                    "(time.perf_counter): the latencies exercise the tuner but say nothing about GPU performance")
            if energy and device.capability == "cpu":
                say("note: energy needs a GPU's energy counter (NVML); without it energy objectives fall back "
                    "to latency")
            with sigterm_as_interrupt():
                result = tune(space, measurer.measure, strategy, budget=args.budget, time_budget=args.time_budget,
                              objective=objective, history=history, on_result=record, batch=args.batch,
                              seed=args.seed, progress=not args.no_progress,
                              label=f"{program.name} {workload.shape_key}", initial=initial_configs(space))
        finally:
            measurer.close()
        console.print(results_table(result))
        say(f"measured {len(result.new)} new configs in {result.wall_s:.1f} s ({len(history)} from the database); "
            f"{db.count()} records in {db.path}")
    return _report(args, program, workload, objective, dtype, result, say, console)


def _report(args, program, workload, objective, dtype: str, result, say, console) -> int:
    """The plots, the best config and how to compile with it; the exit status."""
    if args.plot:
        _tune_plots(result, program.name, workload, Path(args.plot), console)
    if result.interrupted:
        say("interrupted: every finished measurement is in the database; run the same command to resume")
    best = result.best
    if best is None:
        say(f"no config ran correctly ({len(result.measurements)} tried); see the status column")
        return 130 if result.interrupted else 1
    shape_flags = f"--shape {workload.shape_key}"
    db_flag = f" --db {args.db}" if args.db else ""
    energy_text = f", {best.energy * 1e3:.4g} mJ/call" if best.energy is not None else ""
    say(f"best ({objective}): {_config_text(best.config, result.knobs)}  [{best.latency * 1e6:.2f} us{energy_text}]")
    compile_db = f", db=\"{args.db}\"" if args.db else ""
    say(f"compiling this workload now picks the latency-best config from the database:\n"
        f"  tilefuse compile {args.program} --entry {program.name} --dtype {dtype} {shape_flags}{db_flag}\n"
        f"  {program.name}.compile(dtype=\"{dtype}\", shape={workload.dims}{compile_db})")
    if objective.kind != "latency":
        say(f"  to pick by {objective}: tilefuse.api.compile_program({program.name}, dtype=\"{dtype}\", "
            f"shape={workload.dims}{compile_db}, objective=\"{objective}\")")
    return 130 if result.interrupted else 0


def _tune_plots(result, name: str, workload, out: Path, console) -> None:
    """Best-so-far and (with energy readings) latency-vs-energy Pareto PNGs; matplotlib is optional."""
    from ..autotune.objectives import parse_objective
    from ..autotune.plots import plot_best_so_far, plot_pareto

    objective = parse_objective(result.objective)
    has_energy = any(m.ok and m.energy is not None for m in result.measurements)
    if objective.kind == "latency" or not has_energy:
        ylabel, scale = "best latency (us)", 1e6
    elif objective.kind == "edp":
        ylabel, scale = "best energy x latency (mJ*us)", 1e9
    else:
        ylabel, scale = "best energy per call (mJ)", 1e3
    stem = f"{name}_{workload.dtype}_{workload.shape_key.replace(',', '_').replace('=', '')}"
    title = f"{name} {workload.dtype} {workload.shape_key}"
    out.mkdir(parents=True, exist_ok=True)
    try:
        paths = [plot_best_so_far({result.strategy: result.best_so_far}, out / f"{stem}_best_so_far.png", title,
                                  ylabel=ylabel, scale=scale)]
        if has_energy:
            paths.append(plot_pareto(result.measurements, out / f"{stem}_pareto.png", title,
                                     slack=objective.slack if objective.kind == "energy_within" else 0.05))
    except ImportError:
        console.print("no plots: matplotlib is not installed (pip install matplotlib)", markup=False)
        return
    console.print("wrote " + ", ".join(str(p) for p in paths)
                  + ("" if has_energy else " (no Pareto plot: no energy readings, which need a GPU)"), markup=False)


def add_tune_parser(sub) -> None:
    """``tilefuse tune PROGRAM.py --shape ...``: search a kernel's space on this GPU, into the tuning database."""
    t = sub.add_parser("tune", help="search a program's schedule space at given sizes; results go to the tuning "
                                    "database, where compile --shape finds them")
    t.add_argument("program", help="a Python file with @tf.program functions")
    t.add_argument("--entry", help="the program to tune (needed when the file has several)")
    t.add_argument("--shape", action="append", metavar="DIM=SIZE",
                   help="the sizes to tune for, every dim: --shape M=4096 --shape N=4096 --shape K=4096 (or M=..,N=..)")
    t.add_argument("--dtype", default="fp16", choices=["fp32", "fp16", "bf16"])
    t.add_argument("--backends", metavar="NAMES", default="triton",
                   help="code generators to search over, comma-separated: triton (default), cuda, or triton,cuda (the "
                        "back end becomes a knob, BACKEND; cuda needs tilefuse[cuda] and, to run, a GPU with "
                        "cuda-python); the database records which one won")
    t.add_argument("--budget", type=int, default=64,
                   help="measurements in total, those already in the database included (default 64)")
    t.add_argument("--time-budget", type=float, metavar="S", help="start no new batch after S seconds")
    t.add_argument("--strategy", default="evolutionary",
                   help="exhaustive, random, evolutionary (default) or model (a ridge cost model)")
    t.add_argument("--objective", default="latency",
                   help="latency (default), energy, edp (energy x latency) or energy@X%% (least energy within X%% "
                        "of the best latency, e.g. energy@5%%)")
    t.add_argument("--energy", action="store_true", help="measure energy even when the objective is latency")
    t.add_argument("--db", metavar="PATH", help="tuning database (default: $TILEFUSE_TUNING_DB, else "
                   "~/.cache/tilefuse/tuning.sqlite)")
    t.add_argument("--timeout", type=float, default=60, metavar="S",
                   help="seconds one config may take to check and time before it is killed (default 60)")
    t.add_argument("--workers", type=int, help="parallel compile processes (default: cores - 1, at most 8)")
    t.add_argument("--batch", type=int, default=8, help="configs proposed and compiled together (default 8)")
    t.add_argument("--seed", type=int, default=0, help="seed of the search and of the random inputs")
    t.add_argument("--plot", metavar="DIR", help="write best-so-far and latency-energy Pareto PNGs to DIR")
    t.add_argument("--cluster", metavar="SPEC",
                   help="measure on a Dask cluster: local (every GPU of this machine), local:N (N workers) or a "
                        "scheduler address (tcp://host:8786); needs pip install tilefuse[distributed]")
    t.add_argument("--no-progress", action="store_true", help="no progress bar")
    t.set_defaults(func=cmd_tune)

