"""Grouped-query attention (Llama 2/3, Mistral): H query heads share HKV key/value heads (MQA when HKV = 1).

Query head ``h`` reads key/value head ``h // (H // HKV)`` through the load's index; K and V are never
repeated in memory. H must be a multiple of HKV.

    tilefuse compile examples/attention/gqa.py --out build   # numerics: tests/test_attention.py
"""

import tilefuse as tf


@tf.program
def gqa_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "HKV", "N", "D"],
                  v: tf.Tensor["B", "HKV", "N", "D"]):
    kv_head = tf.index("h") // (tf.dim("H") // tf.dim("HKV"))
    k, v = k[:, kv_head, :, :], v[:, kv_head, :, :]   # axes b, h, n, d
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)
