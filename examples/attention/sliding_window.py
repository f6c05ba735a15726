"""Sliding-window causal attention (Mistral, Gemma local layers): query ``m`` sees keys ``m - WINDOW < n <= m``.

``WINDOW`` is a compile-time constant: edit it here (it is read each time the program is traced). Tiles of
keys entirely outside the band can be skipped, so the work grows with ``M * WINDOW``, not ``M * N``.

    tilefuse compile examples/attention/sliding_window.py --out build   # numerics: tests/test_attention.py
"""

import tilefuse as tf

WINDOW = 1024


@tf.program
def sliding_window_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                             v: tf.Tensor["B", "H", "N", "D"]):
    i, j = tf.index("m"), tf.index("n")
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = tf.where((i >= j) & (i - j < WINDOW), s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)
