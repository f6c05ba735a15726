"""Grouped-query decode attention (Llama 3, Mistral, Qwen): M new query tokens (1 for decode, a few for
speculative decoding) of H heads over a KV cache of N tokens and HKV heads; query head ``h`` reads key/value
head ``h // (H // HKV)``, and the M queries are the last M of the N tokens (causal, bottom-right aligned).

The fusion pass finds that K and V depend on ``h`` only through ``h // (H // HKV)``; the tiling then packs up to
HEAD_PACK query heads of one group into the rows of one tile, so every K/V block is loaded once per group
instead of once per query head. With split-KV on top, this is the FlashInfer / FlashDecoding++ dataflow.

    tilefuse compile examples/attention/gqa_decode.py --out build   # numerics: tests/test_head_packing.py
"""

import tilefuse as tf


@tf.program
def gqa_decode_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "HKV", "N", "D"],
                         v: tf.Tensor["B", "HKV", "N", "D"]):
    kv_head = tf.index("h") // (tf.dim("H") // tf.dim("HKV"))
    k, v = k[:, kv_head, :, :], v[:, kv_head, :, :]   # axes b, h, n, d
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = tf.where(tf.index("m") + tf.dim("N") - tf.dim("M") >= tf.index("n"), s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)
