"""The per-GPU tuning database: concurrent and killed writers, schema checks, export/import, lookup and
objectives, the compile-time lookup (no measurement), and ``tilefuse db``."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import tilefuse as tf
from tilefuse.autotune.db import Record, TuningDB, TuningDBError, default_path
from tilefuse.autotune.objectives import Objective, parse_objective
from tilefuse.autotune.records import Device, Measurement, Workload, program_signature
from tilefuse.cli import main
from tilefuse.frontend.loading import load_programs
from tilefuse.schedule import Config

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = str(REPO / "examples" / "linear_gelu.py")
H200 = Device("NVIDIA H200", 132, "9.0", "565.57", "3.9.0")
H100 = Device("NVIDIA H100 80GB HBM3", 132, "9.0", "565.57", "3.9.0")
SMALL = {"BLOCK_M": 32, "BLOCK_N": 32, "BLOCK_K": 32, "num_warps": 4, "num_stages": 2, "GROUP_M": 1,
         "USE_TMA": False}


def cfg(block_m: int, **more) -> dict:
    return Config.from_dict({**SMALL, "BLOCK_M": block_m, **more}).to_dict()


def workload(program="gemm", signature="sig0", dtype="fp16", **shape) -> Workload:
    return Workload.make(program, signature, dtype, shape or {"M": 4096, "N": 4096, "K": 4096})


def meas(config: dict, latency: float | None = None, energy: float | None = None, status: str = "ok",
         **more) -> Measurement:
    samples = [latency * f for f in (0.99, 1.0, 1.01)] if latency is not None else []
    return Measurement(config=config, status=status, latency_samples=samples, energy=energy,
                       energy_windows=[energy] * 3 if energy is not None else [], timestamp=1.7e9, **more)


def dump(records: list[Record]) -> list[str]:
    return [json.dumps(r.to_json(), sort_keys=True) for r in records]


# ---- opening, reopening, refusing ------------------------------------------------------------------------


def test_new_database_is_wal_with_schema_version_and_reopen_keeps_records(tmp_path):
    path = tmp_path / "sub" / "t.sqlite"
    with TuningDB(path) as db:
        assert db.add(H200, workload(), meas(cfg(64), 1e-3, 0.5)) is True
        assert db.add(H200, workload(), meas(cfg(64), 1e-3, 0.5)) is False   # same record: stored once
        db.add(H200, workload(M=512), meas(cfg(32), 2e-4, status="ok", error=""))
        db.add(H100, workload(), meas(cfg(128), status="compile_error", error="out of shared memory"))
        before = dump(db.records())
        meta = db.meta()
    assert meta["schema_version"] == "1" and meta["tilefuse_version"] == tf.__version__
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with TuningDB(path) as db:
        assert dump(db.records()) == before and len(before) == 3
        assert db.records(device=H100)[0].measurement.error == "out of shared memory"
        assert db.integrity_check() == "ok"


def test_other_schema_version_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "t.sqlite"
    TuningDB(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(TuningDBError) as info:
        TuningDB(path)
    message = str(info.value)
    assert str(path) in message and "schema version 999" in message and "reads schema version 1" in message
    assert "Move it aside or delete it" in message
    assert isinstance(info.value, tf.TilefuseError)


def test_garbage_file_is_refused_not_a_crash(tmp_path):
    path = tmp_path / "t.sqlite"
    path.write_bytes(b"this is not sqlite\x00" * 200)
    with pytest.raises(TuningDBError, match="not a usable tuning database") as info:
        TuningDB(path)
    assert str(path) in str(info.value) and "Move it aside" in str(info.value)


def test_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE songs (title TEXT)")
    with pytest.raises(TuningDBError, match="not a tilefuse tuning database"):
        TuningDB(path)


def test_default_path_follows_env_then_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("TILEFUSE_TUNING_DB", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_path() == tmp_path / "xdg" / "tilefuse" / "tuning.sqlite"
    monkeypatch.setenv("TILEFUSE_TUNING_DB", str(tmp_path / "mine.sqlite"))
    assert default_path() == tmp_path / "mine.sqlite"


# ---- several processes ---------------------------------------------------------------------------------------


def _write_records(path: str, worker: int, count: int) -> None:
    """One writer process: ``count`` records, one transaction each, all contending for the same file."""
    with TuningDB(path) as db:
        for i in range(count):
            db.add(H200, workload(program=f"worker{worker}", M=64 * (i + 1)), meas(cfg(64), 1e-4 * (i + 1)))


def test_concurrent_writers_lose_nothing(tmp_path):
    path = str(tmp_path / "t.sqlite")
    workers, count = 4, 60
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_records, args=(path, w, count)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0] * workers
    with TuningDB(path) as db:
        assert db.count() == workers * count
        for w in range(workers):
            got = sorted(r.workload.dims["M"] for r in db.records(program=f"worker{w}"))
            assert got == [64 * (i + 1) for i in range(count)]
        assert db.integrity_check() == "ok"


_KILLED_WRITER = r"""
import sys, time
from tilefuse.autotune.db import Record, TuningDB, _insert, _row
from tilefuse.autotune.records import Device, Measurement, Workload

path, mode = sys.argv[1], sys.argv[2]
device = Device("NVIDIA H200", 132, "9.0", "565.57", "3.9.0")

def batch(n):
    return [Record(device, Workload.make(f"batch{n}", "sig", "fp16", {"M": 64 * (i + 1)}),
                   Measurement(config={"BLOCK_M": 64}, latency_samples=[1e-4 * (j + 1) for j in range(200)]))
            for i in range(5)]

db = TuningDB(path)
n = 0
while mode == "loop" or n < 3:
    db.add_many(batch(n))   # five records, one transaction
    n += 1
def insert_then_hang(conn):
    _insert(conn, [_row(r) for r in batch(n)[:2]])
    print("inside", flush=True)
    time.sleep(60)
db._write(insert_then_hang)
"""


@pytest.mark.parametrize("mode", ["loop", "hang"])
def test_writer_killed_mid_write_leaves_a_consistent_database(tmp_path, mode):
    """SIGKILL while writing: at a random point of a write loop, or inside an open transaction."""
    path = str(tmp_path / "t.sqlite")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, path, mode], env=env, stdout=subprocess.PIPE,
                             text=True)
    try:
        if mode == "hang":
            assert child.stdout.readline().strip() == "inside"
            with TuningDB(path, timeout=1) as db:
                assert db.count() == 15  # readers go on while a writer holds the lock (WAL)
        else:
            deadline = time.time() + 30
            while time.time() < deadline:
                time.sleep(0.05)
                if os.path.exists(path):
                    try:
                        with TuningDB(path, timeout=1) as db:
                            if db.count() >= 40:
                                break
                    except TuningDBError:
                        pass
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL
    with TuningDB(path) as db:
        assert db.integrity_check() == "ok"
        records = db.records()
        batches = {}
        for r in records:
            batches.setdefault(r.workload.program, []).append(r)
            assert len(r.measurement.latency_samples) == 200 and r.measurement.latency is not None
        assert all(len(b) == 5 for b in batches.values()), "a batch landed in part"
        assert len(records) == 15 if mode == "hang" else len(records) >= 40
        db.add(H200, workload(), meas(cfg(64), 1e-3))  # the lock died with the writer
        assert db.count() == len(records) + 1


# ---- export / import / prune -----------------------------------------------------------------------------


def _fill(db: TuningDB) -> None:
    for shape, scale in (({"M": 4096, "N": 4096, "K": 4096}, 1.0), ({"M": 512, "N": 4096, "K": 4096}, 0.2)):
        w = workload(**shape)
        for i, block in enumerate((32, 64, 128, 256)):
            db.add(H200, w, meas(cfg(block), scale * (1 + i) * 1e-3, scale * (4 - i) * 0.1))
        db.add(H200, w, meas(cfg(16), status="compile_error", error="BLOCK_M=16 below 16?"))
        db.add(H200, w, meas(cfg(256, num_warps=8), scale * 1e-4, status="wrong", rel_error=0.3))
    db.add(H100, workload(), meas(cfg(128), 7e-4, 0.2))


def test_export_import_round_trip_is_idempotent(tmp_path):
    with TuningDB(tmp_path / "a.sqlite") as a, TuningDB(tmp_path / "b.sqlite") as b:
        _fill(a)
        assert a.export_jsonl(tmp_path / "a.jsonl") == 13
        lines = (tmp_path / "a.jsonl").read_text().splitlines()
        assert len(lines) == 13 and set(json.loads(lines[0])) == {"device", "workload", "measurement"}
        assert b.import_jsonl(tmp_path / "a.jsonl") == (13, 0)
        assert b.import_jsonl(tmp_path / "a.jsonl") == (0, 13)
        assert a.import_jsonl(tmp_path / "a.jsonl") == (0, 13)
        assert dump(b.records()) == dump(a.records())
        b.export_jsonl(tmp_path / "b.jsonl")
        assert (tmp_path / "b.jsonl").read_bytes() == (tmp_path / "a.jsonl").read_bytes()
        # A bad line aborts the whole import: nothing half-imported.
        (tmp_path / "bad.jsonl").write_text(lines[0] + "\n" + lines[1][:40] + "\n")
        with TuningDB(tmp_path / "c.sqlite") as c:
            with pytest.raises(TuningDBError, match=r"bad.jsonl:2 is not a tuning record"):
                c.import_jsonl(tmp_path / "bad.jsonl")
            assert c.count() == 0


def test_prune_drops_failed_and_keeps_the_best_n(tmp_path):
    with TuningDB(tmp_path / "t.sqlite") as db:
        _fill(db)
        assert db.prune(failed=True) == 4
        assert {r.measurement.status for r in db.records()} == {"ok"}
        assert db.prune(keep_best=2) == 4  # 4 ok records at each H200 shape, 1 on the H100
        kept = {(r.device.name, r.workload.shape_key): [] for r in db.records()}
        for r in db.records():
            kept[(r.device.name, r.workload.shape_key)].append(r.measurement.config["BLOCK_M"])
        assert kept == {("NVIDIA H200", "K=4096,M=4096,N=4096"): [32, 64],
                        ("NVIDIA H200", "K=4096,M=512,N=4096"): [32, 64],
                        ("NVIDIA H100 80GB HBM3", "K=4096,M=4096,N=4096"): [128]}
        assert db.integrity_check() == "ok"


# ---- lookup ------------------------------------------------------------------------------------------------


def test_lookup_exact_bucket_and_none(tmp_path):
    with TuningDB(tmp_path / "t.sqlite") as db:
        _fill(db)
        exact = db.lookup(H200, workload())
        assert exact.match == "exact" and exact.config == cfg(32) and exact.measurements == 6
        assert exact.latency == pytest.approx(1e-3)
        near = db.lookup(H200, workload(M=3000, N=4096, K=4096))  # bucket 4096
        assert near.match == "bucket" and near.matched.shape_key == "K=4096,M=4096,N=4096"
        assert db.lookup(H200, workload(M=700, N=4096, K=4096)).matched.dims["M"] == 512   # |log2| 1 vs 2
        assert db.lookup(H200, workload(M=4096, N=4096, K=16384)).matched.dims["M"] == 4096
        assert db.lookup(H100, workload()).config == cfg(128)
        for other in (workload(signature="other"), workload(dtype="fp32"), workload(M=64, N=64)):  # dims differ
            assert db.lookup(H200, other) is None
        assert db.lookup(Device("NVIDIA H200", 132, "9.0", "570.0", "3.9.0"), workload()) is None  # new driver


def test_failed_and_wrong_records_are_never_chosen(tmp_path):
    w = workload()
    with TuningDB(tmp_path / "t.sqlite") as db:
        for status in ("compile_error", "runtime_error", "timeout", "crash", "rejected"):
            db.add(H200, w, meas(cfg(16 if status == "crash" else 256), 1e-6, 1e-6, status=status))
        assert db.lookup(H200, w) is None
        db.add(H200, w, meas(cfg(64), 1e-3))
        db.add(H200, w, meas(cfg(128), 5e-4))
        db.add(H200, w, meas(cfg(128), 5e-4, status="wrong", rel_error=0.5))  # once wrong: never chosen here
        got = db.lookup(H200, w)
        assert got.config == cfg(64) and got.measurements == 8


def test_objectives(tmp_path):
    # (latency, energy): A fastest, B within 4%, C 20% slower and frugal, D slowest and most frugal.
    points = {"A": (32, 1.00e-3, 10.0), "B": (64, 1.04e-3, 6.0), "C": (128, 1.20e-3, 3.0), "D": (256, 2.0e-3, 2.5)}
    with TuningDB(tmp_path / "t.sqlite") as db:
        for block, latency, energy in points.values():
            db.add(H200, workload(), meas(cfg(block), latency, energy))
        db.add(H200, workload(), meas(cfg(16, BLOCK_N=64), 0.5e-3))  # fastest, but no energy measured

        def pick(objective):
            return {v[0]: k for k, v in points.items()}.get(db.lookup(H200, workload(), objective).config["BLOCK_M"])

        assert db.lookup(H200, workload(), "latency").config == cfg(16, BLOCK_N=64)
        assert pick("energy") == "D"
        assert pick("edp") == "C"  # 10e-3, 6.24e-3, 3.6e-3, 5e-3
        # energy@X% is relative to the best latency of all ok configs, measured energy or not.
        db.add(H200, workload(), meas(cfg(16, BLOCK_N=64), 1.5e-3))  # its median is now 1.0e-3
        assert pick("energy@5%") == "B"
        assert pick("energy@25%") == "C"
        assert pick("energy@0%") == "A"
        assert pick("energy@100%") == "D"
    assert parse_objective("energy@2.5%") == Objective("energy_within", 0.025)  # the one parser db.lookup uses
    for bad in ("speed", "energy@", "energy@-1%", "energy@5"):
        with pytest.raises(tf.TilefuseError, match="unknown objective"):
            parse_objective(bad)


# ---- compile-time lookup ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def linear_gelu():
    (program,) = load_programs(EXAMPLE)
    return program


def _tune(db: TuningDB, program, shape: dict, rows: list[tuple[dict, float, str]]) -> Workload:
    """Records as the tuner would write them for ``program`` at ``shape`` on this machine."""
    w = Workload.make(program.name, program_signature(program.trace("fp16"), "fp16"), "fp16", shape)
    for config, latency, status in rows:
        db.add(Device.current(), w, meas(config, latency, status=status))
    return w


def test_second_compile_uses_the_database_without_measuring(tmp_path, linear_gelu):
    import torch

    path = tmp_path / "t.sqlite"
    shape = {"M": 4096, "N": 4096, "K": 1024}
    best = cfg(64, BLOCK_N=32, GROUP_M=4)
    with TuningDB(path) as db:
        _tune(db, linear_gelu, shape, [(cfg(32), 2e-3, "ok"), (best, 1e-3, "ok"), (cfg(128), 1e-3, "compile_error"),
                                       (cfg(64, BLOCK_N=64), 9e-4, "wrong")])
        before = dump(db.records())
    kernel = linear_gelu.compile("fp16", shape=shape, db=path)
    assert kernel.config.to_dict() == best
    assert kernel.tuning["source"] == "exact" and kernel.tuning["measurements"] == 4
    header = kernel.source.split("\n\n")[0].splitlines()
    line = next(h for h in header if h.startswith("# tuning:  "))
    assert f"exact match for K=1024,M=4096,N=4096 on {Device.current().name} in {path}" in line
    assert "best of 4 measurements by latency (median 1 ms)" in line
    assert f"# config:  {json.dumps(best)}" in header
    assert kernel._module is None  # compiling ran nothing
    with TuningDB(path) as db:
        assert dump(db.records()) == before
    # The chosen config is a working kernel (interpreter on the CPU).
    gen = torch.Generator().manual_seed(0)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    x, w, b = (torch.randn(s, generator=gen).half().to(device) for s in ((70, 40), (50, 40), (50,)))
    ref = linear_gelu(x.cpu(), w.cpu(), b.cpu(), compute_dtype=torch.float64)
    assert (kernel(x, w, b).double().cpu() - ref).abs().max().item() < 1e-2
    # The nearest bucket for a shape never tuned; explicit and default say so.
    near = linear_gelu.compile("fp16", shape={"M": 3000, "N": 4096, "K": 1024}, db=path)
    assert near.config.to_dict() == best and near.tuning["source"] == "bucket"
    assert "# tuning:  nearest tuned bucket K=1024,M=4096,N=4096 (wanted K=1024,M=3000,N=4096)" in near.source
    explicit = linear_gelu.compile("fp16", config=cfg(32), shape=shape, db=path)
    assert explicit.config.to_dict() == cfg(32) and explicit.tuning["source"] == "explicit"
    assert "# tuning:  explicit config" in explicit.source
    fp32 = linear_gelu.compile("fp32", shape=shape, db=path, model=False)  # no cost model pick, where one exists
    assert fp32.tuning["source"] == "default" and fp32.config == linear_gelu.compile("fp32", model=False).config
    assert "# tuning:  default config: no ok measurement of linear_gelu fp32" in fp32.source


@pytest.mark.parametrize("damage", ["garbage", "schema", "missing"])
def test_compile_with_an_unusable_database_falls_back_to_the_default(tmp_path, linear_gelu, damage):
    path = tmp_path / "t.sqlite"
    if damage == "garbage":
        path.write_bytes(os.urandom(8192))
    elif damage == "schema":
        with TuningDB(path) as db:
            _tune(db, linear_gelu, {"M": 64, "N": 64, "K": 64}, [(cfg(32), 1e-3, "ok")])
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    default = linear_gelu.compile("fp16", model=False).config
    if damage == "missing":
        kernel = linear_gelu.compile("fp16", shape={"M": 64, "N": 64, "K": 64}, db=path, model=False)
        assert "no tuning database at" in kernel.tuning["summary"] and not path.exists()
    else:
        with pytest.warns(UserWarning, match=f"{path}.*compiling linear_gelu with the default config") as caught:
            kernel = linear_gelu.compile("fp16", shape={"M": 64, "N": 64, "K": 64}, db=path, model=False)
        assert len(caught) == 1 and "\n" not in str(caught[0].message)
        assert "# tuning:  default config: tuning database unusable" in kernel.source
    assert kernel.config == default and kernel.tuning["source"] == "default"


def test_database_config_invalid_for_the_target_falls_back(tmp_path, linear_gelu):
    path = tmp_path / "t.sqlite"
    with TuningDB(path) as db:
        _tune(db, linear_gelu, {"M": 64, "N": 64, "K": 64}, [(cfg(64, USE_TMA=True), 1e-3, "ok")])
    with pytest.warns(UserWarning, match="invalid for sm_80"):
        kernel = linear_gelu.compile("fp16", shape={"M": 64, "N": 64, "K": 64}, db=path, arch=80)
    assert kernel.config == linear_gelu.compile("fp16", arch=80).config and kernel.tuning["source"] == "default"


def test_shape_must_name_every_dim(tmp_path, linear_gelu):
    with pytest.raises(tf.TilefuseError, match="lacks K; give every dim: K, M, N"):
        linear_gelu.compile("fp16", shape={"M": 64, "N": 64}, db=tmp_path / "t.sqlite")
    with pytest.raises(tf.TilefuseError, match="names Q, which it does not have"):
        linear_gelu.compile("fp16", shape={"M": 64, "N": 64, "K": 64, "Q": 1}, db=tmp_path / "t.sqlite")


# ---- the command line ------------------------------------------------------------------------------------


def test_cli_db_list_export_import_prune_show(tmp_path, capsys):
    a, b = str(tmp_path / "a.sqlite"), str(tmp_path / "b.sqlite")
    with TuningDB(a) as db:
        _fill(db)
    capsys.readouterr()
    assert main(["db", "list", "--db", a]) == 0
    out = capsys.readouterr().out
    for word in ("device", "program", "#records", "#ok", "best latency", "best energy", "NVIDIA H200", "gemm",
                 "K=4096,M=512,N=4096"):
        assert word in out
    row = next(line for line in out.splitlines() if "NVIDIA H200" in line and "M=512," in line)
    assert [cell.strip() for cell in row.split("│")[5:9]] == ["6", "4", "0.2 ms", "20 mJ"]
    assert main(["db", "export", str(tmp_path / "x.jsonl"), "--db", a]) == 0
    assert "exported 13 records" in capsys.readouterr().out
    assert main(["db", "import", str(tmp_path / "x.jsonl"), "--db", b]) == 0
    assert "imported 13 new records" in capsys.readouterr().out
    assert main(["db", "import", str(tmp_path / "x.jsonl"), "--db", b]) == 0
    assert "imported 0 new records into " in (out := capsys.readouterr().out) and "(13 already there)" in out
    assert main(["db", "prune", "--failed", "--keep-best", "1", "--db", b]) == 0
    assert "pruned 10 records" in (out := capsys.readouterr().out) and "; 3 left" in out
    with TuningDB(b) as db:
        assert sorted(r.measurement.latency for r in db.records()) == pytest.approx([2e-4, 7e-4, 1e-3])
    assert main(["db", "show", "--db", a, "--shape", "M=512,N=4096,K=4096", "--status", "wrong"]) == 0
    out = capsys.readouterr().out
    assert "1 records" in out and "wrong" in out and "BLOCK_M=256" in out and "num_warps" not in out  # 8: default
    assert main(["db", "prune", "--db", b]) == 2
    assert "needs --failed and/or --keep-best" in capsys.readouterr().err


def test_cli_db_on_a_corrupt_file_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "t.sqlite"
    path.write_bytes(b"garbage" * 1000)
    assert main(["db", "list", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"tilefuse: error: {path} is not a usable tuning database") and err.count("\n") == 1


def test_cli_compile_with_shape_says_where_the_config_came_from(tmp_path, capsys, linear_gelu):
    path = tmp_path / "t.sqlite"
    with TuningDB(path) as db:
        _tune(db, linear_gelu, {"M": 256, "N": 128, "K": 64}, [(cfg(64), 1e-3, "ok")])
    out = tmp_path / "build"
    assert main(["compile", EXAMPLE, "--shape", "M=256", "--shape", "N=128,K=64", "--db", str(path),
                 "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "  config: exact match for K=64,M=256,N=128" in text
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["kernels"][0]["config"] == cfg(64) and manifest["kernels"][0]["tuning"]["source"] == "exact"
    garbage = tmp_path / "bad.sqlite"
    garbage.write_bytes(b"garbage" * 1000)
    with pytest.warns(UserWarning, match="not a usable tuning database"):
        assert main(["compile", EXAMPLE, "--shape", "M=256,N=128,K=64", "--db", str(garbage), "--out",
                     str(out), "--no-model"]) == 0
    assert "  config: default config: tuning database unusable" in capsys.readouterr().out
    assert main(["compile", EXAMPLE, "--shape", "M=big", "--out", str(out)]) == 2
    assert "--shape takes DIM=SIZE such as M=4096, got 'M=big'" in capsys.readouterr().err
