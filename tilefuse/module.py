"""``tilefuse.compile(model, example_inputs)``: a PyTorch module back, its GEMMs and attention as tilefuse kernels.

The module is captured (``frontend.torch_capture``), partitioned into matches (``frontend.torch_graph``), and each
match's program compiled into a ``Kernel`` (per-shape dispatch: the tuning database, else the cost model, else
the default config). The captured graph then calls each kernel where its nodes were; everything else is the
module's own ATen. A kernel call that cannot run (a CPU tensor without the interpreter, a shape or dtype it does
not take) runs the nodes it replaced instead, with one warning per kernel; a call outside the shapes the capture
covers runs the original module.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import torch

from .errors import TilefuseError
from .frontend.torch_capture import capture
from .frontend.torch_graph import ANCHORS, partition
from .frontend.torch_match import Match, is_dtype_check
from .frontend.torch_pack import pack_siblings, patchify_convs, unflatten_addmms
from .frontend.torch_rows import ROWS_ANCHORS
from .module_fast import FastForward, signature
from .module_ops import call_kernel, register

FLOATS = (torch.float16, torch.bfloat16, torch.float32)


@dataclass
class ModuleKernel:
    """One generated kernel of a compiled module: ``kind`` ("gemm", "attention", "rows"), the graph ``nodes`` it covers,
    the ``ops`` fused into it, and the ``Kernel`` (its ``specializations()`` say which config each shape got)."""

    name: str
    kind: str
    nodes: list[str]
    ops: list[str]
    kernel: object
    calls: int = 0
    fallbacks: int = 0
    fallback_reason: str = ""
    input_shapes: list = field(default_factory=list, repr=False)  # per input: its captured (symbolic) shape
    _match: Match | None = field(default=None, repr=False)


class _KernelCall:
    """What the rewritten graph calls in place of a match: the kernel, or the replaced nodes if it cannot run."""

    def __init__(self, entry: ModuleKernel, match: Match, module_name: str):
        self.entry, self.match, self.module_name = entry, match, module_name
        self.__name__ = f"tilefuse_{entry.name}"

    def launch(self, *args):
        """The kernel on the match's arguments (raises what the kernel raises)."""
        m = self.match
        return call_kernel(self.entry.kernel, args, m.flatten, m.squeeze, m.to_int8, m.out_order)

    def __call__(self, *args):
        entry = self.entry
        entry.calls += 1
        try:
            return self.launch(*args)
        except Exception as exc:  # noqa: BLE001 - the module's own ops are always there to fall back on
            entry.fallbacks += 1
            if not entry.fallback_reason:
                entry.fallback_reason = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                warnings.warn(f"tilefuse: {self.module_name}: kernel {entry.name} ({', '.join(entry.ops)}) could "
                              f"not run ({entry.fallback_reason[:200]}); running its ops in PyTorch instead",
                              stacklevel=2)
            return replay(self.match, args)


def replay(match: Match, args, exact: bool = False) -> torch.Tensor:
    """The matched nodes run as the captured graph had them (the reference semantics of the kernel). ``exact``:
    float casts go to fp64 instead (the compile-time check's reference, run on fp64 copies of the inputs)."""
    env = dict(zip(match.inputs, args))
    for node, target, node_args, node_kwargs in match.recipe:
        if exact and target == torch.ops.aten._to_copy.default and node_kwargs.get("dtype") in FLOATS:
            node_kwargs = {**node_kwargs, "dtype": torch.float64}
        env[node] = target(*torch.fx.node.map_arg(node_args, env.__getitem__),
                           **torch.fx.node.map_arg(node_kwargs, env.__getitem__))
    return env[match.nodes[-1]]


class CompiledModule(torch.nn.Module):
    """A module whose GEMMs and attention run as tilefuse kernels: call it as the original."""

    def __init__(self, model, graph_module, kernels: list[ModuleKernel], fallbacks: dict, options: dict,
                 calls: dict | None = None):
        super().__init__()
        self.graph_module = graph_module
        # signatures that passed the capture's checks run without them (``module_fast``); calls: op -> _KernelCall
        self._fast = FastForward(graph_module, calls or {})
        self.kernels = kernels
        self.fallbacks = fallbacks
        self.options = options
        self._original = [model]  # not a submodule: its parameters are the graph module's already
        self.eager_calls = 0
        self.tuning: dict | None = None  # tilefuse.tune's summary, once tuned

    def extra_bytes(self) -> tuple[int, int]:
        """(bytes of the module's parameters and buffers, bytes the compiled module holds beyond them): packed
        weights are the parameters' own storage (they became views into it), so the second is usually 0."""
        def storages(module):
            return {t.untyped_storage().data_ptr(): t.untyped_storage().nbytes()
                    for t in (*module.parameters(), *module.buffers()) if t.device.type != "meta"}

        own = storages(self.original)
        held = storages(self.graph_module)
        return sum(own.values()), sum(n for ptr, n in held.items() if ptr not in own)

    @property
    def original(self) -> torch.nn.Module:
        return self._original[0]

    def forward(self, *args, **kwargs):
        key = None
        if not kwargs and not torch.compiler.is_compiling():
            key = signature(args)
            if key is not None and key in self._fast.passed:
                return self._fast(args)
        try:
            out = self.graph_module(*args, **kwargs)
        except (AssertionError, RuntimeError, TypeError, ValueError) as exc:
            if not _outside_capture(exc):
                raise
            self.eager_calls += 1
            if self.eager_calls == 1:
                warnings.warn(f"tilefuse: {type(self.original).__name__}: these inputs are outside what the capture "
                              f"covers ({str(exc).splitlines()[0][:200]}); running the module eagerly (widen "
                              "dynamic= to compile for them)", stacklevel=2)
            return self.original(*args, **kwargs)
        self._fast.remember(key)
        return out

    def graphed(self, *, clone_outputs: bool = True, max_graphs: int = 8):
        """This module with its whole forward replayed as one CUDA graph per input signature (``module_graphs``)."""
        from .module_graphs import GraphedModule

        return GraphedModule(self, clone_outputs=clone_outputs, max_graphs=max_graphs)

    def save(self, directory):
        """A package that runs with torch and triton only (``module_save``); returns its directory."""
        from .module_save import save

        return save(self, directory)

    def report(self) -> str:
        """Per kernel: kind, graph nodes, fused ops, the config each shape got and where it came from; then the
        ATen ops left to PyTorch, and why."""
        lines = [f"tilefuse: {type(self.original).__name__}: {len(self.kernels)} kernels, "
                 f"{sum(n for n, _ in self.fallbacks.values())} ATen ops left to PyTorch"]
        for k in self.kernels:
            lines.append(f"  {k.name}  {k.kind}: {' + '.join(k.ops)}  (nodes {', '.join(k.nodes)})")
            specs = k.kernel.specializations() if k.calls else []
            for s in specs:
                shape = ", ".join(f"{d}={v}" for d, v in (s["shape"] or {}).items())
                lines.append(f"      [{shape or 'any shape'}] {s['source']}: {s['config']}")
            if not k.calls:
                lines.append("      not called yet: the config is chosen per shape at the first call")
            if k.fallbacks:
                lines.append(f"      ran in PyTorch {k.fallbacks} of {k.calls} calls: {k.fallback_reason[:160]}")
        for op, (n, why) in sorted(self.fallbacks.items()):
            lines.append(f"  PyTorch  {op} x{n}: {why}")
        own, extra = self.extra_bytes()
        lines.append(f"  memory: the module's weights and buffers {own / 2**20:.1f} MiB; tilefuse holds "
                     f"{extra / 2**20:.1f} MiB more ({100 * extra / max(own, 1):.1f}%)")
        if self.tuning:
            t = self.tuning
            lines.append(f"  tuning: {t['workloads']} distinct workloads, {t['tuned']} tuned, {t['measured']} "
                         f"measurements, {t['seconds']:.1f} s" + (f", {len(t['skipped'])} skipped (time budget)"
                                                                  if t.get("skipped") else ""))
        return "\n".join(lines)


def _outside_capture(exc: Exception) -> bool:
    """Whether the captured graph refused these inputs (its shape guards), not a failure inside it."""
    return isinstance(exc, AssertionError) and str(exc).startswith("Guard failed")


def compile_module(model: torch.nn.Module, example_inputs, *, dynamic: dict | None = None, dims: dict | None = None,
                   db=None, model_pick=None, arch: int = 90, check: bool = True, pack: bool = True,
                   rope: bool = True, norm_prologue: bool = False, mode: str | None = None) -> CompiledModule:
    """The module with its GEMMs (with their elementwise epilogues) and attention as tilefuse kernels.

    ``example_inputs``: a tuple of the forward's arguments. ``dynamic={"batch": (1, 64), "seq": (1, 8192)}``: the
    size ranges to capture for (see ``frontend.torch_capture``); ``db``, ``model_pick``: the tuning database and
    cost model each kernel's per-shape choice consults (``Program.compile``'s ``db`` and ``model``). ``check``: run
    each kernel once on the example inputs' values and compare with its nodes in fp64; one that fails, or cannot
    run there (a CPU tensor without ``TRITON_INTERPRET=1``), is left to PyTorch, the error in the report.
    ``pack``: sibling linears reading one input (Q, K, V) become one GEMM over their weights concatenated once;
    the module's parameters become views into that tensor (``frontend.torch_pack``), so nothing is held twice.
    ``rope``: a rotate-half RoPE on an attention's query runs in the attention kernel, on the loaded query tile.
    ``norm_prologue``: an RMSNorm's scaling runs on the A tiles of the GEMM after it (opt-in until timed).
    ``mode="reduce-overhead"``: the result is ``cm.graphed()``, the whole forward one CUDA graph per input signature.
    """
    if mode not in (None, "default", "reduce-overhead"):
        raise TilefuseError(f"tilefuse.compile: mode must be 'default' or 'reduce-overhead', got {mode!r}")
    if not isinstance(example_inputs, tuple):
        example_inputs = (example_inputs,)
    name = type(model).__name__
    gm = capture(model, example_inputs, dynamic=dynamic, dims=dims)
    packs = {p.node: p for p in pack_siblings(gm)} if pack else {}
    patchify_convs(gm)
    unflatten_addmms(gm)
    parts = partition(gm, rope=rope, norm_prologue=norm_prologue)
    for match in parts.matches:
        packed = next((packs[n] for n in match.nodes if n in packs), None)
        if packed is not None:
            match.ops[0] += f" ({packed.label()})"
    values = _example_values(gm, example_inputs, {a for m in parts.matches for a in m.inputs}) if check else {}
    kernels, replaced, built = [], {}, {}  # replaced: a match's last node -> the kernel call standing for it
    calls = {}  # each kernel's op -> its _KernelCall
    left: list[str] = []

    def leave(match, why):
        op = match.ops[0]
        n, _ = parts.fallbacks.get(op, (0, ""))
        parts.fallbacks[op] = (n + len(match.nodes), why)
        left.append(why)

    for match in parts.matches:
        remap = lambda a: replaced.get(a, a)  # noqa: E731
        example = [values.get(a) for a in match.inputs]
        shapes = [tuple(a.meta["val"].shape) if isinstance(a.meta.get("val"), torch.Tensor) else None
                  for a in match.inputs]
        match.inputs = [remap(a) for a in match.inputs]
        # the nodes' own calls, kept for the fallback (erasing a node clears its arguments)
        match.recipe = [(n, *torch.fx.node.map_arg(match.replay_as.get(n, (n.target, n.args)), remap),
                         torch.fx.node.map_arg({} if n in match.replay_as else n.kwargs, remap))
                        for n in match.nodes]
        try:  # one Kernel per distinct program: the layers of a model share theirs
            key = (match.program.name, match.dtype)
            kernel = built[key] = built.get(key) or match.program.compile(match.dtype, db=db, model=model_pick,
                                                                          arch=arch)
        except Exception as exc:  # noqa: BLE001 - a model never fails to compile because of one kernel
            leave(match, f"the kernel did not compile: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0]}")
            continue
        # the GEMM, SDPA or a rows kernel's reduction: what the report names
        anchor = next(n for n in match.nodes if n.target in ANCHORS or n.target in ROWS_ANCHORS)
        entry = ModuleKernel(anchor.name, match.kind, [n.name for n in match.nodes], match.ops, kernel,
                             input_shapes=shapes, _match=match)
        call = _KernelCall(entry, match, name)
        if check:
            why = _check(call, match, example)
            if why:
                leave(match, f"{entry.name} ({' + '.join(match.ops)}) {why}: left to PyTorch")
                continue
        op = register(call, match)
        calls[op] = call
        replaced[match.nodes[-1]] = _replace(gm, match, op)
        kernels.append(entry)
    if left:  # said once, here: the report has each one
        warnings.warn(f"tilefuse: {name}: {len(left)} of {len(parts.matches)} kernels were left to PyTorch, e.g. "
                      f"{left[0][:240]} (cm.report() lists them all)", stacklevel=2)
    gm.graph.eliminate_dead_code()
    gm.recompile()
    cm = CompiledModule(model, gm, kernels, parts.fallbacks, {"dynamic": dynamic, "dims": dims, "arch": arch},
                        calls)
    return cm.graphed() if mode == "reduce-overhead" else cm


def _example_values(gm: torch.fx.GraphModule, example_inputs, wanted: set) -> dict:
    """The values the ``wanted`` nodes take when the captured graph runs on the example inputs."""
    values = {}

    class Recorder(torch.fx.Interpreter):
        def run_node(self, n):
            out = super().run_node(n)
            if n in wanted:
                values[n] = out
            return out

    with torch.no_grad():
        Recorder(gm).run(*example_inputs)
    return values


def _check(call: _KernelCall, match: Match, example: list) -> str:
    """'' when the kernel matches its nodes run in fp64 on the example values, else what went wrong."""
    from .autotune.checking import relative_error, tolerance

    if any(v is None for v in example):
        return ""  # an input the example run did not produce (not expected): checked by the first call instead
    try:
        with torch.no_grad():
            got = call.launch(*example)
            want = replay(match, [v.double() if isinstance(v, torch.Tensor) and v.is_floating_point() else v
                                  for v in example], exact=True)
    except Exception as exc:  # noqa: BLE001 - reported, and the nodes stay PyTorch
        return f"could not run on the example inputs ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})"
    err = relative_error(got, want)
    tol = tolerance(match.dtype) * (4 if match.dtype == "fp32" and got.is_cuda else 1)  # tf32 dots on the GPU
    return "" if err < tol else f"failed the check on the example inputs (relative error {err:.2e}, tolerance {tol:g})"


def _replace(gm: torch.fx.GraphModule, match: Match, call) -> torch.fx.Node:
    last = match.nodes[-1]
    with gm.graph.inserting_before(last):
        new = gm.graph.call_function(call, tuple(match.inputs))
    new.meta = dict(last.meta)
    last.replace_all_uses_with(new)
    for node in reversed(match.nodes):
        checks = [u for u in node.users if is_dtype_check(u)]
        # a value the kernel recomputes that other nodes still read stays (a prologue's cast); export's dtype
        # checks of a value go with it
        if len(checks) == len(node.users):
            for check in checks:
                gm.graph.erase_node(check)
            gm.graph.erase_node(node)
    return new
