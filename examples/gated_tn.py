"""A GEMM with a transposed A (stored K x M) and a SiLU-gated epilogue: ``silu(a.T @ w) * up``.

The einsum spec says the layout; no transpose is materialized.

    tilefuse compile examples/gated_tn.py --out build --check
"""

import tilefuse as tf


@tf.program
def gated_tn(a: tf.Tensor["K", "M"], w: tf.Tensor["K", "N"], up: tf.Tensor["M", "N"]):
    return tf.silu(tf.einsum("km,kn->mn", a, w)) * up
