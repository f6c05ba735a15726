"""Prints the launcher of a ``LaunchPlan``: the function named after the program that checks its arguments,
binds the dims, prepares operands (aligned copies, TMA descriptors, packed weights), allocates buffers, and
runs each kernel and eager step in order. Every kernel argument comes from the kernel's ``Param`` data."""

from __future__ import annotations

import sympy

from ...ir.analyzer import to_code
from ...ir.graph import Node
from ...schedule.plans import AttentionPlan, GemmPlan, Grid, LaunchPlan, RowsPlan
from .block_table import TABLES
from .exprs import Body, size
from .kernel import Kernel, strides_var
from .rows import rows_count


def type_str(node: Node) -> str:
    """A value's type as the header and docstrings print it: ``fp16[M, K]``."""
    return f"{node.dtype}[{', '.join(str(a.size) for a in node.axes)}]"


def grid_code(grid: Grid, batch: str) -> str:
    """A launch grid as code; ``batch`` is the code of axis 1."""
    tiles = " * ".join(f"_cdiv({size(axis)}, {block})" for axis, block in grid.tiles)
    splits = "NUM_SPLITS" if grid.splits == "launch" else str(grid.splits)
    return f"({tiles}, {batch}, {splits})"


def streamed(plans) -> set[str]:
    """Buffers some kernel streams through its K or key loop as a contraction operand."""
    names = set()
    for plan in plans:
        operands = (plan.a, plan.b) if isinstance(plan, GemmPlan) else \
            (plan.q, plan.k, plan.v) if isinstance(plan, AttentionPlan) else ()
        names |= {t.name for operand in operands for t in operand.reads}
    return names


def descriptor_blocks(kernels: list[Kernel]) -> dict[str, tuple]:
    """Tensor -> the block shape (ints, or code for sides bound at launch) of the TMA descriptor the kernels take
    for it."""
    return {p.source: p.block_code or p.block for k in kernels for p in k.params if p.kind == "descriptor"}


def packed_weights(plans) -> dict:
    """Block-sparse inputs -> ((BLOCK_K, BLOCK_N), transposed: declared [n, k]) of the kernel that walks them."""
    return {p.k_walk.sparse: (p.k_walk.block, p.k_walk.sparse.axes[0].name != p.k_axis.name) for p in plans
            if isinstance(p, GemmPlan) and p.k_walk.mode == "sparse"}


def _launch(L: Body, kernel: Kernel, grid: str, indent: str = "") -> None:
    L(f"{indent}_grid = {grid}")
    L(f"{indent}if _grid[0] > 0:")
    for source in dict.fromkeys(p.source for p in kernel.params if p.kind == "stride"):
        L(f"{indent}    {strides_var(source)} = {source}.stride()")
    if getattr(L, "direct", False):  # release build: through the kept compiled kernel (prelude ``_Launch``)
        L(f"{indent}    {launch_var(kernel)}(_slot, _device, _grid, {kernel.positional()})")
    else:
        L(f"{indent}    {kernel.name}[_grid]({kernel.call()})")


def launch_var(kernel: Kernel) -> str:
    """The module variable holding a kernel's ``_Launch``."""
    return f"_L_{kernel.name}"


def launcher_arglist(launch: LaunchPlan, forward: bool = False) -> str:
    """The launcher's parameters (``forward``: the same as call arguments)."""
    single = len(launch.returns) == 1
    return ", ".join(n.name for n in launch.inputs) + ((", out=out" if forward else ", *, out=None") if single else "")


def render_launcher(launch: LaunchPlan, rendered: list[tuple[object, list[Kernel]]],
                    eager_code: dict[str, list[str]], checks: bool, function_name: str | None = None,
                    debug: bool = False) -> str:
    """The launcher's source. ``rendered`` pairs each plan with its printed kernels; ``eager_code`` holds the
    lines of each eager step by name; ``checks``: the kernels hold bounds checks that report through ``_err``;
    ``function_name``: the function's name when it is one specialization of a dispatching file.

    A release build checks its arguments once per call signature (dtypes, devices, shapes, strides, pointer
    alignment: ``_sig``) and launches through each kernel's ``_Launch``; a debug build checks every call and
    launches through the JIT."""
    name = launch.name
    plans = [plan for plan, _ in rendered]
    returns = launch.returns
    single = len(returns) == 1
    sig = ", ".join(f"{n.name}: {type_str(n)}" if n.axes else f"{n.name}: float" for n in launch.inputs)
    function = function_name or name
    tensor_inputs = [t.node for t in launch.tensor_inputs]
    packed = {w.name: block for w, (block, _) in packed_weights(plans).items()}
    kernels = [k for _, ks in rendered for k in ks]
    direct = not debug and not packed and bool(tensor_inputs)
    L = Body()
    L.direct = direct
    lines = []
    if direct:
        seen = f"_SEEN_{function}"
        lines += [f"{seen} = {{}}  # call signature -> (device, dims), checked once"]
        lines += [f"{launch_var(k)} = _Launch({k.name}, num_warps={k.num_warps}, num_stages={k.num_stages})"
                  for k in kernels]
        lines += ["", ""]
    lines += [f"def {function}({launcher_arglist(launch)}):",
             f'    """Run {name}. Inputs: {sig}.',
             f"    Returns {' and '.join(type_str(t.node) for t in returns)}"
             + (" (written into ``out`` if given)." if single else "."),
             '    """']
    if direct:
        fields = [f"{n.name}.dtype, {n.name}.device, {n.name}.shape, {n.name}.stride(), {n.name}.data_ptr() & 15"
                  for n in tensor_inputs]
        if single:
            fields.append("None if out is None else (out.dtype, out.device, out.shape, out.stride(), "
                          "out.data_ptr() & 15)")
        L("try:")
        for i, f in enumerate(fields):  # one input per line
            L(("    _sig = (" if i == 0 else " " * 12) + f + (")" if i == len(fields) - 1 else ","))
        L("except AttributeError:  # not tensors: the checks below say what is wrong")
        L("    _sig = None")
        L(f"_bound = {seen}.get(_sig)")
        L("if _bound is None:")
        L.indent += 1
    for n in tensor_inputs:
        if n.name in packed:
            L(f"_check_packed({name!r}, {n.name!r}, {n.name}, torch.{n.dtype.torch_name}, {packed[n.name]})")
        else:
            L(f"_check_tensor({name!r}, {n.name!r}, {n.name}, torch.{n.dtype.torch_name}, {len(n.axes)})")
    if tensor_inputs:
        L(f"_device = _check_devices({name!r}, {{{', '.join(f'{n.name!r}: {n.name}' for n in tensor_inputs)}}})")
    else:
        L('_device = torch.device("cuda")')
    bound: dict[str, str] = {}
    for n in tensor_inputs:
        for i, ax in enumerate(n.axes):
            where = f"{n.name}.shape[{i}]"
            if isinstance(ax.size, sympy.Symbol):
                d = ax.size.name
                if d in bound:
                    L(f"_check_dim({name!r}, {d!r}, {d}, {bound[d]!r}, {where}, {n.name!r})")
                else:
                    L(f"{d} = {where}")
                    bound[d] = n.name
            else:
                declared = f"{str(ax.size)!r}, {to_code(ax.size)}, 'the declared size'"
                L(f"_check_dim({name!r}, {declared}, {where}, {n.name!r})")
    operands = streamed(plans)
    descriptors = descriptor_blocks(kernels)
    # (operand, read through TMA): an operand with rows not 16-byte aligned is copied; a TMA one also when its
    # last dim is strided (a transposed view, a slice with a step): never Triton's raw assertion
    copied = [(n.name, n.name in descriptors) for n in tensor_inputs if n.name in operands and len(n.axes) >= 2]
    if direct:
        flags = ["_copy"] if copied else []
        if copied:
            L("_copy = " + " or ".join(f"_misaligned({t}, True)" if tma else f"_misaligned({t})" for t, tma in copied))
        names = ", ".join(["_device", *bound, *flags])
        L("_slot = next(_SLOTS) if _sig is not None else None  # keys the compiled kernels of this signature")
        L(f"_bound = ({names}, _slot)")
        L("if _sig is not None:")
        L(f"    _remember({seen}, _sig, _bound)")
        L.indent -= 1
        L(f"{names}, _slot = _bound")
        if copied:
            L("if _copy:  # rows not 16-byte aligned, or a strided view where TMA needs a contiguous last dim")
            for t, tma in copied:
                L(f"    {t} = _aligned({t}{', True' if tma else ''})")
    else:
        for t, tma in copied:
            L(f"{t} = _aligned({t}, True, {f'{name}: {t}'!r})" if tma else f"{t} = _aligned({t})")
    for s in launch.scalars:
        L(f"{s} = float({s})")
    for n in tensor_inputs:
        if n.name in descriptors:
            block = f"[{', '.join(map(str, descriptors[n.name]))}]"
            if direct:
                L(f"{n.name}_desc = _descriptor({f'{function}.{n.name}'!r}, {n.name}, {block})")
            else:
                L(f"{n.name}_desc = TensorDescriptor.from_tensor({n.name}, {block})")
    for w in packed:
        L(f"{w}_vals, {w}_cols, {w}_rows = {w}.values, {w}.col_ptr, {w}.row_idx")
    # Every kernel of a debug build takes the flag, gathers or not; only bounds checks ever set it.
    if checks or any(p.kind == "debug" for _, ks in rendered for k in ks for p in k.params):
        L("_err = torch.zeros((1,), dtype=torch.int32, device=_device)  # debug build: first bad gather")
    for t in launch.buffers:
        sizes = [to_code(a.size) for a in t.axes]
        shape = f"({sizes[0]},)" if len(sizes) == 1 else "(" + ", ".join(sizes) + ")"
        if t.kind == "output" and single:
            L(f"out = _output({name!r}, out, {shape}, torch.{t.dtype.torch_name}, _device)")
        else:
            L(f"{t.name} = torch.empty({shape}, dtype=torch.{t.dtype.torch_name}, device=_device)")
    for plan, kernels in rendered:
        if plan.kind == "eager":
            L(f"# {plan.name}: ops no kernel takes yet, run unfused with PyTorch (see `tilefuse show`)")
            for line in eager_code[plan.name]:
                L(line)
        elif plan.kind == "attention":
            _attention_lines(L, name, plan, kernels, launch.dims)
        elif plan.kind == "rows":
            _rows_lines(L, plan, kernels, eager_code[plan.name])
        else:
            _gemm_lines(L, name, plan, kernels)
    if checks:
        L("_code = int(_err.item())")
        L("if _code:")
        L("    raise LaunchError(DEBUG_MESSAGES[_code - 1])")
    L(f"return {', '.join(t.name for t in returns)}")
    return "\n".join(lines + L.lines) + "\n"


def _batch_check(L: Body, name: str) -> None:
    L("if _batch > 65535:")
    L(f"    raise LaunchError(f'{name}: {{_batch}} batch programs exceed the grid limit of 65535')")


def _gemm_lines(L: Body, name: str, plan: GemmPlan, kernels: list[Kernel]) -> None:
    c, walk = plan.config, plan.k_walk
    m, n = size(plan.m_axis), size(plan.n_axis)
    batch = " * ".join(f"({size(a)})" for a in plan.batch_axes) or "1"
    L(f"# {plan.name}: {m} x {n} tiles of {c.BLOCK_M} x {c.BLOCK_N}, batch {batch}"
      + (f", K split {walk.slices} ways ({walk.combine})" if walk.mode == "split_k" else ""))
    L(f"_batch = {batch}")
    if walk.mode == "split_k":
        zero = ", zero=True" if walk.combine == "atomic" else ""  # atomics add into zeros
        L(f"_ws = _WORKSPACES.get('{plan.name}_ws', ({walk.partials}, _batch, {m}, {n}), _device{zero})")
    _batch_check(L, name)
    for kernel in kernels:
        _launch(L, kernel, grid_code(kernel.grid, "_batch"))


def _rows_lines(L: Body, plan: RowsPlan, kernels: list[Kernel], fallback: list[str]) -> None:
    c, n = plan.config, size(plan.n_axis)
    L(f"# {plan.name}: whole rows of {n} a program, up to {c.BLOCK_M} rows and {plan.tile_elements} elements a "
      f"tile; rows longer than {plan.max_row} run its ops with PyTorch")
    L(f"if {n} <= {plan.max_row}:")
    L(f"    _block_n = max(16, _pow2({n}))")
    L(f"    _rows = {rows_count(plan)}")
    L(f"    _block_m = min({c.BLOCK_M}, max(1, {plan.tile_elements} // _block_n), _pow2(_rows))")
    for kernel in kernels:
        _launch(L, kernel, "(_cdiv(_rows, _block_m), 1, 1)", indent="    ")
    L("else:")
    for line in fallback:
        L("    " + line)


def _attention_lines(L: Body, name: str, plan: AttentionPlan, kernels: list[Kernel], dims: list[str]) -> None:
    c = plan.config
    batch = " * ".join(f"({size(a)})" for a in plan.batch_axes) or "1"
    L(f"# {plan.name}: query tiles of {c.BLOCK_M} over {size(plan.m_axis)}, keys in steps of {c.BLOCK_N}, "
      f"batch {batch}")
    L(f"_batch = {batch}")
    _batch_check(L, name)
    m_code = size(plan.m_axis)
    tiles, programs = f"_cdiv({m_code}, {c.BLOCK_M})", "_batch"
    if plan.head_pack:
        axis, group = plan.head_pack
        L(f"# Head packing: heads of one K/V group ({to_code(group)} along {axis.name}) share a program, up to "
          f"{c.HEAD_PACK}, as many as the {c.BLOCK_M} rows hold next to the query rows: K/V read once per pack.")
        L(f"HEAD_PACK = _head_pack({c.HEAD_PACK}, {to_code(group)}, {m_code}, {c.BLOCK_M})")
        packed = [f"_cdiv({size(a)}, HEAD_PACK)" if a.name == axis.name else f"({size(a)})" for a in plan.batch_axes]
        L(f"_packs = {' * '.join(packed)}")
        tiles, programs = f"_cdiv({m_code}, {c.BLOCK_M} // HEAD_PACK)", "_packs"
    if plan.split_kv > 1:
        L(f"# Split-KV (flash-decoding): up to {plan.split_kv} key splits, as many as fill the GPU twice over.")
        L(f"_programs = max({tiles} * {programs}, 1)")
        L(f"NUM_SPLITS = max(1, min({plan.split_kv}, _cdiv(2 * _sm_count(_device), _programs), "
          f"_cdiv({size(plan.n_axis)}, {c.BLOCK_N})))")
        L(f"_split_rows = NUM_SPLITS * _batch * {m_code}  # partial max, sum and output per split and query row")
        L(f"ws_m, ws_l, ws_o = _WORKSPACES.get_many('{plan.name}_ws', ((_split_rows,), (_split_rows,), "
          f"(_split_rows * {size(plan.dv_axis)},)), _device)")
    if plan.block_table is not None:
        (prologue,) = [k for k in kernels if k.name == plan.block_table.name]
        _table_lines(L, plan, prologue, dims)
        kernels = [k for k in kernels if k is not prologue]
    for kernel in kernels:
        if plan.head_pack and kernel.name == plan.name:
            splits = "NUM_SPLITS" if kernel.grid.splits == "launch" else str(kernel.grid.splits)
            _launch(L, kernel, f"({tiles}, {programs}, {splits})")
        else:
            _launch(L, kernel, grid_code(kernel.grid, "_batch"))


def _table_lines(L: Body, plan: AttentionPlan, kernel: Kernel, dims: list[str]) -> None:
    """Launcher lines that fetch the block table from the cache, or build it with the prologue kernel."""
    c = plan.config
    tables = " * ".join(f"({size(a)})" for a in plan.block_table.table_axes) or "1"
    reads = [p.source for p in kernel.params if p.kind == "tensor"]
    scalars = [p.source for p in kernel.params if p.kind == "scalar"]
    L(f"# Block table of partial and full key blocks per query block, built on the device by {kernel.name};")
    L("# cached while the mask's inputs are the same tensors, unmodified (every head and layer reuses it).")
    L(f"NUM_KB = _cdiv({size(plan.n_axis)}, {c.BLOCK_N})")
    key = ", ".join([repr(kernel.name), "_device"] + dims + scalars)
    L(f"_tables = _TABLES.get(({key},), [{', '.join(reads)}], _device)")
    L("if _tables is None:")
    L(f"    _rows = max(({tables}) * _cdiv({size(plan.m_axis)}, {c.BLOCK_M}), 1)")
    L("    _tables = [torch.empty((_rows * (NUM_KB if name.endswith('idx') else 1),), dtype=torch.int32, "
      "device=_device) for name in " + repr(TABLES) + "]")
    L(f"    {', '.join(TABLES)} = _tables")
    _launch(L, kernel, grid_code(kernel.grid, tables), indent="    ")
    L(f"    _TABLES.put(({key},), [{', '.join(reads)}], _tables, _device)")
    L(f"{', '.join(TABLES)} = _tables")
