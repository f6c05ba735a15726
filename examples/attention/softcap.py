"""Causal attention with tanh soft-capping of the scores (Gemma 2, Grok): ``CAP * tanh(s / CAP)``.

``CAP`` is a compile-time constant (30.0 here; 50.0 in Gemma 2); edit it here.

    tilefuse compile examples/attention/softcap.py --out build   # numerics: tests/test_attention.py
"""

import tilefuse as tf

CAP = 30.0


@tf.program
def softcap_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                      v: tf.Tensor["B", "H", "N", "D"]):
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = CAP * tf.tanh(s / CAP)
    s = tf.where(tf.index("m") >= tf.index("n"), s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)
