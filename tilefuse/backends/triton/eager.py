"""Prints an ``EagerPlan`` as PyTorch code the launcher runs between kernels, one op at a time, with the op
templates shared with the reference interpreter (``ir.torch_ops``)."""

from __future__ import annotations

from ...errors import LoweringError
from ...ir.analyzer import to_code
from ...ir.ops import parse_einsum
from ...ir.torch_ops import BINARY as TORCH_BINARY
from ...ir.torch_ops import UNARY as TORCH_UNARY
from ...schedule.plans import EagerPlan
from .exprs import literal


def eager_lines(plan: EagerPlan) -> list[str]:
    """PyTorch code computing an eager step's nodes one op at a time (math in fp32, ints in int64).

    Every value is a tensor whose dims follow its node's axes (size 1 where it broadcasts); scalars stay
    Python numbers. Values later kernels read or the program returns are copied into their buffers.
    """
    tensors = plan.memory
    lines: list[str] = []
    values: dict = {}

    def tensor_scalar(x: str) -> str:
        return f"torch.as_tensor({x}, device=_device)"

    def value(node) -> str:
        if node in values:
            return values[node]
        if node in tensors:  # an input, or a buffer an earlier step wrote
            code = tensors[node].name
            code = f"{code}.float()" if node.dtype.is_float else f"{code}.long()"
        elif node.op == "input":
            code = node.name
        elif node.op == "const":
            code = literal(node.attrs["value"], node.dtype)
        elif node.op == "symbol":
            code = f"({to_code(node.attrs['expr'])})"
        elif node.op == "index":
            code = f"torch.arange({to_code(node.axes[0].size)}, device=_device)"
        else:
            code = _eager_op(node, value)
        if node.op in ("const", "symbol", "input") and not node.axes:
            values[node] = code
            return code
        var = f"v_{node.name}"
        lines.append(f"{var} = {code}")
        values[node] = var
        return var

    def aligned(arg, node) -> str:
        code = value(arg)
        if not arg.axes:
            return code
        have, want = arg.axis_names, node.axis_names
        return code if have == want else f"_align({code}, {have!r}, {want!r})"

    def _eager_op(node, _value) -> str:
        op = node.op
        if op in TORCH_UNARY or op == "gelu":
            a = aligned(node.args[0], node)
            if not node.args[0].axes:
                a = tensor_scalar(a)
            if node.dtype.is_float:
                a = f"{a}.float()"
            if op == "gelu":
                if node.attrs.get("approximate", "erf") == "tanh":
                    return f"torch.nn.functional.gelu({a}, approximate='tanh')"
                return f"torch.nn.functional.gelu({a})"
            return TORCH_UNARY[op].format(a)
        if op in TORCH_BINARY:
            a, b = (aligned(x, node) for x in node.args)
            return TORCH_BINARY[op].format(a, b)
        if op == "where":
            c, a, b = (aligned(x, node) for x in node.args)
            return f"torch.where({c}, {a}, {b})"
        if op == "cast":
            a = value(node.args[0])
            if node.dtype.is_int:
                return f"torch.as_tensor({a}).trunc().long()" if node.args[0].dtype.is_float else f"{a}"
            return f"torch.as_tensor({a}).to(torch.{node.dtype.torch_name}).float()"
        if op in ("sum", "max"):
            a = value(node.args[0])
            dims = tuple(node.args[0].axis_names.index(x) for x in node.attrs["axes"])
            return f"{a}.sum(dim={dims})" if op == "sum" else f"{a}.amax(dim={dims})"
        if op in ("softmax", "logsumexp"):
            a = value(node.args[0])
            return f"_{op}({a}.float(), {node.args[0].axis_names.index(node.attrs['axis'])})"
        if op == "einsum":
            ins, out = parse_einsum(node.attrs["spec"], len(node.args))
            letters: dict[str, str] = {}
            for n in [n for g in ins for n in g] + out:
                letters.setdefault(n, chr(ord("a") + len(letters)))
            spec = ",".join("".join(letters[n] for n in g) for g in ins) + "->" + "".join(letters[n] for n in out)
            args = ", ".join(f"{value(a)}.float()" for a in node.args)
            return f"torch.einsum({spec!r}, {args})"
        if op == "load":
            src = tensors[node.args[0]].name
            idx = [f"{aligned(i, node)}.long()" if i.axes else f"torch.as_tensor({value(i)}, device=_device).long()"
                   for i in node.args[1:]]
            shape = "[" + ", ".join(f"({to_code(a.size)})" for a in node.axes) + "]"
            code = f"{src}[{', '.join(f'({i}).expand({shape})' for i in idx)}]"
            return f"{code}.float()" if node.dtype.is_float else f"{code}.long()"
        raise LoweringError(f"no PyTorch rule for {op}", op=op, loc=node.loc)

    for node in plan.nodes:
        value(node)
    for node, t in plan.outputs:
        shape = "[" + ", ".join(f"({to_code(a.size)})" for a in node.axes) + "]"
        lines.append(f"{t.name}.copy_(torch.as_tensor({values[node]}, device=_device).expand({shape}))")
    return lines
