# The strings in tf.Tensor["M", "K"] annotations are dim names, not forward references:
# ruff: noqa: F821
"""Bad programs and bad launches fail with a tilefuse error that names the program, the op and the line.

Every offending DSL line below carries a marker comment ``# <- name``; ``line_of("name")`` finds its real
line number in this file, so the tests assert ``line N`` against the source, not a hard-coded number.
"""

import importlib.util
import re
import sys
import textwrap
from pathlib import Path

import pytest
import torch

import tilefuse.frontend.dsl as tf
from tilefuse.errors import DSLError, TilefuseError

_SOURCE = Path(__file__).read_text().splitlines()


def line_of(marker: str) -> int:
    """The 1-based line of this file that ends in ``# <- marker``."""
    hits = [i + 1 for i, text in enumerate(_SOURCE) if re.search(rf"#\s*<-\s*{re.escape(marker)}\s*$", text)]
    assert len(hits) == 1, f"marker {marker!r} found {len(hits)} times"
    return hits[0]


def check(exc: BaseException, program: str, marker: str, *needles: str, op: str | None = None,
          cls: type = DSLError) -> str:
    """``exc`` is a tilefuse error of class ``cls`` naming ``program``, ``op`` and the marked line."""
    assert isinstance(exc, cls), f"{type(exc).__name__} is not a {cls.__name__}: {exc}"
    msg = str(exc)
    line = line_of(marker)
    assert f"program {program}" in msg, msg
    assert re.search(rf"\bline {line}\b", msg), f"expected 'line {line}' in: {msg}"
    assert exc.loc is not None and exc.loc.line == line and exc.loc.file == __file__
    assert exc.program == program
    if op is not None:
        assert f"op {op}" in msg, msg
        assert exc.op == op
    for needle in needles:
        assert needle in msg, f"{needle!r} not in: {msg}"
    return msg


def trace_error(program, dtype="fp32") -> TilefuseError:
    with pytest.raises(TilefuseError) as info:
        program.trace(dtype)
    return info.value


# ------------------------------------------------------------------------------------------ einsum


@tf.program
def einsum_dim_mismatch(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "J"]):
    return tf.einsum("mk,nk->mn", x, w)  # <- einsum_dim_mismatch


@tf.program
def einsum_wrong_axes(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"]):
    y = x * 2.0
    return tf.einsum("mkq,nk->mn", y, w)  # <- einsum_wrong_axes


@tf.program
def einsum_no_arrow(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"]):
    return tf.einsum("mk,nk", x, w)  # <- einsum_no_arrow


@tf.program
def einsum_two_arrows(x: tf.Tensor["M", "K"]):
    return tf.einsum("mk->mk->m", x)  # <- einsum_two_arrows


@tf.program
def einsum_operand_count(x: tf.Tensor["M", "K"]):
    return tf.einsum("mk,nk->mn", x)  # <- einsum_operand_count


@tf.program
def einsum_not_a_string(x: tf.Tensor["M", "K"]):
    return tf.einsum(["m", "k"], x)  # <- einsum_not_a_string


@tf.program
def einsum_output_axis_missing(x: tf.Tensor["M", "K"]):
    return tf.einsum("mk->mn", x)  # <- einsum_output_axis_missing


@tf.program
def einsum_diagonal(x: tf.Tensor["M", "K"]):
    return tf.einsum("mm->m", x)  # <- einsum_diagonal


@tf.program
def einsum_of_bool(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"]):
    return tf.einsum("mk,nk->mn", x > 0.0, w)  # <- einsum_of_bool


def test_einsum_dim_mismatch_names_both_sizes():
    err = trace_error(einsum_dim_mismatch)
    check(err, "einsum_dim_mismatch", "einsum_dim_mismatch", "K is K in x but J in w", "mk,nk->mn",
          op="einsum")


@pytest.mark.parametrize("program,needles", [
    (einsum_wrong_axes, ["has 2 axes (m, k) but the spec gives it 3", "mkq,nk->mn"]),
    (einsum_no_arrow, ["explicit output", "'mk,nk'"]),
    (einsum_two_arrows, ["exactly one explicit output"]),
    (einsum_operand_count, ["names 2 operands but got 1"]),
    (einsum_not_a_string, ["must be a string"]),
    (einsum_output_axis_missing, ["output axis 'n' is in no operand"]),
    (einsum_diagonal, ["repeats an axis name"]),
    (einsum_of_bool, ["boolean"]),
], ids=lambda v: v.name if isinstance(v, tf.Program) else "")
def test_einsum_errors(program, needles):
    check(trace_error(program), program.name, program.name, *needles, op="einsum")


# ------------------------------------------------------------------------------------ broadcasting


@tf.program
def broadcast_mismatch(x: tf.Tensor["M", "N"], w: tf.Tensor["N", "K"]):
    relabeled = tf.einsum("mn->mn", w)  # axes m (size N) and n (size K)
    return x + relabeled  # <- broadcast_mismatch


@tf.program
def broadcast_index_mismatch(x: tf.Tensor["M", "N"], w: tf.Tensor["K"]):
    return tf.where(tf.index("n", size="K") > 2, x, 0.0)  # <- broadcast_index_mismatch


@tf.program
def input_axis_conflict(x: tf.Tensor["M", "N"],
                        y: tf.Tensor["m"]):  # <- input_axis_conflict
    return x


def test_broadcast_mismatch_names_both_sizes():
    msg = check(trace_error(broadcast_mismatch), "broadcast_mismatch", "broadcast_mismatch", op="add")
    assert "axis m is M in x but N in" in msg and "einsum result" in msg
    msg = check(trace_error(broadcast_index_mismatch), "broadcast_index_mismatch", "broadcast_index_mismatch",
                op="where")
    assert "axis n is" in msg and "N" in msg and "K" in msg


def test_input_axis_conflict_points_at_the_parameter():
    check(trace_error(input_axis_conflict), "input_axis_conflict", "input_axis_conflict",
          "axis 'm' is M in one input but m in y")


# ------------------------------------------------------------------------------ axes, dims, index


@tf.program
def unknown_index_axis(x: tf.Tensor["M", "N"]):
    return x + tf.index("q")  # <- unknown_index_axis


@tf.program
def index_axis_not_a_name(x: tf.Tensor["M", "N"]):
    return x + tf.index(0)  # <- index_axis_not_a_name


@tf.program
def index_bad_size(x: tf.Tensor["M", "N"]):
    return x + tf.index("i", size="2N")  # <- index_bad_size


@tf.program
def index_traced_size(x: tf.Tensor["M", "N"]):
    return x[tf.index("i", size=tf.dim("M") // 2), :]  # <- index_traced_size


@tf.program
def unknown_dim(x: tf.Tensor["M", "N"]):
    return x * tf.dim("Q")  # <- unknown_dim


@tf.program
def dim_not_a_name(x: tf.Tensor["M", "N"]):
    return x * tf.dim(4)  # <- dim_not_a_name


def test_unknown_index_axis():
    check(trace_error(unknown_index_axis), "unknown_index_axis", "unknown_index_axis", "unknown axis 'q'",
          "axes m, n", "size=", op="index")


def test_bad_index_arguments():
    check(trace_error(index_axis_not_a_name), "index_axis_not_a_name", "index_axis_not_a_name", "axis name",
          op="index")
    check(trace_error(index_bad_size), "index_bad_size", "index_bad_size", "'2N'", op="index")
    check(trace_error(index_traced_size), "index_traced_size", "index_traced_size", "traced value",
          op="index")


def test_unknown_dim():
    check(trace_error(unknown_dim), "unknown_dim", "unknown_dim", "unknown dim 'Q'", "M, N", op="dim")
    check(trace_error(dim_not_a_name), "dim_not_a_name", "dim_not_a_name", "dim name", op="dim")


# ---------------------------------------------------------------------------------- reductions


@tf.program
def softmax_missing_axis(x: tf.Tensor["M", "N"]):
    return tf.softmax(x, "k")  # <- softmax_missing_axis


@tf.program
def sum_missing_axis(x: tf.Tensor["M", "N"]):
    return tf.sum_(x, "m", "k")  # <- sum_missing_axis


@tf.program
def max_missing_axis(x: tf.Tensor["M", "N"]):
    return x.max("k")  # <- max_missing_axis


@tf.program
def sum_no_axes(x: tf.Tensor["M", "N"]):
    return tf.sum_(x)  # <- sum_no_axes


@tf.program
def sum_axes_as_list(x: tf.Tensor["M", "N"]):
    return tf.sum_(x, ["m", "n"])  # <- sum_axes_as_list


@tf.program
def softmax_axis_not_a_name(x: tf.Tensor["M", "N"]):
    return tf.softmax(x, 1)  # <- softmax_axis_not_a_name


@pytest.mark.parametrize("program,op,needles", [
    (softmax_missing_axis, "softmax", ["softmax over axis 'k'", "it has m, n"]),
    (sum_missing_axis, "sum", ["sum over axis 'k'", "it has m, n"]),
    (max_missing_axis, "max", ["max over axis 'k'"]),
    (sum_no_axes, "sum", ["needs the axes"]),
    (sum_axes_as_list, "sum", ["separate strings"]),
    (softmax_axis_not_a_name, "softmax", ["one axis name"]),
], ids=lambda v: v.name if isinstance(v, tf.Program) else "")
def test_reduction_axis_errors(program, op, needles):
    check(trace_error(program), program.name, program.name, *needles, op=op)


# ------------------------------------------------------------------------------------- dtypes


@tf.program
def bool_add(x: tf.Tensor["M", "N"]):
    return (x > 0.0) + 1.0  # <- bool_add


@tf.program
def bool_mul(x: tf.Tensor["M", "N"]):
    mask = x > 0.0
    return x * mask  # <- bool_mul


@tf.program
def bool_exp(x: tf.Tensor["M", "N"]):
    return tf.exp(x < 1.0)  # <- bool_exp


@tf.program
def bool_neg(x: tf.Tensor["M", "N"]):
    return -(x < 1.0)  # <- bool_neg


@tf.program
def bool_sum(x: tf.Tensor["M", "N"]):
    return tf.sum_(x < 1.0, "n")  # <- bool_sum


@tf.program
def float_and(x: tf.Tensor["M", "N"]):
    return x & (x > 0.0)  # <- float_and


@tf.program
def float_not(x: tf.Tensor["M", "N"]):
    return ~x  # <- float_not


@tf.program
def float_where_cond(x: tf.Tensor["M", "N"]):
    return tf.where(x, x, 0.0)  # <- float_where_cond


@tf.program
def float_floordiv(x: tf.Tensor["M", "N"]):
    return x // 2  # <- float_floordiv


@tf.program
def float_index(x: tf.Tensor["M", "N"]):
    return x[tf.index("m"), x]  # <- float_index


@pytest.mark.parametrize("program,op,needles", [
    (bool_add, "add", ["add of a boolean tensor", "tf.where"]),
    (bool_mul, "mul", ["mul of a boolean tensor"]),
    (bool_exp, "exp", ["exp of a boolean tensor"]),
    (bool_neg, "neg", ["neg of a boolean tensor"]),
    (bool_sum, "sum", ["sum of a boolean tensor"]),
    (float_and, "and", ["two boolean tensors", "fp32"]),
    (float_not, "not", ["boolean", "fp32"]),
    (float_where_cond, "where", ["condition must be boolean"]),
    (float_floordiv, "floordiv", ["integer operands", "fp32"]),
    (float_index, "load", ["indices must be integers"]),
], ids=lambda v: v.name if isinstance(v, tf.Program) else "")
def test_dtype_errors(program, op, needles):
    check(trace_error(program), program.name, program.name, *needles, op=op)


@tf.program
def gelu_bad_form(x: tf.Tensor["M", "N"]):
    return tf.gelu(x, approximate="sigmoid")  # <- gelu_bad_form


@tf.program
def cast_bad_dtype(x: tf.Tensor["M", "N"]):
    return tf.cast(x, "fp8")  # <- cast_bad_dtype


@tf.program
def cast_torch_fp64(x: tf.Tensor["M", "N"]):
    return tf.cast(x, torch.float64)  # <- cast_torch_fp64


@tf.program
def to_bad_dtype(x: tf.Tensor["M", "N"]):
    return x.to("float8")  # <- to_bad_dtype


def test_unsupported_gelu_form():
    check(trace_error(gelu_bad_form), "gelu_bad_form", "gelu_bad_form", "'sigmoid'", "erf", "tanh", op="gelu")


@pytest.mark.parametrize("program,needle", [
    (cast_bad_dtype, "'fp8'"), (cast_torch_fp64, "float64"), (to_bad_dtype, "'float8'"),
], ids=lambda v: v.name if isinstance(v, tf.Program) else "")
def test_bad_cast_dtype(program, needle):
    check(trace_error(program), program.name, program.name, "unknown dtype", needle, "fp16", op="cast")


# ---------------------------------------------------------------------------- Python constructs


@tf.program
def if_on_value(x: tf.Tensor["M", "N"]):
    if x > 0.0:  # <- if_on_value
        return x
    return -x


@tf.program
def and_keyword(x: tf.Tensor["M", "N"]):
    return tf.where((x > 0.0) and (x < 1.0), x, 0.0)  # <- and_keyword


@tf.program
def iterate_value(x: tf.Tensor["M", "N"]):
    rows = [r for r in x]  # <- iterate_value
    return rows[0]


@tf.program
def non_value_operand(x: tf.Tensor["M", "N"]):
    return x + "1"  # <- non_value_operand


@tf.program
def torch_operand(x: tf.Tensor["M", "N"]):
    return x * torch.ones(3)  # <- torch_operand


@tf.program
def slice_index(x: tf.Tensor["M", "N"]):
    return x[1:, :]  # <- slice_index


@tf.program
def wrong_index_count(x: tf.Tensor["M", "N"]):
    return x[tf.index("m")]  # <- wrong_index_count


@tf.program
def matmul_vector(x: tf.Tensor["K"], w: tf.Tensor["K", "N"]):
    return tf.matmul(x, w)  # <- matmul_vector


@tf.program
def matmul_number(x: tf.Tensor["M", "K"]):
    return tf.matmul(x, 2.0)  # <- matmul_number


@tf.program
def returns_a_number(x: tf.Tensor["M", "N"]):  # <- returns_a_number
    return 1.0


def test_truth_value_of_a_traced_value():
    check(trace_error(if_on_value), "if_on_value", "if_on_value", "no Python truth value", "tf.where",
          op="bool")
    check(trace_error(and_keyword), "and_keyword", "and_keyword", "no Python truth value", op="bool")


@pytest.mark.parametrize("program,op,needles", [
    (iterate_value, "iter", ["cannot be iterated"]),
    (non_value_operand, "add", ["got a str"]),
    (torch_operand, "mul", ["got a Tensor"]),
    (slice_index, "load", ["only ':' slices"]),
    (wrong_index_count, "load", ["has 2 axes but is indexed with 1"]),
    (matmul_vector, "matmul", ["at least 2 axes"]),
    (matmul_number, "matmul", ["got a float"]),
    (returns_a_number, "return", ["returns tilefuse values, not float"]),
], ids=lambda v: v.name if isinstance(v, tf.Program) else "")
def test_python_construct_errors(program, op, needles):
    check(trace_error(program), program.name, program.name, *needles, op=op)


def test_op_outside_a_program():
    with pytest.raises(DSLError, match="inside a @tf.program"):
        tf.exp(1.0)
    with pytest.raises(DSLError, match="inside a @tf.program"):
        tf.index("m")


# -------------------------------------------------------------------------------- annotations


def test_missing_annotation():
    with pytest.raises(DSLError) as info:
        @tf.program
        def missing_annotation(x: tf.Tensor["M", "N"],
                               scale):  # <- missing_annotation
            return x * scale
    check(info.value, "missing_annotation", "missing_annotation", "parameter 'scale'", "no annotation")


def test_bad_annotation_type():
    with pytest.raises(DSLError) as info:
        @tf.program
        def int_annotation(x: tf.Tensor["M", "N"], n: int):  # <- int_annotation
            return x
    check(info.value, "int_annotation", "int_annotation", "parameter 'n'", "tf.Tensor", "tf.Scalar")


def test_bad_tensor_annotations():
    with pytest.raises(DSLError, match="repeats an axis name"):
        tf.Tensor["M", "m"]
    with pytest.raises(DSLError, match="not 3"):
        tf.Tensor["M", 3]


def _import_user_module(tmp_path, name: str, src: str):
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(src))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.pop(name, None)
    spec.loader.exec_module(module)
    return module, str(path)


def test_bad_tensor_annotation_without_future_import(tmp_path):
    # Without string annotations the annotation is evaluated while `def` runs, before any program exists,
    # so the error cannot name a program; it is still a DSLError.
    module, path = _import_user_module(tmp_path, "user_module_plain", '''\
        import tilefuse.frontend.dsl as tf

        @tf.program
        def ok(x: tf.Tensor["M", "N"], s: tf.Scalar):
            return tf.sum_(x, "q") * s

        def make_bad():
            @tf.program
            def bad(x: tf.Tensor["M", 3]):
                return x
    ''')
    with pytest.raises(DSLError, match="not 3"):
        module.make_bad()
    err = trace_error(module.ok)
    assert isinstance(err, DSLError) and err.loc.line == 5 and err.loc.file == path
    assert "program ok" in str(err) and "op sum" in str(err) and "line 5" in str(err)
    assert 'tf.sum_(x, "q")' in str(err)


FUTURE_MODULE = """\
from __future__ import annotations

import tilefuse.frontend.dsl as tf

@tf.program
def scaled(x: tf.Tensor["M", "N"], s: tf.Scalar, t: float):
    return x * s + t

def numeric_dim():
    @tf.program
    def numeric_dim(x: tf.Tensor["M", 3]):
        return x

def undefined_name():
    @tf.program
    def undefined_name(x: tf.Tensor["M"],
                       y: NotDefinedAnywhere):
        return x

def axis_conflict():
    @tf.program
    def axis_conflict(x: tf.Tensor["M"],
                      y: tf.Tensor["m"]):
        return x
    return axis_conflict.trace()
"""


def _src_line(src: str, needle: str) -> int:
    hits = [i + 1 for i, text in enumerate(src.splitlines()) if needle in text]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def test_programs_under_future_annotations(tmp_path):
    # `from __future__ import annotations` makes every annotation a string; the program evaluates them when
    # it is made, so good programs work and bad annotations name the program and the line.
    module, path = _import_user_module(tmp_path, "user_module_future", FUTURE_MODULE)
    x = torch.randn(3, 4)
    torch.testing.assert_close(module.scaled(x, 2.0, 1.0), x * 2.0 + 1.0)
    cases = [
        ("numeric_dim", "def numeric_dim(x", "not 3"),
        ("undefined_name", "def undefined_name(x", "NotDefinedAnywhere"),
        ("axis_conflict", "y: tf.Tensor[\"m\"]", "axis 'm' is M in one input but m in y"),
    ]
    for name, where, needle in cases:
        with pytest.raises(DSLError) as info:
            getattr(module, name)()
        err, line = info.value, _src_line(FUTURE_MODULE, where)
        msg = str(err)
        assert f"program {name}" in msg and needle in msg and f"line {line}:" in msg, msg
        assert err.loc.file == path and err.loc.line == line, msg


# ------------------------------------------------------------------------------- launch time


@tf.program
def gemm(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"]):
    return tf.einsum("mk,nk->mn", x, w)


@tf.program
def gemm_scaled(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], s: tf.Scalar):
    return tf.einsum("mk,nk->mn", x, w) * s


@tf.program
def unbound_index(x: tf.Tensor["N"]):
    return x[2 * tf.index("i", size="I")]  # <- unbound_index


@tf.program
def out_of_bounds(x: tf.Tensor["N"]):
    return x[tf.index("n") + 1]  # <- out_of_bounds


def _launch_error(program, *tensors) -> TilefuseError:
    with pytest.raises(TilefuseError) as info:
        program(*tensors)
    return info.value


def test_launch_wrong_number_of_dims():
    msg = str(_launch_error(gemm, torch.randn(3), torch.randn(5, 4)))
    assert "program gemm" in msg and "input x has 1 dims but is declared with 2 (M, K)" in msg


def test_launch_dim_disagrees_between_inputs():
    msg = str(_launch_error(gemm, torch.randn(3, 4), torch.randn(5, 6)))
    assert "program gemm" in msg and "dim K is 4 in x but 6 in w" in msg


def test_launch_wrong_input_count_and_types():
    assert "takes 2 inputs, got 1" in str(_launch_error(gemm, torch.randn(3, 4)))
    assert "takes 3 inputs, got 2" in str(_launch_error(gemm_scaled, torch.randn(3, 4), torch.randn(5, 4)))
    msg = str(_launch_error(gemm, torch.randn(3, 4), [[1.0] * 4] * 5))
    assert "input w must be a torch.Tensor, got list" in msg


def test_launch_unsupported_input_dtype():
    x, w = torch.randn(3, 4, dtype=torch.float64), torch.randn(5, 4, dtype=torch.float64)
    msg = str(_launch_error(gemm, x, w))
    assert "program gemm" in msg and "float64" in msg and "compute_dtype" in msg


def test_launch_unbound_dim():
    err = _launch_error(unbound_index, torch.randn(10))
    check(err, "unbound_index", "unbound_index", "dim I", "do not bind it", op="index",
          cls=TilefuseError)


def test_launch_out_of_bounds_load():
    err = _launch_error(out_of_bounds, torch.randn(10))
    check(err, "out_of_bounds", "out_of_bounds", "index 0 reaches 10", "size 10", op="load",
          cls=TilefuseError)


def test_errors_are_tilefuse_errors():
    assert issubclass(DSLError, TilefuseError)
    assert issubclass(TilefuseError, Exception)
