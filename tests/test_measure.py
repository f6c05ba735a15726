"""Honest measurement (tilefuse.autotune: measure, inputs, checking, worker, gpu_lock, energy): inputs, the
poisoned-output check, the isolated worker (crash, hang, wrong result), the GPU lock across processes, and the
energy statistics.

On the CPU the Measurer runs kernels in the Triton interpreter and times them with perf_counter; the
CUDA-graph timing and NVML energy paths need a GPU. Shapes are tiny: the interpreter is slow.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from tilefuse.autotune.checking import TOLERANCE, check_output, reference, relative_error
from tilefuse.autotune.energy import (
    EnergyWindow,
    calibrate_invocations,
    counter_period,
    energy_statistics,
    measure_energy,
)
from tilefuse.autotune.gpu_lock import gpu_lock
from tilefuse.autotune.inputs import make_inputs
from tilefuse.autotune.measure import Measurer
from tilefuse.autotune.records import Device, Measurement
from tilefuse.frontend.loading import load_programs
from tilefuse.schedule import Config

ROOT = Path(__file__).resolve().parent.parent
LINEAR_GELU = str(ROOT / "examples" / "linear_gelu.py")
DIMS = {"M": 32, "N": 32, "K": 32}
TIMEOUT_S = 6
# conftest.py's: the kernels' error against fp64 on this device (tf32 on a GPU, exact fp32 in the interpreter).
KERNEL_TOLERANCE = {"fp32": 2e-3 if torch.cuda.is_available() else 1e-5}


def linear_gelu():
    (program,) = load_programs(LINEAR_GELU, "linear_gelu")
    return program


def cfg(bm, bn, bk, warps=2, stages=2, group=8) -> Config:
    return Config(BLOCK_M=bm, BLOCK_N=bn, BLOCK_K=bk, num_warps=warps, num_stages=stages, GROUP_M=group)


# One Measurer run covers every outcome; tests/measure_faults.py picks the faulty configs by knob values.
CASES = [
    ("ok", cfg(16, 16, 16)),
    ("ok", cfg(32, 32, 16, warps=4)),
    ("rejected", cfg(24, 32, 16)),            # BLOCK_M not a power of two
    ("crash", cfg(16, 16, 16, stages=5)),     # hook: os._exit(1)
    ("ok", cfg(32, 16, 32, stages=3)),
    ("timeout", cfg(16, 32, 16, stages=4)),   # hook: sleeps forever
    ("wrong", cfg(32, 32, 32, group=4)),      # hook: output scaled by 1.1
    ("ok", cfg(16, 16, 32, stages=3)),
]


class RecordingMeasurer(Measurer):
    """Remembers which configs went to the compile pool."""

    compiled_keys: list[str] = []

    def _compile_all(self, configs):
        self.compiled_keys = list(configs)
        return super()._compile_all(configs)


@pytest.fixture(scope="module")
def measured():
    configs = [c for _, c in CASES]
    start = time.perf_counter()
    with RecordingMeasurer(linear_gelu(), "fp32", DIMS, timeout_s=TIMEOUT_S, workers=2, repeats=2,
                           worker_hook="measure_faults:inject") as measurer:
        results = measurer.measure(configs)
        return measurer, results, time.perf_counter() - start


def test_measure_statuses_in_order(measured):
    measurer, results, _ = measured
    assert [m.status for m in results] == [status for status, _ in CASES]
    assert [m.config for m in results] == [c.to_dict() for _, c in CASES]
    assert measurer.device == Device.current()  # the worker's device: "cpu" in the interpreter, "9.0" on an H200
    assert measurer.workload.dims == DIMS and measurer.workload.dtype == "fp32"


def test_ok_configs_are_checked_and_timed(measured):
    _, results, _ = measured
    for m in (m for m in results if m.status == "ok"):
        assert m.ok
        assert 0 <= m.rel_error < TOLERANCE["fp32"]
        assert len(m.latency_samples) == 2 and all(s > 0 for s in m.latency_samples)
        assert m.latency == pytest.approx(sorted(m.latency_samples)[0] / 2 + sorted(m.latency_samples)[1] / 2)
        assert m.compile_s is not None and m.compile_s > 0
        assert m.energy is None  # no GPU: energy is absent, not zero
        assert Measurement.from_json(json.loads(json.dumps(m.to_json()))) == m


def test_rejected_config_is_never_compiled(measured):
    measurer, results, _ = measured
    rejected = results[2]
    assert "BLOCK_M=24 not a power of two" in rejected.error
    assert rejected.compile_s is None and rejected.latency is None
    assert Config.from_dict(rejected.config).key() not in measurer.compiled_keys
    assert len(measurer.compiled_keys) == len(CASES) - 1


def test_crash_is_recorded_and_the_run_goes_on(measured):
    _, results, _ = measured
    crash = results[3]
    assert crash.status == "crash" and "exited with code 1" in crash.error
    assert crash.latency is None and crash.latency_samples == []
    assert results[4].status == "ok"  # measured by the restarted worker


def test_hang_times_out_and_the_run_goes_on(measured):
    _, results, elapsed = measured
    hang = results[5]
    assert hang.status == "timeout" and f"{TIMEOUT_S} s" in hang.error
    assert hang.latency is None
    assert results[7].status == "ok"
    assert elapsed < 120


def test_wrong_result_is_never_timed(measured):
    _, results, _ = measured
    wrong = results[6]
    assert wrong.status == "wrong"
    # The hook scales a correct output by 1.1: ||1.1 y - ref|| is within 1.1 ||y - ref|| of 0.1 ||ref||, and the
    # kernel's own error ||y - ref|| / ||ref|| is at most its tolerance (tf32 on a GPU moves it off 0.1).
    assert wrong.rel_error == pytest.approx(0.1, abs=1.1 * KERNEL_TOLERANCE["fp32"])
    assert wrong.latency is None and wrong.latency_samples == []
    assert "exceeds" in wrong.error


def test_config_dicts_with_unknown_knobs_are_rejected():
    measurer = Measurer(linear_gelu(), "fp32", DIMS)
    assert measurer.violations(cfg(16, 16, 16)) == []
    (m,) = measurer.measure([{"BLOCK_Q": 16}])  # rejected before any process starts
    assert m.status == "rejected" and "BLOCK_Q" in m.error
    measurer.close()


def test_workers_get_the_traced_graph_not_the_program_file(tmp_path):
    """The compile pool and the measuring worker never import the user's file again: here it is broken right after
    the Measurer has traced the program, and the config still compiles, checks and times."""
    path = tmp_path / "gelu_copy.py"
    path.write_text(Path(LINEAR_GELU).read_text())
    (program,) = load_programs(str(path))
    with Measurer(program, "fp32", DIMS, workers=1, repeats=1, timeout_s=60) as measurer:
        path.write_text("raise RuntimeError('the program file was imported again')\n")
        (m,) = measurer.measure([cfg(16, 16, 16)])
    assert m.status == "ok", m.error
    assert measurer.workload.program == "linear_gelu"


# ------------------------------------------------------------------------------------ inputs and check


def _graph(path, dtype="fp32"):
    (program,) = load_programs(path)
    return program, program.trace(dtype)


def test_make_inputs_shapes_seeds_and_scale():
    _, graph = _graph(LINEAR_GELU, "fp16")
    dims = {"M": 8, "N": 8, "K": 4096}
    x, w, b = make_inputs(graph, dims, seed=1)
    assert (x.shape, w.shape, b.shape) == ((8, 4096), (8, 4096), (8,))
    assert x.dtype == w.dtype == b.dtype == torch.float16
    again = make_inputs(graph, dims, seed=1)
    other = make_inputs(graph, dims, seed=2)
    assert torch.equal(x, again[0]) and not torch.equal(x, other[0])
    # x and w are scaled by K^-1/4, so x @ w.T is O(1) instead of O(sqrt(K)) = 64.
    (ref,) = reference(graph, [x, w, b])
    assert ref.dtype == torch.float64
    assert 0.3 < torch.einsum("mk,nk->mn", x.double(), w.double()).std().item() < 3


def test_make_inputs_gives_page_tables_valid_indices():
    _, graph = _graph(str(ROOT / "examples" / "attention" / "paged_kv.py"))
    dims = {"B": 3, "H": 2, "M": 1, "D": 16, "P": 5, "PS": 4, "NP": 6}
    for seed in range(5):
        q, k_cache, v_cache, pages, seq_lens = make_inputs(graph, dims, seed=seed)
        assert pages.dtype == torch.int32 and pages.shape == (3, 6)
        assert 0 <= pages.min() and pages.max() < 5  # pages index P
        assert 0 <= seq_lens.min() and seq_lens.max() <= 6 * 4
        (ref,) = reference(graph, [q, k_cache, v_cache, pages, seq_lens])  # raises on an out-of-range load
        assert torch.isfinite(ref).all()


def test_check_output_accepts_a_compiled_kernel(device):
    program, graph = _graph(LINEAR_GELU)
    kernel = program.compile(dtype="fp32", config=cfg(16, 16, 16).to_dict())
    inputs = make_inputs(graph, {"M": 24, "N": 20, "K": 16}, seed=3, device=device)  # where the kernel runs
    ok, err = check_output(kernel, inputs, reference(graph, inputs), "fp32")
    assert ok and err < KERNEL_TOLERANCE["fp32"]


def _exact(x, out=None):
    out.copy_(x * 2)
    return out


def _off_by_ten_percent(x, out=None):
    out.copy_(x * 2.2)
    return out


def _half_written(x, out=None):
    out[: out.shape[0] // 2] = x[: out.shape[0] // 2] * 2
    return out


def _two_outputs(x, *, write_all):
    """Like a multi-output launcher: allocates its outputs with torch.empty (poisoned during the check)."""
    a, b = torch.empty_like(x), torch.empty(x.shape, dtype=x.dtype)
    a.copy_(x * 2)
    b[: (len(x) if write_all else len(x) // 2)] = x[: (len(x) if write_all else len(x) // 2)] + 1
    return a, b


def test_check_output_catches_wrong_and_unwritten_outputs():
    x = torch.randn(64)
    ref = [x.double() * 2]
    assert check_output(_exact, [x], ref, "fp32") == (True, 0.0)
    ok, err = check_output(_off_by_ten_percent, [x], ref, "fp32")
    assert not ok and err == pytest.approx(0.1, rel=1e-4)
    ok, err = check_output(_half_written, [x], ref, "fp32")  # the rest is still NaN from the poisoned out
    assert not ok and math.isnan(err)
    refs = [x.double() * 2, x.double() + 1]
    ok, err = check_output(lambda x: _two_outputs(x, write_all=True), [x], refs, "fp32", out_dtypes=[x.dtype] * 2)
    assert ok and err < 1e-6
    ok, err = check_output(lambda x: _two_outputs(x, write_all=False), [x], refs, "fp32",
                           out_dtypes=[x.dtype] * 2)
    assert not ok and math.isnan(err)  # torch.empty came back NaN-filled


def test_check_output_poisons_launcher_allocations_only_during_the_check():
    x = torch.randn(16)
    before = (torch.are_deterministic_algorithms_enabled(), torch.utils.deterministic.fill_uninitialized_memory)
    ok, _ = check_output(_two_outputs_partial, [x], [x.double() * 2, x.double() + 1], "fp32",
                         out_dtypes=[x.dtype] * 2)
    assert not ok
    assert globals()["torch"] is torch  # nothing in the launcher's module is replaced
    # PyTorch's fill switch is back as it was, so allocations after the check are plain again.
    assert (torch.are_deterministic_algorithms_enabled(), torch.utils.deterministic.fill_uninitialized_memory) == before
    assert not torch.are_deterministic_algorithms_enabled()


def _two_outputs_partial(x):
    return _two_outputs(x, write_all=False)


def test_relative_error_handles_infinities_and_nan():
    want = torch.tensor([1.0, float("-inf"), 2.0], dtype=torch.float64)
    assert relative_error(torch.tensor([1.0, float("-inf"), 2.0]), want) == 0.0
    assert math.isnan(relative_error(torch.tensor([1.0, 0.0, 2.0]), want))
    assert math.isnan(relative_error(torch.tensor([float("nan"), float("-inf"), 2.0]), want))
    assert relative_error(torch.tensor([1.0, float("-inf"), 2.2]), want) == pytest.approx(0.2 / math.sqrt(5))


# ------------------------------------------------------------------------------------------ the GPU lock

_LOCK_CHILD = """
import sys, time
from tilefuse.autotune.gpu_lock import gpu_lock
print("trying", flush=True)
with gpu_lock(0, lock_dir=sys.argv[1], notify_after_s=0.2, poll_s=0.02):
    print("acquired", time.time(), flush=True)
"""


def test_gpu_lock_excludes_a_second_process(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with gpu_lock(0, lock_dir=str(tmp_path)) as path:
        assert json.loads(Path(path).read_text())["pid"] == os.getpid()
        child = subprocess.Popen([sys.executable, "-c", _LOCK_CHILD, str(tmp_path)], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=env)
        assert child.stdout.readline().strip() == "trying"
        time.sleep(1.0)
        released = time.time()
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    acquired = float(out.split()[-1])
    assert acquired >= released
    assert f"measured by pid {os.getpid()}" in err  # the waiting message names the holder


def test_gpu_lock_timeout_and_release(tmp_path):
    with gpu_lock(1, lock_dir=str(tmp_path)):
        with pytest.raises(TimeoutError, match="still locked by pid"):
            with gpu_lock(1, lock_dir=str(tmp_path), timeout_s=0.2, notify_after_s=10):
                pass
        with gpu_lock(2, lock_dir=str(tmp_path), timeout_s=0.2):  # another GPU is free
            pass
    with gpu_lock(1, lock_dir=str(tmp_path), timeout_s=0.2):  # released
        pass


# ---------------------------------------------------------------------------------------------- energy


def test_energy_statistics_from_synthetic_windows():
    windows = [EnergyWindow(joules=10.0, seconds=0.5, calls=100), EnergyWindow(12.0, 0.5, 100),
               EnergyWindow(11.0, 0.6, 100)]
    stats = energy_statistics(windows, counter_period_s=0.02)
    assert stats.energy_windows == pytest.approx([0.10, 0.12, 0.11])
    assert stats.energy == pytest.approx(0.11)
    assert stats.energy_spread == pytest.approx((0.12 - 0.10) / 0.11)
    assert stats.power == pytest.approx(33.0 / 1.6)
    assert stats.window_s == pytest.approx(0.5)
    assert not stats.short_window
    assert energy_statistics(windows, counter_period_s=0.2).short_window  # 0.5 s < 3 periods
    assert energy_statistics(windows + [EnergyWindow(0.0, 0.7, 100)], 0.02).short_window  # no counter update
    assert energy_statistics(windows, None).short_window is False  # default period 0.1 s: 0.5 s is enough
    m = stats.apply(Measurement(config={}))
    assert (m.energy, m.energy_spread, m.short_window) == (stats.energy, stats.energy_spread, False)
    assert energy_statistics([], 0.02).energy is None


class FakeGPU:
    """A virtual clock and an energy counter that the 'driver' refreshes only every ``period`` seconds."""

    def __init__(self, period=0.02):
        self.t, self.energy_j, self.period = 0.0, 0.0, period
        self.history = [(0.0, 0.0)]
        self.log: list[str] = []

    def candidate(self, key, seconds, watts):
        def call():
            self.log.append(key)
            self.t += seconds
            self.energy_j += seconds * watts
            self.history.append((self.t, self.energy_j))
        return call

    def clock(self):
        return self.t

    def read_mj(self):
        """The energy at the last refresh, in integer millijoules, like NVML."""
        refreshed = math.floor(self.t / self.period) * self.period
        for (t0, e0), (t1, e1) in zip(self.history, self.history[1:]):
            if t0 <= refreshed <= t1:
                return int(1000 * (e0 + (e1 - e0) * (refreshed - t0) / max(t1 - t0, 1e-12)))
        return int(1000 * self.history[-1][1])

    def sleep(self, s):
        self.t += s
        self.history.append((self.t, self.energy_j))


def test_measure_energy_interleaves_and_recovers_joules_per_call():
    gpu = FakeGPU(period=0.02)
    candidates = {"A": gpu.candidate("A", 0.001, 100.0), "B": gpu.candidate("B", 0.002, 150.0)}
    stats = measure_energy(candidates, window_s=0.5, repeats=3, read=gpu.read_mj, clock=gpu.clock,
                           synchronize=lambda: None, period_s=0.02)
    runs = [k for i, k in enumerate(gpu.log) if i == 0 or gpu.log[i - 1] != k]
    assert runs == ["A", "B"] * 4  # calibration (A then B), then windows A B A B A B
    assert stats["A"].energy == pytest.approx(0.1, rel=0.05)   # 1 ms at 100 W
    assert stats["B"].energy == pytest.approx(0.3, rel=0.05)   # 2 ms at 150 W
    assert stats["A"].power == pytest.approx(100, rel=0.05) and stats["B"].power == pytest.approx(150, rel=0.05)
    assert stats["A"].window_s == pytest.approx(0.5, rel=0.02) and len(stats["A"].energy_windows) == 3
    assert not stats["A"].short_window


def test_measure_energy_flags_short_windows_and_counts_calls_per_replay():
    gpu = FakeGPU(period=0.02)
    replay = gpu.candidate("G", 0.004, 100.0)  # one replay of a graph of 4 calls of 1 ms
    stats = measure_energy({"G": replay}, window_s=0.04, repeats=4, read=gpu.read_mj, clock=gpu.clock,
                           synchronize=lambda: None, period_s=0.02, invocations={"G": 10},
                           calls_per_invocation={"G": 4})
    assert stats["G"].short_window  # 40 ms windows, a 20 ms counter
    assert stats["G"].energy == pytest.approx(0.1, rel=0.6)


def test_counter_period_and_calibration_with_a_fake_counter():
    clock = {"t": 0.0}

    def sleep(s):
        clock["t"] += s

    def read():  # 60 W, refreshed every 25 ms
        return int(60_000 * math.floor(clock["t"] / 0.025) * 0.025)

    period = counter_period(read=read, clock=lambda: clock["t"], sleep=sleep, poll_s=0.001)
    assert period == pytest.approx(0.025, abs=0.002)
    assert counter_period(read=lambda: 7, clock=lambda: clock["t"], sleep=sleep, max_s=0.1) is None
    gpu = FakeGPU()
    n = calibrate_invocations(gpu.candidate("A", 0.002, 1.0), 0.5, synchronize=lambda: None, clock=gpu.clock)
    assert n == 250


def test_measure_energy_is_absent_without_nvml_or_gpu():
    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    assert measure_energy({"A": lambda: None}, window_s=0.01, repeats=1) is None
