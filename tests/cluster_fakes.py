"""Fake GPU workers for tests/test_cluster_sim.py: a task that sleeps a known time per config instead of measuring,
and a fake device per worker (``MIXED`` splits the workers into two GPU models by the parity of their names).

The tests run the Dask workers in-process, so they share this module's ``MIXED`` and ``BATCHES`` (each batch's
worker and its start and end, ``time.perf_counter``).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from tilefuse.autotune.records import Device, Measurement
from tilefuse.schedule import Config

MIXED = False
BATCHES: list[tuple[str, float, float]] = []


def worker_name(dask_worker=None) -> str:
    """The Dask worker's name; "0" outside a worker (a serial tune)."""
    from distributed import get_worker

    try:
        return str((dask_worker or get_worker()).name)
    except ValueError:
        return "0"


def fake_device(dask_worker=None) -> dict:
    """The probe (``Client.run`` passes ``dask_worker``; inside a task it is looked up): this worker's fake GPU."""
    model = "H200" if MIXED and int(worker_name(dask_worker)) % 2 else "H100"
    return Device(f"NVIDIA {model} (fake)", 132, "9.0", "fake", "fake").to_json()


def synthetic_latency(config: Config, device: Device) -> float:
    """Seconds per call: fixed per config and device, so a re-measurement gives the same value."""
    text = repr((sorted(config.to_dict().items()), device.name))
    return 1e-4 * (1 + int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) / 2**32)


@dataclass(frozen=True)
class SleepTask:
    """Measures nothing: sleeps ``sleep_s`` per config, then reports the synthetic latency."""

    sleep_s: float
    key: str = "sleep"
    fail: bool = False

    def measure(self, configs, on_measured=None):
        if self.fail:
            raise ValueError("the measuring worker failed to start")
        start = time.perf_counter()
        device = Device.from_json(fake_device())
        results = []
        for c in configs:
            time.sleep(self.sleep_s)
            config = Config.from_dict(c)
            latency = synthetic_latency(config, device)
            m = Measurement(config.to_dict(), latency=latency, latency_samples=[latency])
            if on_measured is not None:
                on_measured(device, m)
            results.append(m)
        BATCHES.append((worker_name(), start, time.perf_counter()))
        return device, results

    def serial(self, configs):
        """The same, as a serial ``tune``'s measure function."""
        return self.measure([c.to_dict() for c in configs])[1]
