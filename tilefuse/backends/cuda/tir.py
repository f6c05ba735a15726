"""A ``GemmPlan`` as tensor expressions (``tvm.te``), then one TIR PrimFunc: the op -> TIR table, the expression
translator, and the stages the schedule (``schedule.py``) works on.

Every value is indexed by axis name, as in the IR: an operand or epilogue node is evaluated at an environment
``{axis name: index}``, so broadcasting (a bias over ``n``) and renamed einsum letters need no special case.
Symbolic dims become ``int32`` TIR variables shared by every buffer that has them; scalar inputs become
``float32`` parameters. Imported only by ``program.py`` (importing TVM takes seconds).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy
from tvm import te, tirx

from ...errors import LoweringError
from ...ir.dims import Axis
from ...ir.dtypes import DType
from ...ir.graph import Node
from ...schedule.plans import Buffer, GemmPlan
from .support import BINARY as BINARY_OPS
from .support import UNARY as UNARY_OPS
from .support import VECTOR, gemm_problem

TVM_DTYPES = {DType.fp32: "float32", DType.fp16: "float16", DType.bf16: "bfloat16", DType.int32: "int32",
              DType.int8: "int8", DType.bool: "bool"}

# The op -> TIR table: each entry builds the expression from its (already translated) arguments.
_F32 = "float32"


def _gelu(x, approximate: str):
    half, one = tirx.const(0.5, _F32), tirx.const(1.0, _F32)
    if approximate == "tanh":
        inner = tirx.const(0.7978845608028654, _F32) * (x + tirx.const(0.044715, _F32) * x * x * x)
        return half * x * (one + tirx.tanh(inner))
    return half * x * (one + tirx.erf(x * tirx.const(0.7071067811865476, _F32)))


UNARY = {
    "neg": lambda x: -x, "abs": tirx.abs, "exp": tirx.exp, "exp2": tirx.exp2, "log": tirx.log, "sqrt": tirx.sqrt,
    "rsqrt": tirx.rsqrt, "erf": tirx.erf, "tanh": tirx.tanh, "sigmoid": tirx.sigmoid,
    "relu": lambda x: tirx.max(x, tirx.const(0, _dtype(x))), "silu": lambda x: x * tirx.sigmoid(x),
    "not": lambda x: tirx.Not(x) if _dtype(x) == "bool" else x == tirx.const(0, _dtype(x)),
}
BINARY = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b, "div": lambda a, b: a / b,
    "maximum": tirx.max, "minimum": tirx.min,
    "floordiv": tirx.floordiv, "mod": tirx.floormod,
    "lt": lambda a, b: a < b, "le": lambda a, b: a <= b, "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b,
    "eq": lambda a, b: a == b, "ne": lambda a, b: a != b,
    "and": tirx.And, "or": tirx.Or,
}
assert set(UNARY) == UNARY_OPS and set(BINARY) == BINARY_OPS, "support.py's op names are this table's"


def literal(value, dtype: DType):
    """A constant as a TIR immediate."""
    if dtype == DType.bool:
        return tirx.const(bool(value), "bool")
    if dtype.is_int:
        return tirx.const(int(value), TVM_DTYPES[dtype])
    value = float(value)
    if math.isinf(value) or math.isnan(value):
        return tirx.const(value, _F32)
    return tirx.const(value, TVM_DTYPES[dtype])


@dataclass
class GemmFunc:
    """The PrimFunc of one GEMM plan and the names the schedule needs."""

    func: object                   # tvm.tirx.PrimFunc
    block: str                     # the contraction's block
    loops: list[str]               # its axes in loop order: output axes, then K
    m: str
    n: str
    k: str
    batch: list[str]
    operand_stages: list[str]      # per operand (A, B): its prologue block, or "" when read as is
    epilogue: str                  # the fused epilogue block, or "" when the accumulator is stored as is
    params: list[str]              # buffer and scalar names in the PrimFunc's order
    dims: dict                     # each symbolic dim's TIR variable, by name
    buffers: dict                  # each buffer parameter's (shape, dtype), by name
    k_inner: tuple[bool, bool]     # per operand (A, B): K is its innermost (contiguous) axis in memory


class Translator:
    """Builds TE stages from IR nodes; ``dims`` and ``tensors`` are shared by every stage of the kernel."""

    def __init__(self, plan: GemmPlan, scalars: list[str]):
        self.plan = plan
        self.dims: dict[str, tirx.Var] = {}
        self.tensors: dict[str, te.Tensor] = {}
        self.scalars = {s: tirx.Var(s, _F32) for s in scalars}

    def shape(self, axes) -> list:
        return [self.size(a) for a in axes]

    def size(self, axis: Axis):
        s = axis.size
        if isinstance(s, (int, sympy.Integer)):
            return int(s)
        if isinstance(s, sympy.Symbol):
            return self.dims.setdefault(s.name, tirx.Var(s.name, "int32"))
        raise LoweringError(f"the CUDA back end takes dims that are a name or a number, not {s}", op="einsum",
                            loc=self.plan.root.loc)

    def placeholder(self, t: Buffer) -> te.Tensor:
        if t.name not in self.tensors:
            self.tensors[t.name] = te.placeholder(self.shape(t.axes), TVM_DTYPES[t.dtype], name=t.name)
        return self.tensors[t.name]

    def value(self, node: Node, env: dict, known: dict):
        """``node`` at the indices ``env`` (axis name -> index expression); ``known``: nodes already tensors."""
        if node in known:
            tensor, axes = known[node]
            return tensor(*(env[a] for a in axes))
        memory = self.plan.memory
        if node in memory:
            t = memory[node]
            return self.placeholder(t)(*(env[a.name] for a in t.axes))
        op = node.op
        if op == "input":
            if node.axes:
                raise AssertionError(f"tensor input {node.name} is not in memory")
            return self.scalars[node.name]
        if op == "const":
            return literal(node.attrs["value"], node.dtype)
        if op == "symbol":
            raise self._unsupported(node, "tf.dim() sizes")
        if op == "index":
            return tirx.Cast("int32", env[node.attrs["axis"]])
        if op == "load":
            raise self._unsupported(node, "gathers (loads at computed indices)")
        args = [self.value(a, env, known) for a in node.args]
        if op in ("einsum", "sum", "max", "softmax", "logsumexp"):
            raise self._unsupported(node, f"a {op} inside a prologue or epilogue")
        out = TVM_DTYPES[node.dtype]
        if op == "cast":
            return tirx.Cast(out, args[0])
        if op == "where":
            return tirx.Select(args[0], _as(args[1], out), _as(args[2], out))
        if op == "gelu":
            return _gelu(_as(args[0], out), node.attrs.get("approximate", "erf"))
        if op in UNARY:
            x = args[0] if op == "not" else _as(args[0], out)
            return UNARY[op](x)
        if op in BINARY:
            a, b = args
            if node.dtype.is_float or op in ("floordiv", "mod"):  # arithmetic in the result's type
                a, b = _as(a, out), _as(b, out)
            elif op not in ("and", "or"):  # comparisons: both sides in the wider type
                wide = _F32 if "float" in _dtype(a) + _dtype(b) else _dtype(a)
                a, b = _as(a, wide), _as(b, wide)
            return BINARY[op](a, b)
        raise self._unsupported(node, f"op {op}")

    def _unsupported(self, node: Node, what: str) -> LoweringError:
        return LoweringError(f"the CUDA back end has no rule for {what} yet", program=self.plan.name, op=node.op,
                             loc=node.loc)


def _dtype(x) -> str:
    """The element type of a TIR expression (this TVM spells it ``ty``)."""
    return str(x.ty)


def _as(x, dtype: str):
    return x if _dtype(x) == dtype else tirx.Cast(dtype, x)


def gemm_func(plan: GemmPlan, scalars: list[str]) -> GemmFunc:
    """The PrimFunc of ``plan``: operand stages (prologues), the contraction into fp32, the fused epilogue."""
    where = dict(program=plan.name, op="einsum", loc=plan.root.loc)
    problem = gemm_problem(plan)
    if problem is not None:
        reason, node = problem
        raise LoweringError(reason, **(where if node is None else dict(program=plan.name, op=node.op, loc=node.loc)))
    if plan.k_walk.mode != "dense":
        raise LoweringError(f"the CUDA back end walks K densely only (this kernel: {plan.k_walk.describe()}); "
                            "compile with SPLIT_K=1", **where)
    tr = Translator(plan, scalars)
    root_axes = [a.name for a in plan.root.axes]
    k_name = plan.k_axis.name
    dot = TVM_DTYPES[plan.dot_dtype]
    stages = []
    known: dict[Node, tuple] = {}
    operand_tensors = []   # per operand: its tensor (placeholder or prologue stage)
    for label, operand in (("a", plan.a), ("b", plan.b)):
        axes = [a.name for a in operand.node.axes]
        if operand.buffer is not None:
            operand_tensors.append(tr.placeholder(operand.buffer))
            stages.append("")
            continue
        # A prologue: computed once per loaded element (the schedule inlines it into the shared-memory copy),
        # in fp32, then cast to the dot's type like the Triton back end does.
        stage_name = f"{label}_prologue"

        def compute(*idx, operand=operand, axes=axes):
            env = dict(zip(axes, idx))
            return _as(tr.value(operand.node, env, {}), dot)

        tensor = te.compute(tr.shape(operand.node.axes), compute, name=stage_name)
        operand_tensors.append(tensor)
        stages.append(stage_name)
    k = te.reduce_axis((0, tr.size(plan.k_axis)), name=k_name)
    letters = (plan.a.letters, plan.b.letters)
    acc = TVM_DTYPES[plan.root.dtype]

    def contraction(*idx):
        env = dict(zip(root_axes, idx))
        env[k_name] = k
        # the einsum's letters may rename the operand's own axes
        terms = [_as(tensor(*(env[letter] for letter in names)), acc)
                 for tensor, names in zip(operand_tensors, letters)]
        return te.sum(terms[0] * terms[1], axis=k)

    (out_node, out_buffer), = plan.outputs
    # the last stage is named after the buffer it stores (it becomes the kernel's parameter of that name)
    block = out_buffer.name if out_node is plan.root else plan.name
    mm = te.compute(tr.shape(plan.root.axes), contraction, name=block)
    known[plan.root] = (mm, root_axes)
    if out_node is plan.root:
        result, epilogue = mm, ""
    else:
        out_axes = [a.name for a in out_node.axes]
        if sorted(out_axes) != sorted(root_axes):
            raise LoweringError("the CUDA back end stores an epilogue over the GEMM's own axes only", **where)
        result = te.compute(tr.shape(out_node.axes),
                            lambda *idx: _as(tr.value(out_node, dict(zip(out_axes, idx)), known),
                                             TVM_DTYPES[out_buffer.dtype]),
                            name=out_buffer.name)
        epilogue = out_buffer.name
    # Parameters: the buffers in program order, the output, the scalars (the launcher maps them by name).
    for t in (*plan.a.reads, *plan.b.reads, *plan.epilogue_reads):
        tr.placeholder(t)
    inputs = sorted((n for n in tr.tensors if n != out_buffer.name),
                    key=lambda n: next(t.rank for t in plan.memory.values() if t.name == n))
    args = [tr.tensors[n] for n in inputs]
    used_scalars = [s for s in scalars if s in tr.scalars]
    func = te.create_prim_func([*args, result, *(tr.scalars[s] for s in used_scalars)])
    func = func.with_attr("global_symbol", plan.name)
    return GemmFunc(func, block, [*root_axes, k_name], plan.m_axis.name, plan.n_axis.name, k_name,
                    [a.name for a in plan.batch_axes], stages, epilogue,
                    [*inputs, out_buffer.name, *used_scalars], dict(tr.dims),
                    {t.op.name: (list(t.shape), t.dtype) for t in [*args, result]},
                    (plan.a.letters[-1] == k_name, plan.b.letters[-1] == k_name))



def with_vector_dims(func, f: GemmFunc, dims: tuple[str, ...]):
    """``func`` (scheduled) taking each of ``dims`` as 8 * ``<dim>_div8``: whole 16-byte vectors along it, so a
    copy's bounds check holds or fails for all 8 elements of a vector at once and TVM emits one predicated cp.async
    per vector. Returns the PrimFunc (with the ``<dim>_div8`` parameters last) and {parameter: dim}.

    Done after scheduling: with 8 * N_div8 as an output extent, the schedule's region checks fail after blockize."""
    new = {d: tirx.Var(f"{d}_div8", "int32") for d in dims}

    def size(s):  # TVM expressions compare by building an expression, so dims are matched by name
        return new[s.name] * VECTOR if isinstance(s, tirx.Var) and s.name in new else s

    buffers = {}
    for param in func.params:
        if param.name in f.buffers:
            shape, dtype = f.buffers[param.name]
            if any(isinstance(s, tirx.Var) and s.name in new for s in shape):
                buffers[param] = tirx.decl_buffer([size(s) for s in shape], dtype, param.name)
    func = func.specialize(buffers)
    func = tirx.PrimFunc([*func.params, *new.values()], func.body, func.ret_type, func.attrs)
    return func, {v.name: d for d, v in new.items()}
