"""The generated source of every example and benchmark program under a set of schedules, for the golden test.

``python tests/golden_sources.py --write`` regenerates ``tests/goldens/``; ``tests/test_goldens.py`` compares
the compiler's output against those files byte for byte, so a refactor that changes a kernel file shows up as
a diff. Only the public API is used (``Program.compile(...).source``), so the script outlives any move.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDENS = ROOT / "tests" / "goldens"
PROGRAM_FILES = sorted(p for p in (ROOT / "examples").rglob("*.py") if "modules" not in p.parts) + [
    ROOT / "benchmarks" / name for name in ("gemm.py", "attention.py", "sparsity.py")]

# (suffix, compile kwargs); each applies to the kinds of programs named
GEMM_VARIANTS = [
    ("fp16_sm90", {"dtype": "fp16"}),
    ("fp32_sm80", {"dtype": "fp32", "arch": 80}),
    ("fp16_split4_reduce", {"dtype": "fp16", "config": {"BLOCK_M": 16, "SPLIT_K": 4}}),
    ("bf16_split8_atomic", {"dtype": "bf16", "config": {"BLOCK_M": 16, "BLOCK_N": 64, "SPLIT_K": 8,
                                                         "SPLIT_K_MODE": "atomic"}}),
    ("fp16_debug", {"dtype": "fp16", "debug": True, "arch": 80}),
]
ATTENTION_VARIANTS = [
    ("fp16_sm90", {"dtype": "fp16"}),
    ("fp32_sm80", {"dtype": "fp32", "arch": 80}),
    ("fp16_splitkv4", {"dtype": "fp16", "config": {"BLOCK_M": 16, "BLOCK_N": 32, "num_warps": 4,
                                                    "num_stages": 2, "SPLIT_KV": 4}}),
    ("fp16_debug", {"dtype": "fp16", "debug": True}),
]
SPARSE_VARIANTS = [
    ("fp16_sparse_w", {"dtype": "fp16", "sparse": ("w",)}),
    ("fp16_sparse_w_64x64", {"dtype": "fp16", "sparse": ("w",), "config": {"BLOCK_M": 64, "BLOCK_N": 64,
                                                                            "BLOCK_K": 64}}),
]


def programs_in(path: Path) -> list:
    """The module-level ``@tf.program`` objects of a file, in definition order."""
    import tilefuse as tf

    name = "golden_" + "_".join(path.relative_to(ROOT).with_suffix("").parts)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return [v for v in vars(module).values() if isinstance(v, tf.Program)]


def variants(program) -> list[tuple[str, dict]]:
    graph = program.trace("fp16")
    ops = [n.op for n in graph.nodes]
    attention = "softmax" in ops and ops.count("einsum") >= 2
    chosen = list(ATTENTION_VARIANTS if attention else GEMM_VARIANTS)
    if not attention and any(n.name == "w" for n in graph.inputs):
        chosen += SPARSE_VARIANTS if len([n for n in graph.nodes if n.op == "einsum"]) == 1 else []
    return chosen


def golden_cases() -> list[tuple[str, object, dict]]:
    """(golden file name, program, compile kwargs) for every program and schedule."""
    cases, seen = [], set()
    for path in PROGRAM_FILES:
        stem = "_".join(path.relative_to(ROOT).with_suffix("").parts)
        for program in programs_in(path):
            for suffix, kwargs in variants(program):
                name = f"{stem}.{program.name}.{suffix}.py"
                if name not in seen:
                    seen.add(name)
                    cases.append((name, program, kwargs))
    return cases


def generate(program, kwargs: dict) -> str:
    return program.compile(**kwargs).source


def main(argv: list[str]) -> int:
    if "--write" not in argv:
        print(__doc__)
        return 2
    GOLDENS.mkdir(parents=True, exist_ok=True)
    for old in GOLDENS.glob("*.py"):
        old.unlink()
    failed = []
    for name, program, kwargs in golden_cases():
        try:
            (GOLDENS / name).write_text(generate(program, kwargs))
        except Exception as exc:  # noqa: BLE001 - a schedule a program cannot take is reported, not golden
            failed.append(f"{name}: {type(exc).__name__}: {exc}")
    print(f"wrote {len(list(GOLDENS.glob('*.py')))} goldens to {GOLDENS}")
    for line in failed:
        print("  not generated:", line)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
