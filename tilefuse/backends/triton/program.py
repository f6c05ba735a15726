"""Assembles the standalone ``.py`` of a program: a header naming the program, types, config and target;
``META``; the ``@triton.jit`` helpers and kernels; the runtime helpers (``prelude.py``); the launcher; and
``KERNELS``, each kernel's signature for offline compiles with ``triton.compile``. The file imports only torch
and triton: tilefuse is not needed to run it."""

from __future__ import annotations

import dataclasses
import json
import os
import pprint
from pathlib import Path

from ...schedule.pipeline import Lowered
from ...schedule.plans import LaunchPlan, plan_program
from ...version import __version__
from .attention import render_attention
from .eager import eager_lines
from .exprs import Printer
from .gemm import render_gemm
from .kernel import Kernel
from .launcher import descriptor_blocks, launcher_arglist, packed_weights, render_launcher, type_str
from .rows import render_rows

_PRELUDE = Path(__file__).with_name("prelude.py")
_MARK = "# -- {} {}\n"


def prelude(name: str) -> str:
    """The source of section ``name`` of ``prelude.py``, exactly as written there (read, never imported:
    importing triton would fix too early whether kernels run in its interpreter)."""
    text = _PRELUDE.read_text()
    begin = text.index(_MARK.format("begin", name)) + len(_MARK.format("begin", name))
    return text[begin:text.index(_MARK.format("end", name), begin)]


_RENDER = {"gemm": render_gemm, "attention": render_attention, "rows": render_rows}


def render_kernels(plan, printer: Printer, launch: LaunchPlan) -> list[Kernel]:
    """The Triton kernels of one GEMM, attention or rows plan of ``launch``, in launch order."""
    return _RENDER[plan.kind](plan, printer, launch.dims, launch.scalars)


def emit_program(lowered: Lowered, *, program_file: str = "", dtype: str = "", arch: int | None = None,
                 debug: bool = False, tuning: dict | None = None) -> str:
    """The standalone Python source for a lowered program (``debug``: bounds-checked gathers; ``tuning``:
    where the config came from, written as a ``# tuning:`` header line and ``META["tuning"]``)."""
    return render_program(plan_program(lowered), lowered.target.arch, program_file=program_file, dtype=dtype,
                          arch=arch, debug=debug, tuning=tuning)


def render_program(launch: LaunchPlan, target_arch: int, *, program_file: str = "", dtype: str = "",
                   arch: int | None = None, debug: bool = False, tuning: dict | None = None) -> str:
    """Print a launch plan as the file's text."""
    return _render_file([(launch, tuning)], target_arch, program_file=program_file, dtype=dtype, arch=arch,
                        debug=debug)


def render_dispatch(specs: list[tuple[Lowered, dict | None]], *, table: list[dict], fallback: int,
                    key_dims: list[str], program_file: str = "", dtype: str = "", arch: int | None = None,
                    debug: bool = False) -> str:
    """One file holding several specializations of a program (each lowered with its own config; ``tuning`` says
    why) and the dispatch table that picks one per call: ``table`` rows are ``{"shape": [sizes of key_dims],
    "spec": index, "source": ..., "exact": bool}``; ``fallback`` is the index of the default config's."""
    launches = [(_suffixed(plan_program(lowered), f"_s{i}"), tuning) for i, (lowered, tuning) in enumerate(specs)]
    dispatch = {"key": list(key_dims), "table": table, "fallback": fallback}
    return _render_file(launches, specs[0][0].target.arch, program_file=program_file, dtype=dtype, arch=arch,
                        debug=debug, dispatch=dispatch)


def _suffixed(launch: LaunchPlan, tag: str) -> LaunchPlan:
    """``launch`` with every kernel (and block-table prologue) renamed ``<name><tag>``, so several
    specializations' kernels live in one file."""
    plans = []
    for plan in launch.kernels:
        table = getattr(plan, "block_table", None)
        changes = {"name": plan.name + tag}
        if table is not None:
            changes["block_table"] = dataclasses.replace(table, name=table.name + tag, attention=table.attention + tag)
        plans.append(dataclasses.replace(plan, **changes))
    return dataclasses.replace(launch, kernels=plans)


def _render_file(launches: list[tuple[LaunchPlan, dict | None]], target_arch: int, *, program_file: str,
                 dtype: str, arch: int | None, debug: bool, dispatch: dict | None = None) -> str:
    launch = launches[0][0]
    name = launch.name
    printer = Printer(name, debug=debug)  # shared: debug-message codes stay unique across specializations
    specs = []  # (launch, tuning, rendered, eager code)
    for each, tuning in launches:
        rendered: list[tuple[object, list[Kernel]]] = []
        eager_code: dict[str, list[str]] = {}
        for plan in each.kernels:
            if plan.kind == "eager":
                eager_code[plan.name] = eager_lines(plan)
                rendered.append((plan, []))
            else:
                if plan.kind == "rows":  # what a call whose rows are longer than a tile runs
                    eager_code[plan.name] = eager_lines(plan.fallback())
                rendered.append((plan, render_kernels(plan, printer, each)))
        specs.append((each, tuning, rendered, eager_code))
    kernels = [k for *_, rendered, _ in specs for _, ks in rendered for k in ks]
    plans = [plan for *_, rendered, _ in specs for plan, _ in rendered]
    tables = any(getattr(plan, "block_table", None) is not None for plan in plans)
    eager = any(code for *_, code in specs)
    fallback = specs[dispatch["fallback"]] if dispatch else specs[0]
    config = fallback[0].configs[0].to_dict() if fallback[0].configs else {}
    tuning = fallback[1]
    tuning_line = " ".join(str(tuning.get("summary") or json.dumps(tuning)).split()) if tuning else ""  # one line
    header = [
        f"# {name}.py: generated by tilefuse {__version__}. Do not edit; regenerate with `tilefuse compile`.",
        f"# program: {name} ({os.path.basename(program_file) or '?'})",
        f"# inputs:  {', '.join(f'{n.name}: {type_str(n)}' for n in launch.inputs)}",
        f"# outputs: {', '.join(type_str(t.node) for t in launch.returns)}",
    ]
    if dispatch:
        header.append(f"# dispatch: {len(specs)} configs, chosen per call from ({', '.join(dispatch['key'])}) by the "
                      f"table in META['dispatch'] ({len(dispatch['table'])} shapes); fallback: spec "
                      f"{dispatch['fallback']}")
        for i, (each, spec_tuning, *_) in enumerate(specs):
            spec_config = each.configs[0].to_dict() if each.configs else {}
            why = " ".join(str((spec_tuning or {}).get("summary", "")).split())
            header.append(f"# spec {i}: {json.dumps(spec_config)}" + (f"  ({why})" if why else ""))
    else:
        header += [f"# config:  {json.dumps(config)}", *([f"# tuning:  {tuning_line}"] if tuning else [])]
    header += [f"# target:  CUDA sm_{arch or target_arch} and newer (Triton); runs on CPU with TRITON_INTERPRET=1",
               "# Needs only torch and triton."]
    parts = ["\n".join(header), "", "import os"] + (["import weakref"] if tables else []) + [
        "", "import torch", "import triton", "import triton.language as tl"]
    if descriptor_blocks(kernels):
        parts.append("from triton.tools.tensor_descriptor import TensorDescriptor")
    parts += ["", ""]
    meta = {"program": name, "dtype": dtype, "config": config, "tilefuse_version": __version__,
            "target_arch": arch or target_arch, "dims": launch.dims}
    if tuning is not None:
        meta["tuning"] = tuning
    if dispatch:
        meta["dispatch"] = {**dispatch, "specs": [{"config": each.configs[0].to_dict() if each.configs else {},
                                                   "tuning": spec_tuning} for each, spec_tuning, *_ in specs]}
    parts.append(f"META = {pprint.pformat(meta, sort_dicts=False, width=110)}\n")
    kernels_json = {k.name: {"signature": k.signature, "constexprs": k.constexprs, "num_warps": k.num_warps,
                             "num_stages": k.num_stages, "aligned": k.aligned()} for k in kernels}
    for helper in sorted(printer.helpers):
        parts.append("\n" + prelude(helper))
    for k in kernels:
        parts.append("\n" + k.render(debug))
    parts.append("\n\n" + prelude("launch"))
    if printer.debug_messages:
        parts.append(f"\nDEBUG_MESSAGES = {pprint.pformat(printer.debug_messages, width=110)}\n")
    if eager:
        parts.append("\n\n" + prelude("eager"))
    if tables:
        parts.append("\n\n" + prelude("tables"))
    if any(getattr(plan, "head_pack", None) for plan in plans):
        parts.append("\n\n" + prelude("heads"))
    packed = packed_weights(plans)
    if packed:
        parts.append("\n\n" + prelude("sparse"))
        for w, (block, transposed) in packed.items():
            parts.append(_pack_function(name, w, block, transposed))
    checks = bool(printer.debug_messages)
    for i, (each, _, rendered, eager_code) in enumerate(specs):
        parts.append("\n" + render_launcher(each, rendered, eager_code, checks,
                                             function_name=f"_{name}_s{i}" if dispatch else None, debug=debug))
    if dispatch:
        parts.append("\n\n" + prelude("dispatch"))
        parts.append(_dispatch_function(launch, dispatch, len(specs)))
    parts.append("\n# Signatures for offline compilation (triton.compile with a GPUTarget).\n"
                 f"KERNELS = {pprint.pformat(kernels_json, sort_dicts=False, width=110)}\n")
    return "\n".join(parts).replace("\n\n\n\n", "\n\n\n")


def _dispatch_function(launch: LaunchPlan, dispatch: dict, count: int) -> str:
    """The file's entry point: reads the key dims off the inputs and calls the specialization the table picks."""
    name = launch.name
    where = {}
    for n in launch.inputs:
        for i, ax in enumerate(n.axes):
            dim = getattr(ax.size, "name", None)
            if dim is not None and getattr(ax.size, "is_Symbol", False):
                where.setdefault(dim, f"{n.name}.shape[{i}]")
    key = ", ".join(where[d] for d in dispatch["key"]) + ("," if len(dispatch["key"]) == 1 else "")
    specs = ", ".join(f"_{name}_s{i}" for i in range(count))
    return (f"\n_DISPATCH = _Dispatch({name!r}, {dispatch['key']!r}, META['dispatch']['table'], [{specs}], "
            f"META['dispatch']['fallback'])\n\n\n"
            f"def {name}({launcher_arglist(launch)}):\n"
            f'    """Run {name} at any shape: the specialization META["dispatch"] picks for '
            f'({", ".join(dispatch["key"])})."""\n'
            f"    try:\n"
            f"        _key = ({key})\n"
            f"    except (AttributeError, IndexError, TypeError):  # not tensors, wrong rank: the fallback says why\n"
            f"        _key = None\n"
            f"    return _DISPATCH(_key)({launcher_arglist(launch, forward=True)})\n")


def _pack_function(program: str, w, block: tuple[int, int], transposed: bool) -> str:
    """``pack_<w>``: packs a dense weight in the blocks this kernel walks."""
    bk, bn = block
    return (f"\ndef pack_{w.name}(dense, block_mask=None, threshold=None):\n"
            f'    """{w.name} as block-sparse {bk}x{bn} blocks for {program}: see _pack_block_sparse."""\n'
            f"    return _pack_block_sparse(dense, ({bk}, {bn}), torch.{w.dtype.torch_name}, "
            f"transposed={transposed}, block_mask=block_mask, threshold=threshold)\n")
