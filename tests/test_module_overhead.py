"""The per-call work of a compiled module's forward (counts, never timings): the capture's input checks run once
per input signature, kernels are called without their ``torch.library`` op where that is the same, and results,
fallbacks and autograd flags stay as the checked path gives them."""

from __future__ import annotations

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from conftest import DEVICE, TOLERANCE, rel_error
from torch.utils._python_dispatch import TorchDispatchMode

import tilefuse as tf


class Stack(nn.Module):
    def __init__(self, d=16, layers=3):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(d, d) for _ in range(layers))

    def forward(self, x):
        for layer in self.layers:
            x = F.silu(layer(x))
        return x


def randn(*shape, seed=0):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed)).to(DEVICE)


def compiled(dynamic=None):
    torch.manual_seed(0)
    model = Stack().to(DEVICE)
    return model, tf.compile(model, (randn(2, 16),), dynamic=dynamic)


def count_guards(cm):
    guards = cm.graph_module._guards_fn
    calls = []
    forward = guards.forward
    guards.forward = lambda *args: (calls.append(1), forward(*args))[1]
    return calls


class OpCalls(TorchDispatchMode):
    """Counts the tilefuse:: ops dispatched under it."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        self.count += func.namespace == "tilefuse"
        return func(*args, **(kwargs or {}))


def test_the_capture_checks_run_once_per_input_signature():
    model, cm = compiled(dynamic={"batch": (1, 8)})
    guards = count_guards(cm)
    x = randn(2, 16)
    with torch.no_grad():
        outs = [cm(x) for _ in range(4)]
        assert len(guards) == 1  # the first call of this signature checks; the next three do not
        cm(randn(3, 16, seed=1))
        cm(randn(3, 16, seed=2))
        assert len(guards) == 2  # a new batch size is a new signature: checked once
        want = model(x)
    for out in outs:
        assert rel_error(out, want) < TOLERANCE["fp32"]
    assert [(k.calls, k.fallbacks) for k in cm.kernels] == [(6, 0)] * 3 and cm.eager_calls == 0


def test_a_signature_outside_the_capture_still_runs_the_module_eagerly():
    model, cm = compiled(dynamic={"batch": (1, 8)})
    with torch.no_grad():
        cm(randn(2, 16))
        cm(randn(2, 16))
        x = randn(12, 16)  # beyond the declared batch range: the guards refuse it every time
        with pytest.warns(UserWarning, match="outside what the capture covers"):
            out = cm(x)
        cm(x)
        assert rel_error(out, model(x)) < TOLERANCE["fp32"]
    assert cm.eager_calls == 2 and not any(k[0][0] == (12, 16) for k in cm._fast.passed)


def test_kernels_skip_their_op_only_without_grad_mode():
    model, cm = compiled()
    x = randn(2, 16)
    cm(x)  # grad mode: checked; the next call takes the fast path but keeps each op (autograd's node, as before)
    with OpCalls() as grad:
        out = cm(x)
    assert out.requires_grad and out.grad_fn is not None and grad.count == len(cm.kernels)
    with torch.no_grad(), OpCalls() as no_grad:
        out = cm(x)
        assert not out.requires_grad and rel_error(out, model(x)) < TOLERANCE["fp32"]
    assert no_grad.count == 0  # the same _KernelCalls, called without the dispatcher
    cpu = [torch.profiler.ProfilerActivity.CPU]
    with torch.no_grad(), OpCalls() as profiled, torch.profiler.profile(activities=cpu):
        cm(x)
    assert profiled.count == len(cm.kernels)  # under a profiler the ops stay, so profiles name each kernel
    assert all(k.calls == 4 and k.fallbacks == 0 for k in cm.kernels)


def test_tensor_subclasses_take_the_checked_path():
    _, cm = compiled()
    guards = count_guards(cm)
    x = nn.Parameter(randn(2, 16), requires_grad=False)
    with torch.no_grad():
        cm(x)
        cm(x)
    assert len(guards) == 2 and not cm._fast.passed
