"""``tilefuse db list|show|export|import|prune``: inspect, share and prune the per-GPU tuning database."""

from __future__ import annotations

import argparse
import sys

from ..autotune.db import TuningDB
from ..errors import TilefuseError
from .common import console, fmt, parse_shape


def cmd_db_list(args) -> int:
    from rich.table import Table


    with TuningDB(args.db) as db:
        rows = db.summary()
        table = Table(title=f"tuning database {db.path}")
    for column in ("device", "program", "dtype", "shape", "#records", "#ok", "best latency", "best energy"):
        table.add_column(column, justify="right" if column[0] in "#b" else "left")
    for r in rows:
        table.add_row(r["device"], r["program"], r["dtype"], r["shape"], str(r["records"]), str(r["ok"]),
                      fmt(r["best_latency"], 1e3, "ms"), fmt(r["best_energy"], 1e3, "mJ"))
    console().print(table if rows else f"tuning database {db.path}: no records")
    return 0


def cmd_db_show(args) -> int:
    from rich.table import Table

    from ..schedule.space import Config

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
                      fmt(m.latency, 1e3, "ms"), fmt(m.energy, 1e3, "mJ"), knobs, m.error.splitlines()[0]
                      if m.error else "")
    console().print(table)
    return 0


def cmd_db_export(args) -> int:

    with TuningDB(args.db) as db:
        count = db.export_jsonl(args.file, program=args.program)
    print(f"exported {count} records from {db.path} to {args.file}", file=sys.stderr if args.file == "-" else None)
    return 0


def cmd_db_import(args) -> int:

    with TuningDB(args.db) as db:
        added, present = db.import_jsonl(args.file)
    print(f"imported {added} new records into {db.path} ({present} already there)")
    return 0


def cmd_db_prune(args) -> int:

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

