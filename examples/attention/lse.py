"""Causal attention that also returns the log-sum-exp of each score row (for the backward pass, split-KV merges).

``lse[b, h, m] = log(sum_n exp(s[b, h, m, n]))`` (``tf.logsumexp``, computed stably); it is returned in fp32
and comes out of the same online-softmax pass as the output. The mask is bottom-right aligned, so with
M == N it is the usual causal forward; a row that sees no key (M > N) has output zeros and lse -inf.

    tilefuse compile examples/attention/lse.py --out build   # numerics: tests/test_attention.py
"""

import tilefuse as tf


@tf.program
def attention_lse(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                  v: tf.Tensor["B", "H", "N", "D"]):
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = tf.where(tf.index("m") + tf.dim("N") - tf.dim("M") >= tf.index("n"), s, -tf.inf)
    lse = tf.logsumexp(s, "n")   # -inf for a row that sees no key
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v), tf.cast(lse, tf.fp32)
