"""Tuning on a Dask cluster for real: a local cluster of two worker processes (one thread each), each measuring
kernels with its own Measurer (in Triton's interpreter here, with the CPU timer). The records equal a serial tune's;
a worker killed mid-run costs nothing; a coordinator stopped mid-run resumes from the database; ``tilefuse
tune-module --cluster`` tunes every workload; without Dask, ``--cluster`` is a one-line error.

The workload is a 16x16x16 fp32 GEMM with GELU (examples/linear_gelu.py): in the interpreter each batch still
takes seconds, most of them starting the batch's compile processes.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from test_tune_cli import LINEAR_GELU, run

from tilefuse.autotune.db import TuningDB
from tilefuse.autotune.records import Device
from tilefuse.errors import TilefuseError

ROOT = Path(__file__).resolve().parent.parent
SHAPE = "M=16,N=16,K=16"


def tune_args(db: Path, budget: int, *extra: str) -> list[str]:
    return ["tune", LINEAR_GELU, "--shape", SHAPE, "--dtype", "fp32", "--budget", str(budget), "--strategy", "random",
            "--seed", "3", "--db", str(db), "--workers", "1", "--timeout", "120", "--no-progress", *extra]


@pytest.fixture(scope="module")
def cluster():
    pytest.importorskip("distributed")
    from tilefuse.autotune.cluster import connect

    with connect("local:2") as cluster:
        yield cluster


def address(cluster) -> str:
    return cluster.client.scheduler.address


def stored(db: Path) -> list:
    with TuningDB(db) as store:
        return store.records()


def outcome_of(records) -> list[tuple]:
    """What must match between two tunes: each config, its status, and that it passed the check."""
    return sorted((r.measurement.config_key, r.measurement.status, r.measurement.rel_error < 1e-3) for r in records)


def job(budget: int, initial=(), **options):
    """The job ``tune_args`` describes; ``initial`` configs measured first, ``options`` for the workers' Measurer."""
    from tilefuse.autotune.cluster_tune import job_for
    from tilefuse.autotune.tuner import tune_space
    from tilefuse.frontend.loading import load_program
    from tilefuse.ir.dtypes import as_dtype

    graph = load_program(LINEAR_GELU, "linear_gelu").trace(as_dtype("fp32"))
    made = job_for(graph, "fp32", {"M": 16, "N": 16, "K": 16}, strategy="random", budget=budget, seed=3,
                   **{"workers": 1, "timeout_s": 120, **options})
    if initial:
        made = dataclasses.replace(made, space=tune_space(graph, 90, "linear_gelu"), initial=list(initial), arch=90)
    return made


def test_the_cluster_records_what_a_serial_tune_records(cluster, tmp_path):
    serial_db, cluster_db = tmp_path / "serial.sqlite", tmp_path / "cluster.sqlite"
    status, out, _ = run(tune_args(serial_db, 4, "--batch", "2"))
    assert status == 0, out
    status, out, _ = run(tune_args(cluster_db, 4, "--batch", "2", "--cluster", address(cluster)))
    assert status == 0, out
    assert "2 measuring workers, 2 batches" in out and "4 measured (0 from history)" in out
    assert f"tilefuse compile {LINEAR_GELU} --entry linear_gelu --dtype fp32" in out
    serial, parallel = stored(serial_db), stored(cluster_db)
    assert outcome_of(parallel) == outcome_of(serial) and len(parallel) == 4
    assert {r.device for r in parallel} == {Device.current()}, "keyed by the workers' device (the CPU here)"


def test_a_worker_killed_mid_run_loses_and_repeats_nothing(cluster, tmp_path):
    """At the first result, the worker process still measuring a batch is killed (SIGKILL): Dask runs the batch
    again elsewhere, the config it had already streamed is not recorded twice, and the tune completes."""
    from tilefuse.autotune.cluster_tune import db_history, tune_on_cluster

    pids = cluster.client.run(os.getpid)
    killed = []
    with TuningDB(tmp_path / "db.sqlite") as db:
        def record(search, m):
            db.add(search.device, search.job.workload, m)
            busy = [w for w, keys in cluster.client.processing().items() if keys]
            if not killed and busy:
                killed.append(busy[0])
                os.kill(pids[busy[0]], signal.SIGKILL)

        outcome = tune_on_cluster(cluster, [job(4)], history=db_history(db), on_result=record, batch=2)
        records = db.records()
    assert killed, "no worker was busy at the first result"
    (result,) = outcome.results
    assert result.stopped == "budget" and not outcome.lost
    assert len(records) == 4 and len({r.measurement.config_key for r in records}) == 4
    assert all(r.measurement.status == "ok" for r in records), [r.measurement.error for r in records]
    cluster.client.wait_for_workers(2, timeout=60)   # the nanny restarts the killed worker for the next tests


def test_a_hung_kernel_times_out_and_a_stopped_coordinator_resumes(cluster, tmp_path):
    """The first config hangs its worker's measuring process (tests/measure_faults.py): the Measurer's timeout
    records it as "timeout". The coordinator stops at that first result (KeyboardInterrupt, which is how a killed
    tilefuse tune stops): it is in the database; the same command then measures the rest, and nothing twice."""
    from tilefuse.autotune.cluster_tune import db_history, tune_on_cluster
    from tilefuse.schedule import Config

    hang = Config(BLOCK_M=16, BLOCK_N=16, BLOCK_K=16, num_warps=2, num_stages=4, GROUP_M=8)
    db_path = tmp_path / "db.sqlite"
    with TuningDB(db_path) as db:
        def record_then_die(search, m):
            db.add(search.device, search.job.workload, m)
            raise KeyboardInterrupt

        hanging = job(3, [hang], worker_hook="measure_faults:inject", timeout_s=3)
        first = tune_on_cluster(cluster, [hanging], history=db_history(db), on_result=record_then_die, batch=1,
                                in_flight=1)   # nothing left running on the workers
    assert first.interrupted
    before = stored(db_path)
    assert [(r.measurement.config, r.measurement.status) for r in before] == [(hang.to_dict(), "timeout")]
    status, out, _ = run(tune_args(db_path, 3, "--batch", "2", "--cluster", address(cluster)))
    assert status == 0, out
    assert "3 measured (1 from history)" in out and "measured 2 new configs" in out
    after = stored(db_path)
    assert after[0].content_hash == before[0].content_hash
    assert len(after) == 3 and len({r.measurement.config_key for r in after}) == 3
    assert [r.measurement.status for r in after] == ["timeout", "ok", "ok"]


def test_a_compiled_module_tunes_on_the_cluster(cluster, tmp_path):
    """``tilefuse.tune(cm, cluster=client)``: a linear layer at two batch sizes is two workloads, tuned at once;
    the kernel then takes its configs from the database."""
    import torch

    import tilefuse

    db = tmp_path / "tuning.sqlite"
    model = torch.nn.Linear(16, 16)
    cm = tilefuse.compile(model, (torch.randn(16, 16),), db=db, model_pick=False)
    summary = tilefuse.tune(cm, budget=1, strategy="random", workers=1, progress=False, cluster=cluster.client,
                            shapes={cm.kernels[0].name: [{"M": 8, "N": 16, "K": 16}]})
    assert summary["workloads"] == 2 and summary["tuned"] == 2 and summary["measured"] == 2
    records = stored(db)
    assert sorted(r.workload.dims["M"] for r in records) == [8, 16]
    cm(torch.randn(16, 16))
    (spec,) = cm.kernels[0].kernel.specializations()
    assert spec["source"] == "exact", spec
    assert not cluster.client.status == "closed", "a client handed in stays open"


@pytest.mark.parametrize("spec, words", [("local:0", "local:N takes a number of workers N >= 1"),
                                         ("mycluster", "--cluster takes local, local:N or a scheduler address")])
def test_a_bad_cluster_spec_is_a_clear_error(spec, words, tmp_path):
    status, _, err = run(["tune", LINEAR_GELU, "--shape", SHAPE, "--db", str(tmp_path / "db.sqlite"), "--cluster",
                          spec])
    assert status == 2 and words in err and "Traceback" not in err
    assert not (tmp_path / "db.sqlite").exists()


@pytest.mark.parametrize("command", ["tune", "tune-module"])
def test_without_dask_cluster_says_how_to_install_it(command, monkeypatch, tmp_path):
    for name in ("dask", "distributed"):
        monkeypatch.setitem(sys.modules, name, None)   # import dask raises ImportError
    target = [LINEAR_GELU, "--shape", SHAPE] if command == "tune" else [f"{ROOT}/examples/modules/mlp_block.py:build"]
    status, _, err = run([command, *target, "--db", str(tmp_path / "db.sqlite"), "--cluster", "local"])
    assert status == 2
    assert err.strip().splitlines() == ["tilefuse: error: tuning on a cluster needs Dask (dask and distributed): "
                                        "pip install tilefuse[distributed]"]
    from tilefuse.autotune.cluster import connect

    with pytest.raises(TilefuseError, match=r"pip install tilefuse\[distributed\]"):
        connect("local")


def test_import_tilefuse_does_not_load_dask():
    code = "import sys, tilefuse; print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_local_pins_one_worker_per_gpu_without_dask_cuda(monkeypatch):
    """What ``--cluster local:3`` starts on a machine of two GPUs without dask-cuda: three non-daemonic workers,
    each seeing one GPU (round robin) and declaring one GPU resource, so measurements go only to them."""
    pytest.importorskip("distributed")
    import tilefuse.autotune.cluster as cluster_module

    monkeypatch.setattr(cluster_module, "visible_gpus", lambda: ["0", "1"])
    monkeypatch.setitem(sys.modules, "dask_cuda", None)
    with cluster_module.connect("local:3") as cluster:
        assert cluster.description == "a local cluster of 3 workers on GPUs 0, 1, 0"
        seen = cluster.client.run(lambda: (os.environ.get("CUDA_VISIBLE_DEVICES"),
                                           __import__("multiprocessing").current_process().daemon))
        assert sorted(seen.values()) == [("0", False), ("0", False), ("1", False)]
        assert [w["resources"] for w in cluster.workers().values()] == [{"GPU": 1}] * 3
