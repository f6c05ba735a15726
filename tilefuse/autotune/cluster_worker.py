"""What runs on a Dask worker when tuning on a cluster.

``measure_batch`` is the task: one workload and a batch of configs. The worker process keeps a ``Measurer`` per
workload (the few it used last), so its measuring subprocess and compile setup outlive one batch; each batch is
compiled in that Measurer's pool and checked and timed in its isolated subprocess under the GPU's lock, exactly
as a tune on one GPU does. Each measurement is also streamed to the coordinator as soon as it is timed (a Dask
event on the run's topic), so a coordinator killed mid-batch has already written what finished.

``MeasureTask`` is what travels to the worker: the traced graph (it pickles; a user's ``@tf.program`` function or
a module's generated program need not), the dtype, the sizes and the Measurer's options.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import MeasureError
from ..ir.graph import Graph
from .records import Device, Measurement, program_signature
from .tuner import record_key

KEEP = 4            # Measurers a worker process keeps (each holds a measuring subprocess)


class TracedProgram:
    """A program already traced, standing in for the ``@tf.program`` that a ``Measurer`` takes."""

    def __init__(self, graph: Graph):
        self.graph, self.name = graph, graph.name

    def trace(self, dtype) -> Graph:
        return self.graph


@dataclass(frozen=True)
class MeasureTask:
    """One workload as a worker measures it: ``Measurer(graph, dtype, dims, **options)``. ``key`` names the
    Measurer each worker keeps for it."""

    graph: Graph
    dtype: str
    dims: tuple[tuple[str, int], ...]
    options: tuple[tuple[str, object], ...] = ()
    key: str = field(default="", compare=False)

    @classmethod
    def make(cls, graph: Graph, dtype: str, dims: dict, **options) -> MeasureTask:
        """``options`` are ``Measurer`` keywords (``timeout_s``, ``workers``, ``energy``, ``seed``, ...)."""
        dims_t = tuple(sorted((k, int(v)) for k, v in dims.items()))
        options_t = tuple(sorted((k, v) for k, v in options.items() if v is not None))
        text = json.dumps([program_signature(graph, dtype), dtype, dims_t, options_t], default=str)
        return cls(graph, dtype, dims_t, options_t, hashlib.sha256(text.encode()).hexdigest()[:16])

    def measure(self, configs: list, on_measured: Callable[[Device, Measurement], None] | None = None
                ) -> tuple[Device, list[Measurement]]:
        """On a worker: measure ``configs`` with this process's Measurer for the workload; (device, results)."""
        measurer, lock = _measurer(self)
        with lock:
            measurer.on_measured = None if on_measured is None else \
                (lambda m: on_measured(measurer.device, m))
            results = measurer.measure(configs)
            return measurer.device or Device.from_json(worker_device()), results


_MEASURERS: OrderedDict[str, tuple] = OrderedDict()
_MEASURERS_LOCK = threading.Lock()


def _measurer(task: MeasureTask):
    """This process's (Measurer, lock) for ``task``, made on first use; the least recently used beyond ``KEEP``
    are closed."""
    from .measure import Measurer

    with _MEASURERS_LOCK:
        if task.key in _MEASURERS:
            _MEASURERS.move_to_end(task.key)
            return _MEASURERS[task.key]
        entry = (Measurer(TracedProgram(task.graph), task.dtype, dict(task.dims), **dict(task.options)),
                 threading.Lock())
        _MEASURERS[task.key] = entry
        while len(_MEASURERS) > KEEP:
            _, (old, old_lock) = _MEASURERS.popitem(last=False)
            with old_lock:
                old.close()
        return entry


async def release(key: str) -> None:
    """Close this process's Measurer for the workload ``key`` (its search is over). A coroutine, so that
    ``Client.run(..., wait=False)`` takes it; the closing (up to seconds) runs off the worker's event loop."""
    import asyncio

    await asyncio.get_running_loop().run_in_executor(None, _release, key)


def _release(key: str) -> None:
    with _MEASURERS_LOCK:
        entry = _MEASURERS.pop(key, None)
    if entry is not None:
        with entry[1]:
            entry[0].close()


_DEVICE: dict | None = None


def worker_device() -> dict:
    """The device this worker measures on, as JSON (what its measuring subprocess will report)."""
    global _DEVICE
    if _DEVICE is None:
        from ..backends.triton.loader import use_interpreter_if_no_gpu

        use_interpreter_if_no_gpu()   # before Device.current imports triton: the interpreter is chosen first
        _DEVICE = Device.current().to_json()
    return _DEVICE


def measure_batch(task, configs: list[dict], topic: str, batch: int) -> dict:
    """The Dask task: measure ``configs`` of ``task``'s workload on this worker; each measurement streams to the
    coordinator on ``topic`` as it is timed, and the whole batch is returned as JSON:
    ``{"device": ..., "keys": [...], "measurements": [...]}`` (each config's key, worked out here rather than by
    the coordinator, which handles every worker's results)."""
    from distributed import get_worker

    if multiprocessing.current_process().daemon:
        raise MeasureError("this Dask worker is a daemonic process, which cannot start the measuring subprocesses: "
                           "start the workers with DASK_DISTRIBUTED__WORKER__DAEMON=False in their environment")
    worker = get_worker()

    def stream(device: Device | None, m: Measurement) -> None:
        device_json = device.to_json() if device is not None else worker_device()
        worker.log_event(topic, {"batch": batch, "device": device_json, "key": record_key(m),
                                 "measurement": m.to_json()})

    device, results = task.measure(configs, stream)
    return {"device": device.to_json(), "keys": [record_key(m) for m in results],
            "measurements": [m.to_json() for m in results]}

