"""The DSL: ``@tf.program`` functions over named-axis tensors, traced into an IR graph.

A program's parameters are annotated ``tf.Tensor["M", "K"]`` (axes ``m`` and ``k`` of sizes ``M`` and
``K``, bound at launch) or ``tf.Scalar`` (a float passed at launch). Calling the ops below on those
values records nodes; tracing runs the Python function once with proxies.
"""

from __future__ import annotations

import inspect
import math
import os
import re
import sys
from dataclasses import dataclass

import sympy

from ..errors import DSLError, SourceLoc
from ..ir.dims import Axis, as_size, axis_for_dim
from ..ir.dtypes import DType, as_dtype, bf16, fp16, fp32, int8, int32  # noqa: F401 - tf.fp32, ... for users
from ..ir.graph import Graph, Node
from ..ir.ops import GELU_FORMS, infer
from ..ir.verifier import verify
from .reference import run_reference

inf = math.inf

_DTYPE_WORDS = {"fp32", "fp16", "bf16", "int32", "int8", "bool"}


@dataclass(frozen=True)
class TensorSpec:
    """The annotation ``tf.Tensor["M", "K"]`` (optionally with a dtype: ``tf.Tensor["N", tf.fp32]``)."""

    dims: tuple[str, ...]
    dtype: DType | None = None

    def axes(self) -> tuple[Axis, ...]:
        return tuple(axis_for_dim(d) for d in self.dims)


class _TensorFactory:
    def __getitem__(self, items) -> TensorSpec:
        items = items if isinstance(items, tuple) else (items,)
        dims, dtype = [], None
        for it in items:
            if isinstance(it, DType) or (isinstance(it, str) and it in _DTYPE_WORDS):
                dtype = as_dtype(it)
            elif isinstance(it, str) and it.isidentifier():
                dims.append(it)
            else:
                raise DSLError(f"tf.Tensor[...] takes dim names such as 'M' and an optional dtype, not {it!r}")
        if len({d.lower() for d in dims}) != len(dims):
            raise DSLError(f"tf.Tensor{list(dims)} repeats an axis name; give each axis its own dim name")
        return TensorSpec(tuple(dims), dtype)


Tensor = _TensorFactory()


class Scalar:
    """Annotation for a float parameter passed at launch (a scale, an epsilon)."""


# ---------------------------------------------------------------------------------------------- tracing


class _Tracer:
    """Collects the nodes of one program while its Python function runs."""

    active: list[_Tracer] = []

    def __init__(self, program: Program):
        self.program = program
        self.nodes: list[Node] = []
        self.axis_sizes: dict[str, sympy.Expr] = {}

    def loc(self) -> SourceLoc | None:
        frame = sys._getframe(1)
        target = self.program.file
        while frame is not None:
            if frame.f_code.co_filename == target:
                line = frame.f_lineno
                return SourceLoc(target, line, self.program.source_line(line))
            frame = frame.f_back
        return None

    def add(self, op: str, args: list[Node], attrs: dict | None = None, *, axes=None, dtype=None,
            name: str = "") -> Node:
        attrs = attrs or {}
        loc = self.loc()
        if axes is None:
            try:
                axes, dtype = infer(op, args, attrs, [_describe(a) for a in args])
            except ValueError as exc:
                raise DSLError(str(exc), program=self.program.name, op=op, loc=loc) from None
        node = Node(op, tuple(args), attrs, tuple(axes), dtype, name, loc)
        self.nodes.append(node)
        return node

    def error(self, message: str, op: str) -> DSLError:
        return DSLError(message, program=self.program.name, op=op, loc=self.loc())


def _describe(node: Node) -> str:
    if node.op == "input":
        return node.name
    if node.op == "const":
        return repr(node.attrs["value"])
    return f"{node.op} result [{', '.join(node.axis_names)}]"


def _tracer(op: str) -> _Tracer:
    if not _Tracer.active:
        raise DSLError(f"tf.{op} can only be called inside a @tf.program while it is traced")
    return _Tracer.active[-1]


def _node(x, op: str) -> Node:
    """Lift a Value or Python scalar to a node."""
    if isinstance(x, Value):
        return x.node
    t = _tracer(op)
    if isinstance(x, bool):
        return t.add("const", [], {"value": x}, axes=(), dtype=DType.bool)
    if isinstance(x, int):
        return t.add("const", [], {"value": x}, axes=(), dtype=DType.int32)
    if isinstance(x, float):
        return t.add("const", [], {"value": x}, axes=(), dtype=DType.fp32)
    raise t.error(f"tf.{op} got a {type(x).__name__}; expected a tilefuse value or a Python number", op)


def _op(op: str, *args, **attrs) -> Value:
    t = _tracer(op)
    return Value(t.add(op, [_node(a, op) for a in args], attrs))


class Value:
    """A traced tensor: wraps an IR node and records ops through Python operators."""

    __array_priority__ = 1000

    def __init__(self, node: Node):
        self.node = node

    @property
    def axes(self) -> tuple[str, ...]:
        return self.node.axis_names

    @property
    def dtype(self) -> DType:
        return self.node.dtype

    def __repr__(self) -> str:
        return f"<tilefuse value {self.node.dtype}[{', '.join(self.axes)}]>"

    def __add__(self, o): return _op("add", self, o)
    def __radd__(self, o): return _op("add", o, self)
    def __sub__(self, o): return _op("sub", self, o)
    def __rsub__(self, o): return _op("sub", o, self)
    def __mul__(self, o): return _op("mul", self, o)
    def __rmul__(self, o): return _op("mul", o, self)
    def __truediv__(self, o): return _op("div", self, o)
    def __rtruediv__(self, o): return _op("div", o, self)
    def __floordiv__(self, o): return _op("floordiv", self, o)
    def __rfloordiv__(self, o): return _op("floordiv", o, self)
    def __mod__(self, o): return _op("mod", self, o)
    def __rmod__(self, o): return _op("mod", o, self)
    def __neg__(self): return _op("neg", self)
    def __abs__(self): return _op("abs", self)
    def __lt__(self, o): return _op("lt", self, o)
    def __le__(self, o): return _op("le", self, o)
    def __gt__(self, o): return _op("gt", self, o)
    def __ge__(self, o): return _op("ge", self, o)
    def __eq__(self, o): return _op("eq", self, o)  # noqa: PLE0307 - elementwise, like torch
    def __ne__(self, o): return _op("ne", self, o)
    def __and__(self, o): return _op("and", self, o)
    def __or__(self, o): return _op("or", self, o)
    def __invert__(self): return _op("not", self)
    __hash__ = object.__hash__

    def __iter__(self):
        raise _tracer("iter").error("a traced value cannot be iterated; index it with tf.index() expressions",
                                    "iter")

    def __bool__(self):
        raise _tracer("bool").error("a traced value has no Python truth value; use tf.where for choices", "bool")

    def __getitem__(self, index) -> Value:
        """Load through index expressions: ``k[b, h // G, n, d]`` with ``tf.index`` values; ``:`` keeps an axis."""
        index = index if isinstance(index, tuple) else (index,)
        t = _tracer("load")
        if len(index) != len(self.node.axes):
            raise t.error(f"{_describe(self.node)} has {len(self.node.axes)} axes but is indexed with "
                          f"{len(index)}", "load")
        nodes = []
        for ax, idx in zip(self.node.axes, index):
            if isinstance(idx, slice):
                if idx != slice(None):
                    raise t.error("only ':' slices are supported; index with tf.index() expressions", "load")
                nodes.append(t.add("index", [], {"axis": ax.name}, axes=(ax,), dtype=DType.int32))
            else:
                nodes.append(_node(idx, "load"))
        return Value(t.add("load", [self.node, *nodes]))

    def sum(self, *axes: str) -> Value:
        return sum_(self, *axes)

    def max(self, *axes: str) -> Value:
        return max_(self, *axes)

    def to(self, dtype) -> Value:
        return cast(self, dtype)


# --------------------------------------------------------------------------------------------------- ops


def einsum(spec: str, *operands) -> Value:
    """Contract named axes: ``tf.einsum("mk,nk->mn", x, w)``; letters (or spaced names) relabel axes."""
    return _op("einsum", *operands, spec=spec)


def matmul(a, b) -> Value:
    """``a @ b`` over the last axis of ``a`` and the second-to-last of ``b``; leading axes are batch axes."""
    t = _tracer("matmul")
    for x in (a, b):
        if not isinstance(x, Value):
            raise t.error(f"tf.matmul got a {type(x).__name__}; expected two tilefuse tensors", "matmul")
    a_axes, b_axes = list(a.axes), list(b.axes)
    if len(a_axes) < 2 or len(b_axes) < 2:
        raise t.error("matmul needs two tensors of at least 2 axes; use tf.einsum for vectors", "matmul")
    # Batch axes of either operand are kept (by name, like elementwise broadcasting), never summed.
    batch = a_axes[:-2] + [x for x in b_axes[:-2] if x not in a_axes[:-2]]
    spec = " ".join(a_axes) + ", " + " ".join(b_axes[:-2] + [a_axes[-1], b_axes[-1]]) + " -> " + \
        " ".join(batch + [a_axes[-2], b_axes[-1]])
    return einsum(spec, a, b)


def index(axis: str, size=None) -> Value:
    """The position along axis ``axis`` (an int32 tensor of that one axis), for masks and index math."""
    t = _tracer("index")
    if not isinstance(axis, str) or not axis.isidentifier():
        raise t.error(f"tf.index takes an axis name such as 'm', not {axis!r}", "index")
    if size is not None:
        if isinstance(size, Value):
            raise t.error("tf.index(size=...) takes a dim name, an int or a sympy expression of dims, "
                          "not a traced value", "index")
        try:
            ax = Axis(axis, as_size(size))
        except (ValueError, TypeError, sympy.SympifyError) as exc:
            raise t.error(f"tf.index({axis!r}, size={size!r}): {exc}", "index") from None
    elif axis in t.axis_sizes:
        ax = Axis(axis, t.axis_sizes[axis])
    else:
        known = ", ".join(sorted(t.axis_sizes)) or "none"
        raise t.error(f"unknown axis {axis!r} (the inputs have axes {known}); "
                      f"pass its size: tf.index({axis!r}, size='N')", "index")
    return Value(t.add("index", [], {"axis": axis}, axes=(ax,), dtype=DType.int32))


def dim(name: str) -> Value:
    """The launch-time value of a dim (``tf.dim("D")``), as an int32 scalar."""
    t = _tracer("dim")
    if not isinstance(name, str) or not name.isidentifier():
        raise t.error(f"tf.dim takes a dim name such as 'N', not {name!r}", "dim")
    sym = as_size(name)
    known = {s.name for size in t.axis_sizes.values() for s in size.free_symbols}
    if sym.name not in known:
        raise t.error(f"unknown dim {name!r}; the inputs' dims are {', '.join(sorted(known)) or 'none'}", "dim")
    return Value(t.add("symbol", [], {"expr": sym}, axes=(), dtype=DType.int32))


def const(value, dtype=None) -> Value:
    node = _node(value, "const")
    return Value(node) if dtype is None else cast(Value(node), dtype)


def _unary(op):
    def fn(x):
        return _op(op, x)
    fn.__name__ = op
    fn.__doc__ = f"Elementwise {op}."
    return fn


exp, exp2, log, tanh, erf, sqrt, rsqrt = (_unary(o) for o in ("exp", "exp2", "log", "tanh", "erf", "sqrt", "rsqrt"))
relu, silu, sigmoid, neg, abs_ = (_unary(o) for o in ("relu", "silu", "sigmoid", "neg", "abs"))


def gelu(x, approximate: str = "erf") -> Value:
    """GELU, exact (``approximate="erf"``) or the tanh form (``approximate="tanh"``)."""
    if approximate not in GELU_FORMS:
        raise _tracer("gelu").error(f"gelu approximate must be one of {GELU_FORMS}, not {approximate!r}", "gelu")
    return _op("gelu", x, approximate=approximate)


def maximum(a, b) -> Value:
    return _op("maximum", a, b)


def minimum(a, b) -> Value:
    return _op("minimum", a, b)


def where(cond, a, b) -> Value:
    return _op("where", cond, a, b)


def cast(x, dtype) -> Value:
    try:
        dt = as_dtype(dtype)
    except ValueError as exc:
        raise _tracer("cast").error(str(exc), "cast") from None
    return _op("cast", x, dtype=dt)


def _axes_arg(op, axes) -> tuple[str, ...]:
    if not axes:
        raise _tracer(op).error(f"tf.{op} needs the axes to reduce, as in tf.{op}(x, 'n')", op)
    for a in axes:
        if not isinstance(a, str):
            raise _tracer(op).error(f"tf.{op} takes axis names as separate strings, as in "
                                    f"tf.{op}(x, 'm', 'n'), not {a!r}", op)
    return tuple(axes)


def sum_(x, *axes: str) -> Value:
    """Sum over the named axes."""
    return _op("sum", x, axes=_axes_arg("sum", axes))


def max_(x, *axes: str) -> Value:
    """Maximum over the named axes."""
    return _op("max", x, axes=_axes_arg("max", axes))


def logsumexp(x, axis: str) -> Value:
    """log(sum(exp(x))) over one named axis, computed stably; a row that is all -inf gives -inf."""
    if not isinstance(axis, str):
        raise _tracer("logsumexp").error(f"tf.logsumexp takes one axis name, not {axis!r}", "logsumexp")
    return _op("logsumexp", x, axis=axis)


def softmax(x, axis: str) -> Value:
    """Softmax over one named axis. A row that is all -inf gives zeros, not NaN."""
    if not isinstance(axis, str):
        raise _tracer("softmax").error(f"tf.softmax takes one axis name, as in tf.softmax(x, 'n'), "
                                       f"not {axis!r}", "softmax")
    return _op("softmax", x, axis=axis)


# --------------------------------------------------------------------------------------------- programs


# The front end cannot import the compiler (it sits layers above); ``tilefuse.api`` installs it here on import.
_COMPILER = None


def set_compiler(compile_program) -> None:
    """Install the function ``Program.compile`` calls (``tilefuse.api.compile_program``)."""
    global _COMPILER
    _COMPILER = compile_program


class Program:
    """A traced-on-demand DSL function. ``compile()`` lowers it to a kernel; calling it runs the reference."""

    def __init__(self, fn):
        self.fn = fn
        self.name = fn.__name__
        self.file = fn.__code__.co_filename
        self.__doc__ = fn.__doc__
        self._lines: list[str] | None = None
        self.line = self._def_line(fn.__code__.co_firstlineno)
        self.params: list[tuple[str, TensorSpec | None]] = []
        try:  # eval_str: annotations are strings under ``from __future__ import annotations``
            signature = inspect.signature(fn, eval_str=True)
        except Exception as exc:
            raise DSLError(f"cannot evaluate the parameter annotations: {type(exc).__name__}: {exc}",
                           program=self.name, loc=self.def_loc()) from None
        for p in signature.parameters.values():
            ann = p.annotation
            if isinstance(ann, TensorSpec):
                self.params.append((p.name, ann))
            elif ann is Scalar or ann is float:
                self.params.append((p.name, None))
            else:
                got = "no annotation" if ann is inspect.Parameter.empty else f"annotation {ann!r}"
                raise DSLError(f"parameter {p.name!r} needs an annotation tf.Tensor['M', ...] or tf.Scalar, "
                               f"got {got}", program=self.name, loc=self.def_loc(p.name))

    def _def_line(self, first: int) -> int:
        """The line of ``def`` (``co_firstlineno`` is the first decorator's line)."""
        for line in range(first, first + 50):
            text = self.source_line(line).lstrip()
            if text.startswith(("def ", "async def ")):
                return line
        return first

    def def_loc(self, param: str | None = None) -> SourceLoc:
        """Where the signature (or the line of parameter ``param`` in it) is written."""
        line = self.line
        if param is not None:
            for i in range(self.line, self.line + 50):
                text = self.source_line(i)
                if re.search(rf"\b{re.escape(param)}\s*[:,)=]", text.split("#")[0]):
                    line = i
                    break
                if text.rstrip().endswith(":") and i > self.line and ")" in text:
                    break
        return SourceLoc(self.file, line, self.source_line(line))

    def source_line(self, line: int) -> str:
        if self._lines is None:
            try:
                with open(self.file) as f:
                    self._lines = f.read().splitlines()
            except OSError:
                self._lines = []
        return self._lines[line - 1] if 0 < line <= len(self._lines) else ""

    def trace(self, dtype="fp16", out_dtype=None) -> Graph:
        """Run the function on proxies and return the verified IR graph.

        Float inputs without a dtype in their annotation take ``dtype``. Outputs are cast to ``out_dtype``
        (default: ``dtype``) unless the program ends in an explicit ``tf.cast``.
        """
        dtype = as_dtype(dtype)
        out_dtype = as_dtype(out_dtype) if out_dtype is not None else dtype
        tracer = _Tracer(self)
        args = []
        for position, (pname, spec) in enumerate(self.params):
            if spec is None:
                node = Node("input", (), {"position": position}, (), DType.fp32, pname,
                            SourceLoc(self.file, self.line, self.source_line(self.line)))
            else:
                axes = spec.axes()
                for ax in axes:
                    prev = tracer.axis_sizes.setdefault(ax.name, ax.size)
                    if prev != ax.size:
                        raise DSLError(f"axis {ax.name!r} is {prev} in one input but {ax.size} in {pname}",
                                       program=self.name, loc=self.def_loc(pname))
                node = Node("input", (), {"position": position}, axes, spec.dtype or dtype, pname,
                            SourceLoc(self.file, self.line, self.source_line(self.line)))
            tracer.nodes.append(node)
            args.append(Value(node))
        _Tracer.active.append(tracer)
        try:
            result = self.fn(*args)
            results = result if isinstance(result, tuple) else (result,)
            outputs = []
            for r in results:
                if not isinstance(r, Value):
                    raise DSLError(f"a program returns tilefuse values, not {type(r).__name__}",
                                   program=self.name, op="return", loc=self.def_loc())
                node = r.node
                if node.op != "cast" and node.dtype != out_dtype and node.dtype.is_float:
                    node = tracer.add("cast", [node], {"dtype": out_dtype})
                    node.loc = r.node.loc
                outputs.append(node)
        finally:
            _Tracer.active.pop()
        graph = Graph(self.name, tracer.nodes, outputs, self.file).rebuild(tracer.nodes, outputs).rename()
        verify(graph)
        return graph

    def __call__(self, *tensors, **kwargs):
        """Run the reference semantics (PyTorch eager ops) on torch tensors."""
        return run_reference(self, *tensors, **kwargs)

    def compile(self, dtype="fp16", *, config=None, out_dtype=None, arch: int = 90, require_fusion: bool = False,
                debug: bool = False, shape: dict | None = None, db=None, sparse: tuple[str, ...] = (), model=None,
                autotune: str | None = None, backend: str | None = None):
        """Lower and generate a kernel; M, N, K stay symbolic and are bound at launch.

        ``config`` is a schedule (dict or ``Config``); ``arch`` the compute capability whose limits the
        tiling constraints check; ``require_fusion`` turns a blocked fusion into an error; ``debug``
        bounds-checks every gather on the device (GQA head maps, page tables) with a message naming
        the program, line and axis. Without ``config``, ``shape`` (every dim, e.g. ``{"M": 4096, ...}``)
        takes the schedule from the tuning database ``db`` (default: the per-user one) when this GPU has
        measured it; ``kernel.tuning`` says where the config came from. ``sparse`` names weight inputs to
        take block-sparse: pack them with ``kernel.pack(name, dense, threshold=... or block_mask=...)``.
        ``model`` (a cost-model directory, True for this GPU's packaged one, False for none; default: the
        packaged one when it and xgboost are installed): on a database miss, the model's top-ranked config, with
        no measurement. The kernel chooses so again at every new shape it is called with;
        ``autotune="first-call"`` measures a few candidates at an untuned shape instead (stored in ``db``).
        ``backend`` ("triton" or "cuda": CUDA C++ through TVM, ``pip install 'tilefuse[cuda]'``) writes the kernels;
        None (default): the one the chosen config names (a tune with the back end as a knob may have chosen CUDA).
        """
        if _COMPILER is None:
            raise RuntimeError("import tilefuse (the package) to compile: it installs the compiler")
        return _COMPILER(self, dtype=dtype, config=config, out_dtype=out_dtype, arch=arch,
                               require_fusion=require_fusion, debug=debug, shape=shape, db=db, sparse=sparse,
                               model=model, autotune=autotune, backend=backend)

    def __repr__(self) -> str:
        return f"<tilefuse program {self.name} ({os.path.basename(self.file)}:{self.line})>"


def program(fn) -> Program:
    """Decorator: make a DSL program from a Python function with annotated tensor parameters."""
    return Program(fn)
