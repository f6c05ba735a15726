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
    for program in load_programs(args.program, args.entry):
        kernel = program.compile(dtype=args.dtype, config=config, arch=args.arch, debug=args.debug)
        path = kernel.save(out)
        entry = {"program": program.name, "source": os.path.abspath(program.file),
                 "file": path.name, "dtype": args.dtype, "config": kernel.config.to_dict(),
                 "kernels": list(kernel.module.KERNELS),
                 "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                 "inputs": [{"name": n.name, "dtype": str(n.dtype), "shape": [str(a.size) for a in n.axes]}
                            for n in kernel.lowered.source.inputs]}
        print(f"wrote {path}")
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
    c.set_defaults(func=cmd_compile)
    s = sub.add_parser("show", help="print the IR after each pass")
    s.add_argument("program")
    s.add_argument("--entry")
    s.add_argument("--dtype", default="fp16", choices=["fp32", "fp16", "bf16"])
    s.add_argument("--config")
    s.add_argument("--code", action="store_true", help="also print the generated Triton file")
    s.set_defaults(func=cmd_show)
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
