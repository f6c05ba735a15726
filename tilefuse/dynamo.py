"""``torch.compile(model, backend="tilefuse")``: the Dynamo path into the module front end.

Registered through the ``torch_dynamo_backends`` entry point (``pyproject.toml``), so it works after
``pip install`` with no import. Dynamo hands over each graph it captured with example inputs; the graph goes
through ``tilefuse.compile`` like a module (captured again with ``torch.export``, at the example's sizes; a new
size makes Dynamo call the backend again). A graph that cannot be captured runs as Dynamo gave it, with a warning:
the model never fails to compile because of tilefuse.
"""

from __future__ import annotations

import warnings

import torch

from .errors import TilefuseError
from .module import compile_module


def backend(gm: torch.fx.GraphModule, example_inputs):
    """A Dynamo backend: the graph with its GEMMs and attention as tilefuse kernels."""
    if not all(isinstance(t, torch.Tensor) for t in example_inputs):
        warnings.warn("tilefuse: a Dynamo graph with symbolic sizes among its inputs runs as PyTorch "
                      "(compile with dynamic=False, or use tilefuse.compile with dynamic= ranges)", stacklevel=2)
        return gm.forward
    try:
        compiled = compile_module(gm, tuple(example_inputs))
    except TilefuseError as exc:
        warnings.warn(f"tilefuse: {str(exc).splitlines()[0]}; this graph runs as PyTorch", stacklevel=2)
        return gm.forward
    backend.last = compiled  # the most recent graph's CompiledModule: its report() and kernels
    return compiled


backend.last = None
