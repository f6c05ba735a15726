"""``tilefuse.tune(cm)``: tune every distinct workload of a compiled module, into the tuning database.

A workload is one distinct kernel (the layers of a model share theirs) at one shape it has run at (the
compile-time check on the example inputs counts, so a freshly compiled module has at least that one), plus the
shapes ``shapes=`` adds. Each is tuned with the existing tuner and measurer: the default config first, then the
strategy's proposals, every result written to the database as it comes, so a killed tune resumes where it stopped
(what the database holds is replayed, never measured again). The kernels then choose again at each shape, from
the database.
"""

from __future__ import annotations

import time

from .errors import TilefuseError


def _workloads(cm, shapes: dict | None):
    """(module kernel, Kernel, shape) per distinct (Kernel, shape), in the module's order."""
    seen, out = set(), []
    for entry in cm.kernels:
        kernel = entry.kernel
        if getattr(kernel, "policy", None) is None:
            continue
        wanted = [s["shape"] for s in kernel.specializations() if s["shape"]]
        wanted += list((shapes or {}).get(entry.name, []))
        for shape in wanted:
            key = (id(kernel), tuple(sorted(shape.items())))
            if key not in seen:
                seen.add(key)
                out.append((entry, kernel, dict(shape)))
    return out


def tune_module(cm, *, budget: int = 16, time_budget: float | None = None, strategy: str = "evolutionary",
                shapes: dict | None = None, workers: int | None = None, progress: bool = True) -> dict:
    """Tune each distinct workload of ``cm`` with up to ``budget`` measurements (the database's included).

    ``shapes``: more shapes per kernel, ``{kernel name: [{"M": 4096, "N": ..., "K": ...}, ...]}``. ``time_budget``:
    seconds for the whole model. The database is the one each kernel was compiled with (``tilefuse.compile(db=)``).
    Returns what was done: workloads, how many were tuned, measurements made, seconds.
    """
    if budget < 1:
        raise TilefuseError(f"tune: budget must be at least 1, got {budget}")
    work = _workloads(cm, shapes)
    start = time.perf_counter()
    summary = {"workloads": len(work), "tuned": 0, "measured": 0, "skipped": [], "seconds": 0.0}
    bar = _Bar(len(work) * budget) if progress else None  # one bar for the whole model
    try:
        _tune_all(work, budget, time_budget, strategy, workers, bar, start, summary)
    finally:
        if bar is not None:
            bar.stop()
    for entry in cm.kernels:
        if getattr(entry.kernel, "policy", None) is not None:
            entry.kernel.refresh()
    summary["seconds"] = time.perf_counter() - start
    cm.tuning = summary
    return summary


class _Bar:
    def __init__(self, total: int):
        import sys

        from rich import progress as rp
        from rich.console import Console

        self.progress = rp.Progress(rp.TextColumn("{task.description}"), rp.BarColumn(), rp.MofNCompleteColumn(),
                                    rp.TimeElapsedColumn(), rp.TextColumn("eta"), rp.TimeRemainingColumn(),
                                    console=Console(file=sys.stderr))
        self.task = self.progress.add_task("tune", total=total)
        self.progress.start()

    def show(self, label: str, done_before: int) -> None:
        self.progress.update(self.task, description=label, advance=done_before)

    def advance(self) -> None:
        self.progress.update(self.task, advance=1)

    def stop(self) -> None:
        self.progress.refresh()
        self.progress.stop()


def _tune_all(work, budget, time_budget, strategy, workers, bar, start, summary) -> None:
    from .autotune.db import TuningDB, load_history
    from .autotune.measure import make_measurer
    from .autotune.tuner import tune

    for i, (entry, kernel, shape) in enumerate(work):
        left = None if time_budget is None else time_budget - (time.perf_counter() - start)
        if left is not None and left <= 0:
            summary["skipped"].append(f"{entry.name} {shape}: the time budget ran out")
            continue
        chooser = kernel.policy.chooser
        workload = chooser.workload(shape)
        label = f"[{i + 1}/{len(work)}] {entry.name} ({' + '.join(entry.ops)}) " + \
            ",".join(f"{d}={v}" for d, v in shape.items())
        with TuningDB(chooser.db_path) as db:
            options = {"workers": workers} if workers else {}
            history = load_history(db, chooser.device, workload)
            if bar is not None:
                bar.show(label, min(len(history), budget))
            with make_measurer(chooser.program, chooser.dtype, shape, **options) as measurer:
                def record(m, db=db, measurer=measurer, workload=workload, chooser=chooser):
                    db.add(measurer.device or chooser.device, workload, m)
                    if bar is not None:
                        bar.advance()

                result = tune(chooser.space, measurer.measure, strategy, budget=budget, time_budget=left,
                              objective=chooser.objective, history=history, on_result=record,
                              initial=[chooser.space.default], progress=False, label=label)
        summary["tuned"] += 1
        summary["measured"] += len(result.new)
