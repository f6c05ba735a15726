"""The package's layering, checked on the source: every import of a tilefuse module, at module level or inside
a function, goes down the layers, and no set of modules imports itself in a circle.

Layers, bottom to top (ARCHITECTURE.md):

    base        errors, version, gpu (the one description of a GPU)
    ir          the IR, its analyzer and op tables
    frontend    the DSL, the reference interpreter, program files
    passes      canonicalize, fuse, sparsify
    schedule    the search space, tile, the pipeline
    backends    the back-end seam and the Triton back end
    runtime     the loaded kernel and its cache
    build       graph + config + back end -> kernel
    autotune    measure, search, the tuning database
    cost_model  the learned model
    choice      which config a shape gets (explicit, database, first-call tuning, model, default)
    module      tilefuse.compile(model): PyTorch modules through the module front end; its Dynamo backend
    api         config choice (explicit, database, model, default), the package itself
    cli         the tilefuse command
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tilefuse"
LAYERS = [
    ("errors", "version", "gpu"),
    ("ir",),
    ("frontend",),
    ("passes",),
    ("schedule",),
    ("backends",),
    ("runtime",),
    ("build",),
    ("autotune",),
    ("cost_model",),
    ("choice",),
    ("module", "dynamo", "module_tune", "module_ops", "module_save", "module_graphs", "module_fast"),
    ("api", ""),   # "" is the package itself: tilefuse/__init__.py
    ("cli",),
]
RANK = {name: i for i, names in enumerate(LAYERS) for name in names}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """The tilefuse modules ``name`` imports anywhere in its source (``from . import x`` names module x)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            targets = [f"{source}.{a.name}" if f"{source}.{a.name}" in MODULES else source for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:  # ``import tilefuse.ir.graph as g`` -> the module itself
                target = target.rpartition(".")[0]
            if target.startswith("tilefuse") and target != name:
                found.add(target)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def layer(name: str) -> int:
    parts = name.split(".")
    top = parts[1] if len(parts) > 1 else ""
    if top not in RANK:
        raise AssertionError(f"{name} is in no layer: add tilefuse/{top} to LAYERS in {__file__}")
    return RANK[top]


def test_every_module_has_a_layer():
    for name in MODULES:
        layer(name)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_down_the_layers(name):
    upward = sorted(t for t in GRAPH[name] if layer(t) > layer(name))
    assert not upward, f"{name} (layer {LAYERS[layer(name)]}) imports higher layers: {upward}"


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a list of nodes (first == last), or None."""
    state: dict[str, int] = {}   # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state and (found := visit(m)):
                return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state and (found := visit(n)):
            return found
    return None


def test_no_import_cycle():
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_checks_catch_what_they_look_for():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    assert layer("tilefuse.cli") > layer("tilefuse.autotune.db") > layer("tilefuse.ir.graph")
    assert "tilefuse.ir.graph" in GRAPH["tilefuse.passes.fusion"]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name):
    lines = MODULES[name].read_text().count("\n")
    assert lines <= 650, f"{name} has {lines} lines; split it by job (about 600 at most)"


SCRIPTS = sorted((PACKAGE.parent / "benchmarks").glob("*.py")) + sorted((PACKAGE.parent / "examples").rglob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_scripts_import_what_exists(script):
    """Benchmarks and examples import tilefuse names that exist, inside functions too (a moved module once left
    benchmarks/tune.py importing tilefuse.driver, which only its GPU phase reached)."""
    import importlib.util

    for node in ast.walk(ast.parse(script.read_text())):
        if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").startswith("tilefuse"):
            module = importlib.import_module(node.module)
            for alias in node.names:
                assert hasattr(module, alias.name) or importlib.util.find_spec(f"{node.module}.{alias.name}"), \
                    f"{script.name}: {node.module} has no {alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("tilefuse"):
                    importlib.import_module(alias.name)
