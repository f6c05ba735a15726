"""The per-GPU tuning database: every measurement, keyed by device, program signature and shape.

One SQLite file (stdlib ``sqlite3``, WAL mode) holds it, by default ``$XDG_CACHE_HOME/tilefuse/tuning.sqlite``
(else ``~/.cache/tilefuse/tuning.sqlite``); ``$TILEFUSE_TUNING_DB``, ``--db`` or ``path=`` pick another. Several
processes may write at once: each write is one ``BEGIN IMMEDIATE`` transaction, retried while the file is busy,
so a process killed mid-write leaves the database as it was before that transaction.

At compile time ``lookup`` answers "which config for this workload on this GPU?" from what was measured: the
exact shape if it was tuned, else the nearest tuned shape bucket, else nothing (the caller keeps its default).
Records travel between machines as JSON lines, one ``{device, workload, measurement}`` object a line.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, TilefuseError
from ..version import __version__
from .objectives import parse_objective
from .records import Device, Measurement, Workload, bucket

SCHEMA_VERSION = 1
OBJECTIVES = ("latency", "energy", "edp", "energy@X%")

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE devices (
    fingerprint TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE measurements (
    id INTEGER PRIMARY KEY,
    record_hash TEXT NOT NULL UNIQUE,
    device TEXT NOT NULL REFERENCES devices(fingerprint),
    program TEXT NOT NULL,
    signature TEXT NOT NULL,
    dtype TEXT NOT NULL,
    shape_key TEXT NOT NULL,
    bucket_key TEXT NOT NULL,
    config_key TEXT NOT NULL,
    config TEXT NOT NULL,
    status TEXT NOT NULL,
    latency REAL,
    energy REAL,
    timestamp REAL,
    measurement TEXT NOT NULL
);
CREATE INDEX measurements_workload ON measurements (device, signature, dtype, shape_key, status);
CREATE INDEX measurements_bucket ON measurements (device, signature, dtype, bucket_key);
"""


class TuningDBError(TilefuseError):
    """The tuning database cannot be used: corrupt, from another schema version, busy, or unreadable."""


def default_path() -> Path:
    """``$TILEFUSE_TUNING_DB``, else ``$XDG_CACHE_HOME/tilefuse/tuning.sqlite``, else under ``~/.cache``."""
    explicit = os.environ.get("TILEFUSE_TUNING_DB")
    if explicit:
        return Path(explicit).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(cache) / "tilefuse" / "tuning.sqlite"


@dataclass(frozen=True)
class Record:
    """One stored measurement with what it was measured on; one line of an export."""

    device: Device
    workload: Workload
    measurement: Measurement

    def to_json(self) -> dict:
        return {"device": self.device.to_json(), "workload": self.workload.to_json(),
                "measurement": self.measurement.to_json()}

    @classmethod
    def from_json(cls, d: dict) -> Record:
        return cls(Device.from_json(d["device"]), Workload.from_json(d["workload"]),
                   Measurement.from_json(d["measurement"]))

    @property
    def content_hash(self) -> str:
        """Same record, same hash, on every machine: what makes re-importing a file add nothing."""
        text = json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Lookup:
    """The database's answer for one workload: the config to use and where it came from."""

    config: dict
    match: str               # "exact": this very shape was tuned; "bucket": the nearest tuned shape
    requested: Workload
    matched: Workload        # the tuned workload the config was measured on
    device: Device
    objective: str
    measurements: int        # records of the matched workload on this device, every status
    latency: float | None    # median latency (s) of the chosen config
    energy: float | None     # median energy (J per call) of the chosen config
    db: str

    def provenance(self) -> dict:
        """Plain-JSON provenance for the kernel header and ``kernel.tuning``."""
        where = (f"exact match for {self.matched.shape_key}" if self.match == "exact" else
                 f"nearest tuned bucket {self.matched.shape_key} (wanted {self.requested.shape_key})")
        cost = f"median {_ms(self.latency)}" + (f", {_mj(self.energy)}" if self.energy is not None else "")
        summary = (f"{where} on {self.device.name} in {self.db}: best of {self.measurements} measurements "
                   f"by {self.objective} ({cost})")
        return {"source": self.match, "db": self.db, "device": self.device.name,
                "device_fingerprint": self.device.fingerprint, "objective": self.objective,
                "shape": self.requested.shape_key, "matched_shape": self.matched.shape_key,
                "measurements": self.measurements, "latency": self.latency, "energy": self.energy,
                "summary": summary}


def config_backend(config: dict) -> str:
    """The back end a stored config names (a Triton config leaves ``BACKEND`` out, as configs before the knob did)."""
    return config.get("BACKEND", "triton")


def default_provenance(reason: str, **fields) -> dict:
    """Provenance of a kernel compiled with the default config, and why."""
    return {"source": "default", **fields, "summary": f"default config: {reason}"}


class TuningDB:
    """The tuning database in one SQLite file. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | os.PathLike | None = None, *, timeout: float = 30.0):
        self.path = Path(path).expanduser() if path is not None else default_path()
        self.timeout = timeout
        self._conn = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._retry(lambda: self._conn.execute("PRAGMA journal_mode = WAL").fetchone())
            self._conn.execute("PRAGMA synchronous = NORMAL")  # with WAL: a killed process loses nothing committed
            self._open_schema()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise self._unusable(exc) from None
        except OSError as exc:
            self.close()
            raise TuningDBError(f"cannot open the tuning database {self.path}: {exc}. Point TILEFUSE_TUNING_DB "
                                "or --db at a writable file") from None
        except TuningDBError:
            self.close()
            raise

    def __enter__(self) -> TuningDB:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __repr__(self) -> str:
        return f"<TuningDB {self.path}>"

    # ---- opening -------------------------------------------------------------------------------------------

    def _unusable(self, exc: Exception) -> TuningDBError:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            return TuningDBError(f"the tuning database {self.path} stayed busy (locked by another process) for "
                                 f"{self.timeout:.0f} s; try again, or point TILEFUSE_TUNING_DB or --db elsewhere")
        return TuningDBError(f"{self.path} is not a usable tuning database (sqlite: {exc}). Move it aside or "
                             "delete it (a fresh one is created on next use), or point TILEFUSE_TUNING_DB or "
                             "--db at another file")

    def _open_schema(self) -> None:
        if self._schema_version() is None:
            self._write(self._create_schema)
        found = self._schema_version()
        if found != str(SCHEMA_VERSION):
            meta = dict(self._conn.execute("SELECT key, value FROM meta"))
            raise TuningDBError(
                f"{self.path} is a tuning database of schema version {found} (created by tilefuse "
                f"{meta.get('tilefuse_version', '?')}); tilefuse {__version__} reads schema version "
                f"{SCHEMA_VERSION}. Move it aside or delete it (a fresh one is created on next use), or export "
                "it with the tilefuse that wrote it and `tilefuse db import` the JSON lines here")

    def _schema_version(self) -> str | None:
        tables = {r[0] for r in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return None
        if "meta" not in tables:
            raise TuningDBError(f"{self.path} is an SQLite file but not a tilefuse tuning database (tables "
                                f"{', '.join(sorted(tables))}, no meta table). Point TILEFUSE_TUNING_DB or --db at "
                                "another file")
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return row[0] if row else "missing"

    def _create_schema(self, conn) -> None:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            return  # another process created it while we waited for the lock
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", [
            ("schema_version", str(SCHEMA_VERSION)), ("tilefuse_version", __version__),
            ("created", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))])

    # ---- transactions --------------------------------------------------------------------------------------

    def _retry(self, action, attempts: int = 8):
        """Run ``action``; while SQLite answers "busy"/"locked" (beyond its own busy timeout), back off and retry."""
        for attempt in range(attempts):
            try:
                return action()
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or attempt == attempts - 1:
                    raise
                time.sleep(min(0.05 * 2 ** attempt, 1.0))

    def _write(self, body):
        """``body(conn)`` inside one ``BEGIN IMMEDIATE`` transaction: all of it lands, or none of it."""
        conn = self._connection()

        def transaction():
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = body(conn)
                conn.execute("COMMIT")
                return result
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

        try:
            return self._retry(transaction)
        except sqlite3.DatabaseError as exc:
            raise self._unusable(exc) from None

    def _read(self, sql: str, params: Iterable = ()) -> list:
        try:
            return self._retry(lambda: self._connection().execute(sql, tuple(params)).fetchall())
        except sqlite3.DatabaseError as exc:
            raise self._unusable(exc) from None

    def _connection(self):
        if self._conn is None:
            raise TuningDBError(f"the tuning database {self.path} is closed")
        return self._conn

    # ---- writing -------------------------------------------------------------------------------------------

    def add(self, device: Device, workload: Workload, measurement: Measurement) -> bool:
        """Store one measurement; False if this exact record was already there."""
        return self.add_many([Record(device, workload, measurement)]) == 1

    def add_many(self, records: Iterable[Record]) -> int:
        """Store records in one transaction; returns how many were new."""
        rows = [_row(r) for r in records]
        return self._write(lambda conn: _insert(conn, rows))

    def import_jsonl(self, file: str | os.PathLike) -> tuple[int, int]:
        """Add the records of a JSON-lines export; returns (added, already present). All or nothing."""
        records = []
        try:
            with open(file, encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    if not line.strip():
                        continue
                    try:
                        records.append(Record.from_json(json.loads(line)))
                    except (ValueError, KeyError, TypeError) as exc:
                        raise TuningDBError(f"{file}:{number} is not a tuning record ({type(exc).__name__}: "
                                            f"{exc}); nothing was imported") from None
        except OSError as exc:
            raise TuningDBError(f"cannot read {file}: {exc}") from None
        added = self.add_many(records)
        return added, len(records) - added

    def prune(self, *, failed: bool = False, keep_best: int | None = None) -> int:
        """Drop failed records, and/or keep only the ``keep_best`` fastest ok ones per (device, workload).

        Returns the number of records deleted.
        """
        if keep_best is not None and keep_best < 0:
            raise TilefuseError(f"--keep-best must be 0 or more, got {keep_best}")

        def body(conn) -> int:
            deleted = 0
            if failed:
                deleted += conn.execute("DELETE FROM measurements WHERE status != 'ok'").rowcount
            if keep_best is not None:
                deleted += conn.execute("""
                    DELETE FROM measurements WHERE id IN (
                        SELECT id FROM (
                            SELECT id, ROW_NUMBER() OVER (
                                PARTITION BY device, program, signature, dtype, shape_key
                                ORDER BY latency IS NULL, latency, id) AS rank
                            FROM measurements WHERE status = 'ok')
                        WHERE rank > ?)""", (keep_best,)).rowcount
            conn.execute("DELETE FROM devices WHERE fingerprint NOT IN (SELECT DISTINCT device FROM measurements)")
            return deleted

        return self._write(body)

    # ---- reading -------------------------------------------------------------------------------------------

    def records(self, *, device: Device | None = None, program: str | None = None, signature: str | None = None,
                dtype: str | None = None, shape: dict | None = None, status: str | None = None) -> list[Record]:
        """Stored records in insertion order, filtered by whatever is given."""
        where, params = [], []
        for column, value in (("m.device", device.fingerprint if device else None), ("m.program", program),
                              ("m.signature", signature), ("m.dtype", dtype), ("m.status", status),
                              ("m.shape_key", _shape_key(shape) if shape else None)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = ("SELECT d.json, m.program, m.signature, m.dtype, m.shape_key, m.measurement FROM measurements m "
               "JOIN devices d ON d.fingerprint = m.device"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY m.id")
        out = []
        for device_json, prog, sig, dt, shape_key, measurement in self._read(sql, params):
            workload = Workload.make(prog, sig, dt, _parse_shape_key(shape_key))
            out.append(Record(Device.from_json(json.loads(device_json)), workload,
                              Measurement.from_json(json.loads(measurement))))
        return out

    def count(self) -> int:
        return self._read("SELECT COUNT(*) FROM measurements")[0][0]

    def summary(self) -> list[dict]:
        """One row per (device, workload): record counts and the best ok latency and energy."""
        rows = self._read("""
            SELECT d.name, m.device, m.program, m.dtype, m.shape_key, m.signature, COUNT(*),
                   SUM(m.status = 'ok'), MIN(CASE WHEN m.status = 'ok' THEN m.latency END),
                   MIN(CASE WHEN m.status = 'ok' THEN m.energy END)
            FROM measurements m JOIN devices d ON d.fingerprint = m.device
            GROUP BY m.device, m.program, m.signature, m.dtype, m.shape_key
            ORDER BY d.name, m.program, m.dtype, m.shape_key""")
        keys = ("device", "fingerprint", "program", "dtype", "shape", "signature", "records", "ok", "best_latency",
                "best_energy")
        return [dict(zip(keys, r)) for r in rows]

    def export_jsonl(self, file: str | os.PathLike, **filters) -> int:
        """Write the records (filtered as in ``records``) as JSON lines; ``"-"`` writes to stdout."""
        lines = [json.dumps(r.to_json(), sort_keys=True) + "\n" for r in self.records(**filters)]
        if str(file) == "-":
            sys.stdout.writelines(lines)
            return len(lines)
        path = Path(file)
        tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
        tmp.write_text("".join(lines), encoding="utf-8")
        os.replace(tmp, path)  # atomic: an interrupted export never leaves half a file
        return len(lines)

    def integrity_check(self) -> str:
        """SQLite's own check of the file: ``"ok"`` when sound."""
        return "; ".join(r[0] for r in self._read("PRAGMA integrity_check"))

    def meta(self) -> dict:
        return dict(self._read("SELECT key, value FROM meta"))

    # ---- compile-time lookup -------------------------------------------------------------------------------

    def lookup(self, device: Device, workload: Workload, objective: str = "latency", *,
               max_distance: float | None = None) -> Lookup | None:
        """The best ok config for ``workload`` on ``device``: this exact shape if tuned, else the nearest tuned
        shape bucket (sum over dims of |log2 ratio| of the buckets; ties: of the sizes), else None.
        ``max_distance`` caps that bucket distance (None: any tuned shape is near enough).

        ``objective``: "latency" (least median latency), "energy" (least energy per call), "edp" (energy times
        latency), "energy@X%" (least energy among configs within X% of the best latency of that workload).
        Only status "ok" records count, and a config that ever gave a wrong result for a shape is never chosen
        for that shape.
        """
        tuned = self.tuned_shapes(device, workload.signature, workload.dtype, objective)
        return nearest(tuned, workload, device, objective, str(self.path), max_distance=max_distance)

    def tuned_shapes(self, device: Device, signature: str, dtype: str, objective: str = "latency",
                     backend: str | None = None) -> dict[str, Tuned]:
        """Every tuned shape of one program signature and dtype on ``device`` with its best ok config under
        ``objective``, by shape key; with ``backend``, among that back end's configs only. One query: a kernel that
        dispatches per shape reads it once."""
        parsed = parse_objective(objective)
        rows = self._read("SELECT shape_key, config_key, config, status, latency, energy FROM measurements "
                          "WHERE device = ? AND signature = ? AND dtype = ?", (device.fingerprint, signature, dtype))
        by_shape: dict[str, list] = {}
        for row in rows:
            if backend is not None and config_backend(json.loads(row[2])) != backend:
                continue
            by_shape.setdefault(row[0], []).append(row[1:])
        tuned = {}
        for shape_key, shape_rows in by_shape.items():
            chosen = _choose(shape_rows, parsed.kind, parsed.slack)
            if chosen is not None:
                tuned[shape_key] = Tuned(_parse_shape_key(shape_key), *chosen, len(shape_rows))
        return tuned


@dataclass(frozen=True)
class Tuned:
    """The best ok config of one tuned shape (``TuningDB.tuned_shapes``)."""

    dims: dict
    config: dict
    latency: float | None
    energy: float | None
    measurements: int         # records of this shape on the device, every status


def bucket_distance(dims: dict[str, int], wanted: dict[str, int]) -> tuple[float, float]:
    """How far a tuned shape is from a wanted one: the sum over dims of |log2 ratio| of their buckets, then of
    their sizes (the tie-break)."""
    return (sum(abs(math.log2(bucket(dims[d]) / bucket(wanted[d]))) for d in wanted),
            sum(abs(math.log2(max(dims[d], 1) / max(wanted[d], 1))) for d in wanted))


def nearest(tuned: dict[str, Tuned], workload: Workload, device: Device, objective: str, db: str, *,
            max_distance: float | None = None) -> Lookup | None:
    """The ``Lookup`` for ``workload`` among ``tuned`` shapes: the exact shape, else the nearest bucket within
    ``max_distance`` (None: any), else None."""
    wanted = workload.dims
    found = tuned.get(workload.shape_key)
    match = "exact"
    if found is None:
        near = sorted(((bucket_distance(t.dims, wanted), key) for key, t in tuned.items()
                       if set(t.dims) == set(wanted)))
        if not near or (max_distance is not None and near[0][0][0] > max_distance):
            return None
        found, match = tuned[near[0][1]], "bucket"
    matched = Workload.make(workload.program, workload.signature, workload.dtype, found.dims)
    return Lookup(found.config, match, workload, matched, device, objective, found.measurements, found.latency,
                  found.energy, db)


def _choose(rows: list, kind: str, slack: float) -> tuple[dict, float, float | None] | None:
    """The best config among one workload's records (config_key, config, status, latency, energy)."""
    wrong = {key for key, _, status, _, _ in rows if status == "wrong"}
    samples: dict[str, tuple[str, list, list]] = {}
    for key, config, status, latency, energy in rows:
        if status != "ok" or latency is None or key in wrong:
            continue
        _, latencies, energies = samples.setdefault(key, (config, [], []))
        latencies.append(latency)
        if energy is not None:
            energies.append(energy)
    stats = [(statistics.median(lat), statistics.median(en) if en else None, key, config)
             for key, (config, lat, en) in samples.items()]
    if not stats:
        return None
    if kind == "latency":
        score = {s[2]: s[0] for s in stats}
    else:
        best_latency = min(s[0] for s in stats)
        eligible = [s for s in stats if s[1] is not None
                    and (kind != "energy_within" or s[0] <= best_latency * (1 + slack))]
        score = {s[2]: (s[1] * s[0] if kind == "edp" else s[1]) for s in eligible}
    picked = min((s for s in stats if s[2] in score), key=lambda s: (score[s[2]], s[0], s[2]), default=None)
    if picked is None:
        return None
    latency, energy, _, config = picked
    return json.loads(config), latency, energy


def _row(record: Record) -> tuple:
    m, w, d = record.measurement, record.workload, record.device
    try:
        config_key = m.config_key
    except ConfigError:  # knobs from another tilefuse: keep the record, key it by its text
        config_key = hashlib.sha256(json.dumps(m.config, sort_keys=True).encode()).hexdigest()[:16]
    return (record.content_hash, d.fingerprint, d.name, json.dumps(d.to_json(), sort_keys=True), w.program,
            w.signature, w.dtype, w.shape_key, w.bucket_key, config_key, json.dumps(m.config, sort_keys=True),
            m.status, _finite(m.latency), _finite(m.energy), m.timestamp, json.dumps(m.to_json(), sort_keys=True))


def _insert(conn, rows: list[tuple]) -> int:
    added = 0
    for row in rows:
        conn.execute("INSERT OR IGNORE INTO devices (fingerprint, name, json) VALUES (?, ?, ?)", row[1:4])
        added += conn.execute(
            "INSERT OR IGNORE INTO measurements (record_hash, device, program, signature, dtype, shape_key, "
            "bucket_key, config_key, config, status, latency, energy, timestamp, measurement) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (row[0], row[1], *row[4:])).rowcount
    return added


def _finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def _shape_key(shape: dict) -> str:
    return ",".join(f"{k}={int(v)}" for k, v in sorted(shape.items()))


def _parse_shape_key(text: str) -> dict[str, int]:
    return {k: int(v) for k, v in (part.split("=") for part in text.split(",") if part)}


def _ms(seconds: float | None) -> str:
    return "?" if seconds is None else f"{seconds * 1e3:.4g} ms"


def _mj(joules: float | None) -> str:
    return "?" if joules is None else f"{joules * 1e3:.4g} mJ"


def load_history(db: TuningDB, device: Device, workload: Workload) -> list[Measurement]:
    """The measurements ``db`` already holds for ``workload`` on ``device``, oldest first: a resumed tune replays
    them and measures none of them again. Records whose config this tilefuse cannot read are left out."""
    from ..schedule.space import Config

    history = []
    for record in db.records(device=device, program=workload.program, signature=workload.signature,
                             dtype=workload.dtype, shape=workload.dims):
        try:
            Config.from_dict(record.measurement.config)
        except ConfigError:
            continue
        history.append(record.measurement)
    return history
