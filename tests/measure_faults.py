"""Fault injection for tests/test_measure.py: a ``Measurer(worker_hook="measure_faults:inject")`` hook.

The measuring worker calls ``inject(config)`` before running each config. Configs are singled out by
knob values no other test config uses: num_stages=5 kills the worker, num_stages=4 hangs it, GROUP_M=4
returns a wrapper that corrupts the kernel's output.
"""

import os
import time


def inject(config):
    if config.num_stages == 5:
        os._exit(1)  # dies like a segfault would: no exception, no reply
    if config.num_stages == 4:
        while True:
            time.sleep(1)
    if config.GROUP_M == 4:
        return corrupt
    return None


def corrupt(fn):
    """The kernel, but its output is off by 10%."""

    def wrong(*args, out=None):
        result = fn(*args, out=out)
        result.mul_(1.1)
        return result

    return wrong
