"""``tilefuse model train|eval|rank``: train the cost model on tuning records, score it on held-out workloads, and
rank a program's configs with it (no measurement).

``add_model_parser(subparsers)`` adds the ``model`` command to the ``tilefuse`` parser; each action's function
takes the parsed arguments and returns the exit status (0 ok, 1 nothing to do: no data or no usable model).
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from ..errors import TilefuseError
from ..frontend.loading import load_program_files
from .common import console, parse_shape

DEFAULT_PROGRAMS = "examples"


def _say(text: str) -> None:
    console().print(text, markup=False)


def _programs(args) -> dict:
    paths = args.programs if args.programs is not None else (
        [DEFAULT_PROGRAMS] if Path(DEFAULT_PROGRAMS).is_dir() else [])
    return load_program_files(paths) if paths else {}


def _records(args) -> list:
    from ..cost_model.models import read_records

    records = []
    if args.records:
        found, info = read_records(args.records)
        skipped = f", skipped {info['skipped']} lines that are not tuning records" if info["skipped"] else ""
        _say(f"read {len(found)} records from {info['files']} files{skipped}")
        records += found
    if args.db:
        from ..autotune.db import TuningDB

        with TuningDB(args.db) as db:
            found = db.records()
        _say(f"read {len(found)} records from the tuning database {db.path}")
        records += found
    if not args.records and not args.db:
        raise TilefuseError("give the training data: --records FILE.jsonl (or a directory of them) and/or --db PATH")
    if args.device_name:
        kept = [r for r in records if args.device_name.lower() in r.device.name.lower()]
        names = sorted({r.device.name for r in records})
        _say(f"{len(kept)} of them on a device named like {args.device_name!r} (devices: {', '.join(names) or '-'})")
        records = kept
    return records


def _device(args, records):
    from ..gpu import GPU

    device = None
    if args.device_name or args.peak_tflops or args.bandwidth_gbs:
        known = next((r.device for r in records), None)
        device = GPU.for_device(known if known is not None else args.device_name,
                                       peak_tflops=args.peak_tflops, bandwidth_gbs=args.bandwidth_gbs)
    return device


def _featurizer(args):
    from ..cost_model.features import CompiledFacts, Featurizer

    programs = _programs(args)
    compiled = CompiledFacts(arch=args.compiled) if getattr(args, "compiled", None) else None
    return Featurizer(programs, compiled=compiled), programs


def _params(args):
    from ..cost_model.models import TrainParams

    return TrainParams(rounds=args.rounds, depth=args.depth, seed=args.seed)


def _describe_sources(featurizer, records) -> None:
    fields = sorted({r.workload.program for r in records if featurizer.facts(r.workload).source == "fields"})
    if fields:
        _say(f"features of {', '.join(fields)} come from the records' fields only (program not found under "
             "--programs): no mask, epilogue or sparsity facts for them")


def cmd_model_train(args) -> int:
    from ..cost_model.models import CostModelError, train_model

    records = _records(args)
    featurizer, _ = _featurizer(args)
    try:
        model = train_model(records, featurizer=featurizer, device=_device(args, records), params=_params(args))
    except CostModelError as exc:
        _say(f"tilefuse: {exc.message}")
        return 1
    _describe_sources(featurizer, records)
    path = model.save(args.out)
    t = model.metadata["training"]
    _say(f"trained {', '.join(model.boosters)} on {t['rows']} configs of {t['workloads']} workloads "
         f"({t['energy_rows']} with energy) for {model.device.name}; wrote {path.parent}")
    if "energy" not in model.boosters:
        _say("no energy booster: fewer than 8 measurements carry an energy reading (tune with --energy on a GPU)")
    return 0


def cmd_model_eval(args) -> int:
    from ..cost_model.evaluate import STRATEGIES, evaluate, plot_regret, report_tables, write_json
    from ..cost_model.models import CostModelError, TrainParams, load_model

    records = _records(args)
    featurizer, programs = _featurizer(args)
    model = None
    if args.model:
        model = load_model(args.model, featurizer=featurizer)
        if model is None:
            return 1
    strategies = [s.strip() for s in args.strategies.split(",") if s.strip()]
    unknown = sorted(set(strategies) - set(STRATEGIES))
    if unknown:
        raise TilefuseError(f"--strategies: unknown {', '.join(unknown)}; choose from {', '.join(STRATEGIES)}")
    params = TrainParams(rounds=args.rounds, depth=args.depth, seed=args.seed) if model is None else TrainParams()
    try:
        report = evaluate(records, model=model, featurizer=featurizer, holdout=args.holdout, folds=args.folds,
                          seeds=range(args.seeds), strategies=strategies, params=params,
                          device=_device(args, records))
    except CostModelError as exc:
        _say(f"tilefuse: {exc.message}")
        return 1
    out_console = console()
    for table in report_tables(report):
        out_console.print(table)
    out = Path(args.out)
    path = write_json(report, out / "model_eval.json")
    wrote = [str(path)]
    if args.plot:
        try:
            wrote.append(str(plot_regret(report["workloads"], Path(args.plot) / "model_eval_regret.png")))
        except ImportError:
            _say("no plot: matplotlib is not installed (pip install matplotlib)")
    _say("wrote " + ", ".join(wrote))
    return 0


def cmd_model_rank(args) -> int:
    from ..autotune.records import Workload, program_signature
    from ..cost_model.features import Featurizer
    from ..cost_model.models import CostModel, load_model
    from ..gpu import GPU
    from ..ir.dtypes import as_dtype
    from ..schedule import analyze

    programs = load_program_files([args.program])
    if args.entry:
        if args.entry not in programs:
            raise TilefuseError(f"{args.program} has no program named {args.entry!r}; it has "
                                f"{', '.join(programs) or 'none'}")
        programs = {args.entry: programs[args.entry]}
    if len(programs) != 1:
        raise TilefuseError(f"{args.program} defines {len(programs)} programs ({', '.join(programs) or 'none'}); "
                            "pick one with --entry")
    program = next(iter(programs.values()))
    shape = parse_shape(args.shape) or {}
    dtype = str(as_dtype(args.dtype))
    graph = program.trace(as_dtype(dtype))
    workload = Workload.make(program.name, program_signature(graph, dtype), dtype, shape)
    featurizer = Featurizer(programs)
    model = load_model(args.model, featurizer=featurizer) if args.model else None
    if model is None:
        _say("ranking by the analytic roofline estimate (no cost model)")
        model = CostModel(featurizer=featurizer, device=GPU.for_device(args.device_name or "H100"))
    space = analyze(graph, target=GPU.for_arch(args.arch)).space
    if space is None:
        raise TilefuseError("has no kernel to rank: every op runs unfused", program=program.name)
    configs = list(space.points())
    ranked = model.rank(workload, configs)
    latency = model.predict_latency(workload, ranked[: args.top])
    _say(f"{program.name} {dtype} {workload.shape_key} on {model.device.name}: {len(configs)} valid configs, "
         f"best {args.top} by {model!r}")
    for i, (config, seconds) in enumerate(zip(ranked[: args.top], latency), 1):
        knobs = " ".join(f"{k.name}={getattr(config, k.name)}" for k in space.knobs)
        _say(f"{i:>3}. {knobs}  (predicted {seconds * 1e6:.1f} us)" if math.isfinite(seconds) else f"{i:>3}. {knobs}")
    return 0


def add_model_parser(subparsers) -> None:
    """``tilefuse model train|eval|rank``."""
    m = subparsers.add_parser("model", help="train and evaluate the learned cost model (XGBoost) on tuning records")
    actions = m.add_subparsers(dest="model_command", required=True)
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument("--records", nargs="+", metavar="FILE",
                      help="tuning records as JSON lines (tilefuse db export, benchmarks/tune.py records.jsonl), "
                           "or directories of *.jsonl")
    data.add_argument("--db", metavar="PATH", help="also read every record of this tuning database")
    data.add_argument("--programs", nargs="*", metavar="PATH",
                      help="program files or directories to lower for features (default: ./examples if present); "
                           "records of other programs use their fields only")
    data.add_argument("--device-name", metavar="NAME", help="only records of a device whose name contains NAME "
                      "(e.g. H200); its table entry sets the device features")
    data.add_argument("--peak-tflops", type=float, help="measured peak TFLOP/s (overrides the table)")
    data.add_argument("--bandwidth-gbs", type=float, help="measured DRAM GB/s (overrides the table)")
    data.add_argument("--compiled", type=int, metavar="ARCH",
                      help="add registers/spills/shared memory from an offline triton.compile for ARCH (seconds per "
                           "config, cached); a model trained so expects them at inference too: for studies, not "
                           "for the packaged model")
    data.add_argument("--rounds", type=int, default=200, help="boosting rounds per model (default 200)")
    data.add_argument("--depth", type=int, default=4, help="tree depth (default 4)")
    data.add_argument("--seed", type=int, default=0)
    t = actions.add_parser("train", parents=[data], help="train on records; writes a model directory (JSON)")
    t.add_argument("--out", required=True, metavar="DIR", help="model directory to write")
    t.set_defaults(func=cmd_model_train)
    e = actions.add_parser("eval", parents=[data], help="score on held-out workloads: regret, recall, Kendall tau, "
                                                        "search cost vs random/evolutionary, energy")
    e.add_argument("--model", metavar="DIR", help="score this saved model (default: train per fold)")
    e.add_argument("--holdout", choices=["shape", "program"], default="shape",
                   help="what a fold holds out: workloads (shape, default) or whole programs (not with --model)")
    e.add_argument("--folds", type=int, default=4, help="cross-validation folds (default 4; not with --model)")
    e.add_argument("--seeds", type=int, default=3, help="seeds per search strategy (default 3)")
    e.add_argument("--strategies", default="random,evolutionary,ridge,learned",
                   help="search strategies to simulate (default random,evolutionary,ridge,learned)")
    e.add_argument("--out", default="build/model-eval", metavar="DIR",
                   help="where model_eval.json goes (default build/model-eval)")
    e.add_argument("--plot", metavar="DIR", help="write model_eval_regret.png (regret vs measurements) to DIR")
    e.set_defaults(func=cmd_model_eval)
    r = actions.add_parser("rank", help="rank a program's valid configs at a shape with a model (no measurement)")
    r.add_argument("program", help="a Python file with @tf.program functions")
    r.add_argument("--entry", help="the program (needed when the file has several)")
    r.add_argument("--shape", action="append", metavar="DIM=SIZE", required=True, help="every dim: --shape M=4096 ...")
    r.add_argument("--dtype", default="bf16", choices=["fp32", "fp16", "bf16"])
    r.add_argument("--model", metavar="DIR", help="saved model (default: the analytic estimate)")
    r.add_argument("--device-name", metavar="NAME", help="device for the analytic estimate (default H100)")
    r.add_argument("--arch", type=int, default=90, help="compute capability for the space's constraints")
    r.add_argument("--top", type=int, default=10, help="how many to print (default 10)")
    r.set_defaults(func=cmd_model_rank)
