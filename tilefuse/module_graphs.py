"""``cm.graphed()`` (or ``tilefuse.compile(..., mode="reduce-overhead")``): a compiled module whose whole forward is
one CUDA graph per input signature, for decode loops where the host time of many small launches is most of a step.

The first call at a new signature (shapes, strides, dtypes, devices of the tensor arguments) warms the forward up
twice on a side stream (kernels are built and workspaces allocated outside the graph), then captures one call on
static copies of the arguments. Every call copies its tensors into those and replays. State the forward writes in
place (a static KV cache) is written by the replay as by the call. Outputs are cloned out of the graph's memory
(``clone_outputs=False`` returns the static outputs, which the next replay overwrites). Arguments that are not
all CUDA tensors run the compiled module as is, with one warning.
"""

from __future__ import annotations

import warnings
from collections import OrderedDict

import torch


def _signature(args) -> tuple:
    return tuple((tuple(a.shape), a.stride(), a.dtype, a.device) if isinstance(a, torch.Tensor) else ("value", a)
                 for a in args)


class GraphedModule(torch.nn.Module):
    """A ``CompiledModule`` called through CUDA graphs; its report, kernels and save are the compiled module's."""

    def __init__(self, compiled, *, clone_outputs: bool = True, max_graphs: int = 8):
        super().__init__()
        self.compiled = compiled
        self.clone_outputs = clone_outputs
        self.max_graphs = max_graphs
        self.graphs: OrderedDict = OrderedDict()  # signature -> (graph, static arguments, static outputs)
        self.captures = 0
        self._pool = None
        self._warned = False

    def __getattr__(self, name):
        try:
            return super().__getattr__(name)
        except AttributeError:
            return getattr(super().__getattr__("compiled"), name)

    def forward(self, *args):
        tensors = [a for a in args if isinstance(a, torch.Tensor)]
        if not tensors or not all(t.is_cuda for t in tensors):
            if not self._warned:
                self._warned = True
                warnings.warn(f"tilefuse: {type(self.compiled.original).__name__}: CUDA graphs need CUDA tensors; "
                              "running the compiled module without them", stacklevel=2)
            return self.compiled(*args)
        key = _signature(args)
        entry = self.graphs.get(key)
        if entry is None:
            entry = self._capture(args)
            self.graphs[key] = entry
            while len(self.graphs) > self.max_graphs:
                self.graphs.popitem(last=False)
        else:
            self.graphs.move_to_end(key)
        graph, static, outputs = entry
        for s, a in zip(static, args):
            if isinstance(s, torch.Tensor):
                s.copy_(a)
        graph.replay()
        if not self.clone_outputs:
            return outputs
        return torch.utils._pytree.tree_map(lambda t: t.clone() if isinstance(t, torch.Tensor) else t, outputs)

    def _capture(self, args):
        static = [a.clone() if isinstance(a, torch.Tensor) else a for a in args]
        stream = torch.cuda.Stream()
        stream.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(stream):
            for _ in range(2):  # builds each kernel's specialization and its workspaces outside the graph
                self.compiled(*static)
        torch.cuda.current_stream().wait_stream(stream)
        if self._pool is None:
            self._pool = torch.cuda.graph_pool_handle()  # one memory pool for every signature's graph
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph, pool=self._pool):
            outputs = self.compiled(*static)
        self.captures += 1
        return graph, static, outputs
