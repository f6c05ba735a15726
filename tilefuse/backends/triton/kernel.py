"""A printed Triton kernel and its parameters as data.

Each parameter says what it is (a tensor's pointer, one of its strides, a TMA descriptor, a dim, a scalar, a
workspace, a block table, a count the launcher computes, the debug flag) and which launcher variable it comes
from, so the launcher builds every call argument from the parameter itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...schedule.plans import Buffer, Grid
from .exprs import ptr, stride


@dataclass(frozen=True)
class Param:
    """One kernel parameter: its name and offline signature type, and where the launcher gets its value."""

    name: str
    sig: str                  # the type triton.compile wants: "*fp16", "i32", "tensordesc<fp16[128, 64]>"
    kind: str                 # tensor | stride | descriptor | packed | workspace | table | dim | scalar | count | debug
    source: str               # the launcher variable the argument comes from (a descriptor's: its tensor)
    axis: int | None = None   # a stride's dim of ``source``
    block: tuple[int, ...] = ()   # a descriptor's block shape (for a side bound at launch, a representative value)
    block_code: tuple[str, ...] = ()   # the block shape as launcher code, when a side is bound at launch

    @property
    def call_arg(self) -> str:
        """The launcher's argument for this parameter."""
        if self.kind == "stride":
            return f"{strides_var(self.source)}[{self.axis}]"
        return descriptor_var(self.source) if self.kind == "descriptor" else self.source


def strides_var(tensor: str) -> str:
    """The launcher variable holding ``tensor.stride()``, read once before each launch that takes its strides."""
    return f"{tensor}_strides"


def descriptor_var(tensor: str) -> str:
    """The launcher variable holding the TMA descriptor of ``tensor``."""
    return f"{tensor}_desc"


def tensor_param(t: Buffer) -> Param:
    return Param(ptr(t), f"*{t.dtype.triton_sig}", "tensor", t.name)


def stride_params(t: Buffer) -> list[Param]:
    return [Param(stride(t, a.name), "i32", "stride", t.name, i) for i, a in enumerate(t.axes)]


def descriptor_param(t: Buffer, block: list[int], code: list[str] | None = None) -> Param:
    """``t``'s TMA descriptor; ``code``: the block as launcher code where a side is bound at launch."""
    sig = f"tensordesc<{t.dtype.triton_sig}[{', '.join(map(str, block))}]>"
    return Param(descriptor_var(t.name), sig, "descriptor", t.name, block=tuple(block),
                 block_code=tuple(code) if code else ())


def fp32_workspace(name: str, variable: str) -> Param:
    return Param(name, "*fp32", "workspace", variable)


def count_param(name: str) -> Param:
    """An i32 the launcher computes before the launch under the same name (NUM_KB, NUM_SPLITS)."""
    return Param(name, "i32", "count", name)


def kernel_params(read: list[Buffer], written: list[Buffer], dims: list[str], scalars: list[str], *,
                  workspace: bool = False, descriptors: tuple[tuple, ...] = (), debug: bool = False) -> list[Param]:
    """The parameters every kernel shares, in signature order: TMA descriptors, tensor pointers (and the
    split-K workspace), their strides, dims, scalars, and the debug flag."""
    params = [descriptor_param(*d) for d in descriptors]  # (tensor, block[, block code])
    params += [tensor_param(t) for t in read + written]
    if workspace:
        params.append(fp32_workspace("ws_ptr", "_ws"))
    for t in read + written:
        params += stride_params(t)
    if workspace:
        params += [Param("stride_ws_split", "i32", "stride", "_ws", 0),
                   Param("stride_ws_batch", "i32", "stride", "_ws", 1)]
    params += [Param(d, "i32", "dim", d) for d in dims]
    params += [Param(f"scalar_{s}", "fp32", "scalar", s) for s in scalars]
    if debug:
        params.append(Param("err_ptr", "*i32", "debug", "_err"))
    return params


@dataclass
class Kernel:
    """A printed ``@triton.jit`` kernel with what launching and compiling it offline need."""

    name: str
    params: list[Param]
    constexprs: dict[str, int]
    body: str
    num_warps: int
    num_stages: int
    grid: Grid
    # constexprs the launcher computes from the shapes (code), e.g. the padded head dim; ``constexprs``
    # holds a representative value of each for offline compiles
    launch_constexprs: dict[str, str] = field(default_factory=dict)

    @property
    def signature(self) -> dict[str, str]:
        return {p.name: p.sig for p in self.params}

    def aligned(self) -> dict[str, list[str]]:
        """What Triton's JIT specializes on for the common call, for offline compiles to match it: ``unit``, the
        innermost stride of each tensor (1 for a contiguous tensor: a constexpr); ``divisible``, every pointer,
        other stride and dim (16-byte-aligned tensors with sizes and row strides that are multiples of 16)."""
        workspaces = {p.source for p in self.params if p.kind == "workspace"}
        last: dict[str, int] = {}
        for p in self.params:
            if p.kind == "stride" and p.source not in workspaces:
                last[p.source] = max(last.get(p.source, -1), p.axis)
        unit = [p.name for p in self.params if p.kind == "stride" and last.get(p.source) == p.axis]
        divisible = [p.name for p in self.params if p.name not in unit and (
            p.kind in ("stride", "dim") or (p.sig.startswith("*") and p.kind != "debug"))]
        return {"unit": unit, "divisible": divisible}

    def call(self) -> str:
        """The launch's arguments, one per parameter, then the constexprs and the launch options."""
        values = {**{k: str(v) for k, v in self.constexprs.items()}, **self.launch_constexprs}
        kwargs = [f"{k}={v}" for k, v in values.items()] + [f"num_warps={self.num_warps}",
                                                             f"num_stages={self.num_stages}"]
        return ", ".join([p.call_arg for p in self.params] + kwargs)

    def positional(self) -> str:
        """The launch's arguments in the kernel's parameter order, constexprs included (what ``_Launch`` takes)."""
        values = {**{k: str(v) for k, v in self.constexprs.items()}, **self.launch_constexprs}
        return ", ".join([p.call_arg for p in self.params] + [values[k] for k in self.constexprs])

    def render(self, debug: bool = False) -> str:
        """The kernel's source: decorator, signature wrapped at 110 columns, body."""
        args = [p.name for p in self.params] + [f"{k}: tl.constexpr" for k in self.constexprs]
        lines = ["@triton.jit(debug=True)" if debug else "@triton.jit", f"def {self.name}("]
        line = "    "
        for i, a in enumerate(args):
            piece = a + ("," if i < len(args) - 1 else "")
            if len(line) + len(piece) + 1 > 110:
                lines.append(line.rstrip())
                line = "    "
            line += piece + " "
        lines.append(line.rstrip())
        lines.append("):")
        return "\n".join(lines) + "\n" + self.body + "\n"
