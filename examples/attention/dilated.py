"""Dilated sliding window: query ``i`` sees every DILATION-th key within SPAN tokens behind it (Longformer-style).

``(i >= j) & (i - j < SPAN) & ((i - j) % DILATION == 0)``: the modulus makes the kept set non-contiguous, so
the sparsity pass builds a block table; every block inside the band is partial (masked), blocks outside it are
skipped.

    tilefuse compile examples/attention/dilated.py --out build   # numerics: tests/test_sparsity.py
"""

import tilefuse as tf

SPAN = 2048
DILATION = 2


@tf.program
def dilated_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                      v: tf.Tensor["B", "H", "N", "D"]):
    i, j = tf.index("m"), tf.index("n")
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = tf.where((i >= j) & (i - j < SPAN) & ((i - j) % DILATION == 0), s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)
