"""Causal attention, top-left aligned: query ``m`` sees keys ``n <= m`` (the usual training forward, M == N).

    tilefuse compile examples/attention/causal.py --out build   # numerics: tests/test_attention.py
"""

import tilefuse as tf


@tf.program
def causal_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                     v: tf.Tensor["B", "H", "N", "D"]):
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = tf.where(tf.index("m") >= tf.index("n"), s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)
