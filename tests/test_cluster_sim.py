"""The cluster tune loop (tilefuse.autotune.cluster_tune) against simulated GPU workers: in-process Dask workers
whose "measurement" sleeps a known time (tests/cluster_fakes.py). It keeps 16 and 64 of them busy, proposes what a
serial tune proposes, gives a late worker work, tunes each GPU model of a mixed cluster apart, and records each
measurement as it streams in, so a coordinator stopped mid-batch resumes with nothing measured twice.

The real thing, process workers measuring kernels in Triton's interpreter, is tests/test_cluster.py.
"""

from __future__ import annotations

import gc
import logging
import time
from contextlib import contextmanager

import pytest

distributed = pytest.importorskip("distributed")

import cluster_fakes  # noqa: E402
from cluster_fakes import SleepTask, fake_device, synthetic_latency  # noqa: E402

from tilefuse.autotune.cluster import Cluster  # noqa: E402
from tilefuse.autotune.cluster_tune import ClusterJob, tune_on_cluster  # noqa: E402
from tilefuse.autotune.records import Device, Workload  # noqa: E402
from tilefuse.autotune.tuner import tune  # noqa: E402
from tilefuse.schedule import GPU, Config, SearchSpace, gemm_space  # noqa: E402

GEMM = gemm_space(2, 2, GPU.for_arch(90))
# The GEMM space without the split-K and TMA knobs: 3944 valid points.
SPACE = SearchSpace([k for k in GEMM.knobs if k.name not in ("SPLIT_K", "SPLIT_K_MODE", "USE_TMA")],
                    GEMM.constraints)
FIRST = Config(BLOCK_M=64, BLOCK_N=64, BLOCK_K=32, num_warps=4, num_stages=3, GROUP_M=8)


@contextmanager
def fake_gpus(count: int):
    """``count`` in-process workers of one thread each. With every worker in this one process, Dask's per-worker
    statistical profiler is off (each would sample all of their threads a hundred times a second), and so are its
    INFO logs (pytest would keep every one)."""
    import dask

    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.WARNING)
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        cluster = distributed.LocalCluster(n_workers=count, threads_per_worker=1, processes=False, memory_limit=0,
                                           dashboard_address=None, silence_logs=logging.ERROR)
    client = distributed.Client(cluster)
    cluster_fakes.BATCHES.clear()
    try:
        yield Cluster(client, cluster)
    finally:
        client.close()
        cluster.close()
        logger.setLevel(level)


def job(i: int = 0, *, sleep_s: float = 0.0, strategy: str = "random", budget: int = 24, **kwargs) -> ClusterJob:
    return ClusterJob(SleepTask(sleep_s, key=f"fake-{i}", **kwargs), Workload.make(f"fake{i}", "sig", "fp16", {"M": i}),
                      strategy, budget=budget, seed=i, space=SPACE, initial=[FIRST])


def records(measurements) -> list[tuple]:
    return [(m.config_key, m.status, m.latency) for m in measurements]


@pytest.mark.parametrize("workers, sleep_s, waves", [(16, 0.1, 5), (64, 0.25, 4)])
def test_many_fake_gpus_are_kept_busy(workers, sleep_s, waves, record_property):
    """Utilisation: the time the workers spend in batches over workers x the span from the first submission to the
    last result. Eight workloads, four configs a batch, each worker ``waves`` batches."""
    batch = 4
    with fake_gpus(workers) as cluster:
        jobs = [job(i, sleep_s=sleep_s, budget=workers * waves * batch // 8) for i in range(8)]
        gc.collect()
        gc.freeze()   # a full collection here would pause every fake GPU at once (real ones are other processes)
        try:
            outcome = tune_on_cluster(cluster, jobs, batch=batch, probe=fake_device)
        finally:
            gc.unfreeze()
    assert outcome.measured == workers * waves * batch and all(s.stopped == "budget" for s in outcome.searches)
    span = outcome.busy_to - outcome.busy_from
    busy = sum(end - start for _, start, end in cluster_fakes.BATCHES)
    utilisation = busy / (workers * span)
    overhead_ms = (workers * span - busy) / outcome.batches * 1e3
    record_property("utilisation", round(utilisation, 3))
    record_property("idle_ms_per_batch", round(overhead_ms, 1))
    print(f"{workers} fake GPUs: utilisation {utilisation:.1%}, {overhead_ms:.1f} ms of idle worker time per batch "
          f"of {batch * sleep_s * 1e3:.0f} ms ({outcome.batches} batches in {span:.2f} s)")
    assert utilisation >= 0.9


@pytest.mark.parametrize("strategy, in_flight", [("exhaustive", None), ("random", None), ("evolutionary", 1)])
def test_the_cluster_measures_what_a_serial_tune_measures(strategy, in_flight):
    """Proposals come in the serial loop's sizes and order: exhaustive and random measure the same configs however
    many batches are out; evolutionary, which learns from results, does with one batch out (in order, too)."""
    serial = tune(SPACE, SleepTask(0).serial, strategy, budget=30, batch=4, seed=0, progress=False,
                  initial=[FIRST])
    with fake_gpus(4) as cluster:
        outcome = tune_on_cluster(cluster, [job(0, strategy=strategy, budget=30)], batch=4, in_flight=in_flight,
                                  probe=fake_device)
    (result,) = outcome.results
    assert FIRST.to_dict() in [m.config for m in result.measurements], "the initial config is measured"
    if in_flight == 1:
        assert records(result.measurements) == records(serial.measurements)
    else:
        assert sorted(records(result.measurements)) == sorted(records(serial.measurements))
        assert outcome.batches == 8 and len({name for name, _, _ in cluster_fakes.BATCHES}) > 1
    assert result.best.config == serial.best.config


def test_a_worker_that_joins_late_gets_work():
    with fake_gpus(2) as cluster:
        def grow(search, m):
            if len(search.search.measurements) == 1:
                cluster.owned.scale(3)

        outcome = tune_on_cluster(cluster, [job(0, sleep_s=0.05, budget=60)], batch=2, on_result=grow,
                                  probe=fake_device)
    assert outcome.workers == 3 and outcome.measured == 60
    assert "2" in {name for name, _, _ in cluster_fakes.BATCHES}, "the new worker measured nothing"


def test_a_mixed_cluster_tunes_each_gpu_model_apart(monkeypatch):
    """Two H100s and two H200s: each workload is searched per GPU model, each model's batches measured on that
    model only, and every record keyed by the device that measured it."""
    monkeypatch.setattr(cluster_fakes, "MIXED", True)
    seen = []
    with fake_gpus(4) as cluster:
        outcome = tune_on_cluster(cluster, [job(0, budget=12), job(1, budget=12)], batch=3, probe=fake_device,
                                  on_result=lambda search, m: seen.append((search.device, m)))
    assert sorted((s.job.workload.program, s.device.name) for s in outcome.searches) == [
        ("fake0", "NVIDIA H100 (fake)"), ("fake0", "NVIDIA H200 (fake)"),
        ("fake1", "NVIDIA H100 (fake)"), ("fake1", "NVIDIA H200 (fake)")]
    assert [len(r.measurements) for r in outcome.results] == [12] * 4
    for device, m in seen:   # the latency a fake GPU reports depends on its model
        assert m.latency == synthetic_latency(Config.from_dict(m.config), device)
    busy = {(name, int(name) % 2) for name, _, _ in cluster_fakes.BATCHES}
    assert len(busy) == 4, "every worker measured its own model's batches"


def test_measurements_stream_in_and_a_stopped_coordinator_resumes():
    """A batch of four slow configs: the coordinator records the first while the batch still runs; stopped there
    (KeyboardInterrupt, as a killed ``tilefuse tune`` stops), a rerun with what it recorded as history measures the
    other configs once each."""
    recorded = []

    def stop_after_first(search, m):
        recorded.append((time.perf_counter(), m))
        raise KeyboardInterrupt

    with fake_gpus(1) as cluster:
        first = tune_on_cluster(cluster, [job(0, sleep_s=0.2, budget=4)], batch=4, on_result=stop_after_first,
                                probe=fake_device)
        assert first.interrupted and [len(r.measurements) for r in first.results] == [1]
        assert first.searches[0].stopped == "interrupted"
        (_, start, _), = cluster_fakes.BATCHES or [("0", 0.0, 0.0)]
        history = [m for _, m in recorded]
        again = tune_on_cluster(cluster, [job(0, sleep_s=0.01, budget=4)], batch=4, probe=fake_device,
                                history=lambda job, device: history)
    assert recorded[0][0] < first.busy_from + 0.4, "the first measurement waited for its whole batch"
    (result,) = again.results
    assert result.resumed == 1 and len(result.new) == 3
    assert len({m.config_key for m in result.measurements}) == 4


def test_a_task_that_raises_stops_the_tune():
    with fake_gpus(2) as cluster, pytest.raises(ValueError, match="failed to start"):
        tune_on_cluster(cluster, [job(0, fail=True)], retries=0, probe=fake_device)


def test_no_worker_and_a_time_budget_ends_the_tune():
    with fake_gpus(0) as cluster:
        outcome = tune_on_cluster(cluster, [job(0)], time_budget=0.3, probe=fake_device)
    assert outcome.results == [] and outcome.measured == 0


def test_device_arch_of_a_fingerprint():
    from tilefuse.autotune.cluster_tune import device_arch

    assert device_arch(Device("H200", 132, "9.0", "", "3.9")) == 90
    assert device_arch(Device("A100", 108, "8.0", "", "3.9")) == 80
    assert device_arch(Device("cpu (triton interpreter)", 0, "cpu", "", "3.9")) == 90
