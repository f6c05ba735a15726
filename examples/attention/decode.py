"""Decode attention: a few new query tokens (M = 1..16, e.g. speculative decoding) over a long KV cache (N).

The same math as ``causal_bottom_right.py``: the M queries are the last M of the N tokens. The shape is
what differs: with M this small the kernel must split the long N across programs (split-KV /
flash-decoding) to fill the GPU, and combine the partial results.

    tilefuse compile examples/attention/decode.py --out build   # numerics: tests/test_attention.py
"""

import tilefuse as tf


@tf.program
def decode_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                     v: tf.Tensor["B", "H", "N", "D"]):
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = tf.where(tf.index("m") + tf.dim("N") - tf.dim("M") >= tf.index("n"), s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)
