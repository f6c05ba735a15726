"""A batched matmul whose epilogue scales the product and adds a residual: ``alpha * (a @ b) + r``.

One kernel: the batch axis ``b`` is a grid axis, ``alpha`` a float passed at launch.

    tilefuse compile examples/bmm_residual.py --out build --check
"""

import tilefuse as tf


@tf.program
def bmm_residual(a: tf.Tensor["B", "M", "K"], b: tf.Tensor["B", "K", "N"], r: tf.Tensor["B", "M", "N"],
                 alpha: tf.Scalar):
    return tf.matmul(a, b) * alpha + r
