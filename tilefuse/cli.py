"""The ``tilefuse`` command: compile programs to standalone kernel files, show the IR after each pass, tune a
program's schedule on this GPU (``tune``), and inspect the per-GPU tuning database (``db``)."""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import sys
import time
from pathlib import Path

from .backends.triton.loader import use_interpreter_if_no_gpu
from .errors import TilefuseError
from .frontend.loading import load_programs


def parse_config(text: str | None) -> dict | None:
    """The ``--config`` JSON object, or a TilefuseError saying what is wrong with it."""
    if not text:
        return None
    try:
        config = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TilefuseError(f"--config is not valid JSON ({exc}): {text}") from None
    if not isinstance(config, dict):
        raise TilefuseError(f'--config must be a JSON object such as \'{{"BLOCK_M": 64}}\', got {text}')
    return config


def check_kernel(program, kernel, dtype: str, seed: int = 0) -> dict:
    """Run the kernel once on small ragged random inputs against the fp64 reference.

    The same check the tuner runs on every candidate (``autotune.measure``): inputs from ``make_inputs``, the
    reference from ``reference``, and ``check_output``, which NaN-fills the output and any scratch buffer first,
    so an unwritten tile fails. ``all_written`` is False when an output came back with NaN or infinities.
    """
    import math

    import torch

    from .autotune.checking import check_output, reference, tolerance
    from .autotune.inputs import make_inputs

    graph = kernel.lowered.source
    device = "cuda" if torch.cuda.is_available() else "cpu"
    # Ragged sizes that span several tiles of every default block (and several K slices when split).
    sizes = [131, 97, 67, 43, 29, 19]
    dims = {d: sizes[i % len(sizes)] for i, d in enumerate(kernel.module.META["dims"])}
    inputs = make_inputs(graph, dims, seed, device)
    ok, err = check_output(kernel, inputs, reference(graph, inputs), dtype)
    return {"dims": dims, "device": device, "rel_error": err, "tolerance": tolerance(dtype),
            "all_written": not math.isnan(err), "ok": bool(ok)}


def cmd_compile(args) -> int:
    from .backends.triton.offline import compile_offline

    config = parse_config(args.config)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    manifest = {"tilefuse_version": None, "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "kernels": []}
    from .version import __version__

    manifest["tilefuse_version"] = __version__
    status = 0
    shape = parse_shape(args.shape)
    for program in load_programs(args.program, args.entry):
        kernel = program.compile(dtype=args.dtype, config=config, arch=args.arch, debug=args.debug, shape=shape,
                                 db=args.db)
        path = kernel.save(out)
        entry = {"program": program.name, "source": os.path.abspath(program.file),
                 "file": path.name, "dtype": args.dtype, "config": kernel.config.to_dict(),
                 "kernels": list(kernel.module.KERNELS),
                 "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                 "inputs": [{"name": n.name, "dtype": str(n.dtype), "shape": [str(a.size) for a in n.axes]}
                            for n in kernel.lowered.source.inputs]}
        print(f"wrote {path}")
        if shape is not None or args.db:
            entry["tuning"] = kernel.tuning
            print(f"  config: {kernel.tuning['summary']}")
        if args.check:
            result = check_kernel(program, kernel, args.dtype)
            entry["check"] = result
            verdict = "ok" if result["ok"] else "FAILED"
            print(f"  check on {result['device']} (dims {result['dims']}): relative error "
                  f"{result['rel_error']:.2e} vs fp64 reference, tolerance {result['tolerance']:.0e}: {verdict}")
            status |= 0 if result["ok"] else 1
        if args.offline:
            reports = compile_offline([str(path)], archs=tuple(args.offline))
            entry["offline"] = [{k: v for k, v in r.items() if k != "file"} for r in reports]
            for r in reports:
                detail = f"{r.get('regs')} regs, {r.get('shared')} B shared, {r.get('mma')}" if r["ok"] else r["error"]
                print(f"  offline sm_{r['arch']} {r['kernel']}: {'ok' if r['ok'] else 'FAILED'} ({detail})")
                status |= 0 if r["ok"] else 1
        manifest["kernels"].append(entry)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote {out / 'manifest.json'}")
    return status


def cmd_show(args) -> int:
    from .ir.dtypes import as_dtype
    from .schedule import lower

    config = parse_config(args.config)
    for program in load_programs(args.program, args.entry):
        graph = program.trace(as_dtype(args.dtype))
        lowered = lower(graph, config)
        for name, text in lowered.stages:
            print(f"// ---- after {name} " + "-" * max(0, 60 - len(name)))
            print(text)
        tuned = [k for k in lowered.kernels if k.space is not None]
        print(f"// ---- search space of {tuned[0].name}" if tuned else "")
        if tuned:
            space = tuned[0].space
            for knob in space.knobs:
                print(f"//   {knob.name:<13} {list(knob.values)}  {knob.doc}")
            print(f"//   constraints: {', '.join(c.name for c in space.constraints)}")
        if args.code:
            from .backends.triton import emit_program

            print("// ---- generated Triton")
            print(emit_program(lowered, program_file=program.file, dtype=args.dtype))
    return 0


def parse_shape(values: list[str] | None) -> dict[str, int] | None:
    """``--shape M=4096 --shape N=1024`` (or ``--shape M=4096,N=1024``) as {"M": 4096, "N": 1024}."""
    if not values:
        return None
    shape = {}
    for part in (p for v in values for p in v.split(",") if p.strip()):
        name, _, size = part.partition("=")
        if not name.strip() or not size.strip().isdigit():
            raise TilefuseError(f"--shape takes DIM=SIZE such as M=4096, got {part!r}")
        shape[name.strip()] = int(size)
    return shape


def _console():
    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 160, highlight=False)


def _fmt(value: float | None, scale: float, unit: str) -> str:
    return "-" if value is None else f"{value * scale:.4g} {unit}"


def cmd_db_list(args) -> int:
    from rich.table import Table

    from .autotune.db import TuningDB

    with TuningDB(args.db) as db:
        rows = db.summary()
        table = Table(title=f"tuning database {db.path}")
    for column in ("device", "program", "dtype", "shape", "#records", "#ok", "best latency", "best energy"):
        table.add_column(column, justify="right" if column[0] in "#b" else "left")
    for r in rows:
        table.add_row(r["device"], r["program"], r["dtype"], r["shape"], str(r["records"]), str(r["ok"]),
                      _fmt(r["best_latency"], 1e3, "ms"), _fmt(r["best_energy"], 1e3, "mJ"))
    _console().print(table if rows else f"tuning database {db.path}: no records")
    return 0


def cmd_db_show(args) -> int:
    from rich.table import Table

    from .autotune.db import TuningDB
    from .schedule.space import Config

    defaults = Config().to_dict()
    with TuningDB(args.db) as db:
        records = db.records(program=args.program, shape=parse_shape(args.shape), status=args.status)
    table = Table(title=f"{len(records)} records in {db.path}")
    for column in ("device", "program", "dtype", "shape", "status", "latency", "energy", "config (not default)",
                   "error"):
        table.add_column(column)
    for r in records:
        m = r.measurement
        knobs = " ".join(f"{k}={v}" for k, v in m.config.items() if defaults.get(k) != v) or "(defaults)"
        table.add_row(r.device.name, r.workload.program, r.workload.dtype, r.workload.shape_key, m.status,
                      _fmt(m.latency, 1e3, "ms"), _fmt(m.energy, 1e3, "mJ"), knobs, m.error.splitlines()[0]
                      if m.error else "")
    _console().print(table)
    return 0


def cmd_db_export(args) -> int:
    from .autotune.db import TuningDB

    with TuningDB(args.db) as db:
        count = db.export_jsonl(args.file, program=args.program)
    print(f"exported {count} records from {db.path} to {args.file}", file=sys.stderr if args.file == "-" else None)
    return 0


def cmd_db_import(args) -> int:
    from .autotune.db import TuningDB

    with TuningDB(args.db) as db:
        added, present = db.import_jsonl(args.file)
    print(f"imported {added} new records into {db.path} ({present} already there)")
    return 0


def cmd_db_prune(args) -> int:
    from .autotune.db import TuningDB

    if not args.failed and args.keep_best is None:
        raise TilefuseError("db prune needs --failed and/or --keep-best N")
    with TuningDB(args.db) as db:
        deleted = db.prune(failed=args.failed, keep_best=args.keep_best)
        left = db.count()
    print(f"pruned {deleted} records from {db.path}; {left} left")
    return 0


def add_db_parser(sub) -> None:
    """``tilefuse db list|show|export|import|prune``: inspect and share the per-GPU tuning database."""
    d = sub.add_parser("db", help="inspect, share and prune the per-GPU tuning database")
    actions = d.add_subparsers(dest="db_command", required=True)
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--db", metavar="PATH",
                       help="database file (default: $TILEFUSE_TUNING_DB, else ~/.cache/tilefuse/tuning.sqlite)")
    a = actions.add_parser("list", parents=[where], help="one row per device and workload")
    a.set_defaults(func=cmd_db_list)
    a = actions.add_parser("show", parents=[where], help="print the records, filtered")
    a.add_argument("--program", help="only this program")
    a.add_argument("--shape", action="append", metavar="DIM=SIZE", help="only this exact shape (repeat per dim)")
    a.add_argument("--status", help="only this status (ok, wrong, compile_error, ...)")
    a.set_defaults(func=cmd_db_show)
    a = actions.add_parser("export", parents=[where], help="write the records as JSON lines (- for stdout)")
    a.add_argument("file")
    a.add_argument("--program", help="only this program")
    a.set_defaults(func=cmd_db_export)
    a = actions.add_parser("import", parents=[where], help="add the records of a JSON-lines export (idempotent)")
    a.add_argument("file")
    a.set_defaults(func=cmd_db_import)
    a = actions.add_parser("prune", parents=[where], help="drop failed records and/or all but the best N")
    a.add_argument("--failed", action="store_true", help="drop every record whose status is not ok")
    a.add_argument("--keep-best", type=int, metavar="N", help="keep the N fastest ok records per device and workload")
    a.set_defaults(func=cmd_db_prune)


# ---- tilefuse tune --------------------------------------------------------------------------------------------


@functools.cache
def _streaming_measurer():
    """``Measurer`` that hands each timed config to ``on_measured`` the moment it is timed (see ``make_measurer``)."""
    from .autotune.measure import Measurer

    class StreamingMeasurer(Measurer):
        on_measured = None

        def _measure_one(self, cfg, built):
            m = super()._measure_one(cfg, built)
            if self.on_measured is not None and not self.energy:
                self.on_measured(m)
            return m

    return StreamingMeasurer


def make_measurer(program_file: str, entry: str | None, dtype: str, dims: dict, *, on_measured=None, **kwargs):
    """A ``Measurer`` whose results reach ``on_measured`` one config at a time.

    ``Measurer.measure`` returns a whole batch at once; a tune killed in the middle of a batch would lose the configs
    it had already timed. Here each latency measurement is passed on as soon as it exists. With energy on, a batch's
    measurements are only complete after its interleaved energy windows, so they arrive with the batch (the tuner's
    ``on_result``); ``on_measured`` must therefore ignore a measurement it has seen.
    """
    measurer = _streaming_measurer()(program_file, entry, dtype, dims, **kwargs)
    measurer.on_measured = on_measured
    return measurer


def tune_space(graph, arch: int, program: str):
    """The search space of the program's kernels for ``arch``: the first kernel's knobs under every kernel's
    constraints (one config schedules every kernel of a program)."""
    from .gpu import GPU
    from .schedule import lower

    space = lower(graph, None, target=GPU.for_arch(arch)).space
    if space is None:
        raise TilefuseError("has no kernel to tune: every op runs as an unfused PyTorch step (see the fuse stage of "
                            "`tilefuse show`)", program=program)
    return space   # its default (the compiler's own choice) is measured first: a tune never ends worse than none


def check_shape(program, graph, shape: dict | None) -> dict[str, int]:
    """``shape`` if it gives every symbolic dim of the program and nothing else; a TilefuseError otherwise."""
    from .ir.dims import dims_in

    dims = sorted({d for n in graph.inputs for a in n.axes for d in dims_in(a.size)})
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


def load_history(db, device, workload) -> list:
    """The measurements ``db`` already holds for ``workload`` on ``device``, oldest first: a resumed tune replays
    them and measures none of them again. Records whose config this tilefuse cannot read are left out."""
    from .errors import ConfigError
    from .schedule.space import Config

    history = []
    for record in db.records(device=device, program=workload.program, signature=workload.signature,
                             dtype=workload.dtype, shape=workload.dims):
        try:
            Config.from_dict(record.measurement.config)
        except ConfigError:
            continue
        history.append(record.measurement)
    return history


def _one_program(path: str, entry: str | None):
    programs = load_programs(path, entry)
    if len(programs) > 1:
        names = ", ".join(p.name for p in programs)
        raise TilefuseError(f"{path} defines {len(programs)} programs ({names}); pick one with --entry")
    return programs[0]


def _config_text(config: dict, knobs: list[str]) -> str:
    return " ".join(f"{k}={config[k]}" for k in knobs if k in config)


def cmd_tune(args) -> int:
    import signal

    from .autotune.db import TuningDB
    from .autotune.objectives import parse_objective
    from .autotune.records import Device, Workload, program_signature
    from .autotune.strategies import STRATEGIES, make_strategy
    from .autotune.tuner import results_table, tune
    from .ir.dtypes import as_dtype

    # Everything that can be wrong with the command is reported before a process is started.
    objective = parse_objective(args.objective)
    if args.strategy not in STRATEGIES:
        raise TilefuseError(f"unknown search strategy {args.strategy!r}; choose one of {', '.join(STRATEGIES)}")
    if args.budget < 1:
        raise TilefuseError(f"--budget must be at least 1, got {args.budget}")
    program = _one_program(args.program, args.entry)
    dtype = str(as_dtype(args.dtype))
    graph = program.trace(as_dtype(dtype))
    shape = check_shape(program, graph, parse_shape(args.shape))
    workload = Workload.make(program.name, program_signature(graph, dtype), dtype, shape)
    device = Device.current()
    energy = args.energy or objective.kind != "latency"
    console = _console()
    say = lambda text: console.print(text, markup=False)

    with TuningDB(args.db) as db:
        history = load_history(db, device, workload)
        written: set[int] = set()

        def record(m) -> None:
            if id(m) not in written:   # the streaming hook and the tuner's on_result both pass it on
                written.add(id(m))
                db.add(device, workload, m)

        measurer = make_measurer(args.program, program.name, dtype, shape, on_measured=record, energy=energy,
                                 timeout_s=args.timeout, workers=args.workers, seed=args.seed)
        previous_term = signal.getsignal(signal.SIGTERM)
        try:
            space = tune_space(graph, measurer.arch, program.name)
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
            signal.signal(signal.SIGTERM, _interrupt)  # a killed tune stops like Ctrl-C: workers ended, DB intact
            result = tune(space, measurer.measure, strategy, budget=args.budget, time_budget=args.time_budget,
                          objective=objective, history=history, on_result=record, batch=args.batch, seed=args.seed,
                          progress=not args.no_progress, label=f"{program.name} {workload.shape_key}",
                          initial=[space.default])
        finally:
            signal.signal(signal.SIGTERM, previous_term)
            measurer.close()
        console.print(results_table(result))
        say(f"measured {len(result.new)} new configs in {result.wall_s:.1f} s ({len(history)} from the database); "
            f"{db.count()} records in {db.path}")
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


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _tune_plots(result, name: str, workload, out: Path, console) -> None:
    """Best-so-far and (with energy readings) latency-vs-energy Pareto PNGs; matplotlib is optional."""
    from .autotune.objectives import parse_objective
    from .autotune.plots import plot_best_so_far, plot_pareto

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
    t.add_argument("--no-progress", action="store_true", help="no progress bar")
    t.set_defaults(func=cmd_tune)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tilefuse", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("compile", help="compile programs to standalone Triton kernel files")
    c.add_argument("program", help="a Python file with @tf.program functions")
    c.add_argument("--entry", help="compile only this program")
    c.add_argument("--dtype", default="fp16", choices=["fp32", "fp16", "bf16"])
    c.add_argument("--config", help='schedule as JSON, e.g. \'{"BLOCK_M": 64, "SPLIT_K": 4}\'')
    c.add_argument("--arch", type=int, default=90, help="target compute capability for the constraints (90, 80)")
    c.add_argument("--out", default="build", help="output directory (default: build)")
    c.add_argument("--debug", action="store_true",
                   help="bounds-check every gather (GQA head maps, page tables) and raise a clear error")
    c.add_argument("--check", action="store_true",
                   help="run each kernel on small random inputs against the reference (CPU: Triton interpreter)")
    c.add_argument("--offline", type=int, nargs="*", metavar="ARCH",
                   help="also compile offline with triton.compile for these archs (default 90 80)")
    c.add_argument("--shape", action="append", metavar="DIM=SIZE",
                   help="take the config from the tuning database for this shape (--shape M=4096 --shape N=...)")
    c.add_argument("--db", metavar="PATH", help="tuning database (default: $TILEFUSE_TUNING_DB, else "
                   "~/.cache/tilefuse/tuning.sqlite)")
    c.set_defaults(func=cmd_compile)
    s = sub.add_parser("show", help="print the IR after each pass")
    s.add_argument("program")
    s.add_argument("--entry")
    s.add_argument("--dtype", default="fp16", choices=["fp32", "fp16", "bf16"])
    s.add_argument("--config")
    s.add_argument("--code", action="store_true", help="also print the generated Triton file")
    s.set_defaults(func=cmd_show)
    add_tune_parser(sub)
    add_db_parser(sub)
    from .cost_model.cli import add_model_parser

    add_model_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "offline", None) == []:
        args.offline = [90, 80]
    if args.command in ("compile", "tune"):
        use_interpreter_if_no_gpu()
    try:
        return args.func(args)
    except TilefuseError as exc:
        print(f"tilefuse: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
