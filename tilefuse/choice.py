"""Which config a program gets at a shape: the order a ``Kernel`` follows at every new shape it is called with.

    explicit     config= was given: every shape gets it, nothing is consulted
    exact        the tuning database measured this very shape on this GPU
    bucket       the nearest tuned shape, at most ``max_distance`` buckets away (sum over dims of |log2| of the
                 power-of-two buckets' ratios)
    first-call   opt-in (``autotune="first-call"``): measure a few candidates at this shape now, store them in the
                 database, take the best
    cost_model   the packaged (or given) cost model's top-ranked config, nothing measured; on by default when the
                 model for this GPU and xgboost are present
    default      the target's default config

The database is read once per ``Chooser`` (one query for every tuned shape of the program); the cost model's pick
is kept per shape bucket. Each answer is (config dict or None for the default, provenance dict); the provenance's
``summary`` is what the kernel file's ``# tuning:`` line and ``Kernel.specializations()`` show.
"""

from __future__ import annotations

import importlib.util
import threading
import warnings
from pathlib import Path

from .autotune.db import TuningDB, TuningDBError, default_path, default_provenance, nearest
from .autotune.objectives import parse_objective
from .autotune.records import Device, Workload, program_signature
from .errors import TilefuseError

SOURCES = ("explicit", "exact", "bucket", "first-call", "cost_model", "default")


class Chooser:
    """Picks a config per shape for one traced program (see the module docstring)."""

    def __init__(self, program, graph, dtype: str, space, *, db=None, objective: str = "latency", model=None,
                 autotune: str | None = None, max_distance: float = 2.0, first_call_budget: int = 8,
                 first_call_options: dict | None = None, backend: str | None = None):
        parse_objective(objective)
        if autotune not in (None, "first-call"):
            raise TilefuseError(f"autotune must be None or 'first-call', got {autotune!r}", program=program.name)
        if autotune == "first-call" and backend not in (None, "triton"):
            raise TilefuseError(f"autotune='first-call' measures Triton configs; tune the {backend} back end with "
                                f"`tilefuse tune --backends triton,{backend}`", program=program.name)
        self.program, self.graph, self.dtype, self.space = program, graph, dtype, space
        self.objective, self.max_distance = objective, max_distance
        self.autotune, self.first_call_budget = autotune, first_call_budget
        self.backend = backend       # read only this back end's records (None: every back end's)
        self.first_call_options = dict(first_call_options or {})
        self.signature = program_signature(graph, dtype)
        self.dims = graph.dims
        self._db = db
        self._model_arg = model
        self._model = None           # loaded on first use; False: none usable
        self._tuned = None           # shape key -> Tuned, read on first use
        self._db_note = ""           # why the database gave nothing (missing, unusable)
        self._by_bucket: dict[str, tuple] = {}
        self._lock = threading.RLock()
        self._device = None

    # ---- the database -----------------------------------------------------------------------------------------

    @property
    def device(self) -> Device:
        if self._device is None:
            self._device = Device.current()
        return self._device

    @property
    def db_path(self) -> Path:
        if isinstance(self._db, TuningDB):
            return self._db.path
        return default_path() if self._db is None else Path(self._db)

    def _open(self):
        """(TuningDB, owned) or (None, False) when there is no database file."""
        if isinstance(self._db, TuningDB):
            return self._db, False
        return (TuningDB(self.db_path), True) if self.db_path.exists() else (None, False)

    def tuned(self) -> dict:
        """Every tuned shape of this program on this GPU (shape key -> ``Tuned``), read once."""
        with self._lock:
            if self._tuned is None:
                self._tuned = self._read_tuned()
            return self._tuned

    def _read_tuned(self) -> dict:
        try:
            db, owned = self._open()
            if db is None:
                self._db_note = f"no tuning database at {self.db_path}"
                return {}
            try:
                return db.tuned_shapes(self.device, self.signature, self.dtype, self.objective, self.backend)
            finally:
                if owned:
                    db.close()
        except TuningDBError as exc:
            warnings.warn(f"tilefuse: {exc.message}; compiling {self.program.name} with the default config (or the "
                          "cost model's pick, where one is installed)", stacklevel=4)
            self._db_note = f"tuning database unusable ({exc.message})"
            return {}

    def refresh(self) -> None:
        """Forget what was read from the database and picked per bucket: the next choice reads it again."""
        with self._lock:
            self._tuned = None
            self._by_bucket.clear()

    def workload(self, shape: dict) -> Workload:
        return Workload.make(self.program.name, self.signature, self.dtype, shape)

    # ---- the choice ---------------------------------------------------------------------------------------------

    def choose(self, shape: dict) -> tuple[dict | None, dict]:
        """(config dict, or None for the default; provenance) for ``shape`` (every dim of the program)."""
        self._check_shape(shape)
        workload = self.workload(shape)
        with self._lock:
            found = nearest(self.tuned(), workload, self.device, self.objective, str(self.db_path),
                            max_distance=self.max_distance)
            if found is not None and (found.match == "exact" or self.autotune != "first-call"):
                return found.config, found.provenance()
            if self.autotune == "first-call" and self.space is not None:
                measured = self._first_call(shape)
                if measured is not None:
                    return measured
            if found is not None:
                return found.config, found.provenance()
            miss = self._miss_reason(workload)
            if workload.bucket_key not in self._by_bucket:
                self._by_bucket[workload.bucket_key] = self._model_pick(workload, miss)
            config, tuning = self._by_bucket[workload.bucket_key]
            return config, {**tuning, "shape": workload.shape_key}

    def _check_shape(self, shape: dict) -> None:
        unknown, missing = sorted(set(shape) - set(self.dims)), sorted(set(self.dims) - set(shape))
        if unknown or missing:
            what = f"names {', '.join(unknown)}, which it does not have" if unknown else f"lacks {', '.join(missing)}"
            raise TilefuseError(f"the shape {shape} {what}; give every dim: {', '.join(self.dims) or 'none'}",
                                program=self.program.name)

    def _miss_reason(self, workload: Workload) -> str:
        if self._db_note:
            return self._db_note
        near = f" within {self.max_distance:g} buckets" if self.tuned() else ""
        return (f"no ok measurement of {self.program.name} {self.dtype} at or{near} near {workload.shape_key} "
                f"on {self.device.name} in {self.db_path}")

    # ---- the cost model -----------------------------------------------------------------------------------------

    def model(self):
        """The cost model to rank with, or None: ``model=False`` never, None only if packaged for this GPU and
        xgboost is installed, True the packaged one (saying why not), a path that model."""
        if self._model is None:
            self._model = self._load_model() or False
        return self._model or None

    def _load_model(self):
        from .cost_model.features import Featurizer
        from .cost_model.models import load_model, load_pretrained, pretrained_path

        arg = self._model_arg
        if arg is False:
            return None
        featurizer = Featurizer({self.program.name: self.program})
        if arg is None:
            path = pretrained_path(self.device)
            if path is None or not path.exists() or importlib.util.find_spec("xgboost") is None:
                return None
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a model that cannot load leaves the default, silently: opt-out
                try:
                    return load_model(path, featurizer=featurizer)
                except Exception:  # noqa: BLE001 - an automatic model never breaks a compile
                    return None
        return load_pretrained(self.device, featurizer=featurizer) if arg is True else \
            load_model(arg, featurizer=featurizer)

    def _model_pick(self, workload: Workload, miss: str) -> tuple[dict | None, dict]:
        model = self.model() if self.space is not None else None
        if model is None:
            return None, default_provenance(miss, db=str(self.db_path), shape=workload.shape_key)
        points = list(self.space.points())
        best = model.rank(workload, points)[0]
        where = "the packaged model" if self._model_arg in (None, True) else self._model_arg
        return best.to_dict(), {"source": "cost_model", "shape": workload.shape_key,
                                "summary": f"cost model's top-ranked of {len(points)} valid configs for bucket "
                                           f"{workload.bucket_key} ({where}); nothing measured ({miss})"}

    # ---- first-call tuning ------------------------------------------------------------------------------------

    def _first_call(self, shape: dict) -> tuple[dict, dict] | None:
        """Measure up to ``first_call_budget`` candidates at ``shape`` (the default, then the model's top-ranked or
        random ones), store every result in the database, and return the best with source "first-call"."""
        from .autotune.measure import make_measurer
        from .autotune.tuner import tune

        workload = self.workload(shape)
        model = self.model()
        initial = [self.space.default]
        if model is not None:
            initial += model.rank(workload, list(self.space.points()))[: self.first_call_budget - 1]
        db = self._db if isinstance(self._db, TuningDB) else TuningDB(self.db_path)
        try:
            with make_measurer(self.program, self.dtype, shape, **self.first_call_options) as measurer:
                def record(m):
                    db.add(measurer.device, workload, m)

                result = tune(self.space, measurer.measure, "random", budget=self.first_call_budget,
                              objective=self.objective, on_result=record, initial=initial, progress=False,
                              label=f"{self.program.name} first call")
        finally:
            if db is not self._db:
                db.close()
        self._tuned = None  # re-read: the new records are there now
        found = nearest(self.tuned(), workload, self.device, self.objective, str(self.db_path), max_distance=0)
        if found is None or found.match != "exact" or result.best is None:
            return None
        tuning = found.provenance()
        tuning["source"] = "first-call"
        tuning["summary"] = (f"first-call autotune measured {len(result.new)} candidates at {workload.shape_key}; "
                             + tuning["summary"])
        return found.config, tuning
