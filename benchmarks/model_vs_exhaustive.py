"""Model-guided tuning (the packaged H200 cost model) against exhaustive tuning, on shapes the model never saw.

For each held-out workload the kernel's search space is cut to a grid small enough to measure every point
(tens to ~150 configs). In one process and with one ``Measurer`` (parallel compiles, fp64-checked, CUDA-graph
timed in an isolated worker):

1. **exhaustive** measures every valid point of the grid: the true best;
2. **zero-shot**: the model's top-1 over the grid, with no measurement (looked up in the exhaustive results);
3. **model-guided**: ``LearnedSearch`` with the pretrained model, budget = 10% of the grid;
4. the latency-best configs of both get an energy measurement (interleaved NVML windows).

Reported per workload: measurements used, wall time, best latency, regret against the exhaustive best, energy.
The held-out shapes are absent from the training records (``benchmarks/results/h200-2026-11-22/tune-{a,b,c}``).

    PYTHONPATH=. python3 benchmarks/model_vs_exhaustive.py --out OUT_DIR        # GPU, about 6 minutes
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tilefuse.autotune.measure import make_measurer  # noqa: E402
from tilefuse.autotune.objectives import select_best  # noqa: E402
from tilefuse.autotune.records import Device, Workload, program_signature  # noqa: E402
from tilefuse.autotune.tuner import tune, tune_space  # noqa: E402
from tilefuse.frontend.loading import load_programs  # noqa: E402
from tilefuse.ir.dtypes import as_dtype  # noqa: E402
from tilefuse.schedule import Knob, SearchSpace  # noqa: E402

GEMM_GRID = {"BLOCK_M": (64, 128), "BLOCK_N": (64, 128, 256), "BLOCK_K": (32, 64, 128), "num_warps": (4, 8),
             "num_stages": (3, 4), "GROUP_M": (8,), "SPLIT_K": (1,), "SPLIT_K_MODE": ("reduce",),
             "USE_TMA": (False, True)}
FLAT_GRID = {"BLOCK_M": (16, 32), "BLOCK_N": (64, 128), "BLOCK_K": (64, 128), "num_warps": (4, 8),
             "num_stages": (3, 4), "GROUP_M": (8,), "SPLIT_K": (1, 4, 8), "SPLIT_K_MODE": ("reduce",),
             "USE_TMA": (True,)}
ATTN_GRID = {"BLOCK_M": (64, 128), "BLOCK_N": (32, 64, 128), "num_warps": (4, 8), "num_stages": (2, 3, 4),
             "SPLIT_KV": (1,)}
CASES = [
    ("gemm-3072x3072x3072", "examples/linear_gelu.py", {"M": 3072, "N": 3072, "K": 3072}, GEMM_GRID),
    ("gemm-32x8192x4096", "examples/linear_gelu.py", {"M": 32, "N": 8192, "K": 4096}, FLAT_GRID),
    ("attn-causal-2x16x3072x128", "examples/attention/causal.py", {"B": 2, "H": 16, "M": 3072, "N": 3072, "D": 128},
     ATTN_GRID),
]


def grid_space(space: SearchSpace, grid: dict) -> SearchSpace:
    knobs = [Knob(k.name, tuple(grid.get(k.name, k.values)), k.doc) for k in space.knobs]
    return SearchSpace(knobs, space.constraints, default=space.default)


def log(msg: str) -> None:
    print(msg, flush=True)


def run_case(name, program_file, dims, grid, out, model_dir, energy_window):
    from tilefuse.cost_model.models import load_model
    from tilefuse.cost_model.search import LearnedSearch

    (program,) = load_programs(str(ROOT / program_file))
    dtype = "bf16"
    graph = program.trace(as_dtype(dtype))
    workload = Workload.make(program.name, program_signature(graph, dtype), dtype, dims)
    records = out / "records.jsonl"

    def write(m, phase):
        with records.open("a") as f:
            f.write(json.dumps({"device": Device.current().to_json(), "workload": workload.to_json(),
                                "measurement": m.to_json(), "case": name, "phase": phase}) + "\n")

    measurer = make_measurer(program, dtype, dims, workers=12, timeout_s=30,
                             energy_window_s=energy_window, log=lambda msg: None)
    try:
        space = grid_space(tune_space(graph, measurer.arch, program.name), grid)
        points = list(space.points())
        log(f"== {name}: {len(points)} configs in the grid")
        t0 = time.perf_counter()
        full = tune(space, measurer.measure, "exhaustive", budget=len(points), batch=16, progress=False)
        t_full = time.perf_counter() - t0
        for m in full.measurements:
            write(m, "exhaustive")
        best = select_best(full.measurements, "latency")
        log(f"   exhaustive: {len(full.measurements)} measured in {t_full:.1f} s, best {best.latency * 1e3:.4f} ms")
        model = load_model(model_dir, programs={program.name: program})
        bound = model.bind(workload, program=program)
        by_key = {m.config_key: m for m in full.measurements}
        top1 = model.rank(workload, points)[0]
        zero = by_key.get(top1.key())
        zero_ms = zero.latency if zero is not None and zero.ok else math.nan
        budget = max(1, math.ceil(0.1 * len(points)))
        t0 = time.perf_counter()
        guided = tune(space, measurer.measure, LearnedSearch(space, model=bound, enumerate_limit=10**9),
                      budget=budget, batch=8, progress=False)
        t_guided = time.perf_counter() - t0
        for m in guided.measurements:
            write(m, "guided")
        gbest = select_best(guided.measurements, "latency")
        log(f"   zero-shot top-1 {zero_ms * 1e3:.4f} ms; model-guided: {len(guided.measurements)} measured in "
            f"{t_guided:.1f} s, best {gbest.latency * 1e3:.4f} ms")
        energy = {}
        try:
            emeasurer = make_measurer(program, dtype, dims, workers=4, timeout_s=60,
                                      energy=True, energy_window_s=energy_window, log=lambda msg: None)
            try:
                for label, m in zip(("exhaustive", "guided"), emeasurer.measure([best.config, gbest.config])):
                    write(m, f"energy-{label}")
                    energy[label] = {"energy_j": m.energy, "power_w": m.power, "spread": m.energy_spread,
                                     "short": m.short_window, "latency": m.latency, "status": m.status}
            finally:
                emeasurer.close()
        except Exception as exc:  # noqa: BLE001 - energy is extra: a failure is reported, the comparison stands
            energy["error"] = str(exc)[:300]
        return {"case": name, "grid": len(points), "exhaustive": {
                    "measured": len(full.measurements), "wall_s": t_full, "best_ms": best.latency * 1e3,
                    "best": best.config, "failed": sum(not m.ok for m in full.measurements)},
                "zero_shot": {"config": top1.to_dict(), "ms": zero_ms * 1e3,
                              "regret": zero_ms / best.latency - 1},
                "guided": {"measured": len(guided.measurements), "wall_s": t_guided, "best_ms": gbest.latency * 1e3,
                           "best": gbest.config, "regret": gbest.latency / best.latency - 1,
                           "budget": budget},
                "energy": energy}
    finally:
        measurer.close()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--model", type=Path, default=ROOT / "tilefuse" / "cost_model" / "pretrained" / "h200")
    p.add_argument("--energy-window", type=float, default=0.5)
    p.add_argument("--only", default="")
    args = p.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for case in CASES:
        if args.only and args.only not in case[0]:
            continue
        try:
            rows.append(run_case(*case, args.out, args.model, args.energy_window))
        except Exception as exc:  # noqa: BLE001 - one case failing must not lose the others
            log(f"   {case[0]}: FAILED {type(exc).__name__}: {exc}")
            rows.append({"case": case[0], "error": f"{type(exc).__name__}: {exc}"[:500]})
        (args.out / "summary.json").write_text(json.dumps({"device": Device.current().to_json(), "rows": rows},
                                                          indent=1, default=str))
    lines = ["| case | grid | exhaustive: measured / s / best ms | zero-shot ms (regret) | "
             "model-guided: measured / s / best ms (regret) | energy mJ exhaustive-best / guided-best |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['case']} | error: {r['error'][:80]} | | | | |")
            continue
        e, g, z = r["exhaustive"], r["guided"], r["zero_shot"]
        en = r["energy"]
        energy = " / ".join(f"{en[k]['energy_j'] * 1e3:.3g}" if en.get(k, {}).get("energy_j") else "-"
                            for k in ("exhaustive", "guided"))
        lines.append(f"| {r['case']} | {r['grid']} | {e['measured']} / {e['wall_s']:.0f} / {e['best_ms']:.4f} | "
                     f"{z['ms']:.4f} ({z['regret'] * 100:+.1f}%) | {g['measured']} / {g['wall_s']:.0f} / "
                     f"{g['best_ms']:.4f} ({g['regret'] * 100:+.1f}%) | {energy} |")
    text = "\n".join(lines)
    (args.out / "summary.md").write_text(f"# Model-guided vs exhaustive ({Device.current().name})\n\n{text}\n")
    log(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
