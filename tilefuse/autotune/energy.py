"""Energy per call from the GPU's cumulative energy counter, measured in interleaved windows.

NVML's ``nvmlDeviceGetTotalEnergyConsumption`` is a millijoule counter that the driver refreshes every few
tens of milliseconds, not on every read. One kernel call is far shorter than that, so energy is measured
over windows of many calls: Δenergy / calls is the joules per call of that window. A window only a few
counter periods long is off by up to one period's energy at each end, hence the ``short_window`` flag.

Candidates take turns, window by window (A B A B ...), so slow drift (temperature, clocks) lands on all
of them alike instead of on whichever ran last. Without a CUDA device or without ``pynvml`` (or on a GPU
whose counter NVML does not support) energy is absent: ``nvml_handle`` gives None and ``measure_energy``
returns None. The pure statistics (``energy_statistics``) and the windowing loop take injectable
counter, clock and synchronize functions, so both are tested on the CPU.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

# Used for the short-window flag when the counter's period could not be measured (older GPUs update
# about every 100 ms; a period this long keeps the flag on the cautious side).
DEFAULT_COUNTER_PERIOD_S = 0.1
# A window shorter than this many counter periods is flagged short.
SHORT_WINDOW_PERIODS = 3


@dataclass(frozen=True)
class EnergyWindow:
    """One window: the counter's increase (joules) over ``seconds`` of wall time holding ``calls`` calls."""

    joules: float
    seconds: float
    calls: int

    @property
    def joules_per_call(self) -> float:
        return self.joules / self.calls


@dataclass
class EnergyStats:
    """What ``Measurement`` records of energy: median J/call, every window's J/call, spread, power."""

    energy: float | None
    energy_windows: list[float] = field(default_factory=list)
    energy_spread: float | None = None
    power: float | None = None
    window_s: float | None = None
    short_window: bool = False

    def apply(self, measurement):
        """Copy these fields onto a ``Measurement`` (returned for chaining)."""
        for name in ("energy", "energy_windows", "energy_spread", "power", "window_s", "short_window"):
            setattr(measurement, name, getattr(self, name))
        return measurement

    def to_json(self) -> dict:
        return {"energy": self.energy, "energy_windows": list(self.energy_windows),
                "energy_spread": self.energy_spread, "power": self.power, "window_s": self.window_s,
                "short_window": self.short_window}

    @classmethod
    def from_json(cls, d: dict) -> EnergyStats:
        return cls(d["energy"], list(d["energy_windows"]), d["energy_spread"], d["power"], d["window_s"],
                   bool(d["short_window"]))


def energy_statistics(windows: list[EnergyWindow], counter_period_s: float | None) -> EnergyStats:
    """Summarize one candidate's windows.

    ``energy`` is the median J/call over windows and ``energy_spread`` is (max - min) / median of them;
    ``power`` is total joules over total seconds (average watts); ``window_s`` the median window length.
    ``short_window`` is set when a window lasted under ``SHORT_WINDOW_PERIODS`` counter periods (unknown
    period: ``DEFAULT_COUNTER_PERIOD_S``) or saw no counter update at all.
    """
    if not windows:
        return EnergyStats(None)
    per_call = [w.joules_per_call for w in windows]
    median = statistics.median(per_call)
    spread = (max(per_call) - min(per_call)) / median if median > 0 else math.inf
    seconds = sum(w.seconds for w in windows)
    power = sum(w.joules for w in windows) / seconds if seconds > 0 else None
    period = counter_period_s if counter_period_s else DEFAULT_COUNTER_PERIOD_S
    short = any(w.seconds < SHORT_WINDOW_PERIODS * period or w.joules <= 0 for w in windows)
    return EnergyStats(median, per_call, spread, power, statistics.median(w.seconds for w in windows), short)


# ------------------------------------------------------------------------------------------------ NVML


def nvml_handle(device_index: int = 0):
    """The NVML handle of CUDA device ``device_index`` if its energy counter can be read, else None.

    The CUDA index is mapped to NVML through the device UUID (CUDA_VISIBLE_DEVICES renumbers devices;
    NVML does not), falling back to the same index.
    """
    try:
        import pynvml
        import torch

        if not torch.cuda.is_available():
            return None
        pynvml.nvmlInit()
        handle = None
        uuid = getattr(torch.cuda.get_device_properties(device_index), "uuid", None)
        if uuid is not None:
            try:
                handle = pynvml.nvmlDeviceGetHandleByUUID(f"GPU-{uuid}")
            except pynvml.NVMLError:
                handle = None
        if handle is None:
            handle = pynvml.nvmlDeviceGetHandleByIndex(device_index)
        pynvml.nvmlDeviceGetTotalEnergyConsumption(handle)  # NVMLError_NotSupported on older GPUs
        return handle
    except Exception:  # noqa: BLE001 - no pynvml, no driver, no counter: energy is simply absent
        return None


def read_energy_mj(handle) -> int:
    """The device's cumulative energy counter in millijoules."""
    import pynvml

    return int(pynvml.nvmlDeviceGetTotalEnergyConsumption(handle))


def counter_period(handle=None, *, read: Callable[[], float] | None = None,
                   clock: Callable[[], float] = time.perf_counter, sleep: Callable[[float], None] = time.sleep,
                   changes: int = 6, max_s: float = 2.0, poll_s: float = 0.0005) -> float | None:
    """Seconds between updates of the energy counter, measured by polling it.

    Polls until the value has changed ``changes`` times (or ``max_s`` passed) and returns the median
    interval between changes; the partial interval before the first change is dropped. None when fewer
    than two changes were seen. ``read`` replaces the NVML read (tests).
    """
    read = read or (lambda: read_energy_mj(handle))
    start = clock()
    last = read()
    seen: list[float] = []
    while len(seen) < changes + 1 and clock() - start < max_s:
        value = read()
        if value != last:
            seen.append(clock())
            last = value
        else:
            sleep(poll_s)
    if len(seen) < 2:
        return None
    return statistics.median(b - a for a, b in zip(seen, seen[1:]))


def _cuda_synchronize() -> None:
    import torch

    if torch.cuda.is_available():
        torch.cuda.synchronize()


def calibrate_invocations(fn: Callable[[], object], window_s: float, *,
                          synchronize: Callable[[], None] = _cuda_synchronize,
                          clock: Callable[[], float] = time.perf_counter, probe_s: float = 0.05) -> int:
    """How many ``fn()`` invocations fill ``window_s``: time a burst of about ``probe_s`` (also a warm-up)."""
    fn()
    synchronize()
    count, start = 0, clock()
    while True:
        fn()
        count += 1
        if count in (1, 2, 4) or count % 8 == 0:
            synchronize()
            elapsed = clock() - start
            if elapsed >= probe_s or count >= 100_000:
                break
    return max(1, round(window_s * count / max(elapsed, 1e-9)))


def measure_energy(candidates: dict[Hashable, Callable[[], object]], window_s: float = 0.5, repeats: int = 5, *,
                   handle=None, device_index: int = 0, calls_per_invocation: dict | None = None,
                   invocations: dict | None = None, read: Callable[[], float] | None = None,
                   synchronize: Callable[[], None] | None = None, clock: Callable[[], float] = time.perf_counter,
                   period_s: float | None = None) -> dict[Hashable, EnergyStats] | None:
    """Joules per call of each candidate, from ``repeats`` windows of about ``window_s`` each.

    ``candidates`` maps a key to a function doing one invocation (one kernel call, or one replay of a
    CUDA graph holding ``calls_per_invocation[key]`` calls). Windows run A B A B ...: each repeat gives
    every candidate one window, in the order of the dict; the device is synchronized before and after
    each window, and the counter read after each synchronize. ``invocations`` fixes invocations per
    window (else they are calibrated to fill ``window_s``). Returns None when no energy counter is
    available; ``read`` (millijoules), ``synchronize`` and ``clock`` replace NVML, CUDA and the wall
    clock in tests.
    """
    if read is None:
        handle = handle if handle is not None else nvml_handle(device_index)
        if handle is None:
            return None
        read = lambda: read_energy_mj(handle)  # noqa: E731
        if period_s is None:
            period_s = counter_period(handle)
    synchronize = synchronize or _cuda_synchronize
    calls_per_invocation = calls_per_invocation or {}
    counts = dict(invocations or {})
    for key, fn in candidates.items():
        if key not in counts:
            counts[key] = calibrate_invocations(fn, window_s, synchronize=synchronize, clock=clock)
    windows: dict[Hashable, list[EnergyWindow]] = {key: [] for key in candidates}
    for _ in range(repeats):
        for key, fn in candidates.items():
            synchronize()
            e0, t0 = read(), clock()
            for _ in range(counts[key]):
                fn()
            synchronize()
            t1, e1 = clock(), read()
            calls = counts[key] * calls_per_invocation.get(key, 1)
            windows[key].append(EnergyWindow((e1 - e0) / 1000.0, t1 - t0, calls))
    return {key: energy_statistics(w, period_s) for key, w in windows.items()}
