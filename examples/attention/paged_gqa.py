"""Grouped-query decode over a paged KV cache (vLLM-style pages, Llama-3 heads): ``k_cache[p, slot, g, d]`` holds
P pages of PS tokens for HKV key/value heads; ``pages[b, j]`` is the page of sequence ``b``'s j-th block, and
query head ``h`` reads key/value head ``h // (H // HKV)``. Sequence ``b`` has ``seq_lens[b]`` cached tokens and
its M queries are the last M of them (M = 1 for decode, a few for speculative decoding).

The fusion pass sees that the K/V loads depend on ``h`` only through ``h // (H // HKV)``, so the tiling can pack
the query heads of one group into one tile's rows (HEAD_PACK): each K/V page is then read once per group.

    tilefuse compile examples/attention/paged_gqa.py --out build   # numerics: tests/test_head_packing.py
"""

import tilefuse as tf
from tilefuse.ir.dims import dim

KEYS = dim("NP") * dim("PS")  # size of the key axis n: every slot of the page table


@tf.program
def paged_gqa_attention(q: tf.Tensor["B", "H", "M", "D"], k_cache: tf.Tensor["P", "PS", "HKV", "D"],
                        v_cache: tf.Tensor["P", "PS", "HKV", "D"], pages: tf.Tensor["B", "NP", tf.int32],
                        seq_lens: tf.Tensor["B", tf.int32]):
    n, seq_len = tf.index("n", size=KEYS), seq_lens[tf.index("b")]
    page, slot = pages[tf.index("b"), n // tf.dim("PS")], n % tf.dim("PS")
    kv_head = tf.index("h") // (tf.dim("H") // tf.dim("HKV"))
    k, v = k_cache[page, slot, kv_head, :], v_cache[page, slot, kv_head, :]   # axes b, n, h, d
    s = tf.einsum("bhmd,bnhd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = tf.where((n < seq_len) & (tf.index("m") + seq_len - tf.dim("M") >= n), s, -tf.inf)
    return tf.einsum("bhmn,bnhd->bhmd", tf.softmax(s, "n"), v)
