"""The back end as a tuning knob (``autotune/backend_knob.py``), on the CPU and without TVM: ``BACKEND`` is offered
only where the CUDA back end can build and run a program here, its configs meet the CUDA constraints in canonical
form, a database record naming CUDA round-trips and is what ``choice``/``compile`` pick, and the measurer rejects a
CUDA config it cannot run with the reason (never a crash). CUDA rendering is replaced by a stub file where a test
needs a built kernel, so nothing here imports TVM.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

import tilefuse as tf
from tilefuse.autotune.backend_knob import initial_configs, with_backends
from tilefuse.autotune.db import TuningDB
from tilefuse.autotune.records import Device, Measurement, Workload, program_signature
from tilefuse.autotune.strategies import make_strategy
from tilefuse.backends.cuda import CudaBackend
from tilefuse.backends.cuda.support import IGNORED
from tilefuse.choice import Chooser
from tilefuse.frontend.loading import load_program
from tilefuse.gpu import GPU
from tilefuse.ir.dtypes import as_dtype
from tilefuse.schedule import Config
from tilefuse.schedule.pipeline import analyze

ROOT = Path(__file__).resolve().parent.parent
LINEAR_GELU = str(ROOT / "examples" / "linear_gelu.py")
SHAPE = {"M": 256, "N": 512, "K": 128}


@pytest.fixture(scope="module")
def linear_gelu():
    return load_program(LINEAR_GELU, "linear_gelu")


@tf.program
def attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"], v: tf.Tensor["B", "H", "N", "D"]):
    s = tf.einsum("bhmd,bhnd->bhmn", q, k)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)


def lowered_space(program, dtype="fp16", arch=90):
    analyzed = analyze(program.trace(as_dtype(dtype)), target=GPU.for_arch(arch))
    return analyzed.space, analyzed.tile(None)


@pytest.fixture
def cuda_usable(monkeypatch):
    """This machine as one where the CUDA back end could build and run kernels."""
    monkeypatch.setattr(CudaBackend, "unavailable", lambda self, run=True: None)


def test_the_knob_is_not_offered_where_cuda_kernels_cannot_run(linear_gelu):
    space, lowered = lowered_space(linear_gelu)
    offered, notes = with_backends(space, lowered, ["triton", "cuda"])
    assert offered is space and "BACKEND" not in [k.name for k in offered.knobs]
    (note,) = notes
    # CI has no TVM; a machine with TVM but no GPU cannot run the kernels: either way the reason is given
    assert note.startswith("the cuda back end is not offered: ")
    assert "apache-tvm is not installed" in note or "no CUDA device here" in note


def test_the_knob_is_offered_with_the_cuda_constraints(linear_gelu, cuda_usable):
    space, lowered = lowered_space(linear_gelu)
    offered, notes = with_backends(space, lowered, ["triton", "cuda"])
    assert notes == []
    knob = offered.knobs[-1]
    assert knob.name == "BACKEND" and knob.values == ("triton", "cuda")
    cuda_default = Config(**{**space.default.to_dict(), **IGNORED, "BACKEND": "cuda"})
    assert initial_configs(offered) == [space.default, cuda_default]
    assert offered.violations(cuda_default) == []
    assert offered.violations(Config(**{**cuda_default.to_dict(), "SPLIT_K": 2})) == \
        ["backend: the CUDA back end walks K densely: SPLIT_K must be 1 (got 2)"]
    assert "ignores" in offered.violations(Config(**{**cuda_default.to_dict(), "USE_TMA": True}))[0]
    big = Config(**{**cuda_default.to_dict(), "BLOCK_N": 256, "BLOCK_K": 128, "num_stages": 4})
    assert "shared memory" in " ".join(offered.violations(big))  # a tile no tensor-core schedule fits


def test_every_cuda_point_is_canonical_and_strategies_reach_them(linear_gelu, cuda_usable):
    space, lowered = lowered_space(linear_gelu)
    offered, _ = with_backends(space, lowered, ["triton", "cuda"])
    strategy = make_strategy("random", offered, "latency", seed=1)
    proposed = strategy.propose(64)
    cuda = [c for c in proposed if c.BACKEND == "cuda"]
    assert cuda and len(cuda) < len(proposed)  # both back ends, sampled and mutated into canonical form
    assert all(all(getattr(c, k) == v for k, v in IGNORED.items()) for c in cuda)
    assert all(offered.violations(c) == [] for c in proposed)


def test_cuda_alone_starts_from_its_own_default(linear_gelu, cuda_usable):
    space, lowered = lowered_space(linear_gelu)
    offered, _ = with_backends(space, lowered, ["cuda"])
    assert offered.knobs[-1].values == ("cuda",) and offered.default.BACKEND == "cuda"
    assert initial_configs(offered) == [offered.default]


def test_a_program_the_cuda_back_end_cannot_print_gets_no_knob(cuda_usable):
    space, lowered = lowered_space(attention)
    offered, (note,) = with_backends(space, lowered, ["triton", "cuda"])
    assert "BACKEND" not in [k.name for k in offered.knobs]
    assert "renders GEMM kernels only" in note and "attention" in note


def test_triton_config_keys_do_not_change():
    """BACKEND is left out of a Triton config's dict and key (as HEAD_PACK=1 is): every stored record matches."""
    triton = Config(BLOCK_M=64)
    assert "BACKEND" not in triton.to_dict() and Config(BLOCK_M=64, BACKEND="triton").key() == triton.key()
    cuda = Config(BLOCK_M=64, BACKEND="cuda")
    assert cuda.to_dict()["BACKEND"] == "cuda" and cuda.key() != triton.key()
    assert Config.from_dict(json.loads(json.dumps(cuda.to_dict()))) == cuda


# ------------------------------------------------------------------------------ the database and the choice

TRITON_CFG = {"BLOCK_M": 64, "BLOCK_N": 64, "BLOCK_K": 32, "num_warps": 4, "num_stages": 2, "GROUP_M": 8,
              "USE_TMA": False}
CUDA_CFG = {**TRITON_CFG, "BLOCK_N": 128, "BACKEND": "cuda"}


@pytest.fixture
def db_with_cuda_best(tmp_path, linear_gelu):
    """At SHAPE, a CUDA config measured faster than a Triton one (as a tune with the knob records them)."""
    path = tmp_path / "tuning.sqlite"
    workload = Workload.make(linear_gelu.name, program_signature(linear_gelu.trace(as_dtype("fp16")), "fp16"),
                             "fp16", SHAPE)
    with TuningDB(path) as db:
        for config, latency in ((TRITON_CFG, 2e-3), (CUDA_CFG, 1e-3)):
            config = Config.from_dict(config).to_dict()
            db.add(Device.current(), workload, Measurement(config=config, latency_samples=[latency], timestamp=1.7e9))
    return path


def test_a_cuda_record_round_trips_and_the_chooser_returns_it(db_with_cuda_best, linear_gelu, tmp_path):
    with TuningDB(db_with_cuda_best) as db:
        (stored,) = [r for r in db.records() if r.measurement.config.get("BACKEND") == "cuda"]
        assert Config.from_dict(stored.measurement.config) == Config.from_dict(CUDA_CFG)
        exported = tmp_path / "records.jsonl"
        db.export_jsonl(exported)
    with TuningDB(tmp_path / "copy.sqlite") as copy:
        assert copy.import_jsonl(exported) == (2, 0)
    graph = linear_gelu.trace(as_dtype("fp16"))
    any_backend = Chooser(linear_gelu, graph, "fp16", None, db=db_with_cuda_best, model=False)
    config, provenance = any_backend.choose(SHAPE)
    assert config["BACKEND"] == "cuda" and provenance["source"] == "exact"
    triton_only = Chooser(linear_gelu, graph, "fp16", None, db=db_with_cuda_best, model=False, backend="triton")
    config, _ = triton_only.choose(SHAPE)
    assert "BACKEND" not in config and Config.from_dict(config) == Config.from_dict(TRITON_CFG)


STUB = '''# {name}.py: a stand-in for the CUDA back end's launcher (tests)
KERNELS = {{}}


def {name}(*args, out=None):
    return "cuda stub"
'''


def test_compile_builds_the_backend_the_database_names(db_with_cuda_best, linear_gelu, monkeypatch):
    rendered = []

    def render(self, lowered, **kwargs):
        rendered.append(lowered.kernels[0].config)
        return STUB.format(name=lowered.graph.name)

    monkeypatch.setattr(CudaBackend, "render", render)
    kernel = linear_gelu.compile("fp16", shape=SHAPE, db=db_with_cuda_best, model=False)
    assert kernel.backend.name == "cuda" and kernel.config == Config.from_dict(CUDA_CFG)
    assert rendered == [Config.from_dict(CUDA_CFG)] and kernel.tuning["source"] == "exact"
    assert kernel.launcher() == "cuda stub"
    pinned = linear_gelu.compile("fp16", shape=SHAPE, db=db_with_cuda_best, model=False, backend="triton")
    assert pinned.backend.name == "triton" and pinned.config == Config.from_dict(TRITON_CFG)


def test_a_cuda_record_without_tvm_falls_back_to_the_default_with_a_warning(db_with_cuda_best, linear_gelu,
                                                                           no_tvm):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        kernel = linear_gelu.compile("fp16", shape=SHAPE, db=db_with_cuda_best, model=False)
    assert kernel.backend.name == "triton" and kernel.tuning["source"] == "default"
    assert "pip install 'tilefuse[cuda]'" in kernel.tuning["summary"]
    assert any("cannot be built" in str(w.message) for w in caught)


# ------------------------------------------------------------------------------ measuring

def test_the_measurer_rejects_a_cuda_config_it_cannot_run(linear_gelu):
    from tilefuse.autotune.measure import Measurer

    cuda = Config.from_dict({**TRITON_CFG, **IGNORED, "BACKEND": "cuda"})
    with Measurer(linear_gelu, "fp16", {"M": 32, "N": 32, "K": 32}, workers=1) as measurer:
        (m,) = measurer.measure([cuda])
        assert measurer._worker.proc is None  # nothing was started for it
    assert m.status == "rejected" and m.config["BACKEND"] == "cuda"
    assert m.error.startswith("backend: ")
    assert "apache-tvm is not installed" in m.error or "no CUDA device here" in m.error
