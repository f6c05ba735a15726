"""The ``tilefuse`` command, run in-process: compile (with --check), errors, and show."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
import torch
from conftest import DEVICE, TOLERANCE, rel_error

import tilefuse as tf
from tilefuse.backends.triton.loader import load_kernel
from tilefuse.cli import main
from tilefuse.frontend.loading import load_programs
from tilefuse.schedule import PIPELINE

EXAMPLE = str(Path(__file__).resolve().parent.parent / "examples" / "linear_gelu.py")
KNOBS = ["BLOCK_M", "BLOCK_N", "BLOCK_K", "num_warps", "num_stages", "GROUP_M", "SPLIT_K", "SPLIT_K_MODE",
         "USE_TMA"]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    """``tilefuse compile examples/linear_gelu.py --out <dir> --check``, once for the module."""
    out = tmp_path_factory.mktemp("cli-build")
    status = main(["compile", EXAMPLE, "--out", str(out), "--check"])
    return status, out


def test_compile_check_returns_zero_and_writes_files(compiled):
    status, out = compiled
    assert status == 0
    assert sorted(p.name for p in out.iterdir()) == ["linear_gelu.py", "manifest.json"]


def test_manifest_fields(compiled):
    _, out = compiled
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["tilefuse_version"] == tf.__version__
    (entry,) = manifest["kernels"]
    assert entry["program"] == "linear_gelu"
    assert entry["dtype"] == "fp16"
    assert entry["file"] == "linear_gelu.py"
    assert os.path.samefile(entry["source"], EXAMPLE)
    assert set(entry["config"]) == set(KNOBS) | {"SPLIT_KV"}  # SPLIT_KV: the attention knob
    assert entry["config"]["BLOCK_M"] == 128 and entry["config"]["SPLIT_K"] == 1
    assert entry["kernels"] == ["linear_gelu_kernel"]
    assert entry["sha256"] == hashlib.sha256((out / "linear_gelu.py").read_bytes()).hexdigest()
    assert [(i["name"], i["dtype"], i["shape"]) for i in entry["inputs"]] == [
        ("x", "fp16", ["M", "K"]), ("w", "fp16", ["N", "K"]), ("b", "fp16", ["N"])]
    check = entry["check"]
    assert check["ok"] is True and check["all_written"] is True
    assert 0 <= check["rel_error"] < check["tolerance"] <= 1e-2
    assert set(check["dims"]) == {"K", "M", "N"}
    assert "offline" not in entry


def test_compiled_file_runs(compiled):
    _, out = compiled
    module = load_kernel(out / "linear_gelu.py")
    assert module.META["program"] == "linear_gelu" and module.META["dtype"] == "fp16"
    gen = torch.Generator().manual_seed(1)
    x, w, b = (torch.randn(s, generator=gen) / 4 for s in [(9, 20), (11, 20), (11,)])
    y = module.linear_gelu(*(t.half().to(DEVICE) for t in (x, w, b)))
    (program,) = load_programs(EXAMPLE)
    want = program(x.half(), w.half(), b.half(), compute_dtype=torch.float64)
    assert rel_error(y, want) < TOLERANCE["fp16"]


@pytest.mark.parametrize("config, words", [
    ('{"BLOCK_M": 3}', ["BLOCK_M=3", "power of two"]),
    ('{"BLOCK_Q": 64}', ["unknown config keys", "BLOCK_Q"]),
    ('{"BLOCK_K": 128, "num_stages": 5}', ["shared memory"]),
    ("{BLOCK_M: 64}", ["--config is not valid JSON"]),
    ("[64]", ["--config must be a JSON object"]),
    ('{"BLOCK_M": "64"}', ["BLOCK_M must be an integer"]),
])
def test_bad_config_is_a_clear_error(tmp_path, capsys, config, words):
    status = main(["compile", EXAMPLE, "--out", str(tmp_path), "--config", config])
    assert status != 0
    err = capsys.readouterr().err
    assert err.startswith("tilefuse: error:")
    assert "Traceback" not in err
    for w in words:
        assert w in err
    assert not (tmp_path / "linear_gelu.py").exists()


def test_unknown_entry_is_a_clear_error(tmp_path, capsys):
    status = main(["compile", EXAMPLE, "--out", str(tmp_path), "--entry", "nope"])
    assert status != 0
    err = capsys.readouterr().err
    assert "no program named 'nope'" in err and "linear_gelu" in err


def test_missing_file_is_a_clear_error(tmp_path, capsys):
    status = main(["compile", str(tmp_path / "missing.py"), "--out", str(tmp_path)])
    assert status != 0
    assert "no such program file" in capsys.readouterr().err


def test_show_prints_every_pass_in_order_and_the_space(capsys):
    assert main(["show", EXAMPLE]) == 0
    text = capsys.readouterr().out
    headers = [f"after {name}" for name in ("trace", *PIPELINE)]
    assert headers == ["after trace", "after canonicalize", "after fuse", "after sparsify", "after tile"]
    positions = [text.index(h) for h in headers]
    assert positions == sorted(positions)
    assert "einsum" in text.split("after canonicalize")[0], "the traced IR is printed"
    assert "kernel linear_gelu_kernel (gemm)" in text.split("after fuse")[1]
    assert "tile linear_gelu_kernel" in text.split("after tile")[1]
    space = text.split("search space of linear_gelu_kernel")[1]
    knob_positions = [space.index(f"//   {k} ") for k in KNOBS]
    assert knob_positions == sorted(knob_positions)
    assert "constraints:" in space and "smem" in space and "pow2" in space
    assert "@triton.jit" not in text


def test_show_code_prints_the_generated_file(capsys):
    assert main(["show", EXAMPLE, "--dtype", "fp32", "--code", "--config", '{"BLOCK_M": 64}']) == 0
    text = capsys.readouterr().out
    code = text.split("// ---- generated Triton")[1]
    assert "@triton.jit" in code and "def linear_gelu(x, w, b, *, out=None):" in code
    assert '"BLOCK_M": 64' in code
