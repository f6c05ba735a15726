"""Features of one (program, shape, config, device): what the cost model sees of a candidate schedule.

Three kinds of column, named in ``FEATURE_NAMES`` (schema ``FEATURE_SCHEMA_VERSION``; a saved model records both and
is refused when they differ):

* analytic, from the lowered kernel, the sizes and the config: FLOPs, minimum bytes and arithmetic intensity (overall
  and per tile), tile dims, grid size, waves over the SMs, an occupancy estimate, padding on ragged edges, the L2
  reuse GROUP_M rasterization buys, pipeline depth, split factor, sparse density and masked fraction, epilogue op
  counts, dtype sizes, kernel kind, and a roofline time estimate (``est_time_s``, also the heuristic ranking);
* device facts: SM count, peak TFLOP/s and GB/s (``GPU``: a table for H100/H200/A100, or measured ceilings);
* compiled facts, optional: registers, spills and shared memory from an offline ``triton.compile`` for the target
  arch (``CompiledFacts``, cached on disk by kernel source hash and arch). NaN when not computed.

A workload's config-independent facts (``WorkloadFacts``) come from lowering its program when the program is known
(``facts_from_program``); a record alone gives only what its fields say (``facts_from_fields``): the kind is inferred
from the dim names (``D`` without ``K``: attention; otherwise a GEMM over ``M``, ``N``, ``K``, other dims batch), and
what needs the program (mask, epilogue, sparse operand) is NaN. XGBoost treats NaN as missing.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from ..autotune.records import Workload, program_signature
from ..gpu import GPU
from ..ir.dtypes import as_dtype
from ..schedule.space import Config
from ..schedule.tiling import heads_per_tile
from .compiled import CompiledFacts
from .facts import KernelFacts, WorkloadFacts, facts_from_fields, facts_from_program

FEATURE_SCHEMA_VERSION = 1

FEATURE_NAMES: tuple[str, ...] = (
    # kernel kind (one-hot) and how attention skips masked key blocks (NaN when unknown)
    "kind_gemm", "kind_sparse_gemm", "kind_attention", "skip_dense", "skip_bounds", "skip_table",
    # sizes of the main kernel (attention: m queries, n keys, k = head dim, dv = value dim), dtype sizes
    "log2_m", "log2_n", "log2_k", "log2_dv", "log2_batch", "in_bytes", "out_bytes", "kernels",
    # the config
    "log2_block_m", "log2_block_n", "log2_block_k", "num_warps", "num_stages", "log2_group_m", "split",
    "split_atomic", "use_tma",
    # analytic
    "log10_flops", "log10_min_bytes", "log2_intensity", "log2_tile_intensity", "log10_work_flops",
    "padding_waste", "log2_programs", "waves", "wave_efficiency", "blocks_per_sm", "occupancy",
    "smem_per_block_kib", "regs_per_thread", "acc_per_thread", "log2_l2_reuse", "log10_dram_bytes",
    "loop_iters", "pipeline_fill", "workspace_fraction", "density", "masked_fraction", "visited_fraction",
    "partial_fraction", "imbalance", "epilogue_ops", "epilogue_transcendental", "epilogue_inputs",
    "prologue_ops",
    # device, and the roofline estimate on it
    "sm_count", "peak_tflops", "bandwidth_gbs", "log2_ridge", "log10_est_compute_s", "log10_est_memory_s",
    "log10_est_time_s", "memory_bound",
    # compiled facts (offline triton.compile), NaN unless computed
    "compiled_regs", "compiled_spill_bytes", "compiled_shared_kib",
)

_LAUNCH_S = 3e-6   # per kernel launch, in the roofline estimate


# ---- the feature matrix -----------------------------------------------------------------------------------------

def _log2(x):
    return np.log2(np.maximum(np.asarray(x, dtype=float), 1e-30))


def _log10(x):
    return np.log10(np.maximum(np.asarray(x, dtype=float), 1e-30))


def config_arrays(configs: Sequence[Config]) -> dict[str, np.ndarray]:
    """Each knob as a float array over the configs."""
    names = [f for f in Config.__dataclass_fields__ if f not in ("SPLIT_K_MODE", "BACKEND")]
    out = {n: np.asarray([float(getattr(c, n)) for c in configs], dtype=float) for n in names}
    out["atomic"] = np.asarray([c.SPLIT_K_MODE == "atomic" and c.SPLIT_K > 1 for c in configs], dtype=float)
    return out


def _occupancy(dev: GPU, warps, smem, regs):
    """Programs resident per SM: limited by shared memory, warps and registers (at least one)."""
    by_smem = np.floor(dev.shared_per_sm / np.maximum(smem, 1.0))
    by_warps = np.floor(dev.max_warps_per_sm / warps)
    by_regs = np.floor(dev.regs_per_sm / (np.maximum(regs, 16.0) * 32.0 * warps))
    return np.clip(np.minimum(np.minimum(by_smem, by_warps), np.minimum(by_regs, 32.0)), 1.0, None)


def _raster_reuse(programs, slots, tiles_m, tiles_n, group_m, bm, bn):
    """How often each A/B tile loaded by the concurrently running programs is shared: with GROUP_M rasterization
    ``p`` consecutive programs cover about ``rows`` M-tiles by ``cols`` N-tiles, so a K step loads rows A tiles and
    cols B tiles for p outputs (each program alone would load one of each)."""
    p = np.maximum(np.minimum(programs, slots), 1.0)
    rows = np.minimum(tiles_m, np.maximum(np.minimum(np.minimum(group_m, tiles_m), p), np.ceil(p / tiles_n)))
    cols = np.minimum(tiles_n, np.ceil(p / rows))
    return p * (bm + bn) / (rows * bm + cols * bn)


def _overlap(compute, memory):
    """Compute and memory time of one kernel together: the larger, plus some of the other (overlap is imperfect)."""
    return (compute**4 + memory**4) ** 0.25


def kernel_columns(kf: KernelFacts, c: dict[str, np.ndarray], dev: GPU,
                   compiled: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """The config-dependent analytic columns of one kernel, vectorized over the configs ``c``."""
    ones = np.ones_like(c["BLOCK_M"])
    bm, bn, warps, stages = c["BLOCK_M"], c["BLOCK_N"], c["num_warps"], c["num_stages"]
    sz = kf.in_bytes
    peak = dev.peak_tflops * 1e12 * (0.5 if sz >= 4 else 1.0)
    known = lambda v: ones * v
    col: dict[str, np.ndarray] = {}
    if kf.kind == "attention":
        head = kf.k + kf.dv
        # packed heads (GQA): a tile's rows are `pack` heads of `rows` queries each; K/V load once per pack
        pack = np.asarray([heads_per_tile(int(p), kf.head_group, kf.m, int(b)) for p, b in zip(c["HEAD_PACK"], bm)],
                          dtype=float)
        rows = bm / pack
        tiles_m = np.ceil(kf.m / rows)
        tiles_n = np.ceil(kf.n / bn)
        visits = np.asarray([kf.block_visits(int(a), int(b)) for a, b in zip(rows, bn)], dtype=float).reshape(-1, 3)
        visited, partial, most = visits[:, 0], visits[:, 1], visits[:, 2]
        packs = kf.batch / pack
        base_programs = tiles_m * packs
        splits = np.maximum(1.0, np.minimum(np.minimum(c["SPLIT_KV"], np.ceil(2 * dev.sm_count / base_programs)),
                                            tiles_n))
        programs = base_programs * splits
        block_k = known(kf.k)
        work = 2.0 * bm * bn * head * visited * packs
        dense_work = 2.0 * kf.m * kf.n * head * kf.batch
        padding = 1.0 - dense_work / np.maximum(2.0 * tiles_m * bm * tiles_n * bn * head * packs, 1.0)
        tile_intensity = 2.0 * bm / sz
        smem = bm * kf.k * sz + np.maximum(stages, 1) * bn * head * sz
        acc = (bm * bn + bm * kf.dv) / (32.0 * warps)
        regs = np.minimum(32.0 + acc + bm * kf.k * sz / 4.0 / (32.0 * warps), 255.0)
        loop_iters = visited / np.maximum(tiles_m, 1) / splits
        # K and V stream through once per visited block; q, the output and anything else once.
        l2_traffic = visited * bn * head * sz * packs + max(kf.min_bytes - kf.batch * kf.n * head * sz, 0.0)
        workspace = np.where(splits > 1, 2.0 * splits * kf.batch * kf.m * (kf.dv + 2) * 4.0, 0.0)
        mean_visits = visited / np.maximum(tiles_m, 1)
        col["imbalance"] = most / np.maximum(mean_visits, 1e-9)
        col["visited_fraction"] = visited / np.maximum(tiles_m * tiles_n, 1)
        col["partial_fraction"] = partial / np.maximum(visited, 1)
        if kf.skipping is None:
            col["visited_fraction"] = col["partial_fraction"] = col["imbalance"] = known(math.nan)
        split_col, atomic = splits, known(0.0)
    else:
        bk = c["BLOCK_K"]
        split = c["SPLIT_K"]
        tiles_m, tiles_n = np.ceil(kf.m / bm), np.ceil(kf.n / bn)
        programs = tiles_m * tiles_n * kf.batch * split
        k_slice = np.ceil(kf.k / split)
        density = kf.density if kf.sparse and not math.isnan(kf.density) else 1.0
        loop_iters = np.ceil(k_slice / bk) * density
        padded = tiles_m * bm * tiles_n * bn * np.ceil(k_slice / bk) * bk * split
        work = 2.0 * padded * kf.batch * density
        padding = 1.0 - (kf.m * kf.n * kf.k) / np.maximum(padded, 1.0)
        tile_intensity = 2.0 * bm * bn / ((bm + bn) * sz)
        smem = stages * (bm * bk + bk * bn) * sz
        acc = bm * bn / (32.0 * warps)
        regs = np.minimum(32.0 + acc + (bm + bn) * bk * sz / 4.0 / (32.0 * warps), 255.0)
        l2_traffic = tiles_m * tiles_n * kf.batch * (bm + bn) * np.ceil(k_slice / bk) * bk * split * sz * density
        atomic = c["atomic"]
        workspace = np.where(split > 1, np.where(atomic > 0, split + 1.0, 2.0 * split) * kf.m * kf.n * kf.batch * 4.0,
                             0.0)
        col["imbalance"] = known(1.0)
        col["visited_fraction"] = known(density)
        col["partial_fraction"] = known(0.0)
        block_k = bk
        split_col = split
    if compiled is not None:   # the compiler's figures replace the estimates where it gave them
        regs = np.where(np.isnan(compiled["regs"]), regs, compiled["regs"])
        smem = np.where(np.isnan(compiled["shared"]), smem, compiled["shared"])
    blocks = _occupancy(dev, warps, smem, regs)
    slots = dev.sm_count * blocks
    waves = programs / slots
    wave_eff = programs / (np.ceil(waves) * slots)
    if kf.kind == "attention":
        reuse = np.maximum(np.minimum(tiles_m, np.minimum(programs, slots) / np.maximum(splits, 1)), 1.0)
    else:
        reuse = np.maximum(_raster_reuse(programs / split, slots, tiles_m, tiles_n, c["GROUP_M"], bm, bn), 1.0)
    # Operands that fit in half the L2 come from DRAM once; larger ones once per wave that does not share them.
    fits = kf.min_bytes <= dev.l2_bytes / 2
    dram = np.maximum(kf.min_bytes, kf.min_bytes if fits else l2_traffic / reuse) + workspace
    # A tile's tensor cores wait on shared memory unless it does enough FLOPs per byte it stages; few resident
    # warps hide little latency; a partial last wave idles SMs.
    tile_roof = np.minimum(1.0, tile_intensity * dev.smem_gbs_per_sm * 1e9 * dev.sm_count / peak)
    hiding = np.minimum(1.0, blocks * warps / 8.0)
    est_compute = work / (peak * tile_roof * hiding * np.maximum(wave_eff, 1e-3))
    if kf.kind == "attention":
        est_compute = est_compute * np.maximum(col["imbalance"] if kf.skipping else 1.0, 1.0) ** 0.5
    # DRAM saturates only with enough SMs loading: about a third of them (few programs cannot pull full bandwidth).
    est_memory = dram / (dev.bandwidth_gbs * 1e9 * np.minimum(1.0, 3.0 * np.minimum(programs, dev.sm_count)
                                                                 / dev.sm_count))
    launches = 1.0 + (split_col > 1)
    col.update({
        "log2_block_m": _log2(bm), "log2_block_n": _log2(bn), "log2_block_k": _log2(block_k),
        "num_warps": warps, "num_stages": stages, "log2_group_m": _log2(c["GROUP_M"]) if kf.kind == "gemm"
        else known(math.nan), "split": split_col, "split_atomic": atomic, "use_tma": c["USE_TMA"],
        "log2_tile_intensity": _log2(tile_intensity), "work_flops": work, "padding_waste": padding,
        "log2_programs": _log2(programs), "waves": waves, "wave_efficiency": wave_eff, "blocks_per_sm": blocks,
        "occupancy": blocks * warps / dev.max_warps_per_sm, "smem_per_block_kib": smem / 1024.0,
        "regs_per_thread": regs, "acc_per_thread": acc, "log2_l2_reuse": _log2(reuse), "dram_bytes": dram,
        "loop_iters": loop_iters, "pipeline_fill": stages / np.maximum(loop_iters, 1.0),
        "workspace_fraction": workspace / max(kf.min_bytes, 1.0),
        "est_compute_s": est_compute, "est_memory_s": est_memory,
        "est_time_s": _overlap(est_compute, est_memory) + _LAUNCH_S * launches,
    })
    return col


def feature_matrix(facts: WorkloadFacts, configs: Sequence[Config], device: GPU,
                   compiled: Sequence[dict] | None = None) -> np.ndarray:
    """One row of ``FEATURE_NAMES`` per config. ``compiled``: ``CompiledFacts.get_many``'s dicts, or None."""
    n = len(configs)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    c = config_arrays(configs)
    comp = None
    if compiled is not None:
        comp = {key: np.asarray([math.nan if d.get(key) is None else float(d[key]) for d in compiled], dtype=float)
                for key in ("regs", "spill_bytes", "shared")}
    per_kernel = [kernel_columns(kf, c, device, comp) for kf in facts.kernels]
    main, kf = per_kernel[0], facts.main
    total = lambda key: np.sum([k[key] for k in per_kernel], axis=0)
    flops = sum(k.flops for k in facts.kernels)
    min_bytes = facts.min_bytes if not math.isnan(facts.min_bytes) else sum(k.min_bytes for k in facts.kernels)
    est_compute, est_memory, est_time = total("est_compute_s"), total("est_memory_s"), total("est_time_s")
    ones = np.ones(n)
    nan = ones * math.nan
    skip = {"dense": (1, 0, 0), "bounds": (0, 1, 0), "table": (0, 0, 1)}.get(kf.skipping)
    if kf.kind == "gemm":
        skip = (0, 0, 0)
    row = {
        "kind_gemm": ones * (kf.kind == "gemm" and not kf.sparse), "kind_sparse_gemm": ones * kf.sparse,
        "kind_attention": ones * (kf.kind == "attention"),
        "skip_dense": ones * skip[0] if skip else nan, "skip_bounds": ones * skip[1] if skip else nan,
        "skip_table": ones * skip[2] if skip else nan,
        "log2_m": ones * math.log2(max(kf.m, 1)), "log2_n": ones * math.log2(max(kf.n, 1)),
        "log2_k": ones * math.log2(max(kf.k, 1)), "log2_dv": ones * math.log2(max(kf.dv, 1)),
        "log2_batch": ones * math.log2(max(kf.batch, 1)), "in_bytes": ones * kf.in_bytes,
        "out_bytes": ones * kf.out_bytes, "kernels": ones * len(facts.kernels),
        "log10_flops": ones * math.log10(max(flops, 1.0)), "log10_min_bytes": ones * math.log10(max(min_bytes, 1.0)),
        "log2_intensity": ones * math.log2(max(flops, 1.0) / max(min_bytes, 1.0)),
        "log10_work_flops": _log10(total("work_flops")), "log10_dram_bytes": _log10(total("dram_bytes")),
        "density": ones * kf.density, "masked_fraction": ones * kf.masked_fraction,
        "epilogue_ops": ones * kf.epilogue_ops, "epilogue_transcendental": ones * kf.epilogue_transcendental,
        "epilogue_inputs": ones * kf.epilogue_inputs, "prologue_ops": ones * kf.prologue_ops,
        "sm_count": ones * device.sm_count, "peak_tflops": ones * device.peak_tflops,
        "bandwidth_gbs": ones * device.bandwidth_gbs,
        "log2_ridge": ones * math.log2(device.peak_tflops * 1e12 / (device.bandwidth_gbs * 1e9)),
        "log10_est_compute_s": _log10(est_compute), "log10_est_memory_s": _log10(est_memory),
        "log10_est_time_s": _log10(est_time), "memory_bound": (est_memory > est_compute).astype(float),
        "compiled_regs": comp["regs"] if comp else nan, "compiled_spill_bytes": comp["spill_bytes"] if comp else nan,
        "compiled_shared_kib": comp["shared"] / 1024.0 if comp else nan,
    }
    for name in FEATURE_NAMES:
        if name not in row:
            row[name] = main[name]
    return np.stack([np.asarray(row[name], dtype=float) for name in FEATURE_NAMES], axis=1)


# ---- resolving a record to its facts ----------------------------------------------------------------------------

class Featurizer:
    """Features for records: resolves each workload to its facts once (lowering its program when ``programs``
    has it by name, else from the record's fields) and builds feature rows.

    ``programs``: a mapping name -> ``Program`` or an iterable of programs. ``sparse`` / ``density`` /
    ``masked_fraction``: per program name, what ``facts_from_program`` cannot see in a record. ``compiled``: a
    ``CompiledFacts`` to fill the compiled columns (slow; only for workloads whose program is known).
    """

    def __init__(self, programs: Mapping | Iterable = (), *, sparse: Mapping[str, Sequence[str]] | None = None,
                 density: Mapping[str, float] | None = None, masked_fraction: Mapping[str, float] | None = None,
                 compiled: CompiledFacts | None = None):
        self.programs = dict(programs) if isinstance(programs, Mapping) else {p.name: p for p in programs}
        self.sparse = dict(sparse or {})
        self.density = dict(density or {})
        self.masked = dict(masked_fraction or {})
        self.compiled = compiled
        self._facts: dict[tuple, WorkloadFacts] = {}
        self._warned: set[str] = set()

    def facts(self, workload: Workload) -> WorkloadFacts:
        key = (workload.program, workload.signature, workload.dtype, workload.shape)
        if key not in self._facts:
            self._facts[key] = self._resolve(workload)
        return self._facts[key]

    def _resolve(self, workload: Workload) -> WorkloadFacts:
        name = workload.program
        density = self.density.get(name)
        program = self.programs.get(name)
        if program is None:
            return facts_from_fields(workload, density=density)
        try:
            facts = facts_from_program(program, workload, sparse=self.sparse.get(name, ()), density=density,
                                       masked_fraction=self.masked.get(name))
        except Exception as exc:  # noqa: BLE001 - a program that no longer lowers at these dims: use the fields
            self._warn(name, f"tilefuse: cost model: {name} does not lower at {workload.shape_key} "
                             f"({type(exc).__name__}: {exc}); its features come from the record's fields")
            return facts_from_fields(workload, density=density)
        if self._signature(program, workload) != workload.signature:
            self._warn(name, f"tilefuse: cost model: program {name} changed since its records were measured "
                             "(signature differs); features use the program as it is now")
        return facts

    def _signature(self, program, workload: Workload) -> str:
        return program_signature(program.trace(as_dtype(workload.dtype)), workload.dtype)

    def _warn(self, name: str, message: str) -> None:
        if name not in self._warned:
            self._warned.add(name)
            warnings.warn(message, stacklevel=3)

    def matrix(self, workload: Workload, configs: Sequence[Config], device: GPU) -> np.ndarray:
        """Feature rows of ``configs`` of ``workload`` on ``device``."""
        facts = self.facts(workload)
        compiled = None
        if self.compiled is not None and facts.source == "program":
            compiled = self.compiled.get_many(self.programs[workload.program], workload, configs,
                                              sparse=self.sparse.get(workload.program, ()))
        return feature_matrix(facts, configs, device, compiled)
