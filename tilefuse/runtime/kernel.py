"""The loaded kernel: one object that serves every shape a program is called with.

A ``Specialization`` is one config of a program: its generated file in the kernel cache, imported on first call.
A ``Kernel`` is what ``compile`` returns. At a call it reads the sizes the schedule depends on (the *key*, like
``triton.autotune``'s key, but the choice comes from the tuning database or the cost model, not from timing the
call), and launches the specialization chosen for that key. A new key asks its ``policy`` (``tilefuse.choice``:
exact database hit, nearest bucket, first-call tuning, cost model, default) once; each config is built once and
shared by every key that chose it. Both tables are bounded and guarded by a lock; a hit takes no lock.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import warnings
from collections import OrderedDict
from pathlib import Path

from ..errors import TilefuseError
from ..schedule.space import Config


def cache_dir() -> Path:
    """Where generated files live: $TILEFUSE_CACHE_DIR, else $XDG_CACHE_HOME/tilefuse, else ~/.cache/tilefuse."""
    root = os.environ.get("TILEFUSE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "tilefuse")
    path = Path(root) / "kernels"
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: a killed run never leaves half a file."""
    tmp = path.with_suffix(f".tmp{os.getpid()}.{threading.get_ident()}")
    tmp.write_text(text)
    os.replace(tmp, path)


def config_key(config: Config | dict | None) -> str:
    """A config as canonical JSON (None: the default)."""
    if config is None:
        return "default"
    return json.dumps(config.to_dict() if isinstance(config, Config) else config, sort_keys=True)


class Specialization:
    """One config of a program: the generated source, its file in the kernel cache, the module once loaded.

    ``backend`` renders and loads it (``tilefuse.backends``); ``tuning`` says where the config came from. A cached
    file whose text is not this source (damaged, truncated) is rewritten, with a warning.
    """

    def __init__(self, program, lowered, source: str, dtype: str, *, backend, tuning: dict | None = None):
        self.program = program
        self.lowered = lowered
        self.source = source
        self.dtype = dtype
        self.backend = backend
        self.tuning = tuning
        self.name = lowered.graph.name
        digest = hashlib.sha256(source.encode()).hexdigest()[:16]
        self.path = cache_dir() / f"{self.name}-{digest}{backend.file_suffix}"
        self._ensure_file()
        self._module = None
        self._load_lock = threading.Lock()

    def _ensure_file(self) -> None:
        if self.path.exists():
            try:
                if self.path.read_text() == self.source:
                    return
            except (OSError, UnicodeDecodeError):
                pass
            warnings.warn(f"tilefuse: the cached kernel file {self.path} is damaged; rebuilt it", stacklevel=4)
        write_atomic(self.path, self.source)

    @property
    def config(self) -> Config:
        """The schedule of the first kernel (unfused PyTorch steps have none)."""
        return next((k.config for k in self.lowered.kernels if k.config is not None), Config())

    @property
    def module(self):
        """The generated file, loaded by its back end (on the GPU, or in the interpreter if TRITON_INTERPRET=1)."""
        if self._module is None:
            with self._load_lock:
                if self._module is None:
                    self._ensure_file()  # removed or damaged since: write it again
                    self._module = self.backend.load(self.path)
        return self._module

    @property
    def launcher(self):
        """The generated file's entry point: the function named after the program."""
        return getattr(self.module, self.name)


class Kernel:
    """A compiled program: call it with torch tensors at any shape; ``save()`` writes the standalone file.

    ``primary`` is the specialization built at compile time (its ``source``, ``config``, ``tuning``, ``path`` are
    the kernel's own). Without a ``policy`` (an explicit config) it serves every shape; with one, each new key
    (``key_dims``' sizes) gets ``policy.choose(shape)`` and ``policy.build(config, tuning)``.
    """

    def __init__(self, primary: Specialization, *, policy=None, shape: dict | None = None, capacity: int = 32,
                 keys: int = 1024):
        self.primary = primary
        self.policy = policy
        self.capacity, self.max_keys = capacity, keys
        self._lock = threading.Lock()
        self._builds: OrderedDict[str, Specialization] = OrderedDict()
        self._builds[config_key(primary.config)] = primary
        self._chosen: OrderedDict[tuple, dict] = OrderedDict()   # key -> specializations() entry
        self._launchers: dict[tuple, object] = {}
        self._bindings = _bindings(primary.lowered.source)
        self.key_dims = [d for d in primary.lowered.schedule_dims if d in self._bindings]
        self._key = _key_function(self.key_dims, self._bindings)
        if policy is not None and shape is not None:
            key = tuple(int(shape[d]) for d in self.key_dims)
            self._chosen[key] = _entry(primary, {d: int(v) for d, v in shape.items()})

    # ---- the primary specialization's face (what a one-config kernel always had) --------------------------------

    program = property(lambda self: self.primary.program)
    lowered = property(lambda self: self.primary.lowered)
    source = property(lambda self: self.primary.source)
    dtype = property(lambda self: self.primary.dtype)
    backend = property(lambda self: self.primary.backend)
    tuning = property(lambda self: self.primary.tuning)
    name = property(lambda self: self.primary.name)
    path = property(lambda self: self.primary.path)
    config = property(lambda self: self.primary.config)
    module = property(lambda self: self.primary.module)
    launcher = property(lambda self: self.primary.launcher)

    @property
    def _module(self):
        return self.primary._module

    @property
    def space(self):
        return next((k.space for k in self.lowered.kernels if k.space is not None), None)

    # ---- dispatch ---------------------------------------------------------------------------------------------

    def __call__(self, *args, **kwargs):
        if self.policy is None:
            return self.primary.launcher(*args, **kwargs)
        try:
            key = self._key(args)
        except (AttributeError, IndexError, TypeError):  # not tensors, wrong rank: the launcher says why
            return self.primary.launcher(*args, **kwargs)
        launcher = self._launchers.get(key)
        if launcher is None:
            launcher = self._specialize(key, args).launcher
        return launcher(*args, **kwargs)

    def specialization_for(self, shape: dict) -> Specialization:
        """The specialization a call at ``shape`` (every dim) runs, choosing and building it if new."""
        if self.policy is None:
            return self.primary
        key = tuple(int(shape[d]) for d in self.key_dims)
        return self._specialize(key, None, {d: int(v) for d, v in shape.items()})

    def _specialize(self, key: tuple, args, shape: dict | None = None) -> Specialization:
        """The key's specialization, chosen and built if new; its launcher cached for the hot path. All under the
        lock, so another thread's eviction cannot take it away between the choice and the return."""
        with self._lock:
            entry = self._chosen.get(key)
            if entry is None:
                shape = shape or {d: int(args[i].shape[j]) for d, (i, j) in self._bindings.items()}
                config, tuning = self.policy.choose(shape)
                spec = self._build(config, tuning)
                fell_back = config is not None and config_key(config) != config_key(spec.config)  # invalid here
                entry = _entry(spec, shape, None if fell_back else tuning)
                self._chosen[key] = entry
                while len(self._chosen) > self.max_keys:
                    old, _ = self._chosen.popitem(last=False)
                    self._launchers.pop(old, None)
            spec = self._builds.get(entry["_config_key"])
            if spec is None:  # evicted since: build it again
                spec = self._build(entry["config"], entry["tuning"])
            self._builds.move_to_end(entry["_config_key"])
            self._launchers[key] = spec.launcher
            return spec

    def _build(self, config, tuning) -> Specialization:
        """The specialization of ``config`` (None: the default), built once (the caller holds the lock)."""
        ck = config_key(config)
        spec = self._builds.get(ck)
        if spec is None and config is None:
            spec = self._builds.get(config_key(self.policy.default_config))
        if spec is None:
            spec = self.policy.build(config, tuning)
            ck = config_key(spec.config)
            spec = self._builds.setdefault(ck, spec)
            while len(self._builds) > self.capacity:
                old, _ = self._builds.popitem(last=False)
                self._launchers = {k: v for k, v in self._launchers.items() if self._chosen.get(k, {}).get(
                    "_config_key") != old}
        return spec

    def refresh(self) -> None:
        """Choose again at every shape (after a tune): the policy re-reads the database; built configs stay."""
        if self.policy is None:
            return
        with self._lock:
            self._chosen.clear()
            self._launchers.clear()
        refresh = getattr(getattr(self.policy, "chooser", None), "refresh", None)
        if refresh is not None:
            refresh()

    def specializations(self) -> list[dict]:
        """One dict per shape key seen so far: ``shape`` (every dim, at the first call of that key), ``config``,
        ``source`` (exact, bucket, cost_model, default, explicit, first-call), ``provenance`` (the text) and
        ``path`` (its file). Keys that chose the same config share one build. A kernel compiled with an explicit
        config has one entry, ``shape`` None: it serves every shape."""
        if self.policy is None:
            return [_public(_entry(self.primary, None))]
        with self._lock:
            return [_public(e) for e in self._chosen.values()]

    # ---- the rest of a kernel's interface ----------------------------------------------------------------------

    def pack(self, name: str, dense, *, block_mask=None, threshold=None):
        """Pack the dense weight ``name`` for this block-sparse kernel (its BLOCK_K x BLOCK_N blocks).

        ``block_mask`` (bool, [K blocks, N blocks]) keeps exactly those blocks; otherwise blocks whose
        largest magnitude is at most ``threshold`` (default 0: all-zero blocks) are dropped.
        """
        packer = getattr(self.module, f"pack_{name}", None)
        if packer is None:
            sparse = [k[len("pack_"):] for k in vars(self.module) if k.startswith("pack_")]
            raise TilefuseError(f"{self.name}: {name!r} is not a block-sparse input of this kernel "
                                f"(sparse inputs: {', '.join(sparse) or 'none'}; compile with sparse=({name!r},))")
        return packer(dense, block_mask=block_mask, threshold=threshold)

    def save(self, directory: str | os.PathLike) -> Path:
        """Write ``<directory>/<program>.py``; it runs with only torch and triton installed (the CUDA back end's: torch
        and cuda-python, with ``<program>.cu`` beside it).

        A kernel with more than one config (tuned shapes in the database, or shapes called so far that chose
        another) writes every one of them into the file with its dispatch table: the file picks per shape as
        this object does (exact shape, its bucket, the nearest tuned bucket), and falls back to the default.
        """
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        entries = self._table()
        specs = list({e["_config_key"]: e["_spec"] for e in entries}.values())
        kinds = sorted({s.backend.name for s in specs})
        if len(kinds) > 1:
            raise TilefuseError(f"{self.name}: its shapes chose configs of more than one back end ({', '.join(kinds)}) "
                                "and one saved file holds one back end's kernels; compile with backend='triton' or "
                                "backend='cuda' to save it")
        backend = specs[0].backend if specs else self.backend
        path = out / f"{self.name}{backend.file_suffix}"
        if len(specs) <= 1:
            source = (specs[0] if specs else self.primary).source
            write_atomic(path, source)
            companions = getattr(backend, "companions", None)  # files beside it (the CUDA back end's .cu)
            for suffix, text in (companions(source) if companions else {}).items():
                write_atomic(path.with_suffix(suffix), text)
            return path
        fallback = self._build_locked(None, None)
        if config_key(fallback.config) not in {config_key(s.config) for s in specs}:
            specs.append(fallback)
        index = {config_key(s.config): i for i, s in enumerate(specs)}
        table = [{"shape": [e["shape"][d] for d in self.key_dims], "spec": index[e["_config_key"]],
                  "source": e["source"], "exact": e["source"] in ("exact", "first-call", "explicit")}
                 for e in entries if e["shape"] is not None]
        text = backend.render_dispatch([(s.lowered, s.tuning) for s in specs], table=table,
                                       fallback=index[config_key(fallback.config)], key_dims=self.key_dims,
                                       program_file=self.lowered.source.source_file, dtype=self.dtype)
        write_atomic(path, text)
        return path

    def _build_locked(self, config, tuning) -> Specialization:
        with self._lock:
            return self._build(config, tuning)

    def _table(self) -> list[dict]:
        """The entries a saved file carries: every tuned shape of the database, then every key seen so far."""
        if self.policy is None:
            return [{**_entry(self.primary, None), "_spec": self.primary}]
        entries = []
        for dims in self.policy.tuned_dims():
            if set(dims) == set(self._bindings):
                self.specialization_for(dims)
        with self._lock:
            for e in self._chosen.values():
                spec = self._builds.get(e["_config_key"]) or self._build(e["config"], e["tuning"])
                entries.append({**e, "_spec": spec})
        return entries

    def __repr__(self) -> str:
        more = f", {len(self._chosen)} shapes seen" if self.policy is not None else ""
        return f"<tilefuse kernel {self.name} {self.dtype} config={self.config.to_dict()}{more}>"


def _bindings(graph) -> dict[str, tuple[int, int]]:
    """Each dim -> (input position, axis index) of the first input whose axis size is that dim."""
    found: dict[str, tuple[int, int]] = {}
    for position, node in enumerate(graph.inputs):
        for axis_index, axis in enumerate(node.axes):
            name = getattr(axis.size, "name", None)
            if name is not None and name not in found and getattr(axis.size, "is_Symbol", False):
                found[name] = (position, axis_index)
    return found


def _key_function(dims: list[str], bindings: dict[str, tuple[int, int]]):
    """``args -> tuple of the key dims' sizes``, as one compiled expression (the per-call hot path)."""
    body = ", ".join(f"a[{bindings[d][0]}].shape[{bindings[d][1]}]" for d in dims)
    return eval(f"lambda a: ({body}{',' if len(dims) == 1 else ''})")  # noqa: S307 - our own indices only


def _entry(spec: Specialization, shape: dict | None, tuning: dict | None = None) -> dict:
    """A ``specializations()`` entry: ``tuning`` is this shape's own choice (default: the build's)."""
    tuning = tuning or spec.tuning or {}
    return {"shape": shape, "config": spec.config.to_dict(), "source": tuning.get("source", "default"),
            "provenance": tuning.get("summary", ""), "path": str(spec.path), "tuning": tuning,
            "_config_key": config_key(spec.config)}


def _public(entry: dict) -> dict:
    return {k: v for k, v in entry.items() if not k.startswith("_") and k != "tuning"}
