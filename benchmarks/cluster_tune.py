"""Issue 15 on the GPU: a Llama-3-8B-shaped model's workloads tuned on one GPU, then on two, through a Dask cluster
(``tilefuse.autotune.cluster_tune``), then on two again with one worker killed mid-run.

1. Builds the Llama-3 example (``examples/modules/llama.py``) at Llama-3-8B shapes (hidden 4096, 32/8 heads of 128,
   SwiGLU 14336, vocab 128256), ``--layers`` layers (they share kernels), bf16, a prefill of one sequence whose
   length is dynamic over ``--seq-range``, compiles it (``tilefuse.compile``) and takes its distinct workloads:
   every kernel at every power of two of the range (``module_tune._workloads``, what ``tilefuse.tune`` walks).
2. Runs each mode of ``--modes`` into a fresh tuning database, on a fresh local cluster (one worker process per GPU,
   pinned with ``CUDA_VISIBLE_DEVICES``: dask-cuda's ``LocalCUDACluster`` when installed, else nannies of its own):
   ``1`` (GPU 0), ``2`` (GPUs 0 and 1), ``kill`` (two GPUs, the worker of a running batch killed with SIGKILL once
   ``--kill-at`` of the measurements are in), ``serial`` (no cluster: ``tilefuse.tune``'s loop on GPU 0). Every
   mode tunes the same jobs, ``--budget`` measurements each; the default strategy is random with one seed, so that
   every mode proposes the same configs and the best configs can be compared; each mode starts with empty kernel
   and Triton caches (in the temp directory). Reports measurements, seconds and
   measurements per minute (from the first submission to the last result), batches lost, configs recorded twice.
3. Rechecks up to ``--recheck`` workloads whose 1-GPU and 2-GPU bests differ: both configs measured back to back
   on GPU 0 by one ``Measurer``, the ratio of their latencies.
4. Writes ``cluster_tune.jsonl`` (meta, one record per mode with each workload's best, the rechecks),
   ``summary.md``, ``cluster_tune.png`` (measurements over time per mode, matplotlib) and the databases to ``--out``.

    # GPU (2 GPUs; under 10 min: each cluster mode stops submitting after --time-budget 120 s): dask and
    # distributed from wheels, dask-cuda optional
    python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl
    PYTHONPATH=/tmp/site:. python3 benchmarks/cluster_tune.py --out $OUT
    # CPU smoke test: a tiny model in Triton's interpreter, CPU workers standing in for GPUs (about 2-3 min)
    PYTHONPATH=. python benchmarks/cluster_tune.py --tiny --out /tmp/cluster_tune
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

import torch

if not torch.cuda.is_available():  # before triton is first imported
    os.environ.setdefault("TRITON_INTERPRET", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples" / "modules"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
import llama  # noqa: E402

import tilefuse as tf  # noqa: E402
from tilefuse.autotune.cluster import connect  # noqa: E402
from tilefuse.autotune.cluster_tune import tune_on_cluster  # noqa: E402
from tilefuse.autotune.cluster_worker import TracedProgram  # noqa: E402
from tilefuse.autotune.db import TuningDB  # noqa: E402
from tilefuse.autotune.measure import make_measurer  # noqa: E402
from tilefuse.autotune.objectives import select_best  # noqa: E402
from tilefuse.module_tune import _workloads, cluster_jobs  # noqa: E402 - the very list tilefuse.tune walks
from tilefuse.schedule.space import Config  # noqa: E402

log = harness.log


def build(args):
    """The compiled model and its workloads [(module kernel, Kernel, shape)]."""
    lo, hi = args.seq_range
    if args.tiny:
        shape = llama.LlamaShape(vocab=256, hidden=64, intermediate=128, layers=args.layers, heads=4, kv_heads=2,
                                 max_positions=64, max_cache=0, batch=1)
    else:
        shape = llama.LlamaShape(layers=args.layers, max_cache=0, batch=1)
    torch.manual_seed(0)
    with torch.device(args.device):
        model = llama.Llama(shape).to(args.dtype).eval()
        ids = torch.randint(0, shape.vocab, (1, lo))
        pos = torch.arange(lo)
    start = time.perf_counter()
    with torch.no_grad():
        cm = tf.compile(model, (ids, pos), db=args.out / "compile.sqlite", dims={"ids": {1: "seq"}, "pos": {0: "seq"}},
                        dynamic={"seq": (lo, hi)})
    work = _workloads(cm, None, ranges=True)
    log(f"compiled the model in {time.perf_counter() - start:.0f} s: {len(work)} workloads")
    for entry, _, shp in work:
        log(f"   {entry.name} ({' + '.join(entry.ops)}) {shp}")
    return cm, work


def run_mode(mode: str, work, args, pids_hook=None) -> dict:
    """One tune of every workload into ``<out>/<mode>.sqlite``; its numbers, with each workload's best."""
    db_path = args.out / f"{mode}.sqlite"
    db_path.unlink(missing_ok=True)
    jobs = cluster_jobs(work, args.budget, args.strategy, args.workers)
    times: list[float] = []
    killed: list[str] = []
    total = len(jobs) * args.budget
    log(f"== {mode}: {len(jobs)} workloads x budget {args.budget}, strategy {args.strategy}")
    # Cold caches for every mode: each proposes the same configs, and kernel files or Triton binaries left by an
    # earlier mode would make a later one look fast. Workers and measuring processes started now read these.
    cold = Path(tempfile.gettempdir()) / "tilefuse_cluster_tune_caches" / mode   # not under --out: it is large
    shutil.rmtree(cold, ignore_errors=True)
    os.environ["TILEFUSE_CACHE_DIR"], os.environ["TRITON_CACHE_DIR"] = str(cold / "tilefuse"), str(cold / "triton")
    with TuningDB(db_path) as db:
        if mode == "serial":
            start = time.perf_counter()
            outcome = _serial(jobs, work, db, times, start)
        else:
            cluster = connect(f"local:{1 if mode == '1' else 2}")
            try:
                cluster.client.wait_for_workers(1 if mode == "1" else 2, timeout=300)
                pids = cluster.client.run(os.getpid)
                start = time.perf_counter()

                def record(search, m):
                    db.add(search.device, search.job.workload, m)
                    times.append(time.perf_counter() - start)
                    if mode == "kill" and not killed and len(times) >= args.kill_at * total:
                        busy = [w for w, keys in cluster.client.processing().items() if keys]
                        if busy:
                            killed.append(busy[0])
                            os.kill(pids[busy[0]], signal.SIGKILL)
                            log(f"   killed the worker at {busy[0]} (pid {pids[busy[0]]}) after {len(times)} "
                                f"measurements")

                outcome = tune_on_cluster(cluster, jobs, history=lambda job, device: [], on_result=record,
                                          time_budget=args.time_budget, log=log)
            finally:
                cluster.close()
        records = db.records()
    span = max(times, default=0.0)
    keys = [(r.workload, r.measurement.config_key) for r in records]
    row = {"kind": "mode", "mode": mode, "gpus": {"1": 1, "serial": 1}.get(mode, 2), "workloads": len(jobs),
           "budget": args.budget, "measured": len(records), "ok": sum(r.measurement.ok for r in records),
           "recorded_twice": len(keys) - len(set(keys)), "seconds": span,
           "per_minute": len(records) / span * 60 if span else None, "killed": killed,
           "lost": list(getattr(outcome, "lost", [])), "devices": sorted({r.device.name for r in records}),
           "times": times}
    row["best"] = {}
    for job in jobs:
        mine = [r.measurement for r in records if r.workload == job.workload]
        best = select_best(mine, "latency")
        row["best"][job.label] = None if best is None else {"config": best.config, "latency": best.latency}
    log(f"   {row['measured']} measurements in {span:.0f} s: {row['per_minute'] or 0:.1f} per minute; "
        f"{row['recorded_twice']} recorded twice, {len(row['lost'])} batches lost")
    return row


def _serial(jobs, work, db, times, start):
    """``tilefuse.tune``'s own loop (one Measurer per workload, one after another) on GPU 0, the same jobs."""
    from tilefuse.autotune.tuner import tune

    for job, (_, kernel, shape) in zip(jobs, work):
        chooser = kernel.policy.chooser
        with make_measurer(chooser.program, chooser.dtype, shape, workers=dict(job.task.options).get("workers")
                           ) as measurer:
            def record(m, measurer=measurer, job=job, chooser=chooser):
                db.add(measurer.device or chooser.device, job.workload, m)
                times.append(time.perf_counter() - start)

            tune(job.space, measurer.measure, job.strategy, budget=job.budget, objective=job.objective,
                 on_result=record, initial=job.initial, progress=False, seed=job.seed)
    return None


def recheck(work, modes: dict, args) -> list[dict]:
    """The 1-GPU and 2-GPU bests of workloads where they differ, measured back to back on GPU 0."""
    one, two = modes.get("1"), modes.get("2")
    if one is None or two is None:
        return []
    jobs = cluster_jobs(work, args.budget, args.strategy, args.workers)
    rows = []
    for job, (_, kernel, shape) in zip(jobs, work):
        a, b = one["best"].get(job.label), two["best"].get(job.label)
        if a is None or b is None:
            continue
        same = Config.from_dict(a["config"]) == Config.from_dict(b["config"])
        row = {"kind": "recheck", "workload": job.label, "same_config": same, "one_gpu_latency": a["latency"],
               "two_gpu_latency": b["latency"]}
        if not same and len([r for r in rows if "ratio" in r]) < args.recheck:
            chooser = kernel.policy.chooser
            with make_measurer(TracedProgram(chooser.graph), chooser.dtype, shape, workers=args.workers) as measurer:
                first, second = measurer.measure([a["config"], b["config"]])
            if first.ok and second.ok:
                row.update(one_gpu_again=first.latency, two_gpu_again=second.latency,
                           ratio=second.latency / first.latency)
        rows.append(row)
    return rows


def summary(meta: dict, modes: dict, rechecks: list[dict]) -> str:
    lines = [f"# Tuning on a Dask cluster: {meta.get('gpus')} x {meta.get('name')}, {meta.get('date_utc')}", "",
             f"git {meta.get('git_revision')}, torch {meta.get('torch')}, triton {meta.get('triton')}, dask "
             f"{meta.get('dask')}, dask-cuda {meta.get('dask_cuda') or 'absent'}; {meta['workloads']} workloads of "
             f"the Llama-3-8B-shaped model ({meta['layers']} layer, seq {meta['seq_range']}), budget "
             f"{meta['budget']} each, strategy {meta['strategy']}.", "",
             "| mode | GPUs | measured | ok | seconds | per minute | vs 1 GPU | recorded twice | lost batches "
             "| killed |", "|---|---|---|---|---|---|---|---|---|---|"]
    base = (modes.get("1") or {}).get("per_minute")
    for m in modes.values():
        speedup = f"{m['per_minute'] / base:.2f}x" if base and m["per_minute"] else "-"
        lines.append(f"| {m['mode']} | {m['gpus']} | {m['measured']} | {m['ok']} | {m['seconds']:.0f} | "
                     f"{m['per_minute'] or 0:.1f} | {speedup} | {m['recorded_twice']} | {len(m['lost'])} | "
                     f"{', '.join(m['killed']) or '-'} |")
    if rechecks:
        same = sum(r["same_config"] for r in rechecks)
        lines += ["", f"Best configs, 1 GPU against 2 GPUs: the same config for {same} of {len(rechecks)} "
                  "workloads. Where they differ, both measured again back to back on GPU 0:", "",
                  "| workload | 1-GPU best (us) | 2-GPU best (us) | again: 1-GPU's | again: 2-GPU's | ratio |",
                  "|---|---|---|---|---|---|"]
        for r in rechecks:
            if r["same_config"]:
                continue
            again = (f"{r['one_gpu_again'] * 1e6:.1f} | {r['two_gpu_again'] * 1e6:.1f} | {r['ratio']:.3f}"
                     if "ratio" in r else "- | - | -")
            lines.append(f"| {r['workload']} | {r['one_gpu_latency'] * 1e6:.1f} | {r['two_gpu_latency'] * 1e6:.1f} "
                         f"| {again} |")
    return "\n".join(lines) + "\n"


def plot(modes: dict, path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, ax = plt.subplots(figsize=(7, 4))
    for m in modes.values():
        ax.plot(m["times"], range(1, len(m["times"]) + 1), label=f"{m['mode']} ({m['per_minute'] or 0:.0f}/min)")
    ax.set_xlabel("seconds since the first submission")
    ax.set_ylabel("measurements recorded")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    return True


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "cluster_tune")
    p.add_argument("--modes", default="1,2,kill", help="comma-separated: 1, 2, kill, serial (default 1,2,kill)")
    p.add_argument("--budget", type=int, default=None, help="measurements per workload (default 8; tiny: 2)")
    p.add_argument("--time-budget", type=float, default=None,
                   help="seconds per cluster mode: no batch is submitted after it (default 120 on a GPU)")
    p.add_argument("--strategy", default="random")
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--seq-range", type=lambda t: tuple(int(v) for v in t.split(":")), default=None,
                   help="LO:HI, the prefill lengths (default 1024:2048; tiny: 8:16)")
    p.add_argument("--workers", type=int, help="compile processes per GPU worker (default: the Measurer's)")
    p.add_argument("--kill-at", type=float, default=0.3, help="kill mode: the fraction of the measurements after "
                                                              "which a busy worker is killed")
    p.add_argument("--recheck", type=int, default=6, help="workloads whose differing bests are measured again")
    p.add_argument("--tiny", action="store_true", help="a tiny model, for the CPU")
    args = p.parse_args()
    args.device = "cuda" if torch.cuda.is_available() else "cpu"
    args.dtype = torch.bfloat16 if args.device == "cuda" else torch.float32
    args.budget = args.budget or (2 if args.tiny else 8)
    args.seq_range = args.seq_range or ((8, 16) if args.tiny else (1024, 2048))
    if args.time_budget is None and args.device == "cuda":
        args.time_budget = 120.0
    args.out.mkdir(parents=True, exist_ok=True)
    if args.device == "cuda" and torch.cuda.device_count() < 2 and set(args.modes.split(",")) & {"2", "kill"}:
        log(f"only {torch.cuda.device_count()} GPU here: the 2-GPU modes run two workers on it (they share its lock)")

    import dask

    meta = {"kind": "meta", **harness.device_info(args.device), "dask": dask.__version__,
            "dask_cuda": _version("dask_cuda"), "gpus": torch.cuda.device_count(), "layers": args.layers,
            "seq_range": list(args.seq_range), "budget": args.budget, "strategy": args.strategy,
            "tiny": args.tiny}
    _, work = build(args)
    meta["workloads"] = len(work)
    out = args.out / "cluster_tune.jsonl"
    modes = {}
    with out.open("w") as f:
        f.write(json.dumps(meta) + "\n")
        for mode in args.modes.split(","):
            modes[mode] = run_mode(mode, work, args)
            f.write(json.dumps(modes[mode], default=str) + "\n")
            f.flush()
        rechecks = recheck(work, modes, args)
        for r in rechecks:
            f.write(json.dumps(r) + "\n")
    (args.out / "summary.md").write_text(summary(meta, modes, rechecks))
    drew = plot(modes, args.out / "cluster_tune.png")
    log(f"wrote {out}, {args.out / 'summary.md'}{', cluster_tune.png' if drew else ''}")
    log((args.out / "summary.md").read_text())
    return 0


def _version(module: str) -> str | None:
    try:
        return __import__(module).__version__
    except Exception:  # noqa: BLE001 - absent, or present but broken (dask-cuda without a CUDA toolkit)
        return None


if __name__ == "__main__":
    sys.exit(main())
