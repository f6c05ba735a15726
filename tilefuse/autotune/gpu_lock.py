"""``gpu_lock``: one tuning process at a time measures on a GPU (an fcntl lock file shared by every tilefuse run of
the machine)."""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def _lock_path(device_index: int, lock_dir: str | None) -> str:
    directory = lock_dir or os.environ.get("TILEFUSE_LOCK_DIR") or tempfile.gettempdir()
    visible = [v.strip() for v in os.environ.get("CUDA_VISIBLE_DEVICES", "").split(",") if v.strip()]
    ident = visible[device_index] if device_index < len(visible) else str(device_index)
    return os.path.join(directory, f"tilefuse-gpu-{ident}.lock")


def _lock_holder(fd: int) -> str:
    try:
        info = json.loads(os.pread(fd, 4096, 0).decode() or "{}")
    except (OSError, ValueError):
        return "another process"
    if not info:
        return "another process"
    since = time.strftime("%H:%M:%S", time.localtime(info.get("since", 0)))
    return f"pid {info.get('pid')} on {info.get('host')} ({info.get('command', '?')}) since {since}"


@contextmanager
def gpu_lock(device_index: int = 0, *, lock_dir: str | None = None, notify_after_s: float = 5.0,
             timeout_s: float | None = None, poll_s: float = 0.1,
             log: Callable[[str], None] | None = None) -> Iterator[str]:
    """Hold the measurement lock of GPU ``device_index`` (an fcntl lock file) for the ``with`` body.

    One process measures on a GPU at a time; a second one waits, and after ``notify_after_s`` says who
    holds the lock. The file lives in ``lock_dir``, else $TILEFUSE_LOCK_DIR, else the temp dir, shared by
    every tilefuse run of the machine; it is named after the CUDA_VISIBLE_DEVICES entry when set.
    ``timeout_s`` (default: wait forever) raises TimeoutError. The lock dies with its process.
    """
    log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
    path = _lock_path(device_index, lock_dir)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        writable = True
        try:
            os.fchmod(fd, 0o666)  # other users' tuning runs share the file
        except OSError:
            pass
    except PermissionError:  # created by another user without write access: locking still works
        fd, writable = os.open(path, os.O_RDONLY), False
    locked = False
    try:
        start, told = time.monotonic(), False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                locked = True
                break
            except BlockingIOError:
                waited = time.monotonic() - start
                if not told and waited >= notify_after_s:
                    log(f"tilefuse: waiting for GPU {device_index}: measured by {_lock_holder(fd)} (lock {path})")
                    told = True
                if timeout_s is not None and waited >= timeout_s:
                    raise TimeoutError(f"GPU {device_index} is still locked by {_lock_holder(fd)} after "
                                       f"{waited:.0f} s (lock {path})") from None
                time.sleep(poll_s)
        if writable:
            info = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time(),
                    "command": " ".join(sys.argv)[:200]}
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(info).encode(), 0)
        yield path
    finally:
        if locked and writable:
            os.ftruncate(fd, 0)
        if locked:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
