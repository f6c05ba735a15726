"""The eager hot path of a ``CompiledModule``: its captured graph without the per-call checks that a known input
signature has already passed.

The graph module ``torch.export`` unlifts checks its inputs at every call: a forward pre-hook flattens them with
their pytree paths and compares the structure with the exported one, and a ``_guards_fn`` submodule asserts the
capture's shape guards ("Guard failed: ..."; ``CompiledModule.forward`` runs the original module when one fails).
Those checks read only the inputs' structure and sizes. A ``FastForward`` remembers each signature (every
positional argument a plain tensor: its shape, strides, dtype, device) whose call passed them, and calls that
signature again through a copy of the graph's code with the ``_guards_fn`` call left out, bound to the same graph
module (so it reads the same parameters and buffers), and without the module call's hooks. Where grad mode is off
and no profiler records, the copy also calls each kernel's ``_KernelCall`` directly instead of its
``torch.library`` op (the op's implementation is that call; in grad mode the op's output carries autograd's
not-implemented node, and the profiler names the op, so those calls keep it).

Everything else (keyword arguments, non-tensor arguments, tensor subclasses such as fake tensors under
``torch.export``, Dynamo tracing, a signature not seen to pass yet) takes the checked path.
"""

from __future__ import annotations

import torch
import torch.fx


def signature(args: tuple):
    """What the capture's checks read of positional arguments, or None unless every one is a plain tensor."""
    key = []
    for a in args:
        if type(a) is not torch.Tensor:  # subclasses (fake, functional, parameters) take the checked path
            return None
        key.append((a.shape, a.stride(), a.dtype, a.device))
    return tuple(key)


class FastForward:
    """The graph module's forward for input signatures that passed its checks once (see the module docstring).

    ``calls`` maps each kernel's op (the graph's call target) to its ``_KernelCall``."""

    def __init__(self, graph_module: torch.fx.GraphModule, calls: dict, capacity: int = 256):
        self.graph_module, self.calls, self.capacity = graph_module, calls, capacity
        self.passed: set = set()
        self._code: dict[bool, object] = {}  # direct kernel calls or not -> forward(self, *args)

    def remember(self, key) -> None:
        """``key`` passed the checks (called after a checked call returned)."""
        if key is not None:
            if len(self.passed) >= self.capacity:
                self.passed.clear()
            self.passed.add(key)

    def __call__(self, args: tuple):
        direct = not torch.is_grad_enabled() and not torch.autograd.profiler._is_profiler_enabled
        code = self._code.get(direct)
        if code is None:
            code = self._code[direct] = self._compile(direct)
        return code(self.graph_module, *args)

    def _compile(self, direct: bool):
        """The graph's forward without the guards call (``direct``: kernels called without their ops)."""
        gm = self.graph_module
        graph = torch.fx.Graph()
        graph._codegen = gm.graph._codegen  # the same pytree flattening of inputs and outputs
        graph.output(graph.graph_copy(gm.graph, {}))
        for node in list(graph.nodes):
            if node.op == "call_module" and node.target == "_guards_fn":
                graph.erase_node(node)
            elif direct and node.op == "call_function" and node.target in self.calls:
                node.target = self.calls[node.target]
        code = graph.python_code(root_module="self")
        namespace = dict(code.globals)
        exec(compile(code.src, f"<tilefuse fast forward of {type(gm).__name__}>", "exec"), namespace)  # noqa: S102
        return namespace["forward"]
