"""``tilefuse compile-module FILE_OR_MODULE:FACTORY``: compile a PyTorch module, check it, write its kernels;
``tilefuse tune-module``: the same module, every distinct workload tuned into the database (one progress bar).

The factory returns ``(module, example_inputs)``, or a module (then ``--example SHAPE[:DTYPE]`` gives each input:
``--example 2x9:int64`` is random token ids, ``--example 4x64`` a float tensor). ``--dynamic batch=1:64`` declares a
range (``tilefuse.compile``'s ``dynamic=``). Writes the package ``cm.save(DIR)`` (``model.py``, ``weights.pt``,
``kernels/``, ``manifest.json``; it runs with torch and triton only) and ``DIR/report.txt``.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from pathlib import Path

from ..errors import TilefuseError

DTYPES = {"fp32": "float32", "fp16": "float16", "bf16": "bfloat16", "int64": "int64", "int32": "int32"}


def load_factory(spec: str):
    """``path/to/file.py:name`` or ``package.module:name`` -> the callable."""
    where, _, name = spec.rpartition(":")
    if not where or not name:
        raise TilefuseError(f"compile-module takes FILE.py:FACTORY or package.module:FACTORY, got {spec!r}")
    if where.endswith(".py"):
        path = Path(where)
        if not path.exists():
            raise TilefuseError(f"{where}: no such file")
        from ..frontend.loading import import_file

        module = import_file(path, f"_tilefuse_module_{path.stem}")
    else:
        try:
            module = importlib.import_module(where)
        except ImportError as exc:
            raise TilefuseError(f"cannot import {where}: {exc}") from None
    factory = getattr(module, name, None)
    if not callable(factory):
        raise TilefuseError(f"{where} has no callable {name!r}")
    return factory


def parse_example(text: str):
    import torch

    shape, _, dtype = text.partition(":")
    try:
        sizes = [int(s) for s in shape.split("x")]
    except ValueError:
        raise TilefuseError(f"--example takes SHAPE[:DTYPE] such as 2x9:int64 or 4x64, got {text!r}") from None
    dtype = getattr(torch, DTYPES.get(dtype or "fp32", "-"), None)
    if dtype is None:
        raise TilefuseError(f"--example dtype must be one of {', '.join(DTYPES)}, got {text!r}")
    gen = torch.Generator().manual_seed(0)
    if dtype.is_floating_point:
        return torch.randn(sizes, generator=gen).to(dtype)
    return torch.randint(0, 64, sizes, generator=gen, dtype=dtype)


def parse_dynamic(items: list[str] | None) -> dict | None:
    out = {}
    for item in items or []:
        name, _, rng = item.partition("=")
        lo, _, hi = rng.partition(":")
        if not name or not lo.isdigit() or not hi.isdigit():
            raise TilefuseError(f"--dynamic takes NAME=LO:HI such as batch=1:64, got {item!r}")
        out[name] = (int(lo), int(hi))
    return out or None


def _compiled(args, db=None):
    """(the compiled module, the module, its example inputs) for a compile-module or tune-module command."""
    import torch

    import tilefuse

    made = load_factory(args.factory)()
    made = made if isinstance(made, tuple) else (made, None)
    model, example, options = (made + ({},))[:3]  # a third item: tilefuse.compile's dims= and dynamic=
    if args.example:
        example = tuple(parse_example(e) for e in args.example)
    if example is None:
        raise TilefuseError(f"{args.factory} returned a module without example inputs: pass --example SHAPE[:DTYPE]")
    example = example if isinstance(example, tuple) else (example,)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = model.eval().to(device)
    example = tuple(t.to(device) for t in example)
    with torch.no_grad():
        cm = tilefuse.compile(model, example, dynamic=parse_dynamic(args.dynamic) or options.get("dynamic"),
                              dims=options.get("dims"), db=db)
    return cm, model, example


def cmd_compile_module(args) -> int:
    import copy

    import torch

    cm, model, example = _compiled(args)
    device = example[0].device.type
    with torch.no_grad():
        got = cm(*example)
        ref = copy.deepcopy(model).double()(*[t.double() if t.is_floating_point() else t for t in example])
    first = lambda o: o[0] if isinstance(o, (tuple, list)) else o  # noqa: E731
    err = ((first(got).double() - first(ref)).norm() / first(ref).norm().clamp_min(1e-30)).item()
    out = cm.save(args.out)  # the package: kernels/, weights.pt, model.py, manifest.json
    report = cm.report()
    (out / "report.txt").write_text(report + "\n")
    manifest = json.loads((out / "manifest.json").read_text())
    manifest.update({"factory": args.factory, "relative_error_vs_fp64_eager": err, "device": device})
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    print(report)
    print(f"checked against the module in fp64 on the example inputs: relative error {err:.2e}")
    print(f"wrote the package {out} (model.py, weights.pt, {len(list((out / 'kernels').iterdir()))} kernel files, "
          "manifest.json, report.txt): it runs with torch and triton only")
    return 0 if err < 5e-2 else 1


def cmd_tune_module(args) -> int:
    import tilefuse

    if args.budget < 1:
        raise TilefuseError(f"--budget must be at least 1, got {args.budget}")
    if args.cluster:
        from .tune_cluster import check_cluster

        check_cluster(args.cluster)
    cm, _, _ = _compiled(args, db=args.db)
    summary = tilefuse.tune(cm, budget=args.budget, time_budget=args.time_budget, strategy=args.strategy,
                            workers=args.workers, progress=not args.no_progress, cluster=args.cluster)
    print(f"tuned {summary['tuned']} of {summary['workloads']} distinct workloads in {summary['seconds']:.1f} s "
          f"({summary['measured']} new measurements; the rest came from the database)")
    for why in summary["skipped"]:
        print(f"  not tuned: {why}")
    print(cm.report())
    return 0


def _common(c) -> None:
    c.add_argument("factory", help="FILE.py:FACTORY or package.module:FACTORY; returns (module, example inputs"
                                   "[, {'dims': ..., 'dynamic': ...}])")
    c.add_argument("--example", action="append", metavar="SHAPE[:DTYPE]",
                   help="an example input, if the factory returns only the module (2x9:int64, 4x64)")
    c.add_argument("--dynamic", action="append", metavar="NAME=LO:HI", help="a dynamic size range: batch=1:64")


def add_module_parser(sub) -> None:
    c = sub.add_parser("compile-module", help="compile a PyTorch module: its GEMMs and attention as kernels")
    _common(c)
    c.add_argument("--out", default="build/module", help="output directory (default: build/module)")
    c.set_defaults(func=cmd_compile_module)
    t = sub.add_parser("tune-module", help="tune every distinct workload of a PyTorch module on this GPU")
    _common(t)
    t.add_argument("--budget", type=int, default=16, help="measurements per workload (default 16)")
    t.add_argument("--time-budget", type=float, help="seconds for the whole model")
    t.add_argument("--strategy", default="evolutionary", help="search strategy (as for tune)")
    t.add_argument("--workers", type=int, help="compile processes")
    t.add_argument("--db", metavar="PATH", help="tuning database (default: the per-user one)")
    t.add_argument("--cluster", metavar="SPEC",
                   help="measure on a Dask cluster, every workload at once: local (every GPU of this machine), "
                        "local:N or tcp://host:8786; needs pip install tilefuse[distributed]")
    t.add_argument("--no-progress", action="store_true", help="no progress bar")
    t.set_defaults(func=cmd_tune_module)

