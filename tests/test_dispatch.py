"""Per-shape dispatch: one ``Kernel`` serves every shape with the config chosen for it (exact database hit, nearest
bucket, first-call tuning, cost model, default), builds each config once, and saves a file that dispatches the
same way with only torch and triton installed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import pytest
import torch
from conftest import DEVICE, TOLERANCE, rel_error

from tilefuse.autotune.db import TuningDB
from tilefuse.autotune.records import Device, Measurement, Workload, program_signature
from tilefuse.choice import Chooser
from tilefuse.cost_model.models import pretrained_path
from tilefuse.frontend.loading import load_program
from tilefuse.schedule import Config

ROOT = Path(__file__).resolve().parent.parent
LINEAR_GELU = ROOT / "examples" / "linear_gelu.py"
SMALL = {"BLOCK_M": 32, "BLOCK_N": 32, "BLOCK_K": 32, "num_warps": 4, "num_stages": 2, "GROUP_M": 1,
         "USE_TMA": False}


def cfg(**knobs) -> dict:
    return Config.from_dict({**SMALL, **knobs}).to_dict()


@pytest.fixture(scope="module")
def linear_gelu():
    return load_program(str(LINEAR_GELU), "linear_gelu")


def record(db: TuningDB, program, dtype: str, shape: dict, config: dict, latency: float) -> None:
    """One ok measurement, as the tuner writes it on this machine."""
    w = Workload.make(program.name, program_signature(program.trace(dtype), dtype), dtype, shape)
    samples = [latency * f for f in (0.99, 1.0, 1.01)]
    db.add(Device.current(), w, Measurement(config=config, status="ok", latency_samples=samples, timestamp=1.7e9))


def inputs(m: int, n: int, k: int, dtype=torch.float32, seed: int = 0):
    gen = torch.Generator().manual_seed(seed)
    return [torch.randn(s, generator=gen).to(dtype).to(DEVICE) for s in ((m, k), (n, k), (n,))]


def check(kernel, program, m, n, k, dtype=torch.float32, tol=TOLERANCE["fp32"]):
    args = inputs(m, n, k, dtype)
    out = torch.full((m, n), float("nan"), dtype=dtype, device=DEVICE)
    kernel(*args, out=out)
    ref = program(*[a.cpu() for a in args], compute_dtype=torch.float64)
    assert rel_error(out, ref) < tol, (m, n, k)


A, B = {"M": 8, "N": 48, "K": 32}, {"M": 64, "N": 48, "K": 32}
CFG_A, CFG_B = cfg(BLOCK_M=16, BLOCK_N=32), cfg(BLOCK_M=64, BLOCK_N=16, GROUP_M=4)


@pytest.fixture
def tuned_db(tmp_path, linear_gelu):
    path = tmp_path / "tuning.sqlite"
    with TuningDB(path) as db:
        for shape, best, other in ((A, CFG_A, CFG_B), (B, CFG_B, CFG_A)):
            record(db, linear_gelu, "fp32", shape, best, 1e-3)
            record(db, linear_gelu, "fp32", shape, other, 2e-3)
    return path


def test_one_kernel_runs_each_shape_with_its_own_tuned_config(tuned_db, linear_gelu):
    kernel = linear_gelu.compile("fp32", db=tuned_db, model=False)
    assert kernel.tuning["source"] == "default" and kernel.specializations() == []
    assert kernel.key_dims == ["K", "M", "N"]
    for shape in (A, B, A):
        check(kernel, linear_gelu, shape["M"], shape["N"], shape["K"])
    check(kernel, linear_gelu, 12, 40, 32)      # bucket 16, 64, 32: one bucket from A
    check(kernel, linear_gelu, 1024, 48, 32)    # M 1024: 4 buckets from B, nothing near enough
    got = {(s["shape"]["M"], s["shape"]["N"]): s for s in kernel.specializations()}
    assert list(got) == [(8, 48), (64, 48), (12, 40), (1024, 48)], "one entry per shape key, A's call reused"
    assert got[8, 48]["config"] == CFG_A and got[8, 48]["source"] == "exact"
    assert got[64, 48]["config"] == CFG_B and got[64, 48]["source"] == "exact"
    assert "exact match for K=32,M=8,N=48" in got[8, 48]["provenance"]
    assert got[12, 40]["source"] == "bucket" and got[12, 40]["config"] == CFG_A
    assert "nearest tuned bucket K=32,M=8,N=48 (wanted K=32,M=12,N=40)" in got[12, 40]["provenance"]
    far = got[1024, 48]
    assert far["source"] == "default" and far["config"] == kernel.config.to_dict()
    assert "no ok measurement" in far["provenance"] and "within 2 buckets" in far["provenance"]
    assert got[8, 48]["path"] == got[12, 40]["path"], "a config is built once, whichever shapes choose it"
    assert len({s["path"] for s in got.values()}) == 3


def test_compile_shape_is_the_primary_and_explicit_config_serves_every_shape(tuned_db, linear_gelu):
    kernel = linear_gelu.compile("fp32", db=tuned_db, shape=B, model=False)
    assert kernel.config.to_dict() == CFG_B and kernel.tuning["source"] == "exact"
    assert [s["shape"] for s in kernel.specializations()] == [B]
    check(kernel, linear_gelu, 8, 48, 32)
    assert kernel.specializations()[1]["config"] == CFG_A
    explicit = linear_gelu.compile("fp32", config=CFG_B, db=tuned_db)
    check(explicit, linear_gelu, 8, 48, 32)
    (only,) = explicit.specializations()
    assert only["shape"] is None and only["source"] == "explicit" and only["config"] == CFG_B


def test_cost_model_pick_is_cached_per_bucket(tmp_path, linear_gelu):
    model = pretrained_path("NVIDIA H200")
    if not (model / "metadata.json").exists():
        pytest.skip("no packaged model")
    chooser = Chooser(linear_gelu, linear_gelu.trace("fp16"), "fp16", linear_gelu.compile("fp16").space,
                      db=tmp_path / "none.sqlite", model=model)
    config, tuning = chooser.choose({"M": 16, "N": 4096, "K": 4096})
    assert tuning["source"] == "cost_model" and "nothing measured" in tuning["summary"]
    assert "no tuning database at" in tuning["summary"]
    assert Config.from_dict(config) in set(chooser.space.points())
    again, second = chooser.choose({"M": 15, "N": 4096, "K": 4000})   # same buckets: not ranked again
    assert again == config and second["shape"] == "K=4000,M=15,N=4096"
    assert len(chooser._by_bucket) == 1


def test_specializations_are_bounded_and_thread_safe(tuned_db, linear_gelu):
    kernel = linear_gelu.compile("fp32", db=tuned_db, model=False)
    kernel.capacity = 2
    shapes = [(8, 48, 32), (64, 48, 32), (1024, 48, 32), (8, 48, 32), (64, 48, 32)] * 2
    errors = []

    def call(m, n, k):
        try:
            kernel.specialization_for({"M": m, "N": n, "K": k})
            if DEVICE == "cuda":  # Triton's interpreter is not thread-safe; on a GPU the calls race too
                check(kernel, linear_gelu, m, n, k)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=call, args=s) for s in shapes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(kernel._builds) <= 2 and len(kernel.specializations()) == 3
    for m, n, k in shapes[:3]:  # an evicted build is built again when its shape comes back
        check(kernel, linear_gelu, m, n, k)
    assert len(kernel._builds) <= 2


def test_damaged_cached_file_is_rebuilt_with_a_warning(linear_gelu):
    kernel = linear_gelu.compile("fp32", config=CFG_A)
    kernel.path.write_text("def linear_gelu(:\n")  # a half-written or corrupted cache entry
    with pytest.warns(UserWarning, match="cached kernel file .* is damaged; rebuilt it"):
        again = linear_gelu.compile("fp32", config=CFG_A)
    assert again.path == kernel.path and again.path.read_text() == again.source
    check(again, linear_gelu, 8, 48, 32)


def test_wrong_inputs_still_raise_the_launch_error(tuned_db, linear_gelu):
    kernel = linear_gelu.compile("fp32", db=tuned_db, model=False)
    x, w, b = inputs(8, 48, 32)
    with pytest.raises(ValueError, match="linear_gelu: x must be torch.float32, got torch.float16"):
        kernel(x.half(), w, b)
    with pytest.raises(ValueError, match="linear_gelu: x must have 2 dims, got shape"):
        kernel(x[None], w, b)
    with pytest.raises(ValueError, match="linear_gelu: w must be a torch.Tensor, got list"):
        kernel(x, [1.0], b)
    with pytest.raises(ValueError, match="dim K is 32 in x but 31 in w"):
        kernel(x, w[:, :31], b)


SAVED_RUNNER = r"""
import json, sys, warnings, importlib.util
sys.modules["tilefuse"] = None  # the saved file must not need tilefuse
import torch
spec = importlib.util.spec_from_file_location("saved", sys.argv[1])
mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
report = []
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for m, n, k in json.loads(sys.argv[2]):
        g = torch.Generator().manual_seed(0)
        x, w, b = torch.randn(m, k, generator=g), torch.randn(n, k, generator=g), torch.randn(n, generator=g)
        out = mod.linear_gelu(x, w, b)
        ref = torch.nn.functional.gelu(x.double() @ w.double().T + b.double())
        err = ((out.double() - ref).norm() / ref.norm()).item()
        report.append({"shape": [m, n, k], "spec": mod._DISPATCH.choose((k, m, n)), "err": err})
print(json.dumps({"calls": report, "warnings": [str(w.message) for w in caught]}))
"""


@pytest.mark.skipif(DEVICE != "cpu", reason="runs the saved file in the CPU interpreter")
def test_saved_file_dispatches_the_same_without_tilefuse(tuned_db, linear_gelu, tmp_path):
    kernel = linear_gelu.compile("fp32", db=tuned_db, model=False)
    check(kernel, linear_gelu, 12, 40, 32)
    path = kernel.save(tmp_path / "out")
    text = path.read_text()
    meta = json.loads(json.dumps(_meta(path)))
    specs = [s["config"] for s in meta["dispatch"]["specs"]]
    assert CFG_A in specs and CFG_B in specs and "# dispatch: 3 configs" in text
    fallback = meta["dispatch"]["fallback"]
    assert specs[fallback] == kernel.config.to_dict()
    shapes = [[8, 48, 32], [64, 48, 32], [12, 40, 32], [9, 33, 32], [1024, 48, 32], [2048, 48, 32], [1100, 50, 32]]
    env = {**os.environ, "TRITON_INTERPRET": "1"}
    proc = subprocess.run([sys.executable, "-c", SAVED_RUNNER, str(path), json.dumps(shapes)], env=env,
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    got = [c["spec"] for c in result["calls"]]
    assert all(c["err"] < 1e-4 for c in result["calls"]), result
    assert got[:4] == [specs.index(CFG_A), specs.index(CFG_B), specs.index(CFG_A), specs.index(CFG_A)]
    assert got[4:] == [fallback] * 3
    assert len(result["warnings"]) == 2, "one warning per new bucket (M 1024 and M 2048), none again for 1100"
    assert "M=1024" in result["warnings"][0] and "outside this file's dispatch table" in result["warnings"][0]


def _meta(path: Path) -> dict:
    text = path.read_text()
    start = text.index("META = ")
    end = text.index("\n\n\n", start)
    return eval(text[start + len("META = "):end])  # noqa: S307 - our own generated literal


@pytest.mark.skipif(DEVICE != "cpu", reason="tunes in the CPU interpreter (seconds per config)")
def test_two_shapes_tuned_under_the_interpreter_then_one_kernel(tmp_path, linear_gelu):
    from test_tune_cli import LINEAR_GELU as EXAMPLE
    from test_tune_cli import run

    db = tmp_path / "tuning.sqlite"
    for shape, seed in (("M=8,N=32,K=32", "1"), ("M=64,N=32,K=32", "2")):
        status, out, _ = run(["tune", EXAMPLE, "--shape", shape, "--dtype", "fp32", "--budget", "3", "--strategy",
                              "random", "--seed", seed, "--db", str(db), "--workers", "2", "--no-progress"])
        assert status == 0, out
    with TuningDB(db) as store:
        best = {s: store.lookup(Device.current(), Workload.make(
            "linear_gelu", program_signature(linear_gelu.trace("fp32"), "fp32"), "fp32", d)).config
            for s, d in (("A", {"M": 8, "N": 32, "K": 32}), ("B", {"M": 64, "N": 32, "K": 32}))}
    kernel = linear_gelu.compile("fp32", db=db, model=False)
    for m in (8, 64, 2048):
        check(kernel, linear_gelu, m, 32, 32)
    a, b, far = kernel.specializations()
    assert (a["config"], a["source"]) == (best["A"], "exact")
    assert (b["config"], b["source"]) == (best["B"], "exact")
    assert far["source"] == "default" and "M=2048" in far["provenance"]


@pytest.mark.skipif(DEVICE != "cpu", reason="tunes in the CPU interpreter")
def test_first_call_autotune_measures_once_and_stores_the_result(tmp_path, linear_gelu):
    db = tmp_path / "tuning.sqlite"
    kernel = linear_gelu.compile("fp32", db=db, model=False, autotune="first-call")
    kernel.policy.chooser.first_call_budget = 2
    kernel.policy.chooser.first_call_options = {"workers": 2}
    check(kernel, linear_gelu, 16, 32, 32)
    (entry,) = kernel.specializations()
    assert entry["source"] == "first-call" and "first-call autotune measured 2 candidates" in entry["provenance"]
    with TuningDB(db) as store:
        assert len(store.records()) == 2
    again = linear_gelu.compile("fp32", db=db, model=False)  # the next process finds it in the database
    check(again, linear_gelu, 16, 32, 32)
    assert again.specializations()[0]["source"] == "exact"
    assert again.specializations()[0]["config"] == entry["config"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check(kernel, linear_gelu, 16, 32, 32)   # the same key: no second tune
    with TuningDB(db) as store:
        assert len(store.records()) == 2
