"""``cm.save(dir)``: a compiled module as a package that runs with torch and triton only.

The directory holds ``kernels/`` (each distinct kernel's standalone file, with its dispatch table), ``weights.pt``
(every tensor the graph reads: parameters, buffers, constants), ``manifest.json``, and ``model.py``: the captured
graph printed as plain Python, each kernel call as a small wrapper around its file's entry function (flattening,
a mask's squeeze, the output layout) and every other op as the ``torch.ops`` call it was. ``model.load(device)``
rebuilds it; ``tilefuse.load(dir)`` does the same from tilefuse. The forward takes the inputs the capture did, and
returns its outputs as a flat tuple (a transformers ``ModelOutput`` comes back as the tuple of its fields).
"""

from __future__ import annotations

import inspect
import json
import math
import operator
from pathlib import Path

import torch

from .errors import TilefuseError
from .module_ops import call_kernel

_HEADER = '''"""{name}, compiled by tilefuse: its GEMMs and attention are the kernels in kernels/, everything else
is the PyTorch ops of its torch.export capture. Needs only torch and triton: ``load(device)`` returns the module."""

import importlib.util
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def _kernel(file, entry):
    spec = importlib.util.spec_from_file_location(f"tilefuse_kernel_{{entry}}", os.path.join(HERE, "kernels", file))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, entry)



'''


class _Printer:
    def __init__(self, calls: dict):
        self.calls = calls  # tilefuse op -> wrapper function name

    def arg(self, a) -> str:
        if isinstance(a, torch.fx.Node):
            return a.name
        if isinstance(a, (list, tuple)):
            inner = ", ".join(self.arg(x) for x in a)
            return f"[{inner}]" if isinstance(a, list) else f"({inner}{',' if len(a) == 1 else ''})"
        if isinstance(a, float) and not math.isfinite(a):
            return f"float({str(a)!r})"
        if isinstance(a, (bool, int, float, str)) or a is None:
            return repr(a)
        if isinstance(a, torch.dtype):
            return str(a)
        if isinstance(a, torch.device):
            return "_DEVICE"  # the device the package is loaded on
        if isinstance(a, (torch.layout, torch.memory_format)):
            return str(a)
        raise TilefuseError(f"cannot save: an argument of type {type(a).__name__} ({a!r})")

    def call(self, node) -> str:
        t = node.target
        args = [self.arg(a) for a in node.args] + [f"{k}={self.arg(v)}" for k, v in node.kwargs.items()]
        if t in self.calls:
            return f"{self.calls[t]}({', '.join(args)})"
        if isinstance(t, torch._ops.OpOverload):
            return f"torch.ops.{t.namespace}.{t._schema.name.split('::')[1]}.{t._overloadname}({', '.join(args)})"
        if t is operator.getitem:
            return f"{args[0]}[{args[1]}]"
        if getattr(t, "__module__", "") in ("_operator", "operator"):
            return f"__import__('operator').{t.__name__}({', '.join(args)})"
        raise TilefuseError(f"cannot save: node {node.name} calls {t!r}, which has no plain-Python form yet")


def save(cm, directory) -> Path:
    """Write the package; returns its directory."""
    out = Path(directory)
    (out / "kernels").mkdir(parents=True, exist_ok=True)
    gm = cm.graph_module
    files, lines, calls = {}, [], {}
    by_op = {}
    for entry in cm.kernels:
        match = entry._match
        path = entry.kernel.save(out / "kernels")
        files[id(entry.kernel)] = path.name
        by_op[entry.name] = (entry, match, path)
    for node in gm.graph.nodes:
        if node.op == "call_function" and getattr(node.target, "namespace", "") == "tilefuse":
            base = node.target._schema.name.split("::")[1]  # tilefuse::<entry name>_<n>
            entry_name = base.rsplit("_", 1)[0]            # <entry name>_<n>
            entry, match, path = by_op[entry_name]
            fn = f"_k_{base}"
            squeeze = [list(dims) for dims in match.squeeze]
            lines.append(f"_{fn} = _kernel({path.name!r}, {entry.kernel.name!r})\n\n\n"
                         f"def {fn}(*args):\n"
                         f"    return call_kernel(_{fn}, args, {list(match.flatten)!r}, {squeeze!r}, "
                         f"{list(match.to_int8)!r}, {match.out_order!r})  # {' + '.join(entry.ops)}\n")
            calls[node.target] = fn
    printer = _Printer(calls)
    body, params, weights = [], [], {}
    for node in gm.graph.nodes:
        if node.op == "placeholder":
            params.append(node.name)
        elif node.op == "get_attr":
            value = gm
            for part in node.target.split("."):
                value = getattr(value, part)
            weights[node.target] = value.detach()
            body.append(f"{node.name} = self.weights[{node.target!r}]")
        elif node.op == "call_module":
            if node.users:
                raise TilefuseError(f"cannot save: node {node.name} calls the submodule {node.target}")
        elif node.op == "call_function":
            body.append(f"{node.name} = {printer.call(node)}")
        elif node.op == "output":
            (result,) = node.args
            flat = result if isinstance(result, (list, tuple)) else (result,)
            body.append(f"return {printer.arg(tuple(torch.utils._pytree.tree_leaves(flat)))}")
    torch.save(weights, out / "weights.pt")
    name = type(cm.original).__name__
    text = _HEADER.format(name=name) + "\n" + inspect.getsource(call_kernel) + "\n\n" + "\n\n".join(lines) + f'''

class Model(torch.nn.Module):
    def __init__(self, weights):
        super().__init__()
        self.weights = weights

    def forward(self, {", ".join(params)}):
        _DEVICE = {params[0] if params else "None"}.device
''' + "".join(f"        {line}\n" for line in body) + '''

def load(device="cuda"):
    """The compiled model, its weights on ``device``."""
    weights = torch.load(os.path.join(HERE, "weights.pt"), map_location=device)
    return Model(weights)
'''
    (out / "model.py").write_text(text)
    manifest = {"module": name, "kernels": [{"name": e.name, "kind": e.kind, "ops": e.ops, "nodes": e.nodes,
                                             "file": files[id(e.kernel)]} for e in cm.kernels],
                "pytorch_ops": {op: {"count": n, "why": why} for op, (n, why) in cm.fallbacks.items()},
                "inputs": params}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return out


def load(directory, device="cuda"):
    """A saved package's model (``model.py``'s ``load``), imported from its directory."""
    import importlib.util

    path = Path(directory) / "model.py"
    if not path.exists():
        raise TilefuseError(f"{directory}: not a saved tilefuse package (no model.py)")
    spec = importlib.util.spec_from_file_location(f"tilefuse_package_{abs(hash(str(path)))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.load(device)
