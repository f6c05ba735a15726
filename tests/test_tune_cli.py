"""``tilefuse tune`` end to end on this machine's device (the CPU interpreter without a GPU): measure into a
temporary database, resume without measuring anything twice, then ``tilefuse compile --shape`` picks the tuned
config from the database without measuring.

The interpreter is slow, so the workload is a 32x32x32 fp32 GEMM and each tune measures a handful of configs.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from tilefuse.autotune.db import TuningDB
from tilefuse.autotune.records import Device
from tilefuse.cli import main
from tilefuse.schedule import Config

ROOT = Path(__file__).resolve().parent.parent
LINEAR_GELU = str(ROOT / "examples" / "linear_gelu.py")
SHAPE = "M=32,N=32,K=32"
GEMM_KNOBS = ["BLOCK_M", "BLOCK_N", "BLOCK_K", "num_warps", "num_stages", "GROUP_M", "SPLIT_K", "SPLIT_K_MODE",
              "USE_TMA"]


def run(argv: list[str]) -> tuple[int, str, str]:
    """``tilefuse ARGV`` in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


def tune_args(db: Path, budget: int) -> list[str]:
    return ["tune", LINEAR_GELU, "--shape", SHAPE, "--dtype", "fp32", "--budget", str(budget), "--strategy", "random",
            "--seed", "3", "--db", str(db), "--workers", "2", "--timeout", "120", "--no-progress"]


def knob_text(config: dict) -> str:
    return " ".join(f"{k}={config[k]}" for k in GEMM_KNOBS)


@pytest.fixture(scope="module")
def tuned(tmp_path_factory):
    """Tune with a budget of 3, then the same command with a budget of 5 (and the CUDA back end asked for as a
    knob: where it cannot run, Triton alone, with a note); the database after each."""
    db = tmp_path_factory.mktemp("tune") / "tuning.sqlite"
    first = run(tune_args(db, 3))
    with TuningDB(db) as store:
        after_first = store.records()
    second = run(tune_args(db, 5) + ["--backends", "triton,cuda"])
    with TuningDB(db) as store:
        after_second = store.records()
    return db, first, after_first, second, after_second


def test_tune_records_every_measurement(tuned):
    _, (status, out, _), records, _, _ = tuned
    assert status == 0, out
    assert len(records) == 3
    for r in records:
        m = r.measurement
        assert m.status == "ok", (m.config, m.error)
        assert m.latency > 0 and len(m.latency_samples) >= 1 and m.rel_error < 1e-3
        assert r.workload.program == "linear_gelu" and r.workload.dtype == "fp32"
        assert r.workload.dims == {"M": 32, "N": 32, "K": 32}
        assert r.device.capability == Device.current().capability  # "cpu" in the interpreter, "9.0" on an H200
        assert set(m.config) >= set(GEMM_KNOBS)
    assert len({Config.from_dict(r.measurement.config) for r in records}) == 3


def test_tune_prints_the_table_and_the_best_config(tuned):
    _, (_, out, _), records, _, _ = tuned
    best = min((r.measurement for r in records), key=lambda m: m.latency)
    interpreted = Device.current().capability == "cpu"
    assert ("CPU clock" in out) == interpreted, "the interpreter's timer is named, and only there"
    assert "random search, objective latency" in out
    # The table's first row is the best config (the row may wrap, so compare its start), and the summary names it.
    assert f"│ 1 │ BLOCK_M={best.config['BLOCK_M']} BLOCK_N={best.config['BLOCK_N']} " in out
    assert f"best (latency): {knob_text(best.config)}  [{best.latency * 1e6:.2f} us]" in out
    assert "3 measured (0 from history), 0 failed" in out
    assert f"tilefuse compile {LINEAR_GELU} --entry linear_gelu --dtype fp32 --shape K=32,M=32,N=32" in out


def test_second_tune_resumes_without_measuring_anything_twice(tuned):
    _, _, first, (status, out, _), second = tuned
    assert status == 0, out
    assert "3 already in the database" in out
    assert "5 measured (3 from history)" in out and "measured 2 new configs" in out
    assert [r.content_hash for r in second[:3]] == [r.content_hash for r in first], "old records untouched"
    assert len(second) == 5
    configs = [Config.from_dict(r.measurement.config) for r in second]
    assert len(set(configs)) == 5, "a config was measured twice"
    assert all(r.measurement.status == "ok" for r in second)
    if all(c.BACKEND == "triton" for c in configs):  # no GPU with TVM and cuda-python here: the reason is printed
        assert "note: the cuda back end is not offered: " in out


def test_compile_picks_the_tuned_config_without_measuring(tuned, tmp_path, monkeypatch):
    import tilefuse.autotune.measure as measure
    import tilefuse.cli.tune as cli

    def no_measuring(*args, **kwargs):
        raise AssertionError("compile must not measure anything")

    monkeypatch.setattr(measure.Measurer, "__init__", no_measuring)
    monkeypatch.setattr(cli, "make_measurer", no_measuring)
    db, _, _, _, records = tuned
    best = min((r.measurement for r in records), key=lambda m: m.latency)
    status, out, _ = run(["compile", LINEAR_GELU, "--dtype", "fp32", "--shape", SHAPE, "--db", str(db),
                          "--out", str(tmp_path)])
    assert status == 0, out
    assert "config: exact match for K=32,M=32,N=32" in out
    header = (tmp_path / "linear_gelu.py").read_text().split("\n\n")[0]
    tuning = next(line for line in header.splitlines() if line.startswith("# tuning:"))
    assert "exact match for K=32,M=32,N=32" in tuning and f"in {db}" in tuning and "best of 5 measurements" in tuning
    config_line = next(line for line in header.splitlines() if line.startswith("# config:"))
    assert json.loads(config_line.removeprefix("# config:")) == best.config


@pytest.mark.parametrize("extra, words", [
    (["--shape", "M=32,N=32"], ["--shape lacks K", "give every dim: K, M, N", "program linear_gelu"]),
    (["--shape", "M=32,N=32,K=32,Q=8"], ["--shape names Q"]),
    ([], ["tune needs the sizes to tune for", "--shape K=..."]),
    (["--shape", SHAPE, "--strategy", "annealing"], ["unknown search strategy 'annealing'", "evolutionary"]),
    (["--shape", SHAPE, "--objective", "fastest"], ["unknown objective 'fastest'", "energy@X%"]),
    (["--shape", SHAPE, "--budget", "0"], ["--budget must be at least 1"]),
    (["--shape", SHAPE, "--backends", "triton,rocm"], ["--backends: no back end 'rocm'", "cuda, triton"]),
])
def test_bad_tune_command_is_a_clear_error(tmp_path, monkeypatch, extra, words):
    import tilefuse.cli.tune as cli

    monkeypatch.setattr(cli, "make_measurer", lambda *a, **k: pytest.fail("nothing may be measured"))
    status, _, err = run(["tune", LINEAR_GELU, "--db", str(tmp_path / "db.sqlite"), *extra])
    assert status == 2
    assert err.startswith("tilefuse: error:") and "Traceback" not in err
    for word in words:
        assert word in err
    assert not (tmp_path / "db.sqlite").exists(), "the command is checked before the database is opened"


TWO_OUTPUTS = '''
import tilefuse as tf


@tf.program
def linear_two(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], b: tf.Tensor["N"]):
    y = tf.einsum("mk,nk->mn", x, w) + b
    return y, tf.gelu(y)
'''


def test_compile_check_uses_the_tuners_check_and_runs_every_output(tmp_path):
    """``compile --check`` runs the tuner's check (``autotune.checking.check_output``). Before, it never ran a
    program with two outputs and reported its untouched NaN buffer as a failure."""
    program = tmp_path / "two.py"
    program.write_text(TWO_OUTPUTS)
    status, out, _ = run(["compile", str(program), "--dtype", "fp32", "--check", "--out", str(tmp_path / "build")])
    assert status == 0, out
    check = json.loads((tmp_path / "build" / "manifest.json").read_text())["kernels"][0]["check"]
    assert check["ok"] and check["all_written"] and check["rel_error"] < check["tolerance"] == 1e-3
