"""The learned cost model (tilefuse.cost_model): features of every kernel kind, training, held-out evaluation,
model-guided search, energy-aware selection, save/load, and the heuristic fallbacks. CPU only.

Real GPU records do not exist in the repository yet, so the records here are synthetic but shaped like the real
ones: the real programs of ``examples/`` (their signatures, their lowered kernels), configs drawn from their real
search spaces, and a latency from a roofline-style model of an H100 (tile efficiency, waves, occupancy, L2 reuse
with GROUP_M, split-K and split-KV overheads, causal block skipping) with 3% deterministic noise; energy from a
power model in which every resident warp draws power while DRAM saturates from about half occupancy, so on
memory-bound workloads a leaner config can save energy at little or no latency cost.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from tilefuse.autotune.db import Record
from tilefuse.autotune.records import Device, Measurement, Workload, program_signature
from tilefuse.autotune.strategies import ModelGuided, RandomSearch, RidgeModel
from tilefuse.autotune.tuner import tune
from tilefuse.cli.model import add_model_parser
from tilefuse.cost_model import (
    FEATURE_NAMES,
    FEATURE_SCHEMA_VERSION,
    GPU,
    CompiledFacts,
    CostModel,
    CostModelError,
    Featurizer,
    LearnedSearch,
    TrainParams,
    guide_model,
    load_model,
    load_pretrained,
    pretrained_path,
    rank,
    read_records,
    select_energy_aware,
    train_model,
)
from tilefuse.cost_model.evaluate import (
    evaluate,
    kendall_tau,
    measurements_to_within,
    plot_regret,
    simulate,
    workload_tables,
)
from tilefuse.cost_model.facts import facts_from_fields, facts_from_program
from tilefuse.cost_model.features import feature_matrix
from tilefuse.frontend.loading import load_program_files
from tilefuse.ir.dtypes import as_dtype
from tilefuse.schedule import Config, attention_space, gemm_space
from tilefuse.schedule.space import SearchSpace

ROOT = Path(__file__).resolve().parents[1]
PROGRAMS = load_program_files([str(ROOT / "examples")])
H100 = Device("NVIDIA H100 80GB HBM3", 132, "9.0", "550.54.15", "3.6.0")
SPEC = GPU.for_device(H100)
FAST = TrainParams(rounds=60, depth=4, eta=0.15)   # small boosters: the whole file stays well under a minute


def col(x: np.ndarray, name: str) -> np.ndarray:
    return x[:, FEATURE_NAMES.index(name)]


def workload(program: str, dims: dict, dtype: str = "bf16") -> Workload:
    p = PROGRAMS[program]
    return Workload.make(p.name, program_signature(p.trace(as_dtype(dtype)), dtype), dtype, dims)


# ---- a synthetic H100 ----------------------------------------------------------------------------------------------

SMS, PEAK, BANDWIDTH = 132, 700e12, 3.0e12


def noise(*parts) -> float:
    """Uniform in [-1, 1), fixed per (workload, config)."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return int(digest[:8], 16) / 2**31 - 1


def _finish(compute: float, memory: float, occupancy: float, key, launches: int = 1) -> tuple[float, float]:
    """(latency s, energy J): overlapped compute and memory time, then power from utilization."""
    memory = memory / min(1.0, 0.6 + 0.8 * occupancy)         # DRAM saturates from about half occupancy on
    latency = (max(compute, memory) + 0.15 * min(compute, memory) + 4e-6 * launches) * (1 + 0.03 * noise(*key))
    # ... but every resident warp keeps drawing power while it waits on memory.
    power = 90 + 420 * compute / latency + 230 * (memory / latency) * (0.35 + 0.65 * occupancy)
    return latency, latency * power


def gemm_cost(dims: dict, c: Config) -> tuple[float, float]:
    m, n, k = dims["M"], dims["N"], dims["K"]
    tm, tn = math.ceil(m / c.BLOCK_M), math.ceil(n / c.BLOCK_N)
    programs = tm * tn * c.SPLIT_K
    smem = c.num_stages * (c.BLOCK_M + c.BLOCK_N) * c.BLOCK_K * 2
    resident = max(1, min(228 * 1024 // smem, 64 // c.num_warps))
    slots = SMS * resident
    wave_efficiency = programs / (math.ceil(programs / slots) * slots)
    acc = c.BLOCK_M * c.BLOCK_N / (32 * c.num_warps)
    efficiency = (0.92 * (min(c.BLOCK_M, c.BLOCK_N) / 128) ** 0.4 * (1 - 0.12 * abs(math.log2(acc / 64)))
                  * (1 - 0.3 / c.num_stages) * (0.85 if c.BLOCK_K == 16 else 1.0) * (1.06 if c.USE_TMA else 1.0))
    k_steps = math.ceil(math.ceil(k / c.SPLIT_K) / c.BLOCK_K)
    flops = 2.0 * tm * c.BLOCK_M * tn * c.BLOCK_N * k_steps * c.BLOCK_K * c.SPLIT_K
    compute = flops / (PEAK * max(efficiency, 0.05) * wave_efficiency)
    a_passes = 1 if c.GROUP_M * c.BLOCK_M * k * 2 < 24 * 2**20 else max(1, tn // 4)
    memory = (m * k * 2 * a_passes + k * n * 2 * math.ceil(tm / c.GROUP_M) + m * n * 2) / BANDWIDTH
    if c.SPLIT_K > 1:
        memory += (2 if c.SPLIT_K_MODE == "reduce" else 1.5) * c.SPLIT_K * m * n * 4 / BANDWIDTH
    occupancy = min(1.0, resident * c.num_warps / 32) * min(1.0, programs / SMS)
    launches = 2 if c.SPLIT_K > 1 and c.SPLIT_K_MODE == "reduce" else 1
    return _finish(compute, memory, occupancy, (sorted(dims.items()), c), launches)


def attention_cost(dims: dict, c: Config, causal: bool) -> tuple[float, float]:
    b, h, m, n, d = dims["B"], dims["H"], dims["M"], dims["N"], dims["D"]
    tm, tn = math.ceil(m / c.BLOCK_M), math.ceil(n / c.BLOCK_N)
    visited = sum(math.ceil(min((i + 1) * c.BLOCK_M, n) / c.BLOCK_N) for i in range(tm)) if causal else tm * tn
    splits = max(1, min(c.SPLIT_KV, math.ceil(2 * SMS / (tm * b * h)), tn))
    programs = tm * b * h * splits
    smem = (c.BLOCK_M * d + max(c.num_stages, 1) * 2 * c.BLOCK_N * d) * 2
    resident = max(1, min(228 * 1024 // smem, 64 // c.num_warps))
    slots = SMS * resident
    wave_efficiency = programs / (math.ceil(programs / slots) * slots)
    rows_per_warp = c.BLOCK_M / (16 * c.num_warps)
    efficiency = (0.75 * (c.BLOCK_M / 128) ** 0.3 * (c.BLOCK_N / 64) ** 0.1 * (1 - 0.25 / c.num_stages)
                  * (1 - 0.15 * abs(math.log2(max(rows_per_warp, 1 / 8)))))
    compute = 4.0 * c.BLOCK_M * c.BLOCK_N * d * visited * b * h / (PEAK * max(efficiency, 0.05) * wave_efficiency)
    memory = (b * h * (2 * m * d * 2 + visited * c.BLOCK_N * 2 * d * 2 / max(1, min(tm, 4)))
              + (splits > 1) * splits * b * h * m * (d + 2) * 4 * 2) / BANDWIDTH
    occupancy = min(1.0, resident * c.num_warps / 32) * min(1.0, programs / SMS)
    return _finish(compute, memory, occupancy, (sorted(dims.items()), c), 2 if splits > 1 else 1)


GEMM_SPACE = gemm_space(2, 2, GPU.for_arch(90))
# The synthetic attention costs below have no TMA term: a knob they ignore would only add noise to the samples.
ATTENTION_SPACE = attention_space(2, GPU.for_arch(90))
ATTENTION_SPACE = SearchSpace([k for k in ATTENTION_SPACE.knobs if k.name != "USE_TMA"], ATTENTION_SPACE.constraints)


def sample_configs(space, count: int, seed: int) -> list[Config]:
    """``count`` distinct valid configs drawn uniformly (seeded), as a tune's first random batches would be."""
    rng = random.Random(seed)
    chosen: dict[Config, None] = {}
    while len(chosen) < count:
        c = Config(**{k.name: rng.choice(k.values) for k in space.knobs})
        if (c.SPLIT_K > 1 or c.SPLIT_K_MODE == "reduce") and not space.violations(c):
            chosen[c] = None
    return list(chosen)


# (program, dims) per workload: GEMMs from square to flat; causal prefill; decode over a long KV cache.
WORKLOADS = [
    ("linear_gelu", {"M": 4096, "N": 4096, "K": 4096}), ("linear_gelu", {"M": 2048, "N": 2048, "K": 8192}),
    ("linear_gelu", {"M": 128, "N": 11008, "K": 4096}), ("linear_gelu", {"M": 16, "N": 4096, "K": 4096}),
    ("linear_gelu", {"M": 1024, "N": 4096, "K": 1024}),
    ("causal_attention", {"B": 4, "H": 32, "M": 4096, "N": 4096, "D": 128}),
    ("causal_attention", {"B": 4, "H": 32, "M": 2048, "N": 2048, "D": 128}),
    ("causal_attention", {"B": 2, "H": 16, "M": 1024, "N": 1024, "D": 64}),
    ("attention", {"B": 64, "H": 32, "M": 1, "N": 8192, "D": 128}),
    ("attention", {"B": 8, "H": 32, "M": 4, "N": 4096, "D": 128}),
    ("attention", {"B": 16, "H": 16, "M": 16, "N": 2048, "D": 128}),
]


def synthetic_records(configs_per_workload: int = 64, workloads=WORKLOADS, seed: int = 0,
                      failures: bool = True) -> list[Record]:
    """Records of every workload: ``configs_per_workload`` sampled configs each, a few failing to compile."""
    records = []
    for i, (program, dims) in enumerate(workloads):
        w = workload(program, dims)
        is_gemm = program == "linear_gelu"
        for j, c in enumerate(sample_configs(GEMM_SPACE if is_gemm else ATTENTION_SPACE, configs_per_workload,
                                             seed * 1000 + i)):
            if failures and j % 29 == 5:
                m = Measurement(c.to_dict(), status="compile_error", error="ptxas: out of resources", timestamp=0.0)
            else:
                latency, energy = (gemm_cost(dims, c) if is_gemm else
                                   attention_cost(dims, c, causal=program == "causal_attention"))
                m = Measurement(c.to_dict(), latency=latency, latency_samples=[latency], energy=energy,
                                power=energy / latency, timestamp=0.0)
            records.append(Record(H100, w, m))
    return records


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return synthetic_records()


@pytest.fixture(scope="module")
def featurizer() -> Featurizer:
    return Featurizer(PROGRAMS)


HELD_OUT = [WORKLOADS[2][1], WORKLOADS[6][1]]   # a flat GEMM and a causal prefill


@pytest.fixture(scope="module")
def model(records, featurizer) -> CostModel:
    """Trained on every workload but the two of ``HELD_OUT``."""
    return train_model([r for r in records if r.workload.dims not in HELD_OUT], featurizer=featurizer, params=FAST)


# ---- features -------------------------------------------------------------------------------------------------------

def test_feature_schema_is_versioned_and_named():
    assert isinstance(FEATURE_SCHEMA_VERSION, int) and FEATURE_SCHEMA_VERSION >= 1
    assert len(FEATURE_NAMES) == len(set(FEATURE_NAMES)) > 40
    assert all(name.isidentifier() for name in FEATURE_NAMES)


# Compiled facts are NaN unless asked for (CompiledFacts); each test adds what its kind lacks by design (a dense GEMM
# has no density and no mask, attention no GROUP_M).
NAN_BY_DESIGN = {"compiled_regs", "compiled_spill_bytes", "compiled_shared_kib"}


def _features(program: str, dims: dict, configs: list[Config], **kwargs) -> np.ndarray:
    w = workload(program, dims)
    facts = facts_from_program(PROGRAMS[program], w, **kwargs)
    x = feature_matrix(facts, configs, SPEC)
    assert x.shape == (len(configs), len(FEATURE_NAMES))
    return x


def _finite_except(x: np.ndarray, allowed: set[str]) -> None:
    bad = [name for i, name in enumerate(FEATURE_NAMES) if name not in allowed and not np.isfinite(x[:, i]).all()]
    assert not bad, f"non-finite features: {bad}"


def test_gemm_features():
    dims = {"M": 4096, "N": 4096, "K": 4096}
    configs = [Config(BLOCK_M=128, BLOCK_N=256, BLOCK_K=64), Config(BLOCK_M=64, BLOCK_N=64, BLOCK_K=32, num_warps=4)]
    x = _features("linear_gelu", dims, configs)
    _finite_except(x, NAN_BY_DESIGN | {"density", "masked_fraction"})
    np.testing.assert_allclose(10 ** col(x, "log10_flops"), 2 * 4096**3, rtol=1e-9)   # 2MNK
    np.testing.assert_allclose(10 ** col(x, "log10_min_bytes"), (3 * 4096 * 4096 + 4096) * 2, rtol=1e-9)
    assert (col(x, "kind_gemm") == 1).all() and (col(x, "kind_attention") == 0).all()
    assert (col(x, "padding_waste") == 0).all() and (col(x, "split") == 1).all()
    assert list(col(x, "log2_programs")) == [math.log2(32 * 16), math.log2(64 * 64)]
    assert list(col(x, "loop_iters")) == [64, 128]
    assert list(col(x, "epilogue_ops")) == [3, 3]               # add the bias, gelu, cast
    assert list(col(x, "epilogue_transcendental")) == [1, 1]
    assert list(col(x, "epilogue_inputs")) == [1, 1]            # the bias
    assert list(col(x, "smem_per_block_kib")) == [3 * (128 + 256) * 64 * 2 / 1024, 3 * (64 + 64) * 32 * 2 / 1024]
    # A bigger tile reuses more per byte loaded; ragged sizes waste padding.
    assert col(x, "log2_tile_intensity")[0] > col(x, "log2_tile_intensity")[1]
    ragged = _features("linear_gelu", {"M": 1000, "N": 1000, "K": 1000}, configs)
    assert (col(ragged, "padding_waste") > 0).all()
    # The roofline: square bf16 GEMM is compute-bound on an H100.
    assert col(x, "memory_bound")[0] == 0 and col(x, "log10_est_time_s")[0] > math.log10(2 * 4096**3 / 989e12)


def test_gemm_split_k_features():
    configs = [Config(BLOCK_M=16, BLOCK_N=64, BLOCK_K=64, SPLIT_K=4), Config(BLOCK_M=16, BLOCK_N=64, BLOCK_K=64,
                                                                            SPLIT_K=4, SPLIT_K_MODE="atomic"),
               Config(BLOCK_M=16, BLOCK_N=64, BLOCK_K=64)]
    x = _features("flat_gemm", {"M": 16, "N": 4096, "K": 8192}, configs)
    _finite_except(x, NAN_BY_DESIGN | {"density", "masked_fraction"})
    assert list(col(x, "split")) == [4, 4, 1]
    assert list(col(x, "split_atomic")) == [0, 1, 0]
    assert list(col(x, "loop_iters")) == [8192 / 64 / 4, 8192 / 64 / 4, 8192 / 64]
    assert list(col(x, "log2_programs")) == [math.log2(64 * 4)] * 2 + [math.log2(64)]
    assert col(x, "workspace_fraction")[0] > 0 and col(x, "workspace_fraction")[2] == 0
    # Split-K fills more of the GPU: a flat GEMM then streams its weight at memory speed, and runs sooner.
    assert col(x, "wave_efficiency")[0] > col(x, "wave_efficiency")[2]
    assert list(col(x, "memory_bound")[:2]) == [1, 1]
    assert col(x, "log10_est_time_s")[0] < col(x, "log10_est_time_s")[2]


def test_sparse_gemm_features():
    dims = {"M": 512, "N": 1024, "K": 1024}
    configs = [Config(BLOCK_M=128, BLOCK_N=128, BLOCK_K=64)]
    x = _features("sparse_linear", dims, configs, sparse=("w",), density=0.25)
    _finite_except(x, NAN_BY_DESIGN | {"masked_fraction"})
    assert col(x, "kind_sparse_gemm")[0] == 1 and col(x, "kind_gemm")[0] == 0
    assert col(x, "density")[0] == 0.25
    np.testing.assert_allclose(10 ** col(x, "log10_flops"), 2 * 512 * 1024 * 1024 * 0.25, rtol=1e-9)
    assert col(x, "loop_iters")[0] == 1024 / 64 * 0.25
    dense = _features("sparse_linear", dims, configs)
    assert col(dense, "kind_gemm")[0] == 1 and math.isnan(col(dense, "density")[0])
    assert col(dense, "log10_est_time_s")[0] > col(x, "log10_est_time_s")[0]


def test_attention_bounds_features():
    dims = {"B": 4, "H": 32, "M": 4096, "N": 4096, "D": 128}
    configs = [Config(BLOCK_M=128, BLOCK_N=64, USE_TMA=False), Config(BLOCK_M=64, BLOCK_N=32, USE_TMA=False)]
    x = _features("causal_attention", dims, configs)
    _finite_except(x, NAN_BY_DESIGN | {"density", "log2_group_m"})
    assert (col(x, "kind_attention") == 1).all() and (col(x, "skip_bounds") == 1).all()
    np.testing.assert_allclose(col(x, "masked_fraction"), 0.5, atol=0.01)           # causal: about half
    assert (abs(col(x, "visited_fraction") - 0.5) < 0.03).all()                     # ... of the key blocks skipped
    assert (col(x, "partial_fraction") > 0).all() and (col(x, "imbalance") > 1.8).all()
    # useful FLOPs: both matmuls over the kept half of the scores
    np.testing.assert_allclose(10 ** col(x, "log10_flops"), 4 * 4 * 32 * 4096 * 4096 * 128 * 0.5, rtol=0.01)
    assert list(col(x, "log2_programs")) == [math.log2(32 * 128), math.log2(64 * 128)]
    # The same workload from the record's fields only: attention, but the mask is unknown.
    fields = feature_matrix(facts_from_fields(workload("causal_attention", dims)), configs, SPEC)
    assert (col(fields, "kind_attention") == 1).all() and np.isnan(col(fields, "masked_fraction")).all()
    assert np.isnan(col(fields, "skip_bounds")).all()
    np.testing.assert_array_equal(col(fields, "log2_programs"), col(x, "log2_programs"))


def test_attention_table_and_dense_features():
    dims = {"B": 2, "H": 8, "M": 1024, "N": 1024, "D": 64}
    configs = [Config(BLOCK_M=64, BLOCK_N=64, USE_TMA=False)]
    table = _features("document_attention", dims, configs)
    assert col(table, "skip_table")[0] == 1 and math.isnan(col(table, "masked_fraction")[0])
    assert col(table, "prologue_ops")[0] > 8      # the mask: document ids, comparisons, and the causal predicate
    known = _features("document_attention", dims, configs, masked_fraction=0.75)
    assert col(known, "masked_fraction")[0] == 0.75
    np.testing.assert_allclose(col(known, "visited_fraction"), 0.25)
    dense = _features("attention", dims, configs)
    _finite_except(dense, NAN_BY_DESIGN | {"density", "log2_group_m"})
    assert col(dense, "skip_dense")[0] == 1 and col(dense, "masked_fraction")[0] == 0
    assert col(dense, "visited_fraction")[0] == 1 and col(dense, "partial_fraction")[0] == 0
    np.testing.assert_allclose(10 ** col(dense, "log10_flops"), 4 * 2 * 8 * 1024 * 1024 * 64, rtol=1e-9)


def test_decode_split_kv_features():
    dims = {"B": 2, "H": 4, "M": 1, "N": 8192, "D": 128}
    configs = [Config(BLOCK_M=16, BLOCK_N=64, SPLIT_KV=8, USE_TMA=False),
               Config(BLOCK_M=16, BLOCK_N=64, SPLIT_KV=1, USE_TMA=False)]
    x = _features("decode_attention", dims, configs)
    _finite_except(x, NAN_BY_DESIGN | {"density", "log2_group_m"})
    # The launcher's rule: min(SPLIT_KV, cdiv(2 * SMs, programs), key blocks) splits.
    assert list(col(x, "split")) == [8, 1]
    assert list(col(x, "log2_programs")) == [math.log2(8 * 8), math.log2(8)]
    assert col(x, "workspace_fraction")[0] > 0 and col(x, "workspace_fraction")[1] == 0
    assert col(x, "padding_waste")[0] == pytest.approx(15 / 16)    # one query row in a 16-row tile
    assert (col(x, "memory_bound") == 1).all()
    assert col(x, "log10_est_time_s")[0] < col(x, "log10_est_time_s")[1]   # splitting fills the GPU


def test_featurizer_resolves_programs_and_falls_back_to_fields():
    w = workload("linear_gelu", {"M": 256, "N": 256, "K": 256})
    assert Featurizer(PROGRAMS).facts(w).source == "program"
    assert Featurizer().facts(w).source == "fields"
    # A record whose program lowers differently at its dims (a name clash, or an edited program): fields, warned.
    odd = Workload.make("linear_gelu", w.signature, "bf16", {"B": 2, "M": 256, "N": 256, "K": 256})
    with pytest.warns(UserWarning, match="does not lower"):
        facts = Featurizer(PROGRAMS).facts(odd)
    assert facts.source == "fields" and facts.main.batch == 2
    changed = Workload.make("linear_gelu", "0" * 16, "bf16", w.dims)
    with pytest.warns(UserWarning, match="signature differs"):
        assert Featurizer(PROGRAMS).facts(changed).source == "program"


def test_device_spec_table_and_overrides():
    assert GPU.for_device("NVIDIA H200").bandwidth_gbs == 4800
    assert GPU.for_device("NVIDIA H100 PCIe").sm_count == 114
    measured = GPU.for_device(H100, peak_tflops=800.3, bandwidth_gbs=3100.0)
    assert (measured.peak_tflops, measured.bandwidth_gbs, measured.sm_count) == (800.3, 3100.0, 132)
    other = GPU.for_device(Device("Some GPU", 48, "8.9", "", ""))
    assert other.sm_count == 48 and other.name == "Some GPU"
    assert GPU.from_json(json.loads(json.dumps(measured.to_json()))) == measured


def test_compiled_facts_are_cached_by_source_and_arch(tmp_path):
    calls = []

    def fake_compile(paths, archs):
        calls.append((list(paths), archs))
        return [{"file": p, "kernel": "k", "arch": archs[0], "ok": True, "regs": 168, "stack": 0, "shared": 98304}
                for p in paths]

    w = workload("linear_gelu", {"M": 512, "N": 512, "K": 512})
    configs = [Config(BLOCK_M=64, BLOCK_N=64, BLOCK_K=32, USE_TMA=False), Config(BLOCK_M=128, USE_TMA=False)]
    compiled = CompiledFacts(tmp_path, arch=90, compile=fake_compile)
    x = Featurizer(PROGRAMS, compiled=compiled).matrix(w, configs, SPEC)
    assert len(calls) == 1 and len(calls[0][0]) == 2
    assert list(col(x, "compiled_regs")) == [168, 168] and list(col(x, "compiled_shared_kib")) == [96, 96]
    assert list(col(x, "regs_per_thread")) == [168, 168]       # the compiler's figure replaces the estimate
    assert len(list(tmp_path.glob("*-sm90.json"))) == 2
    Featurizer(PROGRAMS, compiled=compiled).matrix(w, configs, SPEC)
    assert len(calls) == 1                                      # answered from the cache
    CompiledFacts(tmp_path, arch=80, compile=fake_compile).get_many(PROGRAMS["linear_gelu"], w, configs[:1])
    assert len(calls) == 2                                      # another arch is another key


def test_compiled_facts_from_a_real_offline_compile(tmp_path):
    w = workload("linear_gelu", {"M": 512, "N": 512, "K": 512})
    config = Config(BLOCK_M=64, BLOCK_N=64, BLOCK_K=32, num_warps=4, num_stages=2, USE_TMA=False)
    (facts,) = CompiledFacts(tmp_path, arch=90).get_many(PROGRAMS["linear_gelu"], w, [config])
    assert facts["ok"] and facts["shared"] > 0 and 16 <= facts["regs"] <= 255 and facts["spill_bytes"] == 0


# ---- training, saving, loading ----------------------------------------------------------------------------------

def test_train_save_load_round_trip(model, tmp_path):
    assert set(model.boosters) == {"rank", "latency", "energy"}
    meta = model.metadata
    assert meta["feature_schema_version"] == FEATURE_SCHEMA_VERSION and meta["feature_names"] == list(FEATURE_NAMES)
    assert meta["training"]["workloads"] == len(WORKLOADS) - 2
    assert set(meta["training"]["programs"].values()) == {"program"}
    model.save(tmp_path)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["energy.json", "latency.json", "latency_rank.json", "metadata.json"]
    for p in tmp_path.iterdir():
        json.loads(p.read_text())                                  # every file is JSON: nothing pickled
    loaded = CostModel.load(tmp_path, programs=PROGRAMS)
    w = workload(*WORKLOADS[2])
    configs = sample_configs(GEMM_SPACE, 50, 7)
    np.testing.assert_array_equal(loaded.predict_latency(w, configs), model.predict_latency(w, configs))
    np.testing.assert_array_equal(loaded.predict_energy(w, configs), model.predict_energy(w, configs))
    assert loaded.rank(w, configs) == model.rank(w, configs)
    assert loaded.device == model.device


def test_training_is_deterministic(records, tmp_path):
    subset = [r for r in records if r.workload.program == "linear_gelu"]
    a = train_model(subset, programs=PROGRAMS, params=FAST)
    b = train_model(subset, programs=PROGRAMS, params=FAST)
    a.save(tmp_path / "a")
    b.save(tmp_path / "b")
    for name in ("latency_rank.json", "latency.json", "energy.json", "metadata.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    w = workload(*WORKLOADS[0])
    configs = sample_configs(GEMM_SPACE, 30, 3)
    np.testing.assert_array_equal(a.predict_latency(w, configs), b.predict_latency(w, configs))


def test_model_ranks_held_out_workloads(model):
    for dims in HELD_OUT:
        program = next(p for p, d in WORKLOADS if d == dims)
        w = workload(program, dims)
        space = GEMM_SPACE if program == "linear_gelu" else ATTENTION_SPACE
        configs = sample_configs(space, 80, 99)
        cost = gemm_cost if program == "linear_gelu" else (lambda d, c: attention_cost(d, c, causal=True))
        truth = {c: cost(dims, c)[0] for c in configs}
        best = min(truth.values())
        ranked = model.rank(w, configs)
        assert min(truth[c] for c in ranked[:5]) / best - 1 < 0.10, program   # the model's top 5 hold a good one
        heuristic = CostModel(featurizer=model.featurizer, device=model.device)
        assert heuristic.rank(w, configs) == model.rank(w, configs, scorer="heuristic")
        tau = {s: kendall_tau(model.scores(w, configs, s), [truth[c] for c in configs])
               for s in ("rank", "latency", "heuristic")}
        assert tau["rank"] > 0.3 and tau["latency"] > 0.3, tau
        assert tau["rank"] > tau["heuristic"] and tau["latency"] > tau["heuristic"], tau


def test_kendall_tau():
    assert kendall_tau([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert kendall_tau([1, 2, 3, 4], [4, 3, 2, 1]) == -1.0
    assert kendall_tau([1, 2, 3], [1, 3, 2]) == pytest.approx(1 / 3)
    assert kendall_tau([1, 1, 2], [1, 2, 3]) == pytest.approx(2 / math.sqrt(2 * 3))   # tau-b with a tie
    assert math.isnan(kendall_tau([1], [1]))
    assert measurements_to_within([5.0, 3.0, 1.01, 1.0], 1.0) == 3
    assert measurements_to_within([5.0], 1.0) is None


# ---- search -------------------------------------------------------------------------------------------------------

def test_bound_model_retrains_when_data_grew_20_percent(model):
    w = workload(*WORKLOADS[2])
    bound = model.bind(w, program=PROGRAMS["linear_gelu"])
    configs = sample_configs(GEMM_SPACE, 40, 5)
    values = [math.log(gemm_cost(w.dims, c)[0]) for c in configs]
    prior = bound.predict(configs)
    trained_at = []
    for n in (4, 8, 9, 10, 12, 13, 15, 40):
        bound.fit(configs[:n], values[:n])
        trained_at.append(bound.retrains)
    # min_fit 8, then at 10 (>= 8 * 1.2), 12 (>= 10 * 1.2), 15 (>= 12 * 1.2) and 40
    assert trained_at == [0, 1, 1, 2, 3, 3, 4, 5]
    after = np.asarray(bound.predict(configs))
    assert np.abs(after - values).mean() < np.abs(np.asarray(prior) - values).mean()
    with pytest.raises(CostModelError, match="not bound"):
        model.predict(configs)


def test_learned_search_uses_the_model_from_the_first_batch(model):
    dims = HELD_OUT[0]
    w = workload("linear_gelu", dims)
    table = workload_tables(synthetic_records(96, [("linear_gelu", dims)], seed=3, failures=False))[0]
    space = table.space()
    bound = model.bind(w)
    # Before any measurement the batch is the model's predicted top 8 (epsilon 0: no random slot).
    first = LearnedSearch(space, model=bound, epsilon=0.0, enumerate_limit=10**9).propose(8)
    order = np.argsort(bound.predict(table.configs), kind="stable")
    assert first == [table.configs[i] for i in order[:8]]
    assert min(table.latency[c] for c in first) / table.best - 1 < 0.05
    random_first = RandomSearch(space, seed=0).propose(8)
    assert np.mean([table.latency[c] for c in first]) < np.mean([table.latency[c] for c in random_first])
    # The strategies' own ModelGuided takes the bound model as its cost model too, and finds the best.
    measure = lambda configs: [table.measurement(c) for c in configs]
    guided = tune(space, measure, ModelGuided(space, model=model.bind(w), enumerate_limit=10**9), budget=32,
                  progress=False)
    assert guided.best_so_far[-1] / table.best - 1 < 0.02


def test_evaluation_on_held_out_shapes(records, featurizer, tmp_path):
    report = evaluate(records, featurizer=featurizer, holdout="shape", folds=3, seeds=(0, 1),
                      strategies=("random", "ridge", "learned"), params=FAST)
    s = report["summary"]
    assert s["workloads"] == len(WORKLOADS) and report["folds"] == 3
    assert {r["fold"] for r in report["workloads"]} == {0, 1, 2}
    search = s["search"]
    # Model-guided search needs far fewer measurements than random search to come within 2% of the best, and
    # fewer than the ridge model that learns from scratch on each workload.
    assert search["learned"]["to_within_2pct"] < 0.5 * search["random"]["to_within_2pct"], search
    assert search["learned"]["to_within_2pct"] < search["ridge"]["to_within_2pct"], search
    assert search["learned"]["regret_at_10pct"] < 0.5 * search["random"]["regret_at_10pct"], search
    ranking = s["ranking"]
    assert set(ranking) == {"rank", "latency", "heuristic"}
    assert max(ranking["rank"]["kendall_tau"], ranking["latency"]["kendall_tau"]) > ranking["heuristic"]["kendall_tau"]
    assert s["zero_shot_regret"] == ranking["rank"]["top1_regret"] < ranking["heuristic"]["top1_regret"]
    energy = s["energy"]
    assert energy["workloads"] == len(WORKLOADS) and energy["median_abs_pct_error"] < 35
    assert 0 <= energy["saved_pct"] <= energy["oracle_saved_pct"] + 1e-9 and energy["latency_cost_pct"] <= 5 + 1e-9
    assert all(t["met"] in (True, False, None) for t in report["targets"].values()) and len(report["targets"]) == 3
    png = plot_regret(report["workloads"], tmp_path / "regret.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_learned_search_beats_evolutionary(model):
    dims = HELD_OUT[1]
    table = workload_tables(synthetic_records(64, [("causal_attention", dims)], seed=4))[0]
    steps = {name: [measurements_to_within(simulate(table, name, seed, model), table.best) for seed in (0, 1)]
             for name in ("evolutionary", "learned")}
    assert sum(steps["learned"]) < sum(steps["evolutionary"]), steps


def test_evaluation_held_out_by_program(records, featurizer):
    report = evaluate(records, featurizer=featurizer, holdout="program", folds=5, strategies=(), params=FAST)
    assert report["folds"] == 3                              # one fold per program: nothing of it in training
    folds = {}
    for r in report["workloads"]:
        folds.setdefault(r["fold"], set()).add(r["workload"].split()[0])
    assert sorted(map(sorted, folds.values())) == [["attention"], ["causal_attention"], ["linear_gelu"]]
    assert all(r["search"] == {} and set(r["ranking"]) == {"rank", "latency", "heuristic"}
               for r in report["workloads"])
    gemm_only = [r for r in records if r.workload.program == "linear_gelu"]
    with pytest.raises(CostModelError, match="at least 2 programs"):
        evaluate(gemm_only, featurizer=featurizer, holdout="program", params=FAST)


def test_energy_aware_selection(model):
    dims = {"B": 64, "H": 32, "M": 1, "N": 8192, "D": 128}       # decode: memory-bound
    w = workload("attention", dims)
    configs = sample_configs(ATTENTION_SPACE, 60, 11)
    truth = {c: attention_cost(dims, c, causal=False) for c in configs}
    candidates = model.energy_candidates(w, configs, slack=0.05, confirm=4)
    assert len(candidates) == 4 and candidates[0] == model.rank(w, configs, scorer="latency")[0]
    measure = lambda cs: [Measurement(c.to_dict(), latency=truth[c][0], energy=truth[c][1]) for c in cs]
    chosen, measured = select_energy_aware(model, w, configs, measure, slack=0.05)
    assert len(measured) == 4
    fastest_measured = min(m.latency for m in measured)
    assert chosen.latency <= 1.05 * fastest_measured
    assert chosen.energy == min(m.energy for m in measured if m.latency <= 1.05 * fastest_measured)


# ---- fallbacks --------------------------------------------------------------------------------------------------

def test_missing_model_warns_and_falls_back(tmp_path):
    w = workload("linear_gelu", {"M": 1024, "N": 1024, "K": 1024})
    configs = sample_configs(GEMM_SPACE, 20, 1)
    with pytest.warns(UserWarning, match=r"no cost model at .*using the heuristics"):
        assert load_model(tmp_path / "nothing-here") is None
    with pytest.warns(UserWarning, match="no cost model"):
        assert isinstance(guide_model(GEMM_SPACE, w, tmp_path / "nothing-here"), RidgeModel)
    with pytest.warns(UserWarning, match="no cost model"):
        ranked = rank(w, configs, tmp_path / "nothing-here", programs=PROGRAMS)
    heuristic = CostModel(featurizer=Featurizer(PROGRAMS), device=GPU.for_device(None))
    assert ranked == heuristic.rank(w, configs) and sorted(map(repr, ranked)) == sorted(map(repr, configs))


def test_pretrained_models_are_found_by_gpu_name(monkeypatch, model, tmp_path):
    assert pretrained_path("NVIDIA H200").name == "h200" and pretrained_path(H100).name == "h100"
    assert pretrained_path("NVIDIA H100 PCIe").name == "h100-pcie" and pretrained_path("cpu") is None
    with pytest.warns(UserWarning, match="no packaged cost model for cpu"):
        assert load_pretrained("cpu") is None
    monkeypatch.setattr("tilefuse.cost_model.models.PRETRAINED", tmp_path)
    with pytest.warns(UserWarning, match="no cost model at"):
        assert load_pretrained(H100) is None
    model.save(tmp_path / "h100")
    assert load_pretrained(H100).metadata == model.metadata


def test_schema_mismatch_warns_and_falls_back(model, tmp_path):
    model.save(tmp_path)
    meta = json.loads((tmp_path / "metadata.json").read_text())
    meta["feature_schema_version"] = FEATURE_SCHEMA_VERSION + 1
    (tmp_path / "metadata.json").write_text(json.dumps(meta))
    with pytest.warns(UserWarning, match=r"feature schema \d+, this tilefuse computes schema \d+; retrain"):
        assert load_model(tmp_path) is None
    with pytest.raises(CostModelError, match="schema"):
        CostModel.load(tmp_path)
    (tmp_path / "metadata.json").write_text("{broken")
    with pytest.warns(UserWarning, match="not readable JSON"):
        assert load_model(tmp_path) is None


def test_empty_data_gives_a_clear_message():
    with pytest.raises(CostModelError, match="no ok measurement with a latency to train on"):
        train_model([])
    failed = [Record(H100, workload(*WORKLOADS[0]), Measurement(Config().to_dict(), status="timeout"))]
    with pytest.raises(CostModelError, match=r"1 failed.*heuristic ranking"):
        train_model(failed)
    with pytest.raises(CostModelError, match="nothing to evaluate"):
        evaluate([])


def test_without_xgboost_the_heuristics_still_work(monkeypatch, model, tmp_path):
    model.save(tmp_path)
    monkeypatch.setitem(sys.modules, "xgboost", None)      # import xgboost now raises ImportError
    with pytest.warns(UserWarning, match=r"xgboost is not installed \(pip install xgboost-cpu\)"):
        assert load_model(tmp_path) is None
    with pytest.raises(CostModelError, match="xgboost is not installed"):
        train_model(synthetic_records(4, WORKLOADS[:1]))
    w = workload(*WORKLOADS[0])
    configs = sample_configs(GEMM_SPACE, 30, 2)
    untrained = CostModel(featurizer=Featurizer(PROGRAMS), device=SPEC).bind(w)
    values = [math.log(gemm_cost(w.dims, c)[0]) for c in configs]
    untrained.fit(configs, values)                          # the calibrated analytic prior, no online booster
    assert untrained.retrains == 0 and len(untrained.predict(configs)) == 30
    assert kendall_tau(untrained.predict(configs), values) > 0.3


# ---- records and the command line ------------------------------------------------------------------------------------

def test_read_records_skips_lines_that_are_not_records(tmp_path):
    lines = [json.dumps({"type": "meta", "bench": "tune"})]
    lines += [json.dumps({**r.to_json(), "case": "gemm", "phase": "tune"}) for r in synthetic_records(3, WORKLOADS[:1])]
    lines.append('{"device": {"name": "NVIDIA H1')       # a killed run's half-written last line
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "records.jsonl").write_text("\n".join(lines) + "\n")
    found, info = read_records([tmp_path])
    assert len(found) == 3 and info == {"files": 1, "skipped": 2}
    with pytest.raises(CostModelError, match="no such records file"):
        read_records([tmp_path / "missing.jsonl"])


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tilefuse")
    add_model_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_train_eval_rank(records, tmp_path, capsys):
    data = tmp_path / "records.jsonl"
    data.write_text("".join(json.dumps(r.to_json()) + "\n" for r in records))
    examples = str(ROOT / "examples")
    model_dir = tmp_path / "model"
    assert _cli(["model", "train", "--records", str(data), "--out", str(model_dir), "--programs", examples,
                 "--rounds", "40", "--depth", "4", "--device-name", "H100"]) == 0
    out = capsys.readouterr().out
    assert f"read {len(records)} records from 1 files" in out and "trained rank, latency, energy" in out
    assert (model_dir / "metadata.json").exists()
    held = tmp_path / "held.jsonl"
    held.write_text("".join(json.dumps(r.to_json()) + "\n" for r in synthetic_records(24, WORKLOADS[2:3], seed=5)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # the held-out file repeats a training shape (other configs): warned
        status = _cli(["model", "eval", "--records", str(held), "--model", str(model_dir), "--programs", examples,
                       "--seeds", "1", "--strategies", "random,learned", "--out", str(tmp_path / "eval"),
                       "--plot", str(tmp_path / "plots")])
    assert status == 0
    out = capsys.readouterr().out
    assert "top-1 regret" in out and "measurements to within 2%" in out and "targets" in out
    report = json.loads((tmp_path / "eval" / "model_eval.json").read_text())
    assert report["summary"]["workloads"] == 1 and set(report["summary"]["search"]) == {"random", "learned"}
    assert (tmp_path / "plots" / "model_eval_regret.png").exists()
    assert _cli(["model", "rank", str(ROOT / "examples" / "linear_gelu.py"), "--shape", "M=4096,N=4096,K=4096",
                 "--model", str(model_dir), "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "valid configs" in out and out.count("predicted") == 3


def test_cli_empty_records_and_missing_model(tmp_path, capsys):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert _cli(["model", "train", "--records", str(empty), "--out", str(tmp_path / "m"), "--programs"]) == 1
    assert "no ok measurement with a latency to train on" in capsys.readouterr().out
    with pytest.warns(UserWarning, match="no cost model"):
        assert _cli(["model", "eval", "--records", str(empty), "--model", str(tmp_path / "none"),
                     "--programs"]) == 1


def test_model_guided_beats_random_on_committed_h200_records(featurizer):
    """Real records from the H200 tuning runs (benchmarks/results/.../tune-b, tune-c): held-out shapes, fixed seed."""
    runs = ROOT / "benchmarks" / "results" / "h200-2026-11-22"
    records, _ = read_records([runs / "tune-b" / "records.jsonl", runs / "tune-c" / "records.jsonl"])
    assert len(records) > 400
    report = evaluate(records, featurizer=featurizer, holdout="shape", folds=2, seeds=(0,),
                      strategies=("random", "learned"), params=FAST)
    search = report["summary"]["search"]
    assert search["learned"]["to_within_2pct"] < search["random"]["to_within_2pct"], search
    assert search["learned"]["regret_at_10pct"] < search["random"]["regret_at_10pct"], search
    ranking = report["summary"]["ranking"]
    assert ranking["rank"]["top1_regret"] < ranking["heuristic"]["top1_regret"], ranking


def test_zero_measurement_compile_takes_the_models_top_config(tmp_path):
    """No database record at the shape: compile(model=...) takes the packaged model's top-ranked config."""
    from tilefuse.cost_model.models import load_model

    linear_gelu = PROGRAMS["linear_gelu"]
    model_dir = ROOT / "tilefuse" / "cost_model" / "pretrained" / "h200"
    shape = {"M": 3072, "N": 3072, "K": 3072}
    kernel = linear_gelu.compile("bf16", shape=shape, db=tmp_path / "none.sqlite", model=model_dir)
    assert kernel.tuning["source"] == "cost_model" and "nothing measured" in kernel.tuning["summary"]
    assert "# tuning:" in kernel.source and "cost model" in kernel.source
    graph = linear_gelu.trace(as_dtype("bf16"))
    w = workload("linear_gelu", shape)
    assert w.signature == program_signature(graph, "bf16")
    space = linear_gelu.compile("bf16").space
    top = load_model(model_dir, programs=PROGRAMS).rank(w, list(space.points()))[0]
    assert kernel.config == top
    with pytest.warns(UserWarning):   # no such model: one line, and the default config
        fallback = linear_gelu.compile("bf16", shape=shape, db=tmp_path / "none.sqlite", model=tmp_path / "nope")
    assert fallback.tuning["source"] == "default" and fallback.config == space.default


def test_compiled_facts_default_to_a_folder_beside_the_kernel_cache():
    # A parameter once shadowed the kernel-cache function, so CompiledFacts() without a folder raised TypeError.
    from tilefuse.runtime.kernel import cache_dir

    assert CompiledFacts().dir == cache_dir().parent / "compiled-facts"


def test_zero_shot_benchmark_points_are_held_out():
    """benchmarks/runtime.py --held-out: 40 distinct (M, N, K) points over M = 1..8192, none of them a shape the
    packaged model trained on (the check itself catches a training shape)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_runtime", ROOT / "benchmarks" / "runtime.py")
    runtime = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runtime)
    points = runtime.HELD_OUT
    assert len(points) == len(set(points)) == 40
    assert min(m for m, _, _ in points) == 1 and max(m for m, _, _ in points) == 8192
    assert runtime.held_out_clash(points) == []
    assert runtime.held_out_clash([(4096, 4096, 4096)]) == ["4096x4096x4096"]   # a training shape is caught
    groups = runtime.point_groups(points)
    assert sum(len(ms) for _, ms in groups) == 40 and len({nk for nk, _ in groups}) == len(groups)
