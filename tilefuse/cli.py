"""The ``tilefuse`` command: compile programs to standalone kernel files, and show the IR after each pass."""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

from .codegen.loader import use_interpreter_if_no_gpu
from .errors import TilefuseError


def load_programs(path: str, entry: str | None = None) -> list:
    """Import a Python file and return its ``@tf.program`` objects (or just ``entry``)."""
    from .frontend.dsl import Program

    file = Path(path)
    if not file.exists():
        raise TilefuseError(f"no such program file: {path}")
    spec = importlib.util.spec_from_file_location(f"tilefuse_user_{file.stem}", file)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(file.parent.resolve()))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.pop(0)
    programs = {name: obj for name, obj in vars(module).items() if isinstance(obj, Program)}
    if entry:
        if entry not in programs:
            raise TilefuseError(f"{path} has no program named {entry!r}; it has {', '.join(programs) or 'none'}")
        return [programs[entry]]
    if not programs:
        raise TilefuseError(f"{path} defines no @tf.program")
    return list(programs.values())


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
    """Run the kernel on small ragged random inputs against the fp64 reference (output poisoned first)."""
    import torch

    from .frontend.reference import evaluate

    graph = kernel.lowered.source
    device = "cuda" if torch.cuda.is_available() else "cpu"
    gen = torch.Generator().manual_seed(seed)
    # Ragged sizes that span several tiles of every default block (and several K slices when split).
    sizes = [131, 97, 67, 43, 29, 19]
    dims = {d: sizes[i % len(sizes)] for i, d in enumerate(kernel.module.META["dims"])}
    inputs = []
    from .ir.dims import size_value

    for node in graph.inputs:
        if not node.axes:
            inputs.append(0.75)
            continue
        shape = [size_value(a.size, dims) for a in node.axes]
        t = torch.randn(shape, generator=gen) / max(1.0, shape[-1] ** 0.5)
        inputs.append(t.to(node.dtype.to_torch()).to(device))
    ref = evaluate(graph, [t.cpu() if isinstance(t, torch.Tensor) else t for t in inputs], torch.float64)
    out_node = graph.outputs[0]
    out = torch.full([size_value(a.size, dims) for a in out_node.axes], float("nan"),
                     dtype=out_node.dtype.to_torch(), device=device)
    kernel(*inputs, out=out) if len(graph.outputs) == 1 else None
    got = out.cpu().double()
    want = ref[0].double()
    written = not torch.isnan(got).any().item()
    err = ((got - want).norm() / want.norm().clamp_min(1e-30)).item() if written else float("nan")
    tol = {"fp32": 1e-3, "fp16": 1e-2, "bf16": 3e-2}.get(dtype, 1e-2)
    return {"dims": dims, "device": device, "rel_error": err, "tolerance": tol, "all_written": written,
            "ok": bool(written and err < tol)}


def cmd_compile(args) -> int:
    from .codegen.offline import compile_offline

    config = parse_config(args.config)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    manifest = {"tilefuse_version": None, "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "kernels": []}
    from . import __version__

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
    from .passes import lower

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
            from .codegen.triton import emit_program

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
    from .passes.tiling import Config

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
    add_db_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "offline", None) == []:
        args.offline = [90, 80]
    if args.command == "compile":
        use_interpreter_if_no_gpu()
    try:
        return args.func(args)
    except TilefuseError as exc:
        print(f"tilefuse: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
