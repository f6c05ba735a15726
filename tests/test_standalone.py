"""A saved kernel file is standalone: it runs in a fresh process where tilefuse cannot be imported.

Also: its header, in-process loading, and the launcher's argument checks (LaunchError, never an error
from inside Triton).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from conftest import DEVICE, HAS_CUDA, TOLERANCE, rel_error
from test_gemm import SMALL, SPLIT, bmm, linear_gelu, make_inputs, scaled_residual

import tilefuse as tf
from tilefuse.backends.triton.loader import load_kernel
from tilefuse.frontend.reference import evaluate

REPO = Path(__file__).resolve().parent.parent

# Each job: (program, dtype, config). Run on the GPU if there is one, else on the CPU in the interpreter
# (fp32/fp16 only: it mishandles bf16).
JOBS = [(linear_gelu, "fp32", SMALL), (scaled_residual, "fp32", SMALL), (bmm, "fp16", SPLIT)]

_SCRIPT = r'''
import sys
sys.modules["tilefuse"] = None  # any import of tilefuse now fails
import importlib.util, json, os
import torch

jobs, device = json.loads(sys.argv[1]), sys.argv[2]
report = {"tilefuse_importable": True, "cwd": os.getcwd(), "sys_path": sys.path}
try:
    import tilefuse  # noqa: F401
except ImportError:
    report["tilefuse_importable"] = False
for job in jobs:
    spec = importlib.util.spec_from_file_location("standalone_" + job["name"], job["path"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    inputs = [x.to(device) if isinstance(x, torch.Tensor) else x for x in torch.load(job["inputs"])]
    out = getattr(module, job["name"])(*inputs)
    torch.save(out.cpu(), job["output"])
# Without TRITON_INTERPRET=1 a freshly loaded file refuses CPU tensors with a clear LaunchError.
os.environ["TRITON_INTERPRET"] = "0"
job = jobs[0]
spec = importlib.util.spec_from_file_location("standalone_gpu_" + job["name"], job["path"])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
try:
    getattr(module, job["name"])(*torch.load(job["inputs"]))
    report["cpu_without_interpreter"] = None
except module.LaunchError as exc:
    report["cpu_without_interpreter"] = str(exc)
print("@@REPORT@@" + json.dumps(report))
'''


@pytest.fixture(scope="module")
def standalone_run(tmp_path_factory):
    """Save each kernel, run all of them in one clean subprocess, and return what came back."""
    build = tmp_path_factory.mktemp("standalone-build")
    elsewhere = tmp_path_factory.mktemp("standalone-cwd")
    jobs, expected = [], []
    for i, (program, dtype, config) in enumerate(JOBS):
        kernel = program.compile(dtype, config=config)
        path = kernel.save(build / f"job{i}")
        assert path == build / f"job{i}" / f"{program.name}.py"
        graph, inputs = make_inputs(program, dtype, seed=i, device="cpu")
        torch.save(inputs, build / f"inputs{i}.pt")
        jobs.append({"name": program.name, "path": str(path), "inputs": str(build / f"inputs{i}.pt"),
                     "output": str(build / f"output{i}.pt")})
        expected.append(evaluate(graph, inputs, torch.float64)[0])
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TILEFUSE_CACHE_DIR")}
    env["TRITON_INTERPRET"] = "0" if HAS_CUDA else "1"
    proc = subprocess.run([sys.executable, "-c", _SCRIPT, json.dumps(jobs), DEVICE], cwd=elsewhere, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-4000:]
    report = json.loads(proc.stdout.split("@@REPORT@@")[1])
    outputs = [torch.load(job["output"]) for job in jobs]
    return report, outputs, expected


def test_subprocess_could_not_import_tilefuse(standalone_run):
    report, _, _ = standalone_run
    assert report["tilefuse_importable"] is False
    assert not any(os.path.realpath(p) == str(REPO) for p in report["sys_path"] if p)
    assert os.path.realpath(report["cwd"]) != str(REPO)


@pytest.mark.parametrize("i", range(len(JOBS)), ids=[f"{p.name}-{d}" for p, d, _ in JOBS])
def test_standalone_output_matches_reference(standalone_run, i):
    _, outputs, expected = standalone_run
    program, dtype, _ = JOBS[i]
    out = outputs[i]
    assert isinstance(out, torch.Tensor)
    assert out.shape == expected[i].shape
    assert out.dtype == {"fp32": torch.float32, "fp16": torch.float16}[dtype]
    err = rel_error(out, expected[i])
    assert err < TOLERANCE[dtype], f"{program.name}: relative error {err:.3e}"


def test_cpu_tensors_without_interpreter_are_refused_clearly(standalone_run):
    report, _, _ = standalone_run
    message = report["cpu_without_interpreter"]
    assert message is not None, "the launcher ran CPU tensors without the interpreter"
    assert "linear_gelu" in message and "CUDA" in message and "TRITON_INTERPRET=1" in message


# ------------------------------------------------------------------------------------- the file itself


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    kernel = linear_gelu.compile("fp32", config=SMALL)
    return kernel, kernel.save(tmp_path_factory.mktemp("saved"))


def test_header_names_program_config_target_version(saved):
    kernel, path = saved
    text = path.read_text()
    header = text.split("\n\n")[0].splitlines()
    assert all(line.startswith("#") for line in header)
    assert f"generated by tilefuse {tf.__version__}" in header[0]
    assert "# program: linear_gelu (test_gemm.py)" in header
    assert f"# config:  {json.dumps(kernel.config.to_dict())}" in header
    assert any(line.startswith("# target:  CUDA sm_90") for line in header)
    assert any(line.startswith("# inputs:  x: fp32[M, K], w: fp32[N, K], b: fp32[N]") for line in header)
    assert text == kernel.source


def test_header_follows_arch():
    kernel = linear_gelu.compile("fp16", arch=80)
    assert "# target:  CUDA sm_80" in kernel.source
    assert load_kernel(kernel.path).META["target_arch"] == 80


def test_file_imports_only_torch_and_triton(saved):
    _, path = saved
    tree = ast.parse(path.read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
    assert {n for n in imported if n.split(".")[0] not in sys.stdlib_module_names} == {"torch", "triton",
                                                                                       "triton.language"}
    assert "tilefuse" not in {n.split(".")[0] for n in imported}


def test_load_kernel_in_process(saved):
    kernel, path = saved
    module = load_kernel(path)
    again = load_kernel(path)
    assert module is not again and module.__name__ != again.__name__
    assert module.META["program"] == "linear_gelu"
    assert module.META["config"] == kernel.config.to_dict()
    assert module.META["tilefuse_version"] == tf.__version__
    assert list(module.KERNELS) == ["linear_gelu_kernel"]
    assert issubclass(module.LaunchError, ValueError)
    gen = torch.Generator().manual_seed(11)
    x, w, b = torch.randn(13, 7, generator=gen), torch.randn(5, 7, generator=gen), torch.randn(5, generator=gen)
    out = torch.full((13, 5), float("nan"), device=DEVICE)
    assert module.linear_gelu(x.to(DEVICE), w.to(DEVICE), b.to(DEVICE), out=out) is out
    assert rel_error(out, linear_gelu(x, w, b, compute_dtype=torch.float64)) < TOLERANCE["fp32"]


# ----------------------------------------------------------------------------------- launcher errors


@pytest.fixture(scope="module")
def module(saved):
    return load_kernel(saved[1])


def args(m=6, n=5, k=7):
    return torch.randn(m, k, device=DEVICE), torch.randn(n, k, device=DEVICE), torch.randn(n, device=DEVICE)


@pytest.mark.parametrize("case, words", [
    ("dtype", ["linear_gelu", "x must be torch.float32", "got torch.float16"]),
    ("ndim", ["linear_gelu", "w must have 2 dims", "(5, 7, 1)"]),
    ("k_mismatch", ["linear_gelu", "dim K", "7 in x", "8 in w"]),
    ("n_mismatch", ["linear_gelu", "dim N", "5 in w", "4 in b"]),
    ("out_shape", ["linear_gelu", "out must be (6, 5)", "got (5, 6)"]),
    ("out_dtype", ["out must be (6, 5) torch.float32", "torch.float16"]),
    ("not_tensor", ["b must be a torch.Tensor", "list"]),
    ("devices", ["all tensors must be on one device", "w on meta"]),
])
def test_launch_errors(module, case, words):
    x, w, b = args()
    kw = {}
    if case == "dtype":
        x = x.half()
    elif case == "ndim":
        w = w[:, :, None]
    elif case == "k_mismatch":
        w = torch.randn(5, 8, device=DEVICE)
    elif case == "n_mismatch":
        b = torch.randn(4, device=DEVICE)
    elif case == "out_shape":
        kw["out"] = torch.empty(5, 6, device=DEVICE)
    elif case == "out_dtype":
        kw["out"] = torch.empty(6, 5, dtype=torch.float16, device=DEVICE)
    elif case == "not_tensor":
        b = b.tolist()
    elif case == "devices":
        w = w.to("meta")
    with pytest.raises(module.LaunchError) as info:
        module.linear_gelu(x, w, b, **kw)
    assert isinstance(info.value, ValueError)
    for word in words:
        assert word in str(info.value), str(info.value)


def test_scalar_argument_and_empty_dims(tmp_path):
    """A scalar is taken as a float; a zero-size M launches nothing and returns an empty output."""
    mod = load_kernel(scaled_residual.compile("fp32", config=SMALL).save(tmp_path))
    gen = torch.Generator().manual_seed(2)
    x, w, r = torch.randn(4, 3, generator=gen), torch.randn(5, 3, generator=gen), torch.randn(4, 5, generator=gen)
    y = mod.scaled_residual(x.to(DEVICE), w.to(DEVICE), r.to(DEVICE), 2)  # an int scalar is fine
    want = scaled_residual(x, w, r, 2.0, compute_dtype=torch.float64)
    assert rel_error(y, want) < TOLERANCE["fp32"]
    empty = mod.scaled_residual(torch.randn(0, 3, device=DEVICE), w.to(DEVICE), torch.randn(0, 5, device=DEVICE), 1.0)
    assert empty.shape == (0, 5)
