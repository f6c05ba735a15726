"""Compiled facts for the cost model: registers, spills and shared memory of each candidate from an offline
compile, cached on disk by kernel source hash and arch."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

from .. import backends
from ..autotune.records import Workload
from ..build import build
from ..errors import TilefuseError
from ..gpu import GPU
from ..runtime.kernel import cache_dir as kernel_cache_dir
from ..schedule.pipeline import analyze
from ..schedule.space import Config


class CompiledFacts:
    """Registers, spill (stack) bytes and shared memory per (program, workload, config) from the back end's
    offline compile for ``arch`` (Triton: ``triton.compile``; no GPU needed), cached as JSON under ``cache_dir``
    keyed by the generated source's hash and the arch. A compile takes seconds, so this is opt-in; the columns
    are NaN without it."""

    def __init__(self, cache_dir: str | os.PathLike | None = None, arch: int = 90, compile=None, backend="triton"):
        self.dir = Path(cache_dir) if cache_dir is not None else kernel_cache_dir().parent / "compiled-facts"
        self.arch = arch
        self._compile = compile
        self.backend = backends.get(backend)

    def get_many(self, program, workload: Workload, configs: Sequence[Config], *, sparse: Sequence[str] = ()
                 ) -> list[dict]:
        """One ``{"regs", "spill_bytes", "shared"}`` dict per config (values None when unknown)."""
        compile_offline = self._compile or self.backend.compile_offline
        self.dir.mkdir(parents=True, exist_ok=True)
        keys, missing = [], {}
        graph = program.trace(workload.dtype)
        analyzed = analyze(graph, target=GPU.for_arch(self.arch), sparse=tuple(sparse))  # once for every config
        for config in configs:
            try:
                kernel = build(program, graph, config, dtype=workload.dtype, arch=self.arch, analyzed=analyzed)
            except TilefuseError:   # not a valid config for this arch: nothing to compile, the columns stay NaN
                keys.append(None)
                continue
            key = hashlib.sha256(kernel.source.encode()).hexdigest()[:24] + f"-sm{self.arch}"
            keys.append(key)
            if not (self.dir / f"{key}.json").exists():
                missing[str(Path(kernel.path).resolve())] = key
        if missing:
            by_file: dict[str, list[dict]] = {}
            try:
                reports = compile_offline(list(missing), (self.arch,))
            except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
                warnings.warn(f"tilefuse: cost model: offline compile for sm_{self.arch} failed "
                              f"({str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}); "
                              "the compiled-facts columns stay NaN", stacklevel=2)
                reports, missing = [], {}
            for report in reports:
                by_file.setdefault(str(Path(report["file"]).resolve()), []).append(report)
            for path, key in missing.items():
                reports = by_file.get(path, [])
                facts = {"regs": _max(r.get("regs") for r in reports),
                         "spill_bytes": _max(r.get("stack") for r in reports),
                         "shared": _max(r.get("shared") for r in reports),
                         "ok": bool(reports) and all(r.get("ok") for r in reports)}
                tmp = self.dir / f".{key}.tmp{os.getpid()}"
                tmp.write_text(json.dumps(facts, sort_keys=True))
                os.replace(tmp, self.dir / f"{key}.json")
        unknown = {"regs": None, "spill_bytes": None, "shared": None, "ok": False}
        return [json.loads((self.dir / f"{key}.json").read_text()) if key and (self.dir / f"{key}.json").exists()
                else unknown for key in keys]


def _max(values: Iterable) -> float | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None
