"""Causal attention, bottom-right aligned: the last query row sees every key (``m + N - M >= n``).

This is the mask for M != N: with M < N the queries are the last M tokens of a sequence whose N keys are
cached (chunked prefill, decode); with M > N the first M - N query rows see no key at all, and their
output rows are zeros. With M == N it is the same as top-left causal.

    tilefuse compile examples/attention/causal_bottom_right.py --out build   # numerics: tests/test_attention.py
"""

import tilefuse as tf


@tf.program
def causal_bottom_right_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                                  v: tf.Tensor["B", "H", "N", "D"]):
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = tf.where(tf.index("m") + tf.dim("N") - tf.dim("M") >= tf.index("n"), s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)
