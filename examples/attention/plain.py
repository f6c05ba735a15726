"""Plain (bidirectional) multi-head attention: ``softmax(q @ k.T / sqrt(D)) @ v``, no mask.

Written naively (two einsums and a softmax over the key axis ``n``); the compiler fuses it into one
flash-style kernel that never stores the M x N score matrix. ``B`` and ``H`` are grid axes.

    tilefuse compile examples/attention/plain.py --out build   # numerics: tests/test_attention.py
"""

import tilefuse as tf


@tf.program
def attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"], v: tf.Tensor["B", "H", "N", "D"]):
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)
