"""Autotuning: search the tiling pass's space, measure latency and energy honestly, keep results per GPU."""
