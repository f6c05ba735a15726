"""Timing a kernel: ``time_cpu`` for the Triton interpreter (``time.perf_counter``), ``time_cuda`` for a GPU (CUDA
graph replays timed with CUDA events, L2 flushed before every sample), and the rotating input copies that keep one
replay's operands out of L2 (``rotating_sets``, ``sets_for_l2``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import torch

L2_FLUSH_BYTES = 256 * 2**20          # zeroed before every CUDA timing sample
MAX_ROTATING_SETS = 64                # input copies a CUDA graph rotates through


def time_cpu(call: Callable[[], object], repeats: int = 5, warmup: int = 1) -> list[float]:
    """Seconds per call of ``call()``, ``repeats`` samples after ``warmup`` calls (the interpreter)."""
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def capture(calls: list[Callable[[], object]], warmup: int = 3) -> Callable[[], object]:
    """A function that runs every call of ``calls`` once: the replay of a CUDA graph capturing them, after
    ``warmup`` rounds on a side stream (first-call costs stay out), or plain launches when the launcher
    cannot be captured (it synchronizes)."""
    stream = torch.cuda.Stream()
    stream.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(stream):
        for _ in range(max(warmup, 1)):
            for call in calls:
                call()
    torch.cuda.current_stream().wait_stream(stream)
    torch.cuda.synchronize()
    try:
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            for call in calls:
                call()
        torch.cuda.synchronize()
        return graph.replay
    except Exception:  # noqa: BLE001 - not capturable: eager launches
        torch.cuda.synchronize()
        return lambda: [call() for call in calls]


def time_cuda(calls: list[Callable[[], object]], repeats: int = 100, warmup: int = 3, *,
              flush: torch.Tensor | None = None) -> list[float]:
    """Seconds per call, one sample per replay of a CUDA graph holding ``calls`` (one per input copy).

    Each sample zeroes ``flush`` (a buffer larger than L2) first, then times one replay with CUDA events
    and divides by ``len(calls)``: launch gaps and Python overhead stay out, and no call finds its
    operands in L2 (see ``capture`` for launchers that cannot be captured).
    """
    run = capture(calls, warmup)
    run()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    samples = []
    for _ in range(repeats):
        if flush is not None:
            flush.zero_()
        start.record()
        run()
        end.record()
        end.synchronize()
        samples.append(start.elapsed_time(end) / 1e3 / len(calls))
    return samples


def rotating_sets(inputs: list, count: int) -> list[list]:
    """``inputs`` and ``count - 1`` copies of it (scalars shared)."""
    copies = [list(inputs)]
    for _ in range(count - 1):
        copies.append([t.clone() if isinstance(t, torch.Tensor) else t for t in inputs])
    return copies


def sets_for_l2(bytes_per_set: int, l2_bytes: int, free_bytes: int | None = None) -> int:
    """How many input copies one timed replay rotates through: together at least twice the L2, at most
    ``MAX_ROTATING_SETS``, and no more than a quarter of free memory."""
    count = max(1, min(MAX_ROTATING_SETS, math.ceil(2 * l2_bytes / max(bytes_per_set, 1))))
    if free_bytes:
        count = max(1, min(count, free_bytes // 4 // max(bytes_per_set, 1)))
    return count
