"""Tuning on a Dask cluster: the searches run on the coordinator, their batches are measured on every GPU at once.

``tune_on_cluster(cluster, jobs)`` tunes each ``ClusterJob`` (one workload) with the existing pieces: a ``Search``
per workload and device (the strategy, the history replayed, the compiler's default first), and
``cluster_worker.measure_batch`` as the unit of work, a batch of configs measured by a worker's ``Measurer``.
It keeps about two batches per measuring worker in flight (``in_flight``), so a worker that finishes one has the
next already queued. Whenever a batch finishes, or a measurement streams in ahead of it, the result is recorded
at once (``on_result``: the database write; the coordinator is its only writer), the search learns from the
batch, and the freed slot gets the next proposal. Dask does the scheduling, the retries and the workers.

* **Devices.** Workers are grouped by the device fingerprint they measure on. A cluster of one GPU model (the
  usual case) is one group: its batches go to any measuring worker. In a mixed cluster each group runs its own
  searches, its batches restricted to its own workers, so each device's records make a whole tune of their own.
* **Equal to a serial tune.** Searches propose in the sizes and the order ``tune`` does. A strategy whose proposals
  do not depend on results (exhaustive, random) measures the same configs; one that learns (evolutionary,
  model-guided) proposes with the results that are back, which ``in_flight=1`` makes exactly the serial loop's.
* **Faults.** Dask reschedules the task of a worker that dies; a config recorded twice (streamed, then in the
  result of the rescheduled task) is dropped by its key, so nothing is recorded twice or lost. A hung kernel hits
  the Measurer's timeout. A worker that joins is probed for its device and gets batches from then on.
* **Resuming.** Each search starts from ``history(job, device)`` (the database's records), replayed and never
  measured again, like ``tune``.
"""

from __future__ import annotations

import itertools
import math
import queue
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..schedule.space import Config, SearchSpace
from .cluster import Cluster, connect
from .cluster_worker import MeasureTask, measure_batch, release, worker_device
from .db import load_history
from .records import Device, Measurement, Workload, program_signature
from .tuner import Search, TuneResult, tune_space

REFRESH_S = 0.5          # how often the coordinator looks for workers that joined or left
POLL_S = 0.01            # how long the coordinator sleeps when nothing has arrived


@dataclass
class ClusterJob:
    """One workload to tune: what a worker measures (``task``), what the records are keyed by (``workload``), and
    the search. ``space`` and ``initial`` hold for target ``arch``; a device of another arch gets its own space
    (``tune_space``) and that space's default first."""

    task: MeasureTask
    workload: Workload
    strategy: str = "evolutionary"
    objective: str = "latency"
    budget: int = 64
    seed: int = 0
    space: SearchSpace | None = None
    initial: Sequence[Config] = ()
    arch: int | None = None
    label: str = ""

    def space_for(self, device: Device) -> tuple[SearchSpace, list[Config]]:
        arch = device_arch(device)
        if self.space is not None and (self.arch is None or self.arch == arch):
            return self.space, list(self.initial)
        space = tune_space(self.task.graph, arch, self.workload.program)
        return space, [space.default]


def device_arch(device: Device) -> int:
    """The compile target of a device: its capability ("9.0" -> 90); 90 under the interpreter (the Measurer's)."""
    major, _, minor = device.capability.partition(".")
    return int(major) * 10 + int(minor or 0) if major.isdigit() else 90


@dataclass
class DeviceSearch:
    """One job's search on one device, and what the coordinator knows of it."""

    index: int                    # the job's place in the list
    job: ClusterJob
    device: Device
    search: Search
    pending: int = 0              # configs out in batches
    batches: int = 0              # batches out
    stopped: str = ""             # why it proposes no more: "budget", "exhausted", "time", "interrupted"
    done: bool = False            # stopped, and nothing of it out

    @property
    def room(self) -> int:
        return self.search.left - self.pending


@dataclass
class _Batch:
    id: int
    target: DeviceSearch
    configs: list[Config]
    waiting: set[str] = field(default_factory=set)   # keys of its configs not recorded yet
    future: object = None
    fresh: dict = field(default_factory=dict)   # id(DeviceSearch) -> (DeviceSearch, [(key, Measurement)])


@dataclass
class ClusterTuneResult:
    """What ``tune_on_cluster`` did: a ``TuneResult`` per search, and how the cluster was used."""

    searches: list[DeviceSearch]
    results: list[TuneResult]
    wall_s: float
    busy_from: float               # perf_counter of the first submission, and of the last result
    busy_to: float
    batches: int
    workers: int                   # measuring workers seen
    interrupted: bool = False
    lost: list[str] = field(default_factory=list)   # batches given up (their configs unrecorded), and why

    @property
    def measured(self) -> int:
        return sum(len(r.new) for r in self.results)


History = Callable[[ClusterJob, Device], Sequence[Measurement]]
OnResult = Callable[[DeviceSearch, Measurement], None]


def job_for(graph, dtype: str, dims: dict, *, strategy: str = "evolutionary", objective: str = "latency",
            budget: int = 64, seed: int = 0, label: str = "", **measurer_options) -> ClusterJob:
    """A ``ClusterJob`` for a traced program at ``dims``: each device searches its own arch's space, the compiler's
    default first. ``measurer_options`` go to each worker's ``Measurer`` (``timeout_s``, ``workers``, ``energy``)."""
    task = MeasureTask.make(graph, dtype, dims, seed=seed, **measurer_options)
    workload = Workload.make(graph.name, program_signature(graph, dtype), dtype, dims)
    return ClusterJob(task, workload, strategy, objective, budget, seed, label=label)


def db_history(db) -> History:
    """``history`` from a ``TuningDB``: the records it holds for the job's workload on the device."""
    return lambda job, device: load_history(db, device, job.workload)


def tune_on_cluster(cluster, jobs: Sequence[ClusterJob], *, history: History | None = None,
                    on_result: OnResult | None = None, batch: int = 8, time_budget: float | None = None,
                    in_flight: int | None = None, per_worker: int = 2, retries: int = 1,
                    probe: Callable[[], dict] = worker_device, on_search: Callable[[DeviceSearch], None] | None = None,
                    log: Callable[[str], None] | None = None) -> ClusterTuneResult:
    """Tune every job on ``cluster`` (a ``Cluster``, a spec for ``connect`` or a ``distributed.Client``); see the
    module docstring.

    ``history(job, device)`` gives a search's records to replay; ``on_result(search, measurement)`` gets each new
    measurement once, the moment it arrives. ``in_flight`` batches out at once (default ``per_worker`` per
    measuring worker); one job has at most its share of them, so several workloads move together. ``time_budget``
    seconds: no batch is submitted after it (those out finish). ``retries``: a task that raises is tried again
    this often (a worker that dies is Dask's to reschedule, whatever this says). ``probe`` runs on each new worker
    and returns its device as JSON; ``on_search`` gets each search as it starts (a progress bar's row).
    """
    run = _Run(connect(cluster), list(jobs), history or (lambda job, device: ()), on_result, batch, time_budget,
               in_flight, per_worker, retries, probe, on_search, log or (lambda text: None))
    return run.go()


class _Run:
    def __init__(self, cluster: Cluster, jobs, history, on_result, batch, time_budget, in_flight, per_worker,
                 retries, probe, on_search, log):
        self.cluster, self.client, self.jobs = cluster, cluster.client, jobs
        self.history, self.on_result, self.batch, self.retries = history, on_result, batch, retries
        self.on_search = on_search
        self.fixed_in_flight, self.per_worker, self.probe, self.log = in_flight, per_worker, probe, log
        self.start = time.perf_counter()
        self.deadline = math.inf if time_budget is None else self.start + time_budget
        self.events: queue.SimpleQueue = queue.SimpleQueue()    # measurements streamed ahead of their batch
        self.completed = None                                   # as_completed: (future, result) of each batch
        self.topic = f"tilefuse-measured-{uuid.uuid4().hex[:12]}"
        self.workers: dict[str, str] = {}                       # measuring worker -> its device fingerprint
        self.devices: dict[str, Device] = {}                    # fingerprint -> device
        self.device_objects: dict[tuple, Device] = {}           # a device's JSON items -> that device
        self.searches: dict[tuple[int, str], DeviceSearch] = {}
        self.out: dict[str, _Batch] = {}                        # future key -> batch
        self.by_id: dict[int, _Batch] = {}
        self.ids = itertools.count()
        self.submitted = 0
        self.told_waiting = False
        self.gpu = False
        self.seen_workers: set[str] = set()
        self.lost: list[str] = []
        self.first_submit = self.last_result = None
        self.refreshed = -math.inf
        self.addresses: set[str] | None = None       # every worker's, at the last refresh
        self.interrupted = False

    # ---- the loop ------------------------------------------------------------------------------------------

    def go(self) -> ClusterTuneResult:
        from distributed import as_completed

        # Results are fetched by the client's event loop as batches finish, never one blocking call each.
        self.completed = as_completed(with_results=True, raise_errors=False)
        self.client.subscribe_topic(self.topic, lambda event: self.events.put(event[1]))
        try:
            self.refresh(force=True)
            self.fill()
            while self.out or self.waiting_for_workers():
                arrived = False
                while not self.events.empty():
                    self.streamed(self.events.get())
                    arrived = True
                for future, result in self.completed.next_batch(block=False):
                    self.finished(future, result)
                    arrived = True
                if not arrived:
                    try:
                        self.streamed(self.events.get(timeout=POLL_S))
                    except queue.Empty:
                        pass
                self.refresh()
                self.fill()
        except KeyboardInterrupt:
            self.interrupted = True
        finally:
            self.client.unsubscribe_topic(self.topic)
            leftover = [b.future for b in self.out.values()]
            if leftover:
                self.client.cancel(leftover, force=True)
        return self.result()

    def waiting_for_workers(self) -> bool:
        """Nothing out, but work left and no worker to give it to (a cluster whose workers are still coming)."""
        if self.workers or time.perf_counter() >= self.deadline:
            return False
        if not self.told_waiting:
            self.told_waiting = True
            self.log("waiting for a measuring Dask worker to join")
        return not self.searches or any(not s.done for s in self.searches.values())

    def refresh(self, force: bool = False) -> None:
        """Probe workers that joined, forget those that left (at most every ``REFRESH_S``)."""
        now = time.perf_counter()
        if not force and now - self.refreshed < REFRESH_S:
            return
        self.refreshed = now
        addresses = self.cluster.addresses()
        if addresses == self.addresses:
            return
        self.addresses = addresses
        info = self.cluster.workers()
        self.gpu = any(w.get("resources", {}).get("GPU") for w in info.values())
        measuring = {a for a, w in info.items() if not self.gpu or w.get("resources", {}).get("GPU")}
        for gone in set(self.workers) - measuring:
            del self.workers[gone]
        new = sorted(measuring - set(self.workers))
        if not new:
            return
        try:
            probed = self.client.run(self.probe, workers=new)
        except Exception as exc:  # noqa: BLE001 - a worker that left while being probed: the next refresh sees it
            self.log(f"could not probe new workers: {exc}")
            self.addresses = None
            return
        for address, device_json in probed.items():
            device = self.device(device_json)
            self.workers[address] = device.fingerprint
            self.seen_workers.add(address)
            for i in range(len(self.jobs)):
                self.search_for(i, device)

    def search_for(self, job_index: int, device: Device) -> DeviceSearch:
        key = (job_index, device.fingerprint)
        if key not in self.searches:
            job = self.jobs[job_index]
            space, initial = job.space_for(device)
            search = Search(space, job.strategy, objective=job.objective, budget=job.budget,
                            history=list(self.history(job, device)), seed=job.seed, initial=initial,
                            label=job.label)
            self.searches[key] = DeviceSearch(job_index, job, device, search)
            if self.on_search is not None:
                self.on_search(self.searches[key])
        return self.searches[key]

    # ---- proposing -----------------------------------------------------------------------------------------

    def fill(self) -> None:
        """Submit batches until every device group has its share out, searches in job order."""
        if time.perf_counter() >= self.deadline:
            for s in self.searches.values():
                s.stopped = s.stopped or ("budget" if s.search.left <= 0 else "time")
        groups: dict[str, list[str]] = {}
        for address, fingerprint in self.workers.items():
            groups.setdefault(fingerprint, []).append(address)
        for fingerprint, addresses in groups.items():
            target = self.fixed_in_flight or self.per_worker * len(addresses)
            searches = [s for (_, f), s in sorted(self.searches.items()) if f == fingerprint]
            out = sum(s.batches for s in searches)
            new = []
            while out < target and time.perf_counter() < self.deadline:
                active = [s for s in searches if not s.stopped]
                share = max(self.per_worker, math.ceil(target / max(1, len(active))))
                open_ = [s for s in active if s.room > 0]   # under its share first; past it rather than idle
                search = next((s for s in open_ if s.batches < share), open_[0] if open_ else None)
                if search is None:
                    break
                configs = search.search.propose(min(self.batch, search.room))
                if not configs:
                    search.stopped = "exhausted"
                    continue
                new.append(self.batch_of(search, configs))
                out += 1
            if new:
                self.submit(new, addresses if len(groups) > 1 else None)
        for s in self.searches.values():
            if s.search.left <= 0:
                s.stopped = s.stopped or "budget"
            if s.stopped and not s.batches and not s.done:
                self.finish(s)

    def batch_of(self, search: DeviceSearch, configs: list[Config]) -> _Batch:
        batch = _Batch(next(self.ids), search, configs, {c.key() for c in configs})
        self.by_id[batch.id] = batch
        search.pending += len(configs)
        search.batches += 1
        return batch

    def submit(self, batches: list[_Batch], workers: list[str] | None) -> None:
        """Submit ``batches`` as one graph (one message to the scheduler, however many)."""
        options = {"resources": {"GPU": 1}} if self.gpu else {}
        if workers is not None:   # preferred: if every one of them has left, any worker may take it
            options.update(workers=workers, allow_other_workers=True)
        futures = self.client.map(measure_batch, [b.target.job.task for b in batches],
                                  [[c.to_dict() for c in b.configs] for b in batches],
                                  [self.topic] * len(batches), [b.id for b in batches],
                                  pure=False, retries=self.retries, **options)
        for batch, future in zip(batches, futures):
            batch.future = future
            self.out[future.key] = batch
        self.completed.update(futures)
        self.submitted += len(batches)
        self.first_submit = self.first_submit or time.perf_counter()

    def finish(self, search: DeviceSearch) -> None:
        """A search is over; once every device's search of its job is, the workers drop the job's Measurer."""
        search.done = True
        if all(s.done for s in self.searches.values() if s.job is search.job):
            self.client.run(release, search.job.task.key, wait=False)

    # ---- recording -----------------------------------------------------------------------------------------

    def take(self, batch: _Batch, device_json: dict, key: str, m_json: dict) -> None:
        """Record a measurement (of the config with ``key``, on ``device_json``) in its device's search, unless
        that config is recorded there already."""
        device = self.device(device_json)
        if device is batch.target.device:
            search = batch.target
        else:   # a worker of another device took it (a mixed cluster's group ran out of workers)
            search = self.search_for(batch.target.index, device)
        if key in batch.waiting:
            batch.waiting.discard(key)
            batch.target.pending -= 1
        if search.search.measured(key):
            return
        m = Measurement.from_json(m_json)
        search.search.record(m, key)
        batch.fresh.setdefault(id(search), (search, []))[1].append((key, m))
        self.last_result = time.perf_counter()
        if self.on_result is not None:
            self.on_result(search, m)

    def streamed(self, event: dict) -> None:
        batch = self.by_id.get(event["batch"])
        if batch is not None:   # else its result came first and recorded it
            self.take(batch, event["device"], event["key"], event["measurement"])

    def device(self, device_json: dict) -> Device:
        """The ``Device`` of a worker's JSON, one object per device (what ``take`` compares)."""
        text = tuple(sorted(device_json.items()))
        if text not in self.device_objects:
            device = Device.from_json(device_json)
            self.device_objects[text] = self.devices.setdefault(device.fingerprint, device)
        return self.device_objects[text]

    def finished(self, future, result) -> None:
        batch = self.out.pop(future.key, None)
        if batch is None:
            return
        del self.by_id[batch.id]
        target = batch.target
        target.batches -= 1
        if future.status == "finished":
            for key, m_json in zip(result["keys"], result["measurements"]):
                self.take(batch, result["device"], key, m_json)
        elif future.status == "error":
            error = result[1] if isinstance(result, tuple) else result   # (type, exception, traceback)
            if type(error).__name__ != "KilledWorker":
                raise error
            self.lost.append(f"{target.job.label or target.job.workload.program}: a batch of {len(batch.configs)} "
                             f"configs killed its workers ({error}); a rerun measures them")
        target.pending -= len(batch.waiting)   # configs that came back with no measurement
        batch.waiting.clear()
        order = {c.key(): i for i, c in enumerate(batch.configs)}
        for search, fresh in batch.fresh.values():
            fresh.sort(key=lambda item: order.get(item[0], len(order)))
            search.search.learn([m for _, m in fresh])

    def result(self) -> ClusterTuneResult:
        wall = time.perf_counter() - self.start
        searches = list(self.searches.values())
        for s in searches:
            if self.interrupted:
                s.stopped = "interrupted"
            elif not s.stopped:   # the deadline passed while it waited for workers
                s.stopped = "time"
        return ClusterTuneResult(searches, [s.search.result(wall, self.interrupted, s.stopped) for s in searches],
                                 wall, self.first_submit or self.start, self.last_result or self.start,
                                 self.submitted, len(self.seen_workers), self.interrupted,
                                 self.lost)
