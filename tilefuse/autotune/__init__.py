"""Autotuning: search the tiling pass's space, measure latency and energy honestly, keep results per GPU.

The modules, in the order data flows through them (import each directly; this package re-exports nothing, so
importing it loads neither triton nor a GPU library):

* ``records``: the JSON-only values every other module passes around: ``Workload`` (a program's signature, dtype
  and sizes), ``Device`` (the GPU's fingerprint) and ``Measurement`` (one config's status, latency, energy).
* ``measure``: ``Measurer`` traces a program once, compiles candidate configs in parallel and checks and times each
  in an isolated worker process, under a per-GPU lock. Its parts, one job each: ``inputs`` (random inputs at a
  shape), ``checking`` (the fp64 reference and the NaN-poisoned ``check_output``, which ``tilefuse compile --check``
  uses too), ``timing`` (the CPU timer and CUDA-graph timing), ``gpu_lock``, ``compile_pool`` (the compile
  processes, which receive the traced graph) and ``worker`` (the measuring process and its IPC).
* ``energy``: joules per call from NVML's energy counter, in interleaved windows.
* ``objectives``: what "best" means: latency, energy, edp, or energy@X% (least energy within X% of the fastest).
* ``strategies``: which configs to measure next: exhaustive, random, evolutionary, or model-guided.
* ``tuner``: ``tune()``, the resumable loop that asks a strategy, measures, and hands every result to the caller
  as it comes (``tilefuse tune`` writes each to the database); ``results_table`` prints the outcome.
* ``db``: ``TuningDB``, the per-GPU SQLite store of every measurement, and the compile-time ``lookup`` that
  ``Program.compile(shape=...)`` and ``tilefuse compile --shape`` use.
* ``plots``: best-so-far curves and the latency-energy Pareto front (matplotlib, optional).
* ``cluster``, ``cluster_worker``, ``cluster_tune``: the tune on a Dask cluster (``tilefuse tune --cluster``):
  connecting, the task a worker runs (a batch of one workload, on a Measurer it keeps), and the coordinator's
  asynchronous loop that keeps every GPU busy and writes every result to the database as it comes. Dask is optional
  (``pip install tilefuse[distributed]``) and imported only when a cluster is used.

The command line over all of it is ``tilefuse tune`` and ``tilefuse db`` (``tilefuse/cli/``).
"""
