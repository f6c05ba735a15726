"""``tilefuse compile`` (programs to standalone kernel files, with an optional check and offline compile) and
``tilefuse show`` (the IR after each pass, the search space, the generated code)."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from ..autotune.checking import check_kernel
from ..frontend.loading import load_programs
from .common import parse_config, parse_shape


def cmd_compile(args) -> int:
    config = parse_config(args.config)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    manifest = {"tilefuse_version": None, "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "kernels": []}
    from ..version import __version__

    manifest["tilefuse_version"] = __version__
    status = 0
    shape = parse_shape(args.shape)
    for program in load_programs(args.program, args.entry):
        kernel = program.compile(dtype=args.dtype, config=config, arch=args.arch, debug=args.debug, shape=shape,
                                 db=args.db, model=False if args.no_model else None, backend=args.backend)
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
            result = check_kernel(kernel, args.dtype)
            entry["check"] = result
            verdict = "ok" if result["ok"] else "FAILED"
            print(f"  check on {result['device']} (dims {result['dims']}): relative error "
                  f"{result['rel_error']:.2e} vs fp64 reference, tolerance {result['tolerance']:.0e}: {verdict}")
            status |= 0 if result["ok"] else 1
        if args.offline:
            reports = kernel.backend.compile_offline([str(path)], archs=tuple(args.offline or (90, 80)))
            entry["offline"] = [{k: v for k, v in r.items() if k != "file"} for r in reports]
            for r in reports:
                detail = (f"{r.get('regs')} regs, {r.get('shared')} B shared, {r.get('mma')}"
                          + (f", {r['spill_stores']} B spill stores" if "spill_stores" in r else "")
                          if r["ok"] else r["error"])
                print(f"  offline sm_{r['arch']} {r['kernel']}: {'ok' if r['ok'] else 'FAILED'} ({detail})")
                status |= 0 if r["ok"] else 1
        manifest["kernels"].append(entry)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote {out / 'manifest.json'}")
    return status


def cmd_show(args) -> int:
    from ..ir.dtypes import as_dtype
    from ..schedule import lower

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
            from ..backends.triton import emit_program

            print("// ---- generated Triton")
            print(emit_program(lowered, program_file=program.file, dtype=args.dtype))
    return 0



def add_compile_parsers(sub) -> None:
    """``tilefuse compile`` and ``tilefuse show``."""
    c = sub.add_parser("compile", help="compile programs to standalone Triton kernel files")
    c.add_argument("program", help="a Python file with @tf.program functions")
    c.add_argument("--entry", help="compile only this program")
    c.add_argument("--dtype", default="fp16", choices=["fp32", "fp16", "bf16"])
    c.add_argument("--config", help='schedule as JSON, e.g. \'{"BLOCK_M": 64, "SPLIT_K": 4}\'')
    c.add_argument("--arch", type=int, default=90, help="target compute capability for the constraints (90, 80)")
    c.add_argument("--out", default="build", help="output directory (default: build)")
    c.add_argument("--backend", choices=["triton", "cuda"],
                   help="code generator: triton or cuda (CUDA C++ through TVM: pip install 'tilefuse[cuda]'); default: "
                        "the one the chosen config names (Triton unless a tune with --backends chose CUDA)")
    c.add_argument("--debug", action="store_true",
                   help="bounds-check every gather (GQA head maps, page tables) and raise a clear error")
    c.add_argument("--check", action="store_true",
                   help="run each kernel on small random inputs against the reference (CPU: Triton interpreter)")
    c.add_argument("--offline", type=int, nargs="*", metavar="ARCH",
                   help="also compile offline for these archs (default 90 80): triton.compile; nvcc if --backend cuda")
    c.add_argument("--shape", action="append", metavar="DIM=SIZE",
                   help="take the config from the tuning database for this shape (--shape M=4096 --shape N=...)")
    c.add_argument("--db", metavar="PATH", help="tuning database (default: $TILEFUSE_TUNING_DB, else "
                   "~/.cache/tilefuse/tuning.sqlite)")
    c.add_argument("--no-model", action="store_true",
                   help="where the database has no entry, take the default config, not the cost model's pick")
    c.set_defaults(func=cmd_compile)
    s = sub.add_parser("show", help="print the IR after each pass")
    s.add_argument("program")
    s.add_argument("--entry")
    s.add_argument("--dtype", default="fp16", choices=["fp32", "fp16", "bf16"])
    s.add_argument("--config")
    s.add_argument("--code", action="store_true", help="also print the generated Triton file")
    s.set_defaults(func=cmd_show)
