"""tilefuse: write GEMM and attention variants in a few lines of Python; get fused, tiled Triton kernels."""

from . import api  # noqa: E402,F401 - installs the compiler behind Program.compile
from .errors import ConfigError, DSLError, LoweringError, TilefuseError, VerifyError  # noqa: E402
from .frontend.dsl import (  # noqa: E402
    Program,
    Scalar,
    Tensor,
    abs_,
    cast,
    const,
    dim,
    einsum,
    erf,
    exp,
    exp2,
    gelu,
    index,
    inf,
    log,
    logsumexp,
    matmul,
    max_,
    maximum,
    minimum,
    neg,
    program,
    relu,
    rsqrt,
    sigmoid,
    silu,
    softmax,
    sqrt,
    sum_,
    tanh,
    where,
)
from .ir.dtypes import bf16, fp16, fp32, int8, int32  # noqa: E402
from .module import CompiledModule, compile_module  # noqa: E402
from .module_save import load  # noqa: E402
from .module_tune import tune_module  # noqa: E402
from .version import __version__

compile = compile_module  # noqa: A001 - tilefuse.compile(model, example_inputs=...), the main entrance
tune = tune_module  # tilefuse.tune(cm, budget=...): every distinct workload of a compiled module

sum = sum_  # noqa: A001 - tf.sum(x, "k") reads like the math
max = max_  # noqa: A001
abs = abs_  # noqa: A001

__all__ = [
    "CompiledModule", "ConfigError", "DSLError", "LoweringError", "Program", "Scalar", "Tensor", "TilefuseError",
    "VerifyError", "abs", "bf16", "cast", "compile", "compile_module", "load", "tune", "tune_module", "const",
    "dim", "einsum", "erf", "exp", "exp2", "fp16", "fp32", "gelu", "index", "inf", "int8", "int32", "log",
    "matmul", "max", "maximum", "minimum", "neg", "program", "relu", "rsqrt", "sigmoid", "silu", "logsumexp",
    "softmax", "sqrt", "sum", "tanh", "where", "__version__",
]
