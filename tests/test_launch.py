"""The lean launch path of a release build: arguments checked once per call signature, launches through the
compiled kernel's own launcher, workspaces kept per stream, transposed and strided views on TMA schedules, and
every kernel family captured in a CUDA graph and replayed against eager calls."""

from __future__ import annotations

import pytest
import torch
from conftest import DEVICE, HAS_CUDA, TOLERANCE, rel_error
from test_attention import DECODE, EXAMPLES
from test_attention import DIMS as ATTENTION_DIMS
from test_attention import make_inputs as attention_inputs
from test_gemm import DIMS, SMALL, SPLIT, linear_gelu, make_inputs

from tilefuse.backends.triton import prelude
from tilefuse.frontend.loading import load_programs
from tilefuse.frontend.reference import evaluate

gpu = pytest.mark.skipif(not HAS_CUDA, reason="needs a CUDA device (direct launches and graphs)")


def example(stem: str):
    (program,) = load_programs(str(next(p for p in EXAMPLES if p.stem == stem)))
    return program


def test_arguments_are_checked_once_per_call_signature():
    kernel = linear_gelu.compile("fp32", config=SMALL)
    graph, (x, w, b) = make_inputs(linear_gelu, "fp32", DIMS)
    seen = kernel.module._SEEN_linear_gelu
    ref = evaluate(graph, [x.cpu(), w.cpu(), b.cpu()], torch.float64)[0]
    first, second = kernel(x, w, b), kernel(x, w, b)
    assert len(seen) == 1 and torch.equal(first, second) and rel_error(second, ref) < TOLERANCE["fp32"]
    kernel(x[:20], w, b)  # another M: another signature, checked once
    assert len(seen) == 2
    # what is wrong is still found after a signature was cached: the signature holds dtypes, shapes and strides
    with pytest.raises(kernel.module.LaunchError, match="x must be torch.float32"):
        kernel(x.double(), w, b)
    with pytest.raises(kernel.module.LaunchError, match="dim K is 44 in x but 45 in w"):
        kernel(x[:, :44], w, b)
    with pytest.raises(kernel.module.LaunchError, match="w must be a torch.Tensor"):
        kernel(x, None, b)
    assert len(seen) == 2  # failed checks are not remembered
    for _ in range(2):  # ``out`` is checked on every call, its signature cached or not
        with pytest.raises(kernel.module.LaunchError, match="out must be"):
            kernel(x, w, b, out=torch.empty(3, 3, device=DEVICE))


def test_a_debug_build_checks_every_call_and_launches_through_the_jit():
    kernel = linear_gelu.compile("fp32", config=SMALL, debug=True)
    assert not hasattr(kernel.module, "_SEEN_linear_gelu") and "_Launch(" not in kernel.source.split("def _aligned")[0]
    assert "linear_gelu_kernel[_grid](" in kernel.source
    release = linear_gelu.compile("fp32", config=SMALL)
    assert "linear_gelu_kernel[_grid](" not in release.source and "_L_linear_gelu_kernel(_slot" in release.source


@pytest.mark.parametrize("view", ["transposed", "strided"])
def test_tma_operands_take_transposed_and_strided_views(view):
    """``w.t().contiguous().t()`` and ``x[:, ::2]`` reach a TMA schedule: copied once, never Triton's assertion;
    a debug build says so."""
    kernel = linear_gelu.compile("fp16", config=dict(SMALL, USE_TMA=True))
    assert "w_desc = _descriptor('linear_gelu.w', w" in kernel.source
    graph, (x, w, b) = make_inputs(linear_gelu, "fp16", DIMS)
    if view == "transposed":
        w = w.t().contiguous().t()
        assert w.stride(-1) != 1
    else:
        x = torch.stack([x, torch.randn_like(x)], -1).flatten(-2)[:, ::2]
        assert x.stride(-1) == 2
    ref = evaluate(graph, [x.cpu(), w.cpu(), b.cpu()], torch.float64)[0]
    assert rel_error(kernel(x, w, b), ref) < TOLERANCE["fp16"]
    debug = linear_gelu.compile("fp16", config=dict(SMALL, USE_TMA=True), debug=True)
    name = "w" if view == "transposed" else "x"
    with pytest.warns(UserWarning, match=f"linear_gelu: {name} has strides .* copied once per call"):
        out = debug(x, w, b)
    assert rel_error(out, ref) < TOLERANCE["fp16"]


def test_aligned_copies_only_what_the_loads_cannot_take():
    t = torch.randn(6, 64)
    assert prelude._aligned(t) is t and prelude._aligned(t, True) is t  # rows of 64 elements: aligned
    view = t.t()
    assert prelude._aligned(view) is view  # pointer loads take any strides
    copied = prelude._aligned(view, True)
    assert copied.stride(-1) == 1 and copied.stride(0) % 16 == 0 and torch.equal(copied, view)
    ragged = torch.randn(5, 21)
    assert prelude._aligned(ragged).stride(0) == 64 and torch.equal(prelude._aligned(ragged), ragged)


def test_workspaces_are_fresh_off_the_gpu():
    cpu = torch.device("cpu")
    a, b = prelude._WORKSPACES.get("w", (4, 3), cpu), prelude._WORKSPACES.get("w", (4, 3), cpu, zero=True)
    assert a.data_ptr() != b.data_ptr() and a.dtype == torch.float32 and torch.equal(b, torch.zeros(4, 3))


@gpu
def test_workspaces_are_kept_per_stream_and_never_inside_a_capture():
    dev = torch.device(DEVICE, torch.cuda.current_device())  # what a tensor's .device says
    ws = prelude._Workspaces()
    a = ws.get("w", (8,), dev)
    a.fill_(3.0)
    again = ws.get("w", (8,), dev, zero=True)
    assert again.data_ptr() == a.data_ptr() and torch.equal(again, torch.zeros(8, device=dev))
    side = torch.cuda.Stream()
    with torch.cuda.stream(side):
        assert ws.get("w", (8,), dev).data_ptr() != a.data_ptr()
    many = ws.get_many("m", ((4,), (4, 2)), dev)
    assert ws.get_many("m", ((4,), (4, 2)), dev) is many and [t.shape for t in many] == [(4,), (4, 2)]
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        captured = ws.get("w", (8,), dev)
        captured_many = ws.get_many("m", ((4,), (4, 2)), dev)
    assert captured.data_ptr() != a.data_ptr() and captured_many[0].data_ptr() != many[0].data_ptr()
    assert len(ws.buffers) == 3


@gpu
def test_direct_launches_keep_one_compiled_kernel_per_specialization():
    kernel = linear_gelu.compile("fp16", config=SMALL)
    graph, (x, w, b) = make_inputs(linear_gelu, "fp16", DIMS)
    launch = kernel.module._L_linear_gelu_kernel
    ref = evaluate(graph, [x.cpu(), w.cpu(), b.cpu()], torch.float64)[0]
    outs = [kernel(x, w, b) for _ in range(3)]
    assert len(launch.compiled) == (1 if kernel.module._DIRECT else 0)
    assert all(torch.equal(o, outs[0]) for o in outs) and rel_error(outs[0], ref) < TOLERANCE["fp16"]
    shifted = torch.empty(b.numel() + 1, dtype=b.dtype, device=b.device)[1:]
    shifted.copy_(b)  # a bias 2 bytes off alignment: Triton specializes pointers on it, so must we
    out = kernel(x, w, shifted)
    assert len(launch.compiled) == (2 if kernel.module._DIRECT else 0) and torch.equal(out, outs[0])


def _families():
    attention_small = dict(BLOCK_M=32, BLOCK_N=16, num_warps=4, num_stages=1)
    split_kv = dict(BLOCK_M=16, BLOCK_N=16, num_warps=4, num_stages=1, SPLIT_KV=4)
    return [
        ("gemm", lambda: linear_gelu, "fp16", None, DIMS),
        ("gemm-split-k", lambda: linear_gelu, "fp16", SPLIT, DIMS),
        ("gemm-split-k-atomic", lambda: linear_gelu, "fp16", dict(SPLIT, SPLIT_K_MODE="atomic"), DIMS),
        ("attention", lambda: example("plain"), "fp16", attention_small, ATTENTION_DIMS),
        ("attention-split-kv", lambda: example("decode"), "fp16", split_kv, DECODE),
        ("attention-block-table", lambda: example("document_mask"), "fp16", attention_small, ATTENTION_DIMS),
        ("decode-paged", lambda: example("paged_kv"), "fp16", split_kv, DECODE),
    ]


@gpu
@pytest.mark.parametrize("family", _families(), ids=lambda f: f[0])
def test_every_kernel_family_replays_in_a_cuda_graph(family):
    """Capture one call on static inputs, write new values into them, replay: the graph's output is the eager
    call's on the new values (block tables rebuilt, workspaces and aligned copies inside the graph)."""
    _, make_program, dtype, config, dims = family
    program = make_program()
    kernel = program.compile(dtype, config=config)
    make = make_inputs if "gemm" in family[0] else attention_inputs
    graph, static = make(program, dtype, dims, seed=1)
    _, fresh = make(program, dtype, dims, seed=2)
    warm = torch.cuda.Stream()
    warm.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(warm):
        kernel(*static)  # compile and keep the kernels, build the caches, outside the capture
    torch.cuda.current_stream().wait_stream(warm)
    cuda_graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(cuda_graph):
        captured = kernel(*static)
    for t, new in zip(static, fresh):
        t.copy_(new)
    cuda_graph.replay()
    eager = kernel(*fresh)
    torch.cuda.synchronize()
    ref = evaluate(graph, [t.cpu() for t in fresh], torch.float64)[0]
    assert not torch.isnan(captured).any()
    assert rel_error(captured, eager) < 1e-3, family[0]  # split-K atomics add in any order
    assert rel_error(captured, ref) < TOLERANCE[dtype], family[0]



def test_descriptors_are_built_once_per_operand_layout(monkeypatch):
    """Each call gets a descriptor on its own tensor; Triton builds (and checks) one only when the operand's shape,
    strides, dtype or block change (one kernel's layers each pass their own weight)."""
    built = []
    from_tensor = prelude.TensorDescriptor.from_tensor
    monkeypatch.setattr(prelude.TensorDescriptor, "from_tensor",
                        staticmethod(lambda *a, **k: (built.append(1), from_tensor(*a, **k))[1]))
    prelude._DESCRIPTORS.clear()
    w, other = torch.randn(64, 64), torch.randn(64, 64)
    first = prelude._descriptor("p.w", w, [16, 16])
    second = prelude._descriptor("p.w", other, [16, 16])  # another layer's weight: the same layout
    assert len(built) == 1 and first.base is w and second.base is other
    assert second == from_tensor(other, [16, 16])  # every field as Triton builds it
    again = prelude._descriptor("p.w", other, [32, 16])
    assert len(built) == 2 and again.block_shape == [32, 16] and again.base is other
    prelude._descriptor("p.w", torch.randn(32, 64), [32, 16])
    assert len(built) == 3
    with pytest.raises(AssertionError):  # a misaligned tensor is still refused by Triton's own checks
        prelude._descriptor("p.w", torch.randn(64 * 64 + 1)[1:].view(64, 64), [32, 16])
    assert prelude._misaligned(w.t(), True) and not prelude._misaligned(w.t())
    assert prelude._misaligned(torch.randn(64, 65)[:, :64]) and not prelude._misaligned(w)
