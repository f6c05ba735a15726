# The strings in tf.Tensor["M", "K"] annotations are dim names, not forward references:
# ruff: noqa: F821
"""The IR: printer text, node naming, the verifier on hand-broken graphs, rebuild and broadcast ordering."""

import re

import pytest
import sympy

import tilefuse.frontend.dsl as tf
from tilefuse.errors import SourceLoc, VerifyError
from tilefuse.ir.dims import Axis, as_size, axis_for_dim, dim, size_value
from tilefuse.ir.dtypes import DType, as_dtype
from tilefuse.ir.graph import Graph, Node
from tilefuse.ir.ops import ALL_OPS, broadcast_axes, infer, parse_einsum, promote
from tilefuse.ir.printer import format_node, format_type
from tilefuse.ir.verifier import verify


@tf.program
def everything(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], b: tf.Tensor["N"], r: tf.Tensor["M", "N"],
               s: tf.Scalar):
    y = tf.einsum("mk,nk->mn", x, w) + b
    y = (y - r) * s / 2.0
    y = tf.maximum(tf.minimum(-y, 3.0), abs(y))
    y = tf.exp(y) + tf.exp2(y) + tf.log(abs(y) + 1.0) + tf.tanh(y) + tf.erf(y)
    y = tf.sqrt(abs(y)) + tf.rsqrt(abs(y) + 1.0) + tf.relu(y) + tf.gelu(y) + tf.gelu(y, approximate="tanh")
    y = tf.silu(y) + tf.sigmoid(y)
    keep = (y < 1.0) & (y <= 2.0) | ~((y > 3.0) & (y >= 4.0)) | (y == 5.0) & (y != 6.0)
    y = tf.where(keep, y, 0.0)
    i = tf.index("m") // 2 + tf.index("n") % 3
    y = y + tf.cast(i, "fp32")
    y = y + r[tf.index("m"), :] * tf.dim("N")
    p = tf.softmax(y, "n")
    return tf.sum_(p, "n") + tf.max_(p, "n") + tf.logsumexp(y, "n")


def test_printer_names_every_op_and_types():
    graph = everything.trace("fp32")
    text = str(graph)
    assert text.startswith("program everything(x: fp32[m=M, k=K], w: fp32[n=N, k=K], b: fp32[n=N], "
                           "r: fp32[m=M, n=N], s: fp32[]) {")
    assert text.rstrip().endswith("}")
    ops_in_text = set(re.findall(r"= (\w+)", text))
    expected = ALL_OPS - {"input"}
    assert expected <= ops_in_text, f"not printed: {sorted(expected - ops_in_text)}"
    assert "fp32[m=M, n=N]" in text
    assert "int32[m=M]" in text and "int32[n=N]" in text and "bool[m=M, n=N]" in text
    assert "fp32[m=M]" in text  # the reductions
    assert 'einsum[spec="mk,nk->mn"](%x, %w)' in text
    assert 'gelu[approximate="tanh"]' in text and 'softmax[axis="n"]' in text
    assert "sum[axes=(n)]" in text and "cast[dtype=fp32]" in text
    assert re.search(r"return %t\d+$", text.splitlines()[-2].strip())


def test_printer_source_locations():
    graph = everything.trace("fp32")
    einsum = next(n for n in graph.nodes if n.op == "einsum")
    line = einsum.loc.line
    assert "tf.einsum" in einsum.loc.text
    assert format_node(einsum).endswith(f"# test_ir.py:{line}")
    assert f"# test_ir.py:{line}" in str(graph)
    assert format_type(einsum) == "fp32[m=M, n=N]"


def test_printer_fp16_output_cast():
    graph = everything.trace("fp16")
    text = str(graph)
    assert "x: fp16[m=M, k=K]" in text and "s: fp32[]" in text
    assert graph.outputs[0].op == "cast" and graph.outputs[0].dtype == DType.fp16
    assert "cast[dtype=fp16]" in text


def test_node_names_unique_and_sequential():
    graph = everything.trace("fp32")
    assert [n.name for n in graph.inputs] == ["x", "w", "b", "r", "s"]
    inner = [n.name for n in graph.nodes if n.op != "input"]
    assert inner == [f"t{i}" for i in range(len(inner))]
    names = [n.name for n in graph.nodes]
    assert len(set(names)) == len(names)
    # the printer lists exactly those names, in order
    printed = re.findall(r"^\s+%(t\d+):", str(graph), flags=re.M)
    assert printed == inner


def test_trace_is_fresh_each_time():
    a, b = everything.trace("fp32"), everything.trace("fp32")
    assert str(a) == str(b)
    assert not set(a.nodes) & set(b.nodes)


def test_inputs_sorted_by_position_and_users():
    graph = everything.trace("fp32")
    assert [n.attrs["position"] for n in graph.inputs] == list(range(5))
    users = graph.users()
    x = graph.inputs[0]
    assert [u.op for u in users[x]] == ["einsum"]
    assert users[graph.outputs[0]] == []


# --------------------------------------------------------------------------------------- verifier


@tf.program
def small(x: tf.Tensor["M", "N"], b: tf.Tensor["N"]):
    y = x + b
    z = tf.exp(y)
    return tf.sum_(z, "n")


def _node(graph, op):
    return next(n for n in graph.nodes if n.op == op)


def test_traced_graph_verifies():
    verify(small.trace("fp32"))
    verify(everything.trace("fp16"))


def test_verify_catches_wrong_dtype():
    graph = small.trace("fp32")
    add = _node(graph, "add")
    add.dtype = DType.int8
    with pytest.raises(VerifyError) as info:
        verify(graph)
    msg = str(info.value)
    assert f"%{add.name} = add" in msg and "program small" in msg
    assert "result dtype int8 but its args give fp32" in msg
    assert f"line {add.loc.line}" in msg


def test_verify_catches_downstream_dtype_mismatch():
    graph = small.trace("fp32")
    x = graph.inputs[0]
    x.dtype = DType.bool  # an input of the wrong type makes its user ill-typed
    with pytest.raises(VerifyError, match=r"add of a boolean tensor.*op %t0 = add"):
        verify(graph)


def test_verify_catches_non_dtype():
    graph = small.trace("fp32")
    _node(graph, "exp").dtype = "fp32"
    with pytest.raises(VerifyError, match="is not a tilefuse dtype"):
        verify(graph)


def test_verify_catches_use_before_definition():
    graph = small.trace("fp32")
    add, exp = _node(graph, "add"), _node(graph, "exp")
    i, j = graph.nodes.index(add), graph.nodes.index(exp)
    graph.nodes[i], graph.nodes[j] = exp, add
    with pytest.raises(VerifyError) as info:
        verify(graph)
    msg = str(info.value)
    assert f"%{exp.name} = exp" in msg and f"reads %{add.name}, which is not defined before it" in msg


def test_verify_catches_arg_outside_graph():
    graph = small.trace("fp32")
    exp = _node(graph, "exp")
    stranger = Node("index", (), {"axis": "n"}, (Axis("n", dim("N")),), DType.int32, "stray")
    exp.args = (stranger,)
    with pytest.raises(VerifyError, match="reads %stray"):
        verify(graph)


def test_verify_catches_unknown_op():
    graph = small.trace("fp32")
    exp = _node(graph, "exp")
    exp.op = "frobnicate"
    with pytest.raises(VerifyError) as info:
        verify(graph)
    msg = str(info.value)
    assert "unknown op 'frobnicate'" in msg and f"%{exp.name} = frobnicate" in msg and "program small" in msg


def test_verify_catches_duplicate_names():
    graph = small.trace("fp32")
    _node(graph, "exp").name = _node(graph, "add").name
    with pytest.raises(VerifyError, match="two nodes are named"):
        verify(graph)


def test_verify_catches_wrong_axes():
    graph = small.trace("fp32")
    s = _node(graph, "sum")
    s.axes = (Axis("n", dim("N")),)
    with pytest.raises(VerifyError, match=r"result axes \['n'\] but its args give \['m'\]"):
        verify(graph)


def test_verify_catches_repeated_axis():
    graph = small.trace("fp32")
    e = _node(graph, "exp")
    e.axes = (Axis("m", dim("M")), Axis("m", dim("M")))
    with pytest.raises(VerifyError, match="repeated axis name"):
        verify(graph)


def test_verify_catches_wrong_arity_and_bad_attrs():
    graph = small.trace("fp32")
    e = _node(graph, "exp")
    e.args = e.args + e.args
    with pytest.raises(VerifyError, match=r"exp takes 1 operand, got 2 .*op %t1 = exp"):
        verify(graph)
    graph = small.trace("fp32")
    _node(graph, "add").args = (graph.inputs[0],)
    with pytest.raises(VerifyError, match=r"add takes 2 operands, got 1"):
        verify(graph)
    graph = small.trace("fp32")
    del _node(graph, "sum").attrs["axes"]
    with pytest.raises(VerifyError, match=r"sum needs the attribute 'axes'"):
        verify(graph)
    graph = small.trace("fp32")
    _node(graph, "sum").attrs["axes"] = ("q",)
    with pytest.raises(VerifyError, match="sum over axis 'q'"):
        verify(graph)


def test_verify_catches_bad_leaves():
    graph = small.trace("fp32")
    bad_const = Node("const", (), {"value": "three"}, (), DType.fp32, "c")
    graph.nodes.insert(2, bad_const)
    with pytest.raises(VerifyError, match="a const is a scalar"):
        verify(graph)
    graph = small.trace("fp32")
    bad_index = Node("index", (), {"axis": "m"}, (Axis("n", dim("N")),), DType.int32, "i")
    graph.nodes.insert(2, bad_index)
    with pytest.raises(VerifyError, match="an index is an int32 tensor"):
        verify(graph)
    graph = small.trace("fp32")
    bad_input = Node("input", (graph.nodes[0],), {"position": 9}, (), DType.fp32, "z")
    graph.nodes.append(bad_input)
    with pytest.raises(VerifyError, match="an input takes no args"):
        verify(graph)


def test_verify_catches_output_not_in_graph():
    graph = small.trace("fp32")
    stranger = Node("const", (), {"value": 1.0}, (), DType.fp32, "ghost")
    graph.outputs = [stranger]
    with pytest.raises(VerifyError, match="output %ghost is not a node"):
        verify(graph)


# ----------------------------------------------------------------------------------------- rebuild


@tf.program
def with_dead_code(x: tf.Tensor["M", "N"], unused: tf.Tensor["K"]):
    dead = tf.exp(x) * 3.0
    also_dead = tf.sum_(dead, "m")  # noqa: F841
    return tf.relu(x)


def test_trace_drops_dead_nodes_keeps_inputs():
    graph = with_dead_code.trace("fp32")
    ops = [n.op for n in graph.nodes]
    assert "exp" not in ops and "sum" not in ops and "mul" not in ops
    assert [n.name for n in graph.inputs] == ["x", "unused"]
    assert [(n.name, n.op) for n in graph.nodes if n.op != "input"] == [("t0", "relu")]
    verify(graph)


def test_rebuild_keeps_order_and_drops_unreached():
    graph = small.trace("fp32")
    add, exp, total = _node(graph, "add"), _node(graph, "exp"), _node(graph, "sum")
    smaller = graph.rebuild(graph.nodes, [add])
    assert smaller is not graph and smaller.name == graph.name and smaller.source_file == graph.source_file
    assert smaller.nodes == [n for n in graph.nodes if n.op == "input"] + [add]
    assert exp not in smaller.nodes and total not in smaller.nodes
    assert graph.nodes.count(exp) == 1  # the original is untouched
    verify(smaller)
    # a node list that is longer than the graph's: rebuild follows the outputs, not the list
    extra = Node("neg", (add,), {}, add.axes, DType.fp32, "extra")
    rebuilt = graph.rebuild(graph.nodes + [extra], [total, extra])
    assert rebuilt.nodes[-1] is extra and rebuilt.outputs == [total, extra]
    verify(rebuilt)


def test_rename_is_sequential_after_rebuild():
    graph = small.trace("fp32")
    add = _node(graph, "add")
    rebuilt = graph.rebuild(graph.nodes, [add]).rename()
    assert [n.name for n in rebuilt.nodes if n.op != "input"] == ["t0"]


# ------------------------------------------------------------------------------ broadcast_axes rule


M, N, K, B = (Axis(c, dim(c.upper())) for c in "mnkb")


def test_broadcast_most_axes_leads():
    assert broadcast_axes([(N,), (M, N)]) == (M, N)
    assert broadcast_axes([(K,), (N, M), (M,)]) == (N, M, K)
    assert broadcast_axes([(B,), (M, N, K), (N, B)]) == (M, N, K, B)


def test_broadcast_tie_first_wins_and_others_append_in_order():
    assert broadcast_axes([(M, N), (N, M)]) == (M, N)
    assert broadcast_axes([(N, M), (M, N)]) == (N, M)
    assert broadcast_axes([(M, N), (K, B)]) == (M, N, K, B)
    assert broadcast_axes([(), (M,)]) == (M,)
    assert broadcast_axes([]) == ()


def test_broadcast_size_conflict_names_operands():
    with pytest.raises(ValueError, match="axis n is N in x but K in w"):
        broadcast_axes([(M, N), (Axis("n", dim("K")),)], ["x", "w"])
    # equal sizes written differently are the same size
    two_n = Axis("n", 2 * dim("N") - dim("N"))
    assert broadcast_axes([(M, N), (two_n,)]) == (M, N)


@tf.program
def order_probe(x: tf.Tensor["M", "N"], v: tf.Tensor["N"], y: tf.Tensor["N", "M"]):
    return v + x, x + y, y + x, tf.where(tf.index("n") < 2, v, x)


def test_broadcast_order_through_the_dsl():
    outs = order_probe.trace("fp32").outputs
    assert [o.axis_names for o in outs] == [("m", "n"), ("m", "n"), ("n", "m"), ("m", "n")]


# --------------------------------------------------------------------------------------- typing


def test_infer_and_promote():
    class V:
        def __init__(self, axes, dtype):
            self.axes, self.dtype = axes, dtype

    assert promote([DType.fp16, DType.int32]) == DType.fp32
    assert promote([DType.int8, DType.int32]) == DType.int32
    assert infer("div", [V((M,), DType.int32), V((), DType.int32)], {}) == ((M,), DType.fp32)
    assert infer("lt", [V((M,), DType.fp16), V((N,), DType.fp16)], {}) == ((M, N), DType.bool)
    assert infer("einsum", [V((M, K), DType.int8), V((N, K), DType.int8)], {"spec": "mk,nk->mn"}) == \
        ((M, N), DType.int32)
    assert infer("load", [V((M, N), DType.bf16), V((N,), DType.int32), V((M,), DType.int32)], {}) == \
        ((N, M), DType.bf16)
    with pytest.raises(ValueError, match="unknown op"):
        infer("nope", [], {})
    with pytest.raises(ValueError, match="leaf"):
        infer("const", [], {})


def test_parse_einsum_forms():
    assert parse_einsum("mk,nk->mn", 2) == ([["m", "k"], ["n", "k"]], ["m", "n"])
    assert parse_einsum("b h m d, b h n d -> b h m n", 2) == (
        [["b", "h", "m", "d"], ["b", "h", "n", "d"]], ["b", "h", "m", "n"])
    assert parse_einsum("mk->", 1) == ([["m", "k"]], [])


def test_dims_and_dtypes():
    assert as_size("M") == dim("M") and dim("M").is_integer and dim("M").is_positive
    assert as_size(4) == sympy.Integer(4)
    assert axis_for_dim("Seq") == Axis("seq", dim("Seq"))
    assert size_value(dim("M") * 2 + 1, {"M": 5}) == 11
    with pytest.raises(KeyError, match="not bound"):
        size_value(dim("M") + dim("Q"), {"M": 1})
    assert as_dtype("half") == DType.fp16 and as_dtype("torch.bfloat16") == DType.bf16
    assert str(DType.fp32) == "fp32" and DType.fp16.itemsize == 2 and DType.bool.triton == "tl.int1"
    with pytest.raises(ValueError, match="unknown dtype"):
        as_dtype("fp64")
    assert str(SourceLoc("/a/b.py", 3)) == "/a/b.py:3"


def test_graph_printing_of_hand_built_graph():
    x = Node("input", (), {"position": 0}, (M, N), DType.fp16, "x")
    c = Node("const", (), {"value": 2.0}, (), DType.fp32, "")
    y = Node("mul", (x, c), {}, (M, N), DType.fp32, "")
    graph = Graph("hand", [x, c, y], [y]).rename()
    verify(graph)
    assert str(graph) == "\n".join([
        "program hand(x: fp16[m=M, n=N]) {",
        "  %t0: fp32[] = const[value=2.0]",
        "  %t1: fp32[m=M, n=N] = mul(%x, %t0)",
        "  return %t1",
        "}",
    ])
