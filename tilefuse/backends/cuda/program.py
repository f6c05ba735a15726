"""Assembles the standalone launcher of a program for the CUDA back end: each GEMM plan to TIR (``tir.py``),
scheduled (``schedule.py``), all built by TVM into one CUDA source, which the ``.py`` carries as ``CUDA_SOURCE``
beside the runtime (``runtime.py``) and the launcher function. The file imports torch (and cuda-python when a
kernel first runs): neither TVM nor Triton nor tilefuse."""

from __future__ import annotations

import json
import os
import pprint
import re
from pathlib import Path

import sympy

from ...errors import LoweringError
from ...ir.analyzer import to_code
from ...schedule.pipeline import Lowered
from ...schedule.plans import GemmPlan, LaunchPlan, plan_program
from ...version import __version__
from .mma import MmaTiles, schedule_gemm_mma
from .schedule import choose_schedule, launch_dims, schedule_gemm, tiles_for
from .support import vector_dims
from .tir import TVM_DTYPES, gemm_func, with_vector_dims

_RUNTIME = Path(__file__).with_name("runtime.py")
CU_BEGIN, CU_END = "CUDA_SOURCE = r'''", "'''  # end of CUDA_SOURCE"
PASS_CONFIG = {
    "tirx.disable_cse_tir": True,  # CSE temporaries would otherwise leak into the kernel signature
    "tirx.use_async_copy": True,   # global -> shared copies of whole 16-byte vectors become cp.async
    # unrolled loops stay loops (with #pragma unroll) until code generation: lowering the accumulators' warp
    # memory needs their loop bounds to drop the lane from register indices (see intrinsics.py)
    "tirx.UnrollLoop": {"explicit_unroll": False},
}


def runtime_source() -> str:
    text = _RUNTIME.read_text()
    return text[text.index("# -- begin runtime\n") + len("# -- begin runtime\n"):]


def cuda_source_of(launcher: str) -> str:
    """The CUDA text a rendered launcher carries (what ``<program>.cu`` holds)."""
    begin = launcher.index(CU_BEGIN) + len(CU_BEGIN)
    return launcher[begin:launcher.index(CU_END, begin)]


def type_str(node) -> str:
    return f"{node.dtype}[{', '.join(str(a.size) for a in node.axes)}]"


def build_cuda(launch: LaunchPlan) -> tuple[str, dict[str, dict]]:
    """One CUDA source holding every kernel of ``launch``, and per kernel what its launch needs: its parameters
    (in the order TVM wrote them), tiles, threads, dynamic shared memory, and when it may run."""
    import tvm

    module, kernels = schedule_program(launch)
    with tvm.transform.PassContext(config=PASS_CONFIG):
        executable = tvm.compile(module, target={"kind": "cuda", "arch": "sm_90a"})
    source = executable.mod.imports[0].inspect_source()
    for name, info in kernels.items():
        info["params"] = kernel_params(source, name)
    return source, kernels


def schedule_program(launch: LaunchPlan):
    """Every kernel of ``launch`` scheduled, as one IRModule, and per kernel (by the name TVM gives it) what its
    launch needs but its parameters.

    A GEMM on tensor cores gets two kernels: ``<plan>_kernel`` takes the innermost dim of each operand as a
    multiple of 8 (``support.vector_dims``) and copies 16-byte vectors with cp.async; ``<plan>_unaligned_kernel``
    copies element by element and takes any sizes and pointers. The launcher picks one per call."""
    import tvm

    funcs, kernels = {}, {}
    for plan in launch.kernels:
        if not isinstance(plan, GemmPlan):
            raise LoweringError(f"the CUDA back end renders GEMM kernels only so far; {plan.name} is a {plan.kind} "
                                "kernel (use backend='triton')", program=launch.name)
        dtype, itemsize = TVM_DTYPES[plan.dot_dtype], plan.dot_dtype.itemsize
        choice = choose_schedule(plan.config, dtype, itemsize)
        built = []
        if choice.mma is not None:
            dims = vector_dims(plan)
            variants = [("", dims), ("_unaligned", ())] if dims is not None else [("", ())]
            try:
                for suffix, vector in variants:
                    f = gemm_func(plan, launch.scalars)
                    vectorized = dims is not None and not suffix
                    func = schedule_gemm_mma(f.func, f, choice.mma, dtype, vectorize=vectorized)["main"]
                    func, params = with_vector_dims(func, f, vector) if vectorized else (func, {})
                    built.append((plan.name + suffix, f, func, params, choice.mma, vectorized))
            except Exception as error:  # noqa: BLE001 - TVM's schedule errors have no common public type
                choice, built = choice.fallback(f"tensorize failed: {type(error).__name__}: "
                                                f"{str(error).splitlines()[0]}"), []
        if choice.mma is None:
            f = gemm_func(plan, launch.scalars)
            tiles = tiles_for(plan.config, itemsize)
            func = schedule_gemm(f.func, f, tiles, (itemsize, itemsize))["main"]
            built.append((plan.name, f, func, {}, tiles, False))
        for name, f, func, params, tiles, vectorized in built:
            funcs[name] = func.with_attr("global_symbol", name)
            k_rows = tuple(not inner for inner in f.k_inner)
            kernels[f"{name}_kernel"] = {
                "plan": plan.name, **launch_dims(tiles), "BLOCK_K": tiles.block_k,
                "shared": tiles.shared_bytes(itemsize, k_rows) if isinstance(tiles, MmaTiles) else 0,
                "vector_dims": params,
                "aligned": [op.buffer.name for op in (plan.a, plan.b) if vectorized and op.buffer is not None],
                "schedule": choice.describe(tiles, params if vectorized else None)}
    return tvm.IRModule(funcs), kernels


def kernel_params(source: str, name: str) -> list[tuple[str, str]]:
    """The parameters of kernel ``name`` as TVM declared them: (buffer or scalar name, "ptr" | "int" | "float").

    TVM orders them itself (buffers, then scalars, by name), so the launcher reads the order from the declaration
    once, here, and carries it as data."""
    match = re.search(r'extern "C" __global__ void (?:__launch_bounds__\(\d+\) )?' + re.escape(name) + r"\(([^)]*)\)",
                      source)
    if match is None:
        raise LoweringError(f"TVM wrote no kernel named {name}")
    params = []
    for decl in match.group(1).split(","):
        words = decl.replace("*", " * ").split()
        ident = words[-1]
        if "*" in words:
            params.append((ident[:-len("_ptr")] if ident.endswith("_ptr") else ident, "ptr"))
        elif words[0] in ("int", "int32_t"):
            params.append((ident, "int"))
        elif words[0] == "float":
            params.append((ident, "float"))
        else:
            raise LoweringError(f"kernel {name}: a parameter of type {' '.join(words[:-1])} is not supported")
    return params


def emit_program(lowered: Lowered, *, program_file: str = "", dtype: str = "", arch: int | None = None,
                 debug: bool = False, tuning: dict | None = None) -> str:
    """The standalone launcher (``.py``, carrying the ``.cu`` text) of a lowered program of GEMM kernels."""
    launch = plan_program(lowered)
    source, kernels = build_cuda(launch)
    name = launch.name
    config = launch.configs[0].to_dict() if launch.configs else {}
    header = [
        f"# {name}.py: generated by tilefuse {__version__} (CUDA back end, through TVM). Do not edit; regenerate "
        "with `tilefuse compile --backend cuda`.",
        f"# program: {name} ({os.path.basename(program_file) or '?'})",
        f"# inputs:  {', '.join(f'{n.name}: {type_str(n)}' if n.axes else f'{n.name}: float' for n in launch.inputs)}",
        f"# outputs: {', '.join(type_str(t.node) for t in launch.returns)}",
        f"# config:  {json.dumps(config)}",
        *(f"# {k}: {v['schedule']}" for k, v in kernels.items()),
        *([f"# tuning:  {' '.join(str(tuning.get('summary', '')).split())}"] if tuning else []),
        f"# target:  CUDA sm_80 and sm_90a: {name}.fatbin beside this file (nvcc), else NVRTC at first call",
        "# Needs only torch and cuda-python.",
    ]
    meta = {"program": name, "dtype": dtype, "config": config, "tilefuse_version": __version__, "backend": "cuda",
            "target_arch": arch or lowered.target.arch, "dims": launch.dims}
    if tuning is not None:
        meta["tuning"] = tuning
    parts = ["\n".join(header), "", runtime_source(),
             f"\nMETA = {pprint.pformat(meta, sort_dicts=False, width=110)}\n",
             "# What each kernel's launch needs: parameters in declaration order, tiles, threads.",
             f"KERNELS = {pprint.pformat(kernels, sort_dicts=False, width=110)}\n",
             f"{CU_BEGIN}{source}{CU_END}\n",
             f"_MODULE = _CudaModule(CUDA_SOURCE, os.path.splitext(os.path.abspath(__file__))[0], {name!r})\n",
             render_launcher(launch, kernels)]
    return "\n".join(parts)


def render_launcher(launch: LaunchPlan, kernels: dict[str, dict]) -> str:
    """The function named after the program: checks, dims, outputs, one launch per kernel in plan order."""
    name = launch.name
    single = len(launch.returns) == 1
    tensor_inputs = [t.node for t in launch.tensor_inputs]
    sig = ", ".join(f"{n.name}: {type_str(n)}" if n.axes else f"{n.name}: float" for n in launch.inputs)
    args = ", ".join(n.name for n in launch.inputs) + (", *, out=None" if single else "")
    lines = [f"\ndef {name}({args}):",
             f'    """Run {name}. Inputs: {sig}.',
             f"    Returns {' and '.join(type_str(t.node) for t in launch.returns)}"
             + (" (written into ``out`` if given)." if single else "."),
             '    """']
    L = lines.append
    # every check runs before any CUDA call: dtypes and ranks, then shapes, then layout, then the device
    for n in tensor_inputs:
        L(f"    _check_tensor({name!r}, {n.name!r}, {n.name}, torch.{n.dtype.torch_name}, {len(n.axes)})")
    bound: dict[str, str] = {}
    for n in tensor_inputs:
        for i, ax in enumerate(n.axes):
            where = f"{n.name}.shape[{i}]"
            if isinstance(ax.size, sympy.Symbol):
                d = ax.size.name
                if d in bound:
                    L(f"    _check_dim({name!r}, {d!r}, {d}, {bound[d]!r}, {where}, {n.name!r})")
                else:
                    L(f"    {d} = {where}")
                    L(f"    _check_size({name!r}, {d!r}, {d})")
                    bound[d] = n.name
            else:
                L(f"    _check_dim({name!r}, {str(ax.size)!r}, {to_code(ax.size)}, 'the declared size', {where}, "
                  f"{n.name!r})")
    for n in tensor_inputs:
        L(f"    _check_contiguous({name!r}, {n.name!r}, {n.name})")
        L(f"    _check_size({name!r}, 'the element count of {n.name}', {n.name}.numel())")
    if tensor_inputs:
        L(f"    _device = _check_devices({name!r}, {{{', '.join(f'{n.name!r}: {n.name}' for n in tensor_inputs)}}})")
    else:
        L('    _device = torch.device("cuda", torch.cuda.current_device())')
    for s in launch.scalars:
        L(f"    {s} = float({s})")
    for t in launch.buffers:
        sizes = [to_code(a.size) for a in t.axes]
        shape = f"({sizes[0]},)" if len(sizes) == 1 else "(" + ", ".join(sizes) + ")"
        L(f"    _check_size({name!r}, 'the element count of {t.name}', {' * '.join(f'({s})' for s in sizes)})")
        if t.kind == "output" and single:
            L(f"    out = _output({name!r}, out, {shape}, torch.{t.dtype.torch_name}, _device)")
        else:
            L(f"    {t.name} = torch.empty({shape}, dtype=torch.{t.dtype.torch_name}, device=_device)")
    for plan in launch.kernels:
        variants = [(k, info) for k, info in kernels.items() if info["plan"] == plan.name]
        _, info = variants[0]
        batch = " * ".join(f"({to_code(a.size)})" for a in plan.batch_axes) or "1"
        L(f"    # {plan.name}: tiles of {info['BLOCK_M']} x {info['BLOCK_N']}, batch {batch}")
        L(f"    _grid = (_cdiv({to_code(plan.n_axis.size)}, {info['BLOCK_N']}), "
          f"_cdiv({to_code(plan.m_axis.size)}, {info['BLOCK_M']}), {batch})")
        L("    if _grid[2] > 65535:")
        L(f"        raise LaunchError(f'{name}: {{_grid[2]}} batch programs exceed the grid limit of 65535')")
        L("    if min(_grid) > 0:")
        for i, (kernel, info) in enumerate(variants):
            indent = "        "
            if len(variants) > 1:
                conditions = [f"{dim} % 8 == 0" for dim in info["vector_dims"].values()]
                conditions += [f"_aligned({', '.join(info['aligned'])})"] if info["aligned"] else []
                L(f"{indent}{'if' if i == 0 else 'elif'} {' and '.join(conditions)}:  # 16-byte vectors (cp.async)"
                  if i < len(variants) - 1 else f"{indent}else:  # any sizes and pointers")
                indent += "    "
            dims = info["vector_dims"]
            values = ", ".join(f"({f'{dims[p]} // 8' if p in dims else p}, {kind!r})" for p, kind in info["params"])
            L(f"{indent}_MODULE.launch(_device, {kernel!r}, _grid, {tuple(info['THREADS'])}, {info['shared']}, "
              f"[{values}])")
    L(f"    return {', '.join(t.name for t in launch.returns)}")
    return "\n".join(lines) + "\n"
