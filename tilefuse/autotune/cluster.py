"""Connecting to a Dask cluster to tune on: ``connect(spec)``.

``spec`` is one of

* ``"local"``: a cluster on this machine, one worker process per GPU, each pinned to its GPU with
  ``CUDA_VISIBLE_DEVICES`` (``dask_cuda.LocalCUDACluster`` when dask-cuda is installed, else a
  ``distributed.SpecCluster`` of nannies with that variable in each worker's environment); without a GPU, a few
  CPU workers that run kernels in Triton's interpreter;
* ``"local:N"``: the same with N workers (with GPUs, worker i gets GPU i mod the GPU count: two workers on one
  GPU take turns measuring under its lock while their compiles overlap);
* ``"tcp://host:port"``: a running scheduler (``dask scheduler``), its workers started per GPU with
  ``dask cuda worker`` or ``dask worker --resources GPU=1 --nthreads 1`` (or through dask-jobqueue on Slurm);
* a ``distributed.Client`` already connected.

Where any worker declares the ``GPU`` resource, measurement tasks ask for one, so CPU-only workers of the same
cluster never measure. A worker measures in subprocesses of its own (``Measurer``), which a daemonic process may
not start: the local clusters here turn ``distributed.worker.daemon`` off; workers started by hand need
``DASK_DISTRIBUTED__WORKER__DAEMON=False`` in their environment.

Dask is imported here, on use: ``import tilefuse`` never loads it.
"""

from __future__ import annotations

import logging
import os

from ..errors import TilefuseError

INSTALL = "pip install tilefuse[distributed]"


def require_dask():
    """The ``distributed`` package, or a TilefuseError saying how to install it."""
    try:
        import dask  # noqa: F401
        import distributed
    except ImportError:
        raise TilefuseError(f"tuning on a cluster needs Dask (dask and distributed): {INSTALL}") from None
    return distributed


def visible_gpus() -> list[str]:
    """This machine's CUDA devices as ``CUDA_VISIBLE_DEVICES`` entries; none under Triton's interpreter."""
    if os.environ.get("TRITON_INTERPRET") == "1":
        return []
    import torch

    count = torch.cuda.device_count()   # NVML's count: no CUDA context is created here
    listed = [v.strip() for v in os.environ.get("CUDA_VISIBLE_DEVICES", "").split(",") if v.strip()]
    return (listed or [str(i) for i in range(count)])[:count]


def parse_spec(spec: str) -> tuple[str, int | None]:
    """("local", workers or None) or ("address", the scheduler's address); a TilefuseError for anything else."""
    text = spec.strip()
    if text == "local":
        return "local", None
    if text.startswith("local:"):
        count = text.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise TilefuseError(f"--cluster local:N takes a number of workers N >= 1, got {spec!r}")
        return "local", int(count)
    if "://" in text or (":" in text and text.rsplit(":", 1)[1].isdigit()):
        return "address", text
    raise TilefuseError(f"--cluster takes local, local:N or a scheduler address such as tcp://host:8786, "
                        f"got {spec!r}")


class Cluster:
    """A Dask client and, when ``connect`` started it, the local cluster behind it. ``close`` closes what was
    opened here: the local cluster, and the client unless it was handed in."""

    def __init__(self, client, owned=None, description: str = "", own_client: bool = True):
        self.client, self.owned, self.own_client = client, owned, own_client
        self.description = description or f"the Dask scheduler at {client.scheduler.address}"

    def addresses(self) -> set[str]:
        """The workers' addresses now (a cheap call: the scheduler sends no details)."""
        return set(self.client.nthreads())

    def workers(self) -> dict[str, dict]:
        """The scheduler's workers now: address -> {"resources", "nthreads", "name", ...}."""
        try:
            info = self.client.scheduler_info(n_workers=-1)
        except TypeError:   # distributed before 2025: every worker, no argument
            info = self.client.scheduler_info()
        return dict(info.get("workers", {}))

    def close(self) -> None:
        if self.own_client:
            self.client.close()
            self.own_client = False
        if self.owned is not None:
            self.owned.close()
            self.owned = None

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def connect(spec) -> Cluster:
    """A ``Cluster`` for ``spec`` (see the module docstring); a ``Cluster`` is returned as it is."""
    if isinstance(spec, Cluster):
        return spec
    distributed = require_dask()
    if isinstance(spec, distributed.Client):
        return Cluster(spec, own_client=False)
    kind, value = parse_spec(str(spec))
    if kind == "address":
        try:
            client = distributed.Client(value, timeout=30)
        except OSError as exc:
            raise TilefuseError(f"cannot reach the Dask scheduler at {value}: {exc}") from None
        return Cluster(client)
    return start_local(value)


def start_local(workers: int | None = None) -> Cluster:
    """A local cluster of one worker process per GPU (``workers`` of them if given); CPU workers without GPUs."""
    distributed = require_dask()
    import dask

    dask.config.set({"distributed.worker.daemon": False})   # each worker starts its measuring subprocesses
    gpus = visible_gpus()
    quiet = {"dashboard_address": ":0", "silence_logs": logging.ERROR}   # any free port: never "8787 is in use"
    if not gpus:
        count = workers or max(1, min(4, (os.cpu_count() or 2) // 2))
        cluster = distributed.LocalCluster(n_workers=count, threads_per_worker=1, processes=True, **quiet)
        return Cluster(distributed.Client(cluster), cluster, f"a local cluster of {count} CPU workers")
    count = workers or len(gpus)
    pinned = [gpus[i % len(gpus)] for i in range(count)]
    try:
        from dask_cuda import LocalCUDACluster
    except ImportError:
        LocalCUDACluster = None
    if LocalCUDACluster is not None and count <= len(gpus):
        cluster = LocalCUDACluster(CUDA_VISIBLE_DEVICES=",".join(pinned), n_workers=count, threads_per_worker=1,
                                   resources={"GPU": 1}, **quiet)
    else:
        cluster = _pinned_cluster(distributed, pinned)
    description = f"a local cluster of {count} workers on GPUs {', '.join(pinned)}"
    return Cluster(distributed.Client(cluster), cluster, description)


def _pinned_cluster(distributed, pinned: list[str]):
    """One nanny per entry of ``pinned``, its worker seeing only that GPU and declaring one ``GPU`` resource."""
    workers = {i: {"cls": distributed.Nanny,
                   "options": {"nthreads": 1, "host": "127.0.0.1", "resources": {"GPU": 1},
                               "env": {"CUDA_VISIBLE_DEVICES": gpu}, "silence_logs": logging.ERROR}}
               for i, gpu in enumerate(pinned)}
    scheduler = {"cls": distributed.Scheduler, "options": {"host": "127.0.0.1", "dashboard_address": ":0"}}
    return distributed.SpecCluster(workers=workers, scheduler=scheduler, silence_logs=logging.ERROR)
